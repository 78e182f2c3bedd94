#!/bin/sh
# Builds the User-Mode Linux kernel the kernel tests boot: Debian's
# linux-source-6.1 with scripts/uml/patches/*.patch applied (the UML virtio
# transport only; see each patch), `make ARCH=um defconfig` plus
# scripts/uml/rpmsg.config.
#
# Usage: scripts/uml/build-kernel.sh
# Prints, as its last line on stdout, the kernel build directory (it holds
# `linux` and samples/rpmsg/rpmsg_client_sample.ko). Everything else goes
# to stderr.
#
# The sources and builds live outside the repository, in
# LIBRPMSG_UML_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/librpmsg-uml).
# A build is keyed by a hash of the kernel package version, the patches and
# the config fragment, so the kernel is rebuilt only when one of them
# changes.
# LIBRPMSG_UML_JOBS sets make's -j (default: the number of CPUs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/rpmsg.config
srcpkg=linux-source-6.1

"$here/../deps.sh" "$srcpkg" bc bison flex libelf-dev xz-utils patch \
	busybox-static >&2

cache=${LIBRPMSG_UML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/librpmsg-uml}
jobs=${LIBRPMSG_UML_JOBS:-$(nproc)}
version=$(dpkg-query -W -f='${Version}' "$srcpkg")
tarball=/usr/src/$srcpkg.tar.xz
patches=$(ls "$here"/patches/*.patch 2>/dev/null | sort)
# shellcheck disable=SC2086 # one path per word, none with spaces
srcid="$srcpkg $version $(cat /dev/null $patches | sha256sum | cut -c1-16)"
key=$( { echo "$srcid"; cat "$fragment"; } | sha256sum | cut -c1-16)
src=$cache/$srcpkg
out=$cache/build-$key

mkdir -p "$cache"
# One build at a time per cache; a second caller waits, then reuses it.
exec 9>"$cache/lock"
flock 9

if [ -f "$out/.librpmsg-built" ] && [ -x "$out/linux" ]; then
	echo "kernel: $out/linux (cached, key $key)" >&2
	echo "$out"
	exit 0
fi

# The source tree is shared by the builds; it is unpacked (and patched)
# again when the package or the patches change.
if [ "$(cat "$src/.librpmsg-source" 2>/dev/null)" != "$srcid" ]; then
	echo "kernel: unpacking $tarball into $cache" >&2
	rm -rf "$src" "$cache/unpack"
	mkdir -p "$cache/unpack"
	tar -xJf "$tarball" -C "$cache/unpack"
	for p in $patches; do
		echo "kernel: applying ${p##*/}" >&2
		patch -d "$cache/unpack/$srcpkg" -p1 -s <"$p"
	done
	mv "$cache/unpack/$srcpkg" "$src"
	rmdir "$cache/unpack"
	echo "$srcid" >"$src/.librpmsg-source"
fi

echo "kernel: configuring $out" >&2
mkdir -p "$out"
make -C "$src" O="$out" ARCH=um defconfig >&2
# Each fragment line CONFIG_X=y|m|number sets X; Kconfig resolves the rest.
grep '^CONFIG_' "$fragment" | while IFS='=' read -r sym val; do
	case $val in
	y) "$src/scripts/config" --file "$out/.config" --enable "$sym" ;;
	m) "$src/scripts/config" --file "$out/.config" --module "$sym" ;;
	-[0-9]*|[0-9]*)
	   "$src/scripts/config" --file "$out/.config" --set-val "$sym" "$val" ;;
	*) echo "kernel: $fragment: unsupported value $sym=$val" >&2
	   exit 1 ;;
	esac
done
make -C "$src" O="$out" ARCH=um olddefconfig >&2
# A symbol Kconfig dropped (a missing dependency) would make the tests
# fail later in a confusing way: stop here instead.
grep '^CONFIG_' "$fragment" | while read -r line; do
	grep -qx "$line" "$out/.config" || {
		echo "kernel: $line did not survive olddefconfig" >&2
		exit 1
	}
done

echo "kernel: building linux and modules (make -j$jobs)" >&2
make -C "$src" O="$out" ARCH=um -j"$jobs" linux modules >&2
touch "$out/.librpmsg-built"
echo "kernel: $out/linux (key $key)" >&2
echo "$out"
