#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "digest.h"
#include "warc.h"
#include "xalloc.h"

/* "<urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>" and a NUL. */
#define WARC_ID_LEN 48
#define WARC_DATE_LEN 21

/* Headers of one record, in the order they are written; NULL: left out. */
struct record {
	const char *type;
	const char *target;
	int hop;		/* for the record id; -1 if none */
	const char *content_type;
	const char *concurrent_to;
	const char *refers_to;
	const char *ip;
	bool payload_digest;	/* the block is the payload */
	const char *payload;	/* else: payload to digest, or NULL */
	size_t payload_len;
	char id[WARC_ID_LEN];
};

struct warc {
	const struct page *p;
	const char *date;
	const char *warcinfo_id;
	struct buf *out;
};

/* Header values may not carry line breaks or other control bytes. */
static bool
header_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/*
 * A record id from the record's identity and content: the same page gives
 * the same ids, two different captures do not.  SHA-256 of the fields,
 * NUL-separated, shaped as a version 4 (random) UUID.
 */
static void
record_id(struct record *r, const char *date, const char *block_hex)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	unsigned char md[DIGEST_LEN];
	char hex[2 * 16 + 1];

	buf_addstr(&b, r->target ? r->target : "");
	buf_addch(&b, '\0');
	buf_addstr(&b, r->type);
	buf_addch(&b, '\0');
	buf_addf(&b, "%d", r->hop);
	buf_addch(&b, '\0');
	buf_addstr(&b, date);
	buf_addch(&b, '\0');
	buf_addstr(&b, block_hex);
	digest_sha256(b.data, b.len, md);
	buf_release(&b);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x40);
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
	digest_hex(md, 16, hex);
	snprintf(r->id, sizeof(r->id), "<urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s>",
	    hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* Computes r->id; done before writing so that others can refer to it. */
static void
prepare(struct record *r, const struct warc *w, const char *block,
    size_t block_len)
{
	char hex[DIGEST_HEX_LEN + 1];

	digest_sha256_hex(block, block_len, hex);
	record_id(r, w->date, hex);
}

static int
write_record(const struct warc *w, const struct record *r, const char *block,
    size_t block_len, struct error *err)
{
	struct buf *out = w->out;
	char hex[DIGEST_HEX_LEN + 1];
	size_t mark = out->len;
	int rc = -1;

	if ((r->target && !header_safe(r->target)) ||
	    (r->ip && !header_safe(r->ip))) {
		error_set(err, RC_CONTENT,
		    "warc: control character in a header value");
		goto out;
	}
	if (buf_addf(out, "WARC/1.1\r\nWARC-Type: %s\r\n"
	    "WARC-Record-ID: %s\r\nWARC-Date: %s\r\n",
	    r->type, r->id, w->date) < 0)
		goto full;
	if (r->target && buf_addf(out, "WARC-Target-URI: %s\r\n",
	    r->target) < 0)
		goto full;
	if (w->warcinfo_id && buf_addf(out, "WARC-Warcinfo-ID: %s\r\n",
	    w->warcinfo_id) < 0)
		goto full;
	if (r->concurrent_to && buf_addf(out, "WARC-Concurrent-To: %s\r\n",
	    r->concurrent_to) < 0)
		goto full;
	if (r->refers_to && buf_addf(out, "WARC-Refers-To: %s\r\n",
	    r->refers_to) < 0)
		goto full;
	if (r->ip && buf_addf(out, "WARC-IP-Address: %s\r\n", r->ip) < 0)
		goto full;
	if (r->payload_digest || r->payload) {
		if (r->payload_digest)
			digest_sha256_hex(block, block_len, hex);
		else
			digest_sha256_hex(r->payload, r->payload_len, hex);
		if (buf_addf(out, "WARC-Payload-Digest: sha256:%s\r\n",
		    hex) < 0)
			goto full;
	}
	digest_sha256_hex(block, block_len, hex);
	if (buf_addf(out, "WARC-Block-Digest: sha256:%s\r\n", hex) < 0 ||
	    buf_addf(out, "Content-Type: %s\r\n", r->content_type) < 0 ||
	    buf_addf(out, "Content-Length: %zu\r\n\r\n", block_len) < 0 ||
	    buf_add(out, block, block_len) < 0 ||
	    buf_add(out, "\r\n\r\n", 4) < 0)
		goto full;
	rc = 0;
	goto out;
full:
	error_set(err, RC_SYS, "warc: capture larger than %zu bytes",
	    out->max);
out:
	if (rc < 0) {
		out->len = mark;
		if (out->data)
			out->data[mark] = '\0';
	}
	return rc;
}

static bool
is_name(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && line[n] == ':' && strncasecmp(line, name, n) == 0;
}

/*
 * The response block: the head with the framing headers renamed, because
 * the body is stored as decoded, then a Content-Length that fits it, the
 * blank line, and the body.
 */
static int
response_block(const struct fetch_hop *hop, struct buf *b)
{
	const char *p = hop->response.data, *end, *eol;
	size_t len;
	bool first = true;

	end = p + hop->response.len;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		len = (size_t)(eol - p);
		if (len == 2 && p[0] == '\r')
			break;
		if (len == 1)
			break;
		if (!first && (is_name(p, len, "Content-Encoding") ||
		    is_name(p, len, "Transfer-Encoding") ||
		    is_name(p, len, "Content-Length")) &&
		    buf_addstr(b, "X-Crawler-") < 0)
			return -1;
		if (buf_add(b, p, len) < 0)
			return -1;
		if (eol == end && (len == 0 || p[len - 1] != '\n') &&
		    buf_add(b, "\r\n", 2) < 0)
			return -1;
		first = false;
		p = eol;
	}
	if (buf_addf(b, "Content-Length: %zu\r\n\r\n", hop->body.len) < 0 ||
	    buf_add(b, hop->body.data, hop->body.len) < 0)
		return -1;
	return 0;
}

