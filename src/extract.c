#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <threads.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "buf.h"
#include "extract.h"
#include "extract/rules.h"
#include "xalloc.h"

#define SNIFF_LEN 4096
#define HEADING_MAX 120		/* longest heading text matched as chrome */
#define LINE_MAX_LEN 240	/* longest text line matched as chrome */
#define BODY_KEY_MIN 400	/* text a body-classed element needs to be key */

/* ------------------------------------------------------------ charset */

/* Byte length of the valid UTF-8 sequence at p, 0 if invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;
		if (c == 0xed && p[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/*
 * Length of the invalid sequence at p that one U+FFFD replaces: the WHATWG
 * "maximal subpart", a lead byte and as many of its continuation bytes as
 * could still begin a valid sequence, else the one byte alone.  So a
 * truncated E2 82 is one U+FFFD, while a surrogate ED A0 80 is three.
 */
static size_t
utf8_bad_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], lo = 0x80, hi = 0xbf;
	size_t need, k;

	if (c >= 0xe0 && c <= 0xef)
		need = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4;
	else
		return 1;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < 2 || p[1] < lo || p[1] > hi)
		return 1;
	for (k = 2; k < need && k < n && (p[k] & 0xc0) == 0x80; k++)
		;
	return k;
}

static bool
valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_len(p + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/*
 * Copies the UTF-8 sequences of p[0..n) that start in [from, to) into out,
 * replacing NUL, the non-characters libxml2 rejects and each maximal subpart
 * of an invalid sequence with one U+FFFD and other C0 controls with a space,
 * so the parser never stops early on a bad byte.  Returns where the next
 * sequence starts (a sequence may run past to, never past n), so a page can
 * be cleaned piece by piece.
 */
static size_t
sanitize_utf8(const unsigned char *p, size_t n, size_t from, size_t to,
    struct buf *out)
{
	static const char fffd[] = "\xef\xbf\xbd";
	size_t i = from, k, run = from;

	while (i < to) {
		if (p[i] >= 0x20 && p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_len(p + i, n - i);
		if (k == 1 && (p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) {
			i++;
			continue;
		}
		if (k > 1 && !(k == 3 && p[i] == 0xef && p[i + 1] == 0xbf &&
		    p[i + 2] >= 0xbe)) {
			i += k;
			continue;
		}
		buf_add(out, p + run, i - run);
		if (k == 1 && p[i] != 0)
			buf_addch(out, ' ');
		else
			buf_add(out, fffd, 3);
		i += k ? k : utf8_bad_len(p + i, n - i);
		run = i;
	}
	buf_add(out, p + run, i - run);
	return i;
}

#define DECODE_CHUNK 65536

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

/*
 * Moves what is left of an owned page to the front of its block and shrinks
 * the block, so a big page's bytes are let go while the tree is growing
 * rather than after it is built.  Only when a quarter of the rest has been
 * read, so the copying stays linear in the page size.
 */
#define DECODE_COMPACT ((size_t)1 << 20)

static void
decoder_compact(struct decoder *d)
{
	size_t used, left;

	if (!d->owned)
		return;
	used = (size_t)((const char *)d->in - d->owned) + d->pos;
	left = d->len - d->pos;
	if (used < DECODE_COMPACT || used < left / 4)
		return;
	memmove(d->owned, d->in + d->pos, left);
	d->owned = xrealloc(d->owned, left + 1);
	d->in = (const unsigned char *)d->owned;
	d->len = left;
	d->pos = 0;
}

/* Converts up to DECODE_CHUNK more bytes, U+FFFD for undecodable ones. */
static void
decoder_fill(struct decoder *d)
{
	char chunk[8192];
	char *in = (char *)d->in + d->pos, *o;
	size_t inleft = d->len - d->pos, oleft, r, start = d->out.len;

	if (d->cd == (iconv_t)-1) {
		r = d->pos + DECODE_CHUNK < d->len ? d->pos + DECODE_CHUNK :
		    d->len;
		d->pos = sanitize_utf8(d->in, d->len, d->pos, r, &d->out);
		d->done = d->pos >= d->len;
		decoder_compact(d);
		return;
	}
	while (inleft > 0 && d->out.len - start < DECODE_CHUNK) {
		o = chunk;
		oleft = sizeof(chunk);
		r = iconv(d->cd, &in, &inleft, &o, &oleft);
		/* iconv writes whole characters, so pieces clean alone. */
		sanitize_utf8((unsigned char *)chunk, sizeof(chunk) - oleft, 0,
		    sizeof(chunk) - oleft, &d->out);
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		buf_add(&d->out, "\xef\xbf\xbd", 3);
		if (errno == EINVAL) {
			inleft = 0;
			break;
		}
		in++;
		inleft--;
		iconv(d->cd, NULL, NULL, NULL, NULL);
	}
	d->pos = d->len - inleft;
	if (inleft == 0) {
		o = chunk;
		oleft = sizeof(chunk);
		iconv(d->cd, NULL, NULL, &o, &oleft);
		sanitize_utf8((unsigned char *)chunk, sizeof(chunk) - oleft, 0,
		    sizeof(chunk) - oleft, &d->out);
		d->done = true;
	}
	decoder_compact(d);
}

/* libxml2's read callback: up to len decoded bytes, 0 at the end. */
static int
decoder_read(void *ctx, char *buffer, int len)
{
	struct decoder *d = ctx;
	size_t n;

	if (d->off == d->out.len) {
		buf_reset(&d->out);
		d->off = 0;
		while (d->out.len == 0 && !d->done)
			decoder_fill(d);
	}
	n = d->out.len - d->off;
	if (n > (size_t)len)
		n = (size_t)len;
	if (n)
		memcpy(buffer, d->out.data + d->off, n);
	d->off += n;
	return (int)n;
}

static void
decoder_release(struct decoder *d)
{
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	d->cd = (iconv_t)-1;
	buf_release(&d->out);
	free(d->owned);
	d->owned = NULL;
	d->in = NULL;
	d->len = d->pos = 0;
}

/* The name we decode by, after the aliases browsers apply. */
static char *
charset_name(const char *s, size_t n)
{
	static const char *const alias[][2] = {
		{ "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" },
		{ "utf-16", "utf-8" }, { "utf-16le", "utf-8" },
		{ "utf-16be", "utf-8" },
		{ "iso-8859-1", "windows-1252" }, { "iso8859-1", "windows-1252" },
		{ "latin1", "windows-1252" }, { "l1", "windows-1252" },
		{ "us-ascii", "windows-1252" }, { "ascii", "windows-1252" },
		{ "cp1252", "windows-1252" }, { "x-cp1252", "windows-1252" },
		{ "iso_8859-1", "windows-1252" },
		{ "sjis", "shift_jis" }, { "shift-jis", "shift_jis" },
		{ "x-sjis", "shift_jis" }, { "ms_kanji", "shift_jis" },
		{ "gb2312", "gbk" }, { "x-gbk", "gbk" },
	};
	char *name;
	size_t i;

	while (n && (*s == ' ' || *s == '\t' || *s == '"' || *s == '\''))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 40)
		return NULL;
	name = xstrndup(s, n);
	for (i = 0; name[i]; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] += 'a' - 'A';
	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++) {
		if (strcmp(name, alias[i][0]) == 0) {
			free(name);
			return xstrdup(alias[i][1]);
		}
	}
	return name;
}

/* The charset named by a <meta> in the first SNIFF_LEN bytes, or NULL. */
static char *
sniff_meta(const char *data, size_t len)
{
	size_t n = len < SNIFF_LEN ? len : SNIFF_LEN, i, j, end, v;

	for (i = 0; i + 5 < n; i++) {
		if (data[i] != '<' || strncasecmp(data + i + 1, "meta", 4))
			continue;
		for (end = i; end < n && data[end] != '>'; end++)
			;
		for (j = i + 5; j + 7 <= end; j++) {
			if (strncasecmp(data + j, "charset", 7))
				continue;
			v = j + 7;
			while (v < end && (data[v] == ' ' || data[v] == '\t'))
				v++;
			if (v >= end || data[v] != '=')
				continue;
			v++;
			while (v < end && (data[v] == ' ' || data[v] == '"' ||
			    data[v] == '\''))
				v++;
			j = v;
			while (v < end && data[v] != '"' && data[v] != '\'' &&
			    data[v] != ' ' && data[v] != ';' && data[v] != '/' &&
			    data[v] != '>')
				v++;
			return charset_name(data + j, v - j);
		}
	}
	return NULL;
}

/*
 * Sets d up to decode data (borrowed while d is used) to sanitized UTF-8;
 * records in a the charset it chose and where it found it.
 */
static void
decode(const char *data, size_t len, const char *transport,
    struct article *a, struct decoder *d)
{
	const unsigned char *u = (const unsigned char *)data;
	char *cs = NULL;
	const char *src = "default";
	size_t skip = 0;

	memset(d, 0, sizeof(*d));
	d->cd = (iconv_t)-1;
	buf_init(&d->out, BUF_MAX_DEFAULT);
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		cs = xstrdup("utf-8");
		skip = 3;
		src = "bom";
	} else if (len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		cs = xstrdup("utf-16le");
		skip = 2;
		src = "bom";
	} else if (len >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		cs = xstrdup("utf-16be");
		skip = 2;
		src = "bom";
	}
	if (!cs && transport && *transport) {
		cs = charset_name(transport, strlen(transport));
		src = "http";
	}
	if (!cs) {
		cs = sniff_meta(data, len);
		src = "meta";
	}
	if (cs && strcmp(cs, "utf-8") != 0) {
		d->cd = iconv_open("UTF-8", cs);
		/* An unknown name falls through to the default sniffing. */
		if (d->cd == (iconv_t)-1 && strcmp(src, "bom") != 0) {
			free(cs);
			cs = NULL;
		} else if (d->cd == (iconv_t)-1) {
			d->done = true;	/* an unknown BOM: nothing to read */
		}
	}
	if (!cs) {
		src = "default";
		cs = xstrdup(valid_utf8(u, len) ? "utf-8" : "windows-1252");
		if (strcmp(cs, "windows-1252") == 0)
			d->cd = iconv_open("UTF-8", cs);
	}
	d->in = u + skip;
	d->len = len - skip;
	a->charset = cs;
	a->charset_source = xstrdup(src);
}

/* ------------------------------------------------------------ DOM helpers */

#define NAME(n) ((const char *)(n)->name)

static bool
is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp(NAME(n), name) == 0;
}

/*
 * The parser keeps the attributes we read in one pool instead of libxml2's
 * xmlAttr nodes (three allocations each, most of a page's DOM memory): an
 * element's psvi holds the offset + 1 of its "name\0value\0...\0" list.
 */
