#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

int
fetch_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

char *
fetch_lower_dup(const char *s, size_t n)
{
	char *d = xstrndup(s, n);
	char *p;

	for (p = d; *p; p++)
		*p = (char)fetch_ascii_lower((unsigned char)*p);
	return d;
}

bool
fetch_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The value of the last header called name in a response head, trimmed, or
 * NULL.  The first line is the status line and is skipped.
 */
char *
fetch_head_value(const struct buf *head, const char *name)
{
	const char *p, *end, *eol, *v, *ve;
	const char *found = NULL, *found_end = NULL;
	size_t nlen = strlen(name);

	if (head->data == NULL)
		return NULL;
	p = head->data;
	end = head->data + head->len;
	eol = memchr(p, '\n', (size_t)(end - p));
	p = eol ? eol + 1 : end;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - p) > nlen && p[nlen] == ':' &&
		    strncasecmp(p, name, nlen) == 0) {
			v = p + nlen + 1;
			ve = eol;
			while (v < ve && fetch_is_space(*v))
				v++;
			while (ve > v && fetch_is_space(ve[-1]))
				ve--;
			found = v;
			found_end = ve;
		}
		p = eol < end ? eol + 1 : end;
	}
	if (found == NULL)
		return NULL;
	return xstrndup(found, (size_t)(found_end - found));
}

/* Media type (lower-case, no parameters) and charset of a Content-Type. */
void
fetch_parse_content_type(const char *v, char **type, char **charset)
{
	const char *p = v, *name, *name_end, *val, *val_end;
	size_t n = strcspn(v, ";");

	while (n > 0 && fetch_is_space(v[n - 1]))
		n--;
	*type = fetch_lower_dup(v, n);
	*charset = NULL;
	p = strchr(v, ';');
	while (p != NULL) {
		p++;
		while (fetch_is_space(*p))
			p++;
		name = p;
		name_end = name + strcspn(name, "=;");
		if (*name_end != '=') {
			p = strchr(name_end, ';');
			continue;
		}
		val = name_end + 1;
		while (name_end > name && fetch_is_space(name_end[-1]))
			name_end--;
		while (fetch_is_space(*val))
			val++;
		if (*val == '"') {
			val++;
			val_end = val + strcspn(val, "\"");
			p = strchr(val_end, ';');
		} else {
			val_end = val + strcspn(val, ";");
			p = *val_end ? val_end : NULL;
			while (val_end > val && fetch_is_space(val_end[-1]))
				val_end--;
		}
		if ((size_t)(name_end - name) == 7 &&
		    strncasecmp(name, "charset", 7) == 0) {
			free(*charset);
			*charset = val_end > val ? fetch_lower_dup(val,
			    (size_t)(val_end - val)) : NULL;
		}
	}
}

/* Light sniffing for a response without Content-Type. */
bool
fetch_looks_like_html(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && fetch_is_space(s[i]))
		i++;
	return i < n && s[i] == '<';
}

/*
 * Replaces the values of the name: header lines in a request head with
 * "[redacted]": the capture shows that credentials were sent, not which.
 * -1 when the redacted head would pass head's cap (a short value grows),
 * head then left as it was.
 */
int
fetch_redact_header(struct buf *head, const char *name)
{
	struct buf out = BUF_INIT(head->max);
	const char *p, *end, *eol;
	size_t nlen = strlen(name);
	bool hit = false;
	int rc = 0;

	if (head->data == NULL)
		return 0;
	p = head->data;
	end = p + head->len;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		if ((size_t)(eol - p) > nlen && p[nlen] == ':' &&
		    strncasecmp(p, name, nlen) == 0) {
			buf_add(&out, p, nlen);
			buf_addstr(&out, ": [redacted]\r\n");
			hit = true;
		} else {
			buf_add(&out, p, (size_t)(eol - p));
		}
		p = eol;
	}
	if (out.failed) {
		rc = -1;
	} else if (hit) {
		buf_reset(head);
		buf_add(head, out.data, out.len);
	}
	buf_release(&out);
	return rc;
}

/* The media types a feed is served as, for fetch_opts.accept_feed. */
bool
fetch_is_feed_type(const char *type)
{
	static const char *const types[] = {
		"application/rss+xml", "application/atom+xml",
		"application/rdf+xml", "application/xml", "text/xml", NULL
	};
	int i;

	for (i = 0; types[i]; i++)
		if (strcmp(type, types[i]) == 0)
			return true;
	return false;
}
