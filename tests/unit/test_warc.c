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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_resource),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
