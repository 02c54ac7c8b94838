/*
 * phrase: chrome headings and lines found by their text ("3 Comments",
 * "Related posts", "Leave a reply"), and the removal of the box or section
 * each one opens; thread.c says how far a readers' thread goes.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xalloc.h"

#define HEADING_MAX 120		/* longest heading text matched as chrome */
#define LINE_MAX_LEN 240	/* longest text line matched as chrome */

/*
 * Lower-cases (ASCII, Latin-1 and Cyrillic), drops digits and punctuation
 * and folds spaces, so "3 Comments:" reads "comments".
 */
void
extract_norm_phrase(const char *s, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t j = 0;
	bool sp = false;

	while (*p && j + 4 < cap) {
		unsigned c = *p;

		if (c >= 0x80) {
			/* At most 4 bytes: no strlen per character. */
			size_t k = extract_utf8_len(p,
			    strnlen((const char *)p, 4));
			unsigned char b0 = p[0], b1 = k > 1 ? p[1] : 0;

			if (k == 0)
				k = 1;
			if (k == 2 && b0 == 0xc3 && b1 >= 0x80 && b1 <= 0x9e &&
			    b1 != 0x97)
				b1 += 0x20;
			else if (k == 2 && b0 == 0xd0 && b1 >= 0x90 &&
			    b1 <= 0x9f)
				b1 += 0x20;
			else if (k == 2 && b0 == 0xd0 && b1 >= 0xa0 &&
			    b1 <= 0xaf) {
				b0 = 0xd1;
				b1 -= 0x20;
			}
			if ((k == 2 && b0 == 0xc2) || k == 3) {
				/* NBSP, quotes, dashes: separators. */
				sp = j > 0;
				p += k;
				continue;
			}
			if (sp) {
				out[j++] = ' ';
				sp = false;
			}
			out[j++] = (char)b0;
			if (k > 1)
				out[j++] = (char)b1;
			for (size_t m = 2; m < k; m++)
				out[j++] = (char)p[m];
			p += k;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (sp) {
				out[j++] = ' ';
				sp = false;
			}
			out[j++] = (char)(c | 0x20);
		} else {
			sp = j > 0;
		}
		p++;
	}
	out[j] = '\0';
}

static const struct extract_phrase_rule *
phrase_rule(const char *text)
{
	char norm[HEADING_MAX * 2 + 8];
	size_t k, n;

	extract_norm_phrase(text, norm, sizeof(norm));
	for (k = 0; k < extract_nphrase_rules; k++) {
		const struct extract_phrase_rule *p = &extract_phrase_rules[k];

		if (norm[0] != p->text[0])
			continue;
		n = strlen(p->text);
		if (strcmp(norm, p->text) == 0)
			return p;
		if (p->prefix && strncmp(norm, p->text, n) == 0 &&
		    norm[n] == ' ')
			return p;
	}
	return NULL;
}

/* Whether n's class calls it a title or heading. */
bool
extract_heading_like_class(const xmlNode *n)
{
	const char *cls = attr(n, "class");

	return extract_has_any_word(cls, extract_heading_words,
	    extract_nheading_words);
}

static bool
heading_like(const xmlNode *n)
{
	return heading_level(n) || extract_heading_like_class(n);
}

/* Whether a word rule of this kind on a heading opens a chrome section. */
static bool
section_kind(enum chrome_kind k)
{
	return k == CHROME_COMMENTS || k == CHROME_REPLY_FORM ||
	    k == CHROME_RELATED;
}

static void
add_hit(struct phrase_find *f, xmlNode *n, enum chrome_kind kind,
    const char *text, bool line, bool thread)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	f->v[f->n].n = n;
	f->v[f->n].kind = kind;
	f->v[f->n].text = text;
	f->v[f->n].line = line;
	f->v[f->n].thread = thread;
	f->n++;
}

/* The phrase rule matching n's text, or NULL; n is short (info known). */
static const struct extract_phrase_rule *
node_phrase(xmlNode *n)
{
	const struct extract_phrase_rule *r;
	char *t = extract_folded_text(n);

	r = phrase_rule(t);
	free(t);
	return r;
}

static xmlNode *next_link_list(xmlNode *n);

/* Whether n's text opens with a number. */
static bool
opens_with_count(xmlNode *n)
{
	char *t = extract_folded_text(n);
	bool r = isdigit((unsigned char)*t) != 0;

	free(t);
	return r;
}

