/*
 * byline: the authors' names of a page, from what its head and text say
 * around them ("By Ana Ruiz | 2 December 2026", "Written by: Li Wu"), and
 * the list several sources make, joined one way.  The words are rules.c's
 * tables.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

#define NAME_MAX_BYTES 120	/* "Ana Ruiz, Senior Correspondent" */
#define NAME_MAX_WORDS 10

size_t
extract_label_len(const char *s, const char *const *list, size_t n)
{
	size_t k, m;

	for (k = 0; k < n; k++) {
		/* The first byte first: most lists' words differ at once. */
		if (list[k][0] != ((unsigned char)*s < 0x80 ? (*s | 0x20) : *s))
			continue;
		m = strlen(list[k]);
		if (strncasecmp(s, list[k], m) == 0 &&
		    !(((s[m] | 0x20) >= 'a' && (s[m] | 0x20) <= 'z') ||
		    (unsigned char)s[m] >= 0x80))
			return m;
	}
	return 0;
}

static bool
word_in(const char *w, size_t len, const char *const *list, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (strncasecmp(w, list[k], len) == 0 && list[k][len] == '\0')
			return true;
	return false;
}

/*
 * Where the names of s end: at a separator (" | ", " · ", " — ", " - "),
 * at a date ("on 2 December", "Dec. 2, 2026", "12/02/2026") or at a
 * label of one ("Updated", "Published").
 */
static size_t
names_end(const char *s)
{
	static const char *const seps[] = {
		" | ", "|", " \xc2\xb7 ", " \xe2\x80\xa2 ", " \xe2\x80\x94 ",
		" \xe2\x80\x93 ", " - ", " / ", "\xe2\x80\xa2", "\xc2\xb7",
	};
	/* The first four end the names wherever they stand. */
	static const char *const labels[] = {
		"updated", "published", "posted", "last", "on", "le", "am",
		"el", "il", "em", "op", "den", "at",
	};
	const size_t nlabels = sizeof(labels) / sizeof(labels[0]);
	size_t end = strlen(s), k, wl;
	const char *p, *q, *w;

	for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
		p = strstr(s, seps[k]);
		if (p && (size_t)(p - s) < end)
			end = (size_t)(p - s);
	}
	/* "Ana Ruiz Reviewed by Li Wu": the reviewer is no author. */
	for (k = 0; k < extract_nnot_author_prefixes; k++) {
		p = strcasestr_ascii(s, extract_not_author_prefixes[k]);
		if (p && p > s && p[-1] == ' ' && (size_t)(p - s) < end)
			end = (size_t)(p - s);
	}
	for (w = s; w < s + end;) {
		while (w < s + end && (*w == ' ' || *w == ','))
			w++;
		for (q = w; q < s + end && *q != ' ' && *q != ','; q++)
			;
		wl = (size_t)(q - w);
		if (wl == 0)
			break;
		/* A digit starts a date or a time, never a name. */
		if (*w >= '0' && *w <= '9') {
			end = (size_t)(w - s);
			break;
		}
		p = q;
		while (p < s + end && (*p == ' ' || *p == '.' || *p == ','))
			p++;
		if ((extract_month_of(w, wl) || (wl > 1 && w[wl - 1] == '.' &&
		    extract_month_of(w, wl - 1))) && *p >= '0' && *p <= '9') {
			end = (size_t)(w - s);
			break;
		}
		if (word_in(w, wl, labels, nlabels) && w > s &&
		    ((*p >= '0' && *p <= '9') || extract_month_of(p,
		    strcspn(p, " ,.")) || word_in(w, wl, labels, 4))) {
			end = (size_t)(w - s);
			break;
		}
		w = q;
	}
	return end;
}

/* Whether every word of s names no one ("Staff", "Editorial Team"). */
static bool
generic(const char *s)
{
	const char *w, *q;

	for (w = s; *w;) {
		while (*w && !(((*w | 0x20) >= 'a' && (*w | 0x20) <= 'z') ||
		    (unsigned char)*w >= 0x80 || (*w >= '0' && *w <= '9')))
			w++;
		if (!*w)
			break;
		for (q = w; *q && (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') ||
		    (unsigned char)*q >= 0x80 || (*q >= '0' && *q <= '9')); q++)
			;
		if (!word_in(w, (size_t)(q - w), extract_generic_names,
		    extract_ngeneric_names))
			return false;
		w = q;
	}
	return true;
}

bool
extract_team_name(const char *s)
{
	size_t k, n;
	const char *p;

	for (k = 0; k < extract_nteam_names; k++) {
		n = strlen(extract_team_names[k]);
		for (p = strcasestr_ascii(s, extract_team_names[k]); p;
		    p = strcasestr_ascii(p + 1, extract_team_names[k]))
			if ((p == s || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[n]))
				return true;
	}
	return false;
}

bool
extract_name_ok(const char *s)
{
	size_t n = strlen(s);
	const char *p;

	if (n == 0 || n > NAME_MAX_BYTES ||
	    extract_count_words(s, n) > NAME_MAX_WORDS)
		return false;
	/* A profile link, a handle or an address is not a name. */
	if (strstr(s, "://") || strncasecmp(s, "www.", 4) == 0 ||
	    *s == '/' || *s == '@' || strchr(s, '@') || strchr(s, '{') ||
	    strchr(s, '<'))
		return false;
	for (p = s; *p && !(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
	    (unsigned char)*p >= 0x80); p++)
		;
	if (!*p || generic(s) || strchr(s, ':'))
		return false;
	/* "paperium.net", "andrew.keaveney": a domain or a login. */
	if (!strchr(s, ' ') && strchr(s, '.'))
		return false;
	return true;
}

char *
extract_byline_name(const char *text)
{
	char *s = xstrdup(text), *p;
	size_t k, n;

	extract_fold_inplace(s);
	p = s;
	if (extract_label_len(p, extract_not_author_prefixes,
	    extract_nnot_author_prefixes)) {
		free(s);
		return NULL;
	}
	/* "Posted on 2 Dec by Ana Ruiz": the names after the last "by". */
	for (k = 0; k < 3; k++) {
		n = extract_label_len(p, extract_byline_prefixes,
		    extract_nbyline_prefixes);
		if (n == 0)
			break;
		p += n;
		while (*p == ' ' || *p == ':')
			p++;
	}
	n = names_end(p);
	while (n > 0 && strchr(" ,;:.-|", p[n - 1]))
		n--;
	/* A full stop ends an initial ("Jeff T."), so it stays. */
	if (n < strlen(p) && p[n] == '.' && n >= 2 && p[n - 2] == ' ')
		n++;
	memmove(s, p, n);
	s[n] = '\0';
	while (*s == ',' || *s == ' ')
		memmove(s, s + 1, strlen(s));
	if (!extract_name_ok(s)) {
		free(s);
		return NULL;
	}
	return s;
}

void
extract_names_add(struct extract_names *l, const char *name)
{
	size_t k;

	if (l->n == EXTRACT_MAX_NAMES)
		return;
	for (k = 0; k < l->n; k++)
		if (strcasecmp(l->v[k], name) == 0)
			return;
	l->v[l->n++] = xstrdup(name);
}

void
extract_names_release(struct extract_names *l)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		free(l->v[k]);
	l->n = 0;
}

char *
extract_names_join(const struct extract_names *l)
{
	struct buf b = BUF_INIT(BUF_UNCAPPED);
	size_t k;

	for (k = 0; k < l->n; k++) {
		if (!extract_name_ok(l->v[k]))
			continue;
		if (b.len)
			buf_addstr(&b, ", ");
		buf_addstr(&b, l->v[k]);
	}
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}
