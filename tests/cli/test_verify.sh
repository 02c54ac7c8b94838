#!/bin/sh
# verify: a forgery must fail, naming the reason, with exit 1; the real
# tools (signify, minisign, sha256sum) agree with clipseal.
. tests/cli/lib.sh

cs keygen
cs keygen -k "$T/other"
mkdir "$T/a" "$T/x"
cs archive -o "$T/a" --html tests/fixtures/sample/article.html --url https://news.example/sea-wall
good=$(cat "$T/out")
name=$(basename "$good")
top=$(basename "$good" .tar.gz)
id=$(sed -n 's/^untrusted comment: clipseal public key //p' "$T/key.pub")
oid=$(sed -n 's/^untrusted comment: clipseal public key //p' "$T/other.pub")

cs verify -p "$T/key.pub" "$good"
expect_out "a good archive verifies" 0 \
    "$good: OK key=$id fetched=2026-03-14T09:30:00Z url=https://news.example/sea-wall title=\"Harbour town votes to rebuild its flooded sea wall\""
cs verify "$good"
expect_out1 "the default public key is the default secret key's .pub" 0 \
    "$good: OK key=$id fetched=2026-03-14T09:30:00Z url=https://news.example/sea-wall title=\"Harbour town votes to rebuild its flooded sea wall\""
cs verify -q -p "$T/key.pub" "$good"
expect_out "verify -q prints nothing for a good archive" 0 ""

cs verify -p "$T/other.pub" "$good"
expect_out "another key's archive fails" 1 \
    "$good: FAILED: signed by another key ($id, expected $oid)"

# tamper KIND [ARG] -> expected reason: one flaw per archive.
flaw() {
	desc=$1 want=$2
	shift 2
	rm -f "$T/x/$name"
	python3 tests/tamper.py "$1" "$good" "$T/x/$name" ${ARG:+"$ARG"} 2>"$T/tamper.err" ||
	    { not_ok "$desc" "tamper.py $* failed: $(cat "$T/tamper.err")"; return; }
	cs verify -p "$T/key.pub" "$T/x/$name"
	expect_out "$desc" 1 "$T/x/$name: FAILED: $want"
}
ARG=article.txt flaw "a changed byte in article.txt" \
    "member 'article.txt' does not match its hash in SHA256" flip
ARG=SHA256 flaw "a changed byte in SHA256" "signature does not match" flip
ARG=metadata.json flaw "a member listed but absent" \
    "member 'metadata.json' is listed in SHA256 but absent" drop
ARG=SHA256.sig flaw "a missing signature" "SHA256.sig is missing" drop
ARG=extra.txt flaw "an added member" "unknown member '$top/extra.txt'" add
ARG=article.txt flaw "a duplicate member" "duplicate member '$top/article.txt'" dup
ARG= flaw "an absolute path" "member '/tmp/evil' has an absolute path" abs
ARG= flaw "a .. path" "member '$top/../evil' has a '..' component" dotdot
ARG= flaw "a symlink" "member '$top/link' is not a regular file" symlink
ARG= flaw "a hard link" "member '$top/hard' is not a regular file" hardlink
ARG= flaw "a device" "member '$top/null' is not a regular file" device
ARG= flaw "a directory entry" "member '$top/sub/' is not a regular file" dir
ARG= flaw "a second top directory" "member 'other/x' is outside the top directory" second-top
ARG= flaw "a truncated archive" "truncated gzip data" truncate
# zlib's reason depends on which byte was hit, and the key is new each run.
python3 tests/tamper.py corrupt-gzip "$good" "$T/x/$name"
cs verify -p "$T/key.pub" "$T/x/$name"
case "$rc $(cat "$T/out")" in
"1 $T/x/$name: FAILED: corrupt gzip data ("*")") ok "corrupt gzip data" ;;
*) not_ok "corrupt gzip data" "exit $rc: $(cat "$T/out")" ;;
esac
ARG= flaw "bytes after the end of the tar" "data after the end of the tar archive" trailing-tar
ARG= flaw "a second gzip stream" "data after the end of the gzip stream" second-gzip
ARG= flaw "garbage after the gzip stream" "data after the end of the gzip stream" trailing-garbage
ARG=capture.warc flaw "a member over the size cap" "member '$top/capture.warc' is larger than 67108864 bytes" big

# Forgeries with a valid signature over a consistent SHA256: the other
# checks must catch them.
tar -xzf "$good" -C "$T"
forge() {
	desc=$1 want=$2
	shift 2
	python3 tests/resign.py "$good" "$T/x/$name" "$T/key" "$T/key.pub" "$@" ||
	    { not_ok "$desc" "resign.py failed"; return; }
	cs verify -p "$T/key.pub" "$T/x/$name"
	expect_out "$desc" 1 "$T/x/$name: FAILED: $want"
}
python3 tests/resign.py "$good" "$T/x/$name" "$T/key" "$T/key.pub"
cs verify -p "$T/key.pub" "$T/x/$name"
expect_out "resign.py's control archive verifies" 0 \
    "$T/x/$name: OK key=$id fetched=2026-03-14T09:30:00Z url=https://news.example/sea-wall title=\"Harbour town votes to rebuild its flooded sea wall\""
