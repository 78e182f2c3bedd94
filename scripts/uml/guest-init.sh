#!/bin/sh
# /init of the User-Mode Linux guest of the kernel tests (busybox sh).
# The scenario comes from the kernel command line (rpmsg_test=NAME, which
# the kernel hands to init as an environment variable). Lines the runner
# acts on start with "@@ ". Every wait is bounded; at the end the guest
# prints its kernel log and powers off.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q " /dev devtmpfs " /proc/mounts || mount -t devtmpfs devtmpfs /dev
# The root is a host directory shared by every guest: scratch goes here.
mount -t tmpfs tmpfs /tmp

say() { echo "@@ $*"; }

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds.
wait_for() {
	n=$(($1 * 10))
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

present() { [ -e "$1" ]; }
absent() { [ ! -e "$1" ]; }
logged() { dmesg | grep -q -- "$1"; }
channel_listed() {
	for d in /sys/bus/rpmsg/devices/*"$1"*; do
		[ -e "$d" ] && return 0
	done
	return 1
}
channel_gone() { ! channel_listed "$1"; }

# tty_echo DEVICE TEXT: writes one line, reads the echo, compares.
tty_echo() {
	exec 3<>"$1" || return 1
	stty raw -echo <&3 || return 1
	timeout 10 head -n 1 <&3 >/tmp/echo &
	reader=$!
	printf '%s\n' "$2" >&3
	wait "$reader"
	exec 3>&-
	got=$(cat /tmp/echo)
	say "tty sent: $2"
	say "tty got:  $got"
	[ "$got" = "$2" ]
}

char_exchange() {
	wait_for 10 present /dev/rpmsg_ctrl0 || {
		say "FAIL: no /dev/rpmsg_ctrl0"
		return 1
	}
	rpmsg_char_client "$@"
}

scenario_sample() {
	insmod /lib/rpmsg_client_sample.ko || return 1
	wait_for 60 logged 'goodbye!' || {
		say "FAIL: the sample client never said goodbye"
		return 1
	}
	say "sample: $(dmesg | grep -c 'incoming msg') incoming messages"
}

scenario_tty() {
	wait_for 10 present /dev/ttyRPMSG0 || {
		say "FAIL: no /dev/ttyRPMSG0"
		return 1
	}
	tty_echo /dev/ttyRPMSG0 "rpmsg-tty line from the Linux guest $$"
}

scenario_destroy() {
	wait_for 10 present /dev/ttyRPMSG0 || {
		say "FAIL: no /dev/ttyRPMSG0"
		return 1
	}
	say "sysfs before: $(ls /sys/bus/rpmsg/devices/ | tr '\n' ' ')"
	channel_listed rpmsg-tty || {
		say "FAIL: no rpmsg-tty channel in sysfs"
		return 1
	}
	# The backend echoes, then destroys at once: the hangup that comes
	# with the channel's removal may discard the echo before it is read,
	# so only the message reaching the backend (which triggers the
	# destroy) is required.
	if tty_echo /dev/ttyRPMSG0 "the one message before the destroy"; then
		say "destroy: echo read before the hangup"
	else
		say "destroy: echo not read (discarded by the hangup)"
	fi
	wait_for 10 channel_gone rpmsg-tty
	gone=$?
	say "sysfs after: $(ls /sys/bus/rpmsg/devices/ | tr '\n' ' ')"
	[ "$gone" -eq 0 ] || {
		say "FAIL: rpmsg-tty still listed 10 s after the echo"
		return 1
	}
	wait_for 10 absent /dev/ttyRPMSG0 || {
		say "FAIL: /dev/ttyRPMSG0 still present"
		return 1
	}
	say "destroy: channel and /dev/ttyRPMSG0 removed"
}

# The rpmsg tool and kernel_api_client (librpmsg, linked statically) in
# the guest, through /dev/rpmsg_ctrl0, /dev/rpmsgN and /dev/ttyRPMSG0.
# Each runs under timeout(1) besides its own --timeout.
scenario_tool() {
	if ! { wait_for 10 channel_listed rpmsg-echo &&
		wait_for 10 channel_listed rpmsg-sink; }; then
		say "FAIL: the announced channels never appeared in sysfs"
		return 1
	fi
	say "ls json: $(timeout 20 rpmsg ls --kernel --json)" || return 1
	timeout 20 rpmsg ls --kernel || return 1
	# Endpoints made on /dev/rpmsg_ctrl0 to the echo service's address,
	# then the announced channel's own /dev/rpmsgN (driver_override).
	timeout 120 rpmsg bench --kernel --count 10000 --timeout 5000 || return 1
	timeout 120 rpmsg bench --kernel --service rpmsg-echo --count 10000 \
		--timeout 5000 || return 1
	timeout 20 rpmsg send --kernel --reply "hello through the kernel"
}

scenario_tool_tty() {
	wait_for 10 present /dev/ttyRPMSG0 || {
		say "FAIL: no /dev/ttyRPMSG0"
		return 1
	}
	timeout 120 rpmsg tty --device /dev/ttyRPMSG0 --count 10000 --timeout 5000
}

# The minimal remote: its announced channel serves, goes with an unbind of
# the virtio driver, comes back (announced again) with the bind, serves.
mini_bench() {
	wait_for 10 channel_listed rpmsg-echo || {
		say "FAIL: no rpmsg-echo channel announced ($1)"
		return 1
	}
	timeout 60 rpmsg bench --kernel --service rpmsg-echo --count 1000 \
		--timeout 5000
}

scenario_mini() {
	drv=/sys/bus/virtio/drivers/virtio_rpmsg_bus
	mini_bench "first" || return 1
	dev=
	for d in "$drv"/virtio*; do
		[ -e "$d" ] && dev=${d##*/}
	done
	[ -n "$dev" ] || { say "FAIL: no device bound to virtio_rpmsg_bus"; return 1; }
	echo "$dev" >"$drv/unbind" || return 1
	wait_for 10 channel_gone rpmsg-echo || {
		say "FAIL: rpmsg-echo still listed after the unbind"
		return 1
	}
	say "mini: channel gone after the unbind"
	echo "$dev" >"$drv/bind" || return 1
	mini_bench "after the bind"
}

