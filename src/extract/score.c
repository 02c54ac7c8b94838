/*
 * score: Readability's content scoring, paragraphs crediting the elements
 * above them, and the choice of the container that holds the article.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xalloc.h"

#define WEIGHT_TEXT 500	/* text a box needs for its class's full credit */

/*
 * The class weight a candidate starts with.  A good name ("content",
 * "post") on a box of a few lines is no reason to prefer it to the long
 * text around it, so the credit grows with the box's text up to
 * WEIGHT_TEXT; a bad name counts in full.
 */
static double
weight_of(const xmlNode *n, const struct info *i)
{
	int w = class_weight(n);

	if (w <= 0 || i->text_len >= WEIGHT_TEXT)
		return w;
	return (double)w * i->text_len / WEIGHT_TEXT;
}

static void
add_candidate(struct scorer *s, xmlNode *n)
{
	struct info *i = info_of(n);
	const char *t = NAME(n);
	size_t k;

	if (i->flags & INFO_CANDIDATE)
		return;
	i->flags |= INFO_CANDIDATE;
	for (k = 0; k < extract_ntag_scores; k++) {
		if (strcmp(t, extract_tag_scores[k].tag) == 0) {
			i->score = extract_tag_scores[k].score;
			break;
		}
	}
	i->score += weight_of(n, i);
	if (s->ncand == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->cand = xrealloc(s->cand, s->cap * sizeof(*s->cand));
	}
	s->cand[s->ncand++] = n;
}

#define SCORE_LEVELS 5	/* levels of containers a paragraph credits */
#define SCORE_WRAPPERS 12	/* wrappers it may pass on its way up */

/* Whether n only wraps one element: no level of its own to a paragraph. */
static bool
wrapper(const xmlNode *n)
{
	const struct info *i = info_of(n);

	return i->nkids == 1 && !i->own_text;
}

/*
 * Credits a paragraph of len bytes to the elements above it, less at each
 * level.  A wrapper around a single element (a page builder's column in
 * a section in a container) is on the level of what it wraps, so an
 * article built of many such boxes is scored where they meet.
 */
static void
score_para(struct scorer *s, xmlNode *parent, size_t len, unsigned commas)
{
	double score = 1 + commas + (double)(len / 100 < 3 ? len / 100 : 3);
	xmlNode *n, *prev = NULL;
	int level = 0, wrappers = 0;

	for (n = parent; n && level < SCORE_LEVELS &&
	    n->type == XML_ELEMENT_NODE && info_of(n); n = n->parent) {
		if (prev && (!wrapper(n) || ++wrappers > SCORE_WRAPPERS))
			level++;
		if (level >= SCORE_LEVELS)
			break;
		add_candidate(s, n);
		info_of(n)->score += score /
		    (level == 0 ? 1 : level == 1 ? 2 : level * 3);
		if (n == s->body)
			break;
		prev = n;
	}
}

/*
 * Loose text beside blocks reads as paragraphs: each run of text and inline
 * elements between blocks (or between two <br>s in a row) is scored as one.
 */
static void
score_runs(struct scorer *s, xmlNode *n)
{
	xmlNode *c;
	const struct info *ci;
	const char *t;
	size_t len = 0;
	unsigned commas = 0;
	bool lead, br = false;

	for (c = n->children;; c = c->next) {
		bool end = c == NULL;

		if (c && c->type == XML_TEXT_NODE && c->content) {
			lead = true;
			if (folded_len((const char *)c->content, &lead) == 0)
				continue;
			lead = true;
			len += folded_len((const char *)c->content, &lead) + 1;
			for (t = (const char *)c->content; *t; t++)
				commas += *t == ',';
			br = false;
			continue;
		}
		if (c && c->type != XML_ELEMENT_NODE)
			continue;
		if (c && is_el(c, "br")) {
			end = br;
			br = true;
		} else if (c) {
			ci = info_of(c);
			end = is_block(c) || (ci->flags & INFO_ANY_BLOCK);
			if (!end) {
				len += ci->text_len + 1;
				commas += ci->commas;
				br = false;
			}
		}
		if (end) {
			if (len >= 26)
				score_para(s, n, len - 1, commas);
			len = 0;
			commas = 0;
		}
		if (!c)
			break;
	}
}

