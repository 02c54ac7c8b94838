#include <stdbool.h>
#include <string.h>

#include "canon.h"

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
