/*
 * chrome: removal of the site's chrome by element rules (class and id
 * words, roles, tags, hidden elements, link clusters), and the removal log
 * every pass writes to.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "digest.h"
#include "internal.h"
#include "xalloc.h"

/* A wrapper holding most of the page's text is not chrome. */
bool
extract_holds_most(const struct remover *r, const struct info *i)
{
	return (i->p_len > 200 && i->p_len * 2 > r->body_p_len) ||
	    (i->text_len > 500 && i->text_len * 2 > r->body_text_len);
}

/* Appends an entry for removed.json; takes over rule. */
void
extract_removal_add(struct article *a, enum chrome_kind kind, char *rule,
    const char *path, const char *text, size_t len)
{
	struct removal *m;
	size_t n = a->nremoved;

	if ((n & (n - 1)) == 0)		/* 0, 1, 2, 4, ...: full */
		a->removed = xrealloc(a->removed,
		    (n ? n * 2 : 1) * sizeof(*a->removed));
	m = &a->removed[a->nremoved++];
	m->kind = kind;
	m->rule = rule;
	m->path = xstrdup(path ? path : "");
	m->text_len = len;
	digest_sha256_hex(text ? text : "", len, m->sha256);
}

/* Logs element n, removed under rule, with its text's length and hash. */
void
extract_log_node(struct article *a, xmlNode *n, enum chrome_kind kind,
    const char *rule)
{
	struct buf b = BUF_INIT(BUF_UNCAPPED);
	char *path = extract_node_path(n);

	extract_debug_node("remove", n, rule);
	extract_node_text(n, &b);
	extract_removal_add(a, kind, xstrdup(rule), path, b.data, b.len);
	free(path);
	buf_release(&b);
}

void
extract_log_removal(struct remover *r, xmlNode *n, enum chrome_kind kind,
    const char *rule)
{
	extract_log_node(r->a, n, kind, rule);
}

static bool
inside_article(const xmlNode *n)
{
	const char *ip;

	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (is_el(n, "article") || is_el(n, "main"))
			return true;
		ip = attr(n, "itemprop");
		if (ip && strcasecmp(ip, "articleBody") == 0)
			return true;
	}
	return false;
}

static bool
is_hidden(const xmlNode *n, const char **rule)
{
	const char *v = attr(n, "hidden");
	char style[256];
	size_t i, j;

	if (v) {
		*rule = "hidden";
		return true;
	}
	v = attr(n, "aria-hidden");
	if (v && strcasecmp(v, "true") == 0) {
		*rule = "aria-hidden=true";
		return true;
	}
	v = attr(n, "style");
	if (!v)
		return false;
	for (i = j = 0; v[i] && j + 1 < sizeof(style); i++) {
		if (is_space((unsigned char)v[i]))
			continue;
		style[j++] = (char)(v[i] >= 'A' && v[i] <= 'Z' ?
		    v[i] + 'a' - 'A' : v[i]);
	}
	style[j] = '\0';
	if (strstr(style, "display:none")) {
		*rule = "style=display:none";
		return true;
	}
	if (strstr(style, "visibility:hidden")) {
		*rule = "style=visibility:hidden";
		return true;
	}
	return false;
}

#define CLUSTER_LINKS 3	/* fewest links of a link cluster in prose */
#define CLUSTER_PROSE 40	/* least other text of the prose around it */

static bool
linky_inline(const xmlNode *n)
{
	const struct info *i = info_of(n);

	return i && !is_block(n) && !is_el(n, "a") &&
	    i->nlinks >= CLUSTER_LINKS &&
	    (uint64_t)i->link_len * 10 >= (uint64_t)i->text_len * 9;
}

/*
 * Whether inline n is a cluster of links set inside a paragraph of prose
 * (a hover card of a person's latest stories): three links or more, nine
 * tenths of its text linked, while its block reads on without it.  The
 * innermost such element is the cluster, so a link it hangs from stays.
 */
static bool
link_cluster(const xmlNode *n)
{
	const struct info *i = info_of(n), *p;
	const xmlNode *up, *c;

	if (!linky_inline(n))
		return false;
	for (c = n->children; c; c = c->next)
		if (linky_inline(c))
			return false;
	for (up = n->parent; up && !is_block(up); up = up->parent)
		;
	p = info_of(up);
	return p && p->text_len - p->link_len >=
	    i->text_len - i->link_len + CLUSTER_PROSE;
}

#define FORM_PROSE 500	/* text outside links of a form wrapping a page */

/*
 * Whether a <form> wraps the page rather than asks something of the
 * reader (ASP.NET's form around every page): it holds most of the page's
 * text outside links, and more of it than a search box, a sign-up or a
 * poll ever does.
 */
