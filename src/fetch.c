#include <arpa/inet.h>
#include <limits.h>
#include <locale.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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
/* First retry waits about this long; each later one twice as long. */
#define RETRY_BASE_MS 1000L
/* How far past the next job fetch_many looks for one whose host is free. */
#define ADMIT_WINDOW 256
/* Longest sleep of the scheduler when nothing happens. */
#define POLL_MAX_MS 1000L
/* A longer host label is not a domain name (RFC 1035). */
#define LABEL_MAX 63

/* X509_V_ERR_* codes, as CURLINFO_SSL_VERIFYRESULT reports them. */
enum {
	X509_UNABLE_TO_GET_ISSUER = 2,
	X509_NOT_YET_VALID = 9,
	X509_EXPIRED = 10,
	X509_SELF_SIGNED = 18,
	X509_SELF_SIGNED_IN_CHAIN = 19,
	X509_UNABLE_TO_GET_ISSUER_LOCALLY = 20,
	X509_UNABLE_TO_VERIFY_LEAF = 21,
	X509_REVOKED = 23,
	X509_HOSTNAME_MISMATCH = 62,
	X509_IP_MISMATCH = 64
};

/* Per-transfer state shared with the libcurl callbacks. */
struct xfer {
	struct fetch_hop *hop;
	const struct fetch_opts *o;
	bool after_public;	/* an earlier hop reached a public address */
	bool proxied;		/* the peer is a proxy: no private policy */
	bool in_body;
	bool request_too_big;
	bool head_too_big;
	bool body_too_big;
	bool refused;
	int last_debug;
	char refusal[ERROR_MSG_LEN];
};

enum job_kind {
	KIND_PAGE,		/* HTML pages only, 2xx only */
	KIND_ROBOTS		/* any type, any final status */
};

/* Running transfers and the last request start, per host name. */
struct host_slot {
	char *name;
	int running;
	long last_start;
};

/* PEM chains seen on handshakes, by "https://host:port ip". */
struct chain_entry {
	char *key;
	char *pem;
};

struct engine {
	CURLM *multi;
	enum job_kind kind;
	int per_host;
	long host_delay;
	struct host_slot *hosts;
	size_t nhosts;
	struct chain_entry *chains;
	size_t nchains;
	unsigned int seed;
};

/* One fetch in progress: its handle, its URL parser and the page so far. */
struct job {
	const struct fetch_job *spec;
	const struct fetch_opts *o;
	CURL *h;
	CURLU *u;
	struct curl_slist *resolve;
	struct curl_slist *headers;	/* conditional request headers */
	struct page page;
	struct xfer x;
	struct error err;
	char errbuf[CURL_ERROR_SIZE];
	char *shown;		/* requested URL for messages */
	char *next_url;		/* what the next request asks for */
	char *host;		/* next_url's host name, ASCII lower-case */
	char *run_host;		/* host slot of the running request */
	char *user;		/* credentials of a PERSON's URL, decoded */
	char *password;
	char *auth_origin;	/* the only origin they are sent to */
	long not_before;	/* monotonic ms */
	long deadline;		/* monotonic ms, 0 for none */
	int redirects;
	int attempts;		/* of the current hop, after its first */
	bool retrying;		/* the next request repeats the hop */
	bool running;
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
	o->retries = FETCH_RETRIES;
	o->max_retry_wait = FETCH_MAX_RETRY_WAIT;
	o->origin = FETCH_ORIGIN_PERSON;
	o->user_agent = NULL;
	o->ca_file = NULL;
	o->resolve = NULL;
	o->allow_private = false;
	o->proxy_env = false;
}

void
fetch_global_cleanup(void)
{
	if (curl_ready)
		curl_global_cleanup();
	curl_ready = false;
}

/*
 * IPv4 as inet_aton reads it: one to four parts, each decimal, octal
 * (leading 0) or hex (0x), the last part filling the remaining bytes.  URL
 * parsers and resolvers accept these spellings, so the classifier must too.
 */
static bool
parse_v4(const char *s, unsigned char a[4])
{
	uint64_t part[4], v, max;
	const char *p = s, *start;
	int n = 0, base, d, i;

	for (;;) {
		if (n == 4)
			return false;
		base = 10;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			base = 16;
			p += 2;
		} else if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') {
			base = 8;
			p++;
		}
		start = p;
		v = 0;
		for (;; p++) {
			if (*p >= '0' && *p <= '9')
				d = *p - '0';
			else if (base == 16 && *p >= 'a' && *p <= 'f')
				d = *p - 'a' + 10;
			else if (base == 16 && *p >= 'A' && *p <= 'F')
				d = *p - 'A' + 10;
			else
				break;
			if (d >= base)
				return false;
			v = v * (uint64_t)base + (uint64_t)d;
			if (v > 0xffffffffu)
				return false;
		}
		if (p == start)
			return false;
		part[n++] = v;
		if (*p == '\0')
			break;
		if (*p != '.')
			return false;
		p++;
	}
	for (i = 0; i < n - 1; i++)
		if (part[i] > 255)
			return false;
	max = n == 1 ? 0xffffffffu : (uint64_t)0xffffffffu >> (8 * (n - 1));
	if (part[n - 1] > max)
		return false;
	v = part[n - 1];
	for (i = 0; i < n - 1; i++)
		v |= part[i] << (8 * (3 - i));
	a[0] = (unsigned char)(v >> 24);
	a[1] = (unsigned char)(v >> 16);
	a[2] = (unsigned char)(v >> 8);
	a[3] = (unsigned char)v;
	return true;
}

/*
 * Link-local addresses reach the host's own network services, above all the
 * cloud metadata endpoint (169.254.169.254, fd00:ec2::254) that hands out
 * credentials; a page must never make us talk to them, whatever the policy
 * on private addresses says.
 */
static enum fetch_addr_class
classify_v4(const unsigned char *a)
{
	if (a[0] == 169 && a[1] == 254)
		return FETCH_ADDR_LINK_LOCAL;
	/* Alibaba Cloud's metadata service lives in 100.64/10. */
	if (a[0] == 100 && a[1] == 100 && a[2] == 100 && a[3] == 200)
		return FETCH_ADDR_METADATA;
	if (a[0] == 127)
		return FETCH_ADDR_LOOPBACK;
	if (a[0] == 0 || a[0] == 10 ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	    (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	    (a[0] == 192 && a[1] == 168) ||
	    (a[0] == 192 && a[1] == 0 && a[2] == 0) ||
	    (a[0] == 198 && (a[1] & 0xfe) == 18) ||
	    a[0] >= 224)
		return FETCH_ADDR_PRIVATE;
	return FETCH_ADDR_PUBLIC;
}

/* IPv6 forms that embed an IPv4 address are judged by what they embed. */
static enum fetch_addr_class
classify_v6(const unsigned char *a)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	static const unsigned char zero[16] = { 0 };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	static const unsigned char aws[16] = {
		0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
	};
	enum fetch_addr_class c;

	if (memcmp(a, zero, 15) == 0)
		return a[15] == 1 ? FETCH_ADDR_LOOPBACK : FETCH_ADDR_PRIVATE;
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, zero, 12) == 0 ||
	    memcmp(a, nat64, 12) == 0)
		return classify_v4(a + 12);
	if (a[0] == 0x20 && a[1] == 0x02) {
		/* 6to4 carries the IPv4 address in bytes 2 to 5. */
		c = classify_v4(a + 2);
		if (c != FETCH_ADDR_PUBLIC)
			return c;
	}
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return FETCH_ADDR_LINK_LOCAL;
	if (memcmp(a, aws, 16) == 0)
		return FETCH_ADDR_METADATA;
	if ((a[0] & 0xfe) == 0xfc || a[0] == 0xff ||
	    (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0))
		return FETCH_ADDR_PRIVATE;
	return FETCH_ADDR_PUBLIC;
}

