/*
 * The private header of the extract module, the files of src/extract/:
 * the types they share, small helpers every pass uses, and what each file
 * lends the others.  extract.c runs the passes in order: charset.c
 * decodes the bytes, parse.c builds the tree, within bounds, metadata.c
 * reads the title, byline and dates (byline.c cleans the names, date.c
 * reads the dates), stats.c and vocab.c give every element its figures,
 * paths.c its path for the removal log, chrome.c, phrase.c and thread.c
 * remove the site's chrome and the readers' threads, score.c picks the
 * article, blocks.c and lines.c turn it into blocks of text and clean
 * markup, and html.c assembles the document; rules.c holds the tables
 * they read.
 * Nothing here is seen outside src/extract/; include/extract.h is the
 * module's surface.
 */
#ifndef CLIPSEAL_EXTRACT_INTERNAL_H
#define CLIPSEAL_EXTRACT_INTERNAL_H

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "extract.h"
#include "rules.h"

/* dom.c: walking the tree, attributes, the text of nodes. */

enum walk_act {
	WALK_DESCEND,
	WALK_SKIP,
	WALK_REMOVE
};

typedef enum walk_act (*enter_fn)(xmlNode *n, void *ctx);
typedef void (*leave_fn)(xmlNode *n, void *ctx);

#define NAME(n) ((const char *)(n)->name)

static inline bool
is_el(const xmlNode *n, const char *name)
{
	/* The first byte first: most elements a rule asks about are not. */
	return n && n->type == XML_ELEMENT_NODE && NAME(n)[0] == name[0] &&
	    strcmp(NAME(n), name) == 0;
}

/*
 * The parser keeps the attributes we read in one pool instead of libxml2's
 * xmlAttr nodes (three allocations each, most of a page's DOM memory): an
 * element's psvi holds the offset + 1 of its list of attributes, a 0 byte
 * ending it.  Each is the name's length (1-255) and the value's (3 bytes,
 * little-endian, EXTRACT_MAX_ATTR fitting), then "name\0value\0": a
 * lookup steps over those it does not want without reading them.
 */
#define POOL_HEAD 4
_Static_assert(EXTRACT_MAX_ATTR < (size_t)1 << 24,
    "an attribute's length fits its 3 bytes");

static inline const char *
pool_attr(const struct buf *pool, const xmlNode *n, const char *name)
{
	const unsigned char *p;

	if (n->type != XML_ELEMENT_NODE || !n->psvi || !pool ||
	    !pool->data)
		return NULL;
	for (p = (const unsigned char *)pool->data + (uintptr_t)n->psvi - 1;
	    *p;) {
		const char *nm = (const char *)p + POOL_HEAD;
		const char *v = nm + p[0] + 1;

		/* Names start with a letter: the first byte rules most out. */
		if (((unsigned char)nm[0] | 0x20) == (unsigned char)name[0] &&
		    strcasecmp(nm, name) == 0)
			return v;
		p = (const unsigned char *)v + ((size_t)p[1] |
		    (size_t)p[2] << 8 | (size_t)p[3] << 16) + 1;
	}
	return NULL;
}

/* The value of an attribute, "" when it has none, NULL when absent. */
static inline const char *
attr(const xmlNode *n, const char *name)
{
	return n->doc ? pool_attr(n->doc->_private, n, name) : NULL;
}

static inline int
heading_level(const xmlNode *n)
{
	const char *s = NAME(n);

	if (n->type == XML_ELEMENT_NODE && s[0] == 'h' && s[1] >= '1' &&
	    s[1] <= '6' && s[2] == '\0')
		return s[1] - '0';
	return 0;
}

static inline bool
in_list(const char *s, const char *const *list, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (s[0] == list[k][0] && strcmp(s, list[k]) == 0)
			return true;
	return false;
}

static inline bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline unsigned char
lower_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 'a' - 'A') : c;
}

/* The first place of needle in s, ignoring ASCII case. */
static inline const char *
strcasestr_ascii(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	unsigned char c0 = lower_ascii((unsigned char)needle[0]);

	if (n == 0)
		return *s ? s : NULL;
	/* The first byte tested here: a call per byte was 5 % of a page. */
	for (; *s; s++) {
		if (lower_ascii((unsigned char)*s) == c0 &&
		    strncasecmp(s, needle, n) == 0)
			return s;
	}
	return NULL;
}

