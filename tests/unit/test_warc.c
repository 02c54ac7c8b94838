#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "digest.h"
#include "fetch.h"
#include "warc.h"
#include "xalloc.h"

#define MAX_RECORDS 16

struct rec {
	const char *head;	/* from "WARC/1.1\r\n" to the blank line */
	size_t head_len;
	const char *block;
	size_t block_len;
};

static const char req0[] =
	"GET /old HTTP/1.1\r\nHost: example.org\r\n"
	"Accept-Encoding: deflate, gzip\r\n\r\n";
static const char resp0[] =
	"HTTP/1.1 301 Moved Permanently\r\n"
	"Location: https://example.org/new\r\nContent-Length: 0\r\n\r\n";
static const char req1[] =
	"GET /new HTTP/2\r\nHost: example.org\r\n\r\n";
static const char resp1[] =
	"HTTP/2 200 \r\ncontent-type: text/html; charset=utf-8\r\n"
	"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
	"content-length: 31\r\nETag: \"x\"\r\n\r\n";
static const char body1[] = "<!doctype html><p>decoded</p>\n";
static const char pem[] =
	"-----BEGIN CERTIFICATE-----\nAAAA\nBBBB\n-----END CERTIFICATE-----\n"
	"-----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----\n";

static void
set_buf(struct buf *b, const char *s, size_t max)
{
	buf_init(b, max);
	assert_int_equal(buf_add(b, s, strlen(s)), 0);
}

/* Two hops: a redirect, then the page, as fetch_url would leave them. */
static void
make_page(struct page *p)
{
	memset(p, 0, sizeof(*p));
	p->requested_url = xstrdup("http://example.org/old");
	p->final_url = xstrdup("https://example.org/new");
	p->status = 200;
	p->content_type = xstrdup("text/html");
	p->charset = xstrdup("utf-8");
	p->peer_ip = xstrdup("192.0.2.7");
	p->tls_chain = xstrdup(pem);
	p->fetched_at = 1767323045;	/* 2026-01-02T03:04:05Z */
	p->nhops = 2;
	p->hops = xcalloc(2, sizeof(*p->hops));
	p->hops[0].url = xstrdup("http://example.org/old");
	p->hops[0].status = 301;
	p->hops[0].peer_ip = xstrdup("192.0.2.7");
	p->hops[0].location = xstrdup("https://example.org/new");
	set_buf(&p->hops[0].request, req0, FETCH_MAX_HEADER);
	set_buf(&p->hops[0].response, resp0, FETCH_MAX_HEADER);
	set_buf(&p->hops[0].body, "", FETCH_MAX_BYTES);
	p->hops[1].url = xstrdup("https://example.org/new");
	p->hops[1].status = 200;
	p->hops[1].peer_ip = xstrdup("192.0.2.7");
	set_buf(&p->hops[1].request, req1, FETCH_MAX_HEADER);
	set_buf(&p->hops[1].response, resp1, FETCH_MAX_HEADER);
	set_buf(&p->hops[1].body, body1, FETCH_MAX_BYTES);
	p->body = p->hops[1].body.data;
	p->body_len = p->hops[1].body.len;
}

/* Splits a WARC file into records, checking the framing as it goes. */
static size_t
parse(const char *data, size_t len, struct rec *recs)
{
	const char *p = data, *end = data + len, *hend, *cl;
	size_t n = 0;
	unsigned long long clen;
	char *e;

	while (p < end) {
		assert_true(n < MAX_RECORDS);
		assert_true((size_t)(end - p) > 10);
		assert_memory_equal(p, "WARC/1.1\r\n", 10);
		hend = strstr(p, "\r\n\r\n");
		assert_non_null(hend);
		recs[n].head = p;
		recs[n].head_len = (size_t)(hend - p) + 2;
		cl = strstr(p, "\r\nContent-Length: ");
		assert_non_null(cl);
		assert_true(cl < hend);
		clen = strtoull(cl + 18, &e, 10);
		assert_memory_equal(e, "\r\n", 2);
		recs[n].block = hend + 4;
		recs[n].block_len = (size_t)clen;
		assert_true(recs[n].block + clen + 4 <= end);
		assert_memory_equal(recs[n].block + clen, "\r\n\r\n", 4);
		p = recs[n].block + clen + 4;
		n++;
	}
	return n;
}

