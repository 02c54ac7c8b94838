/*
 * meta: the JSON members of an archive, through jansson.
 *
 * metadata.json describes the capture (URLs, redirect chain, HTTP facts,
 * article metadata, hashes, key id); removed.json is the audit log of what
 * the cleaner removed.  Both are written with sorted keys and fixed
 * indentation so the same inputs give the same bytes.  meta_parse reads back
 * the few fields verify checks against the signature.
 */
#ifndef CLIPSEAL_META_H
#define CLIPSEAL_META_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "extract.h"
#include "fetch.h"

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

/* The fields of metadata.json that verify and the store index use. */
struct meta_summary {
	long format;
	char *requested_url;
	char *final_url;
	char *fetched_at;
	char *title;
	char *content_sha256;
	char *key_id;
	char *previous;		/* NULL for the first version */
	char *etag;
	char *last_modified;
};

/* Writes t as RFC 3339 UTC ("YYYY-MM-DDTHH:MM:SSZ") and a NUL. */
void meta_time(time_t t, char out[META_TIME_LEN + 1]);

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

#endif
