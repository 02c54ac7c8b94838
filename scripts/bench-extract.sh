#!/bin/sh
# Extraction throughput against libxml2's bare parse, per corpus set:
#   bench-extract.sh [CLIPSEAL] [PARSE_ONLY]
# CLIPSEAL defaults to build/clipseal, PARSE_ONLY to build/bench/parse_only
# (cc tests/bench/parse_only.c with libxml-2.0).  Prints one row per set:
# pages, parse-only pages/s, extract pages/s (one process, --out-dir),
# their ratio (the issue asks >= 0.5) and extract's peak RSS.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/clipseal}
parse=${2:-build/bench/parse_only}
corpus=${CORPUS:-../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -d "$corpus" ] || { echo "bench-extract: no corpus at $corpus" >&2; exit 0; }
printf '%-14s %6s %10s %10s %6s %10s\n' set pages parse/s extract/s ratio peak_KiB
for set in "$corpus"/*/; do
	name=$(basename "$set")
	n=$(ls "$set"*.html | wc -l)
	p=$("$parse" "$set"*.html | cut -d' ' -f3)
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" extract -f text \
	    --out-dir "$tmp/$name" "$set"*.html >/dev/null 2>&1 || true
	read -r secs rss <<EOT
$(tail -n 1 "$tmp/time")
EOT
	awk -v s="$name" -v n="$n" -v p="$p" -v t="$secs" -v r="$rss" \
	    'BEGIN { e = t > 0 ? n / t : 0; q = p > 0 ? e / p : 0;
	    printf "%-14s %6d %10.0f %10.0f %6.2f %10d\n", s, n, p, e, q, r }'
done

# Peak memory on one 10 MB page: corpus pages run together.
cat "$corpus"/*/*.html | head -c 10500000 >"$tmp/big.html"
/usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" extract "$tmp/big.html" \
    >/dev/null 2>&1 || true
read -r secs rss <<EOT
$(tail -n 1 "$tmp/time")
EOT
printf '%-14s %6d %10s %10s %6s %10d  (%s s, target < 65536 KiB)\n' \
    "10 MB page" 1 - - - "$rss" "$secs"
