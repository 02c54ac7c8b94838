/*
 * parse: libxml2's HTML parser fed by the decoder, keeping only what the
 * rules read: the attributes of kept_attrs in one pool, no comments, no
 * script or style source but JSON-LD.  It also bounds the tree, whatever
 * the page (include/extract.h has the figures): start tags nested deeper
 * than EXTRACT_MAX_DEPTH are not built, their text going to the deepest
 * element built, where libxml2 would give up the rest of the page; the
 * parse stops after EXTRACT_MAX_ELEMENTS elements or EXTRACT_MAX_TEXT
 * bytes of text; an attribute value over EXTRACT_MAX_ATTR is not kept.
 * Each marks the article truncated.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <threads.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "internal.h"
#include "xalloc.h"

static size_t
id_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * The attributes extract reads, and on which elements (NULL: any); the
 * parser stores no others.
 */
static const struct {
	const char *name, *on;
} kept_attrs[] = {
	{ "id", NULL }, { "class", NULL }, { "itemprop", NULL },
	{ "role", NULL }, { "style", NULL }, { "hidden", NULL },
	{ "aria-hidden", NULL }, { "datetime", NULL }, { "content", NULL },
	{ "href", "a" }, { "href", "link" }, { "rel", "a" }, { "rel", "link" },
	{ "src", "img" }, { "data-src", "img" }, { "alt", "img" },
	{ "data-lazy-src", "img" }, { "data-original", "img" },
	{ "srcset", "img" }, { "data-srcset", "img" },
	{ "property", "meta" }, { "name", "meta" }, { "type", "script" },
	{ "lang", "html" }, { "xml:lang", "html" },
};

/* What the SAX handlers share: the attribute pool and what they saw. */
struct parse_state {
	struct buf *pool;
	bool streamed;		/* a hidden "S:" box of React's streaming */
	bool noscript_img;	/* an <img> inside a <noscript> */
	xmlNode **toggles;	/* <button aria-controls>: a panel's title? */
	size_t ntoggles, captoggles;
	char **panels;		/* ids named by aria-controls: a hash set */
	size_t npanels, cap;
	size_t elements;	/* built */
	size_t text;		/* bytes of text and JSON-LD built */
	size_t skipped;		/* open start tags past the depth bound */
	bool truncated;		/* a bound of extract.h was met */
};

#define PANELS_MAX 4096		/* panel ids remembered; a page has tens */

static bool
panel_find(const struct parse_state *ps, const char *id, size_t *at)
{
	size_t h;

	if (!ps->cap)
		return false;
	for (h = id_hash(id) & (ps->cap - 1); ps->panels[h];
	    h = (h + 1) & (ps->cap - 1))
		if (strcmp(ps->panels[h], id) == 0)
			return true;
	*at = h;
	return false;
}

static void
panel_add(struct parse_state *ps, const char *id, size_t len)
{
	char *s = xstrndup(id, len);
	size_t at = 0, k, old = ps->cap;
	char **v = ps->panels;

	if (ps->npanels >= PANELS_MAX || panel_find(ps, s, &at)) {
		free(s);
		return;
	}
	if ((ps->npanels + 1) * 2 > ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->panels = xcalloc(ps->cap, sizeof(*ps->panels));
		ps->npanels = 0;
		for (k = 0; k < old; k++)
			if (v[k] && !panel_find(ps, v[k], &at)) {
				ps->panels[at] = v[k];
				ps->npanels++;
			}
		free(v);
		panel_find(ps, s, &at);
	}
	ps->panels[at] = s;
	ps->npanels++;
}

/* Remembers the ids of the panels a toggle's aria-controls names. */
static void
panel_note(struct parse_state *ps, const char *v)
{
	const char *t;

	while (*v) {
		while (*v && is_space((unsigned char)*v))
			v++;
		for (t = v; *v && !is_space((unsigned char)*v); v++)
			;
		if (v > t)
			panel_add(ps, t, (size_t)(v - t));
	}
}

static void
panel_release(struct parse_state *ps)
{
	size_t k;

	for (k = 0; k < ps->cap; k++)
		free(ps->panels[k]);
	free(ps->panels);
}

