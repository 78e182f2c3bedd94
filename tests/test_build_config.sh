#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The configuration a CMake build is given (RPMSG_CONFIG) reaches the
# generated rpmsg_build_config.h, and a program compiled against the headers
# sees it through rpmsg_config.h alone; a malformed setting is refused.
# Usage: test_build_config.sh SOURCE_DIR SCRATCH_DIR C_COMPILER
set -eu
src=$1
dir=$2
cc=$3
rm -rf "$dir"
mkdir -p "$dir"
cmake -S "$src" -B "$dir/b" \
	-DRPMSG_CONFIG="RPMSG_CFG_MAX_CHANNELS=3;RPMSG_CFG_ZERO_COPY=0" >/dev/null
grep -q '^#define RPMSG_CFG_MAX_CHANNELS 3$' \
	"$dir/b/include/rpmsg/rpmsg_build_config.h"
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
	echo "a setting that is not RPMSG_CFG_* was accepted" >&2
	exit 1
fi
echo "build config recorded and seen"
