/*
 * thread: readers' comment threads known by what they are rather than by
 * their class names.  One walk reads the page as lines (the text between
 * block edges and <br>s) and gives every element its figures: a line with
 * a time stamp and a name beside it, a line of actions on one item
 * ("Reply", "Quote | Report"), a posting form, a line announcing the
 * readers' contributions or standing in for them ("Be the first to
 * comment"), a moderation notice, and the prose read before it.  On the
 * way up it notes the runs of look-alike siblings that carry bylines or
 * actions, and the least elements holding a byline and replies.
 *
 * The phrase pass asks how far the section a lead line opens goes
 * (extract_thread_section); extract_remove_threads() then takes what no
 * lead announced: a run followed by a posting form or, with actions of
 * its items, after the article; items above a posting form; a lone item
 * with its replies after the article.  Each grows over the furniture
 * beside it and, while it fills its parent, over the parent's siblings.
 * All of it is linear in the page: one walk, then a budget of siblings
 * the regions may look at.
 */

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "internal.h"
#include "xalloc.h"

#define LINE_CAP 512		/* bytes of a line kept for reading */
#define STAMP_MAX 120		/* longest line read as a byline */
#define NOTICE_MAX 400		/* longest line read as a lead or notice */
#define LEAD_WORDS 8		/* most words of a lead line */
#define STEM_LEAD_WORDS 4	/* ... of one known by a thread stem */
#define ACTION_WORDS 6		/* most words of a line of item actions */
#define PLACEHOLDER_WORDS 16	/* most words of a placeholder line */
#define NOTICE_WORDS 70		/* most words of a moderation notice */
#define PROSE_MIN 15		/* least own text of an item */
#define SINGLE_MAX 3000		/* most own text of a lone item */
#define FURN_SLACK 12		/* other text furniture may hold */
#define FORM_TEXT_MAX 1200	/* most text of a posting form: labels, terms */
#define BODY_MIN 400		/* prose before a thread that sits after one */
#define FORUM_BEFORE 150	/* most prose before a thread that is a page */
#define SECTION_P_MAX 200	/* paragraphs in a placeholder's section */
#define PERIOD_MAX 4		/* most siblings of one item */
#define CLIMB_MAX 8		/* most levels a thread climbs */

/* An element's figures, beside its struct info. */
struct tnode {
	uint32_t len;		/* text, as its lines read */
	uint32_t furn;		/* of it, lines of thread furniture */
	uint32_t before;	/* prose before it in document order */
	uint16_t self;		/* THREAD_* of its own lines */
	uint16_t below;		/* THREAD_* of its lines and those below */
};

#define LONE (THREAD_NAMED | THREAD_REPLY)
#define FURNITURE (THREAD_STAMP | THREAD_NAMED | THREAD_ACTION | THREAD_FORM | \
	THREAD_LEAD | THREAD_NOTICE)

/* Runs of look-alike siblings carrying bylines or item actions. */
struct trun {
	xmlNode *first, *last;
	unsigned items;
	unsigned actions;	/* of them, items with actions */
};

struct threads {
	struct tnode *v;
	const struct info *base;
	size_t n;
	struct trun *runs;
	size_t nruns, runcap;
	xmlNode **forms;	/* elements holding a textarea */
	size_t nforms, formcap;
	xmlNode **singles;	/* least elements with a byline and replies */
	size_t nsingles, singlecap;
	/*
	 * Siblings the regions and sections may still look at: a page full
	 * of lone leads or runs that are no threads costs linear time.
	 */
	size_t budget;
	size_t leading;		/* text of threads that open the page */
	/* The walk. */
	xmlNode **own;		/* open blocks: the innermost owns the line */
	size_t nown, owncap;
	char line[LINE_CAP];
	size_t line_n, line_len, line_link;
	bool line_space, line_links, line_hash, line_digit;
	int in_link;
	uint32_t prose;
	/* The children of one element, for the run scan. */
	xmlNode **kids;
	uint16_t *sigs;
	bool *claimed;
	size_t kidcap;
};

static struct tnode *
tnode_of(const struct threads *t, const xmlNode *n)
{
	const struct info *i = info_of(n);

	if (!t || !i || i < t->base || (size_t)(i - t->base) >= t->n)
		return NULL;
	return &t->v[i - t->base];
}

unsigned
extract_thread_flags(const struct threads *t, const xmlNode *n)
{
	const struct tnode *tn = tnode_of(t, n);

	return tn ? tn->below : 0;
}

/* Text of n that is no thread furniture. */
static size_t
prose_of(const struct threads *t, const xmlNode *n)
{
	const struct tnode *tn = tnode_of(t, n);

	return tn && tn->len > tn->furn ? tn->len - tn->furn : 0;
}

/*
 * Whether n holds no text of the page: what the tag rules drop unlogged
 * (scripts, styles), and a select's options.
 */
static bool
skipped(const xmlNode *n)
{
	const char *name = NAME(n);
	size_t k;

	for (k = 0; k < extract_ntag_rules; k++)
		if (!extract_tag_rules[k].log &&
		    extract_tag_rules[k].tag[0] == name[0] &&
		    strcmp(name, extract_tag_rules[k].tag) == 0)
			return true;
	return is_el(n, "select");
}

/* A shape: tag, then class (or id) with its digits left out. */
static uint16_t
shape(const xmlNode *n)
{
	const char *s = attr(n, "class");
	uint32_t h = 2166136261u;
	const char *p;

	if (!s || !*s)
		s = attr(n, "id");
	for (p = NAME(n); *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ '.') * 16777619u;
	for (p = s ? s : ""; *p; p++)
		if (!isdigit((unsigned char)*p))
			h = (h ^ (unsigned char)*p) * 16777619u;
	return (uint16_t)(h ^ (h >> 16));
}

static size_t stem_len(size_t k);

/* Whether the word at w opens with a thread stem. */
static bool
stem_at(const char *w)
{
	size_t k;

	for (k = 0; k < extract_nthread_stems; k++)
		if (w[0] == extract_thread_stems[k][0] &&
		    strncmp(w, extract_thread_stems[k], stem_len(k)) == 0)
			return true;
	return false;
}

/* The words of a normalised line: where each starts. */
#define WORDS_MAX (NOTICE_WORDS + 1)	/* WORDS_MAX words: that many or more */

struct words {
	const char *at[WORDS_MAX];
	size_t n;
};