/*
 * The TLS chain as warc-fields: one "tls-certificate" field per certificate,
 * leaf first, whose value is the base64 DER of the PEM (the lines between
 * BEGIN and END joined), so each value stays on one line.
 */
static int
metadata_block(const struct page *p, struct buf *b)
{
	const char *s, *eol;
	size_t len;
	bool in_cert = false;

	if (p->peer_ip && buf_addf(b, "peer-ip: %s\r\n", p->peer_ip) < 0)
		return -1;
	for (s = p->tls_chain; s && *s; s = eol) {
		eol = strchr(s, '\n');
		eol = eol ? eol + 1 : s + strlen(s);
		len = (size_t)(eol - s);
		while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
			len--;
		if (len >= 11 && strncmp(s, "-----BEGIN ", 11) == 0) {
			if (buf_addstr(b, "tls-certificate: ") < 0)
				return -1;
			in_cert = true;
		} else if (len >= 9 && strncmp(s, "-----END ", 9) == 0) {
			if (in_cert && buf_addstr(b, "\r\n") < 0)
				return -1;
			in_cert = false;
		} else if (in_cert && buf_add(b, s, len) < 0) {
			return -1;
		}
	}
	return 0;
}

static int
warcinfo(struct warc *w, const char *software, struct record *r,
    struct error *err)
{
	struct buf block = BUF_INIT(BUF_MAX_DEFAULT);
	int rc = -1;

	if (!header_safe(software)) {
		error_set(err, RC_CONTENT,
		    "warc: control character in the software name");
		goto out;
	}
	buf_addf(&block, "software: %s\r\nformat: WARC File Format 1.1\r\n"
	    "conformsTo: http://iipc.github.io/warc-specifications/"
	    "specifications/warc-format/warc-1.1/\r\n", software);
	memset(r, 0, sizeof(*r));
	r->type = "warcinfo";
	r->target = w->p->requested_url;
	r->hop = -1;
	r->content_type = "application/warc-fields";
	prepare(r, w, block.data, block.len);
	/* warcinfo names no target and no warcinfo of its own. */
	r->target = NULL;
	if (write_record(w, r, block.data, block.len, err) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&block);
	return rc;
}

