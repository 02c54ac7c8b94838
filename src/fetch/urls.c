#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

/*
 * url without "user:password@" in its authority, which must reach no
 * terminal, log, index or archive.
 */
char *
fetch_strip_userinfo(const char *url)
{
	const char *auth = url, *end, *at = NULL, *p;
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	struct buf b = BUF_INIT(BUF_UNCAPPED);

	if (n > 0 && strncmp(url + n, "://", 3) == 0)
		auth = url + n + 3;
	end = auth + strcspn(auth, "/?#");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	buf_add(&b, url, (size_t)(auth - url));
	buf_addstr(&b, at ? at + 1 : auth);
	return buf_detach(&b, NULL);
}

bool
fetch_scheme_ok(const char *scheme)
{
	return strcasecmp(scheme, "http") == 0 ||
	    strcasecmp(scheme, "https") == 0;
}

/*
 * Sets u to url (relative URLs resolve against what u holds) and checks the
 * scheme; on success *abs is the absolute URL (curl_free it).
 */
int
fetch_set_url(CURLU *u, const char *url, bool redirect, const char *shown,
    char **abs, struct error *err)
{
	unsigned int flags = CURLU_NON_SUPPORT_SCHEME;
	char *scheme = NULL, *s;
	CURLUcode uc;
	int rc = -1;

	*abs = NULL;
	if (redirect)
		flags |= CURLU_URLENCODE | CURLU_ALLOW_SPACE;
	uc = curl_url_set(u, CURLUPART_URL, url, flags);
	if (uc != CURLUE_OK) {
		if (redirect)
			error_set(err, RC_NET, "%s: bad redirect location (%s)",
			    shown, curl_url_strerror(uc));
		else
			error_set(err, RC_NET, "%s: malformed URL (%s)", shown,
			    curl_url_strerror(uc));
		goto out;
	}
	uc = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	if (uc != CURLUE_OK) {
		error_set(err, RC_NET, "%s: malformed URL (%s)", shown,
		    curl_url_strerror(uc));
		goto out;
	}
	if (!fetch_scheme_ok(scheme)) {
		s = fetch_shown_text(scheme, strlen(scheme));
		if (redirect)
			error_set(err, RC_NET,
			    "%s: redirect to unsupported scheme '%s'",
			    shown, s);
		else
			error_set(err, RC_NET,
			    "%s: unsupported URL scheme '%s'", shown, s);
		free(s);
		goto out;
	}
	/* IDN hosts in their ASCII form: WARC-Target-URI is a URI. */
	uc = curl_url_get(u, CURLUPART_URL, abs, CURLU_PUNYCODE);
	if (uc != CURLUE_OK)
		uc = curl_url_get(u, CURLUPART_URL, abs, 0);
	if (uc != CURLUE_OK) {
		error_set(err, RC_NET, "%s: malformed URL (%s)", shown,
		    curl_url_strerror(uc));
		goto out;
	}
	rc = 0;
out:
	curl_free(scheme);
	return rc;
}

/* "scheme://host:port" of what u holds, or NULL. */
char *
fetch_url_origin(CURLU *u)
{
	char *scheme = NULL, *host = NULL, *port = NULL, *s = NULL, *p;

	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (curl_url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE) ==
	    CURLUE_OK || curl_url_get(u, CURLUPART_HOST, &host, 0) ==
	    CURLUE_OK) &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK)
		s = xasprintf("%s://%s:%s", scheme, host, port);
	for (p = s; p != NULL && *p; p++)
		*p = (char)fetch_ascii_lower((unsigned char)*p);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return s;
}

/* The URL u holds, host in ASCII form; "" if it has none. */
char *
fetch_url_abs(CURLU *u)
{
	char *s = NULL, *d;

	if (curl_url_get(u, CURLUPART_URL, &s, CURLU_PUNYCODE) != CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &s, 0) != CURLUE_OK)
		return xstrdup("");
	d = xstrdup(s);
	curl_free(s);
	return d;
}

/* The host name of what u holds, ASCII (IDNA) and lower-case. */
char *
fetch_url_host(CURLU *u)
{
	char *host = NULL, *s;

	if (curl_url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE) !=
	    CURLUE_OK && curl_url_get(u, CURLUPART_HOST, &host, 0) !=
	    CURLUE_OK)
		return xstrdup("");
	s = fetch_lower_dup(host, strlen(host));
	curl_free(host);
	return s;
}

/*
 * The host of a URL as text, lower-case, for guessing which host a job not
 * yet started will ask; the limits themselves use fetch_url_host().
 */
void
fetch_text_host(const char *url, char *out, size_t len)
{
	const char *p = strstr(url, "://"), *end, *at;
	size_t n, i;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	while (at != NULL) {
		p = at + 1;
		at = memchr(p, '@', (size_t)(end - p));
	}
	if (*p == '[')
		end = p + strcspn(p, "]/?#");
	else
		end = p + strcspn(p, ":/?#");
	n = (size_t)(end - p);
	if (n >= len)
		n = len - 1;
	for (i = 0; i < n; i++)
		out[i] = (char)fetch_ascii_lower((unsigned char)p[i]);
	out[n] = '\0';
}
