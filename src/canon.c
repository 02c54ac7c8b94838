#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "xalloc.h"

/* Length of the white-space character at s, 0 if none (see canon.h). */
static size_t
space_len(const unsigned char *s)
{
	switch (s[0]) {
	case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
		return 1;
	case 0xc2:
		return s[1] == 0xa0 ? 2 : 0;
	default:
		return 0;
	}
}

int
canon_fold(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	int pending = 0, any = 0;

	while (*p) {
		n = space_len(p);
		if (n) {
			pending = any;
			p += n;
			continue;
		}
		if (pending && buf_addch(out, ' ') < 0)
			return -1;
		pending = 0;
		any = 1;
		n = 1;
		while (p[n] && !space_len(p + n))
			n++;
		if (buf_add(out, p, n) < 0)
			return -1;
		p += n;
	}
	return 0;
}

/* Appends one folded, non-empty block, after a blank line if not first. */
static int
add_block(struct buf *out, const struct buf *block, size_t *nblocks)
{
	if (*nblocks && buf_addch(out, '\n') < 0)
		return -1;
	if (buf_add(out, block->data, block->len) < 0 ||
	    buf_addch(out, '\n') < 0)
		return -1;
	(*nblocks)++;
	return 0;
}

int
canon_text(const struct article *a, struct buf *out, struct error *err)
{
	struct buf title = BUF_INIT(out->max), block = BUF_INIT(out->max);
	size_t i, nblocks = 0, start = out->len;
	bool body = false;
	int rc = -1;

	if (a->title && canon_fold(a->title, &title) < 0)
		goto full;
	if (title.len && add_block(out, &title, &nblocks) < 0)
		goto full;
	for (i = 0; i < a->nblocks; i++) {
		buf_reset(&block);
		if (canon_fold(a->blocks[i].text, &block) < 0)
			goto full;
		if (block.len == 0)
			continue;
		/* A first block repeating the title (the h1) is the title. */
		if (!body && block.len == title.len &&
		    memcmp(block.data, title.data, title.len) == 0)
			continue;
		if (add_block(out, &block, &nblocks) < 0)
			goto full;
		body = true;
	}
	if (!body) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		error_set(err, RC_CONTENT, "no article text found");
		goto out;
	}
	rc = 0;
	goto out;
full:
	error_set(err, RC_SYS, "article text larger than %zu bytes", out->max);
out:
	buf_release(&block);
	buf_release(&title);
	return rc;
}

/*
 * Words sort by a hash first, so most comparisons are of two integers,
 * then by their bytes, so the counts stay exact.
 */
static int
compare_words(const void *x, const void *y)
{
	const struct canon_word *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return strcmp(a->word, b->word);
}

static uint64_t
word_hash(const char *w)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a */

	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * 0x100000001b3u;
	return h;
}

void
canon_words_init(struct canon_words *cw, const char *text)
{
	char *w, *save = NULL;
	size_t cap = 0;

	cw->text = xstrdup(text ? text : "");
	cw->words = NULL;
	cw->n = 0;
	for (w = strtok_r(cw->text, " \n", &save); w;
	    w = strtok_r(NULL, " \n", &save)) {
		if (cw->n == cap) {
			cap = cap ? cap * 2 : 256;
			cw->words = xrealloc(cw->words, cap * sizeof(*cw->words));
		}
		cw->words[cw->n].hash = word_hash(w);
		cw->words[cw->n++].word = w;
	}
	if (cw->n)
		qsort(cw->words, cw->n, sizeof(*cw->words), compare_words);
}

void
canon_words_release(struct canon_words *cw)
{
	if (cw == NULL)
		return;
	free(cw->words);
	free(cw->text);
	memset(cw, 0, sizeof(*cw));
}

void
canon_words_diff(const struct canon_words *old, const struct canon_words *new,
    long *added, long *removed)
{
	size_t i = 0, j = 0;
	int c;

	*added = *removed = 0;
	while (i < old->n || j < new->n) {
		c = i == old->n ? 1 : j == new->n ? -1 :
		    compare_words(&old->words[i], &new->words[j]);
		if (c == 0) {
			i++;
			j++;
		} else if (c < 0) {
			(*removed)++;
			i++;
		} else {
			(*added)++;
			j++;
		}
	}
}

void
canon_word_changes(const char *old, const char *new, long *added,
    long *removed)
{
	struct canon_words a, b;

	canon_words_init(&a, old);
	canon_words_init(&b, new);
	canon_words_diff(&a, &b, added, removed);
	canon_words_release(&a);
	canon_words_release(&b);
}
