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

static const char usage[] =
	"usage: clipseal check [-p PUBKEY] [options] ARCHIVE...\n"
	"\n"
	"Verifies each archive, fetches its URL again now and says whether the\n"
	"live article still hashes the same: unchanged, changed, or gone (with\n"
	"the HTTP status).  Writes nothing.  Exits 0 only if every article is\n"
	"unchanged.\n"
	"\n"
	"  -p, --pubkey PUBKEY  trusted public key (default as for verify)\n"
	CMD_FETCH_USAGE
	"  -h, --help           show this help\n";

static int
check_one(const char *path, const struct sign_key *pk,
    const struct fetch_opts *fo)
{
	struct meta_summary ms = { 0 };
	struct pipeline_item it = { 0 };
	struct page page = { 0 };
	struct error err = { 0 }, warn = { 0 };
	char manifest[DIGEST_HEX_LEN + 1];
	bool same;
	int rc;

	if (cmd_verify_archive(path, pk, &ms, manifest, &err) < 0) {
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
	same = pipeline_same_article(path, ms.content_sha256,
	    it.content_sha256, &warn);
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

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		CMD_FETCH_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct fetch_opts fo;
	struct error err = { 0 };
	struct sign_key *pk;
	const char *pubarg = NULL;
	int c, i, rc = RC_OK, one;

	fetch_opts_init(&fo);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pubarg = optarg; break;
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
	if (optind == argc)
		return cmd_usage_error("check: no ARCHIVE given");
	pk = cmd_load_pubkey(pubarg, &err);
	if (pk == NULL)
		return cmd_report(&err);
	for (i = optind; i < argc; i++) {
		one = check_one(argv[i], pk, &fo);
		/* "Changed" is the answer no; a failure to look outranks it. */
		if (one != RC_OK && (rc == RC_OK || rc == RC_NO))
			rc = one;
	}
	sign_key_free(pk);
	return rc;
}