#define TEASER_MIN 60	/* text of a teaser: a title and a line or two */
#define TEASER_MAX 700
#define TEASERS_MIN 3	/* teasers side by side that make a list */

/*
 * Whether n is a teaser of another page: a box of a title that is a link
 * (a linked heading) and a line or two of its text.
 */
static bool
teaser(const xmlNode *n)
{
	const struct info *i = info_of(n);

	return i && (i->flags & INFO_LINKED_HEAD) &&
	    (i->flags & INFO_ANY_BLOCK) && i->text_len >= TEASER_MIN &&
	    i->text_len <= TEASER_MAX && !heading_level(n) && !is_el(n, "a");
}

/*
 * Whether n is a list of teasers ("more stories", a feed of excerpts):
 * TEASERS_MIN boxes or more, two in three of its children, each one a
 * linked title over a short text.  Its excerpts read as prose, but they
 * are other pages'.
 */
bool
extract_teasers(const xmlNode *n)
{
	const struct info *i = info_of(n);
	const xmlNode *c;
	size_t nel = 0, nt = 0;

	if (!i || !(i->flags & INFO_LINKED_HEAD) || i->nkids < 2)
		return false;
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		nel++;
		nt += teaser(c);
	}
	return nt >= TEASERS_MIN && nt * 3 >= nel * 2;
}

#define COPY_MIN 200	/* text of a box worth checking for a copy */
#define COPY_LOOK 8	/* earlier siblings it is compared with */

/*
 * Whether n repeats an earlier sibling: the same text, paragraphs and
 * links (a page's renderings for each screen size side by side, hidden
 * by style sheets this reading does not have).  One copy is read.
 */
bool
extract_repeats_sibling(xmlNode *n)
{
	const struct info *i = info_of(n), *p;
	xmlNode *c;
	char *t = NULL, *u;
	bool same = false;
	int k = 0;

	if (!i || i->text_len < COPY_MIN || !(i->flags & INFO_ANY_BLOCK))
		return false;
	for (c = n->prev; c && k < COPY_LOOK && !same; c = c->prev) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		k++;
		p = info_of(c);
		if (!p || p->text_len != i->text_len || p->p_len != i->p_len ||
		    p->nlinks != i->nlinks)
			continue;
		if (!t)
			t = extract_folded_text(n);
		u = extract_folded_text(c);
		same = strcmp(t, u) == 0;
		free(u);
	}
	free(t);
	return same;
}

enum walk_act
extract_score_enter(xmlNode *n, void *ctx)
{
	struct scorer *s = ctx;
	struct info *i;
	const char *t;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	i = info_of(n);
	t = NAME(n);
	/* Unless the page is the list ("the best venues", a listing). */
	if ((i->flags & INFO_LINKED_HEAD) && extract_teasers(n) &&
	    i->p_len * 2 <= info_of(s->body)->p_len)
		return WALK_SKIP;
	/* A second copy scores nothing, or the two would add up. */
	if (extract_repeats_sibling(n))
		return WALK_SKIP;
	if (strcmp(t, "p") == 0 || strcmp(t, "pre") == 0 ||
	    strcmp(t, "td") == 0 ||
	    ((strcmp(t, "div") == 0 || strcmp(t, "section") == 0) &&
	    !(i->flags & INFO_HAS_BLOCK))) {
		if (i->text_len >= 25)
			score_para(s, n->parent, i->text_len, i->commas);
		return strcmp(t, "td") == 0 ? WALK_DESCEND : WALK_SKIP;
	}
	if (!(i->flags & INFO_ANY_BLOCK))
		return WALK_SKIP;	/* its text was a run of its parent */
	score_runs(s, n);
	return WALK_DESCEND;
}

static bool
ends_sentence(xmlNode *n)
{
	char *t = extract_folded_text(n);
	size_t l = strlen(t);
	bool r = l && (t[l - 1] == '.' || t[l - 1] == '!' || t[l - 1] == '?');

	free(t);
	return r;
}

