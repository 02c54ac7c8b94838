#!/bin/sh
# run, log, diff, reindex, verify --chain: a store with history, change
# detection, the lock, feeds, bad list lines, and SIGKILL at any moment.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH
export CLIPSEAL_STORE="$T/store"

cs keygen
site="$T/site"
mkdir -p "$site"
start_server "$site"

page 1 "The first sentence of story one." "First!" >"$site/one.html"
page 2 "The first sentence of story two." "Great read." >"$site/two.html"
cat >"$T/list.txt" <<LIST
# two good URLs, a duplicate spelling, and bad lines
$BASE/one.html
not a url
ftp://127.0.0.1:$PORT/file
$BASE/missing.html

$BASE/two.html#section
HTTP://127.0.0.1:$PORT/one.html?utm_source=x
$BASE/slow?bytes=100000&delay=1
LIST

cs run --timeout 3 "$T/list.txt"
check "a list with bad lines: exit 1" test "$rc" -eq 1
check "nothing on stdout without --verbose" test ! -s "$T/out"
sed -n 1,10p "$T/err" >"$T/err.lines"
cat >"$T/want.lines" <<WANT
clipseal: $T/list.txt:3: 'not a url': not a URL
clipseal: $T/list.txt:4: 'ftp://127.0.0.1:$PORT/file': unsupported URL scheme 'ftp'
clipseal: $T/list.txt:5: $BASE/missing.html: HTTP 404 Not Found
WANT
check "each bad line is reported by line number" sh -c \
    "head -n 3 '$T/err.lines' | diff -u '$T/want.lines' -"
check "the timeout is reported by line number" sh -c \
    "sed -n 4p '$T/err.lines' | grep -q '^clipseal: $T/list.txt:9: $BASE/slow?bytes=100000&delay=1: '"
check "exactly four failures were reported" test "$(wc -l <"$T/err")" -eq 4
check "the two good URLs were archived once each" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 2
check "archives sit in <host>/<slug>/" sh -c \
    "ls '$T'/store/127.0.0.1/one-html-*/127.0.0.1-*.tar.gz >/dev/null"

printf '%s\n%s\n' "$BASE/one.html" "$BASE/two.html" >"$T/good.txt"
cs run "$T/good.txt"
expect "an unchanged rerun is silent and exit 0" 0 ""
check "an unchanged rerun writes no archive" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 2
check "the rerun sent If-None-Match and took 304 as unchanged" \
    grep -qx '/one.html 304' "$T/access.log"

page 1 "The first sentence of story one." "Second comment, and a rude one." >"$site/one.html"
cs run --json "$T/good.txt"
check "changed comments only: no new version" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 2
check "--json says unchanged for both" test \
    "$(grep -c '"status":"unchanged"' "$T/out")" -eq 2

page 1 "The opening sentence of story one was corrected." "Third comment." >"$site/one.html"
sleep 1
cs run -v "$T/good.txt"
check "one changed sentence: exactly one new version" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 3
check "--verbose names the new archive" sh -c \
    "grep -q '^archived $BASE/one.html ' '$T/out' && grep -q '^unchanged $BASE/two.html .*\.tar\.gz$' '$T/out'"

cs log "$BASE/one.html"
check "log shows two versions of the URL" test \
    "$(grep -c '^  20' "$T/out")" -eq 2
cs log --json
check "log --json has three versions" test "$(wc -l <"$T/out")" -eq 3
check "log counts words added and removed" sh -c \
    "sed -n 2p '$T/out' | grep -q '\"words_added\":4,\"words_removed\":2'"

cs diff "$BASE/one.html"
check "diff shows the changed sentence" sh -c \
    "grep -q '^- The first sentence of story one. The committee' '$T/out' && grep -q '^+ The opening sentence of story one was corrected.' '$T/out'"
check "diff shows nothing that did not change" sh -c \
    "! grep -q 'second paragraph' '$T/out'"

cs verify --chain "$BASE/one.html"
check "verify --chain: two versions, chain OK" sh -c \
    "[ $rc -eq 0 ] && tail -n 1 '$T/out' | grep -qx '$BASE/one.html: chain OK (2 versions)'"
check "the new version names the previous one in its trusted comment" sh -c \
    "tar -xzOf \$(ls '$T'/store/127.0.0.1/one-html-*/*.tar.gz | tail -n 1) --wildcards '*/SHA256.sig' | grep -q ' previous=sha256:[0-9a-f]\{64\}$'"
