#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "digest.h"
#include "feed.h"
#include "fetch.h"
#include "file.h"
#include "meta.h"
#include "pipeline.h"
#include "sign.h"
#include "store.h"
#include "url.h"
#include "xalloc.h"

static const char usage[] =
	"usage: clipseal run [-k SECKEY] [-s STORE] [-j JOBS] [options] SOURCE...\n"
	"\n"
	"Archives every URL of every SOURCE into the store, writing a new version\n"
	"only when the article itself changed.  A SOURCE is a file with one URL per\n"
	"line ('#' comments and blank lines allowed), '-' for standard input, or\n"
	"feed:URL for an RSS or Atom feed whose items are archived.  Quiet when all\n"
	"is well: one line per failed URL on stderr.\n"
	"\n"
	"  -k, --key SECKEY   secret key (default as for keygen)\n"
	"  -s, --store STORE  the store ($CLIPSEAL_STORE, else\n"
	"                     $XDG_DATA_HOME/clipseal/store or\n"
	"                     ~/.local/share/clipseal/store)\n"
	"  -j, --jobs N       fetches at once (4)\n"
	"      --json         one JSON line per URL on stdout\n"
	"  -v, --verbose      one line per URL on stdout\n"
	"  -q, --quiet        no progress line on a terminal\n"
	"      --no-raw       leave capture.warc out of new archives\n"
	"      --per-host N   fetches at once to one host (2)\n"
	"      --host-delay MS  between two requests to one host (250)\n"
	"      --ignore-robots  fetch what robots.txt disallows\n"
	"      --shard K/N    only the URLs in shard K of N (1 <= K <= N), by\n"
	"                     the hash of the normalised URL: N hosts split\n"
	"                     one list without talking to each other\n"
	CMD_TSA_USAGE
	CMD_FETCH_USAGE
	"  -h, --help         show this help\n";

/* One URL to archive, and where it came from for error lines. */
struct item {
	char *url;
	char *norm;
	char *source;		/* "list.txt:3" or "feed:https://...#2" */
	enum fetch_origin origin;
	char *dir;		/* its directory in the store */
	struct store_version latest;	/* newest stored version, if any */
	struct fetch_opts fo;
	char *archived;		/* a new archive, to stamp after the fetches */
};

struct run {
	struct store *store;
	const struct sign_key *key;
	const struct cmd_tsa *tsa;
	const char *stamped_at;	/* of the archive being reported */
	struct fetch_opts fo;
	bool json, verbose, progress, no_raw, robots;
	bool paths;		/* archive -s: print each URL's archive path */
	unsigned shard, shards;	/* --shard K/N as 0..N-1 and N; N 0: all */
	int last_rc;		/* of the last failure */
	int jobs, per_host;
	long host_delay;
	struct item *items;
	size_t n, cap;
	size_t *seen;		/* hash of items by norm: index + 1, 0 free */
	size_t seen_cap;	/* a power of two, at least twice n */
	struct error index_err;	/* the first failure to write the index */
	size_t done, archived, unchanged, failed, total;
};

/*
 * The shard of a normalised URL: the first 8 bytes of its SHA-256, big
 * endian, modulo n.  Every host computes the same, whatever it runs on.
 */
static unsigned
shard_of(const char *norm, unsigned n)
{
	unsigned char md[DIGEST_LEN];
	uint64_t h = 0;
	int i;

	digest_sha256(norm, strlen(norm), md);
	for (i = 0; i < 8; i++)
		h = h << 8 | md[i];
	return (unsigned)(h % n);
}

static size_t
norm_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return (size_t)h;
}

/*
 * The slot of norm in r->seen: the one holding it, or the free one where
 * it would go.  A list of 20,000 URLs made the scan of every item before
 * it a quarter of a run's CPU.
 */
static size_t *
seen_slot(struct run *r, const char *norm)
{
	size_t mask = r->seen_cap - 1, i = norm_hash(norm) & mask;

	while (r->seen[i] && strcmp(r->items[r->seen[i] - 1].norm, norm))
		i = (i + 1) & mask;
	return &r->seen[i];
}

