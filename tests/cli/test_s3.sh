#!/bin/sh
# Several machines on one bucket: sharded and unsharded runs of one
# 200-URL list at once, and what a bucket can do wrong (a wrong secret, a
# skewed clock, a missing bucket, a server killed mid-run), against a real
# S3 server (s3rver, which checks SigV4 signatures) on 127.0.0.1.
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH

cs keygen
site="$T/site"
mkdir -p "$site"
start_server "$site"
start_s3 clips
store=s3://clips/multi
objects() {
	find "$S3_DATA/clips/${1:-multi}" -name '*.tar.gz._S3rver_object' \
	    2>/dev/null | wc -l
}

i=1
: >"$T/list.txt"
while [ $i -le 200 ]; do
	page "$i" "Story $i of the shared list begins." "c" >"$site/s$i.html"
	echo "$BASE/s$i.html" >>"$T/list.txt"
	i=$((i + 1))
done

# Three hosts, each with its own cache: shard 1/2 and 2/2 at once, then
# a host that runs the whole list and finds nothing left to do.
for k in 1 2; do
	XDG_CACHE_HOME="$T/host$k" ${VALGRIND:-} "$CLIPSEAL" run -s "$store" \
	    -j 8 --per-host 8 --host-delay 0 --shard $k/2 -v "$T/list.txt" \
	    >"$T/shard$k.out" 2>"$T/shard$k.err" &
	eval "pid$k=\$!"
done
wait "$pid1"
rc1=$?
wait "$pid2"
rc2=$?
check "two shards at once both succeed" sh -c \
    "[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ ! -s '$T/shard1.err' ] && [ ! -s '$T/shard2.err' ]"
check "the shards split the list between them" sh -c \
    "[ \$(grep -c '^archived' '$T/shard1.out') -gt 50 ] && [ \$(grep -c '^archived' '$T/shard2.out') -gt 50 ]"
check "every URL archived exactly once" sh -c \
    "[ $(objects) -eq 200 ] && cat '$T'/shard?.out | cut -d' ' -f2 | sort | uniq -d | wc -l | grep -qx 0"
XDG_CACHE_HOME="$T/host3" cs run -s "$store" -j 8 --per-host 8 \
    --host-delay 0 --json "$T/list.txt"
check "an unsharded host afterwards finds all 200 unchanged" sh -c \
    "[ $rc -eq 0 ] && [ \$(grep -c '\"status\":\"unchanged\"' '$T/out') -eq 200 ] && [ $(objects) -eq 200 ]"
bad=0
i=1
while [ $i -le 200 ]; do
	XDG_CACHE_HOME="$T/host3" "$CLIPSEAL" verify -q -s "$store" --chain \
	    "$BASE/s$i.html" >/dev/null 2>&1 || bad=$((bad + 1))
	i=$((i + 1))
done
check "every archive read back from the bucket verifies" test "$bad" -eq 0

# An overlap is harmless: the same URLs on two hosts at once give at most
# two versions of the same content each, all valid, and the next run none.
head -n 20 "$T/list.txt" | sed 's/s\([0-9]*\)\.html/s\1.html?o=1/' >"$T/ov.txt"
for k in 1 2; do
	XDG_CACHE_HOME="$T/ov$k" "$CLIPSEAL" run -s s3://clips/overlap \
	    --host-delay 0 "$T/ov.txt" >/dev/null 2>"$T/ov$k.err" &
	eval "pid$k=\$!"
done
wait "$pid1"
rc1=$?
wait "$pid2"
rc2=$?
nov=$(objects overlap)
check "two hosts on the same URLs: 20 to 40 versions" sh -c \
    "[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ $nov -ge 20 ] && [ $nov -le 40 ]"
check "... every one of them valid" sh -c "'$CLIPSEAL' verify -q -p '$T/key.pub' \
    \$(find '$S3_DATA/clips/overlap' -name '*.tar.gz._S3rver_object' | tr '\n' ' ')"