first=$(ls "$T"/store/127.0.0.1/one-html-*/*.tar.gz | head -n 1)
mv "$first" "$T/first.tar.gz"
cs verify --chain "$BASE/one.html"
check "verify --chain fails when the first version is removed" sh -c \
    "[ $rc -eq 1 ] && grep -q 'FAILED: chain broken: previous is [0-9a-f]*, the version before is none' '$T/out'"
mv "$T/first.tar.gz" "$first"

# Versions sealed within one second: their file names sort by content
# hash, not by time, so the chain follows the signed fetched_at and the
# previous links.  Four versions, whose names do not sort in their order.
echo "$BASE/same.html" >"$T/same.txt"
for v in 1 2 3 4; do
	page 3 "Version $v of the story, sealed in the same second." "c" \
	    >"$site/same.html"
	SOURCE_DATE_EPOCH=1767225600 cs run -s "$T/same" "$T/same.txt"
done
check "four versions sealed in one second" test \
    "$(find "$T/same" -name '*.tar.gz' | wc -l)" -eq 4
cs verify -s "$T/same" --chain "$BASE/same.html"
check "verify --chain follows the links, not the names" sh -c \
    "[ $rc -eq 0 ] && tail -n 1 '$T/out' | grep -qx '$BASE/same.html: chain OK (4 versions)'"

# archive -s: a URL typed by a person, sealed into the store like run.
newest=$(ls "$T"/store/127.0.0.1/one-html-*/*.tar.gz | tail -n 1)
cs archive -s "$T/store" "$BASE/one.html"
expect_out "archive -s of an unchanged article prints its newest archive" 0 "$newest"
page 1 "The opening sentence of story one was corrected twice." "c" >"$site/one.html"
sleep 1
cs archive -s "$T/store" "$BASE/one.html"
check "archive -s of a changed article adds a version to the chain" sh -c \
    "[ $rc -eq 0 ] && [ \"\$(cat '$T/out')\" != '$newest' ] && [ -f \"\$(cat '$T/out')\" ]"
cs verify --chain "$BASE/one.html"
check "the chain now has three versions" sh -c \
    "[ $rc -eq 0 ] && tail -n 1 '$T/out' | grep -qx '$BASE/one.html: chain OK (3 versions)'"
cs archive -s "$T/store" "$BASE/missing.html"
expect "archive -s of a 404 keeps exit 3" 3 "clipseal: $BASE/missing.html: HTTP 404 Not Found"
cs archive -s "$T/store" -o "$T" "$BASE/one.html"
expect "archive -s and -o exclude each other" 2 "clipseal: archive: -s STORE excludes -o and --html"

# The index is a cache: rebuilt from the archives, equal to what runs use.
cs log --json
cp "$T/out" "$T/log.before"
cs reindex
expect_out "reindex reports what it indexed" 0 "4 archives indexed, 0 unreadable"
cs log --json
check "reindex gives the same index" cmp -s "$T/out" "$T/log.before"
echo "garbage, not sqlite" >"$T/store/index.sqlite"
rm -f "$T/store/index.sqlite-wal" "$T/store/index.sqlite-shm"
cs run "$T/good.txt"
expect "a corrupt index is rebuilt, never fatal" 0 ""
cs log --json
check "the rebuilt index equals the old one" cmp -s "$T/out" "$T/log.before"

# The lock: a second run while one holds it exits 7, touching nothing.
printf '%s\n' "$BASE/slow?bytes=3&delay=1" >"$T/slow.txt"
${VALGRIND:-} "$CLIPSEAL" run "$T/slow.txt" >/dev/null 2>&1 &
slow=$!
sleep 0.5
cs run "$T/good.txt"
expect "a second run exits 7 while the first holds the lock" 7 \
    "clipseal: $T/store: another clipseal run holds the lock"
wait $slow

# A feed of 50 items archives 50 articles.
i=1
{
	echo '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
	while [ $i -le 50 ]; do
		page "f$i" "Feed story $i begins here." "c" >"$site/f$i.html"
		echo "<item><title>$i</title><link>$BASE/f$i.html</link></item>"
		i=$((i + 1))
	done
	echo '</channel></rss>'
} >"$site/feed.rss"
mkdir "$T/fs"
cs run -s "$T/fs" -j 8 "feed:$BASE/feed.rss"
check "feed items on loopback are refused without --allow-private" sh -c \
    "[ $rc -eq 1 ] && [ \$(wc -l <'$T/err') -eq 50 ] && head -n 1 '$T/err' | grep -qx 'clipseal: feed:$BASE/feed.rss#1: $BASE/f1.html: refusing to connect to loopback address 127.0.0.1 for a feed item (see --allow-private)'"
