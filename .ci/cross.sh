#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Cross builds of the portable core for bare-metal Arm, and the example
# firmware.
#
#   .ci/cross.sh            (OUT=build-cross by default)
#
# 1. The core + no-OS port as a static library (RPMSG_CORE_ONLY=ON) for
#    Cortex-M0+, Cortex-M4F and Cortex-R5 (Arm and Thumb), at -Os and -O2,
#    with both roles, remote only and host only; -Wall -Wextra -Werror.
#    Each library is linked into one relocatable object whose undefined
#    symbols must be memcpy/memmove/memset/strncmp and libgcc's __aeabi helpers:
#    no libatomic (__atomic_*), no __sync_*.
# 2. The example firmware (firmware/) linked for Cortex-M0+ and M4F with
#    newlib-nano; its .resource_table section must exist, and its bytes,
#    extracted with objcopy, must pass the host's resource table parser.
# 3. firmware/main.c built for this machine and run against the library's
#    host role (firmware/host_sim.c): it must announce its channel and echo.
# 4. The role switches on this machine (.ci/role_check.c).
# 5. clang for Cortex-M0+ (Armv6-M): the core must not reference any
#    __atomic_* or __sync_* symbol.
# 6. The minimal remote profile (src/mini/, firmware/mini_main.c) for
#    Cortex-M0+, and on this machine against the host role (host_sim.c).
# 7. Every rpmsg_config.h switch off (and RPMSG_CFG_ASSERT on), alone and
#    together, and the minimal remote (polled, and with concurrency for
#    the interrupt-driven firmware), for Cortex-M0+ and Cortex-R5.
#
# Installs gcc-arm-none-eabi and libnewlib-arm-none-eabi with apt-get if
# arm-none-eabi-gcc is missing.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$ROOT/build-cross}
JOBS=$(nproc 2>/dev/null || echo 2)
mkdir -p "$OUT"
rm -f "$OUT.failed"

if ! command -v arm-none-eabi-gcc >/dev/null 2>&1; then
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
		--no-install-recommends gcc-arm-none-eabi \
		libnewlib-arm-none-eabi binutils-arm-none-eabi
fi

# name|CPU flags
TARGETS="m0plus|-mcpu=cortex-m0plus -mthumb
m4f|-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
r5|-mcpu=cortex-r5 -marm
r5t|-mcpu=cortex-r5 -mthumb"

# name|defines
ROLES="both|
remote|-DRPMSG_CFG_HOST_ROLE=0
host|-DRPMSG_CFG_REMOTE_ROLE=0"

# The "minimal remote" configuration (scripts/footprint.sh reads it here).
RPMSG_MIN_REMOTE=$(sh "$ROOT/scripts/min_remote.sh")
# The same driven from an interrupt too (FW_IRQ=1): concurrency compiled in.
RPMSG_MIN_REMOTE_IRQ=$(echo "$RPMSG_MIN_REMOTE" |
	sed 's/ *-DRPMSG_CFG_CONCURRENT=0//')

# Symbols the core may take from the C library and libgcc.
ALLOWED='^(memcpy|memmove|memset|strncmp|__aeabi_[a-z0-9_]+|__gnu_[a-z0-9_]+)$'

# check_undef <label> <object>: what the object leaves undefined must come
# from the C library or libgcc.
check_undef() {
	bad=$(arm-none-eabi-nm -u "$2" | awk '{print $2}' |
	      grep -Ev "$ALLOWED" || true)
	if [ -n "$bad" ]; then
		echo "FAIL symbols $1: $(echo $bad)"
		return 1
	fi
	echo "ok   $1: $(arm-none-eabi-nm -u "$2" | awk '{print $2}' |
			 tr '\n' ' ')"
}

