#!/usr/bin/env bash
# Runs one kernel-test scenario: starts the librpmsg vhost-user backend,
# boots the User-Mode Linux guest against it, follows the console line by
# line, and decides from what the kernel and the guest printed.
#
# Usage: scripts/uml/run-scenario.sh RPMSG_BINARY UML_DIR SCENARIO [MINI]
#   UML_DIR   holds `linux` and `root/` (scripts/uml/setup.sh makes them)
#   SCENARIO  boot | sample | char | sink | tty | destroy | kill |
#             tool | tool-tty | api-gone | api-loss | mini | link-echo |
#             link-gone | link-listen | tool-listen | ctl
#   MINI      the minimal remote's backend (tests/kernel/mini_remote.c),
#             which scenario mini runs instead of the rpmsg tool
# RPMSG_UML_DEADLINE (seconds, default 90; a scenario takes about a
# second) bounds the whole run, whatever step it is in (reading the
# console, waiting for the guest or the backend to exit): past it the
# backend's counters and the guest's last console lines are shown,
# everything is killed and the scenario fails.
#
# Everything the guest's console shows (kernel messages, the guest's
# lines, its dmesg at the end) is copied to stdout prefixed "| ", and
# the backend's output prefixed "backend| ".
set -u

BIN=$1
UML=$2
SCENARIO=$3
MINI=${4:-}
TMP=$(mktemp -d)
DEADLINE_AT=$((SECONDS + ${RPMSG_UML_DEADLINE:-90}))
BACKEND_PID=
UML_PID=
WATCHDOG_PID=
CONSOLE_FD=
STDIN_FD=

# Kills what is still running (the guest with its whole process group),
# shows the backend's output, removes the scratch directory.
cleanup() {
	[ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
	[ -n "$UML_PID" ] && kill -KILL -- "-$UML_PID" 2>/dev/null
	[ -n "$BACKEND_PID" ] && kill -KILL "$BACKEND_PID" 2>/dev/null
	[ -n "$UML_PID" ] && wait "$UML_PID" 2>/dev/null
	[ -n "$BACKEND_PID" ] && wait "$BACKEND_PID" 2>/dev/null
	show_backend_log
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

say() { echo "runner: $*"; }

fail() {
	say "FAIL ($SCENARIO): $*"
	if [ -s "$TMP/console.log" ]; then
		say "the guest's last console lines:"
		tail -n 30 "$TMP/console.log" | sed 's/^/console| /'
	fi
	# What the backend saw (channels, endpoints, rx/tx counters), if alive.
	if [ -n "$BACKEND_PID" ] && kill -0 "$BACKEND_PID" 2>/dev/null; then
		say "backend's view (rpmsg ls):"
		timeout 5 "$BIN" ls --name "vhost-user-$BACKEND_PID" \
			--side remote 2>&1 | sed 's/^/backend| /'
	fi
	exit 1
}

# The watchdog: SIGUSR1 to this script at the deadline. A trapped signal
# ends the `wait` builtin at once, so a guest that stops without exiting
# (its console closed or silent) fails the scenario instead of hanging it.
start_watchdog() {
	(
		trap 'kill "$sp" 2>/dev/null; exit 0' TERM
		sleep "$1" &
		sp=$!
		wait "$sp" && kill -USR1 "$2"
	) </dev/null >/dev/null 2>&1 &
	WATCHDOG_PID=$!
}
trap 'WATCHDOG_PID=; fail "deadline passed (watchdog)"' USR1
start_watchdog "${RPMSG_UML_DEADLINE:-90}" "$$"

show_backend_log() {
	local f
	for f in "$TMP"/backend*.log; do
		[ -s "$f" ] || continue
		say "output of ${f##*/}:"
		sed 's/^/backend| /' "$f"
		: >"$f"
	done
}

# Sets LEFT to the seconds left before the deadline; fails past it.
remaining() {
	LEFT=$((DEADLINE_AT - SECONDS))
	[ "$LEFT" -gt 0 ] || fail "deadline passed"
}

# start_backend LOGNAME ARGS...: runs `rpmsg ARGS... --vhost-user SOCK
# --once` and waits until it listens (its socket exists) or dies.
# Without --timeout in ARGS, the backend's --once waits as long as the
# scenario may still run: its default (10 s for the guest to come and
# leave) is shorter than the char exchange takes on a loaded host, and a
# backend giving up mid-run fails the scenario (seen 2 of 10 runs).
start_backend() {
	local log=$TMP/$1.log
	shift
	SOCK=$TMP/vhost.sock
	rm -f "$SOCK"
	case " $* " in
	*" --timeout "*) ;;
	*) remaining; set -- "$@" --timeout "$((LEFT * 1000))" ;;
	esac
	say "backend: ${BACKEND_BIN:-$BIN} $* --vhost-user $SOCK --once"
	"${BACKEND_BIN:-$BIN}" "$@" --vhost-user "$SOCK" --once \
		<&"${BACKEND_STDIN:-0}" >"$log" 2>&1 &
	BACKEND_PID=$!
	until [ -S "$SOCK" ]; do
		kill -0 "$BACKEND_PID" 2>/dev/null ||
			fail "backend exited before listening on $SOCK"
		remaining
		sleep 0.02
	done
}

