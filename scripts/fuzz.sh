#!/bin/sh
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for the
# given number of seconds (default 60), starting from the committed seeds.
# New inputs go to build-fuzz/corpus/<target>; a crash leaves its input in
# build-fuzz/ and fails the script: commit it under fuzz/corpus/<target>/
# and it becomes a regression test (CTest runs every seed).
# Usage: scripts/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
scripts/deps.sh
CC=clang cmake -S . -B build-fuzz -DRPMSG_BUILD_FUZZ=ON \
	-DRPMSG_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug >/dev/null
targets="virtqueue rpmsg_rx remote_rx mini_rx rsc_table vhost_user layout elf double_fetch"
# The generated seeds (fuzz/make_seeds.py, from docs/SPEC.md) come with
# the targets, in build-fuzz/fuzz/seeds/<target>.
for t in $targets; do
	cmake --build build-fuzz -j"$(nproc)" --target "fuzz_$t" >/dev/null
done
for t in $targets; do
	mkdir -p "build-fuzz/corpus/$t"
	gen=
	[ ! -d "build-fuzz/fuzz/seeds/$t" ] || gen=fuzz/seeds/$t
	echo "== fuzz_$t for ${secs}s"
	(cd build-fuzz && "./fuzz/fuzz_$t" -max_total_time="$secs" \
		-print_final_stats=1 "corpus/$t" "../fuzz/corpus/$t" \
		${gen:+"$gen"} 2>&1 |
		grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)|ERROR|SUMMARY" ||
		true)
	# libFuzzer exits non-zero on a finding; the pipe hides it, so look
	# for the crash file it writes.
	if ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* \
		>/dev/null 2>&1; then
		echo "fuzz_$t: finding saved in build-fuzz/" >&2
		exit 1
	fi
done