enum fetch_addr_class
fetch_classify_addr(const char *ip)
{
	unsigned char a[16];
	char tmp[INET6_ADDRSTRLEN];
	size_t n;

	if (ip == NULL)
		return FETCH_ADDR_INVALID;
	if (parse_v4(ip, a))
		return classify_v4(a);
	if (*ip == '[')
		ip++;
	n = strcspn(ip, "%]");
	if (n >= sizeof(tmp))
		return FETCH_ADDR_INVALID;
	memcpy(tmp, ip, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, a) == 1)
		return classify_v6(a);
	return FETCH_ADDR_INVALID;
}

static const char *
class_name(enum fetch_addr_class c)
{
	return c == FETCH_ADDR_LOOPBACK ? "loopback" : "private";
}

/*
 * The peer policy, as a reason (for "<url>: <reason>") or NULL.  A person
 * who types or lists a loopback or intranet URL means it; a feed item, or a
 * redirect out of the public internet, may be someone steering us at our
 * own network (SSRF), so those need allow_private.  Behind a proxy the peer
 * is the proxy, which decides where requests go.
 */
static bool
peer_refused(enum fetch_addr_class c, const char *ip, bool after_public,
    bool proxied, const struct fetch_opts *o, char *why, size_t len)
{
	if (c == FETCH_ADDR_LINK_LOCAL) {
		snprintf(why, len, "refusing to connect to link-local "
		    "address %s", ip);
		return true;
	}
	if (c == FETCH_ADDR_METADATA) {
		snprintf(why, len, "refusing to connect to cloud metadata "
		    "address %s", ip);
		return true;
	}
	if ((c != FETCH_ADDR_LOOPBACK && c != FETCH_ADDR_PRIVATE) ||
	    o->allow_private || proxied)
		return false;
	if (o->origin == FETCH_ORIGIN_FEED) {
		snprintf(why, len, "refusing to connect to %s address %s for "
		    "a feed item (see --allow-private)", class_name(c), ip);
		return true;
	}
	if (after_public) {
		snprintf(why, len, "refusing a redirect from a public address "
		    "to %s address %s (see --allow-private)", class_name(c),
		    ip);
		return true;
	}
	return false;
}

/* Whether curl will use a proxy from the environment for some URL. */
static bool
proxy_in_env(void)
{
	static const char *const names[] = {
		"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
		"ALL_PROXY"
	};
	size_t i;
	const char *v;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = getenv(names[i]);
		if (v != NULL && *v != '\0')
			return true;
	}
	return false;
}

static void
refuse(struct xfer *x, enum fetch_addr_class c, const char *ip)
{
	if (peer_refused(c, ip, x->after_public, x->proxied, x->o,
	    x->refusal, sizeof(x->refusal)))
		x->refused = true;
}

/*
 * Called with the address libcurl is about to connect to, after name
 * resolution and --resolve, so it judges the real peer and not the URL text
 * (numeric spellings, DNS rebinding); refusing here means no packet is ever
 * sent to it.
 */
static curl_socket_t
on_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct xfer *x = arg;
	const unsigned char *raw;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	char ip[INET6_ADDRSTRLEN] = "";
	enum fetch_addr_class c = FETCH_ADDR_INVALID;

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
	refuse(x, c, ip);
	if (x->refused)
		return CURL_SOCKET_BAD;
	return socket(sa->family, sa->socktype, sa->protocol);
}

/* Second check, on every request, reused connections included. */
static int
on_prereq(void *arg, char *primary_ip, char *local_ip, int primary_port,
    int local_port)
{
	struct xfer *x = arg;

	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	refuse(x, fetch_classify_addr(primary_ip), primary_ip);
	return x->refused ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
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

/*
 * Gets the body after content decoding, so the cap holds against a small
 * gzip, brotli or zstd bomb: the first byte past it aborts the transfer.
 */
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
 * url without "user:password@" in its authority, which must reach no
 * terminal, log, index or archive.
 */
static char *
strip_userinfo(const char *url)
{
	const char *auth = url, *end, *at = NULL, *p;
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);

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

/* The URL as shown in messages: no user:password, no control bytes. */
static char *
shown_url(const char *url)
{
	struct buf b = BUF_INIT(SHOWN_URL_MAX + 16);
	char *s = strip_userinfo(url);

	add_shown(&b, s, strlen(s), SHOWN_URL_MAX);
	free(s);
	return buf_detach(&b, NULL);
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
static char *
url_origin(CURLU *u)
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
		*p = (char)ascii_lower((unsigned char)*p);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return s;
}

/* The URL u holds, host in ASCII form; "" if it has none. */
static char *
url_abs(CURLU *u)
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
static char *
url_host(CURLU *u)
{
	char *host = NULL, *s;

	if (curl_url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE) !=
	    CURLUE_OK && curl_url_get(u, CURLUPART_HOST, &host, 0) !=
	    CURLUE_OK)
		return xstrdup("");
	s = lower_dup(host, strlen(host));
	curl_free(host);
	return s;
}

/*
 * The host of a URL as text, lower-case, for guessing which host a job not
 * yet started will ask; the limits themselves use url_host().
 */
static void
text_host(const char *url, char *out, size_t len)
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
		out[i] = (char)ascii_lower((unsigned char)p[i]);
	out[n] = '\0';
}

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
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
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
static void
set_host_forms(struct page *p, const char *url)
{
	CURLU *u = curl_url();

	if (u == NULL)
		return;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK) {
		p->host_ascii = url_host(u);
		p->host_unicode = host_unicode(p->host_ascii);
	}
	curl_url_cleanup(u);
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
global_init(struct error *err)
{
	CURLcode cc;

	if (curl_ready)
		return 0;
	cc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (cc != CURLE_OK)
		return error_set(err, RC_NET, "cannot initialise libcurl: %s",
		    curl_easy_strerror(cc));
	curl_ready = true;
	return 0;
}

