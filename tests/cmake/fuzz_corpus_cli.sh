#!/bin/sh
# Every fuzz corpus file (and the malformed-input fixtures) through the parktwin program: each
# run must end with exit 0, 1, 2 or 3 (docs/dev/02-testing.md, "Fuzzing"): never a signal, never
# 70 (an internal error).
set -u
parktwin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
runs=0
check() { # label, then the command
  label=$1
  shift
  "$@" >"$work/out" 2>&1
  code=$?
  runs=$((runs + 1))
  case $code in
    0|1|2|3) ;;
    *) echo "FAIL ($code): $label: $*"; head -5 "$work/out"; failures=$((failures + 1)) ;;
  esac
}
for f in "$src"/tests/fuzz/corpus/epw/* "$src"/tests/data/epw/*.epw; do
  [ -f "$f" ] && check "epw $(basename "$f")" "$parktwin" climate stats "$f" --json
done
for f in "$src"/tests/fuzz/corpus/scenario/* "$src"/tests/data/scenarios/*.json; do
  [ -f "$f" ] && check "scenario $(basename "$f")" "$parktwin" validate "$f" --json
done
minimal="$src/tests/data/scenarios/minimal.json"
i=0
for f in "$src"/tests/fuzz/corpus/scenario_path/*; do
  [ -f "$f" ] || continue
  i=$((i + 1))
  check "path $(basename "$f")" "$parktwin" sweep "$minimal" --vary "$(cat "$f")=1,2" --out "$work/path$i" --quiet
done
# Journals need a sweep around them: one small sweep, then each journal in a copy of it, merged.
"$parktwin" sweep "$minimal" --vary 'halls[*].air.supply_air_C=22,24' --out "$work/ref" --quiet >/dev/null 2>&1 ||
  { echo "FAIL: the reference sweep did not run"; exit 1; }
i=0
for f in "$src"/tests/fuzz/corpus/journal/*; do
  [ -f "$f" ] || continue
  i=$((i + 1))
  cp -r "$work/ref" "$work/j$i"
  cp "$f" "$work/j$i/journal.csv"
  check "journal $(basename "$f")" "$parktwin" merge "$work/j$i" --out "$work/merged$i"
  check "journal $(basename "$f") --resume" "$parktwin" sweep "$minimal" --vary 'halls[*].air.supply_air_C=22,24' --out "$work/j$i" --resume --quiet
done
echo "$runs runs, $failures with a signal or an internal error"
[ "$failures" -eq 0 ]
