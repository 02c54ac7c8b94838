/*
 * pipeline: the order of the stages, shared by the commands that seal.
 *
 * Part of the command layer: it is the one place besides cmd_*.c that knows
 * fetch -> extract -> canon -> sign -> seal -> store.  pipeline_extract
 * turns a fetched page into the canonical text and its hash, so a caller can
 * decide whether the article changed before anything is written;
 * pipeline_write signs and seals it into an archive; pipeline_same_article
 * compares a new capture with a stored archive as the current rules see it.
 */
#ifndef CLIPSEAL_PIPELINE_H
#define CLIPSEAL_PIPELINE_H

#include <stdbool.h>

#include "buf.h"
#include "digest.h"
#include "error.h"
#include "extract.h"
#include "fetch.h"
#include "meta.h"
#include "sign.h"
#include "store.h"

struct pipeline_item {
	struct article article;
	struct buf text;	/* canonical article.txt */
	char content_sha256[DIGEST_HEX_LEN + 1];
};

struct pipeline_opts {
	const char *dir;	/* where the archive goes: a directory, or with
				   store its "<host>/<slug>" there */
	bool no_raw;		/* leave capture.warc out */
	const char *previous;	/* manifest SHA-256 of the previous version */
	struct store *store;	/* NULL, or the store the archive goes into */
};

struct pipeline_result {
	char *path;		/* "<dir>/<name>.tar.gz", in a store as
				   store_archive_name gives it */
	char *name;		/* "<name>.tar.gz" */
	bool taken;		/* a concurrent writer put the very same name
				   into the store first: nothing written */
	char content_sha256[DIGEST_HEX_LEN + 1];
	char manifest_sha256[DIGEST_HEX_LEN + 1];
	char fetched_at[META_TIME_LEN + 1];
};

/*
 * Extracts the article of p and computes its canonical text and content
 * hash.  Fails with RC_CONTENT ("<url>: no article found") or RC_SYS;
 * *it is always safe to release with pipeline_item_release.
 */
int pipeline_extract(const struct page *p, struct pipeline_item *it,
    struct error *err);

void pipeline_item_release(struct pipeline_item *it);

/*
 * Signs and seals the extracted page into o->dir (or o->store) with secret
 * key k.  On success res is filled (release with pipeline_result_release).
 */
int pipeline_write(const struct page *p, const struct pipeline_item *it,
    const struct sign_key *k, const struct pipeline_opts *o,
    struct pipeline_result *res, struct error *err);

/* pipeline_extract then pipeline_write. */
int pipeline_seal(const struct page *p, const struct sign_key *k,
    const struct pipeline_opts *o, struct pipeline_result *res,
    struct error *err);

void pipeline_result_release(struct pipeline_result *res);

/*
 * The trusted comment of an archive: "clipseal 1 url=<url> fetched=<time>
 * content=sha256:<hex>" and, for a later version, " previous=sha256:<hex>".
 * Caller frees.
 */
char *pipeline_trusted_comment(const char *url, const char *fetched_at,
    const char *content_sha256, const char *previous);

struct seal_set;

/*
 * Reads the archive rel of store s (not verifying it) into the index form
 * of a version (words and file unknown: -1, no stamp), and, unless keep is
 * NULL, hands its members over in *keep (release with seal_release).
 * Fails with RC_NO for an archive that cannot be read as one, RC_SYS when
 * it cannot be had, err naming it as the store does.
 */
int pipeline_read_version(struct store *s, const char *rel,
    struct store_version *v, struct seal_set *keep, struct error *err);

/*
 * The archive file's error line named as the store names it: the leading
 * f->path in err becomes f->name, so that a downloaded copy's temporary
 * path never shows.
 */
void pipeline_name_error(const struct store_file *f, struct error *err);

/*
 * Whether a new capture whose article hashes to content_sha256 holds the
 * article of the archive at path (read, not verified), whose content hash
 * the caller knows as stored_sha256: true for the same hash, and for the
 * same hash as the current rules see the archive.  An archive sealed by
 * other rules (metadata.json's extractor and canon_version, an absent
 * extractor being 0, from before it was recorded) is seen through its
 * capture.warc, extracted again once it is sure to be the page that was
 * sealed (raw_sha256, final_url); one sealed by these rules, or without
 * capture.warc (--no-raw), through its article.txt, if that is in today's
 * canonical form.  When the archive or its capture cannot be read or
 * extracted again, warn says why ("<path>: <reason>", rc non-zero) and
 * article.txt decides; else warn->rc is 0.
 */
bool pipeline_same_article(const char *path, const char *stored_sha256,
    const char *content_sha256, struct error *warn);

/* The store directory for a normalised URL: "<host>/<slug>"; caller frees. */
char *pipeline_url_dir(const char *norm_url);

#endif
