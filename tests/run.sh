#!/bin/sh
# Runs the unit tests (cmocka, TAP output) and then the CLI tests, from the
# repository root, and ends with one line: "N passed, N failed, N skipped".
# A TAP line carrying "# skip" (cmocka writes "not ok N # SKIP") is a skip,
# never a pass or a failure.
#   usage: tests/run.sh BUILD_DIR [unit|cli]
# $VALGRIND, when set, prefixes every run of a test binary and of clipseal.
set -u
B=${1:?usage: tests/run.sh BUILD_DIR [unit|cli]}
what=${2:-all}
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0
fail=0
skip=0

tally() {	# tally NAME STATUS: counts the TAP lines in $log
	s=$(grep -Eic '^(not )?ok [^#]*# skip' "$log")
	p=$(grep -E '^ok ' "$log" | grep -Eicv '^ok [^#]*# skip')
	f=$(grep -E '^not ok ' "$log" | grep -Eicv '^not ok [^#]*# skip')
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $1 exited with status $2"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
}

if [ "$what" != cli ]; then
	for t in "$B"/tests/test_*; do
		[ -x "$t" ] || continue
		echo "# $t"
		CMOCKA_MESSAGE_OUTPUT=TAP ${VALGRIND:-} "$t" >"$log" 2>&1
		st=$?
		cat "$log"
		tally "$t" "$st"
	done
fi
if [ "$what" != unit ]; then
	for t in tests/cli/test_*.sh; do
		echo "# $t"
		CLIPSEAL="$PWD/$B/clipseal" sh "$t" >"$log" 2>&1
		st=$?
		cat "$log"
		tally "$t" "$st"
	done
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
