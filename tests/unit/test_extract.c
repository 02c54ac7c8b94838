#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "markdown.h"
#include "xalloc.h"

#define FIXTURES "tests/fixtures/extract/"
#define BASE "https://news.example/2023/05/story.html"

static void
load(const char *name, const char *charset, struct article *a)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	struct extract_opts o = { BASE, charset };
	struct error err;
	char path[256];

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	assert_int_equal(buf_read_file(&b, path, &err), 0);
	if (extract_article(b.data, b.len, &o, a, &err) != 0)
		fail_msg("%s: %s", name, err.msg);
	buf_release(&b);
}

static int
extract_str(const char *html, const char *charset, struct article *a,
    struct error *err)
{
	struct extract_opts o = { BASE, charset };

	return extract_article(html, strlen(html), &o, a, err);
}

/* All block texts joined by newlines; the caller frees it. */
static char *
all_text(const struct article *a)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	size_t i;

	for (i = 0; i < a->nblocks; i++) {
		buf_addstr(&b, a->blocks[i].text);
		buf_addch(&b, '\n');
	}
	return buf_detach(&b, NULL);
}

static bool
has_text(const struct article *a, const char *s)
{
	char *t = all_text(a);
	bool r = strstr(t, s) != NULL;

	free(t);
	return r;
}

static bool
removed_kind(const struct article *a, enum chrome_kind k)
{
	size_t i;

	for (i = 0; i < a->nremoved; i++)
		if (a->removed[i].kind == k)
			return true;
	return false;
}

/* Whether a removal of kind k was logged under rule. */
static bool
removed_by(const struct article *a, enum chrome_kind k, const char *rule)
{
	size_t i;

	for (i = 0; i < a->nremoved; i++)
		if (a->removed[i].kind == k &&
		    strcmp(a->removed[i].rule, rule) == 0)
			return true;
	return false;
}

static void
test_wordpress(void **state)
{
	struct article a;
	size_t i;

	(void)state;
	load("wordpress.html", NULL, &a);
	assert_string_equal(a.title, "Lighthouse keepers of the northern coast");
	assert_true(has_text(&a, "For more than a century"));
	assert_true(has_text(&a, "Their days were measured by the lamp"));
	assert_true(has_text(&a, "spotted with salt"));
	assert_false(has_text(&a, "Related"));
	assert_false(has_text(&a, "Reading the tides"));
	assert_false(has_text(&a, "Leave a Reply"));
	assert_false(has_text(&a, "Your email address will not be published"));
	assert_false(has_text(&a, "Required fields"));
	assert_false(has_text(&a, "My grandfather kept"));
	assert_false(has_text(&a, "thoughts on"));
	assert_false(has_text(&a, "Home"));
	assert_false(has_text(&a, "Proudly powered"));
	assert_null(strstr(a.html, "Leave a Reply"));
	assert_null(strstr(a.html, "Related Post"));
	assert_true(removed_kind(&a, CHROME_COMMENTS));
	assert_true(removed_kind(&a, CHROME_RELATED));
	assert_true(removed_kind(&a, CHROME_NAVIGATION));
	for (i = 0; i < a.nremoved; i++) {
		assert_int_equal(strlen(a.removed[i].sha256), 64);
		assert_true(a.removed[i].path[0] == '/');
		assert_non_null(a.removed[i].rule);
	}
	extract_release(&a);
}

static void
test_reply_form(void **state)
{
	static const char page[] = "<html><body><div class=\"text\">"
	    "<p>The village council met on Tuesday, and after a long debate, "
	    "it voted to repair the old bridge before the autumn rains.</p>"
	    "<p>Work will begin next month, the mayor said, and traffic will "
	    "be diverted through the lower road for about six weeks.</p></div>"
	    "<div class=\"box\"><h3>Leave a Comment</h3><p>Your email address "
	    "will not be published. Required fields are marked *</p>"
	    "<p>Name and email are both required to post here.</p></div>"
	    "</body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(page, NULL, &a, &err), 0);
	assert_true(has_text(&a, "repair the old bridge"));
	assert_false(has_text(&a, "Leave a Comment"));
	assert_false(has_text(&a, "email address"));
	assert_true(removed_kind(&a, CHROME_REPLY_FORM));
	extract_release(&a);
}

static void
test_headings(void **state)
{
	struct article a;

	(void)state;
	load("headings.html", NULL, &a);
	assert_true(has_text(&a, "Runner beans grow happily"));
	assert_true(has_text(&a, "more than most small households"));
	assert_false(has_text(&a, "You may also like"));
	assert_false(has_text(&a, "Peas in window boxes"));
	assert_false(has_text(&a, "Responses"));
	assert_false(has_text(&a, "drainpipe"));
	assert_false(has_text(&a, "dwarf variety"));
	assert_false(has_text(&a, "Tomaten"));
	assert_false(has_text(&a, "Twitter Facebook"));
	assert_true(removed_kind(&a, CHROME_RELATED));
	assert_true(removed_kind(&a, CHROME_COMMENTS));
	assert_true(removed_kind(&a, CHROME_SHARE));
	extract_release(&a);
}

static void
test_chrome_kinds(void **state)
{
	struct article a;

	(void)state;
	load("chrome.html", NULL, &a);
	/* "ad" must not match class words such as shadow, load, header. */
	assert_true(has_text(&a, "After eleven years without a sleeper"));
	assert_true(has_text(&a, "The trains will leave the capital"));
	assert_true(has_text(&a, "Local hotels welcomed the news"));
	assert_false(has_text(&a, "cookies"));
	assert_false(has_text(&a, "front page"));
	assert_false(has_text(&a, "Alpha section"));
	assert_false(has_text(&a, "Editor's picks"));
	assert_false(has_text(&a, "Share this"));
	assert_false(has_text(&a, "winter tyres"));
	assert_false(has_text(&a, "newsletter"));
	assert_false(has_text(&a, "hidden paragraph"));
	assert_false(has_text(&a, "Another hidden block"));
	assert_false(has_text(&a, "Decorative text"));
	assert_false(has_text(&a, "Copyright"));
	assert_true(removed_kind(&a, CHROME_COOKIE));
	assert_true(removed_kind(&a, CHROME_NAVIGATION));
	assert_true(removed_kind(&a, CHROME_SHARE));
	assert_true(removed_kind(&a, CHROME_ADVERT));
	assert_true(removed_kind(&a, CHROME_NEWSLETTER));
	assert_true(removed_kind(&a, CHROME_HIDDEN));
	assert_true(removed_kind(&a, CHROME_OTHER));
	extract_release(&a);
}

static void
test_cp1252_default(void **state)
{
	struct article a;

	(void)state;
	load("cp1252.html", NULL, &a);
	assert_string_equal(a.charset, "windows-1252");
	assert_string_equal(a.charset_source, "default");
	assert_true(has_text(&a, "The caf\xc3\xa9 sold \xe2\x80\x9cgood\xe2\x80\x9d"
	    " coffee \xe2\x80\x94 every day"));
	extract_release(&a);
}

static void
test_meta_shift_jis(void **state)
{
	struct article a;

	(void)state;
	load("sjis.html", NULL, &a);
	assert_string_equal(a.charset, "shift_jis");
	assert_string_equal(a.charset_source, "meta");
	assert_true(has_text(&a, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"));
	assert_true(has_text(&a, "\xe6\x9d\xb1\xe4\xba\xac"));
	extract_release(&a);
}

static void
test_transport_wins_over_meta(void **state)
{
	struct article a;

	(void)state;
	/* The page says Shift_JIS; a (wrong) transport charset wins. */
	load("sjis.html", "windows-1252", &a);
	assert_string_equal(a.charset, "windows-1252");
	assert_string_equal(a.charset_source, "http");
	extract_release(&a);
}

static void
test_invalid_utf8(void **state)
{
	struct article a;

	(void)state;
	load("invalid-utf8.html", "utf-8", &a);
	assert_string_equal(a.charset_source, "http");
	assert_true(has_text(&a, "Broken bytes \xef\xbf\xbd"));
	assert_true(has_text(&a, "then more text follows after them"));
	assert_true(has_text(&a, "Caf\xc3\xa9 SENTINEL the final sentence "
	    "survives the bad bytes intact."));
	extract_release(&a);
}

/*
 * WHATWG "maximal subpart" replacement: a lead byte and the continuation
 * bytes that could still complete it become one U+FFFD; a byte that cannot
 * start or continue a sequence becomes one U+FFFD on its own.
 */
static void
test_invalid_utf8_subparts(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		/* truncated 3-byte sequence before a space */
		{ "x\xe2\x82 y", "x\xef\xbf\xbd y" },
		/* FF, FE, '(' kept, C3 cut short by the end of the text */
		{ "x \xff\xfe(\xc3",
		    "x \xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd" },
		/* truncated 4-byte sequence: one */
		{ "x\xf0\x9f\x98 y", "x\xef\xbf\xbd y" },
		{ "x\xf0\x9f y", "x\xef\xbf\xbd y" },
		/* surrogate: ED A0 is never a prefix, so three */
		{ "x\xed\xa0\x80 y",
		    "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd y" },
		/* overlong forms: every byte alone */
		{ "x\xc0\xaf y", "x\xef\xbf\xbd\xef\xbf\xbd y" },
		{ "x\xe0\x80\xaf y",
		    "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd y" },
		{ "x\xf0\x80\x80 y",
		    "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd y" },
		/* above U+10FFFF */
		{ "x\xf4\x90\x80\x80 y", "x\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd y" },
		{ "x\xf5\x80 y", "x\xef\xbf\xbd\xef\xbf\xbd y" },
		/* a lone continuation byte, then a valid sequence kept */
		{ "x\x80\xc3\xa9 y", "x\xef\xbf\xbd\xc3\xa9 y" },
		/* the non-character U+FFFE is one sequence, so one */
		{ "x\xef\xbf\xbe y", "x\xef\xbf\xbd y" },
	};
	struct article a;
	struct error err;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct buf page = BUF_INIT(BUF_MAX_DEFAULT);
		char *want;

		buf_addstr(&page, "<html><head><title>Bytes</title></head>"
		    "<body><article><p>This paragraph is long enough to be "
		    "scored as the main content, with commas, clauses and a "
		    "full stop.</p><p>");
		buf_addstr(&page, cases[k].in);
		buf_addstr(&page, "</p></article></body></html>");
		assert_int_equal(extract_str(page.data, "utf-8", &a, &err), 0);
		want = xmalloc(strlen(cases[k].want) + 3);
		sprintf(want, "\n%s\n", cases[k].want);
		if (!has_text(&a, want))
			fail_msg("case %zu: wrong replacement", k);
		free(want);
		extract_release(&a);
		buf_release(&page);
	}
}

