#!/usr/bin/env bash
# Builds SUNDIALS' CVODES with optimisation from Debian's own source package of the release the
# system has installed (libsundials-dev), into a folder of the build tree; prints its install
# prefix on the last line of standard output. Called by CMake (cmake/OptimisedSundials.cmake) at
# configure time; runs by hand too:
#
#   tools/optimised-sundials.sh <work folder> [C compiler]
#
# Why: Debian 12 builds SUNDIALS 6.4.1 with -DCMAKE_C_FLAGS=-fcommon, which replaces the -O2 of
# dpkg-buildflags, so every SUNDIALS routine runs unoptimised and a hall-year takes 2.2-2.4 x
# longer (docs/dev/performance.md). This script builds the same release with the flags Debian
# meant to use (dpkg-buildflags' CFLAGS, -O2 with hardening, plus Debian's -fcommon) and its own
# patches (dpkg-source applies them); only CVODES and the serial vector, dense matrix and dense
# solver it needs. -frecord-gcc-switches keeps the flags in the library, for the check.
#
# The source comes from Debian's archive through a private apt configuration inside the work
# folder (a deb-src copy of the system's sources): the system's package lists are not touched and
# no root is needed. Nothing is copied into the repository. A second run with the same release
# does nothing. Exit status: 0 built (or already built), 1 failed (the reason on stderr).
set -euo pipefail

work="${1:?usage: tools/optimised-sundials.sh <work folder> [C compiler]}"
cc="${2:-cc}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
say() { echo "optimised-sundials: $*" >&2; }
fail() { say "$*"; exit 1; }

command -v dpkg-query >/dev/null || fail "not a Debian system (no dpkg-query)"
version="$(dpkg-query -W -f='${Version}' libsundials-dev 2>/dev/null || true)"
[[ -n "$version" ]] || fail "libsundials-dev is not installed (tools/setup.sh installs it)"
for tool in apt-get dpkg-source dpkg-buildflags cmake readelf; do
  command -v "$tool" >/dev/null || fail "'$tool' is missing (Debian package dpkg-dev, apt, cmake or binutils)"
done
cflags="$(dpkg-buildflags --get CFLAGS) -fcommon -frecord-gcc-switches"
ldflags="$(dpkg-buildflags --get LDFLAGS)"
prefix="$work/install"
stamp="$prefix/parktwin-stamp"
want="sundials $version | $cc | $cflags | $ldflags"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$prefix"
  exit 0
fi
rm -rf "$prefix" "$work/src" "$work/build"

# --- 1. Debian's source package of the installed release --------------------------------------
apt="$work/apt"
mkdir -p "$apt/parts" "$apt/lists/partial" "$apt/cache/archives/partial" "$work/download"
rm -f "$apt/parts/"*
shopt -s nullglob
n=0
for f in /etc/apt/sources.list.d/*.sources; do
  sed -e 's/^Types:.*\bdeb\b.*$/Types: deb-src/' "$f" >"$apt/parts/$(basename "$f")"
  n=$((n + 1))
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [[ -f "$f" ]] || continue
  sed -n -e 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >"$apt/parts/$(basename "$f" .list).list"
  n=$((n + 1))
done
shopt -u nullglob
((n > 0)) || fail "no apt sources on this system to take Debian's archive from"
opts=(-o "Dir::Etc::SourceParts=$apt/parts" -o "Dir::Etc::SourceList=/dev/null"
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Debug::NoLocking=1"
      -o "APT::Sandbox::User=$(id -un)")
say "fetching the source of sundials $version from Debian's archive"
apt-get "${opts[@]}" -qq update >"$work/apt.log" 2>&1 ||
  fail "apt-get update (deb-src, private lists) failed: $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"
(cd "$work/download" && apt-get "${opts[@]}" -qq source --download-only "sundials=$version") \
  >>"$work/apt.log" 2>&1 ||
  fail "apt-get source sundials=$version failed: $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"
dsc="$(ls "$work/download"/sundials_*.dsc 2>/dev/null | head -n 1)"
[[ -n "$dsc" ]] || fail "apt-get source left no .dsc in $work/download"
# apt checked the files against the archive's signed Release file; dpkg-source applies Debian's
# patches (debian/patches/series).
dpkg-source -q -x "$dsc" "$work/src" >>"$work/apt.log" 2>&1 ||
  fail "dpkg-source -x $dsc failed: $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"

# --- 2. CVODES with optimisation ----------------------------------------------------------------
say "building CVODES with: $cflags"
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S "$work/src" -B "$work/build" "${gen[@]}" \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DCMAKE_INSTALL_LIBDIR=lib \
  -DBUILD_ARKODE=OFF -DBUILD_CVODE=OFF -DBUILD_CVODES=ON -DBUILD_IDA=OFF -DBUILD_IDAS=OFF \
  -DBUILD_KINSOL=OFF -DBUILD_STATIC_LIBS=OFF -DBUILD_SHARED_LIBS=ON \
  -DEXAMPLES_ENABLE_C=OFF -DEXAMPLES_ENABLE_CXX=OFF -DEXAMPLES_INSTALL=OFF \
  -DBUILD_FORTRAN_MODULE_INTERFACE=OFF -DSUNDIALS_BUILD_WITH_MONITORING=OFF \
  >"$work/build.log" 2>&1 || fail "configuring SUNDIALS failed (see $work/build.log)"
cmake --build "$work/build" --parallel "$(nproc 2>/dev/null || echo 2)" >>"$work/build.log" 2>&1 ||
  fail "building SUNDIALS failed (see $work/build.log)"
cmake --install "$work/build" >>"$work/build.log" 2>&1 || fail "installing SUNDIALS failed (see $work/build.log)"

# --- 3. Check: the library holds the flags it was compiled with ---------------------------------
lib="$(ls "$prefix"/lib/libsundials_cvodes.so.* 2>/dev/null | head -n 1)"
[[ -n "$lib" ]] || fail "no libsundials_cvodes.so in $prefix/lib after the build"
readelf -p .GCC.command.line "$lib" 2>/dev/null | grep -q -- '-O2' ||
  fail "$lib does not record -O2 in .GCC.command.line"
rm -rf "$work/build" "$work/src" "$work/download"
echo "$want" >"$stamp"
say "built $lib"
echo "$prefix"
