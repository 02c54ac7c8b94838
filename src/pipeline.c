#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "canon.h"
#include "extract.h"
#include "meta.h"
#include "pipeline.h"
#include "seal.h"
#include "store.h"
#include "url.h"
#include "warc.h"
#include "xalloc.h"

/* Member order inside the tar: what a reader wants first comes first. */
enum member {
	M_TEXT, M_HTML, M_META, M_REMOVED, M_WARC, M_SUMS, M_SIG, M_COUNT
};

static const char *const member_names[M_COUNT] = {
	"article.txt", "article.html", "metadata.json", "removed.json",
	"capture.warc", "SHA256", "SHA256.sig"
};

static size_t
count_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\n';

		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

static int
build_manifest(struct seal_member *m, struct buf *out)
{
	/* BSD tag lines sorted by path: the member names sort this way. */
	static const enum member order[] = {
		M_HTML, M_TEXT, M_WARC, M_META, M_REMOVED
	};
	char hex[DIGEST_HEX_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct seal_member *x = &m[order[i]];

		if (x->name == NULL)
			continue;
		digest_sha256_hex(x->data, x->len, hex);
		if (buf_addf(out, "SHA256 (%s) = %s\n", x->name, hex) < 0)
			return -1;
	}
	return 0;
}

char *
pipeline_trusted_comment(const char *url, const char *fetched_at,
    const char *content_sha256, const char *previous)
{
	if (previous)
		return xasprintf("clipseal 1 url=%s fetched=%s content=sha256:%s"
		    " previous=sha256:%s", url, fetched_at, content_sha256,
		    previous);
	return xasprintf("clipseal 1 url=%s fetched=%s content=sha256:%s",
	    url, fetched_at, content_sha256);
}

/* Puts "<prefix>: " before err's line, which its maker could not name. */
static int
prefixed(struct error *err, const char *prefix)
{
	struct error inner = *err;

	return error_set(err, inner.rc, "%s: %s", prefix, inner.msg);
}

/* The article of len bytes, its canonical text and content hash. */
static int
extract_text(const char *body, size_t len, const char *url,
    const char *charset, struct pipeline_item *it, struct error *err)
{
	struct extract_opts eo = { url, charset };

	memset(it, 0, sizeof(*it));
	buf_init(&it->text, SEAL_MAX_MEMBER);
	if (extract_article(body, len, &eo, &it->article, err) < 0 ||
	    canon_text(&it->article, &it->text, err) < 0)
		return -1;
	digest_sha256_hex(it->text.data, it->text.len, it->content_sha256);
	return 0;
}

int
pipeline_extract(const struct page *p, struct pipeline_item *it,
    struct error *err)
{
	/* extract and canon cannot know which page they were given. */
	if (extract_text(p->body, p->body_len, p->final_url, p->charset, it,
	    err) < 0)
		return prefixed(err, p->final_url);
	return 0;
}

void
pipeline_item_release(struct pipeline_item *it)
{
	if (it == NULL)
		return;
	extract_release(&it->article);
	buf_release(&it->text);
}

int
pipeline_write(const struct page *p, const struct pipeline_item *it,
    const struct sign_key *k, const struct pipeline_opts *o,
    struct pipeline_result *res, struct error *err)
{
	const struct article *a = &it->article;
	struct buf meta = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf removed = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf warc = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf sums = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf sig = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf tar = BUF_INIT(SEAL_MAX_FILE);
	struct seal_member m[M_COUNT] = { { 0 } }, ordered[M_COUNT];
	char raw_hex[DIGEST_HEX_LEN + 1], key_id[SIGN_ID_HEX_LEN + 1];
	char stamp[17];
	char *host = NULL, *top = NULL, *comment = NULL;
	struct meta_seal ms = { 0 };
	struct tm tm;
	size_t i, n;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memcpy(res->content_sha256, it->content_sha256,
	    sizeof(res->content_sha256));
	digest_sha256_hex(p->body, p->body_len, raw_hex);
	sign_key_id_hex(k, key_id);
	ms.content_sha256 = it->content_sha256;
	ms.raw_sha256 = raw_hex;
	ms.key_id = key_id;
	ms.previous = o->previous;
	ms.word_count = count_words(it->text.data);
	if (meta_metadata(p, a, &ms, &meta, err) < 0 ||
	    meta_removed(a, &removed, err) < 0)
		goto out;
	if (!o->no_raw && warc_write(p, "clipseal/" CLIPSEAL_VERSION, &warc,
	    err) < 0)
		goto out;

