#!/bin/sh
# RFC 3161 time stamps: archive and run --tsa, stamp, verify --tsa-ca and
# --require-stamp, against a TSA of our own (tests/tsa.py behind the
# loopback server); every refusal is one exact line, and the stock tool
# (openssl ts -verify) agrees.
. tests/cli/lib.sh

cs keygen
python3 tests/tsa.py pki "$T/pki" || { not_ok "tsa.py pki"; done_testing; exit 1; }
CA="$T/pki/ca.pem"
site="$T/site"
mkdir -p "$site" "$T/a"
start_server "$site" --tsa-dir "$T/pki"
TSA="$BASE/tsa"
sample=tests/fixtures/sample/article.html
url=https://news.example/sea-wall
id=$(sed -n 's/^untrusted comment: clipseal public key //p' "$T/key.pub")
title='title="Harbour town votes to rebuild its flooded sea wall"'

# gen_time FILE.tsr: the genTime of a TimeStampResp, as verify prints it.
gen_time() {
	openssl ts -reply -in "$1" -text 2>/dev/null |
	    sed -n 's/^Time stamp: //p' | date -u -f - +%Y-%m-%dT%H:%M:%SZ
}
# member ARCHIVE NAME OUT: extracts one member.
member() {
	tar -xzOf "$1" --wildcards "*/$2" >"$3"
}
# seal DIR [OPTION...]: archive the sample into DIR; sets $arch.
seal() {
	d=$1
	shift
	rm -rf "$d"
	mkdir -p "$d"
	cs archive -o "$d" "$@" --html "$sample" --url "$url"
	arch=$d/$(ls "$d")
}

seal "$T/a" --tsa "$TSA/good"
expect_out "archive --tsa prints the archive" 0 "$arch"
good=$arch
check "the stamp is the last member, SHA256.sig.tsr" sh -c \
    "tar -tzf '$good' | tail -n 1 | grep -q '/SHA256.sig.tsr\$'"
member "$good" SHA256.sig.tsr "$T/good.tsr"
gen=$(gen_time "$T/good.tsr")
cs verify --tsa-ca "$CA" "$good"
expect_out "verify --tsa-ca names the stamp's time and TSA" 0 \
    "$good: OK key=$id fetched=2026-03-14T09:30:00Z stamped=$gen tsa=\"clipseal test TSA\" url=$url $title"
cs verify "$good"
expect_out "verify without --tsa-ca says the TSA was not checked" 0 \
    "$good: OK key=$id fetched=2026-03-14T09:30:00Z stamped=$gen (TSA not checked) url=$url $title"
check "the members keep the capture time as mtime" sh -c \
    "[ \"\$(tar -tvzf '$good' | grep -vc ' 2026-03-14 09:30 ')\" -eq 0 ]"

seal "$T/plain"
plain=$arch
export CLIPSEAL_TSA="$TSA/good"
seal "$T/env"
check "\$CLIPSEAL_TSA stamps like --tsa" sh -c \
    "[ $rc -eq 0 ] && tar -tzf '$arch' | grep -q SHA256.sig.tsr"
seal "$T/a2" --tsa ''
check "--tsa '' seals without a stamp, reproducibly" cmp -s "$plain" "$arch"
unset CLIPSEAL_TSA
seal "$T/a3" --tsa "$TSA/good"
check "archives with --tsa are not byte-reproducible" sh -c \
    "! cmp -s '$good' '$arch'"

# The stock tool, on the extracted files.
tar -xzf "$good" -C "$T"
top=$(basename "$good" .tar.gz)
cd "$T/$top" || exit 1
check "openssl ts -verify accepts SHA256.sig.tsr" \
    openssl ts -verify -data SHA256.sig -in SHA256.sig.tsr -CAfile "$CA"
check "openssl ts -verify refuses another root" sh -c \
    "! openssl ts -verify -data SHA256.sig -in SHA256.sig.tsr -CAfile '$T/pki/other-ca.pem'"
cp SHA256.sig SHA256.sig.orig
sed -i '3s/fetched=/fetchet=/' SHA256.sig
check "openssl ts -verify fails after a one-byte change of SHA256.sig" sh -c \
    "! openssl ts -verify -data SHA256.sig -in SHA256.sig.tsr -CAfile '$CA'"
