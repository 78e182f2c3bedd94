#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The configuration a CMake build is given (RPMSG_CONFIG, or -D in CFLAGS)
# reaches the generated rpmsg_build_config.h with every default, and a
# program compiled against the headers sees it through rpmsg_config.h
# alone; a malformed setting is refused. A mismatch is an error: a program
# that defines a setting otherwise fails to compile, naming it, and an
# object compiled against the headers of a build configured otherwise
# fails to link with this build's library (static and shared), also
# with -O2 and --gc-sections.
# Usage: test_build_config.sh SOURCE_DIR SCRATCH_DIR C_COMPILER
#        GENERATED_INCLUDE LIBRPMSG_A [LIBRPMSG_SO]
# (GENERATED_INCLUDE and the libraries: the build under test, configured
# with the defaults.)
set -eu
src=$1
dir=$2
cc=$3
gen=$4
lib_a=$5
lib_so=${6:-}
rm -rf "$dir"
mkdir -p "$dir"
fail() {
	echo "$*" >&2
	exit 1
}

cmake -S "$src" -B "$dir/b" \
	-DRPMSG_CONFIG="RPMSG_CFG_MAX_CHANNELS=3;RPMSG_CFG_ZERO_COPY=0" >/dev/null
hdr=$dir/b/include/rpmsg/rpmsg_build_config.h
grep -q '^#define RPMSG_CFG_MAX_CHANNELS 3$' "$hdr"
# The defaults are recorded too.
grep -q '^#define RPMSG_CFG_MAX_DRIVERS 8$' "$hdr" ||
	fail "the default of RPMSG_CFG_MAX_DRIVERS is not recorded"
cat >"$dir/probe.c" <<'C'
#include <rpmsg/rpmsg_config.h>
_Static_assert(RPMSG_CFG_MAX_CHANNELS == 3, "recorded value not seen");
_Static_assert(RPMSG_CFG_ZERO_COPY == 0, "recorded switch not seen");
int main(void) { return 0; }
C
"$cc" -std=c11 -Werror -I"$dir/b/include" -I"$src/include" \
	-c "$dir/probe.c" -o "$dir/probe.o"
# Without the generated header: the defaults.
cat >"$dir/defaults.c" <<'C'
#include <rpmsg/rpmsg_config.h>
_Static_assert(RPMSG_CFG_ZERO_COPY == 1, "default changed");
int main(void) { return 0; }
C
"$cc" -std=c11 -Werror -I"$src/include" -c "$dir/defaults.c" \
	-o "$dir/defaults.o"
if cmake -S "$src" -B "$dir/bad" -DRPMSG_CONFIG="NOT_OURS=1" \
	>/dev/null 2>&1; then
	fail "a setting that is not RPMSG_CFG_* was accepted"
fi
# A -D in CFLAGS is what the library is compiled with: recorded.
CFLAGS="-O2 -DRPMSG_CFG_MAX_DRIVERS=2" cmake -S "$src" -B "$dir/cflags" \
	>/dev/null
grep -q '^#define RPMSG_CFG_MAX_DRIVERS 2$' \
	"$dir/cflags/include/rpmsg/rpmsg_build_config.h" ||
	fail "-DRPMSG_CFG_MAX_DRIVERS=2 in CFLAGS is not recorded"

# Compile time: the build under test has the defaults (16 channels).
cat >"$dir/app.c" <<'C'
#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_version.h>
int main(void) { return rpmsg_version()[0] == '\0'; }
C
"$cc" -std=c11 -Wall -Wextra -Werror -I"$gen" -I"$src/include" -DRPMSG_CFG_MAX_CHANNELS=16 \
	-c "$dir/app.c" -o "$dir/app_same.o" ||
	fail "the value the library was built with was refused"
if "$cc" -std=c11 -I"$gen" -I"$src/include" -DRPMSG_CFG_MAX_CHANNELS=8 -c "$dir/app.c" \
	-o "$dir/app_other.o" 2>"$dir/other.err"; then
	fail "-DRPMSG_CFG_MAX_CHANNELS=8 compiled against a library of 16"
fi
grep -q 'RPMSG_CFG_MAX_CHANNELS differs from 16' "$dir/other.err" ||
	fail "no message naming RPMSG_CFG_MAX_CHANNELS: $(cat "$dir/other.err")"

# Link time: the same program compiled against the headers of the
# 3-channel build ($dir/b) does not link with the library of 16; compiled
# against the right headers it does.
# A sanitizer build's library needs its runtime at link time.
san=${RPMSG_TEST_SANITIZE:+-fsanitize=$RPMSG_TEST_SANITIZE}
set -- "$lib_a"
[ -z "$lib_so" ] || set -- "$@" "$lib_so"
for lib in "$@"; do
	for opt in "-O0" "-O2 -ffunction-sections -fdata-sections -Wl,--gc-sections"; do
		# shellcheck disable=SC2086 # $opt is a list of flags
		"$cc" -std=c11 $opt $san -I"$gen" -I"$src/include" "$dir/app.c" "$lib" \
			-pthread -o "$dir/app" || fail "$opt $lib: the matching program did not link"
		# shellcheck disable=SC2086
		if "$cc" -std=c11 $opt $san -I"$dir/b/include" -I"$src/include" \
			"$dir/app.c" "$lib" -pthread -o "$dir/app_old" \
			2>"$dir/link.err"; then
			fail "$opt $lib: an object of a 3-channel header linked"
		fi
		grep -q 'rpmsg_abi_cfg_channels1_max_channels3_' "$dir/link.err" ||
			fail "$opt $lib: not the configuration's symbol: $(cat "$dir/link.err")"
	done
done
echo "build config recorded, seen, and a mismatch refused at compile and link time"