	m[M_TEXT] = (struct seal_member){ NULL, it->text.data, it->text.len };
	m[M_HTML] = (struct seal_member){ NULL, a->html, a->html_len };
	m[M_META] = (struct seal_member){ NULL, meta.data, meta.len };
	m[M_REMOVED] = (struct seal_member){ NULL, removed.data, removed.len };
	if (!o->no_raw)
		m[M_WARC] = (struct seal_member){ NULL, warc.data, warc.len };
	for (i = 0; i < M_COUNT; i++)
		if (m[i].data || i == M_SUMS || i == M_SIG)
			m[i].name = (char *)member_names[i];
	if (build_manifest(m, &sums) < 0) {
		error_set(err, RC_SYS, "SHA256: too large");
		goto out;
	}
	digest_sha256_hex(sums.data, sums.len, res->manifest_sha256);
	meta_time(p->fetched_at, res->fetched_at);
	comment = pipeline_trusted_comment(p->final_url, res->fetched_at,
	    it->content_sha256, o->previous);
	if (sign_message(k, sums.data, sums.len, comment, &sig, err) < 0)
		goto out;
	m[M_SUMS].data = sums.data;
	m[M_SUMS].len = sums.len;
	m[M_SIG].data = sig.data;
	m[M_SIG].len = sig.len;

	for (i = n = 0; i < M_COUNT; i++)
		if (m[i].name)
			ordered[n++] = m[i];
	gmtime_r(&p->fetched_at, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	host = url_host_label(p->final_url);
	top = xasprintf("%s-%s-%.12s", host, stamp, it->content_sha256);
	if (seal_write(top, ordered, n, p->fetched_at, &tar, err) < 0)
		goto out;
	res->name = xasprintf("%s.tar.gz", top);
	if (o->store) {
		char *rel = xasprintf("%s/%s", o->dir, res->name);
		int put = store_put(o->store, rel, tar.data, tar.len, false,
		    err);

		res->path = store_archive_name(o->store, rel);
		res->taken = put == 1;
		free(rel);
		if (put < 0)
			goto out;
	} else {
		if (store_write(o->dir, res->name, tar.data, tar.len, 0644,
		    err) < 0)
			goto out;
		res->path = xasprintf("%s/%s", o->dir, res->name);
	}
	rc = 0;
out:
	if (rc < 0)
		pipeline_result_release(res);
	free(top);
	free(host);
	free(comment);
	buf_release(&tar);
	buf_release(&sig);
	buf_release(&sums);
	buf_release(&warc);
	buf_release(&removed);
	buf_release(&meta);
	return rc;
}

int
pipeline_seal(const struct page *p, const struct sign_key *k,
    const struct pipeline_opts *o, struct pipeline_result *res,
    struct error *err)
{
	struct pipeline_item it;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = pipeline_extract(p, &it, err);
	if (rc == 0)
		rc = pipeline_write(p, &it, k, o, res, err);
	pipeline_item_release(&it);
	return rc;
}

void
pipeline_result_release(struct pipeline_result *res)
{
	if (res == NULL)
		return;
	free(res->path);
	free(res->name);
	res->path = NULL;
	res->name = NULL;
}

void
pipeline_name_error(const struct store_file *f, struct error *err)
{
	size_t n;
	struct error inner;

	if (f->path == NULL || f->name == NULL || strcmp(f->path, f->name) == 0)
		return;
	n = strlen(f->path);
	if (strncmp(err->msg, f->path, n) != 0)
		return;
	inner = *err;
	error_set(err, inner.rc, "%s%s", f->name, inner.msg + n);
}

int
pipeline_read_version(struct store *st, const char *rel,
    struct store_version *v, struct seal_set *keep, struct error *err)
{
	struct seal_set s = { 0 };
	struct meta_summary ms = { 0 };
	const struct seal_member *meta, *sums;
	struct store_file f;
	const char *path;
	char hex[DIGEST_HEX_LEN + 1];
	int rc = -1;

