/*
 * metadata: title, byline, dates, site name, language, canonical URL,
 * description and image from the page's head, JSON-LD and headings, and
 * the title without the site's name around it.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "meta.h"
#include "xalloc.h"

static void
set_once(char **slot, const char *v)
{
	char *s;

	if (*slot || !v)
		return;
	s = xstrdup(v);
	extract_fold_inplace(s);
	if (*s)
		*slot = s;
	else
		free(s);
}

static void
set_text(char **slot, xmlNode *n)
{
	char *s;

	if (*slot)
		return;
	s = extract_folded_text(n);
	if (*s)
		*slot = s;
	else
		free(s);
}

/* Keeps a fact of the page's JSON-LD (meta_ld_read calls it). */
static void
ld_fact(void *ctx, enum meta_ld_field field, const char *value)
{
	struct meta *m = ctx;
	char **slot[] = {
		[META_LD_BODY] = NULL,
		[META_LD_HEADLINE] = &m->ld_headline,
		[META_LD_PUBLISHED] = &m->pub_ld,
		[META_LD_MODIFIED] = &m->mod_ld,
		[META_LD_AUTHOR] = &m->ld_author,
		[META_LD_PUBLISHER] = &m->ld_site,
	};

	/* The body keeps its lines: they are its paragraphs. */
	if (field == META_LD_BODY) {
		if (!m->ld_body)
			m->ld_body = xstrdup(value);
		return;
	}
	set_once(slot[field], value);
}

static void
ld_json(struct meta *m, xmlNode *script)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);

	extract_node_text_raw(script, &b);
	meta_ld_read(b.data ? b.data : "", b.len, ld_fact, m);
	buf_release(&b);
}

/* Characters of UTF-8 text s. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * Whether heading text h is most of the <title> t: within it and at least
 * as long as all the rest ("Headline | Site"), not a site name beside a
 * headline.
 */
static bool
most_of_title(const char *t, const char *h)
{
	size_t hl = strlen(h);

	return t && hl && utf8_chars(h) * 2 >= utf8_chars(t) &&
	    strcasestr_ascii(t, h) && extract_count_words(h, hl) >= 2;
}

/*
 * Whether href leads to a site's or a blog's front page: a path of at most
 * one segment, "/", "/blog", "/aws/", and no query ("/?p=12" is a post).
 */
static bool
home_path(const char *h)
{
	const char *p = strstr(h, "://");
	size_t segs = 0;

	if (p)
		h = strchr(p + 3, '/') ? strchr(p + 3, '/') : "/";
	if (*h != '/' || strpbrk(h, "?#"))
		return false;
	for (p = h; *p; p++)
		if (*p == '/' && p[1] && p[1] != '/')
			segs++;
	return segs <= 1;
}

/* Sets *ctx when a link to the site's home page is entered. */
static enum walk_act
home_link_enter(xmlNode *n, void *ctx)
{
	const char *h, *p;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (!is_el(n, "a"))
		return WALK_DESCEND;
	if ((p = attr(n, "rel")) && extract_has_word(p, "home", EXTRACT_TOKEN))
		*(bool *)ctx = true;
	if ((h = attr(n, "href")) != NULL && home_path(h))
		*(bool *)ctx = true;
	return WALK_SKIP;
}

/*
 * Whether <h1> n is the site's logo, not a headline: its class or id says
 * so ("site-title", "logo", "banner"), or it links to the site's home.
 */
static bool
logo_heading(xmlNode *n)
{
	const char *v[2] = { attr(n, "class"), attr(n, "id") };
	bool home = false;
	size_t j;

	for (j = 0; j < 2; j++)
		if (extract_has_any_word(v[j], extract_logo_words,
		    extract_nlogo_words))
			return true;
	extract_walk(n, home_link_enter, NULL, &home);
	return home;
}

/* Keeps heading n as the headline if it is most of the <title>. */
static void
set_headline(struct meta *m, xmlNode *n)
{
	char *h;

	if (m->headline || !m->title_tag)
		return;
	h = extract_folded_text(n);
	if (most_of_title(m->title_tag, h))
		m->headline = h;
	else
		free(h);
}

