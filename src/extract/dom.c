/*
 * dom: walking the tree without recursion and reading the text of nodes;
 * the smallest helpers are inline in internal.h.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "internal.h"
#include "xalloc.h"

/*
 * The element names of the tag lists in one hash table, built once, so
 * an element's TAG_* costs one lookup however long the lists grow.
 */
#define TAGS_SIZE 128		/* a power of two, over twice the names */

static struct {
	const char *name;
	unsigned char flags;
} tags[TAGS_SIZE];
static once_flag tags_once = ONCE_FLAG_INIT;

static size_t
tag_slot(const char *name)
{
	size_t h = 2166136261u;
	const char *p;

	for (p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (h &= TAGS_SIZE - 1; tags[h].name && strcmp(tags[h].name, name);
	    h = (h + 1) & (TAGS_SIZE - 1))
		;
	return h;
}

static void
tags_add(const char *const *list, size_t n, unsigned flag)
{
	size_t k, h;

	for (k = 0; k < n; k++) {
		h = tag_slot(list[k]);
		tags[h].name = list[k];
		tags[h].flags |= (unsigned char)flag;
	}
}

static void
tags_build(void)
{
	tags_add(extract_block_tags, extract_nblock_tags, TAG_BLOCK);
	tags_add(extract_div_to_p_tags, extract_ndiv_to_p_tags, TAG_DIV_TO_P);
}

/* TAG_* of an element name, without the per-element cache. */
unsigned
extract_tag_class(const xmlNode *n)
{
	call_once(&tags_once, tags_build);
	return tags[tag_slot(NAME(n))].flags;
}

/*
 * Visits root's subtree in document order without recursion: enter() says
 * whether to go into a node, skip it or remove it; leave() runs after the
 * children of each node entered with WALK_DESCEND.  Removing root itself is not allowed.
 */
void
extract_walk(xmlNode *root, enter_fn enter, leave_fn leave, void *ctx)
{
	xmlNode *n = root, *next, *parent;
	enum walk_act act;
	bool at_root;

	for (;;) {
		act = enter(n, ctx);
		if (act == WALK_REMOVE && n == root)
			act = WALK_SKIP;
		if (act == WALK_DESCEND && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			at_root = n == root;
			next = at_root ? NULL : n->next;
			parent = n->parent;
			if (act == WALK_REMOVE) {
				extract_path_unlink(n);
				xmlUnlinkNode(n);
				xmlFreeNode(n);
			} else if (leave && act == WALK_DESCEND) {
				leave(n, ctx);
			}
			act = WALK_DESCEND;
			if (at_root)
				return;
			if (next) {
				n = next;
				break;
			}
			n = parent;
		}
	}
}

struct text_ctx {
	struct buf *out;
};

static enum walk_act
text_enter(xmlNode *n, void *ctx)
{
	struct text_ctx *t = ctx;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			buf_addstr(t->out, (const char *)n->content);
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (is_el(n, "script") || is_el(n, "style"))
		return WALK_SKIP;
	if (is_el(n, "br") || (is_block(n) && t->out->len))
		buf_addch(t->out, ' ');
	return WALK_DESCEND;
}

/*
 * Appends the text content of n (blocks separated by a space) to out, which
 * should be BUF_UNCAPPED: the text is the tree's, capped as it was parsed.
 */
void
extract_node_text(xmlNode *n, struct buf *out)
{
	struct text_ctx t = { out };

	extract_walk(n, text_enter, NULL, &t);
}

static enum walk_act
raw_enter(xmlNode *n, void *ctx)
{
	if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
	    n->content)
		buf_addstr(ctx, (const char *)n->content);
	return WALK_DESCEND;
}

/* Appends the bare text of n's text nodes (a script's source) to out. */
void
extract_node_text_raw(xmlNode *n, struct buf *out)
{
	extract_walk(n, raw_enter, NULL, out);
}

/* Folds white space of s in place (NBSP too) and trims it. */
void
extract_fold_inplace(char *s)
{
	char *w = s, *r = s;
	bool sp = false;

	while (*r) {
		if (is_space((unsigned char)*r)) {
			sp = true;
			r++;
			continue;
		}
		if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
			sp = true;
			r += 2;
			continue;
		}
		if (sp && w > s)
			*w++ = ' ';
		sp = false;
		*w++ = *r++;
	}
	*w = '\0';
}

char *
extract_folded_text(xmlNode *n)
{
	struct buf b = BUF_INIT(BUF_UNCAPPED);
	char *s;

	extract_node_text(n, &b);
	s = buf_detach(&b, NULL);
	extract_fold_inplace(s);
	return s;
}

xmlNode *
extract_first_element(xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			return n;
		if (n->type == XML_TEXT_NODE && n->content) {
			bool lead = true;

			if (folded_len((const char *)n->content, &lead))
				return n;
		}
	}
	return NULL;
}

size_t
extract_count_words(const char *s, size_t n)
{
	size_t w = 0, i;
	bool in = false;

	for (i = 0; i < n; i++) {
		if (is_space((unsigned char)s[i]))
			in = false;
		else if (!in) {
			in = true;
			w++;
		}
	}
	return w;
}

/*
 * CLIPSEAL_EXTRACT_DEBUG in the environment turns on a trace on stderr of
 * the candidates, the choice and every removal: an aid for rule work,
 * never part of normal output.
 */
bool
extract_debugging(void)
{
	static int on = -1;

	if (on < 0)
		on = getenv("CLIPSEAL_EXTRACT_DEBUG") != NULL;
	return on;
}

/* One trace line on n: its figures, path, id and class. */
void
extract_debug_node(const char *what, xmlNode *n, const char *why)
{
	const struct info *i = info_of(n);
	xmlChar *path;
	const char *c, *id;

	if (!extract_debugging() || !i)
		return;
	path = xmlGetNodePath(n);
	c = attr(n, "class");
	id = attr(n, "id");
	fprintf(stderr, "extract: %-6s %-22s %8.1f text=%u p=%u ld=%.2f %s"
	    "%s%.40s%s%.60s\n", what, why ? why : "", i->score, i->text_len,
	    i->p_len, link_density(i), path ? (const char *)path : "?",
	    id ? " #" : "", id ? id : "", c ? " ." : "", c ? c : "");
	xmlFree(path);
}
