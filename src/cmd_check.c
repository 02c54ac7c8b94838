#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "fetch.h"
#include "meta.h"
#include "pipeline.h"
#include "sign.h"
#include "store.h"
#include "url.h"
#include "xalloc.h"

static const char usage[] =
	"usage: clipseal check [-p PUBKEY] [options] ARCHIVE...\n"
	"       clipseal check [-p PUBKEY] [options] -s STORE [URL...]\n"
	"\n"
	"Verifies each archive, fetches its URL again now and says whether the\n"
	"live article still hashes the same: unchanged, changed, or gone (with\n"
	"the HTTP status).  With -s, the newest version of each URL in STORE\n"
	"(of every URL if none is given).  Writes nothing.  Exits 0 only if\n"
	"every article is unchanged.\n"
	"\n"
	"  -p, --pubkey PUBKEY  trusted public key (default as for verify)\n"
	"  -s, --store STORE    check the newest versions in STORE\n"
	CMD_FETCH_USAGE
	"  -h, --help           show this help\n";

static int
check_one(const struct store_file *f, const struct sign_key *pk,
    const struct fetch_opts *fo)
{
	const char *path = f->name;
	struct meta_summary ms = { 0 };
	struct pipeline_item it = { 0 };
	struct page page = { 0 };
	struct error err = { 0 }, warn = { 0 };
	char manifest[DIGEST_HEX_LEN + 1];
	bool same;
	int rc;

	if (cmd_verify_archive(f->path, pk, &ms, manifest, &err) < 0) {
		pipeline_name_error(f, &err);
		if (err.rc != RC_NO) {
			rc = cmd_report(&err);
			goto out;
		}
		printf("%s: FAILED: %s\n", path, err.msg);
		rc = RC_NO;
		goto out;
	}
	if (fetch_url(ms.requested_url, fo, &page, &err) < 0) {
		if (page.status == 404 || page.status == 410) {
			printf("%s: gone (HTTP %ld) %s\n", path, page.status,
			    ms.requested_url);
			rc = RC_NO;
		} else {
			rc = cmd_report(&err);
		}
		goto out;
	}
	if (pipeline_extract(&page, &it, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	/* The archive may have been sealed by other rules than today's. */
	same = pipeline_same_article(f->path, ms.content_sha256,
	    it.content_sha256, &warn);
	pipeline_name_error(f, &warn);
	if (warn.rc != 0)
		fprintf(stderr, "clipseal: %s; compared with its stored "
		    "text\n", warn.msg);
	if (same) {
		printf("%s: unchanged %s\n", path, ms.requested_url);
		rc = RC_OK;
	} else {
		printf("%s: changed %s (now sha256:%.12s)\n", path,
		    ms.requested_url, it.content_sha256);
		rc = RC_NO;
	}
out:
	pipeline_item_release(&it);
	fetch_release(&page);
	meta_summary_release(&ms);
	return rc;
}

/* The newest version of each URL: the last of its run in store_each. */
struct newest {
	char **archives;
	size_t n, cap;
	char *last_url;
};

static int
keep_newest(const struct store_version *v, void *arg)
{
	struct newest *nw = arg;

	if (nw->last_url && strcmp(nw->last_url, v->norm_url) == 0) {
		free(nw->archives[nw->n - 1]);
		nw->archives[nw->n - 1] = xstrdup(v->archive);
		return 0;
	}
	if (nw->n == nw->cap) {
		nw->cap = nw->cap ? nw->cap * 2 : 16;
		nw->archives = xrealloc(nw->archives, nw->cap *
		    sizeof(*nw->archives));
	}
	nw->archives[nw->n++] = xstrdup(v->archive);
	free(nw->last_url);
	nw->last_url = xstrdup(v->norm_url);
	return 0;
}

/* "Changed" is the answer no; a failure to look outranks it. */
static int
worse(int rc, int one)
{
	return one != RC_OK && (rc == RC_OK || rc == RC_NO) ? one : rc;
}

/* check -s: the newest version of each URL given, or of every URL. */
static int
check_store(const char *arg, char **urls, int n, const struct sign_key *pk,
    const struct fetch_opts *fo)
{
	struct newest nw = { 0 };
	struct error err = { 0 };
	struct store *s;
	size_t i;
	int k, rc = RC_OK;

	s = cmd_store_read(arg, NULL, &err);
	if (s == NULL)
		return cmd_report(&err);
	for (k = 0; k < n; k++) {
		char *norm = url_normalize(urls[k], &err);
		size_t before = nw.n;

		if (norm == NULL || store_each(s, norm, keep_newest, &nw,
		    &err) < 0) {
			rc = worse(rc, cmd_report(&err));
		} else if (nw.n == before) {
			rc = worse(rc, cmd_usage_error("%s: no version in the "
			    "store", urls[k]));
		}
		free(nw.last_url);
		nw.last_url = NULL;
		free(norm);
	}
	if (n == 0 && store_each(s, NULL, keep_newest, &nw, &err) < 0)
		rc = worse(rc, cmd_report(&err));
	for (i = 0; i < nw.n; i++) {
		struct store_file f;

		if (store_file_get(s, nw.archives[i], &f, &err) < 0)
			rc = worse(rc, cmd_report(&err));
		else
			rc = worse(rc, check_one(&f, pk, fo));
		store_file_release(&f);
		free(nw.archives[i]);
	}
	free(nw.archives);
	free(nw.last_url);
	store_close(s);
	return rc;
}

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'p' },
		{ "store", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		CMD_FETCH_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct fetch_opts fo;
	struct error err = { 0 };
	struct sign_key *pk;
	const char *pubarg = NULL, *store = NULL;
	int c, i, rc = RC_OK, one;

	fetch_opts_init(&fo);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pubarg = optarg; break;
		case 's': store = optarg; break;
		case 'h':
			fputs(usage, stdout);
			return RC_OK;
		default:
			one = cmd_fetch_option(c, optarg, &fo, &err);
			if (one <= 0)
				return one < 0 ? cmd_usage_error("%s", err.msg) :
				    cmd_bad_option(c, argv);
		}
	}
	if (optind == argc && store == NULL)
		return cmd_usage_error("check: no ARCHIVE given");
	pk = cmd_load_pubkey(pubarg, &err);
	if (pk == NULL)
		return cmd_report(&err);
	if (store)
		rc = check_store(store, argv + optind, argc - optind, pk, &fo);
	for (i = optind; store == NULL && i < argc; i++) {
		struct store_file f = { argv[i], argv[i], false };

		rc = worse(rc, check_one(&f, pk, &fo));
	}
	sign_key_free(pk);
	return rc;
}