/* Length of s with white space runs counted as one byte, ends trimmed. */
static inline size_t
folded_len(const char *s, bool *lead)
{
	size_t n = 0;
	bool sp = *lead;

	for (; *s; s++) {
		if (is_space((unsigned char)*s)) {
			sp = true;
			continue;
		}
		if (sp && n)
			n++;
		sp = false;
		n++;
	}
	*lead = sp;
	return n;
}

enum {
	TAG_BLOCK = 1,		/* in extract_block_tags */
	TAG_DIV_TO_P = 2	/* in extract_div_to_p_tags */
};

unsigned extract_tag_class(const xmlNode *n);
void extract_walk(xmlNode *root, enter_fn enter, leave_fn leave, void *ctx);
void extract_node_text(xmlNode *n, struct buf *out);
void extract_node_text_raw(xmlNode *n, struct buf *out);
void extract_fold_inplace(char *s);
char *extract_folded_text(xmlNode *n);
xmlNode *extract_first_element(xmlNode *n);
size_t extract_count_words(const char *s, size_t n);
bool extract_debugging(void);
void extract_debug_node(const char *what, xmlNode *n, const char *why);

/* stats.c: the figures of every element, kept in its _private. */

enum {
	INFO_HAS_BLOCK = 1,	/* a child that stops it being a paragraph */
	INFO_LAYOUT = 2,	/* a table cell below holds blocks */
	INFO_KEY = 4,		/* holds the headline or the article body */
	INFO_CANDIDATE = 8,
	INFO_SPINE = 16,	/* the best candidate or one of its ancestors */
	INFO_ANY_BLOCK = 32,	/* a block element below */
	INFO_BODY = 64,		/* holds an element classed as article body */
	INFO_LINKED_HEAD = 128	/* holds a heading that is a link */
};

/*
 * Per-element figures, one per element of the page, so kept small (a page
 * is under INT_MAX bytes, so 32 bits count its text); the first group is
 * recounted by extract_compute_infos.
 */
struct info {
	double score;
	unsigned text_len;
	unsigned link_len;
	unsigned p_len;		/* text inside <p> */
	unsigned commas;
	unsigned np, nimg;
	unsigned nlinks;
	unsigned char flags;
	unsigned char nkids;	/* element children, counted up to 2 */
	bool own_text;		/* a text node of its own, not blank */
	/* Fixed when the tree is bound: from the element's own attributes. */
	unsigned char tag;	/* TAG_* */
	unsigned short rule;	/* first word rule of id or class, or nrules */
	unsigned short word;	/* vocabulary slot of the rule's word, else of
				   the first negative word, or VOCAB_SIZE */
	signed char weight;	/* class_weight() */
	bool rule_in_id;
	bool body_hint;		/* class/id/itemprop names the article body */
	bool embed;		/* class names a post quoted from elsewhere */
	/* Fixed when the tree is bound: where paths.c finds it. */
	struct sib_group *group;	/* its parent's children of its name */
	unsigned place;		/* 1-based, in document order */
};

#define INFO_COUNTS offsetof(struct info, tag)

struct sib_group;

struct infos {
	struct info *v;
	size_t n, cap;
	/*
	 * By vocabulary slot: words the page's template uses for its
	 * content boxes (a page builder's "widget"), neither chrome nor
	 * negative on this page; NULL until extract_find_vocabulary finds
	 * one.
	 */
	bool *ignored;
	const char *site;	/* the page's address, else its canonical one:
				   whose host the site's own links share */
	struct sib_group *groups;	/* paths.c's */
	size_t ngroups;
};

static inline struct info *
info_of(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
}

static inline unsigned
node_tag_class(const xmlNode *n)
{
	const struct info *i = n->_private;

	return i ? i->tag : extract_tag_class(n);
}

static inline bool
is_block(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	    (node_tag_class(n) & TAG_BLOCK);
}

static inline int
class_weight(const xmlNode *n)
{
	const struct info *i = n->type == XML_ELEMENT_NODE ? n->_private :
	    NULL;

	return i ? i->weight : 0;
}

