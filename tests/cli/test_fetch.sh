#!/bin/sh
# fetch through archive: every refusal of the fetch stage against hostile or
# broken servers on 127.0.0.1 (exact line, exit code, nothing written), the
# retries, TLS with made-up CAs, charsets, IDN hosts and credentials.
. tests/cli/lib.sh

cs keygen
start_server tests/fixtures
mkdir "$T/bad" "$T/a"
F=$BASE/fetch

# refuse NAME RC LINE ARGS...: archive ARGS fails with exit RC and exactly
# LINE on stderr, and leaves the output directory empty.
refuse() {
	name=$1 want_rc=$2 want=$3
	shift 3
	cs archive -o "$T/bad" "$@"
	got_err=$(cat "$T/err")
	left=$(ls -A "$T/bad")
	if [ "$rc" -eq "$want_rc" ] && [ "$got_err" = "$want" ] &&
	    [ -z "$left" ]; then
		ok "$name"
	else
		not_ok "$name" "exit $rc (want $want_rc)" "stderr: $got_err" \
		    "want:   $want" "left in -o: $left"
	fi
}

# stored NAME ARGS...: archive ARGS succeeds quietly; $archive is the file.
stored() {
	name=$1
	shift
	cs archive -o "$T/a" "$@"
	archive=$(cat "$T/out")
	if [ "$rc" -eq 0 ] && [ ! -s "$T/err" ] && [ -f "$archive" ]; then
		ok "$name"
	else
		not_ok "$name" "exit $rc" "stderr: $(cat "$T/err")"
	fi
}

member() { tar -xzOf "$archive" --wildcards "*/$1"; }

# Redirects and schemes.
refuse "a redirect loop stops after 10 redirects" 3 \
    "clipseal: $BASE/loop/0: too many redirects (more than 10)" "$BASE/loop/0"
u="$BASE/redirect?to=file:///etc/passwd"
refuse "a redirect to file:// is refused" 3 \
    "clipseal: $u: redirect to unsupported scheme 'file'" "$u"
u="$BASE/redirect?to=ftp://127.0.0.1/x"
refuse "a redirect to ftp:// is refused" 3 \
    "clipseal: $u: redirect to unsupported scheme 'ftp'" "$u"
u="$BASE/redirect?to=gopher://127.0.0.1/x"
refuse "a redirect to gopher:// is refused" 3 \
    "clipseal: $u: redirect to unsupported scheme 'gopher'" "$u"
refuse "a gopher:// URL is refused" 3 \
    "clipseal: gopher://127.0.0.1:$PORT/x: unsupported URL scheme 'gopher'" \
    "gopher://127.0.0.1:$PORT/x"

# Decompression bombs: the cap counts decoded bytes.
refuse "a 50 MiB gzip bomb stops at the 16 MiB cap" 3 \
    "clipseal: $BASE/gzip-bomb?mb=50: body larger than 16777216 bytes" \
    "$BASE/gzip-bomb?mb=50"
refuse "a 50 MiB brotli bomb (53 bytes) stops at the cap" 3 \
    "clipseal: $BASE/br-bomb: body larger than 16777216 bytes" "$BASE/br-bomb"
refuse "a 50 MiB zstd bomb stops at the cap" 3 \
    "clipseal: $BASE/zstd-bomb: body larger than 16777216 bytes" \
    "$BASE/zstd-bomb"
refuse "--max-bytes lowers the cap" 3 \
    "clipseal: $BASE/gzip-bomb?mb=1: body larger than 1024 bytes" \
    --max-bytes 1k "$BASE/gzip-bomb?mb=1"

# Slow, stalled and broken servers.
u="$BASE/slow?bytes=100&delay=1"
refuse "a 1 byte/s server is dropped by the low-speed limit" 3 \
    "clipseal: $u: too slow: less than 10 bytes per second for 2 seconds" \
    --low-speed-limit 10 --low-speed-time 2 "$u"
