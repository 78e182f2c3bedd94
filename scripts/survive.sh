#!/bin/sh
# The full run of the serving commands' endurance test: rpmsg remote over
# shared memory, then as a vhost-user backend, each outliving 1,000
# connect-and-close attempts and 1,000 hosts SIGKILLed at seeded random
# points, then serving a clean host 100 of 100 echoes with its descriptor
# count unchanged and its resident size within 4 MiB. Prints the figures.
# CTest runs a shorter version (label hostile).
# Usage: scripts/survive.sh [test_server_survives.py option...]
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -DRPMSG_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$(nproc)" --target rpmsg-cli >/dev/null
for kind in "" --vhost-user; do
	python3 tests/test_server_survives.py build/rpmsg --connects 1000 \
		--kills 1000 $kind "$@"
done
