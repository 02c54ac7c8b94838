#include <errno.h>
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

#ifndef CLIPSEAL_VERSION
#define CLIPSEAL_VERSION "unknown"
#endif

#define SERVER_WAIT_MS 10000

static char tmpdir[] = "/tmp/clipseal-test-fetch-XXXXXX";
static pid_t server_pid = -1;
static int port, tls_port;

static const char index_html[] =
	"<!doctype html><html><head><title>Fixture</title></head>\n"
	"<body><p>Hello, clipseal.</p></body></html>\n";

/* Fixture files, relative to tmpdir, removed by the teardown. */
static const char *const fixture_names[] = {
	"www/index.html", "www/plain.nocharset.html", "www/doc.pdf",
	"www/img.png", "www/robots.txt", "www/release.html", "local.html",
	"port", "port.tmp",
	"tls/cert.pem", "tls/key.pem"
};

static char *
path_in(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

/* http://127.0.0.1:port<path> in one of a few rotating buffers. */
static const char *
url(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static const char *
url(const char *fmt, ...)
{
	static char urls[4][512];
	static int next;
	char *u = urls[next++ % 4];
	char path[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	snprintf(u, sizeof(urls[0]), "http://127.0.0.1:%d%s", port, path);
	return u;
}

static int
write_file(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(path_in(name), "wb");

	if (f == NULL)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The port file holds the HTTP port, then the HTTPS port. */
static int
read_ports(void)
{
	FILE *f = fopen(path_in("port"), "r");
	int n;

	if (f == NULL)
		return 0;
	n = fscanf(f, "%d %d", &port, &tls_port);
	fclose(f);
	return n == 2 && port > 0 && tls_port > 0;
}

static int
group_setup(void **state)
{
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	static const char plain[] = "<!doctype html><p>no charset</p>\n";
	static const char local[] = "<!doctype html><p>from a file</p>\n";
	static const char robots[] = "User-agent: *\nDisallow: /private/\n";
	int waited;

	(void)state;
	if (mkdtemp(tmpdir) == NULL || mkdir(path_in("www"), 0700) < 0 ||
	    mkdir(path_in("tls"), 0700) < 0)
		return -1;
	if (write_file("www/index.html", index_html,
	    sizeof(index_html) - 1) < 0 ||
	    write_file("www/plain.nocharset.html", plain,
	    sizeof(plain) - 1) < 0 ||
	    write_file("www/doc.pdf", pdf, sizeof(pdf) - 1) < 0 ||
	    write_file("www/img.png", png, sizeof(png) - 1) < 0 ||
	    write_file("www/robots.txt", robots, sizeof(robots) - 1) < 0 ||
	    write_file("www/release.html", plain, sizeof(plain) - 1) < 0 ||
	    write_file("local.html", local, sizeof(local) - 1) < 0)
		return -1;
	server_pid = fork();
	if (server_pid < 0)
		return -1;
	if (server_pid == 0) {
		execlp("python3", "python3", "tests/server.py", "--root",
		    path_in("www"), "--port-file", path_in("port"),
		    "--tls-dir", path_in("tls"), "--lifetime", "300",
		    (char *)NULL);
		_exit(127);
	}
	for (waited = 0; waited < SERVER_WAIT_MS; waited += 20) {
		if (read_ports())
			return 0;
		if (waitpid(server_pid, NULL, WNOHANG) == server_pid) {
			server_pid = -1;
			return -1;
		}
		sleep_ms(20);
	}
	return -1;
}

static int
group_teardown(void **state)
{
	size_t i;

	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
		server_pid = -1;
	}
	for (i = 0; i < sizeof(fixture_names) / sizeof(fixture_names[0]); i++)
		unlink(path_in(fixture_names[i]));
	rmdir(path_in("www"));
	rmdir(path_in("tls"));
	rmdir(tmpdir);
	fetch_global_cleanup();
	return 0;
}

static void
quick_opts(struct fetch_opts *o)
{
	fetch_opts_init(o);
	o->connect_timeout = 5;
	o->timeout = 20;
	o->max_retry_wait = 1;
}

/* Fetches u and expects failure with rc and exactly "<shown>: <reason>". */
static void
expect_error(const char *u, const struct fetch_opts *o, int rc,
    const char *shown, const char *reason)
{
	struct page p;
	struct error err;
	char want[ERROR_MSG_LEN];

	error_clear(&err);
	assert_int_equal(fetch_url(u, o, &p, &err), -1);
	snprintf(want, sizeof(want), "%s: %s", shown, reason);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.rc, rc);
	assert_null(p.hops);
	assert_int_equal(p.nhops, 0);
	assert_null(p.body);
	fetch_release(&p);
}

static void
test_ok(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	const char *u = url("/");

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_string_equal(p.requested_url, u);
	assert_string_equal(p.final_url, u);
	assert_int_equal(p.status, 200);
	assert_string_equal(p.content_type, "text/html");
	assert_non_null(p.charset);
	assert_string_equal(p.charset, "utf-8");
	assert_non_null(p.etag);
	assert_int_equal(p.etag[0], '"');
	assert_non_null(p.last_modified);
	assert_non_null(strstr(p.last_modified, "GMT"));
	assert_string_equal(p.peer_ip, "127.0.0.1");
	assert_null(p.tls_chain);
	assert_null(p.source_file);
	assert_int_equal(p.body_len, sizeof(index_html) - 1);
	assert_memory_equal(p.body, index_html, p.body_len);
	assert_true(p.fetched_at > 0);
	assert_int_equal(p.nhops, 1);
	assert_string_equal(p.hops[0].url, u);
	assert_int_equal(p.hops[0].status, 200);
	assert_string_equal(p.hops[0].peer_ip, "127.0.0.1");
	assert_null(p.hops[0].location);
	assert_true(strncmp(p.hops[0].request.data, "GET / HTTP/1.1\r\n",
	    16) == 0);
	assert_non_null(strstr(p.hops[0].request.data, "\r\n\r\n"));
	assert_true(strncmp(p.hops[0].response.data, "HTTP/1.1 200 OK\r\n",
	    17) == 0);
	assert_non_null(strstr(p.hops[0].response.data, "\r\nETag: "));
	assert_ptr_equal(p.body, p.hops[0].body.data);
	fetch_release(&p);
	fetch_release(&p);
	fetch_release(NULL);
}

static void
test_no_charset(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(url("/plain.nocharset.html"), &o, &p,
	    &err), 0);
	assert_string_equal(p.content_type, "text/html");
	assert_null(p.charset);
	fetch_release(&p);
}

static void
test_html_without_type(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(url("/html-no-type"), &o, &p, &err), 0);
	assert_string_equal(p.content_type, "text/html");
	assert_null(p.charset);
	fetch_release(&p);
}

static void
test_redirect_chain(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	const char *u = url("/redirect?to=/redirect%%3Fto%%3D/index.html");

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_int_equal(p.nhops, 3);
	assert_string_equal(p.requested_url, u);
	assert_string_equal(p.hops[0].url, u);
	assert_int_equal(p.hops[0].status, 302);
	assert_string_equal(p.hops[0].location,
	    url("/redirect?to=/index.html"));
	assert_string_equal(p.hops[1].url, url("/redirect?to=/index.html"));
	assert_int_equal(p.hops[1].status, 302);
	assert_string_equal(p.hops[1].location, url("/index.html"));
	assert_string_equal(p.hops[2].url, url("/index.html"));
	assert_int_equal(p.hops[2].status, 200);
	assert_null(p.hops[2].location);
	assert_string_equal(p.final_url, url("/index.html"));
	assert_int_equal(p.status, 200);
	assert_memory_equal(p.body, index_html, sizeof(index_html) - 1);
	assert_true(strncmp(p.hops[1].request.data,
	    "GET /redirect?to=/index.html HTTP/1.1\r\n", 39) == 0);
	fetch_release(&p);
}