static void
test_nul_bytes(void **state)
{
	struct article a;

	(void)state;
	load("nul.html", NULL, &a);
	assert_true(has_text(&a, "Before the NUL\xef\xbf\xbd" "after the NUL"));
	assert_true(has_text(&a, "SENTINEL sentence ends here."));
	extract_release(&a);
}

static void
test_bom(void **state)
{
	static const char page[] = "\xef\xbb\xbf<html><head>"
	    "<meta charset=\"iso-8859-2\"></head><body><p>A byte order mark "
	    "decides, na\xc3\xafve meta tags do not, and this sentence is long "
	    "enough to count.</p></body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(page, "windows-1252", &a, &err), 0);
	assert_string_equal(a.charset, "utf-8");
	assert_string_equal(a.charset_source, "bom");
	assert_true(has_text(&a, "na\xc3\xafve"));
	extract_release(&a);
}

static void
test_metadata(void **state)
{
	struct article a;

	(void)state;
	load("meta.html", NULL, &a);
	assert_string_equal(a.title, "Les ponts de pierre du Tarn");
	assert_string_equal(a.byline, "Claire Dumas");
	assert_string_equal(a.published, "2021-06-14T08:30:00+02:00");
	assert_string_equal(a.modified, "2021-06-15T10:00:00+02:00");
	assert_string_equal(a.site_name, "La Gazette du Sud");
	assert_string_equal(a.lang, "fr");
	assert_string_equal(a.canonical,
	    "https://news.example/2023/articles/ponts-du-tarn.html");
	assert_string_equal(a.image, "https://news.example/img/pont.jpg");
	assert_string_equal(a.description,
	    "Une promenade le long des ponts anciens.");
	assert_string_equal(a.charset, "utf-8");
	assert_false(a.truncated);
	extract_release(&a);
}

static void
test_blocks(void **state)
{
	struct article a;
	size_t i;
	int items = 0, rows = 0, captions = 0, quotes = 0;

	(void)state;
	load("meta.html", NULL, &a);
	for (i = 0; i < a.nblocks; i++) {
		items += a.blocks[i].kind == BLOCK_ITEM;
		rows += a.blocks[i].kind == BLOCK_TABLE_ROW;
		captions += a.blocks[i].kind == BLOCK_CAPTION;
		quotes += a.blocks[i].kind == BLOCK_QUOTE;
	}
	assert_int_equal(items, 2);
	assert_int_equal(rows, 2);
	assert_int_equal(captions, 1);
	assert_int_equal(quotes, 1);
	assert_true(has_text(&a, "Pont Vieux | 1280"));
	assert_false(has_text(&a, "tracking"));
	assert_false(has_text(&a, "alert"));
	extract_release(&a);
}

static void
test_dates(void **state)
{
	static const struct {
		const char *in;
		bool day_first;
		const char *want;
	} cases[] = {
		{ "2026-12-02T08:30:00+02:00", false,
		  "2026-12-02T08:30:00+02:00" },
		{ "2026-12-02T08:30:00.123Z", false, "2026-12-02T08:30:00Z" },
		{ "2026-12-02 08:30:00 +0000", false,
		  "2026-12-02T08:30:00+00:00" },
		{ "2026-12-02T08:30", false, "2026-12-02T08:30:00" },
		{ "2026-12-02", false, "2026-12-02" },
		{ "20261202", false, "2026-12-02" },
		{ "2026/12/02", false, "2026-12-02" },
		{ "2 December 2026", false, "2026-12-02" },
		{ "December 2, 2026", false, "2026-12-02" },
		{ "Dec. 2, 2026", false, "2026-12-02" },
		{ "Dec 2nd, 2026 at 10:00", false, "2026-12-02" },
		{ "Published on Wednesday, 2nd December 2026", false,
		  "2026-12-02" },
		{ "02.12.2026", false, "2026-12-02" },
		{ "2 décembre 2026", true, "2026-12-02" },
		{ "1er décembre 2026", true, "2026-12-01" },
		{ "2. Dezember 2026", true, "2026-12-02" },
		{ "2. März 2026", true, "2026-03-02" },
		{ "2 de diciembre de 2026", true, "2026-12-02" },
		{ "2 dicembre 2026", true, "2026-12-02" },
		{ "2 grudnia 2026", true, "2026-12-02" },
		{ "2 декабря 2026 г.", true, "2026-12-02" },
		{ "2026年12月2日", false, "2026-12-02" },
		{ "2026. 12. 2.", false, "2026-12-02" },
		/* Numbers alone: a part over 12 decides, else the language. */
		{ "12/02/2026", false, "2026-12-02" },
		{ "12/02/2026", true, "2026-02-12" },
		{ "13/11/2025 09:21", false, "2025-11-13" },
		{ "Thu, 09/25/2025 - 11:38", true, "2025-09-25" },
		{ "December 2026", false, "2026-12" },
		{ "2026-12", false, "2026-12" },
	};
	static const char *const none[] = {
		"", "yesterday", "3 days ago", "2026", "31 February 2026",
		"12/02/26", "2026-13-01", "32 December 2026", "1 January 1850",
		"version 2.0.1", "5 min read",
	};
	char out[EXTRACT_DATE_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_not_equal(extract_date(cases[i].in,
		    cases[i].day_first, out), EXTRACT_DATE_NONE);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("\"%s\": \"%s\", not \"%s\"", cases[i].in, out,
			    cases[i].want);
	}
	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		if (extract_date(none[i], false, out) != EXTRACT_DATE_NONE)
			fail_msg("\"%s\" is no date, got \"%s\"", none[i], out);
		assert_string_equal(out, "");
	}
}

static void
test_url_dates(void **state)
{
	static const char *const cases[][2] = {
		{ "https://news.example/2026/12/02/harbour-wall", "2026-12-02" },
		{ "https://news.example/news/2026-12-02-harbour", "2026-12-02" },
		{ "https://news.example/20261202/harbour.html", "2026-12-02" },
		{ "https://news.example/blog/2026/12/harbour", "2026-12" },
		{ "https://news.example/a/b?date=2026-12-02", "" },
		{ "https://2026.example/12/02", "" },
		{ "https://news.example/item/12345678", "" },
		{ "https://news.example/2026/13/02/x", "" },
	};
	char out[EXTRACT_DATE_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		extract_url_date(cases[i][0], out);
		if (strcmp(out, cases[i][1]) != 0)
			fail_msg("%s: \"%s\", not \"%s\"", cases[i][0], out,
			    cases[i][1]);
	}
	assert_int_equal(extract_url_date(NULL, out), EXTRACT_DATE_NONE);
}

/*
 * JSON-LD's article, not the page around it; authors by @id into the
 * graph, each once; the visible headline; the site's name as author only
 * in the head, so the article's names win.
 */
static void
test_metadata_graph(void **state)
{
	struct article a;

	(void)state;
	load("meta-graph.html", NULL, &a);
	assert_string_equal(a.title,
	    "Harbour wall to be rebuilt after winter storms");
	assert_string_equal(a.byline, "Ana Ruiz, Li Wu");
	assert_string_equal(a.published, "2026-12-02T08:30:00+01:00");
	assert_string_equal(a.modified, "2026-12-03T10:00:00+01:00");
	assert_string_equal(a.site_name, "Coast Daily");
	extract_release(&a);
}

/*
 * The byline and publication date of a page at url whose head and body
 * are given: byline NULL for none, published NULL not to look, "" for none.
 */
static void
assert_meta_at(const char *url, const char *head, const char *body,
    const char *byline, const char *published)
{
	char page[4096];
	struct extract_opts o = { url, NULL };
	struct article a;
	struct error err;

	snprintf(page, sizeof(page), "<html><head>%s</head><body>%s<p>The "
	    "ferry will run every hour from June, with extra boats at "
	    "weekends, the operator said on the quay.</p></body></html>", head,
	    body);
	assert_int_equal(extract_article(page, strlen(page), &o, &a, &err),
	    0);
	if (byline && (!a.byline || strcmp(a.byline, byline) != 0))
		fail_msg("byline \"%s\", not \"%s\", of %s", a.byline ?
		    a.byline : "(null)", byline, body);
	if (!byline && a.byline)
		fail_msg("byline \"%s\" of %s", a.byline, body);
	if (published && *published && (!a.published ||
	    strcmp(a.published, published) != 0))
		fail_msg("published \"%s\", not \"%s\", of %s%s", a.published ?
		    a.published : "(null)", published, head, body);
	if (published && !*published && a.published)
		fail_msg("published \"%s\" of %s", a.published, body);
	extract_release(&a);
}

