#!/bin/sh
# Hostile archives: each one fails verify with exit 1 and the exact reason,
# early, streaming, whatever it would inflate to (bombs of gigabytes are
# made without compressing them, so they cost little to build).
# test_verify.sh has the simpler forgeries; this file the larger ones.
. tests/cli/lib.sh

cs keygen
mkdir "$T/a" "$T/x"
cs archive -o "$T/a" --html tests/fixtures/sample/article.html --url https://news.example/sea-wall
good=$(cat "$T/out")
name=$(basename "$good")
top=$(basename "$good" .tar.gz)
bad="$T/x/$name"

# hostile DESC WANT KIND [ARG...]: tamper.py KIND, then verify says WANT.
hostile() {
	desc=$1 want=$2
	shift 2
	rm -f "$bad"
	kind=$1
	shift
	python3 tests/tamper.py "$kind" "$good" "$bad" "$@" 2>"$T/tamper.err" ||
	    { not_ok "$desc" "tamper.py failed: $(cat "$T/tamper.err")"; return; }
	cs verify -p "$T/key.pub" "$bad"
	expect_out "$desc" 1 "$bad: FAILED: $want"
}

# Every tar typeflag but a regular file's ('0') and a pax header's ('x').
for t in 1 2 3 4 5 6 7 A D g I K L M N S V X; do
	slash=
	[ "$t" = 5 ] && slash=/	# tarfile spells a directory's name so
	hostile "a tar entry of type '$t'" \
	    "member '$top/odd$slash' is not a regular file" type "$t"
done
hostile "an 8 GiB declared size" \
    "member '$top/article.txt' is larger than 67108864 bytes" \
    big article.txt 8589934592
hostile "an 8 GiB member that is there" \
    "member '$top/article.txt' is larger than 67108864 bytes" \
    bomb article.txt 8589934592
hostile "4 GiB of zeros after the end of the tar" \
    "data after the end of the tar archive" zeros 4294967296
hostile "a gzip stream of 4 GiB of zeros and no tar" "empty archive" \
    zero-stream 4294967296
hostile "a member at the 64 MiB cap is streamed, not kept" \
    "member 'capture.warc' does not match its hash in SHA256" \
    bomb capture.warc 67108864
hostile "100,000 tiny members" "unknown member '$top/t000000'" tiny 100000
hostile "a member that is not one of format 1" \
    "unknown member '$top/extra.txt'" add extra.txt

# Truncated at every offset: all in one verify, one line each.
printf '%s\n' '<html><head><title>Short</title></head><body><article>' \
    '<p>A short article, only long enough to be one.</p></article></body></html>' \
    >"$T/short.html"
cs archive -o "$T/a" --no-raw --html "$T/short.html" --url https://news.example/short
short=$(cat "$T/out")
mkdir "$T/cut"
python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
for i in range(len(data)):
    open("%s/%06d.tar.gz" % (sys.argv[2], i), "wb").write(data[:i])
