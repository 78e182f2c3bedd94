#!/bin/sh
# Builds librpmsg and runs the test suite: everything but the kernel tests
# (scripts/kernel-test.sh), or what the ctest arguments given select.
# Usage: scripts/test.sh [ctest-argument...]
set -eu
[ $# -gt 0 ] || set -- -LE kernel
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRPMSG_BUILD_TESTS=ON
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
