#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "xalloc.h"

#ifndef CLIPSEAL_VERSION
#define CLIPSEAL_VERSION "unknown"
#endif

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

/* The PEM of the certificates libcurl saw, or NULL. */
static char *
cert_chain(CURL *h)
{
	struct curl_certinfo *ci = NULL;
	struct curl_slist *e;
	/* OpenSSL takes at most 100 kB of certificates: this cannot fill. */
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

long
fetch_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
fetch_global_init(struct error *err)
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
	SET(CURLOPT_OPENSOCKETFUNCTION, fetch_on_open_socket);
	SET(CURLOPT_OPENSOCKETDATA, &j->x);
	SET(CURLOPT_PREREQFUNCTION, fetch_on_prereq);
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

struct fetch_hop *
fetch_add_hop(struct page *p, char *url, const struct fetch_opts *o)
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

static bool
is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

/* The final checks: status, then content type; fills the page's fields. */
static int
finish_page(struct job *j, struct error *err)
{
	enum job_kind kind = j->kind;
	struct page *p = &j->page;
	struct fetch_hop *hop = &p->hops[p->nhops - 1];
	char *value = NULL, *s = NULL;
	int rc = -1;

	p->status = hop->status;
	if (kind == KIND_PAGE && hop->status == 304 && j->headers != NULL) {
		/* Not modified: the caller's copy stands; nothing to check. */
		p->final_url = xstrdup(hop->url);
		p->peer_ip = hop->peer_ip ? xstrdup(hop->peer_ip) : NULL;
		p->etag = fetch_head_value(&hop->response, "ETag");
		p->last_modified = fetch_head_value(&hop->response,
		    "Last-Modified");
		p->body = hop->body.data ? hop->body.data : "";
		p->body_len = 0;
		fetch_set_host_forms(p, p->final_url);
		p->fetched_at = time(NULL);
		rc = 0;
		goto out;
	}
	if (kind == KIND_PAGE && (hop->status < 200 || hop->status > 299)) {
		fetch_final_status_error(j, hop, err);
		goto out;
	}
	value = fetch_head_value(&hop->response, "Content-Type");
	if (value != NULL && *value != '\0') {
		fetch_parse_content_type(value, &p->content_type, &p->charset);
	} else if (fetch_looks_like_html(hop->body.data, hop->body.len)) {
		p->content_type = xstrdup("text/html");
	} else if (kind == KIND_PAGE) {
		error_set(err, RC_CONTENT,
		    "%s: no content type, and the body is not HTML", j->shown);
		goto out;
	}
	if (kind == KIND_PAGE &&
	    strcmp(p->content_type, "text/html") != 0 &&
	    strcmp(p->content_type, "application/xhtml+xml") != 0 &&
	    !(j->o->accept_feed && fetch_is_feed_type(p->content_type))) {
		s = fetch_shown_text(p->content_type, strlen(p->content_type));
		error_set(err, RC_CONTENT, "%s: unsupported content type '%s'",
		    j->shown, s);
		goto out;
	}
	p->etag = fetch_head_value(&hop->response, "ETag");
	p->last_modified = fetch_head_value(&hop->response, "Last-Modified");
	p->final_url = xstrdup(hop->url);
	p->peer_ip = hop->peer_ip ? xstrdup(hop->peer_ip) : NULL;
	p->body = hop->body.data;
	p->body_len = hop->body.len;
	fetch_set_host_forms(p, p->final_url);
	p->fetched_at = time(NULL);
	rc = 0;
out:
	free(s);
	free(value);
	return rc;
}

void
fetch_job_free(struct job *j)
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
	free(j->origin);
	free(j->own_url);
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
int
fetch_job_init(struct job *j, struct error *err)
{
	const char *url = j->url;
	char *user = NULL, *password = NULL, *abs = NULL;
	CURLcode cc;
	int rc = -1;

	j->shown = fetch_shown_url(url);
	j->page.requested_url = fetch_strip_userinfo(url);
	j->u = curl_url();
	j->h = curl_easy_init();
	if (j->u == NULL || j->h == NULL) {
		error_set(err, RC_NET, "%s: cannot initialise libcurl",
		    j->shown);
		goto out;
	}
	if (fetch_set_url(j->u, url, false, j->shown, &abs, err) < 0)
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
		j->auth_origin = fetch_url_origin(j->u);
	}
	j->next_url = fetch_url_abs(j->u);
	j->host = fetch_url_host(j->u);
	if (j->o->resolve != NULL) {
		j->resolve = curl_slist_append(NULL, j->o->resolve);
		if (j->resolve == NULL) {
			error_set(err, RC_NET, "%s: cannot initialise libcurl",
			    j->shown);
			goto out;
		}
	}
	if (j->kind != KIND_REQUEST && add_validators(j) < 0) {
		error_set(err, RC_NET, "%s: cannot initialise libcurl",
		    j->shown);
		goto out;
	}
	j->x.o = j->o;
	j->x.proxied = j->o->proxy_env && fetch_proxy_in_env();
	cc = setup_handle(j);
	if (cc != CURLE_OK) {
		error_set(err, RC_NET, "%s: cannot set up libcurl: %s",
		    j->shown, curl_easy_strerror(cc));
		goto out;
	}
	if (j->kind == KIND_REQUEST && fetch_request_setup(j, err) < 0)
		goto out;
	rc = 0;
out:
	curl_free(user);
	curl_free(password);
	curl_free(abs);
	return rc;
}

