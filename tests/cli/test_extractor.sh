#!/bin/sh
# The extractor version: extraction output never changes without a bump of
# EXTRACT_VERSION.
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

done_testing
