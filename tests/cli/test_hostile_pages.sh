#!/bin/sh
# Hostile pages: each ends with a clear outcome (the article, marked
# truncated when the page had to be cut, or a refusal naming the cap),
# under 64 MiB, never a crash.  scripts/hostile-page.py makes the pages
# here; time and memory per size are scripts/bench-hostile.sh's, not a
# test's.  Under valgrind or AddressSanitizer the memory is theirs, so it
# is not checked.
. tests/cli/lib.sh

measure=true
if [ -n "${VALGRIND:-}" ] || grep -qa __asan_init "$CLIPSEAL"; then
	measure=false
fi

# Runs clipseal as cs does and leaves its peak RSS in KiB in $rss.  A run
# past ten minutes is stopped (exit 124): a hang must fail, not wait.
cs_rss() {
	rss=$(python3 - "$T/out" "$T/err" ${VALGRIND:-} "$CLIPSEAL" "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    try:
        rc = subprocess.call(sys.argv[3:], stdout=out, stderr=err,
                             timeout=600)
    except subprocess.TimeoutExpired:
        rc = 124
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
      rc if rc >= 0 else 128 - rc)
PY
)
	rc=${rss#* }
	rss=${rss% *}
}

# hostile KIND SIZE TRUNCATED: the article, its truncated flag as given.
hostile() {
	python3 scripts/hostile-page.py "$1" "$2" >"$T/page.html"
	cs_rss extract -f json "$T/page.html"
	if [ "$rc" -ne 0 ]; then
		not_ok "$1 $2: an article" "exit $rc: $(head -n 1 "$T/err")"
		return
	fi
	check "$1 $2: the article, truncated $3" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert "sea wall" in d["text"], d["text"][:200]
assert d["truncated"] == (sys.argv[2] == "true"), d["truncated"]
' "$T/out" "$3"
	if $measure; then
		check "$1 $2: under 64 MiB ($rss KiB)" test "$rss" -lt 65536
	else
		skip "$1 $2: under 64 MiB" "memory is the sanitizer's here"
	fi
}

hostile deep 5M true		# a million <div>s deep
hostile deeparticle 1 true	# the article beneath 300 <div>s
hostile attr 15M true		# a 15 MB class is not kept
hostile text 15M true		# 15 MB of text in one <p>
hostile nul 15M true
hostile badutf8 15M true
hostile b 15M true
hostile i 15M true
hostile divp 15M true
hostile li 15M true
hostile text 1M false		# under every bound: nothing cut

# Past the 16 MiB read cap: refused before anything is parsed.
for kind in attr text; do
	python3 scripts/hostile-page.py "$kind" 30M >"$T/big.html"
	cs_rss extract "$T/big.html"
	expect "a 30 MB page ($kind) is refused" 5 \
	    "clipseal: $T/big.html: larger than 16777216 bytes"
	if $measure; then
		check "a 30 MB page ($kind): under 64 MiB ($rss KiB)" \
		    test "$rss" -lt 65536
	else
		skip "a 30 MB page ($kind): under 64 MiB" \
		    "memory is the sanitizer's here"
	fi
done
rm -f "$T/big.html" "$T/page.html"

done_testing
