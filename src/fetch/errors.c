#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xalloc.h"

/* URLs longer than this are cut in error messages, so the reason fits. */
#define SHOWN_URL_MAX 160
/* Server-chosen text (reason phrase, media type) shown in messages. */
#define SHOWN_TEXT_MAX 64
/*
 * A request's error body longer than this is not quoted in its message,
 * which must still fit beside a URL cut at SHOWN_URL_MAX.
 */
#define SHOWN_BODY_MAX 64

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

/* The URL as shown in messages: no user:password, no control bytes. */
char *
fetch_shown_url(const char *url)
{
	struct buf b = BUF_INIT(SHOWN_URL_MAX + 16);
	char *s = fetch_strip_userinfo(url);

	add_shown(&b, s, strlen(s), SHOWN_URL_MAX);
	free(s);
	return buf_detach(&b, NULL);
}

char *
fetch_shown_text(const char *s, size_t n)
{
	struct buf b = BUF_INIT(SHOWN_TEXT_MAX + 16);

	add_shown(&b, s, n, SHOWN_TEXT_MAX);
	return buf_detach(&b, NULL);
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
				return fetch_shown_text(p, (size_t)(end - p));
		}
	}
	return xstrdup(std ? std : "");
}

const char *
fetch_plural(long n)
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
int
fetch_transfer_error(struct job *j, CURLcode cc, struct error *err)
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
			    o->low_speed_bytes,
			    fetch_plural(o->low_speed_bytes),
			    o->low_speed_time, fetch_plural(o->low_speed_time));
		if (strncmp(errbuf, "Connection timed out", 20) == 0 &&
		    (j->deadline == 0 || fetch_now_ms() < j->deadline - 50))
			return error_set(err, RC_NET, "%s: could not connect "
			    "within %ld second%s", j->shown,
			    o->connect_timeout,
			    fetch_plural(o->connect_timeout));
		return error_set(err, RC_NET, "%s: timed out after %ld "
		    "second%s", j->shown, o->timeout, fetch_plural(o->timeout));
	}
	if (cc == CURLE_PEER_FAILED_VERIFICATION)
		return tls_error(j, j->run_host ? j->run_host : "", err);
	if (errbuf[0] != '\0' && strcmp(errbuf, what) != 0)
		return error_set(err, RC_NET, "%s: %s (%s)", j->shown, what,
		    errbuf);
	return error_set(err, RC_NET, "%s: %s", j->shown, what);
}

/*
 * A service's short error text ("bad digest", "no such key") on one line,
 * or NULL when the body is empty, binary or too long to quote whole: a
 * cut-off XML or HTML page says less than the status does.
 */
static char *
short_body(const struct buf *body)
{
	struct buf b = BUF_INIT(SHOWN_BODY_MAX + 1);
	const char *p, *end;
	bool space = false;

	if (body->data == NULL)
		return NULL;
	p = body->data;
	end = p + body->len;
	while (p < end && fetch_is_space(*p))
		p++;
	while (end > p && fetch_is_space(end[-1]))
		end--;
	if (p == end || (size_t)(end - p) > SHOWN_BODY_MAX ||
	    memchr(p, '\0', (size_t)(end - p)) != NULL)
		return NULL;
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		/* Line breaks and runs of blanks become one space. */
		if (c <= 0x20 || c == 0x7f) {
			space = true;
			continue;
		}
		if (space)
			buf_addch(&b, ' ');
		space = false;
		buf_addch(&b, (char)c);
	}
	return buf_detach(&b, NULL);
}

/*
 * The HTTP error line: "<url>: HTTP 503 Service Unavailable<more>", and
 * for a request the service's own short text after ": ".  The answer ends
 * the job, so its status is the page's.
 */
int
fetch_status_error(struct job *j, const struct fetch_hop *hop, const char *more,
    struct error *err)
{
	char *reason = status_reason(&hop->response, hop->status);
	char *text = j->kind == KIND_REQUEST ? short_body(&hop->body) : NULL;

	j->page.status = hop->status;
	error_set(err, RC_NET, "%s: HTTP %ld%s%s%s%s%s", j->shown, hop->status,
	    *reason ? " " : "", reason, more, text ? ": " : "",
	    text ? text : "");
	free(text);
	free(reason);
	return -1;
}

/* The line for the last answer of a hop that is not a success. */
int
fetch_final_status_error(struct job *j, const struct fetch_hop *hop,
    struct error *err)
{
	char more[64] = "";

	if (j->attempts > 0)
		snprintf(more, sizeof(more), " (after %d attempts)",
		    j->attempts + 1);
	return fetch_status_error(j, hop, more, err);
}
