/*
 * pipeline: the order of the stages, shared by the commands that seal.
 *
 * Part of the command layer: it is the one place besides cmd_*.c that knows
 * fetch -> extract -> canon -> sign -> seal -> store.  It takes a page that
 * was already fetched (or read from a file) and a loaded secret key, and
 * writes one archive.
 */
#ifndef CLIPSEAL_PIPELINE_H
#define CLIPSEAL_PIPELINE_H

#include <stdbool.h>

#include "digest.h"
#include "error.h"
#include "fetch.h"
#include "sign.h"

#define PIPELINE_TRUSTED_PREFIX "clipseal 1"

struct pipeline_opts {
	const char *dir;	/* where the archive goes */
	bool no_raw;		/* leave capture.warc out */
};

struct pipeline_result {
	char *path;		/* the archive written, "<dir>/<name>.tar.gz" */
	char content_sha256[DIGEST_HEX_LEN + 1];
};

/*
 * Extracts, hashes, signs and seals page p with secret key k into
 * o->dir.  On success res->path is set (caller frees with
 * pipeline_result_release).  Fails with the code of the failing stage.
 */
int pipeline_seal(const struct page *p, const struct sign_key *k,
    const struct pipeline_opts *o, struct pipeline_result *res,
    struct error *err);

void pipeline_result_release(struct pipeline_result *res);

/*
 * Writes into out the archive's host label for url: the host in lower case
 * with anything but [a-z0-9.-] replaced by '_' ("unknown" if none).
 */
char *pipeline_host_label(const char *url);

#endif
