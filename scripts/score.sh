#!/bin/sh
# Scores the extractor on every set of ../shared/corpus, as README's Quality
# section quotes it: one `clipseal extract --out-dir` process per set (the
# sets' transport charset given as an HTTP header would have), then
# score.py over the texts and meta_score.py over wcxb's JSON.
#   usage: scripts/score.sh [BIN [OUTDIR]]
# BIN defaults to build/clipseal, OUTDIR to /tmp/clipseal-score-<checkout>,
# so two checkouts scoring at once do not mix their outputs.
# Extra arguments for score.py go in $SCORE_ARGS (e.g. "--worst 20").
# SCORE_URLS=1 gives extract each page's URL from its .json (--urls), as
# production always knows it; the default scores without, as quoted.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/clipseal}
out=${2:-/tmp/clipseal-score-$(basename "$PWD")}
corpus=../shared/corpus
rm -rf "$out"
mkdir -p "$out/json"
for set in scrapinghub dragnet l3s-gn1 wcxb; do
	cs=$(python3 -c 'import json,sys,glob
f=sorted(glob.glob(sys.argv[1]+"/*.json"))[0]
print(json.load(open(f))["charset"])' "$corpus/$set")
	"$bin" extract -f text ${cs:+--charset "$cs"} --out-dir "$out/$set" \
	    "$corpus/$set"/*.html >/dev/null 2>"$out/$set.err" || true
done
urls=
if [ "${SCORE_URLS:-}" = 1 ]; then
	python3 -c 'import json,sys,glob
for f in sorted(glob.glob(sys.argv[1]+"/*.json")):
	u=json.load(open(f)).get("url")
	if u: print(f[:-5]+".html", u)' "$corpus/wcxb" >"$out/wcxb.urls"
	urls="--urls $out/wcxb.urls"
fi
# shellcheck disable=SC2086
"$bin" extract -f json --charset utf-8 --out-dir "$out/json/wcxb" $urls \
    "$corpus/wcxb"/*.html >/dev/null 2>&1 || true
# shellcheck disable=SC2086
python3 ../shared/eval/score.py --corpus "$corpus" --outputs "$out" \
    --json "$out/score.json" -q ${SCORE_ARGS:-}
python3 ../shared/eval/meta_score.py --corpus "$corpus/wcxb" \
    --outputs "$out/json/wcxb"