# build_lib <target> <cpu flags> <opt> <role> <defines>
build_lib() {
	dir=$OUT/$1-$3-$4
	CFLAGS="-$3 $5" cmake -S "$ROOT" -B "$dir" \
		-DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/arm-none-eabi.cmake" \
		-DRPMSG_ARM_FLAGS="$2" -DRPMSG_CORE_ONLY=ON \
		-DCMAKE_BUILD_TYPE= >"$dir.log" 2>&1 || {
		echo "FAIL configure $1 -$3 $4 (see $dir.log)"
		return 1
	}
	cmake --build "$dir" -j "$JOBS" >>"$dir.log" 2>&1 || {
		echo "FAIL build $1 -$3 $4 (see $dir.log)"
		return 1
	}
	# Every object in one relocatable file: what is still undefined
	# must come from the C library or libgcc.
	arm-none-eabi-ld -r --whole-archive "$dir/librpmsg.a" \
		-o "$dir/core.o"
	check_undef "$1 -$3 $4" "$dir/core.o"
}

echo "== libraries"
echo "$TARGETS" | while IFS='|' read -r t flags; do
	for opt in Os O2; do
		echo "$ROLES" | while IFS='|' read -r role defs; do
			build_lib "$t" "$flags" "$opt" "$role" "$defs" ||
				echo x >>"$OUT.failed"
		done
	done
done

# Every switch of include/rpmsg/rpmsg_config.h away from its default, alone
# and together, and the "minimal remote" of scripts/footprint.sh: each must
# compile warning-free and link with nothing but the C library and libgcc.
CONFIGS="no-ns|-DRPMSG_CFG_NS=0
no-zero-copy|-DRPMSG_CFG_ZERO_COPY=0
no-event-idx|-DRPMSG_CFG_EVENT_IDX=0
assert|-DRPMSG_CFG_ASSERT=1
all-off|-DRPMSG_CFG_NS=0 -DRPMSG_CFG_ZERO_COPY=0 -DRPMSG_CFG_EVENT_IDX=0 -DRPMSG_CFG_ASSERT=1
small|-DRPMSG_CFG_MAX_CHANNELS=1 -DRPMSG_CFG_MAX_DRIVERS=1 -DRPMSG_CFG_NUM_BUFS=4u -DRPMSG_CFG_BUF_SIZE=256u
no-channels|-DRPMSG_CFG_CHANNELS=0
single-context|-DRPMSG_CFG_CONCURRENT=0
min-remote|$RPMSG_MIN_REMOTE
min-remote-no-channels|$RPMSG_MIN_REMOTE -DRPMSG_CFG_CHANNELS=0
min-remote-no-channels-irq|$RPMSG_MIN_REMOTE_IRQ -DRPMSG_CFG_CHANNELS=0"

echo "== configuration switches"
echo "$TARGETS" | while IFS='|' read -r t flags; do
	case $t in m0plus | r5) ;; *) continue ;; esac
	echo "$CONFIGS" | while IFS='|' read -r cfg defs; do
		build_lib "$t" "$flags" Os "$cfg" "$defs" ||
			echo x >>"$OUT.failed"
	done
done

