/*
 * blocks: the article and its sibling blocks walked into blocks of text and
 * the clean markup beside them, with Readability's conditional cleaning of
 * containers and the line rules applied to each block.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

static int
context_kind(const struct builder *b, int *level)
{
	size_t k;

	*level = 0;
	for (k = b->nst; k > 0; k--) {
		if (b->st[k - 1].kind >= 0) {
			*level = b->st[k - 1].level;
			return b->st[k - 1].kind;
		}
	}
	return BLOCK_PARA;
}

static void
add_block(struct builder *b, enum block_kind kind, int level, char *text)
{
	struct article *a = b->a;

	if (a->nblocks == b->bcap) {
		b->bcap = b->bcap ? b->bcap * 2 : 32;
		a->blocks = xrealloc(a->blocks, b->bcap * sizeof(*a->blocks));
	}
	a->blocks[a->nblocks].kind = kind;
	a->blocks[a->nblocks].level = level;
	a->blocks[a->nblocks].text = text;
	a->nblocks++;
}

static bool
same_folded(const char *text, const char *title)
{
	char *t = xstrdup(text);
	bool same;

	extract_fold_inplace(t);
	same = strcmp(t, title) == 0;
	free(t);
	return same;
}

/* Logs a block the line rules dropped, under the element holding it. */
static void
log_line(struct builder *b, const char *text, enum chrome_kind kind,
    const char *rule)
{
	char *path = NULL;
	size_t k;

	for (k = b->nst; k > 0 && !path; k--)
		if (b->st[k - 1].node)
			path = extract_node_path(b->st[k - 1].node);
	extract_removal_add(b->a, kind, xasprintf("line=%s", rule), path, text,
	    strlen(text));
	free(path);
}

/* Whether n or an element above it names the article body. */
static bool
in_body_container(const xmlNode *n)
{
	const struct info *i;

	for (; n; n = n->parent) {
		i = info_of(n);
		if (i && i->body_hint)
			return true;
	}
	return false;
}

/* Whether an element below top names the article body; no recursion. */
static bool
has_body_container(const xmlNode *top)
{
	const struct info *i;
	const xmlNode *n = top->children;

	while (n) {
		i = info_of(n);
		if (i && i->body_hint)
			return true;
		if (i && n->children) {
			n = n->children;
			continue;
		}
		while (n && n != top && !n->next)
			n = n->parent;
		n = n && n != top ? n->next : NULL;
	}
	return false;
}

/* Whether n sits in an article's <header> or <hgroup>. */
static bool
in_header(const xmlNode *n)
{
	for (; n; n = n->parent)
		if (is_el(n, "header") || is_el(n, "hgroup"))
			return true;
	return false;
}

/*
 * Whether the text is a teaser: the page's description repeated in the
 * article's header, outside the element that names the body.  A lead
 * paragraph that is also the description stays: it is in neither.
 */
static bool
teaser_block(const struct builder *b, const char *text)
{
	const xmlNode *n = b->nst ? b->st[b->nst - 1].node : b->at;

	if (!b->a->description || !n || !same_folded(text, b->a->description))
		return false;
	return in_header(n) && !in_body_container(n) &&
	    has_body_container(b->root);
}

