#!/bin/sh
# Installs the Debian packages librpmsg needs to build and test, if missing.
# Usage: scripts/deps.sh [extra-package...]
set -eu
# gnuplot-nox, valgrind, python3: rpmsg bench (--plot, --callgrind) and its
# test. help2man, man-db: the tool's manual pages and their test.
# qemu-system-arm, gcc-arm-none-eabi, libnewlib-arm-none-eabi: the
# dual-core firmware tests (ctest -L qemu, firmware/an521/).
pkgs="build-essential cmake pkg-config clang libclang-rt-dev libcmocka-dev binutils
gnuplot-nox valgrind python3 help2man man-db qemu-system-arm gcc-arm-none-eabi
libnewlib-arm-none-eabi binutils-arm-none-eabi $*"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=
else
	SUDO=sudo
fi
# Another apt-get or dpkg at work (an unattended upgrade, a second build)
# holds the lock: wait for it up to ten minutes instead of failing.
lock="-o DPkg::Lock::Timeout=600"
# shellcheck disable=SC2086
$SUDO apt-get $lock update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get $lock install -y -qq $missing
