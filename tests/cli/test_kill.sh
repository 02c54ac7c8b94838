#!/bin/sh
# SIGKILL of a run at any moment leaves a store whose every archive
# verifies, with no forked history, and whose index reindex reproduces.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH

cs keygen
site="$T/site"
mkdir -p "$site"
start_server "$site"
i=1
: >"$T/list.txt"
while [ $i -le 30 ]; do
	cat >"$site/p$i.html" <<PAGE
<!DOCTYPE html><html><head><title>Page $i</title></head><body><article>
<h1>Page $i</h1><p>Paragraph one of page $i, long enough to be an article on its own.</p>
<p>Paragraph two of page $i says a little more about the same thing, at length.</p>
</article></body></html>
PAGE
	echo "$BASE/p$i.html" >>"$T/list.txt"
	i=$((i + 1))
done

for delay in 0.02 0.05 0.1 0.15 0.2 0.3 0.45 0.7 1.0; do
	"$CLIPSEAL" run -s "$T/store" --host-delay 0 --per-host 4 "$T/list.txt" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
set -- "$T"/store/*/*/*.tar.gz
[ -e "$1" ] || set --
cs verify -q -p "$T/key.pub" "$@"
check "after SIGKILLs every archive in the store verifies ($# archives)" \
    sh -c "[ $rc -eq 0 ] && [ $# -gt 0 ]"
check "no half-written archive is visible under a final name" sh -c \
    "! find '$T/store' -name '*.tar.gz' -size 0 | grep -q ."

cs run -s "$T/store" "$T/list.txt"
expect "the next run completes" 0 ""
check "no URL has a forked history: one version each" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 30
cs log -s "$T/store" --json
cp "$T/out" "$T/seen"
cs reindex -q -s "$T/store"
cs log -s "$T/store" --json
check "reindex gives the index the next run saw" cmp -s "$T/out" "$T/seen"
check "no temporary file is left after the next run" sh -c \
    "! find '$T/store' -name '.*.tmp.*' | grep -q ."

done_testing
