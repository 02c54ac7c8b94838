#!/bin/sh
# The store's behaviour, one suite run against both backends: a local
# directory and a bucket on a real S3 server (s3rver, SigV4 checked).
# Dedupe on the cleaned article, the chain, log, diff, check -s, stamp -s,
# reindex, archive -s, run --shard; the index is only ever a cache.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH

cs keygen
python3 tests/tsa.py pki "$T/pki" || { not_ok "tsa.py pki"; done_testing; exit 1; }
site="$T/site"
mkdir -p "$site"
start_server "$site" --tsa-dir "$T/pki"
start_s3 clips
export XDG_CACHE_HOME="$T/cache"

# files: the archives of the store as local files, sorted.  For a bucket,
# the files the S3 server keeps them in (their bytes are the object's).
files() {
	case $store in
	s3://*) find "$S3_DATA/${store#s3://}" -name '*.tar.gz._S3rver_object' ;;
	*) find "$store" -name '*.tar.gz' ;;
	esac | sort
}
count() { files | wc -l; }
# file_of NAME: the local file of an archive as commands name it.
file_of() {
	case $1 in
	s3://*) echo "$S3_DATA/${1#s3://}._S3rver_object" ;;
	*) echo "$1" ;;
	esac
}
# hide FILE / unhide FILE: take a version away and give it back.
hide() {
	for f in "${1%._S3rver_object}"*; do mv "$f" "$T/hidden.${f##*.tar.gz}"; done
}
unhide() {
	for f in "$T"/hidden.*; do mv "$f" "${1%._S3rver_object}${f#$T/hidden.}"; done
}