static inline double
link_density(const struct info *i)
{
	return i->text_len ? (double)i->link_len / (double)i->text_len : 0;
}

void extract_bind_infos(xmlNode *root, struct infos *in);
void extract_compute_infos(xmlNode *root, struct infos *in);
void extract_find_vocabulary(xmlNode *root, struct infos *in);

/* paths.c: element paths for the removal log, in time the depth takes. */

void extract_bind_paths(xmlNode *root, struct infos *in);
void extract_release_paths(struct infos *in);
/* Before n is unlinked: the indexes of its later namesakes go down. */
void extract_path_unlink(const xmlNode *n);
/* xmlGetNodePath(n) as the tree stands; the caller frees it. */
char *extract_node_path(const xmlNode *n);

/* vocab.c: what an element's class, id and itemprop say. */

#define EXTRACT_VOCAB_SIZE 1024	/* a power of two, over twice the words */

bool extract_has_word(const char *s, const char *word, enum extract_match m);
/* Whether s holds any of the n words of w. */
bool extract_has_any_word(const char *s, const struct extract_class_word *w,
    size_t n);
/* ignored: words of in->ignored, or NULL. */
void extract_bind_info(const xmlNode *n, struct info *i, const bool *ignored);
const char *extract_vocab_word(size_t k);
bool extract_vocab_neutral(size_t k);

/* charset.c: the page's bytes decoded to clean UTF-8. */

/*
 * The page decoded to clean UTF-8 a piece at a time, as the parser reads
 * it, so the whole page never exists twice.
 */
struct decoder {
	const unsigned char *in;	/* borrowed, or inside owned */
	size_t len, pos;
	char *owned;		/* the caller's block we free, or NULL */
	iconv_t cd;		/* (iconv_t)-1: in is UTF-8 already */
	bool done;
	struct buf out;		/* decoded, not yet read */
	size_t off;		/* of out, read so far */
};

size_t extract_utf8_len(const unsigned char *p, size_t n);
int extract_decoder_read(void *ctx, char *buffer, int len);
void extract_decoder_release(struct decoder *d);
void extract_decode(const char *data, size_t len, const char *transport,
    struct article *a, struct decoder *d);

/* parse.c: the tree, built as the decoder delivers the page. */

xmlDoc *extract_parse(struct decoder *d, const char *base, struct buf *pool,
    bool *truncated);

/* metadata.c: title, byline, dates and links from the page. */

#define EXTRACT_MAX_NAMES 12	/* authors kept of one source */
#define META_MAX_HEADS 12	/* headline candidates kept */
#define META_RECENT 75		/* short elements kept before the <h1> */

/* Names in the order a source gives them, each once. */
struct extract_names {
	char *v[EXTRACT_MAX_NAMES];
	size_t n;
};

/* A heading that may be the headline. */
struct meta_head {
	char *text;
	bool h1;		/* an <h1>, else a heading by class, itemprop */
	bool logo;		/* says it is the site's logo or name */
};

/* The facts of the page's JSON-LD kept, by meta_ld_field. */
#define META_LD_FIELDS 6

struct meta {
	char *field[EXTRACT_META_NFIELDS];	/* <meta> by field */
	int row[EXTRACT_META_NFIELDS];	/* its extract_meta_names row */
	struct extract_names meta_authors;	/* of the best row */
	size_t author_row;
	char *title_tag;
	struct meta_head heads[META_MAX_HEADS];
	size_t nheads;
	char *ld[META_LD_FIELDS];
	int ld_rank[META_LD_FIELDS];
	struct extract_names ld_authors;
	int ld_author_rank;
	int ld_author_script;	/* which script gave them */
	int nscripts;
	struct extract_names item_authors;	/* itemprop="author" */
	char *rel_author, *byline_el, *by_line;
	char *item_pub, *item_mod;	/* itemprop datePublished, ... */
	char *time_pub, *time_mod;	/* <time> said to be either */
	bool time_by_h1;	/* time_pub is the first after the <h1> */
	char *text_pub, *text_mod;	/* dates written in the page */
	char *near_pub, *near_mod;	/* a line that is a date, by the <h1> */
	char *first_pub;	/* "originally published on ..." */
	const char *first_seen;	/* the last text first_published read */
	char *line_pub, *line_mod;	/* "Posted on ...", anywhere */
	xmlNode *recent[META_RECENT];	/* short elements before the <h1> */
	size_t recent_at[META_RECENT];	/* nelems when each was entered */
	size_t nrecent;
	size_t nelems;		/* elements entered */
	size_t byline_at;	/* nelems at the first byline, or 0 */
	char *canonical, *lang;
	xmlNode *zone;		/* comments or related links being walked */
	bool seen_h1;
	size_t after_h1;	/* elements entered since the first <h1> */
	char written_by;	/* N of a twitter:labelN "Written by" */
	char *label_author;	/* its twitter:dataN */
	char *ld_body;		/* JSON-LD articleBody, unfolded */
	int ld_body_rank;
};