sed 's/Westerby/Easterby/' "$T/$top/article.txt" >"$T/changed.txt"
forge "article.txt not matching content_sha256" \
    "article.txt does not match content_sha256 in metadata.json" --set "article.txt=$T/changed.txt"
forge "a trusted comment not matching metadata.json" \
    "trusted comment does not match metadata.json" --comment "clipseal 1 url=https://evil.example/ fetched=2026-03-14T09:30:00Z content=sha256:0000"
sed 's/"final_url": "[^"]*"/"final_url": "https:\/\/evil.example\/"/' "$T/$top/metadata.json" >"$T/meta.json"
forge "metadata.json with another URL than the signed one" \
    "trusted comment does not match metadata.json" --set "metadata.json=$T/meta.json"
forge "a missing required member, consistently signed" \
    "required member 'removed.json' is absent" --drop removed.json

# Bad inputs that are not forgeries.
cs verify -p "$T/key.pub" "$T/nonexistent.tar.gz"
expect "a missing archive is exit 5" 5 "clipseal: $T/nonexistent.tar.gz: No such file or directory"
cs verify -p "$T/key.pub" "$good" "$T/x/$name"
check "one good and one bad archive: exit 1, one line each" sh -c \
    "[ $rc -eq 1 ] && [ \$(wc -l <'$T/out') -eq 2 ]"
cs verify -p "$T/nonexistent.pub" "$good"
expect "a missing public key is exit 6" 6 "clipseal: $T/nonexistent.pub: no such public key"
printf 'untrusted comment: x\nnot base64!\n' >"$T/bad.pub"
cs verify -p "$T/bad.pub" "$good"
expect "a malformed public key is exit 6" 6 "clipseal: $T/bad.pub: malformed public key: key line is not base64 of 42 bytes"
cs verify
expect "verify without archives is a usage error" 2 "clipseal: verify: no ARCHIVE given"

# Interop: the files inside verify with the real tools alone.
cd "$T/$top" || exit 1
check "signify-openbsd -V accepts SHA256.sig" \
    signify-openbsd -V -q -p "$T/key.pub" -m SHA256 -x SHA256.sig
check "minisign -V accepts SHA256.sig" \
    minisign -V -q -p "$T/key.pub" -m SHA256 -x SHA256.sig
check "sha256sum -c SHA256 passes" sha256sum -c --quiet SHA256
sed -i 's/Westerby/Westerbx/' article.txt
check "sha256sum -c fails after a one-byte change" sh -c "! sha256sum -c --quiet SHA256"
sed -i '1s/^SHA256 (a/SHA256 (b/' SHA256 2>/dev/null
check "signify fails after a one-byte change of SHA256" sh -c \
    "! signify-openbsd -V -q -p '$T/key.pub' -m SHA256 -x SHA256.sig"
check "minisign fails after a one-byte change of SHA256" sh -c \
    "! minisign -V -q -p '$T/key.pub' -m SHA256 -x SHA256.sig"
cd - >/dev/null || exit 1

# Many archives: -j N processes print exactly what one process prints, in
# ARCHIVE order, and give the same exit code.  Forty archives of other
# URLs, a forged one in the middle, an unreadable one near the end.
mkdir "$T/many"
i=0
while [ $i -lt 40 ]; do
	i=$((i + 1))
	SOURCE_DATE_EPOCH=$((1773480600 + i)) cs archive -o "$T/many" \
	    --html tests/fixtures/sample/article.html \
	    --url "https://news.example/sea-wall-$i"
done
set -- "$T"/many/*.tar.gz
check "forty archives to verify" test $# -eq 40
python3 tests/tamper.py flip "${20}" "$T/many/forged.tar.gz" article.txt
set -- "$@" "$T/many/forged.tar.gz"
cs verify -j 1 -p "$T/key.pub" "$@"
cp "$T/out" "$T/one.out"
one_rc=$rc
cs verify -j 3 -p "$T/key.pub" "$@"
check "verify -j 3: one process's lines, in order, and its exit 1" sh -c \
    "[ $one_rc -eq 1 ] && [ $rc -eq 1 ] && cmp -s '$T/one.out' '$T/out' && [ \$(grep -c ': OK ' '$T/out') -eq 40 ]"
cs verify -p "$T/key.pub" "$@"
check "verify with a process per CPU prints the same" sh -c \
    "[ $rc -eq 1 ] && cmp -s '$T/one.out' '$T/out'"
cs verify -j 4 -q -p "$T/key.pub" "$@" "$T/many/missing.tar.gz"
check "verify -j 4: a missing archive outranks a forged one (exit 5)" sh -c \
    "[ $rc -eq 5 ] && [ \$(wc -l <'$T/out') -eq 1 ] && grep -q '^clipseal: $T/many/missing.tar.gz: ' '$T/err'"
cs verify -j 0 -p "$T/key.pub" "$good"
expect "verify -j 0 is a usage error" 2 \
    "clipseal: verify: -j: not a number of jobs from 1 to 1024: '0'"

done_testing