static void
test_redirect_loop(void **state)
{
	struct fetch_opts o;
	const char *u = url("/loop/0");

	(void)state;
	quick_opts(&o);
	expect_error(u, &o, RC_NET, u, "too many redirects (more than 10)");
	o.max_redirects = 2;
	expect_error(u, &o, RC_NET, u, "too many redirects (more than 2)");
}

static void
test_redirect_bad_scheme(void **state)
{
	struct fetch_opts o;
	const char *u;

	(void)state;
	quick_opts(&o);
	u = url("/redirect?to=file:///etc/passwd");
	expect_error(u, &o, RC_NET, u, "redirect to unsupported scheme 'file'");
	u = url("/redirect?to=ftp://127.0.0.1/x");
	expect_error(u, &o, RC_NET, u, "redirect to unsupported scheme 'ftp'");
	expect_error("ftp://127.0.0.1/x", &o, RC_NET, "ftp://127.0.0.1/x",
	    "unsupported URL scheme 'ftp'");
	expect_error("file:///etc/passwd", &o, RC_NET, "file:///etc/passwd",
	    "unsupported URL scheme 'file'");
}

static void
test_http_errors(void **state)
{
	struct fetch_opts o;
	const char *u;

	(void)state;
	quick_opts(&o);
	o.retries = 0;
	u = url("/status/404");
	expect_error(u, &o, RC_NET, u, "HTTP 404 Not Found");
	u = url("/no-such-file.html");
	expect_error(u, &o, RC_NET, u, "HTTP 404 Not Found");
	u = url("/status/410");
	expect_error(u, &o, RC_NET, u, "HTTP 410 Gone");
	u = url("/status/500");
	expect_error(u, &o, RC_NET, u, "HTTP 500 Internal Server Error");
	u = url("/status/503");
	expect_error(u, &o, RC_NET, u, "HTTP 503 Service Unavailable");
}

static void
test_userinfo_hidden(void **state)
{
	struct fetch_opts o;
	char u[256];

	(void)state;
	quick_opts(&o);
	snprintf(u, sizeof(u), "http://user:s3cret@127.0.0.1:%d/status/404",
	    port);
	expect_error(u, &o, RC_NET, url("/status/404"), "HTTP 404 Not Found");
}

static void
test_not_html(void **state)
{
	struct fetch_opts o;
	const char *u;

	(void)state;
	quick_opts(&o);
	u = url("/doc.pdf");
	expect_error(u, &o, RC_CONTENT, u,
	    "unsupported content type 'application/pdf'");
	u = url("/img.png");
	expect_error(u, &o, RC_CONTENT, u,
	    "unsupported content type 'image/png'");
}

static void
test_gzip_bomb(void **state)
{
	struct fetch_opts o;
	const char *u = url("/gzip-bomb?mb=50");

	(void)state;
	quick_opts(&o);
	assert_int_equal(o.max_bytes, (size_t)16 << 20);
	expect_error(u, &o, RC_NET, u, "body larger than 16777216 bytes");
}

static void
test_zstd_bomb(void **state)
{
	struct fetch_opts o;
	const char *u = url("/zstd-bomb?mb=50");
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	o.max_bytes = (size_t)1 << 20;
	assert_int_equal(fetch_url(u, &o, &p, &err), -1);
	/* 404 when the server has no zstd tool. */
	if (strstr(err.msg, "HTTP 404") == NULL)
		expect_error(u, &o, RC_NET, u,
		    "body larger than 1048576 bytes");
}

static void
test_slow(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	time_t start = time(NULL);

	(void)state;
	quick_opts(&o);
	o.low_speed_bytes = 1;
	o.low_speed_time = 2;
	assert_int_equal(fetch_url(url("/slow?bytes=20&delay=3"), &o, &p,
	    &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_true(strstr(err.msg, ": too slow: less than 1 byte per second "
	    "for 2 seconds") != NULL);
	assert_true(time(NULL) - start < 10);
	fetch_release(&p);
}

static void
test_timeout(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	o.timeout = 1;
	assert_int_equal(fetch_url(url("/slow?bytes=20&delay=0.4"), &o, &p,
	    &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_non_null(strstr(err.msg, ": timed out after 1 second"));
	fetch_release(&p);
}

static void
test_close_mid(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	char want[300];

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(url("/close-mid"), &o, &p, &err), -1);
	assert_int_equal(err.rc, RC_NET);
	snprintf(want, sizeof(want), "%s: Transferred a partial file",
	    url("/close-mid"));
	assert_true(strncmp(err.msg, want, strlen(want)) == 0);
	fetch_release(&p);
}

static void
test_cookie(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(url("/cookie-set"), &o, &p, &err), 0);
	assert_int_equal(p.nhops, 2);
	assert_string_equal(p.final_url, url("/cookie-check"));
	assert_non_null(strstr(p.body, "cookie ok"));
	assert_non_null(strstr(p.hops[1].request.data,
	    "\r\nCookie: session=abc123\r\n"));
	fetch_release(&p);
	/* Cookies live for one fetch only. */
	expect_error(url("/cookie-check"), &o, RC_NET, url("/cookie-check"),
	    "HTTP 403 Forbidden");
}

static void
test_big_headers(void **state)
{
	struct fetch_opts o;
	const char *u = url("/headers-big");

	(void)state;
	quick_opts(&o);
	expect_error(u, &o, RC_NET, u,
	    "response headers larger than 65536 bytes");
}

/*
 * A request head past the header cap fails the fetch: the transfer went on
 * and the head was sealed cut short, since only a failed transfer looked.
 */
static void
test_big_request_head(void **state)
{
	struct fetch_opts o;
	char ua[3001];
	const char *u = url("/");

	(void)state;
	quick_opts(&o);
	memset(ua, 'x', sizeof(ua) - 1);
	ua[sizeof(ua) - 1] = '\0';
	o.user_agent = ua;
	o.max_header = 2048;
	expect_error(u, &o, RC_NET, u,
	    "request headers larger than 2048 bytes");
}

static void
test_user_agent(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(url("/echo-ua"), &o, &p, &err), 0);
	assert_non_null(strstr(p.body, "<p id=ua>clipseal/" CLIPSEAL_VERSION
	    "</p>"));
	assert_non_null(strstr(p.hops[0].request.data,
	    "\r\nUser-Agent: clipseal/" CLIPSEAL_VERSION "\r\n"));
	fetch_release(&p);
	o.user_agent = "tester/2";
	assert_int_equal(fetch_url(url("/echo-ua"), &o, &p, &err), 0);
	assert_non_null(strstr(p.body, "<p id=ua>tester/2</p>"));
	fetch_release(&p);
}

static void
test_resolve(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	char resolve[64], u[128];

	(void)state;
	quick_opts(&o);
	snprintf(resolve, sizeof(resolve), "example.test:%d:127.0.0.1", port);
	snprintf(u, sizeof(u), "http://example.test:%d/", port);
	o.resolve = resolve;
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_string_equal(p.final_url, u);
	assert_string_equal(p.peer_ip, "127.0.0.1");
	assert_non_null(strstr(p.hops[0].request.data,
	    "\r\nHost: example.test:"));
	fetch_release(&p);
}

/* No packet leaves: the refusal happens before the socket is opened. */
static void
test_link_local_refused(void **state)
{
	static const char *const addrs[][2] = {
		{ "169.254.169.254", "169.254.169.254" },
		{ "169.254.0.1", "169.254.0.1" },
		{ "[fe80::1]", "fe80::1" },
		{ "[::ffff:169.254.169.254]", "::ffff:169.254.169.254" },
	};
	struct fetch_opts o;
	char resolve[96], u[128], reason[128];
	size_t i;

	(void)state;
	quick_opts(&o);
	o.connect_timeout = 2;
	o.allow_private = true;
	snprintf(u, sizeof(u), "http://example.test:%d/", port);
	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		snprintf(resolve, sizeof(resolve), "example.test:%d:%s", port,
		    addrs[i][0]);
		snprintf(reason, sizeof(reason),
		    "refusing to connect to link-local address %s",
		    addrs[i][1]);
		o.resolve = resolve;
		expect_error(u, &o, RC_NET, u, reason);
	}
	snprintf(resolve, sizeof(resolve), "example.test:%d:[fd00:ec2::254]",
	    port);
	o.resolve = resolve;
	expect_error(u, &o, RC_NET, u,
	    "refusing to connect to cloud metadata address fd00:ec2::254");
}

