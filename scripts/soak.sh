#!/bin/sh
# The long soak over shared memory with remote restarts: 10^7 sequenced,
# checksummed messages both ways between a host and a forked remote
# process (tests/soak.c, rpmsg-soak --shm), the remote SIGKILLed twice at
# evenly spaced message counts and forked again. Passes with 0 lost,
# duplicated, corrupted or out-of-order while a remote lives and each
# restart's lost-at-restart (in flight at the kill) within the buffers in
# the rings. Prints a line per restart (time to see the peer gone, time
# until traffic flows again: information only), the totals and the
# elapsed wall time. Builds build/tests/rpmsg-soak first (configuring
# build/ if it is not yet).
# CTest runs a 10^6 version (soak_shm_restart, label soak).
#
# Usage: scripts/soak.sh [-n MESSAGES] [-r RESTARTS] [rpmsg-soak option...]
#   -n MESSAGES  total messages, both directions (default 10000000)
#   -r RESTARTS  remote kills (default 2; 0: no restart)
#   other options go to rpmsg-soak (--senders N, --bufs N, --timeout S)
# Exit status: rpmsg-soak's (0 pass, 1 a count wrong, 2 stuck or no link).
set -eu
cd "$(dirname "$0")/.."
messages=10000000
restarts=2
while [ $# -gt 0 ]; do
	case "$1" in
	-n) messages=$2; shift 2 ;;
	-r) restarts=$2; shift 2 ;;
	-h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) break ;;
	esac
done
[ -f build/CMakeCache.txt ] ||
	cmake -S . -B build -DRPMSG_BUILD_TESTS=ON >/dev/null
cmake --build build -j2 --target rpmsg-soak >/dev/null
set -- --shm --messages "$messages" --restarts "$restarts" "$@"
echo "build/tests/rpmsg-soak $*"
start=$(date +%s.%N)
status=0
build/tests/rpmsg-soak "$@" || status=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "soak.sh: wall %.1fs\n", e - s }'
exit "$status"