cs run -s "$T/fs" -j 8 --allow-private "feed:$BASE/feed.rss"
expect "a 50-item feed runs cleanly" 0 ""
check "a feed with 50 items archives 50 articles" test \
    "$(find "$T/fs" -name '*.tar.gz' | wc -l)" -eq 50

# check: the live article against an archive, writing nothing.
mkdir "$T/arch"
cs archive -o "$T/arch" "$BASE/two.html"
a2=$(cat "$T/out")
cs check -p "$T/key.pub" "$a2"
expect_out "check: unchanged" 0 "$a2: unchanged $BASE/two.html"
page 2 "The first sentence of story two." "A new comment does not count." >"$site/two.html"
cs check -p "$T/key.pub" "$a2"
expect_out "check: a comment change is still unchanged" 0 "$a2: unchanged $BASE/two.html"
page 2 "Story two now opens differently." "Great read." >"$site/two.html"
cs check -p "$T/key.pub" "$a2"
check "check: an edited article is changed, exit 1" sh -c \
    "[ $rc -eq 1 ] && grep -q '^$a2: changed $BASE/two.html (now sha256:[0-9a-f]\{12\})\$' '$T/out'"
rm "$site/two.html"
cs check -p "$T/key.pub" "$a2"
expect_out "check: a removed page is gone with its status" 1 "$a2: gone (HTTP 404) $BASE/two.html"
check "check wrote nothing" test "$(ls "$T/arch" | wc -l)" -eq 1

# install-cron.sh --install is idempotent; a stand-in crontab keeps the
# test away from anybody's real one.
mkdir "$T/bin"
cat >"$T/bin/crontab" <<'CRONTAB'
#!/bin/sh
case $1 in
-l) [ -f "$CRONTAB_FILE" ] || { echo "no crontab for you" >&2; exit 1; }
    cat "$CRONTAB_FILE" ;;
-) cat >"$CRONTAB_FILE" ;;
*) exit 2 ;;
esac
CRONTAB
chmod +x "$T/bin/crontab"
export CRONTAB_FILE="$T/crontab"
echo "MAILTO=ana@example.org" >"$CRONTAB_FILE"
PATH="$T/bin:$PATH" sh scripts/install-cron.sh --install --every 30 \
    --key "$T/key" --store "$T/store" "$T/good.txt" >/dev/null
PATH="$T/bin:$PATH" sh scripts/install-cron.sh --install --at 04:30 \
    --key "$T/key" --store "$T/store" "$T/good.txt" >/dev/null
check "install-cron.sh --install twice leaves one line, the latest" sh -c \
    "[ \$(grep -c 'clipseal-run:' '$CRONTAB_FILE') -eq 1 ] && grep -q '^30 4 \* \* \* ' '$CRONTAB_FILE'"
check "install-cron.sh keeps the other crontab lines" grep -qx "MAILTO=ana@example.org" "$CRONTAB_FILE"
check "the cron line names key, store, list and a log file" sh -c \
    "grep -q \" run -q -k '$T/key' -s '$T/store' '$T/good.txt' >>'$T/store.log' 2>&1 # clipseal-run:\" '$CRONTAB_FILE'"
check "install-cron.sh refuses a bad --every" sh -c \
    "! sh scripts/install-cron.sh --every 90 '$T/good.txt' 2>/dev/null"

cs run -s "$T/fs" "$T/nonexistent.txt"
expect "a missing list file is exit 5" 5 "clipseal: $T/nonexistent.txt: No such file or directory"
cs run
expect "run without a source is a usage error" 2 "clipseal: run: no SOURCE given"
cs run -j 0 "$T/good.txt"
expect "a bad -j is a usage error" 2 "clipseal: --jobs: '0' is not a number from 1 to 64"
cs run -k "$T/nokey" "$T/good.txt"
expect "a missing key is exit 6" 6 "clipseal: $T/nokey: no such key (run clipseal keygen)"

done_testing