static void
test_tls_untrusted(void **state)
{
	struct fetch_opts o;
	char u[128];

	(void)state;
	quick_opts(&o);
	snprintf(u, sizeof(u), "https://127.0.0.1:%d/", tls_port);
	expect_error(u, &o, RC_NET, u,
	    "TLS certificate is self-signed and not trusted (see --ca-file)");
}

static char *
read_text(const char *path)
{
	static char text[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

static void
test_tls_ok(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	char u[128], want[128];
	const char *cert = read_text(path_in("tls/cert.pem"));

	(void)state;
	quick_opts(&o);
	o.ca_file = path_in("tls/cert.pem");
	snprintf(u, sizeof(u), "https://127.0.0.1:%d/", tls_port);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_int_equal(p.status, 200);
	assert_string_equal(p.peer_ip, "127.0.0.1");
	assert_non_null(p.tls_chain);
	assert_string_equal(p.tls_chain, cert);
	assert_memory_equal(p.body, index_html, sizeof(index_html) - 1);
	fetch_release(&p);
	/* The second hop reuses the connection: the chain is still known. */
	snprintf(u, sizeof(u), "https://127.0.0.1:%d/redirect?to=/index.html",
	    tls_port);
	snprintf(want, sizeof(want), "https://127.0.0.1:%d/index.html",
	    tls_port);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_int_equal(p.nhops, 2);
	assert_string_equal(p.final_url, want);
	assert_non_null(p.tls_chain);
	assert_string_equal(p.tls_chain, cert);
	fetch_release(&p);
	/* https to http: no chain for the final hop. */
	snprintf(u, sizeof(u),
	    "https://127.0.0.1:%d/redirect?to=http://127.0.0.1:%d/", tls_port,
	    port);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_int_equal(p.nhops, 2);
	assert_null(p.tls_chain);
	fetch_release(&p);
}

static void
test_bad_url(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url("not a url", &o, &p, &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_true(strncmp(err.msg, "not a url: malformed URL (", 26) == 0);
	fetch_release(&p);
}

static void
test_file(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	const char *path = path_in("local.html");

	(void)state;
	fetch_opts_init(&o);
	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1700000000", 1), 0);
	assert_int_equal(fetch_file(path, "https://example.org/a", &o, &p,
	    &err), 0);
	assert_int_equal(p.fetched_at, 1700000000);
	assert_string_equal(p.requested_url, "https://example.org/a");
	assert_string_equal(p.final_url, "https://example.org/a");
	assert_string_equal(p.source_file, path);
	assert_string_equal(p.content_type, "text/html");
	assert_null(p.charset);
	assert_int_equal(p.status, 0);
	assert_null(p.peer_ip);
	assert_int_equal(p.nhops, 1);
	assert_int_equal(p.hops[0].status, 0);
	assert_string_equal(p.hops[0].url, "https://example.org/a");
	assert_int_equal(p.hops[0].request.len, 0);
	assert_int_equal(p.hops[0].response.len, 0);
	assert_string_equal(p.body, "<!doctype html><p>from a file</p>\n");
	assert_int_equal(p.body_len, strlen(p.body));
	fetch_release(&p);

	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "17e8", 1), 0);
	assert_int_equal(fetch_file(path, "https://example.org/a", &o, &p,
	    &err), -1);
	assert_int_equal(err.rc, RC_USAGE);
	assert_string_equal(err.msg,
	    "SOURCE_DATE_EPOCH: not a decimal number of seconds: '17e8'");
	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "-1", 1), 0);
	assert_int_equal(fetch_file(path, "https://example.org/a", &o, &p,
	    &err), -1);
	assert_int_equal(err.rc, RC_USAGE);
	assert_int_equal(unsetenv("SOURCE_DATE_EPOCH"), 0);

	assert_int_equal(fetch_file(path, "ftp://example.org/a", &o, &p,
	    &err), -1);
	assert_int_equal(err.rc, RC_USAGE);
	assert_string_equal(err.msg,
	    "ftp://example.org/a: not an http or https URL");
	assert_int_equal(fetch_file(path_in("missing.html"),
	    "http://example.org/", &o, &p, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	o.max_bytes = 10;
	assert_int_equal(fetch_file(path, "http://example.org/", &o, &p,
	    &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_null(p.hops);
	fetch_release(&p);
}

static void
test_classify(void **state)
{
	static const struct {
		const char *ip;
		enum fetch_addr_class c;
	} table[] = {
		{ "93.184.216.34", FETCH_ADDR_PUBLIC },
		{ "8.8.8.8", FETCH_ADDR_PUBLIC },
		{ "127.0.0.1", FETCH_ADDR_LOOPBACK },
		{ "127.255.255.254", FETCH_ADDR_LOOPBACK },
		{ "2130706433", FETCH_ADDR_LOOPBACK },
		{ "0x7f.1", FETCH_ADDR_LOOPBACK },
		{ "0x7f000001", FETCH_ADDR_LOOPBACK },
		{ "0177.0.0.1", FETCH_ADDR_LOOPBACK },
		{ "127.1", FETCH_ADDR_LOOPBACK },
		{ "127.0.1", FETCH_ADDR_LOOPBACK },
		{ "10.0.0.1", FETCH_ADDR_PRIVATE },
		{ "172.16.0.1", FETCH_ADDR_PRIVATE },
		{ "172.31.255.255", FETCH_ADDR_PRIVATE },
		{ "172.32.0.1", FETCH_ADDR_PUBLIC },
		{ "192.168.1.1", FETCH_ADDR_PRIVATE },
		{ "100.64.0.1", FETCH_ADDR_PRIVATE },
		{ "100.127.255.255", FETCH_ADDR_PRIVATE },
		{ "100.128.0.1", FETCH_ADDR_PUBLIC },
		{ "0.0.0.0", FETCH_ADDR_PRIVATE },
		{ "0", FETCH_ADDR_PRIVATE },
		{ "224.0.0.1", FETCH_ADDR_PRIVATE },
		{ "255.255.255.255", FETCH_ADDR_PRIVATE },
		{ "169.254.169.254", FETCH_ADDR_LINK_LOCAL },
		{ "0xa9fea9fe", FETCH_ADDR_LINK_LOCAL },
		{ "100.100.100.200", FETCH_ADDR_METADATA },
		{ "::1", FETCH_ADDR_LOOPBACK },
		{ "[::1]", FETCH_ADDR_LOOPBACK },
		{ "0:0:0:0:0:0:0:1", FETCH_ADDR_LOOPBACK },
		{ "::", FETCH_ADDR_PRIVATE },
		{ "::ffff:127.0.0.1", FETCH_ADDR_LOOPBACK },
		{ "::ffff:7f00:1", FETCH_ADDR_LOOPBACK },
		{ "[::ffff:10.1.2.3]", FETCH_ADDR_PRIVATE },
		{ "::127.0.0.1", FETCH_ADDR_LOOPBACK },
		{ "64:ff9b::a00:1", FETCH_ADDR_PRIVATE },
		{ "2002:7f00:1::", FETCH_ADDR_LOOPBACK },
		{ "fc00::1", FETCH_ADDR_PRIVATE },
		{ "fd12:3456::1", FETCH_ADDR_PRIVATE },
		{ "fe80::1", FETCH_ADDR_LINK_LOCAL },
		{ "fe80::1%eth0", FETCH_ADDR_LINK_LOCAL },
		{ "febf::1", FETCH_ADDR_LINK_LOCAL },
		{ "ff02::1", FETCH_ADDR_PRIVATE },
		{ "::ffff:169.254.169.254", FETCH_ADDR_LINK_LOCAL },
		{ "fd00:ec2::254", FETCH_ADDR_METADATA },
		{ "2606:4700::1111", FETCH_ADDR_PUBLIC },
		{ "example.org", FETCH_ADDR_INVALID },
		{ "256.0.0.1", FETCH_ADDR_INVALID },
		{ "1.2.3.4.5", FETCH_ADDR_INVALID },
		{ "127.0.0.1.", FETCH_ADDR_INVALID },
		{ "08.0.0.1", FETCH_ADDR_INVALID },
		{ "", FETCH_ADDR_INVALID },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (fetch_classify_addr(table[i].ip) != table[i].c)
			fail_msg("%s: class %d, want %d", table[i].ip,
			    (int)fetch_classify_addr(table[i].ip),
			    (int)table[i].c);
	}
	assert_int_equal(fetch_classify_addr(NULL), FETCH_ADDR_INVALID);
}

static void
test_peer_policy(void **state)
{
	struct fetch_opts o;
	struct error err;
	const char *u = "https://news.example/a";

	(void)state;
	fetch_opts_init(&o);
	/* A person's URL may reach loopback and private nets directly. */
	assert_int_equal(fetch_check_peer(u, "127.0.0.1", false, &o, &err), 0);
	assert_int_equal(fetch_check_peer(u, "10.0.0.5", false, &o, &err), 0);
	assert_int_equal(fetch_check_peer(u, "93.184.216.34", true, &o,
	    &err), 0);
	/* ... but not by a redirect out of the public internet. */
	assert_int_equal(fetch_check_peer(u, "10.0.0.5", true, &o, &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_string_equal(err.msg, "https://news.example/a: refusing a "
	    "redirect from a public address to private address 10.0.0.5 "
	    "(see --allow-private)");
	assert_int_equal(fetch_check_peer(u, "::1", true, &o, &err), -1);
	assert_string_equal(err.msg, "https://news.example/a: refusing a "
	    "redirect from a public address to loopback address ::1 "
	    "(see --allow-private)");
	o.origin = FETCH_ORIGIN_LIST;
	assert_int_equal(fetch_check_peer(u, "192.168.0.9", false, &o, &err),
	    0);
	o.origin = FETCH_ORIGIN_FEED;
	assert_int_equal(fetch_check_peer(u, "192.168.0.9", false, &o, &err),
	    -1);
	assert_string_equal(err.msg, "https://news.example/a: refusing to "
	    "connect to private address 192.168.0.9 for a feed item "
	    "(see --allow-private)");
	assert_int_equal(fetch_check_peer(u, "8.8.8.8", false, &o, &err), 0);
	o.allow_private = true;
	assert_int_equal(fetch_check_peer(u, "192.168.0.9", false, &o, &err),
	    0);
	assert_int_equal(fetch_check_peer(u, "10.0.0.5", true, &o, &err), 0);
	/* Never, whatever allow_private says. */
	assert_int_equal(fetch_check_peer(u, "169.254.169.254", false, &o,
	    &err), -1);
	assert_string_equal(err.msg, "https://news.example/a: refusing to "
	    "connect to link-local address 169.254.169.254");
}

/* A feed item may not reach loopback, however its address is spelt. */
static void
test_feed_private(void **state)
{
	static const char *const hosts[][2] = {
		{ "127.0.0.1", "127.0.0.1" },
		{ "2130706433", "127.0.0.1" },
		{ "0x7f.1", "127.0.0.1" },
		{ "[::ffff:127.0.0.1]", "::ffff:127.0.0.1" },
	};
	struct fetch_opts o;
	struct page p;
	struct error err;
	char u[256], shown[256], reason[160], resolve[96];
	size_t i;

	(void)state;
	quick_opts(&o);
	o.origin = FETCH_ORIGIN_FEED;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		snprintf(u, sizeof(u), "http://%s:%d/", hosts[i][0], port);
		snprintf(reason, sizeof(reason), "refusing to connect to "
		    "loopback address %s for a feed item (see "
		    "--allow-private)", hosts[i][1]);
		expect_error(u, &o, RC_NET, u, reason);
	}
	/* A redirect from a feed item into loopback (the row of the issue). */
	snprintf(resolve, sizeof(resolve), "feed.test:%d:127.0.0.1", port);
	o.resolve = resolve;
	snprintf(u, sizeof(u), "http://feed.test:%d/redirect?to=%s", port,
	    url("/"));
	expect_error(u, &o, RC_NET, u, "refusing to connect to loopback "
	    "address 127.0.0.1 for a feed item (see --allow-private)");
	/* DNS names are judged by the address they resolve to. */
	snprintf(u, sizeof(u), "http://feed.test:%d/", port);
	snprintf(shown, sizeof(shown), "%s", u);
	expect_error(u, &o, RC_NET, shown, "refusing to connect to loopback "
	    "address 127.0.0.1 for a feed item (see --allow-private)");
	o.allow_private = true;
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	fetch_release(&p);
	o.allow_private = false;
	o.origin = FETCH_ORIGIN_LIST;
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	fetch_release(&p);
}

static void
test_credentials(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	char u[256], resolve[96], want[256];
	size_t i;

	(void)state;
	quick_opts(&o);
	snprintf(u, sizeof(u), "http://alice:s3cret@127.0.0.1:%d/auth-echo",
	    port);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_non_null(strstr(p.body, "<p id=auth>yes</p>"));
	assert_string_equal(p.requested_url, url("/auth-echo"));
	assert_string_equal(p.final_url, url("/auth-echo"));
	assert_string_equal(p.hops[0].url, url("/auth-echo"));
	assert_non_null(strstr(p.hops[0].request.data,
	    "\r\nAuthorization: [redacted]\r\n"));
	assert_null(strstr(p.hops[0].request.data, "Basic"));
	fetch_release(&p);

	/* Credentials go to their own origin only, never across a redirect. */
	snprintf(resolve, sizeof(resolve), "other.test:%d:127.0.0.1", port);
	o.resolve = resolve;
	snprintf(u, sizeof(u), "http://alice:s3cret@127.0.0.1:%d/redirect?to="
	    "http://bob:pw@other.test:%d/auth-echo", port, port);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_non_null(strstr(p.body, "<p id=auth>no</p>"));
	snprintf(want, sizeof(want), "http://other.test:%d/auth-echo", port);
	assert_string_equal(p.final_url, want);
	assert_string_equal(p.hops[0].location, want);
	for (i = 0; i < p.nhops; i++) {
		assert_null(strstr(p.hops[i].url, "s3cret"));
		assert_null(strstr(p.hops[i].url, "alice"));
	}
	assert_null(strstr(p.requested_url, "s3cret"));
	fetch_release(&p);
	o.resolve = NULL;

	snprintf(u, sizeof(u), "http://alice:s3cret@127.0.0.1:%d/auth-echo",
	    port);
	o.origin = FETCH_ORIGIN_LIST;
	expect_error(u, &o, RC_NET, url("/auth-echo"),
	    "URL carries a user name or password");
	o.origin = FETCH_ORIGIN_FEED;
	snprintf(u, sizeof(u), "http://alice@127.0.0.1:%d/auth-echo", port);
	expect_error(u, &o, RC_NET, url("/auth-echo"),
	    "URL carries a user name or password");
}

static void
test_retry_then_ok(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	assert_int_equal(o.retries, 2);
	assert_int_equal(fetch_url(url("/flaky?id=r500&fail=1&code=500"), &o,
	    &p, &err), 0);
	assert_int_equal(p.status, 200);
	assert_int_equal(p.retries, 1);
	assert_int_equal(p.nhops, 1);
	assert_non_null(strstr(p.body, "ok after 1"));
	assert_null(strstr(p.body, "error page"));
	fetch_release(&p);
	/* Two failures in a row, two retries. */
	assert_int_equal(fetch_url(url("/flaky?id=r502&fail=2&code=502"), &o,
	    &p, &err), 0);
	assert_int_equal(p.retries, 2);
	fetch_release(&p);
}

static void
test_retry_exhausted(void **state)
{
	struct fetch_opts o;
	const char *u = url("/flaky?id=r503&fail=9&code=503");

	(void)state;
	quick_opts(&o);
	o.retries = 1;
	expect_error(u, &o, RC_NET, u,
	    "HTTP 503 Service Unavailable (after 2 attempts)");
	/* 4xx other than 429 is permanent: no retry. */
	u = url("/flaky?id=r404&fail=1&code=404");
	expect_error(u, &o, RC_NET, u, "HTTP 404 Not Found");
	u = url("/flaky?id=r410&fail=1&code=410");
	expect_error(u, &o, RC_NET, u, "HTTP 410 Gone");
}

static void
test_retry_after(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	struct timespec t0, t1;
	const char *u;
	long ms;

	(void)state;
	quick_opts(&o);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_url(url("/flaky?id=ra1&fail=1&code=429"
	    "&retry-after=1"), &o, &p, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 950);
	assert_int_equal(p.retries, 1);
	fetch_release(&p);
	/* An HTTP date in the past: retry at once. */
	assert_int_equal(fetch_url(url("/flaky?id=ra2&fail=1&code=503"
	    "&retry-after=Wed,%%2021%%20Oct%%202015%%2007:28:00%%20GMT"), &o,
	    &p, &err), 0);
	fetch_release(&p);

	o.max_retry_wait = 30;
	u = url("/flaky?id=ra3&fail=1&code=429&retry-after=120");
	expect_error(u, &o, RC_NET, u, "HTTP 429 Too Many Requests "
	    "(Retry-After 120 seconds is more than the 30-second limit)");
	u = url("/flaky?id=ra4&fail=1&code=429"
	    "&retry-after=Fri,%%2001%%20Jan%%202100%%2000:00:00%%20GMT");
	assert_int_equal(fetch_url(u, &o, &p, &err), -1);
	assert_non_null(strstr(err.msg, ": HTTP 429 Too Many Requests "
	    "(Retry-After "));
	/* The total timeout bounds the retries too. */
	o.timeout = 2;
	u = url("/flaky?id=ra5&fail=1&code=503&retry-after=5");
	expect_error(u, &o, RC_NET, u, "HTTP 503 Service Unavailable "
	    "(a retry in 5 seconds would pass the 2-second timeout)");
}

static void
test_brotli_bomb(void **state)
{
	struct fetch_opts o;
	const char *u = url("/br-bomb");

	(void)state;
	quick_opts(&o);
	expect_error(u, &o, RC_NET, u, "body larger than 16777216 bytes");
}

static void
test_accept_encoding(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	const char *ae;

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_url(url("/"), &o, &p, &err), 0);
	ae = strstr(p.hops[0].request.data, "\r\nAccept-Encoding: ");
	assert_non_null(ae);
	assert_true(strncmp(ae, "\r\nAccept-Encoding: deflate, gzip, br, zstd"
	    "\r\n", 43) == 0);
	fetch_release(&p);
}

static void
test_idn(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	char resolve[96], u[128], want[128];

	(void)state;
	quick_opts(&o);
	snprintf(resolve, sizeof(resolve), "xn--bcher-kva.test:%d:127.0.0.1",
	    port);
	o.resolve = resolve;
	snprintf(u, sizeof(u), "http://b\xc3\xbc" "cher.test:%d/", port);
	snprintf(want, sizeof(want), "http://xn--bcher-kva.test:%d/", port);
	assert_int_equal(fetch_url(u, &o, &p, &err), 0);
	assert_string_equal(p.requested_url, u);
	assert_string_equal(p.final_url, want);
	assert_string_equal(p.hops[0].url, want);
	assert_string_equal(p.host_ascii, "xn--bcher-kva.test");
	assert_string_equal(p.host_unicode, "b\xc3\xbc" "cher.test");
	assert_non_null(strstr(p.hops[0].request.data,
	    "\r\nHost: xn--bcher-kva.test:"));
	fetch_release(&p);
	/* Given in ASCII, still shown in Unicode. */
	assert_int_equal(fetch_url(want, &o, &p, &err), 0);
	assert_string_equal(p.host_unicode, "b\xc3\xbc" "cher.test");
	fetch_release(&p);
	assert_int_equal(fetch_url(url("/"), &o, &p, &err), 0);
	assert_string_equal(p.host_ascii, "127.0.0.1");
	assert_string_equal(p.host_unicode, "127.0.0.1");
	fetch_release(&p);
}

static void
test_proxy_env(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;

	(void)state;
	quick_opts(&o);
	assert_int_equal(setenv("http_proxy", "http://127.0.0.1:1", 1), 0);
	assert_int_equal(fetch_url(url("/"), &o, &p, &err), 0);
	fetch_release(&p);
	o.proxy_env = true;
	assert_int_equal(fetch_url(url("/"), &o, &p, &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_non_null(strstr(err.msg, "Couldn't connect to server"));
	assert_int_equal(unsetenv("http_proxy"), 0);
}

struct many_result {
	int done;
	int ok;
	int failed;
	int last_rc;
	bool seen[32];
	size_t order[32];	/* job indices in the order they ended */
	char msg[32][ERROR_MSG_LEN];
};

static void
on_many(const struct fetch_job *job, struct page *page,
    const struct error *err, int rc, void *arg)
{
	struct many_result *r = arg;
	size_t i = (size_t)(uintptr_t)job->user;

	assert_non_null(page);
	assert_non_null(err);
	assert_true(i < 32);
	assert_false(r->seen[i]);
	r->seen[i] = true;
	r->order[r->done++] = i;
	r->last_rc = rc;
	snprintf(r->msg[i], sizeof(r->msg[i]), "%s", err->msg);
	if (rc == 0) {
		assert_int_equal(page->status, 200);
		assert_non_null(page->body);
		r->ok++;
	} else {
		assert_null(page->hops);
		assert_int_equal(err->rc, rc);
		r->failed++;
	}
}

/* The most requests of group that ran at once, as the server saw. */
static int
max_conc(const char *group)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	const char *s;
	int n = -1;

	quick_opts(&o);
	if (fetch_url(url("/conc-max?group=%s", group), &o, &p, &err) == 0 &&
	    (s = strstr(p.body, "max ")) != NULL)
		n = atoi(s + 4);
	fetch_release(&p);
	return n;
}

static void
test_many(void **state)
{
	static char urls[20][128];
	struct fetch_job jobs[20];
	struct fetch_opts o;
	struct many_result r;
	struct error err;
	size_t i;
	int m;

	(void)state;
	quick_opts(&o);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 20; i++) {
		if (i == 7)
			snprintf(urls[i], sizeof(urls[i]), "%s",
			    url("/status/404"));
		else
			snprintf(urls[i], sizeof(urls[i]), "%s",
			    url("/conc?group=m4&delay=0.15"));
		jobs[i].url = urls[i];
		jobs[i].opts = &o;
		jobs[i].user = (void *)(uintptr_t)i;
	}
	memset(&r, 0, sizeof(r));
	assert_int_equal(fetch_many(jobs, 20, 4, 4, 0, on_many, &r, &err), 0);
	assert_int_equal(r.done, 20);
	assert_int_equal(r.ok, 19);
	assert_int_equal(r.failed, 1);
	m = max_conc("m4");
	assert_true(m >= 2 && m <= 4);

	/* Eight jobs, two hosts, one transfer per host at a time. */
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 8; i++) {
		snprintf(urls[i], sizeof(urls[i]),
		    "http://%s.test:%d/conc?group=host%s&delay=0.1",
		    i % 2 ? "a" : "b", port, i % 2 ? "a" : "b");
		jobs[i].url = urls[i];
	}
	{
		struct fetch_opts oa = o, ob = o;
		char ra[64], rb[64];

		snprintf(ra, sizeof(ra), "a.test:%d:127.0.0.1", port);
		snprintf(rb, sizeof(rb), "b.test:%d:127.0.0.1", port);
		oa.resolve = ra;
		ob.resolve = rb;
		for (i = 0; i < 8; i++)
			jobs[i].opts = i % 2 ? &oa : &ob;
		assert_int_equal(fetch_many(jobs, 8, 4, 1, 0, on_many, &r,
		    &err), 0);
	}
	assert_int_equal(r.ok, 8);
	assert_int_equal(max_conc("hosta"), 1);
	assert_int_equal(max_conc("hostb"), 1);
}

static void
test_many_delay(void **state)
{
	struct fetch_job jobs[3];
	struct fetch_opts o;
	struct many_result r;
	struct error err;
	struct timespec t0, t1;
	long ms;
	size_t i;

	(void)state;
	quick_opts(&o);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 3; i++) {
		jobs[i].url = url("/");
		jobs[i].opts = &o;
		jobs[i].user = (void *)(uintptr_t)i;
	}
	memset(&r, 0, sizeof(r));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fetch_many(jobs, 3, 3, 3, 300, on_many, &r, &err),
	    0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_int_equal(r.ok, 3);
	assert_true(ms >= 590);
	/* No jobs: nothing to do, still success. */
	assert_int_equal(fetch_many(jobs, 0, 2, 1, 0, on_many, &r, &err), 0);
	/* A bad job is reported through the callback. */
	memset(&r, 0, sizeof(r));
	jobs[0].url = "gopher://127.0.0.1/";
	assert_int_equal(fetch_many(jobs, 1, 2, 1, 0, on_many, &r, &err), 0);
	assert_int_equal(r.failed, 1);
	assert_int_equal(r.last_rc, RC_NET);
}

static void
test_many_robots(void **state)
{
	static const char index_rule[] = "User-agent: *\nDisallow: /index\n";
	static char urls[6][128];
	struct fetch_job jobs[6];
	struct fetch_robots *robots = fetch_robots_new();
	struct fetch_opts o, wait, none;
	struct many_result r;
	struct error err;
	char want[ERROR_MSG_LEN], rw[64], rn[64];
	size_t i, at_release = 0, at_a = 0;

	(void)state;
	quick_opts(&o);
	wait = o;
	none = o;
	snprintf(rw, sizeof(rw), "robots-wait.test:%d:127.0.0.1", port);
	snprintf(rn, sizeof(rn), "robots-none.test:%d:127.0.0.1", port);
	wait.resolve = rw;
	none.resolve = rn;
	/*
	 * robots-wait.test answers for robots.txt only once release.html
	 * has been served; fetched ahead of the pages, one site after the
	 * other, it would hold up everything for ten seconds and come first.
	 */
	snprintf(urls[0], sizeof(urls[0]), "http://robots-wait.test:%d"
	    "/index.html", port);
	snprintf(urls[1], sizeof(urls[1]), "http://robots-wait.test:%d"
	    "/private/a.html", port);
	snprintf(urls[2], sizeof(urls[2]), "%s", url("/private/b.html"));
	snprintf(urls[3], sizeof(urls[3]), "%s", url("/index.html"));
	snprintf(urls[4], sizeof(urls[4]), "%s", url("/release.html"));
	/* A missing robots.txt allows everything. */
	snprintf(urls[5], sizeof(urls[5]), "http://robots-none.test:%d"
	    "/private/c.html", port);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 6; i++) {
		jobs[i].url = urls[i];
		jobs[i].opts = i < 2 ? &wait : i < 5 ? &o : &none;
		jobs[i].user = (void *)(uintptr_t)i;
		jobs[i].robots = robots;
	}
	memset(&r, 0, sizeof(r));
	assert_int_equal(fetch_many(jobs, 6, 4, 1, 0, on_many, &r, &err), 0);
	assert_int_equal(r.done, 6);
	for (i = 1; i <= 2; i++) {
		snprintf(want, sizeof(want), "%s: disallowed by robots.txt",
		    urls[i]);
		assert_string_equal(r.msg[i], want);
	}
	snprintf(want, sizeof(want), "%s: HTTP 404 Not Found", urls[5]);
	assert_string_equal(r.msg[5], want);
	assert_int_equal(r.ok, 3);
	for (i = 0; i < 6; i++) {
		if (r.order[i] == 4)
			at_release = i;
		if (r.order[i] == 0)
			at_a = i;
	}
	assert_true(at_release < at_a);

	/* Known rules are used as they are: nothing is fetched for them. */
	fetch_robots_set(robots, urls[3], index_rule, sizeof(index_rule) - 1);
	memset(&r, 0, sizeof(r));
	assert_int_equal(fetch_many(&jobs[3], 1, 1, 1, 0, on_many, &r, &err),
	    0);
	snprintf(want, sizeof(want), "%s: disallowed by robots.txt", urls[3]);
	assert_string_equal(r.msg[3], want);
	fetch_robots_free(robots);
}