/*
 * Whether the element of these attributes is a collapsed panel: its id
 * named by an earlier toggle's aria-controls (an accordion of questions
 * and answers, a "show more").  Its hiding is the page's way of showing
 * it a part at a time, so the hiding attributes are not kept.
 */
static bool
is_panel(const struct parse_state *ps, const xmlChar **atts)
{
	size_t k, at;

	for (k = 0; atts[k]; k += 2)
		if (xmlStrcasecmp(atts[k], (const xmlChar *)"id") == 0 &&
		    atts[k + 1])
			return panel_find(ps, (const char *)atts[k + 1], &at);
	return false;
}

static bool
hiding_attr(const xmlChar *name)
{
	return xmlStrcasecmp(name, (const xmlChar *)"hidden") == 0 ||
	    xmlStrcasecmp(name, (const xmlChar *)"aria-hidden") == 0 ||
	    xmlStrcasecmp(name, (const xmlChar *)"style") == 0;
}

#define NKEPT (sizeof(kept_attrs) / sizeof(kept_attrs[0]))

static bool kept_first[256];	/* the first bytes of kept_attrs' names */
static once_flag kept_once = ONCE_FLAG_INIT;

static void
kept_build(void)
{
	size_t k;

	for (k = 0; k < NKEPT; k++)
		kept_first[(unsigned char)kept_attrs[k].name[0]] = true;
}

static bool
kept_attr(const char *el, const char *name)
{
	size_t k;

	/* Most attributes a page has are none of these (data-*, width). */
	call_once(&kept_once, kept_build);
	if (!kept_first[(unsigned char)name[0]])
		return false;
	for (k = 0; k < NKEPT; k++)
		if (name[0] == kept_attrs[k].name[0] &&
		    strcmp(name, kept_attrs[k].name) == 0 &&
		    (!kept_attrs[k].on || strcmp(el, kept_attrs[k].on) == 0))
			return true;
	return false;
}

/*
 * React's streaming server rendering sends a page's late parts at its end,
 * each in <div hidden id="S:n">, for a script to move where <template
 * id="B:n"> (or "P:n") marks their place.  Read without scripts, the
 * article would sit hidden at the end; put in place, it reads as the
 * browser shows it.
 */
static bool
streamed_box(const struct buf *pool, const xmlNode *n)
{
	const char *id = pool_attr(pool, n, "id");

	return is_el(n, "div") && id && strncmp(id, "S:", 2) == 0 &&
	    pool_attr(pool, n, "hidden");
}

struct streamed {
	xmlNode **box, **mark;	/* S:n boxes; B:n and P:n templates */
	size_t nbox, nmark, capbox, capmark;
	const struct buf *pool;
};

static void
push_node(xmlNode ***v, size_t *n, size_t *cap, xmlNode *x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = x;
}

static enum walk_act
streamed_enter(xmlNode *n, void *ctx)
{
	struct streamed *st = ctx;
	const char *id;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	id = pool_attr(st->pool, n, "id");
	if (is_el(n, "template") && id && (id[0] == 'B' || id[0] == 'P') &&
	    id[1] == ':') {
		push_node(&st->mark, &st->nmark, &st->capmark, n);
		return WALK_SKIP;
	}
	/* A box may hold the templates of later boxes: look inside. */
	if (streamed_box(st->pool, n))
		push_node(&st->box, &st->nbox, &st->capbox, n);
	return WALK_DESCEND;
}

static bool
holds(const xmlNode *box, const xmlNode *n)
{
	for (; n; n = n->parent)
		if (n == box)
			return true;
	return false;
}

#define STREAMED_MAX 1024	/* boxes put in place; a page has tens */

/*
 * Moves each streamed box's content to its template, which goes.  The
 * boxes and templates are few, and sorted by their ids' numbers neither
 * here nor in the page, so pairs are looked up by a hash of the id.
 */
