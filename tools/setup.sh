#!/usr/bin/env bash
# ParkTwin set-up: installs the missing Debian packages, builds, then runs the main job or the
# whole test suite.
#
#   tools/setup.sh          install + build + simulate the built-in Haidong park for a year
#   tools/setup.sh test     install + build + run every test (ctest), printing ctest's summary;
#                           then the unit and integration suites under ASan/UBSan (asan preset)
#                           and a minute of each fuzzer (tools/fuzz.sh)
#
# The build compiles SUNDIALS' CVODES with optimisation from Debian's source package into the
# build tree (tools/optimised-sundials.sh; Debian's own library is unoptimised). Where that fails
# the build warns and uses the system's library; in `test` mode it fails instead (set
# PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS=0 to accept the system's).
#
# Idempotent: a second run installs nothing and rebuilds only what changed. Needs root or sudo
# only when a package is missing.
set -euo pipefail

mode="${1:-run}"
case "$mode" in
  run|test) ;;
  -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "tools/setup.sh: unknown mode '$mode' (expected 'run' or 'test')" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# --- 1. Debian packages -------------------------------------------------------------------
mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' tools/debian-packages.txt | grep -v '^$')
missing=()
for pkg in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: packages installed"
fi

# --- 2. Build -------------------------------------------------------------------------------
preset=ci
if [[ "$mode" == test ]]; then
  export PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS="${PARKTWIN_REQUIRE_OPTIMISED_SUNDIALS:-1}"
fi
jobs="$(nproc 2>/dev/null || echo 2)"
# Configured every time (about a second when nothing changed), so that a change of the presets
# reaches an existing build folder.
log="$(mktemp)"
cmake --preset "$preset" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
rm -f "$log"
cmake --build --preset "$preset" --parallel "$jobs"

# --- 3. Run ----------------------------------------------------------------------------------
if [[ "$mode" == test ]]; then
  ctest --preset "$preset"
  # The same suites under AddressSanitizer and UndefinedBehaviorSanitizer (docs/dev/02-testing.md).
  log="$(mktemp)"
  cmake --preset asan >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
  rm -f "$log"
  cmake --build --preset asan --parallel "$jobs"
  # (Without tst_sweep_mpi: the asan build has no MPI, and OpenMPI under ASan is not clean; the
  # ci build above runs it.)
  ctest --preset asan -L 'unit|integration' -E '^tst_sweep_mpi$'
  # The fuzzers, a minute each (tools/fuzz.sh prints executions and findings).
  tools/fuzz.sh "${PARKTWIN_FUZZ_SECONDS:-60}"
else
  "build/$preset/app/parktwin" run haidong
fi