static void
test_robots_rules(void **state)
{
	static const char txt[] =
	    "# comment\n"
	    "User-agent: other\n"
	    "Disallow: /\n"
	    "\n"
	    "User-agent: *\n"
	    "Disallow: /star-only\n"
	    "\n"
	    "User-agent: googlebot\n"
	    "User-agent: ClipSeal\n"
	    "Disallow: /private\n"
	    "Allow: /private/open\n"
	    "Disallow: /*.pdf$\n"
	    "Disallow: /search*q=\n"
	    "Allow: /tie\n"
	    "Disallow: /tie\n"
	    "Disallow:\n"
	    "Sitemap: https://news.example/sitemap.xml\n";
	static const struct {
		const char *url;
		bool allowed;
	} table[] = {
		{ "https://news.example/", true },
		{ "https://news.example/star-only", true },
		{ "https://news.example/private", false },
		{ "https://news.example/private/x", false },
		{ "https://news.example/private/open/x", true },
		{ "https://news.example/a/b.pdf", false },
		{ "https://news.example/a/b.pdf?x=1", true },
		{ "https://news.example/search?page=2&q=x", false },
		{ "https://news.example/search?page=2", true },
		{ "https://news.example/tie", true },
		{ "https://news.example/robots.txt", true },
		{ "https://news.example:8443/private", true },
	};
	struct fetch_robots *r = fetch_robots_new();
	struct fetch_opts o;
	struct error err;
	size_t i;
	int rc;

	(void)state;
	quick_opts(&o);
	fetch_robots_set(r, "https://news.example/", txt, sizeof(txt) - 1);
	/* Another origin without a group for us or "*": everything. */
	fetch_robots_set(r, "https://news.example:8443/",
	    "User-agent: x\nDisallow: /\n", 26);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		rc = fetch_robots_allowed(r, table[i].url, &o, &err);
		if (rc != (table[i].allowed ? 0 : -1))
			fail_msg("%s: %d", table[i].url, rc);
	}
	assert_int_equal(fetch_robots_allowed(r,
	    "https://u:p@news.example/private", &o, &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_string_equal(err.msg,
	    "https://news.example/private: disallowed by robots.txt");
	/* "*" applies when no group names clipseal. */
	fetch_robots_set(r, "https://news.example/",
	    "User-agent: *\nDisallow: /star-only\n", 35);
	assert_int_equal(fetch_robots_allowed(r,
	    "https://news.example/star-only/x", &o, &err), -1);
	assert_int_equal(fetch_robots_allowed(r,
	    "https://news.example/private", &o, &err), 0);
	fetch_robots_free(r);
	fetch_robots_free(NULL);
}

static void
test_robots_fetched(void **state)
{
	struct fetch_robots *r = fetch_robots_new();
	struct fetch_opts o;
	struct error err;
	char u[128], resolve[96];

	(void)state;
	quick_opts(&o);
	assert_int_equal(fetch_robots_allowed(r, url("/index.html"), &o,
	    &err), 0);
	assert_int_equal(fetch_robots_allowed(r, url("/private/a.html"), &o,
	    &err), -1);
	assert_non_null(strstr(err.msg, "/private/a.html: disallowed by "
	    "robots.txt"));
	/* 5xx and 404 robots.txt allow everything. */
	snprintf(resolve, sizeof(resolve), "robots-500.test:%d:127.0.0.1",
	    port);
	o.resolve = resolve;
	snprintf(u, sizeof(u), "http://robots-500.test:%d/private/a", port);
	assert_int_equal(fetch_robots_allowed(r, u, &o, &err), 0);
	snprintf(resolve, sizeof(resolve), "robots-none.test:%d:127.0.0.1",
	    port);
	snprintf(u, sizeof(u), "http://robots-none.test:%d/private/a", port);
	assert_int_equal(fetch_robots_allowed(r, u, &o, &err), 0);
	/* Unreachable: allowed. */
	o.resolve = NULL;
	assert_int_equal(fetch_robots_allowed(r, "http://127.0.0.1:1/private/",
	    &o, &err), 0);
	fetch_robots_free(r);
}

/* The value of header name in res, or "" (freed at the next call). */
static const char *
got(const struct fetch_response *res, const char *name)
{
	static char *last;

	free(last);
	last = fetch_response_header(res, name);
	return last ? last : "";
}

static void
test_request_put(void **state)
{
	static const char *const headers[] = {
		"Content-MD5: 1B2M2Y8AsgTpgAmY7PhCfg==",
		"x-amz-checksum-sha256: "
		    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
		"If-None-Match: *",
		NULL
	};
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error err;
	char body[3000];
	size_t i;

	(void)state;
	quick_opts(&o);
	/* Binary, NUL bytes included, and past curl's Expect threshold. */
	for (i = 0; i < sizeof(body); i++)
		body[i] = (char)(i * 7);
	req.method = "PUT";
	req.url = url("/echo");
	req.headers = headers;
	req.body = body;
	req.body_len = sizeof(body);
	error_clear(&err);
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.retries, 0);
	assert_string_equal(got(&res, "X-Echo-Method"), "PUT");
	assert_string_equal(got(&res, "X-Echo-Length"), "3000");
	assert_string_equal(got(&res, "x-got-content-md5"),
	    "1B2M2Y8AsgTpgAmY7PhCfg==");
	assert_string_equal(got(&res, "X-Got-x-amz-checksum-sha256"),
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	assert_string_equal(got(&res, "X-Got-If-None-Match"), "*");
	assert_string_equal(got(&res, "X-Got-Content-Type"),
	    "application/octet-stream");
	assert_string_equal(got(&res, "X-Got-Content-Length"), "3000");
	/* Sent and received as bytes: no content coding either way. */
	assert_string_equal(got(&res, "X-Got-Accept-Encoding"), "");
	assert_int_equal(res.body.len, sizeof(body));
	assert_memory_equal(res.body.data, body, sizeof(body));
	assert_null(fetch_response_header(&res, "X-Not-There"));
	fetch_response_release(&res);
	assert_null(res.body.data);
	fetch_response_release(&res);
	fetch_response_release(NULL);
}

static void
test_request_post(void **state)
{
	static const char der[] = "\x30\x29\x02\x01\x01\x30\x21\x30\x09\x06"
	    "\x05\x2b\x0e\x03\x02\x1a\x05\x00\x04\x14";
	static const char *const headers[] = {
		"Content-Type: application/timestamp-query",
		NULL
	};
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error err;
	char want[ERROR_MSG_LEN];

	(void)state;
	quick_opts(&o);
	req.method = "POST";
	req.url = url("/echo");
	req.headers = headers;
	req.body = der;
	req.body_len = sizeof(der) - 1;
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_string_equal(got(&res, "X-Echo-Method"), "POST");
	assert_string_equal(got(&res, "X-Got-Content-Type"),
	    "application/timestamp-query");
	assert_int_equal(res.body.len, sizeof(der) - 1);
	assert_memory_equal(res.body.data, der, sizeof(der) - 1);
	fetch_response_release(&res);

	/* A small cap on the answer, as for a time-stamp reply. */
	o.max_bytes = 16;
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: body larger than 16 bytes",
	    url("/echo"));
	assert_string_equal(err.msg, want);
	assert_int_equal(err.rc, RC_NET);
	assert_int_equal(res.status, 0);
	assert_null(res.body.data);
	assert_null(res.head.data);
	fetch_response_release(&res);
}

