#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "s3.h"
#include "s3xml.h"
#include "xalloc.h"

#define KEY_MAX 512
#define HEADERS_MAX 8

/* SHA-256 of no bytes: the payload hash of GET, HEAD, DELETE and lists. */
static const char empty_sha256[] =
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct s3 {
	char *name;		/* "s3://bucket/prefix" */
	char *bucket;
	char *prefix;		/* "" or "a/b/" */
	char *base;		/* URL of the bucket, no trailing '/' */
	bool path_style;
	char *sigv4;		/* "aws:amz:REGION:s3" */
	char *access_key;
	char *secret_key;
	char *token_header;	/* "x-amz-security-token: ..." or NULL */
	bool no_conditional;	/* the server answered 501 to If-None-Match */
	struct fetch_opts fo;
};

bool
s3_is_url(const char *spec)
{
	return strncmp(spec, S3_SCHEME, strlen(S3_SCHEME)) == 0;
}

static bool
key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/*
 * Only characters that need no encoding in a URL path: libcurl signs the
 * path as it is sent, and S3 servers differ in how they would canonicalise
 * anything else.
 */
bool
s3_key_ok(const char *key)
{
	const char *seg = key, *p;

	if (*key == '\0' || strlen(key) > KEY_MAX)
		return false;
	for (p = key;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t n = (size_t)(p - seg);

			if (n == 0 || (n == 1 && seg[0] == '.') ||
			    (n == 2 && seg[0] == '.' && seg[1] == '.'))
				return false;
			if (*p == '\0')
				return true;
			seg = p + 1;
		} else if (!key_char(*p)) {
			return false;
		}
	}
}

/* A bucket name as S3 allows it: 3 to 63 of a-z 0-9 . -, alnum ends. */
static bool
bucket_ok(const char *b, size_t n)
{
	size_t i;

	if (n < 3 || n > 63)
		return false;
	for (i = 0; i < n; i++)
		if (!((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= '0' &&
		    b[i] <= '9') || b[i] == '.' || b[i] == '-'))
			return false;
	return b[0] != '.' && b[0] != '-' && b[n - 1] != '.' &&
	    b[n - 1] != '-';
}

