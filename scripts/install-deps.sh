#!/bin/sh
# Installs the Debian packages that clipseal's build and tests need, and
# any named as arguments (scripts/install-bench-deps.sh names the bench's).
# Idempotent and quick when everything is present: apt runs only when a
# package is missing.  Run as root, or as a user who may use sudo.
set -eu

PACKAGES="
gcc make pkg-config
libcurl4-openssl-dev libxml2-dev libarchive-dev libssl-dev libjansson-dev
zlib1g-dev libsqlite3-dev libcmocka-dev
openssl ca-certificates python3 tar gzip zstd
minisign signify-openbsd valgrind cron faketime
$*"

missing=
for p in $PACKAGES; do
	if ! dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null |
	    grep -qx installed; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
