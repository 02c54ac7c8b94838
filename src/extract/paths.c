/*
 * paths: the element paths of removed.json ("/html/body/div[2]/p"), the
 * strings libxml2's xmlGetNodePath() gives for the tree as it stands when
 * an element is logged, without its walk over every earlier sibling: a
 * page of many siblings that are logged one by one made that quadratic.
 *
 * When the tree is bound, each element learns its group (its parent's
 * element children of its name) and its place in it.  Its index in a path
 * is that place less the group's earlier members unlinked since, counted
 * in a Fenwick tree per group, and no index at all when it is the group's
 * only member left.  Elements outside the bound tree (<html>, and <body>
 * when it is the root) are few and shallow, and count their siblings as
 * libxml2 does.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xalloc.h"

struct sib_group {
	const char *name;
	unsigned n;		/* members when the tree was bound */
	unsigned live;		/* members still linked */
	unsigned *gone;		/* Fenwick tree of places unlinked, or NULL */
};

struct grouper {
	struct infos *in;
	size_t *slots;		/* open addressing: group index + 1 */
	size_t nslots;
};

static size_t
name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Groups the element children of n by name. */
static enum walk_act
group_enter(xmlNode *n, void *ctx)
{
	struct grouper *gr = ctx;
	struct infos *in = gr->in;
	struct sib_group *g;
	struct info *i;
	xmlNode *c;
	size_t count = 0, size = 8, h;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	for (c = n->children; c; c = c->next)
		count += c->type == XML_ELEMENT_NODE;
	if (count == 0)
		return WALK_DESCEND;
	while (size < 2 * count)
		size *= 2;
	if (size > gr->nslots) {
		gr->slots = xrealloc(gr->slots, size * sizeof(*gr->slots));
		gr->nslots = size;
	}
	memset(gr->slots, 0, size * sizeof(*gr->slots));
	for (c = n->children; c; c = c->next) {
		i = info_of(c);
		if (!i)
			continue;
		h = name_hash(NAME(c)) & (size - 1);
		while (gr->slots[h] &&
		    strcmp(in->groups[gr->slots[h] - 1].name, NAME(c)) != 0)
			h = (h + 1) & (size - 1);
		if (gr->slots[h] == 0) {
			in->groups[in->ngroups].name = NAME(c);
			gr->slots[h] = ++in->ngroups;
		}
		g = &in->groups[gr->slots[h] - 1];
		i->group = g;
		i->place = ++g->n;
		g->live++;
	}
	return WALK_DESCEND;
}

void
extract_bind_paths(xmlNode *root, struct infos *in)
{
	struct grouper gr = { in, NULL, 0 };

	/* No more groups than elements: the array never moves. */
	in->groups = xcalloc(in->n ? in->n : 1, sizeof(*in->groups));
	in->ngroups = 0;
	if (info_of(root))
		info_of(root)->group = NULL;
	extract_walk(root, group_enter, NULL, &gr);
	free(gr.slots);
}

void
extract_release_paths(struct infos *in)
{
	size_t k;

	for (k = 0; k < in->ngroups; k++)
		free(in->groups[k].gone);
	free(in->groups);
	in->groups = NULL;
	in->ngroups = 0;
}

void
extract_path_unlink(const xmlNode *n)
{
	const struct info *i = info_of(n);
	struct sib_group *g = i ? i->group : NULL;
	unsigned k;

	if (!g)
		return;
	if (!g->gone)
		g->gone = xcalloc(g->n + 1, sizeof(*g->gone));
	for (k = i->place; k <= g->n; k += k & -k)
		g->gone[k]++;
	g->live--;
}

/* How many of places 1..place of g were unlinked. */
static unsigned
gone_before(const struct sib_group *g, unsigned place)
{
	unsigned k, sum = 0;

	if (!g->gone)
		return 0;
	for (k = place; k > 0; k -= k & -k)
		sum += g->gone[k];
	return sum;
}

/* xmlGetNodePath's index of n: 0 for none, else its rank by name. */
static unsigned
sibling_index(const xmlNode *n)
{
	const struct info *i = info_of(n);
	const xmlNode *t;
	unsigned occur = 0;

	if (i && i->group)
		return i->group->live > 1 ?
		    i->place - gone_before(i->group, i->place) : 0;
	for (t = n->prev; t; t = t->prev)
		if (t->type == XML_ELEMENT_NODE && t->ns == n->ns &&
		    strcmp(NAME(t), NAME(n)) == 0)
			occur++;
	if (occur)
		return occur + 1;
	for (t = n->next; t; t = t->next)
		if (t->type == XML_ELEMENT_NODE && t->ns == n->ns &&
		    strcmp(NAME(t), NAME(n)) == 0)
			return 1;
	return 0;
}

char *
extract_node_path(const xmlNode *n)
{
	struct buf b = BUF_INIT(BUF_UNCAPPED);
	const xmlNode **up = NULL;
	size_t nup = 0, cap = 0;
	unsigned k;

	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (nup == cap) {
			cap = cap ? cap * 2 : 32;
			up = xrealloc(up, cap * sizeof(*up));
		}
		up[nup++] = n;
	}
	while (nup > 0) {
		n = up[--nup];
		buf_addch(&b, '/');
		buf_addstr(&b, NAME(n));
		k = sibling_index(n);
		if (k)
			buf_addf(&b, "[%u]", k);
	}
	free(up);
	return buf_detach(&b, NULL);
}
