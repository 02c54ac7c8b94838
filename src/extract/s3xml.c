/*
 * s3xml: S3's listing and error documents, through libxml2's XML parser;
 * include/s3xml.h is its surface.  It sits in src/extract/ because extract
 * is the one module that includes libxml2.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "s3xml.h"
#include "xalloc.h"

#define FIELD_MAX 200

static bool
name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlDoc *
parse(const char *data, size_t len)
{
	if (len == 0 || len > (size_t)INT32_MAX)
		return NULL;
	return xmlReadMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
}

/* The text of the first child element called name, or NULL; xmlFree it. */
static xmlChar *
child_text(const xmlNode *parent, const char *name)
{
	const xmlNode *c;

	for (c = parent->children; c; c = c->next)
		if (name_is(c, name))
			return xmlNodeGetContent(c);
	return NULL;
}

/* s on one line of at most FIELD_MAX bytes, or NULL for none. */
static char *
one_line(const xmlChar *s)
{
	size_t n, i;
	char *out;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen((const char *)s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	if (n == 0)
		return NULL;
	if (n > FIELD_MAX)
		n = FIELD_MAX;
	out = xstrndup((const char *)s, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
	return out;
}

int
s3xml_list_parse(const char *data, size_t len, struct s3xml_list *out,
    struct error *err)
{
	xmlDoc *doc = NULL;
	xmlNode *root, *n;
	xmlChar *t;
	size_t cap = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	/* The reason is this document's, on one line: libxml2's end "\n". */
	xmlResetLastError();
	doc = parse(data, len);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL || !name_is(root, "ListBucketResult")) {
		const xmlError *e = xmlGetLastError();
		char *why = e ? one_line((const xmlChar *)e->message) : NULL;

		error_set(err, RC_SYS, "not an S3 listing (%s)", root ?
		    (const char *)root->name : why ? why : "no XML");
		free(why);
		goto out;
	}
	for (n = root->children; n; n = n->next) {
		if (!name_is(n, "Contents"))
			continue;
		t = child_text(n, "Key");
		if (t == NULL || *t == '\0') {
			xmlFree(t);
			continue;
		}
		if (out->n == S3XML_MAX_KEYS) {
			xmlFree(t);
			error_set(err, RC_SYS, "S3 listing of more than %d "
			    "keys in one page", S3XML_MAX_KEYS);
			goto out;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->keys = xrealloc(out->keys, cap *
			    sizeof(*out->keys));
		}
		out->keys[out->n++] = xstrdup((const char *)t);
		xmlFree(t);
	}
	t = child_text(root, "IsTruncated");
	out->truncated = t && strcmp((const char *)t, "true") == 0;
	xmlFree(t);
	t = child_text(root, "NextContinuationToken");
	if (t && *t)
		out->next_token = xstrdup((const char *)t);
	xmlFree(t);
	if (out->truncated && out->next_token == NULL) {
		error_set(err, RC_SYS, "S3 listing truncated without a "
		    "continuation token");
		goto out;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	if (rc < 0)
		s3xml_list_release(out);
	return rc;
}

void
s3xml_list_release(struct s3xml_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->keys[i]);
	free(l->keys);
	free(l->next_token);
	memset(l, 0, sizeof(*l));
}

int
s3xml_error_parse(const char *data, size_t len, char **code, char **message)
{
	xmlDoc *doc = parse(data, len);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	xmlChar *t;

	*code = *message = NULL;
	if (root != NULL && name_is(root, "Error")) {
		t = child_text(root, "Code");
		*code = one_line(t);
		xmlFree(t);
		if (*code != NULL) {
			t = child_text(root, "Message");
			*message = one_line(t);
			xmlFree(t);
		}
	}
	xmlFreeDoc(doc);
	return *code ? 0 : -1;
}