mv SHA256.sig.orig SHA256.sig
sed -i '1s/^SHA256 (a/SHA256 (b/' SHA256
check "signify fails after a one-byte change of SHA256" sh -c \
    "! signify-openbsd -V -q -p '$T/key.pub' -m SHA256 -x SHA256.sig"
sed -i 's/Westerby/Westerbx/' article.txt
check "sha256sum -c fails after a one-byte change of a member" sh -c \
    "! sha256sum -c --quiet SHA256"
cd - >/dev/null || exit 1

# Each bad answer: the archive is sealed without a stamp, exit 3, one line.
refused() {
	desc=$1 mode=$2 want=$3
	shift 3
	seal "$T/r" --tsa "$TSA/$mode" "$@"
	got_out=$(cat "$T/out")
	if [ "$rc" -eq 3 ] && [ "$got_out" = "$arch" ] &&
	    [ "$(cat "$T/err")" = "clipseal: $arch: sealed without a time stamp: $TSA/$mode: $want" ] &&
	    ! tar -tzf "$arch" | grep -q SHA256.sig.tsr; then
		ok "$desc"
	else
		not_ok "$desc" "exit $rc (want 3), stdout $got_out" \
		    "stderr: $(cat "$T/err")" \
		    "want:   clipseal: $arch: sealed without a time stamp: $TSA/$mode: $want"
	fi
}
refused "a stamp from another TSA is refused with --tsa-ca" other \
    "TSA certificate 'other test TSA' not trusted: unable to get local issuer certificate" \
    --tsa-ca "$CA"
refused "a stamp for other data is refused" data "time stamp is for other data"
refused "a reply with the wrong nonce is refused" nonce "nonce does not match the request"
refused "a rejection is refused with the TSA's reason" reject \
    "refused: rejection (badRequest): request refused by the test TSA"
refused "a TSA certificate without the timeStamping EKU is refused" noeku \
    "TSA certificate 'clipseal test signer without EKU' is not for time stamping (no critical extendedKeyUsage timeStamping)"
seal "$T/r" --tsa "$TSA/truncated"
len=$(wc -c <"$T/pki/last.tsr")
expect "a truncated reply is refused" 3 \
    "clipseal: $arch: sealed without a time stamp: $TSA/truncated: time stamp is truncated ($len of $((len + 64)) bytes)"
seal "$T/r" --tsa "$TSA/nope"
expect "an HTTP error of the TSA is refused with its status" 3 \
    "clipseal: $arch: sealed without a time stamp: $TSA/nope: HTTP 404 Not Found: no such TSA"
cs verify --tsa-ca "$CA" "$arch"
expect_out "the archive sealed without a stamp verifies, stamped=none" 0 \
    "$arch: OK key=$id fetched=2026-03-14T09:30:00Z stamped=none url=$url $title"
cs verify --require-stamp "$arch"
expect_out "verify --require-stamp fails an unstamped archive" 1 \
    "$arch: FAILED: no time stamp"
unstamped=$arch

# A capture a day from now: the TSA's time is before it.
future=$(($(date +%s) + 86400))
SOURCE_DATE_EPOCH=$future
seal "$T/f" --tsa "$TSA/good"
SOURCE_DATE_EPOCH=1773480600
fgen=$(gen_time "$T/pki/last.tsr")
fat=$(date -u -d "@$future" +%Y-%m-%dT%H:%M:%SZ)
expect "a genTime before the capture is refused" 3 \
    "clipseal: $arch: sealed without a time stamp: $TSA/good: stamped at $fgen, before the capture at $fat"
futarch=$arch

# Stamps that verify must refuse, put into archives by hand.
add_stamp() {	# add_stamp IN TSR OUT
	rm -f "$3"
	python3 tests/tamper.py add "$1" "$3" SHA256.sig.tsr "$2"
}
mkdir -p "$T/x"
member "$futarch" SHA256.sig "$T/fut.sig"
python3 tests/tsa.py query "$T/fut.sig" >"$T/fut.tsq"
python3 tests/tsa.py reply good "$T/pki" <"$T/fut.tsq" >"$T/fut.tsr"
add_stamp "$futarch" "$T/fut.tsr" "$T/x/future.tar.gz"
cs verify "$T/x/future.tar.gz"
expect_out "verify: a stamp older than the capture fails" 1 \
    "$T/x/future.tar.gz: FAILED: SHA256.sig.tsr: stamped at $(gen_time "$T/fut.tsr"), before the capture at $fat"
