/*
 * charset: the page's bytes to clean UTF-8 for the parser.  The charset is
 * taken from a BOM, then the transport, then a <meta> in the first bytes,
 * else sniffed (UTF-8 if valid, windows-1252 if not), and the bytes are
 * decoded piece by piece as the parser asks for them.
 */

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

#define SNIFF_LEN 4096

/* Byte length of the valid UTF-8 sequence at p, 0 if invalid. */
size_t
extract_utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;
		if (c == 0xed && p[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/*
 * Length of the invalid sequence at p that one U+FFFD replaces: the WHATWG
 * "maximal subpart", a lead byte and as many of its continuation bytes as
 * could still begin a valid sequence, else the one byte alone.  So a
 * truncated E2 82 is one U+FFFD, while a surrogate ED A0 80 is three.
 */
static size_t
utf8_bad_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], lo = 0x80, hi = 0xbf;
	size_t need, k;

	if (c >= 0xe0 && c <= 0xef)
		need = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4;
	else
		return 1;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < 2 || p[1] < lo || p[1] > hi)
		return 1;
	for (k = 2; k < need && k < n && (p[k] & 0xc0) == 0x80; k++)
		;
	return k;
}

static bool
valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = extract_utf8_len(p + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/*
 * Whether the 8 bytes at p are all 0x20-0x7f: a byte below 0x20 sets its
 * top bit in the difference (a borrow it lends only flags the next byte
 * too), a byte from 0x80 has it set already.
 */
static bool
printable8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return (((w - UINT64_C(0x2020202020202020)) | w) &
	    UINT64_C(0x8080808080808080)) == 0;
}

/*
 * Copies the UTF-8 sequences of p[0..n) that start in [from, to) into out,
 * replacing NUL, the non-characters libxml2 rejects and each maximal subpart
 * of an invalid sequence with one U+FFFD and other C0 controls with a space,
 * so the parser never stops early on a bad byte.  Returns where the next
 * sequence starts (a sequence may run past to, never past n), so a page can
 * be cleaned piece by piece.
 */
static size_t
sanitize_utf8(const unsigned char *p, size_t n, size_t from, size_t to,
    struct buf *out)
{
	static const char fffd[] = "\xef\xbf\xbd";
	size_t i = from, k, run = from;

	while (i < to) {
		/* Most of a page is ASCII text, eight bytes at a time. */
		while (to - i >= 8 && printable8(p + i))
			i += 8;
		if (i == to)
			break;
		if ((p[i] >= 0x20 && p[i] < 0x80) || p[i] == '\t' ||
		    p[i] == '\n' || p[i] == '\r') {
			i++;
			continue;
		}
		k = extract_utf8_len(p + i, n - i);
		if (k > 1 && !(k == 3 && p[i] == 0xef && p[i + 1] == 0xbf &&
		    p[i + 2] >= 0xbe)) {
			i += k;
			continue;
		}
		buf_add(out, p + run, i - run);
		if (k == 1 && p[i] != 0)
			buf_addch(out, ' ');
		else
			buf_add(out, fffd, 3);
		i += k ? k : utf8_bad_len(p + i, n - i);
		run = i;
	}
	buf_add(out, p + run, i - run);
	return i;
}

#define DECODE_CHUNK 65536

/*
 * Moves what is left of an owned page to the front of its block and shrinks
 * the block, so a big page's bytes are let go while the tree is growing
 * rather than after it is built.  Only when a quarter of the rest has been
 * read, so the copying stays linear in the page size.
 */
#define DECODE_COMPACT ((size_t)1 << 20)

static void
decoder_compact(struct decoder *d)
{
	size_t used, left;

	if (!d->owned)
		return;
	used = (size_t)((const char *)d->in - d->owned) + d->pos;
	left = d->len - d->pos;
	if (used < DECODE_COMPACT || used < left / 4)
		return;
	memmove(d->owned, d->in + d->pos, left);
	d->owned = xrealloc(d->owned, left + 1);
	d->in = (const unsigned char *)d->owned;
	d->len = left;
	d->pos = 0;
}

/* Converts up to DECODE_CHUNK more bytes, U+FFFD for undecodable ones. */
static void
decoder_fill(struct decoder *d)
{
	char chunk[8192];
	char *in = (char *)d->in + d->pos, *o;
	size_t inleft = d->len - d->pos, oleft, r, start = d->out.len;

	if (d->cd == (iconv_t)-1) {
		r = d->pos + DECODE_CHUNK < d->len ? d->pos + DECODE_CHUNK :
		    d->len;
		d->pos = sanitize_utf8(d->in, d->len, d->pos, r, &d->out);
		d->done = d->pos >= d->len;
		decoder_compact(d);
		return;
	}
	while (inleft > 0 && d->out.len - start < DECODE_CHUNK) {
		o = chunk;
		oleft = sizeof(chunk);
		r = iconv(d->cd, &in, &inleft, &o, &oleft);
		/* iconv writes whole characters, so pieces clean alone. */
		sanitize_utf8((unsigned char *)chunk, sizeof(chunk) - oleft, 0,
		    sizeof(chunk) - oleft, &d->out);
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		buf_add(&d->out, "\xef\xbf\xbd", 3);
		if (errno == EINVAL) {
			inleft = 0;
			break;
		}
		in++;
		inleft--;
		iconv(d->cd, NULL, NULL, NULL, NULL);
	}
	d->pos = d->len - inleft;
	if (inleft == 0) {
		o = chunk;
		oleft = sizeof(chunk);
		iconv(d->cd, NULL, NULL, &o, &oleft);
		sanitize_utf8((unsigned char *)chunk, sizeof(chunk) - oleft, 0,
		    sizeof(chunk) - oleft, &d->out);
		d->done = true;
	}
	decoder_compact(d);
}