static void
test_request_methods(void **state)
{
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error err;

	(void)state;
	quick_opts(&o);
	/* NULL is GET; the query goes out exactly as given. */
	req.url = url("/echo?continuation-token=a%%2Bb&list-type=2"
	    "&prefix=x%%2F");
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_string_equal(got(&res, "X-Echo-Method"), "GET");
	assert_string_equal(got(&res, "X-Echo-Target"),
	    "/echo?continuation-token=a%2Bb&list-type=2&prefix=x%2F");
	assert_string_equal(got(&res, "X-Echo-Length"), "0");
	assert_string_equal(got(&res, "X-Got-Content-Type"), "");
	assert_int_equal(res.body.len, 0);
	fetch_response_release(&res);

	req.method = "HEAD";
	req.url = url("/echo");
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_int_equal(res.status, 200);
	assert_string_equal(got(&res, "X-Echo-Method"), "HEAD");
	assert_non_null(res.body.data);
	assert_int_equal(res.body.len, 0);
	fetch_response_release(&res);

	req.method = "DELETE";
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_int_equal(res.status, 204);
	assert_string_equal(got(&res, "X-Echo-Method"), "DELETE");
	fetch_response_release(&res);

	/* PUT without a body still says how long it is: zero. */
	req.method = "PUT";
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_string_equal(got(&res, "X-Echo-Method"), "PUT");
	assert_string_equal(got(&res, "X-Got-Content-Length"), "0");
	fetch_response_release(&res);
}