static void
add_item(struct run *r, const char *url, const char *norm, char *source,
    enum fetch_origin origin)
{
	size_t i, *slot;

	if (r->shards && shard_of(norm, r->shards) != r->shard) {
		free(source);
		return;
	}
	if (2 * (r->n + 1) > r->seen_cap) {
		free(r->seen);
		r->seen_cap = r->seen_cap ? r->seen_cap * 2 : 128;
		r->seen = xcalloc(r->seen_cap, sizeof(*r->seen));
		for (i = 0; i < r->n; i++)
			*seen_slot(r, r->items[i].norm) = i + 1;
	}
	/* The same article listed twice is archived once. */
	slot = seen_slot(r, norm);
	if (*slot) {
		free(source);
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->items = xrealloc(r->items, r->cap * sizeof(*r->items));
	}
	memset(&r->items[r->n], 0, sizeof(r->items[r->n]));
	r->items[r->n].url = xstrdup(url);
	r->items[r->n].norm = xstrdup(norm);
	r->items[r->n].source = source;
	r->items[r->n].origin = origin;
	r->n++;
	*slot = r->n;
}

static void
report(struct run *r, const char *source, const char *url,
    const char *status, const char *detail, const struct error *err)
{
	if (err) {
		if (source)
			fprintf(stderr, "clipseal: %s: %s\n", source, err->msg);
		else
			fprintf(stderr, "clipseal: %s\n", err->msg);
		r->failed++;
		r->last_rc = err->rc;
	}
	if (r->paths) {
		if (detail)
			printf("%s\n", detail);
	} else if (r->json) {
		struct buf line = BUF_INIT(BUF_MAX_DEFAULT);
		struct error e;

		if (meta_run_line(source, url, status, detail, r->stamped_at,
		    err ? err->msg : NULL, &line, &e) == 0)
			fputs(line.data, stdout);
		buf_release(&line);
	} else if (r->verbose) {
		printf("%s %s%s%s\n", status, url ? url : source,
		    detail ? " " : "", detail ? detail : "");
	}
}

static void
show_progress(struct run *r, bool last)
{
	if (!r->progress)
		return;
	fprintf(stderr, "\r%zu/%zu  archived %zu  unchanged %zu  failed %zu%s",
	    r->done, r->total, r->archived, r->unchanged, r->failed,
	    last ? "\n" : "");
}

/* Reads a list file ("-" is stdin); bad lines are failures of the run. */
static int
read_list(struct run *r, const char *path, struct error *err)
{
	struct buf b = BUF_INIT((size_t)64 << 20);
	char *line, *next, *norm;
	size_t lineno = 0;
	struct error lerr;

	if (buf_read_file(&b, path, err) < 0) {
		buf_release(&b);
		return -1;
	}
	for (line = b.data; line && *line; line = next) {
		char *end;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		while (*line == ' ' || *line == '\t')
			line++;
		end = line + strlen(line);
		while (end > line && strchr(" \t\r", end[-1]))
			*--end = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		norm = url_normalize(line, &lerr);
		if (norm == NULL) {
			char *src = xasprintf("%s:%zu", path, lineno);

			report(r, src, line, "failed", NULL, &lerr);
			free(src);
			continue;
		}
		add_item(r, line, norm, xasprintf("%s:%zu", path, lineno),
		    FETCH_ORIGIN_LIST);
		free(norm);
	}
	buf_release(&b);
	return 0;
}

static int
read_feed(struct run *r, const char *url)
{
	struct fetch_opts fo = r->fo;
	struct page page = { 0 };
	struct feed f = { 0 };
	struct error err = { 0 };
	char *src = xasprintf("feed:%s", url);
	size_t i;
	int rc = -1;

	fo.accept_feed = true;
	fo.origin = FETCH_ORIGIN_LIST;
	fo.retries = r->fo.retries;
	if (fetch_url(url, &fo, &page, &err) < 0 ||
	    feed_parse(page.body, page.body_len, page.final_url, &f,
	    &err) < 0) {
		report(r, src, url, "failed", NULL, &err);
		goto out;
	}
	for (i = 0; i < f.n; i++) {
		struct error lerr;
		char *norm = url_normalize(f.links[i], &lerr);
		char *isrc = xasprintf("%s#%zu", src, i + 1);

		if (norm == NULL) {
			report(r, isrc, f.links[i], "failed", NULL, &lerr);
			free(isrc);
			continue;
		}
		add_item(r, f.links[i], norm, isrc, FETCH_ORIGIN_FEED);
		free(norm);
	}
	rc = 0;
out:
	feed_release(&f);
	fetch_release(&page);
	free(src);
	return rc;
}

