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
	"www/img.png", "local.html", "port", "port.tmp", "tls/cert.pem",
	"tls/key.pem"
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
	assert_non_null(strstr(err.msg, "Timeout was reached"));
	assert_non_null(strstr(err.msg, "too slow"));
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
	assert_non_null(strstr(err.msg, "Timeout was reached"));
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
	struct page p;
	struct error err;
	char u[128];

	(void)state;
	quick_opts(&o);
	snprintf(u, sizeof(u), "https://127.0.0.1:%d/", tls_port);
	assert_int_equal(fetch_url(u, &o, &p, &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_true(strncmp(err.msg, u, strlen(u)) == 0);
	assert_non_null(strstr(err.msg,
	    "(SSL certificate problem: self-signed certificate)"));
	fetch_release(&p);
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
		cmocka_unit_test(test_user_agent),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_link_local_refused),
		cmocka_unit_test(test_tls_untrusted),
		cmocka_unit_test(test_tls_ok),
		cmocka_unit_test(test_bad_url),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
