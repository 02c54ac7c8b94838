#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "digest.h"
#include "url.h"
#include "xalloc.h"

/* Query parameters that identify a campaign or a click, not an article. */
static const char *const tracking_prefixes[] = { "utm_", NULL };
static const char *const tracking_names[] = {
	"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
	"twclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "mkt_tok",
	"oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "__s", "_hsenc",
	"_hsmi", "spm", NULL
};

static bool
is_tracking(const char *param, size_t len)
{
	size_t i, n;

	n = strcspn(param, "=&");
	if (n > len)
		n = len;
	for (i = 0; tracking_prefixes[i]; i++)
		if (strncmp(param, tracking_prefixes[i],
		    strlen(tracking_prefixes[i])) == 0)
			return true;
	for (i = 0; tracking_names[i]; i++)
		if (strlen(tracking_names[i]) == n &&
		    strncmp(param, tracking_names[i], n) == 0)
			return true;
	return false;
}

/* Appends query (without '?') minus tracking parameters, '?' first. */
static void
add_query(struct buf *b, const char *q, size_t len)
{
	const char *end = q + len;
	bool first = true;

	while (q < end) {
		const char *amp = memchr(q, '&', (size_t)(end - q));
		size_t n = amp ? (size_t)(amp - q) : (size_t)(end - q);

		if (n && !is_tracking(q, n)) {
			buf_addch(b, first ? '?' : '&');
			buf_add(b, q, n);
			first = false;
		}
		q += n + (amp ? 1 : 0);
	}
}

char *
url_normalize(const char *url, struct error *err)
{
	struct buf b = BUF_INIT(1 << 16);
	const char *p, *auth, *auth_end, *host, *host_end, *port = NULL;
	const char *rest, *frag;
	size_t i, scheme_len;
	bool https;

	for (p = url; isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.'; p++)
		;
	scheme_len = (size_t)(p - url);
	if (scheme_len == 0 || strncmp(p, "://", 3) != 0 ||
	    !isalpha((unsigned char)url[0])) {
		error_set(err, RC_USAGE, "'%.200s': not a URL", url);
		return NULL;
	}
	if (scheme_len == 4 && strncasecmp(url, "http", 4) == 0) {
		https = false;
	} else if (scheme_len == 5 && strncasecmp(url, "https", 5) == 0) {
		https = true;
	} else {
		error_set(err, RC_USAGE, "'%.200s': unsupported URL scheme "
		    "'%.*s'", url, (int)scheme_len, url);
		return NULL;
	}
	auth = p + 3;
	auth_end = auth + strcspn(auth, "/?#");
	host = auth;
	for (p = auth; p < auth_end; p++)
		if (*p == '@')
			host = p + 1;
	host_end = auth_end;
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(auth_end - host));

		if (close == NULL)
			goto bad;
		host_end = close + 1;
		if (host_end < auth_end && *host_end == ':')
			port = host_end + 1;
		else if (host_end != auth_end)
			goto bad;
	} else {
		const char *colon = memchr(host, ':', (size_t)(auth_end - host));

		if (colon) {
			host_end = colon;
			port = colon + 1;
		}
	}
	if (host_end == host)
		goto bad;
	for (p = port; p && p < auth_end; p++)
		if (!isdigit((unsigned char)*p))
			goto bad;
	for (p = host; p < host_end; p++)
		if ((unsigned char)*p <= ' ' || *p == '\\')
			goto bad;

	buf_addstr(&b, https ? "https://" : "http://");
	for (p = host; p < host_end; p++)
		buf_addch(&b, (char)tolower((unsigned char)*p));
	if (port && port < auth_end) {
		size_t n = (size_t)(auth_end - port);

		/* Leading zeros are the same port. */
		while (n > 1 && *port == '0') {
			port++;
			n--;
		}
		if (!((!https && n == 2 && strncmp(port, "80", 2) == 0) ||
		    (https && n == 3 && strncmp(port, "443", 3) == 0))) {
			buf_addch(&b, ':');
			buf_add(&b, port, n);
		}
	}
	rest = auth_end;
	frag = rest + strcspn(rest, "#");
	i = strcspn(rest, "?#");
	if (i == 0)
		buf_addch(&b, '/');
	else
		buf_add(&b, rest, i);
	if (rest[i] == '?')
		add_query(&b, rest + i + 1, (size_t)(frag - (rest + i + 1)));
	if (b.failed) {
		error_set(err, RC_USAGE, "'%.200s': longer than %zu bytes", url,
		    b.max);
		buf_release(&b);
		return NULL;
	}
	for (p = (const char *)b.data; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p == 0x7f)
			goto bad;
	return buf_detach(&b, NULL);
bad:
	buf_release(&b);
	error_set(err, RC_USAGE, "'%.200s': not a URL", url);
	return NULL;
}

char *
url_host_label(const char *url)
{
	const char *p = strstr(url, "://"), *end, *at, *colon;
	char *host, *q;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	while (at) {
		p = at + 1;
		at = memchr(p, '@', (size_t)(end - p));
	}
	if (*p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (close)
			end = close + 1;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon)
			end = colon;
	}
	if (end == p)
		return xstrdup("unknown");
	host = xstrndup(p, (size_t)(end - p));
	for (q = host; *q; q++) {
		unsigned char c = (unsigned char)*q;

		c = (unsigned char)tolower(c);
		*q = c < 128 && (isalnum(c) || c == '.' || c == '-') ?
		    (char)c : '_';
	}
	return host;
}

char *
url_slug(const char *norm)
{
	char hex[DIGEST_HEX_LEN + 1];
	/* At most 64 + 13 bytes: this cannot fill. */
	struct buf b = BUF_INIT(256);
	const char *p = strstr(norm, "://");
	bool dash = false;
	size_t n = 0;

	p = p ? p + 3 : norm;
	p += strcspn(p, "/");
	for (; *p && n < 64; p++) {
		unsigned char c = (unsigned char)tolower((unsigned char)*p);

		if (c < 128 && isalnum(c)) {
			if (dash && n) {
				/* The dash and a character both fit, or
				   neither is added. */
				if (n + 2 > 64)
					break;
				buf_addch(&b, '-');
				n++;
			}
			buf_addch(&b, (char)c);
			n++;
			dash = false;
		} else {
			dash = true;
		}
	}
	if (n == 0)
		buf_addstr(&b, "index");
	digest_sha256_hex(norm, strlen(norm), hex);
	buf_addf(&b, "-%.12s", hex);
	return buf_detach(&b, NULL);
}
