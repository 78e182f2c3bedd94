#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Code and data size of the portable core (src/core + src/port/noos.c).
#
#   scripts/footprint.sh            (writes FOOTPRINT.md; OUT=build-footprint)
#   ONLY=x86-64 MD=... scripts/footprint.sh   (one target; rpmsg bench
#                                             --footprint runs this)
#
# For Cortex-M0+, Cortex-M4F, Cortex-R5 (Arm) and the host (x86-64), at
# -Os, the core is built as a static library (RPMSG_CORE_ONLY=ON) three
# times: both roles, remote only (RPMSG_CFG_HOST_ROLE=0) and host only
# (RPMSG_CFG_REMOTE_ROLE=0). size(1) gives .text/.data/.bss per object.
#
# The headline, "minimal remote", is what a remote firmware that answers
# through the name service links: the remote-only library reduced with
# ld -r --gc-sections to what the API calls of firmware/main.c reach.
# RAM: the core keeps no static data; the application owns the device
# struct and the virtqueue slots, sized here with the compiler.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/build-footprint}
MD=${MD:-$ROOT/FOOTPRINT.md}
OPT=${OPT:-Os}
JOBS=$(nproc 2>/dev/null || echo 2)

# What firmware/main.c calls.
MIN_REMOTE_SYMS="rpmsg_virtio_init rpmsg_virtio_start rpmsg_virtio_poll
rpmsg_virtio_config_changed rpmsg_register_driver rpmsg_create_channel
rpmsg_sendto rpmsg_noos_ops rpmsg_mem_init_linear rpmsg_vring_size"

# name|tool prefix|CPU flags
TARGETS="cortex-m0plus|arm-none-eabi-|-mcpu=cortex-m0plus -mthumb
cortex-m4f|arm-none-eabi-|-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
cortex-r5|arm-none-eabi-|-mcpu=cortex-r5 -marm
x86-64|host|"

ROLES="both|
remote|-DRPMSG_CFG_HOST_ROLE=0
host|-DRPMSG_CFG_REMOTE_ROLE=0"

mkdir -p "$OUT"
: >"$OUT/commands"

# build <dir> <prefix> <cpu flags> <defines>
build() {
	if [ "$2" = host ]; then
		tc=
		set -- "$1" "$2" "$3" "$4 -ffunction-sections -fdata-sections"
	else
		tc="-DCMAKE_TOOLCHAIN_FILE=$ROOT/cmake/arm-none-eabi.cmake"
	fi
	echo "CFLAGS=\"-$OPT $4\" cmake -S . -B $(basename "$1") ${tc:+-DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake }${3:+-DRPMSG_ARM_FLAGS=\"$3\" }-DRPMSG_CORE_ONLY=ON && cmake --build $(basename "$1")" >>"$OUT/commands"
	CFLAGS="-$OPT $4" cmake -S "$ROOT" -B "$1" $tc \
		${3:+-DRPMSG_ARM_FLAGS="$3"} -DRPMSG_CORE_ONLY=ON \
		-DCMAKE_BUILD_TYPE= >"$1.log" 2>&1
	cmake --build "$1" -j "$JOBS" >>"$1.log" 2>&1
}

# sizes <size tool> <archive>: "object text data bss" lines
sizes() {
	"$1" "$2" | awk 'NR > 1 { o = $6; sub(/\.c\.o(bj)?$/, ".c", o);
				 print o, $1, $2, $3 }'
}

# ramsize <prefix> <cpu flags>: bytes of the remote's static objects
ramsize() {
	cat >"$OUT/ram.c" <<'EOC'
#include <rpmsg/rpmsg_virtio.h>
struct rpmsg_virtio_device vdev;
struct rpmsg_vq_slot slots[2][16];
EOC
	if [ "$1" = host ]; then cc="cc"; nm="nm"; else cc=${1}gcc; nm=${1}nm; fi
	$cc $2 -std=c11 -$OPT -I"$ROOT/include" -c "$OUT/ram.c" \
		-o "$OUT/ram.o"
	$nm -S "$OUT/ram.o" | awk '{ printf "%s=%d ", $4, ("0x" $2) + 0 }'
}