	memset(v, 0, sizeof(*v));
	if (store_file_get(st, rel, &f, err) < 0)
		goto out;
	path = f.name;
	if (seal_read(f.path, &s, err) < 0) {
		pipeline_name_error(&f, err);
		goto out;
	}
	meta = seal_find(&s, "metadata.json");
	sums = seal_find(&s, "SHA256");
	if (meta == NULL || sums == NULL) {
		error_set(err, RC_NO, "%s: not a clipseal archive", path);
		goto out;
	}
	if (meta_parse(meta->data, meta->len, &ms, err) < 0) {
		prefixed(err, path);
		goto out;
	}
	v->norm_url = url_normalize(ms.requested_url, err);
	if (v->norm_url == NULL) {
		struct error inner = *err;

		error_set(err, RC_NO, "%s: %s", path, inner.msg);
		goto out;
	}
	digest_sha256_hex(sums->data, sums->len, hex);
	v->url = ms.requested_url;
	v->fetched_at = ms.fetched_at;
	v->content_sha256 = ms.content_sha256;
	v->title = ms.title;
	v->etag = ms.etag;
	v->last_modified = ms.last_modified;
	ms.requested_url = ms.fetched_at = ms.content_sha256 = NULL;
	v->previous = ms.previous;
	ms.title = ms.etag = ms.last_modified = ms.previous = NULL;
	v->manifest_sha256 = xstrdup(hex);
	v->archive = xstrdup(rel);
	v->words_added = v->words_removed = -1;
	v->file_size = -1;
	if (keep) {
		*keep = s;
		memset(&s, 0, sizeof(s));
	}
	rc = 0;
out:
	if (rc < 0)
		store_version_release(v);
	meta_summary_release(&ms);
	seal_release(&s);
	store_file_release(&f);
	return rc;
}

/*
 * The content hash of the page in capture.warc extracted again with the
 * current rules, after making sure that it is the very page that
 * metadata.json says was extracted: its bytes, its final URL.  Extraction
 * is given what it was given then: that URL and the HTTP charset.
 */
static int
reextract(const struct seal_member *warc, const struct meta_summary *ms,
    char hex[DIGEST_HEX_LEN + 1], struct error *err)
{
	struct warc_capture c = { 0 };
	struct pipeline_item it = { 0 };
	char raw[DIGEST_HEX_LEN + 1];
	int rc = -1;

	if (warc_read(warc->data, warc->len, &c, err) < 0)
		goto out;
	digest_sha256_hex(c.payload, c.payload_len, raw);
	if (ms->raw_sha256 == NULL || strcmp(raw, ms->raw_sha256) != 0) {
		error_set(err, RC_NO, "capture.warc: its page is not the one "
		    "of raw_sha256");
		goto out;
	}
	if (strcmp(c.target_uri, ms->final_url) != 0) {
		error_set(err, RC_NO, "capture.warc: its page is not the one "
		    "of final_url");
		goto out;
	}
	if (extract_text(c.payload, c.payload_len, ms->final_url,
	    ms->has_charset ? ms->http_charset : c.charset, &it, err) < 0) {
		struct error inner = *err;

		error_set(err, inner.rc, "capture.warc: %s with the current "
		    "rules", inner.msg);
		goto out;
	}
	memcpy(hex, it.content_sha256, DIGEST_HEX_LEN + 1);
	rc = 0;
out:
	pipeline_item_release(&it);
	warc_capture_release(&c);
	return rc;
}

/*
 * The content hash that the current rules give the archive at path; see
 * pipeline_same_article.  -1 (err: "<path>: <reason>") when the archive
 * cannot be read or its capture cannot be extracted again, hex then being
 * what it would be without capture.warc ("" if unknown).
 */
static int
rehash(const char *path, char hex[DIGEST_HEX_LEN + 1], struct error *err)
{
	struct seal_set s = { 0 };
	struct meta_summary ms = { 0 };
	const struct seal_member *text, *meta, *warc;
	bool same_rules;
	int rc = -1;

	hex[0] = '\0';
	if (seal_read(path, &s, err) < 0)
		goto out;
	text = seal_find(&s, "article.txt");
	meta = seal_find(&s, "metadata.json");
	warc = seal_find(&s, "capture.warc");
	if (text == NULL || meta == NULL) {
		error_set(err, RC_NO, "%s: not a clipseal archive", path);
		goto out;
	}
	if (meta_parse(meta->data, meta->len, &ms, err) < 0) {
		prefixed(err, path);
		goto out;
	}
	/* A stored text compares only in today's canonical form. */
	if (ms.canon_version == CANON_VERSION)
		digest_sha256_hex(text->data, text->len, hex);
	same_rules = ms.extractor == EXTRACT_VERSION &&
	    ms.canon_version == CANON_VERSION;
	if (warc && !same_rules && reextract(warc, &ms, hex, err) < 0) {
		prefixed(err, path);
		goto out;
	}
	rc = 0;
out:
	meta_summary_release(&ms);
	seal_release(&s);
	return rc;
}

bool
pipeline_same_article(const char *path, const char *stored_sha256,
    const char *content_sha256, struct error *warn)
{
	char hex[DIGEST_HEX_LEN + 1];

	error_clear(warn);
	if (stored_sha256 && strcmp(stored_sha256, content_sha256) == 0)
		return true;
	if (rehash(path, hex, warn) < 0 && warn->rc == 0)
		warn->rc = RC_NO;
	return strcmp(hex, content_sha256) == 0;
}

char *
pipeline_url_dir(const char *norm_url)
{
	char *host = url_host_label(norm_url);
	char *slug = url_slug(norm_url);
	char *dir = xasprintf("%s/%s", host, slug);

	free(host);
	free(slug);
	return dir;
}