/* As the S3 store does from run's callback: a PUT per fetched page. */
static void
put_page(const struct fetch_job *job, struct page *page,
    const struct error *err, int rc, void *arg)
{
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error perr;
	int *stored = arg;

	(void)job;
	(void)err;
	assert_int_equal(rc, 0);
	quick_opts(&o);
	req.method = "PUT";
	req.url = url("/echo");
	req.body = page->body;
	req.body_len = page->body_len;
	assert_int_equal(fetch_request(&req, &o, &res, &perr), 0);
	assert_int_equal(res.body.len, page->body_len);
	assert_memory_equal(res.body.data, page->body, page->body_len);
	fetch_response_release(&res);
	(*stored)++;
}

static void
test_request_in_callback(void **state)
{
	struct fetch_job jobs[3];
	struct fetch_opts o;
	struct error err;
	size_t i;
	int stored = 0;

	(void)state;
	quick_opts(&o);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 3; i++) {
		jobs[i].url = url("/conc?group=cb&delay=0.1");
		jobs[i].opts = &o;
	}
	assert_int_equal(fetch_many(jobs, 3, 3, 3, 0, put_page, &stored,
	    &err), 0);
	assert_int_equal(stored, 3);
}

static bool
timeout_is_transient(const struct fetch_response *res, void *arg)
{
	int *calls = arg;

	(*calls)++;
	return res->status == 400 &&
	    strstr(res->body.data, "<Code>RequestTimeout</Code>") != NULL;
}