mkdir "$T/b"
cs archive -o "$T/b" --html "$sample" --url "$url/b"
add_stamp "$(cat "$T/out")" "$T/good.tsr" "$T/x/swapped.tar.gz"
cs verify --tsa-ca "$CA" "$T/x/swapped.tar.gz"
expect_out "verify: another archive's stamp fails" 1 \
    "$T/x/swapped.tar.gz: FAILED: SHA256.sig.tsr: time stamp is for other data"
seal "$T/o" --tsa "$TSA/other"
cs verify --tsa-ca "$CA" "$arch"
expect_out "verify --tsa-ca: a stamp from another TSA fails" 1 \
    "$arch: FAILED: SHA256.sig.tsr: TSA certificate 'other test TSA' not trusted: unable to get local issuer certificate"
cs verify --tsa-ca "$T/pki/other-ca.pem" "$arch"
check "verify --tsa-ca with that TSA's root accepts it" test "$rc" -eq 0
head -c 500 "$T/good.tsr" >"$T/cut.tsr"
python3 tests/tamper.py replace "$good" "$T/x/cut.tar.gz" SHA256.sig.tsr "$T/cut.tsr"
cs verify "$T/x/cut.tar.gz"
expect_out "verify: a truncated stamp fails" 1 \
    "$T/x/cut.tar.gz: FAILED: SHA256.sig.tsr: time stamp is truncated (500 of $(wc -c <"$T/good.tsr") bytes)"
cs verify --tsa-ca "$T/nonexistent.pem" "$good"
expect "a missing --tsa-ca file is exit 6" 6 \
    "clipseal: $T/nonexistent.pem: No such file or directory"

# stamp: catch up on archives sealed without one.
cp "$unstamped" "$T/late.tar.gz"
cs stamp --tsa "$TSA/good" "$T/late.tar.gz"
member "$T/late.tar.gz" SHA256.sig.tsr "$T/late.tsr"
lgen=$(gen_time "$T/late.tsr")
expect_out "stamp adds a stamp" 0 \
    "$T/late.tar.gz: stamped=$lgen tsa=\"clipseal test TSA\""
cs verify --tsa-ca "$CA" --require-stamp "$T/late.tar.gz"
expect_out "the stamped archive verifies" 0 \
    "$T/late.tar.gz: OK key=$id fetched=2026-03-14T09:30:00Z stamped=$lgen tsa=\"clipseal test TSA\" url=$url $title"
cs stamp --tsa "$TSA/good" "$T/late.tar.gz"
expect_out "stamp leaves a stamped archive alone" 0 \
    "$T/late.tar.gz: already stamped=$lgen"
cp "$unstamped" "$T/late2.tar.gz"
cs stamp --tsa "$TSA/reject" "$T/late2.tar.gz"
expect "stamp: a refusal leaves the archive as it was, exit 3" 3 \
    "clipseal: $T/late2.tar.gz: not stamped: $TSA/reject: refused: rejection (badRequest): request refused by the test TSA"
check "the refused archive is unchanged" cmp -s "$unstamped" "$T/late2.tar.gz"
check "stamp leaves no temporary file" sh -c "[ \$(ls -A '$T' | grep -c tmp) -eq 0 ]"
cs stamp "$T/late2.tar.gz"
expect "stamp without a TSA is a usage error" 2 \
    "clipseal: stamp: no TSA given (--tsa URL or \$CLIPSEAL_TSA)"
cs stamp --tsa "$TSA/good" "$T/nonexistent.tar.gz"
expect "stamp: a missing archive is exit 5" 5 \
    "clipseal: $T/nonexistent.tar.gz: No such file or directory"

# run --tsa: stamped as stored; with the TSA down, stored unstamped.
export CLIPSEAL_STORE="$T/store"
unset SOURCE_DATE_EPOCH
for s in one two three; do
	page "$s" "The first sentence of story $s." "First!" >"$site/$s.html"
