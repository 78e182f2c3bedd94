#!/bin/sh
# The API reference from the kernel-doc comments of the public headers,
# by the Linux kernel's own scripts/kernel-doc: checked with warnings as
# errors (every function, parameter, structure and member documented),
# then written as manual pages, one per function, structure, enum and
# typedef, into build/apidoc/man3 (man -l build/apidoc/man3/rpmsg_send.3).
# kernel-doc comes from KERNEL_DOC, else the kernel tree the kernel tests
# unpacked, else Debian's linux-source-6.1 (installed if missing).
# Usage: scripts/apidoc.sh [OUTDIR]
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-build/apidoc}
cache=${LIBRPMSG_UML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/librpmsg-uml}

kdoc=${KERNEL_DOC:-}
if [ -z "$kdoc" ] && [ -f "$cache/linux-source-6.1/scripts/kernel-doc" ]; then
	kdoc=$cache/linux-source-6.1/scripts/kernel-doc
fi
if [ -z "$kdoc" ]; then
	scripts/deps.sh linux-source-6.1 xz-utils perl
	kdoc=$OUT/kernel-doc
	mkdir -p "$OUT"
	[ -f "$kdoc" ] ||
		tar -xJOf /usr/src/linux-source-6.1.tar.xz \
			linux-source-6.1/scripts/kernel-doc >"$kdoc"
fi

# The headers as installed: the tree's and the generated version header.
ver=$(sed -n 's/^project(librpmsg VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
mkdir -p "$OUT"
sed "s/@PROJECT_VERSION@/$ver/; s/@PROJECT_VERSION_[A-Z]*@/0/" \
	cmake/rpmsg_version.h.in >"$OUT/rpmsg_version.h"
# Headers with no kernel-doc comment (only macros) are left out.
set -- $(grep -l '^/\*\*' include/rpmsg/*.h) "$OUT/rpmsg_version.h"

# Any warning fails: kernel-doc -Werror counts them into its status.
perl "$kdoc" -none -Werror "$@" || {
	echo "apidoc: kernel-doc warnings above" >&2
	exit 1
}

# One page per .TH, named after its identifier ("struct x" -> x, in the
# NAME line too), section 3 of the librpmsg manual.
rm -rf "$OUT/man3"
mkdir -p "$OUT/man3"
for h in "$@"; do perl "$kdoc" -man "$h"; done | awk -v dir="$OUT/man3" -v ver="$ver" '
/^\.TH / {
	if (f)
		close(f)
	split($0, q, "\"")
	name = q[4]
	sub(/^(struct|enum|union|typedef) /, "", name)
	f = dir "/" name ".3"
	n++
	printf ".TH \"%s\" 3 \"%s\" \"librpmsg %s\" \"librpmsg API\"\n",
		name, q[6], ver > f
	next
}
/^\.SH NAME/ { print > f; inname = 1; next }
inname { sub(/^(struct|enum|union|typedef) /, ""); inname = 0 }
{ print > f }
END { printf "apidoc: %d pages in %s\n", n, dir }'

# Each page has a NAME line whatis(1) reads (as lintian checks).
if command -v lexgrog >/dev/null; then
	for p in "$OUT"/man3/*.3; do
		lexgrog "$p" >/dev/null || {
			echo "apidoc: $p: no whatis entry" >&2
			exit 1
		}
	done
fi
