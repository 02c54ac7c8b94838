#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "canon.h"
#include "meta.h"
#include "xalloc.h"

#define JSON_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII)

void
meta_time(time_t t, char out[META_TIME_LEN + 1])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, META_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar. */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
meta_time_parse(const char *s, time_t *out)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	long v[6];
	int i;

	if (strlen(s) != sizeof(shape) - 1)
		return -1;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' :
		    s[i] != shape[i])
			return -1;
	for (i = 0; i < 6; i++)
		v[i] = strtol(s + (i == 0 ? 0 : 2 + 3 * i), NULL, 10);
	if (v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > mdays[v[1] - 1] || (v[1] == 2 && v[2] == 29 &&
	    (v[0] % 4 != 0 || (v[0] % 100 == 0 && v[0] % 400 != 0))) ||
	    v[3] > 23 || v[4] > 59 || v[5] > 59)
		return -1;
	*out = (time_t)(days_from_civil(v[0], v[1], v[2]) * 86400 +
	    v[3] * 3600 + v[4] * 60 + v[5]);
	return 0;
}

/* A JSON string, or null for NULL: absent facts are explicit in the file. */
static json_t *
str_or_null(const char *s)
{
	json_t *v;

	if (s == NULL)
		return json_null();
	v = json_string(s);
	/* Invalid UTF-8 never reaches here, but never lose the field. */
	return v ? v : json_stringn_nocheck(s, strlen(s));
}

static void
set(json_t *obj, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, key, v) < 0) {
		fputs("clipseal: out of memory\n", stderr);
		exit(RC_SYS);
	}
}

static int
dump(json_t *root, size_t flags, struct buf *out, struct error *err)
{
	char *s = json_dumps(root, flags);
	int rc = 0;

	if (s == NULL || buf_addstr(out, s) < 0 || buf_addch(out, '\n') < 0)
		rc = error_set(err, RC_SYS, "JSON document larger than %zu bytes",
		    out->max);
	free(s);
	return rc;
}

static void
add_article_fields(json_t *o, const struct article *a)
{
	set(o, "title", str_or_null(a->title));
	set(o, "byline", str_or_null(a->byline));
	set(o, "published", str_or_null(a->published));
	set(o, "modified", str_or_null(a->modified));
	set(o, "site_name", str_or_null(a->site_name));
	set(o, "language", str_or_null(a->lang));
	set(o, "canonical_url", str_or_null(a->canonical));
	set(o, "description", str_or_null(a->description));
	set(o, "image", str_or_null(a->image));
	set(o, "truncated", json_boolean(a->truncated));
}

static json_t *
charset_object(const struct page *p, const struct article *a)
{
	json_t *o = json_object();

	set(o, "name", str_or_null(a->charset));
	set(o, "source", str_or_null(a->charset_source));
	set(o, "http", str_or_null(p->charset));
	return o;
}

int
meta_metadata(const struct page *p, const struct article *a,
    const struct meta_seal *s, struct buf *out, struct error *err)
{
	char when[META_TIME_LEN + 1];
	json_t *root = json_object(), *chain = json_array();
	size_t i;
	int rc;

	for (i = 0; i < p->nhops && p->source_file == NULL; i++) {
		json_t *hop = json_object();

		set(hop, "url", str_or_null(p->hops[i].url));
		set(hop, "status", json_integer(p->hops[i].status));
		set(hop, "peer_ip", str_or_null(p->hops[i].peer_ip));
		json_array_append_new(chain, hop);
	}
	meta_time(p->fetched_at, when);
	set(root, "format", json_integer(META_FORMAT));
	set(root, "canon_version", json_integer(CANON_VERSION));
	set(root, "extractor", json_integer(EXTRACT_VERSION));
	set(root, "tool", json_string("clipseal " CLIPSEAL_VERSION));
	set(root, "requested_url", str_or_null(p->requested_url));
	set(root, "final_url", str_or_null(p->final_url));
	set(root, "redirects", chain);
	set(root, "fetched_at", json_string(when));
	set(root, "source", json_string(p->source_file ? "file" : "http"));
	set(root, "http_status", p->source_file ? json_null() :
	    json_integer(p->status));
	set(root, "content_type", str_or_null(p->content_type));
	set(root, "charset", charset_object(p, a));
	set(root, "etag", str_or_null(p->etag));
	set(root, "last_modified", str_or_null(p->last_modified));
	set(root, "peer_ip", str_or_null(p->peer_ip));
	/* The host as a reader knows it and as DNS and TLS saw it. */
	set(root, "host_unicode", str_or_null(p->host_unicode));
	set(root, "host_ascii", str_or_null(p->host_ascii));
	set(root, "retries", json_integer(p->retries));
	add_article_fields(root, a);
	set(root, "word_count", json_integer((json_int_t)s->word_count));
	set(root, "content_sha256", json_string(s->content_sha256));
	set(root, "raw_sha256", json_string(s->raw_sha256));
	set(root, "key_id", json_string(s->key_id));
	set(root, "previous", str_or_null(s->previous));
	rc = dump(root, JSON_FLAGS, out, err);
	json_decref(root);
	return rc;
}

