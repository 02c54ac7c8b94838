#!/bin/sh
# archive: the whole pipeline against the loopback server, and its refusals.
. tests/cli/lib.sh

cs keygen
start_server tests/fixtures
mkdir "$T/a"

cs archive -o "$T/a" "$BASE/sample/article.html"
archive=$(cat "$T/out")
expect "archive of a served page succeeds quietly on stderr" 0 ""
case "$archive" in
"$T/a/127.0.0.1-"*Z-????????????.tar.gz) ok "archive prints <dir>/<host>-<time>-<hash>.tar.gz" ;;
*) not_ok "archive prints <dir>/<host>-<time>-<hash>.tar.gz" "got: $archive" ;;
esac

cs verify -p "$T/key.pub" "$archive"
case "$(cat "$T/out")" in
"$archive: OK key="*" url=$BASE/sample/article.html title=\"Harbour town votes to rebuild its flooded sea wall\"")
	ok "verify says OK with key, URL and title" ;;
*) not_ok "verify says OK with key, URL and title" "$(cat "$T/out" "$T/err")" ;;
esac

top=$(basename "$archive" .tar.gz)
tar -xzf "$archive" -C "$T"
check "members are exactly the format-1 set, in order" sh -c \
    "tar -tzf '$archive' | tr '\n' ' ' | grep -qx '$top/article.txt $top/article.html $top/metadata.json $top/removed.json $top/capture.warc $top/SHA256 $top/SHA256.sig '"
check "tar lists owner 0/0 and mode 0644" sh -c \
    "tar -tvzf '$archive' | awk '{print \$1, \$2}' | sort -u | grep -qx -- '-rw-r--r-- 0/0'"
missing=
while IFS= read -r line; do
	grep -qF -- "$line" "$T/$top/article.txt" || missing="$missing [$line]"
done <tests/fixtures/sample/expected.txt
check "article.txt keeps every article paragraph$missing" test -z "$missing"
leaked=
while IFS= read -r line; do
	grep -qiF -- "$line" "$T/$top/article.txt" && leaked="$leaked [$line]"
done <tests/fixtures/sample/forbidden.txt
check "article.txt has no comment, reply form or related text$leaked" test -z "$leaked"
check "article.txt starts with the title" sh -c \
    "head -n 1 '$T/$top/article.txt' | grep -qx 'Harbour town votes to rebuild its flooded sea wall'"
check "content hash in the name is SHA-256 of article.txt" sh -c \
    "sha256sum '$T/$top/article.txt' | cut -c1-12 | grep -qx '$(echo "$top" | sed 's/.*-//')'"
check "metadata.json records the final URL and status" sh -c \
    "grep -q '\"final_url\": \"$BASE/sample/article.html\"' '$T/$top/metadata.json' && grep -q '\"http_status\": 200' '$T/$top/metadata.json'"
check "removed.json logs the comments, related posts and share bar" sh -c \
    "grep -q '\"kind\": \"comments\"' '$T/$top/removed.json' && grep -q '\"kind\": \"related\"' '$T/$top/removed.json' && grep -q '\"kind\": \"share\"' '$T/$top/removed.json'"
check "removed.json does not keep removed text" sh -c \
    "! grep -q 'school roof' '$T/$top/removed.json'"
check "capture.warc is WARC/1.1 with request and response" sh -c \
    "head -n 1 '$T/$top/capture.warc' | grep -q '^WARC/1.1' && grep -q 'WARC-Type: request' '$T/$top/capture.warc' && grep -q 'WARC-Type: response' '$T/$top/capture.warc'"
check "article.html has no script" sh -c "! grep -qi '<script' '$T/$top/article.html'"
check "sha256sum -c SHA256 passes inside the top directory" sh -c \
    "cd '$T/$top' && sha256sum -c SHA256"

# Determinism: the same file, URL, time and key give the same bytes.
mkdir "$T/d1" "$T/d2"
cs archive -o "$T/d1" --html tests/fixtures/sample/article.html --url https://news.example/x
cs archive -o "$T/d2" --html tests/fixtures/sample/article.html --url https://news.example/x
check "--html with SOURCE_DATE_EPOCH is byte-identical" sh -c \
    "cmp '$T'/d1/*.tar.gz '$T'/d2/*.tar.gz"
check "--html names the archive after the URL's host and SOURCE_DATE_EPOCH" sh -c \
    "ls '$T/d1' | grep -q '^news.example-20260314T093000Z-[0-9a-f]\{12\}.tar.gz$'"
check "--html records a resource record" sh -c \
    "tar -xzOf '$T'/d1/*.tar.gz --wildcards '*/capture.warc' | grep -q 'WARC-Type: resource'"

mkdir "$T/nr"
cs archive -o "$T/nr" --no-raw --html tests/fixtures/sample/article.html --url https://news.example/x
check "--no-raw leaves capture.warc out" sh -c \
    "! tar -tzf '$T'/nr/*.tar.gz | grep -q capture.warc"
cs verify -p "$T/key.pub" "$T"/nr/*.tar.gz
expect "an archive without capture.warc verifies" 0 ""

# Refusals: exact line, exit code, nothing written.
mkdir "$T/bad"
cs archive -o "$T/bad" "$BASE/pages/missing.html"
expect "HTTP 404 is exit 3" 3 "clipseal: $BASE/pages/missing.html: HTTP 404 Not Found"
cs archive -o "$T/bad" "$BASE/pages/report.pdf"
expect "a PDF is exit 4" 4 "clipseal: $BASE/pages/report.pdf: unsupported content type 'application/pdf'"
cs archive -o "$T/bad" "$BASE/pages/empty.html"
expect "a page without an article is exit 4" 4 "clipseal: $BASE/pages/empty.html: no article found: all of its text is menus, forms or other chrome"
cs archive -o "$T/bad" "ftp://127.0.0.1:$PORT/x"
expect "ftp:// is refused with exit 3" 3 "clipseal: ftp://127.0.0.1:$PORT/x: unsupported URL scheme 'ftp'"
check "no archive or temporary file was written by refusals" sh -c "[ -z \"\$(ls -A '$T/bad')\" ]"

cs archive -o "$T/a" "$BASE/sample/article.html" "$BASE/pages/missing.html"
check "several URLs with one failing: exit 1, the good one stored" sh -c \
    "[ $rc -eq 1 ] && [ \$(wc -l <'$T/out') -eq 1 ] && grep -q 'HTTP 404' '$T/err'"

cs archive -o "$T/nonexistent/dir" --html tests/fixtures/sample/article.html --url https://news.example/x
expect "an output directory that does not exist is exit 5" 5 \
    "clipseal: $T/nonexistent/dir: No such file or directory"
cs archive
expect "archive without URL is a usage error" 2 "clipseal: archive: no URL given"
cs archive --html x.html
expect "--html without --url is a usage error" 2 "clipseal: --html FILE needs --url URL and no other URL"
cs archive --html /nonexistent.html --url https://news.example/x
expect "--html of a missing file is exit 5" 5 "clipseal: /nonexistent.html: No such file or directory"
cs archive --timeout abc "$BASE/sample/article.html"
expect "a bad --timeout is a usage error" 2 "clipseal: --timeout: 'abc' is not a number of seconds"

done_testing
