#!/bin/sh
# A real cron daemon runs `clipseal run` every minute over a list served
# from loopback: the first run archives, a comments-only change adds no
# version, a changed sentence adds exactly one.  Takes about four minutes.
# The entry goes to /etc/cron.d, never into anybody's own crontab.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH

if [ "$(id -u)" -ne 0 ] || ! command -v cron >/dev/null; then
	echo "ok 1 # skip a real cron daemon needs root and Debian's cron"
	echo "1..1"
	exit 0
fi
cronfile=/etc/cron.d/clipseal-test-$$
started_cron=
cleanup_cron() {
	rm -f "$cronfile"
	# shellcheck disable=SC2086
	[ -n "$started_cron" ] && kill $started_cron 2>/dev/null
	cleanup
}
trap cleanup_cron EXIT

cs keygen
site="$T/site"
mkdir -p "$site"
start_server "$site"
story() {
	cat >"$site/story.html" <<PAGE
<!DOCTYPE html><html><head><title>Harbour story</title></head><body>
<article><h1>Harbour story</h1><p>$1 The harbour master spoke to the council.</p>
<p>The second paragraph of the harbour story stays as it was, word for word.</p></article>
<div id="comments" class="comments-area"><h2>Comments</h2><p>$2</p></div>
</body></html>
PAGE
}
story "The new quay opens in May." "Nice to see progress."
echo "$BASE/story.html" >"$T/list.txt"

# What install-cron.sh prints, run verbosely so the test can see each run,
# as a system crontab line (with its user field).
line=$(sh scripts/install-cron.sh --every 1 --key "$T/key" \
    --store "$T/store" --log "$T/cron.log" --bin "$CLIPSEAL" "$T/list.txt")
check "install-cron.sh prints an every-minute line" sh -c \
    "printf '%s\n' \"\$1\" | grep -q '^\*/1 \* \* \* \* .* run -q -k .* # clipseal-run:'" sh "$line"
printf '%s\n' "$line" | sed 's/ run -q / run -v /; s/^\(\([^ ]* \)\{5\}\)/\1root /' \
    >"$cronfile"
chmod 644 "$cronfile"
# Debian's cron writes /run/crond.pid.  Start one if none runs, and check
# again while waiting: a daemon another test started may go away.
ensure_cron() {
	if ! { [ -s /run/crond.pid ] &&
	    kill -0 "$(cat /run/crond.pid)" 2>/dev/null; }; then
		cron -f >/dev/null 2>&1 &
		started_cron="$started_cron $!"
		sleep 1
	fi
}
ensure_cron

# wait_until SECONDS COMMAND...: polls every 2 s.
wait_until() {
	limit=$1
	shift
	while [ "$limit" -gt 0 ]; do
		ensure_cron
		"$@" && return 0
		sleep 2
		limit=$((limit - 2))
	done
	return 1
}
versions() { find "$T/store" -name '*.tar.gz' 2>/dev/null | wc -l; }
has_versions() { [ "$(versions)" -eq "$1" ]; }
lines() { n=$(grep -c "^$1 " "$T/cron.log" 2>/dev/null); echo "${n:-0}"; }
more_lines() { [ "$(lines "$1")" -gt "$2" ]; }

check "within two minutes cron's run archived the page" wait_until 150 has_versions 1
cs verify -q -p "$T/key.pub" "$T"/store/*/*/*.tar.gz
expect "the archive cron made verifies" 0 ""

story "The new quay opens in May." "Comment changed: it was about time."
seen=$(lines unchanged)
check "after a comments-only change cron ran again" wait_until 100 more_lines unchanged "$seen"
check "a comments-only change adds no version" has_versions 1

story "The new quay opens in June." "Another comment again."
check "one changed sentence: a new version appears" wait_until 100 has_versions 2
seen=$(lines unchanged)
check "cron ran once more after that" wait_until 100 more_lines unchanged "$seen"
check "exactly one new version" has_versions 2
cs log -s "$T/store" "$BASE/story.html"
check "log shows two versions" test "$(grep -c '^  20' "$T/out")" -eq 2
cs diff -s "$T/store" "$BASE/story.html"
check "diff shows the changed sentence" sh -c \
    "grep -q '^- The new quay opens in May.' '$T/out' && grep -q '^+ The new quay opens in June.' '$T/out'"
check "the cron log holds no failure" sh -c "! grep -q '^clipseal:' '$T/cron.log'"

done_testing