# kill_backend: SIGKILL, the way a crashing remote goes away.
kill_backend() {
	say "killing the backend (pid $BACKEND_PID) with SIGKILL"
	kill -KILL "$BACKEND_PID"
	wait "$BACKEND_PID" 2>/dev/null
	BACKEND_PID=
}

# end_backend: with --once it exits by itself after the guest left.
end_backend() {
	local n=100 rc
	while kill -0 "$BACKEND_PID" 2>/dev/null; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || fail "backend still running 10 s after the guest left"
		sleep 0.1
	done
	wait "$BACKEND_PID"
	rc=$?
	BACKEND_PID=
	[ "$rc" -eq 0 ] || fail "backend exited with status $rc"
}

# boot TEST [DEVICE_ARG]: boots the guest with rpmsg_test=TEST; the
# console is followed until the guest exits. Lines are kept in
# $TMP/console.log, the guest's dmesg dump in $TMP/dmesg.log. On the
# line "rpmsg_char_client: traffic started", ON_TRAFFIC is run.
boot() {
	local test=$1 device=${2:-} line rc in_dmesg=0
	: >"$TMP/console.log"
	: >"$TMP/dmesg.log"
	rm -rf "$TMP/umldir" "$TMP/console" "$TMP/stdin"
	mkdir "$TMP/umldir"
	mkfifo "$TMP/console" "$TMP/stdin"
	# The guest's stdin: a pipe that stays open and silent.
	exec {STDIN_FD}<>"$TMP/stdin"
	say "boot: linux ... rpmsg_test=$test $device"
	setsid stdbuf -oL "$UML/linux" mem=128M rootfstype=hostfs hostfs="$UML/root" rw \
		init=/init earlyprintk con=null con0=fd:0,fd:1 uml_dir="$TMP/umldir" \
		rpmsg_test="$test" ${device:+"$device"} \
		<&"$STDIN_FD" >"$TMP/console" 2>&1 &
	UML_PID=$!
	exec {CONSOLE_FD}<"$TMP/console"
	while :; do
		remaining
		IFS= read -r -t "$LEFT" -u "$CONSOLE_FD" line
		rc=$?
		[ "$rc" -gt 128 ] && fail "deadline passed while the guest ran"
		[ "$rc" -ne 0 ] && [ -z "$line" ] && break
		line=${line%$'\r'}
		printf '| %s\n' "$line"
		printf '%s\n' "$line" >>"$TMP/console.log"
		case $line in
		"@@ dmesg begin") in_dmesg=1; continue ;;
		"@@ dmesg end") in_dmesg=0 ;;
		"rpmsg_char_client: traffic started"* | "@@ traffic started"*)
			[ -n "${ON_TRAFFIC:-}" ] && $ON_TRAFFIC ;;
		esac
		[ "$in_dmesg" -eq 1 ] && printf '%s\n' "$line" >>"$TMP/dmesg.log"
	done
	exec {CONSOLE_FD}<&- {STDIN_FD}>&-
	wait "$UML_PID"
	rc=$?
	UML_PID=
	say "guest exited with status $rc"
	grep -qx '@@ done' "$TMP/console.log" ||
		fail "the guest stopped before the end of its /init"
	check_kernel_clean
	# UML's host process sometimes aborts (SIGABRT, status 134) on its way
	# out after the guest halted, with or without a device (about 1 run
	# in 30 here); the kernel printed nothing and the test's verdict was
	# already in. Reported, not counted. Any other status fails.
	if [ "$rc" -eq 134 ]; then
		say "NOTE: UML's host process aborted after the guest halted"
	elif [ "$rc" -ne 0 ]; then
		fail "the guest exited with status $rc"
	fi
}