static const char *
pool_attr(const struct buf *pool, const xmlNode *n, const char *name)
{
	const char *p;

	if (n->type != XML_ELEMENT_NODE || !n->psvi || !pool ||
	    !pool->data)
		return NULL;
	for (p = pool->data + (uintptr_t)n->psvi - 1; *p;) {
		const char *v = p + strlen(p) + 1;

		if (strcasecmp(p, name) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

/* The value of an attribute, "" when it has none, NULL when absent. */
static const char *
attr(const xmlNode *n, const char *name)
{
	return n->doc ? pool_attr(n->doc->_private, n, name) : NULL;
}

static int
heading_level(const xmlNode *n)
{
	const char *s = NAME(n);

	if (n->type == XML_ELEMENT_NODE && s[0] == 'h' && s[1] >= '1' &&
	    s[1] <= '6' && s[2] == '\0')
		return s[1] - '0';
	return 0;
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "dd", "details", "div",
	"dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
	"h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li",
	"main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
	"tfoot", "th", "thead", "tr", "ul", "center", "summary", NULL
};

/* Children that keep a div from being read as one paragraph. */
static const char *const div_to_p_tags[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
	"section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
	NULL
};

enum {
	TAG_BLOCK = 1,		/* in block_tags */
	TAG_DIV_TO_P = 2	/* in div_to_p_tags */
};

/* TAG_* of an element name, without the per-element cache. */
static unsigned
tag_class(const xmlNode *n)
{
	unsigned f = 0;

	if (in_list(NAME(n), block_tags))
		f |= TAG_BLOCK;
	if (in_list(NAME(n), div_to_p_tags))
		f |= TAG_DIV_TO_P;
	return f;
}

static unsigned node_tag_class(const xmlNode *n);

static bool
is_block(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	    (node_tag_class(n) & TAG_BLOCK);
}

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The first place of needle (lower case) in s, ignoring ASCII case. */
static const char *
strcasestr_ascii(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

/* Length of s with white space runs counted as one byte, ends trimmed. */
static size_t
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

enum walk_act {
	WALK_DESCEND,
	WALK_SKIP,
	WALK_REMOVE
};

typedef enum walk_act (*enter_fn)(xmlNode *n, void *ctx);
typedef void (*leave_fn)(xmlNode *n, void *ctx);

/*
 * Visits root's subtree in document order without recursion: enter() says
 * whether to go into a node, skip it or remove it; leave() runs after the
 * children of each node entered with WALK_DESCEND.  Removing root itself is not allowed.
 */
static void
walk(xmlNode *root, enter_fn enter, leave_fn leave, void *ctx)
{
	xmlNode *n = root, *next, *parent;
	enum walk_act act;
	bool at_root;

	for (;;) {
		act = enter(n, ctx);
		if (act == WALK_REMOVE && n == root)
			act = WALK_SKIP;
		if (act == WALK_DESCEND && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			at_root = n == root;
			next = at_root ? NULL : n->next;
			parent = n->parent;
			if (act == WALK_REMOVE) {
				xmlUnlinkNode(n);
				xmlFreeNode(n);
			} else if (leave && act == WALK_DESCEND) {
				leave(n, ctx);
			}
			act = WALK_DESCEND;
			if (at_root)
				return;
			if (next) {
				n = next;
				break;
			}
			n = parent;
		}
	}
}

struct text_ctx {
	struct buf *out;
};

static enum walk_act
text_enter(xmlNode *n, void *ctx)
{
	struct text_ctx *t = ctx;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			buf_addstr(t->out, (const char *)n->content);
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (is_el(n, "script") || is_el(n, "style"))
		return WALK_SKIP;
	if (is_el(n, "br") || (is_block(n) && t->out->len))
		buf_addch(t->out, ' ');
	return WALK_DESCEND;
}

/* Appends the text content of n (blocks separated by a space) to out. */
static void
node_text(xmlNode *n, struct buf *out)
{
	struct text_ctx t = { out };

	walk(n, text_enter, NULL, &t);
}

static enum walk_act
raw_enter(xmlNode *n, void *ctx)
{
	if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
	    n->content)
		buf_addstr(ctx, (const char *)n->content);
	return WALK_DESCEND;
}

/* Appends the bare text of n's text nodes (a script's source) to out. */
static void
node_text_raw(xmlNode *n, struct buf *out)
{
	walk(n, raw_enter, NULL, out);
}

/* Folds white space of s in place (NBSP too) and trims it. */
static void
fold_inplace(char *s)
{
	char *w = s, *r = s;
	bool sp = false;

	while (*r) {
		if (is_space((unsigned char)*r)) {
			sp = true;
			r++;
			continue;
		}
		if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
			sp = true;
			r += 2;
			continue;
		}
		if (sp && w > s)
			*w++ = ' ';
		sp = false;
		*w++ = *r++;
	}
	*w = '\0';
}

static char *
folded_text(xmlNode *n)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	char *s;

	node_text(n, &b);
	s = buf_detach(&b, NULL);
	fold_inplace(s);
	return s;
}

/* ------------------------------------------------------------ class words */

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
	static const char *const pre[] = {
		"tag-", "category-", "format-", "status-", "type-", "postid-",
		"has-", "is-", "with-", "no-", "single-", NULL
	};
	const char *const *p;

	if (!strchr("tcfsphiwnTCFSPHIWN", t[0]))
		return false;
	for (p = pre; *p; p++)
		if (n > strlen(*p) && strncasecmp(t, *p, strlen(*p)) == 0)
			return true;
	return false;
}

/*
 * Whether the class or id value s holds word: as a whole white-space token,
 * or (EXTRACT_PART) as one of a token's parts split on - and _, so "ad"
 * matches "ad-slot" and "google_ad" but not "header" or "load".
 */
static bool
has_word(const char *s, const char *word, enum extract_match m)
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

/*
 * Every word of the class/id vocabulary (chrome rules, content hints) in one
 * hash table, so a class value is scanned once per element however long
 * the tables grow.
 */
#define VOCAB_SIZE 1024		/* a power of two, over twice the words */

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
};

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
		if (e) {
			if (e->token_rule < w->rule)
				w->rule = e->token_rule;
			w->hint |= e->hint;
		}
		if (!split)
			continue;
		for (p = t; p < s; p = q + 1) {
			for (q = p; q < s && *q != '-' && *q != '_'; q++)
				;
			e = vocab_find(p, (size_t)(q - p));
			if (!e)
				continue;
			if (e->part_rule < w->rule)
				w->rule = e->part_rule;
			w->hint |= e->hint & (VOCAB_NEG | VOCAB_POS |
			    VOCAB_EMBED);
		}
	}
}

/* ------------------------------------------------------------ node info */

enum {
	INFO_HAS_BLOCK = 1,	/* a child that stops it being a paragraph */
	INFO_LAYOUT = 2,	/* a table cell below holds blocks */
	INFO_KEY = 4,		/* holds the headline or the article body */
	INFO_CANDIDATE = 8,
	INFO_SPINE = 16,	/* the best candidate or one of its ancestors */
	INFO_ANY_BLOCK = 32,	/* a block element below */
	INFO_BODY = 64		/* holds an element classed as article body */
};

/*
 * Per-element figures, one per element of the page, so kept small (a page
 * is under INT_MAX bytes, so 32 bits count its text); the first group is
 * recounted by compute_infos.
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
	/* Fixed when the tree is bound: from the element's own attributes. */
	unsigned char tag;	/* TAG_* */
	unsigned short rule;	/* first word rule of id or class, or nrules */
	signed char weight;	/* class_weight() */
	bool rule_in_id;
	bool body_hint;		/* class/id/itemprop names the article body */
	bool embed;		/* class names a post quoted from elsewhere */
};

#define INFO_COUNTS offsetof(struct info, tag)

struct infos {
	struct info *v;
	size_t n, cap;
};

static struct info *
info_of(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
}

static enum walk_act
assign_enter(xmlNode *n, void *ctx)
{
	struct infos *in = ctx;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 1024;
		in->v = xrealloc(in->v, in->cap * sizeof(*in->v));
	}
	in->n++;
	n->_private = (void *)(uintptr_t)in->n;
	return WALK_DESCEND;
}

static enum walk_act fix_enter(xmlNode *n, void *ctx);