/*
 * Makes the index agree with the archives of one URL: the archives are the
 * truth, and a run killed between writing an archive and indexing it must
 * not fork the version chain.
 */
static int
sync_url(struct run *r, const char *norm, const char *dir,
    struct store_version *latest, struct error *err)
{
	struct store_version *v = NULL;
	char **paths = NULL;
	size_t n = 0, i;
	long nv = 0;
	int found, rc = -1;

	found = store_latest(r->store, norm, latest, err);
	if (found < 0)
		return -1;
	if (store_archives(r->store, dir, &paths, &n, err) < 0)
		goto out;
	if ((n == 0 && !found) || (n && found &&
	    strcmp(paths[n - 1], latest->archive) == 0)) {
		rc = 0;
		goto out;
	}
	store_version_release(latest);
	nv = cmd_store_read_archives(r->store, paths, n, NULL, &v, err);
	if (nv < 0 || store_forget(r->store, norm, err) < 0)
		goto out;
	for (i = 0; i < (size_t)nv; i++)
		if (store_add(r->store, &v[i], err) < 0)
			goto out;
	found = store_latest(r->store, norm, latest, err);
	rc = found < 0 ? -1 : 0;
out:
	cmd_store_versions_free(v, nv > 0 ? (size_t)nv : 0);
	store_free_list(paths, n);
	return rc;
}

/* One line when a stored version could not be seen with today's rules. */
static void
warn_stored_text(const char *source, const char *url, const struct error *w)
{
	if (w->rc != 0)
		fprintf(stderr, "clipseal: %s%s%s: %s; compared with its "
		    "stored text\n", source ? source : "", source ? ": " : "",
		    url, w->msg);
}

/*
 * The outcome is advisory, so failing to note it fails no URL; but the disk
 * under the index is failing, and the run says so once at its end.
 */
static void
note_check(struct run *r, const struct item *it, const char *outcome)
{
	struct error err = { 0 };

	if (store_note_check(r->store, it->norm, it->url, time(NULL), outcome,
	    &err) < 0 && r->index_err.rc == RC_OK)
		r->index_err = err;
}

/*
 * Whether the newest stored version holds the article of pi, as the
 * current rules see it; only a different content hash makes the archive
 * itself worth reading (from a bucket, fetching it).  warn as for
 * pipeline_same_article.
 */
static bool
same_as_kept(struct run *r, const struct item *it,
    const struct pipeline_item *pi, struct error *warn)
{
	struct store_file f;
	bool same;

	error_clear(warn);
	if (strcmp(it->latest.content_sha256, pi->content_sha256) == 0)
		return true;
	if (store_file_get(r->store, it->latest.archive, &f, warn) < 0) {
		store_file_release(&f);
		return false;
	}
	same = pipeline_same_article(f.path, it->latest.content_sha256,
	    pi->content_sha256, warn);
	if (warn->rc != 0)
		pipeline_name_error(&f, warn);
	store_file_release(&f);
	return same;
}

