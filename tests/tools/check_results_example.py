#!/usr/bin/python3
"""Runs docs/results.md's Python example, as a user of Debian's python3-h5py would, on the results
of `parktwin run`, and compares what it prints with the program's own `run --json` figures.

Usage: check_results_example.py <parktwin> <docs/results.md> <work folder>
Exit 0 when the example runs and prints the program's figures; 1 otherwise (the reason on stderr).
"""
import json
import os
import re
import subprocess
import sys

parktwin, results_md, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
h5 = os.path.join(work, "run.h5")
if os.path.exists(h5):
    os.remove(h5)
run = subprocess.run([parktwin, "run", "haidong", "--stage", "2027", "--json", "--out", h5],
                     capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f"parktwin run failed ({run.returncode}): {run.stderr}")
halls = {h["id"]: h for h in json.loads(run.stdout)["halls"]}

text = open(results_md, encoding="utf-8").read()
section = text[text.index("## Reading it in Python"):]
match = re.search(r"```python\n(.*?)```", section, re.S)
if not match:
    sys.exit("docs/results.md has no Python example under 'Reading it in Python'")
example = os.path.join(work, "example.py")
open(example, "w", encoding="utf-8").write(match.group(1))
out = subprocess.run(["/usr/bin/python3", example], capture_output=True, text=True, cwd=work)
if out.returncode != 0:
    sys.exit(f"the example failed: {out.stderr}")
lines = out.stdout.splitlines()
# Text attributes are str, not bytes: no b'...' in what it prints.
if any("b'" in line for line in lines):
    sys.exit("the example printed bytes, not text: " + lines[0])
checked = 0
for line in lines:
    m = re.match(r"(\S+) (\S+) free-cooling hours: (\d+) = (\S+) h$", line)
    if not m:
        continue
    hall_id, pue, counted, attribute = m.group(1), float(m.group(2)), int(m.group(3)), float(m.group(4))
    h = halls[hall_id]
    if abs(pue - round(h["metrics"]["PUE"], 3)) > 1e-9:
        sys.exit(f"{hall_id}: the example prints PUE {pue}, run --json says {h['metrics']['PUE']}")
    if counted != h["free_cooling_hours"] or attribute != h["free_cooling_hours"]:
        sys.exit(f"{hall_id}: the example counts {counted} free-cooling hours (attribute {attribute}), "
                 f"run --json says {h['free_cooling_hours']}")
    checked += 1
if checked != len(halls):
    sys.exit(f"the example printed {checked} halls of {len(halls)}:\n" + out.stdout)
print(f"docs/results.md example: {checked} halls, PUE and free-cooling hours as run --json prints them")