static bool
page_form(const struct remover *r, const struct info *i)
{
	const struct info *b = info_of(r->body);
	unsigned own = i->text_len - i->link_len;

	return own >= FORM_PROSE && b && own * 2 > b->text_len - b->link_len;
}

/* The first word rule matching n's class or id, or NULL. */
const struct extract_word_rule *
extract_word_rule_of(const xmlNode *n, const char **which)
{
	const struct info *i = info_of(n);

	if (!i || i->rule >= extract_nword_rules)
		return NULL;
	*which = i->rule_in_id ? "id" : "class";
	return &extract_word_rules[i->rule];
}

static enum walk_act
remove_enter(xmlNode *n, void *ctx)
{
	struct remover *r = ctx;
	const struct extract_word_rule *w;
	const struct info *i;
	const char *rule = NULL, *which = NULL, *role;
	enum chrome_kind kind;
	char rbuf[128];
	size_t k;

	if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
		return WALK_REMOVE;
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (n == r->body || is_el(n, "html") || is_el(n, "body"))
		return WALK_DESCEND;
	for (k = 0; k < extract_ntag_rules; k++) {
		if (!extract_tag_rules[k].log &&
		    NAME(n)[0] == extract_tag_rules[k].tag[0] &&
		    strcmp(NAME(n), extract_tag_rules[k].tag) == 0)
			return WALK_REMOVE;
	}
	i = info_of(n);
	if (i && (i->flags & INFO_KEY))
		return WALK_DESCEND;
	if (is_hidden(n, &rule)) {
		kind = CHROME_HIDDEN;
		goto remove;
	}
	w = extract_word_rule_of(n, &which);
	if (w && !is_el(n, "a")) {
		kind = w->kind;
		snprintf(rbuf, sizeof(rbuf), "%s%s=%.60s", which,
		    w->match == EXTRACT_PART ? "~" : "", w->word);
		rule = rbuf;
		goto guarded;
	}
	role = attr(n, "role");
	for (k = 0; role && k < extract_nrole_rules; k++) {
		if (strcasecmp(role, extract_role_rules[k].role) == 0) {
			kind = extract_role_rules[k].kind;
			snprintf(rbuf, sizeof(rbuf), "role=%s",
			    extract_role_rules[k].role);
			rule = rbuf;
			goto guarded;
		}
	}
	for (k = 0; k < extract_ntag_rules; k++) {
		const struct extract_tag_rule *t = &extract_tag_rules[k];

		if (NAME(n)[0] != t->tag[0] || strcmp(NAME(n), t->tag))
			continue;
		if (t->outside_only && inside_article(n))
			break;
		kind = t->kind;
		snprintf(rbuf, sizeof(rbuf), "tag=%s", t->tag);
		rule = rbuf;
		goto guarded;
	}
	if (link_cluster(n)) {
		kind = CHROME_RELATED;
		rule = "link-cluster";
		goto remove;
	}
	return WALK_DESCEND;
guarded:
	if (kind != CHROME_COMMENTS && kind != CHROME_REPLY_FORM && i &&
	    (extract_holds_most(r, i) || (i->flags & INFO_BODY)))
		return WALK_DESCEND;
	if (i && is_el(n, "form") && page_form(r, i))
		return WALK_DESCEND;
remove:
	extract_log_removal(r, n, kind, rule);
	return WALK_REMOVE;
}

/*
 * Whether a chrome heading is the page's own headline ("Thoughts on Zig"
 * is no comment count): the article's title never opens chrome.
 */
static bool
headline_hit(const struct remover *r, const struct phrase_hit *h)
{
	char *t;
	bool same;

	if (h->line || !r->a->title || !heading_level(h->n))
		return false;
	t = extract_folded_text(h->n);
	same = strcasecmp(t, r->a->title) == 0;
	free(t);
	return same;
}

size_t
extract_remove_chrome(xmlNode *body, struct infos *in, struct article *a)
{
	struct remover r;
	struct phrase_find f = { NULL, 0, 0, NULL };
	size_t k, leading;

	memset(&r, 0, sizeof(r));
	r.a = a;
	r.in = in;
	r.body = body;
	r.body_p_len = info_of(body)->p_len;
	r.body_text_len = info_of(body)->text_len;
	r.threads = extract_thread_scan(body, in);
	f.threads = r.threads;
	/* Sections first: a word rule would take their heading alone. */
	extract_walk(body, extract_phrase_enter, NULL, &f);
	for (k = 0; k < f.n; k++)
		if (extract_attached(&r, f.v[k].n) &&
		    !headline_hit(&r, &f.v[k]))
			extract_remove_phrase(&r, &f.v[k]);
	leading = extract_remove_threads(&r);
	extract_threads_free(r.threads);
	for (k = 0; k < r.ndead; k++)
		xmlFreeNode(r.dead[k]);
	free(r.dead);
	free(f.v);
	extract_walk(body, remove_enter, NULL, &r);
	return leading;
}