suite() {
	kind=$1
	store=$2
	rm -rf "$T/cache"
	page 1 "The first sentence of story one." "First!" >"$site/one.html"
	page 2 "The first sentence of story two." "Great read." >"$site/two.html"
	printf '%s\n%s\n' "$BASE/one.html" "$BASE/two.html" >"$T/good.txt"

	cs run -s "$store" "$T/good.txt"
	expect "$kind: a first run is silent" 0 ""
	check "$kind: two URLs, two archives" test "$(count)" -eq 2
	cs run -s "$store" "$T/good.txt"
	expect "$kind: an unchanged rerun is silent" 0 ""
	check "$kind: an unchanged rerun writes nothing" test "$(count)" -eq 2

	page 1 "The first sentence of story one." "Second comment." >"$site/one.html"
	cs run -s "$store" --json "$T/good.txt"
	check "$kind: other comments only: no new version" sh -c \
	    "[ $(count) -eq 2 ] && [ \$(grep -c '\"status\":\"unchanged\"' '$T/out') -eq 2 ]"

	page 1 "The opening sentence of story one was corrected." "Third." >"$site/one.html"
	sleep 1
	cs run -s "$store" -v "$T/good.txt"
	check "$kind: one changed sentence: exactly one new version" sh -c \
	    "[ $rc -eq 0 ] && [ $(count) -eq 3 ] && grep -q '^archived $BASE/one.html $store/127.0.0.1/one-html-' '$T/out'"

	cs log -s "$store" "$BASE/one.html"
	check "$kind: log shows two versions under the store's name" sh -c \
	    "[ \$(grep -c '^  20.*  $store/127.0.0.1/one-html-' '$T/out') -eq 2 ]"
	cs log -s "$store" --json
	cp "$T/out" "$T/log.before"
	check "$kind: log --json: three versions, words added and removed" sh -c \
	    "[ \$(wc -l <'$T/out') -eq 3 ] && sed -n 2p '$T/out' | grep -q '\"words_added\":4,\"words_removed\":2'"

	cs diff -s "$store" "$BASE/one.html"
	check "$kind: diff shows the changed sentence only" sh -c \
	    "grep -q '^+ The opening sentence of story one was corrected.' '$T/out' && ! grep -q 'second paragraph' '$T/out'"

	cs verify -s "$store" --chain "$BASE/one.html"
	check "$kind: verify --chain: two versions, chain OK" sh -c \
	    "[ $rc -eq 0 ] && tail -n 1 '$T/out' | grep -qx '$BASE/one.html: chain OK (2 versions)'"
	first=$(files | grep one-html | head -n 1)
	hide "$first"
	cs verify -s "$store" --chain "$BASE/one.html"
	check "$kind: verify --chain fails without the first version" sh -c \
	    "[ $rc -eq 1 ] && grep -q 'FAILED: chain broken: previous is [0-9a-f]*, the version before is none' '$T/out'"
	unhide "$first"

	newest=$(grep one-html "$T/log.before" | tail -n 1 |
	    sed 's/.*"archive":"\([^"]*\)".*/\1/')
	cs archive -s "$store" "$BASE/one.html"
	expect_out "$kind: archive -s of an unchanged article names its newest" 0 "$newest"
	page 1 "The opening sentence of story one was corrected twice." "c" >"$site/one.html"
	sleep 1
	cs archive -s "$store" "$BASE/one.html"
	new=$(cat "$T/out")
	check "$kind: archive -s of a changed article adds a version" sh -c \
	    "[ $rc -eq 0 ] && [ '$new' != '$newest' ] && [ -f '$(file_of "$new")' ]"
	cs verify -s "$store" --chain "$BASE/one.html"
	check "$kind: the chain has three versions" sh -c \
	    "[ $rc -eq 0 ] && tail -n 1 '$T/out' | grep -qx '$BASE/one.html: chain OK (3 versions)'"
	# shellcheck disable=SC2046
	check "$kind: every archive verifies as a file" \
	    "$CLIPSEAL" verify -q -p "$T/key.pub" $(files)

	# check -s: each URL's newest version against the live page.
	page 2 "Story two now opens differently." "Great read." >"$site/two.html"
	cs check -s "$store" -p "$T/key.pub"
	check "$kind: check -s: one unchanged, one changed, exit 1" sh -c \
	    "[ $rc -eq 1 ] && grep -q ': unchanged $BASE/one.html\$' '$T/out' && grep -q ': changed $BASE/two.html (now sha256:' '$T/out'"
	check "$kind: check -s wrote nothing" test "$(count)" -eq 4
	cs check -s "$store" -p "$T/key.pub" "$BASE/one.html"
	check "$kind: check -s URL checks that URL only" sh -c \
	    "[ $rc -eq 0 ] && [ \$(wc -l <'$T/out') -eq 1 ]"

	# stamp -s: every archive without a stamp, written back whole.
	cs stamp -s "$store" --tsa "$BASE/tsa/good"
	check "$kind: stamp -s stamps all four archives" sh -c \
	    "[ $rc -eq 0 ] && [ \$(grep -c ': stamped=20' '$T/out') -eq 4 ]"
	cs stamp -s "$store" --tsa "$BASE/tsa/good"
	expect_out "$kind: a second stamp -s has nothing to do" 0 ""
	cs verify -s "$store" --chain "$BASE/one.html" --tsa-ca "$T/pki/ca.pem" \
	    --require-stamp
	check "$kind: the stamped chain verifies against the TSA" test "$rc" -eq 0
	cs log -s "$store" "$BASE/two.html"
	check "$kind: log shows the stamp" grep -q 'stamped=20' "$T/out"

	# The index is a cache: rebuilt from the archives, never the truth.
	cs log -s "$store" --json
	cp "$T/out" "$T/log.before"
	cs reindex -s "$store"
	expect_out "$kind: reindex indexes every archive" 0 "4 archives indexed, 0 unreadable"
	cs log -s "$store" --json
	check "$kind: reindex gives the same log" cmp -s "$T/out" "$T/log.before"
	rm -rf "$T/cache"
	case $store in s3://*) ;; *) rm -f "$store"/index.sqlite* ;; esac
	cs run -s "$store" "$T/good.txt"
	check "$kind: without its index a run sees the history" sh -c \
	    "[ $rc -eq 0 ] && [ $(count) -eq 5 ]"
	cs log -s "$store" "$BASE/two.html"
	check "$kind: ... and chains the new version to it" sh -c \
	    "[ \$(grep -c '^  20' '$T/out') -eq 2 ]"

	# --shard K/N: two shards are the whole list, each URL in one.
	i=1
	: >"$T/many.txt"
	while [ $i -le 20 ]; do
		page "m$i" "Many story $i begins." "c" >"$site/m$i.html"
		echo "$BASE/m$i.html" >>"$T/many.txt"
		i=$((i + 1))
	done
	cs run -s "$store" --shard 1/2 -v "$T/many.txt"
	cp "$T/out" "$T/shard1"
	cs run -s "$store" --shard 2/2 -v "$T/many.txt"
	cp "$T/out" "$T/shard2"
	check "$kind: two shards archive every URL exactly once" sh -c \
	    "cat '$T/shard1' '$T/shard2' | grep '^archived' | cut -d' ' -f2 | sort | uniq -u | wc -l | grep -qx 20"
	check "$kind: both shards had work" sh -c \
	    "grep -q '^archived' '$T/shard1' && grep -q '^archived' '$T/shard2'"
	cs run -s "$store" "$T/many.txt"
	check "$kind: an unsharded run afterwards adds nothing" sh -c \
	    "[ $rc -eq 0 ] && [ $(count) -eq 25 ]"
}

suite local "$T/store"
suite s3 "s3://clips/news"

cs run -s "$T/store" --shard 3/2 "$T/good.txt"
expect "--shard K/N needs K <= N" 2 \
    "clipseal: --shard: '3/2' is not K/N with 1 <= K <= N <= 1000"
cs log -s "$T/nothing-here"
expect "a read of a missing store fails" 5 "clipseal: $T/nothing-here: no store here"
done_testing
