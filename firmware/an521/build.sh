#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Builds the dual-core AN521 images: core 1's image on its own
# (an521_core1.ld) and core 0's, which carries core 1's ELF image as bytes
# and loads it through rpmsg_elf.h before releasing core 1.
#
#   firmware/an521/build.sh OUT [--mini] [-DAN521_ECHOES=N] [-DAN521_DOORBELL_DIES_AFTER=N]
#
# Default: core 1 runs the example remote (firmware/main.c,
# interrupt-driven) and core 0 a librpmsg host (an521_host.c). --mini: the
# MCU-only configuration, the minimal remote profile on core 1
# (firmware/mini_main.c on src/mini/, interrupt-driven, RPMsg-Lite peer)
# and an RPMsg-Lite-like master on core 0 (an521_lite.c).
#
# Writes OUT/core1.elf and OUT/an521.elf (the one QEMU loads). The library
# is compiled from source for each image.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$1
shift
MINI=0
if [ "${1:-}" = --mini ]; then
	MINI=1
	shift
fi
mkdir -p "$OUT"
CC=${CC_ARM:-arm-none-eabi-gcc}
B=$ROOT/firmware/an521
# Core 0 of the SSE-200 has no FPU: soft float for both.
FLAGS="-mcpu=cortex-m33 -mthumb -mfloat-abi=soft -Os -g -std=c11
-Wall -Wextra -Werror -ffunction-sections -fdata-sections
-DFW_IRQ=1 -DFW_MAILBOX_IRQ=6u -DFW_SHM_DA=0x30000000u -DFW_SHM_SIZE=0x10000u
-I$ROOT/include -I$ROOT/firmware -I$B"
LINK="-nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections"
LIB="$ROOT/src/core/*.c $ROOT/src/port/noos_irq.c $ROOT/src/rsc/*.c"

if [ $MINI = 1 ]; then
	FW=$ROOT/firmware/mini_main.c
	FW_DEFS=-DFW_PEER_LITE=1
	FW_LIB="$ROOT/src/mini/*.c"
	HOST="$B/an521_lite.c"
	HOST_LIB="$ROOT/src/rsc/*.c"
else
	FW=$ROOT/firmware/main.c
	FW_DEFS=
	FW_LIB="$ROOT/firmware/irq_port.c $LIB"
	HOST="$B/an521_host.c $ROOT/firmware/fw_host.c $ROOT/firmware/irq_port.c $ROOT/src/transport/shm_rsc.c"
	HOST_LIB=$LIB
fi

# shellcheck disable=SC2086
$CC $FLAGS $FW_DEFS "$@" -Dmain=fw_main -c "$FW" -o "$OUT/fw_main.o"
# shellcheck disable=SC2086
$CC $FLAGS "$@" $LINK -T "$B/an521_core1.ld" -Wl,-Map="$OUT/core1.map" \
	"$OUT/fw_main.o" "$B/an521_core1.c" "$B/an521_semihost.c" "$B/an521_uart.c" \
	$FW_LIB -o "$OUT/core1.elf"
# The image core 0 carries: no debug sections (the section headers, and
# so ".resource_table", stay).
arm-none-eabi-objcopy --strip-debug "$OUT/core1.elf" "$OUT/core1.img"

# shellcheck disable=SC2086
$CC $FLAGS "$@" -DCORE1_ELF="\"$OUT/core1.img\"" \
	-c "$B/an521_core1_image.S" -o "$OUT/core1_image.o"
# shellcheck disable=SC2086
$CC $FLAGS "$@" $LINK -T "$B/an521.ld" -Wl,-Map="$OUT/an521.map" \
	"$B/an521_core0.c" $HOST "$B/an521_semihost.c" "$B/an521_uart.c" "$OUT/core1_image.o" \
	"$ROOT"/src/elf/*.c $HOST_LIB -o "$OUT/an521.elf"