/* The options every request of a job shares. */
static CURLcode
setup_handle(struct job *j)
{
	const struct fetch_opts *o = j->o;
	CURL *h = j->h;
	CURLcode cc = CURLE_OK;

#define SET(opt, val) \
	do { \
		if (cc == CURLE_OK) \
			cc = curl_easy_setopt(h, opt, val); \
	} while (0)
	SET(CURLOPT_PRIVATE, (void *)j);
	SET(CURLOPT_ERRORBUFFER, j->errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_MAXREDIRS, 0L);
	/* "" ignores http_proxy and friends unless asked to use them. */
	if (!o->proxy_env)
		SET(CURLOPT_PROXY, "");
	SET(CURLOPT_COOKIEFILE, "");
	SET(CURLOPT_HTTPGET, 1L);
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	SET(CURLOPT_PIPEWAIT, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	SET(CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes);
	SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	/* "": every encoding this libcurl decodes (gzip, deflate, br, zstd). */
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file != NULL)
		SET(CURLOPT_CAINFO, o->ca_file);
	SET(CURLOPT_CERTINFO, 1L);
	SET(CURLOPT_USERAGENT, o->user_agent ? o->user_agent :
	    "clipseal/" CLIPSEAL_VERSION);
	if (j->resolve != NULL)
		SET(CURLOPT_RESOLVE, j->resolve);
	if (j->headers != NULL)
		SET(CURLOPT_HTTPHEADER, j->headers);
	SET(CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	SET(CURLOPT_OPENSOCKETDATA, &j->x);
	SET(CURLOPT_PREREQFUNCTION, on_prereq);
	SET(CURLOPT_PREREQDATA, &j->x);
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, &j->x);
	SET(CURLOPT_VERBOSE, 1L);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, &j->x);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, &j->x);
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

/*
 * Replaces the values of the name: header lines in a request head with
 * "[redacted]": the capture shows that credentials were sent, not which.
 */
static void
redact_header(struct buf *head, const char *name)
{
	struct buf out = BUF_INIT(head->max);
	const char *p, *end, *eol;
	size_t nlen = strlen(name);
	bool hit = false;

	if (head->data == NULL)
		return;
	p = head->data;
	end = p + head->len;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		if ((size_t)(eol - p) > nlen && p[nlen] == ':' &&
		    strncasecmp(p, name, nlen) == 0) {
			buf_add(&out, p, nlen);
			buf_addstr(&out, ": [redacted]\r\n");
			hit = true;
		} else {
			buf_add(&out, p, (size_t)(eol - p));
		}
		p = eol;
	}
	if (hit) {
		buf_reset(head);
		buf_add(head, out.data, out.len);
	}
	buf_release(&out);
}

static const char *
plural(long n)
{
	return n == 1 ? "" : "s";
}

/* The line for a refused TLS certificate, naming the reason. */
static int
tls_error(struct job *j, const char *host, struct error *err)
{
	long vr = 0;
	const char *why = j->errbuf;
	static const char prefix[] = "SSL certificate problem: ";

	curl_easy_getinfo(j->h, CURLINFO_SSL_VERIFYRESULT, &vr);
	switch (vr) {
	case X509_EXPIRED:
		return error_set(err, RC_NET, "%s: TLS certificate has expired",
		    j->shown);
	case X509_NOT_YET_VALID:
		return error_set(err, RC_NET,
		    "%s: TLS certificate is not valid yet", j->shown);
	case X509_SELF_SIGNED:
	case X509_SELF_SIGNED_IN_CHAIN:
		return error_set(err, RC_NET, "%s: TLS certificate is "
		    "self-signed and not trusted (see --ca-file)", j->shown);
	case X509_UNABLE_TO_GET_ISSUER:
	case X509_UNABLE_TO_GET_ISSUER_LOCALLY:
	case X509_UNABLE_TO_VERIFY_LEAF:
		return error_set(err, RC_NET, "%s: TLS certificate issued by "
		    "an unknown authority (see --ca-file)", j->shown);
	case X509_REVOKED:
		return error_set(err, RC_NET,
		    "%s: TLS certificate has been revoked", j->shown);
	case X509_HOSTNAME_MISMATCH:
	case X509_IP_MISMATCH:
		break;
	default:
		if (strstr(why, "subject name") == NULL) {
			if (strncmp(why, prefix, sizeof(prefix) - 1) == 0)
				why += sizeof(prefix) - 1;
			return error_set(err, RC_NET,
			    "%s: TLS certificate not accepted (%s)", j->shown,
			    why);
		}
	}
	return error_set(err, RC_NET,
	    "%s: TLS certificate is not valid for host '%s'", j->shown, host);
}

/* The message for a failed transfer. */
static int
transfer_error(struct job *j, CURLcode cc, struct error *err)
{
	const struct xfer *x = &j->x;
	const struct fetch_opts *o = j->o;
	const char *what = curl_easy_strerror(cc);
	const char *errbuf = j->errbuf;

	if (x->refused)
		return error_set(err, RC_NET, "%s: %s", j->shown, x->refusal);
	if (x->body_too_big || cc == CURLE_FILESIZE_EXCEEDED)
		return error_set(err, RC_NET, "%s: body larger than %zu bytes",
		    j->shown, o->max_bytes);
	if (x->head_too_big)
		return error_set(err, RC_NET,
		    "%s: response headers larger than %zu bytes", j->shown,
		    o->max_header);
	if (x->request_too_big)
		return error_set(err, RC_NET,
		    "%s: request headers larger than %zu bytes", j->shown,
		    o->max_header);
	if (cc == CURLE_OPERATION_TIMEDOUT) {
		if (strncmp(errbuf, "Operation too slow", 18) == 0)
			return error_set(err, RC_NET, "%s: too slow: less than "
			    "%ld byte%s per second for %ld second%s", j->shown,
			    o->low_speed_bytes, plural(o->low_speed_bytes),
			    o->low_speed_time, plural(o->low_speed_time));
		if (strncmp(errbuf, "Connection timed out", 20) == 0 &&
		    (j->deadline == 0 || now_ms() < j->deadline - 50))
			return error_set(err, RC_NET, "%s: could not connect "
			    "within %ld second%s", j->shown,
			    o->connect_timeout, plural(o->connect_timeout));
		return error_set(err, RC_NET, "%s: timed out after %ld "
		    "second%s", j->shown, o->timeout, plural(o->timeout));
	}
	if (cc == CURLE_PEER_FAILED_VERIFICATION)
		return tls_error(j, j->run_host ? j->run_host : "", err);
	if (errbuf[0] != '\0' && strcmp(errbuf, what) != 0)
		return error_set(err, RC_NET, "%s: %s (%s)", j->shown, what,
		    errbuf);
	return error_set(err, RC_NET, "%s: %s", j->shown, what);
}

/*
 * If-None-Match and If-Modified-Since from the caller's copy.  The values
 * come from an earlier response, so one holding CR or LF (header
 * injection) is dropped rather than sent.
 */
