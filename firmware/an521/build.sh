#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Builds the dual-core AN521 image: core 0 a librpmsg host, core 1 the
# example remote (firmware/main.c, interrupt-driven).
#
#   firmware/an521/build.sh OUT [-DAN521_ECHOES=N] [-DAN521_DOORBELL_DIES_AFTER=N]
#
# Writes OUT/an521.elf. The library is compiled from source with the same
# configuration for both cores (one program, one copy of the code).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$1
shift
mkdir -p "$OUT"
CC=${CC_ARM:-arm-none-eabi-gcc}
# Core 0 of the SSE-200 has no FPU: soft float for both.
FLAGS="-mcpu=cortex-m33 -mthumb -mfloat-abi=soft -Os -g -std=c11
-Wall -Wextra -Werror -ffunction-sections -fdata-sections
-DFW_IRQ=1 -DFW_MAILBOX_IRQ=6u -DFW_SHM_DA=0x30000000u -DFW_SHM_SIZE=0x10000u
-I$ROOT/include -I$ROOT/firmware -I$ROOT/firmware/an521"
# shellcheck disable=SC2086
$CC $FLAGS "$@" -Dmain=fw_main -c "$ROOT/firmware/main.c" -o "$OUT/fw_main.o"
# shellcheck disable=SC2086
$CC $FLAGS "$@" -T "$ROOT/firmware/an521/an521.ld" -nostartfiles \
	--specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
	-Wl,-Map="$OUT/an521.map" \
	"$ROOT/firmware/an521/an521_host.c" "$ROOT/firmware/an521/an521_core1.c" \
	"$ROOT/firmware/an521/an521_semihost.c" "$ROOT/firmware/irq_port.c" \
	"$OUT/fw_main.o" "$ROOT"/src/core/*.c "$ROOT/src/port/noos_irq.c" \
	"$ROOT/src/transport/shm_rsc.c" "$ROOT"/src/rsc/*.c \
	-o "$OUT/an521.elf"