static json_t *
removed_array(const struct article *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < a->nremoved; i++) {
		const struct removal *r = &a->removed[i];
		json_t *o = json_object();

		set(o, "kind", json_string(extract_kind_name(r->kind)));
		set(o, "rule", str_or_null(r->rule));
		set(o, "path", str_or_null(r->path));
		set(o, "text_length", json_integer((json_int_t)r->text_len));
		set(o, "text_sha256", json_string(r->sha256));
		json_array_append_new(arr, o);
	}
	return arr;
}

int
meta_removed(const struct article *a, struct buf *out, struct error *err)
{
	json_t *arr = removed_array(a);
	int rc = dump(arr, JSON_FLAGS, out, err);

	json_decref(arr);
	return rc;
}

int
meta_article(const struct article *a, const char *url, const char *text,
    struct buf *out, struct error *err)
{
	json_t *root = json_object();
	int rc;

	set(root, "url", str_or_null(url));
	add_article_fields(root, a);
	set(root, "charset", str_or_null(a->charset));
	set(root, "removed", removed_array(a));
	set(root, "text", str_or_null(text));
	rc = dump(root, JSON_FLAGS, out, err);
	json_decref(root);
	return rc;
}

static char *
get_string(json_t *root, const char *key)
{
	json_t *v = json_object_get(root, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static long
get_integer(json_t *root, const char *key, long absent)
{
	json_t *v = json_object_get(root, key);

	return json_is_integer(v) ? (long)json_integer_value(v) : absent;
}

int
meta_parse(const char *json, size_t len, struct meta_summary *out,
    struct error *err)
{
	json_error_t jerr;
	json_t *root, *charset;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return error_set(err, RC_NO, "metadata.json: %s (line %d)",
		    jerr.text, jerr.line);
	if (!json_is_object(root)) {
		error_set(err, RC_NO, "metadata.json: not a JSON object");
		goto out;
	}
	out->format = get_integer(root, "format", -1);
	out->canon_version = get_integer(root, "canon_version", -1);
	out->extractor = get_integer(root, "extractor", 0);
	out->requested_url = get_string(root, "requested_url");
	out->final_url = get_string(root, "final_url");
	out->previous = get_string(root, "previous");
	out->etag = get_string(root, "etag");
	out->last_modified = get_string(root, "last_modified");
	out->fetched_at = get_string(root, "fetched_at");
	out->title = get_string(root, "title");
	out->content_sha256 = get_string(root, "content_sha256");
	out->key_id = get_string(root, "key_id");
	out->raw_sha256 = get_string(root, "raw_sha256");
	charset = json_object_get(root, "charset");
	if (json_is_object(charset) && json_object_get(charset, "http")) {
		out->has_charset = true;
		out->http_charset = get_string(charset, "http");
	}
	if (out->format != META_FORMAT) {
		error_set(err, RC_NO, "metadata.json: unsupported format %ld",
		    out->format);
		goto out;
	}
	if (!out->requested_url || !out->final_url || !out->fetched_at ||
	    !out->content_sha256 || !out->key_id) {
		error_set(err, RC_NO, "metadata.json: missing required fields");
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	if (rc < 0)
		meta_summary_release(out);
	return rc;
}

void
meta_summary_release(struct meta_summary *m)
{
	if (m == NULL)
		return;
	free(m->requested_url);
	free(m->final_url);
	free(m->previous);
	free(m->etag);
	free(m->last_modified);
	free(m->fetched_at);
	free(m->title);
	free(m->content_sha256);
	free(m->key_id);
	free(m->raw_sha256);
	free(m->http_charset);
	memset(m, 0, sizeof(*m));
}

/*
 * The lines keep what the commands printed before meta built them: a
 * string jansson refuses (not UTF-8) leaves its key out.
 */
int
meta_run_line(const char *source, const char *url, const char *status,
    const char *archive, const char *stamped_at, const char *reason,
    struct buf *out, struct error *err)
{
	json_t *o = json_object();
	int rc;

	json_object_set_new(o, "source", source ? json_string(source) :
	    json_null());
	json_object_set_new(o, "url", url ? json_string(url) : json_null());
	json_object_set_new(o, "status", json_string(status));
	if (archive)
		json_object_set_new(o, "archive", json_string(archive));
	if (strcmp(status, "archived") == 0)
		json_object_set_new(o, "stamped_at", stamped_at ?
		    json_string(stamped_at) : json_null());
	if (reason)
		json_object_set_new(o, "reason", json_string(reason));
	rc = dump(o, JSON_COMPACT | JSON_SORT_KEYS, out, err);
	json_decref(o);
	return rc;
}

int
meta_log_line(const struct store_version *v, const char *archive,
    const char *stamped_at, long added, long removed, struct buf *out,
    struct error *err)
{
	json_t *o = json_object();
	int rc;

	json_object_set_new(o, "url", json_string(v->url));
	json_object_set_new(o, "normalized_url", json_string(v->norm_url));
	json_object_set_new(o, "fetched_at", json_string(v->fetched_at));
	json_object_set_new(o, "content_sha256",
	    json_string(v->content_sha256));
	json_object_set_new(o, "title", v->title ? json_string(v->title) :
	    json_null());
	json_object_set_new(o, "archive", json_string(archive));
	json_object_set_new(o, "stamped_at", stamped_at ?
	    json_string(stamped_at) : json_null());
	json_object_set_new(o, "words_added", added < 0 ? json_null() :
	    json_integer(added));
	json_object_set_new(o, "words_removed", removed < 0 ? json_null() :
	    json_integer(removed));
	rc = dump(o, JSON_COMPACT | JSON_SORT_KEYS, out, err);
	json_decref(o);
	return rc;
}

static const char *
ld_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v))
		v = json_object_get(v, "name");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
ld_fact(meta_ld_fn *fn, void *ctx, enum meta_ld_field field,
    const char *value)
{
	if (value)
		fn(ctx, field, value);
}

/* Reads the few JSON-LD keys extract uses, in @graph and arrays too. */
static void
ld_object(json_t *o, int depth, meta_ld_fn *fn, void *ctx)
{
	json_t *p;
	size_t k;

	if (depth > 4)
		return;
	if (json_is_array(o)) {
		for (k = 0; k < json_array_size(o); k++)
			ld_object(json_array_get(o, k), depth + 1, fn, ctx);
		return;
	}
	if (!json_is_object(o))
		return;
	p = json_object_get(o, "@graph");
	if (p)
		ld_object(p, depth + 1, fn, ctx);
	if (!json_object_get(o, "headline") &&
	    !json_object_get(o, "datePublished"))
		return;
	ld_fact(fn, ctx, META_LD_HEADLINE, ld_str(o, "headline"));
	ld_fact(fn, ctx, META_LD_PUBLISHED, ld_str(o, "datePublished"));
	ld_fact(fn, ctx, META_LD_MODIFIED, ld_str(o, "dateModified"));
	ld_fact(fn, ctx, META_LD_AUTHOR, ld_str(o, "author"));
	ld_fact(fn, ctx, META_LD_BODY, ld_str(o, "articleBody"));
	p = json_object_get(o, "publisher");
	if (json_is_object(p))
		ld_fact(fn, ctx, META_LD_PUBLISHER, ld_str(p, "name"));
}

void
meta_ld_read(const char *json, size_t len, meta_ld_fn *fn, void *ctx)
{
	json_error_t jerr;
	json_t *j = json_loadb(json, len, 0, &jerr);

	if (j) {
		ld_object(j, 0, fn, ctx);
		json_decref(j);
	}
}
