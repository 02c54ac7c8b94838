#include <stdbool.h>
#include <stdint.h>
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
	struct buf b = BUF_INIT(BUF_UNCAPPED);
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
	if (buf_check(&block, RC_SYS, "warc: warcinfo", err) < 0)
		goto out;
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

/* Bytes inside the file being read; never NUL-terminated. */
struct span {
	const char *s;
	size_t n;
};

/* The record header fields that reading looks at. */
enum field {
	F_TYPE, F_ID, F_DATE, F_TARGET, F_CONTENT_TYPE, F_LENGTH,
	F_BLOCK_DIGEST, F_PAYLOAD_DIGEST, F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"WARC-Type", "WARC-Record-ID", "WARC-Date", "WARC-Target-URI",
	"Content-Type", "Content-Length", "WARC-Block-Digest",
	"WARC-Payload-Digest"
};

static int
bad(struct error *err, size_t rec, const char *what)
{
	return error_set(err, RC_NO, "warc: record %zu: %s", rec, what);
}

static bool
span_is(struct span v, const char *s)
{
	return v.n == strlen(s) && memcmp(v.s, s, v.n) == 0;
}

static bool
span_is_nocase(struct span v, const char *s)
{
	return v.n == strlen(s) && strncasecmp(v.s, s, v.n) == 0;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The span [s, e) without the blanks around it. */
static struct span
trimmed(const char *s, const char *e)
{
	while (s < e && is_blank(*s))
		s++;
	while (e > s && (is_blank(e[-1]) || e[-1] == '\r'))
		e--;
	return (struct span){ s, (size_t)(e - s) };
}

/* A token character of RFC 9110, as header names are made of. */
static bool
is_tchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("\"(),/:;<=>?@[\\]{}", c) == NULL;
}

/* Offset of the first CR LF CR LF in s[0, n), or n if there is none. */
static size_t
find_blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 4 <= n; i++)
		if (s[i] == '\r' && memcmp(s + i, "\r\n\r\n", 4) == 0)
			return i;
	return n;
}

