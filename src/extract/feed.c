/*
 * feed: the links of an RSS or Atom feed, through libxml2's XML parser;
 * include/feed.h is its surface.  It sits in src/extract/ because extract
 * is the one module that includes libxml2.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "feed.h"
#include "xalloc.h"

static int
name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static void
add_link(struct feed *f, const xmlChar *href, const char *base)
{
	xmlChar *abs;
	const char *s;
	size_t len;

	if (href == NULL || f->n >= FEED_MAX_ITEMS)
		return;
	while (*href == ' ' || *href == '\t' || *href == '\n' ||
	    *href == '\r')
		href++;
	len = strlen((const char *)href);
	while (len && strchr(" \t\r\n", href[len - 1]))
		len--;
	if (len == 0)
		return;
	{
		char *trimmed = xstrndup((const char *)href, len);

		abs = xmlBuildURI((const xmlChar *)trimmed,
		    (const xmlChar *)base);
		free(trimmed);
	}
	s = abs ? (const char *)abs : NULL;
	if (s == NULL)
		return;
	f->links = xrealloc(f->links, (f->n + 1) * sizeof(*f->links));
	f->links[f->n++] = xstrdup(s);
	xmlFree(abs);
}

/* <link>text</link> in RSS; <link rel="alternate" href="..."/> in Atom. */
static void
item_link(struct feed *f, xmlNode *item, const char *base, int atom)
{
	xmlNode *c;

	for (c = item->children; c; c = c->next) {
		if (!name_is(c, "link"))
			continue;
		if (atom) {
			xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
			xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
			int alt = rel == NULL ||
			    strcmp((const char *)rel, "alternate") == 0;

			if (alt)
				add_link(f, href, base);
			xmlFree(rel);
			xmlFree(href);
			if (alt)
				return;
		} else {
			xmlChar *text = xmlNodeGetContent(c);

			add_link(f, text, base);
			xmlFree(text);
			return;
		}
	}
}

int
feed_parse(const char *data, size_t len, const char *base,
    struct feed *out, struct error *err)
{
	xmlDoc *doc = NULL;
	xmlNode *root, *n, *c;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (len > (size_t)INT32_MAX) {
		return error_set(err, RC_CONTENT, "%s: feed too large", base);
	}
	doc = xmlReadMemory(data, (int)len, base, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL) {
		const xmlError *e = xmlGetLastError();

		error_set(err, RC_CONTENT, "%s: not an RSS or Atom feed (%s)",
		    base, e && e->message ? e->message : "no XML");
		goto out;
	}
	if (name_is(root, "feed")) {
		for (n = root->children; n; n = n->next)
			if (name_is(n, "entry"))
				item_link(out, n, base, 1);
	} else if (name_is(root, "rss") || name_is(root, "RDF")) {
		/* RSS 2.0 items sit in <channel>; RSS 1.0 items beside it. */
		for (n = root->children; n; n = n->next) {
			if (name_is(n, "item"))
				item_link(out, n, base, 0);
			if (!name_is(n, "channel"))
				continue;
			for (c = n->children; c; c = c->next)
				if (name_is(c, "item"))
					item_link(out, c, base, 0);
		}
	} else {
		error_set(err, RC_CONTENT, "%s: not an RSS or Atom feed (root "
		    "element <%s>)", base, (const char *)root->name);
		goto out;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	if (rc < 0)
		feed_release(out);
	return rc;
}

void
feed_release(struct feed *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->links[i]);
	free(f->links);
	f->links = NULL;
	f->n = 0;
}