static void
test_request_retry(void **state)
{
	static const char body[] = "the archive bytes";
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error err;
	char want[ERROR_MSG_LEN];
	int calls = 0;

	(void)state;
	quick_opts(&o);
	req.method = "PUT";
	req.body = body;
	req.body_len = sizeof(body) - 1;
	/* 503, then 200: the body is sent again. */
	req.url = url("/flaky?id=req-1&fail=1&code=503");
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.retries, 1);
	assert_string_equal(res.body.data, body);
	fetch_response_release(&res);

	/* Still 503 after the retries: the last answer stays readable. */
	o.retries = 1;
	req.url = url("/flaky?id=req-2&fail=5&code=503");
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: HTTP 503 Service Unavailable (after "
	    "2 attempts): <!doctype html><title>503</title><p>error page",
	    req.url);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.rc, RC_NET);
	assert_int_equal(res.status, 503);
	assert_int_equal(res.retries, 1);
	assert_non_null(strstr(res.body.data, "error page"));
	fetch_response_release(&res);

	/* S3's RequestTimeout is a 400 that only the caller knows to retry. */
	o.retries = 2;
	req.url = url("/s3-error?id=req-3&fail=1&code=400"
	    "&s3code=RequestTimeout");
	req.transient = timeout_is_transient;
	req.transient_arg = &calls;
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_int_equal(res.retries, 1);
	assert_int_equal(calls, 1);
	assert_string_equal(res.body.data, body);
	fetch_response_release(&res);

	/* Without the caller's word it fails at once, the XML kept whole. */
	req.url = url("/s3-error?id=req-4&fail=1&code=400"
	    "&s3code=RequestTimeout");
	req.transient = NULL;
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: HTTP 400 Bad Request", req.url);
	assert_string_equal(err.msg, want);
	assert_int_equal(res.status, 400);
	assert_int_equal(res.retries, 0);
	assert_string_equal(got(&res, "Content-Type"), "application/xml");
	assert_non_null(strstr(res.body.data,
	    "<Code>RequestTimeout</Code>"));
	fetch_response_release(&res);

	/* The caller may also call a 503 final. */
	calls = 0;
	req.url = url("/s3-error?id=req-5&fail=1&code=503&s3code=SlowDown");
	req.transient = timeout_is_transient;
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	assert_int_equal(calls, 1);
	assert_int_equal(res.status, 503);
	assert_non_null(strstr(res.body.data, "<Code>SlowDown</Code>"));
	fetch_response_release(&res);
}

