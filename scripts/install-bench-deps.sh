#!/bin/sh
# Installs the Debian packages `make bench` needs beyond the build's and
# tests' own: nginx, the web server the run rows fetch from; curl, their
# baseline; GNU time, for peak memory.  (signify-openbsd, tar, gzip and
# coreutils, the stock-tool routes, come with scripts/install-deps.sh.)
# Idempotent and quick when all are present.  Run as root, or as a user who
# may use sudo.
#
# The bench starts its own nginx on 127.0.0.1 with its own configuration
# and stops it; the package's service must not start on port 80 meanwhile,
# so when nginx is missing and no policy-rc.d forbids starting services, one
# is put in place for the install and removed afterwards (as Debian's
# container images do).
set -eu
cd "$(dirname "$0")/.."

policy=/usr/sbin/policy-rc.d
placed=
if ! dpkg-query -W -f '${db:Status-Status}' nginx 2>/dev/null |
    grep -qx installed && [ ! -e "$policy" ]; then
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod 0755 "$policy"
	placed=1
fi
rc=0
sh scripts/install-deps.sh nginx curl time || rc=$?
[ -z "$placed" ] || $SUDO rm -f "$policy"
exit "$rc"