/* The value of a header of a record, in a rotating static buffer. */
static const char *
header(const struct rec *r, const char *name)
{
	static char vals[4][512];
	static int next;
	char *v = vals[next++ % 4];
	char key[128];
	const char *s, *e;

	snprintf(key, sizeof(key), "\r\n%s: ", name);
	s = strstr(r->head, key);
	if (s == NULL || s >= r->head + r->head_len)
		return NULL;
	s += strlen(key);
	e = strstr(s, "\r\n");
	assert_non_null(e);
	assert_true((size_t)(e - s) < sizeof(vals[0]));
	memcpy(v, s, (size_t)(e - s));
	v[e - s] = '\0';
	return v;
}

static void
check_id(const char *id)
{
	size_t i;

	assert_non_null(id);
	assert_int_equal(strlen(id), 47);
	assert_true(strncmp(id, "<urn:uuid:", 10) == 0);
	assert_int_equal(id[46], '>');
	for (i = 10; i < 46; i++) {
		if (i == 18 || i == 23 || i == 28 || i == 33)
			assert_int_equal(id[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", id[i]));
	}
	assert_int_equal(id[24], '4');
	assert_non_null(strchr("89ab", id[29]));
}

static void
check_digests(const struct rec *r)
{
	char hex[DIGEST_HEX_LEN + 1], want[DIGEST_HEX_LEN + 8];

	digest_sha256_hex(r->block, r->block_len, hex);
	snprintf(want, sizeof(want), "sha256:%s", hex);
	assert_string_equal(header(r, "WARC-Block-Digest"), want);
}

static void
test_chain(void **state)
{
	struct page p;
	struct buf out = BUF_INIT(BUF_MAX_DEFAULT);
	struct error err;
	struct rec r[MAX_RECORDS];
	char hex[DIGEST_HEX_LEN + 1], want[128];
	size_t n, i;
	const char *blk;

	(void)state;
	make_page(&p);
	assert_int_equal(warc_write(&p, "clipseal/test", &out, &err), 0);
	n = parse(out.data, out.len, r);
	assert_int_equal(n, 6);
	assert_string_equal(header(&r[0], "WARC-Type"), "warcinfo");
	assert_string_equal(header(&r[1], "WARC-Type"), "request");
	assert_string_equal(header(&r[2], "WARC-Type"), "response");
	assert_string_equal(header(&r[3], "WARC-Type"), "request");
	assert_string_equal(header(&r[4], "WARC-Type"), "response");
	assert_string_equal(header(&r[5], "WARC-Type"), "metadata");
	for (i = 0; i < n; i++) {
		check_id(header(&r[i], "WARC-Record-ID"));
		assert_string_equal(header(&r[i], "WARC-Date"),
		    "2026-01-02T03:04:05Z");
		check_digests(&r[i]);
		if (i > 0)
			assert_string_equal(header(&r[i], "WARC-Warcinfo-ID"),
			    header(&r[0], "WARC-Record-ID"));
	}
	/* warcinfo */
	assert_string_equal(header(&r[0], "Content-Type"),
	    "application/warc-fields");
	assert_null(header(&r[0], "WARC-Target-URI"));
	assert_non_null(strstr(r[0].block, "software: clipseal/test\r\n"));
	assert_non_null(strstr(r[0].block,
	    "format: WARC File Format 1.1\r\n"));
	/* request and response pairs */
	assert_string_equal(header(&r[1], "WARC-Target-URI"),
	    "http://example.org/old");
	assert_string_equal(header(&r[3], "WARC-Target-URI"),
	    "https://example.org/new");
	assert_string_equal(header(&r[1], "Content-Type"),
	    "application/http;msgtype=request");
	assert_string_equal(header(&r[2], "Content-Type"),
	    "application/http;msgtype=response");
	assert_string_equal(header(&r[1], "WARC-Concurrent-To"),
	    header(&r[2], "WARC-Record-ID"));
	assert_string_equal(header(&r[2], "WARC-Concurrent-To"),
	    header(&r[1], "WARC-Record-ID"));
	assert_string_equal(header(&r[3], "WARC-Concurrent-To"),
	    header(&r[4], "WARC-Record-ID"));
	assert_string_equal(header(&r[4], "WARC-IP-Address"), "192.0.2.7");
	assert_int_equal(r[1].block_len, strlen(req0));
	assert_memory_equal(r[1].block, req0, r[1].block_len);
	assert_memory_equal(r[3].block, req1, r[3].block_len);
	/* the 301: its Content-Length renamed, a new one added */
	blk = "HTTP/1.1 301 Moved Permanently\r\n"
	    "Location: https://example.org/new\r\n"
	    "X-Crawler-Content-Length: 0\r\n"
	    "Content-Length: 0\r\n\r\n";
	assert_int_equal(r[2].block_len, strlen(blk));
	assert_memory_equal(r[2].block, blk, r[2].block_len);
	/* the page: framing headers renamed, body stored decoded */
	snprintf(want, sizeof(want), "Content-Length: %zu\r\n\r\n",
	    strlen(body1));
	blk = r[4].block;
	assert_non_null(strstr(blk,
	    "\r\nX-Crawler-Content-Encoding: gzip\r\n"));
	assert_non_null(strstr(blk,
	    "\r\nX-Crawler-Transfer-Encoding: chunked\r\n"));
	assert_non_null(strstr(blk, "\r\nX-Crawler-content-length: 31\r\n"));
	assert_non_null(strstr(blk, "\r\nETag: \"x\"\r\n"));
	assert_null(strstr(blk, "\r\nContent-Encoding:"));
	assert_null(strstr(blk, "\r\nTransfer-Encoding:"));
	assert_non_null(strstr(blk, want));
	assert_true(strncmp(blk, "HTTP/2 200 \r\n", 13) == 0);
	assert_int_equal(r[4].block_len,
	    strlen(resp1) + strlen("X-Crawler-") * 3 + strlen(want) - 2 +
	    strlen(body1));
	assert_memory_equal(blk + r[4].block_len - strlen(body1), body1,
	    strlen(body1));
	digest_sha256_hex(body1, strlen(body1), hex);
	snprintf(want, sizeof(want), "sha256:%s", hex);
	assert_string_equal(header(&r[4], "WARC-Payload-Digest"), want);
	/* metadata */
	assert_string_equal(header(&r[5], "WARC-Refers-To"),
	    header(&r[4], "WARC-Record-ID"));
	assert_string_equal(header(&r[5], "WARC-Target-URI"),
	    "https://example.org/new");
	assert_string_equal(header(&r[5], "Content-Type"),
	    "application/warc-fields");
	assert_int_equal(r[5].block_len, strlen("peer-ip: 192.0.2.7\r\n"
	    "tls-certificate: AAAABBBB\r\ntls-certificate: CCCC\r\n"));
	assert_memory_equal(r[5].block, "peer-ip: 192.0.2.7\r\n"
	    "tls-certificate: AAAABBBB\r\ntls-certificate: CCCC\r\n",
	    r[5].block_len);
	/* all ids differ */
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = i + 1; j < n; j++) {
			const char *a = header(&r[i], "WARC-Record-ID");

			assert_string_not_equal(a,
			    header(&r[j], "WARC-Record-ID"));
		}
	}
	buf_release(&out);
	fetch_release(&p);
}

