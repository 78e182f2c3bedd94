#!/bin/sh
# Static checks on the core (src/core), the ports (src/port) and the
# described-region link (src/transport/layout*.c):
# clang-tidy with the repository's .clang-tidy, then cppcheck. Any warning
# from either fails the script.
# Usage: .ci/static-checks.sh [build-dir]   (default: build-static)
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh clang-tidy cppcheck

build=${1:-build-static}
files="src/core/*.c src/port/*.c src/rsc/*.c src/transport/layout*.c"

echo "== clang-tidy ($(clang-tidy --version | sed -n 's/.*version //p'))"
# compile_commands.json gives clang-tidy the project's flags and includes.
cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
	-DRPMSG_BUILD_TESTS=OFF -DRPMSG_BUILD_EXAMPLES=OFF \
	-DRPMSG_BUILD_TOOLS=OFF >/dev/null
log="$build/clang-tidy.log"
# shellcheck disable=SC2086 # $files is a list of globs
rc=0
clang-tidy -p "$build" --quiet $files >"$log" 2>&1 || rc=$?
# Every check is an error (.clang-tidy), so findings make the status
# non-zero; the grep also catches warnings from a changed configuration.
if [ "$rc" -ne 0 ] || grep -Eq '(warning|error):' "$log"; then
	grep -E -A3 '(warning|error):' "$log" || cat "$log"
	echo "clang-tidy: failed (status $rc), see above" >&2
	exit 1
fi
n=$(clang-tidy -p "$build" --list-checks | grep -c '^ ')
echo "clang-tidy: $n checks, no findings"

echo "== cppcheck ($(cppcheck --version))"
# shellcheck disable=SC2086
cppcheck --std=c11 --enable=warning,style,performance,portability \
	--inconclusive --library=posix --inline-suppr --error-exitcode=1 -q \
	-I include -I src/core \
	--suppressions-list=.ci/cppcheck-suppressions.txt $files
echo "cppcheck: no findings"
echo "== static checks passed"
