#!/bin/sh
# Installs the S3 server the S3 store tests run against: the npm package
# @20minutes/s3rver at the version pinned in tests/s3/package.json, with the
# dependencies of tests/s3/package-lock.json, into DIR (default
# $CLIPSEAL_S3RVER, else ${XDG_CACHE_HOME:-~/.cache}/clipseal/s3rver-4.0.4).
# Quick when it is there already.  Needs Node.js 18 or later and npm (the
# Debian packages nodejs and npm when missing); only npm's registry is used.
#   usage: scripts/install-s3rver.sh [DIR]
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${CLIPSEAL_S3RVER:-${XDG_CACHE_HOME:-$HOME/.cache}/clipseal/s3rver-4.0.4}}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "install-s3rver: installing nodejs npm" >&2
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
	echo "install-s3rver: Node.js $major is too old (18 or later)" >&2
	exit 1
fi

mod="$dir/node_modules/@20minutes/s3rver/package.json"
if [ -f "$mod" ] && cmp -s "$here/tests/s3/package-lock.json" \
    "$dir/package-lock.json" &&
    [ "$(node -p "require('$mod').version")" = 4.0.4 ]; then
	exit 0
fi
mkdir -p "$dir"
cp "$here/tests/s3/package.json" "$here/tests/s3/package-lock.json" "$dir/"
(cd "$dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error \
    >/dev/null)
echo "install-s3rver: @20minutes/s3rver 4.0.4 in $dir" >&2