/* The field of m a <meta> named k fills (extract_meta_names), or NULL. */
static char **
meta_slot(struct meta *m, const char *k)
{
	char **slot[] = {
		[EXTRACT_META_TITLE] = &m->og_title,
		[EXTRACT_META_SITE] = &m->og_site,
		[EXTRACT_META_APP_NAME] = &m->app_name,
		[EXTRACT_META_IMAGE] = &m->og_image,
		[EXTRACT_META_OG_DESCRIPTION] = &m->og_desc,
		[EXTRACT_META_DESCRIPTION] = &m->desc,
		[EXTRACT_META_AUTHOR] = &m->author_meta,
		[EXTRACT_META_PUBLISHED] = &m->pub_meta,
		[EXTRACT_META_MODIFIED] = &m->mod_meta,
	};
	size_t i;

	for (i = 0; i < extract_nmeta_names; i++)
		if (strcasecmp(k, extract_meta_names[i].name) == 0)
			return slot[extract_meta_names[i].field];
	return NULL;
}

enum walk_act
extract_meta_enter(xmlNode *n, void *ctx)
{
	struct meta *m = ctx;
	const char *k, *v, *t;
	char **slot;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	t = NAME(n);
	if (strcmp(t, "html") == 0) {
		set_once(&m->lang, attr(n, "lang"));
		set_once(&m->lang, attr(n, "xml:lang"));
	} else if (strcmp(t, "meta") == 0) {
		v = attr(n, "content");
		k = attr(n, "property");
		if (!k || !*k)
			k = attr(n, "name");
		if (!k || !*k)
			k = attr(n, "itemprop");
		if (!k || !v)
			return WALK_SKIP;
		slot = meta_slot(m, k);
		if (slot)
			set_once(slot, v);
		return WALK_SKIP;
	} else if (strcmp(t, "link") == 0) {
		v = attr(n, "rel");
		if (v && extract_has_word(v, "canonical", EXTRACT_TOKEN))
			set_once(&m->canonical, attr(n, "href"));
		return WALK_SKIP;
	} else if (strcmp(t, "title") == 0) {
		set_text(&m->title_tag, n);
		return WALK_SKIP;
	} else if (strcmp(t, "script") == 0) {
		v = attr(n, "type");
		if (v && strcasecmp(v, "application/ld+json") == 0)
			ld_json(m, n);
		return WALK_SKIP;
	} else if (strcmp(t, "style") == 0) {
		return WALK_SKIP;
	} else if (strcmp(t, "h1") == 0) {
		if (!m->h1)
			m->h1_logo = logo_heading(n);
		set_text(&m->h1, n);
		set_headline(m, n);
		return WALK_SKIP;
	} else if (strcmp(t, "h2") == 0 && extract_heading_like_class(n)) {
		set_text(&m->h2_title, n);
		set_headline(m, n);
		return WALK_SKIP;
	} else if (strcmp(t, "time") == 0) {
		set_once(&m->time_el, attr(n, "datetime"));
	} else if (strcmp(t, "a") == 0) {
		v = attr(n, "rel");
		if (v && extract_has_word(v, "author", EXTRACT_TOKEN))
			set_text(&m->rel_author, n);
	}
	v = attr(n, "itemprop");
	if (v && strcasecmp(v, "datePublished") == 0) {
		set_once(&m->pub_meta, attr(n, "datetime"));
		set_once(&m->pub_meta, attr(n, "content"));
	}
	v = attr(n, "class");
	if (!m->byline_el && extract_has_any_word(v, extract_byline_words,
	    extract_nbyline_words)) {
		const struct info *i = info_of(n);

		if (!i || (i->text_len > 2 && i->text_len < 100))
			set_text(&m->byline_el, n);
	}
	return WALK_DESCEND;
}

