#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>

#include "fetch.h"
#include "xalloc.h"

#ifndef CLIPSEAL_VERSION
#define CLIPSEAL_VERSION "unknown"
#endif

/* URLs longer than this are cut in error messages, so the reason fits. */
#define SHOWN_URL_MAX 160
/* Server-chosen text (reason phrase, media type) shown in messages. */
#define SHOWN_TEXT_MAX 64
/* SOURCE_DATE_EPOCH at most 9999-12-31T23:59:59Z: WARC dates have 4 digits. */
#define EPOCH_MAX 253402300799

enum peer_class {
	PEER_OK,
	PEER_LINK_LOCAL,
	PEER_METADATA
};

/* Per-transfer state shared with the libcurl callbacks. */
struct xfer {
	struct fetch_hop *hop;
	bool in_body;
	bool request_too_big;
	bool head_too_big;
	bool body_too_big;
	int last_debug;
	enum peer_class refused;
	char refused_ip[INET6_ADDRSTRLEN];
};

/* What fetch_url keeps per hop but struct fetch_hop does not hold. */
struct hop_tls {
	char *origin;		/* "https://host:port", or NULL */
	char *chain;		/* PEM from a fresh handshake, or NULL */
};

static bool curl_ready;

void
fetch_opts_init(struct fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout = FETCH_CONNECT_TIMEOUT;
	o->timeout = FETCH_TIMEOUT;
	o->low_speed_bytes = FETCH_LOW_SPEED_BYTES;
	o->low_speed_time = FETCH_LOW_SPEED_TIME;
	o->max_bytes = FETCH_MAX_BYTES;
	o->max_header = FETCH_MAX_HEADER;
	o->max_redirects = FETCH_MAX_REDIRECTS;
	o->user_agent = NULL;
	o->ca_file = NULL;
	o->resolve = NULL;
	o->allow_private = false;
}

void
fetch_global_cleanup(void)
{
	if (curl_ready)
		curl_global_cleanup();
	curl_ready = false;
}

/*
 * Link-local addresses reach the host's own network services, above all the
 * cloud metadata endpoint (169.254.169.254, fd00:ec2::254) that hands out
 * credentials; a page must never make us talk to them, whatever the later
 * policy on private addresses says.  IPv6 forms that embed an IPv4 address
 * (mapped, compatible, NAT64) are judged by the address they embed.
 */
static enum peer_class
classify_v4(const unsigned char *a)
{
	if (a[0] == 169 && a[1] == 254)
		return PEER_LINK_LOCAL;
	/* Alibaba Cloud's metadata service lives outside 169.254/16. */
	if (a[0] == 100 && a[1] == 100 && a[2] == 100 && a[3] == 200)
		return PEER_METADATA;
	return PEER_OK;
}

static enum peer_class
classify_v6(const unsigned char *a)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	static const unsigned char compat[12] = { 0 };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	static const unsigned char aws[16] = {
		0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
	};

	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return PEER_LINK_LOCAL;
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, compat, 12) == 0 ||
	    memcmp(a, nat64, 12) == 0)
		return classify_v4(a + 12);
	if (memcmp(a, aws, 16) == 0)
		return PEER_METADATA;
	return PEER_OK;
}

/* Classifies an address in text form; text that is not an address is OK. */
static enum peer_class
classify_text(const char *ip)
{
	unsigned char a[16];
	char tmp[INET6_ADDRSTRLEN];
	size_t n;

	if (inet_pton(AF_INET, ip, a) == 1)
		return classify_v4(a);
	n = strcspn(ip, "%");
	if (n >= sizeof(tmp))
		return PEER_OK;
	memcpy(tmp, ip, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, a) == 1)
		return classify_v6(a);
	return PEER_OK;
}

static void
refuse(struct xfer *x, enum peer_class c, const char *ip)
{
	size_t n = strlen(ip);

	if (n >= sizeof(x->refused_ip))
		n = sizeof(x->refused_ip) - 1;
	memcpy(x->refused_ip, ip, n);
	x->refused_ip[n] = '\0';
	x->refused = c;
}