/* Compares and, if the article changed, seals one fetched URL. */
static void
seal_page(struct run *r, struct item *it, const struct page *page)
{
	struct store_version v = { 0 };
	struct pipeline_item pi = { 0 };
	struct pipeline_result res = { 0 };
	struct pipeline_opts po = { NULL, r->no_raw, NULL, NULL };
	struct error err = { 0 }, warn = { 0 };
	char *kept = it->latest.archive ? store_archive_name(r->store,
	    it->latest.archive) : NULL;
	const char *outcome = "failed";
	bool same;

	/* 304: the server says our newest copy is still current. */
	if (page->status == 304 && it->latest.content_sha256) {
		outcome = "unchanged";
		r->unchanged++;
		report(r, it->source, it->url, outcome, kept, NULL);
		goto note;
	}
	if (pipeline_extract(page, &pi, &err) < 0)
		goto fail;
	same = kept && same_as_kept(r, it, &pi, &warn);
	warn_stored_text(it->source, it->url, &warn);
	if (same) {
		outcome = "unchanged";
		r->unchanged++;
		report(r, it->source, it->url, outcome, kept, NULL);
		goto note;
	}
	po.dir = it->dir;
	po.store = r->store;
	po.previous = it->latest.manifest_sha256;
	if (pipeline_write(page, &pi, r->key, &po, &res, &err) < 0)
		goto fail;
	if (res.taken) {
		/* Another host sealed this very capture a moment before. */
		outcome = "unchanged";
		r->unchanged++;
		report(r, it->source, it->url, outcome, res.path, NULL);
		goto note;
	}
	v.norm_url = it->norm;
	v.url = page->requested_url;
	v.fetched_at = res.fetched_at;
	v.content_sha256 = res.content_sha256;
	v.manifest_sha256 = res.manifest_sha256;
	v.archive = xasprintf("%s/%s", it->dir, res.name);
	v.title = pi.article.title;
	v.etag = page->etag;
	v.last_modified = page->last_modified;
	v.previous = it->latest.manifest_sha256;
	store_file_stat(r->store, v.archive, &v);
	/* Unread when it could not be read above: one line is enough. */
	v.words_added = v.words_removed = -1;
	if (warn.rc == 0 && cmd_store_word_changes(r->store,
	    it->latest.archive, pi.text.data, &v.words_added,
	    &v.words_removed, &warn) < 0)
		fprintf(stderr, "clipseal: %s%s%s: %s; words added and removed "
		    "not counted\n", it->source ? it->source : "",
		    it->source ? ": " : "", it->url, warn.msg);
	if (store_add(r->store, &v, &err) < 0) {
		free(v.archive);
		goto fail;
	}
	free(v.archive);
	outcome = "archived";
	r->archived++;
	/* Stamped, then reported, once no fetch is waiting on us. */
	if (r->tsa->url)
		it->archived = xasprintf("%s/%s", it->dir, res.name);
	else
		report(r, it->source, it->url, outcome, res.path, NULL);
	goto note;
fail:
	report(r, it->source, it->url, outcome, NULL, &err);
note:
	note_check(r, it, outcome);
	pipeline_result_release(&res);
	pipeline_item_release(&pi);
	free(kept);
}

static void
fetched(const struct fetch_job *job, struct page *page,
    const struct error *err, int rc, void *arg)
{
	struct run *r = arg;
	struct item *it = job->user;

	if (rc == 0) {
		seal_page(r, it, page);
	} else {
		report(r, it->source, it->url, "failed", NULL, err);
		note_check(r, it, "failed");
	}
	store_version_release(&it->latest);
	r->done++;
	show_progress(r, r->done == r->total);
}

/*
 * Everything a fetch needs decided first: the newest stored version (the
 * index made to agree with the archives), per-item options, and robots
 * (NULL or the cache fetch_many checks each URL against).  Returns the jobs
 * to fetch; items refused here are reported as failed.
 */
static struct fetch_job *
prepare(struct run *r, struct fetch_robots *robots, size_t *njobs)
{
	struct fetch_job *jobs = xcalloc(r->n ? r->n : 1, sizeof(*jobs));
	size_t i;

	*njobs = 0;
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		struct error err = { 0 };

		it->dir = pipeline_url_dir(it->norm);
		it->fo = r->fo;
		it->fo.origin = it->origin;
		if (sync_url(r, it->norm, it->dir, &it->latest, &err) < 0) {
			report(r, it->source, it->url, "failed", NULL, &err);
			store_version_release(&it->latest);
			r->done++;
			continue;
		}
		/* Validators only for a copy we have, never a guess. */
		it->fo.if_none_match = it->latest.etag;
		it->fo.if_modified_since = it->latest.last_modified;
		jobs[*njobs].url = it->url;
		jobs[*njobs].opts = &it->fo;
		jobs[*njobs].user = it;
		jobs[*njobs].robots = robots;
		(*njobs)++;
	}
	return jobs;
}