static int
add_validators(struct job *j)
{
	const char *names[2] = { "If-None-Match", "If-Modified-Since" };
	const char *values[2] = { j->o->if_none_match, j->o->if_modified_since };
	struct curl_slist *l;
	char *line;
	int i;

	for (i = 0; i < 2; i++) {
		if (values[i] == NULL || *values[i] == '\0' ||
		    strpbrk(values[i], "\r\n") != NULL)
			continue;
		line = xasprintf("%s: %s", names[i], values[i]);
		l = curl_slist_append(j->headers, line);
		free(line);
		if (l == NULL)
			return -1;
		j->headers = l;
	}
	return 0;
}

/* The media types a feed is served as, for fetch_opts.accept_feed. */
static bool
is_feed_type(const char *type)
{
	static const char *const types[] = {
		"application/rss+xml", "application/atom+xml",
		"application/rdf+xml", "application/xml", "text/xml", NULL
	};
	int i;

	for (i = 0; types[i]; i++)
		if (strcmp(type, types[i]) == 0)
			return true;
	return false;
}

static bool
is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

static bool
is_retryable(long status)
{
	return status == 429 || (status >= 500 && status <= 599);
}

/* The HTTP error line: "<url>: HTTP 503 Service Unavailable<more>". */
static int
status_error(struct job *j, const struct fetch_hop *hop, const char *more,
    struct error *err)
{
	char *reason = status_reason(&hop->response, hop->status);

	error_set(err, RC_NET, "%s: HTTP %ld%s%s%s", j->shown, hop->status,
	    *reason ? " " : "", reason, more);
	free(reason);
	return -1;
}

/* The final checks: status, then content type; fills the page's fields. */
static int
finish_page(struct job *j, enum job_kind kind, struct error *err)
{
	struct page *p = &j->page;
	struct fetch_hop *hop = &p->hops[p->nhops - 1];
	char *value = NULL, *s = NULL, more[64] = "";
	int rc = -1;

	p->status = hop->status;
	if (kind == KIND_PAGE && hop->status == 304 && j->headers != NULL) {
		/* Not modified: the caller's copy stands; nothing to check. */
		p->final_url = xstrdup(hop->url);
		p->peer_ip = hop->peer_ip ? xstrdup(hop->peer_ip) : NULL;
		p->etag = head_value(&hop->response, "ETag");
		p->last_modified = head_value(&hop->response, "Last-Modified");
		p->body = hop->body.data ? hop->body.data : "";
		p->body_len = 0;
		set_host_forms(p, p->final_url);
		p->fetched_at = time(NULL);
		rc = 0;
		goto out;
	}
	if (kind == KIND_PAGE && (hop->status < 200 || hop->status > 299)) {
		if (j->attempts > 0)
			snprintf(more, sizeof(more), " (after %d attempts)",
			    j->attempts + 1);
		status_error(j, hop, more, err);
		goto out;
	}
	value = head_value(&hop->response, "Content-Type");
	if (value != NULL && *value != '\0') {
		parse_content_type(value, &p->content_type, &p->charset);
	} else if (looks_like_html(hop->body.data, hop->body.len)) {
		p->content_type = xstrdup("text/html");
	} else if (kind == KIND_PAGE) {
		error_set(err, RC_CONTENT,
		    "%s: no content type, and the body is not HTML", j->shown);
		goto out;
	}
	if (kind == KIND_PAGE &&
	    strcmp(p->content_type, "text/html") != 0 &&
	    strcmp(p->content_type, "application/xhtml+xml") != 0 &&
	    !(j->o->accept_feed && is_feed_type(p->content_type))) {
		s = shown_text(p->content_type, strlen(p->content_type));
		error_set(err, RC_CONTENT, "%s: unsupported content type '%s'",
		    j->shown, s);
		goto out;
	}
	p->etag = head_value(&hop->response, "ETag");
	p->last_modified = head_value(&hop->response, "Last-Modified");
	p->final_url = xstrdup(hop->url);
	p->peer_ip = hop->peer_ip ? xstrdup(hop->peer_ip) : NULL;
	p->body = hop->body.data;
	p->body_len = hop->body.len;
	set_host_forms(p, p->final_url);
	p->fetched_at = time(NULL);
	rc = 0;
out:
	free(s);
	free(value);
	return rc;
}

/* Retry-After in seconds from now (delta or HTTP date), or -1. */
static long
retry_after(const struct buf *head)
{
	char *v = head_value(head, "Retry-After");
	long secs = -1;
	time_t t;

	if (v == NULL)
		return -1;
	if (*v >= '0' && *v <= '9' && strspn(v, "0123456789") == strlen(v)) {
		secs = strlen(v) > 9 ? LONG_MAX / 1000 : atol(v);
	} else {
		t = curl_getdate(v, NULL);
		if (t != -1)
			secs = t > time(NULL) ? (long)(t - time(NULL)) : 0;
	}
	free(v);
	return secs;
}

/* xorshift: jitter only, not secrets. */
static unsigned int
next_random(struct engine *e)
{
	unsigned int x = e->seed ? e->seed : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	e->seed = x;
	return x;
}

/*
 * Plans the next attempt of a hop that answered 429 or 5xx: after
 * Retry-After if the server gave one, else after an exponential backoff
 * with jitter, so that clients do not come back in step.  Returns 0 and
 * sets not_before, or -1 when it would wait too long.
 */
static int
plan_retry(struct engine *e, struct job *j, const struct fetch_hop *hop,
    struct error *err)
{
	const struct fetch_opts *o = j->o;
	long ra = retry_after(&hop->response), wait, base, now = now_ms();
	char more[128];

	if (ra > o->max_retry_wait) {
		snprintf(more, sizeof(more), " (Retry-After %ld seconds is "
		    "more than the %ld-second limit)", ra, o->max_retry_wait);
		return status_error(j, hop, more, err);
	}
	if (ra >= 0) {
		wait = ra * 1000;
	} else {
		base = RETRY_BASE_MS << (j->attempts < 20 ? j->attempts : 20);
		if (base > o->max_retry_wait * 1000)
			base = o->max_retry_wait * 1000;
		wait = base / 2 + (long)(next_random(e) % (unsigned)(base / 2 +
		    1));
	}
	if (j->deadline && now + wait >= j->deadline) {
		snprintf(more, sizeof(more), " (a retry in %ld second%s would "
		    "pass the %ld-second timeout)", (wait + 999) / 1000,
		    plural((wait + 999) / 1000), o->timeout);
		return status_error(j, hop, more, err);
	}
	j->not_before = now + wait;
	j->attempts++;
	j->page.retries++;
	j->retrying = true;
	return 0;
}

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	fetch_release(&j->page);
	free(j->shown);
	free(j->next_url);
	free(j->host);
	free(j->run_host);
	free(j->user);
	free(j->password);
	free(j->auth_origin);
	curl_slist_free_all(j->resolve);
	curl_slist_free_all(j->headers);
	curl_easy_cleanup(j->h);
	curl_url_cleanup(j->u);
	free(j);
}

