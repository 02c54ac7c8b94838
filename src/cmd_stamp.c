#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "fetch.h"
#include "meta.h"
#include "pipeline.h"
#include "seal.h"
#include "sign.h"
#include "store.h"
#include "xalloc.h"

/*
 * RFC 3161 time stamps for archives: the stamp command, and the one
 * function archive and run share with it.  The stages in order: seal reads
 * the archive, sign makes the request, fetch sends it, sign checks the
 * answer, seal and store write the archive again with the stamp added.
 */

static const char usage[] =
	"usage: clipseal stamp [--tsa URL] [--tsa-ca FILE] [-q] [options] ARCHIVE...\n"
	"       clipseal stamp [--tsa URL] [--tsa-ca FILE] [-q] [options] -s STORE\n"
	"\n"
	"Adds an RFC 3161 time stamp from the TSA at URL ($CLIPSEAL_TSA) to each\n"
	"archive that has none, or to every such archive of STORE: a request over\n"
	"SHA-256 of SHA256.sig, whose checked reply becomes the member\n"
	"SHA256.sig.tsr.  The archive is rewritten atomically.  Prints one line\n"
	"per archive stamped.\n"
	"\n"
	"      --tsa URL      the TSA ($CLIPSEAL_TSA)\n"
	"      --tsa-ca FILE  accept only stamps whose TSA chains to FILE (PEM)\n"
	"  -s, --store STORE  stamp the archives of STORE that lack a stamp\n"
	"  -q, --quiet        print nothing but failures\n"
	CMD_FETCH_USAGE
	"  -h, --help         show this help\n";

static const char *const tsa_headers[] = {
	"Content-Type: application/timestamp-query",
	"Accept: application/timestamp-reply",
	NULL
};

int
cmd_tsa_option(int opt, const char *arg, const char **url,
    const char **ca_file)
{
	if (opt == 0x120)
		*url = arg;
	else if (opt == 0x121)
		*ca_file = arg;
	else
		return 0;
	return 1;
}

int
cmd_tsa_init(struct cmd_tsa *t, const char *url, const char *ca_file,
    struct error *err)
{
	memset(t, 0, sizeof(*t));
	if (url == NULL)
		url = getenv("CLIPSEAL_TSA");
	t->url = url && *url ? url : NULL;
	if (ca_file == NULL)
		return 0;
	if (t->url == NULL)
		return error_set(err, RC_USAGE,
		    "--tsa-ca needs a TSA (--tsa URL or $CLIPSEAL_TSA)");
	t->ca = sign_trust_load(ca_file, err);
	return t->ca ? 0 : -1;
}

void
cmd_tsa_release(struct cmd_tsa *t)
{
	if (t == NULL)
		return;
	sign_trust_free(t->ca);
	t->ca = NULL;
}

/*
 * Sends the query to the TSA and checks its answer: the HTTP exchange is
 * fetch's, with the caller's limits but a body cap a reply fits in.
 */
static int
ask_tsa(const struct cmd_tsa *t, const struct fetch_opts *fo,
    const struct sign_stamp_query *q, time_t fetched,
    struct sign_stamp *st, struct buf *reply, struct error *err)
{
	struct fetch_request req = { 0 };
	struct fetch_response res = { 0 };
	struct fetch_opts o = *fo;
	int rc = -1;

	req.method = "POST";
	req.url = t->url;
	req.headers = tsa_headers;
	req.body = sign_stamp_query_der(q, &req.body_len);
	o.max_bytes = SIGN_STAMP_MAX;
	o.origin = FETCH_ORIGIN_PERSON;
	if (fetch_request(&req, &o, &res, err) < 0)
		goto out;
	if (sign_stamp_accept(q, res.body.data, res.body.len, &fetched, t->ca,
	    st, err) < 0) {
		struct error inner = *err;

		error_set(err, inner.rc, "%s: %s", t->url, inner.msg);
		goto out;
	}
	if (buf_add(reply, res.body.data, res.body.len) < 0) {
		error_set(err, RC_SYS, "%s: time stamp larger than %zu bytes",
		    t->url, reply->max);
		goto out;
	}
	rc = 0;
out:
	fetch_response_release(&res);
	return rc;
}

