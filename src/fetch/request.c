#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

/* Longer method names are no HTTP method anyone serves. */
#define METHOD_MAX 16

static bool
method_ok(const char *m)
{
	size_t n = strspn(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz");

	return n > 0 && n <= METHOD_MAX && m[n] == '\0';
}

static bool
has_header(const char *const *headers, const char *name)
{
	size_t n = strlen(name);

	for (; headers != NULL && *headers != NULL; headers++)
		if (strncasecmp(*headers, name, n) == 0 &&
		    (*headers)[n] == ':')
			return true;
	return false;
}

static int
add_line(struct job *j, const char *line)
{
	struct curl_slist *l = curl_slist_append(j->headers, line);

	if (l == NULL)
		return -1;
	j->headers = l;
	return 0;
}

/*
 * The caller's header lines, checked: one holding CR or LF would smuggle
 * a header (or a request) past what the caller meant to send.
 */
static int
set_headers(struct job *j, struct error *err)
{
	const char *const *h;
	const char *colon;
	char *s;

	for (h = j->req->headers; h != NULL && *h != NULL; h++) {
		colon = strchr(*h, ':');
		if (strpbrk(*h, "\r\n") != NULL || colon == NULL ||
		    colon == *h) {
			s = fetch_shown_text(*h, strlen(*h));
			error_set(err, RC_NET, "%s: bad request header '%s'",
			    j->shown, s);
			free(s);
			return -1;
		}
		if (add_line(j, *h) < 0)
			goto oom;
	}
	/* Not curl's form-encoded default: the bytes are the caller's. */
	if (j->req->body != NULL && !has_header(j->req->headers,
	    "Content-Type") &&
	    add_line(j, "Content-Type: application/octet-stream") < 0)
		goto oom;
	return 0;
oom:
	return error_set(err, RC_NET, "%s: cannot initialise libcurl",
	    j->shown);
}

/*
 * The request's own options on top of what every request shares.  The
 * body goes out as POSTFIELDS whatever the method, so that libcurl sends
 * it again on a retry and hashes it for SigV4.
 */
int
fetch_request_setup(struct job *j, struct error *err)
{
	const struct fetch_request *req = j->req;
	const char *method = req->method ? req->method : "GET";
	bool post = strcmp(method, "POST") == 0;
	CURL *h = j->h;
	CURLcode cc = CURLE_OK;
	char *s;

#define SET(opt, val) \
	do { \
		if (cc == CURLE_OK) \
			cc = curl_easy_setopt(h, opt, val); \
	} while (0)
	if (!method_ok(method)) {
		s = fetch_shown_text(method, strlen(method));
		error_set(err, RC_NET, "%s: bad request method '%s'",
		    j->shown, s);
		free(s);
		return -1;
	}
	if (set_headers(j, err) < 0)
		return -1;
	if (j->headers != NULL)
		SET(CURLOPT_HTTPHEADER, j->headers);
	/* No decoding: a digest of the body must be of the bytes sent. */
	SET(CURLOPT_ACCEPT_ENCODING, NULL);
	if (strcmp(method, "HEAD") == 0) {
		SET(CURLOPT_NOBODY, 1L);
	} else if (req->body != NULL || post || strcmp(method, "PUT") == 0) {
		SET(CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(req->body ? req->body_len : 0));
		SET(CURLOPT_POSTFIELDS, req->body ? req->body : "");
		if (!post)
			SET(CURLOPT_CUSTOMREQUEST, method);
	} else if (strcmp(method, "GET") != 0) {
		SET(CURLOPT_CUSTOMREQUEST, method);
	}
	if (req->aws_sigv4 != NULL)
		SET(CURLOPT_AWS_SIGV4, req->aws_sigv4);
#undef SET
	if (cc != CURLE_OK)
		return error_set(err, RC_NET, "%s: cannot set up libcurl: %s",
		    j->shown, curl_easy_strerror(cc));
	if (req->user != NULL) {
		free(j->user);
		free(j->password);
		free(j->auth_origin);
		j->user = xstrdup(req->user);
		j->password = xstrdup(req->password ? req->password : "");
		j->auth_origin = fetch_url_origin(j->u);
	}
	return 0;
}

/* Whether the non-2xx answer hop holds should be asked again. */
bool
fetch_request_transient(const struct job *j, const struct fetch_hop *hop)
{
	struct fetch_response view;

	if (hop->status >= 200 && hop->status <= 299)
		return false;
	if (j->req->transient == NULL)
		return fetch_is_retryable(hop->status);
	/* A borrowed view: the callback only reads. */
	memset(&view, 0, sizeof(view));
	view.status = hop->status;
	view.head = hop->response;
	view.body = hop->body;
	view.retries = j->page.retries;
	return j->req->transient(&view, j->req->transient_arg);
}

/* The final answer: 0 for a 2xx, else the error line. */
int
fetch_request_finish(struct job *j, struct error *err)
{
	struct page *p = &j->page;
	struct fetch_hop *hop = &p->hops[p->nhops - 1];

	p->status = hop->status;
	if (hop->status >= 200 && hop->status <= 299)
		return 0;
	return fetch_final_status_error(j, hop, err);
}

int
fetch_request(const struct fetch_request *req, const struct fetch_opts *o,
    struct fetch_response *out, struct error *err)
{
	struct fetch_hop *hop;
	struct page p;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_one(req->url, o, KIND_REQUEST, req, &p, err);
	/* A status means an answer ended it; anything else leaves no answer. */
	if (p.status != 0 && p.nhops > 0) {
		hop = &p.hops[p.nhops - 1];
		out->status = hop->status;
		out->head = hop->response;
		out->body = hop->body;
		out->retries = p.retries;
		memset(&hop->response, 0, sizeof(hop->response));
		memset(&hop->body, 0, sizeof(hop->body));
	}
	fetch_release(&p);
	return rc;
}

char *
fetch_response_header(const struct fetch_response *res, const char *name)
{
	return fetch_head_value(&res->head, name);
}

void
fetch_response_release(struct fetch_response *res)
{
	if (res == NULL)
		return;
	buf_release(&res->head);
	buf_release(&res->body);
	memset(res, 0, sizeof(*res));
}