# clang for Cortex-M0+ (Armv6-M, no LDREX/STREX): clang makes every
# __atomic_* access a library call there, so src/core/shm.h spells the
# accesses out under __ARM_ARCH_6M__. The core must link with no
# __atomic_*/__sync_* reference, like the GCC builds.
# build_clang_m0 <opt> <role> <defines>
build_clang_m0() {
	dir=$OUT/clang-m0plus-$1-$2
	mkdir -p "$dir"
	for src in "$ROOT"/src/core/*.c "$ROOT"/src/rsc/*.c "$ROOT/src/port/noos.c" \
		"$ROOT/src/port/noos_irq.c" "$ROOT/src/port/rtos_template.c"; do
		# shellcheck disable=SC2086
		clang --target=armv6m-none-eabi -mcpu=cortex-m0plus -mthumb \
			-"$1" -std=c11 -ffreestanding -ffunction-sections \
			-fdata-sections -Wall -Wextra -Werror -Wshadow \
			-Wstrict-prototypes -Wmissing-prototypes \
			-Wpointer-arith -Wcast-align $3 -I"$ROOT/include" \
			-isystem /usr/lib/arm-none-eabi/include \
			-c "$src" -o "$dir/$(basename "$src" .c).o" \
			2>>"$dir.log" || {
			echo "FAIL clang m0plus -$1 $2: $src (see $dir.log)"
			return 1
		}
	done
	arm-none-eabi-ld -r "$dir"/*.o -o "$dir/core.o"
	if arm-none-eabi-nm "$dir/core.o" | grep -Eq ' (__atomic_|__sync_)'; then
		echo "FAIL clang m0plus -$1 $2: $(arm-none-eabi-nm "$dir/core.o" |
			grep -Eo '(__atomic_|__sync_)[a-z0-9_]*' | sort -u |
			tr '\n' ' ')"
		return 1
	fi
	check_undef "clang m0plus -$1 $2" "$dir/core.o"
}

if command -v clang >/dev/null 2>&1; then
	echo "== clang, Cortex-M0+"
	for opt in Os O2; do
		echo "$ROLES" | while IFS='|' read -r role defs; do
			build_clang_m0 "$opt" "$role" "$defs" ||
				echo x >>"$OUT.failed"
		done
	done
else
	echo "FAIL clang not installed"
	echo x >>"$OUT.failed"
fi

# build_fw <target> <cpu flags> <library build> [irq]: the polled firmware,
# or with "irq" the interrupt-driven one (FW_IRQ=1, firmware/irq_port.c)
build_fw() {
	dir=$OUT/fw-$1${4:+-$4}
	elf=$dir/firmware.elf
	mkdir -p "$dir"
	if [ "${4:-}" = irq ]; then
		set -- "$1" "$2 -DFW_IRQ=1" "$3" "$ROOT/firmware/irq_port.c"
	else
		set -- "$1" "$2" "$3"
	fi
	# shellcheck disable=SC2086
	arm-none-eabi-gcc $2 -Os -std=c11 -Wall -Wextra -Werror \
		-ffunction-sections -fdata-sections \
		-DRPMSG_CFG_HOST_ROLE=0 -I"$ROOT/include" \
		-T "$ROOT/firmware/firmware.ld" -nostartfiles \
		--specs=nano.specs --specs=nosys.specs \
		-Wl,--gc-sections -Wl,-Map="$dir/firmware.map" \
		"$ROOT/firmware/main.c" "$ROOT/firmware/startup.c" \
		${4:+"$4"} "$3/librpmsg.a" -o "$elf"
	arm-none-eabi-readelf -S "$elf" | grep -q ' \.resource_table ' || {
		echo "FAIL $1: no .resource_table section"
		return 1
	}
	# No read-modify-write atomics sneaked in through libatomic.
	if arm-none-eabi-nm "$elf" | grep -Eq ' (__atomic_|__sync_)'; then
		echo "FAIL $1: firmware needs libatomic"
		return 1
	fi
	# Interrupt-driven: the mailbox vector is the firmware's handler.
	if [ -n "${4:-}" ] &&
	   ! arm-none-eabi-nm "$elf" | grep -q ' T Mailbox_IRQHandler$'; then
		echo "FAIL $1: Mailbox_IRQHandler not linked"
		return 1
	fi
	arm-none-eabi-objcopy -O binary --only-section=.resource_table \
		"$elf" "$dir/resource_table.bin"
	"$OUT/rsc_check" "$dir/resource_table.bin"
	arm-none-eabi-size "$elf"
}

echo "== firmware"
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" -I"$ROOT/src/core" \
	"$ROOT/firmware/rsc_check.c" "$ROOT/src/transport/shm_rsc.c" \
	"$ROOT"/src/rsc/*.c \
	"$ROOT/src/core/virtqueue.c" "$ROOT/src/core/mem.c" \
	-o "$OUT/rsc_check"
echo "$TARGETS" | while IFS='|' read -r t flags; do
	case $t in m0plus | m4f) ;; *) continue ;; esac
	build_fw "$t" "$flags" "$OUT/$t-Os-remote" ||
		echo x >>"$OUT.failed"
	build_fw "$t" "$flags" "$OUT/$t-Os-remote" irq ||
		echo x >>"$OUT.failed"
done
# The smallest remote: minimal configuration without the channel model
# (the library of the configuration switches above).
build_fw m0plus-noch "-mcpu=cortex-m0plus -mthumb $RPMSG_MIN_REMOTE -DRPMSG_CFG_CHANNELS=0" \
	"$OUT/m0plus-Os-min-remote-no-channels" || echo x >>"$OUT.failed"
build_fw m0plus-noch "-mcpu=cortex-m0plus -mthumb $RPMSG_MIN_REMOTE_IRQ -DRPMSG_CFG_CHANNELS=0" \
	"$OUT/m0plus-Os-min-remote-no-channels-irq" irq || echo x >>"$OUT.failed"

# The minimal remote profile's firmware (firmware/mini_main.c, src/mini/)
# for Cortex-M0+: built from source, the resource table checked.
echo "== firmware, minimal remote profile"
mkdir -p "$OUT/fw-mini-m0plus"
arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os -std=c11 -Wall -Wextra \
	-Werror -ffunction-sections -fdata-sections -I"$ROOT/include" \
	-T "$ROOT/firmware/firmware.ld" -nostartfiles \
	--specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
	"$ROOT/firmware/mini_main.c" "$ROOT/firmware/startup.c" \
	"$ROOT"/src/mini/*.c -o "$OUT/fw-mini-m0plus/firmware.elf" &&
	arm-none-eabi-objcopy -O binary --only-section=.resource_table \
	"$OUT/fw-mini-m0plus/firmware.elf" \
	"$OUT/fw-mini-m0plus/resource_table.bin" &&
	"$OUT/rsc_check" "$OUT/fw-mini-m0plus/resource_table.bin" &&
	arm-none-eabi-size "$OUT/fw-mini-m0plus/firmware.elf" ||
	echo x >>"$OUT.failed"

# The same driven from the mailbox interrupt (FW_IRQ=1; on a real core in
# firmware/an521/): its handler is the mailbox vector.
mkdir -p "$OUT/fw-mini-m0plus-irq"
arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os -std=c11 -Wall -Wextra \
	-Werror -ffunction-sections -fdata-sections -DFW_IRQ=1 \
	-I"$ROOT/include" -T "$ROOT/firmware/firmware.ld" -nostartfiles \
	--specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
	"$ROOT/firmware/mini_main.c" "$ROOT/firmware/startup.c" \
	"$ROOT"/src/mini/*.c -o "$OUT/fw-mini-m0plus-irq/firmware.elf" &&
	arm-none-eabi-nm "$OUT/fw-mini-m0plus-irq/firmware.elf" |
	grep -q ' T Mailbox_IRQHandler$' &&
	arm-none-eabi-size "$OUT/fw-mini-m0plus-irq/firmware.elf" ||
	echo x >>"$OUT.failed"

# The interrupt-driven firmware with concurrency compiled out must not
# build: its port drives the device from two contexts.
if arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os -std=c11 \
	-DRPMSG_CFG_HOST_ROLE=0 -DRPMSG_CFG_CONCURRENT=0 -DFW_IRQ=1 \
	-I"$ROOT/include" -c "$ROOT/firmware/main.c" -o "$OUT/fw-refused.o" \
	2>"$OUT/fw-refused.log"; then
	echo "FAIL FW_IRQ=1 built with RPMSG_CFG_CONCURRENT=0"
	echo x >>"$OUT.failed"
elif grep -q "RPMSG_CFG_CONCURRENT 1" "$OUT/fw-refused.log"; then
	echo "ok   FW_IRQ=1 refused with RPMSG_CFG_CONCURRENT=0"
else
	echo "FAIL FW_IRQ=1 with RPMSG_CFG_CONCURRENT=0: $(head -3 "$OUT/fw-refused.log")"
	echo x >>"$OUT.failed"
fi

# The firmware's own code, built for this machine, against the host role:
# announcement and 100 echoes over its resource table and vrings.
echo "== firmware on the build machine"
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" -I"$ROOT/firmware" \
	-Dmain=fw_main -c "$ROOT/firmware/main.c" -o "$OUT/fw_main.o" &&
	cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" -I"$ROOT/firmware" \
	-no-pie -pthread "$ROOT/firmware/host_sim.c" "$ROOT/firmware/fw_host.c" \
	"$OUT/fw_main.o" \
	"$ROOT"/src/core/*.c "$ROOT/src/port/noos.c" \
	"$ROOT/src/transport/shm_rsc.c" "$ROOT"/src/rsc/*.c \
	-Wl,--section-start=.rpmsg_shm=0x20040000 -o "$OUT/host_sim" &&
	timeout 60 "$OUT/host_sim" || echo x >>"$OUT.failed"

# The same with the minimal remote's configuration (the host beside it
# keeps its role): announcement and echoes without event index, zero copy,
# or more than one channel.
echo "== firmware on the build machine, minimal remote configuration"
MIN_SIM=$(echo "$RPMSG_MIN_REMOTE" | sed 's/-DRPMSG_CFG_HOST_ROLE=0//')
# shellcheck disable=SC2086
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" -I"$ROOT/firmware" \
	$MIN_SIM -Dmain=fw_main -c "$ROOT/firmware/main.c" \
	-o "$OUT/fw_main_min.o" &&
	cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" \
	-I"$ROOT/firmware" $MIN_SIM -no-pie -pthread \
	"$ROOT/firmware/host_sim.c" "$ROOT/firmware/fw_host.c" "$OUT/fw_main_min.o" \
	"$ROOT"/src/core/*.c "$ROOT/src/port/noos.c" \
	"$ROOT/src/transport/shm_rsc.c" "$ROOT"/src/rsc/*.c \
	-Wl,--section-start=.rpmsg_shm=0x20040000 -o "$OUT/host_sim_min" &&
	timeout 60 "$OUT/host_sim_min" || echo x >>"$OUT.failed"

# And without the channel model (RPMSG_CFG_CHANNELS=0, on both sides):
# the firmware announces an endpoint by hand, the host's name-service
# callback binds one towards it.
echo "== firmware on the build machine, minimal remote without channels"
# shellcheck disable=SC2086
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" -I"$ROOT/firmware" \
	$MIN_SIM -DRPMSG_CFG_CHANNELS=0 -Dmain=fw_main -c "$ROOT/firmware/main.c" \
	-o "$OUT/fw_main_noch.o" &&
	cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" \
	-I"$ROOT/firmware" $MIN_SIM -DRPMSG_CFG_CHANNELS=0 -no-pie -pthread \
	"$ROOT/firmware/host_sim.c" "$ROOT/firmware/fw_host.c" "$OUT/fw_main_noch.o" \
	"$ROOT"/src/core/*.c "$ROOT/src/port/noos.c" \
	"$ROOT/src/transport/shm_rsc.c" "$ROOT"/src/rsc/*.c \
	-Wl,--section-start=.rpmsg_shm=0x20040000 -o "$OUT/host_sim_noch" &&
	timeout 60 "$OUT/host_sim_noch" || echo x >>"$OUT.failed"

# The minimal remote profile's firmware against librpmsg's host role.
echo "== firmware on the build machine, minimal remote profile"
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" -I"$ROOT/firmware" \
	-Dmain=fw_main -c "$ROOT/firmware/mini_main.c" -o "$OUT/fw_mini.o" &&
	cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" \
	-I"$ROOT/firmware" -DFW_RSC_TRACE=0 -no-pie -pthread \
	"$ROOT/firmware/host_sim.c" "$ROOT/firmware/fw_host.c" \
	"$OUT/fw_mini.o" "$ROOT"/src/mini/*.c "$ROOT"/src/core/*.c \
	"$ROOT/src/port/noos.c" "$ROOT/src/transport/shm_rsc.c" "$ROOT"/src/rsc/*.c \
	-Wl,--section-start=.rpmsg_shm=0x20040000 -o "$OUT/host_sim_mini" &&
	timeout 60 "$OUT/host_sim_mini" || echo x >>"$OUT.failed"

# A role compiled out is refused at run time, the other still works.
echo "== role switches"
for defs in "" -DRPMSG_CFG_HOST_ROLE=0 -DRPMSG_CFG_REMOTE_ROLE=0; do
	# shellcheck disable=SC2086
	cc -std=c11 -O2 -Wall -Wextra -Werror -I"$ROOT/include" $defs \
		"$ROOT/.ci/role_check.c" "$ROOT"/src/core/*.c \
		"$ROOT/src/port/noos.c" -o "$OUT/role_check" &&
		"$OUT/role_check" || echo x >>"$OUT.failed"
done

if [ -e "$OUT.failed" ]; then
	echo "cross: $(wc -l <"$OUT.failed") failure(s)"
	rm -f "$OUT.failed"
	exit 1
fi
echo "cross: all builds passed"