/* Splits path into its directory and file name; caller frees both. */
static void
split_path(const char *path, char **dir, char **name)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*dir = xstrdup(".");
		*name = xstrdup(path);
	} else {
		*dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		*name = xstrdup(slash + 1);
	}
}

int
cmd_stamp_archive(struct store *store, const char *arch,
    const struct cmd_tsa *t, const struct fetch_opts *fo,
    struct sign_stamp *st, struct error *err)
{
	struct store_file f = { 0 };
	struct seal_set s = { 0 };
	struct meta_summary ms = { 0 };
	struct sign_stamp_query *q = NULL;
	const struct seal_member *sig, *meta, *old;
	struct seal_member *m = NULL;
	struct buf tar = BUF_INIT(SEAL_MAX_FILE);
	struct buf reply = BUF_INIT(SIGN_STAMP_MAX);
	struct error inner;
	char *dir = NULL, *name = NULL;
	const char *path;
	time_t fetched;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	if (store) {
		if (store_file_get(store, arch, &f, err) < 0)
			goto out;
	} else {
		f.path = xstrdup(arch);
		f.name = xstrdup(arch);
	}
	path = f.name;
	if (seal_read(f.path, &s, err) < 0) {
		pipeline_name_error(&f, err);
		goto out;
	}
	sig = seal_find(&s, "SHA256.sig");
	meta = seal_find(&s, "metadata.json");
	old = seal_find(&s, CMD_STAMP_MEMBER);
	if (sig == NULL || meta == NULL) {
		error_set(err, RC_NO, "%s: not a clipseal archive", path);
		goto out;
	}
	if (meta_parse(meta->data, meta->len, &ms, err) < 0) {
		inner = *err;
		error_set(err, inner.rc, "%s: %s", path, inner.msg);
		goto out;
	}
	if (meta_time_parse(ms.fetched_at, &fetched) < 0) {
		error_set(err, RC_NO, "%s: metadata.json: fetched_at is not "
		    "RFC 3339 UTC", path);
		goto out;
	}
	if (old != NULL) {
		if (sign_stamp_check(old->data, old->len, sig->data, sig->len,
		    NULL, NULL, st, err) < 0) {
			inner = *err;
			error_set(err, RC_NO, "%s: %s: %s", path,
			    CMD_STAMP_MEMBER, inner.msg);
			goto out;
		}
		rc = 1;
		goto out;
	}
	q = sign_stamp_query_new(sig->data, sig->len, err);
	if (q == NULL || ask_tsa(t, fo, q, fetched, st, &reply, err) < 0)
		goto out;

