/*
 * stats: the per-element figures (text, links, paragraphs, commas, flags)
 * the removal and scoring passes read, recounted after each removal.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
	extract_bind_paths(root, in);
}

static enum walk_act
fix_enter(xmlNode *n, void *ctx)
{
	struct infos *in = ctx;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	n->_private = &in->v[(uintptr_t)n->_private - 1];
	extract_bind_info(n, n->_private, NULL);
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
			size_t len = folded_len((const char *)n->content,
			    &lead);

			p->text_len += len;
			p->own_text = p->own_text || len;
			for (s = strchr((const char *)n->content, ','); s;
			    s = strchr(s + 1, ','))
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

/* The first link in n, looking down its first elements. */
static const xmlNode *
first_link(const xmlNode *n)
{
	const xmlNode *c;

	for (c = extract_first_element(n->children); c &&
	    c->type == XML_ELEMENT_NODE; c = extract_first_element(c->children))
		if (is_el(c, "a"))
			return c;
	return NULL;
}

/* The host part of a URL from its start (after "//"), and its length. */
static const char *
url_host(const char *u, size_t *len)
{
	size_t k = strcspn(u, ":/?#");

	if (u[k] == ':' && u[k + 1] == '/' && u[k + 2] == '/')
		u += k + 3;
	else if (u[0] == '/' && u[1] == '/')
		u += 2;
	else
		return NULL;
	*len = strcspn(u, "/?#");
	return u;
}

/*
 * Whether link a leads to another page of the site the page is on: a
 * relative address, or the page's own host.  A list of those with
 * excerpts is the site's teasers; a roundup's links go elsewhere.
 */
static bool
internal_link(const struct infos *in, const xmlNode *a)
{
	const char *h = a ? attr(a, "href") : NULL, *hh, *bh;
	size_t hn, bn;

	if (!h || !*h || *h == '#')
		return false;
	hh = url_host(h, &hn);
	if (!hh)	/* relative, unless "mailto:" and the like */
		return h[strcspn(h, ":/?#")] != ':';
	bh = in->site ? url_host(in->site, &bn) : NULL;
	return bh && hn == bn && strncasecmp(hh, bh, hn) == 0;
}

static void
stats_leave(xmlNode *n, void *ctx)
{
	const struct infos *in = ctx;
	struct info *i = info_of(n), *p;

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
	/* A heading made a link to the site's page: a teaser's title. */
	if (heading_level(n) && i->text_len &&
	    (uint64_t)i->link_len * 10 >= (uint64_t)i->text_len * 8 &&
	    internal_link(in, first_link(n)))
		i->flags |= INFO_LINKED_HEAD;
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
	if (p->nkids < 2)
		p->nkids++;
	p->flags |= i->flags & (INFO_LAYOUT | INFO_KEY | INFO_BODY |
	    INFO_LINKED_HEAD);
	if (heading_level(n) && is_el(n->parent, "a") &&
	    internal_link(in, n->parent))
		p->flags |= INFO_LINKED_HEAD;
	if (i->tag & TAG_DIV_TO_P)
		p->flags |= INFO_HAS_BLOCK;
	if ((i->flags & INFO_ANY_BLOCK) || is_block(n))
		p->flags |= INFO_ANY_BLOCK;
}

void
extract_compute_infos(xmlNode *root, struct infos *in)
{
	extract_walk(root, stats_enter, stats_leave, in);
}

#define VOCAB_PROSE_MIN 1000	/* paragraph text a page needs for the test */

struct vocab_count {
	size_t *prose;		/* by word: <p> text of its outer boxes */
	unsigned *depth;	/* by word: boxes of it open in the walk */
	unsigned *boxes;	/* by word: outer boxes holding some */
	unsigned half;		/* half the page's <p> text */
};

/*
 * A box of a word: an element its class or id names, holding no more
 * than half the page's paragraphs (a wrapper holding most of them is a
 * layout, "content-sidebar-wrap", and safe from removal anyway).
 */
static bool
vocab_box(const struct vocab_count *v, const struct info *i)
{
	return i && i->word < EXTRACT_VOCAB_SIZE && i->p_len <= v->half;
}

static enum walk_act
vocab_enter(xmlNode *n, void *ctx)
{
	struct vocab_count *v = ctx;
	const struct info *i;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	i = info_of(n);
	if (vocab_box(v, i) && v->depth[i->word]++ == 0 && i->p_len) {
		v->prose[i->word] += i->p_len;
		v->boxes[i->word]++;
	}
	return WALK_DESCEND;
}

static void
vocab_leave(xmlNode *n, void *ctx)
{
	struct vocab_count *v = ctx;
	const struct info *i = info_of(n);

	if (vocab_box(v, i))
		v->depth[i->word]--;
}

static enum walk_act
rebind_enter(xmlNode *n, void *ctx)
{
	const struct infos *in = ctx;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	extract_bind_info(n, n->_private, in->ignored);
	return WALK_DESCEND;
}

/*
 * A class word whose boxes together hold most of the page's paragraphs is
 * the template's name for a content box (Elementor's and HubSpot's
 * "widget", the "scroll-target" of a table of contents), not chrome and no
 * sign against the content: the page is read as if it had no such word.
 * One box holding most of the text was already safe from removal; this is
 * the page built of many, each holding less.  Words of comments and hidden
 * text stay as they are (extract_vocab_neutral).  Rebinds and recounts
 * root when a word goes.
 */
void
extract_find_vocabulary(xmlNode *root, struct infos *in)
{
	struct vocab_count v;
	const struct info *ri = info_of(root);
	size_t k;
	bool any = false;

	if (!ri || ri->p_len < VOCAB_PROSE_MIN)
		return;
	v.prose = xcalloc(EXTRACT_VOCAB_SIZE, sizeof(*v.prose));
	v.depth = xcalloc(EXTRACT_VOCAB_SIZE, sizeof(*v.depth));
	v.boxes = xcalloc(EXTRACT_VOCAB_SIZE, sizeof(*v.boxes));
	v.half = ri->p_len / 2;
	extract_walk(root, vocab_enter, vocab_leave, &v);
	for (k = 0; k < EXTRACT_VOCAB_SIZE; k++) {
		if (v.prose[k] * 2 <= ri->p_len || !extract_vocab_neutral(k))
			continue;
		if (!in->ignored)
			in->ignored = xcalloc(EXTRACT_VOCAB_SIZE,
			    sizeof(*in->ignored));
		in->ignored[k] = true;
		any = true;
		if (extract_debugging())
			fprintf(stderr, "extract: vocabulary %s %zu of %u in %u"
			    "\n", extract_vocab_word(k), v.prose[k],
			    ri->p_len, v.boxes[k]);
	}
	free(v.prose);
	free(v.depth);
	free(v.boxes);
	if (!any)
		return;
	extract_walk(root, rebind_enter, NULL, in);
	extract_compute_infos(root, in);
}
