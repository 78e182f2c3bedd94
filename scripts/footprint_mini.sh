#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The minimal remote profile (src/mini/) next to the smallest full remote,
# both as the echo firmware a Cortex-M0+ runs, per function.
#
#   scripts/footprint_mini.sh     (updates FOOTPRINT.md between its markers;
#                                  OUT=build-footprint-mini, MD=FOOTPRINT.md)
#
# Each firmware is compiled object by object with arm-none-eabi-gcc
# -mcpu=cortex-m0plus -mthumb -Os -ffunction-sections -fdata-sections and
# linked with --gc-sections and newlib-nano (firmware/firmware.ld,
# firmware/startup.c); scripts/fw_sections.py reads the link map and
# attributes every kept .text*/.rodata* input section to the library
# (src/mini, src/core, src/port), the application (firmware/), the C
# library or libgcc.
#   mini: firmware/mini_main.c + src/mini/*.c
#   full: firmware/main.c in the minimal remote configuration without
#         channels (scripts/min_remote.sh -DRPMSG_CFG_CHANNELS=0) +
#         src/core/*.c + src/port/noos.c
# RAM per device (rings and buffers excluded): sizeof the structures the
# application provides, measured by the same compiler.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/build-footprint-mini}
MD=${MD:-$ROOT/FOOTPRINT.md}
CC=arm-none-eabi-gcc
CPU="-mcpu=cortex-m0plus -mthumb"
CFLAGS="$CPU -Os -std=c11 -ffunction-sections -fdata-sections -Wall -Wextra -Werror"
LDFLAGS="-T $ROOT/firmware/firmware.ld -nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections"
# The same echo firmware as mini's: the vdev alone in its table, no log
# (main.c's trace buffer and carveout are compiled out).
FULL_DEFS="$(sh "$ROOT/scripts/min_remote.sh") -DRPMSG_CFG_CHANNELS=0 -DFW_RSC_TRACE=0"

mkdir -p "$OUT/mini" "$OUT/full"
cd "$ROOT"

# fw <dir> <defines> <sources...>: objects, firmware.elf, firmware.map,
# and <dir>/sections (bytes kind name owner) with owner lib/app/libc/libgcc.
fw() {
	dir=$1
	defs=$2
	shift 2
	objs=
	for src in "$@"; do
		o=$dir/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
		# shellcheck disable=SC2086
		$CC $CFLAGS $defs -Iinclude -Ifirmware -c "$src" -o "$o"
		objs="$objs $o"
	done
	# shellcheck disable=SC2086
	$CC $CFLAGS $LDFLAGS -Wl,-Map="$dir/firmware.map" $objs \
		-o "$dir/firmware.elf"
	python3 scripts/fw_sections.py "$dir/firmware.map" | awk '{
		o = $4
		if (o ~ /\/src_(mini|core|port)_/) own = "lib"
		else if (o ~ /libc/) own = "libc"
		else if (o ~ /libgcc/) own = "libgcc"
		else own = "app"
		print $1, $2, $3, own }' >"$dir/sections"
}

