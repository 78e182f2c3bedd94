#!/bin/sh
# Memcheck on the two demos: the in-process one, and `rpmsg demo`, which
# forks a remote and a host process talking over the shared-memory
# transport (every process is checked; fork keeps memcheck attached).
# Any memory error or leak fails the script.
# Usage: .ci/valgrind.sh [build-dir]   (default: build-valgrind)
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh valgrind

build=${1:-build-valgrind}
# No sanitizers: memcheck instruments the plain Debug build.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DRPMSG_SANITIZE= \
	-DRPMSG_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"

vg="valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=all
	--errors-for-leak-kinds=definite,indirect,possible --track-origins=yes
	--trace-children=yes --child-silent-after-fork=no
	--suppressions=.ci/valgrind.supp"

check() {
	echo "== valgrind $*"
	out="$build/valgrind.out"
	# shellcheck disable=SC2086 # $vg is a command line
	if ! timeout 300 $vg "$@" >"$out" 2>&1; then
		cat "$out"
		echo "valgrind: $* failed" >&2
		exit 1
	fi
	grep -q "demo: 100 of 100 messages echoed" "$out" || {
		cat "$out"
		echo "valgrind: $*: demo did not complete" >&2
		exit 1
	}
	tail -n 1 "$out"
}

check "$build/examples/rpmsg-demo-inproc"
check "$build/rpmsg" demo
echo "== valgrind passed"