void
extract_meta_release(struct meta *m)
{
	char **f[] = { &m->og_title, &m->ld_headline, &m->h1, &m->h2_title,
		&m->title_tag, &m->headline,
		&m->og_site, &m->ld_site, &m->app_name, &m->author_meta,
		&m->ld_author, &m->rel_author, &m->byline_el, &m->pub_ld,
		&m->pub_meta, &m->time_el, &m->mod_ld, &m->mod_meta,
		&m->canonical, &m->og_desc, &m->desc, &m->og_image, &m->lang,
		&m->ld_body };
	size_t k;

	for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
		free(*f[k]);
		*f[k] = NULL;
	}
}

static const char *
first_of(const char *a, const char *b, const char *c, const char *d)
{
	return a ? a : b ? b : c ? c : d;
}

/*
 * The title without a site-name part: "Title | Site", "Title - Site",
 * "Title — Site" lose the tail when it is the site name or a short tail,
 * "Site | Title" loses a head equal to the site name.
 */
static char *
strip_site(const char *t, const char *site)
{
	const char *best = NULL, *first = NULL, *p, *tail, *sep;
	size_t k, blen = 0, flen = 0, n = strlen(t);

	for (k = 0; k < extract_nsite_seps; k++) {
		sep = extract_site_seps[k];
		for (p = strstr(t, sep); p; p = strstr(p + 1, sep)) {
			if (!best || p > best) {
				best = p;
				blen = strlen(sep);
			}
			if (!first || p < first) {
				first = p;
				flen = strlen(sep);
			}
		}
	}
	if (!best)
		return xstrdup(t);
	tail = best + blen;
	if (site && *site && (strcasecmp(tail, site) == 0 ||
	    strstr(site, tail) || strstr(tail, site)))
		return xstrndup(t, (size_t)(best - t));
	if (site && *site && (size_t)(first - t) == strlen(site) &&
	    strncasecmp(t, site, strlen(site)) == 0)
		return xstrdup(first + flen);
	if (extract_count_words(tail, strlen(tail)) <= 4 &&
	    extract_count_words(t, (size_t)(best - t)) >= 3 &&
	    strlen(tail) * 3 < n)
		return xstrndup(t, (size_t)(best - t));
	return xstrdup(t);
}

#define TITLE_SIDE_WORDS 6	/* longest site or section name beside it */

/* Length of the separator t[0..p) ends with, white space after it aside. */
static size_t
title_sep_before(const char *t, size_t p)
{
	size_t k, m;

	while (p > 0 && is_space((unsigned char)t[p - 1]))
		p--;
	for (k = 0; k < extract_ntitle_seps; k++) {
		m = strlen(extract_title_seps[k]);
		if (p > m && memcmp(t + p - m, extract_title_seps[k], m) == 0)
			return m;
	}
	return 0;
}

/*
 * The in-page headline h when the title t is that headline beside a short
 * site or section name ("Opinion | Headline", "Headline | Site Diary"),
 * else t; t is kept or freed.
 */
static char *
title_side(char *t, const char *h)
{
	size_t n = strlen(t), hl = strlen(h), k, m, other;

	if (hl == 0 || n <= hl || extract_count_words(h, hl) < 2)
		return t;
	/* "Section | Headline"; the name is the shorter side. */
	if (strcasecmp(t + n - hl, h) == 0 &&
	    is_space((unsigned char)t[n - hl - 1]) &&
	    title_sep_before(t, n - hl) &&
	    extract_count_words(t, n - hl) - 1 <= TITLE_SIDE_WORDS &&
	    n - hl < hl)
		goto side;
	/* "Headline | Site" */
	if (strncasecmp(t, h, hl) == 0 && is_space((unsigned char)t[hl])) {
		const char *q = t + hl;

		while (is_space((unsigned char)*q))
			q++;
		for (k = 0; k < extract_ntitle_seps; k++) {
			m = strlen(extract_title_seps[k]);
			if (strncmp(q, extract_title_seps[k], m) != 0 ||
			    !is_space((unsigned char)q[m]))
				continue;
			other = strlen(q + m);
			if (extract_count_words(q + m, other) <=
			    TITLE_SIDE_WORDS && other < hl)
				goto side;
		}
	}
	return t;
side:
	free(t);
	return xstrdup(h);
}

