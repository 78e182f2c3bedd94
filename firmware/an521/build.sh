#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Builds the dual-core AN521 images: core 1's, the example remote
# (firmware/main.c, interrupt-driven) on its own (an521_core1.ld), and
# core 0's, a librpmsg host carrying core 1's ELF image as bytes, which
# it loads through rpmsg_elf.h before releasing core 1.
#
#   firmware/an521/build.sh OUT [-DAN521_ECHOES=N] [-DAN521_DOORBELL_DIES_AFTER=N]
#
# Writes OUT/core1.elf and OUT/an521.elf (the one QEMU loads). The library
# is compiled from source for each image.
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
LINK="-nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections"
LIB="$ROOT/src/core/*.c $ROOT/src/port/noos_irq.c $ROOT/src/rsc/*.c"

# shellcheck disable=SC2086
$CC $FLAGS "$@" -Dmain=fw_main -c "$ROOT/firmware/main.c" -o "$OUT/fw_main.o"
# shellcheck disable=SC2086
$CC $FLAGS "$@" $LINK -T "$ROOT/firmware/an521/an521_core1.ld" \
	-Wl,-Map="$OUT/core1.map" "$OUT/fw_main.o" \
	"$ROOT/firmware/an521/an521_core1.c" \
	"$ROOT/firmware/an521/an521_semihost.c" "$ROOT/firmware/irq_port.c" \
	$LIB -o "$OUT/core1.elf"
# The image core 0 carries: no debug sections (the section headers, and
# so ".resource_table", stay).
arm-none-eabi-objcopy --strip-debug "$OUT/core1.elf" "$OUT/core1.img"

# shellcheck disable=SC2086
$CC $FLAGS "$@" -DCORE1_ELF="\"$OUT/core1.img\"" \
	-c "$ROOT/firmware/an521/an521_core1_image.S" -o "$OUT/core1_image.o"
# shellcheck disable=SC2086
$CC $FLAGS "$@" $LINK -T "$ROOT/firmware/an521/an521.ld" \
	-Wl,-Map="$OUT/an521.map" \
	"$ROOT/firmware/an521/an521_host.c" \
	"$ROOT/firmware/an521/an521_semihost.c" "$ROOT/firmware/irq_port.c" \
	"$OUT/core1_image.o" "$ROOT/src/transport/shm_rsc.c" \
	"$ROOT"/src/elf/*.c $LIB -o "$OUT/an521.elf"