enum walk_act
extract_phrase_enter(xmlNode *n, void *ctx)
{
	struct phrase_find *f = ctx;
	const struct extract_phrase_rule *r;
	const struct extract_word_rule *w;
	const struct info *i;
	const char *which, *lead;
	unsigned lf;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	i = info_of(n);
	if (!i || i->text_len == 0)
		return WALK_SKIP;
	if ((i->flags & INFO_KEY) && !heading_level(n))
		return WALK_DESCEND;
	if (heading_like(n) && i->text_len <= HEADING_MAX) {
		r = node_phrase(n);
		if (r) {
			add_hit(f, n, r->kind, r->text, false, false);
			return WALK_SKIP;
		}
		/* The page's headline ("Thoughts on Zig") opens no thread. */
		if (!(i->flags & INFO_KEY) &&
		    extract_thread_may_lead(f->threads, n) &&
		    (lead = extract_thread_lead(n, &lf)) != NULL) {
			add_hit(f, n, CHROME_COMMENTS, lead, false, true);
			return WALK_SKIP;
		}
		w = extract_word_rule_of(n, &which);
		if (w && heading_level(n) && section_kind(w->kind))
			add_hit(f, n, w->kind, w->word, false, false);
		return WALK_SKIP;
	}
	if (!(i->tag & TAG_BLOCK) &&
	    !in_list(NAME(n), extract_line_tags, extract_nline_tags))
		return WALK_DESCEND;
	if (i->text_len <= HEADING_MAX && !(i->flags & INFO_ANY_BLOCK) &&
	    !is_el(n, "li") && !is_el(n, "a") && i->link_len * 2 < i->text_len) {
		/* A short line standing alone reads as a heading. */
		r = node_phrase(n);
		if (r && (r->kind == CHROME_COMMENTS ||
		    r->kind == CHROME_REPLY_FORM) && !r->prefix) {
			add_hit(f, n, r->kind, r->text, false, false);
			return WALK_SKIP;
		}
		if (r && r->kind == CHROME_REPLY_FORM && r->prefix) {
			add_hit(f, n, r->kind, r->text, true, false);
			return WALK_SKIP;
		}
		/* "Related posts:" over a list of links heads the list. */
		if (r && r->kind == CHROME_RELATED && !r->prefix &&
		    next_link_list(n)) {
			add_hit(f, n, r->kind, r->text, false, false);
			return WALK_SKIP;
		}
		/* "92 Responses to ...", "3 thoughts on ...": a count. */
		if (r && r->kind == CHROME_COMMENTS && r->prefix &&
		    opens_with_count(n)) {
			add_hit(f, n, r->kind, r->text, false, false);
			return WALK_SKIP;
		}
		/* "Comments (3)", "Have your say", "Be the first to ...". */
		if (!r && extract_thread_may_lead(f->threads, n) &&
		    (lead = extract_thread_lead(n, &lf)) != NULL)
			add_hit(f, n, CHROME_COMMENTS, lead, false, true);
		return WALK_SKIP;
	}
	if (i->text_len <= LINE_MAX_LEN && !(i->flags & INFO_HAS_BLOCK) &&
	    (is_el(n, "p") || is_el(n, "div") || is_el(n, "span"))) {
		r = node_phrase(n);
		if (r && r->kind == CHROME_REPLY_FORM && r->prefix) {
			add_hit(f, n, r->kind, r->text, true, false);
			return WALK_SKIP;
		}
	}
	return WALK_DESCEND;
}

/*
 * The list of links that follows line n as its next element ("Related
 * posts:" then an <ol> of titles), or NULL.
 */
static xmlNode *
next_link_list(xmlNode *n)
{
	xmlNode *l = extract_first_element(n->next);
	const struct info *i = info_of(l);

	if (!i || (!is_el(l, "ul") && !is_el(l, "ol")) ||
	    link_density(i) < 0.5)
		return NULL;
	return l;
}

static bool
removable_container(const struct remover *r, xmlNode *c,
    enum chrome_kind kind)
{
	const struct info *i = info_of(c);

	if (!i || c == r->body || is_el(c, "body") || is_el(c, "html") ||
	    (i->flags & INFO_KEY))
		return false;
	if (!in_list(NAME(c), extract_container_tags, extract_ncontainer_tags))
		return false;
	if (kind != CHROME_COMMENTS && extract_holds_most(r, i))
		return false;
	return true;
}

