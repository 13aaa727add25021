#!/usr/bin/env python3
"""One-at-a-time sensitivity of the reference hall (docs/validation.md).

Runs `parktwin run` on assets/scenarios/reference-telecom-qinghai.json with one assumption changed
at a time and prints a Markdown table of compressor-free days and PUE. Usage, from the source tree:
    python3 tools/reference_sensitivity.py [build/ci/app/parktwin]
"""
import copy
import sys

from reference_hall import BASE, hall, run_hall

PARKTWIN = sys.argv[1] if len(sys.argv) > 1 else "build/ci/app/parktwin"


def run(doc, climate=None):
    h = run_hall(PARKTWIN, doc, climate)
    return h["compressor_free_days"], h["metrics"]["PUE"]


def variant(label, change=None, climate=None):
    doc = copy.deepcopy(BASE)
    if change:
        change(doc)
    days, pue = run(doc, climate)
    print(f"| {label} | {days} | {pue:.3f} |")


def air(s, r):
    return lambda d: hall(d)["air"].update(supply_air_C=s, return_air_C=r)


def iec(key, v):
    return lambda d: hall(d)["cooling"]["air_system"]["indirect_evaporative"].update({key: v})


def all_air(d):
    hall(d)["rack_groups"][1]["liquid_fraction"] = 0.0
    del hall(d)["cooling"]["liquid"]


def occupancy(v):
    return lambda d: d["stages"][0].update(default_occupancy=v)


def elevation(z):
    return lambda d: d["site"].update(elevation_m=z)


print("| assumption changed | compressor-free days | PUE |")
print("|---|---|---|")
variant("none (reference: 24/36 C air, IEC 0.7 wet / 0.6 dry, 20 % of racks liquid)")
variant("cold aisle 22 C, return 34 C", air(22, 34))
variant("cold aisle 20 C, return 32 C", air(20, 32))
variant("cold aisle 26 C, return 38 C", air(26, 38))
variant("IEC wet-bulb effectiveness 0.6", iec("wet_bulb_effectiveness", 0.6))
variant("IEC wet-bulb effectiveness 0.65", iec("wet_bulb_effectiveness", 0.65))
variant("IEC wet-bulb effectiveness 0.8", iec("wet_bulb_effectiveness", 0.8))
variant("IEC dry effectiveness 0.5", iec("dry_effectiveness", 0.5))
variant("no liquid cooling", all_air)
variant("occupancy 0.5", occupancy(0.5))
variant("occupancy 1.0", occupancy(1.0))
variant("containment leakier: bypass 0.15, recirculation 0.10",
        lambda d: hall(d)["air"].update(bypass_fraction=0.15, recirculation_fraction=0.10))
variant("park elevation 2,100 m", elevation(2100))
variant("park elevation 2,200 m", elevation(2200))
variant("climate: Xining CSWD as it is (5.94 C)", climate="xining")
variant("climate: Minhe CSWD (8.31 C)", climate="minhe")
