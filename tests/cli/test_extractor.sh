#!/bin/sh
# The extractor version: extraction output never changes without a bump of
# EXTRACT_VERSION, and a rule change never forks a history.  A store made
# by this binary has its archives re-sealed as other rules would have left
# them (tests/resign.py: another article.txt, another or no "extractor"),
# then run and archive -s go over the same pages and over edited ones.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH
export CLIPSEAL_STORE="$T/store"
ev=$(sed -n 's/^#define EXTRACT_VERSION \([0-9]*\)$/\1/p' include/extract.h)

sums() {	# sums [ARGS...]: tests/extractor-sums.sh; output in $T/out
	sh tests/extractor-sums.sh "$CLIPSEAL" "$@" >"$T/out" 2>&1
	rc=$?
}
sums
check "the fixtures' outputs are those recorded for extractor $ev" sh -c \
    "[ $rc -eq 0 ] && [ ! -s '$T/out' ]"
cp tests/fixtures/extractor.sums "$T/changed.sums"
sed -i '/regress\/german\.txt$/s/^[0-9a-f]/x/' "$T/changed.sums"
cp "$T/changed.sums" "$T/changed.before"
sums "$T/changed.sums"
expect_out "a changed output under the same version fails, saying bump" 1 \
    "extraction output changed under extractor $ev (regress/german.txt): bump EXTRACT_VERSION in include/extract.h, then run tests/extractor-sums.sh CLIPSEAL --update"
sums --update "$T/changed.sums"
check "--update refuses to record it under the same version" sh -c \
    "[ $rc -eq 1 ] && cmp -s '$T/changed.sums' '$T/changed.before'"
sed "s/^extractor $ev\$/extractor $((ev - 1))/" "$T/changed.sums" \
    >"$T/bumped.sums"
sums "$T/bumped.sums"
expect_out "a bumped version not yet recorded fails, saying record it" 1 \
    "$T/bumped.sums records extractor $((ev - 1)), include/extract.h has $ev: run tests/extractor-sums.sh CLIPSEAL --update"
sums --update "$T/bumped.sums"
check "--update records the outputs under the new version" sh -c \
    "[ $rc -eq 0 ] && cmp -s '$T/bumped.sums' tests/fixtures/extractor.sums"
grep -v 'regress/german\.' tests/fixtures/extractor.sums >"$T/new.sums"
sums "$T/new.sums"
expect_out "a new fixture page needs recording, not a bump" 1 \
    "fixture pages added or removed (regress/german.html regress/german.json regress/german.txt): run tests/extractor-sums.sh CLIPSEAL --update (no bump needed)"

cs keygen
site="$T/site"
mkdir -p "$site"
start_server "$site"

for i in 1 2 3 4 5 6; do
	page $i "Story $i begins." "First!" >"$site/$i.html"
done
printf '%s\n' "$BASE/1.html" "$BASE/2.html" "$BASE/4.html" "$BASE/5.html" \
    >"$T/list.txt"
cs run "$T/list.txt"
cs archive -s "$T/store" --no-raw "$BASE/3.html"
printf '%s\n' "$BASE/3.html" >>"$T/list.txt"
cs archive -s "$T/store" "$BASE/6.html"
check "a store of six URLs, one version each" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 6
newest() { ls "$T"/store/127.0.0.1/$1-html-*/*.tar.gz | tail -n 1; }
count() { ls "$T"/store/127.0.0.1/$1-html-*/*.tar.gz | wc -l; }
member() { tar -xzOf "$1" --wildcards "*/$2"; }
check "metadata.json records the extractor version" sh -c \
    "tar -xzOf '$(newest 1)' --wildcards '*/metadata.json' | grep -qx '  \"extractor\": $ev,'"

# older N [resign.py options]: re-seals URL N's archive as other rules
# would have sealed it: its article.txt with the comment thread kept.
older() {
	a=$(newest $1)
	shift
	member "$a" article.txt >"$T/old.txt"
	printf '\n%s\n' "3 Comments" "" "First!" >>"$T/old.txt"
	python3 tests/resign.py "$a" "$(dirname "$a")" "$T/key" "$T/key.pub" \
	    --text "$T/old.txt" "$@" >"$T/resigned" && rm "$a"
}
older 1 --meta extractor
older 2 --meta extractor=$((ev + 1))
older 3 --meta extractor
# Cut in the middle of the page, inside the response record (the third).
member "$(newest 4)" capture.warc >"$T/full.warc"
cut=$(grep -abo 'Story 4 begins' "$T/full.warc" | tail -n 1 | cut -d : -f 1)
head -c "$((cut + 5))" "$T/full.warc" >"$T/cut.warc"
older 4 --meta extractor --set capture.warc="$T/cut.warc"
member "$(newest 1)" capture.warc >"$T/other.warc"
older 5 --meta extractor=0 --set capture.warc="$T/other.warc"
older 6 --meta extractor
cs verify -p "$T/key.pub" "$T"/store/127.0.0.1/*/*.tar.gz
check "the re-sealed archives are authentic" sh -c \
    "[ $rc -eq 0 ] && [ \$(grep -c ': OK ' '$T/out') -eq 6 ]"
check "the first one has no extractor field, as before it was recorded" \
    sh -c "! tar -xzOf '$(newest 1)' --wildcards '*/metadata.json' | grep -q extractor"