/* Ends the block being collected, if it holds anything worth keeping. */
static void
flush(struct builder *b)
{
	static const char *const tags[] = {
		[BLOCK_PARA] = "p", [BLOCK_ITEM] = "li",
		[BLOCK_QUOTE] = "p", [BLOCK_PRE] = "pre",
		[BLOCK_CAPTION] = "figcaption", [BLOCK_TABLE_ROW] = "p",
	};
	bool lead = true;
	size_t len;
	int level, kind = context_kind(b, &level);
	char tag[16], *t;

	/* Both are emptied below: what did not fit is noted first. */
	if (b->text.failed || b->inl.failed)
		b->failed = true;
	len = b->text.data ? folded_len(b->text.data, &lead) : 0;
	if (len == 0) {
		if (b->has_img) {
			buf_addstr(&b->html, "<p>");
			buf_add(&b->html, b->inl.data, b->inl.len);
			buf_addstr(&b->html, "</p>\n");
		}
		goto out;
	}
	if (kind != BLOCK_HEADING && kind != BLOCK_PRE &&
	    b->link_len * 2 > len) {
		log_line(b, b->text.data, CHROME_OTHER, "link-dense");
		goto out;
	}
	if (kind == BLOCK_HEADING)
		snprintf(tag, sizeof(tag), "h%d", level);
	else
		snprintf(tag, sizeof(tag), "%s", tags[kind]);
	if (kind != BLOCK_PRE && kind != BLOCK_TABLE_ROW && !b->keep_all) {
		enum chrome_kind ck;
		const char *rule = extract_line_rule(b->text.data, &ck);
		size_t cut;

		/*
		 * A heading too ("Sign up for our newsletter" in an <h3>),
		 * but not as a credit: "Photos: the parade" titles a gallery.
		 */
		if (rule && !(kind == BLOCK_HEADING && ck == CHROME_CREDIT)) {
			log_line(b, b->text.data, ck, rule);
			goto out;
		}
		if (kind == BLOCK_HEADING)
			goto keep;
		if (kind == BLOCK_PARA && teaser_block(b, b->text.data)) {
			log_line(b, b->text.data, CHROME_OTHER, "teaser");
			goto out;
		}
		cut = kind == BLOCK_CAPTION || b->in_caption ?
		    extract_credit_tail(b->text.data, b->text.len) : 0;
		if (cut) {
			log_line(b, b->text.data + cut, CHROME_CREDIT,
			    "credit-tail");
			if (b->inl.data)
				extract_cut_inline_tail(&b->inl,
				    b->text.data + cut);
			b->text.len = cut;
			b->text.data[cut] = '\0';
		}
	}
keep:
	t = buf_detach(&b->text, NULL);
	if (kind != BLOCK_HEADING || b->a->nblocks || !b->a->title ||
	    !same_folded(t, b->a->title)) {
		/* The document's own <h1> already carries the title. */
		buf_addf(&b->html, "<%s>", tag);
		buf_add(&b->html, b->inl.data ? b->inl.data : "", b->inl.len);
		buf_addf(&b->html, "</%s>\n", tag);
	}
	add_block(b, (enum block_kind)kind, level, t);
out:
	buf_reset(&b->text);
	buf_reset(&b->inl);
	b->link_len = 0;
	/* A link still open goes on at the start of the next block. */
	b->link_from = 0;
	b->link_len_from = 0;
	b->has_img = false;
	b->in_caption = false;
}

static void
push(struct builder *b, int kind, int level, const char *open,
    const char *close)
{
	if (b->nst == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->st = xrealloc(b->st, b->cap * sizeof(*b->st));
	}
	if (open)
		buf_addstr(&b->html, open);
	b->st[b->nst].node = b->at;
	b->st[b->nst].kind = kind;
	b->st[b->nst].level = level;
	b->st[b->nst].close = close;
	b->st[b->nst].mark = b->html.len;
	b->nst++;
}

/* Whether the nearest non-blank sibling after (or before) n is a <br>. */
static bool
sibling_is_br(xmlNode *n, bool after)
{
	for (n = after ? n->next : n->prev; n; n = after ? n->next : n->prev) {
		if (n->type == XML_ELEMENT_NODE)
			return is_el(n, "br");
		if (n->type == XML_TEXT_NODE && n->content) {
			bool lead = true;

			if (folded_len((const char *)n->content, &lead))
				return false;
		}
	}
	return false;
}

/* The lazy loaders' attributes that hold an image's real address. */
static const char *const lazy_attrs[] = {
	"data-src", "data-lazy-src", "data-original", "data-srcset", "srcset",
};

/*
 * The address of image n: its src, unless that is a lazy loader's
 * placeholder (none, or a data: URI), then the first of lazy_attrs that
 * has one; a srcset's first candidate.  NULL when there is none.
 */
static char *
img_src(const xmlNode *n)
{
	const char *v = attr(n, "src");
	size_t k;

	for (k = 0; (!v || !*v || strncmp(v, "data:", 5) == 0) &&
	    k < sizeof(lazy_attrs) / sizeof(lazy_attrs[0]); k++)
		v = attr(n, lazy_attrs[k]);
	if (!v || !*v || strncmp(v, "data:", 5) == 0)
		return NULL;
	while (is_space((unsigned char)*v))
		v++;
	k = strcspn(v, " \t\n\r\f");
	if (k > 1 && v[k - 1] == ',')	/* "a.jpg,b.jpg 2x": no descriptor */
		k--;
	return xstrndup(v, k);
}