static void
assert_meta(const char *head, const char *body, const char *byline,
    const char *published)
{
	assert_meta_at(BASE, head, body, byline, published);
}

static void
test_bylines(void **state)
{
	static const char *const cases[][2] = {
		{ "<div class=\"byline\">By Ana Ruiz | 2 December 2026</div>",
		  "Ana Ruiz" },
		{ "<p class=\"post-author\">Written by: Ana Ruiz</p>",
		  "Ana Ruiz" },
		{ "<span class=\"author\"><span>By</span><a href=\"/a\">Ana "
		  "Ruiz</a><span>Dec 2, 2026</span></span>", "Ana Ruiz" },
		{ "<div class=\"byline\">Von Jana Weber, 2. Dezember "
		  "2026</div>", "Jana Weber" },
		{ "<div class=\"byline\">Par Claire Dumas le 2 décembre "
		  "2026</div>", "Claire Dumas" },
		{ "<div class=\"byline\">Ana Ruiz Reviewed by Li Wu</div>",
		  "Ana Ruiz" },
		{ "<h1>Ferry fares</h1><p>By Ana Ruiz and Li Wu</p>",
		  "Ana Ruiz and Li Wu" },
		{ "<a rel=\"author\" href=\"/u/ana\">Ana Ruiz</a>",
		  "Ana Ruiz" },
		{ "<div itemprop=\"author\" itemscope><a href=\"/u/ana\"><span "
		  "itemprop=\"name\">Ana Ruiz</span></a></div>", "Ana Ruiz" },
		/* No one is named. */
		{ "<div class=\"byline\">By Staff</div>", NULL },
		{ "<div class=\"byline\">Posted by admin</div>", NULL },
		{ "<div class=\"author-bio\">Ana writes about ferries.</div>",
		  NULL },
		{ "<div class=\"byline\">Photos by Li Wu</div>", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_meta("<title>Ferry fares</title>", cases[i][0],
		    cases[i][1], NULL);
	/* The head: a name, never a profile URL or a handle. */
	assert_meta("<meta property=\"article:author\" content=\"https://"
	    "social.example/ana\"><meta name=\"author\" content=\"@ana\">",
	    "", NULL, NULL);
	assert_meta("<meta name=\"citation_author\" content=\"Ruiz, Ana\">"
	    "<meta name=\"citation_author\" content=\"Wu, Li\">", "",
	    "Ana Ruiz, Li Wu", NULL);
	assert_meta("<meta name=\"twitter:label1\" content=\"Written by\">"
	    "<meta name=\"twitter:data1\" content=\"Ana Ruiz\">", "",
	    "Ana Ruiz", NULL);
	/* The site's name in the head yields to the page's own byline. */
	assert_meta("<meta property=\"og:site_name\" content=\"Coast Daily\">"
	    "<meta name=\"author\" content=\"Coast Daily\">",
	    "<div class=\"byline\">By Ana Ruiz</div>", "Ana Ruiz", NULL);
	/* ... and stays when the page names no one: a personal site. */
	assert_meta("<meta property=\"og:site_name\" content=\"Ana Ruiz\">"
	    "<meta name=\"author\" content=\"Ana Ruiz\">", "", "Ana Ruiz",
	    NULL);
	assert_meta("<script type=\"application/ld+json\">{\"@type\":"
	    "\"BlogPosting\",\"author\":{\"@type\":\"Person\",\"name\":"
	    "\"Maria &amp; Katerina\"}}</script>", "", "Maria & Katerina",
	    NULL);
}

static void
test_published(void **state)
{
	static const char *const cases[][3] = {
		/* head, body, published */
		{ "<meta property=\"article:published_time\" content=\"2026-"
		  "12-02T08:30:00Z\">", "", "2026-12-02T08:30:00Z" },
		{ "<meta name=\"date\" content=\"Dec. 2, 2026\">", "",
		  "2026-12-02" },
		{ "", "<h1>Ferry fares</h1><time datetime=\"2026-12-02\">2 Dec"
		  "</time>", "2026-12-02" },
		{ "", "<h1>Ferry fares</h1><div class=\"entry-date\">2 "
		  "December 2026</div>", "2026-12-02" },
		/* A date line near the headline, classed or not. */
		{ "", "<h1>Ferry fares</h1><p><span>Published</span> "
		  "<span>December 2, 2026</span></p>", "2026-12-02" },
		/* An update is no publication: BASE's month is all there is. */
		{ "", "<h1>Ferry fares</h1><p>Updated: December 2, 2026</p>",
		  "2023-05" },
		{ "<meta property=\"article:modified_time\" content=\"2026-12-"
		  "02\">", "", "2023-05" },
		/* The URL's date, by the canonical link. */
		{ "<link rel=\"canonical\" href=\"https://news.example/2026/12/"
		  "02/ferry\">", "", "2026-12-02" },
		/* The head against two things the page shows: the page. */
		{ "<meta property=\"article:published_time\" content=\"2019-"
		  "01-01\">", "<h1>Ferry fares</h1><time class=\"published\" "
		  "datetime=\"2026-12-02\">2 Dec</time><div class=\"date\">"
		  "Published 2 December 2026</div>", "2026-12-02" },
		/* A UTC instant the page shows on its own day. */
		{ "<meta property=\"article:published_time\" content=\"2026-"
		  "12-03T02:00:00+00:00\">", "<h1>Ferry fares</h1><p>December "
		  "2, 2026</p>", "2026-12-02" },
		/* Comments' dates are not the article's. */
		{ "", "<h1>Ferry fares</h1><section class=\"comments\"><time "
		  "datetime=\"2026-12-05\">5 Dec</time></section>",
		  "2023-05" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_meta(cases[i][0], cases[i][1], NULL, cases[i][2]);
}

/*
 * Where the publication date comes from when the sources disagree or the
 * usual ones are missing, on a URL without a date.
 */
static void
test_published_sources(void **state)
{
	static const char *const cases[][3] = {
		/* head, body, published */
		/* Only an update shown: its day dates the text ... */
		{ "", "<h1>Ferry fares</h1><p>Updated: December 2, 2026</p>",
		  "2026-12-02" },
		/* ... a machine-only modified time does not. */
		{ "<meta property=\"article:modified_time\" content=\"2026-12-"
		  "02\">", "<h1>Ferry fares</h1>", "" },
		/* A headline date earlier than the head's is the first. */
		{ "<meta property=\"article:published_time\" content=\"2025-"
		  "06-01T09:00:00Z\">", "<h1>Ferry fares</h1><p>March 3, 2019"
		  "</p>", "2019-03-03" },
		/* ... not when it reads two ways, or dates something else. */
		{ "<meta property=\"article:published_time\" content=\"2021-"
		  "12-08\">", "<h1>Ferry fares</h1><p>08/12/2021</p>",
		  "2021-12-08" },
		{ "<meta property=\"article:published_time\" content=\"2026-"
		  "03-11\">", "<h1>Ferry fares</h1><p>Last checked: 2025-10-"
		  "28</p>", "2026-03-11" },
		/* A <meta> name no table knows, by what it says. */
		{ "<meta name=\"w-published-date\" content=\"2025-05-27\">", "",
		  "2025-05-27" },
		{ "<meta name=\"published-time\" content=\"2026-03-09T08:45Z\">"
		  "<meta name=\"published-date\" content=\"2021-02-16\">", "",
		  "2021-02-16" },
		{ "<meta name=\"auto-publish\" content=\"true\">", "", "" },
		/* Microdata in the text. */
		{ "", "<h1>Ferry fares</h1><span itemprop=\"datePublished\">"
		  "October 17, 2018</span>", "2018-10-17" },
		/* A line of a few words beside separators is a date line. */
		{ "", "<h1>Ferry fares</h1><p>Ana Ruiz | Senior Writer | July "
		  "2, 2025</p>", "2025-07-02" },
		/* The page's own classes open no zone without dates. */
		{ "", "<h1>Ferry fares</h1><div class=\"fusion-meta\"><span "
		  "class=\"published-date\">Published On: 15 August 2025</span>"
		  "</div>", "2025-08-15" },
		/* "Posted on ..." anywhere. */
		{ "", "<h1>Ferry fares</h1><p>Ferry fares rise in June.</p>"
		  "<div>Posted on the 15/12/2025 at 19:00 by Ana</div>",
		  "2025-12-15" },
		/* A sentence on the first publication. */
		{ "<meta property=\"article:published_time\" content=\"2022-"
		  "09-30\">", "<h1>Ferry fares</h1><p>This article was "
		  "originally published on 26 Sep 2019 at 4:12pm but has been "
		  "updated.</p>", "2019-09-26" },
		{ "<meta property=\"article:published_time\" content=\"2024-"
		  "05-24\">", "<h1>Ferry fares</h1><p><em>Originally published "
		  "in March 2022. Last updated on December 20, 2024.</em></p>",
		  "2024-05-24" },
		/* The first <time> by the headline, not one above it. */
		{ "", "<div><time datetime=\"2025-01-31\">Jan 31</time></div>"
		  "<h1>Ferry fares</h1><time datetime=\"2017-03-01\">03/01/2017"
		  "</time>", "2017-03-01" },
		/* No <h1>: the line that says the og:title stands for it. */
		{ "<meta property=\"og:title\" content=\"Ferry fares for the "
		  "summer | Coast Daily\">", "<p>Ferry fares for the summer</p>"
		  "<p>Coast Daily Team</p><p>Feb 16, 2026</p>", "2026-02-16" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_meta_at("https://news.example/story.html", cases[i][0],
		    cases[i][1], NULL, cases[i][2]);
	/* A readers' post's "Posted:" says nothing against the byline. */
	assert_meta_at("https://news.example/story.html", "",
	    "<h1>Ferry fares</h1><div>By Ana Ruiz, 14 March 2026</div><p>"
	    "Ferry fares rise in June.</p><div>Posted: 1 January 2025</div>",
	    "Ana Ruiz", "2026-03-14");
	/* The date a byline writes, or the line just after it. */
	assert_meta_at("https://news.example/story.html", "",
	    "<h1>Ferry fares</h1><p>by Ana Ruiz \xc2\xb7 Dec 20, 2025 at 3:00 "
	    "am \xc2\xb7 2 comments</p>", "Ana Ruiz", "2025-12-20");
	assert_meta_at("https://news.example/story.html", "",
	    "<h1>Ferry fares</h1><div><p>Ferries</p><p>Tides</p><p>Maps</p>"
	    "<p>Routes</p><p>Ports</p><p>Fares</p><p>Boats</p><p>Quays</p>"
	    "</div><p>Written by Ana Ruiz</p><p>April 8, 2024</p>",
	    "Ana Ruiz", "2024-04-08");
}

/* Asserts the title of a page with head and body around one paragraph. */
static void
assert_title(const char *head, const char *body, const char *want)
{
	char page[2048];
	struct article a;
	struct error err;

	snprintf(page, sizeof(page), "<html><head>%s</head><body>%s<p>The "
	    "ferry will run every hour from June, with extra boats at "
	    "weekends, the operator said.</p></body></html>", head, body);
	assert_int_equal(extract_str(page, NULL, &a, &err), 0);
	assert_string_equal(a.title, want);
	extract_release(&a);
}

static void
test_title_suffix(void **state)
{
	static const char *const cases[][2] = {
		{ "Ferry timetable changes for the summer | Coast Daily",
		  "Ferry timetable changes for the summer" },
		{ "Ferry timetable changes for the summer - Coast Daily",
		  "Ferry timetable changes for the summer" },
		{ "Ferry timetable changes for the summer \xe2\x80\x94 "
		  "Coast Daily", "Ferry timetable changes for the summer" },
		{ "Coast Daily | Ferry timetable changes for the summer",
		  "Ferry timetable changes for the summer" },
		{ "Ferry timetable changes - a guide for island commuters and "
		  "their families", "Ferry timetable changes - a guide for "
		  "island commuters and their families" },
	};
	char head[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(head, sizeof(head), "<title>%s</title><meta property="
		    "\"og:site_name\" content=\"Coast Daily\">", cases[i][0]);
		assert_title(head, "", cases[i][1]);
	}
}

/*
 * Without og:title: a headline the <title> is mostly made of wins over a
 * logo <h1>; a logo <h1> (by class or by a link home) is no title and names
 * the site to strip, before or after the headline.
 */
static void
test_title_logo_heading(void **state)
{
	static const char *const cases[][3] = {
		/* <title>, body before the article, title */
		{ "Ferry fares should be cut",
		  "<h1>Island Diary</h1><h1 class=\"entry-title\">Ferry fares "
		  "should be cut</h1>", "Ferry fares should be cut" },
		{ "Ferry fares should be cut \xe2\x80\x94 Island Diary",
		  "<h1 id=\"blog-title\"><a href=\"https://diary.example/\">"
		  "Island Diary</a></h1>", "Ferry fares should be cut" },
		{ "Island Diary: Ferry fares should be cut",
		  "<h1 class=\"banner\">Island Diary</h1>",
		  "Ferry fares should be cut" },
		{ "\xc2\xbb Ferry fares should be cut :Island Diary",
		  "<h1><span><a href=\"/\" rel=\"home\">Island Diary</a>"
		  "</span></h1>", "Ferry fares should be cut" },
		{ "Ferry fares should be cut \xc2\xab Island Diary",
		  "<h1><a href=\"https://diary.example/blog\">Island Diary</a>"
		  "</h1>", "Ferry fares should be cut" },
		/* An <h1> that links to the story itself is its headline. */
		{ "Ferry fares | Island Diary, news from the islands since 1999",
		  "<h1><a href=\"/2019/ferry-fares\">Ferry fares should be "
		  "cut</a></h1>", "Ferry fares should be cut" },
	};
	char head[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(head, sizeof(head), "<title>%s</title>", cases[i][0]);
		assert_title(head, cases[i][1], cases[i][2]);
	}
}

static void
test_title_section_prefix(void **state)
{
	static const char *const cases[][3] = {
		/* og:title, h1, title */
		{ "Opinion | Ferry fares should be cut",
		  "Ferry fares should be cut", "Ferry fares should be cut" },
		{ "Travel: Ferry fares should be cut",
		  "Ferry fares should be cut", "Ferry fares should be cut" },
		/* The page's own headline, though the title says more. */
		{ "Opinion | Ferry fares should be cut",
		  "Ferry fares", "Ferry fares" },
		/* The page's headline, whatever the social title adds. */
		{ "Why ferry fares should be cut", "ferry fares should be cut",
		  "ferry fares should be cut" },
		{ "The island council says once more: ferry fares should be "
		  "cut", "ferry fares should be cut",
		  "ferry fares should be cut" },
		/* A heading that shares too little is no headline. */
		{ "The island council votes on the harbour budget",
		  "Ferry fares should be cut",
		  "The island council votes on the harbour budget" },
		/* The shorter end after a separator names the site. */
		{ "Ferry fares should be cut | Island Diary", "Island Diary",
		  "Ferry fares should be cut" },
		/* The headline first, a site name the page never states. */
		{ "Ferry fares should be cut | Island Diary",
		  "Ferry fares should be cut", "Ferry fares should be cut" },
		/*
		 * A short first side is as often the headline as the site:
		 * the <h1> that links home is the logo.
		 */
		{ "ISLAND DIARY - Fares, fares, fares!",
		  "<a href=\"/\">ISLAND DIARY</a>",
		  "ISLAND DIARY - Fares, fares, fares!" },
	};
	char head[512], body[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(head, sizeof(head), "<title>x</title><meta property="
		    "\"og:title\" content=\"%s\">", cases[i][0]);
		snprintf(body, sizeof(body), "<h1>%s</h1>", cases[i][1]);
		assert_title(head, body, cases[i][2]);
	}
}

static void
test_html_safety(void **state)
{
	struct article a;

	(void)state;
	load("meta.html", NULL, &a);
	assert_non_null(a.html);
	assert_int_equal(strlen(a.html), a.html_len);
	assert_int_equal(strncmp(a.html, "<!DOCTYPE html>", 15), 0);
	assert_non_null(strstr(a.html, "<html lang=\"fr\">"));
	assert_non_null(strstr(a.html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(a.html, "<link rel=\"canonical\""));
	assert_non_null(strstr(a.html, "<article>"));
	assert_null(strstr(a.html, "<script"));
	assert_null(strstr(a.html, "<style"));
	assert_null(strstr(a.html, "<iframe"));
	assert_null(strstr(a.html, "onclick"));
	assert_null(strstr(a.html, "onerror"));
	assert_null(strstr(a.html, "javascript:"));
	assert_non_null(strstr(a.html, "<blockquote>"));
	assert_non_null(strstr(a.html, "<figcaption>"));
	extract_release(&a);
}

static void
test_links_absolute(void **state)
{
	struct article a;

	(void)state;
	load("meta.html", NULL, &a);
	assert_non_null(strstr(a.html,
	    "<a href=\"https://news.example/carte.html\">"));
	assert_non_null(strstr(a.html,
	    "src=\"https://news.example/2023/05/photos/pont2.jpg\""));
	assert_non_null(strstr(a.html,
	    "src=\"https://news.example/img/carte.png\""));
	extract_release(&a);
}

static void
test_deterministic(void **state)
{
	struct article a, b;

	(void)state;
	load("wordpress.html", NULL, &a);
	load("wordpress.html", NULL, &b);
	assert_int_equal(a.html_len, b.html_len);
	assert_memory_equal(a.html, b.html, a.html_len);
	assert_int_equal(a.nremoved, b.nremoved);
	extract_release(&a);
	extract_release(&b);
}

static void
test_no_article(void **state)
{
	struct article a;
	struct error err;
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	struct extract_opts o = { NULL, NULL };

	(void)state;
	assert_int_equal(buf_read_file(&b, FIXTURES "empty.html", &err), 0);
	assert_int_equal(extract_article(b.data, b.len, &o, &a, &err), -1);
	assert_int_equal(err.rc, RC_CONTENT);
	assert_string_equal(err.msg, "no article found: all of its text is "
	    "menus, forms or other chrome");
	assert_null(a.html);
	assert_int_equal(a.nblocks, 0);
	extract_release(&a);
	assert_int_equal(extract_article("", 0, &o, &a, &err), -1);
	assert_int_equal(err.rc, RC_CONTENT);
	extract_release(&a);
	buf_release(&b);
}

static void
test_deep_nesting(void **state)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	struct extract_opts o = { NULL, NULL };
	struct article a;
	struct error err;
	int i, rc;

	(void)state;
	buf_addstr(&b, "<html><body><p>A paragraph before the deep nesting, "
	    "long enough, with a comma, to be the article.</p>");
	for (i = 0; i < 5000; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, "deep");
	rc = extract_article(b.data, b.len, &o, &a, &err);
	assert_int_equal(rc, 0);
	assert_true(a.truncated);
	extract_release(&a);
	buf_release(&b);
}

static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(extract_kind_name(CHROME_COMMENTS), "comments");
	assert_string_equal(extract_kind_name(CHROME_REPLY_FORM),
	    "reply-form");
	assert_string_equal(extract_kind_name(CHROME_RELATED), "related");
	assert_string_equal(extract_kind_name(CHROME_HIDDEN), "hidden");
	assert_string_equal(extract_kind_name(CHROME_OTHER), "other");
	extract_release(NULL);
}

/* A comment section known only by its heading, and one whose heading sits
 * alone in a wrapper: the replies after it go with it. */
static void
test_comment_heading(void **state)
{
	struct article a;

	(void)state;
	load("comment-heading.html", NULL, &a);
	assert_true(has_text(&a, "we took out a third of the old wood"));
	assert_true(has_text(&a, "outward-facing buds"));
	assert_false(has_text(&a, "Responses"));
	assert_false(has_text(&a, "paint the large cuts"));
	assert_false(has_text(&a, "single winter in my experience"));
	assert_false(has_text(&a, "thread continues"));
	assert_true(removed_kind(&a, CHROME_COMMENTS));
	extract_release(&a);
}

/*
 * Readers' threads known by their shape: each removal names the signals
 * that fired, and none, one or many comments leave the same text.
 */
static void
test_thread_signals(void **state)
{
	static const struct {
		const char *page, *rule;
	} cases[] = {
		{ "thread-actions-n", "structure:repeated-byline+"
		    "structure:item-actions+place:after-body" },
		{ "thread-actions-1", "structure:byline+structure:item-actions+"
		    "place:after-body" },
		{ "thread-form-n", "structure:repeated-byline+"
		    "structure:item-actions+form:posting" },
		{ "thread-form-1", "structure:byline+structure:item-actions+"
		    "form:posting" },
		{ "thread-classless-n", "text=comments+"
		    "structure:repeated-byline" },
		{ "thread-readers-n", "heading~=comment+"
		    "structure:repeated-byline" },
		{ "thread-german-n", "heading=kommentare+"
		    "structure:repeated-byline+structure:item-actions+"
		    "form:posting" },
		{ "thread-french-0", "text~=réaction" },
		{ "thread-flat-n", "text=comments*closed" },
		{ "thread-say-0", "heading=have your say+form:posting" },
	};
	char path[64];
	size_t k;
	struct article a;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		snprintf(path, sizeof(path), "../regress/%s.html",
		    cases[k].page);
		load(path, NULL, &a);
		if (!removed_by(&a, CHROME_COMMENTS, cases[k].rule))
			fail_msg("%s: no removal logged as %s", cases[k].page,
			    cases[k].rule);
		assert_true(has_text(&a, "Harbour town votes") ||
		    has_text(&a, "Radwege") || has_text(&a, "marché"));
		extract_release(&a);
	}
}

static void
test_thread_counts(void **state)
{
	static const char *const shapes[] = {
		"classless", "actions", "form", "periodic", "disqus",
	};
	char path[64], *none, *t;
	struct article a;
	size_t k;
	int st;

	(void)state;
	for (k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		none = NULL;
		for (st = 0; st < 3; st++) {
			snprintf(path, sizeof(path),
			    "../regress/thread-%s-%c.html", shapes[k],
			    "01n"[st]);
			load(path, NULL, &a);
			t = all_text(&a);
			if (!none)
				none = t;
			else {
				assert_string_equal(t, none);
				free(t);
			}
			assert_false(has_text(&a, "Reply"));
			assert_false(has_text(&a, "ferry timetable"));
			extract_release(&a);
		}
		free(none);
	}
}

/* A forum topic: the posts are the page, and the page has no article. */
static void
test_thread_forum(void **state)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	struct extract_opts o = { BASE, NULL };
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(buf_read_file(&b, "tests/fixtures/pages/"
	    "forum-topic.html", &err), 0);
	assert_int_equal(extract_article(b.data, b.len, &o, &a, &err), -1);
	assert_int_equal(err.rc, RC_CONTENT);
	assert_string_equal(err.msg,
	    "no article found: the page is a discussion thread");
	extract_release(&a);
	buf_release(&b);
}

/*
 * What looks like a thread but is the article's: a programme of dated
 * events with names after the text, an article with its byline and a
 * "Report an error" link above a comment form, a headline that reads
 * like a comments heading.
 */
static void
test_thread_not_article(void **state)
{
	static const char events[] = "<html><body><div><h1>The summer "
	    "programme</h1><p>The harbour festival returns this year with "
	    "more concerts than ever, spread over three weekends in July and "
	    "August, and most of them are free to attend for residents of "
	    "the town and their guests.</p><p>Tickets for the evening "
	    "concerts go on sale at the tourist office on the first of June, "
	    "and the organisers expect the Saturday shows to sell out within "
	    "a week, as they did last summer.</p>"
	    "<div><div><b>Harbour Jazz Night</b> &middot; 9 July 2026, "
	    "20:00</div><p>A quartet from the conservatoire plays standards "
	    "on the quay.</p></div>"
	    "<div><div><b>Brass on the Beach</b> &middot; 16 July 2026, "
	    "19:30</div><p>The town band and two visiting bands play on the "
	    "sand.</p></div>"
	    "<div><div><b>Fireworks</b> &middot; 23 July 2026, 22:15</div>"
	    "<p>The finale, launched from a barge in the bay.</p></div>"
	    "</div></body></html>";
	static const char byline[] = "<html><body><div><h2>Ferry fares rise "
	    "again</h2><div>By Ana Lima &middot; 3 May 2026, 09:00</div>"
	    "<p>Ferry fares to the islands rise by six per cent on Monday, "
	    "the third rise in two years, the operator said on Friday in a "
	    "short statement that gave rising fuel costs as the reason.</p>"
	    "<p>Islanders' groups said the rise would hit families who cross "
	    "every day for work and school, and asked the council to step in "
	    "with a season ticket for residents.</p>"
	    "<p><a href=\"/report\">Report an error</a></p></div>"
	    "<form><p>Name <input name=\"n\"></p><textarea name=\"t\">"
	    "</textarea></form></body></html>";
	static const char headline[] = "<html><body><article><h1>Thoughts "
	    "on Zig</h1><p>Zig has the syntax of Rust, the error handling of "
	    "Go and the performance of C, and after a month of evenings with "
	    "it I have opinions about all three.</p><p>The build system is "
	    "the part I did not expect to like, and the part I now miss most "
	    "when I go back to other languages.</p></article></body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(events, NULL, &a, &err), 0);
	assert_true(has_text(&a, "Harbour Jazz Night"));
	assert_true(has_text(&a, "launched from a barge"));
	assert_false(removed_kind(&a, CHROME_COMMENTS));
	extract_release(&a);
	assert_int_equal(extract_str(byline, NULL, &a, &err), 0);
	assert_true(has_text(&a, "Ferry fares to the islands"));
	assert_true(has_text(&a, "season ticket for residents"));
	extract_release(&a);
	assert_int_equal(extract_str(headline, NULL, &a, &err), 0);
	assert_true(has_text(&a, "The build system is the part"));
	assert_false(removed_kind(&a, CHROME_COMMENTS));
	extract_release(&a);
}

/* A post body in a "widget" container, its text in a span split by <br>s. */
static void
test_body_in_widget(void **state)
{
	struct article a;

	(void)state;
	load("blogger-widget.html", NULL, &a);
	assert_true(has_text(&a, "fifty minutes later each day"));
	assert_true(has_text(&a, "Spring tides follow the full and new moon"));
	assert_false(has_text(&a, "sailing club"));
	extract_release(&a);
}

/* Short pages whose text fails the density tests are still read. */
static void
test_short_page(void **state)
{
	static const char html[] = "<html><body><div class=\"caption\">"
	    "A heron waits on the weir at dawn.</div></body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(html, NULL, &a, &err), 0);
	assert_true(has_text(&a, "A heron waits on the weir"));
	extract_release(&a);
}

/*
 * A page of n bytes whose article paragraph puts the two-byte character
 * at (or near) byte `at`, so the decoder's 64 KiB pieces split it.
 */
static void
big_page(struct buf *b, size_t at, const char *ch)
{
	static const char head[] = "<html><head><title>Long page</title>"
	    "</head><body><article><h1>Long page</h1><p>";
	size_t i;

	buf_addstr(b, head);
	for (i = 0; b->len + 1 < at; i++)
		buf_addstr(b, i % 12 == 11 ? "word, " : "word ");
	while (b->len + 1 < at)
		buf_addch(b, 'x');
	buf_addstr(b, " caf");
	buf_addstr(b, ch);
	buf_addstr(b, " au lait.</p></article></body></html>");
}

static void
test_decode_in_pieces(void **state)
{
	static const size_t at[] = { 65535, 65536, 65537, 131072 };
	struct extract_opts o = { BASE, NULL };
	struct extract_opts utf8 = { BASE, "utf-8" };
	struct article a;
	struct error err;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		struct buf b = BUF_INIT(BUF_MAX_DEFAULT);

		big_page(&b, at[k], "\xc3\xa9");
		assert_int_equal(extract_article(b.data, b.len, &o, &a, &err),
		    0);
		assert_true(has_text(&a, "caf\xc3\xa9 au lait."));
		assert_string_equal(a.charset, "utf-8");
		extract_release(&a);
		buf_release(&b);

		/* A truncated sequence split by a piece: one U+FFFD. */
		big_page(&b, at[k], "\xe2\x82");
		assert_int_equal(extract_article(b.data, b.len, &utf8, &a,
		    &err), 0);
		assert_true(has_text(&a, "caf\xef\xbf\xbd au lait."));
		extract_release(&a);
		buf_release(&b);

		/* Not UTF-8: windows-1252, converted piece by piece too. */
		big_page(&b, at[k], "\xe9");
		assert_int_equal(extract_article(b.data, b.len, &o, &a, &err),
		    0);
		assert_true(has_text(&a, "caf\xc3\xa9 au lait."));
		assert_string_equal(a.charset, "windows-1252");
		extract_release(&a);
		buf_release(&b);
	}
}

static void
test_attributes_kept(void **state)
{
	static const char html[] =
	    "<html lang=\"de\"><head><title>Attr</title>"
	    "<link rel=\"canonical\" href=\"/c/attr\"></head><body>"
	    "<div class=\"entry-content\" data-x=\"1\" onclick=\"x()\">"
	    "<p>The harbour wall was rebuilt after the storm, and the town "
	    "paid for it with a <strong>new</strong> levy agreed in March.</p>"
	    "<p>Engineers said the <a href=\"/more\" target=\"_blank\">"
	    "new design</a> would last fifty years, weather permitting.</p>"
	    "<img src=\"/i/wall.jpg\" alt=\"The wall\" width=\"10\">"
	    "<div style=\"display: none\"><p>Hidden text never shown to "
	    "readers of the page at all.</p></div></div>"
	    "<div class=\"share-bar\">Share this on every network</div>"
	    "</body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(html, NULL, &a, &err), 0);
	assert_string_equal(a.lang, "de");
	assert_string_equal(a.canonical, "https://news.example/c/attr");
	assert_true(has_text(&a, "new levy"));
	assert_false(has_text(&a, "Hidden text"));
	assert_false(has_text(&a, "every network"));
	assert_non_null(strstr(a.html, "<a href=\"https://news.example/more\">"));
	assert_non_null(strstr(a.html, "<strong>new</strong>"));
	assert_non_null(strstr(a.html,
	    "src=\"https://news.example/i/wall.jpg\" alt=\"The wall\""));
	assert_null(strstr(a.html, "onclick"));
	extract_release(&a);
}

static void
test_markdown(void **state)
{
	static const char html[] = "<html><head><title>T</title></head>"
	    "<body><article><h1>T</h1><p>First *para* with a #tag and "
	    "enough words to count as a paragraph here.</p><h2>Part two</h2>"
	    "<ul><li>the first item of the list</li><li>the second item of "
	    "the list</li></ul><pre>a `b` c</pre>"
	    "<blockquote><p>quoted words that matter a great deal</p>"
	    "</blockquote></article></body></html>";
	struct buf out = BUF_INIT(BUF_MAX_DEFAULT);
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(html, NULL, &a, &err), 0);
	assert_int_equal(markdown_render(&a, &out, &err), 0);
	assert_non_null(strstr(out.data, "# T\n"));
	assert_non_null(strstr(out.data, "First \\*para\\* with a #tag"));
	assert_non_null(strstr(out.data, "\n## Part two\n"));
	assert_non_null(strstr(out.data,
	    "- the first item of the list\n- the second item"));
	assert_non_null(strstr(out.data, "```\na `b` c\n```\n"));
	assert_non_null(strstr(out.data, "> quoted words"));
	buf_release(&out);
	extract_release(&a);
}

static void
test_line_rules(void **state)
{
	static const char *const calls[] = { "Stay connected with me",
		"Advertisement: The new tide tables", "delivered to your inbox",
		"Already have an account", "This article is exclusive to",
		"earn from qualifying purchases", "Pin this for later",
		"Join our mailing list", "follow us on Facebook" };
	struct article a;
	size_t i;

	(void)state;
	load("../regress/credits-promos.html", NULL, &a);
	assert_true(has_text(&a, "The ferry to Eastholm ran again"));
	assert_true(has_text(&a, "Residents said the week without"));
	assert_true(has_text(&a, "The first ferry leaves the harbour"));
	assert_false(has_text(&a, "Updated 3:45 pm"));
	assert_false(has_text(&a, "Getty Images"));
	assert_false(has_text(&a, "Advertisement"));
	assert_false(has_text(&a, "Image copyright"));
	assert_false(has_text(&a, "Sign up for"));
	assert_false(has_text(&a, "Follow us on"));
	assert_false(has_text(&a, "Read more:"));
	assert_false(has_text(&a, "Reporting by"));
	assert_false(has_text(&a, "All rights reserved"));
	assert_true(removed_kind(&a, CHROME_CREDIT));
	assert_true(removed_kind(&a, CHROME_BYLINE));
	assert_true(removed_kind(&a, CHROME_NEWSLETTER));
	assert_null(strstr(a.html, "Getty"));
	extract_release(&a);
	/* Calls to act: sign in, sign up, follow, pin; not like sentences. */
	load("../regress/cta-lines.html", NULL, &a);
	assert_true(has_text(&a, "We stayed connected to the harbour office"));
	assert_true(has_text(&a, "Advertisement boards along the promenade"));
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (has_text(&a, calls[i]))
			fail_msg("cta-lines keeps \"%s\"", calls[i]);
	assert_true(removed_kind(&a, CHROME_SHARE));
	assert_true(removed_kind(&a, CHROME_ADVERT));
	assert_true(removed_kind(&a, CHROME_NEWSLETTER));
	extract_release(&a);
}

/*
 * A quoted post stays though its wrapper is classed "social"; a hover card
 * of links inside a paragraph goes and the name it hangs from stays; a
 * promo sentence at the end of a paragraph, moderation, affiliate and
 * copyright notices and a relative time go, each logged under its rule.
 */
static void
test_embeds_and_notices(void **state)
{
	struct article a;

	(void)state;
	load("../regress/embeds-notices.html", NULL, &a);
	assert_true(has_text(&a, "keeper Ruth Hale is handing the lamp"));
	assert_true(has_text(&a, "Forty years of keeping us safe."));
	assert_true(has_text(&a, "Harbour Watch (@harbourwatch)"));
	assert_false(has_text(&a, "Harbour dues rise again"));
	assert_false(has_text(&a, "3 hours ago"));
	assert_false(has_text(&a, "coast bulletin"));
	assert_false(has_text(&a, "island life"));
	assert_false(has_text(&a, "moderated"));
	assert_false(has_text(&a, "commission"));
	assert_false(has_text(&a, "copyright"));
	assert_true(removed_by(&a, CHROME_RELATED, "link-cluster"));
	assert_true(removed_by(&a, CHROME_BYLINE, "line=relative-time"));
	assert_true(removed_by(&a, CHROME_NEWSLETTER, "line=sign up for"));
	assert_true(removed_by(&a, CHROME_SHARE, "line=follow her on"));
	assert_true(removed_by(&a, CHROME_COMMENTS, "line=comment*moderat"));
	assert_true(removed_by(&a, CHROME_ADVERT,
	    "line=earn*commission*link"));
	assert_true(removed_by(&a, CHROME_CREDIT, "line=subject to copyright"));
	assert_false(removed_by(&a, CHROME_SHARE, "class~=social"));
	extract_release(&a);
}

/*
 * What the conditional cleaning leaves out of the article is logged too:
 * a link-dense line and a box whose class counts against it.
 */
static void
test_conditional_drops_logged(void **state)
{
	static const char html[] = "<html><head><title>Tides</title></head>"
	    "<body><article><h1>Tides</h1><p>The spring tide reached the "
	    "sea wall twice this week, and the council closed the lower "
	    "road for an hour each time, as it did last year.</p>"
	    "<p><a href=\"/a\">Tide tables</a> <a href=\"/b\">Flood "
	    "maps</a> and</p>"
	    "<div class=\"meta\">Filed in coast, weather and the roads "
	    "</div><p>Residents were told to move cars from the harbour "
	    "car park before the evening high water on Friday.</p>"
	    "</article></body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(html, NULL, &a, &err), 0);
	assert_false(has_text(&a, "Tide tables"));
	assert_false(has_text(&a, "Filed in coast"));
	assert_true(removed_by(&a, CHROME_OTHER, "line=link-dense"));
	assert_true(removed_by(&a, CHROME_OTHER,
	    "conditional=negative-class"));
	extract_release(&a);
}

/* A sentence that starts like a promo or holds a date stays. */
static void
test_caption_credit_tail(void **state)
{
	static const char html[] = "<html><head><title>Quay</title></head>"
	    "<body><article><h1>Quay</h1><p>The old quay was rebuilt in "
	    "stone over the winter, and the fishing fleet is back.</p>"
	    "<figure><figcaption>Boats tie up at the new quay "
	    "<em>(Image: Jo Bloggs)</em></figcaption></figure>"
	    "<div><span class=\"pictureCaption\">Nets dry on the wall. "
	    "Photograph: Jo Bloggs/Getty Images</span></div>"
	    "<figure><figcaption>The harbour at dawn (Ann Example / AFP)"
	    "</figcaption></figure>"
	    "<p>Fishers said the work was worth the wait (photo: the "
	    "harbour master) and went to sea.</p>"
	    "<figure><figcaption>The quay (Photo: Sam)</figcaption></figure>"
	    "</article></body></html>";
	struct article a;
	struct error err;
	size_t k, n = 0;

	(void)state;
	assert_int_equal(extract_str(html, NULL, &a, &err), 0);
	assert_true(has_text(&a, "\nBoats tie up at the new quay\n"));
	assert_true(has_text(&a, "\nNets dry on the wall.\n"));
	assert_true(has_text(&a, "\nThe harbour at dawn\n"));
	/* Not a caption: a bracketed credit phrase in a sentence stays. */
	assert_true(has_text(&a, "(photo: the harbour master) and went"));
	/* Too little text would be left: the line is kept whole. */
	assert_true(has_text(&a, "\nThe quay (Photo: Sam)\n"));
	assert_non_null(strstr(a.html,
	    "<figcaption>Boats tie up at the new quay</figcaption>"));
	assert_null(strstr(a.html, "Jo Bloggs"));
	for (k = 0; k < a.nremoved; k++)
		if (strcmp(a.removed[k].rule, "line=credit-tail") == 0) {
			assert_int_equal(a.removed[k].kind, CHROME_CREDIT);
			n++;
		}
	assert_int_equal(n, 3);
	extract_release(&a);
}

/*
 * A page whose description is "The pier reopens after a long winter of
 * repairs.", with head in the article's header and box_text in a box of
 * class box_class after the story's paragraphs.
 */
static void
teaser_page(struct buf *b, const char *head, const char *box_class,
    const char *box_text)
{
	int i;

	buf_addstr(b, "<html><head><title>Pier</title><meta property=\""
	    "og:description\" content=\"The pier reopens after a long winter "
	    "of repairs.\"></head><body><article><header><h1>Pier</h1>");
	buf_addstr(b, head);
	buf_addstr(b, "</header>");
	for (i = 0; i < 14; i++)
		buf_addf(b, "<p>Part %d of the story, with a comma, a clause, "
		    "a third, and enough words to count as text.</p>", i);
	buf_addf(b, "<div class=\"%s\"><p>%s</p></div></article></body>"
	    "</html>", box_class, box_text);
}

static void
test_teaser(void **state)
{
	static const char desc[] = "The pier reopens after a long winter of "
	    "repairs.";
	struct buf page = BUF_INIT(BUF_MAX_DEFAULT);
	struct article a;
	struct error err;
	size_t k;
	bool logged = false;

	(void)state;
	/* The description in the header, the body elsewhere: a teaser. */
	teaser_page(&page, "<p>The pier reopens after a long winter of "
	    "repairs.</p>", "entry-content", "The last part sits in a box.");
	assert_int_equal(extract_str(page.data, NULL, &a, &err), 0);
	assert_false(has_text(&a, desc));
	assert_true(has_text(&a, "Part 0 of the story"));
	for (k = 0; k < a.nremoved; k++)
		if (strcmp(a.removed[k].rule, "line=teaser") == 0)
			logged = true;
	assert_true(logged);
	extract_release(&a);
	buf_release(&page);

	/* No element names the body: the header paragraph stays. */
	teaser_page(&page, "<p>The pier reopens after a long winter of "
	    "repairs.</p>", "story", "The last part sits in a box.");
	assert_int_equal(extract_str(page.data, NULL, &a, &err), 0);
	assert_true(has_text(&a, desc));
	extract_release(&a);
	buf_release(&page);

	/* The description as a paragraph of the body is text, not teaser. */
	teaser_page(&page, "", "entry-content", desc);
	assert_int_equal(extract_str(page.data, NULL, &a, &err), 0);
	assert_true(has_text(&a, desc));
	extract_release(&a);
	buf_release(&page);

	/* A header paragraph that is not the description stays. */
	teaser_page(&page, "<p>Repairs took all winter, the council says.</p>",
	    "entry-content", "The last part sits in a box.");
	assert_int_equal(extract_str(page.data, NULL, &a, &err), 0);
	assert_true(has_text(&a, "Repairs took all winter"));
	extract_release(&a);
	buf_release(&page);
}

static void
test_line_rules_keep_sentences(void **state)
{
	static const char html[] = "<html><head><title>T</title></head>"
	    "<body><article><h1>T</h1><p>Subscribe to the idea that a "
	    "town council can fix its own roads, and you will find that "
	    "most of the money comes from the county in the end, as the "
	    "budget papers from last spring make plain to anyone.</p>"
	    "<p>On November 19, 2019 at 3:45 pm the council voted.</p>"
	    "<p>The clerk spoke first. Sign up for the reading hour and you "
	    "will hear the town's history told by the people who lived it "
	    "through sixty years of floods, fires and fairs.</p>"
	    "<p>The debate lasted 3 hours.</p>"
	    "<p>Related:</p><p>Photos of the old bridge hang in the "
	    "hall.</p></article></body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(html, NULL, &a, &err), 0);
	assert_true(has_text(&a, "Subscribe to the idea"));
	assert_true(has_text(&a, "On November 19, 2019 at 3:45 pm"));
	assert_true(has_text(&a, "Sign up for the reading hour"));
	assert_true(has_text(&a, "The debate lasted 3 hours."));
	assert_true(has_text(&a, "Related:"));
	assert_true(has_text(&a, "Photos of the old bridge"));
	extract_release(&a);
}

/*
 * fuzz_extract: a block inside a link flushed the text the link had opened
 * over, and bare_url() then read from the old offset, past the new text.
 * The link's text after the block is what counts: a bare address there
 * keeps its block.
 */
static void
test_bare_url_after_block_in_link(void **state)
{
	struct article a;
	struct error err;
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	int i;

	(void)state;
	buf_addstr(&b, "<html><body><article><h1>Story</h1><div>");
	for (i = 0; i < 8; i++)
		buf_addstr(&b, "A long first paragraph of the story, with many "
		    "words in it, so the text holds a few hundred bytes. ");
	buf_addstr(&b, "<a href=\"/x\"><p>Read more</p>"
	    "https://example.org/report</a></div><p>Another paragraph, with "
	    "words enough, and commas, to be part of the article.</p>"
	    "</article></body></html>");
	assert_int_equal(extract_str(b.data, NULL, &a, &err), 0);
	assert_true(has_text(&a, "A long first paragraph"));
	assert_true(has_text(&a, "https://example.org/report"));
	extract_release(&a);
	buf_release(&b);
}

/*
 * fuzz_extract: iconv took "utf-8" and junk bytes after it as a name, and
 * the junk reached the article's charset, which must be a label.
 */
static void
test_meta_charset_junk(void **state)
{
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str("<html><head><meta charset=\"utf-8\xb4"
	    "\xd1\x83\"></head><body><p>Enough words here, and commas, to "
	    "make the one paragraph of this short article.</p></body></html>",
	    NULL, &a, &err), 0);
	assert_string_equal(a.charset, "windows-1252");
	assert_string_equal(a.charset_source, "default");
	extract_release(&a);
	assert_int_equal(extract_str("<p>Enough words here, and commas, to "
	    "make the one paragraph of this short article.</p>",
	    "utf-8\x01", &a, &err), 0);
	assert_string_equal(a.charset, "utf-8");
	assert_string_equal(a.charset_source, "default");
	extract_release(&a);
}

