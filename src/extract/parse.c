/*
 * parse: libxml2's HTML parser fed by the decoder, keeping only what the
 * rules read: the attributes of kept_attrs in one pool, no comments, no
 * script or style source but JSON-LD.
 */

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "internal.h"

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
	{ "property", "meta" }, { "name", "meta" }, { "type", "script" },
	{ "lang", "html" }, { "xml:lang", "html" },
};

static bool
kept_attr(const char *el, const char *name)
{
	size_t k;

	for (k = 0; k < sizeof(kept_attrs) / sizeof(kept_attrs[0]); k++)
		if (strcmp(name, kept_attrs[k].name) == 0 &&
		    (!kept_attrs[k].on || strcmp(el, kept_attrs[k].on) == 0))
			return true;
	return false;
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
sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr c = ctx;
	struct buf *pool = c->_private;
	xmlNode *parent = c->node;
	size_t off = pool->len, k;
	const char *v;
	bool any = false;

	/*
	 * A second <html> or <body> (implied by content after "</html>")
	 * is none: what follows goes on in the first body, as a browser
	 * reads it, not into a second document root nobody looks at.
	 */
	if (frame_tag(name) && parent && (in_body(parent) ||
	    xmlStrcasecmp(name, (const xmlChar *)"html") == 0))
		return;
	xmlSAX2StartElement(ctx, name, NULL);
	if (!atts || !c->node || c->node == parent)
		return;
	for (k = 0; atts[k]; k += 2) {
		if (!kept_attr((const char *)name, (const char *)atts[k]))
			continue;
		v = atts[k + 1] ? (const char *)atts[k + 1] : "";
		if (buf_add(pool, atts[k], strlen((const char *)atts[k]) + 1) ||
		    buf_add(pool, v, strlen(v) + 1)) {
			pool->len = off;
			return;
		}
		any = true;
	}
	if (any && buf_addch(pool, '\0') == 0)
		c->node->psvi = (void *)(uintptr_t)(off + 1);
	else
		pool->len = off;
}

/* "</body>" and "</html>" close nothing: content may follow them. */
static void
sax_end(void *ctx, const xmlChar *name)
{
	if (frame_tag(name))
		return;
	xmlSAX2EndElement(ctx, name);
}

/* Script and style source is never read, but JSON-LD is metadata. */
static void
sax_cdata(void *ctx, const xmlChar *value, int len)
{
	xmlParserCtxtPtr c = ctx;
	const char *type;

	if (c->node && is_el(c->node, "style"))
		return;
	if (c->node && is_el(c->node, "script")) {
		type = pool_attr(c->_private, c->node, "type");
		if (!type || strcasecmp(type, "application/ld+json"))
			return;
	}
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
	ctxt->_private = pool;
	ctxt->sax->startElement = sax_start;
	ctxt->sax->endElement = sax_end;
	ctxt->sax->cdataBlock = sax_cdata;
	ctxt->sax->comment = NULL;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
	    HTML_PARSE_NOBLANKS);
	/* The decoder gives UTF-8: no encoder, so no second copy. */
	ctxt->charset = XML_CHAR_ENCODING_UTF8;
	htmlParseDocument(ctxt);
	xe = xmlCtxtGetLastError(ctxt);
	if (ctxt->errNo == XML_ERR_INTERNAL_ERROR ||
	    (xe && xe->code == XML_ERR_INTERNAL_ERROR))
		*truncated = true;
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	htmlFreeParserCtxt(ctxt);
	if (doc)
		doc->_private = pool;
	return doc;
}