# shellcheck disable=SC2046
fw "$OUT/mini" "" firmware/mini_main.c firmware/startup.c src/mini/*.c
# shellcheck disable=SC2046
fw "$OUT/full" "$FULL_DEFS" firmware/main.c firmware/startup.c \
	$(ls src/core/*.c) src/port/noos.c

sum() { awk -v w="$2" '$4 == w { s += $1 } END { print s + 0 }' "$1"; }

# RAM: sizeof the application's structures for each profile.
cat >"$OUT/ram.c" <<'EOC'
#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mini.h>
#include <rpmsg/rpmsg_virtio.h>
#ifdef FULL
char ram_dev[sizeof(struct rpmsg_virtio_device)];
char ram_slots[2 * 16 * sizeof(struct rpmsg_vq_slot)];
char ram_ept[sizeof(struct rpmsg_endpoint)];
#else
char ram_dev[sizeof(struct rpmsg_mini)];
char ram_slots[1];
char ram_ept[sizeof(struct rpmsg_mini_ept)];
#endif
EOC
ram() {
	# shellcheck disable=SC2086
	$CC $CFLAGS $2 -Iinclude -fno-common -c "$OUT/ram.c" -o "$OUT/ram-$1.o"
	printf '%d' "0x$(arm-none-eabi-nm -S "$OUT/ram-$1.o" |
		awk -v s="$3" '$4 == s { print $2 }')"
}
mini_dev=$(ram mini "" ram_dev)
mini_ept=$(ram mini "" ram_ept)
full_dev=$(ram full "$FULL_DEFS -DFULL" ram_dev)
full_slots=$(ram full "$FULL_DEFS -DFULL" ram_slots)
full_ept=$(ram full "$FULL_DEFS -DFULL" ram_ept)
def_dev=$(ram default "-DFULL" ram_dev)
def_slots=$(ram default "-DFULL" ram_slots)
def_ept=$(ram default "-DFULL" ram_ept)

gen() {
	m=$OUT/mini/sections
	f=$OUT/full/sections
	echo "## Minimal remote profile (src/mini/)"
	echo
	echo "\`include/rpmsg/rpmsg_mini.h\`: one device, endpoints at fixed"
	echo "addresses, no channels or drivers, no timeouts, no host role, one"
	echo "context; every index, length, id and address the host writes still"
	echo "checked. Measured by \`scripts/footprint_mini.sh\` with"
	echo "$($CC --version | head -1): the echo firmware that announces"
	echo "one service (\`firmware/mini_main.c\`) next to \`firmware/main.c\` on the"
	echo "smallest full remote (minimal configuration, no channels), both"
	echo "\`$CPU -Os -ffunction-sections -fdata-sections\`, linked with"
	echo "\`--gc-sections\` and newlib-nano; bytes of .text + .rodata kept in"
	echo "the image, from the link map."
	echo
	echo "| part of the image | mini profile | full remote |"
	echo "|---|---:|---:|"
	echo "| **library** (src/mini or src/core + src/port/noos.c) | **$(sum "$m" lib)** | **$(sum "$f" lib)** |"
	echo "| application (main loop, link callbacks, echo) and startup | $(sum "$m" app) | $(sum "$f" app) |"
	echo "| C library (newlib-nano memcpy/memmove/memset/strncmp) | $(sum "$m" libc) | $(sum "$f" libc) |"
	echo "| libgcc | $(sum "$m" libgcc) | $(sum "$f" libgcc) |"
	echo "| whole firmware .text (size) | $(arm-none-eabi-size "$OUT/mini/firmware.elf" | awk 'NR == 2 { print $1 }') | $(arm-none-eabi-size "$OUT/full/firmware.elf" | awk 'NR == 2 { print $1 }') |"
	echo
	# Function lists as text, not tables: .ci/figure_shape.py compares
	# table row labels, and which functions exist is not the report's
	# shape.
	echo "Library functions of the mini profile, bytes (what each does):"
	awk '$4 == "lib" { print $1, $3 }' "$m" | sort -k2 | while read -r n name; do
		case $name in
		rpmsg_mini_take) what="checked avail read: index distance, head, descriptor in the window" ;;
		rpmsg_mini_put) what="used ring write" ;;
		rpmsg_mini_poll) what="status, ring adoption, receive loop, header checks, endpoint lookup" ;;
		mini_xmit) what="send: take a buffer, size check, header, copy, doorbell" ;;
		mini_announce) what="name-service announcement" ;;
		rpmsg_mini_send) what="public send (state check)" ;;
		rpmsg_mini_init) what="ring layout and argument checks" ;;
		rpmsg_mini_add_ept) what="endpoint registration (duplicate address check)" ;;
		*) what= ;;
		esac
		echo "- \`$name\` $n${what:+: $what}"
	done
	echo
	echo "Library functions of the full remote in the same firmware, bytes,"
	echo "largest first (\`.str1.1\`: a function's strings, the diagnostics):"
	awk '$4 == "lib" { print $1, $3 }' "$f" | sort -rn |
		awk '{ printf "%s%s %d", sep, $2, $1; sep = ", " } END { print "." }'
	echo
	echo "RAM per device the application provides (rings and buffers"
	echo "excluded), $CPU:"
	echo
	echo "| profile | device | per-ring bookkeeping (2 x 16 slots) | per endpoint | one device, one endpoint |"
	echo "|---|---:|---:|---:|---:|"
	echo "| mini | $mini_dev | 0 | $mini_ept | **$((mini_dev + mini_ept))** |"
	echo "| full (minimal configuration, no channels) | $full_dev | $full_slots | $full_ept | **$((full_dev + full_slots + full_ept))** |"
	echo "| full (default configuration) | $def_dev | $def_slots | $def_ept | **$((def_dev + def_slots + def_ept))** |"
	echo
	echo "Sizes are sizeof of \`struct rpmsg_mini\`, \`struct rpmsg_mini_ept\`,"
	echo "\`struct rpmsg_virtio_device\`, \`struct rpmsg_vq_slot\` and"
	echo "\`struct rpmsg_endpoint\`, read with nm from objects this script compiles."
	echo
	echo "Neither keeps static data (.data/.bss of the library objects: 0)."
	echo "Commands (from the repository root, per source file, then the link):"
	echo
	echo '```'
	echo "$CC $CFLAGS -Iinclude -Ifirmware -c <file>.c"
	echo "$CC $CFLAGS $LDFLAGS -Wl,-Map=firmware.map <objects> -o firmware.elf" | sed "s|$ROOT/||g"
	echo "python3 scripts/fw_sections.py firmware.map"
	echo "mini: firmware/mini_main.c firmware/startup.c src/mini/*.c"
	echo "full: $FULL_DEFS firmware/main.c firmware/startup.c src/core/*.c src/port/noos.c"
	echo '```'
}

gen >"$OUT/section.md"
cat "$OUT/section.md"
# Replace the section between the markers (or append it).
begin='<!-- footprint_mini.sh: begin -->'
end='<!-- footprint_mini.sh: end -->'
if [ -f "$MD" ]; then
	awk -v b="$begin" -v e="$end" -v f="$OUT/section.md" '
		$0 == b { skip = 1; print; while ((getline l < f) > 0) print l; next }
		$0 == e { skip = 0 }
		!skip' "$MD" >"$MD.tmp"
	grep -qF "$begin" "$MD.tmp" ||
		{ printf '\n%s\n' "$begin"; cat "$OUT/section.md"; echo "$end"; } >>"$MD.tmp"
	mv "$MD.tmp" "$MD"
fi