old1=$(newest 1) old2=$(newest 2) old6=$(newest 6)

# The same articles under new comments: the server sends them in full.
for i in 1 2 3 4 5 6; do
	page $i "Story $i begins." "A comment posted since." >"$site/$i.html"
done
cs run --json "$T/list.txt"
check "an upgrade alone: no new version of a URL with its capture" sh -c \
    "[ $rc -eq 0 ] && [ $(count 1) -eq 1 ] && [ $(count 2) -eq 1 ] && [ '$(newest 1)' = '$old1' ]"
check "--json says unchanged for both" sh -c \
    "grep -q '\"status\":\"unchanged\",\"url\":\"$BASE/1.html\"' '$T/out' && grep -q '\"status\":\"unchanged\",\"url\":\"$BASE/2.html\"' '$T/out'"
check "--no-raw: compared with the stored text, one new version" sh -c \
    "[ $(count 3) -eq 2 ] && grep -q '\"status\":\"archived\",\"url\":\"$BASE/3.html\"' '$T/out'"
check "a cut capture: one new version" test "$(count 4)" -eq 2
check "a capture of another page: not trusted, one new version" test \
    "$(count 5)" -eq 2
sed -e "s|$T/store/127.0.0.1/[^/]*/[^:]*\.tar\.gz|ARCHIVE|" "$T/err" \
    >"$T/err.lines"
cat >"$T/want.lines" <<WANT
clipseal: $T/list.txt:3: $BASE/4.html: ARCHIVE: warc: record 3: Content-Length runs past the end; compared with its stored text
clipseal: $T/list.txt:4: $BASE/5.html: ARCHIVE: capture.warc: its page is not the one of raw_sha256; compared with its stored text
WANT
check "one line for each capture that could not be used" sh -c \
    "sort '$T/err.lines' | diff -u '$T/want.lines' -"
cs archive -s "$T/store" "$BASE/6.html"
expect_out "archive -s: an upgrade alone prints the newest archive" 0 "$old6"

cs check -p "$T/key.pub" "$old2"
expect_out "check: an upgrade alone is unchanged" 0 \
    "$old2: unchanged $BASE/2.html"

# A real edit of the article still adds exactly one version, chained.
page 1 "Story 1 begins, corrected." "And one more comment." >"$site/1.html"
page 2 "Story 2 begins, corrected." "And one more comment." >"$site/2.html"
sleep 1
cs run -v "$T/list.txt"
check "a real edit: exactly one new version" sh -c \
    "[ $rc -eq 0 ] && [ $(count 1) -eq 2 ] && [ $(count 2) -eq 2 ] && [ ! -s '$T/err' ]"
cs check -p "$T/key.pub" "$old2"
check "check: a real edit is changed" sh -c \
    "[ $rc -eq 1 ] && grep -q '^$old2: changed $BASE/2.html' '$T/out'"
check "the new version is the current extractor's" sh -c \
    "tar -xzOf '$(newest 1)' --wildcards '*/metadata.json' | grep -qx '  \"extractor\": $ev,'"
cs verify --chain "$BASE/1.html"
check "verify --chain: the new version follows the re-sealed one" sh -c \
    "[ $rc -eq 0 ] && tail -n 1 '$T/out' | grep -qx '$BASE/1.html: chain OK (2 versions)'"
cs log "$BASE/1.html"
check "log lists both versions" test "$(grep -c '^  20' "$T/out")" -eq 2
cs diff "$BASE/1.html"
check "diff shows the edit" grep -q '^+ Story 1 begins, corrected.' "$T/out"
cs log --json
cp "$T/out" "$T/log.before"
cs reindex
cs log --json
check "reindex reads the archives of both rules alike" sh -c \
    "[ $rc -eq 0 ] && cmp -s '$T/out' '$T/log.before'"
cs run "$T/list.txt"
check "the next run is unchanged everywhere" sh -c \
    "[ $rc -eq 0 ] && [ ! -s '$T/err' ] && [ \$(find '$T/store' -name '*.tar.gz' | wc -l) -eq 11 ]"

done_testing