# The kernel must not have complained: no panic, oops, BUG or WARNING.
# KERNEL_WARNINGS_OK=1 (a backend killed on purpose) lets WARNINGs pass:
# virtio_uml warns when the backend's end of its pipes and socket closes.
check_kernel_clean() {
	local bad re='Kernel panic|BUG:|Oops|general protection|INFO: task'
	[ "${KERNEL_WARNINGS_OK:-0}" = 1 ] || re="$re|WARNING:|Call Trace"
	bad=$(grep -E "$re" "$TMP/console.log" | head -5)
	[ -z "$bad" ] || fail "the kernel complained: $bad"
}

# console_has LINE-REGEX: the guest printed a matching line.
console_has() { grep -qE -- "$1" "$TMP/console.log"; }

expect_status() {
	console_has "^@@ status $1\$" ||
		fail "the guest's test ended with $(grep '^@@ status' "$TMP/console.log")"
}

expect_char_exchange() {
	local count=$1
	console_has "^rpmsg_char_client: $count of $count messages echoed intact" ||
		fail "the rpmsg_char exchange of $count messages did not complete"
	say "rpmsg_char: $count of $count messages echoed intact"
}

# with_backend LOGNAME: the backend saw the guest start the device.
with_backend() {
	grep -qE "^(remote|echo): host connected" "$TMP/$1.log" ||
		fail "the backend never reported the host connected"
}

device_arg() { echo "virtio_uml.device=$SOCK:7"; }

case $SCENARIO in
boot)
	# No device: the kernel and the root work on their own.
	boot none
	expect_status 0
	;;
sample)
	start_backend backend echo --service rpmsg-client-sample
	boot sample "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	n=$(grep -c 'rpmsg_client_sample .*: incoming msg' "$TMP/dmesg.log")
	[ "$n" -eq 100 ] || fail "the kernel logged $n incoming messages, not 100"
	grep -q 'rpmsg_client_sample .*: goodbye!' "$TMP/dmesg.log" ||
		fail "the kernel's sample client never said goodbye"
	say "rpmsg_client_sample: 100 incoming messages, goodbye"
	;;
char)
	start_backend backend remote
	boot char "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	expect_char_exchange 10000
	;;
sink)
	# Negative control for the client's check: messages to rpmsg-sink
	# (0x404) are dropped by the backend, so the client must fail.
	start_backend backend remote
	boot sink "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 1
	console_has '^rpmsg_char_client: FAIL: no echo within 2000 ms: [0-9]+ sent, 0 of 10 echoed' ||
		fail "the client did not report the missing echoes"
	say "rpmsg_char client: missing echoes detected"
	;;
tty)
	start_backend backend echo --service rpmsg-tty
	boot tty "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	sent=$(sed -n 's/^@@ tty sent: //p' "$TMP/console.log")
	got=$(sed -n 's/^@@ tty got:  //p' "$TMP/console.log")
	if [ -z "$sent" ] || [ "$sent" != "$got" ]; then
		fail "tty echo differs: sent '$sent', got '$got'"
	fi
	say "ttyRPMSG0: line echoed intact"
	;;
destroy)
	start_backend backend echo --service rpmsg-tty --destroy-after 1
	boot destroy "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	console_has '^@@ sysfs before: .*rpmsg-tty' ||
		fail "the channel was never listed in sysfs"
	console_has '^@@ sysfs after: ' ||
		fail "the guest never listed sysfs after the destroy"
	! console_has '^@@ sysfs after: .*rpmsg-tty' ||
		fail "the channel was still listed in sysfs after the destroy"
	say "NS destroy: the kernel removed the rpmsg-tty channel"
	;;
