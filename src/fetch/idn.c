#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

/* A longer host label is not a domain name (RFC 1035). */
#define LABEL_MAX 63

/* RFC 3492 bias adaptation. */
static uint32_t
puny_adapt(uint32_t delta, uint32_t npoints, bool first)
{
	uint32_t k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / npoints;
	while (delta > ((36 - 1) * 26) / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return k + (36 - 1 + 1) * delta / (delta + 38);
}

static void
add_utf8(struct buf *b, uint32_t c)
{
	if (c < 0x80) {
		buf_addch(b, (char)c);
	} else if (c < 0x800) {
		buf_addch(b, (char)(0xc0 | c >> 6));
		buf_addch(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addch(b, (char)(0xe0 | c >> 12));
		buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addch(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addch(b, (char)(0xf0 | c >> 18));
		buf_addch(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addch(b, (char)(0x80 | (c & 0x3f)));
	}
}

/*
 * Decodes one Punycode label (the part after "xn--") as UTF-8 into b;
 * false, b unchanged in meaning, for anything malformed.  Only for showing
 * the Unicode form; requests always use the ASCII one.
 */
static bool
puny_decode(const char *in, size_t len, struct buf *b)
{
	uint32_t out[LABEL_MAX], n = 128, i = 0, bias = 72, oldi, w, k, t;
	uint32_t digit, nout = 0;
	size_t basic = 0, pos, j;

	for (j = 0; j < len; j++)
		if (in[j] == '-')
			basic = j;
	for (j = 0; j < basic; j++) {
		if ((unsigned char)in[j] >= 0x80)
			return false;
		out[nout++] = (unsigned char)in[j];
	}
	for (pos = basic > 0 ? basic + 1 : 0; pos < len;) {
		oldi = i;
		w = 1;
		for (k = 36;; k += 36) {
			char c;

			if (pos >= len)
				return false;
			c = in[pos++];
			if (c >= '0' && c <= '9')
				digit = (uint32_t)(c - '0' + 26);
			else if (c >= 'a' && c <= 'z')
				digit = (uint32_t)(c - 'a');
			else if (c >= 'A' && c <= 'Z')
				digit = (uint32_t)(c - 'A');
			else
				return false;
			if (digit > (UINT32_MAX - i) / w)
				return false;
			i += digit * w;
			t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
			if (digit < t)
				break;
			if (w > UINT32_MAX / (36 - t))
				return false;
			w *= 36 - t;
		}
		bias = puny_adapt(i - oldi, nout + 1, oldi == 0);
		if (i / (nout + 1) > UINT32_MAX - n)
			return false;
		n += i / (nout + 1);
		i %= nout + 1;
		if (nout >= LABEL_MAX || n > 0x10ffff ||
		    (n >= 0xd800 && n <= 0xdfff) || n < 0x80)
			return false;
		for (j = nout; j > i; j--)
			out[j] = out[j - 1];
		out[i++] = n;
		nout++;
	}
	for (j = 0; j < nout; j++)
		add_utf8(b, out[j]);
	return true;
}

/* The Unicode form of an ASCII host: each "xn--" label decoded. */
static char *
host_unicode(const char *ascii)
{
	struct buf b = BUF_INIT(BUF_UNCAPPED);
	const char *p = ascii, *dot;
	size_t n, mark;

	for (;;) {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		mark = b.len;
		if (!(n > 4 && strncasecmp(p, "xn--", 4) == 0 &&
		    puny_decode(p + 4, n - 4, &b))) {
			b.len = mark;
			buf_add(&b, p, n);
		}
		if (dot == NULL)
			break;
		buf_addch(&b, '.');
		p = dot + 1;
	}
	return buf_detach(&b, NULL);
}

/* Fills the host fields of p from url. */
void
fetch_set_host_forms(struct page *p, const char *url)
{
	CURLU *u = curl_url();

	if (u == NULL)
		return;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK) {
		p->host_ascii = fetch_url_host(u);
		p->host_unicode = host_unicode(p->host_ascii);
	}
	curl_url_cleanup(u);
}