static int
by_score(const void *a, const void *b)
{
	double x = info_of(*(xmlNode *const *)a)->score;
	double y = info_of(*(xmlNode *const *)b)->score;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The best candidates and the choice, when debugging. */
static void
debug_candidates(const struct scorer *s, xmlNode *top)
{
	xmlNode **v;
	size_t k;

	if (!extract_debugging() || !s->ncand)
		return;
	v = xmalloc(s->ncand * sizeof(*v));
	memcpy(v, s->cand, s->ncand * sizeof(*v));
	qsort(v, s->ncand, sizeof(*v), by_score);
	for (k = 0; k < s->ncand && k < 12; k++)
		extract_debug_node("cand", v[k], NULL);
	free(v);
	if (top)
		extract_debug_node("top", top, NULL);
}

#define PEER_RATIO 0.75	/* a peer scores this share of the best at least */
#define KIN_RATIO 0.2	/* or this share, in a box of top's very class */
#define PEERS_MAX 16	/* peers considered, the best first */
#define PEERS_MIN 1	/* peers that make their meeting point the top */

/*
 * Whether a box is a copy of the best one (the page's mobile and desktop
 * renderings, a gated and an open version): the same text to the byte,
 * in the same paragraphs, is no second part of the article.
 */
static bool
copy_of(const struct info *a, const struct info *b)
{
	return a->text_len == b->text_len && a->p_len == b->p_len &&
	    a->nlinks == b->nlinks;
}

/* Whether a and b carry the same class, one of the template's boxes. */
static bool
same_class(const xmlNode *a, const xmlNode *b)
{
	const char *x = attr(a, "class"), *y = attr(b, "class");

	return x && y && *x && strcmp(x, y) == 0;
}

/* Distance from n up to the body, or how far it got looking. */
static size_t
depth_of(const struct scorer *s, const xmlNode *n)
{
	size_t d = 0;

	for (; n && n != s->body; n = n->parent)
		d++;
	return d;
}

/*
 * Where the article's boxes meet: an article split into sections, each a
 * box of prose of its own (a page builder's sections, a long guide's
 * chapters), scores in each box about as well as in the best one, while
 * no container above scores as high.  Peers are the boxes that score
 * PEER_RATIO of the best (or KIN_RATIO, in boxes of top's own class: the
 * template's next section), none inside top or another peer; the lowest
 * ancestor of top holding half of them, and PEERS_MIN at least, is the
 * article (after Readability's "alternative candidate ancestors").  Top's
 * ancestors carry INFO_SPINE.
 */
static xmlNode *
meeting_point(const struct scorer *s, xmlNode *top, double best)
{
	xmlNode *peers[PEERS_MAX], *meet[PEERS_MAX], *p, *res = top;
	size_t np = 0, k, j, dist[PEERS_MAX], top_depth, need, up;
	const struct info *i;

	for (k = 0; k < s->ncand; k++) {
		xmlNode *c = s->cand[k];

		i = info_of(c);
		if (c == top || (i->flags & INFO_SPINE) ||
		    copy_of(i, info_of(top)) ||
		    !(i->score >= best * PEER_RATIO ||
		    (i->score >= best * KIN_RATIO && i->score >= 10 &&
		    same_class(c, top))))
			continue;
		for (p = c->parent; p && !(info_of(p)->flags & INFO_SPINE);
		    p = p->parent)
			;
		if (!p || p == top)
			continue;	/* inside top */
		if (np < PEERS_MAX) {
			peers[np++] = c;
			continue;
		}
		for (j = 0; j < np; j++)
			if (info_of(peers[j])->score < i->score) {
				peers[j] = c;
				break;
			}
	}
	/* Of nested peers (a box and its wrapper) the outer one counts. */
	for (k = 0; k < np; k++) {
		for (p = peers[k]->parent; p && !(info_of(p)->flags &
		    INFO_SPINE); p = p->parent)
			;
		meet[k] = p;
		for (j = 0; j < np; j++) {
			const xmlNode *q;

			if (j == k)
				continue;
			for (q = peers[k]->parent; q && q != meet[k] &&
			    q != peers[j]; q = q->parent)
				;
			if (q == peers[j])
				break;
		}
		dist[k] = j < np ? SIZE_MAX : 0;
	}
	top_depth = depth_of(s, top);
	for (k = 0, need = 0; k < np; k++)
		if (dist[k] == 0) {
			dist[k] = top_depth - depth_of(s, meet[k]);
			need++;
		}
	/* Where most of them meet: one box close by is not the article. */
	need = (need + 1) / 2;
	if (need < PEERS_MIN)
		need = PEERS_MIN;
	for (up = 1; up < top_depth; up++) {
		size_t n = 0;

		for (k = 0; k < np; k++)
			n += dist[k] <= up;
		if (n >= need)
			break;
	}
	if (up >= top_depth)
		return top;
	for (k = 0; k < up; k++)
		res = res->parent;
	return res;
}

/* The best-scored container, or NULL when no paragraph was found. */
xmlNode *
extract_pick_top(struct scorer *s)
{
	xmlNode *top = NULL, *p;
	struct info *i;
	double best = 0, last, thr;
	size_t k;

	for (k = 0; k < s->ncand; k++) {
		i = info_of(s->cand[k]);
		i->score *= 1 - link_density(i);
		if (!top || i->score > best) {
			top = s->cand[k];
			best = i->score;
		}
	}
	if (!top)
		return NULL;
	for (p = top; p && p->type == XML_ELEMENT_NODE && info_of(p);
	    p = p->parent)
		info_of(p)->flags |= INFO_SPINE;
	if (top == s->body) {
		debug_candidates(s, top);
		return top;
	}
	top = meeting_point(s, top, best);
	/* Climb while a parent scores better, as Readability does. */
	last = info_of(top)->score;
	thr = best / 3;
	for (p = top->parent; p && p != s->body && p->type ==
	    XML_ELEMENT_NODE; p = p->parent) {
		i = info_of(p);
		if (!(i->flags & INFO_CANDIDATE))
			continue;
		if (i->score < thr)
			break;
		if (i->score > last) {
			top = p;
			break;
		}
		last = i->score;
	}
	while (top->parent && top->parent != s->body &&
	    top->parent->type == XML_ELEMENT_NODE &&
	    extract_first_element(top->parent->children) == top && !top->next)
		top = top->parent;
	while (top->parent && top->parent != s->body &&
	    top->parent->type == XML_ELEMENT_NODE) {
		xmlNode *c, *only = NULL;
		int nel = 0;

		for (c = top->parent->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				nel++;
				only = c;
			}
		if (nel != 1 || only != top)
			break;
		top = top->parent;
	}
	debug_candidates(s, top);
	return top;
}

/* Whether sibling n of top belongs to the article too. */
bool
extract_sibling_ok(xmlNode *top, xmlNode *n)
{
	struct info *ti = info_of(top), *i = info_of(n);
	double thr, bonus = 0, ld;
	const char *c1 = attr(top, "class"), *c2 = attr(n, "class");

	if (!ti || !i)
		return false;
	thr = ti->score * 0.2;
	if (thr < 10)
		thr = 10;
	if (c1 && c2 && *c1 && strcmp(c1, c2) == 0)
		bonus = ti->score * 0.2;
	/*
	 * A sibling of the article's paragraphs is more of it when it has
	 * paragraphs too: a column of teasers beside a story scores on the
	 * text of its boxes alone.
	 */
	if ((i->flags & INFO_CANDIDATE) && i->score + bonus >= thr &&
	    (ti->p_len == 0 || i->p_len * 4 >= i->text_len))
		return true;
	if (!is_el(n, "p"))
		return false;
	ld = link_density(i);
	if (i->text_len > 80 && ld < 0.25)
		return true;
	return i->text_len > 0 && i->text_len <= 80 && ld == 0 &&
	    ends_sentence(n);
}

/*
 * The element that holds about len bytes of text, top or the lowest of its
 * ancestors holding most of it, not twice as much; NULL when none does.
 */
xmlNode *
extract_holder_of(xmlNode *top, xmlNode *body, size_t len)
{
	xmlNode *n;
	const struct info *i;

	for (n = top; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		i = info_of(n);
		if (i && i->text_len * 5 >= len * 4)
			return i->text_len <= len * 2 ? n : NULL;
		if (n == body)
			break;
	}
	return NULL;
}
