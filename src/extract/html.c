/*
 * html: links resolved and kept only for safe schemes, text escaped, and the
 * clean standalone document assembled around the article's markup.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#include "internal.h"
#include "xalloc.h"

/*
 * ref resolved against base, or NULL when it is empty or its scheme is not
 * http, https, mailto or ftp (javascript:, data: and the like).
 */
char *
extract_abs_url(const char *ref, const char *base)
{
	static const char *const ok[] = { "http", "https", "mailto", "ftp",
		NULL };
	char *r, *res = NULL, *t;
	xmlChar *u;
	size_t n, i;

	if (!ref)
		return NULL;
	while (is_space((unsigned char)*ref))
		ref++;
	n = strlen(ref);
	while (n && is_space((unsigned char)ref[n - 1]))
		n--;
	if (n == 0 || n > 4096)
		return NULL;
	r = xstrndup(ref, n);
	if (base && *base) {
		u = xmlBuildURI((const xmlChar *)r, (const xmlChar *)base);
		if (u) {
			res = xstrdup((const char *)u);
			xmlFree(u);
		}
	}
	if (!res)
		res = xstrdup(r);
	free(r);
	for (t = res; *t && *t != ':' && *t != '/' && *t != '?' && *t != '#';
	    t++)
		;
	if (*t != ':')
		return res;
	for (i = 0; ok[i]; i++)
		if ((size_t)(t - res) == strlen(ok[i]) &&
		    strncasecmp(res, ok[i], strlen(ok[i])) == 0)
			return res;
	free(res);
	return NULL;
}

void
extract_html_escape(struct buf *b, const char *s, bool quote)
{
	const char *run = s;

	for (; *s; s++) {
		const char *e = NULL;

		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = quote ? "&quot;" : NULL; break;
		default: break;
		}
		if (!e)
			continue;
		buf_add(b, run, (size_t)(s - run));
		buf_addstr(b, e);
		run = s + 1;
	}
	buf_addstr(b, run);
}

static void
head_meta(struct buf *h, const char *name, const char *v)
{
	if (!v)
		return;
	buf_addf(h, "<meta name=\"%s\" content=\"", name);
	extract_html_escape(h, v, true);
	buf_addstr(h, "\">\n");
}

int
extract_assemble(struct article *a, const struct buf *body,
    struct error *err)
{
	struct buf h = BUF_INIT(BUF_MAX_DEFAULT * 2);
	int rc;

	buf_addstr(&h, "<!DOCTYPE html>\n<html");
	if (a->lang) {
		buf_addstr(&h, " lang=\"");
		extract_html_escape(&h, a->lang, true);
		buf_addch(&h, '"');
	}
	buf_addstr(&h, ">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	extract_html_escape(&h, a->title ? a->title : "", false);
	buf_addstr(&h, "</title>\n");
	if (a->canonical) {
		buf_addstr(&h, "<link rel=\"canonical\" href=\"");
		extract_html_escape(&h, a->canonical, true);
		buf_addstr(&h, "\">\n");
	}
	head_meta(&h, "author", a->byline);
	head_meta(&h, "date", a->published);
	head_meta(&h, "description", a->description);
	buf_addstr(&h, "</head>\n<body>\n<article>\n");
	if (a->title) {
		buf_addstr(&h, "<h1>");
		extract_html_escape(&h, a->title, false);
		buf_addstr(&h, "</h1>\n");
	}
	if (a->byline || a->published) {
		buf_addstr(&h, "<p>");
		if (a->byline) {
			buf_addstr(&h, "By ");
			extract_html_escape(&h, a->byline, false);
		}
		if (a->byline && a->published)
			buf_addstr(&h, " \xc2\xb7 ");
		if (a->published)
			extract_html_escape(&h, a->published, false);
		buf_addstr(&h, "</p>\n");
	}
	buf_add(&h, body->data ? body->data : "", body->len);
	buf_addstr(&h, "</article>\n</body>\n</html>\n");
	rc = buf_check(&h, RC_CONTENT, "clean HTML", err);
	if (rc == 0)
		a->html = buf_detach(&h, &a->html_len);
	buf_release(&h);
	return rc;
}