u="$BASE/slow?bytes=40&delay=0.2"
refuse "the total timeout ends a trickling body" 3 \
    "clipseal: $u: timed out after 1 second" --timeout 1 "$u"
refuse "a server closing mid-body is an error" 3 \
    "clipseal: $BASE/close-mid: Transferred a partial file (transfer closed with 9900 bytes remaining to read)" \
    "$BASE/close-mid"
refuse "response headers over the cap are refused" 3 \
    "clipseal: $BASE/headers-big: response headers larger than 65536 bytes" \
    "$BASE/headers-big"
refuse "--max-header-bytes lowers the header cap" 3 \
    "clipseal: $BASE/headers-big: response headers larger than 32768 bytes" \
    --max-header-bytes 32k "$BASE/headers-big"

# HTTP status: 4xx permanent, 429 and 5xx retried, error pages never stored.
refuse "HTTP 404 is a permanent failure" 3 \
    "clipseal: $BASE/status/404: HTTP 404 Not Found" "$BASE/status/404"
refuse "HTTP 410 is a permanent failure" 3 \
    "clipseal: $BASE/status/410: HTTP 410 Gone" "$BASE/status/410"
u="$BASE/flaky?id=p500&fail=9&code=500"
refuse "HTTP 500 every time: retried, then reported" 3 \
    "clipseal: $u: HTTP 500 Internal Server Error (after 3 attempts)" \
    --max-retry-wait 1 "$u"
u="$BASE/flaky?id=p429&fail=1&code=429&retry-after=120"
refuse "Retry-After beyond --max-retry-wait gives up at once" 3 \
    "clipseal: $u: HTTP 429 Too Many Requests (Retry-After 120 seconds is more than the 30-second limit)" \
    "$u"
u="$BASE/flaky?id=p503&fail=1&code=503&retry-after=5"
refuse "a retry that would pass --timeout is not made" 3 \
    "clipseal: $u: HTTP 503 Service Unavailable (a retry in 5 seconds would pass the 2-second timeout)" \
    --timeout 2 "$u"
u="$BASE/flaky?id=p502&fail=1&code=502"
refuse "--retries 0 reports the first 5xx" 3 \
    "clipseal: $u: HTTP 502 Bad Gateway" --retries 0 "$u"

then=then=/fetch/cp1252.nocharset.html
stored "HTTP 500 then 200 is retried and archived" --max-retry-wait 1 \
    "$BASE/flaky?id=s500&fail=1&code=500&$then"
check "the retried archive holds the 200 page and counts the retry" sh -c \
    "tar -xzOf '$archive' --wildcards '*/metadata.json' | grep -q '\"retries\": 1' &&
     tar -xzOf '$archive' --wildcards '*/article.txt' | grep -q 'SENTINEL-CP1252' &&
     ! tar -xzOf '$archive' --wildcards '*/capture.warc' | grep -qa 'error page'"
stored "HTTP 429 with Retry-After: 1 is retried and archived" \
    "$BASE/flaky?id=s429&fail=1&code=429&retry-after=1&$then"

# Content types.
refuse "a PDF is exit 4" 4 \
    "clipseal: $F/report.pdf: unsupported content type 'application/pdf'" \
    "$F/report.pdf"
refuse "a PNG is exit 4" 4 \
    "clipseal: $F/pixel.png: unsupported content type 'image/png'" \
    "$F/pixel.png"

# Charsets: transcoded to UTF-8 before parsing, recorded in metadata.json.
stored "a windows-1252 page without a charset is archived" \
    "$F/cp1252.nocharset.html"
check "windows-1252 text reads right in article.txt" sh -c \
    "tar -xzOf '$archive' --wildcards '*/article.txt' | grep -qF 'The café on the quay sold “good” coffee – every day, said Renée' &&
     tar -xzOf '$archive' --wildcards '*/article.txt' | grep -q 'SENTINEL-CP1252 the last sentence'"