# Channels made and released through /dev/rpmsg_ctrl0 by the rpmsg tool
# (RPMSG_CREATE_DEV_IOCTL, RPMSG_RELEASE_DEV_IOCTL): one to the backend's
# echo service serves 1000 messages through its /dev/rpmsgN; released,
# it leaves sysfs; released again, and made as nobody, the tool says why.
scenario_ctl() {
	wait_for 10 present /dev/rpmsg_ctrl0 || {
		say "FAIL: no /dev/rpmsg_ctrl0"
		return 1
	}
	wait_for 10 channel_listed rpmsg-echo || {
		say "FAIL: the backend's channels never appeared in sysfs"
		return 1
	}
	timeout 20 rpmsg channel create app-ctl --src 0x500 --dst 0x401 ||
		return 1
	say "ctl sysfs: $(ls /sys/bus/rpmsg/devices/ | tr '\n' ' ')"
	channel_listed app-ctl || {
		say "FAIL: app-ctl not in sysfs after its creation"
		return 1
	}
	timeout 60 rpmsg bench --kernel --service app-ctl --count 1000 \
		--timeout 5000 || return 1
	timeout 20 rpmsg channel release app-ctl --src 0x500 --dst 0x401 ||
		return 1
	wait_for 10 channel_gone app-ctl || {
		say "FAIL: app-ctl still listed after its release"
		return 1
	}
	say "ctl: app-ctl gone from sysfs"
	if timeout 20 rpmsg channel release app-ctl --src 0x500 --dst 0x401 \
		2>/tmp/err; then
		say "FAIL: a channel released twice"
		return 1
	fi
	say "ctl release again: $(cat /tmp/err)"
	if timeout 20 su -s /bin/sh nobody -c \
		"rpmsg channel create app-ctl --src 0x500" 2>/tmp/err; then
		say "FAIL: nobody made a channel"
		return 1
	fi
	say "ctl as nobody: $(cat /tmp/err)"
	channel_gone app-ctl
}

