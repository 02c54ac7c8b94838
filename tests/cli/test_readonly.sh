#!/bin/sh
# log, diff, check and verify --chain only look: no byte of the store changes
# (the index and its -wal and -shm included), nothing is created, and an
# index that is missing, corrupt, behind the archives or in a writer's hands
# is read around, from the archives, rather than repaired.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH
S="$T/store"

cs keygen
site="$T/site"
mkdir -p "$site"
start_server "$site"
page() { story_page "$site" "$@"; }
page one "The first sentence."
page two "Story two begins."
printf '%s\n%s\n' "$BASE/one.html" "$BASE/two.html" >"$T/list.txt"
cs run -s "$S" "$T/list.txt"
page one "The first sentence was corrected."
sleep 1
cs run -s "$S" "$T/list.txt"
check "the store has three versions" test \
    "$(find "$S" -name '*.tar.gz' | wc -l)" -eq 3
one=$(ls "$S"/127.0.0.1/one-html-*/*.tar.gz | tail -n 1)

# Every file and directory with its type, size, mode and, for files, hash.
snapshot() {
	(cd "$S" && find . -printf '%p %y %s %m\n' | sort &&
	    find . -type f -exec sha256sum {} + | sort -k 2)
}
# reads NAME: every read command, each followed by a check of the store.
reads() {
	snapshot >"$T/before"
	for cmd in "log -s $S" "log -s $S --json" "log -s $S $BASE/one.html" \
	    "diff -s $S $BASE/one.html" \
	    "verify -p $T/key.pub --chain $BASE/one.html -s $S" \
	    "check -p $T/key.pub $one"; do
		# shellcheck disable=SC2086
		cs $cmd
		snapshot >"$T/after"
		check "$1: $(echo "$cmd" | sed "s|$T/||g; s|$BASE/||g") changes no byte" \
		    cmp -s "$T/before" "$T/after"
	done
}
reads "with a sound index"
cs log -s "$S" --json
cp "$T/out" "$T/log.want"
cs diff -s "$S" "$BASE/one.html"
cp "$T/out" "$T/diff.want"
# same NAME: log and diff read the same versions as from the sound index.
same() {
	cs log -s "$S" --json
	check "$1: log lists every version" cmp -s "$T/out" "$T/log.want"
	cs diff -s "$S" "$BASE/one.html"
	check "$1: diff compares the newest two" cmp -s "$T/out" "$T/diff.want"
}

cd "$T" || exit 1
cs log -s typo
expect "log -s of a missing store is exit 5" 5 "clipseal: typo: no store here"
check "log -s typo creates no typo/" test ! -e "$T/typo"
cs diff -s typo "$BASE/one.html"
expect "diff -s of a missing store is exit 5" 5 "clipseal: typo: no store here"
cs verify -p "$T/key.pub" -s typo --chain "$BASE/one.html"
expect "verify --chain -s of a missing store is exit 5" 5 \
    "clipseal: typo: no store here"
check "no command created typo/" test ! -e "$T/typo"
mkdir "$T/empty"
cs log -s empty
expect "an empty directory is no store" 5 "clipseal: empty: no store here"
cd - >/dev/null || exit 1
mkdir "$T/home"
HOME="$T/home" XDG_DATA_HOME= CLIPSEAL_STORE= ${VALGRIND:-} "$CLIPSEAL" \
    verify -p "$T/key.pub" --chain "$BASE/one.html" >"$T/out" 2>"$T/err"
rc=$?
expect "verify --chain without a store is exit 5" 5 \
    "clipseal: $T/home/.local/share/clipseal/store: no store here"
check "verify --chain without a store creates nothing under HOME" \
    test -z "$(ls -A "$T/home")"

mv "$S/index.sqlite" "$T/index.sqlite"
reads "without an index"
same "without an index"
check "no reader made an index" test ! -e "$S/index.sqlite"
mv "$T/index.sqlite" "$S/index.sqlite"

echo "garbage, not sqlite" >"$T/garbage"
cp "$S/index.sqlite" "$T/index.sqlite"
cp "$T/garbage" "$S/index.sqlite"
reads "with a corrupt index"
same "with a corrupt index"
check "no reader set the corrupt index aside" test ! -e "$S/index.sqlite.corrupt"
cp "$T/index.sqlite" "$S/index.sqlite"

# An index behind the archives, as a run killed before indexing leaves it.
mv "$one" "$T/newest.tar.gz"
cs reindex -q -s "$S"
mv "$T/newest.tar.gz" "$one"
reads "with an index behind the archives"
same "with an index behind the archives"

# A writer that died with its transaction in index.sqlite-wal.
cs reindex -q -s "$S"
python3 -c "
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute(\"INSERT INTO checks VALUES ('x', 'x', 'x', 'x')\")
db.commit()
os._exit(0)" "$S/index.sqlite"
check "the dead writer left index.sqlite-wal and -shm" \
    test -s "$S/index.sqlite-wal" -a -s "$S/index.sqlite-shm"
reads "with a dead writer's -wal and -shm"
same "with a dead writer's -wal and -shm"

# While a run holds the lock and the index, readers neither wait nor touch.
printf '%s\n' "$BASE/slow?bytes=3&delay=2" >"$T/slow.txt"
${VALGRIND:-} "$CLIPSEAL" run -s "$S" "$T/slow.txt" >/dev/null 2>&1 &
slow=$!
sleep 1
same "while a run holds the store"
wait $slow
cs reindex -s "$S"
expect_out "reindex, under the lock, still rebuilds" 0 \
    "3 archives indexed, 0 unreadable"
same "after reindex"

done_testing
