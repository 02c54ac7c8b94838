#!/bin/sh
# Benchmark of the S3 store, never run by the tests: pages/s of `run` over
# PAGES pages (default 400) served from loopback into a bucket of a local
# S3 server (s3rver, as in the tests), with one process and with two
# sharded processes at once (--shard 1/2 and 2/2, each its own cache, as
# two machines would), beside the same run into a local directory.  The
# rows are in scripts/bench.sh's format; on a shared machine compare the
# rows of one run with each other, not with another run's.
#   usage: scripts/bench-s3.sh [PAGES]
set -eu
cd "$(dirname "$0")/.."
pages=${1:-400}
bin=$PWD/build/clipseal
tmp=$(mktemp -d)
server= s3=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	[ -n "$s3" ] && kill "$s3" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
sh scripts/install-s3rver.sh

# wait_port FILE: until a server wrote its port there.
wait_port() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	cat "$1"
}
# row LABEL START END: pages/s of a run from START to END (date +%s.%N).
row() {
	awk -v l="$1" -v s="$2" -v e="$3" -v n="$pages" 'BEGIN {
		printf "%-28s %8d %10.2f %8.0f %10s\n", l, n, e - s,
		    (e > s ? n / (e - s) : 0), "-" }'
}
opts="-q -j 8 --per-host 8 --host-delay 0 --ignore-robots"

export CLIPSEAL_KEY="$tmp/key"
"$bin" keygen >/dev/null
mkdir "$tmp/site"
python3 - "$tmp/site" "$pages" <<'PY'
import sys
site, n = sys.argv[1], int(sys.argv[2])
para = ("The council met again on the matter of the harbour wall, and the "
        "engineers explained the plan in some detail to the residents. ")
for i in range(n):
    body = "".join("<p>%s Paragraph %d of page %d.</p>\n" % (para * 3, j, i)
                   for j in range(12))
    with open("%s/p%d.html" % (site, i), "w") as f:
        f.write("<!DOCTYPE html><html><head><title>Page %d</title></head>"
                "<body><article><h1>Page %d</h1>%s</article></body></html>"
                % (i, i, body))
PY
python3 tests/server.py --root "$tmp/site" --port-file "$tmp/port" 2>/dev/null &
server=$!
port=$(wait_port "$tmp/port")
node --openssl-legacy-provider tests/s3/s3rver.js --modules \
    "${CLIPSEAL_S3RVER:-${XDG_CACHE_HOME:-$HOME/.cache}/clipseal/s3rver-4.0.4}" \
    --data "$tmp/s3" --port-file "$tmp/s3.port" --bucket bench 2>/dev/null &
s3=$!
export AWS_ENDPOINT_URL="http://127.0.0.1:$(wait_port "$tmp/s3.port")"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
export AWS_DEFAULT_REGION=us-east-1
seq 0 $((pages - 1)) | sed "s|^|http://127.0.0.1:$port/p|; s|$|.html|" \
    >"$tmp/list"

printf '%-28s %8s %10s %8s %10s\n' benchmark pages seconds pages/s peak_KiB
t0=$(date +%s.%N)
# shellcheck disable=SC2086
"$bin" run $opts -s "$tmp/store" "$tmp/list"
t1=$(date +%s.%N)
row "run local dir -j 8" "$t0" "$t1"

t0=$(date +%s.%N)
# shellcheck disable=SC2086
XDG_CACHE_HOME="$tmp/c1" "$bin" run $opts -s s3://bench/one "$tmp/list"
t1=$(date +%s.%N)
row "run s3, 1 process -j 8" "$t0" "$t1"

t0=$(date +%s.%N)
for k in 1 2; do
	# shellcheck disable=SC2086
	XDG_CACHE_HOME="$tmp/c2$k" "$bin" run $opts -s s3://bench/two \
	    --shard $k/2 "$tmp/list" &
	eval "pid$k=\$!"
done
wait "$pid1"
wait "$pid2"
t1=$(date +%s.%N)
row "run s3, 2 shards at once" "$t0" "$t1"

t0=$(date +%s.%N)
# shellcheck disable=SC2086
XDG_CACHE_HOME="$tmp/c1" "$bin" run $opts -s s3://bench/one "$tmp/list"
t1=$(date +%s.%N)
row "run s3, 1 process, unchanged" "$t0" "$t1"
n=$(find "$tmp/s3/bench" -name '*.tar.gz._S3rver_object' | wc -l)
[ "$n" -eq $((2 * pages)) ] || {
	echo "bench-s3: $n objects in the bucket, not $((2 * pages))" >&2
	exit 1
}