static void
split_words(const char *norm, struct words *ws)
{
	const char *w;

	ws->n = 0;
	for (w = norm; *w && ws->n < WORDS_MAX; w++)
		if (*w != ' ' && (w == norm || w[-1] == ' '))
			ws->at[ws->n++] = w;
}

static bool stem_first[256];	/* bytes a thread stem opens with */

/* Whether a word of the line opens with a thread stem. */
static bool
stem_word(const struct words *ws)
{
	size_t k;

	for (k = 0; k < ws->n; k++)
		if (stem_first[(unsigned char)ws->at[k][0]] &&
		    stem_at(ws->at[k]))
			return true;
	return false;
}

/* Whether norm opens with the n bytes of text, then ends or goes on. */
static bool
opens_with(const char *norm, const char *text, size_t n)
{
	return strncmp(norm, text, n) == 0 &&
	    (norm[n] == '\0' || norm[n] == ' ');
}

/* Where the n bytes of part open a word of s: the byte after; or NULL. */
static const char *
word_at(const char *s, const char *part, size_t n)
{
	const char *p;

	for (p = s; *p; p++)
		if ((p == s || p[-1] == ' ') && strncmp(p, part, n) == 0)
			return p + n;
	return NULL;
}

/* Whether norm holds the '*'-separated parts of pat in order, at words. */
static bool
holds_parts(const char *norm, const char *pat)
{
	const char *star;
	size_t n;

	for (; *pat; pat += n + (star != NULL)) {
		star = strchr(pat, '*');
		n = star ? (size_t)(star - pat) : strlen(pat);
		if (n == 0 || (norm = word_at(norm, pat, n)) == NULL)
			return false;
	}
	return true;
}

/*
 * The thread phrases and the date words by their first byte, so a word is
 * held against the few that could match it, not against all of them.
 */
#define INDEX_SLOTS 1024	/* entries indexed; more than either table */
#define STEM_SLOTS 64		/* stems measured; more than the table */

struct byte_index {
	uint16_t at[257];	/* of byte c: ix[at[c]] to ix[at[c + 1]] */
	uint16_t ix[INDEX_SLOTS];
	uint8_t len[INDEX_SLOTS];	/* of the entry's text */
};

/* Leads, placeholders, the words of action lines, moderation words. */
enum { BY_LEAD, BY_PLACEHOLDER, BY_ACTION, BY_MODERATION, BY_ROLES };

static struct byte_index by_role[BY_ROLES], by_date;
static uint8_t stem_lens[STEM_SLOTS];
static once_flag index_once = ONCE_FLAG_INIT;

static size_t
role_slot(enum extract_thread_role role)
{
	switch (role) {
	case EXTRACT_THREAD_LEAD:
		return BY_LEAD;
	case EXTRACT_THREAD_PLACEHOLDER:
		return BY_PLACEHOLDER;
	case EXTRACT_THREAD_MODERATION:
		return BY_MODERATION;
	default:
		return BY_ACTION;
	}
}

/* The text of table entry k when it belongs in index slot, or NULL. */
static const char *
phrase_in(size_t k, size_t slot)
{
	const struct extract_thread_phrase *p = &extract_thread_phrases[k];

	return role_slot(p->role) == slot ? p->text : NULL;
}

static const char *
date_in(size_t k, size_t slot)
{
	(void)slot;
	return extract_date_words[k].word;
}

/* A counting sort of the n entries of slot by their first byte. */
static void
index_by_byte(struct byte_index *x, size_t n,
    const char *(*text)(size_t, size_t), size_t slot)
{
	unsigned c, fill[256] = { 0 };
	const char *s;
	size_t k;

	if (n > INDEX_SLOTS)
		n = INDEX_SLOTS;
	for (k = 0; k < n; k++)
		if ((s = text(k, slot)) != NULL)
			x->at[(unsigned char)s[0] + 1]++;
	for (c = 1; c <= 256; c++)
		x->at[c] += x->at[c - 1];
	for (k = 0; k < n; k++) {
		if ((s = text(k, slot)) == NULL)
			continue;
		c = (unsigned char)s[0];
		x->len[x->at[c] + fill[c]] = (uint8_t)strnlen(s, 255);
		x->ix[x->at[c] + fill[c]++] = (uint16_t)k;
	}
}

static void
build_indexes(void)
{
	size_t k;

	for (k = 0; k < BY_ROLES; k++)
		index_by_byte(&by_role[k], extract_nthread_phrases, phrase_in,
		    k);
	index_by_byte(&by_date, extract_ndate_words, date_in, 0);
	for (k = 0; k < extract_nthread_stems && k < STEM_SLOTS; k++) {
		stem_lens[k] = (uint8_t)strnlen(extract_thread_stems[k], 255);
		stem_first[(unsigned char)extract_thread_stems[k][0]] = true;
	}
}

static size_t
stem_len(size_t k)
{
	call_once(&index_once, build_indexes);
	return k < STEM_SLOTS ? stem_lens[k] : strlen(extract_thread_stems[k]);
}

/* Whether pat's first part opens the word at w and its others follow. */
static bool
parts_at(const char *w, const char *pat)
{
	const char *star = strchr(pat, '*');
	size_t n = star ? (size_t)(star - pat) : strlen(pat);

	if (strncmp(w, pat, n) != 0)
		return false;
	return !star || holds_parts(w + n, star + 1);
}

/*
 * The phrase of role that norm matches, or NULL: a lead opens the line, a
 * placeholder's parts start at one of its words, a moderation word opens
 * one of its words.
 */
static const char *
thread_phrase(const struct words *ws, enum extract_thread_role role)
{
	const struct byte_index *ix = &by_role[role_slot(role)];
	const struct extract_thread_phrase *p;
	const char *w;
	size_t k;
	unsigned x;

	call_once(&index_once, build_indexes);
	for (k = 0; k < ws->n; k++) {
		w = ws->at[k];
		for (x = ix->at[(unsigned char)*w];
		    x < ix->at[(unsigned char)*w + 1]; x++) {
			p = &extract_thread_phrases[ix->ix[x]];
			if (p->role != role)
				continue;
			if (role == EXTRACT_THREAD_LEAD ?
			    opens_with(w, p->text, ix->len[x]) :
			    role == EXTRACT_THREAD_PLACEHOLDER ?
			    parts_at(w, p->text) :
			    strncmp(w, p->text, ix->len[x]) == 0)
				return p->text;
		}
	}
	return NULL;
}