/*
 * Parses the job's URL and sets up its handle.  A person's URL may carry
 * user:password (sent only to its own origin and stored nowhere); a list's
 * or a feed's may not: such URLs leak credentials into logs and archives.
 */
static int
job_init(struct job *j, struct error *err)
{
	const char *url = j->spec->url;
	char *user = NULL, *password = NULL, *abs = NULL;
	CURLcode cc;
	int rc = -1;

	j->shown = shown_url(url);
	j->page.requested_url = strip_userinfo(url);
	j->u = curl_url();
	j->h = curl_easy_init();
	if (j->u == NULL || j->h == NULL) {
		error_set(err, RC_NET, "%s: cannot initialise libcurl",
		    j->shown);
		goto out;
	}
	if (set_url(j->u, url, false, j->shown, &abs, err) < 0)
		goto out;
	curl_url_get(j->u, CURLUPART_USER, &user, CURLU_URLDECODE);
	curl_url_get(j->u, CURLUPART_PASSWORD, &password, CURLU_URLDECODE);
	if (user != NULL || password != NULL) {
		if (j->o->origin != FETCH_ORIGIN_PERSON) {
			error_set(err, RC_NET, "%s: URL carries a user name or "
			    "password", j->shown);
			goto out;
		}
		j->user = xstrdup(user ? user : "");
		j->password = xstrdup(password ? password : "");
		curl_url_set(j->u, CURLUPART_USER, NULL, 0);
		curl_url_set(j->u, CURLUPART_PASSWORD, NULL, 0);
		j->auth_origin = url_origin(j->u);
	}
	j->next_url = url_abs(j->u);
	j->host = url_host(j->u);
	if (j->o->resolve != NULL) {
		j->resolve = curl_slist_append(NULL, j->o->resolve);
		if (j->resolve == NULL) {
			error_set(err, RC_NET, "%s: cannot initialise libcurl",
			    j->shown);
			goto out;
		}
	}
	if (add_validators(j) < 0) {
		error_set(err, RC_NET, "%s: cannot initialise libcurl",
		    j->shown);
		goto out;
	}
	j->x.o = j->o;
	j->x.proxied = j->o->proxy_env && proxy_in_env();
	cc = setup_handle(j);
	if (cc != CURLE_OK) {
		error_set(err, RC_NET, "%s: cannot set up libcurl: %s",
		    j->shown, curl_easy_strerror(cc));
		goto out;
	}
	rc = 0;
out:
	curl_free(user);
	curl_free(password);
	curl_free(abs);
	return rc;
}

static struct host_slot *
host_slot(struct engine *e, const char *name)
{
	struct host_slot *s;
	size_t i;

	for (i = 0; i < e->nhosts; i++)
		if (strcmp(e->hosts[i].name, name) == 0)
			return &e->hosts[i];
	e->hosts = xrealloc(e->hosts, (e->nhosts + 1) * sizeof(*e->hosts));
	s = &e->hosts[e->nhosts++];
	s->name = xstrdup(name);
	s->running = 0;
	s->last_start = LONG_MIN / 2;
	return s;
}

/* Forgets hosts that neither run nor need spacing any more. */
static void
prune_hosts(struct engine *e, long now)
{
	size_t i = 0;

	while (i < e->nhosts) {
		struct host_slot *s = &e->hosts[i];

		if (s->running == 0 && now - s->last_start >= e->host_delay) {
			free(s->name);
			*s = e->hosts[--e->nhosts];
		} else {
			i++;
		}
	}
}

/* The earliest time j may start, or LONG_MAX while its host is full. */
static long
start_time(struct engine *e, const struct job *j)
{
	struct host_slot *s = host_slot(e, j->host);
	long t = j->not_before;

	if (s->running >= e->per_host)
		return LONG_MAX;
	if (s->last_start + e->host_delay > t)
		t = s->last_start + e->host_delay;
	return t;
}

/* Starts the next request of j: a new hop, or the last one again. */
static int
job_start(struct engine *e, struct job *j, long now, struct error *err)
{
	struct fetch_hop *hop;
	struct host_slot *s;
	char *origin;
	bool auth;
	CURLcode cc;
	CURLMcode mc;
	long left = 0;

	if (j->o->timeout > 0 && j->deadline == 0)
		j->deadline = now + j->o->timeout * 1000;
	if (j->deadline) {
		left = j->deadline - now;
		if (left <= 0)
			return error_set(err, RC_NET, "%s: timed out after %ld "
			    "second%s", j->shown, j->o->timeout,
			    plural(j->o->timeout));
	}
	if (j->retrying) {
		hop = &j->page.hops[j->page.nhops - 1];
		hop->status = 0;
		free(hop->peer_ip);
		hop->peer_ip = NULL;
		buf_release(&hop->request);
		buf_release(&hop->response);
		buf_release(&hop->body);
		j->retrying = false;
	} else {
		hop = add_hop(&j->page, xstrdup(j->next_url), j->o);
	}
	j->x.hop = hop;
	j->x.in_body = false;
	j->x.request_too_big = false;
	j->x.head_too_big = false;
	j->x.body_too_big = false;
	j->x.refused = false;
	j->x.last_debug = -1;
	j->errbuf[0] = '\0';
	origin = url_origin(j->u);
	auth = j->auth_origin != NULL && origin != NULL &&
	    strcmp(origin, j->auth_origin) == 0;
	free(origin);
	cc = curl_easy_setopt(j->h, CURLOPT_USERNAME, auth ? j->user : NULL);
	if (cc == CURLE_OK)
		cc = curl_easy_setopt(j->h, CURLOPT_PASSWORD,
		    auth ? j->password : NULL);
	if (cc == CURLE_OK)
		cc = curl_easy_setopt(j->h, CURLOPT_TIMEOUT_MS, left);
	if (cc == CURLE_OK)
		cc = curl_easy_setopt(j->h, CURLOPT_URL, hop->url);
	if (cc != CURLE_OK)
		return error_set(err, RC_NET, "%s: cannot set up libcurl: %s",
		    j->shown, curl_easy_strerror(cc));
	mc = curl_multi_add_handle(e->multi, j->h);
	if (mc != CURLM_OK)
		return error_set(err, RC_NET, "%s: cannot start transfer: %s",
		    j->shown, curl_multi_strerror(mc));
	s = host_slot(e, j->host);
	s->running++;
	s->last_start = now;
	free(j->run_host);
	j->run_host = xstrdup(j->host);
	j->running = true;
	return 0;
}