/*
 * Called with the address libcurl is about to connect to, after name
 * resolution and --resolve, so it judges the real peer and not the URL text;
 * refusing here means no packet is ever sent to it.
 */
static curl_socket_t
on_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct xfer *x = arg;
	const unsigned char *raw;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	char ip[INET6_ADDRSTRLEN] = "";
	enum peer_class c = PEER_OK;

	(void)purpose;
	raw = (const unsigned char *)sa + offsetof(struct curl_sockaddr, addr);
	if (sa->family == AF_INET && sa->addrlen >= sizeof(in4)) {
		memcpy(&in4, raw, sizeof(in4));
		c = classify_v4((const unsigned char *)&in4.sin_addr);
		inet_ntop(AF_INET, &in4.sin_addr, ip, sizeof(ip));
	} else if (sa->family == AF_INET6 && sa->addrlen >= sizeof(in6)) {
		memcpy(&in6, raw, sizeof(in6));
		c = classify_v6((const unsigned char *)&in6.sin6_addr);
		inet_ntop(AF_INET6, &in6.sin6_addr, ip, sizeof(ip));
	}
	if (c != PEER_OK) {
		refuse(x, c, ip);
		return CURL_SOCKET_BAD;
	}
	return socket(sa->family, sa->socktype, sa->protocol);
}