/* Gives every element below root its struct info, through _private. */
static void
bind_infos(xmlNode *root, struct infos *in)
{
	in->n = 0;
	walk(root, assign_enter, NULL, in);
	walk(root, fix_enter, NULL, in);
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

static void
bind_info(const xmlNode *n, struct info *i)
{
	struct words wi = { extract_nword_rules, 0 };
	struct words wc = { extract_nword_rules, 0 };
	unsigned h;

	memset(i, 0, sizeof(*i));
	i->tag = (unsigned char)tag_class(n);
	call_once(&vocab_once, vocab_build);
	scan_words(attr(n, "id"), &wi);
	scan_words(attr(n, "class"), &wc);
	i->rule_in_id = wi.rule <= wc.rule;
	i->rule = (unsigned short)(wi.rule <= wc.rule ? wi.rule : wc.rule);
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

static unsigned
node_tag_class(const xmlNode *n)
{
	const struct info *i = n->_private;

	return i ? i->tag : tag_class(n);
}

static int
class_weight(const xmlNode *n)
{
	const struct info *i = n->type == XML_ELEMENT_NODE ? n->_private :
	    NULL;

	return i ? i->weight : 0;
}

static enum walk_act
fix_enter(xmlNode *n, void *ctx)
{
	struct infos *in = ctx;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	n->_private = &in->v[(uintptr_t)n->_private - 1];
	bind_info(n, n->_private);
	return WALK_DESCEND;
}

static enum walk_act
stats_enter(xmlNode *n, void *ctx)
{
	struct info *p;
	const char *s, *ip;
	bool lead = true;

	(void)ctx;
	if (n->type == XML_TEXT_NODE && n->content) {
		p = info_of(n->parent);
		if (p) {
			p->text_len += folded_len((const char *)n->content,
			    &lead);
			for (s = (const char *)n->content; *s; s++)
				if (*s == ',')
					p->commas++;
		}
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	p = info_of(n);
	memset(p, 0, INFO_COUNTS);
	ip = attr(n, "itemprop");
	if (is_el(n, "h1") || is_el(n, "main") ||
	    (ip && strcasecmp(ip, "headline") == 0))
		p->flags |= INFO_KEY;
	if (is_el(n, "p"))
		p->np = 1;
	if (is_el(n, "img"))
		p->nimg = 1;
	if (is_el(n, "a"))
		p->nlinks = 1;
	return WALK_DESCEND;
}

static void
stats_leave(xmlNode *n, void *ctx)
{
	struct info *i = info_of(n), *p;

	(void)ctx;
	if (!i)
		return;
	if (is_el(n, "a"))
		i->link_len = i->text_len;
	if (is_el(n, "p"))
		i->p_len = i->text_len;
	/* A body class on a short box (a comment's own body) is no key. */
	if (i->body_hint && i->text_len >= BODY_KEY_MIN)
		i->flags |= INFO_KEY;
	if (i->body_hint && (i->text_len || i->nimg))
		i->flags |= INFO_BODY;
	if ((is_el(n, "td") || is_el(n, "th")) && (i->flags & INFO_HAS_BLOCK))
		i->flags |= INFO_LAYOUT;
	p = info_of(n->parent);
	if (!p)
		return;
	/* A separator between blocks, as the text would be read. */
	p->text_len += i->text_len + (i->text_len && p->text_len ? 1 : 0);
	p->link_len += i->link_len;
	p->p_len += i->p_len;
	p->commas += i->commas;
	p->np += i->np;
	p->nimg += i->nimg;
	p->nlinks += i->nlinks;
	p->flags |= i->flags & (INFO_LAYOUT | INFO_KEY | INFO_BODY);
	if (i->tag & TAG_DIV_TO_P)
		p->flags |= INFO_HAS_BLOCK;
	if ((i->flags & INFO_ANY_BLOCK) || is_block(n))
		p->flags |= INFO_ANY_BLOCK;
}

static void
compute_infos(xmlNode *root, struct infos *in)
{
	(void)in;
	walk(root, stats_enter, stats_leave, NULL);
}

static double
link_density(const struct info *i)
{
	return i->text_len ? (double)i->link_len / (double)i->text_len : 0;
}

/* ------------------------------------------------------------ removal */

struct remover {
	struct article *a;
	struct infos *in;
	size_t body_p_len;
	size_t body_text_len;
	xmlNode *body;
	xmlNode **dead;		/* unlinked by the phrase pass, not yet freed */
	size_t ndead, deadcap;
};

/* A wrapper holding most of the page's text is not chrome. */
static bool
holds_most(const struct remover *r, const struct info *i)
{
	return (i->p_len > 200 && i->p_len * 2 > r->body_p_len) ||
	    (i->text_len > 500 && i->text_len * 2 > r->body_text_len);
}

/* Appends an entry for removed.json; takes over rule. */
static void
removal_add(struct article *a, enum chrome_kind kind, char *rule,
    const xmlChar *path, const char *text, size_t len)
{
	struct removal *m;
	size_t n = a->nremoved;

	if ((n & (n - 1)) == 0)		/* 0, 1, 2, 4, ...: full */
		a->removed = xrealloc(a->removed,
		    (n ? n * 2 : 1) * sizeof(*a->removed));
	m = &a->removed[a->nremoved++];
	m->kind = kind;
	m->rule = rule;
	m->path = xstrdup(path ? (const char *)path : "");
	m->text_len = len;
	digest_sha256_hex(text ? text : "", len, m->sha256);
}

/* Logs element n, removed under rule, with its text's length and hash. */
static void
log_node(struct article *a, xmlNode *n, enum chrome_kind kind,
    const char *rule)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	xmlChar *path = xmlGetNodePath(n);

	node_text(n, &b);
	removal_add(a, kind, xstrdup(rule), path, b.data, b.len);
	xmlFree(path);
	buf_release(&b);
}

static void
log_removal(struct remover *r, xmlNode *n, enum chrome_kind kind,
    const char *rule)
{
	log_node(r->a, n, kind, rule);
}

static bool
inside_article(const xmlNode *n)
{
	const char *ip;

	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (is_el(n, "article") || is_el(n, "main"))
			return true;
		ip = attr(n, "itemprop");
		if (ip && strcasecmp(ip, "articleBody") == 0)
			return true;
	}
	return false;
}

static bool
is_hidden(const xmlNode *n, const char **rule)
{
	const char *v = attr(n, "hidden");
	char style[256];
	size_t i, j;

	if (v) {
		*rule = "hidden";
		return true;
	}
	v = attr(n, "aria-hidden");
	if (v && strcasecmp(v, "true") == 0) {
		*rule = "aria-hidden=true";
		return true;
	}
	v = attr(n, "style");
	if (!v)
		return false;
	for (i = j = 0; v[i] && j + 1 < sizeof(style); i++) {
		if (is_space((unsigned char)v[i]))
			continue;
		style[j++] = (char)(v[i] >= 'A' && v[i] <= 'Z' ?
		    v[i] + 'a' - 'A' : v[i]);
	}
	style[j] = '\0';
	if (strstr(style, "display:none")) {
		*rule = "style=display:none";
		return true;
	}
	if (strstr(style, "visibility:hidden")) {
		*rule = "style=visibility:hidden";
		return true;
	}
	return false;
}

#define CLUSTER_LINKS 3	/* fewest links of a link cluster in prose */
#define CLUSTER_PROSE 40	/* least other text of the prose around it */

static bool
linky_inline(const xmlNode *n)
{
	const struct info *i = info_of(n);

	return i && !is_block(n) && !is_el(n, "a") &&
	    i->nlinks >= CLUSTER_LINKS &&
	    (uint64_t)i->link_len * 10 >= (uint64_t)i->text_len * 9;
}

/*
 * Whether inline n is a cluster of links set inside a paragraph of prose
 * (a hover card of a person's latest stories): three links or more, nine
 * tenths of its text linked, while its block reads on without it.  The
 * innermost such element is the cluster, so a link it hangs from stays.
 */
static bool
link_cluster(const xmlNode *n)
{
	const struct info *i = info_of(n), *p;
	const xmlNode *up, *c;

	if (!linky_inline(n))
		return false;
	for (c = n->children; c; c = c->next)
		if (linky_inline(c))
			return false;
	for (up = n->parent; up && !is_block(up); up = up->parent)
		;
	p = info_of(up);
	return p && p->text_len - p->link_len >=
	    i->text_len - i->link_len + CLUSTER_PROSE;
}

/* The first word rule matching n's class or id, or NULL. */
static const struct extract_word_rule *
word_rule(const xmlNode *n, const char **which)
{
	const struct info *i = info_of(n);

	if (!i || i->rule >= extract_nword_rules)
		return NULL;
	*which = i->rule_in_id ? "id" : "class";
	return &extract_word_rules[i->rule];
}

static enum walk_act
remove_enter(xmlNode *n, void *ctx)
{
	struct remover *r = ctx;
	const struct extract_word_rule *w;
	const struct info *i;
	const char *rule = NULL, *which = NULL, *role;
	enum chrome_kind kind;
	char rbuf[128];
	size_t k;

	if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
		return WALK_REMOVE;
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (n == r->body || is_el(n, "html") || is_el(n, "body"))
		return WALK_DESCEND;
	for (k = 0; k < extract_ntag_rules; k++) {
		if (!extract_tag_rules[k].log &&
		    strcmp(NAME(n), extract_tag_rules[k].tag) == 0)
			return WALK_REMOVE;
	}
	i = info_of(n);
	if (i && (i->flags & INFO_KEY))
		return WALK_DESCEND;
	if (is_hidden(n, &rule)) {
		kind = CHROME_HIDDEN;
		goto remove;
	}
	w = word_rule(n, &which);
	if (w && !is_el(n, "a")) {
		kind = w->kind;
		snprintf(rbuf, sizeof(rbuf), "%s%s=%.60s", which,
		    w->match == EXTRACT_PART ? "~" : "", w->word);
		rule = rbuf;
		goto guarded;
	}
	role = attr(n, "role");
	for (k = 0; role && k < extract_nrole_rules; k++) {
		if (strcasecmp(role, extract_role_rules[k].role) == 0) {
			kind = extract_role_rules[k].kind;
			snprintf(rbuf, sizeof(rbuf), "role=%s",
			    extract_role_rules[k].role);
			rule = rbuf;
			goto guarded;
		}
	}
	for (k = 0; k < extract_ntag_rules; k++) {
		const struct extract_tag_rule *t = &extract_tag_rules[k];

		if (strcmp(NAME(n), t->tag))
			continue;
		if (t->outside_only && inside_article(n))
			break;
		kind = t->kind;
		snprintf(rbuf, sizeof(rbuf), "tag=%s", t->tag);
		rule = rbuf;
		goto guarded;
	}
	if (link_cluster(n)) {
		kind = CHROME_RELATED;
		rule = "link-cluster";
		goto remove;
	}
	return WALK_DESCEND;
guarded:
	if (kind != CHROME_COMMENTS && kind != CHROME_REPLY_FORM && i &&
	    (holds_most(r, i) || (i->flags & INFO_BODY)))
		return WALK_DESCEND;
remove:
	log_removal(r, n, kind, rule);
	return WALK_REMOVE;
}

/*
 * Lower-cases (ASCII, Latin-1 and Cyrillic), drops digits and punctuation
 * and folds spaces, so "3 Comments:" reads "comments".
 */
static void
norm_phrase(const char *s, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t j = 0;
	bool sp = false;

	while (*p && j + 4 < cap) {
		unsigned c = *p;

		if (c >= 0x80) {
			size_t k = utf8_len(p, strlen((const char *)p));
			unsigned char b0 = p[0], b1 = k > 1 ? p[1] : 0;

			if (k == 0)
				k = 1;
			if (k == 2 && b0 == 0xc3 && b1 >= 0x80 && b1 <= 0x9e &&
			    b1 != 0x97)
				b1 += 0x20;
			else if (k == 2 && b0 == 0xd0 && b1 >= 0x90 &&
			    b1 <= 0x9f)
				b1 += 0x20;
			else if (k == 2 && b0 == 0xd0 && b1 >= 0xa0 &&
			    b1 <= 0xaf) {
				b0 = 0xd1;
				b1 -= 0x20;
			}
			if ((k == 2 && b0 == 0xc2) || k == 3) {
				/* NBSP, quotes, dashes: separators. */
				sp = j > 0;
				p += k;
				continue;
			}
			if (sp) {
				out[j++] = ' ';
				sp = false;
			}
			out[j++] = (char)b0;
			if (k > 1)
				out[j++] = (char)b1;
			for (size_t m = 2; m < k; m++)
				out[j++] = (char)p[m];
			p += k;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (sp) {
				out[j++] = ' ';
				sp = false;
			}
			out[j++] = (char)(c | 0x20);
		} else {
			sp = j > 0;
		}
		p++;
	}
	out[j] = '\0';
}

static const struct extract_phrase_rule *
phrase_rule(const char *text)
{
	char norm[HEADING_MAX * 2 + 8];
	size_t k, n;

	norm_phrase(text, norm, sizeof(norm));
	for (k = 0; k < extract_nphrase_rules; k++) {
		const struct extract_phrase_rule *p = &extract_phrase_rules[k];

		n = strlen(p->text);
		if (strcmp(norm, p->text) == 0)
			return p;
		if (p->prefix && strncmp(norm, p->text, n) == 0 &&
		    norm[n] == ' ')
			return p;
	}
	return NULL;
}

struct phrase_hit {
	xmlNode *n;
	enum chrome_kind kind;
	const char *text;	/* the phrase or word that matched */
	bool line;		/* a text line, not a heading */
};

struct phrase_find {
	struct phrase_hit *v;
	size_t n, cap;
};

/* Whether n's class calls it a title or heading. */
static bool
heading_like_class(const xmlNode *n)
{
	const char *cls = attr(n, "class");

	return cls && (has_word(cls, "title", EXTRACT_PART) ||
	    has_word(cls, "heading", EXTRACT_PART));
}

static bool
heading_like(const xmlNode *n)
{
	return heading_level(n) || heading_like_class(n);
}

/* Whether a word rule of this kind on a heading opens a chrome section. */
static bool
section_kind(enum chrome_kind k)
{
	return k == CHROME_COMMENTS || k == CHROME_REPLY_FORM ||
	    k == CHROME_RELATED;
}

static void
add_hit(struct phrase_find *f, xmlNode *n, enum chrome_kind kind,
    const char *text, bool line)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	f->v[f->n].n = n;
	f->v[f->n].kind = kind;
	f->v[f->n].text = text;
	f->v[f->n].line = line;
	f->n++;
}

/* The phrase rule matching n's text, or NULL; n is short (info known). */
static const struct extract_phrase_rule *
node_phrase(xmlNode *n)
{
	const struct extract_phrase_rule *r;
	char *t = folded_text(n);

	r = phrase_rule(t);
	free(t);
	return r;
}