/* Keeps the chain of a fresh handshake for later requests on its conn. */
static void
remember_chain(struct engine *e, const char *key, char *pem)
{
	size_t i;

	for (i = 0; i < e->nchains; i++) {
		if (strcmp(e->chains[i].key, key) == 0) {
			free(e->chains[i].pem);
			e->chains[i].pem = pem;
			return;
		}
	}
	e->chains = xrealloc(e->chains, (e->nchains + 1) * sizeof(*e->chains));
	e->chains[e->nchains].key = xstrdup(key);
	e->chains[e->nchains].pem = pem;
	e->nchains++;
}

static const char *
known_chain(const struct engine *e, const char *key)
{
	size_t i;

	for (i = 0; i < e->nchains; i++)
		if (strcmp(e->chains[i].key, key) == 0)
			return e->chains[i].pem;
	return NULL;
}

/* "https://host:port ip" for an https hop, else NULL. */
static char *
chain_key(CURLU *u, const char *ip)
{
	char *origin = url_origin(u), *key = NULL;

	if (origin != NULL && strncmp(origin, "https://", 8) == 0)
		key = xasprintf("%s %s", origin, ip ? ip : "");
	free(origin);
	return key;
}

/*
 * After a transfer of j ended with cc: 1 when the page is complete, 0 when
 * j waits for its next request (redirect or retry), -1 on failure.
 */
static int
job_step(struct engine *e, struct job *j, CURLcode cc, struct error *err)
{
	struct fetch_hop *hop = &j->page.hops[j->page.nhops - 1];
	struct host_slot *s;
	char *ip = NULL, *loc = NULL, *abs = NULL, *key, *pem;
	long connects = 0;
	int rc = -1;

	curl_multi_remove_handle(e->multi, j->h);
	j->running = false;
	s = host_slot(e, j->run_host);
	if (s->running > 0)
		s->running--;
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &hop->status);
	if (curl_easy_getinfo(j->h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK &&
	    ip != NULL && *ip != '\0')
		hop->peer_ip = xstrdup(ip);
	curl_easy_getinfo(j->h, CURLINFO_NUM_CONNECTS, &connects);
	key = chain_key(j->u, hop->peer_ip);
	if (key != NULL && connects > 0) {
		pem = cert_chain(j->h);
		if (pem != NULL)
			remember_chain(e, key, pem);
	}
	redact_header(&hop->request, "Authorization");
	redact_header(&hop->request, "Proxy-Authorization");
	if (cc != CURLE_OK || j->x.refused) {
		transfer_error(j, cc, err);
		goto out;
	}
	/* An empty body is still a string. */
	buf_add(&hop->body, "", 0);
	if (fetch_classify_addr(hop->peer_ip) == FETCH_ADDR_PUBLIC)
		j->x.after_public = true;
	if (is_retryable(hop->status) && j->attempts < j->o->retries) {
		rc = plan_retry(e, j, hop, err);
		goto out;
	}
	loc = is_redirect(hop->status) ?
	    head_value(&hop->response, "Location") : NULL;
	if (loc != NULL && *loc != '\0') {
		if (j->redirects >= j->o->max_redirects) {
			error_set(err, RC_NET,
			    "%s: too many redirects (more than %d)", j->shown,
			    j->o->max_redirects);
			goto out;
		}
		if (set_url(j->u, loc, true, j->shown, &abs, err) < 0)
			goto out;
		/* Credentials a server puts in a Location are not used. */
		curl_url_set(j->u, CURLUPART_USER, NULL, 0);
		curl_url_set(j->u, CURLUPART_PASSWORD, NULL, 0);
		free(j->next_url);
		j->next_url = url_abs(j->u);
		hop->location = xstrdup(j->next_url);
		free(j->host);
		j->host = url_host(j->u);
		j->redirects++;
		j->attempts = 0;
		j->not_before = now_ms();
		rc = 0;
		goto out;
	}
	if (finish_page(j, e->kind, err) < 0)
		goto out;
	free(key);
	key = chain_key(j->u, hop->peer_ip);
	if (key != NULL && known_chain(e, key) != NULL)
		j->page.tls_chain = xstrdup(known_chain(e, key));
	rc = 1;
out:
	free(key);
	free(loc);
	curl_free(abs);
	return rc;
}
/* Reports j to the callback with the locale the caller had, then frees it. */
static void
job_report(struct job *j, int rc, struct error *err, fetch_done_fn done,
    void *arg, locale_t caller)
{
	struct error ok;
	locale_t mine = (locale_t)0;

	if (caller != (locale_t)0)
		mine = uselocale(caller);
	if (rc == 0) {
		error_clear(&ok);
		done(j->spec, &j->page, &ok, 0, arg);
	} else {
		/* A failed page keeps only its final HTTP status. */
		long status = j->page.status;

		fetch_release(&j->page);
		j->page.status = status;
		done(j->spec, &j->page, err, err->rc ? err->rc : RC_NET, arg);
	}
	if (mine != (locale_t)0)
		uselocale(mine);
	job_free(j);
}

/*
 * The next job to admit: the first not yet taken whose host has fewer than
 * per_host active jobs, looking a little way ahead so that one busy host
 * does not hold up the others; n if none (or none yet).
 */
static size_t
pick_job(const struct fetch_job *jobs, size_t n, const bool *taken,
    size_t *cursor, struct job **active, size_t nactive, int per_host)
{
	char host[256];
	size_t i, k, seen = 0;
	int busy;

	while (*cursor < n && taken[*cursor])
		(*cursor)++;
	if (nactive == 0)
		return *cursor;
	for (i = *cursor; i < n && seen < ADMIT_WINDOW; i++) {
		if (taken[i])
			continue;
		seen++;
		text_host(jobs[i].url, host, sizeof(host));
		busy = 0;
		for (k = 0; k < nactive; k++)
			if (strcmp(active[k]->host, host) == 0)
				busy++;
		if (busy < per_host)
			return i;
	}
	return n;
}

static void
drop_active(struct job **active, size_t *nactive, size_t i)
{
	memmove(active + i, active + i + 1,
	    (*nactive - i - 1) * sizeof(*active));
	(*nactive)--;
}

