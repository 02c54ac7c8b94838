/*
 * feed: the article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed,
 * through libxml2; its code lives in src/extract/feed.c, as extract is the
 * one module that includes libxml2.
 *
 * Only links are taken; relative ones are resolved against the feed's URL.
 * The XML is parsed without network access and without substituting
 * external entities.
 */
#ifndef CLIPSEAL_FEED_H
#define CLIPSEAL_FEED_H

#include <stddef.h>

#include "error.h"

#define FEED_MAX_ITEMS 10000

struct feed {
	char **links;		/* absolute URLs in feed order, duplicates kept */
	size_t n;
};

/*
 * Parses len bytes of feed XML fetched from base.  Fails with RC_CONTENT
 * ("not an RSS or Atom feed" or the parser's reason).  *out is always safe
 * to release.
 */
int feed_parse(const char *data, size_t len, const char *base,
    struct feed *out, struct error *err);

void feed_release(struct feed *f);

#endif
