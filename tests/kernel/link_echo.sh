#!/bin/sh
# link_echo.c on RPMSG_LINK_VHOST_USER against `rpmsg remote`, the remote
# the kernel tests give the UML guest: the program the guest runs on
# RPMSG_LINK_KERNEL, built with its other LINK_DESC line.
# Usage: link_echo.sh RPMSG LINK_ECHO CC SOURCE INCLUDE_DIR...
# First checks that the two builds of SOURCE differ in one line only
# (preprocessed with CC, with and without LINK_ECHO_KERNEL).
set -u
rpmsg=$1
prog=$2
cc=$3
src=$4
shift 4
tmp=$(mktemp -d)
inc=
for d in "$@"; do [ -n "$d" ] && inc="$inc -I$d"; done
# shellcheck disable=SC2086
"$cc" -E -P $inc -DLINK_ECHO_KERNEL "$src" >"$tmp/kernel.i" &&
	"$cc" -E -P $inc "$src" >"$tmp/user.i" || {
	echo "FAIL: cannot preprocess $src"
	rm -rf "$tmp"
	exit 1
}
changed=$(diff "$tmp/kernel.i" "$tmp/user.i" | grep -c '^[<>]')
if [ "$changed" -ne 2 ]; then
	diff "$tmp/kernel.i" "$tmp/user.i"
	echo "FAIL: the kernel and vhost-user builds differ in more than one line"
	rm -rf "$tmp"
	exit 1
fi
diff "$tmp/kernel.i" "$tmp/user.i" | sed 's/^/one line| /'

sock=$tmp/vhost.sock
backend=
cleanup() {
	[ -n "$backend" ] && kill -KILL "$backend" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
"$rpmsg" remote --vhost-user "$sock" --once --timeout 120000 \
	>"$tmp/backend.log" 2>&1 &
backend=$!
# The backend makes its socket before it listens on it: until then the
# frontend's start retries (its timeout is the program's).
n=1000
while [ ! -S "$sock" ]; do
	kill -0 "$backend" 2>/dev/null || {
		cat "$tmp/backend.log"
		echo "FAIL: the backend exited before listening"
		exit 1
	}
	n=$((n - 1))
	[ "$n" -gt 0 ] || { echo "FAIL: no socket after 20 s"; exit 1; }
	sleep 0.02
done
"$prog" "$sock" 10000 20000
rc=$?
wait "$backend"
brc=$?
backend=
sed 's/^/backend| /' "$tmp/backend.log"
[ "$rc" -eq 0 ] || { echo "FAIL: link_echo exited with $rc"; exit 1; }
[ "$brc" -eq 0 ] || { echo "FAIL: the backend exited with $brc"; exit 1; }
echo "PASS: 10000 + 100 messages through the vhost-user link"
