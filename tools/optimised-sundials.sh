#!/usr/bin/env bash
# Builds SUNDIALS' CVODES with optimisation from Debian's own source package of the release the
# system has installed (libsundials-dev), into a folder of the build tree; prints its install
# prefix on the last line of standard output. Called by CMake (cmake/OptimisedSundials.cmake) at
# configure time; runs by hand too:
#
#   tools/optimised-sundials.sh <work folder> [C compiler] [cmake]
#
# Why: Debian 12 builds SUNDIALS 6.4.1 with -DCMAKE_C_FLAGS=-fcommon, which replaces the -O2 of
# dpkg-buildflags, so every SUNDIALS routine runs unoptimised and a hall-year takes 2.2-2.4 x
# longer (docs/dev/performance.md). This script builds the same release with the flags Debian
# meant to use (dpkg-buildflags' CFLAGS, -O2 with hardening, plus Debian's -fcommon) and its own
# patches (dpkg-source applies them); only the CVODES package of SUNDIALS (its library holds the
# serial vector, dense matrix and dense solver it needs). -frecord-gcc-switches keeps the flags
# in the library, for the check.
#
# The source comes from Debian's archive through a private apt configuration inside the work
# folder (deb-src copies of the system's Debian sources only, without the system's update hooks):
# the system's package lists are not touched and no root is needed. Nothing is copied into the
# repository. A second run with the same release and script does nothing; a failed run leaves a
# previous build in place. Exit status: 0 built (or already built), 1 failed (the reason on
# stderr).
set -euo pipefail

work="${1:?usage: tools/optimised-sundials.sh <work folder> [C compiler] [cmake]}"
cc="${2:-cc}"
cmake="${3:-cmake}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
say() { echo "optimised-sundials: $*" >&2; }
fail() { say "$*"; exit 1; }

command -v dpkg-query >/dev/null || fail "not a Debian system (no dpkg-query)"
# The source package and version the installed library was built from (a binNMU's binary
# version, +bN, is not a source version).
source_pkg="$(dpkg-query -W -f='${source:Package}' libsundials-dev 2>/dev/null || true)"
version="$(dpkg-query -W -f='${source:Version}' libsundials-dev 2>/dev/null || true)"
[[ -n "$source_pkg" && -n "$version" ]] || fail "libsundials-dev is not installed (tools/setup.sh installs it)"
for tool in apt-get dpkg-source dpkg-buildflags readelf flock; do
  command -v "$tool" >/dev/null || fail "'$tool' is missing (Debian packages dpkg-dev, apt, binutils, util-linux)"
done
command -v "$cmake" >/dev/null || fail "'$cmake' is missing"
cflags="$(dpkg-buildflags --get CFLAGS) -fcommon -frecord-gcc-switches"
ldflags="$(dpkg-buildflags --get LDFLAGS)"
prefix="$work/install"
stamp="$prefix/parktwin-stamp"
want="$source_pkg $version | $cc | $cflags | $ldflags | script $(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
# One configure at a time per work folder.
exec 9>"$work/lock"
flock 9 || fail "cannot lock $work/lock"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$prefix"
  exit 0
fi
rm -rf "$work/src" "$work/build" "$work/new" "$work/download"