/*
 * Whether norm is a line of item actions: it opens with an action and
 * holds nothing else but actions, fillers and thread stems ("quote report
 * this post"); *reply: an action answers or reports the item.
 */
static bool
action_line(const char *norm, bool *reply)
{
	const struct extract_thread_phrase *p, *best;
	const char *w = norm;
	size_t n, bn;
	unsigned x;
	bool any = false;

	call_once(&index_once, build_indexes);
	*reply = false;
	while (*w) {
		best = NULL;
		bn = 0;
		for (x = by_role[BY_ACTION].at[(unsigned char)*w];
		    x < by_role[BY_ACTION].at[(unsigned char)*w + 1]; x++) {
			p = &extract_thread_phrases[by_role[BY_ACTION].ix[x]];
			n = by_role[BY_ACTION].len[x];
			if (!opens_with(w, p->text, n))
				continue;
			if (n > bn) {
				best = p;
				bn = n;
			}
		}
		if (best && best->role != EXTRACT_THREAD_FILLER) {
			any = true;
			*reply = *reply || best->role == EXTRACT_THREAD_REPLY;
		} else if (!any || (!best && !stem_at(w))) {
			return false;
		}
		if (!best)
			for (bn = 0; w[bn] && w[bn] != ' '; bn++)
				;
		w += bn;
		while (*w == ' ')
			w++;
	}
	return any;
}

/* What a word of a date line is. */
enum date_kind {
	WORD_OTHER,
	WORD_DATE,		/* a date word: "tuesday", "at", "updated" */
	WORD_MONTH,		/* "march", "märz", "марта" */
	WORD_AGO		/* "ago" */
};

/* What token p[0..n) is in a date. */
static enum date_kind
date_kind(const char *p, size_t n)
{
	char raw[32], low[40];
	const struct extract_date_word *d;
	unsigned x;

	if (n >= sizeof(raw))
		return WORD_OTHER;
	memcpy(raw, p, n);
	raw[n] = '\0';
	extract_norm_phrase(raw, low, sizeof(low));
	if (extract_month_of(low, strlen(low)))
		return WORD_MONTH;
	call_once(&index_once, build_indexes);
	for (x = by_date.at[(unsigned char)low[0]];
	    x < by_date.at[(unsigned char)low[0] + 1]; x++) {
		d = &extract_date_words[by_date.ix[x]];
		if (strcmp(low, d->word) == 0)
			return d->role == EXTRACT_DATE_AGO ? WORD_AGO :
			    WORD_DATE;
	}
	return WORD_OTHER;
}

/* Length of a separator in a date (NBSP, middle dot, U+2000-U+206F). */
static size_t
sep_len(const unsigned char *p)
{
	if (p[0] == 0xc2 && (p[1] == 0xa0 || p[1] == 0xb7))
		return 2;
	if (p[0] == 0xe2 && (p[1] == 0x80 || p[1] == 0x81) && p[2] >= 0x80)
		return 3;
	return 0;
}

struct token {
	const char *p;
	size_t n;
	bool num;
	char after;		/* the byte after it */
};

/* Splits s into words and numbers (a number is a run of digits). */
static size_t
tokenize(const char *s, struct token *tk, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	size_t nt = 0, sl;
	bool num;

	while (*p && nt < cap) {
		if ((sl = sep_len(p)) != 0) {
			p += sl;
			continue;
		}
		if (*p < 0x80 && !isalnum(*p)) {
			p++;
			continue;
		}
		num = isdigit(*p) != 0;
		for (q = p; *q && (num ? isdigit(*q) != 0 :
		    (isalpha(*q) || (*q >= 0x80 && !sep_len(q)))); q++)
			;
		tk[nt].p = (const char *)p;
		tk[nt].n = (size_t)(q - p);
		tk[nt].num = num;
		tk[nt].after = (char)*q;
		nt++;
		p = q;
	}
	return nt;
}

/*
 * Whether the line s is a time stamp: a clock time ("10:14", "9:35am"), a
 * numeric date ("10/01/2008", "2008-01-09"), a month beside a number ("3
 * May", "January 14, 2008") or "3 hours ago"; *named: some other word
 * stands beside it, as a person's name or handle does.
 */
static bool
time_stamp(const char *s, bool *named)
{
	struct token tk[24];
	size_t nt = tokenize(s, tk, sizeof(tk) / sizeof(tk[0])), k, other = 0;
	bool stamp = false;
	enum date_kind kind;

	for (k = 0; k < nt && !stamp; k++) {
		const struct token *t = &tk[k];
		bool beside = (k > 0 && tk[k - 1].num && tk[k - 1].n <= 4) ||
		    (k + 1 < nt && tk[k + 1].num && tk[k + 1].n <= 4);

		if (t->num) {
			if (t->n <= 2 && t->after == ':' && k + 1 < nt &&
			    tk[k + 1].num && tk[k + 1].n == 2)
				stamp = true;
			if (k + 2 < nt && tk[k + 1].num && tk[k + 2].num &&
			    (t->after == '/' || t->after == '.' ||
			    t->after == '-') && tk[k + 1].after == t->after &&
			    tk[k + 1].n <= 2 && (t->n == 4 ||
			    tk[k + 2].n == 4 ||
			    (t->after == '/' && tk[k + 2].n == 2)))
				stamp = true;
			continue;
		}
		/* Only words beside a number can make the date: "3 May". */
		if (!beside && !(k >= 2 && tk[k - 2].num))
			continue;
		kind = date_kind(t->p, t->n);
		stamp = (kind == WORD_MONTH && beside) ||
		    (kind == WORD_AGO && k >= 2 && tk[k - 2].num);
	}
	/* Then a name: a word that is no date word nor a time zone. */
	for (k = 0; stamp && k < nt && !other; k++) {
		const struct token *t = &tk[k];
		size_t u = 0, m;

		if (t->num || t->n < 2 || date_kind(t->p, t->n) != WORD_OTHER)
			continue;
		for (m = 0; m < t->n; m++)
			u += t->p[m] >= 'A' && t->p[m] <= 'Z';
		if (t->n > 4 || u != t->n)	/* not EST, UTC */
			other++;
	}
	*named = stamp && other > 0;
	return stamp;
}

/*
 * The thread stem a word of line s opens with, or NULL; *counted: a
 * number stands beside that word ("3 Comments", "Comments (3)").
 */