/*
 * Removal paths are xmlGetNodePath's for the tree as it stands at each
 * removal: an index counts the namesakes still there, and goes when the
 * element is the last of its name.  paths.c computes them without walking
 * the siblings, so these strings are its contract.
 */
static void
test_removal_paths(void **state)
{
	static const char *const want[] = {
		"/html/body/div[1]", "/html/body/div[1]", "/html/body/div[1]",
		"/html/body/article/aside[1]", "/html/body/article/aside",
		"/html/body/div",
	};
	struct article a;
	struct error err;
	size_t k;

	(void)state;
	assert_int_equal(extract_str("<html><body><div class=\"share\">Share "
	    "a</div><p>First paragraph of the story, with words enough, and "
	    "commas, to be the article.</p><div class=\"share\">Share b</div>"
	    "<div class=\"share\">Share c</div><article><h1>Story</h1><p>"
	    "Second paragraph of the story, with words enough, and commas, to "
	    "be the article.</p><aside class=\"related\">Related x</aside>"
	    "<aside class=\"related\">Related y</aside></article><div class="
	    "\"share\">Share d</div></body></html>", NULL, &a, &err), 0);
	assert_int_equal(a.nremoved, sizeof(want) / sizeof(want[0]));
	for (k = 0; k < a.nremoved; k++)
		assert_string_equal(a.removed[k].path, want[k]);
	extract_release(&a);
}