static void
put_streamed(xmlDoc *doc, const struct buf *pool)
{
	struct streamed st;
	xmlNode *root = xmlDocGetRootElement(doc), **slot, *c;
	size_t k, h, cap;

	memset(&st, 0, sizeof(st));
	st.pool = pool;
	if (!root)
		return;
	extract_walk(root, streamed_enter, NULL, &st);
	for (cap = 16; cap < st.nmark * 2; cap *= 2)
		;
	slot = xcalloc(cap, sizeof(*slot));
	for (k = 0; k < st.nmark; k++) {
		const char *id = pool_attr(pool, st.mark[k], "id") + 2;

		for (h = id_hash(id) & (cap - 1); slot[h]; h = (h + 1) &
		    (cap - 1))
			;
		slot[h] = st.mark[k];
	}
	for (k = 0; k < st.nbox && k < STREAMED_MAX; k++) {
		const char *id = pool_attr(pool, st.box[k], "id") + 2;
		xmlNode *m = NULL;

		for (h = id_hash(id) & (cap - 1); slot[h]; h = (h + 1) &
		    (cap - 1))
			if (strcmp(pool_attr(pool, slot[h], "id") + 2, id) ==
			    0) {
				m = slot[h];
				break;
			}
		if (!m || !m->parent || holds(st.box[k], m))
			continue;	/* none, used, or inside the box */
		while ((c = st.box[k]->children) != NULL) {
			xmlUnlinkNode(c);
			xmlAddPrevSibling(m, c);
		}
		xmlUnlinkNode(st.box[k]);
		xmlFreeNode(st.box[k]);
		xmlUnlinkNode(m);
	}
	/* The templates used are unlinked, the others still in the tree. */
	for (k = 0; k < st.nmark; k++)
		if (!st.mark[k]->parent)
			xmlFreeNode(st.mark[k]);
	free(slot);
	free(st.box);
	free(st.mark);
}

static bool
in_noscript(const xmlNode *n)
{
	int k;

	for (k = 0; n && k < 3; n = n->parent, k++)
		if (is_el(n, "noscript"))
			return true;
	return false;
}

/* Whether img has an address to show, not a lazy loader's placeholder. */
static bool
real_src(const struct buf *pool, const xmlNode *img)
{
	const char *v = pool_attr(pool, img, "src");

	return v && *v && strncmp(v, "data:", 5) != 0;
}

/*
 * The image next to a <noscript> (n its sibling before, or after) when it
 * is a placeholder with no address to show, or NULL.
 */
static xmlNode *
placeholder(const struct buf *pool, xmlNode *n, bool before)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = before ? n->prev : n->next;
	return is_el(n, "img") && !real_src(pool, n) ? n : NULL;
}

static xmlNode *
first_img(xmlNode *n)
{
	xmlNode *c, *r;

	for (c = n->children; c; c = c->next) {
		if (is_el(c, "img"))
			return c;
		if (c->type == XML_ELEMENT_NODE && (r = first_img(c)) != NULL)
			return r;
	}
	return NULL;
}

struct noscripts {
	xmlNode **v;
	size_t n, cap;
};

static enum walk_act
noscript_enter(xmlNode *n, void *ctx)
{
	struct noscripts *ns = ctx;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (is_el(n, "noscript")) {
		push_node(&ns->v, &ns->n, &ns->cap, n);
		return WALK_SKIP;
	}
	return WALK_DESCEND;
}

/*
 * A lazy-loaded image shows a placeholder until a script swaps its
 * address in, and keeps the real <img> in a <noscript> beside it for
 * readers without scripts, which this reading is: the <noscript>'s image
 * takes the placeholder's place.  The <noscript> itself is dropped later
 * with the scripts.
 */
static void
put_noscript_images(xmlDoc *doc, const struct buf *pool)
{
	struct noscripts ns = { NULL, 0, 0 };
	xmlNode *root = xmlDocGetRootElement(doc), *img, *prev;
	size_t k;

	if (!root)
		return;
	extract_walk(root, noscript_enter, NULL, &ns);
	for (k = 0; k < ns.n; k++) {
		img = first_img(ns.v[k]);
		if (!img || !real_src(pool, img))
			continue;
		prev = placeholder(pool, ns.v[k]->prev, true);
		if (!prev)
			prev = placeholder(pool, ns.v[k]->next, false);
		if (!prev)
			continue;
		xmlUnlinkNode(img);
		xmlAddPrevSibling(prev, img);
		xmlUnlinkNode(prev);
		xmlFreeNode(prev);
	}
	free(ns.v);
}