static int
run_jobs(const struct fetch_job *jobs, size_t n, enum job_kind kind,
    int parallel, int per_host, long host_delay_ms, fetch_done_fn done,
    void *arg, struct error *err)
{
	struct engine e;
	struct job **active = NULL, *j;
	struct error jerr;
	struct CURLMsg *msg;
	bool *taken = NULL, progressed;
	size_t nactive = 0, cursor = 0, i, idx;
	long now, wake, t;
	int left, still, r;
	locale_t utf8 = (locale_t)0, caller = (locale_t)0;

	memset(&e, 0, sizeof(e));
	if (global_init(err) < 0)
		return -1;
	e.multi = curl_multi_init();
	if (e.multi == NULL)
		return error_set(err, RC_NET, "cannot initialise libcurl");
	e.kind = kind;
	e.per_host = per_host > 0 ? per_host : 1;
	e.host_delay = host_delay_ms > 0 ? host_delay_ms : 0;
	e.seed = (unsigned int)now_ms() ^ (unsigned int)(uintptr_t)&e;
	if (parallel < 1)
		parallel = 1;
	taken = xcalloc(n ? n : 1, sizeof(*taken));
	active = xcalloc((size_t)parallel, sizeof(*active));
	/*
	 * libcurl turns IDN hosts into ASCII with libidn2, which reads the
	 * host in the locale's charset: make that UTF-8 for this thread only,
	 * whatever the caller's locale is, and give the caller its own back
	 * in the callback.
	 */
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (utf8 != (locale_t)0)
		caller = uselocale(utf8);
	for (;;) {
		now = now_ms();
		prune_hosts(&e, now);
		while (nactive < (size_t)parallel) {
			idx = pick_job(jobs, n, taken, &cursor, active,
			    nactive, e.per_host);
			if (idx >= n)
				break;
			taken[idx] = true;
			j = xcalloc(1, sizeof(*j));
			j->spec = &jobs[idx];
			j->o = jobs[idx].opts;
			j->not_before = now;
			error_clear(&jerr);
			if (job_init(j, &jerr) < 0) {
				job_report(j, -1, &jerr, done, arg, caller);
				continue;
			}
			active[nactive++] = j;
		}
		if (nactive == 0)
			break;
		wake = now + POLL_MAX_MS;
		for (i = 0; i < nactive; i++) {
			j = active[i];
			if (j->running)
				continue;
			error_clear(&jerr);
			t = start_time(&e, j);
			if (j->deadline && now >= j->deadline) {
				error_set(&jerr, RC_NET, "%s: timed out after "
				    "%ld second%s", j->shown, j->o->timeout,
				    plural(j->o->timeout));
			} else if (t <= now) {
				if (job_start(&e, j, now, &jerr) == 0)
					continue;
			} else {
				if (t < wake)
					wake = t;
				continue;
			}
			drop_active(active, &nactive, i--);
			job_report(j, -1, &jerr, done, arg, caller);
		}
		curl_multi_perform(e.multi, &still);
		progressed = false;
		while ((msg = curl_multi_info_read(e.multi, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			j = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&j);
			error_clear(&jerr);
			r = job_step(&e, j, msg->data.result, &jerr);
			progressed = true;
			if (r == 0)
				continue;
			for (i = 0; i < nactive && active[i] != j; i++)
				;
			drop_active(active, &nactive, i);
			job_report(j, r > 0 ? 0 : -1, &jerr, done, arg,
			    caller);
		}
		if (progressed)
			continue;
		t = wake - now_ms();
		if (t > 0)
			curl_multi_poll(e.multi, NULL, 0,
			    (int)(t < POLL_MAX_MS ? t : POLL_MAX_MS), NULL);
	}
	if (caller != (locale_t)0)
		uselocale(caller);
	if (utf8 != (locale_t)0)
		freelocale(utf8);
	for (i = 0; i < e.nhosts; i++)
		free(e.hosts[i].name);
	free(e.hosts);
	for (i = 0; i < e.nchains; i++) {
		free(e.chains[i].key);
		free(e.chains[i].pem);
	}
	free(e.chains);
	free(active);
	free(taken);
	curl_multi_cleanup(e.multi);
	return 0;
}

int
fetch_many(const struct fetch_job *jobs, size_t n, int parallel,
    int per_host, long host_delay_ms, fetch_done_fn done, void *arg,
    struct error *err)
{
	return run_jobs(jobs, n, KIND_PAGE, parallel, per_host,
	    host_delay_ms, done, arg, err);
}

/* What fetch_url and the robots fetch keep from their one job. */
struct taken_page {
	struct page *out;
	struct error *err;
	int rc;
};

static void
take_page(const struct fetch_job *job, struct page *page,
    const struct error *err, int rc, void *arg)
{
	struct taken_page *t = arg;

	(void)job;
	t->rc = rc;
	if (rc == 0) {
		*t->out = *page;
		memset(page, 0, sizeof(*page));
	} else {
		t->out->status = page->status;
		*t->err = *err;
	}
}

static int
fetch_one(const char *url, const struct fetch_opts *o, enum job_kind kind,
    struct page *out, struct error *err)
{
	struct fetch_job job = { url, o, NULL };
	struct taken_page t = { out, err, -1 };
	struct error setup;
	char *shown;

	memset(out, 0, sizeof(*out));
	if (run_jobs(&job, 1, kind, 1, 1, 0, take_page, &t, &setup) < 0) {
		shown = shown_url(url);
		error_set(err, setup.rc, "%s: %s", shown, setup.msg);
		free(shown);
		return -1;
	}
	return t.rc == 0 ? 0 : -1;
}

int
fetch_url(const char *url, const struct fetch_opts *o, struct page *out,
    struct error *err)
{
	return fetch_one(url, o, KIND_PAGE, out, err);
}

int
fetch_check_peer(const char *url, const char *ip, bool after_public,
    const struct fetch_opts *o, struct error *err)
{
	char why[ERROR_MSG_LEN], *shown;

	if (!peer_refused(fetch_classify_addr(ip), ip, after_public, false, o,
	    why, sizeof(why)))
		return 0;
	shown = shown_url(url);
	error_set(err, RC_NET, "%s: %s", shown, why);
	free(shown);
	return -1;
}

/* One Allow or Disallow line of the group that applies to us. */
struct robots_rule {
	char *pattern;
	bool allow;
};

struct robots_site {
	char *origin;
	struct robots_rule *rules;
	size_t nrules;
};

struct fetch_robots {
	struct robots_site *sites;
	size_t nsites;
};

struct fetch_robots *
fetch_robots_new(void)
{
	return xcalloc(1, sizeof(struct fetch_robots));
}

void
fetch_robots_free(struct fetch_robots *r)
{
	size_t i, k;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsites; i++) {
		for (k = 0; k < r->sites[i].nrules; k++)
			free(r->sites[i].rules[k].pattern);
		free(r->sites[i].rules);
		free(r->sites[i].origin);
	}
	free(r->sites);
	free(r);
}

/* Whether a User-agent value names us ("clipseal", "ClipSeal/1.0"). */
static int
agent_match(const char *v, size_t n)
{
	if (n == 1 && v[0] == '*')
		return 1;
	if (n >= 8 && strncasecmp(v, "clipseal", 8) == 0 &&
	    (n == 8 || v[8] == '/' || v[8] == ' '))
		return 2;
	return 0;
}

static void
add_rule(struct robots_rule **rules, size_t *n, const char *v, size_t len,
    bool allow)
{
	*rules = xrealloc(*rules, (*n + 1) * sizeof(**rules));
	(*rules)[*n].pattern = xstrndup(v, len);
	(*rules)[*n].allow = allow;
	(*n)++;
}

/*
 * Parses robots.txt (RFC 9309) into the rules of the groups for clipseal,
 * or for "*" when no group names clipseal.  Consecutive User-agent lines
 * open one group; unknown lines are ignored.
 */