/* A strict decimal that fits a size_t: digits only, no sign, no blank. */
static bool
parse_size(struct span v, size_t *out)
{
	size_t x = 0, i, d;

	if (v.n == 0)
		return false;
	for (i = 0; i < v.n; i++) {
		if (v.s[i] < '0' || v.s[i] > '9')
			return false;
		d = (size_t)(v.s[i] - '0');
		if (x > (SIZE_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*out = x;
	return true;
}

/*
 * A digest field matches the bytes it covers.  Only SHA-256, which is what
 * warc_write records, can be checked; another algorithm is let be.
 */
static bool
digest_matches(struct span v, const char *data, size_t len)
{
	char hex[DIGEST_HEX_LEN + 1];

	if (v.s == NULL || v.n < 7 || strncasecmp(v.s, "sha256:", 7) != 0)
		return true;
	if (v.n != 7 + DIGEST_HEX_LEN)
		return false;
	digest_sha256_hex(data, len, hex);
	return strncasecmp(v.s + 7, hex, DIGEST_HEX_LEN) == 0;
}

/*
 * The header lines of one record, s[0, n), each ending in CR LF, into f.
 * Control bytes, folded lines and a repeated field of f are refused.
 */
static int
parse_fields(const char *s, size_t n, size_t rec, struct span *f,
    struct error *err)
{
	const char *end = s + n, *eol, *colon, *c;
	size_t i;

	memset(f, 0, F_COUNT * sizeof(*f));
	while (s < end) {
		eol = memchr(s, '\r', (size_t)(end - s));
		if (eol == NULL || end - eol < 2 || eol[1] != '\n')
			return bad(err, rec, "header line not ended by CR LF");
		colon = memchr(s, ':', (size_t)(eol - s));
		if (colon == NULL || colon == s)
			return bad(err, rec, "header line without a name");
		for (c = s; c < colon; c++)
			if (!is_tchar((unsigned char)*c))
				return bad(err, rec, "bad header name");
		for (c = colon + 1; c < eol; c++)
			if (((unsigned char)*c < 0x20 && *c != '\t') ||
			    *c == 0x7f)
				return bad(err, rec,
				    "control character in a header");
		for (i = 0; i < F_COUNT; i++) {
			struct span name = { s, (size_t)(colon - s) };

			if (!span_is_nocase(name, field_names[i]))
				continue;
			if (f[i].s != NULL)
				return error_set(err, RC_NO,
				    "warc: record %zu: repeated %s", rec,
				    field_names[i]);
			f[i] = trimmed(colon + 1, eol);
		}
		s = eol + 2;
	}
	return 0;
}

/* Lower-cases s (or nothing, for NULL), ASCII only, whatever the locale. */
static void
lower_ascii(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * The media type (lower-case, without parameters) and the charset parameter
 * of a Content-Type value, read as fetch reads the header: the last charset
 * wins, quotes are taken off, an empty value is none.
 */
static void
parse_media_type(struct span v, char **type, char **charset)
{
	const char *p = v.s, *end = v.s + v.n, *semi, *eq, *val, *val_end;
	struct span name, t;

	semi = memchr(p, ';', v.n);
	t = trimmed(p, semi ? semi : end);
	*type = xstrndup(t.s, t.n);
	*charset = NULL;
	while (semi != NULL) {
		p = semi + 1;
		semi = memchr(p, ';', (size_t)(end - p));
		eq = memchr(p, '=', (size_t)((semi ? semi : end) - p));
		if (eq == NULL)
			continue;
		name = trimmed(p, eq);
		val = eq + 1;
		while (val < end && is_blank(*val))
			val++;
		if (val < end && *val == '"') {
			val++;
			val_end = memchr(val, '"', (size_t)(end - val));
			if (val_end == NULL)
				val_end = end;
			semi = memchr(val_end, ';', (size_t)(end - val_end));
		} else {
			val_end = semi ? semi : end;
			while (val_end > val && is_blank(val_end[-1]))
				val_end--;
		}
		if (!span_is_nocase(name, "charset"))
			continue;
		free(*charset);
		*charset = val_end > val ?
		    xstrndup(val, (size_t)(val_end - val)) : NULL;
	}
	lower_ascii(*type);
	lower_ascii(*charset);
}

/*
 * The HTTP response in a response record's block: its status line, the
 * header lines up to the blank line, and the body after it.  The body must
 * be what a page was extracted from: a 2xx, no longer content- or
 * transfer-encoded, as long as the Content-Length warc_write put beside it.
 */
static int
parse_response(const char *b, size_t n, size_t rec, struct warc_capture *out,
    struct error *err)
{
	const char *p = b, *end = b + n, *eol, *line_end, *colon, *sp;
	struct span type = { NULL, 0 }, length = { NULL, 0 }, name;
	bool encoded = false;
	size_t body_len;

	eol = memchr(p, '\n', n);
	line_end = eol && eol > p && eol[-1] == '\r' ? eol - 1 : eol;
	sp = eol ? memchr(p, ' ', (size_t)(line_end - p)) : NULL;
	if (n < 5 || memcmp(p, "HTTP/", 5) != 0 || sp == NULL ||
	    line_end - sp < 4 || sp[1] < '1' || sp[1] > '5' ||
	    sp[2] < '0' || sp[2] > '9' || sp[3] < '0' || sp[3] > '9' ||
	    (line_end - sp > 4 && sp[4] != ' '))
		return bad(err, rec, "no HTTP status line");
	out->status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + sp[3] - '0';
	for (p = eol + 1;; p = eol + 1) {
		eol = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		if (eol == NULL)
			return bad(err, rec, "HTTP head without its end");
		line_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
		if (line_end == p)
			break;
		colon = memchr(p, ':', (size_t)(line_end - p));
		if (colon == NULL)
			return bad(err, rec,
			    "HTTP header line without a colon");
		name = (struct span){ p, (size_t)(colon - p) };
		if (span_is_nocase(name, "Content-Type"))
			type = trimmed(colon + 1, line_end);
		else if (span_is_nocase(name, "Content-Length"))
			length = trimmed(colon + 1, line_end);
		else if (span_is_nocase(name, "Content-Encoding") ||
		    span_is_nocase(name, "Transfer-Encoding"))
			encoded = true;
	}
	out->payload = eol + 1;
	out->payload_len = (size_t)(end - out->payload);
	if (encoded)
		return bad(err, rec, "HTTP body stored encoded");
	if (length.s && (!parse_size(length, &body_len) ||
	    body_len != out->payload_len))
		return bad(err, rec, "HTTP Content-Length does not match the "
		    "body");
	if (out->status < 200 || out->status > 299)
		return error_set(err, RC_NO, "warc: record %zu: the last "
		    "response is HTTP %ld, not a page", rec, out->status);
	if (type.s)
		parse_media_type(type, &out->content_type, &out->charset);
	return 0;
}

/* The page of the chosen record, its fields in f and block in [b, b + n). */
static int
read_page(const struct span *f, const char *b, size_t n, size_t rec,
    struct warc_capture *out, struct error *err)
{
	struct span t = f[F_TARGET];
	char *type = NULL, *charset = NULL;

	/* WARC/1.0 wrote the URI in angle brackets. */
	if (t.n >= 2 && t.s[0] == '<' && t.s[t.n - 1] == '>')
		t = (struct span){ t.s + 1, t.n - 2 };
	if (t.s == NULL || t.n == 0)
		return bad(err, rec, "no WARC-Target-URI");
	if (span_is(f[F_TYPE], "response")) {
		if (f[F_CONTENT_TYPE].s == NULL)
			return bad(err, rec, "response record without "
			    "Content-Type");
		parse_media_type(f[F_CONTENT_TYPE], &type, &charset);
		if (strcmp(type, "application/http") != 0) {
			free(type);
			free(charset);
			return bad(err, rec, "response record that is not "
			    "application/http");
		}
		free(type);
		free(charset);
		if (parse_response(b, n, rec, out, err) < 0)
			return -1;
	} else {
		out->payload = b;
		out->payload_len = n;
		if (f[F_CONTENT_TYPE].s)
			parse_media_type(f[F_CONTENT_TYPE], &out->content_type,
			    &out->charset);
	}
	if (!digest_matches(f[F_PAYLOAD_DIGEST], out->payload,
	    out->payload_len))
		return bad(err, rec, "payload does not match its digest");
	out->target_uri = xstrndup(t.s, t.n);
	return 0;
}

int
warc_read(const char *data, size_t len, struct warc_capture *out,
    struct error *err)
{
	struct span f[F_COUNT], page[F_COUNT];
	const char *p, *block, *page_block = NULL;
	size_t pos = 0, rec = 0, page_rec = 0, rest, head, limit, block_len;
	size_t page_len = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		p = data + pos;
		rest = len - pos;
		if (++rec > WARC_MAX_RECORDS) {
			error_set(err, RC_NO, "warc: more than %d records",
			    WARC_MAX_RECORDS);
			goto out;
		}
		if (rest < 10 || (memcmp(p, "WARC/1.1\r\n", 10) != 0 &&
		    memcmp(p, "WARC/1.0\r\n", 10) != 0)) {
			bad(err, rec, "not a WARC/1.1 record");
			goto out;
		}
		/* From the version line's CR LF, so no header is one too. */
		limit = rest - 8 < WARC_MAX_HEAD + 4 ? rest - 8 :
		    WARC_MAX_HEAD + 4;
		head = find_blank_line(p + 8, limit);
		if (head == limit) {
			bad(err, rec, limit < rest - 8 ?
			    "header block larger than 64 KiB" :
			    "truncated header block");
			goto out;
		}
		if (parse_fields(p + 10, head, rec, f, err) < 0)
			goto out;
		if (!f[F_TYPE].s || !f[F_ID].s || !f[F_DATE].s ||
		    !f[F_LENGTH].s) {
			bad(err, rec, "WARC-Type, WARC-Record-ID, WARC-Date or "
			    "Content-Length missing");
			goto out;
		}
		if (!parse_size(f[F_LENGTH], &block_len)) {
			bad(err, rec, "bad Content-Length");
			goto out;
		}
		block = p + 8 + head + 4;
		rest = (size_t)(data + len - block);
		if (block_len > rest || rest - block_len < 4) {
			bad(err, rec, "Content-Length runs past the end");
			goto out;
		}
		if (memcmp(block + block_len, "\r\n\r\n", 4) != 0) {
			bad(err, rec, "block not followed by CR LF CR LF");
			goto out;
		}
		if (!digest_matches(f[F_BLOCK_DIGEST], block, block_len)) {
			bad(err, rec, "block does not match its digest");
			goto out;
		}
		if (span_is(f[F_TYPE], "response") ||
		    span_is(f[F_TYPE], "resource")) {
			memcpy(page, f, sizeof(page));
			page_block = block;
			page_len = block_len;
			page_rec = rec;
		}
		pos = (size_t)(block + block_len + 4 - data);
	}
	if (page_block == NULL) {
		error_set(err, RC_NO, "warc: no response or resource record");
		goto out;
	}
	if (read_page(page, page_block, page_len, page_rec, out, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		warc_capture_release(out);
	return rc;
}

void
warc_capture_release(struct warc_capture *c)
{
	if (c == NULL)
		return;
	free(c->target_uri);
	free(c->content_type);
	free(c->charset);
	memset(c, 0, sizeof(*c));
}