/*
 * The href of root's <link rel="canonical">, borrowed from the tree, or
 * NULL: the site a page is on, known before its head is read.
 */
const char *extract_head_canonical(xmlNode *root);
enum walk_act extract_meta_enter(xmlNode *n, void *ctx);
void extract_meta_leave(xmlNode *n, void *ctx);
void extract_meta_release(struct meta *m);
void extract_fill_meta(struct article *a, struct meta *m, const char *base);

/* byline.c: authors' names out of the text around them. */

/*
 * Whether s can be an author's name: not empty, not too long, no URL,
 * handle or address, not only words that name no one ("Staff").
 */
bool extract_name_ok(const char *s);
/* Whether name s is a group's ("Podium Staff", "Editorial Team"). */
bool extract_team_name(const char *s);
/*
 * The names of byline text ("By Ana Ruiz | 2 Dec 2026" -> "Ana Ruiz"), or
 * NULL when it holds none or names no author ("Photos by ...").
 */
char *extract_byline_name(const char *text);
/*
 * Length of the word or phrase of list (lower case) that s starts with,
 * when no letter follows it ("Updated:", "By Ana"), else 0.
 */
size_t extract_label_len(const char *s, const char *const *list, size_t n);
void extract_names_add(struct extract_names *l, const char *name);
void extract_names_release(struct extract_names *l);
/* The names of l that pass extract_name_ok joined by ", ", or NULL. */
char *extract_names_join(const struct extract_names *l);

/* date.c: dates in any form read into ISO 8601 (extract.h). */

/* Bytes of a punctuation or space character at p that is not ASCII, or 0. */
size_t extract_utf8_mark(const unsigned char *p);
/* The month (1-12) a name or abbreviation of len bytes at s is, or 0. */
int extract_month_of(const char *s, size_t len);

/* chrome.c: the site's chrome removed by class, id, role and tag. */

struct threads;

struct remover {
	struct article *a;
	struct infos *in;
	struct threads *threads;	/* thread.c's figures of the page */
	size_t body_p_len;
	size_t body_text_len;
	xmlNode *body;
	xmlNode **dead;		/* unlinked by the phrase pass, not yet freed */
	size_t ndead, deadcap;
};

bool extract_holds_most(const struct remover *r, const struct info *i);
void extract_removal_add(struct article *a, enum chrome_kind kind, char *rule,
    const char *path, const char *text, size_t len);
void extract_log_node(struct article *a, xmlNode *n, enum chrome_kind kind,
    const char *rule);
void extract_log_removal(struct remover *r, xmlNode *n, enum chrome_kind kind,
    const char *rule);
const struct extract_word_rule *extract_word_rule_of(const xmlNode *n,
    const char **which);
/* Returns the text of the readers' threads that open the page. */
size_t extract_remove_chrome(xmlNode *body, struct infos *in,
    struct article *a);

/* phrase.c: chrome headings and lines, and the sections they open. */

struct phrase_hit {
	xmlNode *n;
	enum chrome_kind kind;
	const char *text;	/* the phrase or word that matched */
	bool line;		/* a text line, not a heading */
	bool thread;		/* a thread's lead, not a phrase rule's */
};

struct phrase_find {
	struct phrase_hit *v;
	size_t n, cap;
	const struct threads *threads;
};

void extract_norm_phrase(const char *s, char *out, size_t cap);
bool extract_heading_like_class(const xmlNode *n);
enum walk_act extract_phrase_enter(xmlNode *n, void *ctx);
bool extract_attached(const struct remover *r, const xmlNode *n);
void extract_bury(struct remover *r, xmlNode *n);
int extract_opening_level(xmlNode *n);
void extract_remove_phrase(struct remover *r, const struct phrase_hit *f);