	/* The same members, mtime and order seal_write gave them, then it. */
	m = xcalloc(s.n + 1, sizeof(*m));
	memcpy(m, s.members, s.n * sizeof(*m));
	m[s.n].name = (char *)CMD_STAMP_MEMBER;
	m[s.n].data = reply.data;
	m[s.n].len = reply.len;
	if (seal_write(s.top, m, s.n + 1, fetched, &tar, err) < 0)
		goto out;
	if (store) {
		if (store_put(store, arch, tar.data, tar.len, true, err) < 0 ||
		    store_note_stamp(store, arch, st->gen_time, err) < 0)
			goto out;
	} else {
		split_path(arch, &dir, &name);
		if (store_write(dir, name, tar.data, tar.len, 0644, err) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		memset(st, 0, sizeof(*st));
	free(name);
	free(dir);
	store_file_release(&f);
	buf_release(&reply);
	buf_release(&tar);
	free(m);
	sign_stamp_query_free(q);
	meta_summary_release(&ms);
	seal_release(&s);
	return rc;
}

/*
 * One line per archive, the archive at arch (with s: the archive arch of
 * store s, named as the store names it); returns its exit code.
 */
static int
stamp_print(struct store *s, const char *arch, const struct cmd_tsa *t,
    const struct fetch_opts *fo, bool quiet)
{
	struct sign_stamp st;
	struct error err = { 0 };
	char *name = s ? store_archive_name(s, arch) : xstrdup(arch);
	int rc = cmd_stamp_archive(s, arch, t, fo, &st, &err);

	if (rc < 0 && err.rc == RC_NET) {
		fprintf(stderr, "clipseal: %s: not stamped: %s\n", name,
		    err.msg);
		rc = RC_NET;
	} else if (rc < 0) {
		rc = cmd_report(&err);
	} else {
		if (!quiet && rc == 1)
			printf("%s: already stamped=%s\n", name, st.gen_time);
		else if (!quiet)
			printf("%s: stamped=%s tsa=\"%s\"\n", name,
			    st.gen_time, st.tsa);
		rc = RC_OK;
	}
	free(name);
	return rc;
}

/* Tries every unstamped archive of the store; 1 if one failed. */
static int
stamp_store(const char *arg, const struct cmd_tsa *t,
    const struct fetch_opts *fo, bool quiet)
{
	static const char *const sig_only[] = {
		"SHA256.sig", CMD_STAMP_MEMBER, NULL
	};
	static const struct seal_read_opts only = { NULL, sig_only };
	struct error err = { 0 };
	struct store *s = NULL;
	char **paths = NULL, *spath;
	size_t n = 0, i;
	int rc = RC_OK;

	spath = arg ? xstrdup(arg) : store_default_path(&err);
	/* Locked like run, which may be writing the same archives. */
	s = spath ? store_open(spath, STORE_WRITE, &err) : NULL;
	if (s == NULL || store_archives(s, NULL, &paths, &n, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct seal_set set = { 0 };
		struct store_file f;
		bool stamped;

		if (store_file_get(s, paths[i], &f, &err) < 0 ||
		    seal_read_only(f.path, &only, &set, &err) < 0) {
			pipeline_name_error(&f, &err);
			cmd_report(&err);
			rc = RC_NO;
			store_file_release(&f);
			continue;
		}
		stamped = seal_find(&set, CMD_STAMP_MEMBER) != NULL;
		seal_release(&set);
		store_file_release(&f);
		if (!stamped && stamp_print(s, paths[i], t, fo, quiet) != RC_OK)
			rc = RC_NO;
	}
out:
	store_free_list(paths, n);
	store_close(s);
	free(spath);
	return rc;
}

int
cmd_stamp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		CMD_TSA_OPTIONS,
		CMD_FETCH_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct fetch_opts fo;
	struct cmd_tsa t = { 0 };
	struct error err = { 0 };
	const char *url = NULL, *ca_file = NULL, *store = NULL;
	bool quiet = false, by_store = false;
	int c, i, rc, failed = 0, last = RC_OK;

	fetch_opts_init(&fo);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': store = optarg; by_store = true; break;
		case 'q': quiet = true; break;
		case 'h':
			fputs(usage, stdout);
			return RC_OK;
		default:
			if (cmd_tsa_option(c, optarg, &url, &ca_file))
				break;
			rc = cmd_fetch_option(c, optarg, &fo, &err);
			if (rc < 0)
				return cmd_usage_error("%s", err.msg);
			if (rc == 0)
				return cmd_bad_option(c, argv);
		}
	}
	if (by_store && optind != argc)
		return cmd_usage_error("stamp: -s STORE takes no ARCHIVE");
	if (!by_store && optind == argc)
		return cmd_usage_error("stamp: no ARCHIVE given");
	if (cmd_tsa_init(&t, url, ca_file, &err) < 0)
		return cmd_report(&err);
	if (t.url == NULL)
		return cmd_usage_error("stamp: no TSA given (--tsa URL or "
		    "$CLIPSEAL_TSA)");
	if (by_store) {
		rc = stamp_store(store, &t, &fo, quiet);
	} else {
		for (i = optind; i < argc; i++) {
			last = stamp_print(NULL, argv[i], &t, &fo, quiet);
			if (last != RC_OK)
				failed++;
		}
		/* One archive keeps its own code; of several, "no". */
		rc = argc - optind == 1 ? last : failed ? RC_NO : RC_OK;
	}
	cmd_tsa_release(&t);
	return rc;
}