/*
 * Readies j's handle for its next request: a new hop, or the last one
 * again.  The scheduler then hands the handle to its multi.
 */
int
fetch_job_prepare(struct job *j, long now, struct error *err)
{
	struct fetch_hop *hop;
	char *origin;
	bool auth;
	CURLcode cc;
	long left = 0;

	if (j->o->timeout > 0 && j->deadline == 0)
		j->deadline = now + j->o->timeout * 1000;
	if (j->deadline) {
		left = j->deadline - now;
		if (left <= 0)
			return error_set(err, RC_NET, "%s: timed out after %ld "
			    "second%s", j->shown, j->o->timeout,
			    fetch_plural(j->o->timeout));
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
		hop = fetch_add_hop(&j->page, xstrdup(j->next_url), j->o);
	}
	j->x.hop = hop;
	j->x.in_body = false;
	j->x.request_too_big = false;
	j->x.head_too_big = false;
	j->x.body_too_big = false;
	j->x.refused = false;
	j->x.last_debug = -1;
	j->errbuf[0] = '\0';
	origin = fetch_url_origin(j->u);
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
	char *origin = fetch_url_origin(u), *key = NULL;

	if (origin != NULL && strncmp(origin, "https://", 8) == 0)
		key = xasprintf("%s %s", origin, ip ? ip : "");
	free(origin);
	return key;
}

/*
 * After a transfer of j ended with cc and its handle left the multi: 1 when
 * the page is complete, 0 when j waits for its next request (redirect or
 * retry), -1 on failure.
 */
int
fetch_job_step(struct engine *e, struct job *j, CURLcode cc, struct error *err)
{
	struct fetch_hop *hop = &j->page.hops[j->page.nhops - 1];
	char *ip = NULL, *loc = NULL, *abs = NULL, *key, *pem;
	long connects = 0;
	int rc = -1;

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
	/* A request head cut short would be sealed as if it were whole. */
	if (fetch_redact_header(&hop->request, "Authorization") < 0 ||
	    fetch_redact_header(&hop->request, "Proxy-Authorization") < 0)
		j->x.request_too_big = true;
	if (cc != CURLE_OK || j->x.refused || j->x.request_too_big) {
		fetch_transfer_error(j, cc, err);
		goto out;
	}
	/* An empty body is still a string. */
	buf_add(&hop->body, "", 0);
	if (fetch_classify_addr(hop->peer_ip) == FETCH_ADDR_PUBLIC)
		j->x.after_public = true;
	if (j->attempts < j->o->retries && (j->kind == KIND_REQUEST ?
	    fetch_request_transient(j, hop) :
	    fetch_is_retryable(hop->status))) {
		rc = fetch_plan_retry(e, j, hop, err);
		goto out;
	}
	loc = j->kind != KIND_REQUEST && is_redirect(hop->status) ?
	    fetch_head_value(&hop->response, "Location") : NULL;
	if (loc != NULL && *loc != '\0') {
		if (j->redirects >= j->o->max_redirects) {
			error_set(err, RC_NET,
			    "%s: too many redirects (more than %d)", j->shown,
			    j->o->max_redirects);
			goto out;
		}
		if (fetch_set_url(j->u, loc, true, j->shown, &abs, err) < 0)
			goto out;
		/* Credentials a server puts in a Location are not used. */
		curl_url_set(j->u, CURLUPART_USER, NULL, 0);
		curl_url_set(j->u, CURLUPART_PASSWORD, NULL, 0);
		free(j->next_url);
		j->next_url = fetch_url_abs(j->u);
		hop->location = xstrdup(j->next_url);
		free(j->host);
		j->host = fetch_url_host(j->u);
		j->redirects++;
		j->attempts = 0;
		j->not_before = fetch_now_ms();
		rc = 0;
		goto out;
	}
	if (j->kind == KIND_REQUEST) {
		rc = fetch_request_finish(j, err) < 0 ? -1 : 1;
		goto out;
	}
	if (finish_page(j, err) < 0)
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
