#!/bin/sh
# The stock-tool route the seal row measures clipseal against: for each
# FILE, `gzip -6` of its bytes into DIR and one fsync of the result (`sync
# FILE` fsyncs just that file).
#   stock-gzip.sh DIR FILE...
set -eu
dir=$1
shift
i=0
for f in "$@"; do
	i=$((i + 1))
	gzip -6 -c "$f" >"$dir/$i.gz"
	sync "$dir/$i.gz"
done