static void
robots_parse(struct robots_site *site, const char *text, size_t len)
{
	struct robots_rule *star = NULL, *ours = NULL;
	size_t nstar = 0, nours = 0, i;
	const char *p = text, *end = text + len, *eol, *colon, *k, *ke, *v, *ve;
	bool in_agents = false, for_star = false, for_us = false;
	bool have_ours = false;
	int m;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		ve = memchr(p, '#', (size_t)(eol - p));
		if (ve == NULL)
			ve = eol;
		colon = memchr(p, ':', (size_t)(ve - p));
		if (colon == NULL) {
			p = eol < end ? eol + 1 : end;
			continue;
		}
		for (k = p; k < colon && is_space(*k); k++)
			;
		for (ke = colon; ke > k && is_space(ke[-1]); ke--)
			;
		for (v = colon + 1; v < ve && is_space(*v); v++)
			;
		while (ve > v && is_space(ve[-1]))
			ve--;
		if ((size_t)(ke - k) == 10 && strncasecmp(k, "user-agent",
		    10) == 0) {
			if (!in_agents)
				for_star = for_us = false;
			in_agents = true;
			m = agent_match(v, (size_t)(ve - v));
			if (m == 1)
				for_star = true;
			if (m == 2)
				for_us = have_ours = true;
		} else if (((size_t)(ke - k) == 5 && strncasecmp(k, "allow",
		    5) == 0) || ((size_t)(ke - k) == 8 &&
		    strncasecmp(k, "disallow", 8) == 0)) {
			in_agents = false;
			/* An empty pattern matches nothing. */
			if (ve > v && for_us)
				add_rule(&ours, &nours, v, (size_t)(ve - v),
				    ke - k == 5);
			if (ve > v && for_star)
				add_rule(&star, &nstar, v, (size_t)(ve - v),
				    ke - k == 5);
		} else if ((size_t)(ke - k) != 7 ||
		    strncasecmp(k, "sitemap", 7) != 0) {
			in_agents = false;
		}
		p = eol < end ? eol + 1 : end;
	}
	if (have_ours) {
		site->rules = ours;
		site->nrules = nours;
		for (i = 0; i < nstar; i++)
			free(star[i].pattern);
		free(star);
	} else {
		site->rules = star;
		site->nrules = nstar;
		for (i = 0; i < nours; i++)
			free(ours[i].pattern);
		free(ours);
	}
}

/* Pattern match: "*" any run, a final "$" the end, else a prefix. */
static bool
rule_matches(const char *pat, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*pat == '\0')
			return true;
		if (*pat == '$' && pat[1] == '\0') {
			if (*s == '\0')
				return true;
		} else if (*pat == '*') {
			star_p = ++pat;
			star_s = s;
			continue;
		} else if (*s != '\0' && *pat == *s) {
			pat++;
			s++;
			continue;
		}
		if (star_p == NULL || *star_s == '\0')
			return false;
		pat = star_p;
		s = ++star_s;
	}
}

static bool
site_allows(const struct robots_site *site, const char *path)
{
	size_t i, best = 0, len;
	bool allow = true, found = false;

	if (strcmp(path, "/robots.txt") == 0)
		return true;
	for (i = 0; i < site->nrules; i++) {
		if (!rule_matches(site->rules[i].pattern, path))
			continue;
		len = strlen(site->rules[i].pattern);
		if (!found || len > best ||
		    (len == best && site->rules[i].allow)) {
			allow = site->rules[i].allow;
			best = len;
			found = true;
		}
	}
	return allow;
}

static struct robots_site *
find_site(struct fetch_robots *r, const char *origin)
{
	size_t i;

	for (i = 0; i < r->nsites; i++)
		if (strcmp(r->sites[i].origin, origin) == 0)
			return &r->sites[i];
	return NULL;
}

static struct robots_site *
new_site(struct fetch_robots *r, const char *origin)
{
	struct robots_site *s;

	r->sites = xrealloc(r->sites, (r->nsites + 1) * sizeof(*r->sites));
	s = &r->sites[r->nsites++];
	memset(s, 0, sizeof(*s));
	s->origin = xstrdup(origin);
	return s;
}

/* Origin ("scheme://host:port") and "/path?query" of url. */
static int
robots_split(const char *url, char **origin, char **path)
{
	CURLU *u = curl_url();
	char *p = NULL, *q = NULL;
	int rc = -1;

	*origin = *path = NULL;
	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	*origin = url_origin(u);
	if (*origin == NULL)
		goto out;
	curl_url_get(u, CURLUPART_PATH, &p, 0);
	curl_url_get(u, CURLUPART_QUERY, &q, 0);
	*path = xasprintf("%s%s%s", p && *p ? p : "/", q ? "?" : "",
	    q ? q : "");
	rc = 0;
out:
	curl_free(p);
	curl_free(q);
	curl_url_cleanup(u);
	return rc;
}

void
fetch_robots_set(struct fetch_robots *r, const char *url, const char *text,
    size_t len)
{
	char *origin, *path;
	struct robots_site *s;
	size_t i;

	if (robots_split(url, &origin, &path) < 0) {
		free(origin);
		return;
	}
	s = find_site(r, origin);
	if (s == NULL) {
		s = new_site(r, origin);
	} else {
		for (i = 0; i < s->nrules; i++)
			free(s->rules[i].pattern);
		free(s->rules);
		s->rules = NULL;
		s->nrules = 0;
	}
	robots_parse(s, text, len);
	free(origin);
	free(path);
}

int
fetch_robots_allowed(struct fetch_robots *r, const char *url,
    const struct fetch_opts *o, struct error *err)
{
	struct fetch_opts ro = *o;
	struct robots_site *s;
	struct page p;
	struct error ignored;
	char *origin = NULL, *path = NULL, *robots, *shown;
	int rc = 0;

	if (robots_split(url, &origin, &path) < 0)
		goto out;
	s = find_site(r, origin);
	if (s == NULL) {
		ro.retries = 0;
		if (ro.max_bytes > FETCH_ROBOTS_MAX_BYTES)
			ro.max_bytes = FETCH_ROBOTS_MAX_BYTES;
		robots = xasprintf("%s/robots.txt", origin);
		s = new_site(r, origin);
		/* Unreachable, 4xx, 5xx: no rules, everything allowed. */
		if (fetch_one(robots, &ro, KIND_ROBOTS, &p, &ignored) == 0 &&
		    p.status >= 200 && p.status <= 299)
			robots_parse(s, p.body, p.body_len);
		fetch_release(&p);
		free(robots);
	}
	if (!site_allows(s, path)) {
		shown = shown_url(url);
		rc = error_set(err, RC_NET, "%s: disallowed by robots.txt",
		    shown);
		free(shown);
	}
out:
	free(origin);
	free(path);
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
	set_host_forms(out, url);
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
	free(p->host_ascii);
	free(p->host_unicode);
	memset(p, 0, sizeof(*p));
}
