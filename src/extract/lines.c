/*
 * lines: the rules on a block's text inside the article: boilerplate lines
 * of the tables, date and timestamp lines, and photo credits trimmed off
 * the end of captions.
 */

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define LINE_RULE_MAX 300	/* longest block the line rules look at */

/* s with white space folded and ASCII lower-cased into out; its words. */
static unsigned
lower_line(const char *s, char *out, size_t cap)
{
	size_t j = 0;
	unsigned words = 0;
	bool sp = false;

	for (; *s && j + 2 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0xc2 && (unsigned char)s[1] == 0xa0) {
			s++;
			c = ' ';
		}
		if (is_space(c)) {
			sp = j > 0;
			continue;
		}
		if (sp || j == 0)
			words++;
		if (sp)
			out[j++] = ' ';
		sp = false;
		out[j++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	out[j] = '\0';
	return words;
}

static const struct extract_date_word *
date_word(const char *p, size_t n)
{
	size_t k;

	/* Words are lower case: most differ at the first byte, no strlen. */
	for (k = 0; k < extract_ndate_words; k++) {
		const char *w = extract_date_words[k].word;
		unsigned char c = (unsigned char)p[0];

		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if ((unsigned char)w[0] == c && strlen(w) == n &&
		    strncasecmp(p, w, n) == 0)
			return &extract_date_words[k];
	}
	return NULL;
}

/*
 * Length of the UTF-8 punctuation or space at p that separates words in a
 * date line (U+00A0, U+00B7, U+2000-U+206F: dashes, bullets, ellipsis),
 * or 0.
 */
static size_t
date_sep_len(const unsigned char *p)
{
	if (p[0] == 0xc2 && (p[1] == 0xa0 || p[1] == 0xb7))
		return 2;
	if (p[0] == 0xe2 && (p[1] == 0x80 || p[1] == 0x81) && p[2] >= 0x80)
		return 3;
	return 0;
}

/* Whether p[0..n) is a number, ordinals ("9th", "1st") included. */
static bool
date_number(const unsigned char *p, size_t n)
{
	size_t d = 0;

	while (d < n && isdigit(p[d]))
		d++;
	return d > 0 && (d == n || (n - d == 2 && (p[d] | 0x20) >= 'a' &&
	    (p[d] | 0x20) <= 'z' && (p[d + 1] | 0x20) >= 'a' &&
	    (p[d + 1] | 0x20) <= 'z' && date_word((const char *)p + d, 2)));
}

#define RELATIVE_WORDS 14	/* longest "N hours ago" line */
#define TIMESTAMP_WORDS 16	/* longest "Updated ..." line */
_Static_assert(TIMESTAMP_WORDS >= RELATIVE_WORDS, "date_line stops at the longer");

/*
 * The rule s matches as a date line, or NULL.  "timestamp": it opens with
 * "updated" or the like, gives a clock time, and besides date words holds
 * at most a short source name ("Updated 11:21 pm CST, Tuesday, November
 * 19, 2019").  "relative-time": nothing but numbers, date words and "ago"
 * ("Posted 3 hours ago").  Both change from one fetch to the next while
 * the article does not, so the content hash must not see them.  A plain
 * date ("Monday, March 14, 2011") stays: some readers count it as the
 * article's, and a live blog's "4:14 p.m." is.
 */
static const char *
date_line(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	unsigned words = 0, other = 0, numbers = 0;
	bool clock = false, lead = false, ago = false;

	while (*p) {
		const struct extract_date_word *d;
		size_t n, upper = 0, sep;

		if (*p < 0x80 && !isalnum(*p)) {
			p++;
			continue;
		}
		if ((sep = date_sep_len(p)) != 0) {
			p += sep;
			continue;
		}
		for (q = p; *q && (isalnum(*q) || *q >= 0x80) &&
		    !date_sep_len(q); q++)
			upper += *q >= 'A' && *q <= 'Z';
		n = (size_t)(q - p);
		words++;
		if (date_number(p, n)) {
			numbers++;
			if (*q == ':' && isdigit(q[1]))
				clock = true;
		} else if ((d = date_word((const char *)p, n)) != NULL) {
			lead = lead || (words == 1 &&
			    d->role == EXTRACT_DATE_LEAD);
			ago = ago || d->role == EXTRACT_DATE_AGO;
		} else if (n >= 2 && n <= 4 && upper == n) {
			;	/* a time zone: EST, UTC, ET */
		} else {
			other++;
		}
		p = q;
		/* Past what either rule allows: a sentence, not a date. */
		if (words > TIMESTAMP_WORDS || other > 2 || (other && !lead))
			return NULL;
	}
	if (lead && clock && words <= TIMESTAMP_WORDS && other <= 2)
		return "timestamp";
	if (other == 0 && numbers > 0 && words <= RELATIVE_WORDS && ago)
		return "relative-time";
	return NULL;
}

#define CALL_WORDS 20	/* longest sentence a sentence rule matches */

static bool
sentence_end(const char *p)
{
	return (*p == '.' || *p == '!' || *p == '?') &&
	    (p[1] == ' ' || p[1] == '\0');
}

/* Words of the sentence at p, up to CALL_WORDS + 1. */
static unsigned
sentence_words(const char *p)
{
	unsigned words = 1;

	for (; *p && !sentence_end(p) && words <= CALL_WORDS; p++)
		words += *p == ' ';
	return words;
}

/*
 * Whether a short sentence of low opens with text: at 0 or after ". "
 * ("Follow her on Twitter @name.", "Sign up for our newsletter.").
 */
static bool
opens_sentence(const char *low, const char *text)
{
	const char *p;

	for (p = strstr(low, text); p; p = strstr(p + 1, text))
		if ((p == low || (p - low >= 2 && p[-1] == ' ' &&
		    sentence_end(p - 2))) && sentence_words(p) <= CALL_WORDS)
			return true;
	return false;
}

/* Whether low holds the '*'-separated parts of pat, in that order. */
static bool
holds_parts(const char *low, const char *pat)
{
	char part[64];
	const char *star;
	size_t n;

	while (*pat) {
		star = strchr(pat, '*');
		n = star ? (size_t)(star - pat) : strlen(pat);
		if (n >= sizeof(part))
			return false;
		memcpy(part, pat, n);
		part[n] = '\0';
		low = strstr(low, part);
		if (!low)
			return false;
		low += n;
		pat += n + (star != NULL);
	}
	return true;
}

/*
 * The line rule a block's text matches, or NULL; timestamp lines match
 * "timestamp".
 */
const char *
extract_line_rule(const char *text, enum chrome_kind *kind)
{
	char low[LINE_RULE_MAX + 8];
	const char *rule;
	size_t k, n, len;
	unsigned words;
	bool lead = true;

	if (folded_len(text, &lead) > LINE_RULE_MAX)
		return NULL;
	words = lower_line(text, low, sizeof(low));
	len = strlen(low);
	for (k = 0; k < extract_nline_rules; k++) {
		const struct extract_line_rule *r = &extract_line_rules[k];

		if (words > r->max_words)
			continue;
		n = strlen(r->text);
		if (n > len)
			continue;
		if ((r->at == EXTRACT_LINE_WHOLE && strcmp(low, r->text) == 0) ||
		    (r->at == EXTRACT_LINE_PREFIX && len > n &&
		    strncmp(low, r->text, n) == 0) ||
		    (r->at == EXTRACT_LINE_SUFFIX &&
		    strcmp(low + len - n, r->text) == 0) ||
		    (r->at == EXTRACT_LINE_SENTENCE &&
		    opens_sentence(low, r->text)) ||
		    (r->at == EXTRACT_LINE_PARTS &&
		    holds_parts(low, r->text))) {
			*kind = r->kind;
			return r->text;
		}
	}
	if ((rule = date_line(text)) != NULL)
		*kind = CHROME_BYLINE;
	return rule;
}

#define CREDIT_MAX_WORDS 8	/* longest credit trimmed off a block */
#define CREDIT_KEEP_WORDS 3	/* fewest words left before the credit */

static bool
credit_lead(const char *s, size_t n)
{
	size_t k, m;

	for (k = 0; k < extract_ncredit_leads; k++) {
		m = strlen(extract_credit_leads[k]);
		if (m < n && strncasecmp(s, extract_credit_leads[k], m) == 0)
			return true;
	}
	return false;
}

/* Whether s[0..n) ends with a credited source, as a whole word. */
static bool
credit_source(const char *s, size_t n)
{
	size_t k, m;

	for (k = 0; k < extract_ncredit_sources; k++) {
		m = strlen(extract_credit_sources[k]);
		if (m > n || strncasecmp(s + n - m, extract_credit_sources[k],
		    m) != 0)
			continue;
		if (m == n || !isalnum((unsigned char)s[n - m - 1]))
			return true;
	}
	return false;
}

/*
 * Where a photo credit closing a caption's text s[0..len) starts, or 0: a
 * last bracketed group opened by a credit phrase or ending with a photo
 * agency, or a last sentence opened by a capitalised credit phrase.  Some
 * words must stay before it; a credit standing alone is the line rules'
 * to drop.
 */
size_t
extract_credit_tail(const char *s, size_t len)
{
	size_t end = len, i, cut = 0, n;

	while (end > 0 && is_space((unsigned char)s[end - 1]))
		end--;
	if (end > 2 && s[end - 1] == ')') {
		for (i = end - 1; i > 0 && s[i - 1] != '(' && s[i - 1] != ')';
		    i--)
			;
		n = end - 1 - i;
		while (n > 0 && is_space((unsigned char)s[i])) {
			i++;
			n--;
		}
		while (n > 0 && is_space((unsigned char)s[i + n - 1]))
			n--;
		if (i > 0 && s[i - 1] == '(' && n > 0 &&
		    extract_count_words(s + i, n) <= CREDIT_MAX_WORDS &&
		    (credit_lead(s + i, n) || credit_source(s + i, n)))
			cut = i - 1;
	} else {
		for (i = end; i > 1 && !cut; i--) {
			char c;
			size_t j;

			if (!isupper((unsigned char)s[i - 1]) ||
			    !is_space((unsigned char)s[i - 2]))
				continue;
			if (extract_count_words(s + i - 1, end - i + 1) >
			    CREDIT_MAX_WORDS)
				break;
			if (!credit_lead(s + i - 1, end - i + 1))
				continue;
			for (j = i - 2; j > 0 && is_space((unsigned char)s[j]);
			    j--)
				;
			c = s[j];
			if (c == '.' || c == '!' || c == '?' || c == ')' ||
			    c == '"' || memchr(s + j, '\n', i - 1 - j))
				cut = i - 1;
		}
	}
	if (cut == 0 || extract_count_words(s, cut) < CREDIT_KEEP_WORDS)
		return 0;
	while (is_space((unsigned char)s[cut - 1]))
		cut--;
	return cut;
}

/*
 * Cuts the credit text tail off the end of the block's markup too, with the
 * inline tags around it, when the markup ends with that text and the cut
 * leaves no tag open.
 */
void
extract_cut_inline_tail(struct buf *inl, const char *tail)
{
	const char *d = inl->data;
	size_t i = inl->len, j = strlen(tail), k;
	int depth = 0;

	while (j > 0) {
		if (is_space((unsigned char)tail[j - 1])) {
			j--;
			continue;
		}
		if (i == 0)
			return;
		if (is_space((unsigned char)d[i - 1])) {
			i--;
		} else if (d[i - 1] == '>') {
			for (k = i - 1; k > 0 && d[k] != '<'; k--)
				;
			if (d[k] != '<' || d[k + 1] == '/')
				depth++;
			else
				depth--;
			i = k;
		} else if (d[i - 1] == tail[j - 1]) {
			i--;
			j--;
		} else {
			return;
		}
	}
	while (i > 0 && (is_space((unsigned char)d[i - 1]) ||
	    (depth > 0 && d[i - 1] == '>'))) {
		if (d[i - 1] == '>') {
			for (k = i - 1; k > 0 && d[k] != '<'; k--)
				;
			if (d[k + 1] == '/')
				break;
			depth--;
			i = k;
		} else {
			i--;
		}
	}
	if (depth != 0)
		return;
	inl->len = i;
	inl->data[i] = '\0';
}
