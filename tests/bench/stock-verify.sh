#!/bin/sh
# The stock-tool route the verify row measures clipseal against, as README
# "Verifying with standard tools only" gives it: for each ARCHIVE, tar xzf,
# then signify-openbsd -V on SHA256 and sha256sum -c.  Prints a line on
# stderr for each archive that fails; exits 1 if any did.
#   stock-verify.sh PUBKEY ARCHIVE...
set -u
pub=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for a in "$@"; do
	top=$(basename "$a" .tar.gz)
	if ! tar xzf "$a" -C "$tmp" ||
	    ! (cd "$tmp/$top" &&
	    signify-openbsd -V -q -p "$pub" -m SHA256 -x SHA256.sig &&
	    sha256sum -c --quiet SHA256); then
		echo "stock-verify: $a: FAILED" >&2
		rc=1
	fi
	rm -rf "${tmp:?}/$top"
done
exit "$rc"
