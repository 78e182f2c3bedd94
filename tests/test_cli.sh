#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# End-to-end tests of the rpmsg tool: real processes over the
# shared-memory transport (and vhost-user).
# Usage: test_cli.sh RPMSG_BINARY CASE [VERSION]
# Every wait is bounded with timeout; nothing waits on a sleep.
set -u

BIN=$1
CASE=$2
VERSION=${3:-}
NAME="cli-$CASE-$$"
DIR=$(mktemp -d)
PIDS=()

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$DIR"
}
trap cleanup EXIT

fail() {
	echo "FAIL ($CASE): $*" >&2
	for f in "$DIR"/*; do
		[ -f "$f" ] && { echo "--- $f" >&2; head -c 4000 "$f" >&2; }
	done
	exit 1
}

# Run in the background, bounded, remembering the pid.
bg() {
	timeout 60 "$@" &
	PIDS+=("$!")
}

# Wait (at most 20 s) until FILE has a line matching PATTERN.
wait_line() {
	timeout 20 bash -c 'until grep -q -- "$2" "$1" 2>/dev/null; do
		sleep 0.02; done' _ "$1" "$2" || fail "no '$2' in $1"
}

# Wait (at most 20 s) until the side answers rpmsg ls with its link up.
wait_up() {
	timeout 20 bash -c 'until "$1" ls --name "$2" --side "$3" --json \
		2>/dev/null | grep -q "\"up\":true"; do sleep 0.02; done' \
		_ "$BIN" "$NAME" "$1" || fail "$1 side of $NAME never came up"
}

# Wait for the background job PID (already bounded) and check its status.
expect_exit() {
	local pid=$1 want=$2 rc
	wait "$pid"
	rc=$?
	[ "$rc" -eq "$want" ] || fail "pid $pid exited $rc, expected $want"
}

# Trace the remote side of a fresh link into $DIR/t.pcap while one
# message ("traced!") goes to rpmsg-echo and comes back; TP: the tracer.
capture_trace() {
	bg "$BIN" remote --name "$NAME" 2>"$DIR/remote.err"
	wait_up remote
	bg "$BIN" trace --name "$NAME" --side remote --count 2 \
		--pcap "$DIR/t.pcap" >"$DIR/trace.out" 2>"$DIR/trace.err"
	TP=$!
	wait_line "$DIR/trace.err" "rpmsg trace: tracing"
	out=$(timeout 30 "$BIN" send --name "$NAME" --service rpmsg-echo \
		--reply "traced!") || fail "send"
	[ "$out" = "traced!" ] || fail "reply '$out'"
}

case "$CASE" in
usage)
	"$BIN" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no command: not 2"
	"$BIN" nosuch >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad command"
	"$BIN" --help | grep -q "usage: rpmsg" || fail "--help"
	# The version the build was configured with (CMake's project()).
	"$BIN" --version | grep -qx "rpmsg $VERSION" || fail "--version"
	for c in demo remote host ls trace send listen echo; do
		"$BIN" "$c" --help >"$DIR/help" || fail "$c --help exit"
		grep -q "usage: rpmsg $c" "$DIR/help" || fail "$c --help text"
	done
	"$BIN" ls 2>/dev/null; [ $? -eq 2 ] || fail "ls without --name"
	"$BIN" ls --name x --count 3 2>/dev/null
	[ $? -eq 2 ] || fail "ls with a foreign option"
	"$BIN" ls --name x --side middle 2>/dev/null
	[ $? -eq 2 ] || fail "ls --side middle"
	"$BIN" send --name x 2>/dev/null; [ $? -eq 2 ] || fail "send without --service"
	timeout 20 "$BIN" ls --name "$NAME" 2>"$DIR/err" >/dev/null
	[ $? -eq 1 ] || fail "ls of nothing running: not 1"
	grep -q "no running" "$DIR/err" || fail "ls error not on stderr"
	;;
ls)
	bg "$BIN" remote --name "$NAME" 2>"$DIR/remote.err"
	wait_up remote
	timeout 20 "$BIN" ls --name "$NAME" --side remote --json >"$DIR/ls.json" ||
		fail "ls --json"
	grep -q '"channels":\[{"name":"rpmsg-echo","src":1025,' "$DIR/ls.json" ||
		fail "channel rpmsg-echo at 1025 not listed"
	grep -q '"driver":"rpmsg-echo"' "$DIR/ls.json" || fail "driver"
	grep -q '"announce":true' "$DIR/ls.json" || fail "announce"
	timeout 20 "$BIN" ls --name "$NAME" >"$DIR/ls.txt" || fail "ls"
	grep -q "^rpmsg-echo  *0x401  *any  *yes  *rpmsg-echo$" "$DIR/ls.txt" ||
		fail "table"
	# ls does not take the host's place: a host still gets its echoes.
	timeout 30 "$BIN" host --name "$NAME" --count 5 >"$DIR/host.out" ||
		fail "host after ls"
	grep -q "5 of 5" "$DIR/host.out" || fail "host summary"
	;;
sendlisten)
	# The replies tell that each message arrived before its sender left.
	bg "$BIN" listen --name "$NAME" --service svc --lines --echo --count 2 \
		>"$DIR/listen.out" 2>"$DIR/listen.err"
	LP=$!
	out=$(timeout 30 "$BIN" send --name "$NAME" --service svc --reply \
		"first message") || fail "send with an argument"
	[ "$out" = "first message" ] || fail "reply '$out'"
	out=$(printf 'from stdin' | timeout 30 "$BIN" send --name "$NAME" \
		--service svc --reply) || fail "send from stdin"
	[ "$out" = "from stdin" ] || fail "reply '$out'"
	expect_exit "$LP" 0
	printf 'first message\nfrom stdin\n' | cmp - "$DIR/listen.out" ||
		fail "listen output"
	# A service nobody announced: runtime failure.
	bg "$BIN" listen --name "$NAME" --service svc --count 1
	timeout 30 "$BIN" send --name "$NAME" --service other --timeout 300 x \
		2>"$DIR/send.err"
	[ $? -eq 1 ] || fail "send to a missing service: not 1"
	;;
echo)
	bg "$BIN" echo --name "$NAME" --count 2 2>"$DIR/echo.err"
	EP=$!
	out=$(timeout 30 "$BIN" send --name "$NAME" --service rpmsg-echo \
		--reply "ping one") || fail "send --reply"
	[ "$out" = "ping one" ] || fail "echo of ping one: '$out'"
	out=$(printf 'two' | timeout 30 "$BIN" send --name "$NAME" \
		--service rpmsg-echo --reply) || fail "send --reply stdin"
	[ "$out" = "two" ] || fail "echo of two: '$out'"
	expect_exit "$EP" 0
	;;
peer)
	# --peer names a preset; an unknown one is a usage error.
	"$BIN" remote --name "$NAME" --peer vxworks 2>"$DIR/err"
	[ $? -eq 2 ] || fail "--peer vxworks: not 2"
	grep -q "linux, openamp or rpmsg-lite" "$DIR/err" || fail "--peer error"
	"$BIN" ls --name "$NAME" --peer linux 2>/dev/null
	[ $? -eq 2 ] || fail "ls --peer accepted"
	# Both sides with the RPMsg-Lite habits (every doorbell rung, no
	# EVENT_IDX, the host's wait for buffers polling), then OpenAMP's:
	# every size still echoed.
	for p in rpmsg-lite openamp; do
		bg "$BIN" remote --name "$NAME" --once --timeout 30000 --peer "$p" \
			2>"$DIR/remote.err"
		RP=$!
		timeout 60 "$BIN" host --name "$NAME" --all-sizes --peer "$p" \
			>"$DIR/host.out" 2>&1 || fail "host --peer $p"
		grep -q "host: 497 of 497 messages echoed" "$DIR/host.out" ||
			fail "host --peer $p output"
		expect_exit "$RP" 0
	done
	;;
vhostuser)
	# The same commands over vhost-user: our backend, our frontend.
	SOCK="$DIR/vu.sock"
	bg "$BIN" remote --vhost-user "$SOCK" --once --timeout 30000 \
		2>"$DIR/remote.err"
	RP=$!
	timeout 30 "$BIN" host --vhost-user "$SOCK" --all-sizes \
		>"$DIR/host.out" 2>&1 || fail "host --vhost-user"
	grep -q "host: 497 of 497 messages echoed" "$DIR/host.out" ||
		fail "host output"
	expect_exit "$RP" 0
	[ -e "$SOCK" ] && fail "socket left behind"
	# echo --destroy-after: the channel goes after one message; the
	# host sees its remove (the send's channel ends, exit 0 after reply).
	bg "$BIN" echo --vhost-user "$SOCK" --service svc --destroy-after 1 \
		--once 2>"$DIR/echo.err"
	EP=$!
	out=$(timeout 30 "$BIN" send --vhost-user "$SOCK" --service svc \
		--reply "over vhost-user") || fail "send --vhost-user"
	[ "$out" = "over vhost-user" ] || fail "reply '$out'"
	expect_exit "$EP" 0
	grep -q "channel destroyed after 1 messages: announced" \
		"$DIR/echo.err" || fail "no destroy"
	# Bad paths are usage errors.
	"$BIN" remote --vhost-user "" 2>/dev/null; [ $? -eq 2 ] ||
		fail "empty path"
	"$BIN" echo --vhost-user "$SOCK" --destroy-after 0 2>/dev/null
	[ $? -eq 2 ] || fail "destroy-after 0"
	;;
raw)
	# rpmsg remote --stdio: the raw service bridged to stdin/stdout.
	mkfifo "$DIR/in" || fail "mkfifo"
	exec 3<>"$DIR/in"
	# Not through bg: a background job's stdin would be /dev/null.
	timeout 60 "$BIN" remote --name "$NAME" --stdio <&3 >"$DIR/out" \
		2>"$DIR/rerr" &
	PIDS+=("$!")
	wait_up remote
	bg "$BIN" send --name "$NAME" --service rpmsg-raw --reply ping \
		>"$DIR/reply" 2>"$DIR/serr"
	sp=${PIDS[-1]}
	wait_line "$DIR/out" ping
	echo pong >&3
	expect_exit "$sp" 0
	grep -q pong "$DIR/reply" || fail "the reply from stdin did not arrive"
	# The sink and the echo are served beside it, to the next host.
	timeout 20 "$BIN" send --name "$NAME" --service rpmsg-sink dropped \
		>/dev/null 2>"$DIR/sink" || fail "send to the sink"
	timeout 20 "$BIN" send --name "$NAME" --service rpmsg-echo --reply back \
		>"$DIR/echo" 2>&1 || fail "send to the echo"
	grep -q back "$DIR/echo" || fail "no echo"
	timeout 20 "$BIN" ls --name "$NAME" --side remote --json >"$DIR/ls" ||
		fail "ls"
	for s in rpmsg-echo rpmsg-sink rpmsg-raw; do
		grep -q "\"$s\"" "$DIR/ls" || fail "$s not listed"
	done
	;;
trace)
	capture_trace
	expect_exit "$TP" 0
	grep -Eq " rx 0x[0-9a-f]+ -> 0x401 len 7$" "$DIR/trace.out" ||
		fail "rx not traced"
	grep -Eq " tx 0x401 -> 0x[0-9a-f]+ len 7$" "$DIR/trace.out" ||
		fail "tx not traced"
	grep -q "74 72 61 63 65 64 21 .*|traced!|" "$DIR/trace.out" ||
		fail "hex dump"
	# pcap: 24-byte header with link type 147, two records of
	# 16 + 16 + 7 bytes.
	[ "$(stat -c %s "$DIR/t.pcap")" -eq $((24 + 2 * 39)) ] ||
		fail "pcap size"
	[ "$(od -A n -t u4 -j 20 -N 4 "$DIR/t.pcap" | tr -d ' ')" = 147 ] ||
		fail "pcap link type"
	;;
access)
	# Another user (nobody) may not list, trace or be the host of a
	# running remote; the remote then serves its own user's host. Needs
	# root, to be someone else.
	[ "$(id -u)" -eq 0 ] || { echo "SKIP ($CASE): not root"; exit 77; }
	command -v setpriv >/dev/null || { echo "SKIP ($CASE): no setpriv"; exit 77; }
	as_nobody() {
		timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$BIN" "$@"
	}
	bg "$BIN" remote --name "$NAME" 2>"$DIR/remote.err"
	wait_up remote
	as_nobody ls --name "$NAME" --side remote >"$DIR/nobody.ls" 2>&1
	[ $? -eq 1 ] || fail "nobody's ls: not refused"
	grep -q "rpmsg-echo" "$DIR/nobody.ls" && fail "nobody saw the listing"
	as_nobody trace --name "$NAME" --side remote --count 1 \
		>"$DIR/nobody.trace" 2>&1
	[ $? -eq 1 ] || fail "nobody's trace: not refused"
	as_nobody host --name "$NAME" --timeout 5000 >"$DIR/nobody.host" 2>&1
	[ $? -eq 1 ] || fail "nobody became the host"
	timeout 30 "$BIN" host --name "$NAME" --count 5 >"$DIR/host.out" ||
		fail "host after nobody's attempts"
	grep -q "5 of 5" "$DIR/host.out" || fail "host summary"
	# Nobody's group allowed: its ls is answered.
	NAME2="$NAME-group"
	bg "$BIN" remote --name "$NAME2" --allow-group 65534 \
		2>"$DIR/remote2.err"
	timeout 20 bash -c 'until "$1" ls --name "$2" --side remote --json \
		2>/dev/null | grep -q "\"up\":true"; do sleep 0.02; done' \
		_ "$BIN" "$NAME2" || fail "second remote never came up"
	as_nobody ls --name "$NAME2" --side remote --allow-group 0 \
		>"$DIR/group.ls" 2>&1 || fail "allowed group's ls refused"
	grep -q "rpmsg-echo" "$DIR/group.ls" || fail "allowed group's listing"
	;;
dissector)
	# tools/wireshark/rpmsg.lua in tshark: a capture of rpmsg trace, then
	# name-service and malformed records written here.
	command -v tshark >/dev/null || { echo "SKIP ($CASE): no tshark"; exit 77; }
	command -v python3 >/dev/null || { echo "SKIP ($CASE): no python3"; exit 77; }
	# RPMSG_DISSECTOR: the script to load (default: the tree's; empty:
	# none, the installed plugin decodes).
	LUA=${RPMSG_DISSECTOR-$(dirname "$0")/../tools/wireshark/rpmsg.lua}
	ts() {
		timeout 60 tshark ${LUA:+-X lua_script:"$LUA"} -r "$1" -T fields \
			-E separator=' ' "${@:2}" 2>"$DIR/tshark.err"
	}
	capture_trace
	expect_exit "$TP" 0
	ts "$DIR/t.pcap" -e rpmsg.direction -e rpmsg.dst -e rpmsg.len \
		-e rpmsg.endpoint -e rpmsg.text >"$DIR/fields" ||
		fail "tshark on the trace"
	grep -qx "0 0x00000401 7 0x00000401 traced!" "$DIR/fields" ||
		fail "received message not decoded"
	grep -Eqx "1 0x[0-9a-f]{8} 7 0x00000401 traced!" "$DIR/fields" ||
		fail "sent message not decoded"
	# Records: NS create, NS destroy, a 39-byte NS message, a length
	# field that is not the payload's, a binary payload.
	python3 - "$DIR/made.pcap" <<'PY' || fail "writing the capture"
import struct, sys
def ns(name, addr, flags):
    return name.encode().ljust(32, b"\0") + struct.pack("<II", addr, flags)
recs = [(0, 0x400, 53, ns("rpmsg-echo", 0x401, 0), None),
        (1, 0x401, 53, ns("rpmsg-echo", 0x401, 1), None),
        (0, 0x400, 53, ns("short", 1, 0)[:39], None),
        (0, 0x400, 0x401, b"abc", 9),
        (1, 0x401, 0x400, b"\x00\xff\x01", None)]
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 147))
    for i, (d, s, t, p, n) in enumerate(recs):
        body = struct.pack("<B3xIII", d, s, t, len(p) if n is None else n) + p
        f.write(struct.pack("<IIII", i, 0, len(body), len(body)) + body)
PY
	ts "$DIR/made.pcap" -e rpmsg_ns.name -e rpmsg_ns.addr \
		-e rpmsg_ns.flags -Y rpmsg_ns.name >"$DIR/ns" || fail "tshark on NS"
	[ "$(cat "$DIR/ns")" = "rpmsg-echo 0x00000401 0
rpmsg-echo 0x00000401 1" ] || fail "NS messages not decoded"
	[ "$(ts "$DIR/made.pcap" -e frame.number -Y rpmsg_ns.bad_length)" = 3 ] ||
		fail "39-byte NS message not flagged"
	[ "$(ts "$DIR/made.pcap" -e frame.number -Y rpmsg.len_mismatch)" = 4 ] ||
		fail "length mismatch not flagged"
	[ "$(ts "$DIR/made.pcap" -e rpmsg.payload -e rpmsg.text -Y 'frame.number == 5')" = "00ff01 " ] ||
		fail "binary payload"
	;;
escape)
	# Names come from the peer: the table escapes what a terminal would
	# obey (ESC, CR, newline, any byte not printable ASCII). The remote
	# lists the name it announces with the code every side lists with.
	evil=$(printf 'ev\033]0;t\a\033[2J\r\nfake\\')
	bg "$BIN" listen --name "$NAME" --service "$evil" --quiet \
		2>"$DIR/listen.err"
	wait_up remote
	want='ev\x1b]0;t\x07\x1b[2J\x0d\x0afake\\'
	for side in remote; do
		timeout 20 bash -c 'until "$1" ls --name "$2" --side "$3" |
			grep -q "^ev"; do sleep 0.02; done' _ "$BIN" "$NAME" \
			"$side" || fail "$side: the channel is not listed"
		timeout 20 "$BIN" ls --name "$NAME" --side "$side" \
			>"$DIR/ls.$side" || fail "ls $side"
		grep -qF -- "$want" "$DIR/ls.$side" ||
			fail "$side: the name is not escaped as $want"
		LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177-\377]')" \
			"$DIR/ls.$side" && fail "$side: control bytes in the table"
		grep -q '^fake' "$DIR/ls.$side" && fail "$side: a faked row"
	done
	# A reply printed on a terminal is escaped too (into a file: whole).
	bg "$BIN" remote --name "$NAME-2" 2>"$DIR/remote.err"
	NAME="$NAME-2" wait_up remote
	python3 - "$BIN" "$NAME-2" >"$DIR/tty" <<'PY' || fail "send on a tty"
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "send", "--name", sys.argv[2],
             "--service", "rpmsg-echo", "--reply", "a\033[2J\rb"])
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode("ascii", "backslashreplace"))
sys.exit(os.waitstatus_to_exitcode(st))
PY
	grep -qF 'a\x1b[2J\x0db' "$DIR/tty" || fail "the reply on a tty is not escaped"
	timeout 20 "$BIN" send --name "$NAME-2" --service rpmsg-echo --reply \
		"$(printf 'a\033b')" >"$DIR/file" || fail "send to a file"
	[ "$(od -A n -t x1 "$DIR/file" | tr -d ' \n')" = 611b620a ] ||
		fail "the reply into a file is not whole"
	;;
reply)
	# A reply comes back whole, NULs and all, as it is or in hex.
	bg "$BIN" remote --name "$NAME" 2>"$DIR/remote.err"
	wait_up remote
	printf 'ab\0cd' | timeout 30 "$BIN" send --name "$NAME" \
		--service rpmsg-echo --reply >"$DIR/reply" || fail "send"
	[ "$(od -A n -t x1 "$DIR/reply" | tr -d ' \n')" = 61620063640a ] ||
		fail "reply cut: $(od -A n -c "$DIR/reply")"
	printf 'ab\0cd' | timeout 30 "$BIN" send --name "$NAME" \
		--service rpmsg-echo --reply --raw >"$DIR/raw" || fail "send --raw"
	[ "$(od -A n -t x1 "$DIR/raw" | tr -d ' \n')" = 6162006364 ] ||
		fail "--raw reply"
	out=$(printf '\0\377' | timeout 30 "$BIN" send --name "$NAME" \
		--service rpmsg-echo --reply --hex) || fail "send --hex"
	[ "$out" = 00ff ] || fail "--hex reply '$out'"
	;;
errors)
	# Errors that say what is wrong, and the defaults in the help.
	"$BIN" send --name x --service s one two 2>"$DIR/err"
	[ $? -eq 2 ] || fail "two words: not a usage error"
	grep -q "one MESSAGE, not 2 words" "$DIR/err" || fail "two words: $(cat "$DIR/err")"
	"$BIN" send --name --service s hi 2>"$DIR/err"
	[ $? -eq 2 ] || fail "missing value: not a usage error"
	grep -q "'--name' needs a value, not '--service'" "$DIR/err" ||
		fail "missing value: $(cat "$DIR/err")"
	for c in demo remote host send listen; do
		"$BIN" $c --help | grep -q "default 10000" ||
			fail "$c --help does not give the default wait"
	done
	timeout 20 "$BIN" send --name "$NAME" --service s --timeout 200 hi \
		2>"$DIR/err"
	[ $? -eq 1 ] || fail "no remote: not 1"
	grep -q "no remote named $NAME is running (waited 200 ms" "$DIR/err" ||
		fail "no remote: $(cat "$DIR/err")"
	bg "$BIN" remote --name "$NAME" 2>"$DIR/remote.err"
	wait_up remote
	timeout 20 "$BIN" send --name "$NAME" --service nosvc --timeout 200 hi \
		2>"$DIR/err"
	[ $? -eq 1 ] || fail "no service: not 1"
	grep -q "remote $NAME did not announce nosvc within 200 ms" "$DIR/err" ||
		fail "no service: $(cat "$DIR/err")"
	# The remote serves one host at a time: a second one is told so.
	bg "$BIN" host --name "$NAME" --count 100000000 >/dev/null 2>&1
	wait_up host
	timeout 20 "$BIN" send --name "$NAME" --service rpmsg-echo \
		--timeout 200 hi 2>"$DIR/err"
	[ $? -eq 1 ] || fail "busy remote: not 1"
	grep -q "remote $NAME is running but did not take us" "$DIR/err" ||
		fail "busy remote: $(cat "$DIR/err")"
	;;
serving)
	# listen serves one host after another, says so, and counts across
	# hosts; SIGINT ends it with a summary and status 0.
	bg "$BIN" listen --name "$NAME" --service svc --lines \
		>"$DIR/out" 2>"$DIR/err"
	LP=$!
	wait_line "$DIR/err" "one host after another until stopped"
	for m in first second third; do
		timeout 30 "$BIN" send --name "$NAME" --service svc "$m" ||
			fail "send $m"
		wait_line "$DIR/out" "^$m\$"
	done
	wait_line "$DIR/err" "host gone after 1 message; waiting for the next host"
	timeout 20 "$BIN" ls --name "$NAME" --side remote --json >"$DIR/ls.json" ||
		fail "ls"
	grep -q '"totals":{"hosts":3,"rx":3,' "$DIR/ls.json" ||
		fail "totals: $(cat "$DIR/ls.json")"
	# A trace without --count serves too: stopped, it says how much.
	bg "$BIN" trace --name "$NAME" --side remote >"$DIR/trace.out" \
		2>"$DIR/trace.err"
	TP=$!
	wait_line "$DIR/trace.err" "rpmsg trace: tracing"
	timeout 30 "$BIN" send --name "$NAME" --service svc fourth || fail "send fourth"
	wait_line "$DIR/trace.out" " len 6$"
	kill -TERM "$TP"
	expect_exit "$TP" 0
	grep -q "trace: stopped (SIGTERM): 1 messages traced" "$DIR/trace.err" ||
		fail "trace summary: $(cat "$DIR/trace.err")"
	kill -INT "$LP"
	expect_exit "$LP" 0
	grep -q "listen: stopped (SIGINT): 4 hosts served, 4 messages received" \
		"$DIR/err" || fail "no summary"
	;;
signals)
	# A job stopped before it is done exits 128 + the signal, with a
	# summary; a backend removes its vhost-user socket file, and starts
	# again over a stale one that a killed backend left.
	bg "$BIN" remote --name "$NAME" 2>"$DIR/remote.err"
	wait_up remote
	bg "$BIN" host --name "$NAME" --count 100000000 >/dev/null 2>"$DIR/host.err"
	HP=$!
	wait_up host
	kill -INT "$HP"
	expect_exit "$HP" 130
	grep -Eq "host: stopped \(SIGINT\): [0-9]+ messages received, [0-9]+ sent" \
		"$DIR/host.err" || fail "host summary: $(cat "$DIR/host.err")"
	SOCK=$DIR/vu.sock
	bg "$BIN" remote --vhost-user "$SOCK" --name "$NAME-vu" 2>"$DIR/vu.err"
	VP=$!
	timeout 20 bash -c 'until [ -S "$1" ]; do sleep 0.02; done' _ "$SOCK" ||
		fail "no socket"
	kill -TERM "$VP"
	expect_exit "$VP" 0
	[ -e "$SOCK" ] && fail "socket file left behind"
	grep -q "remote: stopped (SIGTERM)" "$DIR/vu.err" || fail "vu summary"
	# Not under timeout: the SIGKILL must reach rpmsg itself (cleanup
	# kills it if the test fails first).
	"$BIN" remote --vhost-user "$SOCK" --name "$NAME-vu" 2>/dev/null &
	VP=$!
	PIDS+=("$VP")
	timeout 20 bash -c 'until [ -S "$1" ]; do sleep 0.02; done' _ "$SOCK" ||
		fail "no socket"
	kill -KILL "$VP"
	wait "$VP" 2>/dev/null
	[ -S "$SOCK" ] || fail "SIGKILL left no stale socket to test with"
	bg "$BIN" remote --vhost-user "$SOCK" --name "$NAME-vu2" 2>"$DIR/vu2.err"
	wait_line "$DIR/vu2.err" "serving\|cannot"
	grep -q cannot "$DIR/vu2.err" && fail "no start over a stale socket: $(cat "$DIR/vu2.err")"
	timeout 30 "$BIN" host --vhost-user "$SOCK" --count 3 >"$DIR/vu.out" ||
		fail "no start over a stale socket: $(cat "$DIR/vu2.err")"
	grep -q "3 of 3" "$DIR/vu.out" || fail "vhost-user host"
	# Output that nobody reads (a full pipe) does not keep a stopped
	# command alive.
	mkfifo "$DIR/fifo"
	exec 3<>"$DIR/fifo"
	# One page of pipe (F_SETPIPE_SZ) instead of 64 KiB: a few sends
	# fill it, where 130 send processes took minutes on a loaded machine.
	python3 -c 'import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NONBLOCK)
fcntl.fcntl(fd, 1031, 4096)' "$DIR/fifo" || fail "F_SETPIPE_SZ"
	bg "$BIN" listen --name "$NAME-p" --service svc --raw \
		>"$DIR/fifo" 2>"$DIR/p.err"
	LP=$!
	wait_line "$DIR/p.err" "until stopped"
	head -c 496 /dev/zero | tr '\0' x >"$DIR/big"
	n=0
	while [ $n -lt 200 ] && timeout 20 "$BIN" send --name "$NAME-p" \
		--service svc --timeout 1000 <"$DIR/big" 2>/dev/null; do
		n=$((n + 1))
	done
	[ $n -lt 200 ] || fail "200 messages of 496 bytes fit in the pipe"
	kill -INT "$LP"
	expect_exit "$LP" 0
	grep -q "listen: stopped (SIGINT)" "$DIR/p.err" || fail "no summary"
	exec 3>&-
	;;
progress)
	# Progress of a long run on a terminal, nothing when piped.
	command -v script >/dev/null || { echo "SKIP ($CASE): no script"; exit 77; }
	bg "$BIN" remote --name "$NAME" 2>"$DIR/remote.err"
	wait_up remote
	timeout 60 script -qec "'$BIN' host --name '$NAME' --count 2000" \
		/dev/null >"$DIR/tty" || fail "host on a terminal"
	grep -q "host: echoed: 1000 of 2000" "$DIR/tty" || fail "no progress on a terminal"
	timeout 60 "$BIN" host --name "$NAME" --count 2000 >"$DIR/out" \
		2>"$DIR/err" || fail "host piped"
	[ -s "$DIR/err" ] && fail "progress when piped: $(cat -v "$DIR/err")"
	grep -q "2000 of 2000" "$DIR/out" || fail "summary"
	;;
completion)
	# tools/completion/rpmsg.bash, with what it offers read from the tool.
	SRC=$(dirname "$0")/../tools/completion/rpmsg.bash
	# shellcheck source=../tools/completion/rpmsg.bash
	. "$SRC" || fail "completion does not load"
	complete -p rpmsg >/dev/null || fail "no completion for rpmsg"
	comp() {
		COMP_WORDS=("$BIN" "$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_rpmsg
		echo "${COMPREPLY[*]}"
	}
	[ "$(comp l)" = "ls listen" ] || fail "commands: $(comp l)"
	comp "" | grep -qw bench || fail "bench not offered"
	[ "$(comp send --re)" = "--reply" ] || fail "send options: $(comp send --re)"
	comp ls --c | grep -q . && fail "ls offered an option it refuses"
	[ "$(comp ls --side "")" = "host remote" ] || fail "--side values"
	[ "$(comp send --peer "")" = "linux openamp rpmsg-lite" ] ||
		fail "--peer values: $(comp send --peer "")"
	[ "$(comp send --raw --he)" = "--hex --help" ] ||
		fail "after a flag: $(comp send --raw --he)"
	[ -z "$(comp send --timeout "")" ] || fail "a value offered for --timeout"
	touch "$DIR/cap.pcap"
	[ "$(comp trace --pcap "$DIR/cap")" = "$DIR/cap.pcap" ] ||
		fail "--pcap FILE not completed"
	bg "$BIN" remote --name "$NAME"
	wait_up remote
	comp ls --name "" | grep -qw -- "$NAME" || fail "running link not offered"
	;;
firmware)
	# rpmsg firmware check on two builds of the minimal-profile firmware
	# for Cortex-M0+ (fuzz/corpus/elf): firmware_ram.ld's image, loaded
	# into RAM, passes; firmware.ld's, whose table is loaded in flash
	# and copied to RAM at startup, is refused for that.
	IMG=$(dirname "$0")/../fuzz/corpus/elf
	"$BIN" firmware --help | grep -q "usage: rpmsg firmware check" ||
		fail "firmware --help"
	"$BIN" firmware >/dev/null 2>&1; [ $? -eq 2 ] || fail "firmware: not 2"
	"$BIN" firmware check 2>/dev/null; [ $? -eq 2 ] || fail "no FILE: not 2"
	"$BIN" firmware check "$DIR/none.elf" 2>/dev/null
	[ $? -eq 1 ] || fail "missing file: not 1"
	"$BIN" firmware check "$IMG/mini_ram.elf" >"$DIR/out" ||
		fail "RAM image refused: $(cat "$DIR/out")"
	grep -q "vdev id 7 notifyid 2" "$DIR/out" || fail "no vdev reported"
	grep -q "vring 1: da 0x20040200 align 16 num 16 notifyid 1" \
		"$DIR/out" || fail "no vring reported"
	grep -q ": 0 problems" "$DIR/out" || fail "RAM image: problems"
	"$BIN" firmware check "$IMG/mini_flash_copy.elf" >"$DIR/out"
	[ $? -eq 1 ] || fail "flash-copy image accepted"
	grep -q "problem: .*p_paddr" "$DIR/out" ||
		fail "flash-copy problem not named: $(cat "$DIR/out")"
	"$BIN" firmware check --json "$IMG/mini_flash_copy.elf" >"$DIR/json"
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and len(d["problems"]) == 1, d
assert d["table"]["entries"][0]["vrings"][1]["notifyid"] == 1, d' \
		"$DIR/json" || fail "--json"
	# a truncated image: its problem, not a crash
	head -c 2000 "$IMG/mini_ram.elf" >"$DIR/cut.elf"
	"$BIN" firmware check "$DIR/cut.elf" >"$DIR/out"
	[ $? -eq 1 ] || fail "truncated image accepted"
	grep -q "problem: segment's file bytes run past the image" \
		"$DIR/out" || fail "truncated: $(cat "$DIR/out")"
	;;
*)
	fail "unknown case"
	;;
esac
echo "PASS ($CASE)"
exit 0