static xmlNode *next_link_list(xmlNode *n);

/* Whether n's text opens with a number. */
static bool
opens_with_count(xmlNode *n)
{
	char *t = folded_text(n);
	bool r = isdigit((unsigned char)*t) != 0;

	free(t);
	return r;
}

static enum walk_act
phrase_enter(xmlNode *n, void *ctx)
{
	struct phrase_find *f = ctx;
	const struct extract_phrase_rule *r;
	const struct extract_word_rule *w;
	const struct info *i;
	const char *which;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	i = info_of(n);
	if (!i || i->text_len == 0)
		return WALK_SKIP;
	if ((i->flags & INFO_KEY) && !heading_level(n))
		return WALK_DESCEND;
	if (heading_like(n) && i->text_len <= HEADING_MAX) {
		r = node_phrase(n);
		if (r) {
			add_hit(f, n, r->kind, r->text, false);
			return WALK_SKIP;
		}
		w = word_rule(n, &which);
		if (w && heading_level(n) && section_kind(w->kind))
			add_hit(f, n, w->kind, w->word, false);
		return WALK_SKIP;
	}
	if (!(i->tag & TAG_BLOCK) && !is_el(n, "span") &&
	    !is_el(n, "label") && !is_el(n, "small") && !is_el(n, "b") &&
	    !is_el(n, "strong"))
		return WALK_DESCEND;
	if (i->text_len <= HEADING_MAX && !(i->flags & INFO_ANY_BLOCK) &&
	    !is_el(n, "li") && !is_el(n, "a") && i->link_len * 2 < i->text_len) {
		/* A short line standing alone reads as a heading. */
		r = node_phrase(n);
		if (r && (r->kind == CHROME_COMMENTS ||
		    r->kind == CHROME_REPLY_FORM) && !r->prefix) {
			add_hit(f, n, r->kind, r->text, false);
			return WALK_SKIP;
		}
		if (r && r->kind == CHROME_REPLY_FORM && r->prefix) {
			add_hit(f, n, r->kind, r->text, true);
			return WALK_SKIP;
		}
		/* "Related posts:" over a list of links heads the list. */
		if (r && r->kind == CHROME_RELATED && !r->prefix &&
		    next_link_list(n)) {
			add_hit(f, n, r->kind, r->text, false);
			return WALK_SKIP;
		}
		/* "92 Responses to ...", "3 thoughts on ...": a count. */
		if (r && r->kind == CHROME_COMMENTS && r->prefix &&
		    opens_with_count(n)) {
			add_hit(f, n, r->kind, r->text, false);
			return WALK_SKIP;
		}
		return WALK_SKIP;
	}
	if (i->text_len <= LINE_MAX_LEN && !(i->flags & INFO_HAS_BLOCK) &&
	    (is_el(n, "p") || is_el(n, "div") || is_el(n, "span"))) {
		r = node_phrase(n);
		if (r && r->kind == CHROME_REPLY_FORM && r->prefix) {
			add_hit(f, n, r->kind, r->text, true);
			return WALK_SKIP;
		}
	}
	return WALK_DESCEND;
}

static xmlNode *
first_element(xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			return n;
		if (n->type == XML_TEXT_NODE && n->content) {
			bool lead = true;

			if (folded_len((const char *)n->content, &lead))
				return n;
		}
	}
	return NULL;
}

/*
 * The list of links that follows line n as its next element ("Related
 * posts:" then an <ol> of titles), or NULL.
 */
static xmlNode *
next_link_list(xmlNode *n)
{
	xmlNode *l = first_element(n->next);
	const struct info *i = info_of(l);

	if (!i || (!is_el(l, "ul") && !is_el(l, "ol")) ||
	    link_density(i) < 0.5)
		return NULL;
	return l;
}

static bool
removable_container(const struct remover *r, xmlNode *c,
    enum chrome_kind kind)
{
	const struct info *i = info_of(c);

	if (!i || c == r->body || is_el(c, "body") || is_el(c, "html") ||
	    (i->flags & INFO_KEY))
		return false;
	if (!is_el(c, "div") && !is_el(c, "section") && !is_el(c, "aside") &&
	    !is_el(c, "ul") && !is_el(c, "ol") && !is_el(c, "form") &&
	    !is_el(c, "header") && !is_el(c, "footer") && !is_el(c, "article") &&
	    !is_el(c, "p") && !is_el(c, "center") && !is_el(c, "b") &&
	    !is_el(c, "i") && !is_el(c, "strong") && !is_el(c, "span"))
		return false;
	if (kind != CHROME_COMMENTS && holds_most(r, i))
		return false;
	return true;
}

/* Unlinks n into the graveyard, freed once all hits are handled. */
static void
bury(struct remover *r, xmlNode *n)
{
	xmlUnlinkNode(n);
	if (r->ndead == r->deadcap) {
		r->deadcap = r->deadcap ? r->deadcap * 2 : 16;
		r->dead = xrealloc(r->dead, r->deadcap * sizeof(*r->dead));
	}
	r->dead[r->ndead++] = n;
}

static bool
attached(const struct remover *r, const xmlNode *n)
{
	for (; n; n = n->parent)
		if (n == r->body)
			return true;
	return false;
}

/* The heading level n opens, looking into a wrapper's first element. */
static int
opening_level(xmlNode *n)
{
	xmlNode *hd;
	int l = heading_level(n);

	if (!l && n->children) {
		hd = first_element(n->children);
		if (hd && hd->type == XML_ELEMENT_NODE)
			l = heading_level(hd);
	}
	return l;
}

/*
 * Removes a chrome heading with its container or the section it opens:
 * the siblings after it (or after the wrapper holding only it) up to the
 * next heading of its level or above.
 */
static void
remove_phrase(struct remover *r, const struct phrase_hit *f)
{
	xmlNode *h = f->n, *c = h, *n, *next;
	const struct info *hi = info_of(h), *ci;
	char rule[HEADING_MAX + 16];
	int level = heading_level(h), l;

	snprintf(rule, sizeof(rule), "%s=%s", f->line ? "text" : "heading",
	    f->text);
	if (f->line) {
		for (n = h->parent; n && n != r->body; n = n->parent) {
			const char *which;
			const struct extract_word_rule *w = word_rule(n, &which);

			if (is_el(n, "form") || (w &&
			    (w->kind == CHROME_REPLY_FORM ||
			    w->kind == CHROME_COMMENTS))) {
				if (removable_container(r, n, f->kind))
					c = n;
				break;
			}
		}
		log_removal(r, c, f->kind, rule);
		bury(r, c);
		return;
	}
	/* The heading heads its container: take the container. */
	while (c->parent && first_element(c->parent->children) == c &&
	    removable_container(r, c->parent, f->kind))
		c = c->parent;
	ci = info_of(c);
	if (!section_kind(f->kind) || (!level && c == h)) {
		/*
		 * Share, newsletter: the box alone; a bare line: itself, and
		 * the list of links it heads.
		 */
		xmlNode *list = c == h ? next_link_list(h) : NULL;

		log_removal(r, c, f->kind, rule);
		bury(r, c);
		if (list) {
			log_removal(r, list, f->kind, rule);
			bury(r, list);
		}
		return;
	}
	if (c != h && !(ci && hi && ci->text_len > hi->text_len + 40)) {
		/* A wrapper of the heading alone: its section follows it. */
		h = c;
	} else if (c != h) {
		log_removal(r, c, f->kind, rule);
		bury(r, c);
		return;
	}
	if (!level)
		level = 7;
	for (n = h->next; n; n = next) {
		next = n->next;
		if (n->type == XML_ELEMENT_NODE) {
			l = opening_level(n);
			if (l && l <= level)
				break;
			if (info_of(n) && (info_of(n)->flags & INFO_KEY))
				break;
			log_removal(r, n, f->kind, rule);
		}
		bury(r, n);
	}
	log_removal(r, h, f->kind, rule);
	bury(r, h);
}

static void
remove_chrome(xmlNode *body, struct infos *in, struct article *a)
{
	struct remover r;
	struct phrase_find f = { NULL, 0, 0 };
	size_t k;

	memset(&r, 0, sizeof(r));
	r.a = a;
	r.in = in;
	r.body = body;
	r.body_p_len = info_of(body)->p_len;
	r.body_text_len = info_of(body)->text_len;
	/* Sections first: a word rule would take their heading alone. */
	walk(body, phrase_enter, NULL, &f);
	for (k = 0; k < f.n; k++)
		if (attached(&r, f.v[k].n))
			remove_phrase(&r, &f.v[k]);
	for (k = 0; k < r.ndead; k++)
		xmlFreeNode(r.dead[k]);
	free(r.dead);
	free(f.v);
	walk(body, remove_enter, NULL, &r);
}

/* ------------------------------------------------------------ urls, html */

/*
 * ref resolved against base, or NULL when it is empty or its scheme is not
 * http, https, mailto or ftp (javascript:, data: and the like).
 */
static char *
abs_url(const char *ref, const char *base)
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

static void
html_escape(struct buf *b, const char *s, bool quote)
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

/* ------------------------------------------------------------ scoring */

struct scorer {
	xmlNode **cand;
	size_t ncand, cap;
	xmlNode *body;
};

static void
add_candidate(struct scorer *s, xmlNode *n)
{
	struct info *i = info_of(n);
	const char *t = NAME(n);

	if (i->flags & INFO_CANDIDATE)
		return;
	i->flags |= INFO_CANDIDATE;
	if (strcmp(t, "div") == 0 || strcmp(t, "article") == 0)
		i->score = 5;
	else if (strcmp(t, "pre") == 0 || strcmp(t, "td") == 0 ||
	    strcmp(t, "blockquote") == 0)
		i->score = 3;
	else if (strcmp(t, "address") == 0 || strcmp(t, "ol") == 0 ||
	    strcmp(t, "ul") == 0 || strcmp(t, "dl") == 0 ||
	    strcmp(t, "dd") == 0 || strcmp(t, "dt") == 0 ||
	    strcmp(t, "li") == 0 || strcmp(t, "form") == 0)
		i->score = -3;
	else if (heading_level(n) || strcmp(t, "th") == 0)
		i->score = -5;
	i->score += class_weight(n);
	if (s->ncand == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->cand = xrealloc(s->cand, s->cap * sizeof(*s->cand));
	}
	s->cand[s->ncand++] = n;
}

/* Credits a paragraph of len bytes to the elements above it. */
static void
score_para(struct scorer *s, xmlNode *parent, size_t len, unsigned commas)
{
	double score = 1 + commas + (double)(len / 100 < 3 ? len / 100 : 3);
	xmlNode *n;
	int level;

	for (n = parent, level = 0; n && level < 5 &&
	    n->type == XML_ELEMENT_NODE && info_of(n); n = n->parent, level++) {
		add_candidate(s, n);
		info_of(n)->score += score /
		    (level == 0 ? 1 : level == 1 ? 2 : level * 3);
		if (n == s->body)
			break;
	}
}

/*
 * Loose text beside blocks reads as paragraphs: each run of text and inline
 * elements between blocks (or between two <br>s in a row) is scored as one.
 */