static void
test_request_errors(void **state)
{
	static const char *const split[] = { "X-A: 1\r\nX-B: 2", NULL };
	static const char *const nocolon[] = { "X-A 1", NULL };
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error err;
	char want[ERROR_MSG_LEN];
	char big[66];

	(void)state;
	quick_opts(&o);
	/* A short error text comes along, on one line. */
	req.url = url("/status/403?text=AccessDenied%%0A%%20%%20for%%20you");
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: HTTP 403 Forbidden: AccessDenied "
	    "for you", req.url);
	assert_string_equal(err.msg, want);
	assert_int_equal(res.status, 403);
	assert_string_equal(res.body.data, "AccessDenied\n  for you");
	fetch_response_release(&res);

	/* 64 bytes are quoted; a longer text is left to the caller. */
	memset(big, 'x', 64);
	big[64] = '\0';
	req.url = url("/status/409?text=%s", big);
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: HTTP 409 Conflict: %s", req.url,
	    big);
	assert_string_equal(err.msg, want);
	fetch_response_release(&res);
	strcat(big, "x");
	req.url = url("/status/500?text=%s", big);
	o.retries = 0;
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: HTTP 500 Internal Server Error",
	    req.url);
	assert_string_equal(err.msg, want);
	assert_int_equal(res.body.len, 65);
	fetch_response_release(&res);

	/* Redirects are answers, not followed. */
	req.url = url("/redirect?to=/echo");
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	assert_int_equal(res.status, 302);
	assert_string_equal(got(&res, "Location"), "/echo");
	fetch_response_release(&res);

	/* Refused before anything is sent. */
	req.url = url("/echo");
	req.headers = split;
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: bad request header "
	    "'X-A: 1??X-B: 2'", req.url);
	assert_string_equal(err.msg, want);
	assert_int_equal(res.status, 0);
	req.headers = nocolon;
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: bad request header 'X-A 1'",
	    req.url);
	assert_string_equal(err.msg, want);
	req.headers = NULL;
	req.method = "GE\nT";
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: bad request method 'GE?T'",
	    req.url);
	assert_string_equal(err.msg, want);
	req.method = NULL;
	req.url = "ftp://127.0.0.1/x";
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	assert_string_equal(err.msg,
	    "ftp://127.0.0.1/x: unsupported URL scheme 'ftp'");

	/* The page policy on addresses: a feed's may not reach loopback. */
	o.origin = FETCH_ORIGIN_FEED;
	req.url = url("/echo");
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: refusing to connect to loopback "
	    "address 127.0.0.1 for a feed item (see --allow-private)",
	    req.url);
	assert_string_equal(err.msg, want);
	assert_int_equal(res.status, 0);
	fetch_response_release(&res);
}

static void
test_request_sigv4(void **state)
{
	static const char body[] = "hello sigv4 body";
	static const char *const headers[] = {
		"x-amz-content-sha256: 27e5c51b40b151a59899a7ac84f0a059"
		    "d942f76e3c5fa23fa46e74f432b5ba38",
		"x-amz-security-token: session-token-example",
		"Content-Type: application/gzip",
		"If-None-Match: *",
		NULL
	};
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error err;
	char want[ERROR_MSG_LEN];

	(void)state;
	quick_opts(&o);
	req.method = "PUT";
	req.url = url("/sigv4/bucket/example.com/2026/a.tar.gz");
	req.headers = headers;
	req.body = body;
	req.body_len = sizeof(body) - 1;
	req.aws_sigv4 = "aws:amz:us-east-1:s3";
	req.user = "AKIDEXAMPLE";
	req.password = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	assert_string_equal(res.body.data, "signature ok");
	fetch_response_release(&res);

	/* A listing: GET with a sorted query, no body, no payload header. */
	req.method = NULL;
	req.url = url("/sigv4/bucket?list-type=2&prefix=example.com%%2F");
	req.headers = NULL;
	req.body = NULL;
	req.body_len = 0;
	assert_int_equal(fetch_request(&req, &o, &res, &err), 0);
	fetch_response_release(&res);

	req.password = "wrong";
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: HTTP 403 Forbidden", req.url);
	assert_string_equal(err.msg, want);
	assert_int_equal(res.status, 403);
	assert_non_null(strstr(res.body.data,
	    "<Code>SignatureDoesNotMatch</Code>"));
	fetch_response_release(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_no_charset),
		cmocka_unit_test(test_html_without_type),
		cmocka_unit_test(test_redirect_chain),
		cmocka_unit_test(test_redirect_loop),
		cmocka_unit_test(test_redirect_bad_scheme),
		cmocka_unit_test(test_http_errors),
		cmocka_unit_test(test_userinfo_hidden),
		cmocka_unit_test(test_not_html),
		cmocka_unit_test(test_gzip_bomb),
		cmocka_unit_test(test_zstd_bomb),
		cmocka_unit_test(test_slow),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_close_mid),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_big_headers),
		cmocka_unit_test(test_big_request_head),
		cmocka_unit_test(test_user_agent),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_link_local_refused),
		cmocka_unit_test(test_tls_untrusted),
		cmocka_unit_test(test_tls_ok),
		cmocka_unit_test(test_bad_url),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_peer_policy),
		cmocka_unit_test(test_feed_private),
		cmocka_unit_test(test_credentials),
		cmocka_unit_test(test_retry_then_ok),
		cmocka_unit_test(test_retry_exhausted),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_brotli_bomb),
		cmocka_unit_test(test_accept_encoding),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_proxy_env),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_many_delay),
		cmocka_unit_test(test_robots_rules),
		cmocka_unit_test(test_robots_fetched),
		cmocka_unit_test(test_many_robots),
		cmocka_unit_test(test_request_put),
		cmocka_unit_test(test_request_post),
		cmocka_unit_test(test_request_methods),
		cmocka_unit_test(test_request_in_callback),
		cmocka_unit_test(test_request_retry),
		cmocka_unit_test(test_request_errors),
		cmocka_unit_test(test_request_sigv4),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
