/*
 * extract: the module's entry points, running the passes in order over one
 * page, and the release of what they return.
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xalloc.h"

static xmlNode *
find_body(xmlNode *root)
{
	xmlNode *n;

	for (n = root->children; n; n = n->next)
		if (is_el(n, "body"))
			return n;
	return root;
}

#define LD_BODY_MIN 500	/* articleBody long enough to check the text by */

/*
 * JSON-LD's articleBody, when a page gives one, says how long the article
 * is.  A text of less than half of it was the wrong choice (a summary box,
 * one section of many): the element holding about that much text around
 * the choice is read instead, and failing that the articleBody itself,
 * one paragraph a line.
 */
static void
check_by_ld(struct builder *b, xmlNode *body, xmlNode *top, const char *ld)
{
	bool lead = true;
	size_t want = folded_len(ld, &lead);
	xmlNode *n;

	if (want < LD_BODY_MIN || extract_article_len(b->a) * 2 >= want)
		return;
	n = extract_holder_of(top ? top : body, body, want);
	if (n && n != top) {
		extract_drop_blocks(b);
		extract_build_article(b, body, n);
	}
	/* Some sites put markup in it: that is no plain text to read. */
	if (extract_article_len(b->a) * 2 < want && !strstr(ld, "</")) {
		extract_drop_blocks(b);
		extract_text_blocks(b, ld);
	}
}

/*
 * Why a page gave no article, for the error: page_text is the length of
 * its text before the chrome went, body what is left.
 */
static const char *
no_article(size_t page_text, const xmlNode *body)
{
	const struct info *i = info_of(body);

	if (page_text == 0)
		return "the page has no text";
	if (!i || i->text_len == 0)
		return "all of its text is menus, forms or other chrome";
	return "what text it has is links";
}

/* Whether every block only repeats the title (a page of a headline). */
static bool
title_only(const struct article *a)
{
	size_t k;
	char *t;
	bool same = true;

	if (!a->title)
		return false;
	for (k = 0; k < a->nblocks && same; k++) {
		t = xstrdup(a->blocks[k].text);
		extract_fold_inplace(t);
		same = strcmp(t, a->title) == 0;
		free(t);
	}
	return same;
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
	struct infos in = { NULL, 0, 0, NULL, NULL, NULL, 0 };
	struct scorer sc = { NULL, 0, 0, NULL };
	struct builder b;
	struct meta m;
	const char *base = o && o->url && *o->url ? o->url : NULL;
	size_t page_text, discussion;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	memset(&m, 0, sizeof(m));
	buf_init(&b.text, BUF_MAX_DEFAULT);
	buf_init(&b.inl, BUF_MAX_DEFAULT);
	buf_init(&b.html, BUF_MAX_DEFAULT);
	extract_decode(data ? data : "", data ? len : 0, o ? o->charset : NULL,
	    out, &dec);
	if (owned)
		dec.owned = (char *)data;
	if (len > INT_MAX) {
		error_set(err, RC_CONTENT, "page larger than %d bytes",
		    INT_MAX);
		goto out;
	}
	doc = extract_parse(&dec, base, &pool, &out->truncated);
	extract_decoder_release(&dec);
	if (!doc) {
		error_set(err, RC_SYS, "cannot create the HTML parser");
		goto out;
	}
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		error_set(err, RC_CONTENT,
		    "no article found: the page is empty");
		goto out;
	}
	body = find_body(root);
	in.site = base ? base : extract_head_canonical(root);
	extract_bind_infos(body, &in);
	extract_compute_infos(body, &in);
	page_text = info_of(body) ? info_of(body)->text_len : 0;
	/* After the figures: a byline is a short element outside comments. */
	extract_walk(root, extract_meta_enter, extract_meta_leave, &m);
	extract_fill_meta(out, &m, base);
	extract_find_vocabulary(body, &in);
	discussion = extract_remove_chrome(body, &in, out);
	extract_compute_infos(body, &in);
	/*
	 * A readers' thread that opens the page, outweighs what is left of it
	 * and is a good part of it all: the page is the discussion (a forum
	 * topic), with no article.
	 */
	if (discussion && (info_of(body)->text_len - info_of(body)->link_len) *
	    2 < discussion && discussion * 4 > page_text) {
		error_set(err, RC_CONTENT,
		    "no article found: the page is a discussion thread");
		goto out;
	}
	sc.body = body;
	extract_walk(body, extract_score_enter, NULL, &sc);
	top = extract_pick_top(&sc);
	b.a = out;
	b.base = base;
	if (top)
		extract_build_article(&b, body, top);
	if (m.ld_body)
		check_by_ld(&b, body, top, m.ld_body);
	if (out->nblocks == 0) {
		/*
		 * Nothing passed the cleaning: a short page (a caption, a
		 * few lines) is read whole rather than lost.
		 */
		b.keep_all = true;
		b.failed = false;
		buf_reset(&b.html);
		extract_build_article(&b, body, top ? top : body);
	}
	if (out->nblocks == 0) {
		error_set(err, RC_CONTENT, "no article found: %s",
		    no_article(page_text, body));
		goto out;
	}
	if (title_only(out)) {
		error_set(err, RC_CONTENT, "no article found: it has no text "
		    "besides its title");
		goto out;
	}
	if (!out->title) {
		out->title = xstrdup(out->blocks[0].text);
		extract_fold_inplace(out->title);
	}
	/* Markup cut short (its blocks' or the whole) is no article. */
	if (b.failed || b.html.failed) {
		error_set(err, RC_CONTENT, "clean HTML larger than %zu bytes",
		    b.html.max);
		goto out;
	}
	if (extract_assemble(out, &b.html, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc)
		extract_release(out);
	extract_meta_release(&m);
	buf_release(&b.text);
	buf_release(&b.inl);
	buf_release(&b.html);
	free(b.st);
	free(sc.cand);
	extract_release_paths(&in);
	free(in.v);
	free(in.ignored);
	xmlFreeDoc(doc);
	buf_release(&pool);
	extract_decoder_release(&dec);
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
