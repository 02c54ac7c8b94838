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

/*
 * A JSON string, or null for NULL: absent facts are explicit in the file.
 * extract hands over UTF-8, but should a field ever hold bytes that are
 * not, each byte above 0x7f becomes '?' rather than the whole document
 * failing to encode (jansson refuses to write invalid UTF-8).
 */
static json_t *
str_or_null(const char *s)
{
	json_t *v;
	char *ascii, *p;

	if (s == NULL)
		return json_null();
	v = json_string(s);
	if (v)
		return v;
	ascii = xstrdup(s);
	for (p = ascii; *p; p++)
		if ((unsigned char)*p > 0x7f)
			*p = '?';
	v = json_string(ascii);
	free(ascii);
	return v;
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

/*
 * How surely a JSON-LD type is the page's own text: an article or a post
 * first, then another creative work, then the web page around it.
 */
enum {
	LD_ARTICLE = META_LD_RANK_ARTICLE,
	LD_WORK = META_LD_RANK_WORK,
	LD_PAGE = META_LD_RANK_PAGE,
	LD_NONE
};

#define LD_MAX_DEPTH 8
#define LD_MAX_OBJECTS 512	/* a page's graph is a few dozen */

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

static int
type_rank(const char *t)
{
	static const char *const works[] = {
		"CreativeWork", "Recipe", "HowTo", "Review", "CriticReview",
		"Guide", "VideoObject", "Blog", "Book", "Chapter", "Thesis",
		"Episode", "PodcastEpisode", "Clip", "Legislation",
		"Course", "Dataset", "LearningResource",
	};
	size_t k;

	/* "schema:NewsArticle", "http://schema.org/BlogPosting" */
	if (strrchr(t, '/'))
		t = strrchr(t, '/') + 1;
	if (strrchr(t, ':'))
		t = strrchr(t, ':') + 1;
	if (ends_with(t, "Article") || ends_with(t, "Posting") ||
	    strcmp(t, "Report") == 0)
		return LD_ARTICLE;
	for (k = 0; k < sizeof(works) / sizeof(works[0]); k++)
		if (strcmp(t, works[k]) == 0)
			return LD_WORK;
	if (ends_with(t, "Page"))
		return LD_PAGE;
	return LD_NONE;
}

/* The best rank of o's @type, a string or an array of them. */
static int
object_rank(json_t *o)
{
	json_t *t = json_object_get(o, "@type"), *v;
	int best = LD_NONE, r;
	size_t k;

	if (json_is_string(t))
		return type_rank(json_string_value(t));
	json_array_foreach(t, k, v) {
		r = json_is_string(v) ? type_rank(json_string_value(v)) :
		    LD_NONE;
		if (r < best)
			best = r;
	}
	/* An untyped object with an article's facts is a work of its own. */
	if (!t && (json_object_get(o, "headline") ||
	    json_object_get(o, "datePublished")))
		return LD_WORK;
	return best;
}

/* Every object of a JSON-LD document, in document order. */
struct ld_doc {
	json_t *v[LD_MAX_OBJECTS];
	size_t n;
};

static void
collect(json_t *j, int depth, struct ld_doc *d)
{
	const char *k;
	json_t *v;
	size_t i;

	if (depth > LD_MAX_DEPTH)
		return;
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			collect(v, depth + 1, d);
		return;
	}
	if (!json_is_object(j) || d->n == LD_MAX_OBJECTS)
		return;
	d->v[d->n++] = j;
	json_object_foreach(j, k, v)
		collect(v, depth + 1, d);
}

/* The object of d whose @id is id, other than from, or NULL. */
static json_t *
by_id(const struct ld_doc *d, const char *id, json_t *from)
{
	size_t k;

	for (k = 0; k < d->n; k++) {
		json_t *v = json_object_get(d->v[k], "@id");

		if (d->v[k] != from && json_is_string(v) &&
		    strcmp(json_string_value(v), id) == 0 &&
		    json_object_size(d->v[k]) > 1)
			return d->v[k];
	}
	return NULL;
}

static const char *
str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/*
 * The name a value stands for: a string, an object's name, or the name of
 * the object a bare {"@id": ...} refers to elsewhere in the graph.
 */
static const char *
name_of(const struct ld_doc *d, json_t *v)
{
	json_t *id;

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (!json_is_object(v))
		return NULL;
	if (!json_object_get(v, "name")) {
		id = json_object_get(v, "@id");
		if (json_is_string(id))
			v = by_id(d, json_string_value(id), v);
	}
	return v ? str_of(v, "name") : NULL;
}


/* Calls fn for each author of o (or its creator); how many there were. */
static size_t
ld_authors(const struct ld_doc *d, json_t *o, int rank, meta_ld_fn *fn,
    void *ctx)
{
	json_t *a = json_object_get(o, "author"), *v;
	const char *s;
	size_t k, n = 0;

	if (!a)
		a = json_object_get(o, "creator");
	if (!json_is_array(a)) {
		s = name_of(d, a);
		if (s && *s)
			fn(ctx, META_LD_AUTHOR, rank, s);
		return s && *s;
	}
	json_array_foreach(a, k, v) {
		s = name_of(d, v);
		if (s && *s) {
			fn(ctx, META_LD_AUTHOR, rank, s);
			n++;
		}
	}
	return n;
}

/*
 * For each fact, the value of the best-ranked object of d that has it (the
 * first of equals).
 */
static void
ld_facts(const struct ld_doc *d, meta_ld_fn *fn, void *ctx)
{
	static const struct {
		enum meta_ld_field field;
		const char *key, *alt;
	} facts[] = {
		{ META_LD_HEADLINE, "headline", "name" },
		{ META_LD_PUBLISHED, "datePublished", "dateCreated" },
		{ META_LD_MODIFIED, "dateModified", NULL },
		{ META_LD_URL, "url", NULL },
		{ META_LD_BODY, "articleBody", NULL },
	};
	int rank[LD_MAX_OBJECTS], r;
	const char *s;
	bool authors = false, publisher = false;
	size_t k, f;

	for (k = 0; k < d->n; k++)
		rank[k] = object_rank(d->v[k]);
	for (f = 0; f < sizeof(facts) / sizeof(facts[0]); f++)
		for (r = LD_ARTICLE, s = NULL; r < LD_NONE && !s; r++)
			for (k = 0; k < d->n && !s; k++) {
				if (rank[k] != r)
					continue;
				s = str_of(d->v[k], facts[f].key);
				if (!s && facts[f].alt && r != LD_PAGE)
					s = str_of(d->v[k], facts[f].alt);
				if (s && *s)
					fn(ctx, facts[f].field, r, s);
				else
					s = NULL;
			}
	for (r = LD_ARTICLE; r < LD_NONE; r++)
		for (k = 0; k < d->n; k++) {
			if (rank[k] != r)
				continue;
			if (!authors)
				authors = ld_authors(d, d->v[k], r, fn, ctx);
			if (!publisher) {
				s = name_of(d, json_object_get(d->v[k],
				    "publisher"));
				if (s && *s) {
					fn(ctx, META_LD_PUBLISHER, r, s);
					publisher = true;
				}
			}
		}
}

void
meta_ld_read(const char *json, size_t len, meta_ld_fn *fn, void *ctx)
{
	json_error_t jerr;
	json_t *j = json_loadb(json, len, 0, &jerr);
	struct ld_doc *d;

	if (!j)
		return;
	d = xmalloc(sizeof(*d));
	d->n = 0;
	collect(j, 0, d);
	ld_facts(d, fn, ctx);
	free(d);
	json_decref(j);
}
