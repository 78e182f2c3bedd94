#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# .ci/figure_shape.py --output: the check CI runs on the `rpmsg bench`
# output quoted in BENCHMARKS.md. Other figures pass; a row, a size, a
# column or a section that changed fails; a section the command did not
# print is reported as not checked.
# Usage: test_figure_shape.sh SOURCE_DIR
set -eu
src=$1
check="python3 $src/.ci/figure_shape.py --output"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test_figure_shape: $*"; exit 1; }

cat >"$tmp/doc.md" <<'DOC'
# Doc

```
tool: 2 CPUs (Some(R) CPU); 10 runs

Round trip (ns)          size      min      p50
  a block                   1      100      200
  a block                  64      110      210

Totals
  all: 5 runs
```
DOC
# Same tables, other figures, another machine.
printf '%s\n' 'tool: 8 CPUs (Other CPU); 99 runs' '' \
	'Round trip (ns)          size      min      p50' \
	'  a block                   1     9999    88888' \
	'  a block                  64        1        2' >"$tmp/ok.txt"
out=$($check "$tmp/doc.md" "$tmp/ok.txt") || fail "same shape refused: $out"
echo "$out" | grep -q "not checked.*Totals" ||
	fail "the section not printed is not reported: $out"
# Blank lines before the output are not a section's end.
{ echo; cat "$tmp/ok.txt"; } >"$tmp/lead.txt"
out=$($check "$tmp/doc.md" "$tmp/lead.txt") ||
	fail "leading blank line refused: $out"

# A size changed, a row added, a column dropped, a section renamed.
sed 's/  64 /  65 /' "$tmp/ok.txt" >"$tmp/size.txt"
sed '$a\  b block                   1        1        2' "$tmp/ok.txt" >"$tmp/row.txt"
sed 's/      p50$//' "$tmp/ok.txt" >"$tmp/col.txt"
sed 's/^Round trip (ns)/Round trips (ns)/' "$tmp/ok.txt" >"$tmp/sec.txt"
for f in size row col sec; do
	if $check "$tmp/doc.md" "$tmp/$f.txt" >"$tmp/out" 2>&1; then
		fail "$f: a changed shape passed: $(cat "$tmp/out")"
	fi
done
# Output that the document does not quote at all.
echo "other: 1" >"$tmp/none.txt"
! $check "$tmp/doc.md" "$tmp/none.txt" >/dev/null 2>&1 ||
	fail "output the document does not quote passed"
echo "test_figure_shape: ok"