kill)
	start_backend backend remote
	KERNEL_WARNINGS_OK=1 ON_TRAFFIC=kill_backend boot kill "$(device_arg)"
	with_backend backend
	[ -z "$BACKEND_PID" ] || fail "traffic never started, backend not killed"
	console_has '^rpmsg_char_client: FAIL: .*remote (lost|silent)' ||
		fail "the guest did not report the lost remote"
	expect_status 1
	say "guest reported the loss and shut down cleanly"
	show_backend_log
	# A new backend, a freshly booted guest: everything works again.
	start_backend backend-restarted remote
	boot char-short "$(device_arg)"
	with_backend backend-restarted
	end_backend
	expect_status 0
	expect_char_exchange 1000
	;;
tool)
	# rpmsg ls/bench/send --kernel inside the guest: the channels listed
	# are those the backend announced, at its addresses. The backend's
	# --once waits for the guest to leave as long as the scenario may
	# run (start_backend): the guest's 40,000 messages took 61 s at load
	# 10 on 2 cores, past the 60 s the backend was given before.
	start_backend backend remote
	want=$(timeout 5 "$BIN" ls --name "vhost-user-$BACKEND_PID" \
		--side remote --json) || fail "no backend view"
	boot tool "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	got=$(sed -n 's/^@@ ls json: //p' "$TMP/console.log")
	python3 "$(dirname "$0")/same-channels.py" "$want" "$got" ||
		fail "rpmsg ls --kernel does not list what the backend announced"
	n=$(grep -c '^kernel: 10000 of 10000 messages echoed intact through /dev/rpmsg[0-9]* (sizes 1..496)' \
		"$TMP/console.log")
	[ "$n" -eq 2 ] || fail "$n of 2 bench runs echoed 10000 messages intact"
	console_has '^hello through the kernel$' || fail "rpmsg send --reply: no reply"
	say "rpmsg --kernel: channels listed, 2 x 10000 messages intact, reply"
	;;
tool-tty)
	start_backend backend echo --service rpmsg-tty
	boot tool-tty "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	console_has '^tty: 10000 of 10000 lines echoed intact through /dev/ttyRPMSG0' ||
		fail "rpmsg tty: the 10000 lines did not all come back intact"
	say "rpmsg tty: 10000 lines intact"
	;;
api-gone)
	start_backend backend echo --destroy-after 100 --reannounce
	boot api-gone "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	console_has '^@@ api: ended after [0-9]+ echoes, .*: -32 ' ||
		fail "the endpoint's end was not reported as EPIPE"
	console_has '^@@ api: back: 100 echoes on the new endpoint: ok' ||
		fail "the re-announced channel did not serve"
	say "channel gone (EPIPE) and back (100 echoes)"
	;;
api-loss)
	start_backend backend remote
	KERNEL_WARNINGS_OK=1 ON_TRAFFIC=kill_backend boot api-loss "$(device_arg)"
	[ -z "$BACKEND_PID" ] || fail "traffic never started, backend not killed"
	console_has '^@@ api: ended after [0-9]+ echoes' ||
		fail "the guest program did not report the lost remote"
	expect_status 0
	say "the lost remote reported within the timeout"
	;;
mini)
	[ -x "$MINI" ] || fail "no minimal remote program given"
	BACKEND_BIN=$MINI start_backend backend
	boot mini "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	n=$(grep -c '^kernel: 1000 of 1000 messages echoed intact through /dev/rpmsg[0-9]* (sizes 1..496)' \
		"$TMP/console.log")
	[ "$n" -eq 2 ] || fail "$n of 2 bench runs echoed 1000 messages intact"
	console_has '^@@ mini: channel gone after the unbind$' ||
		fail "the channel did not go with the unbind"
	grep -qE '^mini: host gone: 4000 messages echoed, 0 not$' \
		"$TMP/backend.log" ||
		fail "the minimal remote did not echo exactly 4000 messages"
	say "minimal remote: announced twice, 2 x 2000 messages intact"
	;;
link-echo)
	start_backend backend remote --timeout 60000
	boot link-echo "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	console_has '^link: 10000 of 10000 messages \(sizes 1\.\.496\) echoed, 0 different, through the channel: ok' ||
		fail "the 10000 messages through the channel did not all come back intact"
	console_has '^link: 100 of 100 messages echoed, 0 different, through an endpoint' ||
		fail "the 100 messages through rpmsg_create_ept()'s endpoint did not all come back"
	console_has '^link: all echoes intact$' || fail "link_echo did not finish"
	say "RPMSG_LINK_KERNEL: 10000 + 100 messages intact"
	;;