static void
score_runs(struct scorer *s, xmlNode *n)
{
	xmlNode *c;
	const struct info *ci;
	const char *t;
	size_t len = 0;
	unsigned commas = 0;
	bool lead, br = false;

	for (c = n->children;; c = c->next) {
		bool end = c == NULL;

		if (c && c->type == XML_TEXT_NODE && c->content) {
			lead = true;
			if (folded_len((const char *)c->content, &lead) == 0)
				continue;
			lead = true;
			len += folded_len((const char *)c->content, &lead) + 1;
			for (t = (const char *)c->content; *t; t++)
				commas += *t == ',';
			br = false;
			continue;
		}
		if (c && c->type != XML_ELEMENT_NODE)
			continue;
		if (c && is_el(c, "br")) {
			end = br;
			br = true;
		} else if (c) {
			ci = info_of(c);
			end = is_block(c) || (ci->flags & INFO_ANY_BLOCK);
			if (!end) {
				len += ci->text_len + 1;
				commas += ci->commas;
				br = false;
			}
		}
		if (end) {
			if (len >= 26)
				score_para(s, n, len - 1, commas);
			len = 0;
			commas = 0;
		}
		if (!c)
			break;
	}
}

static enum walk_act
score_enter(xmlNode *n, void *ctx)
{
	struct scorer *s = ctx;
	struct info *i;
	const char *t;

	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	i = info_of(n);
	t = NAME(n);
	if (strcmp(t, "p") == 0 || strcmp(t, "pre") == 0 ||
	    strcmp(t, "td") == 0 ||
	    ((strcmp(t, "div") == 0 || strcmp(t, "section") == 0) &&
	    !(i->flags & INFO_HAS_BLOCK))) {
		if (i->text_len >= 25)
			score_para(s, n->parent, i->text_len, i->commas);
		return strcmp(t, "td") == 0 ? WALK_DESCEND : WALK_SKIP;
	}
	if (!(i->flags & INFO_ANY_BLOCK))
		return WALK_SKIP;	/* its text was a run of its parent */
	score_runs(s, n);
	return WALK_DESCEND;
}

static bool
ends_sentence(xmlNode *n)
{
	char *t = folded_text(n);
	size_t l = strlen(t);
	bool r = l && (t[l - 1] == '.' || t[l - 1] == '!' || t[l - 1] == '?');

	free(t);
	return r;
}

/* The best-scored container, or NULL when no paragraph was found. */
static xmlNode *
pick_top(struct scorer *s)
{
	xmlNode *top = NULL, *p;
	struct info *i;
	double best = 0, last, thr;
	size_t k;

	for (k = 0; k < s->ncand; k++) {
		i = info_of(s->cand[k]);
		i->score *= 1 - link_density(i);
		if (!top || i->score > best) {
			top = s->cand[k];
			best = i->score;
		}
	}
	if (!top)
		return NULL;
	for (p = top; p && p->type == XML_ELEMENT_NODE && info_of(p);
	    p = p->parent)
		info_of(p)->flags |= INFO_SPINE;
	/* Climb while a parent scores better, as Readability does. */
	last = best;
	thr = best / 3;
	if (top == s->body)
		return top;
	for (p = top->parent; p && p != s->body && p->type ==
	    XML_ELEMENT_NODE; p = p->parent) {
		i = info_of(p);
		if (!(i->flags & INFO_CANDIDATE))
			continue;
		if (i->score < thr)
			break;
		if (i->score > last) {
			top = p;
			break;
		}
		last = i->score;
	}
	while (top->parent && top->parent != s->body &&
	    top->parent->type == XML_ELEMENT_NODE &&
	    first_element(top->parent->children) == top && !top->next)
		top = top->parent;
	while (top->parent && top->parent != s->body &&
	    top->parent->type == XML_ELEMENT_NODE) {
		xmlNode *c, *only = NULL;
		int nel = 0;

		for (c = top->parent->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				nel++;
				only = c;
			}
		if (nel != 1 || only != top)
			break;
		top = top->parent;
	}
	return top;
}

/* Whether sibling n of top belongs to the article too. */
static bool
sibling_ok(xmlNode *top, xmlNode *n)
{
	struct info *ti = info_of(top), *i = info_of(n);
	double thr, bonus = 0, ld;
	const char *c1 = attr(top, "class"), *c2 = attr(n, "class");

	if (!ti || !i)
		return false;
	thr = ti->score * 0.2;
	if (thr < 10)
		thr = 10;
	if (c1 && c2 && *c1 && strcmp(c1, c2) == 0)
		bonus = ti->score * 0.2;
	if ((i->flags & INFO_CANDIDATE) && i->score + bonus >= thr)
		return true;
	if (!is_el(n, "p"))
		return false;
	ld = link_density(i);
	if (i->text_len > 80 && ld < 0.25)
		return true;
	return i->text_len > 0 && i->text_len <= 80 && ld == 0 &&
	    ends_sentence(n);
}

/* ------------------------------------------------------------ blocks */

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
	struct frame *st;
	xmlNode *at;		/* the element being entered */
	size_t nst, cap;
	size_t bcap;
};

static int
context_kind(const struct builder *b, int *level)
{
	size_t k;

	*level = 0;
	for (k = b->nst; k > 0; k--) {
		if (b->st[k - 1].kind >= 0) {
			*level = b->st[k - 1].level;
			return b->st[k - 1].kind;
		}
	}
	return BLOCK_PARA;
}

static void
add_block(struct builder *b, enum block_kind kind, int level, char *text)
{
	struct article *a = b->a;

	if (a->nblocks == b->bcap) {
		b->bcap = b->bcap ? b->bcap * 2 : 32;
		a->blocks = xrealloc(a->blocks, b->bcap * sizeof(*a->blocks));
	}
	a->blocks[a->nblocks].kind = kind;
	a->blocks[a->nblocks].level = level;
	a->blocks[a->nblocks].text = text;
	a->nblocks++;
}

static bool
same_folded(const char *text, const char *title)
{
	char *t = xstrdup(text);
	bool same;

	fold_inplace(t);
	same = strcmp(t, title) == 0;
	free(t);
	return same;
}

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

	for (k = 0; k < extract_ndate_words; k++)
		if (strlen(extract_date_words[k].word) == n &&
		    strncasecmp(p, extract_date_words[k].word, n) == 0)
			return &extract_date_words[k];
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
static const char *
line_rule(const char *text, enum chrome_kind *kind)
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