#define PERMALINK_MAX 8	/* bytes of a permalink's sign: "#", "¶", "🔗" */

/*
 * Whether link n is a heading's permalink: a sign with no letter or digit
 * ("#", "¶") leading to a place in the page.  It is no part of the text.
 */
static bool
permalink(xmlNode *n)
{
	const struct info *i = info_of(n);
	const char *h = attr(n, "href");
	char *t;
	const char *p;
	bool sign = true;

	if (!h || h[0] != '#' || !i || i->text_len > PERMALINK_MAX)
		return false;
	t = extract_folded_text(n);
	for (p = t; *p && sign; p++)
		sign = !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9'));
	free(t);
	return sign;
}

/*
 * Whether n only wraps a heading, box in box (a page builder's heading
 * widget): it is as short as a heading and as much the article's.
 */
static bool
heading_box(const xmlNode *n)
{
	const struct info *i = info_of(n);

	while (n && !heading_level(n) && i && i->nkids == 1 && !i->own_text) {
		n = extract_first_element(n->children);
		i = info_of(n);
	}
	return n && heading_level(n);
}

/*
 * Readability's conditional cleaning of containers inside the article: the
 * rule that drops n, or NULL to keep it.
 */
static const char *
drop_container(const struct builder *b, xmlNode *n)
{
	const struct info *i = info_of(n), *ri = info_of(b->root);
	int w;
	double ld;

	if (!in_list(NAME(n), extract_conditional_tags,
	    extract_nconditional_tags))
		return NULL;
	/* The best-scored node and what holds it are the article. */
	if (i->flags & INFO_SPINE)
		return NULL;
	/* A quoted post is judged block by block, as the article is. */
	if (i->embed)
		return NULL;
	if (extract_teasers(n) && !(ri && i->text_len * 2 > ri->text_len))
		return "teasers";
	w = class_weight(n);
	/* A box holding most of the article is the article, named as it may. */
	if (w < 0 && !(ri && i->text_len * 2 > ri->text_len))
		return "negative-class";
	if (i->commas >= 10)
		return NULL;
	ld = link_density(i);
	if (i->text_len < 25 && i->nimg == 0 && !heading_box(n))
		return "short";
	if (w < 25 && ld > 0.2 && i->np < 3)
		return "link-density";
	return w >= 25 && ld > 0.5 ? "link-density" : NULL;
}

static void
table_row(struct builder *b, xmlNode *tr)
{
	struct buf row = BUF_INIT(BUF_UNCAPPED);
	xmlNode *c;
	char *t;
	bool any = false;

	buf_addstr(&b->html, "<tr>");
	for (c = tr->children; c; c = c->next) {
		if (!is_el(c, "td") && !is_el(c, "th"))
			continue;
		t = extract_folded_text(c);
		if (row.len)
			buf_addstr(&row, " | ");
		buf_addstr(&row, t);
		any = any || *t;
		buf_addf(&b->html, "<%s>", NAME(c));
		extract_html_escape(&b->html, t, false);
		buf_addf(&b->html, "</%s>", NAME(c));
		free(t);
	}
	buf_addstr(&b->html, "</tr>\n");
	if (any)
		add_block(b, BLOCK_TABLE_ROW, 0, buf_detach(&row, NULL));
	buf_release(&row);
}

/*
 * Logs a part of the article the conditional cleaning left out, if it held
 * any text: an auditor sees it beside the chrome rules' removals.
 */
static void
log_drop(struct builder *b, xmlNode *n, const char *why)
{
	const struct info *i = info_of(n);
	char rule[48];

	if (!i || i->text_len == 0)
		return;
	snprintf(rule, sizeof(rule), "conditional=%s", why);
	extract_log_node(b->a, n, CHROME_OTHER, rule);
}