link-gone)
	# RPMSG_LINK_KERNEL while the remote destroys its channel mid-exchange
	# and announces it again.
	start_backend backend echo --destroy-after 100 --reannounce
	boot link-gone "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	console_has '^link: the channel went after [0-9]+ echoes \([0-9]+ sent\): .*, removed$' ||
		fail "the exchange did not end with an error and the driver's remove"
	console_has '^link: back: 100 of 100 messages echoed, 0 different, on the channel announced again' ||
		fail "the channel announced again did not serve 100 messages"
	say "RPMSG_LINK_KERNEL: channel gone (an error, remove), back (100 echoes)"
	;;
link-listen | tool-listen)
	# The backend's rpmsg-raw sends what its stdin gets to the address
	# that last wrote to it: one line each time the guest listens.
	mkfifo "$TMP/raw.in"
	exec {RAW_FD}<>"$TMP/raw.in"
	BACKEND_STDIN=$RAW_FD start_backend backend remote --stdio
	say_unasked() { printf 'unasked\n' >&"$RAW_FD"; }
	ON_TRAFFIC=say_unasked boot "$SCENARIO" "$(device_arg)"
	with_backend backend
	exec {RAW_FD}>&-
	end_backend
	expect_status 0
	grep -q 'from 0x600' "$TMP/backend.log" ||
		fail "the backend's rpmsg-raw never got the guest's message from 0x600"
	if [ "$SCENARIO" = tool-listen ]; then
		console_has '^0x403: unasked(\\x0a)?$' ||
			fail "rpmsg listen --kernel did not print the remote's message"
		console_has '^listen: 1 messages$' ||
			fail "rpmsg listen --kernel did not count one message"
		console_has '^echo: 1 messages$' ||
			fail "rpmsg echo --kernel did not count one message"
		# rpmsg-raw writes what arrives: the send's, then the echo.
		grep -q 'from 0x600unasked' "$TMP/backend.log" ||
			fail "rpmsg echo --kernel did not send the message back"
		say "rpmsg listen and echo --kernel: the remote's message printed, echoed"
	else
		console_has '^link: heard 8 bytes from an unknown address$' ||
			fail "the listen-only endpoint did not get the remote's message"
		console_has '^link: listen-only endpoint at 0x600: 1 of 1 messages arrived$' ||
			fail "link_echo's listen-only endpoint did not report the message"
		say "RPMSG_LINK_KERNEL: a listen-only endpoint bound after the start received"
	fi
	;;
ctl)
	# rpmsg channel create|release in the guest, as root and as nobody.
	start_backend backend remote
	boot ctl "$(device_arg)"
	with_backend backend
	end_backend
	expect_status 0
	console_has '^channel app-ctl \(src 0x500, dst 0x401\) created: virtio0\.app-ctl\.' ||
		fail "rpmsg channel create did not report the kernel's new channel"
	console_has '^kernel: 1000 of 1000 messages echoed intact through /dev/rpmsg[0-9]* \(sizes 1\.\.496\)' ||
		fail "the channel made through /dev/rpmsg_ctrl0 did not serve 1000 messages"
	console_has '^channel app-ctl \(src 0x500, dst 0x401\) released$' ||
		fail "rpmsg channel release did not report the release"
	console_has '^@@ ctl: app-ctl gone from sysfs$' ||
		fail "the released channel stayed in sysfs"
	console_has '^@@ ctl release again: rpmsg channel: no channel app-ctl with src 0x500 and dst 0x401' ||
		fail "releasing a channel that is not there did not say so"
	console_has '^@@ ctl as nobody: rpmsg channel: permission denied opening /dev/rpmsg_ctrl0 \(owner root, group root, mode 600\): run as root, or give the node to a group of yours' ||
		fail "nobody's refusal did not name the node, its owner, group and mode"
	say "rpmsg channel: created, 1000 messages, released; ENOENT and EACCES said"
	;;
*)
	fail "unknown scenario"
	;;
esac
say "PASS ($SCENARIO)"
