#!/bin/sh
# The index keeps each version's words added and removed: log reads them
# there and opens no archive unless it changed on disk since it was
# indexed, diff opens only the two it compares, and an index from before
# the word counts is read around by log and rebuilt by the next run.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH
S="$T/store"

cs keygen
site="$T/site"
mkdir -p "$site"
start_server "$site"
story_page "$site" one "The first sentence."
echo "$BASE/one.html" >"$T/list.txt"
cs run -s "$S" "$T/list.txt"
story_page "$site" one "The first sentence was corrected at noon."
sleep 1
cs run -s "$S" "$T/list.txt"
story_page "$site" one "The first sentence was corrected twice."
sleep 1
cs run -s "$S" "$T/list.txt"
check "three versions" test "$(ls "$S"/127.0.0.1/one-html-*/ | wc -l)" -eq 3

cs log -s "$S" --json "$BASE/one.html"
cp "$T/out" "$T/log.want"
# words FILE: "+A -R " per line of log --json.
words() {
	sed 's/.*"words_added":\([0-9]*\),"words_removed":\([0-9]*\).*/+\1 -\2/' \
	    "$1" | tr '\n' ' '
}
check "run kept the words of each version" test \
    "$(words "$T/log.want")" = "+29 -0 +5 -1 +1 -2 "
cs reindex -s "$S"
cs log -s "$S" --json "$BASE/one.html"
check "reindex finds the same words as run kept" cmp -s "$T/out" \
    "$T/log.want"

# The oldest archive's bytes zeroed, its name, size and mtime kept: log does
# not notice, since it reads no archive; diff reads only the newest two.
oldest=$(ls "$S"/127.0.0.1/one-html-*/*.tar.gz | head -n 1)
cp -p "$oldest" "$T/oldest.keep"
dd if=/dev/zero of="$oldest" bs=1 count="$(wc -c <"$oldest")" conv=notrunc \
    2>/dev/null
touch -r "$T/oldest.keep" "$oldest"
cs log -s "$S" --json "$BASE/one.html"
check "log reads the words from the index, not the archives" cmp -s \
    "$T/out" "$T/log.want"
check "log of a store with a damaged old archive: exit 0" test "$rc" -eq 0
cs diff -s "$S" "$BASE/one.html"
check "diff opens only the newest two archives" sh -c "test $rc -eq 0 &&
    grep -q '^+ The first sentence was corrected twice' '$T/out'"
# Its mtime changed too: the index no longer vouches for it.
touch "$oldest"
cs log -s "$S" --json "$BASE/one.html"
check "log reads an archive again once it changed on disk" sh -c \
    "grep -q 'clipseal: .*$(basename "$oldest")' '$T/err' &&
    [ \$(wc -l <'$T/out') -eq 2 ]"
cp -p "$T/oldest.keep" "$oldest"

# An index from before the word counts: the new columns dropped.
python3 - "$S/index.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for c in ("words_added", "words_removed", "stamped_at", "file_size",
          "file_mtime"):
    db.execute("ALTER TABLE versions DROP COLUMN " + c)
db.commit()
db.close()
PY
columns() {
	python3 -c 'import sqlite3, sys; print(" ".join(r[1] for r in
	    sqlite3.connect(sys.argv[1]).execute("PRAGMA table_info(versions)")))' \
	    "$S/index.sqlite"
}
check "the old index has no word columns" sh -c \
    "! echo '$(columns)' | grep -q words"
sha256sum "$S/index.sqlite" >"$T/index.sum"
cs log -s "$S" --json "$BASE/one.html"
check "log reads around an index without word counts" cmp -s "$T/out" \
    "$T/log.want"
check "and leaves it as it was" sha256sum -c --quiet "$T/index.sum"
cs run -s "$S" "$T/list.txt"
expect "run over the old index: exit 0" 0 ""
check "run rebuilt the index with the word columns" sh -c \
    "echo '$(columns)' | grep -q 'words_added words_removed stamped_at'"
check "run added no version" test \
    "$(ls "$S"/127.0.0.1/one-html-*/ | wc -l)" -eq 3
cs log -s "$S" --json "$BASE/one.html"
check "log after the rebuild" cmp -s "$T/out" "$T/log.want"
done_testing