static const char *
stem_of(const char *s, bool *counted)
{
	struct token tk[24];
	char low[64];
	size_t nt = tokenize(s, tk, sizeof(tk) / sizeof(tk[0])), k, j, n;

	*counted = false;
	for (k = 0; k < nt; k++) {
		if (tk[k].num || tk[k].n >= sizeof(low) / 2)
			continue;
		memcpy(low, tk[k].p, tk[k].n);
		low[tk[k].n] = '\0';
		extract_norm_phrase(low, low + sizeof(low) / 2,
		    sizeof(low) / 2);
		for (j = 0; j < extract_nthread_stems; j++) {
			n = stem_len(j);
			if (strncmp(low + sizeof(low) / 2,
			    extract_thread_stems[j], n) != 0)
				continue;
			*counted = (k > 0 && tk[k - 1].num) ||
			    (k + 1 < nt && tk[k + 1].num);
			return extract_thread_stems[j];
		}
	}
	return NULL;
}

/* A line to read: its text folded, and what its markup says. */
struct line {
	const char *text;
	size_t len, link;
	bool links, hash, digit;
};

/*
 * What line l says, THREAD_*; *what: the lead's phrase or stem, for the
 * removal log.
 */
static unsigned
read_line(const struct line *l, const char **what)
{
	char norm[LINE_CAP * 2];
	struct words ws;
	const char *w = NULL, *e;
	unsigned f = 0;
	bool named, reply, stem, dense = l->link * 2 >= l->len;

	if (l->len <= STAMP_MAX && l->digit && time_stamp(l->text, &named))
		f |= THREAD_STAMP | (named ? THREAD_NAMED : 0);
	extract_norm_phrase(l->text, norm, sizeof(norm));
	split_words(norm, &ws);
	if (ws.n == 0)
		return f;
	if (l->links && dense && ws.n <= ACTION_WORDS &&
	    action_line(norm, &reply))
		f |= THREAD_ACTION | (reply ? THREAD_REPLY : 0);
	if (l->hash && (f & THREAD_STAMP))
		f |= THREAD_ACTION;	/* a permalink to the item */
	if ((f & (THREAD_STAMP | THREAD_ACTION)) || ws.n > NOTICE_WORDS)
		return f;
	call_once(&index_once, build_indexes);
	stem = stem_word(&ws);
	/*
	 * A lead announces: a count ("{ 12 comments... add one }") or a
	 * question to the reader, or a short line of its own; a short line
	 * with a link in it ("Posted in: News | comments") leads elsewhere.
	 */
	if (ws.n <= LEAD_WORDS && !dense) {
		bool counted = false, ask = l->len &&
		    l->text[l->len - 1] == '?';
		struct words first = { { ws.at[0] }, 1 };
		const char *st = stem ? stem_of(l->text, &counted) : NULL;

		/* Past a few words, a line ending a sentence is prose. */
		bool said = ws.n > STEM_LEAD_WORDS && l->len &&
		    (l->text[l->len - 1] == '.' || l->text[l->len - 1] == '!');

		if (st && !said && (counted || ask ||
		    (ws.n <= STEM_LEAD_WORDS && !l->links))) {
			w = st;
			f |= THREAD_LEAD | (counted || ask ? THREAD_STRONG : 0);
		} else if (!l->links &&
		    (w = thread_phrase(&first, EXTRACT_THREAD_LEAD)) != NULL) {
			f |= THREAD_LEAD | (ask ? THREAD_STRONG : 0);
		}
	}
	if (ws.n <= PLACEHOLDER_WORDS &&
	    (e = thread_phrase(&ws, EXTRACT_THREAD_PLACEHOLDER)) != NULL) {
		f |= THREAD_LEAD | THREAD_STRONG;
		w = e;
	}
	if (!f && stem && thread_phrase(&ws, EXTRACT_THREAD_MODERATION))
		f |= THREAD_NOTICE;
	if (what)
		*what = w;
	return f;
}

/* Ends the line being read: its figures go to the block that owns it. */
static void
end_line(struct threads *t)
{
	struct tnode *o;
	unsigned f = 0;

	if (t->line_len == 0)
		goto out;
	o = tnode_of(t, t->own[t->nown - 1]);
	t->line[t->line_n] = '\0';
	if (t->line_len <= NOTICE_MAX) {
		struct line l = { t->line, t->line_len, t->line_link,
		    t->line_links, t->line_hash, t->line_digit };

		f = read_line(&l, NULL);
	}
	if (o) {
		o->len += (uint32_t)t->line_len;
		o->self |= (uint16_t)f;
		o->below |= (uint16_t)f;
		if (f)
			o->furn += (uint32_t)t->line_len;
	}
	if (!f)
		t->prose += (uint32_t)(t->line_len - t->line_link);
out:
	t->line_n = t->line_len = t->line_link = 0;
	t->line_space = t->line_links = t->line_hash = t->line_digit = false;
}

/* Bytes that end a run of text in add_text(): NUL, white space, NBSP's. */
static bool
run_end(const unsigned char *p)
{
	return *p == '\0' || is_space(*p) || (p[0] == 0xc2 && p[1] == 0xa0);
}

/* Adds text to the line, its white space folded as the article's is. */
static void
add_text(struct threads *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	size_t n, room, run;
	bool digit = false;

	while (*p) {
		if (run_end(p)) {
			p += *p == 0xc2 ? 2 : 1;
			t->line_space = true;
			continue;
		}
		for (q = p + 1; !run_end(q); q++)
			;
		run = (size_t)(q - p);
		n = run;
		if (t->line_space && t->line_len) {
			if (t->line_n + 1 < LINE_CAP)
				t->line[t->line_n++] = ' ';
			n++;
		}
		room = LINE_CAP - 1 - t->line_n;
		if (run > room)
			run = room;
		memcpy(t->line + t->line_n, p, run);
		for (; !digit && run > 0; run--)
			digit = t->line[t->line_n + run - 1] >= '0' &&
			    t->line[t->line_n + run - 1] <= '9';
		t->line_n += (size_t)(q - p) < room ? (size_t)(q - p) : room;
		t->line_len += n;
		if (t->in_link)
			t->line_link += n;
		t->line_space = false;
		p = q;
	}
	t->line_digit = t->line_digit || digit;
}

static void
push_own(struct threads *t, xmlNode *n)
{
	if (t->nown == t->owncap) {
		t->owncap = t->owncap ? t->owncap * 2 : 64;
		t->own = xrealloc(t->own, t->owncap * sizeof(*t->own));
	}
	t->own[t->nown++] = n;
}

static void
add_node(xmlNode ***v, size_t *n, size_t *cap, xmlNode *x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = x;
}

