#!/bin/sh
# Builds librpmsg and runs the demo: a host and a remote exchange messages
# over the rpmsg bus on this machine.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
exec build/examples/rpmsg-demo-inproc