' "$short" "$T/cut"
set -- "$T"/cut/*.tar.gz
cs verify -p "$T/key.pub" "$@"
for f in "$@"; do echo "$f: FAILED: truncated gzip data"; done >"$T/want"
check "truncated at each of its $# offsets, an archive fails as truncated" \
    sh -c "[ $rc -eq 1 ] && cmp -s '$T/want' '$T/out'"
cs verify -p "$T/key.pub" "$short"
expect "the archive cut there verifies whole" 0 ""

# SHA256 in any other spelling than seal_write's, validly signed.
tar -xzOf "$good" "$top/SHA256" >"$T/sums"
manifest() {
	desc=$1 want=$2
	python3 tests/resign.py "$good" "$bad" "$T/key" "$T/key.pub" \
	    --manifest "$T/sums.bad" ||
	    { not_ok "$desc" "resign.py failed"; return; }
	cs verify -p "$T/key.pub" "$bad"
	expect_out "$desc" 1 "$bad: FAILED: $want"
}
sed 's/$/\r/' "$T/sums" >"$T/sums.bad"
manifest "a manifest with CRLF line ends" "SHA256 line 1 is malformed"
sed '2s/^SHA256 (/SHA256\t(/' "$T/sums" >"$T/sums.bad"
manifest "a manifest with a tab" "SHA256 line 2 is malformed"
sed '3s/$/ /' "$T/sums" >"$T/sums.bad"
manifest "a manifest with a trailing space" "SHA256 line 3 is malformed"
printf '\357\273\277' | cat - "$T/sums" >"$T/sums.bad"
manifest "a manifest with a BOM" "SHA256 line 1 is malformed"
sed '1s/= \(.*\)/= \U\1/' "$T/sums" >"$T/sums.bad"
manifest "a manifest with upper-case hex" "SHA256 line 1 is malformed"
sed 's/(/(.\//' "$T/sums" >"$T/sums.bad"
manifest "a manifest naming ./article.html" \
    "member './article.html' is listed in SHA256 but absent"
sed '1p' "$T/sums" >"$T/sums.bad"
manifest "a manifest with a line twice" \
    "SHA256 is not sorted or lists 'article.html' twice"
printf '%s' "$(cat "$T/sums")" >"$T/sums.bad"
manifest "a manifest without its last newline" "SHA256 line 5 is malformed"
grep -v capture.warc "$T/sums" >"$T/sums.bad"
manifest "a manifest leaving out a member" \
    "member 'capture.warc' is not listed in SHA256"

# The identity point as a public key would accept an all-zero signature of
# anything in a careless verifier: it is refused as a key, and the zero
# signature fails against a real key.
python3 -c '
import base64, hashlib
raw = b"\x01" + bytes(31)
kid = hashlib.sha256(raw).digest()[:8]
print("untrusted comment: clipseal public key " + kid.hex().upper())
print(base64.b64encode(b"Ed" + kid + raw).decode())
' >"$T/identity.pub"
python3 tests/resign.py "$good" "$bad" "$T/key" "$T/identity.pub" --null-signature
cs verify -p "$T/identity.pub" "$bad"
expect "an identity public key is refused" 6 \
    "clipseal: $T/identity.pub: public key is a point of small order"
python3 tests/resign.py "$good" "$bad" "$T/key" "$T/key.pub" --null-signature
cs verify -p "$T/key.pub" "$bad"
expect_out "an all-zero signature fails" 1 "$bad: FAILED: signature does not match"

# A valid archive of the same URL in another version's place: each one
# verifies alone, only the chain tells.
unset SOURCE_DATE_EPOCH
site="$T/site"
mkdir -p "$site"
start_server "$site"
echo "$BASE/chain.html" >"$T/chain.txt"
for v in one two three; do
	printf '%s\n' "<html><head><title>Chain</title></head><body><article>" \
	    "<p>Version $v of an article that changes each time it is fetched.</p>" \
	    "</article></body></html>" >"$site/chain.html"
	cs run -s "$T/store" "$T/chain.txt"
	[ "$v" = three ] || sleep 1
done
set -- "$T"/store/*/*/*.tar.gz
check "three versions of the URL" test $# -eq 3
cs verify -q -p "$T/key.pub" "$@"
expect "each version verifies" 0 ""
cp "$2" "$T/v2.tar.gz"
cp "$1" "$2"
cs verify -q -p "$T/key.pub" "$2"
expect "the first version in the second's place verifies alone" 0 ""
cs verify -q -p "$T/key.pub" -s "$T/store" --chain "$BASE/chain.html"
check "verify --chain catches the first version swapped in for the second" \
    sh -c "[ $rc -eq 1 ] && grep -q '^$2: FAILED: chain broken: previous is none, the version before is [0-9a-f]\{64\}\$' '$T/out' && tail -n 1 '$T/out' | grep -qx '$BASE/chain.html: chain FAILED (3 versions)'"
cp "$T/v2.tar.gz" "$2"
cp "$2" "$3"
cs verify -q -p "$T/key.pub" -s "$T/store" --chain "$BASE/chain.html"
check "verify --chain catches the second version swapped in for the newest" \
    sh -c "[ $rc -eq 1 ] && grep -q '^$3: FAILED: chain broken: previous is [0-9a-f]\{64\}, the version before is [0-9a-f]\{64\}\$' '$T/out'"

done_testing
