/*
 * canon: the canonical text form of an article, whose SHA-256 is the
 * content hash.
 *
 * The form is the hash's contract, so it is versioned (CANON_VERSION, written
 * into metadata.json): UTF-8, LF line ends, the title first, then one block
 * per paragraph, heading, list item, quote, caption or table row, blocks
 * separated by exactly one blank line, white space (ASCII space, tab, CR,
 * LF, FF, VT and U+00A0) inside a block folded to one space, no leading or
 * trailing space on a line, empty blocks and a first block equal to the
 * title dropped, and one final LF.
 */
#ifndef CLIPSEAL_CANON_H
#define CLIPSEAL_CANON_H

#include "buf.h"
#include "digest.h"
#include "extract.h"

#define CANON_VERSION 1

/*
 * Appends the canonical form of a to out.  Fails (-1, RC_CONTENT) when the
 * result holds nothing but the title, or RC_SYS when out's cap is reached.
 */
int canon_text(const struct article *a, struct buf *out, struct error *err);

/* Appends s with white space folded as in a block (no trailing LF). */
int canon_fold(const char *s, struct buf *out);

#endif
