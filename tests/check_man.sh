#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The tool's manual pages: one for rpmsg and one per command that
# `rpmsg --help` lists, each rendering without a groff warning, naming
# its command in the synopsis and carrying every option of its --help.
# Usage: check_man.sh RPMSG_BINARY MAN_DIR
set -eu
BIN=$1
DIR=$2
export LC_ALL=C MANWIDTH=200

fail() {
	echo "FAIL (man): $*" >&2
	exit 1
}

# render PAGE: the page as text; groff's warnings fail.
render() {
	out=$(man --warnings -l "$DIR/$1.1" 2>&1 >/dev/null) ||
		fail "$1.1 does not render"
	[ -z "$out" ] || fail "$1.1: $out"
	man -l "$DIR/$1.1"
}

cmds=$("$BIN" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' | grep -vx help)
[ -n "$cmds" ] || fail "no command list in rpmsg --help"
n=0
for c in "" $cmds; do
	page=rpmsg${c:+-$c}
	[ -f "$DIR/$page.1" ] || fail "no $page.1"
	text=$(render "$page")
	printf '%s\n' "$text" | grep -A2 "^SYNOPSIS" | grep -Eq "rpmsg +$c" ||
		fail "$page.1: no synopsis of 'rpmsg $c'"
	for o in $("$BIN" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		printf '%s\n' "$text" | grep -q -- "$o" ||
			fail "$page.1 lacks $o"
	done
	n=$((n + 1))
done
echo "PASS (man): $n pages"
