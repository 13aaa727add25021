#!/bin/sh
# Builds the Debian package from a build folder, checks what it holds, unpacks it and runs the
# programs from it. Usage: check_package.sh <build folder> <source folder>
set -eu
build="$1"
src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
desktop-file-validate "$src/packaging/parktwin-studio.desktop"
appstreamcli validate --no-net --pedantic "$src/packaging/io.github.parktwin.studio.metainfo.xml" >/dev/null
(cd "$build" && cpack -G DEB -B "$work/pkg" >/dev/null)
deb="$(ls "$work"/pkg/*.deb)"
contents="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/parktwin ./usr/bin/parktwin-studio ./usr/share/applications/parktwin-studio.desktop \
         ./usr/share/icons/hicolor/scalable/apps/parktwin-studio.svg \
         ./usr/share/metainfo/io.github.parktwin.studio.metainfo.xml; do
  echo "$contents" | grep -q " $f\$" || { echo "package lacks $f" >&2; exit 1; }
done
dpkg-deb -f "$deb" Depends | grep -q libvtk || { echo "package does not depend on VTK" >&2; exit 1; }
dpkg-deb -x "$deb" "$work/root"
version="$("$work/root/usr/bin/parktwin" --version)"
echo "$version"
# With the optimised CVODES (cmake/OptimisedSundials.cmake) the package carries it and the
# programs load it from the package, not the build tree or the system's unoptimised one.
if grep -q 'PARKTWIN_SUNDIALS_OPTIMISED 1' "$build/generated/parktwin/config.hpp"; then
  echo "$contents" | grep -q ' ./usr/lib/.*parktwin/libsundials_cvodes.so.6' ||
    { echo "package lacks the optimised libsundials_cvodes.so.6" >&2; exit 1; }
  echo "$version" | grep -q "($work/root/usr/.*/lib/parktwin/libsundials_cvodes.so.6), built with optimisation" ||
    { echo "the packaged parktwin does not load the packaged optimised CVODES" >&2; exit 1; }
fi
"$work/root/usr/bin/parktwin" validate haidong
QT_QPA_PLATFORM=offscreen "$work/root/usr/bin/parktwin-studio" --version
echo "package $(basename "$deb") installs and runs"
