#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "canon.h"
#include "extract.h"
#include "meta.h"
#include "pipeline.h"
#include "seal.h"
#include "store.h"
#include "warc.h"
#include "xalloc.h"

/* Member order inside the tar: what a reader wants first comes first. */
enum member {
	M_TEXT, M_HTML, M_META, M_REMOVED, M_WARC, M_SUMS, M_SIG, M_COUNT
};

static const char *const member_names[M_COUNT] = {
	"article.txt", "article.html", "metadata.json", "removed.json",
	"capture.warc", "SHA256", "SHA256.sig"
};

char *
pipeline_host_label(const char *url)
{
	const char *p = strstr(url, "://"), *end, *at;
	char *host, *q;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	if (*p == '[')
		end = p + strcspn(p, "]") + 1 < end ? p + strcspn(p, "]") + 1 :
		    end;
	else if (memchr(p, ':', (size_t)(end - p)))
		end = memchr(p, ':', (size_t)(end - p));
	if (end == p)
		return xstrdup("unknown");
	host = xstrndup(p, (size_t)(end - p));
	for (q = host; *q; q++) {
		unsigned char c = (unsigned char)tolower((unsigned char)*q);

		*q = (isalnum(c) || c == '.' || c == '-') && c < 128 ?
		    (char)c : '_';
	}
	return host;
}

static size_t
count_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\n';

		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

static int
build_manifest(struct seal_member *m, struct buf *out)
{
	/* BSD tag lines sorted by path: the member names sort this way. */
	static const enum member order[] = {
		M_HTML, M_TEXT, M_WARC, M_META, M_REMOVED
	};
	char hex[DIGEST_HEX_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct seal_member *x = &m[order[i]];

		if (x->name == NULL)
			continue;
		digest_sha256_hex(x->data, x->len, hex);
		if (buf_addf(out, "SHA256 (%s) = %s\n", x->name, hex) < 0)
			return -1;
	}
	return 0;
}

int
pipeline_seal(const struct page *p, const struct sign_key *k,
    const struct pipeline_opts *o, struct pipeline_result *res,
    struct error *err)
{
	struct article a = { 0 };
	struct extract_opts eo = { p->final_url, p->charset };
	struct buf text = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf meta = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf removed = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf warc = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf sums = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf sig = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf tar = BUF_INIT(SEAL_MAX_FILE);
	struct seal_member m[M_COUNT] = { { 0 } }, ordered[M_COUNT];
	char raw_hex[DIGEST_HEX_LEN + 1], key_id[SIGN_ID_HEX_LEN + 1];
	char when[META_TIME_LEN + 1], stamp[17];
	char *host = NULL, *top = NULL, *comment = NULL, *file = NULL;
	struct meta_seal ms = { 0 };
	struct tm tm;
	size_t i, n;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (extract_article(p->body, p->body_len, &eo, &a, err) < 0) {
		/* extract cannot know which page it was given. */
		struct error inner = *err;

		error_set(err, inner.rc, "%s: %s", p->final_url, inner.msg);
		goto out;
	}
	if (canon_text(&a, &text, err) < 0) {
		struct error inner = *err;

		error_set(err, inner.rc, "%s: %s", p->final_url, inner.msg);
		goto out;
	}
	digest_sha256_hex(text.data, text.len, res->content_sha256);
	digest_sha256_hex(p->body, p->body_len, raw_hex);
	sign_key_id_hex(k, key_id);
	ms.content_sha256 = res->content_sha256;
	ms.raw_sha256 = raw_hex;
	ms.key_id = key_id;
	ms.word_count = count_words(text.data);
	if (meta_metadata(p, &a, &ms, &meta, err) < 0 ||
	    meta_removed(&a, &removed, err) < 0)
		goto out;
	if (!o->no_raw && warc_write(p, "clipseal/" CLIPSEAL_VERSION, &warc,
	    err) < 0)
		goto out;

	m[M_TEXT] = (struct seal_member){ NULL, text.data, text.len };
	m[M_HTML] = (struct seal_member){ NULL, a.html, a.html_len };
	m[M_META] = (struct seal_member){ NULL, meta.data, meta.len };
	m[M_REMOVED] = (struct seal_member){ NULL, removed.data, removed.len };
	if (!o->no_raw)
		m[M_WARC] = (struct seal_member){ NULL, warc.data, warc.len };
	for (i = 0; i < M_COUNT; i++)
		if (m[i].data || i == M_SUMS || i == M_SIG)
			m[i].name = (char *)member_names[i];
	if (build_manifest(m, &sums) < 0) {
		error_set(err, RC_SYS, "SHA256: too large");
		goto out;
	}
	meta_time(p->fetched_at, when);
	comment = xasprintf(PIPELINE_TRUSTED_PREFIX " url=%s fetched=%s "
	    "content=sha256:%s", p->final_url, when, res->content_sha256);
	if (sign_message(k, sums.data, sums.len, comment, &sig, err) < 0)
		goto out;
	m[M_SUMS].data = sums.data;
	m[M_SUMS].len = sums.len;
	m[M_SIG].data = sig.data;
	m[M_SIG].len = sig.len;

	for (i = n = 0; i < M_COUNT; i++)
		if (m[i].name)
			ordered[n++] = m[i];
	gmtime_r(&p->fetched_at, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	host = pipeline_host_label(p->final_url);
	top = xasprintf("%s-%s-%.12s", host, stamp, res->content_sha256);
	if (seal_write(top, ordered, n, p->fetched_at, &tar, err) < 0)
		goto out;
	file = xasprintf("%s.tar.gz", top);
	if (store_write(o->dir, file, tar.data, tar.len, 0644, err) < 0)
		goto out;
	res->path = xasprintf("%s/%s", o->dir, file);
	rc = 0;
out:
	free(file);
	free(top);
	free(host);
	free(comment);
	buf_release(&tar);
	buf_release(&sig);
	buf_release(&sums);
	buf_release(&warc);
	buf_release(&removed);
	buf_release(&meta);
	buf_release(&text);
	extract_release(&a);
	return rc;
}

void
pipeline_result_release(struct pipeline_result *res)
{
	if (res == NULL)
		return;
	free(res->path);
	res->path = NULL;
}
