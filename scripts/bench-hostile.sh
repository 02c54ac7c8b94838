#!/bin/sh
# Time and peak memory of `clipseal extract` on hostile pages, per size:
#   bench-hostile.sh [CLIPSEAL] [KIND...]
# The pages come from scripts/hostile-page.py (its kinds are listed there),
# at SIZES (default "10k 100k 1M 4M 15M"; "deeparticle" has one size).
# Prints one row per page: kind, size, seconds, peak RSS in KiB and the
# outcome (article, article truncated, no article, exit N, or killed after
# LIMIT seconds, default 120).  The goal is < 65536 KiB at every size and
# seconds that grow no faster than the size.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/clipseal}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- deep deeparticle attr text nul badutf8 b i divp li
sizes=${SIZES:-10k 100k 1M 4M 15M}
limit=${LIMIT:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-12s %6s %8s %10s  %s\n' kind size seconds peak_KiB outcome
for kind in "$@"; do
	for size in $sizes; do
		python3 scripts/hostile-page.py "$kind" "$size" \
		    >"$tmp/page.html"
		rc=0
		/usr/bin/time -f '%e %M' -o "$tmp/time" timeout "$limit" \
		    "$bin" extract -f json "$tmp/page.html" >"$tmp/out" \
		    2>"$tmp/err" || rc=$?
		read -r secs rss <<EOT
$(tail -n 1 "$tmp/time")
EOT
		case $rc in
		0)	if grep -q '"truncated": true' "$tmp/out"; then
				outcome="article truncated"
			else
				outcome=article
			fi ;;
		4)	outcome="no article" ;;
		124)	outcome="killed after $limit s" ;;
		*)	outcome="exit $rc: $(head -n 1 "$tmp/err")" ;;
		esac
		printf '%-12s %6s %8s %10s  %s\n' "$kind" "$size" "$secs" \
		    "$rss" "$outcome"
		[ "$kind" = deeparticle ] && break
	done
done