static void
test_deterministic(void **state)
{
	struct page p;
	struct buf a = BUF_INIT(BUF_MAX_DEFAULT), b = BUF_INIT(BUF_MAX_DEFAULT);
	struct error err;

	(void)state;
	make_page(&p);
	assert_int_equal(warc_write(&p, "clipseal/test", &a, &err), 0);
	assert_int_equal(warc_write(&p, "clipseal/test", &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* Another capture time gives other ids. */
	buf_reset(&b);
	p.fetched_at++;
	assert_int_equal(warc_write(&p, "clipseal/test", &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_not_equal(a.data, b.data, a.len);
	buf_release(&a);
	buf_release(&b);
	fetch_release(&p);
}

static void
test_resource(void **state)
{
	static const char html[] = "<!doctype html><p>local</p>\n";
	struct page p;
	struct buf out = BUF_INIT(BUF_MAX_DEFAULT);
	struct error err;
	struct rec r[MAX_RECORDS];
	char hex[DIGEST_HEX_LEN + 1], want[80];

	(void)state;
	memset(&p, 0, sizeof(p));
	p.requested_url = xstrdup("https://example.org/a");
	p.final_url = xstrdup("https://example.org/a");
	p.source_file = xstrdup("page.html");
	p.content_type = xstrdup("text/html");
	p.fetched_at = 1700000000;
	p.nhops = 1;
	p.hops = xcalloc(1, sizeof(*p.hops));
	p.hops[0].url = xstrdup("https://example.org/a");
	set_buf(&p.hops[0].body, html, FETCH_MAX_BYTES);
	buf_init(&p.hops[0].request, FETCH_MAX_HEADER);
	buf_init(&p.hops[0].response, FETCH_MAX_HEADER);
	p.body = p.hops[0].body.data;
	p.body_len = p.hops[0].body.len;
	assert_int_equal(warc_write(&p, "clipseal/test", &out, &err), 0);
	assert_int_equal(parse(out.data, out.len, r), 2);
	assert_string_equal(header(&r[0], "WARC-Type"), "warcinfo");
	assert_string_equal(header(&r[1], "WARC-Type"), "resource");
	assert_string_equal(header(&r[1], "WARC-Target-URI"),
	    "https://example.org/a");
	assert_string_equal(header(&r[1], "WARC-Date"),
	    "2023-11-14T22:13:20Z");
	assert_string_equal(header(&r[1], "Content-Type"), "text/html");
	assert_null(header(&r[1], "WARC-IP-Address"));
	check_id(header(&r[1], "WARC-Record-ID"));
	check_digests(&r[1]);
	digest_sha256_hex(html, strlen(html), hex);
	snprintf(want, sizeof(want), "sha256:%s", hex);
	assert_string_equal(header(&r[1], "WARC-Payload-Digest"), want);
	assert_int_equal(r[1].block_len, strlen(html));
	assert_memory_equal(r[1].block, html, r[1].block_len);
	buf_release(&out);
	fetch_release(&p);
}

static void
test_limits(void **state)
{
	struct page p;
	struct buf out = BUF_INIT(1000);
	struct error err;

	(void)state;
	make_page(&p);
	assert_int_equal(buf_add(&out, "keep", 4), 0);
	assert_int_equal(warc_write(&p, "clipseal/test", &out, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, "warc: capture larger than 1000 bytes");
	assert_int_equal(out.len, 4);
	assert_string_equal(out.data, "keep");
	buf_release(&out);
	out.max = BUF_MAX_DEFAULT;
	assert_int_equal(warc_write(&p, "bad\r\nname", &out, &err), -1);
	assert_int_equal(err.rc, RC_CONTENT);
	free(p.hops[1].url);
	p.hops[1].url = xstrdup("https://example.org/\r\nWARC-Type: x");
	assert_int_equal(warc_write(&p, "clipseal/test", &out, &err), -1);
	assert_int_equal(err.rc, RC_CONTENT);
	assert_int_equal(out.len, 0);
	buf_release(&out);
	fetch_release(&p);
}

/* Reads exactly len bytes, copied so that any read past them is caught. */
static int
read_copy(const char *data, size_t len, struct warc_capture *c,
    struct error *err)
{
	char *copy = xmalloc(len ? len : 1);
	int rc;

	memcpy(copy, data, len);
	rc = warc_read(copy, len, c, err);
	if (rc == 0) {
		/* The payload points into the copy: check it before freeing. */
		assert_true(c->payload >= copy &&
		    c->payload + c->payload_len <= copy + len);
		c->payload = c->payload - copy + data;
	}
	free(copy);
	return rc;
}

static void
expect_bad(const char *warc, size_t len, const char *msg)
{
	struct warc_capture c;
	struct error err = { 0 };

	if (read_copy(warc, len, &c, &err) == 0)
		fail_msg("read, but wanted \"%s\"", msg);
	assert_int_equal(err.rc, RC_NO);
	assert_string_equal(err.msg, msg);
	assert_null(c.target_uri);
	assert_null(c.payload);
}

/* One record with the fields a reader needs, extra ones, and a block. */
static char *
record(const char *type, const char *extra, const char *block)
{
	return xasprintf("WARC/1.1\r\nWARC-Type: %s\r\n"
	    "WARC-Record-ID: <urn:uuid:0>\r\n"
	    "WARC-Date: 2026-01-02T03:04:05Z\r\n"
	    "%sContent-Length: %zu\r\n\r\n%s\r\n\r\n", type, extra,
	    strlen(block), block);
}

static const char http_ok[] =
	"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
	"Content-Length: 9\r\n\r\n<p>hi</p>";

/* A response record for https://example.org/ around http, more fields. */
static char *
response_with(const char *more, const char *http)
{
	char *extra = xasprintf("WARC-Target-URI: https://example.org/\r\n"
	    "Content-Type: application/http;msgtype=response\r\n%s", more);
	char *w = record("response", extra, http);

	free(extra);
	return w;
}

static char *
response(const char *http)
{
	return response_with("", http);
}

/* http_ok under the digest field "name: sha256:<the first n of hex>". */
static char *
digested(const char *name, const char *hex, int n)
{
	char *more = xasprintf("%s: sha256:%.*s\r\n", name, n, hex);
	char *w = response_with(more, http_ok);

	free(more);
	return w;
}

static void
expect_bad_response(const char *http, const char *msg)
{
	char *w = response(http);

	expect_bad(w, strlen(w), msg);
	free(w);
}

static void
test_read_chain(void **state)
{
	struct page p;
	struct buf out = BUF_INIT(BUF_MAX_DEFAULT);
	struct warc_capture c;
	struct error err;

	(void)state;
	make_page(&p);
	assert_int_equal(warc_write(&p, "clipseal/test", &out, &err), 0);
	assert_int_equal(read_copy(out.data, out.len, &c, &err), 0);
	assert_string_equal(c.target_uri, "https://example.org/new");
	assert_int_equal(c.status, 200);
	assert_string_equal(c.content_type, "text/html");
	assert_string_equal(c.charset, "utf-8");
	assert_int_equal(c.payload_len, strlen(body1));
	assert_memory_equal(c.payload, body1, c.payload_len);
	warc_capture_release(&c);
	warc_capture_release(&c);
	warc_capture_release(NULL);
	buf_release(&out);
	fetch_release(&p);
}

static void
test_read_resource(void **state)
{
	static const char html[] = "<!doctype html><p>local</p>\n";
	char *w = record("resource",
	    "WARC-Target-URI: https://example.org/a\r\n"
	    "Content-Type: text/html\r\n", html);
	char *w10 = xasprintf("WARC/1.0%s", w + 8);
	struct warc_capture c;
	struct error err;

	(void)state;
	assert_int_equal(read_copy(w, strlen(w), &c, &err), 0);
	assert_string_equal(c.target_uri, "https://example.org/a");
	assert_int_equal(c.status, 0);
	assert_string_equal(c.content_type, "text/html");
	assert_null(c.charset);
	assert_int_equal(c.payload_len, strlen(html));
	assert_memory_equal(c.payload, html, c.payload_len);
	warc_capture_release(&c);
	/* WARC/1.0, whose URIs were written in angle brackets. */
	free(w);
	w = record("resource", "WARC-Target-URI: <https://example.org/a>\r\n",
	    html);
	free(w10);
	w10 = xasprintf("WARC/1.0%s", w + 8);
	assert_int_equal(read_copy(w10, strlen(w10), &c, &err), 0);
	assert_string_equal(c.target_uri, "https://example.org/a");
	assert_null(c.content_type);
	warc_capture_release(&c);
	free(w10);
	free(w);
}

/*
 * Every prefix of a capture is read from exactly its own bytes: only the
 * two that end after the final response (before and after the metadata
 * record) are captures of the page, every other one is refused.
 */
static void
test_read_prefixes(void **state)
{
	struct page p;
	struct buf out = BUF_INIT(BUF_MAX_DEFAULT);
	struct warc_capture c;
	struct error err;
	size_t i, good = 0;

	(void)state;
	make_page(&p);
	assert_int_equal(warc_write(&p, "clipseal/test", &out, &err), 0);
	for (i = 0; i <= out.len; i++) {
		if (read_copy(out.data, i, &c, &err) < 0) {
			assert_int_equal(err.rc, RC_NO);
			continue;
		}
		good++;
		assert_int_equal(c.payload_len, strlen(body1));
		assert_memory_equal(c.payload, body1, c.payload_len);
		warc_capture_release(&c);
	}
	assert_int_equal(good, 2);
	buf_release(&out);
	fetch_release(&p);
}

/*
 * No single changed byte yields another page: a capture either reads with
 * the very payload and status it had, or is refused.
 */
static void
test_read_flips(void **state)
{
	struct page p;
	struct buf out = BUF_INIT(BUF_MAX_DEFAULT);
	struct warc_capture c;
	struct error err;
	size_t i;

	(void)state;
	make_page(&p);
	assert_int_equal(warc_write(&p, "clipseal/test", &out, &err), 0);
	for (i = 0; i < out.len; i++) {
		out.data[i] ^= 0x01;
		if (read_copy(out.data, out.len, &c, &err) == 0) {
			assert_int_equal(c.status, 200);
			assert_int_equal(c.payload_len, strlen(body1));
			assert_memory_equal(c.payload, body1, c.payload_len);
			warc_capture_release(&c);
		} else {
			assert_int_equal(err.rc, RC_NO);
		}
		out.data[i] ^= 0x01;
	}
	buf_release(&out);
	fetch_release(&p);
}

static void
test_read_framing(void **state)
{
	static const char nul[] = "WARC/1.1\r\nWARC-Type: resource\r\n"
	    "WARC-Record-ID: x\r\nWARC-Date: d\0\r\nContent-Length: 1\r\n"
	    "\r\nx\r\n\r\n";
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	const char *lit;
	char *w, *big;
	size_t i;

	(void)state;
	expect_bad("", 0, "warc: no response or resource record");
	expect_bad("GARBAGE", 7, "warc: record 1: not a WARC/1.1 record");
	w = response(http_ok);
	w[5] = '2';
	expect_bad(w, strlen(w), "warc: record 1: not a WARC/1.1 record");
	/* Every other length but the right one. */
	w[5] = '1';
	expect_bad(w, strlen(w) - 1,
	    "warc: record 1: Content-Length runs past the end");
	expect_bad(w, 40, "warc: record 1: truncated header block");
	free(w);
	w = record("response", "Content-Length: 5\r\n", "x");
	expect_bad(w, strlen(w), "warc: record 1: repeated Content-Length");
	free(w);
	expect_bad("WARC/1.1\r\n\r\n", 12, "warc: record 1: WARC-Type, "
	    "WARC-Record-ID, WARC-Date or Content-Length missing");
	lit = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: x\r\n"
	    "WARC-Date: d\r\nContent-Length: 1\r\n\r\nxy\r\n\r\n";
	expect_bad(lit, strlen(lit),
	    "warc: record 1: block not followed by CR LF CR LF");
	{
		static const char *const lengths[] = {
			"-1", "+1", "0x10", "1 2", "", "1e3",
			"99999999999999999999999",
		};

		for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
			w = xasprintf("WARC/1.1\r\nWARC-Type: resource\r\n"
			    "WARC-Record-ID: x\r\nWARC-Date: d\r\n"
			    "Content-Length: %s\r\n\r\nx\r\n\r\n", lengths[i]);
			expect_bad(w, strlen(w),
			    "warc: record 1: bad Content-Length");
			free(w);
		}
	}
	/* The largest size_t: no overflow on the way to the check. */
	lit = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: x\r\n"
	    "WARC-Date: d\r\nContent-Length: 18446744073709551615\r\n\r\nx";
	expect_bad(lit, strlen(lit),
	    "warc: record 1: Content-Length runs past the end");
	lit = "WARC/1.1\r\nWARC-Type: resource\nX: y\r\nWARC-Record-ID: x\r\n"
	    "WARC-Date: d\r\nContent-Length: 1\r\n\r\nx\r\n\r\n";
	expect_bad(lit, strlen(lit), "warc: record 1: control character in a "
	    "header");
	lit = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: x\r\n"
	    "WARC-Date: d\r\n folded\r\nContent-Length: 1\r\n\r\nx\r\n\r\n";
	expect_bad(lit, strlen(lit),
	    "warc: record 1: header line without a name");
	lit = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: x\r\n"
	    "WARC-Date: d\r\n x: folded\r\nContent-Length: 1\r\n\r\nx\r\n\r\n";
	expect_bad(lit, strlen(lit), "warc: record 1: bad header name");
	expect_bad(nul, sizeof(nul) - 1,
	    "warc: record 1: control character in a header");
	/* A header block over the cap is refused before it is searched on. */
	big = xmalloc(WARC_MAX_HEAD + 1);
	memset(big, 'a', WARC_MAX_HEAD);
	big[WARC_MAX_HEAD] = '\0';
	w = xasprintf("WARC/1.1\r\nX-Big: %s\r\n\r\n", big);
	expect_bad(w, strlen(w), "warc: record 1: header block larger than "
	    "64 KiB");
	free(w);
	free(big);
	/* At most WARC_MAX_RECORDS records. */
	w = record("warcinfo", "", "software: x\r\n");
	for (i = 0; i < WARC_MAX_RECORDS; i++)
		assert_int_equal(buf_addstr(&b, w), 0);
	free(w);
	w = response(http_ok);
	assert_int_equal(buf_addstr(&b, w), 0);
	expect_bad(b.data, b.len, "warc: more than 64 records");
	free(w);
	buf_release(&b);
}

static void
test_read_digests(void **state)
{
	const char *body = http_ok + strlen(http_ok) - 9;
	char hex[DIGEST_HEX_LEN + 1], *w;
	struct warc_capture c;
	struct error err;

	(void)state;
	digest_sha256_hex(http_ok, strlen(http_ok), hex);
	w = digested("WARC-Block-Digest", hex, DIGEST_HEX_LEN);
	assert_int_equal(read_copy(w, strlen(w), &c, &err), 0);
	warc_capture_release(&c);
	/* One byte of the body changed under its digest. */
	w[strlen(w) - 6] = 'X';
	expect_bad(w, strlen(w),
	    "warc: record 1: block does not match its digest");
	free(w);
	w = digested("WARC-Block-Digest", hex, 10);
	expect_bad(w, strlen(w),
	    "warc: record 1: block does not match its digest");
	free(w);
	/* The payload digest covers the body alone. */
	digest_sha256_hex(body, 9, hex);
	w = digested("WARC-Payload-Digest", hex, DIGEST_HEX_LEN);
	assert_int_equal(read_copy(w, strlen(w), &c, &err), 0);
	warc_capture_release(&c);
	free(w);
	digest_sha256_hex(body, 8, hex);
	w = digested("WARC-Payload-Digest", hex, DIGEST_HEX_LEN);
	expect_bad(w, strlen(w),
	    "warc: record 1: payload does not match its digest");
	free(w);
}

static void
test_read_response(void **state)
{
	struct warc_capture c;
	struct error err;
	char *w;

	(void)state;
	expect_bad_response("HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n",
	    "warc: record 1: the last response is HTTP 301, not a page");
	expect_bad_response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
	    "\r\nxx", "warc: record 1: HTTP body stored encoded");
	expect_bad_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n2\r\nxx\r\n0\r\n\r\n",
	    "warc: record 1: HTTP body stored encoded");
	expect_bad_response("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nxx",
	    "warc: record 1: HTTP Content-Length does not match the body");
	expect_bad_response("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nxx",
	    "warc: record 1: HTTP Content-Length does not match the body");
	expect_bad_response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
	    "warc: record 1: HTTP head without its end");
	expect_bad_response("HTTP/1.1 200 OK",
	    "warc: record 1: no HTTP status line");
	expect_bad_response("HTTX/1.1 200 OK\r\n\r\n",
	    "warc: record 1: no HTTP status line");
	expect_bad_response("HTTP/1.1 2000 OK\r\n\r\n",
	    "warc: record 1: no HTTP status line");
	expect_bad_response("HTTP/1.1 20\r\n\r\n",
	    "warc: record 1: no HTTP status line");
	expect_bad_response("HTTP/1.1 200 OK\r\nbroken line\r\n\r\n",
	    "warc: record 1: HTTP header line without a colon");
	w = record("response", "WARC-Target-URI: https://example.org/\r\n"
	    "Content-Type: text/html\r\n", http_ok);
	expect_bad(w, strlen(w), "warc: record 1: response record that is not "
	    "application/http");
	free(w);
	w = record("response", "WARC-Target-URI: https://example.org/\r\n",
	    http_ok);
	expect_bad(w, strlen(w), "warc: record 1: response record without "
	    "Content-Type");
	free(w);
	w = record("response", "Content-Type: application/http\r\n", http_ok);
	expect_bad(w, strlen(w), "warc: record 1: no WARC-Target-URI");
	free(w);
	/* The charset as fetch reads it: last header, quotes off, lower. */
	w = response("HTTP/1.1 200 OK\r\nContent-Type: Text/HTML; "
	    "charset=\"ISO-8859-1\"\r\nX: y\r\ncontent-type: TEXT/html ; "
	    "q=1; Charset = Shift_JIS ;x\r\n\r\n<p>x</p>");
	assert_int_equal(read_copy(w, strlen(w), &c, &err), 0);
	assert_string_equal(c.content_type, "text/html");
	assert_string_equal(c.charset, "shift_jis");
	assert_int_equal(c.payload_len, 8);
	warc_capture_release(&c);
	free(w);
	w = response("HTTP/2 200\nContent-Type: text/html; charset=\"a;b\"; "
	    "charset=\n\nbody");
	assert_int_equal(read_copy(w, strlen(w), &c, &err), 0);
	assert_null(c.charset);
	assert_int_equal(c.payload_len, 4);
	warc_capture_release(&c);
	free(w);
	/* The last response of several is the page. */
	{
		char *a = response("HTTP/1.1 302 Found\r\n\r\n");
		char *b2 = response(http_ok);

		w = xasprintf("%s%s", a, b2);
		assert_int_equal(read_copy(w, strlen(w), &c, &err), 0);
		assert_int_equal(c.status, 200);
		warc_capture_release(&c);
		free(w);
		w = xasprintf("%s%s", b2, a);
		expect_bad(w, strlen(w), "warc: record 2: the last response "
		    "is HTTP 302, not a page");
		free(w);
		free(a);
		free(b2);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_resource),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_read_chain),
		cmocka_unit_test(test_read_resource),
		cmocka_unit_test(test_read_prefixes),
		cmocka_unit_test(test_read_flips),
		cmocka_unit_test(test_read_framing),
		cmocka_unit_test(test_read_digests),
		cmocka_unit_test(test_read_response),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