XDG_CACHE_HOME="$T/ov1" cs run -s s3://clips/overlap --host-delay 0 "$T/ov.txt"
check "... and the next run adds none" sh -c \
    "[ $rc -eq 0 ] && [ $(objects overlap) -eq $nov ]"

# What a bucket can do wrong: one line with S3's code and message, exit 5.
printf '%s\n' "$BASE/s1.html" >"$T/one.txt"
AWS_SECRET_ACCESS_KEY=wrong cs run -s s3://clips/err "$T/one.txt"
expect1 "a wrong secret key: S3's authentication error, exit 5" 5 \
    "clipseal: s3://clips/err: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method."
AWS_ACCESS_KEY_ID=NOBODY cs log -s s3://clips/err
expect "an unknown access key: exit 5" 5 \
    "clipseal: s3://clips/err: InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records."
cs run -s s3://no-such-bucket/p "$T/one.txt"
expect1 "a missing bucket: NoSuchBucket, exit 5" 5 \
    "clipseal: s3://no-such-bucket/p: NoSuchBucket: The specified bucket does not exist"
cs log -s s3://no-such-bucket
expect "log of a missing bucket: exit 5" 5 \
    "clipseal: s3://no-such-bucket: NoSuchBucket: The specified bucket does not exist"
if command -v faketime >/dev/null 2>&1; then
	# faketime preloads itself; ASan would want to come first.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    faketime -f -1h "$CLIPSEAL" run -s s3://clips/err "$T/one.txt" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	expect1 "a clock an hour slow: RequestTimeTooSkewed, exit 5" 5 \
	    "clipseal: s3://clips/err: RequestTimeTooSkewed: The difference between the request time and the current time is too large."
else
	not_ok "faketime is missing (scripts/install-deps.sh installs it)"
fi
env -u AWS_SECRET_ACCESS_KEY "$CLIPSEAL" log -s s3://clips/err >"$T/out" 2>"$T/err"
rc=$?
expect "no credentials: exit 5" 5 \
    "clipseal: s3://clips/err: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
cs log -s "s3://clips/a b"
expect "a malformed S3 URL is a usage error" 2 \
    "clipseal: 's3://clips/a b' is not an S3 store (s3://BUCKET/PREFIX; the prefix of letters, digits, '-', '_', '.' and '/')"
check "nothing was written for the failures" test "$(objects err)" -eq 0

# The S3 server killed mid-run: the URLs it did not take are reported and
# the run exits 1; nothing half-written; the next run completes them.
head -n 60 "$T/list.txt" | sed 's/\.html$/.html?k=1/' >"$T/kill.txt"
${VALGRIND:-} "$CLIPSEAL" run -s s3://clips/kill -j 2 --host-delay 100 \
    "$T/kill.txt" >"$T/kill.out" 2>"$T/kill.err" &
runpid=$!
i=0
while [ "$(objects kill)" -lt 10 ] && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
stop_s3 KILL
wait "$runpid"
rc=$?
stored=$(objects kill)
failed=$(wc -l <"$T/kill.err")
check "killed mid-run: exit 1, one line per URL not stored" sh -c \
    "[ $rc -eq 1 ] && [ $stored -ge 10 ] && [ $stored -lt 60 ] && [ $((stored + failed)) -eq 60 ]"
check "each failure names its list line and the bucket" sh -c \
    "grep -v '^clipseal: $T/kill.txt:[0-9]*: s3://clips/kill' '$T/kill.err' | wc -l | grep -qx 0"
check "every object the server kept is a whole, valid archive" sh -c \
    "'$CLIPSEAL' verify -q -p '$T/key.pub' \$(find '$S3_DATA/clips/kill' -name '*.tar.gz._S3rver_object' | tr '\n' ' ')"
start_s3 --port "$S3_PORT" clips
cs run -s s3://clips/kill -j 4 --host-delay 0 "$T/kill.txt"
check "the next run completes them" sh -c \
    "[ $rc -eq 0 ] && [ $(objects kill) -eq 60 ]"
done_testing