/* Unlinks n into the graveyard, freed once all hits are handled. */
void
extract_bury(struct remover *r, xmlNode *n)
{
	extract_path_unlink(n);
	xmlUnlinkNode(n);
	if (r->ndead == r->deadcap) {
		r->deadcap = r->deadcap ? r->deadcap * 2 : 16;
		r->dead = xrealloc(r->dead, r->deadcap * sizeof(*r->dead));
	}
	r->dead[r->ndead++] = n;
}

bool
extract_attached(const struct remover *r, const xmlNode *n)
{
	for (; n; n = n->parent)
		if (n == r->body)
			return true;
	return false;
}

/* The heading level n opens, looking into a wrapper's first element. */
int
extract_opening_level(xmlNode *n)
{
	xmlNode *hd;
	int l = heading_level(n);

	if (!l && n->children) {
		hd = extract_first_element(n->children);
		if (hd && hd->type == XML_ELEMENT_NODE)
			l = heading_level(hd);
	}
	return l;
}

/*
 * Whether comments heading f heads a container holding more than itself
 * and the thread's furniture: the container goes whole, as it always did.
 */
static bool
boxed_heading(const struct remover *r, const struct phrase_hit *f)
{
	xmlNode *h = f->n, *c = h;
	const struct info *hi = info_of(h), *ci;

	if (f->line || f->thread || !heading_level(h))
		return false;
	while (c->parent && extract_first_element(c->parent->children) == c &&
	    removable_container(r, c->parent, f->kind))
		c = c->parent;
	ci = info_of(c);
	return c != h && ci && hi && ci->text_len > hi->text_len + 40 &&
	    !extract_thread_furniture(r->threads, c, h);
}

/*
 * Removes a chrome heading with its container or the section it opens:
 * the siblings after it (or after the wrapper holding only it) up to the
 * next heading of its level or above.
 */
void
extract_remove_phrase(struct remover *r, const struct phrase_hit *f)
{
	xmlNode *h = f->n, *c = h, *n, *next;
	const struct info *hi = info_of(h), *ci;
	char rule[HEADING_MAX + 16];
	int level = heading_level(h), l;

	if (f->kind == CHROME_COMMENTS && !boxed_heading(r, f) &&
	    extract_thread_section(r, f))
		return;
	snprintf(rule, sizeof(rule), "%s=%s", f->line ? "text" : "heading",
	    f->text);
	if (f->line) {
		for (n = h->parent; n && n != r->body; n = n->parent) {
			const char *which;
			const struct extract_word_rule *w =
			    extract_word_rule_of(n, &which);

			if (is_el(n, "form") || (w &&
			    (w->kind == CHROME_REPLY_FORM ||
			    w->kind == CHROME_COMMENTS))) {
				if (removable_container(r, n, f->kind))
					c = n;
				break;
			}
		}
		extract_log_removal(r, c, f->kind, rule);
		extract_bury(r, c);
		return;
	}
	/* The heading heads its container: take the container. */
	while (c->parent && extract_first_element(c->parent->children) == c &&
	    removable_container(r, c->parent, f->kind))
		c = c->parent;
	ci = info_of(c);
	if (!section_kind(f->kind) || (!level && c == h)) {
		/*
		 * Share, newsletter: the box alone; a bare line: itself, and
		 * the list of links it heads.
		 */
		xmlNode *list = c == h ? next_link_list(h) : NULL;

		extract_log_removal(r, c, f->kind, rule);
		extract_bury(r, c);
		if (list) {
			extract_log_removal(r, list, f->kind, rule);
			extract_bury(r, list);
		}
		return;
	}
	if (c != h && !(ci && hi && ci->text_len > hi->text_len + 40)) {
		/* A wrapper of the heading alone: its section follows it. */
		h = c;
	} else if (c != h) {
		extract_log_removal(r, c, f->kind, rule);
		extract_bury(r, c);
		return;
	}
	if (!level)
		level = 7;
	for (n = h->next; n; n = next) {
		next = n->next;
		if (n->type == XML_ELEMENT_NODE) {
			l = extract_opening_level(n);
			if (l && l <= level)
				break;
			if (info_of(n) && (info_of(n)->flags & INFO_KEY))
				break;
			extract_log_removal(r, n, f->kind, rule);
		}
		extract_bury(r, n);
	}
	extract_log_removal(r, h, f->kind, rule);
	extract_bury(r, h);
}