static enum walk_act
scan_enter(xmlNode *n, void *ctx)
{
	struct threads *t = ctx;
	struct tnode *tn, *pn;
	const char *href;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			add_text(t, (const char *)n->content);
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	tn = tnode_of(t, n);
	if (!tn)
		return WALK_SKIP;
	tn->before = t->prose;
	if (skipped(n))
		return WALK_SKIP;
	if (is_el(n, "textarea")) {
		if (!attr(n, "readonly") && !attr(n, "disabled")) {
			pn = tnode_of(t, n->parent);
			tn->self = tn->below = THREAD_FORM;
			if (pn)
				pn->below |= THREAD_FORM;
			add_node(&t->forms, &t->nforms, &t->formcap,
			    n->parent);
		}
		return WALK_SKIP;
	}
	if (is_el(n, "br") || is_el(n, "hr")) {
		end_line(t);
		return WALK_SKIP;
	}
	if (is_block(n)) {
		end_line(t);
		push_own(t, n);
	} else if (is_el(n, "a")) {
		href = attr(n, "href");
		t->line_links = true;
		t->line_hash = t->line_hash || (href && href[0] == '#' &&
		    href[1]);
		t->in_link++;
	} else if (is_el(n, "button")) {
		t->line_links = true;
		t->in_link++;
	}
	return WALK_DESCEND;
}

static void add_run(struct threads *t, xmlNode *first, xmlNode *last,
    unsigned items, unsigned actions);

/*
 * Whether a child counts in the run scan: it has lines of its own or a
 * form (scripts, rules and breaks have neither).
 */
static bool
counted(const struct threads *t, const xmlNode *c)
{
	const struct tnode *tn = tnode_of(t, c);

	return tn && (tn->len > 0 || (tn->below & THREAD_FORM));
}

/* Whether item flags f show a byline or the item's actions. */
static bool
bylined(unsigned f)
{
	return (f & (THREAD_NAMED | THREAD_ACTION)) != 0;
}

/* Whether a shorter period already took one of kids[from..to). */
static bool
claimed(const struct threads *t, size_t from, size_t to)
{
	for (; from < to; from++)
		if (t->claimed[from])
			return true;
	return false;
}

/*
 * Looks for runs among n's children: a stretch where each child has the
 * shape of the one k places before it repeats an item of k siblings; it
 * is a run when at least two items, and half of those between the first
 * and the last of them, carry a byline or actions and text of their own.
 * Linear in the number of children for each of the PERIOD_MAX periods.
 */
static bool
scan_runs(struct threads *t, xmlNode *n)
{
	xmlNode *c;
	size_t m = 0, k, i, j, r, reps, marked = 0;
	bool lone = false;

	/* Two items need two children with a byline or actions. */
	for (c = n->children; c && marked < 2; c = c->next) {
		const struct tnode *tn = tnode_of(t, c);

		if (tn && bylined(tn->below)) {
			marked++;
			lone = lone || (tn->below & LONE) == LONE;
		}
	}
	if (marked < 2)
		return lone;
	for (c = n->children; c; c = c->next) {
		if (!counted(t, c))
			continue;
		lone = lone || (tnode_of(t, c)->below & LONE) == LONE;
		if (m == t->kidcap) {
			t->kidcap = t->kidcap ? t->kidcap * 2 : 64;
			t->kids = xrealloc(t->kids, t->kidcap *
			    sizeof(*t->kids));
			t->sigs = xrealloc(t->sigs, t->kidcap *
			    sizeof(*t->sigs));
			t->claimed = xrealloc(t->claimed, t->kidcap *
			    sizeof(*t->claimed));
		}
		t->kids[m] = c;
		t->sigs[m] = shape(c);
		t->claimed[m] = false;
		m++;
	}
	for (k = 1; k <= PERIOD_MAX && 2 * k <= m; k++) {
		for (i = 0; i + k < m; i = j + 1) {
			size_t first = SIZE_MAX, last = 0, ok = 0, act = 0;

			if (t->sigs[i] != t->sigs[i + k]) {
				j = i;
				continue;
			}
			for (j = i; j + k < m && t->sigs[j] == t->sigs[j + k];
			    j++)
				;
			reps = (j - i + k) / k;
			if (reps < 2 || claimed(t, i, i + reps * k))
				continue;
			for (r = 0; r < reps; r++) {
				unsigned f = 0;
				uint32_t len = 0, furn = 0;
				bool key = false;
				size_t x;

				for (x = i + r * k; x < i + r * k + k; x++) {
					const struct tnode *tn =
					    tnode_of(t, t->kids[x]);

					f |= tn->below;
					len += tn->len;
					furn += tn->furn;
					key = key ||
					    (info_of(t->kids[x])->flags &
					    INFO_KEY);
				}
				if (!bylined(f) || key ||
				    len < furn + PROSE_MIN)
					continue;
				if (first == SIZE_MAX)
					first = r;
				last = r;
				ok++;
				act += (f & THREAD_ACTION) != 0;
			}
			if (ok < 2 || ok * 2 < last - first + 1)
				continue;
			for (r = i + first * k; r < i + last * k + k; r++)
				t->claimed[r] = true;
			add_run(t, t->kids[i + first * k],
			    t->kids[i + last * k + k - 1],
			    (unsigned)(last - first + 1), (unsigned)act);
			tnode_of(t, n)->below |= THREAD_RUN;
		}
	}
	return lone;
}

static void
add_run(struct threads *t, xmlNode *first, xmlNode *last, unsigned items,
    unsigned actions)
{
	if (t->nruns == t->runcap) {
		t->runcap = t->runcap ? t->runcap * 2 : 8;
		t->runs = xrealloc(t->runs, t->runcap * sizeof(*t->runs));
	}
	t->runs[t->nruns].first = first;
	t->runs[t->nruns].last = last;
	t->runs[t->nruns].items = items;
	t->runs[t->nruns].actions = actions;
	t->nruns++;
}

