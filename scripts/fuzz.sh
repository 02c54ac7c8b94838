#!/bin/sh
# Runs each libFuzzer target of tests/fuzz for SECONDS under ASan and UBSan:
#   fuzz.sh BUILD_DIR SECONDS [TARGET...]
# BUILD_DIR holds the targets (`make fuzz` builds them into build/fuzz);
# $CLIPSEAL (build/clipseal) seals a fixture page into the archive seeds.
# Seeds are tests/fixtures/fuzz/<target>/ and the fixtures named below;
# what a run finds collects in BUILD_DIR/corpus/<target>/ for the next run,
# and an input that crashed, leaked, hung (-timeout) or ran out of memory
# (-rss_limit_mb) is kept as BUILD_DIR/crash/<target>-<kind>-<sha1>.  Prints
# one line per target (name, executions, corpus size, verdict) and fails if
# any target failed; every target runs either way.
set -eu
cd "$(dirname "$0")/.."
B=${1:?usage: fuzz.sh BUILD_DIR SECONDS [TARGET...]}
secs=${2:?usage: fuzz.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
clipseal=${CLIPSEAL:-build/clipseal}
fixtures=tests/fixtures/fuzz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ $# -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		t=${f#tests/fuzz/fuzz_}
		set -- "$@" "${t%.c}"
	done
fi
mkdir -p "$B/crash" "$B/corpus/archive" "$B/corpus/manifest" \
    "$B/corpus/sign" "$B/corpus/extract" "$B/corpus/warc"
for t in "$@"; do
	mkdir -p "$B/corpus/$t"
done

# The seeds that are made rather than written: a fixture page sealed with
# and without its raw capture, each also as a bare tar, and its manifest,
# metadata and text as fuzz_manifest's input (once with an empty manifest,
# which the target computes), and its capture.warc.  SOURCE_DATE_EPOCH
# keeps the bytes, hence the corpus, the same from run to run.
parts() {	# parts MEMBER_DIR SHA256: fuzz_manifest's input
	cat "$2"
	printf '\0'
	cat "$1/metadata.json"
	printf '\0'
	cat "$1/article.txt"
}
cp "$fixtures/key" "$tmp/key"
chmod 600 "$tmp/key"
for raw in "" --no-raw; do
	mkdir -p "$tmp/a$raw" "$tmp/x$raw"
	SOURCE_DATE_EPOCH=1714521600 "$clipseal" archive -q -k "$tmp/key" \
	    -o "$tmp/a$raw" $raw --html tests/fixtures/sample/article.html \
	    --url https://news.example/2024/05/story.html
	a=$(ls "$tmp/a$raw"/*.tar.gz)
	cp "$a" "$B/corpus/archive/sample$raw.tar.gz"
	gzip -dc "$a" >"$B/corpus/archive/sample$raw.tar"
	tar -xf "$a" -C "$tmp/x$raw"
	m=$(ls -d "$tmp/x$raw"/*/)
	parts "$m" "$m/SHA256" >"$B/corpus/manifest/sample$raw"
	parts "$m" /dev/null >"$B/corpus/manifest/computed$raw"
	[ -f "$m/capture.warc" ] && cp "$m/capture.warc" "$B/corpus/warc/sample"
done
cp "$fixtures/key" "$fixtures/key.pub" "$B/corpus/sign/"
cp tests/fixtures/extract/*.html tests/fixtures/regress/*.html \
    tests/fixtures/sample/article.html "$B/corpus/extract/"

failed=0
printf '%-10s %12s %8s  %s\n' target executions corpus verdict
for t in "$@"; do
	seeds=
	[ -d "$fixtures/$t" ] && seeds="$fixtures/$t"
	log="$B/crash/$t.log"
	# shellcheck disable=SC2086
	if TMPDIR="$tmp" "$B/fuzz_$t" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="$B/crash/$t-" "$B/corpus/$t" $seeds \
	    >"$log" 2>&1; then
		verdict=ok
	else
		verdict="FAILED, see $log"
		failed=1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	printf '%-10s %12s %8s  %s\n' "$t" "${runs:-?}" \
	    "$(ls "$B/corpus/$t" | wc -l)" "$verdict"
	[ "$verdict" = ok ] ||
	    grep -m 1 -A 12 'ERROR\|fuzz: ' "$log" >&2 || true
done
exit "$failed"
