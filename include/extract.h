/*
 * extract: page bytes in, `struct article` out, through libxml2.
 *
 * Decodes the bytes to UTF-8 (BOM, then transport charset, then <meta>, then
 * windows-1252), parses them, removes the site chrome (comments, reply forms,
 * related posts, navigation, share bars, newsletter and cookie boxes, ads,
 * hidden elements) by rules kept as data tables, logs every removal, selects
 * the main content by scoring and returns it as blocks of text plus a clean
 * standalone HTML document.  It never fetches and never hashes the article;
 * canon turns the blocks into the hashed form.
 */
#ifndef CLIPSEAL_EXTRACT_H
#define CLIPSEAL_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "digest.h"
#include "error.h"

/*
 * The version of the rules, recorded as "extractor" in metadata.json.
 * Every change to what extraction outputs (text, HTML, metadata, the removal
 * log) must bump it: run compares a new capture with an archive sealed by
 * other rules by extracting that archive's raw capture again, so an upgrade
 * alone adds no version.  tests/fixtures/extractor.sums records the
 * fixtures' outputs under this number, and make test fails when they change
 * while it does not (tests/extractor-sums.sh --update records them).
 */
#define EXTRACT_VERSION 6

/*
 * Bounds on the tree of any page, so that extraction stays within 64 MiB
 * and linear time: start tags nested deeper than EXTRACT_MAX_DEPTH are
 * not built (their text stays, in the deepest element built); parsing
 * stops after EXTRACT_MAX_ELEMENTS elements or EXTRACT_MAX_TEXT bytes of
 * text; an attribute value longer than EXTRACT_MAX_ATTR is dropped.  The
 * largest corpus page has some 10,000 elements and 1 MB of text.  Any of
 * them sets the article's truncated flag.
 */
#define EXTRACT_MAX_DEPTH 256
#define EXTRACT_MAX_ELEMENTS 50000
#define EXTRACT_MAX_TEXT ((size_t)4 << 20)
#define EXTRACT_MAX_ATTR ((size_t)1 << 20)

enum block_kind {
	BLOCK_PARA,
	BLOCK_HEADING,
	BLOCK_ITEM,	/* one list item */
	BLOCK_QUOTE,
	BLOCK_PRE,
	BLOCK_CAPTION,
	BLOCK_TABLE_ROW
};

/* One paragraph-level block; text is UTF-8, white space not yet folded. */
struct block {
	enum block_kind kind;
	int level;		/* heading level 1-6, else 0 */
	char *text;
};

enum chrome_kind {
	CHROME_COMMENTS,
	CHROME_REPLY_FORM,
	CHROME_RELATED,
	CHROME_NAVIGATION,
	CHROME_SHARE,
	CHROME_NEWSLETTER,
	CHROME_COOKIE,
	CHROME_ADVERT,
	CHROME_HIDDEN,
	CHROME_OTHER,
	CHROME_CREDIT,		/* a photo credit or copyright line */
	CHROME_BYLINE		/* a byline or dateline inside the text */
};

/* One removed element; its text is not kept, only its size and hash. */
struct removal {
	enum chrome_kind kind;
	char *rule;		/* the rule that matched, e.g. "id~=comments" */
	char *path;		/* element path, e.g. "/html/body/div[2]/section" */
	size_t text_len;	/* bytes of its text content */
	char sha256[DIGEST_HEX_LEN + 1];	/* of that text */
};

struct article {
	char *title;		/* the page's headline, no site name */
	char *byline;		/* the authors' names, ", " between */
	char *published;	/* ISO 8601 as extract_date writes it */
	char *modified;		/* the same, of the last update */
	char *site_name;
	char *lang;
	char *canonical;	/* absolute canonical URL, or NULL */
	char *description;
	char *image;
	char *charset;		/* charset the bytes were decoded from */
	char *charset_source;	/* "bom", "http", "meta" or "default" */
	bool truncated;		/* the page was cut: see EXTRACT_MAX_* */
	struct block *blocks;
	size_t nblocks;
	struct removal *removed;
	size_t nremoved;
	char *html;		/* standalone, script-free HTML5 document */
	size_t html_len;
};

struct extract_opts {
	const char *url;	/* base for links and canonical; may be NULL */
	const char *charset;	/* transport charset, or NULL */
};

/*
 * Extracts the article from len bytes of HTML.  On success the caller
 * releases *out with extract_release().  Fails with RC_CONTENT ("no article
 * found") when no main content can be found.
 */
int extract_article(const char *data, size_t len, const struct extract_opts *o,
    struct article *out, struct error *err);

/*
 * As extract_article, but takes over data, a block from malloc (or NULL):
 * the bytes are let go as they are decoded, shrinking the block, and what
 * is left is freed before returning, whatever the outcome.  Keeps a big
 * page from being held twice, as bytes and as a tree, while it is parsed.
 */
int extract_article_owned(char *data, size_t len,
    const struct extract_opts *o, struct article *out, struct error *err);

/* How much of a date extract_date found. */
enum extract_date_precision {
	EXTRACT_DATE_NONE,
	EXTRACT_DATE_MONTH,	/* "2026-12" */
	EXTRACT_DATE_DAY,	/* "2026-12-02" */
	EXTRACT_DATE_TIME	/* "2026-12-02T08:30:00+02:00", zone if given */
};

#define EXTRACT_DATE_LEN 25	/* "2026-12-02T08:30:00+02:00" */

/*
 * Reads the first date in s, as a page's head or text writes it, into out
 * as ISO 8601: ISO forms keep their time and zone, written forms in many
 * languages ("2 December 2026", "Dec. 2, 2026", "02.12.2026", "2 décembre
 * 2026", "2. Dezember 2026") give the day, "December 2026" the month.
 * day_first reads an all-numeric "02/03/2026" as 2 March rather than
 * February 3 when both are possible.  Returns what it found; out is ""
 * with EXTRACT_DATE_NONE.  Years outside 1900-2099 are no date.
 */
enum extract_date_precision extract_date(const char *s, bool day_first,
    char out[EXTRACT_DATE_LEN + 1]);

/*
 * As extract_date, for the date a URL's path spells ("/2026/12/02/",
 * "/2026-12-02-slug", "/20261202/", "/2026/12/"); NULL gives none.
 */
enum extract_date_precision extract_url_date(const char *url,
    char out[EXTRACT_DATE_LEN + 1]);

/* The removed.json name of a kind: "comments", "reply-form", ... */
const char *extract_kind_name(enum chrome_kind kind);

/* Frees what *a holds; accepts an empty or NULL article. */
void extract_release(struct article *a);

#endif