static void
scan_leave(xmlNode *n, void *ctx)
{
	struct threads *t = ctx;
	struct tnode *tn = tnode_of(t, n), *pn;

	if (n->type != XML_ELEMENT_NODE || !tn)
		return;
	if (is_block(n) || t->own[t->nown - 1] == n) {
		end_line(t);
		if (t->nown > 1)
			t->nown--;
	} else if (is_el(n, "a") || is_el(n, "button")) {
		t->in_link--;
	}
	/* A posting form's labels ("Name", "E-mail", "Comment") are its own. */
	if ((tn->below & THREAD_FORM) && tn->len <= FORM_TEXT_MAX)
		tn->furn = tn->len;
	/* The least element holding a byline and replies: a lone item. */
	if (!scan_runs(t, n) && (tn->below & LONE) == LONE)
		add_node(&t->singles, &t->nsingles, &t->singlecap, n);
	pn = tnode_of(t, n->parent);
	if (!pn)
		return;
	pn->len += tn->len;
	pn->furn += tn->furn;
	pn->below |= tn->below;
}

struct threads *
extract_thread_scan(xmlNode *body, const struct infos *in)
{
	struct threads *t = xmalloc(sizeof(*t));

	memset(t, 0, sizeof(*t));
	t->n = in->n;
	t->base = in->v;
	t->v = xmalloc((in->n ? in->n : 1) * sizeof(*t->v));
	memset(t->v, 0, (in->n ? in->n : 1) * sizeof(*t->v));
	t->budget = 4 * in->n + 4096;
	push_own(t, body);
	extract_walk(body, scan_enter, scan_leave, t);
	return t;
}

void
extract_threads_free(struct threads *t)
{
	if (!t)
		return;
	free(t->v);
	free(t->runs);
	free(t->forms);
	free(t->singles);
	free(t->own);
	free(t->kids);
	free(t->sigs);
	free(t->claimed);
	free(t);
}

/* Whether n is one reader's item: a byline or actions, and text of its own. */
static bool
item(const struct remover *r, const xmlNode *n)
{
	const struct info *i = info_of(n);

	return i && bylined(extract_thread_flags(r->threads, n)) &&
	    prose_of(r->threads, n) >= PROSE_MIN && !(i->flags & INFO_KEY) &&
	    !extract_holds_most(r, i);
}

/* What a thread's parts showed, and how many items it has. */
struct region {
	xmlNode *first, *last;
	unsigned flags;		/* THREAD_* over its parts */
	unsigned items;
	bool form, lead;
	/*
	 * An item beside a run must have the shape of one of the run's
	 * ends, or actions of its own after the article: an article with a
	 * byline may stand right before the thread.
	 */
	uint16_t sig[2];
	bool shaped;
};

/* Whether an element's lines are its own (a block, or blocks below it). */
static bool
measured(const xmlNode *n)
{
	const struct info *i = info_of(n);

	return is_block(n) || (i && (i->flags & INFO_ANY_BLOCK));
}

/* Whether n is white space, a comment or the like. */
static bool
blank(const xmlNode *n)
{
	bool lead = true;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return !n->content ||
		    folded_len((const char *)n->content, &lead) == 0;
	return n->type != XML_ELEMENT_NODE;
}

/*
 * Whether sibling s belongs with a thread beside it: blank, furniture
 * (bylines, actions, leads, notices), a posting form, or an item.
 */
static bool
take(const struct remover *r, xmlNode *s, struct region *g)
{
	const struct info *i;
	unsigned f;
	size_t prose;

	if (s->type != XML_ELEMENT_NODE)
		return blank(s);
	if (skipped(s))
		return true;
	i = info_of(s);
	if (!i || (i->flags & INFO_KEY))
		return false;
	f = extract_thread_flags(r->threads, s);
	if (i->text_len == 0 && !(f & THREAD_FORM))
		return i->nimg == 0;
	if (!measured(s))
		return false;
	prose = prose_of(r->threads, s);
	/* Furniture: its own text all leads, notices, bylines or forms. */
	if (((f & FURNITURE) && prose <= FURN_SLACK) ||
	    ((f & THREAD_FORM) && prose <= FORM_TEXT_MAX)) {
		g->flags |= f;
		g->lead = g->lead || (f & THREAD_LEAD);
		g->form = g->form || (f & THREAD_FORM);
		return true;
	}
	if (!item(r, s))
		return false;
	if ((!g->shaped || (shape(s) != g->sig[0] &&
	    shape(s) != g->sig[1])) &&
	    !((f & THREAD_ACTION) &&
	    tnode_of(r->threads, s)->before >= BODY_MIN))
		return false;
	g->flags |= f;
	g->items++;
	return true;
}

/* Whether a thread filling p may take p itself and look beside it. */
static bool
climbable(const struct remover *r, const xmlNode *p)
{
	const struct info *i = info_of(p);

	return p && p != r->body && p->type == XML_ELEMENT_NODE && i &&
	    !is_el(p, "body") && !is_el(p, "html") && !(i->flags & INFO_KEY) &&
	    !i->body_hint;
}

/* The sibling after n (before it when back) that is not blank. */
static xmlNode *
step(xmlNode *n, bool back)
{
	do
		n = back ? n->prev : n->next;
	while (n && blank(n));
	return n;
}

/* Whether n is a byline or a line of actions standing alone. */
static bool
byline_box(const struct remover *r, const xmlNode *n)
{
	const struct info *i = n ? info_of(n) : NULL;

	return i && i->text_len && measured(n) &&
	    prose_of(r->threads, n) <= FURN_SLACK &&
	    (extract_thread_flags(r->threads, n) &
	    (THREAD_NAMED | THREAD_ACTION));
}

/* Whether n may be the text of a reader's item, after the article. */
static bool
item_text(const struct remover *r, const xmlNode *n)
{
	const struct info *i = info_of(n);
	const struct tnode *tn = tnode_of(r->threads, n);

	return i && tn && measured(n) && !(i->flags & INFO_KEY) &&
	    !i->body_hint && !extract_holds_most(r, i) &&
	    prose_of(r->threads, n) >= PROSE_MIN && tn->before >= BODY_MIN;
}

/*
 * One reader's item cut into siblings: a byline box, its text in one or
 * two blocks, a box of actions.  From edge, the region's outermost part on
 * that side, a byline or actions box: s and at most one more block of
 * text, then another such box, which is returned; else NULL.
 */
static xmlNode *
sandwich(const struct remover *r, const xmlNode *edge, xmlNode *s,
    bool back)
{
	int k;

	if (!byline_box(r, edge))
		return NULL;
	for (k = 0; k < 2 && s; k++) {
		if (!item_text(r, s))
			return NULL;
		s = step(s, back);
		if (byline_box(r, s))
			return s;
	}
	return NULL;
}

static bool
spend(struct threads *t)
{
	if (t->budget == 0)
		return false;
	t->budget--;
	return true;
}

