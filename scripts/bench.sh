#!/bin/sh
# Benchmarks, never run by the tests: one row per measurement with its
# numbers (extraction against the corpus is scripts/bench-extract.sh).
#   archive/verify: wall time and peak RSS for the bundled sample page;
#   bomb: peak RSS of archive refusing a 50 MB gzip bomb (16 MiB cap);
#   run: pages/s and peak RSS over 1000 pages served from loopback, -j 8.
set -eu
cd "$(dirname "$0")/.."
bin=$PWD/build/clipseal
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run LABEL COMMAND...: prints LABEL, wall seconds and peak RSS in KiB.
run() {
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || true
	# time writes "Command exited with non-zero status N" first on failure.
	read -r secs rss <<EOF
$(tail -n 1 "$tmp/time")
EOF
	echo "$label $secs $rss"
}

printf '%-28s %8s %10s %8s %10s\n' benchmark pages seconds pages/s peak_KiB
export CLIPSEAL_KEY="$tmp/key"
"$bin" keygen >/dev/null
mkdir "$tmp/a"
row=$(run x "$bin" archive -o "$tmp/a" --html tests/fixtures/sample/article.html --url https://news.example/x)
echo "$row" | awk '{ printf "%-28s %8d %10.2f %8s %10d\n", "archive sample (--html)", 1, $2, "-", $3 }'
row=$(run x "$bin" verify -p "$tmp/key.pub" "$tmp"/a/*.tar.gz)
echo "$row" | awk '{ printf "%-28s %8d %10.2f %8s %10d\n", "verify sample", 1, $2, "-", $3 }'

# run: 1000 pages served from loopback, -j 8, one host, so per-host limits
# and the polite delay are lifted to measure clipseal rather than politeness.
site="$tmp/site"
mkdir -p "$site"
python3 - "$site" <<'PY'
import sys
site = sys.argv[1]
para = ("The council met again on the matter of the harbour wall, and the "
        "engineers explained the plan in some detail to the residents. ")
for i in range(1000):
    body = "".join("<p>%s Paragraph %d of page %d.</p>\n" % (para * 3, j, i)
                   for j in range(12))
    with open("%s/p%d.html" % (site, i), "w") as f:
        f.write("<!DOCTYPE html><html><head><title>Page %d</title></head>"
                "<body><nav><a href='/'>Home</a></nav><article><h1>Page %d"
                "</h1>%s</article><div id='comments'><p>First!</p></div>"
                "</body></html>" % (i, i, body))
PY
python3 tests/server.py --root "$site" --port-file "$tmp/port" 2>/dev/null &
server=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$tmp/port")
seq 0 999 | sed "s|^|http://127.0.0.1:$port/p|; s|$|.html|" >"$tmp/list"
row=$(run x "$bin" run -q -s "$tmp/store" -j 8 --per-host 8 --host-delay 0 --ignore-robots "$tmp/list")
echo "$row" | awk '{ printf "%-28s %8d %10.2f %8.0f %10d\n", "run -j 8 (all new)", 1000, $2, ($2 > 0 ? 1000 / $2 : 0), $3 }'
row=$(run x "$bin" run -q -s "$tmp/store" -j 8 --per-host 8 --host-delay 0 --ignore-robots "$tmp/list")
echo "$row" | awk '{ printf "%-28s %8d %10.2f %8.0f %10d\n", "run -j 8 (all unchanged)", 1000, $2, ($2 > 0 ? 1000 / $2 : 0), $3 }'
row=$(run x "$bin" archive -o "$tmp" "http://127.0.0.1:$port/gzip-bomb?mb=50")
echo "$row" | awk '{ printf "%-28s %8d %10.2f %8s %10d\n", "archive 50 MB gzip bomb", 1, $2, "-", $3 }'
kill $server 2>/dev/null