/*
 * Stamps the archives this run wrote.  One the TSA did not stamp stays
 * stored as it is and counts as a failure, so the run says so and a later
 * `clipseal stamp -s` can catch up.
 */
static void
stamp_archived(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		struct sign_stamp st;
		struct error err = { 0 }, inner;
		char *name;

		if (it->archived == NULL)
			continue;
		name = store_archive_name(r->store, it->archived);
		if (cmd_stamp_archive(r->store, it->archived, r->tsa, &r->fo,
		    &st, &err) == 0) {
			r->stamped_at = st.gen_time;
			report(r, it->source, it->url, "archived", name, NULL);
			r->stamped_at = NULL;
			free(name);
			continue;
		}
		inner = err;
		error_set(&err, inner.rc, "%s: stored without a time stamp: "
		    "%s", it->url, inner.msg);
		report(r, it->source, it->url, "archived", name, &err);
		free(name);
	}
}

/*
 * Opens and locks the store, reads the sources (or, with urls_given, takes
 * them as URLs a person typed), fetches and seals; returns the exit code.
 */
static int
run_store(struct run *r, const char *storepath, const char *const *srcs,
    int nsrcs, bool urls_given)
{
	struct fetch_job *jobs = NULL;
	struct fetch_robots *robots = NULL;
	struct error err = { 0 };
	size_t i, njobs = 0, skipped;
	int k, rc = RC_SYS;

	r->store = store_open(storepath, STORE_WRITE, &err);
	if (r->store == NULL) {
		rc = cmd_report(&err);
		goto out;
	}
	/* Under the lock, the one place besides reindex that rebuilds. */
	if (store_index_fresh(r->store) && cmd_store_fill(r->store, NULL, NULL,
	    &skipped, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	for (k = 0; k < nsrcs; k++) {
		const char *src = srcs[k];
		char *norm;

		if (urls_given) {
			norm = url_normalize(src, &err);
			if (norm == NULL) {
				report(r, NULL, src, "failed", NULL, &err);
				continue;
			}
			add_item(r, src, norm, NULL, FETCH_ORIGIN_PERSON);
			free(norm);
		} else if (strncmp(src, "feed:", 5) == 0) {
			read_feed(r, src + 5);
		} else if (read_list(r, src, &err) < 0) {
			rc = cmd_report(&err);
			goto out;
		}
	}
	r->total = r->n;
	if (r->robots)
		robots = fetch_robots_new();
	jobs = prepare(r, robots, &njobs);
	if (fetch_many(jobs, njobs, r->jobs, r->per_host, r->host_delay,
	    fetched, r, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	stamp_archived(r);
	/* One URL typed by a person keeps its own exit code. */
	if (urls_given && nsrcs == 1)
		rc = r->failed ? r->last_rc : RC_OK;
	else
		rc = r->failed ? RC_NO : RC_OK;
	if (r->index_err.rc == RC_OK)
		store_sync(r->store, &r->index_err);
	if (r->index_err.rc != RC_OK) {
		cmd_report(&r->index_err);
		rc = RC_SYS;
	}
out:
	free(jobs);
	fetch_robots_free(robots);
	for (i = 0; i < r->n; i++) {
		free(r->items[i].url);
		free(r->items[i].norm);
		free(r->items[i].source);
		free(r->items[i].dir);
		free(r->items[i].archived);
		store_version_release(&r->items[i].latest);
	}
	free(r->items);
	free(r->seen);
	store_close(r->store);
	return rc;
}

int
cmd_run_urls(const char *storepath, const struct sign_key *key,
    const struct fetch_opts *fo, const struct cmd_tsa *tsa, char **urls,
    int n, bool no_raw, bool quiet)
{
	struct run r = { 0 };

	r.key = key;
	r.tsa = tsa;
	r.fo = *fo;
	r.no_raw = no_raw;
	r.paths = !quiet;
	r.jobs = 4;
	r.per_host = 2;
	r.host_delay = 250;
	return run_store(&r, storepath, (const char *const *)urls, n, true);
}

#define SHARDS_MAX 1000

/* "K/N", 1 <= K <= N <= SHARDS_MAX, into *k (0-based) and *n. */
static int
parse_shard(const char *arg, unsigned *k, unsigned *n)
{
	char *end;
	long a, b;

	if (*arg < '1' || *arg > '9')
		return -1;
	a = strtol(arg, &end, 10);
	if (*end != '/' || end[1] < '1' || end[1] > '9')
		return -1;
	b = strtol(end + 1, &end, 10);
	if (*end != '\0' || a > b || b > SHARDS_MAX)
		return -1;
	*k = (unsigned)(a - 1);
	*n = (unsigned)b;
	return 0;
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "store", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", no_argument, NULL, 'J' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-raw", no_argument, NULL, 'R' },
		{ "per-host", required_argument, NULL, 'P' },
		{ "host-delay", required_argument, NULL, 'D' },
		{ "ignore-robots", no_argument, NULL, 'I' },
		{ "shard", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		CMD_TSA_OPTIONS,
		CMD_FETCH_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct run r = { 0 };
	struct cmd_tsa t = { 0 };
	struct error err = { 0 };
	struct sign_key *key = NULL;
	const char *keyarg = NULL, *tsa = NULL, *tsa_ca = NULL;
	char *storepath = NULL;
	bool quiet = false;
	long jobs = 4;
	int c, rc = RC_SYS;

	fetch_opts_init(&r.fo);
	r.robots = true;
	r.per_host = 2;
	r.host_delay = 250;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":k:s:j:vqh", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'k': keyarg = optarg; break;
		case 's':
			free(storepath);
			storepath = xstrdup(optarg);
			break;
		case 'j': {
			char *end;

			jobs = strtol(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || jobs < 1 ||
			    jobs > 64) {
				free(storepath);
				return cmd_usage_error("--jobs: '%s' is not a "
				    "number from 1 to 64", optarg);
			}
			break;
		}
		case 'J': r.json = true; break;
		case 'v': r.verbose = true; break;
		case 'q': quiet = true; break;
		case 'R': r.no_raw = true; break;
		case 'I': r.robots = false; break;
		case 'S':
			if (parse_shard(optarg, &r.shard, &r.shards) < 0) {
				free(storepath);
				return cmd_usage_error("--shard: '%s' is not "
				    "K/N with 1 <= K <= N <= %d", optarg,
				    SHARDS_MAX);
			}
			break;
		case 'P':
		case 'D': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*optarg < '0' || *optarg > '9' || *end ||
			    (c == 'P' && (v < 1 || v > 64)) ||
			    (c == 'D' && v > 60000)) {
				free(storepath);
				return cmd_usage_error("--%s: '%s' is not a "
				    "number %s", c == 'P' ? "per-host" :
				    "host-delay", optarg, c == 'P' ?
				    "from 1 to 64" : "of milliseconds up to "
				    "60000");
			}
			if (c == 'P')
				r.per_host = (int)v;
			else
				r.host_delay = v;
			break;
		}
		case 'h':
			fputs(usage, stdout);
			free(storepath);
			return RC_OK;
		default:
			if (cmd_tsa_option(c, optarg, &tsa, &tsa_ca))
				break;
			rc = cmd_fetch_option(c, optarg, &r.fo, &err);
			if (rc <= 0) {
				free(storepath);
				return rc < 0 ? cmd_usage_error("%s", err.msg) :
				    cmd_bad_option(c, argv);
			}
		}
	}
	r.jobs = (int)jobs;
	if (optind == argc) {
		free(storepath);
		return cmd_usage_error("run: no SOURCE given");
	}
	if (storepath == NULL)
		storepath = store_default_path(&err);
	if (storepath == NULL)
		return cmd_report(&err);
	key = cmd_load_seckey(keyarg, &err);
	if (key == NULL || cmd_tsa_init(&t, tsa, tsa_ca, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	r.key = key;
	r.tsa = &t;
	r.progress = !quiet && !r.json && isatty(STDERR_FILENO);
	rc = run_store(&r, storepath, (const char *const *)argv + optind,
	    argc - optind, false);
out:
	cmd_tsa_release(&t);
	sign_key_free(key);
	free(storepath);
	return rc;
}
