#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The kernel-test runner never hangs on a guest that stops without
# exiting: a stand-in for User-Mode Linux prints a line, closes its
# console and stays; the runner must fail at its deadline, showing that
# line, and leave nothing running.
# Usage: test_uml_watchdog.sh RPMSG_BINARY RUN_SCENARIO_SH
set -u
BIN=$1
RUNNER=$2
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
mkdir -p "$DIR/uml/root"
cat >"$DIR/uml/linux" <<EOS
#!/bin/sh
echo "stand-in guest $$: exchange finished"
echo \$\$ >"$DIR/pid"
exec >/dev/null 2>&1
exec sleep 600
EOS
chmod +x "$DIR/uml/linux"
RPMSG_UML_DEADLINE=3 timeout 60 bash "$RUNNER" "$BIN" "$DIR/uml" sample \
	>"$DIR/out" 2>&1
rc=$?
fail() { echo "FAIL: $*" >&2; cat "$DIR/out" >&2; exit 1; }
[ "$rc" -eq 124 ] && fail "the runner hung"
[ "$rc" -eq 1 ] || fail "the runner exited $rc, expected 1"
grep -q "deadline passed" "$DIR/out" || fail "no deadline failure"
grep -q "^console| stand-in guest $$: exchange finished" "$DIR/out" ||
	fail "the guest's console was not shown"
kill -0 "$(cat "$DIR/pid")" 2>/dev/null && fail "the guest was left running"
echo "PASS"
