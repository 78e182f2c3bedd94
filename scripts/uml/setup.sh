#!/bin/sh
# Prepares everything the kernel-test scenarios boot, in UML_DIR:
# `linux` (a link to the kernel built, or reused, by build-kernel.sh) and
# `root/` (make-root.sh), then boots the guest once without any device to
# check that the kernel and the root work on their own.
#
# Usage: scripts/uml/setup.sh UML_DIR [GUEST_PROGRAM...]
# The GUEST_PROGRAMs (static executables) go into the root's /bin.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
uml=$1
shift
kbuild=$("$here/build-kernel.sh" | tail -n 1)
mkdir -p "$uml"
ln -sfn "$kbuild/linux" "$uml/linux"
"$here/make-root.sh" "$kbuild" "$uml/root" "$@"
exec "$here/run-scenario.sh" - "$uml" boot