static size_t
count_words(const char *s, size_t n)
{
	size_t w = 0, i;
	bool in = false;

	for (i = 0; i < n; i++) {
		if (is_space((unsigned char)s[i]))
			in = false;
		else if (!in) {
			in = true;
			w++;
		}
	}
	return w;
}

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
static size_t
credit_tail(const char *s, size_t len)
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
		    count_words(s + i, n) <= CREDIT_MAX_WORDS &&
		    (credit_lead(s + i, n) || credit_source(s + i, n)))
			cut = i - 1;
	} else {
		for (i = end; i > 1 && !cut; i--) {
			char c;
			size_t j;

			if (!isupper((unsigned char)s[i - 1]) ||
			    !is_space((unsigned char)s[i - 2]))
				continue;
			if (count_words(s + i - 1, end - i + 1) >
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
	if (cut == 0 || count_words(s, cut) < CREDIT_KEEP_WORDS)
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
static void
cut_inline_tail(struct buf *inl, const char *tail)
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

/* Logs a block the line rules dropped, under the element holding it. */
static void
log_line(struct builder *b, const char *text, enum chrome_kind kind,
    const char *rule)
{
	xmlChar *path = NULL;
	size_t k;

	for (k = b->nst; k > 0 && !path; k--)
		if (b->st[k - 1].node)
			path = xmlGetNodePath(b->st[k - 1].node);
	removal_add(b->a, kind, xasprintf("line=%s", rule), path, text,
	    strlen(text));
	xmlFree(path);
}

/* Whether n or an element above it names the article body. */
static bool
in_body_container(const xmlNode *n)
{
	const struct info *i;

	for (; n; n = n->parent) {
		i = info_of(n);
		if (i && i->body_hint)
			return true;
	}
	return false;
}

/* Whether an element below top names the article body; no recursion. */
static bool
has_body_container(const xmlNode *top)
{
	const struct info *i;
	const xmlNode *n = top->children;

	while (n) {
		i = info_of(n);
		if (i && i->body_hint)
			return true;
		if (i && n->children) {
			n = n->children;
			continue;
		}
		while (n && n != top && !n->next)
			n = n->parent;
		n = n && n != top ? n->next : NULL;
	}
	return false;
}

/* Whether n sits in an article's <header> or <hgroup>. */
static bool
in_header(const xmlNode *n)
{
	for (; n; n = n->parent)
		if (is_el(n, "header") || is_el(n, "hgroup"))
			return true;
	return false;
}

/*
 * Whether the text is a teaser: the page's description repeated in the
 * article's header, outside the element that names the body.  A lead
 * paragraph that is also the description stays: it is in neither.
 */
static bool
teaser_block(const struct builder *b, const char *text)
{
	const xmlNode *n = b->nst ? b->st[b->nst - 1].node : b->at;

	if (!b->a->description || !n || !same_folded(text, b->a->description))
		return false;
	return in_header(n) && !in_body_container(n) &&
	    has_body_container(b->root);
}

/* Ends the block being collected, if it holds anything worth keeping. */
static void
flush(struct builder *b)
{
	static const char *const tags[] = {
		[BLOCK_PARA] = "p", [BLOCK_ITEM] = "li",
		[BLOCK_QUOTE] = "p", [BLOCK_PRE] = "pre",
		[BLOCK_CAPTION] = "figcaption", [BLOCK_TABLE_ROW] = "p",
	};
	bool lead = true;
	size_t len;
	int level, kind = context_kind(b, &level);
	char tag[16], *t;

	len = b->text.data ? folded_len(b->text.data, &lead) : 0;
	if (len == 0) {
		if (b->has_img) {
			buf_addstr(&b->html, "<p>");
			buf_add(&b->html, b->inl.data, b->inl.len);
			buf_addstr(&b->html, "</p>\n");
		}
		goto out;
	}
	if (kind != BLOCK_HEADING && kind != BLOCK_PRE &&
	    b->link_len * 2 > len) {
		log_line(b, b->text.data, CHROME_OTHER, "link-dense");
		goto out;
	}
	if (kind == BLOCK_HEADING)
		snprintf(tag, sizeof(tag), "h%d", level);
	else
		snprintf(tag, sizeof(tag), "%s", tags[kind]);
	if (kind != BLOCK_PRE && kind != BLOCK_TABLE_ROW && !b->keep_all) {
		enum chrome_kind ck;
		const char *rule = line_rule(b->text.data, &ck);
		size_t cut;

		/*
		 * A heading too ("Sign up for our newsletter" in an <h3>),
		 * but not as a credit: "Photos: the parade" titles a gallery.
		 */
		if (rule && !(kind == BLOCK_HEADING && ck == CHROME_CREDIT)) {
			log_line(b, b->text.data, ck, rule);
			goto out;
		}
		if (kind == BLOCK_HEADING)
			goto keep;
		if (kind == BLOCK_PARA && teaser_block(b, b->text.data)) {
			log_line(b, b->text.data, CHROME_OTHER, "teaser");
			goto out;
		}
		cut = kind == BLOCK_CAPTION || b->in_caption ?
		    credit_tail(b->text.data, b->text.len) : 0;
		if (cut) {
			log_line(b, b->text.data + cut, CHROME_CREDIT,
			    "credit-tail");
			if (b->inl.data)
				cut_inline_tail(&b->inl, b->text.data + cut);
			b->text.len = cut;
			b->text.data[cut] = '\0';
		}
	}
keep:
	t = buf_detach(&b->text, NULL);
	if (kind != BLOCK_HEADING || b->a->nblocks || !b->a->title ||
	    !same_folded(t, b->a->title)) {
		/* The document's own <h1> already carries the title. */
		buf_addf(&b->html, "<%s>", tag);
		buf_add(&b->html, b->inl.data ? b->inl.data : "", b->inl.len);
		buf_addf(&b->html, "</%s>\n", tag);
	}
	add_block(b, (enum block_kind)kind, level, t);
out:
	buf_reset(&b->text);
	buf_reset(&b->inl);
	b->link_len = 0;
	b->has_img = false;
	b->in_caption = false;
}

static void
push(struct builder *b, int kind, int level, const char *open,
    const char *close)
{
	if (b->nst == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->st = xrealloc(b->st, b->cap * sizeof(*b->st));
	}
	if (open)
		buf_addstr(&b->html, open);
	b->st[b->nst].node = b->at;
	b->st[b->nst].kind = kind;
	b->st[b->nst].level = level;
	b->st[b->nst].close = close;
	b->st[b->nst].mark = b->html.len;
	b->nst++;
}

/* Whether the nearest non-blank sibling after (or before) n is a <br>. */
static bool
sibling_is_br(xmlNode *n, bool after)
{
	for (n = after ? n->next : n->prev; n; n = after ? n->next : n->prev) {
		if (n->type == XML_ELEMENT_NODE)
			return is_el(n, "br");
		if (n->type == XML_TEXT_NODE && n->content) {
			bool lead = true;

			if (folded_len((const char *)n->content, &lead))
				return false;
		}
	}
	return false;
}

/*
 * Readability's conditional cleaning of containers inside the article: the
 * rule that drops n, or NULL to keep it.
 */
static const char *
drop_container(xmlNode *n)
{
	static const char *const tags[] = { "div", "section", "ul", "ol",
		"table", "aside", "dl", "header", "footer", "form", "center",
		NULL };
	const struct info *i = info_of(n);
	int w;
	double ld;

	if (!in_list(NAME(n), tags))
		return NULL;
	/* The best-scored node and what holds it are the article. */
	if (i->flags & INFO_SPINE)
		return NULL;
	/* A quoted post is judged block by block, as the article is. */
	if (i->embed)
		return NULL;
	w = class_weight(n);
	if (w < 0)
		return "negative-class";
	if (i->commas >= 10)
		return NULL;
	ld = link_density(i);
	if (i->text_len < 25 && i->nimg == 0)
		return "short";
	if (w < 25 && ld > 0.2 && i->np < 3)
		return "link-density";
	return w >= 25 && ld > 0.5 ? "link-density" : NULL;
}

static void
table_row(struct builder *b, xmlNode *tr)
{
	struct buf row = BUF_INIT(BUF_MAX_DEFAULT);
	xmlNode *c;
	char *t;
	bool any = false;

	buf_addstr(&b->html, "<tr>");
	for (c = tr->children; c; c = c->next) {
		if (!is_el(c, "td") && !is_el(c, "th"))
			continue;
		t = folded_text(c);
		if (row.len)
			buf_addstr(&row, " | ");
		buf_addstr(&row, t);
		any = any || *t;
		buf_addf(&b->html, "<%s>", NAME(c));
		html_escape(&b->html, t, false);
		buf_addf(&b->html, "</%s>", NAME(c));
		free(t);
	}
	buf_addstr(&b->html, "</tr>\n");
	if (any)
		add_block(b, BLOCK_TABLE_ROW, 0, buf_detach(&row, NULL));
	buf_release(&row);
}

/*
 * Logs a part of the article the conditional cleaning left out, if it held
 * any text: an auditor sees it beside the chrome rules' removals.
 */
static void
log_drop(struct builder *b, xmlNode *n, const char *why)
{
	const struct info *i = info_of(n);
	char rule[48];

	if (!i || i->text_len == 0)
		return;
	snprintf(rule, sizeof(rule), "conditional=%s", why);
	log_node(b->a, n, CHROME_OTHER, rule);
}

static enum walk_act
build_enter_node(xmlNode *n, struct builder *b)
{
	const struct info *i;
	const char *t, *why;
	char *u, open[16], close[16];
	int level;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content) {
			bool lead = true;

			buf_addstr(&b->text, (const char *)n->content);
			html_escape(&b->inl, (const char *)n->content, false);
			if (b->in_link)
				b->link_len += folded_len(
				    (const char *)n->content, &lead);
		}
		return WALK_SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return WALK_SKIP;
	i = info_of(n);
	t = NAME(n);
	b->at = n;
	if (n != b->root && !b->keep_all && (why = drop_container(n))) {
		log_drop(b, n, why);
		return WALK_SKIP;
	}
	if ((level = heading_level(n)) != 0) {
		if (class_weight(n) < 0) {
			log_drop(b, n, "negative-class");
			return WALK_SKIP;
		}
		flush(b);
		push(b, BLOCK_HEADING, level, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "tr") == 0 && !(i->flags & INFO_LAYOUT)) {
		flush(b);
		table_row(b, n);
		return WALK_SKIP;
	}
	if (strcmp(t, "table") == 0 && !(i->flags & INFO_LAYOUT)) {
		flush(b);
		push(b, -1, 0, "<table>\n", "</table>\n");
		return WALK_DESCEND;
	}
	if (strcmp(t, "li") == 0 || strcmp(t, "dd") == 0 ||
	    strcmp(t, "dt") == 0) {
		flush(b);
		push(b, BLOCK_ITEM, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "ul") == 0 || strcmp(t, "ol") == 0) {
		flush(b);
		snprintf(open, sizeof(open), "<%s>\n", t);
		push(b, -1, 0, open, strcmp(t, "ul") ? "</ol>\n" : "</ul>\n");
		return WALK_DESCEND;
	}
	if (strcmp(t, "blockquote") == 0) {
		flush(b);
		push(b, BLOCK_QUOTE, 0, "<blockquote>\n", "</blockquote>\n");
		return WALK_DESCEND;
	}
	if (strcmp(t, "pre") == 0) {
		flush(b);
		push(b, BLOCK_PRE, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "figcaption") == 0) {
		flush(b);
		push(b, BLOCK_CAPTION, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "figure") == 0) {
		flush(b);
		push(b, -1, 0, "<figure>\n", "</figure>\n");
		return WALK_DESCEND;
	}
	if (is_block(n)) {
		flush(b);
		push(b, -1, 0, NULL, NULL);
		return WALK_DESCEND;
	}
	if (strcmp(t, "br") == 0) {
		if (sibling_is_br(n, true))
			flush(b);
		else if (!sibling_is_br(n, false)) {
			buf_addch(&b->text, '\n');
			buf_addstr(&b->inl, "<br>");
		}
		return WALK_SKIP;
	}
	if (strcmp(t, "img") == 0) {
		const char *src = attr(n, "src");

		if (!src || !*src || strncmp(src, "data:", 5) == 0)
			src = attr(n, "data-src");
		u = abs_url(src, b->base);
		if (u) {
			buf_addstr(&b->inl, "<img src=\"");
			html_escape(&b->inl, u, true);
			buf_addstr(&b->inl, "\" alt=\"");
			html_escape(&b->inl, attr(n, "alt") ? attr(n, "alt") :
			    "", true);
			buf_addstr(&b->inl, "\">");
			b->has_img = true;
			free(u);
		}
		return WALK_SKIP;
	}
	if (strcmp(t, "a") == 0) {
		u = abs_url(attr(n, "href"), b->base);
		if (u) {
			buf_addstr(&b->inl, "<a href=\"");
			html_escape(&b->inl, u, true);
			buf_addstr(&b->inl, "\">");
			free(u);
		} else {
			buf_addstr(&b->inl, "<a>");
		}
		if (b->in_link++ == 0) {
			b->link_from = b->text.len;
			b->link_len_from = b->link_len;
		}
		return WALK_DESCEND;
	}
	if (strcmp(t, "em") == 0 || strcmp(t, "strong") == 0 ||
	    strcmp(t, "b") == 0 || strcmp(t, "i") == 0 ||
	    strcmp(t, "code") == 0) {
		snprintf(open, sizeof(open), "<%s>", t);
		buf_addstr(&b->inl, open);
		(void)close;
		return WALK_DESCEND;
	}
	return WALK_DESCEND;
}

/*
 * Whether text[from..to) is a bare address ("https://example.org/report",
 * "www.example.org"): a link that cites its source rather than one that
 * leads elsewhere on the site, so it does not count against the block.
 */
static bool
bare_url(const char *text, size_t from, size_t to)
{
	const char *p = text ? text + from : NULL;
	size_t n;

	if (!p)
		return false;
	while (from < to && is_space((unsigned char)*p)) {
		p++;
		from++;
	}
	n = to - from;
	return (n > 8 && strncasecmp(p, "https://", 8) == 0) ||
	    (n > 7 && strncasecmp(p, "http://", 7) == 0) ||
	    (n > 4 && strncasecmp(p, "www.", 4) == 0);
}

/* Whether n's class or id names a caption ("caption", "newsCaption"). */
static bool
caption_class(xmlNode *n)
{
	const char *c = attr(n, "class"), *id = attr(n, "id");

	return (c && strcasestr_ascii(c, "caption")) ||
	    (id && strcasestr_ascii(id, "caption"));
}

/*
 * Enters n; a block holding a caption-classed element is a caption to the
 * credit trimming, though it is no <figcaption>.
 */
static enum walk_act
build_enter(xmlNode *n, void *ctx)
{
	struct builder *b = ctx;
	bool cap = n->type == XML_ELEMENT_NODE && caption_class(n);
	enum walk_act act = build_enter_node(n, b);

	if (cap && act == WALK_DESCEND)
		b->in_caption = true;
	return act;
}

static void
build_leave(xmlNode *n, void *ctx)
{
	struct builder *b = ctx;
	const char *t;
	struct frame *f;

	if (n->type != XML_ELEMENT_NODE)
		return;
	t = NAME(n);
	if (strcmp(t, "a") == 0) {
		buf_addstr(&b->inl, "</a>");
		if (--b->in_link == 0 && bare_url(b->text.data, b->link_from,
		    b->text.len))
			b->link_len = b->link_len_from;
		return;
	}
	if (strcmp(t, "em") == 0 || strcmp(t, "strong") == 0 ||
	    strcmp(t, "b") == 0 || strcmp(t, "i") == 0 ||
	    strcmp(t, "code") == 0) {
		buf_addf(&b->inl, "</%s>", t);
		return;
	}
	if (!heading_level(n) && !is_block(n))
		return;
	flush(b);
	if (b->nst == 0)
		return;
	f = &b->st[--b->nst];
	if (!f->close)
		return;
	if (b->html.len == f->mark) {
		/* Nothing kept inside: drop the empty container. */
		b->html.len = f->mark - (strlen(f->close) - 1);
		b->html.data[b->html.len] = '\0';
		return;
	}
	buf_addstr(&b->html, f->close);
}

/* Collects the blocks of top and of the siblings that belong with it. */
static void
build_article(struct builder *b, xmlNode *body, xmlNode *top)
{
	xmlNode *c;

	for (c = top == body ? top : top->parent->children; c; c = c->next) {
		if (top == body && c != top)
			break;
		if (c != top && (c->type != XML_ELEMENT_NODE ||
		    !sibling_ok(top, c)))
			continue;
		b->root = c;
		b->nst = 0;
		walk(c, build_enter, build_leave, b);
		flush(b);
	}
}

/* ------------------------------------------------------------ metadata */

struct meta {
	char *og_title, *ld_headline, *h1, *h2_title, *title_tag;
	char *headline;		/* a heading that is most of the <title> */
	bool h1_logo;		/* the first <h1> is the site's logo */
	char *og_site, *ld_site, *app_name;
	char *author_meta, *ld_author, *rel_author, *byline_el;
	char *pub_ld, *pub_meta, *time_el, *mod_ld, *mod_meta;
	char *canonical, *og_desc, *desc, *og_image, *lang;
};

static void
set_once(char **slot, const char *v)
{
	char *s;

	if (*slot || !v)
		return;
	s = xstrdup(v);
	fold_inplace(s);
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
	s = folded_text(n);
	if (*s)
		*slot = s;
	else
		free(s);
}

static const char *
json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v))
		v = json_object_get(v, "name");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads the few JSON-LD keys we use, in @graph and arrays too. */
