#!/usr/bin/env python3
"""Writes the small malformed-EPW fixtures of tst_epw and tst_cli (synthetic station, no
third-party data). Each fixture holds one kind of defect at a known line and field.
Run from this folder: python3 make_fixtures.py"""

HEADER = [
    "LOCATION,Testville,Nowhere,XXX,Synthetic,999990,36.50,102.00,8.0,2150.0",
    "DESIGN CONDITIONS,0",
    "TYPICAL/EXTREME PERIODS,0",
    "GROUND TEMPERATURES,0",
    "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
    "COMMENTS 1,Synthetic fixture made by tests/data/epw/make_fixtures.py",
    "COMMENTS 2,Not real weather",
    "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
]


def row(hour, **override):
    f = ("2005,1,1,%d,0,?9?9?9?9E0?9?9?9*9*9?9*9*9?9*9*9?9?9*9*_*9*9*9*9*9,-3.0,-12.0,45,78500,"
         "9999,9999,250,0,0,0,999900,999900,999900,99990,180,1.5,5,5,999.0,99999,9,999999999,0,"
         "0.0000,0,88,999.000,999.0,99.0" % hour).split(",")
    for index, value in override.items():  # keys are f<1-based field number>
        f[int(index[1:]) - 1] = value
    return ",".join(f)


def write(name, rows, header=HEADER):
    with open(name, "w", newline="\n") as out:
        out.write("\n".join(header + rows) + "\n")


write("field_count.epw", [row(1), ",".join(row(2).split(",")[:34]), row(3)])
write("non_numeric.epw", [row(1), row(2), row(3, f7="12.x")])
write("out_of_range.epw", [row(1, f9="180"), row(2), row(3)])
write("missing_dry_bulb.epw", [row(1), row(2, f7="99.9"), row(3)])
write("missing_pressure.epw", [row(1, f10="999999"), row(2), row(3)])
write("missing_ghi.epw", [row(1), row(2), row(3), row(4, f14="9999")])
write("too_few_rows.epw", [row(h) for h in range(1, 6)])
write("out_of_sequence.epw", [row(1), row(2), row(4)])
write("bad_header.epw", [row(1)], ["LOCATON" + HEADER[0][8:]] + HEADER[1:])
write("bad_location.epw", [row(1)], [HEADER[0].replace("36.50", "north")] + HEADER[1:])
write("sub_hourly.epw", [row(1)], HEADER[:7] + ["DATA PERIODS,1,4,Data,Sunday, 1/ 1,12/31"])
open("empty.epw", "w").close()
