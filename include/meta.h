/*
 * meta: every JSON clipseal reads or writes, through jansson, which no other
 * module includes.
 *
 * metadata.json describes the capture (URLs, redirect chain, HTTP facts,
 * article metadata, hashes, key id); removed.json is the audit log of what
 * the cleaner removed.  Both are written with sorted keys and fixed
 * indentation so the same inputs give the same bytes.  meta_parse reads back
 * the few fields verify checks against the signature.  Besides the archive's
 * members: the JSON lines of `run --json` and `log --json`, and the reading
 * of a page's JSON-LD for extract.
 */
#ifndef CLIPSEAL_META_H
#define CLIPSEAL_META_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "extract.h"
#include "fetch.h"
#include "store.h"

#define META_FORMAT 1
#define META_TIME_LEN 20	/* "2026-11-25T14:05:39Z" */

/* What the pipeline computed about a capture, borrowed by meta_metadata. */
struct meta_seal {
	const char *content_sha256;
	const char *raw_sha256;
	const char *key_id;
	const char *previous;	/* SHA-256 of the previous manifest, or NULL */
	size_t word_count;
};

/*
 * The fields of metadata.json that verify, the store index and the
 * comparison with an archive sealed by other rules use.
 */
struct meta_summary {
	long format;
	long canon_version;	/* -1 if absent */
	long extractor;		/* 0 if absent: sealed before it was recorded */
	char *requested_url;
	char *final_url;
	char *fetched_at;
	char *title;
	char *content_sha256;
	char *key_id;
	char *previous;		/* NULL for the first version */
	char *etag;
	char *last_modified;
	char *raw_sha256;	/* of the page's bytes as fetched */
	bool has_charset;	/* metadata.json has charset.http, even null */
	char *http_charset;	/* charset.http: what extraction was given */
};

/* Writes t as RFC 3339 UTC ("YYYY-MM-DDTHH:MM:SSZ") and a NUL. */
void meta_time(time_t t, char out[META_TIME_LEN + 1]);

/*
 * Reads back exactly what meta_time writes, years 1970 to 9999; 0 and *out
 * set, or -1 for anything else.
 */
int meta_time_parse(const char *s, time_t *out);

/* Appends metadata.json for the capture.  RC_SYS when out is full. */
int meta_metadata(const struct page *p, const struct article *a,
    const struct meta_seal *s, struct buf *out, struct error *err);

/* Appends removed.json: one object per entry of a->removed. */
int meta_removed(const struct article *a, struct buf *out, struct error *err);

/*
 * Appends the JSON form of `clipseal extract -f json`: the article's
 * metadata, the removal log and text (its canonical form).
 */
int meta_article(const struct article *a, const char *url, const char *text,
    struct buf *out, struct error *err);

/*
 * Parses metadata.json; fails with RC_NO ("metadata.json: <reason>") when it
 * is not a JSON object with the fields of struct meta_summary.
 */
int meta_parse(const char *json, size_t len, struct meta_summary *out,
    struct error *err);

/* Frees what *m holds; accepts an empty or NULL summary. */
void meta_summary_release(struct meta_summary *m);

/*
 * Appends the line `run --json` prints for one URL: a compact JSON object
 * with source, url (null when NULL), status, and archive and reason when
 * not NULL; an "archived" line also has stamped_at, the genTime of the new
 * archive's time stamp or null.  Then a LF.  RC_SYS when out is full.
 */
int meta_run_line(const char *source, const char *url, const char *status,
    const char *archive, const char *stamped_at, const char *reason,
    struct buf *out, struct error *err);

/*
 * Appends the line `log --json` prints for version v, stored at archive:
 * a compact JSON object, stamped_at (the time stamp's genTime) null when
 * NULL, words_added and words_removed null when negative (unknown), then a
 * LF.  RC_SYS when out is full.
 */
int meta_log_line(const struct store_version *v, const char *archive,
    const char *stamped_at, long added, long removed, struct buf *out,
    struct error *err);

/* A fact of a page's JSON-LD that extract reads. */
enum meta_ld_field {
	META_LD_HEADLINE,	/* headline, or a work's name */
	META_LD_PUBLISHED,	/* datePublished, or dateCreated */
	META_LD_MODIFIED,	/* dateModified */
	META_LD_AUTHOR,		/* one author's name (or creator's) */
	META_LD_PUBLISHER,	/* the publisher's name */
	META_LD_URL,		/* the work's url */
	META_LD_BODY		/* articleBody, the article's plain text */
};

/*
 * rank says how surely the object a fact comes from is the page's text:
 * META_LD_RANK_ARTICLE for Article, NewsArticle, BlogPosting and the
 * other articles and postings, then another CreativeWork (Recipe, HowTo,
 * Review, ...), then a WebPage.
 */
#define META_LD_RANK_ARTICLE 0
#define META_LD_RANK_WORK 1
#define META_LD_RANK_PAGE 2

typedef void meta_ld_fn(void *ctx, enum meta_ld_field field, int rank,
    const char *value);

/*
 * Reads len bytes of JSON-LD (a <script type="application/ld+json">) and
 * calls fn(ctx, field, rank, value) for the facts of its best-ranked
 * objects: in @graph, arrays and nested objects, down to a depth of 8.
 * Each field but the author comes once, from the best-ranked object that
 * has it (the first of equals); the authors come one call each, in order,
 * from the best-ranked object that names any: a string, an object's name,
 * or the name of the object of the graph a bare {"@id"} refers to.  Other
 * types (Organization, Person, BreadcrumbList, ...) give nothing of their
 * own.  value is borrowed for the call.  Text that is not JSON gives no
 * call.
 */
void meta_ld_read(const char *json, size_t len, meta_ld_fn *fn, void *ctx);

#endif
