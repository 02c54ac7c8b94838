/*
 * date: a date as a page writes it, in its head, its text or its URL, read
 * into ISO 8601.  Machine forms ("2026-12-02T08:30:00+02:00", "20261202")
 * keep their time and zone; written ones ("2 December 2026", "Dec. 2,
 * 2026", "02.12.2026", "2 décembre 2026", "2. Dezember 2026",
 * "2026年12月2日") give the day, "December 2026" the month.  Month names
 * and the words between a date's parts are rules.c's tables.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define DATE_TOKENS 40		/* a date sits in the first words */
#define YEAR_MIN 1900
#define YEAR_MAX 2099

enum tok_kind {
	T_NUM,
	T_WORD
};

struct dtok {
	enum tok_kind kind;
	const char *s;
	size_t len;		/* of the digits or letters */
	int num;		/* a number's value, a month name's month */
	char sep;		/* what follows: the first mark, ' ', or 0 */
	bool filler;		/* in extract_date_fillers */
};

struct dscan {
	struct dtok t[DATE_TOKENS];
	size_t n;
	size_t idx[DATE_TOKENS];	/* of the tokens that are no filler */
	size_t ni;
};

/*
 * Bytes of the mark at p that separates words although it is no ASCII
 * punctuation (no-break spaces, dashes, middle dots, ideographic commas),
 * or 0.
 */
size_t
extract_utf8_mark(const unsigned char *p)
{
	if (p[0] == 0xc2 && (p[1] == 0xa0 || p[1] == 0xb7 || p[1] == 0xab ||
	    p[1] == 0xbb))
		return 2;
	if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x80 && p[2] <= 0xbf)
		return 3;
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2] <= 0x82 && p[2] >= 0x80)
		return 3;
	if (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8c)
		return 3;
	return 0;
}

static bool
is_letter(const unsigned char *p)
{
	return ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
	    (*p >= 0x80 && extract_utf8_mark(p) == 0);
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length of an ordinal's ending at p: "st", "nd", "th", "er", "º". */
static size_t
ordinal_len(const char *p)
{
	static const char *const ends[] = {
		"st", "nd", "rd", "th", "er", "re", "e", "o", "a",
		"\xc2\xba", "\xc2\xaa",
	};
	size_t k, m;

	for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
		m = strlen(ends[k]);
		if (strncasecmp(p, ends[k], m) == 0 &&
		    !is_letter((const unsigned char *)p + m))
			return m;
	}
	return 0;
}

int
extract_month_of(const char *s, size_t len)
{
	size_t k;

	if (len == 0)
		return 0;
	/* Every word of a page's dates is looked up: the first byte first. */
	for (k = 0; k < extract_nmonths; k++)
		if (extract_months[k].name[0] == ((unsigned char)*s < 0x80 ?
		    (*s | 0x20) : *s) &&
		    strncasecmp(s, extract_months[k].name, len) == 0 &&
		    extract_months[k].name[len] == '\0')
			return extract_months[k].month;
	return 0;
}

static bool
is_filler(const char *s, size_t len)
{
	size_t k;

	for (k = 0; k < extract_ndate_fillers; k++)
		if (tolower((unsigned char)*s) ==
		    tolower((unsigned char)extract_date_fillers[k][0]) &&
		    strncasecmp(s, extract_date_fillers[k], len) == 0 &&
		    extract_date_fillers[k][len] == '\0')
			return true;
	return false;
}

static void
tokenize(const char *s, struct dscan *d)
{
	const unsigned char *p = (const unsigned char *)s;
	struct dtok *t = NULL;
	size_t m;

	d->n = d->ni = 0;
	while (*p && d->n < DATE_TOKENS) {
		if (is_digit(*p) || is_letter(p)) {
			t = &d->t[d->n++];
			memset(t, 0, sizeof(*t));
			t->s = (const char *)p;
			if (is_digit(*p)) {
				t->kind = T_NUM;
				for (; is_digit(*p); p++, t->len++)
					if (t->len < 8)
						t->num = t->num * 10 + *p - '0';
				p += ordinal_len((const char *)p);
			} else {
				t->kind = T_WORD;
				while (*p && is_letter(p) && !is_digit(*p)) {
					p++;
					t->len++;
				}
				t->len = (size_t)((const char *)p - t->s);
				t->num = extract_month_of(t->s, t->len);
				t->filler = is_filler(t->s, t->len);
			}
			if (!t->filler)
				d->idx[d->ni++] = d->n - 1;
			continue;
		}
		m = extract_utf8_mark(p);
		if (t && (t->sep == 0 || t->sep == ' '))
			t->sep = m || is_space(*p) ? ' ' : (char)*p;
		p += m ? m : 1;
	}
}

