#!/bin/sh
# Rewrites the golden texts of tests/fixtures/regress/: NAME.txt becomes
# what `clipseal extract -f text` prints for NAME.html now, the very command
# tests/cli/test_extract.sh compares against.  Run it on purpose, after a
# change to extraction, then read `git diff tests/fixtures/regress`: every
# changed line is a change to archived text.  A page whose new text lacks a
# line of NAME.expected or shows one of NAME.forbidden keeps its old golden,
# and the script exits 1 naming it.
#   usage: scripts/regress-update.sh [BIN]     (build/clipseal)
set -u
cd "$(dirname "$0")/.."
. tests/cli/judge.sh
bin=${1:-build/clipseal}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
st=0
for page in tests/fixtures/regress/*.html; do
	base=${page%.html}
	name=$(basename "$base")
	if ! "$bin" extract -f text -u "https://news.example/$name" "$page" \
	    >"$tmp"; then
		echo "$page: extract failed, golden kept" >&2
		st=1
		continue
	fi
	judge "$tmp" "$base.expected" "$base.forbidden"
	if [ -n "$missing$leaked" ]; then
		echo "$page: golden kept: lacks${missing:- nothing}," \
		    "shows${leaked:- nothing}" >&2
		st=1
		continue
	fi
	cmp -s "$tmp" "$base.txt" && continue
	cp "$tmp" "$base.txt"
	echo "$base.txt"
done
exit "$st"
