#!/bin/sh
# keygen: key files, modes, refusing to overwrite, keys made by openssl.
. tests/cli/lib.sh

cs keygen
expect "keygen makes a key at \$CLIPSEAL_KEY" 0 ""
check "secret key is mode 0600" test "$(stat -c %a "$T/key")" = 600
check "secret key is PKCS#8 PEM" grep -qx -- '-----BEGIN PRIVATE KEY-----' "$T/key"
check "public key has the signify comment line" \
    grep -q '^untrusted comment: clipseal public key [0-9A-F]\{16\}$' "$T/key.pub"
check "openssl reads the secret key" openssl pkey -in "$T/key" -noout

cp "$T/key.pub" "$T/key.pub.first"
cs keygen
expect "keygen refuses to overwrite" 6 \
    "clipseal: $T/key: key exists; use --force to replace it"
check "refused keygen left the key alone" cmp -s "$T/key.pub" "$T/key.pub.first"

cs keygen --force
expect "keygen --force replaces the key" 0 ""
check "the replaced key is new" sh -c "! cmp -s '$T/key.pub' '$T/key.pub.first'"

cs keygen -k "$T/sub/dir/k2"
expect "keygen -k creates missing directories" 0 ""
check "new key directory is 0700" test "$(stat -c %a "$T/sub/dir")" = 700

cs keygen extra
expect "keygen rejects operands" 2 "clipseal: keygen: unexpected argument 'extra'"

cs keygen --help
expect_out1 "keygen --help prints usage on stdout" 0 \
    "usage: clipseal keygen [-k SECKEY] [--force]"

chmod 644 "$T/key"
cs archive --html tests/fixtures/sample/article.html --url http://example.org/a
expect "a group- or world-readable key is refused" 6 \
    "clipseal: $T/key: secret key is accessible by group or others; run: chmod 600 $T/key"

openssl genpkey -algorithm ed25519 -out "$T/ossl.key" 2>/dev/null
chmod 600 "$T/ossl.key"
cs archive -k "$T/ossl.key" -o "$T" --html tests/fixtures/sample/article.html \
    --url http://example.org/a
expect "a key made by openssl genpkey signs archives" 0 ""
ossl_archive=$(cat "$T/out")
cs keygen -k "$T/ossl.key" --public
expect_out1 "keygen --public writes the .pub of an openssl key" 0 "secret key: $T/ossl.key"
cs verify -p "$T/ossl.key.pub" "$ossl_archive"
check "an archive signed by an openssl-made key verifies" test "$rc" -eq 0

cs archive -k "$T/none" --html tests/fixtures/sample/article.html \
    --url http://example.org/a
expect "a missing key is exit 6" 6 "clipseal: $T/none: no such key (run clipseal keygen)"

done_testing