static void
ld_object(struct meta *m, json_t *o, int depth)
{
	json_t *p;
	size_t k;

	if (depth > 4)
		return;
	if (json_is_array(o)) {
		for (k = 0; k < json_array_size(o); k++)
			ld_object(m, json_array_get(o, k), depth + 1);
		return;
	}
	if (!json_is_object(o))
		return;
	p = json_object_get(o, "@graph");
	if (p)
		ld_object(m, p, depth + 1);
	if (!json_object_get(o, "headline") &&
	    !json_object_get(o, "datePublished"))
		return;
	set_once(&m->ld_headline, json_str(o, "headline"));
	set_once(&m->pub_ld, json_str(o, "datePublished"));
	set_once(&m->mod_ld, json_str(o, "dateModified"));
	set_once(&m->ld_author, json_str(o, "author"));
	p = json_object_get(o, "publisher");
	if (json_is_object(p))
		set_once(&m->ld_site, json_str(p, "name"));
}

static void
ld_json(struct meta *m, xmlNode *script)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	json_error_t jerr;
	json_t *j;

	node_text_raw(script, &b);
	j = json_loadb(b.data ? b.data : "", b.len, 0, &jerr);
	if (j) {
		ld_object(m, j, 0);
		json_decref(j);
	}
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
	    strcasestr_ascii(t, h) && count_words(h, hl) >= 2;
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
	if ((p = attr(n, "rel")) && has_word(p, "home", EXTRACT_TOKEN))
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
	static const char *const parts[] = { "logo", "brand", "masthead",
		"banner", NULL };
	static const char *const tokens[] = { "site-title", "site-name",
		"sitename", "blog-title", "blog-name", "blogname", NULL };
	const char *v[2] = { attr(n, "class"), attr(n, "id") };
	bool home = false;
	size_t k, j;

	for (j = 0; j < 2; j++) {
		for (k = 0; v[j] && parts[k]; k++)
			if (has_word(v[j], parts[k], EXTRACT_PART))
				return true;
		for (k = 0; v[j] && tokens[k]; k++)
			if (has_word(v[j], tokens[k], EXTRACT_TOKEN))
				return true;
	}
	walk(n, home_link_enter, NULL, &home);
	return home;
}

/* Keeps heading n as the headline if it is most of the <title>. */
static void
set_headline(struct meta *m, xmlNode *n)
{
	char *h;

	if (m->headline || !m->title_tag)
		return;
	h = folded_text(n);
	if (most_of_title(m->title_tag, h))
		m->headline = h;
	else
		free(h);
}

static enum walk_act
meta_enter(xmlNode *n, void *ctx)
{
	struct meta *m = ctx;
	const char *k, *v, *t;

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
		if (strcasecmp(k, "og:title") == 0)
			set_once(&m->og_title, v);
		else if (strcasecmp(k, "og:site_name") == 0)
			set_once(&m->og_site, v);
		else if (strcasecmp(k, "application-name") == 0)
			set_once(&m->app_name, v);
		else if (strcasecmp(k, "og:image") == 0)
			set_once(&m->og_image, v);
		else if (strcasecmp(k, "og:description") == 0)
			set_once(&m->og_desc, v);
		else if (strcasecmp(k, "description") == 0)
			set_once(&m->desc, v);
		else if (strcasecmp(k, "author") == 0 ||
		    strcasecmp(k, "article:author") == 0 ||
		    strcasecmp(k, "dc.creator") == 0)
			set_once(&m->author_meta, v);
		else if (strcasecmp(k, "article:published_time") == 0 ||
		    strcasecmp(k, "datePublished") == 0 ||
		    strcasecmp(k, "date") == 0 ||
		    strcasecmp(k, "pubdate") == 0 ||
		    strcasecmp(k, "publishdate") == 0 ||
		    strcasecmp(k, "dc.date") == 0 ||
		    strcasecmp(k, "dc.date.issued") == 0 ||
		    strcasecmp(k, "dcterms.created") == 0)
			set_once(&m->pub_meta, v);
		else if (strcasecmp(k, "article:modified_time") == 0 ||
		    strcasecmp(k, "dateModified") == 0 ||
		    strcasecmp(k, "og:updated_time") == 0)
			set_once(&m->mod_meta, v);
		return WALK_SKIP;
	} else if (strcmp(t, "link") == 0) {
		v = attr(n, "rel");
		if (v && has_word(v, "canonical", EXTRACT_TOKEN))
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
	} else if (strcmp(t, "h2") == 0 && heading_like_class(n)) {
		set_text(&m->h2_title, n);
		set_headline(m, n);
		return WALK_SKIP;
	} else if (strcmp(t, "time") == 0) {
		set_once(&m->time_el, attr(n, "datetime"));
	} else if (strcmp(t, "a") == 0) {
		v = attr(n, "rel");
		if (v && has_word(v, "author", EXTRACT_TOKEN))
			set_text(&m->rel_author, n);
	}
	v = attr(n, "itemprop");
	if (v && strcasecmp(v, "datePublished") == 0) {
		set_once(&m->pub_meta, attr(n, "datetime"));
		set_once(&m->pub_meta, attr(n, "content"));
	}
	v = attr(n, "class");
	if (!m->byline_el && v && (has_word(v, "byline", EXTRACT_PART) ||
	    has_word(v, "author", EXTRACT_TOKEN))) {
		const struct info *i = info_of(n);

		if (!i || (i->text_len > 2 && i->text_len < 100))
			set_text(&m->byline_el, n);
	}
	return WALK_DESCEND;
}

