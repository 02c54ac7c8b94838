#!/bin/sh
# run and robots.txt: Disallow honoured, each site's robots.txt fetched in
# the parallel loop before that site's first page, so a slow one holds up
# only its own site, and --ignore-robots.
. tests/cli/lib.sh
export CLIPSEAL_STORE="$T/store"

cs keygen
site="$T/site"
mkdir -p "$site/private"
printf 'User-agent: *\nDisallow: /private/\n' >"$site/robots.txt"
for name in a b release private/x; do
	cat >"$site/$name.html" <<PAGE
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Page $name - The Daily Test</title></head><body>
<article><h1>Page $name</h1>
<p>The committee met on Tuesday to discuss page $name of the proposal.</p>
<p>Members agreed that the second paragraph of page $name stays the same.</p>
</article></body></html>
PAGE
done
start_server "$site"
# robots-wait.test's robots.txt is answered only once /release.html has
# been served: fetched one site after another, it would come first.
slow="http://robots-wait.test:$PORT"
cat >"$T/list.txt" <<LIST
$slow/a.html
$slow/private/x.html
$BASE/b.html
$BASE/private/x.html
$BASE/release.html
LIST

cs run -j 4 --per-host 1 --host-delay 0 \
    --resolve "robots-wait.test:$PORT:127.0.0.1" "$T/list.txt"
cat >"$T/want.err" <<WANT
clipseal: $T/list.txt:4: $BASE/private/x.html: disallowed by robots.txt
clipseal: $T/list.txt:2: $slow/private/x.html: disallowed by robots.txt
WANT
check "Disallow: each refused URL is one line, exit 1" sh -c \
    "test $rc -eq 1 && diff -u '$T/want.err' '$T/err'"
cat >"$T/want.log" <<WANT
/robots.txt 200
/b.html 200
/release.html 200
/robots.txt 200
/a.html 200
WANT
check "one slow robots.txt delays only its own site's pages" \
    diff -u "$T/want.log" "$T/access.log"
check "the allowed pages were archived" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 3

: >"$T/access.log"
printf '%s\n' "$BASE/private/x.html" >"$T/private.txt"
cs run --ignore-robots "$T/private.txt"
expect "--ignore-robots fetches a disallowed page" 0 ""
check "--ignore-robots asks for the page and not robots.txt" test \
    "$(cat "$T/access.log")" = "/private/x.html 200"

done_testing
