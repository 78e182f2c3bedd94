#!/bin/sh
# Builds librpmsg and runs the demo: a remote process announces
# "rpmsg-client-sample" through the name service and echoes; a host process
# sends "hello world!" 100 times, over a shared-memory carveout.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
exec build/rpmsg demo