/*
 * What separates non-filler tokens a and b (indices into d->t): the mark
 * after a when they are neighbours, 'f' when only fillers lie between.
 */
static char
gap(const struct dscan *d, size_t a, size_t b)
{
	return b == a + 1 ? d->t[a].sep : 'f';
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
valid(int y, int m, int day)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || day < 1)
		return false;
	return day <= days[m - 1] + (m == 2 && leap(y));
}

/* out = "YYYY-MM-DD" and tail, or "YYYY-MM" when day is 0; y, m valid. */
static enum extract_date_precision
put(char *out, int y, int m, int day, const char *tail)
{
	unsigned uy = (unsigned)y % 10000, um = (unsigned)m % 100;
	unsigned ud = (unsigned)day % 100;

	if (day == 0) {
		snprintf(out, EXTRACT_DATE_LEN + 1, "%04u-%02u", uy, um);
		return EXTRACT_DATE_MONTH;
	}
	snprintf(out, EXTRACT_DATE_LEN + 1, "%04u-%02u-%02u%.15s", uy, um, ud,
	    tail);
	return *tail ? EXTRACT_DATE_TIME : EXTRACT_DATE_DAY;
}

static bool
is_year(const struct dtok *t)
{
	return t->kind == T_NUM && t->len == 4;
}

static bool
is_small(const struct dtok *t)
{
	return t->kind == T_NUM && t->len <= 2;
}

static bool
is_month(const struct dtok *t)
{
	return t->kind == T_WORD && t->num;
}

/*
 * The time and zone after an ISO date at p ("T08:30:00.5+02:00",
 * " 08:30:00 +0000", "T06:00Z") as "THH:MM:SS" and "Z" or "+HH:MM" into
 * out, or nothing when p holds no valid time.
 */
static void
iso_time(const char *p, char *out, size_t outsz)
{
	int h, mi, sec = 0, zh = 0, zm = 0, n = 0;
	char zone[8] = "", sign;

	if (*p != 'T' && *p != 't' && *p != ' ')
		return;
	p++;
	if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
		return;
	p += n;
	if (*p == ':' && is_digit(p[1]) && is_digit(p[2])) {
		sec = (p[1] - '0') * 10 + p[2] - '0';
		p += 3;
	}
	if (*p == '.' || *p == ',')
		for (p++; is_digit(*p); p++)
			;
	while (*p == ' ')
		p++;
	if (*p == 'Z' || *p == 'z' || strncasecmp(p, "UTC", 3) == 0 ||
	    strncasecmp(p, "GMT", 3) == 0) {
		snprintf(zone, sizeof(zone), "Z");
	} else if ((*p == '+' || *p == '-') && is_digit(p[1]) &&
	    is_digit(p[2])) {
		sign = *p;
		zh = (p[1] - '0') * 10 + p[2] - '0';
		p += 3;
		if (*p == ':')
			p++;
		if (is_digit(p[0]) && is_digit(p[1]))
			zm = (p[0] - '0') * 10 + p[1] - '0';
		if (zh <= 14 && zm <= 59)
			snprintf(zone, sizeof(zone), "%c%02u:%02u", sign,
			    (unsigned)zh % 100, (unsigned)zm % 100);
	}
	if (h > 23 || mi > 59 || sec > 60)
		return;
	snprintf(out, outsz, "T%02u:%02u:%02u%.6s", (unsigned)h % 100,
	    (unsigned)mi % 100, (unsigned)sec % 100, zone);
}

/*
 * The whole date at non-filler position i of d into y, m, day; false when
 * none starts there.  day_first reads an all-numeric "02/03/2026" as 2
 * March; a part over 12 decides by itself, and dots always mean
 * day.month.year.
 */
static bool
date_at(const struct dscan *d, size_t i, bool day_first, int *y, int *m,
    int *day, size_t *last)
{
	const struct dtok *a, *b, *c;
	size_t ia, ib, ic;
	char g;

	if (i + 2 >= d->ni)
		return false;
	ia = d->idx[i];
	ib = d->idx[i + 1];
	ic = d->idx[i + 2];
	a = &d->t[ia];
	b = &d->t[ib];
	c = &d->t[ic];
	*last = ic;
	g = gap(d, ia, ib);
	if (is_year(a) && is_small(b) && is_small(c) && g == gap(d, ib, ic) &&
	    strchr("-/.f", g)) {
		*y = a->num;
		*m = b->num;
		*day = c->num;
	} else if (is_year(a) && is_month(b) && is_small(c)) {
		*y = a->num;
		*m = b->num;
		*day = c->num;
	} else if (is_small(a) && is_month(b) && is_year(c)) {
		*y = c->num;
		*m = b->num;
		*day = a->num;
	} else if (is_month(a) && is_small(b) && is_year(c)) {
		*y = c->num;
		*m = a->num;
		*day = b->num;
	} else if (is_small(a) && is_small(b) && is_year(c) &&
	    g == gap(d, ib, ic) && strchr("-/.", g)) {
		*y = c->num;
		if (g == '.' || a->num > 12 || (day_first && b->num <= 12)) {
			*day = a->num;
			*m = b->num;
		} else {
			*m = a->num;
			*day = b->num;
		}
	} else {
		return false;
	}
	return valid(*y, *m, *day);
}