static int
write_hop(const struct warc *w, const struct fetch_hop *hop, int i,
    char *response_id, struct error *err)
{
	struct buf block = BUF_INIT(w->out->max);
	struct record req, resp;
	bool has_req = hop->request.len > 0;
	int rc = -1;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	if (response_block(hop, &block) < 0) {
		error_set(err, RC_SYS, "warc: capture larger than %zu bytes",
		    w->out->max);
		goto out;
	}
	resp.type = "response";
	resp.target = hop->url;
	resp.hop = i;
	resp.content_type = "application/http;msgtype=response";
	resp.ip = hop->peer_ip;
	resp.payload = hop->body.data ? hop->body.data : "";
	resp.payload_len = hop->body.len;
	prepare(&resp, w, block.data, block.len);
	if (has_req) {
		req.type = "request";
		req.target = hop->url;
		req.hop = i;
		req.content_type = "application/http;msgtype=request";
		req.ip = hop->peer_ip;
		req.concurrent_to = resp.id;
		prepare(&req, w, hop->request.data, hop->request.len);
		resp.concurrent_to = req.id;
		if (write_record(w, &req, hop->request.data, hop->request.len,
		    err) < 0)
			goto out;
	}
	if (write_record(w, &resp, block.data, block.len, err) < 0)
		goto out;
	memcpy(response_id, resp.id, WARC_ID_LEN);
	rc = 0;
out:
	buf_release(&block);
	return rc;
}

static int
write_chain(const struct warc *w, struct error *err)
{
	const struct page *p = w->p;
	struct buf block = BUF_INIT(BUF_MAX_DEFAULT);
	struct record meta;
	char last[WARC_ID_LEN] = "";
	size_t i;
	int rc = -1;

	for (i = 0; i < p->nhops; i++) {
		if (p->hops[i].response.len == 0)
			continue;
		if (write_hop(w, &p->hops[i], (int)i, last, err) < 0)
			goto out;
	}
	if (metadata_block(p, &block) < 0) {
		error_set(err, RC_SYS, "warc: metadata larger than %zu bytes",
		    block.max);
		goto out;
	}
	memset(&meta, 0, sizeof(meta));
	meta.type = "metadata";
	meta.target = p->final_url ? p->final_url : p->requested_url;
	meta.hop = -1;
	meta.content_type = "application/warc-fields";
	meta.refers_to = last[0] ? last : NULL;
	prepare(&meta, w, block.data ? block.data : "", block.len);
	if (write_record(w, &meta, block.data ? block.data : "", block.len,
	    err) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&block);
	return rc;
}

static int
write_resource(const struct warc *w, struct error *err)
{
	const struct page *p = w->p;
	const char *body = p->body ? p->body : "";
	struct record r;

	memset(&r, 0, sizeof(r));
	r.type = "resource";
	r.target = p->requested_url;
	r.hop = 0;
	r.content_type = p->content_type ? p->content_type : "text/html";
	r.payload_digest = true;
	prepare(&r, w, body, p->body_len);
	return write_record(w, &r, body, p->body_len, err);
}

int
warc_write(const struct page *p, const char *software, struct buf *out,
    struct error *err)
{
	struct warc w;
	struct record info;
	struct tm tm;
	char date[WARC_DATE_LEN];
	size_t mark = out->len;
	int rc = -1;

	if (p->requested_url == NULL)
		return error_set(err, RC_CONTENT, "warc: page has no URL");
	if (gmtime_r(&p->fetched_at, &tm) == NULL || tm.tm_year + 1900 < 0 ||
	    tm.tm_year + 1900 > 9999 ||
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return error_set(err, RC_CONTENT,
		    "warc: capture time out of range");
	w.p = p;
	w.date = date;
	w.warcinfo_id = NULL;
	w.out = out;
	if (warcinfo(&w, software, &info, err) < 0)
		goto out;
	w.warcinfo_id = info.id;
	if (p->source_file != NULL) {
		if (write_resource(&w, err) < 0)
			goto out;
	} else if (write_chain(&w, err) < 0) {
		goto out;
	}
	rc = 0;
out:
	if (rc < 0) {
		out->len = mark;
		if (out->data)
			out->data[mark] = '\0';
	}
	return rc;
}
