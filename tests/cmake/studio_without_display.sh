#!/bin/sh
# parktwin-studio with no display at all: --help and --version answer, the GUI refuses cleanly.
set -u
studio=$1
run() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$studio" "$@"; }
out=$(run --help 2>&1); code=$?
[ "$code" -eq 0 ] || { echo "--help: exit $code: $out"; exit 1; }
echo "$out" | grep -q "Usage:" || { echo "--help printed no usage: $out"; exit 1; }
out=$(run --version 2>&1); code=$?
[ "$code" -eq 0 ] || { echo "--version: exit $code: $out"; exit 1; }
out=$(run 2>&1); code=$?
[ "$code" -eq 3 ] || { echo "no display: exit $code (3 expected): $out"; exit 1; }
echo "$out" | grep -q "no display" || { echo "no display: no message: $out"; exit 1; }
echo "ok"