#define TOGGLE_TEXT 12	/* text of a toggle that titles its panel */

/*
 * An accordion's toggle is a button naming the panel it opens ("How long
 * does a hive take?"), the question of the answer below it: read as a
 * paragraph of the text, not removed with the other buttons.  One with
 * a word or two ("Menu", "Next") stays a button.
 */
static void
name_toggles(const struct parse_state *ps)
{
	size_t k;
	char *t;

	for (k = 0; k < ps->ntoggles; k++) {
		t = extract_folded_text(ps->toggles[k]);
		if (strlen(t) >= TOGGLE_TEXT)
			xmlNodeSetName(ps->toggles[k], (const xmlChar *)"p");
		free(t);
	}
}

/* Whether name is <html> or <body>, the two a page has once. */
static bool
frame_tag(const xmlChar *name)
{
	return xmlStrcasecmp(name, (const xmlChar *)"html") == 0 ||
	    xmlStrcasecmp(name, (const xmlChar *)"body") == 0;
}

static bool
in_body(const xmlNode *n)
{
	for (; n; n = n->parent)
		if (is_el(n, "body"))
			return true;
	return false;
}

static void
cut(xmlParserCtxtPtr c, struct parse_state *ps)
{
	ps->truncated = true;
	xmlStopParser(c);
}

static void
sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_state *ps = c->_private;
	struct buf *pool = ps->pool;
	xmlNode *parent = c->node;
	size_t off = pool->len, k, len, nlen;
	unsigned char head[POOL_HEAD];	/* kept names are 1-255 bytes */
	const char *v;
	bool any = false, panel;

	/*
	 * A second <html> or <body> (implied by content after "</html>")
	 * is none: what follows goes on in the first body, as a browser
	 * reads it, not into a second document root nobody looks at.
	 */
	if (frame_tag(name) && parent && (in_body(parent) ||
	    xmlStrcasecmp(name, (const xmlChar *)"html") == 0))
		return;
	/* Their end tags come first, the parser's stack being LIFO. */
	if (ps->skipped || c->nodeNr >= EXTRACT_MAX_DEPTH) {
		ps->skipped++;
		ps->truncated = true;
		return;
	}
	if (ps->elements++ == EXTRACT_MAX_ELEMENTS) {
		cut(c, ps);
		return;
	}
	xmlSAX2StartElement(ctx, name, NULL);
	if (!atts || !c->node || c->node == parent)
		return;
	panel = ps->npanels && is_panel(ps, atts);
	for (k = 0; atts[k]; k += 2) {
		if ((atts[k][0] | 0x20) == 'a' && xmlStrcasecmp(atts[k],
		    (const xmlChar *)"aria-controls") == 0 && atts[k + 1]) {
			panel_note(ps, (const char *)atts[k + 1]);
			if (is_el(c->node, "button") &&
			    ps->ntoggles < PANELS_MAX)
				push_node(&ps->toggles, &ps->ntoggles,
				    &ps->captoggles, c->node);
		}
		if (!kept_attr((const char *)name, (const char *)atts[k]) ||
		    (panel && hiding_attr(atts[k])))
			continue;
		v = atts[k + 1] ? (const char *)atts[k + 1] : "";
		len = strlen(v);
		if (len > EXTRACT_MAX_ATTR) {
			ps->truncated = true;
			continue;
		}
		nlen = strlen((const char *)atts[k]);
		head[0] = (unsigned char)nlen;
		head[1] = (unsigned char)len;
		head[2] = (unsigned char)(len >> 8);
		head[3] = (unsigned char)(len >> 16);
		buf_add(pool, head, POOL_HEAD);
		buf_add(pool, atts[k], nlen + 1);
		buf_add(pool, v, len + 1);
		any = true;
	}
	if (any)
		buf_addch(pool, '\0');
	/* A full pool keeps no attribute from here on: the page is cut. */
	if (pool->failed) {
		pool->len = off;
		ps->truncated = true;
	} else if (any) {
		c->node->psvi = (void *)(uintptr_t)(off + 1);
	}
	if (!ps->streamed && c->node->psvi && streamed_box(pool, c->node))
		ps->streamed = true;
	if (!ps->noscript_img && is_el(c->node, "img") && in_noscript(parent))
		ps->noscript_img = true;
}