done
printf '%s\n' "$BASE/one.html" >"$T/one.txt"
printf '%s\n%s\n%s\n' "$BASE/one.html" "$BASE/two.html" "$BASE/three.html" >"$T/all.txt"
cs run --json --tsa "$TSA/good" --tsa-ca "$CA" "$T/one.txt"
onearch=$(ls "$T"/store/127.0.0.1/one-html-*/*.tar.gz)
member "$onearch" SHA256.sig.tsr "$T/one.tsr"
check "run --tsa stamps the new archive; --json has stamped_at" sh -c \
    "[ $rc -eq 0 ] && grep -q '\"stamped_at\":\"$(gen_time "$T/one.tsr")\"' '$T/out' && grep -q '\"status\":\"archived\"' '$T/out'"
cp "$onearch" "$T/one.before"
down=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DOWN="http://127.0.0.1:$down/tsa/good"
cs run --json --tsa "$DOWN" "$T/all.txt"
check "TSA down: run exits 1" test "$rc" -eq 1
check "TSA down: both new archives are stored" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 3
# libcurl says how many milliseconds the refused connect took.
why="Couldn't connect to server (Failed to connect to 127.0.0.1 port $down after N ms: Couldn't connect to server)"
cat >"$T/want.err" <<WANT
clipseal: $T/all.txt:2: $BASE/two.html: stored without a time stamp: $DOWN: $why
clipseal: $T/all.txt:3: $BASE/three.html: stored without a time stamp: $DOWN: $why
WANT
check "TSA down: one line per new URL, naming it and the TSA" sh -c \
    "sed 's/ after [0-9]* ms:/ after N ms:/' '$T/err' | diff -u '$T/want.err' -"
check "TSA down: --json says archived, stamped_at null, and why" sh -c \
    "[ \$(grep -c '\"stamped_at\":null' '$T/out') -eq 2 ] && [ \$(grep -c '\"reason\":\"$BASE/t[a-z]*.html: stored without a time stamp: $DOWN: ' '$T/out') -eq 2 ]"
cs log
check "log marks only the stamped version" sh -c \
    "[ \$(grep -c ' stamped=20' '$T/out') -eq 1 ] && grep -q 'stamped=$(gen_time "$T/one.tsr")  $onearch' '$T/out'"
cs stamp -s "$T/store" --tsa "$TSA/good"
sort "$T/out" | sed 's/: stamped=.*//' >"$T/stamped.list"
find "$T/store" -name '*.tar.gz' ! -path '*one-html*' | sort >"$T/want.list"
check "stamp -s stamps exactly the unstamped archives" sh -c \
    "[ $rc -eq 0 ] && diff -u '$T/want.list' '$T/stamped.list'"
check "stamp -s leaves the stamped archive byte for byte" cmp -s "$T/one.before" "$onearch"
cs run --tsa "$TSA/good" "$T/all.txt"
expect "the next run is clean" 0 ""
check "the next run adds no version" test \
    "$(find "$T/store" -name '*.tar.gz' | wc -l)" -eq 3
cs log --json
check "log --json: every version has stamped_at" sh -c \
    "[ \$(grep -c '\"stamped_at\":\"20' '$T/out') -eq 3 ]"
cs verify --tsa-ca "$CA" --require-stamp --chain "$BASE/two.html"
check "verify --chain --require-stamp: OK" sh -c \
    "[ $rc -eq 0 ] && tail -n 1 '$T/out' | grep -qx '$BASE/two.html: chain OK (1 versions)'"
page one "The opening sentence of story one was corrected." "c" >"$site/one.html"
cs archive -s "$T/store" --tsa "$TSA/good" "$BASE/one.html"
check "archive -s --tsa stamps the new version" sh -c \
    "[ $rc -eq 0 ] && tar -tzf \"\$(cat '$T/out')\" | grep -q SHA256.sig.tsr"
page one "The opening sentence of story one was corrected again." "c" \
    >"$site/one.html"
cs archive -s "$T/store" --tsa "$DOWN" "$BASE/one.html"
check "archive -s with the TSA down: exit 3, stored" sh -c \
    "[ $rc -eq 3 ] && [ -f \"\$(cat '$T/out')\" ] && [ \"\$(sed 's/ after [0-9]* ms:/ after N ms:/' '$T/err')\" = \"clipseal: $BASE/one.html: stored without a time stamp: $DOWN: $why\" ]"

done_testing
