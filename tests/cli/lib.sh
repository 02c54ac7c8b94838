# Shared by tests/cli/test_*.sh: a temporary directory, the loopback test
# server, and checks that print TAP lines.  Sourced, never run.
#   $CLIPSEAL  the binary under test; $VALGRIND  optional prefix
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/clipseal-cli.XXXXXX")
SERVER_PID=
S3_PID=
n=0
failures=0
export CLIPSEAL_KEY="$T/key"
unset CLIPSEAL_TSA
export SOURCE_DATE_EPOCH=1773480600	# 2026-03-14T09:30:00Z

cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	[ -n "$SERVER_PID" ] && wait "$SERVER_PID" 2>/dev/null
	[ -n "$S3_PID" ] && kill "$S3_PID" 2>/dev/null
	[ -n "$S3_PID" ] && wait "$S3_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { n=$((n + 1)); echo "ok $n - $1"; }
# skip NAME WHY: a check that cannot run here, counted as skipped.
skip() { n=$((n + 1)); echo "ok $n - $1 # skip $2"; }
not_ok() {
	n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $1"
	shift
	for line in "$@"; do echo "#   $line"; done
}
done_testing() { echo "1..$n"; [ "$failures" -eq 0 ]; }

# Runs clipseal; leaves stdout in $T/out, stderr in $T/err, status in $rc.
cs() {
	${VALGRIND:-} "$CLIPSEAL" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect NAME RC ERRLINE: the last cs exited RC with stderr exactly ERRLINE
# ("" for nothing on stderr).
expect() {
	got_err=$(cat "$T/err")
	if [ "$rc" -eq "$2" ] && [ "$got_err" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "exit $rc (want $2)" "stderr: $got_err" \
		    "want:   $3"
	fi
}

# expect1 NAME RC LINE: like expect, on the first line of stderr only.
expect1() {
	got_err=$(head -n 1 "$T/err")
	if [ "$rc" -eq "$2" ] && [ "$got_err" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "exit $rc (want $2)" "stderr: $got_err" \
		    "want:   $3"
	fi
}

# expect_out1 NAME RC LINE: the first line of stdout is LINE.
expect_out1() {
	head -n 1 "$T/out" >"$T/out1"
	cp "$T/out1" "$T/out"
	expect_out "$@"
}

# expect_out NAME RC OUTLINE: like expect, on stdout, stderr ignored.
expect_out() {
	got_out=$(cat "$T/out")
	if [ "$rc" -eq "$2" ] && [ "$got_out" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "exit $rc (want $2)" "stdout: $got_out" \
		    "want:   $3" "stderr: $(cat "$T/err")"
	fi
}

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
	name=$1
	shift
	if "$@" >"$T/check.log" 2>&1; then
		ok "$name"
	else
		not_ok "$name" "failed: $*" "$(head -5 "$T/check.log")"
	fi
}

# page N TEXT COMMENT: an article page with a comment section, whose
# article is story N opening with TEXT, and whose one comment is COMMENT.
page() {
	cat <<PAGE
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Story $1 - The Daily Test</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Story $1</h1>
<p>$2 The committee met on Tuesday to discuss the proposal in detail.</p>
<p>Members agreed that the second paragraph of story $1 stays the same, whatever happens to the comments below.</p>
<p>A third paragraph closes story $1 with a quote from the chair, who said the work would go on.</p>
</article>
<section id="comments" class="comments-area"><h2>3 Comments</h2>
<ol class="comment-list"><li class="comment"><p>$3</p></li></ol>
<div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>
</section></body></html>
PAGE
}

# start_server ROOT [OPTION...]: serves ROOT on 127.0.0.1 with server.py's
# options; sets $PORT and $BASE.
start_server() {
	rm -f "$T/port"
	root=$1
	shift
	python3 tests/server.py --root "$root" --port-file "$T/port" \
	    --access-log "$T/access.log" "$@" 2>"$T/server.log" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	PORT=$(cat "$T/port")
	BASE="http://127.0.0.1:$PORT"
}

# story_page DIR NAME TEXT: DIR/NAME.html, an article whose first sentence
# is TEXT and whose second paragraph never changes.
story_page() {
	cat >"$1/$2.html" <<PAGE
<!DOCTYPE html><html><head><title>Story $2</title></head><body><article>
<h1>Story $2</h1><p>$3 The council met on Tuesday to talk it through.</p>
<p>The second paragraph of story $2 stays the same from one version to the next.</p>
</article></body></html>
PAGE
}

# start_s3 [--port N] BUCKET...: a real S3 server that checks SigV4
# signatures (tests/s3/s3rver.js, installed by scripts/install-s3rver.sh)
# on 127.0.0.1 with these buckets, its objects as files under $S3_DATA;
# sets $S3_PORT, $S3_PID and the AWS_* variables of a client of it.
start_s3() {
	s3port=0
	if [ "$1" = --port ]; then
		s3port=$2
		shift 2
	fi
	S3_DATA="$T/s3data"
	rm -f "$T/s3.port"
	set -- $(for b; do printf ' --bucket %s' "$b"; done)
	node --openssl-legacy-provider tests/s3/s3rver.js --modules \
	    "${CLIPSEAL_S3RVER:-${XDG_CACHE_HOME:-$HOME/.cache}/clipseal/s3rver-4.0.4}" \
	    --data "$S3_DATA" --port-file "$T/s3.port" --port "$s3port" "$@" \
	    2>>"$T/s3.log" &
	S3_PID=$!
	i=0
	while [ ! -s "$T/s3.port" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	S3_PORT=$(cat "$T/s3.port")
	export AWS_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
	export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
	export AWS_DEFAULT_REGION=us-east-1
	unset AWS_ENDPOINT_URL_S3 AWS_SESSION_TOKEN AWS_REGION
}

# stop_s3 [SIGNAL]: stops the S3 server (TERM, or KILL as a crash).
stop_s3() {
	kill "-${1:-TERM}" "$S3_PID" 2>/dev/null
	wait "$S3_PID" 2>/dev/null
	S3_PID=
}

# s3_file BUCKET KEY: the file under which the S3 server keeps an object.
s3_file() {
	echo "$S3_DATA/$1/$2._S3rver_object"
}
