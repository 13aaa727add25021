"""The reference hall of docs/validation.md and one way to run it: shared by
tools/reference_sensitivity.py and tools/validation_cases.py."""
import json
import subprocess
import tempfile

BASE = json.load(open("assets/scenarios/reference-telecom-qinghai.json"))


def hall(doc):
    return doc["wings"][0]["buildings"][0]["halls"][0]


def run_hall(parktwin, doc, climate=None):
    """`parktwin run <doc> --json` (on `climate` if given): the hall's JSON object."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
    cmd = [parktwin, "run", f.name, "--json"] + (["--climate", climate] if climate else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out)["halls"][0]
