/*
 * metadata: title, byline, dates, site name, language, canonical URL,
 * description and image from the page's head, JSON-LD and headings, and
 * the title without the site's name around it.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <threads.h>

#include "internal.h"
#include "meta.h"
#include "xalloc.h"

/* Writes code point c as UTF-8 at p; its length. */
static size_t
put_utf8(char *p, unsigned long c)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xc0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xe0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		p[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	p[0] = (char)(0xf0 | (c >> 18));
	p[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	p[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	p[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * Decodes the character references left in s ("Maria &amp; Katerina",
 * "SQL &#x26; AI"): sites escape the values of their <meta> and JSON-LD
 * once more than HTML asks.  Every reference is longer than its UTF-8, so
 * s shrinks in place.
 */
static void
decode_refs(char *s)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' }, { "nbsp;", ' ' },
	};
	char *w = s, *r = s, *end;
	unsigned long c;
	size_t k, n;

	while (*r) {
		if (*r != '&') {
			*w++ = *r++;
			continue;
		}
		for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
			n = strlen(named[k].name);
			if (strncmp(r + 1, named[k].name, n) == 0)
				break;
		}
		if (k < sizeof(named) / sizeof(named[0])) {
			*w++ = named[k].c;
			r += 1 + n;
			continue;
		}
		if (r[1] == '#') {
			c = r[2] == 'x' || r[2] == 'X' ?
			    strtoul(r + 3, &end, 16) : strtoul(r + 2, &end, 10);
			if (*end == ';' && end > r + 3 && c > 0 &&
			    c <= 0x10ffff && (c < 0xd800 || c > 0xdfff)) {
				w += put_utf8(w, c);
				r = end + 1;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

static void
set_once(char **slot, const char *v)
{
	char *s;

	if (*slot || !v)
		return;
	s = xstrdup(v);
	if (strchr(s, '&'))
		decode_refs(s);
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

/* Keeps v in *slot unless what it holds ranks better (lower) or equal. */
static void
set_ranked(char **slot, int *have, int rank, const char *v)
{
	if (*slot && rank >= *have)
		return;
	free(*slot);
	*slot = NULL;
	set_once(slot, v);
	*have = rank;
}

/* Keeps a fact of the page's JSON-LD (meta_ld_read calls it). */
static void
ld_fact(void *ctx, enum meta_ld_field field, int rank, const char *value)
{
	struct meta *m = ctx;
	char *name;

	/* The body keeps its lines: they are its paragraphs. */
	if (field == META_LD_BODY) {
		if (!m->ld_body || rank < m->ld_body_rank) {
			free(m->ld_body);
			m->ld_body = xstrdup(value);
			m->ld_body_rank = rank;
		}
		return;
	}
	if ((unsigned)field >= META_LD_FIELDS)
		return;
	if (field == META_LD_AUTHOR) {
		/* One object's authors, from the best-ranked object. */
		if (m->ld_authors.n && (rank > m->ld_author_rank ||
		    (rank == m->ld_author_rank &&
		    m->ld_author_script != m->nscripts)))
			return;
		if (m->ld_authors.n && rank < m->ld_author_rank)
			extract_names_release(&m->ld_authors);
		m->ld_author_rank = rank;
		m->ld_author_script = m->nscripts;
		name = xstrdup(value);
		decode_refs(name);
		extract_names_add(&m->ld_authors, name);
		free(name);
		return;
	}
	set_ranked(&m->ld[field], &m->ld_rank[field], rank, value);
}

static void
ld_json(struct meta *m, xmlNode *script)
{
	struct buf b = BUF_INIT(BUF_UNCAPPED);

	extract_node_text_raw(script, &b);
	m->nscripts++;
	meta_ld_read(b.data ? b.data : "", b.len, ld_fact, m);
	buf_release(&b);
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

/* The row of extract_meta_names a <meta> named k is, or nmeta_names. */
static size_t
meta_row(const char *k)
{
	size_t i;

	for (i = 0; i < extract_nmeta_names; i++)
		if (strcasecmp(k, extract_meta_names[i].name) == 0)
			return i;
	return extract_nmeta_names;
}

/* Whether name k holds one of the n stems, in any case. */
static bool
name_says(const char *k, const char *const *stems, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasestr_ascii(k, stems[i]))
			return true;
	return false;
}

/*
 * A date in a <meta> of a name no table row knows ("w-published-date",
 * "cxenseparse:publishtime", "modified-date"): kept by what its name says,
 * below every known name.
 */
static void
meta_date_by_name(struct meta *m, const char *k, const char *v)
{
	char out[EXTRACT_DATE_LEN + 1], had[EXTRACT_DATE_LEN + 1];
	char **slot = &m->field[EXTRACT_META_PUBLISHED];
	int *row = &m->row[EXTRACT_META_PUBLISHED];

	if (extract_date(v, false, out) < EXTRACT_DATE_DAY)
		return;
	if (name_says(k, extract_meta_modified_stems,
	    extract_nmeta_modified_stems)) {
		set_ranked(&m->field[EXTRACT_META_MODIFIED],
		    &m->row[EXTRACT_META_MODIFIED], (int)extract_nmeta_names,
		    v);
		return;
	}
	if (!name_says(k, extract_meta_published_stems,
	    extract_nmeta_published_stems))
		return;
	/*
	 * Of several such names ("published-date", "published-time"), the
	 * earliest day: a later one is the system's own time of issue.
	 */
	if (*slot && *row == (int)extract_nmeta_names &&
	    extract_date(*slot, false, had) >= EXTRACT_DATE_DAY &&
	    strncmp(out, had, 10) < 0) {
		free(*slot);
		*slot = NULL;
	}
	set_ranked(slot, row, (int)extract_nmeta_names, v);
}

/*
 * citation_author, for scholarly papers, writes "Last, First": read as the
 * name is said.
 */
static void
add_meta_author(struct meta *m, const char *k, const char *v)
{
	char *s = xstrdup(v), *c, *name;

	decode_refs(s);
	c = strchr(s, ',');
	if (strncasecmp(k, "citation_author", 15) == 0 && c &&
	    !strchr(c + 1, ',') && c[1] == ' ' && c[2]) {
		name = xasprintf("%s %.*s", c + 2, (int)(c - s), s);
		free(s);
		s = name;
	}
	extract_names_add(&m->meta_authors, s);
	free(s);
}

/*
 * Keeps a <meta>'s value: of a field, the earliest row of the table wins;
 * of the authors, every value of the winning row ("citation_author" once
 * per author).  twitter:labelN "Written by" names twitter:dataN an author.
 */
static void
meta_tag(struct meta *m, const char *k, const char *v)
{
	size_t row = meta_row(k);
	enum extract_meta_field f;

	if (strncasecmp(k, "twitter:label", 13) == 0 && k[13] >= '1' &&
	    k[13] <= '9' && !k[14] && strcasecmp(v, "Written by") == 0)
		m->written_by = k[13];
	if (strncasecmp(k, "twitter:data", 12) == 0 && m->written_by &&
	    k[12] == m->written_by && !k[13])
		set_once(&m->label_author, v);
	if (!*v)
		return;
	if (row == extract_nmeta_names) {
		meta_date_by_name(m, k, v);
		return;
	}
	f = extract_meta_names[row].field;
	if (f == EXTRACT_META_AUTHOR) {
		if (m->meta_authors.n && row > m->author_row)
			return;
		if (m->meta_authors.n && row < m->author_row)
			extract_names_release(&m->meta_authors);
		m->author_row = row;
		add_meta_author(m, k, v);
		return;
	}
	set_ranked(&m->field[f], &m->row[f], (int)row, v);
}

static void
add_head(struct meta *m, xmlNode *n, bool h1)
{
	struct meta_head *h;
	char *t;

	if (m->nheads == META_MAX_HEADS)
		return;
	t = extract_folded_text(n);
	if (!*t || strlen(t) > 400) {
		free(t);
		return;
	}
	h = &m->heads[m->nheads++];
	h->text = t;
	h->h1 = h1;
	h->logo = h1 && logo_heading(n);
}

/* Whether n opens a part of the page no byline or date of the article is in. */
static bool
opens_zone(const xmlNode *n)
{
	const struct extract_word_rule *w;
	const char *which;

	if (is_el(n, "nav"))
		return true;
	/* The page's own classes name what it has, not where it is. */
	if (is_el(n, "body") || is_el(n, "html"))
		return false;
	w = extract_word_rule_of(n, &which);
	return w && (w->kind == CHROME_COMMENTS ||
	    w->kind == CHROME_REPLY_FORM || w->kind == CHROME_RELATED);
}

static enum walk_act
spaced_enter(xmlNode *n, void *ctx)
{
	struct buf *b = ctx;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			buf_addstr(b, (const char *)n->content);
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE || is_el(n, "script") ||
	    is_el(n, "style"))
		return WALK_SKIP;
	buf_addch(b, ' ');
	return WALK_DESCEND;
}

/*
 * The text of a short element, or NULL when it holds more than a line;
 * every element apart, as "<span>By</span><a>Ana Ruiz</a><time>Dec
 * 2</time>" reads.
 */
static char *
short_text(xmlNode *n)
{
	const struct info *i = info_of(n);
	struct buf b = BUF_INIT(BUF_UNCAPPED);
	char *t;

	if (i && (i->text_len < 3 || i->text_len > 160))
		return NULL;
	extract_walk(n, spaced_enter, NULL, &b);
	t = buf_detach(&b, NULL);
	extract_fold_inplace(t);
	if (*t && strlen(t) <= 160)
		return t;
	free(t);
	return NULL;
}

/*
 * Whether a word or part of class list cls starts with one of stems: a
 * quick pass on every element before the word tables, which tokenize the
 * list once per word, are asked.
 */
static bool
mentions(const char *cls, const char *const *stems, size_t n)
{
	const char *p;
	size_t k;

	for (p = cls; p && *p; p++) {
		if (p != cls && p[-1] != ' ' && p[-1] != '\t' &&
		    p[-1] != '\n' && p[-1] != '-' && p[-1] != '_')
			continue;
		for (k = 0; k < n; k++)
			if ((*p | 0x20) == stems[k][0] &&
			    strncasecmp(p, stems[k], strlen(stems[k])) == 0)
				return true;
	}
	return false;
}

/*
 * A date the page writes in an element classed as one (or a <time>):
 * published unless its class or its words say it was updated.
 */
static void
text_date(struct meta *m, xmlNode *n, const char *cls)
{
	char *t = short_text(n), out[EXTRACT_DATE_LEN + 1];
	bool mod;

	if (!t)
		return;
	if (extract_date(t, false, out) == EXTRACT_DATE_NONE) {
		free(t);
		return;
	}
	mod = (extract_has_any_word(cls, extract_modified_words,
	    extract_nmodified_words) && !extract_has_word(cls, "published",
	    EXTRACT_PART)) || extract_label_len(t, extract_modified_labels,
	    extract_nmodified_labels);
	if (mod && !m->text_mod)
		m->text_mod = t;
	else if (!mod && !m->text_pub)
		m->text_pub = t;
	else
		free(t);
}

#define NEAR_H1 150		/* elements after the <h1> near enough */

/* A <time>: its datetime, or its text, as published or updated. */
static void
time_el(struct meta *m, xmlNode *n)
{
	const char *cls = attr(n, "class"), *dt = attr(n, "datetime");
	const char *ip = attr(n, "itemprop");
	bool mod;

	if (!dt || !*dt) {
		text_date(m, n, cls);
		return;
	}
	mod = (ip && strcasecmp(ip, "dateModified") == 0) ||
	    (extract_has_any_word(cls, extract_modified_words,
	    extract_nmodified_words) && !extract_has_word(cls, "published",
	    EXTRACT_PART));
	/*
	 * The first <time> by the headline is the article's; one before it
	 * sat in the page's header, a ticker or a list of other stories.
	 */
	if (!mod && !m->time_by_h1 && m->seen_h1 && m->after_h1 <= NEAR_H1) {
		free(m->time_pub);
		m->time_pub = NULL;
		m->time_by_h1 = true;
	}
	set_once(mod ? &m->time_mod : &m->time_pub, dt);
}

struct find_prop {
	const char *prop;
	xmlNode *found;
};

static enum walk_act
find_prop_enter(xmlNode *n, void *ctx)
{
	struct find_prop *f = ctx;
	const char *ip;

	if (f->found || n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	ip = attr(n, "itemprop");
	if (ip && extract_has_word(ip, f->prop, EXTRACT_TOKEN)) {
		f->found = n;
		return WALK_SKIP;
	}
	return WALK_DESCEND;
}

/* itemprop="datePublished" and the like: its datetime, content or text. */
static void
item_date(char **slot, xmlNode *n)
{
	char out[EXTRACT_DATE_LEN + 1], *t;

	set_once(slot, attr(n, "datetime"));
	set_once(slot, attr(n, "content"));
	if (*slot || !(t = short_text(n)))
		return;
	if (extract_date(t, false, out) >= EXTRACT_DATE_DAY)
		*slot = t;
	else
		free(t);
}

/* itemprop="author": the name inside it, its content, or its text. */
static void
item_author(struct meta *m, xmlNode *n)
{
	struct find_prop f = { "name", NULL };
	const char *v = attr(n, "content");
	char *t = NULL;

	if (!v) {
		extract_walk(n, find_prop_enter, NULL, &f);
		if (f.found && f.found != n)
			v = attr(f.found, "content");
		if (f.found && f.found != n && !v)
			t = short_text(f.found);
	}
	if (!v && !t)
		t = short_text(n);
	if (v || t)
		extract_names_add(&m->item_authors, v ? v : t);
	free(t);
}

/* The first text inside root, white space skipped, or "". */
static const char *
first_text(const xmlNode *root)
{
	const xmlNode *n = root->children;
	const char *t;

	while (n && n != root) {
		if (n->type == XML_TEXT_NODE && n->content) {
			for (t = (const char *)n->content;
			    is_space((unsigned char)*t); t++)
				;
			if (*t)
				return t;
		}
		if (n->type == XML_ELEMENT_NODE && n->children &&
		    !is_el(n, "script") && !is_el(n, "style")) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		if (n != root)
			n = n->next;
	}
	return "";
}

#define DATE_LINE_WORDS 8	/* "Published on Friday, 2 December 2026" */
#define BYLINE_NEAR 8		/* elements after a byline near enough */

/*
 * The words of t, not the marks between them (|, a bullet, a middle dot):
 * "Ana Ruiz | Editor | 2 May 2026" says six.
 */
static size_t
said_words(const char *t)
{
	size_t w = 0;
	bool in = false, said = false;
	unsigned char c;

	for (;; t++) {
		if (!*t || is_space((unsigned char)*t)) {
			w += in && said;
			in = said = false;
			if (!*t)
				return w;
			continue;
		}
		in = true;
		/* U+0080-00BF and U+2000-2FFF (C2, E2 lead) are marks. */
		c = (unsigned char)*t;
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
		    (c | 0x20) <= 'z') || (c >= 0xc3 && c != 0xe2))
			said = true;
	}
}

/*
 * The text of n when it is a line that is only a date (a label aside:
 * "Published", "Updated"), as pages show the article's date near its
 * headline with or without a class saying so; else NULL.
 */
static char *
date_line_text(xmlNode *n)
{
	const struct info *i = info_of(n);
	char out[EXTRACT_DATE_LEN + 1], *t;

	if (!i || i->text_len < 6 || i->text_len > 60)
		return NULL;
	t = short_text(n);
	if (!t || said_words(t) > DATE_LINE_WORDS ||
	    extract_date(t, false, out) < EXTRACT_DATE_DAY) {
		free(t);
		return NULL;
	}
	return t;
}

/* Keeps date line t as the article's, published or updated by its label. */
static void
keep_date_line(struct meta *m, char *t)
{
	bool mod = extract_label_len(t, extract_modified_labels,
	    extract_nmodified_labels);

	if (mod && !m->near_mod)
		m->near_mod = t;
	else if (!mod && !m->near_pub)
		m->near_pub = t;
	else
		free(t);
}

/* Which of the first-published phrases start with each (lower) byte. */
static uint32_t phrase_first[256];
static once_flag phrase_once = ONCE_FLAG_INIT;

static void
phrase_build(void)
{
	size_t k;

	for (k = 0; k < extract_nfirst_published_phrases; k++)
		phrase_first[lower_ascii(
		    (unsigned char)extract_first_published_phrases[k][0])] |=
		    (uint32_t)1 << k;
}

/*
 * Where s first says the first of the first-published phrases it says at
 * all (ASCII case ignored), or NULL: one pass over s for all of them,
 * each byte asking only the phrases it can start that rank above the
 * best found so far.
 */
static const char *
first_phrase(const char *s)
{
	const char *const *ph = extract_first_published_phrases;
	const char *at = NULL;
	uint32_t want = UINT32_MAX, m;
	size_t k;

	call_once(&phrase_once, phrase_build);
	for (; *s && want; s++) {
		m = phrase_first[lower_ascii((unsigned char)*s)] & want;
		for (k = 0; m; k++, m >>= 1)
			if ((m & 1) && (!ph[k][1] ||
			    lower_ascii((unsigned char)s[1]) ==
			    lower_ascii((unsigned char)ph[k][1])) &&
			    strncasecmp(s, ph[k], strlen(ph[k])) == 0) {
				at = s;
				want = ((uint32_t)1 << k) - 1;
				break;
			}
	}
	return at;
}

/*
 * A sentence saying when the article first came out, its own words
 * weighing most against the page's later dates of a reissue.
 */
static void
first_published(struct meta *m, xmlNode *n)
{
	const char *f = first_text(n), *p, *e;
	char out[EXTRACT_DATE_LEN + 1], *t;
	size_t words;

	/*
	 * An element and its first ancestors open on the same text: what it
	 * says was read once (a phrase found there ended the search, or gave
	 * no date and gives none again).
	 */
	if (f == m->first_seen)
		return;
	m->first_seen = f;
	if ((p = first_phrase(f)) == NULL)
		return;
	/*
	 * The date is the phrase's own, in the words after it and before a
	 * year ends the sentence ("... in May 2022. Updated on 2 June 2024").
	 */
	for (e = p, words = 0; *e && words < DATE_LINE_WORDS + 2; e++) {
		if (*e == '.' && e > p && e[-1] >= '0' && e[-1] <= '9' &&
		    (!e[1] || is_space((unsigned char)e[1])))
			break;
		if (is_space((unsigned char)*e) &&
		    !is_space((unsigned char)e[1]))
			words++;
	}
	t = xstrndup(p, (size_t)(e - p));
	if (extract_date(t, false, out) >= EXTRACT_DATE_DAY)
		m->first_pub = t;
	else
		free(t);
}

/* A date line n that starts with a published or updated label. */
static void
labelled_date(struct meta *m, xmlNode *n)
{
	const char *f = first_text(n);
	bool mod = extract_label_len(f, extract_modified_labels,
	    extract_nmodified_labels);
	char *t;

	if ((mod ? m->line_mod : m->line_pub) || (!mod && !extract_label_len(f,
	    extract_published_labels, extract_npublished_labels)))
		return;
	if ((t = date_line_text(n)) != NULL)
		*(mod ? &m->line_mod : &m->line_pub) = t;
}

/*
 * The first byline is seen: a date it writes ("By Ana Ruiz, 2 May 2026,
 * 3 comments") is the article's, and so is a date line just after it.
 */
static void
byline_date(struct meta *m)
{
	const char *b = m->by_line ? m->by_line : m->byline_el;
	char out[EXTRACT_DATE_LEN + 1];

	m->byline_at = m->nelems;
	if (!m->near_pub && extract_date(b, false, out) >= EXTRACT_DATE_DAY)
		keep_date_line(m, xstrdup(b));
}

/*
 * A date line after the <h1>, or, before it, a short element kept in the
 * ring of the last ones seen, read only when the <h1> comes (a page has
 * many short elements before it, the date is among the last).
 */
static void
date_line(struct meta *m, xmlNode *n)
{
	const struct info *i = info_of(n);
	char *t;

	if (!m->first_pub && i && i->text_len >= 16 && i->text_len <= 240)
		first_published(m, n);
	/*
	 * Anywhere outside the page's chrome zones, a short line that says
	 * "Posted on ..." or "Last updated: ..." dates the page when nothing
	 * else does (a readers' thread not yet known as one has such lines).
	 */
	if ((!m->line_pub || !m->line_mod) && i && i->text_len >= 6 &&
	    i->text_len <= 60)
		labelled_date(m, n);
	/* The date a byline carries beside it is the article's too. */
	if (!m->near_pub && m->byline_at && m->nelems - m->byline_at <=
	    BYLINE_NEAR && (t = date_line_text(n)) != NULL) {
		keep_date_line(m, t);
		return;
	}
	if (!m->seen_h1) {
		if (i && i->text_len >= 6 && i->text_len <= 60) {
			m->recent[m->nrecent % META_RECENT] = n;
			m->recent_at[m->nrecent % META_RECENT] = m->nelems;
			m->nrecent++;
		}
		return;
	}
	if (m->after_h1 > NEAR_H1 || m->near_pub)
		return;
	if ((t = date_line_text(n)) != NULL)
		keep_date_line(m, t);
}

/* The last date line of the ring, not further than far elements back. */
static void
date_line_before(struct meta *m, size_t far)
{
	size_t k, at;
	char *t;

	for (k = 0; k < META_RECENT && k < m->nrecent; k++) {
		at = (m->nrecent - 1 - k) % META_RECENT;
		if (m->nelems - m->recent_at[at] > far)
			break;
		if ((t = date_line_text(m->recent[at])) != NULL) {
			keep_date_line(m, t);
			break;
		}
	}
	m->nrecent = 0;
}

/* A "By Ana Ruiz" line: a byline prefix, then a capital letter. */
static void
by_line(struct meta *m, xmlNode *n)
{
	const struct info *i = info_of(n);
	char *t;
	size_t l;

	if (m->by_line || !i || i->text_len < 5 || i->text_len > 160)
		return;
	/* The cheap test first: most elements start with no such word. */
	if (!extract_label_len(first_text(n), extract_byline_prefixes,
	    extract_nbyline_prefixes))
		return;
	if (!is_el(n, "p") && !is_el(n, "div") && !is_el(n, "span") &&
	    !is_el(n, "li") && !is_el(n, "address") && !is_el(n, "em") &&
	    !is_el(n, "small") && !is_el(n, "strong"))
		return;
	if (!(t = short_text(n)))
		return;
	l = extract_label_len(t, extract_byline_prefixes,
	    extract_nbyline_prefixes);
	if (l && t[l] == ' ' && t[l + 1] >= 'A' && t[l + 1] <= 'Z' &&
	    said_words(t) <= 12) {
		m->by_line = t;
		return;
	}
	free(t);
}

const char *
extract_head_canonical(xmlNode *root)
{
	xmlNode *head, *n;
	const char *rel;

	for (head = root->children; head && !is_el(head, "head");
	    head = head->next)
		;
	for (n = head ? head->children : NULL; n; n = n->next) {
		rel = is_el(n, "link") ? attr(n, "rel") : NULL;
		if (rel && extract_has_word(rel, "canonical", EXTRACT_TOKEN))
			return attr(n, "href");
	}
	return NULL;
}

/*
 * Whether n, on a page without an <h1> so far, stands for it by the dates
 * beside it: a heading or a line that says the og:title, the site's name
 * after it aside ("Headline | Site").
 */
static bool
says_title(const struct meta *m, xmlNode *n)
{
	const char *og = m->field[EXTRACT_META_TITLE];
	const struct info *i = info_of(n);
	size_t len, k;
	char *t;
	bool same = false;

	if (!og || !i || i->text_len < 10 || i->text_len > strlen(og) ||
	    (!heading_level(n) && !is_el(n, "p") && !is_el(n, "div")))
		return false;
	t = extract_folded_text(n);
	len = strlen(t);
	if (len >= 10 && strncasecmp(og, t, len) == 0) {
		same = !og[len];
		for (k = 0; !same && k < extract_nsite_seps; k++)
			same = strncmp(og + len, extract_site_seps[k],
			    strlen(extract_site_seps[k])) == 0;
	}
	free(t);
	return same;
}

enum walk_act
extract_meta_enter(xmlNode *n, void *ctx)
{
	/* What every word of the byline and date class tables starts with. */
	static const char *const byline_stems[] = { "byline", "author",
		"writer", "contributor", "posted" };
	static const char *const date_stems[] = { "date", "publish", "posted",
		"pubdate", "time", "dateline" };
	struct meta *m = ctx;
	const struct info *i;
	const char *k, *v, *cls;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	m->nelems++;
	if (is_el(n, "html")) {
		set_once(&m->lang, attr(n, "lang"));
		set_once(&m->lang, attr(n, "xml:lang"));
	} else if (is_el(n, "meta")) {
		v = attr(n, "content");
		k = attr(n, "property");
		if (!k || !*k)
			k = attr(n, "name");
		if (!k || !*k)
			k = attr(n, "itemprop");
		if (k && v)
			meta_tag(m, k, v);
		if (k && v && strcasecmp(k, "author") == 0 &&
		    attr(n, "itemprop") && !m->zone)
			extract_names_add(&m->item_authors, v);
		return WALK_SKIP;
	} else if (is_el(n, "link")) {
		v = attr(n, "rel");
		if (v && extract_has_word(v, "canonical", EXTRACT_TOKEN))
			set_once(&m->canonical, attr(n, "href"));
		return WALK_SKIP;
	} else if (is_el(n, "title")) {
		set_text(&m->title_tag, n);
		return WALK_SKIP;
	} else if (is_el(n, "script")) {
		v = attr(n, "type");
		if (v && strcasecmp(v, "application/ld+json") == 0)
			ld_json(m, n);
		return WALK_SKIP;
	} else if (is_el(n, "style") || is_el(n, "svg") ||
	    is_el(n, "template")) {
		return WALK_SKIP;
	}
	if (!m->zone && opens_zone(n))
		m->zone = n;
	if (m->zone)
		return WALK_DESCEND;
	if (m->seen_h1)
		m->after_h1++;
	v = attr(n, "itemprop");
	cls = attr(n, "class");
	if (is_el(n, "h1") || (!m->seen_h1 && says_title(m, n))) {
		/* A date line just above the headline is the article's. */
		if (!m->seen_h1)
			date_line_before(m, NEAR_H1 / 2);
		m->seen_h1 = true;
		if (is_el(n, "h1")) {
			add_head(m, n, true);
			return WALK_SKIP;
		}
	}
	if ((heading_level(n) && extract_has_any_word(cls,
	    extract_headline_classes, extract_nheadline_classes)) ||
	    (v && strcasecmp(v, "headline") == 0)) {
		add_head(m, n, false);
		return WALK_SKIP;
	}
	if (is_el(n, "time")) {
		time_el(m, n);
	} else if (is_el(n, "a")) {
		k = attr(n, "rel");
		if (k && extract_has_word(k, "author", EXTRACT_TOKEN))
			set_text(&m->rel_author, n);
	}
	if (v && strcasecmp(v, "datePublished") == 0) {
		item_date(&m->item_pub, n);
	} else if (v && strcasecmp(v, "dateModified") == 0) {
		item_date(&m->item_mod, n);
	} else if (v && extract_has_word(v, "author", EXTRACT_TOKEN)) {
		item_author(m, n);
	}
	i = info_of(n);
	if (!cls || !i || i->text_len < 3 || i->text_len > 160)
		goto lines;
	if (!m->byline_el && mentions(cls, byline_stems,
	    sizeof(byline_stems) / sizeof(byline_stems[0])) &&
	    extract_has_any_word(cls, extract_byline_words,
	    extract_nbyline_words) && !extract_has_any_word(cls,
	    extract_byline_not_words, extract_nbyline_not_words)) {
		char *b = short_text(n), *name;

		name = b ? extract_byline_name(b) : NULL;
		if (name) {
			m->byline_el = b;
			b = NULL;
		}
		free(name);
		free(b);
	}
	if (!is_el(n, "time") && (!m->text_pub || !m->text_mod) &&
	    mentions(cls, date_stems, sizeof(date_stems) /
	    sizeof(date_stems[0])) && extract_has_any_word(cls,
	    extract_date_classes, extract_ndate_classes))
		text_date(m, n, cls);
lines:
	by_line(m, n);
	if (!m->byline_at && (m->by_line || m->byline_el))
		byline_date(m);
	date_line(m, n);
	return WALK_DESCEND;
}

void
extract_meta_leave(xmlNode *n, void *ctx)
{
	struct meta *m = ctx;

	if (m->zone == n)
		m->zone = NULL;
}

void
extract_meta_release(struct meta *m)
{
	char **f[] = { &m->title_tag, &m->rel_author, &m->byline_el,
		&m->by_line, &m->item_pub, &m->item_mod, &m->time_pub,
		&m->time_mod, &m->text_pub, &m->text_mod, &m->near_pub,
		&m->near_mod, &m->first_pub, &m->line_pub, &m->line_mod,
		&m->canonical,
		&m->lang, &m->label_author, &m->ld_body };
	size_t k;

	for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
		free(*f[k]);
		*f[k] = NULL;
	}
	for (k = 0; k < EXTRACT_META_NFIELDS; k++) {
		free(m->field[k]);
		m->field[k] = NULL;
	}
	for (k = 0; k < META_LD_FIELDS; k++) {
		free(m->ld[k]);
		m->ld[k] = NULL;
	}
	for (k = 0; k < m->nheads; k++)
		free(m->heads[k].text);
	m->nheads = 0;
	extract_names_release(&m->meta_authors);
	extract_names_release(&m->ld_authors);
	extract_names_release(&m->item_authors);
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


#define WORDS_MAX 64
#define HEAD_AGREES 0.5		/* share of its words a reference repeats */
#define H1_AGREES 0.2		/* enough for an <h1> when no heading agrees */
#define CLASSED_DOUBT 0.15	/* a heading by class is less sure than <h1> */

struct words {
	const char *w[WORDS_MAX];
	size_t len[WORDS_MAX];
	size_t n;
};

static bool
word_byte(const unsigned char *p)
{
	return (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' &&
	    (*p | 0x20) <= 'z') || (*p >= 0x80 && !extract_utf8_mark(p));
}

static void
split_words(const char *s, struct words *w)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	size_t m;

	w->n = 0;
	while (*p && w->n < WORDS_MAX) {
		if (!word_byte(p)) {
			m = extract_utf8_mark(p);
			p += m ? m : 1;
			continue;
		}
		for (q = p; *q && word_byte(q); q++)
			;
		w->w[w->n] = (const char *)p;
		w->len[w->n++] = (size_t)(q - p);
		p = q;
	}
}

/*
 * How much heading c and title r say the same: the words they share over
 * the words of both (Dice), so neither a word of the title ("Discord")
 * nor a title inside a longer heading agrees.
 */
static double
agreement(const struct words *c, const char *r)
{
	struct words rw;
	size_t i, j, hit = 0;

	if (!r || c->n == 0)
		return 0;
	split_words(r, &rw);
	for (i = 0; i < c->n; i++)
		for (j = 0; j < rw.n; j++)
			if (c->len[i] == rw.len[j] &&
			    strncasecmp(c->w[i], rw.w[j], c->len[i]) == 0) {
				hit++;
				break;
			}
	return 2.0 * (double)hit / (double)(c->n + rw.n);
}

/*
 * Whether heading h is the shorter end of a title after a separator, the
 * site's or section's name beside the headline: "Island Diary" of "Fares,
 * fares, fares! | Island Diary".  (At the start, a short side is as often
 * the headline: "History of coffee | Origin, Spread, Facts".)
 */
static bool
side_name(const char *h, const char *const *refs, size_t n)
{
	size_t k, hl = strlen(h), rl;
	const char *r;

	for (k = 0; k < n; k++) {
		if (!(r = refs[k]) || (rl = strlen(r)) <= hl)
			continue;
		if (strcasecmp(r + rl - hl, h) == 0 && title_sep_before(r,
		    rl - hl) && extract_count_words(h, hl) <
		    extract_count_words(r, rl - hl) - 1)
			return true;
	}
	return false;
}

/*
 * The heading that is the headline: of the headings that are no logo,
 * the one whose words the page's other titles (og:title, twitter:title,
 * JSON-LD headline, <title>) repeat most, if they repeat enough; the
 * first <h1> when the page has no other title.
 */
static const struct meta_head *
pick_head(const struct meta *m, const char *site)
{
	const char *refs[] = { m->field[EXTRACT_META_TITLE],
		m->field[EXTRACT_META_TW_TITLE], m->ld[META_LD_HEADLINE],
		m->title_tag };
	const struct meta_head *best = NULL, *best_h1 = NULL, *first = NULL;
	const struct meta_head *h;
	struct words w;
	double a, ra, best_a = 0, h1_a = 0;
	size_t k, r, nrefs = 0;

	for (r = 0; r < sizeof(refs) / sizeof(refs[0]); r++)
		nrefs += refs[r] != NULL;
	for (k = 0; k < m->nheads; k++) {
		h = &m->heads[k];
		if (h->logo || (site && strcasecmp(h->text, site) == 0) ||
		    side_name(h->text, refs, sizeof(refs) / sizeof(refs[0])))
			continue;
		if (h->h1 && !first)
			first = h;
		split_words(h->text, &w);
		for (r = 0, a = 0; r < sizeof(refs) / sizeof(refs[0]); r++) {
			ra = agreement(&w, refs[r]);
			if (ra > a)
				a = ra;
		}
		if (h->h1 && a > h1_a) {
			best_h1 = h;
			h1_a = a;
		}
		if (!h->h1)
			a -= CLASSED_DOUBT;
		if (a > best_a) {
			best = h;
			best_a = a;
		}
	}
	if (best && best_a >= HEAD_AGREES)
		return best;
	/* A headline the social title rewrites still shares some words. */
	if (best_h1 && h1_a >= H1_AGREES)
		return best_h1;
	return nrefs ? NULL : first;
}

#define PIPE_TAIL_WORDS 4	/* "| Opinion", "| Top 19 Companies" */

/*
 * A headline without the short names a bar sets beside it ("Headline |
 * Opinion", "Headline | Section | Site"); a long part after a bar is the
 * headline's own.  t is kept or freed.
 */
static char *
drop_pipe_tail(char *t)
{
	char *bar;

	while ((bar = strrchr(t, '|')) != NULL && bar > t &&
	    bar[-1] == ' ' && bar[1] == ' ' &&
	    extract_count_words(bar + 1, strlen(bar + 1)) <= PIPE_TAIL_WORDS &&
	    extract_count_words(t, (size_t)(bar - t)) >= 2) {
		while (bar > t && bar[-1] == ' ')
			bar--;
		*bar = '\0';
	}
	return t;
}

static char *
choose_title(struct meta *m, const char *site)
{
	const struct meta_head *h = pick_head(m, site);
	const char *t;
	char *title;
	size_t k;

	if (h)
		return drop_site_suffix(drop_pipe_tail(xstrdup(h->text)),
		    site ? site : "");
	t = first_of(m->field[EXTRACT_META_TITLE], m->ld[META_LD_HEADLINE],
	    m->title_tag, m->field[EXTRACT_META_TW_TITLE]);
	if (!t)
		return NULL;
	title = strip_site(t, site);
	if (site)
		title = drop_site_prefix(title, site);
	title = drop_site_suffix(title, site ? site : "");
	for (k = 0; k < m->nheads && *title; k++)
		if (!m->heads[k].logo)
			title = title_side(title, m->heads[k].text);
	if (!*title) {
		free(title);
		return NULL;
	}
	return title;
}

/* The names of list l, each cleaned as a byline, joined; or NULL. */
static char *
names_of(const struct extract_names *l)
{
	struct extract_names clean = { { NULL }, 0 };
	char *name, *s;
	size_t k;

	for (k = 0; k < l->n; k++) {
		name = extract_byline_name(l->v[k]);
		if (name)
			extract_names_add(&clean, name);
		free(name);
	}
	s = extract_names_join(&clean);
	extract_names_release(&clean);
	return s;
}

/*
 * Keeps by as the byline unless it is only the site's name, which the
 * site's software fills in for the publisher, or a group's: that is kept
 * aside in *site_by for a page that names no one else.  Whether the byline
 * is settled.
 */
static bool
settle(char **out, char *by, const char *site, char **site_by)
{
	if (!by)
		return false;
	if ((site && strcasecmp(by, site) == 0) || extract_team_name(by)) {
		if (!*site_by)
			*site_by = by;
		else
			free(by);
		return false;
	}
	*out = by;
	return true;
}

/*
 * The authors: the article's JSON-LD, the head's <meta>, then what the
 * page shows (itemprop, rel=author, a byline's class, a "By" line), then
 * the JSON-LD of the web page around it; the site's own name only when
 * nothing else names an author (a personal site, a company's post).
 */
static char *
choose_byline(struct meta *m, const char *site)
{
	const char *text[] = { m->label_author, m->rel_author, m->byline_el,
		m->by_line };
	char *by = NULL, *site_by = NULL;
	size_t k;

	if (m->ld_author_rank <= META_LD_RANK_WORK &&
	    settle(&by, names_of(&m->ld_authors), site, &site_by))
		goto out;
	if (settle(&by, names_of(&m->meta_authors), site, &site_by))
		goto out;
	for (k = 0; k < sizeof(text) / sizeof(text[0]); k++) {
		if (k == 1 && settle(&by, names_of(&m->item_authors), site,
		    &site_by))
			goto out;
		if (text[k] && settle(&by, extract_byline_name(text[k]), site,
		    &site_by))
			goto out;
	}
	if (settle(&by, names_of(&m->ld_authors), site, &site_by))
		goto out;
	by = site_by;
	site_by = NULL;
out:
	free(site_by);
	return by;
}

/*
 * The first of n sources that holds a whole date, normalised; a month
 * ("2026-12") only when none does.
 */
static char *
choose_date(const char *const *src, size_t n, bool day_first)
{
	char out[EXTRACT_DATE_LEN + 1], month[EXTRACT_DATE_LEN + 1] = "";
	enum extract_date_precision p;
	size_t k;

	for (k = 0; k < n; k++) {
		if (!src[k])
			continue;
		p = extract_date(src[k], day_first, out);
		if (p >= EXTRACT_DATE_DAY)
			return xstrdup(out);
		if (p == EXTRACT_DATE_MONTH && !month[0])
			memcpy(month, out, sizeof(month));
	}
	return month[0] ? xstrdup(month) : NULL;
}

/* A source of the publication date and how much its word weighs. */
struct date_vote {
	const char *s;
	double weight;
};

#define VOTES_MAX 16

/* Days since 1970-01-01 of "YYYY-MM-DD" (the proleptic Gregorian count). */
static long
day_number(const char *d)
{
	int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
	long era;
	unsigned yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1);
	return era * 146097 + (long)(yoe * 365 + yoe / 4 - yoe / 100 + doy) -
	    719468;
}

/*
 * Which neighbour day a UTC instant may be on the page's own calendar:
 * -1 early in the UTC day (the Americas' evening before), +1 late (Asia's
 * next morning), 0 when it says its zone or is no instant.
 */
static int
utc_side(const char *iso)
{
	int h;

	if (strlen(iso) < 20 || iso[10] != 'T' ||
	    (strcmp(iso + 19, "Z") != 0 && strcmp(iso + 19, "+00:00") != 0))
		return 0;
	h = atoi(iso + 11);
	return h < 10 ? -1 : h >= 14 ? 1 : 0;
}

/*
 * The publication date most of the page's sources agree on, by day:
 * JSON-LD and the head's <meta> weigh most, then a date in the URL, the
 * page's microdata and <time>, then dates the page writes near its
 * headline; the first source of the winning day gives its form.  A UTC
 * instant also backs the day beside it that a page in another zone shows.
 */
static char *
vote_date(const struct date_vote *v, size_t n, bool dmy)
{
	char out[VOTES_MAX][EXTRACT_DATE_LEN + 1];
	long day[VOTES_MAX];
	int side[VOTES_MAX];
	double score;
	size_t k, j, best = n;
	double best_score = 0;

	if (n > VOTES_MAX)
		n = VOTES_MAX;
	for (k = 0; k < n; k++) {
		if (!v[k].s || extract_date(v[k].s, dmy, out[k]) <
		    EXTRACT_DATE_DAY)
			out[k][0] = '\0';
		day[k] = out[k][0] ? day_number(out[k]) : 0;
		side[k] = out[k][0] ? utc_side(out[k]) : 0;
	}
	for (k = 0; k < n; k++) {
		if (!out[k][0])
			continue;
		for (j = 0, score = 0; j < n; j++)
			if (out[j][0] && (day[j] == day[k] || (side[j] &&
			    day[j] + side[j] == day[k])))
				score += v[j].weight;
		if (best == n || score > best_score + 1e-9) {
			best = k;
			best_score = score;
		}
	}
	for (k = 0; best == n && k < n; k++)
		if (v[k].s && extract_date(v[k].s, dmy, out[k]) ==
		    EXTRACT_DATE_MONTH)
			best = k;
	return best < n ? xstrdup(out[best]) : NULL;
}

/*
 * Whether the page's language writes all-numeric dates day first: all but
 * American English (and a page that names no language).
 */
static bool
day_first(const char *lang)
{
	static const char *const dmy_en[] = { "en-gb", "en-au", "en-nz",
		"en-ie", "en-in", "en-za", "en_gb", "en_au" };
	size_t k;

	if (!lang || !*lang)
		return false;
	if (strncasecmp(lang, "en", 2) != 0 || (lang[2] && lang[2] != '-' &&
	    lang[2] != '_'))
		return true;
	for (k = 0; k < sizeof(dmy_en) / sizeof(dmy_en[0]); k++)
		if (strncasecmp(lang, dmy_en[k], 5) == 0)
			return true;
	return false;
}

/* The date a URL of the page spells, as a source string, or NULL. */
static const char *
url_date(const char *url, char out[EXTRACT_DATE_LEN + 1])
{
	return extract_url_date(url, out) ? out : NULL;
}

/* The weight of a date the page writes: more when it says "Published". */
static double
said_published(const char *t)
{
	return t && extract_label_len(t, extract_published_labels,
	    extract_npublished_labels) ? 1.5 : 1;
}

/* One trace line per date source, for rule work (CLIPSEAL_EXTRACT_DEBUG). */
static void
debug_dates(const struct meta *m, const struct date_vote *v, size_t n)
{
	static const char *const name[] = { "ld", "meta", "item", "time",
		"url", "ld-url", "og-url", "canon-url", "text", "near",
		"first" };
	const char *mod[] = { m->ld[META_LD_MODIFIED],
		m->field[EXTRACT_META_MODIFIED], m->item_mod, m->time_mod,
		m->text_mod, m->near_mod };
	char out[EXTRACT_DATE_LEN + 1];
	size_t k;

	for (k = 0; k < n && k < sizeof(name) / sizeof(name[0]); k++) {
		if (!v[k].s)
			continue;
		if (extract_date(v[k].s, false, out) == EXTRACT_DATE_NONE)
			out[0] = '\0';
		fprintf(stderr, "extract: date pub %s %s %.60s\n", name[k],
		    out[0] ? out : "-", v[k].s);
	}
	for (k = 0; k < sizeof(mod) / sizeof(mod[0]); k++) {
		if (!mod[k])
			continue;
		if (extract_date(mod[k], false, out) == EXTRACT_DATE_NONE)
			out[0] = '\0';
		fprintf(stderr, "extract: date mod %s %s %.60s\n",
		    name[k < 4 ? k : k + 4], out[0] ? out : "-", mod[k]);
	}
}

/*
 * Whether date line t gives its day plainly, into out: one reading only
 * ("08/12/2021" is two), and no label but a published one ("Last
 * checked: ..." dates something else).
 */
static bool
plain_date_line(const char *t, bool dmy, char out[EXTRACT_DATE_LEN + 1])
{
	char other[EXTRACT_DATE_LEN + 1];
	const char *colon, *digit;

	if (!t || extract_date(t, dmy, out) < EXTRACT_DATE_DAY ||
	    extract_date(t, !dmy, other) < EXTRACT_DATE_DAY ||
	    strcmp(out, other) != 0)
		return false;
	colon = strchr(t, ':');
	digit = strpbrk(t, "0123456789");
	return !colon || (digit && digit < colon) || extract_label_len(t,
	    extract_published_labels, extract_npublished_labels);
}

/* The publication date, by vote of the page's sources. */
static char *
published_of(struct meta *m, const char *base, bool dmy)
{
	char u[4][EXTRACT_DATE_LEN + 1];
	const struct date_vote pub[] = {
		{ m->ld[META_LD_PUBLISHED], 2 },
		{ m->field[EXTRACT_META_PUBLISHED], 2 },
		{ m->item_pub, 1 }, { m->time_pub, 1 },
		{ url_date(base, u[0]), 1.5 },
		{ url_date(m->ld[META_LD_URL], u[1]), 1.5 },
		{ url_date(m->field[EXTRACT_META_URL], u[2]), 1.5 },
		{ url_date(m->canonical, u[3]), 1.5 },
		{ m->text_pub, said_published(m->text_pub) },
		{ m->near_pub && (!m->text_pub || strcmp(m->near_pub,
		    m->text_pub)) ? m->near_pub : NULL,
		    said_published(m->near_pub) },
		{ m->first_pub, 3 },
	};
	const char *shown[] = { m->line_pub, m->near_mod, m->text_mod,
		m->line_mod };
	char line[EXTRACT_DATE_LEN + 1], *d;

	if (extract_debugging())
		debug_dates(m, pub, sizeof(pub) / sizeof(pub[0]));
	d = vote_date(pub, sizeof(pub) / sizeof(pub[0]), dmy);
	/*
	 * The date line by the headline, when earlier than the sources' day:
	 * a head's machine date later than the one the article shows is its
	 * re-issue (a move to a new system, a republication), not its first
	 * publication.
	 */
	if (d && strlen(d) >= 10 && plain_date_line(m->near_pub, dmy, line) &&
	    day_number(line) < day_number(d)) {
		free(d);
		d = xstrdup(line);
	}
	/*
	 * Else a line far from the headline that says it was posted; else a
	 * page that shows only when it was updated dates its text by that
	 * day (a machine-only modified time, a rebuild or re-crawl, does not).
	 */
	if (!d)
		d = choose_date(shown, sizeof(shown) / sizeof(shown[0]), dmy);
	return d;
}

void
extract_fill_meta(struct article *a, struct meta *m, const char *base)
{
	/* A logo <h1> the <title> repeats names the site. */
	const char *logo = m->nheads && m->heads[0].logo && m->title_tag &&
	    strcasestr_ascii(m->title_tag, m->heads[0].text) ?
	    m->heads[0].text : NULL;
	const char *site = first_of(m->field[EXTRACT_META_SITE],
	    m->ld[META_LD_PUBLISHER], m->field[EXTRACT_META_APP_NAME], logo);
	bool dmy = day_first(m->lang);
	const char *mod[] = { m->ld[META_LD_MODIFIED],
		m->field[EXTRACT_META_MODIFIED], m->item_mod, m->time_mod,
		m->text_mod, m->near_mod };
	const char *d;

	/* A page without an <h1>: its last date line. */
	if (!m->seen_h1)
		date_line_before(m, (size_t)-1);
	a->title = choose_title(m, site);
	a->byline = choose_byline(m, site);
	if (site)
		a->site_name = xstrdup(site);
	a->published = published_of(m, base, dmy);
	a->modified = choose_date(mod, sizeof(mod) / sizeof(mod[0]), dmy);
	if (m->lang)
		a->lang = xstrdup(m->lang);
	a->canonical = extract_abs_url(m->canonical, base);
	d = first_of(m->field[EXTRACT_META_OG_DESCRIPTION],
	    m->field[EXTRACT_META_DESCRIPTION], NULL, NULL);
	if (d)
		a->description = xstrdup(d);
	a->image = extract_abs_url(m->field[EXTRACT_META_IMAGE], base);
}