# ept_at ADDR: an endpoint device with local address ADDR (decimal).
ept_at() {
	for f in /sys/class/rpmsg/rpmsg*/src; do
		[ "$(cat "$f" 2>/dev/null)" = "$1" ] && return 0
	done
	return 1
}

# rpmsg listen and echo --kernel at 0x600, which the backend's rpmsg-raw
# learns from a message sent from there and sends a line to (the runner
# writes it to its stdin) once the endpoint is there.
scenario_tool_listen() {
	if ! { wait_for 10 present /dev/rpmsg_ctrl0 &&
		wait_for 10 channel_listed rpmsg-raw; }; then
		say "FAIL: no control device or rpmsg-raw channel"
		return 1
	fi
	timeout 20 rpmsg send --kernel --src 0x600 --dst 0x403 "from 0x600" ||
		return 1
	for cmd in listen echo; do
		timeout 30 rpmsg "$cmd" --kernel --src 0x600 --dst 0x403 \
			--count 1 --timeout 20000 &
		pid=$!
		wait_for 10 ept_at 1536 || {
			say "FAIL: rpmsg $cmd made no endpoint at 0x600"
			return 1
		}
		say "traffic started"
		wait "$pid" || return 1
		wait_for 10 absent_ept 1536 || return 1
	done
}
absent_ept() { ! ept_at "$1"; }

say "start ${rpmsg_test:-none}"
case ${rpmsg_test:-} in
sample)	scenario_sample ;;
char)	char_exchange --count 10000 ;;
char-short) char_exchange --count 1000 ;;
# Runs until the backend is killed: the loss must be reported.
kill)	char_exchange --count 100000000 --announce-after 500 \
		--timeout-ms 3000 ;;
# Negative control: rpmsg-sink drops everything, so no echo may come.
sink)	char_exchange --dst 0x404 --count 10 --timeout-ms 2000 ;;
tty)	scenario_tty ;;
destroy) scenario_destroy ;;
tool)	scenario_tool ;;
tool-tty) scenario_tool_tty ;;
mini)	scenario_mini ;;
ctl)	scenario_ctl ;;
tool-listen) scenario_tool_listen ;;
# The remote destroys the channel after 100 echoes and announces it again.
api-gone) wait_for 10 present /dev/rpmsg_ctrl0 &&
	timeout 60 kernel_api_client gone rpmsg-echo 5000 ;;
# Runs until the backend is killed: an error within the 3 s timeout.
api-loss) wait_for 10 present /dev/rpmsg_ctrl0 &&
	timeout 60 kernel_api_client loss 0x401 3000 ;;
# link_echo.c on RPMSG_LINK_KERNEL: the bus API over the kernel's devices.
link-echo) wait_for 10 present /dev/rpmsg_ctrl0 &&
	timeout 120 link_echo /dev/rpmsg_ctrl0 10000 5000 ;;
# The same with the remote destroying the channel after 100 echoes and
# announcing it again: an error, then 100 more on the new channel.
link-gone) wait_for 10 present /dev/rpmsg_ctrl0 &&
	timeout 60 link_echo /dev/rpmsg_ctrl0 100 5000 gone ;;
# A listen-only endpoint on RPMSG_LINK_KERNEL: the remote's rpmsg-raw
# learns address 0x600 from a message sent from it, then (the runner
# writing to its stdin) sends there unasked.
link-listen) wait_for 10 present /dev/rpmsg_ctrl0 &&
	wait_for 10 channel_listed rpmsg-raw &&
	timeout 20 rpmsg send --kernel --dst 0x403 --src 0x600 "from 0x600" &&
	timeout 60 link_echo /dev/rpmsg_ctrl0 1 10000 listen 0x600 ;;
none)	true ;;
*)	say "FAIL: unknown scenario '$rpmsg_test'"; false ;;
esac
status=$?
say "status $status"
say "dmesg begin"
dmesg
say "dmesg end"
say "done"
sync
poweroff -f
