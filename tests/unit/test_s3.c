#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fetch.h"
#include "s3.h"
#include "s3xml.h"

/*
 * The S3 client against a real S3 server that checks SigV4 signatures
 * (@20minutes/s3rver, installed by scripts/install-s3rver.sh), and against
 * tests/server.py for the answers s3rver never gives (SlowDown, 412, 501).
 */

#define SERVER_WAIT_MS 20000
#define BUCKET "clips"

static char tmpdir[] = "/tmp/clipseal-test-s3-XXXXXX";
static pid_t s3_pid = -1, py_pid = -1;
static int s3_port, py_port;

static char *
path_in(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int
read_port(const char *name)
{
	FILE *f = fopen(path_in(name), "r");
	int p = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%d", &p) != 1)
		p = 0;
	fclose(f);
	return p;
}

static int
wait_port(pid_t pid, const char *name, int *port)
{
	int waited;

	for (waited = 0; waited < SERVER_WAIT_MS; waited += 20) {
		*port = read_port(name);
		if (*port > 0)
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		sleep_ms(20);
	}
	return -1;
}

static const char *
s3rver_dir(void)
{
	static char dir[512];
	const char *v = getenv("CLIPSEAL_S3RVER"), *cache;

	if (v && *v)
		return v;
	cache = getenv("XDG_CACHE_HOME");
	if (cache && *cache)
		snprintf(dir, sizeof(dir), "%s/clipseal/s3rver-4.0.4", cache);
	else
		snprintf(dir, sizeof(dir), "%s/.cache/clipseal/s3rver-4.0.4",
		    getenv("HOME") ? getenv("HOME") : "");
	return dir;
}

static int
group_setup(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL || mkdir(path_in("www"), 0700) < 0)
		return -1;
	s3_pid = fork();
	if (s3_pid == 0) {
		execlp("node", "node", "--openssl-legacy-provider",
		    "tests/s3/s3rver.js", "--modules",
		    s3rver_dir(), "--data", path_in("data"), "--port-file",
		    path_in("s3.port"), "--bucket", BUCKET, "--lifetime", "300",
		    (char *)NULL);
		_exit(127);
	}
	py_pid = fork();
	if (py_pid == 0) {
		execlp("python3", "python3", "tests/server.py", "--root",
		    path_in("www"), "--port-file", path_in("py.port"),
		    "--lifetime", "300", (char *)NULL);
		_exit(127);
	}
	if (s3_pid < 0 || py_pid < 0 || wait_port(s3_pid, "s3.port",
	    &s3_port) < 0 || wait_port(py_pid, "py.port", &py_port) < 0) {
		fprintf(stderr, "cannot start the S3 server: run "
		    "scripts/install-s3rver.sh\n");
		return -1;
	}
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[300];

	(void)state;
	if (s3_pid > 0) {
		kill(s3_pid, SIGTERM);
		waitpid(s3_pid, NULL, 0);
	}
	if (py_pid > 0) {
		kill(py_pid, SIGTERM);
		waitpid(py_pid, NULL, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return -1;
	fetch_global_cleanup();
	return 0;
}

/* The environment of a client of the S3 server (py: of server.py). */
static void
use_server(bool py, const char *secret)
{
	char ep[64];

	snprintf(ep, sizeof(ep), "http://127.0.0.1:%d", py ? py_port :
	    s3_port);
	setenv("AWS_ENDPOINT_URL", ep, 1);
	setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
	setenv("AWS_SECRET_ACCESS_KEY", secret, 1);
	unsetenv("AWS_ENDPOINT_URL_S3");
	unsetenv("AWS_SESSION_TOKEN");
	unsetenv("AWS_REGION");
	setenv("AWS_DEFAULT_REGION", "eu-west-1", 1);
}

static struct s3 *
client(const char *url)
{
	struct fetch_opts o;
	struct error err = { 0 };
	struct s3 *s;

	fetch_opts_init(&o);
	o.connect_timeout = 5;
	o.timeout = 20;
	o.max_retry_wait = 1;
	s = s3_open(url, &o, &err);
	if (s == NULL)
		fail_msg("%s", err.msg);
	return s;
}

static void
test_open(void **state)
{
	static const char *const bad[] = {
		"s3://", "s3://ab", "s3://Clips", "s3://-clips", "s3://cl_ips",
		"s3://clips/a b", "s3://clips/../x", "s3://clips/a//b",
		"s3://clips/a?x", "https://clips/x", NULL
	};
	struct fetch_opts o;
	struct error err;
	struct s3 *s;
	size_t i;

	(void)state;
	fetch_opts_init(&o);
	use_server(false, "S3RVER");
	s = s3_open("s3://" BUCKET "/news/2026///", &o, &err);
	assert_non_null(s);
	assert_string_equal(s3_name(s), "s3://" BUCKET "/news/2026");
	s3_free(s);
	s = s3_open("s3://" BUCKET, &o, &err);
	assert_non_null(s);
	assert_string_equal(s3_name(s), "s3://" BUCKET);
	s3_free(s);
	for (i = 0; bad[i]; i++) {
		assert_null(s3_open(bad[i], &o, &err));
		assert_int_equal(err.rc, RC_USAGE);
		assert_non_null(strstr(err.msg, "is not an S3 store"));
	}
	setenv("AWS_REGION", "eu:west", 1);
	assert_null(s3_open("s3://" BUCKET, &o, &err));
	assert_string_equal(err.msg, "s3://clips: AWS_REGION 'eu:west' is not "
	    "a region name");
	unsetenv("AWS_REGION");
	setenv("AWS_ENDPOINT_URL", "ftp://127.0.0.1", 1);
	assert_null(s3_open("s3://" BUCKET, &o, &err));
	assert_int_equal(err.rc, RC_USAGE);
	use_server(false, "S3RVER");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	assert_null(s3_open("s3://" BUCKET "/p", &o, &err));
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, "s3://clips/p: no credentials: set "
	    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
	assert_false(s3_is_url("/var/store"));
	assert_true(s3_is_url("s3://x"));

	/* AWS itself: virtual-host style, but path style for dotted names. */
	use_server(false, "S3RVER");
	unsetenv("AWS_ENDPOINT_URL");
	setenv("AWS_ENDPOINT_URL_S3", "", 1);
	s = s3_open("s3://" BUCKET "/p", &o, &err);
	assert_string_equal(s3_bucket_url(s),
	    "https://clips.s3.eu-west-1.amazonaws.com");
	s3_free(s);
	s = s3_open("s3://news.clips/p", &o, &err);
	assert_string_equal(s3_bucket_url(s),
	    "https://s3.eu-west-1.amazonaws.com/news.clips");
	s3_free(s);
	/* The S3-only variable wins, a trailing '/' dropped. */
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1", 1);
	setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2/", 1);
	s = s3_open("s3://" BUCKET, &o, &err);
	assert_string_equal(s3_bucket_url(s), "http://127.0.0.1:2/clips");
	s3_free(s);
	unsetenv("AWS_ENDPOINT_URL_S3");
}

static void
test_key_ok(void **state)
{
	(void)state;
	assert_true(s3_key_ok("news.example/a-1f2e/x-20260314T093000Z.tar.gz"));
	assert_true(s3_key_ok("A_b.c"));
	assert_false(s3_key_ok(""));
	assert_false(s3_key_ok("/a"));
	assert_false(s3_key_ok("a/"));
	assert_false(s3_key_ok("a//b"));
	assert_false(s3_key_ok("a/./b"));
	assert_false(s3_key_ok("a/../b"));
	assert_false(s3_key_ok("a b"));
	assert_false(s3_key_ok("a%2Fb"));
	assert_false(s3_key_ok("caf\xc3\xa9"));
}

static void
test_put_get_head_delete(void **state)
{
	struct s3 *s;
	struct buf b = BUF_INIT(1 << 20);
	struct error err;
	char body[3000];
	size_t i;

	(void)state;
	use_server(false, "S3RVER");
	s = client("s3://" BUCKET "/rt");
	for (i = 0; i < sizeof(body); i++)
		body[i] = (char)(i * 7);
	assert_int_equal(s3_head(s, "a/b.bin", &err), 0);
	assert_int_equal(s3_put(s, "a/b.bin", body, sizeof(body), true, &err),
	    0);
	assert_int_equal(s3_head(s, "a/b.bin", &err), 1);
	assert_int_equal(s3_get(s, "a/b.bin", &b, &err), 0);
	assert_int_equal(b.len, sizeof(body));
	assert_memory_equal(b.data, body, sizeof(body));
	assert_int_equal((int)b.max, 1 << 20);
	buf_release(&b);

	/* The download cap holds. */
	b.max = 100;
	assert_int_equal(s3_get(s, "a/b.bin", &b, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, "s3://clips/rt/a/b.bin: body larger than "
	    "100 bytes");
	b.max = 1 << 20;

	/* A session token goes out signed, as temporary credentials want. */
	setenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLETOKEN", 1);
	s3_free(s);
	s = client("s3://" BUCKET "/rt");
	assert_int_equal(s3_head(s, "a/b.bin", &err), 1);
	unsetenv("AWS_SESSION_TOKEN");

	assert_int_equal(s3_put(s, "empty", "", 0, false, &err), 0);
	assert_int_equal(s3_get(s, "empty", &b, &err), 0);
	assert_int_equal(b.len, 0);
	buf_release(&b);

	assert_int_equal(s3_delete(s, "a/b.bin", &err), 0);
	assert_int_equal(s3_head(s, "a/b.bin", &err), 0);
	assert_int_equal(s3_delete(s, "a/b.bin", &err), 0);
	assert_int_equal(s3_get(s, "a/b.bin", &b, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, "s3://clips/rt/a/b.bin: NoSuchKey: The "
	    "specified key does not exist.");
	assert_int_equal(s3_get(s, "../x", &b, &err), -1);
	assert_string_equal(err.msg, "s3://clips/rt: '../x' is not a key of "
	    "this store");
	s3_free(s);
}

static int
collect(const char *key, void *arg)
{
	FILE *f = arg;

	fprintf(f, "%s\n", key);
	return 0;
}

static int
stop_at_3(const char *key, void *arg)
{
	int *n = arg;

	(void)key;
	return ++*n == 3 ? 7 : 0;
}

/* Lists prefix into a string of lines; caller frees. */
static char *
list_lines(struct s3 *s, const char *prefix, int *rc)
{
	struct error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	*rc = s3_list(s, prefix, collect, f, &err);
	fclose(f);
	if (*rc != 0)
		fail_msg("%s", err.msg);
	return text;
}

static void
test_list(void **state)
{
	struct s3 *s, *other;
	struct error err;
	char key[64], *text, *line;
	int i, rc, n = 0;
	size_t lines = 0;

	(void)state;
	use_server(false, "S3RVER");
	s = client("s3://" BUCKET "/ls");
	other = client("s3://" BUCKET "/ls2");
	assert_int_equal(s3_put(other, "a/x", "x", 1, false, &err), 0);
	/* More than the 1000 keys of one page: continuation tokens. */
	for (i = 0; i < 1005; i++) {
		snprintf(key, sizeof(key), "a/k%04d", i);
		assert_int_equal(s3_put(s, key, key, strlen(key), true, &err),
		    0);
	}
	assert_int_equal(s3_put(s, "b/one", "1", 1, true, &err), 0);
	text = list_lines(s, "", &rc);
	for (line = text; (line = strchr(line, '\n')) != NULL; line++)
		lines++;
	assert_int_equal(lines, 1006);
	assert_non_null(strstr(text, "a/k0000\n"));
	assert_non_null(strstr(text, "a/k1004\n"));
	assert_non_null(strstr(text, "b/one\n"));
	/* Only this store's prefix: "ls/" is not "ls2/". */
	assert_null(strstr(text, "a/x\n"));
	free(text);
	text = list_lines(s, "b/", &rc);
	assert_string_equal(text, "b/one\n");
	free(text);
	text = list_lines(s, "c/", &rc);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(s3_list(s, "a/", stop_at_3, &n, &err), 7);
	assert_int_equal(n, 3);
	s3_free(other);
	s3_free(s);
}

static void
test_errors(void **state)
{
	struct s3 *s;
	struct buf b = BUF_INIT(1 << 20);
	struct error err;
	char want[ERROR_MSG_LEN];

	(void)state;
	use_server(false, "wrong secret");
	s = client("s3://" BUCKET "/e");
	assert_int_equal(s3_put(s, "x", "x", 1, true, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, "s3://clips/e/x: SignatureDoesNotMatch: "
	    "The request signature we calculated does not match the "
	    "signature you provided. Check your key and signing method.");
	assert_int_equal(s3_list(s, "", collect, stderr, &err), -1);
	assert_non_null(strstr(err.msg, "s3://clips/e: SignatureDoesNotMatch"));
	s3_free(s);

	use_server(false, "S3RVER");
	setenv("AWS_ACCESS_KEY_ID", "NOBODY", 1);
	s = client("s3://" BUCKET);
	assert_int_equal(s3_get(s, "x", &b, &err), -1);
	assert_string_equal(err.msg, "s3://clips/x: InvalidAccessKeyId: The "
	    "AWS Access Key Id you provided does not exist in our records.");
	s3_free(s);

	use_server(false, "S3RVER");
	s = client("s3://no-such-bucket/p");
	assert_int_equal(s3_list(s, "", collect, stderr, &err), -1);
	assert_string_equal(err.msg, "s3://no-such-bucket/p: NoSuchBucket: "
	    "The specified bucket does not exist");
	assert_int_equal(s3_put(s, "k", "k", 1, true, &err), -1);
	assert_string_equal(err.msg, "s3://no-such-bucket/p/k: NoSuchBucket: "
	    "The specified bucket does not exist");
	s3_free(s);

	/* Nothing listens there. */
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1", 1);
	s = client("s3://" BUCKET);
	assert_int_equal(s3_get(s, "k", &b, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	snprintf(want, sizeof(want), "s3://clips/k: ");
	assert_memory_equal(err.msg, want, strlen(want));
	assert_null(strstr(err.msg, "http://"));
	s3_free(s);
	buf_release(&b);
}

static void
test_transient(void **state)
{
	struct s3 *s;
	struct buf b = BUF_INIT(1 << 20);
	struct error err;

	(void)state;
	use_server(true, "S3RVER");
	/* SlowDown (503) and RequestTimeout (400) are asked again. */
	s = client("s3://s3-flaky/slow/2/503/SlowDown");
	assert_int_equal(s3_get(s, "obj", &b, &err), 0);
	buf_release(&b);
	s3_free(s);
	s = client("s3://s3-flaky/rt/1/400/RequestTimeout");
	assert_int_equal(s3_put(s, "obj", "abc", 3, false, &err), 0);
	s3_free(s);
	/* Retried within the bound, then reported with the count. */
	s = client("s3://s3-flaky/down/9/500/InternalError");
	assert_int_equal(s3_get(s, "obj", &b, &err), -1);
	assert_string_equal(err.msg, "s3://s3-flaky/down/9/500/InternalError/"
	    "obj: InternalError: Please try again (InternalError). (after 3 "
	    "attempts)");
	s3_free(s);
	/* Other 4xx codes are answers, not accidents. */
	s = client("s3://s3-flaky/denied/9/403/AccessDenied");
	assert_int_equal(s3_get(s, "obj", &b, &err), -1);
	assert_string_equal(err.msg, "s3://s3-flaky/denied/9/403/AccessDenied/"
	    "obj: AccessDenied: Please try again (AccessDenied).");
	s3_free(s);
	s = client("s3://s3-flaky/skew/9/403/RequestTimeTooSkewed");
	assert_int_equal(s3_head(s, "obj", &err), -1);
	assert_string_equal(err.msg, "s3://s3-flaky/skew/9/403/"
	    "RequestTimeTooSkewed/obj: HTTP 403");
	s3_free(s);
	buf_release(&b);
}

/*
 * A token whose encoding (9,002 bytes) no listing query holds is refused
 * before it is sent: cut, it would ask for some other page.
 */
static void
test_long_token(void **state)
{
	struct s3 *s;
	struct error err;

	(void)state;
	use_server(true, "S3RVER");
	s = client("s3://s3-long-token");
	assert_int_equal(s3_list(s, "", collect, stderr, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, "s3://s3-long-token: continuation token "
	    "too long");
	s3_free(s);
}

static void
test_conditional(void **state)
{
	struct s3 *s;
	struct error err;

	(void)state;
	use_server(true, "S3RVER");
	/* 412: the key is taken; nothing replaced, no error. */
	s = client("s3://s3-cond/412");
	assert_int_equal(s3_put(s, "k", "v", 1, true, &err), 1);
	assert_int_equal(s3_put(s, "k", "v", 1, false, &err), 0);
	s3_free(s);
	/* 501: a server without conditional writes gets a plain PUT. */
	s = client("s3://s3-cond/501");
	assert_int_equal(s3_put(s, "k", "v", 1, true, &err), 0);
	assert_int_equal(s3_put(s, "k", "v", 1, true, &err), 0);
	s3_free(s);
}

static void
test_xml(void **state)
{
	static const char page[] = "<?xml version=\"1.0\"?>"
	    "<ListBucketResult"
	    " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
	    "<Name>b</Name><IsTruncated>true</IsTruncated>"
	    "<Contents><Key>p/a</Key></Contents>"
	    "<Contents><Key>p/b&amp;c</Key><Size>3</Size></Contents>"
	    "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vb"
	    "OwM=</NextContinuationToken></ListBucketResult>";
	static const char no_token[] = "<ListBucketResult><IsTruncated>true"
	    "</IsTruncated></ListBucketResult>";
	static const char error[] = "<Error><Code>SlowDown</Code><Message>"
	    "Please\nreduce\tyour rate.</Message></Error>";
	struct s3xml_list l;
	struct error err;
	char *code, *message;

	(void)state;
	assert_int_equal(s3xml_list_parse(page, sizeof(page) - 1, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.keys[0], "p/a");
	assert_string_equal(l.keys[1], "p/b&c");
	assert_true(l.truncated);
	assert_string_equal(l.next_token,
	    "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
	s3xml_list_release(&l);
	s3xml_list_release(&l);
	assert_int_equal(s3xml_list_parse(no_token, sizeof(no_token) - 1, &l,
	    &err), -1);
	assert_string_equal(err.msg, "S3 listing truncated without a "
	    "continuation token");
	assert_int_equal(s3xml_list_parse(error, sizeof(error) - 1, &l, &err),
	    -1);
	assert_string_equal(err.msg, "not an S3 listing (Error)");
	/* libxml2's reason on one line, and never an earlier document's. */
	assert_int_equal(s3xml_list_parse("<a", 2, &l, &err), -1);
	assert_string_equal(err.msg, "not an S3 listing (Couldn't find end "
	    "of Start Tag a line 1)");
	assert_int_equal(s3xml_list_parse("", 0, &l, &err), -1);
	assert_string_equal(err.msg, "not an S3 listing (no XML)");
	assert_int_equal(s3xml_error_parse(error, sizeof(error) - 1, &code,
	    &message), 0);
	assert_string_equal(code, "SlowDown");
	assert_string_equal(message, "Please reduce your rate.");
	free(code);
	free(message);
	assert_int_equal(s3xml_error_parse(page, sizeof(page) - 1, &code,
	    &message), -1);
	assert_null(code);
	assert_int_equal(s3xml_error_parse("", 0, &code, &message), -1);
	assert_int_equal(s3xml_error_parse("<Error><Message>m</Message>"
	    "</Error>", 33, &code, &message), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_key_ok),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_put_get_head_delete),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_transient),
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_long_token),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