# --- 1. Debian's source package of the installed release --------------------------------------
apt="$work/apt"
mkdir -p "$apt/parts" "$apt/lists/partial" "$apt/cache/archives/partial"
rm -f "$apt/parts/"*
# Only Debian's own archives (deb.debian.org, security.debian.org, snapshot.debian.org and other
# *.debian.org hosts): a third-party repository can neither break the update nor supply the
# source.
shopt -s nullglob
n=0
for f in /etc/apt/sources.list.d/*.sources; do
  # deb822: keep the stanzas whose URIs are Debian's, as deb-src.
  awk -v RS= -v ORS='\n\n' '/URIs:[^\n]*[./]debian\.org/' "$f" |
    sed -e 's/^Types:.*\bdeb\b.*$/Types: deb-src/' >"$apt/parts/$(basename "$f")"
  [[ -s "$apt/parts/$(basename "$f")" ]] && n=$((n + 1))
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [[ -f "$f" ]] || continue
  grep -E '^[[:space:]]*deb[[:space:]].*[./]debian\.org' "$f" |
    sed -e 's/^[[:space:]]*deb[[:space:]]/deb-src /' >"$apt/parts/$(basename "$f" .list).list" || true
  [[ -s "$apt/parts/$(basename "$f" .list).list" ]] && n=$((n + 1))
done
shopt -u nullglob
((n > 0)) || fail "no Debian archive (*.debian.org) among this system's apt sources"
# The system's update hooks (appstream, packagekit, ...) are cleared: this is not a system update.
printf '#clear APT::Update::Pre-Invoke;\n#clear APT::Update::Post-Invoke;\n#clear APT::Update::Post-Invoke-Success;\n' \
  >"$apt/apt.conf"
export APT_CONFIG="$apt/apt.conf"
opts=(-o "Dir::Etc::SourceParts=$apt/parts" -o "Dir::Etc::SourceList=/dev/null"
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Debug::NoLocking=1"
      -o "APT::Sandbox::User=$(id -un)")
say "fetching the source of $source_pkg $version from Debian's archive"
apt-get "${opts[@]}" -qq update >"$work/apt.log" 2>&1 ||
  fail "apt-get update (deb-src, private lists) failed: $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"
mkdir -p "$work/download"
(cd "$work/download" && apt-get "${opts[@]}" -qq source --download-only "$source_pkg=$version") \
  >>"$work/apt.log" 2>&1 ||
  fail "apt-get source $source_pkg=$version failed (is the release still in Debian's archive?): $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"
shopt -s nullglob
dscs=("$work/download"/*.dsc)
shopt -u nullglob
((${#dscs[@]} == 1)) || fail "apt-get source left ${#dscs[@]} .dsc files in $work/download"
# apt checked the files against the archive's signed Release file; dpkg-source applies Debian's
# patches (debian/patches/series).
dpkg-source -q --no-copy -x "${dscs[0]}" "$work/src" >>"$work/apt.log" 2>&1 ||
  fail "dpkg-source -x ${dscs[0]} failed: $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"

# --- 2. CVODES with optimisation ----------------------------------------------------------------
say "building CVODES with: $cflags"
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
# Installed into "new", moved into place only when built and checked.
"$cmake" -S "$work/src" -B "$work/build" "${gen[@]}" \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_SKIP_INSTALL_RPATH=ON \
  -DBUILD_ARKODE=OFF -DBUILD_CVODE=OFF -DBUILD_CVODES=ON -DBUILD_IDA=OFF -DBUILD_IDAS=OFF \
  -DBUILD_KINSOL=OFF -DBUILD_STATIC_LIBS=OFF -DBUILD_SHARED_LIBS=ON \
  -DEXAMPLES_ENABLE_C=OFF -DEXAMPLES_ENABLE_CXX=OFF -DEXAMPLES_INSTALL=OFF \
  -DBUILD_FORTRAN_MODULE_INTERFACE=OFF -DSUNDIALS_BUILD_WITH_MONITORING=OFF \
  >"$work/build.log" 2>&1 || fail "configuring SUNDIALS failed (see $work/build.log)"
"$cmake" --build "$work/build" --parallel "$(nproc 2>/dev/null || echo 2)" >>"$work/build.log" 2>&1 ||
  fail "building SUNDIALS failed (see $work/build.log)"
DESTDIR="$work/new" "$cmake" --install "$work/build" >>"$work/build.log" 2>&1 ||
  fail "installing SUNDIALS failed (see $work/build.log)"

# --- 3. Check: the library holds the flags it was compiled with ---------------------------------
lib="$work/new$prefix/lib/libsundials_cvodes.so.6"
[[ -e "$lib" ]] || fail "no libsundials_cvodes.so.6 after the build"
# (Read whole before grep: with pipefail, `readelf | grep -q` fails whenever grep exits on its
# first match while readelf is still writing, as it is with clang's long per-file records.)
recorded="$(readelf -p .GCC.command.line "$lib" 2>/dev/null || true)"
grep -q -- '-O2' <<<"$recorded" || fail "$lib does not record -O2 in .GCC.command.line"
rm -rf "$prefix"
mv "$work/new$prefix" "$prefix"
rm -rf "$work/build" "$work/src" "$work/download" "$work/new" "$apt/lists" "$apt/cache"
echo "$want" >"$stamp"
say "built $prefix/lib/libsundials_cvodes.so.6"
echo "$prefix"
