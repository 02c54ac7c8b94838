/*
 * mkstore: builds the store that `make bench` measures at scale.
 *
 *   mkstore SECKEY STORE DOCROOT BASEURL URLS VERSIONS WORKERS
 *
 * URL u is BASEURL/s/u<u>.html.  Each gets VERSIONS versions of a small
 * synthetic article (title, byline, six paragraphs, and chrome for the
 * cleaner to remove: navigation, related links, comments, footer); version
 * k rewrites one paragraph of version k-1, so consecutive versions differ
 * by some fifty words each way.  Version k is captured at SOURCE_DATE_EPOCH
 * 1767225600 + k days and sealed as `run` seals a page, each chained to
 * the one before (previous = its manifest hash), into STORE/<host>/<slug>/.
 * The newest version's page stays in DOCROOT/s/u<u>.html with its mtime set
 * to its capture time, and the archive records the ETag and Last-Modified
 * that nginx serves for that file, so a later `run` is answered 304.  The
 * index is left to `reindex`.  WORKERS processes share the URLs.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "fetch.h"
#include "file.h"
#include "pipeline.h"
#include "sign.h"
#include "url.h"
#include "xalloc.h"

#define EPOCH 1767225600L	/* 2026-01-01T00:00:00Z */
#define PARAS 6
#define PARA_WORDS 50

static const char *const vocab[] = {
	"council", "harbour", "wall", "engineers", "residents", "plan",
	"vote", "budget", "storm", "river", "bridge", "school", "minister",
	"report", "inquiry", "evidence", "witness", "market", "prices",
	"workers", "union", "strike", "talks", "agreement", "court", "judge",
	"appeal", "police", "statement", "mayor", "election", "candidate",
	"campaign", "survey", "hospital", "doctors", "patients", "waiting",
	"funding", "railway", "station", "delays", "passengers", "weather",
	"forecast", "farmers", "harvest", "drought", "coast", "fishing",
	"the", "a", "of", "and", "to", "in", "on", "for", "with", "said",
	"was", "were", "has", "had", "after", "before", "during", "week",
	"year", "month", "morning", "evening", "local", "national", "new",
	"old", "first", "last", "public", "private", "small", "large",
};

#define NVOCAB (sizeof(vocab) / sizeof(vocab[0]))