static enum walk_act
build_enter_node(xmlNode *n, struct builder *b)
{
	const struct info *i;
	const char *t, *why;
	char *u, open[16], close[16];
	int level;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content) {
			bool lead = true;

			buf_addstr(&b->text, (const char *)n->content);
			extract_html_escape(&b->inl, (const char *)n->content,
			    false);
			if (b->in_link)
				b->link_len += folded_len(
				    (const char *)n->content, &lead);
		}
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	i = info_of(n);
	t = NAME(n);
	b->at = n;
	if (n != b->root && extract_repeats_sibling(n)) {
		log_drop(b, n, "copy");
		return WALK_SKIP;
	}
	if (n != b->root && !b->keep_all && (why = drop_container(b, n))) {
		log_drop(b, n, why);
		return WALK_SKIP;
	}
	if ((level = heading_level(n)) != 0) {
		if (class_weight(n) < 0) {
			log_drop(b, n, "negative-class");
			return WALK_SKIP;
		}
		flush(b);
		push(b, BLOCK_HEADING, level, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "tr") == 0 && !(i->flags & INFO_LAYOUT)) {
		flush(b);
		table_row(b, n);
		return WALK_SKIP;
	}
	if (strcmp(t, "table") == 0 && !(i->flags & INFO_LAYOUT)) {
		flush(b);
		push(b, -1, 0, "<table>\n", "</table>\n");
		return WALK_DESCEND;
	}
	if (strcmp(t, "li") == 0 || strcmp(t, "dd") == 0 ||
	    strcmp(t, "dt") == 0) {
		flush(b);
		push(b, BLOCK_ITEM, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "ul") == 0 || strcmp(t, "ol") == 0) {
		flush(b);
		snprintf(open, sizeof(open), "<%s>\n", t);
		push(b, -1, 0, open, strcmp(t, "ul") ? "</ol>\n" : "</ul>\n");
		return WALK_DESCEND;
	}
	if (strcmp(t, "blockquote") == 0) {
		flush(b);
		push(b, BLOCK_QUOTE, 0, "<blockquote>\n", "</blockquote>\n");
		return WALK_DESCEND;
	}
	if (strcmp(t, "pre") == 0) {
		flush(b);
		push(b, BLOCK_PRE, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "figcaption") == 0) {
		flush(b);
		push(b, BLOCK_CAPTION, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "figure") == 0) {
		flush(b);
		push(b, -1, 0, "<figure>\n", "</figure>\n");
		return WALK_DESCEND;
	}
	if (is_block(n)) {
		flush(b);
		push(b, -1, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "br") == 0) {
		if (sibling_is_br(n, true))
			flush(b);
		else if (!sibling_is_br(n, false)) {
			buf_addch(&b->text, '\n');
			buf_addstr(&b->inl, "<br>");
		}
		return WALK_SKIP;
	}
	if (strcmp(t, "img") == 0) {
		char *src = img_src(n);

		u = extract_abs_url(src, b->base);
		free(src);
		if (u) {
			buf_addstr(&b->inl, "<img src=\"");
			extract_html_escape(&b->inl, u, true);
			buf_addstr(&b->inl, "\" alt=\"");
			extract_html_escape(&b->inl, attr(n, "alt") ?
			    attr(n, "alt") : "", true);
			buf_addstr(&b->inl, "\">");
			b->has_img = true;
			free(u);
		}
		return WALK_SKIP;
	}
	if (strcmp(t, "a") == 0 && permalink(n))
		return WALK_SKIP;
	if (strcmp(t, "a") == 0) {
		u = extract_abs_url(attr(n, "href"), b->base);
		if (u) {
			buf_addstr(&b->inl, "<a href=\"");
			extract_html_escape(&b->inl, u, true);
			buf_addstr(&b->inl, "\">");
			free(u);
		} else {
			buf_addstr(&b->inl, "<a>");
		}
		if (b->in_link++ == 0) {
			b->link_from = b->text.len;
			b->link_len_from = b->link_len;
		}
		return WALK_DESCEND;
	}
	if (in_list(t, extract_inline_tags, extract_ninline_tags)) {
		snprintf(open, sizeof(open), "<%s>", t);
		buf_addstr(&b->inl, open);
		(void)close;
		return WALK_DESCEND;
	}
	return WALK_DESCEND;
}

/*
 * Whether text[from..to) is a bare address ("https://example.org/report",
 * "www.example.org"): a link that cites its source rather than one that
 * leads elsewhere on the site, so it does not count against the block.
 */