/* Grows g on one side; returns whether it reached the parent's edge. */
static bool
grow_side(const struct remover *r, struct region *g, bool back)
{
	xmlNode *edge = back ? g->first : g->last, *s, *box;

	for (s = back ? edge->prev : edge->next; s;) {
		if (!spend(r->threads))
			return false;
		if (take(r, s, g)) {
			if (!blank(s))
				edge = s;
		} else if ((box = sandwich(r, edge, s, back)) != NULL) {
			g->items++;
			g->flags |= extract_thread_flags(r->threads, box);
			edge = s = box;
		} else {
			return false;
		}
		if (back)
			g->first = s;
		else
			g->last = s;
		s = back ? s->prev : s->next;
	}
	return true;
}

/*
 * Grows region g over the siblings that belong with it, and while it fills
 * its parent, over the parent's siblings.
 */
static void
grow(const struct remover *r, struct region *g)
{
	xmlNode *p;
	int level;
	bool head, tail;

	for (level = 0; level < CLIMB_MAX; level++) {
		head = grow_side(r, g, true);
		tail = grow_side(r, g, false);
		p = g->first->parent;
		if (!head || !tail || !climbable(r, p))
			break;
		g->first = g->last = p;
	}
}

static void
add_signal(char *buf, size_t cap, const char *name)
{
	size_t n = strlen(buf);

	snprintf(buf + n, cap - n, "%s%s", n ? "+" : "", name);
}

/*
 * The rule naming the signals that fired, in buf: the lead's, when a lead
 * opened the thread, then the structure, the form and the place.
 */
static const char *
signals(const struct region *g, const char *lead, bool after, char *buf,
    size_t cap)
{
	snprintf(buf, cap, "%s", lead ? lead : "");
	if ((g->items >= 2 || (g->flags & THREAD_RUN)) &&
	    (g->flags & THREAD_STAMP))
		add_signal(buf, cap, "structure:repeated-byline");
	else if (g->flags & (THREAD_NAMED | THREAD_STAMP))
		add_signal(buf, cap, "structure:byline");
	if (g->flags & THREAD_ACTION)
		add_signal(buf, cap, "structure:item-actions");
	if (g->form)
		add_signal(buf, cap, "form:posting");
	if (g->lead && !lead)
		add_signal(buf, cap, "lead:line");
	if (after)
		add_signal(buf, cap, "place:after-body");
	return buf;
}

/*
 * Logs and buries first..last, siblings; when no article came before
 * them, their text counts as a discussion that opens the page.
 */
static void
take_out(struct remover *r, xmlNode *first, xmlNode *last, const char *rule)
{
	xmlNode *n, *next, *end = last->next;
	const struct tnode *tn = NULL;
	bool leading;

	for (n = first; n && n != end && !tn; n = n->next)
		tn = tnode_of(r->threads, n);
	leading = tn && tn->before < FORUM_BEFORE;

	/* Paths first: each is read while its siblings are in place. */
	for (n = first; n && n != end; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !info_of(n) ||
		    !info_of(n)->text_len)
			continue;
		extract_log_removal(r, n, CHROME_COMMENTS, rule);
		if (leading)
			r->threads->leading += info_of(n)->text_len;
	}
	for (n = first; n && n != end; n = next) {
		next = n->next;
		extract_bury(r, n);
	}
}

static bool
attached(const struct remover *r, const xmlNode *n)
{
	return n && extract_attached(r, n);
}

/* A run's region, grown; whether it is a thread. */
static bool
run_region(struct remover *r, const struct trun *u, struct region *g,
    bool *after)
{
	struct threads *t = r->threads;
	xmlNode *n;

	memset(g, 0, sizeof(*g));
	g->first = u->first;
	g->last = u->last;
	g->items = u->items;
	g->sig[0] = shape(u->first);
	g->sig[1] = shape(u->last);
	g->shaped = true;
	for (n = u->first; n; n = n->next) {
		g->flags |= extract_thread_flags(t, n);
		if (n == u->last)
			break;
	}
	grow(r, g);
	/* After the article alone: the items' own actions say it. */
	*after = !g->form && !g->lead;
	return !*after || (u->actions >= 2 &&
	    tnode_of(t, u->first)->before >= BODY_MIN);
}

/*
 * A lone item after the article, known by its byline and its answering
 * actions ("Reply", "Report"); whether it is one, its region grown.
 */
static bool
single_region(struct remover *r, xmlNode *n, struct region *g, bool *after)
{
	const struct info *i = info_of(n);
	const struct tnode *tn = tnode_of(r->threads, n);

	if (!i || !tn || !item_text(r, n) || prose_of(r->threads, n) >
	    SINGLE_MAX)
		return false;
	memset(g, 0, sizeof(*g));
	g->first = g->last = n;
	g->items = 1;
	g->flags = tn->below;
	grow(r, g);
	*after = !g->form && !g->lead;
	return true;
}

/* A posting form's region, grown; whether it is a thread's. */
static bool
form_region(struct remover *r, xmlNode *f, struct region *g)
{
	struct threads *t = r->threads;

	while (climbable(r, f->parent) && measured(f->parent) &&
	    prose_of(t, f->parent) <= FORM_TEXT_MAX)
		f = f->parent;
	memset(g, 0, sizeof(*g));
	g->first = g->last = f;
	g->form = true;
	g->flags = extract_thread_flags(t, f);
	grow(r, g);
	return g->items || (g->lead && (g->flags & THREAD_STRONG));
}

size_t
extract_remove_threads(struct remover *r)
{
	struct threads *t = r->threads;
	struct region g;
	char rule[160];
	size_t k;
	bool after;

	if (!t)
		return 0;
	/* Outer runs first: a run of replies inside a comment goes with it. */
	for (k = t->nruns; k-- > 0;) {
		const struct trun *u = &t->runs[k];

		if (attached(r, u->first) && attached(r, u->last) &&
		    run_region(r, u, &g, &after))
			take_out(r, g.first, g.last,
			    signals(&g, NULL, after, rule, sizeof(rule)));
	}
	for (k = 0; k < t->nforms; k++)
		if (attached(r, t->forms[k]) && form_region(r, t->forms[k], &g))
			take_out(r, g.first, g.last,
			    signals(&g, NULL, false, rule, sizeof(rule)));
	for (k = 0; k < t->nsingles; k++)
		if (attached(r, t->singles[k]) &&
		    single_region(r, t->singles[k], &g, &after))
			take_out(r, g.first, g.last,
			    signals(&g, NULL, after, rule, sizeof(rule)));
	return t->leading;
}

