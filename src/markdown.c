#include <stdbool.h>
#include <string.h>

#include "canon.h"
#include "markdown.h"

/*
 * Appends folded text with the characters that would start Markdown syntax
 * escaped; at_start also escapes what only matters at a line start.
 */
static int
add_text(struct buf *out, const char *s, bool at_start)
{
	struct buf f = BUF_INIT(out->max);
	const char *p;
	int rc = -1;

	if (canon_fold(s, &f) < 0)
		goto out;
	for (p = f.data ? f.data : ""; *p; p++) {
		bool esc = strchr("\\`*_[]<>|", *p) != NULL;

		if (at_start && p == f.data && strchr("#+-=>", *p))
			esc = true;
		if (at_start && p == f.data + strspn(f.data, "0123456789") &&
		    p > f.data && (*p == '.' || *p == ')'))
			esc = true;
		if (esc && buf_addch(out, '\\') < 0)
			goto out;
		if (buf_addch(out, *p) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&f);
	return rc;
}

/* A code block fenced with more backticks than any run inside it. */
static int
add_pre(struct buf *out, const char *s)
{
	size_t run = 0, longest = 0, n, i;
	const char *p;

	for (p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	n = longest < 3 ? 3 : longest + 1;
	for (i = 0; i < n; i++)
		if (buf_addch(out, '`') < 0)
			return -1;
	if (buf_addch(out, '\n') < 0 || buf_addstr(out, s) < 0)
		return -1;
	if (*s && s[strlen(s) - 1] != '\n' && buf_addch(out, '\n') < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_addch(out, '`') < 0)
			return -1;
	return buf_addch(out, '\n');
}

static int
add_block(struct buf *out, const struct block *b, bool prev_item,
    bool prev_row)
{
	int k;

	switch (b->kind) {
	case BLOCK_HEADING:
		for (k = 0; k < (b->level < 2 ? 2 : b->level); k++)
			if (buf_addch(out, '#') < 0)
				return -1;
		if (buf_addch(out, ' ') < 0 || add_text(out, b->text, false) < 0)
			return -1;
		break;
	case BLOCK_ITEM:
		(void)prev_item;
		if (buf_addstr(out, "- ") < 0 || add_text(out, b->text, false) < 0)
			return -1;
		break;
	case BLOCK_QUOTE:
		if (buf_addstr(out, "> ") < 0 || add_text(out, b->text, false) < 0)
			return -1;
		break;
	case BLOCK_PRE:
		return add_pre(out, b->text);
	case BLOCK_CAPTION:
		if (buf_addch(out, '*') < 0 || add_text(out, b->text, false) < 0 ||
		    buf_addch(out, '*') < 0)
			return -1;
		break;
	case BLOCK_TABLE_ROW:
		(void)prev_row;
		if (buf_addstr(out, "| ") < 0 || add_text(out, b->text, false) < 0 ||
		    buf_addstr(out, " |") < 0)
			return -1;
		break;
	case BLOCK_PARA:
	default:
		if (add_text(out, b->text, true) < 0)
			return -1;
		break;
	}
	return buf_addch(out, '\n');
}

int
markdown_render(const struct article *a, struct buf *out, struct error *err)
{
	size_t i;
	bool first = true;

	if (a->title && *a->title) {
		if (buf_addstr(out, "# ") < 0 || add_text(out, a->title, false) < 0 ||
		    buf_addch(out, '\n') < 0)
			goto full;
		first = false;
	}
	if (a->byline || a->published) {
		if (!first && buf_addch(out, '\n') < 0)
			goto full;
		if (buf_addch(out, '*') < 0)
			goto full;
		if (a->byline && (buf_addstr(out, "By ") < 0 ||
		    add_text(out, a->byline, false) < 0))
			goto full;
		if (a->byline && a->published && buf_addstr(out, " \xc2\xb7 ") < 0)
			goto full;
		if (a->published && add_text(out, a->published, false) < 0)
			goto full;
		if (buf_addstr(out, "*\n") < 0)
			goto full;
		first = false;
	}
	for (i = 0; i < a->nblocks; i++) {
		const struct block *b = &a->blocks[i];
		bool tight = i > 0 && ((b->kind == BLOCK_ITEM &&
		    a->blocks[i - 1].kind == BLOCK_ITEM) ||
		    (b->kind == BLOCK_TABLE_ROW &&
		    a->blocks[i - 1].kind == BLOCK_TABLE_ROW));
		struct buf probe = BUF_INIT(out->max);
		int empty;

		empty = canon_fold(b->text, &probe) < 0 || probe.len == 0;
		buf_release(&probe);
		if (empty)
			continue;
		/* The document's own <h1> repeats the title. */
		if (i == 0 && b->kind == BLOCK_HEADING && a->title) {
			struct buf t1 = BUF_INIT(out->max), t2 = BUF_INIT(out->max);
			bool same = canon_fold(b->text, &t1) == 0 &&
			    canon_fold(a->title, &t2) == 0 && t1.len == t2.len &&
			    memcmp(t1.data, t2.data, t1.len) == 0;

			buf_release(&t1);
			buf_release(&t2);
			if (same)
				continue;
		}
		if (!first && !tight && buf_addch(out, '\n') < 0)
			goto full;
		if (add_block(out, b, tight, tight) < 0)
			goto full;
		first = false;
	}
	return 0;
full:
	return error_set(err, RC_SYS, "markdown larger than %zu bytes",
	    out->max);
}