/*
 * head, one article, then open, fill repeated while the page stays under
 * len bytes, and close: a hostile page from malloc, its length in *out_len.
 */
static char *
hostile_page(const char *head, const char *open, const char *fill,
    const char *close, size_t len, size_t *out_len)
{
	static const char article[] = "<article><h1>Sea wall</h1><p>The town "
	    "council voted on Tuesday to rebuild the sea wall, after a debate "
	    "that ran past midnight, and work starts in spring.</p></article>";
	struct buf b = BUF_INIT(len + sizeof(article) + strlen(head) +
	    strlen(open) + strlen(close));
	size_t n = strlen(fill);

	assert_int_equal(buf_addstr(&b, head), 0);
	assert_int_equal(buf_addstr(&b, article), 0);
	assert_int_equal(buf_addstr(&b, open), 0);
	while (n && b.len + n + strlen(close) <= len)
		assert_int_equal(buf_add(&b, fill, n), 0);
	assert_int_equal(buf_addstr(&b, close), 0);
	return buf_detach(&b, out_len);
}

/* extract_article_owned on a hostile page: the article, cut. */
static void
assert_cut_article(char *page, size_t len)
{
	struct extract_opts o = { NULL, NULL };
	struct article a;
	struct error err;

	assert_int_equal(extract_article_owned(page, len, &o, &a, &err), 0);
	assert_true(has_text(&a, "rebuild the sea wall"));
	assert_true(a.truncated);
	extract_release(&a);
}

