#!/bin/sh
# make torture: TORTURE_RUNS (200) runs of `clipseal run` over a slow
# loopback server, each SIGKILLed at a random moment while some of its
# pages have changed.  After each: every archive verifies, no URL's history
# forks (verify --chain), the index names only archives that exist, and
# reindex of a copy gives the same rows for them.  Then one run completes:
# no temporary file is left and the index lists exactly the archives.
#   usage: CLIPSEAL=build/clipseal sh tests/torture.sh
#   TORTURE_RUNS=N  how many killed runs; TORTURE_SEED=N  to replay one
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH
runs=${TORTURE_RUNS:-200}
seed=${TORTURE_SEED:-$(date +%s)}
pages=20
S="$T/store"
echo "# torture: $runs runs, seed $seed"

# rand N: sets r to a number from 0 to N-1, the next of the seeded ones.
draws=0
rand() {
	draws=$((draws + 1))
	r=$(awk -v s="$seed" -v d="$draws" -v n="$1" 'BEGIN { srand(s);
	    for (i = 0; i < d; i++) x = rand(); print int(x * n) }')
}

cs keygen
site="$T/site"
mkdir -p "$site"
rm -f "$T/port"
python3 tests/server.py --root "$site" --port-file "$T/port" --delay 0.1 \
    --lifetime 86400 2>"$T/server.log" &
SERVER_PID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
BASE="http://127.0.0.1:$(cat "$T/port")"
: >"$T/list.txt"
i=1
while [ $i -le $pages ]; do
	story_page "$site" "p$i" "Page $i as first written."
	echo "$BASE/p$i.html" >>"$T/list.txt"
	i=$((i + 1))
done

# Index rows, one line each, by archive (read-only; "-" for no index).
cat >"$T/rows.py" <<'PY'
import os, sqlite3, sys
path = os.path.join(sys.argv[1], "index.sqlite")
if not os.path.exists(path):
    sys.exit(0)
db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
for row in db.execute("SELECT archive, norm_url, url, fetched_at, "
                      "content_sha256, manifest_sha256, title "
                      "FROM versions ORDER BY archive"):
    print("\t".join(str(x) for x in row))
PY

# How long a run takes, so that the kills fall anywhere in one: the first
# (every page new) and a later one (a few changed, the rest 304).
window=0
for what in first later; do
	story_page "$site" p1 "Page 1 as measured $what."
	t0=$(date +%s%N)
	"$CLIPSEAL" run -q -s "$T/measure" -j 4 --host-delay 0 --per-host 4 \
	    "$T/list.txt" >/dev/null 2>&1
	t=$((($(date +%s%N) - t0) / 1000000))
	[ $t -gt $window ] && window=$t
done
rm -rf "$T/measure"
window=$((window + window / 5 + 1))
echo "# a run takes up to $((window * 5 / 6)) ms; kills fall in 0-$window ms"

# check_store ITERATION: the checks after one killed run; "" if all hold.
check_store() {
	bad=
	set -- $(find "$S" -name '*.tar.gz' ! -name '.*' | sort)
	archives=$#
	if [ $# -gt 0 ]; then
		"$CLIPSEAL" verify -q -p "$T/key.pub" "$@" >"$T/v.out" 2>&1 ||
		    bad="$bad; verify: $(head -n 2 "$T/v.out")"
	fi
	j=1
	while [ $j -le $pages ]; do
		if find "$S" -path "*/p$j-html-*/*.tar.gz" | grep -q .; then
			"$CLIPSEAL" verify -q -p "$T/key.pub" -s "$S" --chain \
			    "$BASE/p$j.html" >"$T/v.out" 2>&1 ||
			    bad="$bad; p$j forks: $(head -n 2 "$T/v.out")"
		fi
		j=$((j + 1))
	done
	python3 "$T/rows.py" "$S" >"$T/rows" 2>&1 || bad="$bad; index: $(head -n 1 "$T/rows")"
	cut -f 1 "$T/rows" | while read -r a; do
		[ -f "$S/$a" ] || echo "$a"
	done >"$T/gone"
	[ -s "$T/gone" ] && bad="$bad; index names missing $(head -n 1 "$T/gone")"
	rm -rf "$T/copy"
	cp -a "$S" "$T/copy"
	"$CLIPSEAL" reindex -q -s "$T/copy" >"$T/r.out" 2>&1 ||
	    bad="$bad; reindex: $(head -n 1 "$T/r.out")"
	python3 "$T/rows.py" "$T/copy" >"$T/rows.re"
	# Every row the index has, reindex makes the same.
	sort "$T/rows" | comm -23 - "$T/rows.re" >"$T/differ"
	[ -s "$T/differ" ] && bad="$bad; reindex differs on $(cut -f 1 "$T/differ" | head -n 1)"
}

k=1
killed=0
while [ $k -le "$runs" ]; do
	# A few pages change, so the run has new versions to write.
	c=0
	while [ $c -lt 4 ]; do
		rand $pages
		story_page "$site" "p$((r + 1))" "Page $((r + 1)) as changed in run $k."
		c=$((c + 1))
	done
	rand "$window"
	ms=$r
	started=$(date +%s)
	"$CLIPSEAL" run -q -s "$S" -j 4 --host-delay 0 --per-host 4 \
	    "$T/list.txt" >/dev/null 2>"$T/run.err" &
	pid=$!
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	[ $st -eq 137 ] && killed=$((killed + 1))
	check_store "$k"
	if [ -z "$bad" ]; then
		ok "run $k killed after $ms ms (exit $st): $archives archives verify, no fork, index agrees"
	else
		not_ok "run $k killed after $ms ms (exit $st)" "$bad"
	fi
	k=$((k + 1))
	# Two versions within one second would share their names' time.
	while [ "$(date +%s)" -le "$started" ]; do sleep 0.1; done
done

cs run -q -s "$S" "$T/list.txt"
expect "a run after all the kills completes" 0 ""
check "no temporary file is left" sh -c "! find '$S' -name '.*.tmp.*' | grep -q ."
python3 "$T/rows.py" "$S" | cut -f 1 >"$T/indexed"
(cd "$S" && find . -name '*.tar.gz' ! -name '.*' | sed 's|^\./||' | sort) >"$T/ondisk"
check "the index lists exactly the $(wc -l <"$T/ondisk") archives" cmp -s "$T/indexed" "$T/ondisk"
check_store final
check "after it, every check of the killed runs holds" test -z "$bad"
echo "# torture: $runs runs, $killed killed before they ended, seed $seed:" \
    "$failures checks failed"
done_testing