/*
 * t without a trailing " | Site" or ":site", and without separators left
 * at its start ("» Headline"); t is kept or freed.
 */
static char *
drop_site_suffix(char *t, const char *site)
{
	size_t n = strlen(t), sl = strlen(site), m, k;
	char *q;

	if (sl && n > sl && strcasecmp(t + n - sl, site) == 0 &&
	    (m = title_sep_before(t, n - sl)) != 0) {
		n -= sl;
		while (n > 0 && is_space((unsigned char)t[n - 1]))
			n--;
		t[n - m] = '\0';
	}
	for (q = t;;) {
		while (is_space((unsigned char)*q))
			q++;
		for (k = 0; k < extract_ntitle_seps; k++) {
			m = strlen(extract_title_seps[k]);
			if (strncmp(q, extract_title_seps[k], m) == 0 &&
			    is_space((unsigned char)q[m]))
				break;
		}
		if (k == extract_ntitle_seps)
			break;
		q += m;
	}
	if (q != t)
		memmove(t, q, strlen(q) + 1);
	extract_fold_inplace(t);
	return t;
}

/* t without a leading "Site: " or "Site | "; t is kept or freed. */
static char *
drop_site_prefix(char *t, const char *site)
{
	size_t n = strlen(site), k, m;
	const char *q;

	if (n == 0 || strncasecmp(t, site, n) != 0)
		return t;
	for (q = t + n; is_space((unsigned char)*q); q++)
		;
	for (k = 0; k < extract_ntitle_seps; k++) {
		m = strlen(extract_title_seps[k]);
		if (strncmp(q, extract_title_seps[k], m) == 0 &&
		    is_space((unsigned char)q[m]) && q[m + 1]) {
			q = xstrdup(q + m + 1);
			free(t);
			t = (char *)q;
			extract_fold_inplace(t);
			return t;
		}
	}
	return t;
}

void
extract_fill_meta(struct article *a, struct meta *m, const char *base)
{
	/* A logo <h1> the <title> repeats names the site. */
	const char *logo = m->h1 && m->h1_logo && m->title_tag &&
	    strcasestr_ascii(m->title_tag, m->h1) ? m->h1 : NULL;
	const char *site = first_of(m->og_site, m->ld_site, m->app_name, logo);
	const char *title = first_of(m->og_title, m->ld_headline, m->headline,
	    m->h1_logo ? m->title_tag : first_of(m->h1, m->title_tag, NULL,
	    NULL));
	const char *by = first_of(m->author_meta, m->ld_author, m->rel_author,
	    m->byline_el);

	if (title)
		a->title = strip_site(title, site);
	if (a->title && site)
		a->title = drop_site_prefix(a->title, site);
	if (a->title)
		a->title = drop_site_suffix(a->title, site ? site : "");
	if (a->title && !*a->title) {
		free(a->title);
		a->title = NULL;
	}
	if (a->title && m->h1)
		a->title = title_side(a->title, m->h1);
	if (a->title && m->h2_title)
		a->title = title_side(a->title, m->h2_title);
	if (by) {
		if (strncasecmp(by, "by ", 3) == 0)
			by += 3;
		a->byline = xstrdup(by);
	}
	if (site)
		a->site_name = xstrdup(site);
	title = first_of(m->pub_ld, m->pub_meta, m->time_el, NULL);
	if (title)
		a->published = xstrdup(title);
	title = first_of(m->mod_ld, m->mod_meta, NULL, NULL);
	if (title)
		a->modified = xstrdup(title);
	if (m->lang)
		a->lang = xstrdup(m->lang);
	a->canonical = extract_abs_url(m->canonical, base);
	title = first_of(m->og_desc, m->desc, NULL, NULL);
	if (title)
		a->description = xstrdup(title);
	a->image = extract_abs_url(m->og_image, base);
}