/*
 * Pages past the tree's bounds end as the article, truncated: libxml2
 * gave up past 256 levels, losing what followed, and cut a text run at
 * 10,000,000 bytes without a word; tiny elements by the million took
 * gigabytes.
 */
static void
test_hostile_bounds(void **state)
{
	struct buf deep = BUF_INIT(BUF_MAX_DEFAULT);
	char *p;
	size_t len;
	int i;

	(void)state;
	for (i = 0; i < 300; i++)
		buf_addstr(&deep, "<div>");
	p = hostile_page(deep.data, "", "", "", 0, &len);
	buf_release(&deep);
	assert_cut_article(p, len);
	p = hostile_page("<body>", "", "<i></i>", "",
	    8 * (EXTRACT_MAX_ELEMENTS + 1000), &len);
	assert_cut_article(p, len);
	p = hostile_page("<body>", "", "<div><p>x</p></div>", "",
	    10 * (EXTRACT_MAX_ELEMENTS + 1000), &len);
	assert_cut_article(p, len);
	/* 100 MB of text in one element. */
	p = hostile_page("<body>", "<p>", "0123456789 ", "</p>", 100000000,
	    &len);
	assert_cut_article(p, len);
	/* A 30 MB class attribute is not kept. */
	p = hostile_page("<body>", "<div class=\"", "a ", "\">x</div>",
	    30000000, &len);
	assert_cut_article(p, len);
}