bool
extract_thread_furniture(const struct threads *t, const xmlNode *box,
    const xmlNode *h)
{
	return measured(box) && prose_of(t, box) <= prose_of(t, h) + FURN_SLACK;
}

bool
extract_thread_may_lead(const struct threads *t, const xmlNode *n)
{
	const struct tnode *tn;

	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		tn = tnode_of(t, n);
		if (tn && (tn->self & THREAD_LEAD))
			return true;
		if (is_block(n))
			return false;
	}
	return false;
}

/*
 * The lead phrase or thread stem short element n opens with, or NULL;
 * *flags: THREAD_LEAD, and THREAD_STRONG for a count ("Comments (3)") or
 * a placeholder ("Be the first to comment").
 */
const char *
extract_thread_lead(xmlNode *n, unsigned *flags)
{
	const struct info *i = info_of(n);
	char *s = extract_folded_text(n);
	struct line l = { s, strlen(s), i ? i->link_len : 0,
	    i && i->nlinks > 0, false, false };
	const char *what = NULL;
	const char *p;

	for (p = s; *p && !l.digit; p++)
		l.digit = isdigit((unsigned char)*p) != 0;
	*flags = l.len <= NOTICE_MAX ? read_line(&l, &what) : 0;
	free(s);
	if (!(*flags & THREAD_LEAD))
		*flags = 0;
	return *flags ? what : NULL;
}

/* The first child of p that holds anything: text, an image, a form. */
static xmlNode *
first_content(const struct remover *r, xmlNode *p)
{
	xmlNode *c;
	const struct info *i;

	for (c = p->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content) {
			bool lead = true;

			if (folded_len((const char *)c->content, &lead))
				return c;
			continue;
		}
		i = info_of(c);
		if (i && (i->text_len || i->nimg ||
		    (extract_thread_flags(r->threads, c) & THREAD_FORM)))
			return c;
	}
	return NULL;
}

/*
 * Whether n bears out a lead line: an item, a posting form, a
 * placeholder, a moderation notice, or a byline or actions alone.
 */
static bool
evidence(const struct remover *r, xmlNode *n)
{
	const struct info *i = info_of(n);
	unsigned f = extract_thread_flags(r->threads, n);

	/* Items, or a list of them that may outweigh the article. */
	if (bylined(f) && prose_of(r->threads, n) >= PROSE_MIN &&
	    !(i->flags & INFO_KEY) && !i->body_hint)
		return true;
	if (f & (THREAD_FORM | THREAD_STRONG | THREAD_NOTICE))
		return true;
	return measured(n) && prose_of(r->threads, n) <= FURN_SLACK &&
	    (f & (THREAD_NAMED | THREAD_STAMP | THREAD_ACTION));
}

/* Whether text is one of the thread stems (not a phrase). */
static bool
is_stem(const char *text)
{
	size_t k;

	for (k = 0; k < extract_nthread_stems; k++)
		if (text == extract_thread_stems[k])
			return true;
	return false;
}

/*
 * A lead line of readers' contributions, h, with the section it opens.
 * The lead is taken with the wrappers around it that hold nothing else but
 * furniture; then come its siblings, up to the next heading of its level
 * or above (any heading for a line that is none) or the article's own
 * elements.  A heading the phrase rules know takes that whole section, as
 * it always did.  A count or a placeholder ("Comments (3)", "Comments are
 * closed") after the article takes it too, unless paragraphs fill it; any
 * other lead takes it up to the last part that bears it out (an item, a
 * form, a notice), when it sits after the article or the section holds a
 * run.  Returns false, removing nothing, when none of this holds.
 */
bool
extract_thread_section(struct remover *r, const struct phrase_hit *hit)
{
	xmlNode *h = hit->n, *c = h, *p, *n, *last = NULL, *end = NULL;
	struct region g;
	const struct tnode *tc;
	unsigned lf = 0, items = 0;
	size_t sec_p = 0;
	int level = heading_level(h), l;
	bool after;
	char rule[200], sig[160];

	extract_thread_lead(h, &lf);
	lf |= THREAD_LEAD;
	for (p = c->parent; climbable(r, p) && measured(p) &&
	    first_content(r, p) == c; p = c->parent) {
		if (prose_of(r->threads, p) > prose_of(r->threads, c) +
		    FURN_SLACK)
			break;
		c = p;
	}
	if (!level)
		level = 7;
	for (n = c->next; n && spend(r->threads); n = n->next) {
		const struct info *i = info_of(n);

		if (n->type != XML_ELEMENT_NODE || !i)
			continue;
		if (i->flags & INFO_KEY)
			break;
		l = extract_opening_level(n);
		if (l && l <= level)
			break;
		if (evidence(r, n)) {
			last = n;
			items += item(r, n) || byline_box(r, n);
		} else {
			sec_p += i->p_len;
		}
	}
	end = n;
	tc = tnode_of(r->threads, c);
	after = tc && tc->before >= BODY_MIN;
	memset(&g, 0, sizeof(g));
	g.first = c;
	g.lead = true;
	if (!hit->thread && heading_level(h)) {
		last = NULL;	/* the whole section, whatever it holds */
	} else if ((lf & THREAD_STRONG) && after && sec_p <= SECTION_P_MAX) {
		last = NULL;
	} else if (!last || (!after && items < 2)) {
		/*
		 * A lead the phrase rules know goes as they say; a count or
		 * a placeholder goes alone; any other stays.
		 */
		if (!hit->thread)
			return false;
		if (!(lf & THREAD_STRONG))
			return true;
		last = c;
		end = c->next;
	}
	g.last = last ? last : c;
	for (n = c; n && n != end; n = n->next) {
		g.flags |= extract_thread_flags(r->threads, n);
		g.form = g.form || (extract_thread_flags(r->threads, n) &
		    THREAD_FORM);
		if (n == last)
			break;
	}
	if (!last)
		for (n = c; n && n->next != end; n = n->next)
			g.last = n->next;
	/* "heading~=comment": a stem matched, as "class~=" says of parts. */
	snprintf(sig, sizeof(sig), "%s%s=%s", hit->line || !heading_level(h) ?
	    "text" : "heading", is_stem(hit->text) ? "~" : "", hit->text);
	g.items = items;
	signals(&g, sig, false, rule, sizeof(rule));
	take_out(r, g.first, g.last, rule);
	return true;
}
