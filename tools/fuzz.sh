#!/usr/bin/env bash
# Fuzzing (docs/dev/02-testing.md, "Fuzzing"): builds the libFuzzer harnesses (the fuzz preset:
# clang with AddressSanitizer and UndefinedBehaviorSanitizer) and runs each for a while.
#
#   tools/fuzz.sh [seconds] [harness...]   default: 60 s each, every harness
#
# Seeds: tests/fuzz/corpus/<harness> (kept: reproducers of past findings and hand-made cases)
# and the test data of tests/data. New inputs go to a scratch corpus that is thrown away. A
# finding stops the script (exit 1) and leaves its input in build/fuzz/findings/, to be added to
# tests/fuzz/corpus/<harness>/ with the fix. Prints, per harness, the executions, the time and
# the findings.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(epw scenario scenario_path journal)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "$(nproc 2>/dev/null || echo 2)" \
  --target $(printf 'fuzz_%s ' "${harnesses[@]}") >/dev/null

findings="$root/build/fuzz/findings"
mkdir -p "$findings"
seeds() {
  case "$1" in
    epw) echo "$root/tests/data/epw" ;;
    scenario) echo "$root/tests/data/scenarios $root/assets/scenarios" ;;
    *) ;;
  esac
}
status=0
for h in "${harnesses[@]}"; do
  scratch="$(mktemp -d)"
  log="$(mktemp)"
  dirs=()
  for d in "$root/tests/fuzz/corpus/$h" $(seeds "$h"); do
    [[ -d "$d" ]] && dirs+=("$d")
  done
  if "$root/build/fuzz/tests/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=1048576 -artifact_prefix="$findings/$h-" -print_final_stats=1 \
      "$scratch" "${dirs[@]}" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $h: $runs executions in ${seconds} s, no finding"
  else
    status=1
    echo "fuzz $h: FINDING (input in $findings):"
    grep -E "ERROR|SUMMARY|Test unit written|deadly|uncaught" "$log" | head -20 || true
    tail -5 "$log"
  fi
  rm -rf "$scratch" "$log"
done
exit "$status"