/*
 * Markup past the clean HTML's cap (20,000 links of 4 KB, the longest kept,
 * in a paragraph) fails the page: it was cut there without a word.
 */
static void
test_clean_html_too_large(void **state)
{
	struct extract_opts o = { NULL, NULL };
	struct buf b = BUF_INIT((size_t)128 << 20);
	struct article a;
	struct error err;
	char *href = xmalloc(4000);
	char want[64];
	int i;

	(void)state;
	memset(href, 'a', 3999);
	href[3999] = '\0';
	buf_addstr(&b, "<html><body><article><h1>Sea wall</h1><p>The town "
	    "council voted on Tuesday to rebuild the sea wall, after a debate "
	    "that ran past midnight, and work starts in spring.</p><p>See ");
	for (i = 0; i < 20000; i++)
		buf_addf(&b, "The council, which met late, heard a report "
		    "<a href=\"https://x.example/%s\">%d</a>, then more. ",
		    href, i);
	buf_addstr(&b, "</p></article></body></html>");
	free(href);
	assert_false(b.failed);
	assert_int_equal(extract_article(b.data, b.len, &o, &a, &err), -1);
	assert_int_equal(err.rc, RC_CONTENT);
	snprintf(want, sizeof(want), "clean HTML larger than %zu bytes",
	    BUF_MAX_DEFAULT);
	assert_string_equal(err.msg, want);
	extract_release(&a);
	buf_release(&b);
}

