/*
 * stats: the per-element figures (text, links, paragraphs, commas, flags)
 * the removal and scoring passes read, recounted after each removal.
 */

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

#define BODY_KEY_MIN 400	/* text a body-classed element needs to be key */

static enum walk_act
assign_enter(xmlNode *n, void *ctx)
{
	struct infos *in = ctx;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 1024;
		in->v = xrealloc(in->v, in->cap * sizeof(*in->v));
	}
	in->n++;
	n->_private = (void *)(uintptr_t)in->n;
	return WALK_DESCEND;
}

static enum walk_act fix_enter(xmlNode *n, void *ctx);

/* Gives every element below root its struct info, through _private. */
void
extract_bind_infos(xmlNode *root, struct infos *in)
{
	in->n = 0;
	extract_walk(root, assign_enter, NULL, in);
	extract_walk(root, fix_enter, NULL, in);
}

static enum walk_act
fix_enter(xmlNode *n, void *ctx)
{
	struct infos *in = ctx;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	n->_private = &in->v[(uintptr_t)n->_private - 1];
	extract_bind_info(n, n->_private);
	return WALK_DESCEND;
}

static enum walk_act
stats_enter(xmlNode *n, void *ctx)
{
	struct info *p;
	const char *s, *ip;
	bool lead = true;

	(void)ctx;
	if (n->type == XML_TEXT_NODE && n->content) {
		p = info_of(n->parent);
		if (p) {
			p->text_len += folded_len((const char *)n->content,
			    &lead);
			for (s = (const char *)n->content; *s; s++)
				if (*s == ',')
					p->commas++;
		}
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	p = info_of(n);
	memset(p, 0, INFO_COUNTS);
	ip = attr(n, "itemprop");
	if (is_el(n, "h1") || is_el(n, "main") ||
	    (ip && strcasecmp(ip, "headline") == 0))
		p->flags |= INFO_KEY;
	if (is_el(n, "p"))
		p->np = 1;
	if (is_el(n, "img"))
		p->nimg = 1;
	if (is_el(n, "a"))
		p->nlinks = 1;
	return WALK_DESCEND;
}

static void
stats_leave(xmlNode *n, void *ctx)
{
	struct info *i = info_of(n), *p;

	(void)ctx;
	if (!i)
		return;
	if (is_el(n, "a"))
		i->link_len = i->text_len;
	if (is_el(n, "p"))
		i->p_len = i->text_len;
	/* A body class on a short box (a comment's own body) is no key. */
	if (i->body_hint && i->text_len >= BODY_KEY_MIN)
		i->flags |= INFO_KEY;
	if (i->body_hint && (i->text_len || i->nimg))
		i->flags |= INFO_BODY;
	if ((is_el(n, "td") || is_el(n, "th")) && (i->flags & INFO_HAS_BLOCK))
		i->flags |= INFO_LAYOUT;
	p = info_of(n->parent);
	if (!p)
		return;
	/* A separator between blocks, as the text would be read. */
	p->text_len += i->text_len + (i->text_len && p->text_len ? 1 : 0);
	p->link_len += i->link_len;
	p->p_len += i->p_len;
	p->commas += i->commas;
	p->np += i->np;
	p->nimg += i->nimg;
	p->nlinks += i->nlinks;
	p->flags |= i->flags & (INFO_LAYOUT | INFO_KEY | INFO_BODY);
	if (i->tag & TAG_DIV_TO_P)
		p->flags |= INFO_HAS_BLOCK;
	if ((i->flags & INFO_ANY_BLOCK) || is_block(n))
		p->flags |= INFO_ANY_BLOCK;
}

void
extract_compute_infos(xmlNode *root, struct infos *in)
{
	(void)in;
	extract_walk(root, stats_enter, stats_leave, NULL);
}
