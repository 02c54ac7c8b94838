#!/bin/sh
# What extraction outputs on every fixture page (text, json and html, as
# `clipseal extract` writes them), against tests/fixtures/extractor.sums,
# which records them under one EXTRACT_VERSION (include/extract.h).  An
# output that changes while the version stays the same would let `run` take
# a rule change for an edit of the article, so that fails.
#   usage: tests/extractor-sums.sh CLIPSEAL [--update] [SUMS]
# Without --update: exit 0 when the outputs are the recorded ones, else 1
# and a line saying what to do.  --update records them, but refuses to
# record a changed output under the version it was recorded for: bump
# EXTRACT_VERSION first.  New or removed fixture pages need no bump.
set -u
usage="usage: tests/extractor-sums.sh CLIPSEAL [--update] [SUMS]"
bin=${1:?$usage}
shift
update=false
if [ "${1:-}" = --update ]; then
	update=true
	shift
fi
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
sums=${1:-tests/fixtures/extractor.sums}
shown=$sums
case $sums in /*) ;; *) sums=$PWD/$sums ;; esac
cd "$(dirname "$0")/.." || exit 2

version=$(sed -n 's/^#define EXTRACT_VERSION \([0-9][0-9]*\)$/\1/p' \
    include/extract.h)
[ -n "$version" ] || { echo "no EXTRACT_VERSION in include/extract.h"; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/extractor-sums.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One line per page and format: "<sha256>  <dir>/<page>.<ext>", or "none"
# for a page without an article.
for dir in sample regress extract; do
	for f in text json html; do
		${VALGRIND:-} "$bin" extract -f "$f" -u https://news.example/fixture \
		    --out-dir "$tmp/$dir" tests/fixtures/$dir/*.html \
		    >/dev/null 2>"$tmp/err"
		st=$?
		if [ "$st" -ne 0 ] && [ "$st" -ne 1 ]; then
			echo "clipseal extract -f $f failed (exit $st):" \
			    "$(head -n 1 "$tmp/err")"
			exit 2
		fi
	done
	for page in tests/fixtures/$dir/*.html; do
		name=$(basename "$page" .html)
		for ext in txt json html; do
			out=$tmp/$dir/$name.$ext
			if [ -f "$out" ]; then
				h=$(sha256sum <"$out" | cut -d ' ' -f 1)
			else
				h=none
			fi
			echo "$h  $dir/$name.$ext"
		done
	done
done | LC_ALL=C sort -k 2 >"$tmp/now"
[ -s "$tmp/now" ] || exit 2

recorded=$(sed -n 's/^extractor \([0-9][0-9]*\)$/\1/p' "$sums" 2>/dev/null)
grep -v -e '^#' -e '^extractor ' "$sums" 2>/dev/null | LC_ALL=C sort -k 2 \
    >"$tmp/then"
# Outputs whose bytes changed, and pages that came or went.
changed=$(LC_ALL=C join -j 2 "$tmp/then" "$tmp/now" |
    awk '$2 != $3 { printf "%s%s", sep, $1; sep = " " }')
moved=$(LC_ALL=C join -j 2 -v 1 -v 2 "$tmp/then" "$tmp/now" |
    awk '{ printf "%s%s", sep, $1; sep = " " }')

if [ "$recorded" = "$version" ] && [ -n "$changed" ]; then
	echo "extraction output changed under extractor $version ($changed):" \
	    "bump EXTRACT_VERSION in include/extract.h, then run" \
	    "tests/extractor-sums.sh CLIPSEAL --update"
	exit 1
fi
if $update; then
	{
		echo "# clipseal extract -f text|json|html on tests/fixtures/{sample,regress,extract}"
		echo "# under this extractor; written by tests/extractor-sums.sh --update."
		echo "extractor $version"
		cat "$tmp/now"
	} >"$sums.tmp" && mv "$sums.tmp" "$sums" || exit 2
	exit 0
fi
if [ "$recorded" != "$version" ]; then
	echo "$shown records extractor ${recorded:-none}, include/extract.h" \
	    "has $version: run tests/extractor-sums.sh CLIPSEAL --update"
	exit 1
fi
if [ -n "$moved" ]; then
	echo "fixture pages added or removed ($moved): run" \
	    "tests/extractor-sums.sh CLIPSEAL --update (no bump needed)"
	exit 1
fi
exit 0