/* Second check, on every request, reused connections included. */
static int
on_prereq(void *arg, char *primary_ip, char *local_ip, int primary_port,
    int local_port)
{
	struct xfer *x = arg;
	enum peer_class c = classify_text(primary_ip);

	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	if (c != PEER_OK) {
		refuse(x, c, primary_ip);
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

static int
on_debug(CURL *h, curl_infotype type, char *data, size_t len, void *arg)
{
	struct xfer *x = arg;

	(void)h;
	switch (type) {
	case CURLINFO_HEADER_OUT:
		/* A request resent on a fresh connection replaces the first. */
		if (x->last_debug != CURLINFO_HEADER_OUT)
			buf_reset(&x->hop->request);
		if (buf_add(&x->hop->request, data, len) < 0)
			x->request_too_big = true;
		x->last_debug = type;
		break;
	case CURLINFO_HEADER_IN:
	case CURLINFO_DATA_IN:
	case CURLINFO_DATA_OUT:
		x->last_debug = type;
		break;
	default:
		break;
	}
	return 0;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	/* Trailers come after the body; they are not part of the head. */
	if (x->in_body)
		return len;
	/* Keep only the last response (after any 1xx) of this hop. */
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
		buf_reset(&x->hop->response);
	if (buf_add(&x->hop->response, data, len) < 0) {
		x->head_too_big = true;
		return 0;
	}
	return len;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	x->in_body = true;
	if (buf_add(&x->hop->body, data, len) < 0) {
		x->body_too_big = true;
		return len ? 0 : 1;
	}
	return len;
}

/* Copies s for a message: control bytes become '?', long text is cut. */
static void
add_shown(struct buf *b, const char *s, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		buf_addch(b, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	if (n > max)
		buf_addstr(b, "...");
}

/*
 * The URL as shown in messages: without "user:password@", which must not
 * reach a terminal or a log.
 */
static char *
shown_url(const char *url)
{
	struct buf b = BUF_INIT(SHOWN_URL_MAX + 16);
	const char *auth = url, *end, *at = NULL, *p;
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	struct buf tmp = BUF_INIT(BUF_MAX_DEFAULT);
	char *s;

	if (n > 0 && strncmp(url + n, "://", 3) == 0)
		auth = url + n + 3;
	end = auth + strcspn(auth, "/?#");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	buf_add(&tmp, url, (size_t)(auth - url));
	buf_addstr(&tmp, at ? at + 1 : auth);
	add_shown(&b, tmp.data, tmp.len, SHOWN_URL_MAX);
	buf_release(&tmp);
	s = buf_detach(&b, NULL);
	return s;
}

static char *
shown_text(const char *s, size_t n)
{
	struct buf b = BUF_INIT(SHOWN_TEXT_MAX + 16);

	add_shown(&b, s, n, SHOWN_TEXT_MAX);
	return buf_detach(&b, NULL);
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static char *
lower_dup(const char *s, size_t n)
{
	char *d = xstrndup(s, n);
	char *p;

	for (p = d; *p; p++)
		*p = (char)ascii_lower((unsigned char)*p);
	return d;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The value of the last header called name in a response head, trimmed, or
 * NULL.  The first line is the status line and is skipped.
 */
static char *
head_value(const struct buf *head, const char *name)
{
	const char *p, *end, *eol, *v, *ve;
	const char *found = NULL, *found_end = NULL;
	size_t nlen = strlen(name);

	if (head->data == NULL)
		return NULL;
	p = head->data;
	end = head->data + head->len;
	eol = memchr(p, '\n', (size_t)(end - p));
	p = eol ? eol + 1 : end;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - p) > nlen && p[nlen] == ':' &&
		    strncasecmp(p, name, nlen) == 0) {
			v = p + nlen + 1;
			ve = eol;
			while (v < ve && is_space(*v))
				v++;
			while (ve > v && is_space(ve[-1]))
				ve--;
			found = v;
			found_end = ve;
		}
		p = eol < end ? eol + 1 : end;
	}
	if (found == NULL)
		return NULL;
	return xstrndup(found, (size_t)(found_end - found));
}

static const char *
standard_reason(long status)
{
	static const struct {
		long status;
		const char *reason;
	} reasons[] = {
		{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
		{ 203, "Non-Authoritative Information" },
		{ 204, "No Content" }, { 206, "Partial Content" },
		{ 300, "Multiple Choices" }, { 301, "Moved Permanently" },
		{ 302, "Found" }, { 303, "See Other" },
		{ 304, "Not Modified" }, { 307, "Temporary Redirect" },
		{ 308, "Permanent Redirect" }, { 400, "Bad Request" },
		{ 401, "Unauthorized" }, { 402, "Payment Required" },
		{ 403, "Forbidden" }, { 404, "Not Found" },
		{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
		{ 407, "Proxy Authentication Required" },
		{ 408, "Request Timeout" }, { 409, "Conflict" },
		{ 410, "Gone" }, { 411, "Length Required" },
		{ 412, "Precondition Failed" }, { 413, "Content Too Large" },
		{ 414, "URI Too Long" }, { 415, "Unsupported Media Type" },
		{ 416, "Range Not Satisfiable" },
		{ 417, "Expectation Failed" }, { 418, "I'm a teapot" },
		{ 421, "Misdirected Request" },
		{ 422, "Unprocessable Content" }, { 425, "Too Early" },
		{ 426, "Upgrade Required" }, { 428, "Precondition Required" },
		{ 429, "Too Many Requests" },
		{ 431, "Request Header Fields Too Large" },
		{ 451, "Unavailable For Legal Reasons" },
		{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
		{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
		{ 505, "HTTP Version Not Supported" },
		{ 511, "Network Authentication Required" },
	};
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return NULL;
}

/* The reason phrase of the status line ("HTTP/1.1 404 Not Found"). */
static char *
status_reason(const struct buf *head, long status)
{
	const char *p, *end;
	const char *std = standard_reason(status);

	if (head->data != NULL) {
		end = head->data + strcspn(head->data, "\r\n");
		p = memchr(head->data, ' ', (size_t)(end - head->data));
		if (p != NULL)
			p = memchr(p + 1, ' ', (size_t)(end - p - 1));
		if (p != NULL) {
			while (p < end && *p == ' ')
				p++;
			while (end > p && end[-1] == ' ')
				end--;
			if (end > p)
				return shown_text(p, (size_t)(end - p));
		}
	}
	return xstrdup(std ? std : "");
}

/* Media type (lower-case, no parameters) and charset of a Content-Type. */
static void
parse_content_type(const char *v, char **type, char **charset)
{
	const char *p = v, *name, *name_end, *val, *val_end;
	size_t n = strcspn(v, ";");

	while (n > 0 && is_space(v[n - 1]))
		n--;
	*type = lower_dup(v, n);
	*charset = NULL;
	p = strchr(v, ';');
	while (p != NULL) {
		p++;
		while (is_space(*p))
			p++;
		name = p;
		name_end = name + strcspn(name, "=;");
		if (*name_end != '=') {
			p = strchr(name_end, ';');
			continue;
		}
		val = name_end + 1;
		while (name_end > name && is_space(name_end[-1]))
			name_end--;
		while (is_space(*val))
			val++;
		if (*val == '"') {
			val++;
			val_end = val + strcspn(val, "\"");
			p = strchr(val_end, ';');
		} else {
			val_end = val + strcspn(val, ";");
			p = *val_end ? val_end : NULL;
			while (val_end > val && is_space(val_end[-1]))
				val_end--;
		}
		if ((size_t)(name_end - name) == 7 &&
		    strncasecmp(name, "charset", 7) == 0) {
			free(*charset);
			*charset = val_end > val ?
			    lower_dup(val, (size_t)(val_end - val)) : NULL;
		}
	}
}

/* Light sniffing for a response without Content-Type. */
static bool
looks_like_html(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && is_space(s[i]))
		i++;
	return i < n && s[i] == '<';
}

static bool
scheme_ok(const char *scheme)
{
	return strcasecmp(scheme, "http") == 0 ||
	    strcasecmp(scheme, "https") == 0;
}

/*
 * Sets u to url (relative URLs resolve against what u holds) and checks the
 * scheme; on success *abs is the absolute URL (curl_free it).
 */
static int
set_url(CURLU *u, const char *url, bool redirect, const char *shown,
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
	if (!scheme_ok(scheme)) {
		s = shown_text(scheme, strlen(scheme));
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

/* "https://host:port" of an https URL, else NULL. */
static char *
tls_origin(CURLU *u)
{
	char *scheme = NULL, *host = NULL, *port = NULL, *s = NULL;

	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    strcasecmp(scheme, "https") == 0 &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK)
		s = xasprintf("https://%s:%s", host, port);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return s;
}

/* The PEM of the certificates libcurl saw, or NULL. */
static char *
cert_chain(CURL *h)
{
	struct curl_certinfo *ci = NULL;
	struct curl_slist *e;
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	int i;

	if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &ci) != CURLE_OK ||
	    ci == NULL)
		return NULL;
	for (i = 0; i < ci->num_of_certs; i++) {
		for (e = ci->certinfo[i]; e != NULL; e = e->next) {
			if (strncmp(e->data, "Cert:", 5) != 0)
				continue;
			buf_addstr(&b, e->data + 5);
			if (b.len > 0 && b.data[b.len - 1] != '\n')
				buf_addch(&b, '\n');
		}
	}
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
global_init(const char *shown, struct error *err)
{
	CURLcode cc;

	if (curl_ready)
		return 0;
	cc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (cc != CURLE_OK)
		return error_set(err, RC_NET,
		    "%s: cannot initialise libcurl: %s", shown,
		    curl_easy_strerror(cc));
	curl_ready = true;
	return 0;
}

/* The options every hop shares. */
static CURLcode
setup_handle(CURL *h, const struct fetch_opts *o, struct xfer *x,
    struct curl_slist *resolve, char *errbuf)
{
	CURLcode cc = CURLE_OK;

#define SET(opt, val) \
	do { \
		if (cc == CURLE_OK) \
			cc = curl_easy_setopt(h, opt, val); \
	} while (0)
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_COOKIEFILE, "");
	SET(CURLOPT_HTTPGET, 1L);
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	SET(CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	SET(CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes);
	SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file != NULL)
		SET(CURLOPT_CAINFO, o->ca_file);
	SET(CURLOPT_CERTINFO, 1L);
	SET(CURLOPT_USERAGENT, o->user_agent ? o->user_agent :
	    "clipseal/" CLIPSEAL_VERSION);
	if (resolve != NULL)
		SET(CURLOPT_RESOLVE, resolve);
	SET(CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	SET(CURLOPT_OPENSOCKETDATA, x);
	SET(CURLOPT_PREREQFUNCTION, on_prereq);
	SET(CURLOPT_PREREQDATA, x);
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, x);
	SET(CURLOPT_VERBOSE, 1L);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, x);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, x);
#undef SET
	return cc;
}

static struct fetch_hop *
add_hop(struct page *p, char *url, const struct fetch_opts *o)
{
	struct fetch_hop *hop;

	p->hops = xrealloc(p->hops, (p->nhops + 1) * sizeof(*p->hops));
	hop = &p->hops[p->nhops++];
	memset(hop, 0, sizeof(*hop));
	hop->url = url;
	buf_init(&hop->request, o->max_header);
	buf_init(&hop->response, o->max_header);
	buf_init(&hop->body, o->max_bytes);
	return hop;
}

static void
hop_release(struct fetch_hop *hop)
{
	free(hop->url);
	free(hop->peer_ip);
	free(hop->location);
	buf_release(&hop->request);
	buf_release(&hop->response);
	buf_release(&hop->body);
}

/* The message for a failed curl_easy_perform(). */
static int
transfer_error(const struct xfer *x, CURLcode cc, const char *errbuf,
    const char *shown, const struct fetch_opts *o, struct error *err)
{
	const char *what = curl_easy_strerror(cc);

	if (x->refused == PEER_LINK_LOCAL)
		return error_set(err, RC_NET,
		    "%s: refusing to connect to link-local address %s",
		    shown, x->refused_ip);
	if (x->refused == PEER_METADATA)
		return error_set(err, RC_NET,
		    "%s: refusing to connect to cloud metadata address %s",
		    shown, x->refused_ip);
	if (x->body_too_big || cc == CURLE_FILESIZE_EXCEEDED)
		return error_set(err, RC_NET, "%s: body larger than %zu bytes",
		    shown, o->max_bytes);
	if (x->head_too_big)
		return error_set(err, RC_NET,
		    "%s: response headers larger than %zu bytes", shown,
		    o->max_header);
	if (x->request_too_big)
		return error_set(err, RC_NET,
		    "%s: request headers larger than %zu bytes", shown,
		    o->max_header);
	if (errbuf[0] != '\0' && strcmp(errbuf, what) != 0)
		return error_set(err, RC_NET, "%s: %s (%s)", shown, what,
		    errbuf);
	return error_set(err, RC_NET, "%s: %s", shown, what);
}

static bool
is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

/* The final checks: status, then content type; fills the page's fields. */
static int
finish_page(struct page *p, const char *shown, struct error *err)
{
	struct fetch_hop *hop = &p->hops[p->nhops - 1];
	char *value = NULL, *reason = NULL, *s = NULL;
	int rc = -1;

	p->status = hop->status;
	if (hop->status < 200 || hop->status > 299) {
		reason = status_reason(&hop->response, hop->status);
		error_set(err, RC_NET, "%s: HTTP %ld%s%s", shown, hop->status,
		    *reason ? " " : "", reason);
		goto out;
	}
	value = head_value(&hop->response, "Content-Type");
	if (value != NULL && *value != '\0') {
		parse_content_type(value, &p->content_type, &p->charset);
	} else if (looks_like_html(hop->body.data, hop->body.len)) {
		p->content_type = xstrdup("text/html");
	} else {
		error_set(err, RC_CONTENT,
		    "%s: no content type, and the body is not HTML", shown);
		goto out;
	}
	if (strcmp(p->content_type, "text/html") != 0 &&
	    strcmp(p->content_type, "application/xhtml+xml") != 0) {
		s = shown_text(p->content_type, strlen(p->content_type));
		error_set(err, RC_CONTENT, "%s: unsupported content type '%s'",
		    shown, s);
		goto out;
	}
	p->etag = head_value(&hop->response, "ETag");
	p->last_modified = head_value(&hop->response, "Last-Modified");
	p->final_url = xstrdup(hop->url);
	p->peer_ip = hop->peer_ip ? xstrdup(hop->peer_ip) : NULL;
	p->body = hop->body.data;
	p->body_len = hop->body.len;
	rc = 0;
out:
	free(s);
	free(reason);
	free(value);
	return rc;
}

/*
 * The final hop's chain: from its own handshake, or, when it reused a
 * connection, from the last earlier hop that shook hands with that origin.
 */
static char *
final_chain(const struct hop_tls *t, size_t n)
{
	size_t i = n - 1;

	if (t[i].origin == NULL)
		return NULL;
	for (;;) {
		if (t[i].chain != NULL && strcmp(t[i].origin,
		    t[n - 1].origin) == 0)
			return xstrdup(t[i].chain);
		if (i == 0)
			return NULL;
		i--;
	}
}

int
fetch_url(const char *url, const struct fetch_opts *o, struct page *out,
    struct error *err)
{
	CURL *h = NULL;
	CURLU *u = NULL;
	CURLcode cc;
	struct curl_slist *resolve = NULL;
	struct hop_tls *tls = NULL;
	struct fetch_hop *hop;
	struct xfer x;
	char errbuf[CURL_ERROR_SIZE];
	char *shown, *abs = NULL, *loc = NULL, *ip = NULL;
	long deadline = 0, left, connects;
	size_t i;
	int redirects = 0, rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&x, 0, sizeof(x));
	shown = shown_url(url);
	if (global_init(shown, err) < 0)
		goto out;
	u = curl_url();
	h = curl_easy_init();
	if (u == NULL || h == NULL) {
		error_set(err, RC_NET, "%s: cannot initialise libcurl", shown);
		goto out;
	}
	if (set_url(u, url, false, shown, &abs, err) < 0)
		goto out;
	if (o->resolve != NULL) {
		resolve = curl_slist_append(NULL, o->resolve);
		if (resolve == NULL) {
			error_set(err, RC_NET, "%s: cannot initialise libcurl",
			    shown);
			goto out;
		}
	}
	errbuf[0] = '\0';
	cc = setup_handle(h, o, &x, resolve, errbuf);
	if (cc != CURLE_OK) {
		error_set(err, RC_NET, "%s: cannot set up libcurl: %s", shown,
		    curl_easy_strerror(cc));
		goto out;
	}
	if (o->timeout > 0)
		deadline = now_ms() + o->timeout * 1000;
	out->requested_url = xstrdup(url);
	for (;;) {
		hop = add_hop(out, xstrdup(abs), o);
		tls = xrealloc(tls, out->nhops * sizeof(*tls));
		tls[out->nhops - 1].origin = tls_origin(u);
		tls[out->nhops - 1].chain = NULL;
		curl_free(abs);
		abs = NULL;
		memset(&x, 0, sizeof(x));
		x.hop = hop;
		x.last_debug = -1;
		errbuf[0] = '\0';
		left = 0;
		if (deadline) {
			left = deadline - now_ms();
			if (left <= 0) {
				error_set(err, RC_NET,
				    "%s: timed out after %ld seconds", shown,
				    o->timeout);
				goto out;
			}
		}
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, left);
		cc = curl_easy_setopt(h, CURLOPT_URL, hop->url);
		if (cc == CURLE_OK)
			cc = curl_easy_perform(h);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &hop->status);
		ip = NULL;
		if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) ==
		    CURLE_OK && ip != NULL && *ip != '\0')
			hop->peer_ip = xstrdup(ip);
		connects = 0;
		curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
		if (connects > 0 && tls[out->nhops - 1].origin != NULL)
			tls[out->nhops - 1].chain = cert_chain(h);
		if (cc != CURLE_OK || x.refused != PEER_OK) {
			transfer_error(&x, cc, errbuf, shown, o, err);
			goto out;
		}
		/* An empty body is still a string. */
		buf_add(&hop->body, "", 0);
		if (!is_redirect(hop->status))
			break;
		loc = head_value(&hop->response, "Location");
		if (loc == NULL || *loc == '\0')
			break;
		if (redirects >= o->max_redirects) {
			error_set(err, RC_NET,
			    "%s: too many redirects (more than %d)", shown,
			    o->max_redirects);
			goto out;
		}
		if (set_url(u, loc, true, shown, &abs, err) < 0)
			goto out;
		hop->location = xstrdup(abs);
		free(loc);
		loc = NULL;
		redirects++;
	}
	if (finish_page(out, shown, err) < 0)
		goto out;
	out->tls_chain = final_chain(tls, out->nhops);
	out->fetched_at = time(NULL);
	rc = 0;