static bool
region_ok(const char *r)
{
	size_t n = strspn(r, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && n <= 32 && r[n] == '\0';
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/*
 * The endpoint from the environment, checked, without trailing '/', in
 * *out; NULL there when none is set.
 */
static int
endpoint(const char *url, char **out, struct error *err)
{
	const char *v = env("AWS_ENDPOINT_URL_S3");
	size_t n;

	*out = NULL;
	if (v == NULL)
		v = env("AWS_ENDPOINT_URL");
	if (v == NULL)
		return 0;
	n = strlen(v);
	while (n > 0 && v[n - 1] == '/')
		n--;
	if ((strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) ||
	    strpbrk(v, "?# \t\r\n") != NULL || n <= 8) {
		return error_set(err, RC_USAGE, "%s: AWS_ENDPOINT_URL '%.100s' "
		    "is not an http or https URL", url, v);
	}
	*out = xstrndup(v, n);
	return 0;
}

struct s3 *
s3_open(const char *url, const struct fetch_opts *fo, struct error *err)
{
	struct s3 *s = xcalloc(1, sizeof(*s));
	const char *b = url + strlen(S3_SCHEME), *slash, *region, *tok;
	char *ep = NULL, *prefix;
	size_t n;

	if (!s3_is_url(url))
		goto bad_url;
	slash = strchr(b, '/');
	n = slash ? (size_t)(slash - b) : strlen(b);
	if (!bucket_ok(b, n))
		goto bad_url;
	s->bucket = xstrndup(b, n);
	prefix = xstrdup(slash ? slash + 1 : "");
	n = strlen(prefix);
	while (n > 0 && prefix[n - 1] == '/')
		prefix[--n] = '\0';
	if (n > 0 && !s3_key_ok(prefix)) {
		free(prefix);
		goto bad_url;
	}
	s->prefix = n ? xasprintf("%s/", prefix) : xstrdup("");
	s->name = n ? xasprintf("s3://%s/%s", s->bucket, prefix) :
	    xasprintf("s3://%s", s->bucket);
	free(prefix);

	region = env("AWS_REGION");
	if (region == NULL)
		region = env("AWS_DEFAULT_REGION");
	if (region == NULL)
		region = "us-east-1";
	if (!region_ok(region)) {
		error_set(err, RC_USAGE, "%s: AWS_REGION '%.40s' is not a "
		    "region name", s->name, region);
		goto fail;
	}
	if (endpoint(s->name, &ep, err) < 0)
		goto fail;
	if (env("AWS_ACCESS_KEY_ID") == NULL ||
	    env("AWS_SECRET_ACCESS_KEY") == NULL) {
		error_set(err, RC_SYS, "%s: no credentials: set "
		    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", s->name);
		goto fail;
	}
	s->access_key = xstrdup(env("AWS_ACCESS_KEY_ID"));
	s->secret_key = xstrdup(env("AWS_SECRET_ACCESS_KEY"));
	tok = env("AWS_SESSION_TOKEN");
	if (tok)
		s->token_header = xasprintf("x-amz-security-token: %s", tok);
	s->sigv4 = xasprintf("aws:amz:%s:s3", region);
	/* A dotted bucket does not match AWS's wildcard certificate. */
	s->path_style = ep != NULL || strchr(s->bucket, '.') != NULL;
	if (ep)
		s->base = xasprintf("%s/%s", ep, s->bucket);
	else if (s->path_style)
		s->base = xasprintf("https://s3.%s.amazonaws.com/%s", region,
		    s->bucket);
	else
		s->base = xasprintf("https://%s.s3.%s.amazonaws.com",
		    s->bucket, region);
	free(ep);
	s->fo = *fo;
	/* The endpoint is the operator's choice, not a page's. */
	s->fo.origin = FETCH_ORIGIN_PERSON;
	s->fo.accept_feed = false;
	s->fo.if_none_match = NULL;
	s->fo.if_modified_since = NULL;
	return s;
bad_url:
	error_set(err, RC_USAGE, "'%.200s' is not an S3 store "
	    "(s3://BUCKET/PREFIX; the prefix of letters, digits, "
	    "'-', '_', '.' and '/')", url);
fail:
	free(ep);
	s3_free(s);
	return NULL;
}

/* The secret is in the environment too; our copy need not outlive us. */
static void
wipe_free(char *p)
{
	volatile char *v = p;

	if (p == NULL)
		return;
	while (*v)
		*v++ = '\0';
	free(p);
}

void
s3_free(struct s3 *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->bucket);
	free(s->prefix);
	free(s->base);
	free(s->sigv4);
	free(s->access_key);
	wipe_free(s->secret_key);
	wipe_free(s->token_header);
	free(s);
}

const char *
s3_name(const struct s3 *s)
{
	return s->name;
}

const char *
s3_bucket_url(const struct s3 *s)
{
	return s->base;
}

/* Percent-encodes all but RFC 3986's unreserved characters, as SigV4. */
static void
encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (key_char((char)c) || c == '~')
			buf_addch(b, (char)c);
		else
			buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* SlowDown and RequestTimeout come as 503 and 400; only the body tells. */
static bool
transient(const struct fetch_response *res, void *arg)
{
	char *code, *message;
	bool again;

	(void)arg;
	if (res->status == 501)
		return false;
	if (res->status == 429 || (res->status >= 500 && res->status <= 599))
		return true;
	if (s3xml_error_parse(res->body.data, res->body.len, &code,
	    &message) < 0)
		return false;
	again = strcmp(code, "RequestTimeout") == 0 ||
	    strcmp(code, "SlowDown") == 0;
	free(code);
	free(message);
	return again;
}

/*
 * The line for a failed request about what (an object's or the store's
 * name): S3's Code and Message when an answer carried them, else its HTTP
 * status, else the transport's reason without the URL it begins with.
 */
static int
fail(const char *what, const char *url, const struct fetch_response *res,
    const struct error *ferr, struct error *err)
{
	char *code = NULL, *message = NULL;
	const char *reason = ferr->msg;
	char tries[32] = "";
	size_t n = strlen(url);

	if (res->retries > 0)
		snprintf(tries, sizeof(tries), " (after %d attempts)",
		    res->retries + 1);
	if (res->status != 0 && s3xml_error_parse(res->body.data,
	    res->body.len, &code, &message) == 0) {
		error_set(err, RC_SYS, "%s: %s%s%s%s", what, code,
		    message ? ": " : "", message ? message : "", tries);
	} else if (res->status != 0) {
		error_set(err, RC_SYS, "%s: HTTP %ld%s", what, res->status,
		    tries);
	} else {
		if (strncmp(reason, url, n) == 0 && reason[n] == ':' &&
		    reason[n + 1] == ' ')
			reason += n + 2;
		error_set(err, RC_SYS, "%s: %s", what, reason);
	}
	free(code);
	free(message);
	return -1;
}

/*
 * One signed request for key (relative to the prefix; NULL: the bucket)
 * with an already sorted and encoded query.  0 with *res holding a 2xx
 * answer; else -1 with *res holding the answer, if any, and *ferr the
 * transport's line.
 */
static int
request(struct s3 *s, const char *method, const char *key, const char *query,
    const void *body, size_t len, const char *const *extra, size_t max,
    struct fetch_response *res, struct error *ferr)
{
	struct fetch_request req = { 0 };
	struct fetch_opts o = s->fo;
	const char *headers[HEADERS_MAX + 1];
	char hash[DIGEST_HEX_LEN + 1];
	char *payload, *url;
	size_t n = 0;
	int rc;

	if (body != NULL)
		digest_sha256_hex(body, len, hash);
	payload = xasprintf("x-amz-content-sha256: %s", body ? hash :
	    empty_sha256);
	headers[n++] = payload;
	if (s->token_header)
		headers[n++] = s->token_header;
	for (; extra && *extra && n < HEADERS_MAX; extra++)
		headers[n++] = *extra;
	headers[n] = NULL;
	if (key)
		url = xasprintf("%s/%s%s", s->base, s->prefix, key);
	else
		url = xasprintf("%s%s%s%s", s->base, s->path_style ? "" : "/",
		    query ? "?" : "", query ? query : "");
	req.method = method;
	req.url = url;
	req.headers = headers;
	req.body = body;
	req.body_len = len;
	req.aws_sigv4 = s->sigv4;
	req.user = s->access_key;
	req.password = s->secret_key;
	req.transient = transient;
	o.max_bytes = max;
	rc = fetch_request(&req, &o, res, ferr);
	free(url);
	free(payload);
	return rc;
}

/* "s3://bucket/prefix/key", for error lines; caller frees. */
static char *
object_name(const struct s3 *s, const char *key)
{
	return xasprintf("s3://%s/%s%s", s->bucket, s->prefix, key);
}

/* The URL request() sends for key, to recognise it in fetch's lines. */
static char *
object_url(const struct s3 *s, const char *key)
{
	return xasprintf("%s/%s%s", s->base, s->prefix, key);
}

/* Runs one request on an object and turns a failure into its line. */
static int
object_request(struct s3 *s, const char *method, const char *key,
    const void *body, size_t len, const char *const *extra, size_t max,
    struct fetch_response *res, struct error *err)
{
	struct error ferr = { 0 };
	char *what, *url;
	int rc;

	if (!s3_key_ok(key))
		return error_set(err, RC_SYS, "%s: '%.200s' is not a key of "
		    "this store", s->name, key);
	rc = request(s, method, key, NULL, body, len, extra, max, res, &ferr);
	if (rc == 0)
		return 0;
	what = object_name(s, key);
	url = object_url(s, key);
	fail(what, url, res, &ferr, err);
	free(url);
	free(what);
	return -1;
}

int
s3_get(struct s3 *s, const char *key, struct buf *out, struct error *err)
{
	struct fetch_response res = { 0 };
	size_t max = out->max;
	int rc;

	rc = object_request(s, "GET", key, NULL, 0, NULL, max, &res, err);
	if (rc == 0) {
		buf_release(out);
		*out = res.body;
		out->max = max;
		memset(&res.body, 0, sizeof(res.body));
	}
	fetch_response_release(&res);
	return rc;
}

int
s3_put(struct s3 *s, const char *key, const void *data, size_t len,
    bool create_only, struct error *err)
{
	struct fetch_response res = { 0 };
	const char *extra[3] = { NULL, NULL, NULL };
	char md5[DIGEST_MD5_B64_LEN + 1];
	char *md5_line;
	int rc;

	digest_md5_base64(data, len, md5);
	md5_line = xasprintf("Content-MD5: %s", md5);
	extra[0] = md5_line;
	if (create_only && !s->no_conditional)
		extra[1] = "If-None-Match: *";
	/* A zero-length body is still a body: PUT needs the hash of "". */
	rc = object_request(s, "PUT", key, len ? data : "", len, extra,
	    (size_t)64 << 10, &res, err);
	if (rc < 0 && extra[1] && (res.status == 412 || res.status == 409)) {
		/* Taken, or being taken by a concurrent conditional write. */
		rc = 1;
	} else if (rc < 0 && extra[1] && res.status == 501) {
		s->no_conditional = true;
		fetch_response_release(&res);
		extra[1] = NULL;
		rc = object_request(s, "PUT", key, len ? data : "", len,
		    extra, (size_t)64 << 10, &res, err);
	}
	if (rc == 1)
		error_clear(err);
	fetch_response_release(&res);
	free(md5_line);
	return rc;
}

int
s3_head(struct s3 *s, const char *key, struct error *err)
{
	struct fetch_response res = { 0 };
	int rc;

	rc = object_request(s, "HEAD", key, NULL, 0, NULL, 0, &res, err);
	if (rc == 0)
		rc = 1;
	else if (res.status == 404)
		rc = 0;
	if (rc == 0)
		error_clear(err);
	fetch_response_release(&res);
	return rc;
}

int
s3_delete(struct s3 *s, const char *key, struct error *err)
{
	struct fetch_response res = { 0 };
	int rc;

	rc = object_request(s, "DELETE", key, NULL, 0, NULL, (size_t)64 << 10,
	    &res, err);
	if (rc < 0 && res.status == 404) {
		rc = 0;
		error_clear(err);
	}
	fetch_response_release(&res);
	return rc;
}

/*
 * One page, of at most max_keys keys (0: the server's default), its keys
 * to fn, *token replaced by the next page's or NULL.
 */
static int
list_page(struct s3 *s, const char *prefix, int max_keys, char **token,
    int (*fn)(const char *key, void *arg), void *arg, struct error *err)
{
	struct fetch_response res = { 0 };
	struct s3xml_list page = { 0 };
	struct buf q = BUF_INIT((size_t)8 << 10);
	struct error ferr = { 0 };
	size_t plen = strlen(s->prefix), i;
	char *url = NULL, *full;
	int rc = -1;

	/* The parameters in byte order, as SigV4 signs them. */
	if (*token) {
		buf_addstr(&q, "continuation-token=");
		encode(&q, *token);
		buf_addch(&q, '&');
	}
	buf_addstr(&q, "list-type=2");
	if (max_keys > 0)
		buf_addf(&q, "&max-keys=%d", max_keys);
	full = xasprintf("%s%s", s->prefix, prefix);
	if (*full) {
		buf_addstr(&q, "&prefix=");
		encode(&q, full);
	}
	free(full);
	if (q.failed) {
		error_set(err, RC_SYS, "%s: continuation token too long",
		    s->name);
		goto out;
	}
	if (request(s, "GET", NULL, q.data, NULL, 0, NULL, S3_MAX_LIST_BYTES,
	    &res, &ferr) < 0) {
		url = xasprintf("%s%s?%s", s->base, s->path_style ? "" : "/",
		    q.data);
		fail(s->name, url, &res, &ferr, err);
		goto out;
	}
	if (s3xml_list_parse(res.body.data, res.body.len, &page, err) < 0) {
		struct error inner = *err;

		error_set(err, RC_SYS, "%s: %s", s->name, inner.msg);
		goto out;
	}
	if (page.truncated && *token && strcmp(*token, page.next_token) == 0) {
		error_set(err, RC_SYS, "%s: the listing gave the same "
		    "continuation token twice", s->name);
		goto out;
	}
	rc = 0;
	for (i = 0; i < page.n && rc == 0; i++) {
		const char *k = page.keys[i];

		if (strncmp(k, s->prefix, plen) != 0 || !s3_key_ok(k + plen))
			continue;
		rc = fn(k + plen, arg);
	}
	free(*token);
	*token = NULL;
	if (rc == 0 && page.truncated) {
		*token = page.next_token;
		page.next_token = NULL;
	}
out:
	free(url);
	buf_release(&q);
	s3xml_list_release(&page);
	fetch_response_release(&res);
	return rc;
}

int
s3_list(struct s3 *s, const char *prefix,
    int (*fn)(const char *key, void *arg), void *arg, struct error *err)
{
	char *token = NULL;
	int rc;

	do {
		rc = list_page(s, prefix, 0, &token, fn, arg, err);
	} while (rc == 0 && token != NULL);
	free(token);
	return rc;
}

static int
ignore_key(const char *key, void *arg)
{
	(void)key;
	(void)arg;
	return 0;
}

int
s3_probe(struct s3 *s, struct error *err)
{
	char *token = NULL;
	int rc = list_page(s, "", 1, &token, ignore_key, NULL, err);

	free(token);
	return rc;
}
