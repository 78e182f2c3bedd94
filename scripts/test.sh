#!/bin/sh
# Builds librpmsg and runs the whole test suite, the kernel tests included
# (the first run builds a User-Mode Linux kernel into a cache outside the
# tree: a few minutes), or what the ctest arguments given select
# (e.g. -LE kernel to leave them out, -L kernel for them alone).
# Usage: scripts/test.sh [ctest-argument...]
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRPMSG_BUILD_TESTS=ON
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
