/*
 * url: the identity of an article URL, and names derived from it.
 *
 * Written by hand because what it decides is clipseal's own policy: which
 * spellings of a URL are the same article (scheme and host lower-case,
 * default port, fragment, user info and tracking parameters dropped) and how
 * a URL names directories in the store.  It does not resolve or fetch.
 */
#ifndef CLIPSEAL_URL_H
#define CLIPSEAL_URL_H

#include "error.h"

/*
 * Returns the normalised form of an absolute http or https URL (caller
 * frees), or NULL with RC_USAGE: "'<url>': not a URL" or "'<url>':
 * unsupported URL scheme '<scheme>'".
 */
char *url_normalize(const char *url, struct error *err);

/*
 * The host of url in lower case with anything but [a-z0-9.-] replaced by
 * '_', "unknown" if there is none; never NULL, caller frees.  Used in
 * archive and store directory names.
 */
char *url_host_label(const char *url);

/*
 * A directory name for a normalised URL: its path and query reduced to
 * [a-z0-9-] (at most 64 characters, "index" when empty), a '-', and the
 * first 12 hex digits of SHA-256 of the whole URL, so distinct URLs never
 * share a directory.  Caller frees.
 */
char *url_slug(const char *norm);

#endif