static void
meta_release(struct meta *m)
{
	char **f[] = { &m->og_title, &m->ld_headline, &m->h1, &m->h2_title,
		&m->title_tag, &m->headline,
		&m->og_site, &m->ld_site, &m->app_name, &m->author_meta,
		&m->ld_author, &m->rel_author, &m->byline_el, &m->pub_ld,
		&m->pub_meta, &m->time_el, &m->mod_ld, &m->mod_meta,
		&m->canonical, &m->og_desc, &m->desc, &m->og_image, &m->lang };
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
	static const char *const seps[] = { " | ", " - ", " \xe2\x80\x94 ",
		" \xe2\x80\x93 ", " :: ", " \xc2\xbb ", " \xc2\xab ",
		" \xc2\xb7 ", " \xe2\x80\xa2 ", " / ", NULL };
	const char *best = NULL, *first = NULL, *p, *tail;
	size_t k, blen = 0, flen = 0, n = strlen(t);

	for (k = 0; seps[k]; k++) {
		for (p = strstr(t, seps[k]); p; p = strstr(p + 1, seps[k])) {
			if (!best || p > best) {
				best = p;
				blen = strlen(seps[k]);
			}
			if (!first || p < first) {
				first = p;
				flen = strlen(seps[k]);
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
	if (count_words(tail, strlen(tail)) <= 4 &&
	    count_words(t, (size_t)(best - t)) >= 3 &&
	    strlen(tail) * 3 < n)
		return xstrndup(t, (size_t)(best - t));
	return xstrdup(t);
}

static const char *const title_seps[] = { "|", ":", "-", "\xe2\x80\x94",
	"\xe2\x80\x93", "\xc2\xbb", "\xc2\xab", "\xc2\xb7", "\xe2\x80\xa2",
	"/", "::", NULL };

#define TITLE_SIDE_WORDS 6	/* longest site or section name beside it */

/* Length of the separator t[0..p) ends with, white space after it aside. */
static size_t
title_sep_before(const char *t, size_t p)
{
	size_t k, m;

	while (p > 0 && is_space((unsigned char)t[p - 1]))
		p--;
	for (k = 0; title_seps[k]; k++) {
		m = strlen(title_seps[k]);
		if (p > m && memcmp(t + p - m, title_seps[k], m) == 0)
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

	if (hl == 0 || n <= hl || count_words(h, hl) < 2)
		return t;
	/* "Section | Headline"; the name is the shorter side. */
	if (strcasecmp(t + n - hl, h) == 0 &&
	    is_space((unsigned char)t[n - hl - 1]) &&
	    title_sep_before(t, n - hl) &&
	    count_words(t, n - hl) - 1 <= TITLE_SIDE_WORDS &&
	    n - hl < hl)
		goto side;
	/* "Headline | Site" */
	if (strncasecmp(t, h, hl) == 0 && is_space((unsigned char)t[hl])) {
		const char *q = t + hl;

		while (is_space((unsigned char)*q))
			q++;
		for (k = 0; title_seps[k]; k++) {
			m = strlen(title_seps[k]);
			if (strncmp(q, title_seps[k], m) != 0 ||
			    !is_space((unsigned char)q[m]))
				continue;
			other = strlen(q + m);
			if (count_words(q + m, other) <= TITLE_SIDE_WORDS &&
			    other < hl)
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
		for (k = 0; title_seps[k]; k++)
			if (strncmp(q, title_seps[k], strlen(title_seps[k])) == 0 &&
			    is_space((unsigned char)q[strlen(title_seps[k])]))
				break;
		if (!title_seps[k])
			break;
		q += strlen(title_seps[k]);
	}
	if (q != t)
		memmove(t, q, strlen(q) + 1);
	fold_inplace(t);
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
	for (k = 0; title_seps[k]; k++) {
		m = strlen(title_seps[k]);
		if (strncmp(q, title_seps[k], m) == 0 &&
		    is_space((unsigned char)q[m]) && q[m + 1]) {
			q = xstrdup(q + m + 1);
			free(t);
			t = (char *)q;
			fold_inplace(t);
			return t;
		}
	}
	return t;
}

static void
fill_meta(struct article *a, struct meta *m, const char *base)
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
	a->canonical = abs_url(m->canonical, base);
	title = first_of(m->og_desc, m->desc, NULL, NULL);
	if (title)
		a->description = xstrdup(title);
	a->image = abs_url(m->og_image, base);
}

/* ------------------------------------------------------------ document */

static void
head_meta(struct buf *h, const char *name, const char *v)
{
	if (!v)
		return;
	buf_addf(h, "<meta name=\"%s\" content=\"", name);
	html_escape(h, v, true);
	buf_addstr(h, "\">\n");
}

static void
assemble(struct article *a, const struct buf *body)
{
	struct buf h = BUF_INIT(BUF_MAX_DEFAULT * 2);

	buf_addstr(&h, "<!DOCTYPE html>\n<html");
	if (a->lang) {
		buf_addstr(&h, " lang=\"");
		html_escape(&h, a->lang, true);
		buf_addch(&h, '"');
	}
	buf_addstr(&h, ">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_escape(&h, a->title ? a->title : "", false);
	buf_addstr(&h, "</title>\n");
	if (a->canonical) {
		buf_addstr(&h, "<link rel=\"canonical\" href=\"");
		html_escape(&h, a->canonical, true);
		buf_addstr(&h, "\">\n");
	}
	head_meta(&h, "author", a->byline);
	head_meta(&h, "date", a->published);
	head_meta(&h, "description", a->description);
	buf_addstr(&h, "</head>\n<body>\n<article>\n");
	if (a->title) {
		buf_addstr(&h, "<h1>");
		html_escape(&h, a->title, false);
		buf_addstr(&h, "</h1>\n");
	}
	if (a->byline || a->published) {
		buf_addstr(&h, "<p>");
		if (a->byline) {
			buf_addstr(&h, "By ");
			html_escape(&h, a->byline, false);
		}
		if (a->byline && a->published)
			buf_addstr(&h, " \xc2\xb7 ");
		if (a->published)
			html_escape(&h, a->published, false);
		buf_addstr(&h, "</p>\n");
	}
	buf_add(&h, body->data ? body->data : "", body->len);
	buf_addstr(&h, "</article>\n</body>\n</html>\n");
	a->html = buf_detach(&h, &a->html_len);
}

/* ------------------------------------------------------------ parsing */

/*
 * The attributes extract reads, and on which elements (NULL: any); the
 * parser stores no others.
 */
static const struct {
	const char *name, *on;
} kept_attrs[] = {
	{ "id", NULL }, { "class", NULL }, { "itemprop", NULL },
	{ "role", NULL }, { "style", NULL }, { "hidden", NULL },
	{ "aria-hidden", NULL }, { "datetime", NULL }, { "content", NULL },
	{ "href", "a" }, { "href", "link" }, { "rel", "a" }, { "rel", "link" },
	{ "src", "img" }, { "data-src", "img" }, { "alt", "img" },
	{ "property", "meta" }, { "name", "meta" }, { "type", "script" },
	{ "lang", "html" }, { "xml:lang", "html" },
};

static bool
kept_attr(const char *el, const char *name)
{
	size_t k;

	for (k = 0; k < sizeof(kept_attrs) / sizeof(kept_attrs[0]); k++)
		if (strcmp(name, kept_attrs[k].name) == 0 &&
		    (!kept_attrs[k].on || strcmp(el, kept_attrs[k].on) == 0))
			return true;
	return false;
}

static void
sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr c = ctx;
	struct buf *pool = c->_private;
	xmlNode *parent = c->node;
	size_t off = pool->len, k;
	const char *v;
	bool any = false;

	xmlSAX2StartElement(ctx, name, NULL);
	if (!atts || !c->node || c->node == parent)
		return;
	for (k = 0; atts[k]; k += 2) {
		if (!kept_attr((const char *)name, (const char *)atts[k]))
			continue;
		v = atts[k + 1] ? (const char *)atts[k + 1] : "";
		if (buf_add(pool, atts[k], strlen((const char *)atts[k]) + 1) ||
		    buf_add(pool, v, strlen(v) + 1)) {
			pool->len = off;
			return;
		}
		any = true;
	}
	if (any && buf_addch(pool, '\0') == 0)
		c->node->psvi = (void *)(uintptr_t)(off + 1);
	else
		pool->len = off;
}

/* Script and style source is never read, but JSON-LD is metadata. */
static void
sax_cdata(void *ctx, const xmlChar *value, int len)
{
	xmlParserCtxtPtr c = ctx;
	const char *type;

	if (c->node && is_el(c->node, "style"))
		return;
	if (c->node && is_el(c->node, "script")) {
		type = pool_attr(c->_private, c->node, "type");
		if (!type || strcasecmp(type, "application/ld+json"))
			return;
	}
	xmlSAX2CDataBlock(ctx, value, len);
}

/*
 * Parses what d decodes, as it decodes it, into a tree whose attributes go
 * to pool; the tree's _private points at pool, which must outlive it.  NULL
 * when the parser cannot be set up.
 */
static xmlDoc *
parse(struct decoder *d, const char *base, struct buf *pool, bool *truncated)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	xmlParserInputBufferPtr ib = NULL;
	xmlParserInputPtr in = NULL;
	const xmlError *xe;
	xmlDoc *doc;

	if (ctxt)
		ib = xmlParserInputBufferCreateIO(decoder_read, NULL, d,
		    XML_CHAR_ENCODING_NONE);
	if (ib)
		in = xmlNewIOInputStream(ctxt, ib, XML_CHAR_ENCODING_NONE);
	if (!in) {
		if (ib)
			xmlFreeParserInputBuffer(ib);
		if (ctxt)
			htmlFreeParserCtxt(ctxt);
		return NULL;
	}
	if (base)
		in->filename = (char *)xmlStrdup((const xmlChar *)base);
	inputPush(ctxt, in);
	/*
	 * What the rules never read is never built: comments, script and
	 * style source, attributes outside kept_attrs, and (NOBLANKS) the
	 * white space libxml2 finds ignorable between blocks.
	 */
	ctxt->_private = pool;
	ctxt->sax->startElement = sax_start;
	ctxt->sax->cdataBlock = sax_cdata;
	ctxt->sax->comment = NULL;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
	    HTML_PARSE_NOBLANKS);
	/* The decoder gives UTF-8: no encoder, so no second copy. */
	ctxt->charset = XML_CHAR_ENCODING_UTF8;
	htmlParseDocument(ctxt);
	xe = xmlCtxtGetLastError(ctxt);
	if (ctxt->errNo == XML_ERR_INTERNAL_ERROR ||
	    (xe && xe->code == XML_ERR_INTERNAL_ERROR))
		*truncated = true;
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	htmlFreeParserCtxt(ctxt);
	if (doc)
		doc->_private = pool;
	return doc;
}

/* ------------------------------------------------------------ entry */

static xmlNode *
find_body(xmlNode *root)
{
	xmlNode *n;

	for (n = root->children; n; n = n->next)
		if (is_el(n, "body"))
			return n;
	return root;
}

/* data is borrowed, or is owned (then freed here) when owned is true. */
static int
extract(const char *data, size_t len, bool owned,
    const struct extract_opts *o, struct article *out, struct error *err)
{
	struct decoder dec;
	struct buf pool = BUF_INIT(BUF_MAX_DEFAULT * 4);
	xmlDoc *doc = NULL;
	xmlNode *root, *body, *top;
	struct infos in = { NULL, 0, 0 };
	struct scorer sc = { NULL, 0, 0, NULL };
	struct builder b;
	struct meta m;
	const char *base = o && o->url && *o->url ? o->url : NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	memset(&m, 0, sizeof(m));
	buf_init(&b.text, BUF_MAX_DEFAULT);
	buf_init(&b.inl, BUF_MAX_DEFAULT);
	buf_init(&b.html, BUF_MAX_DEFAULT);
	decode(data ? data : "", data ? len : 0, o ? o->charset : NULL, out,
	    &dec);
	if (owned)
		dec.owned = (char *)data;
	if (len > INT_MAX) {
		error_set(err, RC_CONTENT, "page larger than %d bytes",
		    INT_MAX);
		goto out;
	}
	doc = parse(&dec, base, &pool, &out->truncated);
	decoder_release(&dec);
	if (!doc) {
		error_set(err, RC_SYS, "cannot create the HTML parser");
		goto out;
	}
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		error_set(err, RC_CONTENT, "no article found");
		goto out;
	}
	body = find_body(root);
	walk(root, meta_enter, NULL, &m);
	fill_meta(out, &m, base);
	bind_infos(body, &in);
	compute_infos(body, &in);
	remove_chrome(body, &in, out);
	compute_infos(body, &in);
	sc.body = body;
	walk(body, score_enter, NULL, &sc);
	top = pick_top(&sc);
	b.a = out;
	b.base = base;
	if (top)
		build_article(&b, body, top);
	if (out->nblocks == 0) {
		/*
		 * Nothing passed the cleaning: a short page (a caption, a
		 * few lines) is read whole rather than lost.
		 */
		b.keep_all = true;
		buf_reset(&b.html);
		build_article(&b, body, top ? top : body);
	}
	if (out->nblocks == 0) {
		error_set(err, RC_CONTENT, "no article found");
		goto out;
	}
	if (!out->title) {
		out->title = xstrdup(out->blocks[0].text);
		fold_inplace(out->title);
	}
	assemble(out, &b.html);
	rc = 0;
out:
	if (rc)
		extract_release(out);
	meta_release(&m);
	buf_release(&b.text);
	buf_release(&b.inl);
	buf_release(&b.html);
	free(b.st);
	free(sc.cand);
	free(in.v);
	xmlFreeDoc(doc);
	buf_release(&pool);
	decoder_release(&dec);
	return rc;
}

int
extract_article(const char *data, size_t len, const struct extract_opts *o,
    struct article *out, struct error *err)
{
	return extract(data, len, false, o, out, err);
}

int
extract_article_owned(char *data, size_t len, const struct extract_opts *o,
    struct article *out, struct error *err)
{
	return extract(data, len, true, o, out, err);
}

const char *
extract_kind_name(enum chrome_kind kind)
{
	static const char *const names[] = {
		[CHROME_COMMENTS] = "comments",
		[CHROME_REPLY_FORM] = "reply-form",
		[CHROME_RELATED] = "related",
		[CHROME_NAVIGATION] = "navigation",
		[CHROME_SHARE] = "share",
		[CHROME_NEWSLETTER] = "newsletter",
		[CHROME_COOKIE] = "cookie",
		[CHROME_ADVERT] = "advert",
		[CHROME_HIDDEN] = "hidden",
		[CHROME_OTHER] = "other",
		[CHROME_CREDIT] = "credit",
		[CHROME_BYLINE] = "byline",
	};

	if ((unsigned)kind >= sizeof(names) / sizeof(names[0]))
		return "other";
	return names[kind];
}

void
extract_release(struct article *a)
{
	size_t k;

	if (!a)
		return;
	free(a->title);
	free(a->byline);
	free(a->published);
	free(a->modified);
	free(a->site_name);
	free(a->lang);
	free(a->canonical);
	free(a->description);
	free(a->image);
	free(a->charset);
	free(a->charset_source);
	for (k = 0; k < a->nblocks; k++)
		free(a->blocks[k].text);
	free(a->blocks);
	for (k = 0; k < a->nremoved; k++) {
		free(a->removed[k].rule);
		free(a->removed[k].path);
	}
	free(a->removed);
	free(a->html);
	memset(a, 0, sizeof(*a));
}
