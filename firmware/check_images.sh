#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Cross-builds every example firmware image and runs `rpmsg firmware
# check` on it, the way remoteproc would read it:
#
#   firmware/check_images.sh OUT RPMSG_TOOL
#
# Must pass (exit 0, no problem):
#   - the example firmware (main.c: vdev, carveout, trace buffer) in the
#     remoteproc-loadable layout (firmware_ram.ld), Cortex-M0+ and M4F;
#   - the minimal remote profile's (mini_main.c) in the same layout;
#   - both core 1 images of the dual-core board (firmware/an521/).
# Must be refused (exit 1, the problem named):
#   - the example in the flash layout (firmware.ld): its table runs from
#     RAM but loads from flash, so the table a loader writes back is not
#     the one the firmware reads ("p_paddr");
#   - an image without its .resource_table section.
#
# Exit 77 (skipped) without arm-none-eabi-gcc.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$1
TOOL=$2
command -v arm-none-eabi-gcc >/dev/null 2>&1 || {
	echo "SKIP: arm-none-eabi-gcc not installed (scripts/deps.sh installs it)"
	exit 77
}
mkdir -p "$OUT"
fails=0

# image <name> <layout> <cpu flags> <sources...>
image() {
	name=$1
	ld=$2
	cpu=$3
	shift 3
	# shellcheck disable=SC2086
	arm-none-eabi-gcc $cpu -Os -std=c11 -Wall -Wextra -Werror \
		-ffunction-sections -fdata-sections -DRPMSG_CFG_HOST_ROLE=0 \
		-I"$ROOT/include" -I"$ROOT/firmware" -T "$ROOT/firmware/$ld" \
		-nostartfiles --specs=nano.specs --specs=nosys.specs \
		-Wl,--gc-sections "$@" -o "$OUT/$name.elf"
}

# accept <elf>: no problem
accept() {
	if "$TOOL" firmware check "$1" >"$1.check" 2>&1; then
		echo "ok   $(basename "$1"): $(tail -1 "$1.check")"
		grep -E "carveout|trace" "$1.check" || true
	else
		cat "$1.check"
		echo "FAIL $(basename "$1"): refused"
		fails=$((fails + 1))
	fi
}

# refuse <elf> <words of the problem>
refuse() {
	if "$TOOL" firmware check "$1" >"$1.check" 2>&1; then
		cat "$1.check"
		echo "FAIL $(basename "$1"): accepted"
		fails=$((fails + 1))
	elif grep -q "problem: .*$2" "$1.check"; then
		echo "ok   $(basename "$1") refused: $(grep "problem:" "$1.check" | head -1)"
	else
		cat "$1.check"
		echo "FAIL $(basename "$1"): refused, but not for \"$2\""
		fails=$((fails + 1))
	fi
}

LIB="$ROOT/src/core/*.c $ROOT/src/port/noos.c"
M0="-mcpu=cortex-m0plus -mthumb"
M4="-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
FW="$ROOT/firmware/main.c $ROOT/firmware/startup.c"
MINI="$ROOT/firmware/mini_main.c $ROOT/firmware/startup.c $ROOT/src/mini/*.c"

# shellcheck disable=SC2086
image ram-m0plus firmware_ram.ld "$M0" $FW $LIB
# shellcheck disable=SC2086
image ram-m4f firmware_ram.ld "$M4" $FW $LIB
# shellcheck disable=SC2086
image ram-mini-m0plus firmware_ram.ld "$M0" $MINI
# shellcheck disable=SC2086
image flash-m0plus firmware.ld "$M0" $FW $LIB
arm-none-eabi-objcopy --remove-section=.resource_table \
	"$OUT/ram-m0plus.elf" "$OUT/no-table-m0plus.elf"
"$ROOT/firmware/an521/build.sh" "$OUT/an521"
"$ROOT/firmware/an521/build.sh" "$OUT/an521-mini" --mini

for elf in ram-m0plus ram-m4f ram-mini-m0plus an521/core1 an521-mini/core1; do
	accept "$OUT/$elf.elf"
done
# The example's table must hold its carveout and trace buffer.
for elf in ram-m0plus ram-m4f an521/core1; do
	if ! grep -q 'carveout .* name "rpmsg-shm"' "$OUT/$elf.elf.check" ||
	   ! grep -q 'trace .* name "fw-log"' "$OUT/$elf.elf.check"; then
		echo "FAIL $elf: no carveout or trace entry reported"
		fails=$((fails + 1))
	fi
done
refuse "$OUT/flash-m0plus.elf" "p_paddr"
refuse "$OUT/no-table-m0plus.elf" "resource_table"

if [ "$fails" -ne 0 ]; then
	echo "check_images: $fails failure(s)"
	exit 1
fi
echo "check_images: all images as expected"
