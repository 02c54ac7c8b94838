/*
 * vocab: the class and id words of the rule tables in one hash table, and
 * what an element's own attributes say about it (a chrome rule, a weight,
 * "this is the article body"), fixed once when the tree is bound.
 */

#include <string.h>
#include <strings.h>
#include <threads.h>

#include "internal.h"

static int
part_cmp(const char *p, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (word[i] != c)
			return 1;
	}
	return word[n] != '\0';
}

static bool
ignored_token(const char *t, size_t n)
{
	const char *p;
	size_t k, m;

	for (k = 0; k < extract_nignored_prefixes; k++) {
		p = extract_ignored_prefixes[k];
		/* Most tokens differ at once: no strlen for them. */
		if ((t[0] | 0x20) != p[0])
			continue;
		m = strlen(p);
		if (n > m && strncasecmp(t, p, m) == 0)
			return true;
	}
	return false;
}

/*
 * Whether the class or id value s holds word: as a whole white-space token,
 * or (EXTRACT_PART) as one of a token's parts split on - and _, so "ad"
 * matches "ad-slot" and "google_ad" but not "header" or "load".
 */
bool
extract_has_word(const char *s, const char *word, enum extract_match m)
{
	const char *t, *p, *e;
	size_t n;

	if (!s)
		return false;
	while (*s) {
		while (*s && is_space((unsigned char)*s))
			s++;
		t = s;
		while (*s && !is_space((unsigned char)*s))
			s++;
		n = (size_t)(s - t);
		if (n == 0 || ignored_token(t, n))
			continue;
		if (part_cmp(t, n, word) == 0)
			return true;
		if (m != EXTRACT_PART)
			continue;
		for (p = t; p < s; p = e + 1) {
			for (e = p; e < s && *e != '-' && *e != '_'; e++)
				;
			if (e > p && part_cmp(p, (size_t)(e - p), word) == 0)
				return true;
		}
	}
	return false;
}

bool
extract_has_any_word(const char *s, const struct extract_class_word *w,
    size_t n)
{
	size_t k;

	for (k = 0; s && k < n; k++)
		if (extract_has_word(s, w[k].word, w[k].match))
			return true;
	return false;
}

/*
 * Every word of the class/id vocabulary (chrome rules, content hints) in one
 * hash table, so a class value is scanned once per element however long
 * the tables grow.
 */
#define VOCAB_SIZE EXTRACT_VOCAB_SIZE

struct vocab_ent {
	const char *word;
	size_t len;
	unsigned short token_rule;	/* first rule naming it, or nrules */
	unsigned short part_rule;	/* first EXTRACT_PART rule, or nrules */
	unsigned char hint;	/* VOCAB_* */
};

enum {
	VOCAB_NEG = 1,
	VOCAB_POS = 2,
	VOCAB_BODY = 4,
	VOCAB_EMBED = 8
};

static struct vocab_ent vocab[VOCAB_SIZE];
static once_flag vocab_once = ONCE_FLAG_INIT;

static size_t
vocab_hash(const char *p, size_t n)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 16777619u;
	}
	return h & (VOCAB_SIZE - 1);
}

static struct vocab_ent *
vocab_slot(const char *p, size_t n)
{
	size_t h = vocab_hash(p, n);

	while (vocab[h].word && (vocab[h].len != n ||
	    strncasecmp(vocab[h].word, p, n) != 0))
		h = (h + 1) & (VOCAB_SIZE - 1);
	return &vocab[h];
}

static struct vocab_ent *
vocab_add(const char *word)
{
	struct vocab_ent *e = vocab_slot(word, strlen(word));

	if (!e->word) {
		e->word = word;
		e->len = strlen(word);
		e->token_rule = (unsigned short)extract_nword_rules;
		e->part_rule = (unsigned short)extract_nword_rules;
	}
	return e;
}

static void
vocab_build(void)
{
	struct vocab_ent *e;
	size_t k;

	for (k = extract_nword_rules; k-- > 0;) {
		e = vocab_add(extract_word_rules[k].word);
		e->token_rule = (unsigned short)k;
		if (extract_word_rules[k].match == EXTRACT_PART)
			e->part_rule = (unsigned short)k;
	}
	for (k = 0; k < extract_nnegative_words; k++)
		vocab_add(extract_negative_words[k])->hint |= VOCAB_NEG;
	for (k = 0; k < extract_npositive_words; k++)
		vocab_add(extract_positive_words[k])->hint |= VOCAB_POS;
	for (k = 0; k < extract_nbody_words; k++)
		vocab_add(extract_body_words[k])->hint |= VOCAB_BODY;
	for (k = 0; k < extract_nembed_words; k++)
		vocab_add(extract_embed_words[k])->hint |= VOCAB_EMBED;
}

static const struct vocab_ent *
vocab_find(const char *p, size_t n)
{
	const struct vocab_ent *e;

	if (n == 0 || n > 64)
		return NULL;
	e = vocab_slot(p, n);
	return e->word ? e : NULL;
}

struct words {
	size_t rule;		/* first matching word rule, or nrules */
	unsigned hint;		/* VOCAB_* of any word or part */
	const bool *ignored;	/* by slot: this page's template vocabulary */
	size_t rule_word;	/* slot of the rule's word */
	size_t neg_word;	/* slot of the first negative word */
};

static size_t
slot_of(const struct vocab_ent *e)
{
	return (size_t)(e - vocab);
}

