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

#include <stdint.h>

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

struct canon_word {
	uint64_t hash;
	const char *word;
};

/* The words of a canonical text (what space and LF separate), sorted. */
struct canon_words {
	char *text;		/* a copy of the text, cut into the words */
	struct canon_word *words;
	size_t n;
};

/* Fills cw with the words of text (NULL: none); release with the below. */
void canon_words_init(struct canon_words *cw, const char *text);
void canon_words_release(struct canon_words *cw);

/*
 * How many words of new are not in old (*added) and of old not in new
 * (*removed), counted as multisets: what `log` shows between two versions.
 */
void canon_words_diff(const struct canon_words *old,
    const struct canon_words *new, long *added, long *removed);

/* canon_words_diff of two texts. */
void canon_word_changes(const char *old, const char *new, long *added,
    long *removed);

#endif
