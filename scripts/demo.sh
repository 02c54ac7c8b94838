#!/bin/sh
# The main job on the bundled sample: make a key, serve the sample article
# page on 127.0.0.1, archive it, verify the archive, and show what was kept.
# Everything goes under build/demo; nothing outside the tree is touched.
set -eu
cd "$(dirname "$0")/.."
bin=build/clipseal
demo=build/demo
rm -rf "$demo"
mkdir -p "$demo/archives"
export CLIPSEAL_KEY="$PWD/$demo/key"

python3 tests/server.py --root tests/fixtures/sample --port-file "$demo/port" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
i=0
while [ ! -s "$demo/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
url="http://127.0.0.1:$(cat "$demo/port")/article.html"

echo "== clipseal keygen"
$bin keygen
echo "== clipseal archive -o $demo/archives $url"
archive=$($bin archive -o "$demo/archives" "$url")
echo "$archive"
echo "== clipseal verify -p $demo/key.pub $archive"
$bin verify -p "$demo/key.pub" "$archive"
echo "== article.txt (its SHA-256 is the content hash)"
tar -xzOf "$archive" --wildcards '*/article.txt'
echo "== what the cleaner removed (removed.json kinds)"
tar -xzOf "$archive" --wildcards '*/removed.json' |
    sed -n 's/.*"kind": "\(.*\)".*/\1/p' | sort | uniq -c