check "metadata.json records windows-1252 from the default" sh -c \
    "tar -xzOf '$archive' --wildcards '*/metadata.json' | tr -d ' \n' | grep -q '\"charset\":{\"http\":null,\"name\":\"windows-1252\",\"source\":\"default\"}'"
stored "a Shift_JIS page with a meta charset is archived" \
    "$F/sjis.nocharset.html"
check "Shift_JIS text reads right in article.txt" sh -c \
    "tar -xzOf '$archive' --wildcards '*/article.txt' | grep -qF '日本語の文章です。東京は大きな都市です。' &&
     tar -xzOf '$archive' --wildcards '*/article.txt' | grep -q 'SENTINEL-SJIS the last sentence'"
check "metadata.json records shift_jis from the meta tag" sh -c \
    "tar -xzOf '$archive' --wildcards '*/metadata.json' | tr -d ' \n' | grep -q '\"charset\":{\"http\":null,\"name\":\"shift_jis\",\"source\":\"meta\"}'"
stored "a page with invalid UTF-8 is archived" "$F/invalid-utf8.html"
check "the sentinel after the invalid bytes survives" sh -c \
    "tar -xzOf '$archive' --wildcards '*/article.txt' | grep -qF 'Café SENTINEL-UTF8 the final sentence survives the bad bytes intact.' &&
     tar -xzOf '$archive' --wildcards '*/article.txt' | grep -qF 'Broken bytes ��(� here'"
check "metadata.json records utf-8 from the HTTP header" sh -c \
    "tar -xzOf '$archive' --wildcards '*/metadata.json' | tr -d ' \n' | grep -q '\"charset\":{\"http\":\"utf-8\",\"name\":\"utf-8\",\"source\":\"http\"}'"

# IDN: the resolver option maps the ASCII name to 127.0.0.1.
stored "an IDN host is fetched through its ASCII name" \
    --resolve "xn--bcher-kva.test:$PORT:127.0.0.1" \
    "http://bücher.test:$PORT/fetch/cp1252.nocharset.html"
check "metadata.json records the host in Unicode and ASCII" sh -c \
    "tar -xzOf '$archive' --wildcards '*/metadata.json' | grep -q '\"host_ascii\": \"xn--bcher-kva.test\"' &&
     tar -xzOf '$archive' --wildcards '*/metadata.json' | grep -q '\"host_unicode\": \"b\\\\u00FCcher.test\"'"
case "$archive" in
"$T/a/xn--bcher-kva.test-"*) ok "the archive is named after the ASCII host" ;;
*) not_ok "the archive is named after the ASCII host" "got: $archive" ;;
esac

# user:password in a URL a person typed: used, and stored nowhere.
stored "a URL with a password is fetched" \
    "http://alice:s3cret@127.0.0.1:$PORT/fetch/cp1252.nocharset.html"
check "no part of the archive holds the user name or password" sh -c \
    "! tar -xzOf '$archive' | grep -qa -e s3cret -e alice -e 'YWxpY2U6czNjcmV0'"
check "the capture shows that credentials were sent, redacted" sh -c \
    "tar -xzOf '$archive' --wildcards '*/capture.warc' | grep -qa '^Authorization: \[redacted\]'"
check "stdout names the archive after the host, no credentials" sh -c \
    "! grep -q s3cret '$T/out'"
refuse "a refused URL with a password is shown without it" 3 \
    "clipseal: $BASE/status/404: HTTP 404 Not Found" \
    "http://alice:s3cret@127.0.0.1:$PORT/status/404"