static uint32_t
next_rand(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/*
 * The article of URL u at version k.  Paragraph j has been rewritten
 * edits(j) times by version k: version k (k >= 2) rewrites paragraph
 * (k - 2) % PARAS.
 */
static void
make_page(struct buf *b, long u, int k)
{
	int j, w, edits;
	uint32_t seed;

	buf_reset(b);
	buf_addf(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
	    "<title>Story %ld - Bench Gazette</title></head><body>"
	    "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> "
	    "<a href=\"/sport\">Sport</a></nav><article><h1>Story %ld</h1>"
	    "<p class=\"byline\">By Bench Writer</p>", u, u);
	for (j = 0; j < PARAS; j++) {
		edits = k >= 2 + j ? (k - 2 - j) / PARAS + 1 : 0;
		seed = (uint32_t)(u * 7919 + j * 104729 + edits * 15485863);
		buf_addstr(b, "<p>");
		for (w = 0; w < PARA_WORDS; w++) {
			if (w)
				buf_addch(b, ' ');
			buf_addstr(b, vocab[next_rand(&seed) % NVOCAB]);
		}
		buf_addstr(b, ".</p>\n");
	}
	buf_addf(b, "</article><aside class=\"related\"><h2>Related posts</h2>"
	    "<ul><li><a href=\"/s/u%ld.html\">Story %ld</a></li>"
	    "<li><a href=\"/s/u%ld.html\">Story %ld</a></li></ul></aside>"
	    "<div id=\"comments\"><h3>Leave a Reply</h3><p>First!</p></div>"
	    "<footer>Copyright Bench Gazette</footer></body></html>\n",
	    u + 1, u + 1, u + 2, u + 2);
}

/* Writes the page, with the given mtime, where nginx serves it. */
static int
write_doc(const char *path, const struct buf *b, time_t mtime,
    struct stat *st)
{
	struct timeval tv[2] = { { mtime, 0 }, { mtime, 0 } };
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	if (fwrite(b->data, 1, b->len, f) != b->len) {
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0 || utimes(path, tv) < 0 || stat(path, st) < 0)
		return -1;
	return 0;
}

/* Seals every version of URL u; 0 or -1 with err filled. */
static int
build_url(const struct sign_key *k, const char *store, const char *docroot,
    const char *base, long u, int versions, struct buf *html,
    struct error *err)
{
	struct fetch_opts fo;
	struct pipeline_opts po = { NULL, false, NULL, NULL };
	char *url = xasprintf("%s/s/u%ld.html", base, u);
	char *doc = xasprintf("%s/s/u%ld.html", docroot, u);
	char *norm = NULL, *dir = NULL, *rel = NULL, *prev = NULL;
	char epoch[32], etag[64], lm[64];
	struct stat st;
	struct tm tm;
	int v, rc = -1;

	fetch_opts_init(&fo);
	norm = url_normalize(url, err);
	if (norm == NULL)
		goto out;
	rel = pipeline_url_dir(norm);
	dir = xasprintf("%s/%s", store, rel);
	if (file_mkdirs(dir, 0755, err) < 0)
		goto out;
	po.dir = dir;
	for (v = 1; v <= versions; v++) {
		struct page page = { 0 };
		struct pipeline_result res = { 0 };
		time_t when = EPOCH + (time_t)v * 86400;
		int r;

		make_page(html, u, v);
		if (write_doc(doc, html, when, &st) < 0) {
			error_set(err, RC_SYS, "%s: %s", doc, strerror(errno));
			goto out;
		}
		snprintf(epoch, sizeof(epoch), "%ld", (long)when);
		setenv("SOURCE_DATE_EPOCH", epoch, 1);
		if (fetch_file(doc, url, &fo, &page, err) < 0)
			goto out;
		/* What nginx sends for this file: "%xT-%xO" and its mtime. */
		snprintf(etag, sizeof(etag), "\"%lx-%lx\"",
		    (unsigned long)st.st_mtime, (unsigned long)st.st_size);
		gmtime_r(&st.st_mtime, &tm);
		strftime(lm, sizeof(lm), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		page.etag = xstrdup(etag);
		page.last_modified = xstrdup(lm);
		po.previous = prev;
		r = pipeline_seal(&page, k, &po, &res, err);
		fetch_release(&page);
		if (r < 0) {
			pipeline_result_release(&res);
			goto out;
		}
		free(prev);
		prev = xstrdup(res.manifest_sha256);
		pipeline_result_release(&res);
	}
	rc = 0;
out:
	free(prev);
	free(rel);
	free(dir);
	free(norm);
	free(doc);
	free(url);
	return rc;
}

static int
worker(const struct sign_key *k, char **argv, long urls, int versions,
    int w, int workers)
{
	struct buf html = BUF_INIT(BUF_MAX_DEFAULT);
	struct error err = { 0 };
	long u;
	int rc = 0;

	for (u = w; u < urls; u += workers) {
		if (build_url(k, argv[2], argv[3], argv[4], u, versions, &html,
		    &err) < 0) {
			fprintf(stderr, "mkstore: %s\n", err.msg);
			rc = 1;
			break;
		}
	}
	buf_release(&html);
	return rc;
}

int
main(int argc, char **argv)
{
	struct sign_key *k;
	struct error err = { 0 };
	char *sdir;
	long urls;
	int versions, workers, w, status, rc = 0;

	if (argc != 8) {
		fputs("usage: mkstore SECKEY STORE DOCROOT BASEURL URLS "
		    "VERSIONS WORKERS\n", stderr);
		return 2;
	}
	urls = strtol(argv[5], NULL, 10);
	versions = atoi(argv[6]);
	workers = atoi(argv[7]);
	if (urls < 1 || versions < 1 || workers < 1 || workers > 64) {
		fputs("mkstore: URLS, VERSIONS and WORKERS must be positive\n",
		    stderr);
		return 2;
	}
	k = sign_load_secret(argv[1], &err);
	sdir = xasprintf("%s/s", argv[3]);
	if (k == NULL || file_mkdirs(sdir, 0755, &err) < 0) {
		fprintf(stderr, "mkstore: %s\n", err.msg);
		free(sdir);
		sign_key_free(k);
		return 1;
	}
	free(sdir);
	fflush(NULL);
	for (w = 1; w < workers; w++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("mkstore: fork");
			rc = 1;
			break;
		}
		if (pid == 0) {
			rc = worker(k, argv, urls, versions, w, workers);
			sign_key_free(k);
			_exit(rc);
		}
	}
	if (rc == 0)
		rc = worker(k, argv, urls, versions, 0, workers);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			rc = 1;
	sign_key_free(k);
	return rc;
}