/* The owned entry point gives what the borrowing one gives. */
static void
test_owned_input(void **state)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	struct extract_opts o = { BASE, NULL };
	struct article a1, a2;
	struct error err;
	char *data;
	size_t len;

	(void)state;
	load("../regress/credits-promos.html", NULL, &a1);
	assert_int_equal(buf_read_file(&b, FIXTURES "../regress/credits-promos.html", &err), 0);
	data = buf_detach(&b, &len);
	assert_int_equal(extract_article_owned(data, len, &o, &a2, &err), 0);
	assert_int_equal(a1.nblocks, a2.nblocks);
	assert_string_equal(a1.html, a2.html);
	extract_release(&a1);
	extract_release(&a2);
	data = xstrdup("<html><body></body></html>");
	assert_int_equal(extract_article_owned(data, strlen(data), &o, &a2,
	    &err), -1);
	extract_release(&a2);
}

/* A page bigger than the compaction step decodes the same when owned. */
static void
test_owned_big_input(void **state)
{
	struct buf page = BUF_INIT(BUF_MAX_DEFAULT);
	struct extract_opts o = { BASE, NULL };
	struct article a1, a2;
	struct error err;
	char *data;
	size_t len;
	int k;

	(void)state;
	buf_addstr(&page, "<html><head><title>Big</title></head><body>"
	    "<article><h1>Big</h1>");
	for (k = 0; page.len < (3u << 20); k++)
		buf_addf(&page, "<p>Paragraph %d caf\xc3\xa9 with enough words, "
		    "commas, and length to be scored as the article.</p>", k);
	buf_addstr(&page, "</article></body></html>");
	/* Both decoder paths: UTF-8 as is, and through iconv. */
	for (k = 0; k < 2; k++) {
		o.charset = k ? "windows-1252" : NULL;
		assert_int_equal(extract_article(page.data, page.len, &o, &a1,
		    &err), 0);
		data = xstrndup(page.data, page.len);
		len = page.len;
		assert_int_equal(extract_article_owned(data, len, &o, &a2,
		    &err), 0);
		assert_int_equal(a1.nblocks, a2.nblocks);
		assert_string_equal(a1.blocks[a1.nblocks - 1].text,
		    a2.blocks[a2.nblocks - 1].text);
		extract_release(&a1);
		extract_release(&a2);
	}
	buf_release(&page);
}

/* A paragraph long enough for the article, around the images. */
#define PROSE "<p>The lock keeper opened the upper gates at dawn, and the " \
	"first boats of the season came down the flight one by one.</p>"

#define IMG "https://news.example/img/"

static void
test_lazy_images(void **state)
{
	static const char html[] = "<html><body><article><h1>Locks</h1>"
	    PROSE "<p><img src=\"data:image/gif;base64,R0lGOD\" "
	    "data-lazy-src=\"/img/a.jpg\" alt=\"A\"></p>" PROSE
	    "<p><img srcset=\"/img/b.jpg 1x, /img/b2.jpg 2x\" alt=\"B\">"
	    "</p>" PROSE "<figure><img class=\"lazy\" src=\"data:,\">"
	    "<noscript><img src=\"/img/c.jpg\" alt=\"C\"></noscript>"
	    "<figcaption>The flight of locks at dawn</figcaption></figure>"
	    PROSE "</article></body></html>";
	struct article a;
	struct error err;

	(void)state;
	assert_int_equal(extract_str(html, NULL, &a, &err), 0);
	assert_non_null(strstr(a.html, "src=\"" IMG "a.jpg\""));
	assert_non_null(strstr(a.html, "src=\"" IMG "b.jpg\""));
	assert_non_null(strstr(a.html, "src=\"" IMG "c.jpg\""));
	assert_null(strstr(a.html, "data:"));
	assert_null(strstr(a.html, "b2.jpg"));
	extract_release(&a);
}

/* "No article" says why. */
static void
test_no_article_reasons(void **state)
{
	static const struct {
		const char *html, *why;
	} cases[] = {
		{ "<html><body><p> </p></body></html>",
		    "the page has no text" },
		{ "<html><body><nav><a href=/a>Home</a></nav><form><input>"
		    "</form></body></html>",
		    "all of its text is menus, forms or other chrome" },
		{ "<html><body><p><a href=/a>The first of the links here</a>"
		    " <a href=/b>and another one</a></p></body></html>",
		    "what text it has is links" },
		{ "<html><head><title>Weather</title></head><body><h1>Weather"
		    "</h1></body></html>",
		    "it has no text besides its title" },
	};
	struct article a;
	struct error err;
	char want[256];
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		assert_int_equal(extract_str(cases[k].html, NULL, &a, &err),
		    -1);
		assert_int_equal(err.rc, RC_CONTENT);
		snprintf(want, sizeof(want), "no article found: %s",
		    cases[k].why);
		assert_string_equal(err.msg, want);
		extract_release(&a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wordpress),
		cmocka_unit_test(test_reply_form),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_chrome_kinds),
		cmocka_unit_test(test_cp1252_default),
		cmocka_unit_test(test_meta_shift_jis),
		cmocka_unit_test(test_transport_wins_over_meta),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_invalid_utf8_subparts),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_url_dates),
		cmocka_unit_test(test_metadata_graph),
		cmocka_unit_test(test_bylines),
		cmocka_unit_test(test_published),
		cmocka_unit_test(test_published_sources),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_title_suffix),
		cmocka_unit_test(test_title_section_prefix),
		cmocka_unit_test(test_title_logo_heading),
		cmocka_unit_test(test_html_safety),
		cmocka_unit_test(test_links_absolute),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_no_article),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_comment_heading),
		cmocka_unit_test(test_thread_signals),
		cmocka_unit_test(test_thread_counts),
		cmocka_unit_test(test_thread_forum),
		cmocka_unit_test(test_thread_not_article),
		cmocka_unit_test(test_body_in_widget),
		cmocka_unit_test(test_short_page),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_decode_in_pieces),
		cmocka_unit_test(test_attributes_kept),
		cmocka_unit_test(test_line_rules),
		cmocka_unit_test(test_line_rules_keep_sentences),
		cmocka_unit_test(test_embeds_and_notices),
		cmocka_unit_test(test_conditional_drops_logged),
		cmocka_unit_test(test_caption_credit_tail),
		cmocka_unit_test(test_teaser),
		cmocka_unit_test(test_owned_input),
		cmocka_unit_test(test_bare_url_after_block_in_link),
		cmocka_unit_test(test_meta_charset_junk),
		cmocka_unit_test(test_removal_paths),
		cmocka_unit_test(test_hostile_bounds),
		cmocka_unit_test(test_clean_html_too_large),
		cmocka_unit_test(test_owned_big_input),
		cmocka_unit_test(test_lazy_images),
		cmocka_unit_test(test_no_article_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