/* thread.c: readers' comment threads known by their shape. */

enum {
	THREAD_STAMP = 1,	/* a line with a time stamp */
	THREAD_NAMED = 2,	/* a time stamp with a name beside it */
	THREAD_ACTION = 4,	/* a line of actions on one item, a permalink */
	THREAD_FORM = 8,	/* a posting form: a textarea */
	THREAD_LEAD = 16,	/* a line announcing readers' contributions */
	THREAD_STRONG = 32,	/* a lead with a count, or a placeholder */
	THREAD_NOTICE = 64,	/* a moderation notice */
	THREAD_REPLY = 128,	/* actions that answer or report the item */
	THREAD_RUN = 256	/* a run of items below */
};

/* Reads body once for the figures below; free with extract_threads_free. */
struct threads *extract_thread_scan(xmlNode *body, const struct infos *in);
void extract_threads_free(struct threads *t);
/* THREAD_* of n's lines and those below it. */
unsigned extract_thread_flags(const struct threads *t, const xmlNode *n);
/* Whether box holds nothing but h and a thread's furniture. */
bool extract_thread_furniture(const struct threads *t, const xmlNode *box,
    const xmlNode *h);
/* Whether n's line, or one of its block's, may announce a thread. */
bool extract_thread_may_lead(const struct threads *t, const xmlNode *n);
/* The phrase or stem by which short element n announces a thread, or NULL. */
const char *extract_thread_lead(xmlNode *n, unsigned *flags);
/* Removes a comments hit with its section; false: the phrase rules' to do. */
bool extract_thread_section(struct remover *r, const struct phrase_hit *hit);
/* Removes the threads left; returns the text of those opening the page. */
size_t extract_remove_threads(struct remover *r);

/* score.c: the container that holds the article. */

struct scorer {
	xmlNode **cand;
	size_t ncand, cap;
	xmlNode *body;
};

enum walk_act extract_score_enter(xmlNode *n, void *ctx);
xmlNode *extract_pick_top(struct scorer *s);
bool extract_sibling_ok(xmlNode *top, xmlNode *n);
bool extract_teasers(const xmlNode *n);
bool extract_repeats_sibling(xmlNode *n);
xmlNode *extract_holder_of(xmlNode *top, xmlNode *body, size_t len);

/* blocks.c: the article as blocks of text and clean markup. */

struct frame {
	xmlNode *node;		/* the element that opened it, or NULL */
	int kind;		/* a block_kind, or -1 for a neutral block */
	int level;
	const char *close;	/* HTML closing tag, or NULL */
	size_t mark;		/* html length after the opening tag */
};

struct builder {
	struct article *a;
	const char *base;
	xmlNode *root;
	struct buf text, inl, html;
	size_t link_len;
	int in_link;
	size_t link_from;	/* text length where the outer link opened */
	size_t link_len_from;	/* link_len there */
	bool has_img;
	bool keep_all;		/* no conditional cleaning (the fallback) */
	bool in_caption;	/* the block holds a caption-classed element */
	bool failed;		/* a block's markup passed its cap */
	struct frame *st;
	xmlNode *at;		/* the element being entered */
	size_t nst, cap;
	size_t bcap;
};

void extract_build_article(struct builder *b, xmlNode *body, xmlNode *top);
size_t extract_article_len(const struct article *a);
void extract_drop_blocks(struct builder *b);
void extract_text_blocks(struct builder *b, const char *text);

/* lines.c: boilerplate lines and photo credits inside the text. */

const char *extract_line_rule(const char *text, enum chrome_kind *kind);
size_t extract_credit_tail(const char *s, size_t len);
void extract_cut_inline_tail(struct buf *inl, const char *tail);

/* html.c: links, escaping and the standalone document. */

char *extract_abs_url(const char *ref, const char *base);
void extract_html_escape(struct buf *b, const char *s, bool quote);
/* Fails (RC_CONTENT) if the document would pass its cap. */
int extract_assemble(struct article *a, const struct buf *body,
    struct error *err);

#endif