# TLS: certificates made here, served on 127.0.0.1.
C=$T/tls
mkdir "$C"
(
	cd "$C" || exit 1
	q() { "$@" >/dev/null 2>&1; }
	q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=clipseal-test-ca \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign \
	    -keyout ca.key -out ca.pem
	mkdir db && : >db/index && echo 1000 >db/serial
	printf '%s\n' '[ca]' 'default_ca = t' '[t]' 'database = db/index' \
	    'serial = db/serial' 'new_certs_dir = db' 'certificate = ca.pem' \
	    'private_key = ca.key' 'default_md = sha256' 'policy = p' \
	    'unique_subject = no' 'copy_extensions = copy' '[p]' \
	    'commonName = supplied' >ca.cnf
	leaf() {	# leaf NAME SAN OPENSSL-CA-OPTIONS...
		name=$1 san=$2
		shift 2
		q openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		    -nodes -subj "/CN=$name" -addext "subjectAltName=$san" \
		    -keyout "$name.key" -out "$name.csr"
		q openssl ca -batch -config ca.cnf -notext -in "$name.csr" \
		    -out "$name.pem" "$@"
	}
	leaf good "IP:127.0.0.1,DNS:localhost" -days 2
	leaf wrong "DNS:wrong.example" -days 2
	# openssl x509 cannot back-date; openssl ca can.
	leaf expired "IP:127.0.0.1,DNS:localhost" \
	    -startdate 20200101000000Z -enddate 20200102000000Z
	q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=localhost \
	    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	    -keyout self.key -out self.pem
)
python3 tests/server.py --root tests/fixtures --port-file "$T/tlsport" \
    --tls "$C/good.pem,$C/good.key" --tls "$C/wrong.pem,$C/wrong.key" \
    --tls "$C/expired.pem,$C/expired.key" --tls "$C/self.pem,$C/self.key" \
    2>"$T/tls.log" &
TLS_PID=$!
trap 'kill "$TLS_PID" 2>/dev/null; wait "$TLS_PID" 2>/dev/null; cleanup' EXIT
i=0
while [ ! -s "$T/tlsport" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
GOOD=$(sed -n 2p "$T/tlsport")
WRONG=$(sed -n 3p "$T/tlsport")
EXPIRED=$(sed -n 4p "$T/tlsport")
SELF=$(sed -n 5p "$T/tlsport")
P=fetch/cp1252.nocharset.html

refuse "a self-signed certificate is refused" 3 \
    "clipseal: https://127.0.0.1:$SELF/$P: TLS certificate is self-signed and not trusted (see --ca-file)" \
    "https://127.0.0.1:$SELF/$P"
refuse "a certificate from an unknown CA is refused" 3 \
    "clipseal: https://127.0.0.1:$GOOD/$P: TLS certificate issued by an unknown authority (see --ca-file)" \
    "https://127.0.0.1:$GOOD/$P"
refuse "an expired certificate is refused, even with its CA" 3 \
    "clipseal: https://127.0.0.1:$EXPIRED/$P: TLS certificate has expired" \
    --ca-file "$C/ca.pem" "https://127.0.0.1:$EXPIRED/$P"
refuse "a certificate for another host is refused" 3 \
    "clipseal: https://127.0.0.1:$WRONG/$P: TLS certificate is not valid for host '127.0.0.1'" \
    --ca-file "$C/ca.pem" "https://127.0.0.1:$WRONG/$P"
stored "--ca-file trusts a private CA" --ca-file "$C/ca.pem" \
    "https://127.0.0.1:$GOOD/$P"
check "the capture holds the server's certificate chain" sh -c \
    "tar -xzOf '$archive' --wildcards '*/capture.warc' | grep -qa '^tls-certificate: '"

# Flags.
cs archive --retries 11 "$F/invalid-utf8.html"
expect "--retries above 10 is a usage error" 2 \
    "clipseal: --retries: '11' is not a number from 0 to 10"
cs archive --max-header-bytes 12 "$F/invalid-utf8.html"
expect "--max-header-bytes below 1k is a usage error" 2 \
    "clipseal: --max-header-bytes: '12' is not a size of at least 1k"
cs archive --low-speed-time 0 "$F/invalid-utf8.html"
expect "--low-speed-time 0 is a usage error" 2 \
    "clipseal: --low-speed-time: '0' is not a number of seconds"

check "nothing was written by any refusal" sh -c "[ -z \"\$(ls -A '$T/bad')\" ]"

done_testing