/* "20261202" or "202612" standing alone. */
static enum extract_date_precision
compact(const char *s, char *out)
{
	size_t n = strspn(s, "0123456789");
	int y, m, day = 1;

	if (s[n] != '\0' || (n != 8 && n != 6) ||
	    sscanf(s, "%4d%2d", &y, &m) != 2 ||
	    (n == 8 && sscanf(s + 6, "%2d", &day) != 1) || !valid(y, m, day))
		return EXTRACT_DATE_NONE;
	return put(out, y, m, n == 6 ? 0 : day, "");
}

enum extract_date_precision
extract_date(const char *s, bool day_first, char out[EXTRACT_DATE_LEN + 1])
{
	enum extract_date_precision p;
	struct dscan d;
	char tm[24] = "";
	int y, m, day;
	size_t i, last;
	const struct dtok *a, *b;

	out[0] = '\0';
	while (is_space((unsigned char)*s))
		s++;
	if ((p = compact(s, out)) != EXTRACT_DATE_NONE)
		return p;
	tokenize(s, &d);
	for (i = 0; i < d.ni; i++) {
		if (!date_at(&d, i, day_first, &y, &m, &day, &last))
			continue;
		a = &d.t[d.idx[i]];
		if (is_year(a) && a->sep == '-' && d.t[d.idx[i + 1]].sep == '-')
			iso_time(d.t[last].s + d.t[last].len, tm, sizeof(tm));
		return put(out, y, m, day, tm);
	}
	for (i = 0; i + 1 < d.ni; i++) {
		a = &d.t[d.idx[i]];
		b = &d.t[d.idx[i + 1]];
		/* "December 2026", not what is left of "31 February 2026". */
		if (is_month(a) && is_year(b) && valid(b->num, a->num, 1) &&
		    (i == 0 || !is_small(&d.t[d.idx[i - 1]])))
			return put(out, b->num, a->num, 0, "");
		/* An ISO month standing alone: "2026-12". */
		if (i == 0 && d.ni == 2 && is_year(a) && is_small(b) &&
		    a->sep == '-' && valid(a->num, b->num, 1))
			return put(out, a->num, b->num, 0, "");
	}
	return EXTRACT_DATE_NONE;
}

/*
 * A date the URL's path spells: "/2026/12/02/", "/2026-12-02-slug",
 * "/20261202/", "/2026/12/" (the month), never in the host or the query.
 */
enum extract_date_precision
extract_url_date(const char *url, char out[EXTRACT_DATE_LEN + 1])
{
	const char *p = url ? strstr(url, "://") : NULL;
	char seg[3][12];
	size_t n;
	int y, m, day, segs = 0;

	out[0] = '\0';
	if (!url)
		return EXTRACT_DATE_NONE;
	p = p ? strchr(p + 3, '/') : url;
	for (; p && *p == '/' && !strchr("?#", p[1]); ) {
		p++;
		n = strcspn(p, "/?#");
		/* "/2026-12-02-the-slug", "/20261202/" */
		if (n >= 10 && sscanf(p, "%4d-%2d-%2d", &y, &m, &day) == 3 &&
		    is_digit(p[9]) && (n == 10 || p[10] == '-' ||
		    p[10] == '_' || p[10] == '.') && valid(y, m, day))
			return put(out, y, m, day, "");
		if (n == 8 && strspn(p, "0123456789") == 8 &&
		    sscanf(p, "%4d%2d%2d", &y, &m, &day) == 3 &&
		    valid(y, m, day))
			return put(out, y, m, day, "");
		/* "/2026/12/02/": up to three numeric segments in a row. */
		if (n > 0 && n < sizeof(seg[0]) &&
		    strspn(p, "0123456789") == n &&
		    (segs > 0 ? n <= 2 : n == 4)) {
			memcpy(seg[segs], p, n);
			seg[segs][n] = '\0';
			segs++;
		} else if (segs) {
			break;
		}
		if (segs == 3)
			break;
		p += n;
	}
	if (segs < 2)
		return EXTRACT_DATE_NONE;
	y = atoi(seg[0]);
	m = atoi(seg[1]);
	day = segs == 3 ? atoi(seg[2]) : 1;
	if (!valid(y, m, day))
		return EXTRACT_DATE_NONE;
	return put(out, y, m, segs == 3 ? day : 0, "");
}
