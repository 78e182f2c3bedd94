#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Builds librpmsg (release) and runs "rpmsg bench"; arguments go to it.
#   scripts/bench.sh                       the full table
#   scripts/bench.sh --callgrind --footprint --plot bench.svg
#   scripts/bench.sh --quick --json
# Builds in build-bench/ so that a debug or sanitizer build elsewhere is
# not measured by mistake.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release \
	-DRPMSG_BUILD_TESTS=OFF -DRPMSG_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
exec build-bench/rpmsg bench "$@"