/*
 * "</body>" and "</html>" close nothing: content may follow them.  The end
 * tags of start tags past the depth bound come first, the parser's stack
 * being LIFO, and close nothing either.
 */
static void
sax_end(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_state *ps = c->_private;

	if (frame_tag(name))
		return;
	if (ps->skipped) {
		ps->skipped--;
		return;
	}
	xmlSAX2EndElement(ctx, name);
}

/* Whether len more bytes of text fit; stops the parse when they do not. */
static bool
text_fits(xmlParserCtxtPtr c, struct parse_state *ps, int len)
{
	if (len > 0 && ps->text + (size_t)len > EXTRACT_MAX_TEXT) {
		cut(c, ps);
		return false;
	}
	ps->text += len > 0 ? (size_t)len : 0;
	return true;
}

static void
sax_characters(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr c = ctx;

	if (text_fits(c, c->_private, len))
		xmlSAX2Characters(ctx, ch, len);
}

/* Script and style source is never read, but JSON-LD is metadata. */
static void
sax_cdata(void *ctx, const xmlChar *value, int len)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_state *ps = c->_private;
	const char *type;

	if (c->node && is_el(c->node, "style"))
		return;
	if (c->node && is_el(c->node, "script")) {
		type = pool_attr(ps->pool, c->node, "type");
		if (!type || strcasecmp(type, "application/ld+json"))
			return;
	}
	if (text_fits(c, ps, len))
		xmlSAX2CDataBlock(ctx, value, len);
}

/*
 * Parses what d decodes, as it decodes it, into a tree whose attributes go
 * to pool; the tree's _private points at pool, which must outlive it.  NULL
 * when the parser cannot be set up.
 */
xmlDoc *
extract_parse(struct decoder *d, const char *base, struct buf *pool,
    bool *truncated)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	xmlParserInputBufferPtr ib = NULL;
	xmlParserInputPtr in = NULL;
	const xmlError *xe;
	xmlDoc *doc;
	struct parse_state ps;

	if (ctxt)
		ib = xmlParserInputBufferCreateIO(extract_decoder_read, NULL, d,
		    XML_CHAR_ENCODING_NONE);
	if (ib)
		in = xmlNewIOInputStream(ctxt, ib, XML_CHAR_ENCODING_NONE);
	if (!in) {
		if (ib)
			xmlFreeParserInputBuffer(ib);
		if (ctxt)
			htmlFreeParserCtxt(ctxt);
		return NULL;
	}
	if (base)
		in->filename = (char *)xmlStrdup((const xmlChar *)base);
	inputPush(ctxt, in);
	/*
	 * What the rules never read is never built: comments, script and
	 * style source, attributes outside kept_attrs, and (NOBLANKS) the
	 * white space libxml2 finds ignorable between blocks.
	 */
	memset(&ps, 0, sizeof(ps));
	ps.pool = pool;
	ctxt->_private = &ps;
	ctxt->sax->startElement = sax_start;
	ctxt->sax->endElement = sax_end;
	ctxt->sax->characters = sax_characters;
	ctxt->sax->cdataBlock = sax_cdata;
	ctxt->sax->comment = NULL;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
	    HTML_PARSE_NOBLANKS);
	/* The decoder gives UTF-8: no encoder, so no second copy. */
	ctxt->charset = XML_CHAR_ENCODING_UTF8;
	htmlParseDocument(ctxt);
	xe = xmlCtxtGetLastError(ctxt);
	if (ps.truncated || ctxt->errNo == XML_ERR_INTERNAL_ERROR ||
	    (xe && xe->code == XML_ERR_INTERNAL_ERROR))
		*truncated = true;
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	htmlFreeParserCtxt(ctxt);
	panel_release(&ps);
	if (doc)
		doc->_private = pool;
	if (doc)
		name_toggles(&ps);
	free(ps.toggles);
	if (doc && ps.streamed)
		put_streamed(doc, pool);
	if (doc && ps.noscript_img)
		put_noscript_images(doc, pool);
	return doc;
}