hex() { printf '%d' "0x$1"; }

{
echo "# Footprint"
echo
echo "Sizes in bytes of the portable core (\`src/core/*.c\` + \`src/port/noos.c\`),"
echo "built at -$OPT by \`scripts/footprint.sh\` on $(date -u +%Y-%m-%d) with"
echo "$(arm-none-eabi-gcc --version | head -1) and $(cc --version | head -1)."
echo "Default configuration (\`include/rpmsg/rpmsg_config.h\`):"
echo "RPMSG_CFG_MAX_CHANNELS 16, RPMSG_CFG_MAX_DRIVERS 8."
echo
} >"$MD.tmp"

echo "$TARGETS" | while IFS='|' read -r t prefix flags; do
	[ -z "${ONLY:-}" ] || [ "$t" = "$ONLY" ] || continue
	if [ "$prefix" = host ]; then
		sz=size; ld=ld
	else
		sz=${prefix}size; ld=${prefix}ld
	fi
	echo "$ROLES" | while IFS='|' read -r role defs; do
		build "$OUT/$t-$role" "$prefix" "$flags" "$defs"
		sizes "$sz" "$OUT/$t-$role/librpmsg.a" >"$OUT/$t-$role.sizes"
	done
	us=
	for s in $MIN_REMOTE_SYMS; do us="$us -u $s"; done
	# shellcheck disable=SC2086
	$ld -r --gc-sections $us "$OUT/$t-remote/librpmsg.a" \
		-o "$OUT/$t-min-remote.o"
	min=$($sz "$OUT/$t-min-remote.o" | awk 'NR == 2 { print $1, $2, $3 }')
	ram=$(ramsize "$prefix" "$flags")
	{
	echo "## $t"
	echo
	[ -n "$flags" ] && echo "CPU flags: \`$flags\`" && echo
	echo "| object | both roles | remote only | host only |"
	echo "|---|---:|---:|---:|"
	# The three archives list the same objects in the same order.
	paste -d ' ' "$OUT/$t-both.sizes" "$OUT/$t-remote.sizes" \
		"$OUT/$t-host.sizes" |
		awk '$1 != $5 || $1 != $9 { exit 1 }
		     { $5 = ""; $9 = ""; $0 = $0 }
		     { printf "| %s | %d/%d/%d | %d/%d/%d | %d/%d/%d |\n",
			$1, $2, $3, $4, $5, $6, $7, $8, $9, $10
		       for (i = 2; i <= 10; i++) s[i] += $i }
		     END { printf "| **total** | **%d**/%d/%d | **%d**/%d/%d | **%d**/%d/%d |\n",
			s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10] }'
	echo
	echo "Cells are .text/.data/.bss."
	echo "Minimal remote (remote-only library, \`ld -r --gc-sections\` from the calls"
	echo "of \`firmware/main.c\`): **$(echo "$min" | awk '{ print $1 }') bytes of .text**,"
	echo "$(echo "$min" | awk '{ print $2 }') .data, $(echo "$min" | awk '{ print $3 }') .bss."
	echo "Application-owned RAM for one remote device with 16-entry rings:"
	echo "\`struct rpmsg_virtio_device\` $(echo "$ram" | tr ' ' '\n' | sed -n 's/^vdev=//p') bytes,"
	echo "slots $(echo "$ram" | tr ' ' '\n' | sed -n 's/^slots=//p') bytes (\`2 x 16 x struct rpmsg_vq_slot\`)."
	echo
	} >>"$MD.tmp"
	case $t in
	cortex-m*)
		# The whole example firmware, as .ci/cross.sh links it.
		${prefix}gcc $flags -$OPT -std=c11 -ffunction-sections \
			-fdata-sections -DRPMSG_CFG_HOST_ROLE=0 \
			-I"$ROOT/include" -T "$ROOT/firmware/firmware.ld" \
			-nostartfiles --specs=nano.specs --specs=nosys.specs \
			-Wl,--gc-sections "$ROOT/firmware/main.c" \
			"$ROOT/firmware/startup.c" "$OUT/$t-remote/librpmsg.a" \
			-o "$OUT/$t-firmware.elf"
		fw=$(${prefix}size -A "$OUT/$t-firmware.elf" |
		     awk '{ s[$1] = $2 } END { printf "%d %d %d %d %d",
			s[".text"], s[".resource_table"], s[".data"],
			s[".bss"], s[".rpmsg_shm"] }')
		set -- $fw
		{
		echo "The example firmware (\`firmware/\`: startup, vector table, main loop,"
		echo "newlib-nano's memcpy/memset/strncmp, --gc-sections) links to"
		echo "**$1 bytes of .text**; RAM: .resource_table $2, .data $3, .bss $4"
		echo "(mostly the device and the slots), and $5 bytes of vrings"
		echo "in the shared carveout."
		echo
		} >>"$MD.tmp"
		;;
	esac

	tot() { awk '{ s += $2 } END { print s }' "$1"; }
	echo "| $t | $(tot "$OUT/$t-both.sizes") | $(tot "$OUT/$t-remote.sizes") | $(tot "$OUT/$t-host.sizes") | **$(echo "$min" | awk '{ print $1 }')** |" >>"$OUT/summary"