/* libxml2's read callback: up to len decoded bytes, 0 at the end. */
int
extract_decoder_read(void *ctx, char *buffer, int len)
{
	struct decoder *d = ctx;
	size_t n;

	if (d->off == d->out.len) {
		buf_reset(&d->out);
		d->off = 0;
		while (d->out.len == 0 && !d->done)
			decoder_fill(d);
	}
	n = d->out.len - d->off;
	if (n > (size_t)len)
		n = (size_t)len;
	if (n)
		memcpy(buffer, d->out.data + d->off, n);
	d->off += n;
	return (int)n;
}

void
extract_decoder_release(struct decoder *d)
{
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	d->cd = (iconv_t)-1;
	buf_release(&d->out);
	free(d->owned);
	d->owned = NULL;
	d->in = NULL;
	d->len = d->pos = 0;
}

/* The name we decode by, after the aliases browsers apply. */
static char *
charset_name(const char *s, size_t n)
{
	char *name;
	size_t i;

	while (n && (*s == ' ' || *s == '\t' || *s == '"' || *s == '\''))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 40)
		return NULL;
	/*
	 * Labels are ASCII; iconv would accept "utf-8" followed by junk
	 * bytes, and the junk would reach metadata.json as the name.
	 */
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) &&
		    (s[i] == '\0' || !strchr("-_.:", s[i])))
			return NULL;
	name = xstrndup(s, n);
	for (i = 0; name[i]; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] += 'a' - 'A';
	for (i = 0; i < extract_ncharset_aliases; i++) {
		if (strcmp(name, extract_charset_aliases[i].label) == 0) {
			free(name);
			return xstrdup(extract_charset_aliases[i].charset);
		}
	}
	return name;
}

/* The charset named by a <meta> in the first SNIFF_LEN bytes, or NULL. */
static char *
sniff_meta(const char *data, size_t len)
{
	size_t n = len < SNIFF_LEN ? len : SNIFF_LEN, i, j, end, v;

	for (i = 0; i + 5 < n; i++) {
		if (data[i] != '<' || strncasecmp(data + i + 1, "meta", 4))
			continue;
		for (end = i; end < n && data[end] != '>'; end++)
			;
		for (j = i + 5; j + 7 <= end; j++) {
			if (strncasecmp(data + j, "charset", 7))
				continue;
			v = j + 7;
			while (v < end && (data[v] == ' ' || data[v] == '\t'))
				v++;
			if (v >= end || data[v] != '=')
				continue;
			v++;
			while (v < end && (data[v] == ' ' || data[v] == '"' ||
			    data[v] == '\''))
				v++;
			j = v;
			while (v < end && data[v] != '"' && data[v] != '\'' &&
			    data[v] != ' ' && data[v] != ';' && data[v] != '/' &&
			    data[v] != '>')
				v++;
			return charset_name(data + j, v - j);
		}
	}
	return NULL;
}

/*
 * Sets d up to decode data (borrowed while d is used) to sanitized UTF-8;
 * records in a the charset it chose and where it found it.
 */
void
extract_decode(const char *data, size_t len, const char *transport,
    struct article *a, struct decoder *d)
{
	const unsigned char *u = (const unsigned char *)data;
	char *cs = NULL;
	const char *src = "default";
	size_t skip = 0;

	memset(d, 0, sizeof(*d));
	d->cd = (iconv_t)-1;
	/* Emptied after each chunk of 3 x DECODE_CHUNK at most: never full. */
	buf_init(&d->out, BUF_MAX_DEFAULT);
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		cs = xstrdup("utf-8");
		skip = 3;
		src = "bom";
	} else if (len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		cs = xstrdup("utf-16le");
		skip = 2;
		src = "bom";
	} else if (len >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		cs = xstrdup("utf-16be");
		skip = 2;
		src = "bom";
	}
	if (!cs && transport && *transport) {
		cs = charset_name(transport, strlen(transport));
		src = "http";
	}
	if (!cs) {
		cs = sniff_meta(data, len);
		src = "meta";
	}
	if (cs && strcmp(cs, "utf-8") != 0) {
		d->cd = iconv_open("UTF-8", cs);
		/* An unknown name falls through to the default sniffing. */
		if (d->cd == (iconv_t)-1 && strcmp(src, "bom") != 0) {
			free(cs);
			cs = NULL;
		} else if (d->cd == (iconv_t)-1) {
			d->done = true;	/* an unknown BOM: nothing to read */
		}
	}
	if (!cs) {
		src = "default";
		cs = xstrdup(valid_utf8(u, len) ? "utf-8" : "windows-1252");
		if (strcmp(cs, "windows-1252") == 0)
			d->cd = iconv_open("UTF-8", cs);
	}
	d->in = u + skip;
	d->len = len - skip;
	a->charset = cs;
	a->charset_source = xstrdup(src);
}
