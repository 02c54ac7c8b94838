#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "fetch.h"
#include "pipeline.h"
#include "sign.h"
#include "xalloc.h"

static const char usage[] =
	"usage: clipseal archive [-k SECKEY] [-o DIR | -s STORE] [options] URL...\n"
	"       clipseal archive [-k SECKEY] [-o DIR] --html FILE --url URL\n"
	"\n"
	"Fetches each URL, extracts the article, and seals it with the page's\n"
	"metadata and raw capture into DIR/<host>-<time>-<hash>.tar.gz, signed\n"
	"with SECKEY and, with --tsa, time-stamped.  Prints the path of each\n"
	"archive written.\n"
	"\n"
	"  -k, --key SECKEY   secret key (default as for keygen)\n"
	"  -o, --output DIR   directory for the archives (.)\n"
	"  -s, --store STORE  seal into a store instead, as run does: a new\n"
	"                     version only if the article changed\n"
	"      --html FILE    seal a local HTML file instead of fetching\n"
	"      --url URL      the URL the --html file was fetched from\n"
	"      --no-raw       leave the raw capture (capture.warc) out\n"
	"  -q, --quiet        print nothing on success\n"
	CMD_TSA_USAGE
	CMD_FETCH_USAGE
	"  -h, --help         show this help\n";

/*
 * The archive stays as sealed when the TSA fails: the line says so, and
 * `clipseal stamp` can add the stamp later.
 */
static int
stamp_new(const char *path, const struct cmd_tsa *t,
    const struct fetch_opts *fo)
{
	struct sign_stamp st;
	struct error err = { 0 };

	if (cmd_stamp_archive(NULL, path, t, fo, &st, &err) == 0)
		return RC_OK;
	if (err.rc == RC_NET) {
		fprintf(stderr, "clipseal: %s: sealed without a time stamp: "
		    "%s\n", path, err.msg);
		return RC_NET;
	}
	return cmd_report(&err);
}

static int
seal_one(const char *url, const char *html, const struct fetch_opts *fo,
    const struct cmd_tsa *t, const struct sign_key *k,
    const struct pipeline_opts *po, bool quiet)
{
	struct page page = { 0 };
	struct pipeline_result res = { 0 };
	struct error err = { 0 };
	int rc;

	if (html)
		rc = fetch_file(html, url, fo, &page, &err);
	else
		rc = fetch_url(url, fo, &page, &err);
	if (rc == 0)
		rc = pipeline_seal(&page, k, po, &res, &err);
	if (rc < 0) {
		rc = cmd_report(&err);
	} else {
		rc = t->url ? stamp_new(res.path, t, fo) : RC_OK;
		if (!quiet)
			printf("%s\n", res.path);
	}
	pipeline_result_release(&res);
	fetch_release(&page);
	return rc;
}

int
cmd_archive(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "store", required_argument, NULL, 's' },
		{ "html", required_argument, NULL, 'H' },
		{ "url", required_argument, NULL, 'u' },
		{ "no-raw", no_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		CMD_TSA_OPTIONS,
		CMD_FETCH_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct fetch_opts fo;
	struct pipeline_opts po = { ".", false, NULL, NULL };
	struct cmd_tsa t;
	struct error err = { 0 };
	struct sign_key *k = NULL;
	const char *keyarg = NULL, *html = NULL, *url = NULL;
	const char *store = NULL, *tsa = NULL, *tsa_ca = NULL;
	bool quiet = false, outdir = false;
	int c, i, rc, failed = 0, last = RC_OK;

	fetch_opts_init(&fo);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":k:o:s:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': keyarg = optarg; break;
		case 'o': po.dir = optarg; outdir = true; break;
		case 's': store = optarg; break;
		case 'H': html = optarg; break;
		case 'u': url = optarg; break;
		case 'R': po.no_raw = true; break;
		case 'q': quiet = true; break;
		case 'h':
			fputs(usage, stdout);
			return RC_OK;
		default:
			if (cmd_tsa_option(c, optarg, &tsa, &tsa_ca))
				break;
			rc = cmd_fetch_option(c, optarg, &fo, &err);
			if (rc < 0)
				return cmd_usage_error("%s", err.msg);
			if (rc == 0)
				return cmd_bad_option(c, argv);
		}
	}
	if (html && (url == NULL || optind != argc))
		return cmd_usage_error(
		    "--html FILE needs --url URL and no other URL");
	if (!html && url)
		return cmd_usage_error("--url is only used with --html");
	if (!html && optind == argc)
		return cmd_usage_error("archive: no URL given");
	if (store && (outdir || html))
		return cmd_usage_error("archive: -s STORE excludes -o and "
		    "--html");

	if (cmd_tsa_init(&t, tsa, tsa_ca, &err) < 0)
		return cmd_report(&err);
	k = cmd_load_seckey(keyarg, &err);
	if (k == NULL) {
		cmd_tsa_release(&t);
		return cmd_report(&err);
	}
	if (store) {
		rc = cmd_run_urls(store, k, &fo, &t, argv + optind,
		    argc - optind, po.no_raw, quiet);
	} else if (html) {
		rc = seal_one(url, html, &fo, &t, k, &po, quiet);
	} else {
		for (i = optind; i < argc; i++) {
			last = seal_one(argv[i], NULL, &fo, &t, k, &po,
			    quiet);
			if (last != RC_OK)
				failed++;
		}
		/* One URL keeps its own code; of several, some failing is "no". */
		rc = argc - optind == 1 ? last : failed ? RC_NO : RC_OK;
	}
	sign_key_free(k);
	cmd_tsa_release(&t);
	return rc;
}
