#!/bin/sh
# extract: the cleaning stage alone; a regression check over our own
# fixture pages: every expected sentence kept, every chrome sentence gone.
. tests/cli/lib.sh
. tests/cli/judge.sh

# Each tests/fixtures/regress/NAME.html has NAME.txt (its golden text, byte
# for byte; scripts/regress-update.sh rewrites them on purpose),
# NAME.expected (lines that must appear in the text) and NAME.forbidden
# (lines that must not).  The two hand-written lists are what a golden is
# judged by, so a wrong golden cannot be blessed.
check_golden() {	# check_golden PAGE GOLDEN: $T/out is GOLDEN
	if [ ! -f "$2" ]; then
		not_ok "$1 has a golden text" "no $2: run" \
		    "'make regress-update' and read what it wrote"
	elif diff -u "$2" "$T/out" >"$T/diff"; then
		ok "$1 gives $2 byte for byte"
	else
		not_ok "$1 gives $2 byte for byte"
		sed 's/^/#   /' "$T/diff"
	fi
}

for page in tests/fixtures/sample/article.html tests/fixtures/regress/*.html; do
	[ -f "$page" ] || continue
	dir=$(dirname "$page")
	base=$(basename "$page" .html)
	exp="$dir/$base.expected" forb="$dir/$base.forbidden"
	[ "$dir" = tests/fixtures/sample ] && exp=$dir/expected.txt forb=$dir/forbidden.txt
	cs extract -f text -u "https://news.example/$base" "$page"
	if [ "$rc" -ne 0 ]; then
		not_ok "extract $page" "exit $rc: $(cat "$T/err")"
		continue
	fi
	[ "$dir" = tests/fixtures/regress ] && check_golden "$page" "$dir/$base.txt"
	judge "$T/out" "$exp" "$forb"
	check "$page keeps its article$missing" test -z "$missing"
	check "$page drops its chrome$leaked" test -z "$leaked"
done
for gold in tests/fixtures/regress/*.txt; do
	[ -f "${gold%.txt}.html" ] ||
	    not_ok "$gold belongs to a page" "no ${gold%.txt}.html"
done

# Each readers' thread shape comes as thread-SHAPE-0.html (no thread), -1
# (one comment) and -n (many) around the same article: their goldens, and
# so their texts, must be the same bytes, or the first comment, or the next,
# would change the content hash.
for none in tests/fixtures/regress/thread-*-0.html; do
	[ -f "$none" ] || continue
	base=${none%-0.html}
	for st in 1 n; do
		check "$(basename "$base")-$st.txt is $(basename "$base")-0.txt" \
		    cmp "$base-0.txt" "$base-$st.txt"
	done
done
cs extract tests/fixtures/pages/forum-topic.html
expect "a page that is a discussion (a forum topic) has no article" 4 \
    "clipseal: tests/fixtures/pages/forum-topic.html: no article found: the page is a discussion thread"

cs extract tests/fixtures/sample/article.html
cp "$T/out" "$T/first.txt"
cs extract - <tests/fixtures/sample/article.html
check "extract reads stdin with -" cmp -s "$T/out" "$T/first.txt"
check "text output ends with one LF and has no trailing spaces" sh -c \
    "[ \"\$(tail -c 1 '$T/first.txt' | od -An -c | tr -d ' ')\" = '\\n' ] && ! grep -q ' \$' '$T/first.txt' && ! grep -q '  ' '$T/first.txt'"
check "blocks are separated by exactly one blank line" sh -c \
    "! awk 'prev == \"\" && \$0 == \"\" && NR > 1 { bad = 1 } { prev = \$0 } END { exit !bad }' '$T/first.txt'"

cs extract -f json -u https://news.example/x tests/fixtures/sample/article.html
check "json output carries title, byline, date and text" sh -c \
    "python3 -c 'import json,sys; d=json.load(open(\"$T/out\")); assert d[\"title\"]==\"Harbour town votes to rebuild its flooded sea wall\"; assert d[\"byline\"]==\"Mara Olsen\"; assert d[\"published\"].startswith(\"2026-03-14\"); assert \"Westerby\" in d[\"text\"]; assert d[\"canonical_url\"]==\"https://news.example/2026/03/harbour-town-sea-wall/\"'"
cs extract -f html -u https://news.example/x tests/fixtures/sample/article.html
check "html output is script-free with absolute links" sh -c \
    "! grep -qi '<script\\|onclick\\|javascript:' '$T/out' && grep -q 'src=\"https://news.example/images/wall.jpg\"' '$T/out'"

# The debugging trace goes to stderr only, and changes no output.
cs extract tests/fixtures/regress/page-builder.html
cp "$T/out" "$T/plain.txt"
CLIPSEAL_EXTRACT_DEBUG=1 "$CLIPSEAL" extract \
    tests/fixtures/regress/page-builder.html >"$T/out" 2>"$T/err"
check "CLIPSEAL_EXTRACT_DEBUG leaves the text as it was" \
    cmp -s "$T/out" "$T/plain.txt"
check "CLIPSEAL_EXTRACT_DEBUG traces the choice on stderr" \
    grep -q '^extract: top ' "$T/err"

mkdir "$T/batch"
cp tests/fixtures/sample/article.html "$T/one.html"
cp tests/fixtures/sample/article.html "$T/two.html"
cs extract -f text --out-dir "$T/batch" "$T/one.html" "$T/two.html"
check "--out-dir writes one .txt per page" sh -c \
    "cmp -s '$T/batch/one.txt' '$T/first.txt' && cmp -s '$T/batch/two.txt' '$T/first.txt'"
cs extract --out-dir "$T/batch" "$T/one.html" tests/fixtures/pages/empty.html
expect "--out-dir with a page without article: exit 1, the page named" 1 \
    "clipseal: tests/fixtures/pages/empty.html: no article found: all of its text is menus, forms or other chrome"
printf '# pages and their URLs\n%s https://news.example/2026/12/02/one\n' \
    "$T/one.html" >"$T/urls"
cs extract -f json --out-dir "$T/batch" --urls "$T/urls" "$T/one.html" \
    "$T/two.html"
check "--urls gives each page its URL, a page it does not list none" sh -c \
    "[ $rc -eq 0 ] && grep -q '\"url\": \"https://news.example/2026/12/02/one\"' '$T/batch/one.json' && grep -q '\"url\": null' '$T/batch/two.json'"
printf '%s\n' "$T/one.html" >"$T/urls"
cs extract --out-dir "$T/batch" --urls "$T/urls" "$T/one.html"
expect "a --urls line without a URL: exit 2, the line named" 2 \
    "clipseal: $T/urls:1: no URL after the file name"
cs extract --out-dir "$T/batch" --urls "$T/nonexistent" "$T/one.html"
expect "an unreadable --urls list is exit 5" 5 \
    "clipseal: $T/nonexistent: No such file or directory"
cs extract --urls "$T/urls" "$T/one.html"
expect "--urls without --out-dir is a usage error" 2 \
    "clipseal: extract: --urls needs --out-dir"

cs extract tests/fixtures/pages/empty.html
expect "a page without an article is exit 4" 4 "clipseal: tests/fixtures/pages/empty.html: no article found: all of its text is menus, forms or other chrome"
cs extract "$T/nonexistent.html"
expect "a missing file is exit 5" 5 "clipseal: $T/nonexistent.html: No such file or directory"
cs extract -f pdf tests/fixtures/sample/article.html
expect "an unknown format is a usage error" 2 "clipseal: --format: unknown format 'pdf' (text, html, markdown or json)"
cs extract a.html b.html
expect "two files without --out-dir is a usage error" 2 \
    "clipseal: extract: one FILE at a time (use --out-dir for several)"
cs archive --frob
expect "an unknown option is one line and exit 2" 2 \
    "clipseal: archive: option '--frob' is not known (see 'clipseal archive --help')"
cs verify -p
expect "an option without its value is one line and exit 2" 2 \
    "clipseal: verify: option '-p' needs a value (see 'clipseal verify --help')"
for c in archive verify extract keygen; do
	cs $c --help
	check "$c --help prints its usage on stdout, exit 0" sh -c \
	    "[ $rc -eq 0 ] && head -n 1 '$T/out' | grep -q '^usage: clipseal $c ' && [ ! -s '$T/err' ]"
done
cs --version
expect_out "--version" 0 "clipseal 0.1.0"
cs frobnicate
expect "an unknown command is a usage error" 2 "clipseal: frobnicate: unknown command (see 'clipseal --help')"

done_testing
