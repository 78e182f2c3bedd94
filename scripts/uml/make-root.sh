#!/bin/sh
# Prepares the root directory the User-Mode Linux guest mounts over hostfs:
# static busybox and its applet links, the guest's /init, the sample
# client module from the kernel build, and the rpmsg_char client built
# statically.
#
# Usage: scripts/uml/make-root.sh KERNEL_BUILD_DIR ROOT_DIR [PROGRAM...]
# ROOT_DIR is recreated from scratch; each PROGRAM (a static executable,
# e.g. the rpmsg tool linked for the guest) is copied into its /bin.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kbuild=$1
root=$2
shift 2
module=$kbuild/samples/rpmsg/rpmsg_client_sample.ko

[ -f "$module" ] || { echo "root: no $module" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "root: no /bin/busybox (busybox-static)" >&2; exit 1; }
! readelf -l /bin/busybox | grep -q INTERP ||
	{ echo "root: /bin/busybox is not static" >&2; exit 1; }

rm -rf "$root"
mkdir -p "$root/bin" "$root/lib" "$root/dev" "$root/proc" "$root/sys" \
	"$root/tmp" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
# Absolute links: inside the guest, / is ROOT_DIR.
for applet in $(/bin/busybox --list); do
	[ "$applet" = busybox ] || ln -s /bin/busybox "$root/bin/$applet"
done
cp "$module" "$root/lib/"
# root and nobody, for what a user other than root is refused (ctl).
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
cp "$here/guest-init.sh" "$root/init"
chmod 755 "$root/init"
${CC_STATIC:-gcc} -static -O2 -std=c11 -Wall -Wextra -Werror \
	-o "$root/bin/rpmsg_char_client" "$repo/tests/kernel/rpmsg_char_client.c"
for prog in "$@"; do
	! readelf -l "$prog" | grep -q INTERP ||
		{ echo "root: $prog is not static" >&2; exit 1; }
	cp "$prog" "$root/bin/"
done
echo "root: $root"