static bool
ignored_word(const struct words *w, const struct vocab_ent *e)
{
	return w->ignored && w->ignored[slot_of(e)];
}

/* Notes e as a matching word; part: matched as a part of a token. */
static void
add_word(struct words *w, const struct vocab_ent *e, bool part)
{
	size_t r = part ? e->part_rule : e->token_rule;

	if (r < w->rule) {
		w->rule = r;
		w->rule_word = slot_of(e);
	}
	if ((e->hint & VOCAB_NEG) && w->neg_word == EXTRACT_VOCAB_SIZE)
		w->neg_word = slot_of(e);
	w->hint |= part ? e->hint & (VOCAB_NEG | VOCAB_POS | VOCAB_EMBED) :
	    e->hint;
}

/*
 * Scans a class or id value: each white-space token as a whole, then its
 * parts split on - and _, so "ad" matches "ad-slot" and "google_ad" but not
 * "header" or "load".  Content hints (VOCAB_BODY) match whole tokens only.
 */
static void
scan_words(const char *s, struct words *w)
{
	const struct vocab_ent *e;
	const char *t, *p, *q;
	size_t n;
	bool split;

	if (!s)
		return;
	while (*s) {
		while (*s && is_space((unsigned char)*s))
			s++;
		t = s;
		split = false;
		while (*s && !is_space((unsigned char)*s)) {
			split = split || *s == '-' || *s == '_';
			s++;
		}
		n = (size_t)(s - t);
		if (n == 0 || ignored_token(t, n))
			continue;
		e = vocab_find(t, n);
		if (e && !ignored_word(w, e))
			add_word(w, e, false);
		if (!split)
			continue;
		for (p = t; p < s; p = q + 1) {
			for (q = p; q < s && *q != '-' && *q != '_'; q++)
				;
			e = vocab_find(p, (size_t)(q - p));
			if (e && !ignored_word(w, e))
				add_word(w, e, true);
		}
	}
}

/* Whether an itemprop value names the article body. */
static bool
itemprop_body(const char *ip)
{
	const char *p;

	if (!ip)
		return false;
	for (p = strcasestr_ascii(ip, "articlebody"); p;
	    p = strcasestr_ascii(p + 1, "articlebody"))
		if ((p == ip || is_space((unsigned char)p[-1])) &&
		    (p[11] == '\0' || is_space((unsigned char)p[11])))
			return true;
	return false;
}

void
extract_bind_info(const xmlNode *n, struct info *i, const bool *ignored)
{
	struct words wi = { extract_nword_rules, 0, ignored,
	    EXTRACT_VOCAB_SIZE, EXTRACT_VOCAB_SIZE };
	struct words wc = wi;
	unsigned h;

	memset(i, 0, sizeof(*i));
	i->tag = (unsigned char)extract_tag_class(n);
	call_once(&vocab_once, vocab_build);
	scan_words(attr(n, "id"), &wi);
	scan_words(attr(n, "class"), &wc);
	i->rule_in_id = wi.rule <= wc.rule;
	i->rule = (unsigned short)(wi.rule <= wc.rule ? wi.rule : wc.rule);
	i->word = (unsigned short)(wi.rule <= wc.rule ? wi.rule_word :
	    wc.rule_word);
	if (i->word == EXTRACT_VOCAB_SIZE)
		i->word = (unsigned short)(wi.neg_word < EXTRACT_VOCAB_SIZE ?
		    wi.neg_word : wc.neg_word);
	if (wi.hint & VOCAB_NEG)
		i->weight -= 25;
	if (wi.hint & VOCAB_POS)
		i->weight += 25;
	if (wc.hint & VOCAB_NEG)
		i->weight -= 25;
	if (wc.hint & VOCAB_POS)
		i->weight += 25;
	h = wi.hint | wc.hint;
	/*
	 * A post quoted from a social network is content, not a share bar:
	 * its "social" or "media" class words neither remove nor weigh.
	 */
	i->embed = (h & VOCAB_EMBED) != 0;
	if (i->embed && i->rule < extract_nword_rules &&
	    extract_word_rules[i->rule].kind == CHROME_SHARE)
		i->rule = (unsigned short)extract_nword_rules;
	if (i->embed && i->weight < 0)
		i->weight = 0;
	i->body_hint = itemprop_body(attr(n, "itemprop"));
	if (i->body_hint)
		i->weight += 50;
	else if ((h & VOCAB_BODY) && !(h & VOCAB_NEG))
		i->body_hint = true;
	if (i->body_hint && i->weight < 50)
		i->weight = 50;
}

/* The word in slot k, for traces. */
const char *
extract_vocab_word(size_t k)
{
	return k < VOCAB_SIZE && vocab[k].word ? vocab[k].word : "";
}

/*
 * Whether the word in slot k may be taken for template vocabulary: not
 * a word of comments, reply forms or hidden text, which may well hold
 * more than the article and still not be it.
 */
bool
extract_vocab_neutral(size_t k)
{
	const struct vocab_ent *e = &vocab[k];
	size_t r;

	if (k >= VOCAB_SIZE || !e->word)
		return false;
	r = e->token_rule < e->part_rule ? e->token_rule : e->part_rule;
	if (r < extract_nword_rules) {
		enum chrome_kind kind = extract_word_rules[r].kind;

		if (kind == CHROME_COMMENTS || kind == CHROME_REPLY_FORM ||
		    kind == CHROME_HIDDEN)
			return false;
	}
	return true;
}