static bool
bare_url(const char *text, size_t from, size_t to)
{
	const char *p = text ? text + from : NULL;
	size_t n;

	if (!p)
		return false;
	while (from < to && is_space((unsigned char)*p)) {
		p++;
		from++;
	}
	n = to - from;
	return (n > 8 && strncasecmp(p, "https://", 8) == 0) ||
	    (n > 7 && strncasecmp(p, "http://", 7) == 0) ||
	    (n > 4 && strncasecmp(p, "www.", 4) == 0);
}

/* Whether n's class or id names a caption ("caption", "newsCaption"). */
static bool
caption_class(xmlNode *n)
{
	const char *c = attr(n, "class"), *id = attr(n, "id");

	return (c && strcasestr_ascii(c, "caption")) ||
	    (id && strcasestr_ascii(id, "caption"));
}

/*
 * Enters n; a block holding a caption-classed element is a caption to the
 * credit trimming, though it is no <figcaption>.
 */
static enum walk_act
build_enter(xmlNode *n, void *ctx)
{
	struct builder *b = ctx;
	bool cap = n->type == XML_ELEMENT_NODE && caption_class(n);
	enum walk_act act = build_enter_node(n, b);

	if (cap && act == WALK_DESCEND)
		b->in_caption = true;
	return act;
}

static void
build_leave(xmlNode *n, void *ctx)
{
	struct builder *b = ctx;
	const char *t;
	struct frame *f;

	if (n->type != XML_ELEMENT_NODE)
		return;
	t = NAME(n);
	if (strcmp(t, "a") == 0) {
		buf_addstr(&b->inl, "</a>");
		if (--b->in_link == 0 && bare_url(b->text.data, b->link_from,
		    b->text.len))
			b->link_len = b->link_len_from;
		return;
	}
	if (in_list(t, extract_inline_tags, extract_ninline_tags)) {
		buf_addf(&b->inl, "</%s>", t);
		return;
	}
	if (!heading_level(n) && !is_block(n))
		return;
	flush(b);
	if (b->nst == 0)
		return;
	f = &b->st[--b->nst];
	if (!f->close)
		return;
	if (b->html.len == f->mark) {
		/* Nothing kept inside: drop the empty container. */
		b->html.len = f->mark - (strlen(f->close) - 1);
		b->html.data[b->html.len] = '\0';
		return;
	}
	buf_addstr(&b->html, f->close);
}

/* Collects the blocks of top and of the siblings that belong with it. */
void
extract_build_article(struct builder *b, xmlNode *body, xmlNode *top)
{
	xmlNode *c;

	for (c = top == body ? top : top->parent->children; c; c = c->next) {
		if (top == body && c != top)
			break;
		if (c != top && (c->type != XML_ELEMENT_NODE ||
		    !extract_sibling_ok(top, c)))
			continue;
		b->root = c;
		b->nst = 0;
		extract_walk(c, build_enter, build_leave, b);
		flush(b);
	}
}

/* Folded length of the article's blocks. */
size_t
extract_article_len(const struct article *a)
{
	size_t k, n = 0;
	bool lead;

	for (k = 0; k < a->nblocks; k++) {
		lead = true;
		n += folded_len(a->blocks[k].text, &lead);
	}
	return n;
}

/* Forgets the blocks built so far and their markup. */
void
extract_drop_blocks(struct builder *b)
{
	size_t k;

	for (k = 0; k < b->a->nblocks; k++)
		free(b->a->blocks[k].text);
	b->a->nblocks = 0;
	buf_reset(&b->html);
}

/* Makes a paragraph of each line of plain text (JSON-LD's articleBody). */
void
extract_text_blocks(struct builder *b, const char *text)
{
	const char *s = text, *e;
	char *t;

	for (; *s; s = *e ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		t = xstrndup(s, (size_t)(e - s));
		extract_fold_inplace(t);
		if (!*t) {
			free(t);
			continue;
		}
		buf_addstr(&b->html, "<p>");
		extract_html_escape(&b->html, t, false);
		buf_addstr(&b->html, "</p>\n");
		add_block(b, BLOCK_PARA, 0, t);
	}
}