out:
	for (i = 0; tls != NULL && i < out->nhops; i++) {
		free(tls[i].origin);
		free(tls[i].chain);
	}
	free(tls);
	if (rc < 0)
		fetch_release(out);
	free(loc);
	curl_free(abs);
	curl_slist_free_all(resolve);
	curl_easy_cleanup(h);
	curl_url_cleanup(u);
	free(shown);
	return rc;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): decimal seconds, or unset. */
static int
source_date(time_t *t, struct error *err)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	const char *p;
	uint64_t v = 0;
	char *shown;

	if (s == NULL) {
		*t = time(NULL);
		return 0;
	}
	for (p = s; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > EPOCH_MAX)
			break;
	}
	if (p == s || *p != '\0' || v > EPOCH_MAX) {
		shown = shown_text(s, strlen(s));
		error_set(err, RC_USAGE,
		    "SOURCE_DATE_EPOCH: not a decimal number of seconds: '%s'",
		    shown);
		free(shown);
		return -1;
	}
	*t = (time_t)v;
	return 0;
}

int
fetch_file(const char *path, const char *url, const struct fetch_opts *o,
    struct page *out, struct error *err)
{
	CURLU *u = NULL;
	char *scheme = NULL, *shown;
	struct fetch_hop *hop;
	time_t when;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	shown = shown_url(url);
	u = curl_url();
	if (u == NULL) {
		error_set(err, RC_SYS, "%s: out of memory", shown);
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    !scheme_ok(scheme)) {
		error_set(err, RC_USAGE, "%s: not an http or https URL", shown);
		goto out;
	}
	if (source_date(&when, err) < 0)
		goto out;
	hop = add_hop(out, xstrdup(url), o);
	if (buf_read_file(&hop->body, path, err) < 0)
		goto out;
	out->requested_url = xstrdup(url);
	out->final_url = xstrdup(url);
	out->source_file = xstrdup(path);
	out->content_type = xstrdup("text/html");
	out->fetched_at = when;
	out->body = hop->body.data;
	out->body_len = hop->body.len;
	rc = 0;
out:
	if (rc < 0)
		fetch_release(out);
	curl_free(scheme);
	curl_url_cleanup(u);
	free(shown);
	return rc;
}

void
fetch_release(struct page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nhops; i++)
		hop_release(&p->hops[i]);
	free(p->hops);
	free(p->requested_url);
	free(p->final_url);
	free(p->content_type);
	free(p->charset);
	free(p->etag);
	free(p->last_modified);
	free(p->peer_ip);
	free(p->tls_chain);
	free(p->source_file);
	memset(p, 0, sizeof(*p));
}
