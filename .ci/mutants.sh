#!/bin/bash
# Mutation check of the peer-input checks: each check of docs/DESIGN.md's
# validation table carries "/* check: ID */" in the code; .ci/mutants.txt
# says how to remove or weaken it and which tests should notice. For each
# id: apply the change to a copy of the tree, rebuild the library and those
# tests (no ccache, its own build directory), run them, and require at
# least one to fail. Prints every id with the tests that failed ("killed
# by"); a mutant no test kills, a mutation that no longer applies or does
# not build, and an id missing from the code, the table or DESIGN.md fail
# the run.
#
#   .ci/mutants.sh                all ids
#   .ci/mutants.sh ID...          those ids
#   .ci/mutants.sh --rotate N     the ids whose line number in the table is
#                                 today's day number modulo N (every id
#                                 within N days)
# Work directory: build-mutants/ (MUTANTS_DIR to move it).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
table="$root/.ci/mutants.txt"
work=${MUTANTS_DIR:-$root/build-mutants}
jobs=${MUTANTS_JOBS:-2}
export CCACHE_DISABLE=1

rotate=0
if [ "${1:-}" = --rotate ]; then
	rotate=$2
	shift 2
fi

# --- the table, the code and DESIGN.md name the same ids ----------------
ids_table=$(grep -v '^#' "$table" | grep -v '^$' | cut -f1)
ids_code=$(grep -rhoE '/\* check: [A-Z0-9 -]+ \*/' "$root/src/core" "$root/src/mini" |
	sed -E 's#/\* check: (.*) \*/#\1#' | tr ' ' '\n' | grep -v '^$')
ids_doc=$(sed -n '/^| read from the peer/,/^$/p' "$root/docs/DESIGN.md" |
	grep -oE '`[A-Z][A-Z0-9]*(-[A-Z0-9]+)+`' | tr -d '`')
stale=0
for set in code doc; do
	if [ "$set" = code ]; then other=$ids_code; else other=$ids_doc; fi
	for id in $ids_table; do
		echo "$other" | grep -qx -- "$id" ||
			{ echo "mutants: $id is in .ci/mutants.txt, not in the $set"; stale=1; }
	done
	for id in $other; do
		echo "$ids_table" | grep -qx -- "$id" ||
			{ echo "mutants: $id is in the $set, not in .ci/mutants.txt"; stale=1; }
	done
done
dups=$(echo "$ids_code" | sort | uniq -d)
[ -z "$dups" ] || { echo "mutants: tagged twice in the code: $dups"; stale=1; }
[ "$stale" = 0 ] || exit 1

# --- which ids this run -------------------------------------------------
day=$(( $(date -u +%s) / 86400 ))
selected=()
n=0
while IFS=$'\t' read -r id file expr tests; do
	case "$id" in '#'*|'') continue ;; esac
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@" | grep -qx -- "$id" || continue
	elif [ "$rotate" -gt 0 ] && [ $((n % rotate)) -ne $((day % rotate)) ]; then
		n=$((n + 1))
		continue
	fi
	n=$((n + 1))
	selected+=("$id")
done <"$table"
[ ${#selected[@]} -gt 0 ] || { echo "mutants: no id selected"; exit 1; }

# --- a copy of the tree (tracked and new files, not build output) -------
rm -rf "$work/src"
mkdir -p "$work/src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
	tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
	tar -C "$work/src" -m -xf -   # new mtimes: nothing stale is kept
src="$work/src"
bld="$work/build"
cmake -S "$src" -B "$bld" -DRPMSG_BUILD_TESTS=ON \
	-DCMAKE_C_COMPILER_LAUNCHER= >"$work/configure.log" 2>&1 ||
	{ cat "$work/configure.log"; exit 1; }

field() { # field <id> <column>
	grep -v '^#' "$table" | awk -F'\t' -v id="$1" -v c="$2" '$1 == id { print $c }'
}

# Targets behind the tests a regex selects: the test's name, or the name
# with its last _parts removed (test_fault_vandal_1 is test_fault).
targets_of() {
	local t all
	all=$(cmake --build "$bld" --target help | sed -nE 's#^\.\.\. ([^ ]+).*#\1#p')
	(cd "$bld" && ctest -N -R "$1" 2>/dev/null) |
		sed -nE 's#^ *Test +\#[0-9]+: ([^ ]+)$#\1#p' |
		while read -r t; do
			while ! echo "$all" | grep -qx -- "$t"; do
				case "$t" in *_*) t=${t%_*} ;; *) t=; break ;; esac
			done
			[ -z "$t" ] || echo "$t"
		done | sort -u
}

build_for() { # build_for <tests regex>
	# shellcheck disable=SC2046
	cmake --build "$bld" -j"$jobs" --target rpmsg $(targets_of "$1") \
		>"$work/build.log" 2>&1
}

# Names of the failed tests of a ctest run (empty when all passed).
run_tests() { # run_tests <regex>
	local names cases
	(cd "$bld" && ctest -R "$1" -j"$jobs" --timeout 120 \
		--output-on-failure >"$work/ctest.log" 2>&1) && return 0
	names=$(sed -n '/tests FAILED:/,$p' "$work/ctest.log" |
		sed -nE 's#^[[:space:]]*[0-9]+ - ([^ ]+) .*#\1#p' | paste -sd' ' -)
	# cmocka names the failed cases.
	cases=$(sed -nE 's#^\[  FAILED  \] ([a-z_][a-z0-9_]*)$#\1#p' \
		"$work/ctest.log" | sort -u | paste -sd' ' -)
	echo "$names${cases:+ (cases: $cases)}"
}

# --- unmutated: every named test must pass ------------------------------
all_tests=$(for id in "${selected[@]}"; do field "$id" 4; done |
	sed -E 's#^\^\((.*)\)\$$#\1#' | tr '|' '\n' | sort -u | paste -sd'|')
all_tests="^($all_tests)\$"
build_for "$all_tests" || { tail -30 "$work/build.log"; exit 1; }
failed=$(run_tests "$all_tests")
if [ -n "$failed" ]; then
	echo "mutants: unmutated tree fails: $failed"
	exit 1
fi

# --- one mutant at a time -----------------------------------------------
bad=0
report="$work/report.txt"
: >"$report"
for id in "${selected[@]}"; do
	file=$(field "$id" 2)
	expr=$(field "$id" 3)
	tests=$(field "$id" 4)
	cp "$root/$file" "$src/$file"
	line=$(grep -nE "/\* check: ([A-Z0-9-]+ )*$id( [A-Z0-9-]+)* \*/" \
		"$src/$file" | cut -d: -f1)
	result=
	if [ -z "$line" ]; then
		result="NOT FOUND in $file"
	else
		sed -i "${line},$((line + 3)){$expr}" "$src/$file"
		if cmp -s "$root/$file" "$src/$file"; then
			result="DOES NOT APPLY ($expr)"
		elif ! build_for "$tests"; then
			result="DOES NOT BUILD (see $work/build.log)"
		else
			failed=$(run_tests "$tests")
			if [ -n "$failed" ]; then
				result="killed by $failed"
			else
				result="SURVIVED $tests"
			fi
		fi
	fi
	cp "$root/$file" "$src/$file"
	case "$result" in killed*) ;; *) bad=1 ;; esac
	printf '%-18s %s\n' "$id" "$result" | tee -a "$report"
done
# Leave the copy unmutated and built.
build_for "$all_tests" >/dev/null 2>&1 || true
echo "mutants: ${#selected[@]} checks, report in $report"
exit $bad
