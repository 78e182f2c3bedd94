#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Builds the dual-core AN521 images (build.sh) and runs them on QEMU's
# mps2-an521 (two Cortex-M33): the exit status is the firmware's, through
# semihosting.
#
#   firmware/an521/run.sh OUT [--mini] [echoes]        the exchange
#                                                      (default 10000)
#   firmware/an521/run.sh OUT [--mini] --lost-doorbell core 1's doorbell
#                                  stops after 50 rings: passes only if
#                                  core 0 reports it and fails
#
# --mini: the MCU-only configuration (the minimal remote on core 1, an
# RPMsg-Lite-like master on core 0); else a librpmsg host and the example
# remote.
#
# QEMU runs with -icount (virtual time = instructions executed), so the
# host's stall limit, the one timed thing in the firmware, never depends on
# the load of the machine. Exit 77 (skipped) without qemu-system-arm or
# arm-none-eabi-gcc.
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$1
shift
MINI=
if [ "${1:-}" = --mini ]; then
	MINI=--mini
	OUT=$OUT/mini
	shift
fi
MODE=${1:-10000}
for tool in qemu-system-arm arm-none-eabi-gcc; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "SKIP: $tool not installed (scripts/deps.sh installs it)"
		exit 77
	}
done

run() {
	# Two wall-clock minutes only against a wedged emulator; the firmware
	# itself ends every wait (AN521_STALL_MS of virtual time).
	timeout 120 qemu-system-arm -M mps2-an521 -nographic -monitor none \
		-serial stdio -semihosting-config enable=on,target=native \
		-icount shift=0,sleep=off -kernel "$1"
}

if [ "$MODE" = --lost-doorbell ]; then
	"$DIR/build.sh" "$OUT/lost" ${MINI:+"$MINI"} -DAN521_ECHOES=1000u \
		-DAN521_DOORBELL_DIES_AFTER=50u
	if run "$OUT/lost/an521.elf" >"$OUT/lost/log" 2>&1; then
		cat "$OUT/lost/log"
		echo "FAIL: the run passed with a dead doorbell"
		exit 1
	fi
	cat "$OUT/lost/log"
	grep -q "doorbell lost" "$OUT/lost/log" || {
		echo "FAIL: the run failed for another reason"
		exit 1
	}
	echo "ok: a lost doorbell fails the run"
	exit 0
fi

"$DIR/build.sh" "$OUT/echo" ${MINI:+"$MINI"} "-DAN521_ECHOES=${MODE}u"
run "$OUT/echo/an521.elf"
