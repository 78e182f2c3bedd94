#!/bin/sh
# Builds the Debian packages (librpmsg0, librpmsg-dev, rpmsg-tools) from a
# copy of the tree in build-deb/, checks them with lintian and, with
# --install, installs them, builds the consumer project against the
# installed librpmsg-dev (CMake package and pkg-config) and checks the
# installed tool, its manual pages and its Wireshark dissector.
# Usage: scripts/package.sh [--install]
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build-deb

scripts/deps.sh debhelper dpkg-dev lintian help2man fakeroot tshark \
	linux-source-6.1 xz-utils

# The Debian version is the project's (debian/changelog against project()).
deb=$(dpkg-parsechangelog -S Version)
cm=$(sed -n 's/^project(librpmsg VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ "$deb" = "$cm" ] || {
	echo "debian/changelog says $deb, CMakeLists.txt $cm" >&2
	exit 1
}

rm -rf "$OUT"
mkdir -p "$OUT/src"
# The tree without build directories or version control.
tar -cf - --exclude='./build*' --exclude=./.git --exclude='./obj-*' . |
	tar -xf - -C "$OUT/src"
(cd "$OUT/src" && dpkg-buildpackage -us -uc -b -j2 >"$OUT/build.log" 2>&1) || {
	tail -60 "$OUT/build.log" >&2
	exit 1
}
ls "$OUT"/*.deb
# Default level: errors and warnings fail.
lintian --fail-on error,warning "$OUT"/*.changes

[ "${1:-}" = "--install" ] || exit 0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get install -y -qq "$OUT"/*.deb >/dev/null
# A project built against what the packages installed: the shared and
# the static library through CMake, the shared one through pkg-config.
rm -rf "$OUT/consumer"
cmake -S tests/consumer -B "$OUT/consumer" >/dev/null
cmake --build "$OUT/consumer" >/dev/null
"$OUT/consumer/consumer"
"$OUT/consumer/consumer_static"
cc tests/consumer/main.c $(pkg-config --cflags --libs rpmsg) \
	-o "$OUT/consumer-pc"
"$OUT/consumer-pc"
ldd "$OUT/consumer-pc" | grep -Eq "librpmsg\.so\.0 => (/usr)?/lib/" || {
	echo "consumer-pc: not running on the installed librpmsg.so.0" >&2
	exit 1
}
rpmsg --version | grep -qx "rpmsg $cm" || {
	echo "installed rpmsg is not $cm" >&2
	exit 1
}
# The manual pages and the completion came with rpmsg-tools (unless this
# machine's dpkg leaves manual pages out).
dpkg -L rpmsg-tools | grep -q '/usr/share/bash-completion/completions/rpmsg$'
dpkg-deb -c "$OUT"/rpmsg-tools_*.deb | grep '/man1/rpmsg-send\.1\.gz$' >/dev/null
if grep -qs '^path-exclude=*/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
	echo "dpkg excludes /usr/share/man here: man rpmsg not checked"
else
	MANWIDTH=80 man rpmsg | grep -q "rpmsg-send(1)"
	MANWIDTH=80 man rpmsg-send | grep -q -- "--reply"
	MANWIDTH=80 man 3 rpmsg_send | grep -q "rpmsg_send - send"
fi
# The installed dissector decodes a capture of the installed tool.
RPMSG_DISSECTOR= bash tests/test_cli.sh /usr/bin/rpmsg dissector "$cm"
echo "packages installed and used: librpmsg0 librpmsg-dev rpmsg-tools $cm"
# Removed again: a build of a source tree on this machine would otherwise
# find the installed rpmsg_build_config.h (rpmsg_config.h looks for it with
# __has_include) and refuse its own configuration builds.
$SUDO apt-get purge -y -qq librpmsg0 librpmsg-dev rpmsg-tools >/dev/null
echo "packages removed again"