done

{
head -n 8 "$MD.tmp"
echo "## Summary (.text bytes)"
echo
echo "| target | both roles | remote only | host only | minimal remote |"
echo "|---|---:|---:|---:|---:|"
cat "$OUT/summary"
echo
echo "The core has no static variables (no .bss, and on Arm no .data): all"
echo "state lives in structures the application provides; the .data counted"
echo "on x86-64 is the const ops tables, placed in .data.rel.ro by the PIE"
echo "default. Roles are compiled out with RPMSG_CFG_HOST_ROLE=0"
echo "or RPMSG_CFG_REMOTE_ROLE=0 (\`include/rpmsg/rpmsg_config.h\`); the"
echo "virtqueue keeps both its driver and device halves in one object, which"
echo "\`--gc-sections\` trims at link time (the minimal remote column)."
echo
tail -n +9 "$MD.tmp"
echo "## For comparison"
echo
echo "RPMsg-Lite's README (https://github.com/nxp-mcuxpresso/rpmsg-lite,"
echo "\"Motivation\") publishes a rough table: RPMsg-Lite with the static API"
echo "(no malloc), release build, 2926 B flash and 352 B RAM; with the dynamic"
echo "API 3462 B flash and 56 B RAM + heap; OpenAMP's RPMsg 5547 B flash and"
echo "456 B RAM + heap. The table names neither the core, the compiler, its"
echo "options, nor the role and sub-components (name service, queue) counted,"
echo "so it is not directly comparable with the minimal remote above, which"
echo "includes the name service, the channel/driver model and the validation"
echo "of every index, id, length and address the host writes."
echo
echo "## Commands"
echo
echo "Regenerate this file: \`scripts/footprint.sh\`. It runs, from the"
echo "repository root (builds under \`$(basename "$OUT")/\`):"
echo
echo '```'
cat "$OUT/commands"
echo "size librpmsg.a    # arm-none-eabi-size for the Arm targets"
echo "ld -r --gc-sections $(echo $MIN_REMOTE_SYMS | sed 's/\([a-z_0-9]*\)/-u \1/g') \\"
echo "   <target>-remote/librpmsg.a -o <target>-min-remote.o && size <target>-min-remote.o"
echo '```'
} >"$MD"
rm -f "$MD.tmp" "$OUT/summary"
cat "$MD"
