#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "canon.h"
#include "cmd.h"
#include "meta.h"
#include "pipeline.h"
#include "seal.h"
#include "sign.h"
#include "store.h"
#include "url.h"
#include "xalloc.h"

/*
 * The commands that read the store, log and diff, and the one that rebuilds
 * its index, reindex.  They share filling an index from the archives and
 * reading an archive's article.txt.
 */

static const char log_usage[] =
	"usage: clipseal log [-s STORE] [--json] [URL]\n"
	"\n"
	"Lists every stored version of URL (or of every URL), oldest first: capture\n"
	"time, content hash, words added and removed since the version before,\n"
	"the time stamp's time if it has one, archive path and title.\n"
	"\n"
	"  -s, --store STORE  the store (default as for run)\n"
	"      --json         one JSON object per version\n"
	"  -h, --help         show this help\n";

static const char diff_usage[] =
	"usage: clipseal diff [-s STORE] URL\n"
	"       clipseal diff ARCHIVE ARCHIVE\n"
	"\n"
	"Shows what changed in the article between two versions, paragraph by\n"
	"paragraph: the newest two stored versions of URL, or two archives.\n"
	"\n"
	"  -s, --store STORE  the store (default as for run)\n"
	"  -h, --help         show this help\n";

static const char reindex_usage[] =
	"usage: clipseal reindex [-s STORE]\n"
	"\n"
	"Rebuilds the store's index from its archives alone.\n"
	"\n"
	"  -s, --store STORE  the store (default as for run)\n"
	"  -q, --quiet        print no summary\n"
	"  -h, --help         show this help\n";

/* A version read from its archive, with its article.txt. */
struct read_version {
	struct store_version v;
	struct buf text;	/* empty when the archive has none */
};

static int
compare_read(const void *x, const void *y)
{
	const struct store_version *a = &((const struct read_version *)x)->v;
	const struct store_version *b = &((const struct read_version *)y)->v;
	int c = strcmp(a->norm_url, b->norm_url);

	if (c == 0)
		c = strcmp(a->fetched_at, b->fetched_at);
	return c ? c : strcmp(a->archive, b->archive);
}

/* Length of the directory part of an archive path ("" for none). */
static size_t
dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/* The end of the run of paths[i..n) in the directory of paths[i]. */
static size_t
dir_end(char **paths, size_t n, size_t i)
{
	size_t len = dir_len(paths[i]), j;

	for (j = i + 1; j < n && dir_len(paths[j]) == len &&
	    strncmp(paths[i], paths[j], len) == 0; j++)
		;
	return j;
}

static void stamp_time(const struct seal_set *set,
    char out[SIGN_TIME_LEN + 1]);

/*
 * Reads the archive rel into rv: its version, what the index keeps of the
 * file (size and mtime, taken first, so a rewrite while it is read shows
 * as a change later), its article.txt and its time stamp's time.
 */
static int
read_one(struct store *s, const char *rel, struct read_version *rv,
    struct error *err)
{
	struct store_version file = { 0 };
	char stamped[SIGN_TIME_LEN + 1];
	struct seal_set set = { 0 };
	const struct seal_member *m;
	int rc = -1;

	buf_init(&rv->text, BUF_MAX_DEFAULT);
	store_file_stat(s, rel, &file);
	if (pipeline_read_version(s, rel, &rv->v, &set, err) < 0)
		goto out;
	rv->v.file_size = file.file_size;
	rv->v.file_mtime = file.file_mtime;
	m = seal_find(&set, "article.txt");
	if (m && buf_add(&rv->text, m->data, m->len) < 0) {
		error_set(err, RC_SYS, "%s: article.txt too large",
		    rv->v.archive);
		store_version_release(&rv->v);
		goto out;
	}
	stamp_time(&set, stamped);
	rv->v.stamped_at = *stamped ? xstrdup(stamped) : NULL;
	rc = 0;
out:
	if (rc < 0)
		buf_release(&rv->text);
	seal_release(&set);
	return rc;
}

/*
 * Reads the archives of one directory, paths[0..n), into out (from *nout
 * on) in the index's order, each with its word changes since the one
 * before; their texts are dropped once counted.
 */
static int
read_dir(struct store *s, char **paths, size_t n, size_t *skipped,
    struct store_version *out, size_t *nout, struct error *err)
{
	struct read_version *rv = xcalloc(n, sizeof(*rv));
	struct canon_words prev = { NULL, NULL, 0 }, cur;
	size_t i, got = 0;
	int rc = -1;

	for (i = 0; i < n; i++) {
		struct error aerr = { 0 };

		if (read_one(s, paths[i], &rv[got], &aerr) == 0) {
			got++;
			continue;
		}
		if (skipped == NULL) {
			*err = aerr;
			goto out;
		}
		fprintf(stderr, "clipseal: %s\n", aerr.msg);
		(*skipped)++;
	}
	qsort(rv, got, sizeof(*rv), compare_read);
	for (i = 0; i < got; i++) {
		bool known = rv[i].text.len > 0;

		/* A URL's first version: every word is added. */
		if (i > 0 && strcmp(rv[i - 1].v.norm_url, rv[i].v.norm_url)) {
			canon_words_release(&prev);
			canon_words_init(&prev, NULL);
		} else if (i > 0 && rv[i - 1].text.len == 0) {
			known = false;
		}
		canon_words_init(&cur, rv[i].text.data);
		if (known)
			canon_words_diff(&prev, &cur, &rv[i].v.words_added,
			    &rv[i].v.words_removed);
		canon_words_release(&prev);
		prev = cur;
	}
	for (i = 0; i < got; i++) {
		out[(*nout)++] = rv[i].v;
		memset(&rv[i].v, 0, sizeof(rv[i].v));
	}
	rc = 0;
out:
	canon_words_release(&prev);
	for (i = 0; i < got; i++) {
		store_version_release(&rv[i].v);
		buf_release(&rv[i].text);
	}
	free(rv);
	return rc;
}

long
cmd_store_read_archives(struct store *s, char **paths, size_t n,
    size_t *skipped, struct store_version **out, struct error *err)
{
	struct store_version *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t i, j, nv = 0;

	for (i = 0; i < n; i = j) {
		j = dir_end(paths, n, i);
		if (read_dir(s, paths + i, j - i, skipped, v, &nv, err) < 0) {
			cmd_store_versions_free(v, nv);
			*out = NULL;
			return -1;
		}
	}
	*out = v;
	return (long)nv;
}

void
cmd_store_versions_free(struct store_version *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_version_release(&v[i]);
	free(v);
}

long
cmd_store_fill(struct store *s, const char *norm_url, const char *dir,
    size_t *skipped, struct error *err)
{
	struct store_version *v = NULL;
	char **paths = NULL;
	size_t n = 0, nv, i, j, k;
	long added = 0;

	*skipped = 0;
	if (store_stage_begin(s, err) < 0 ||
	    store_archives(s, dir, &paths, &n, err) < 0)
		return -1;
	v = xcalloc(n ? n : 1, sizeof(*v));
	/*
	 * Read a directory, stage it, let it go: the index is locked only
	 * to apply, and memory holds one URL's versions, not the store's.
	 */
	for (i = 0; i < n && added >= 0; i = j) {
		j = dir_end(paths, n, i);
		nv = 0;
		if (read_dir(s, paths + i, j - i, skipped, v, &nv, err) < 0)
			added = -1;
		for (k = 0; k < nv; k++) {
			if (added >= 0 && store_stage(s, &v[k], err) < 0)
				added = -1;
			store_version_release(&v[k]);
		}
		if (added >= 0)
			added += (long)nv;
	}
	if (added >= 0 && store_stage_apply(s, norm_url, err) < 0)
		added = -1;
	free(v);
	store_free_list(paths, n);
	return added;
}

/*
 * Opens the store named by -s or the default to read it, for norm_url (NULL:
 * every URL).  An index that is missing, in a writer's hands or behind the
 * archives is not trusted: the reader's copy in memory is filled from the
 * archives themselves, and nothing on disk changes.
 */
struct store *
cmd_store_read(const char *arg, const char *norm_url, struct error *err)
{
	char *path = arg ? xstrdup(arg) : store_default_path(err);
	char *dir = NULL;
	struct store *s;
	size_t skipped;
	int current = 0;

	if (path == NULL)
		return NULL;
	s = norm_url ? store_open_url(path, norm_url, err) :
	    store_open(path, STORE_READ, err);
	free(path);
	if (s == NULL)
		return NULL;
	dir = norm_url ? pipeline_url_dir(norm_url) : NULL;
	if (!store_index_fresh(s))
		current = store_index_current(s, norm_url, dir, err);
	if (current < 0 || (current == 0 && cmd_store_fill(s, norm_url, dir,
	    &skipped, err) < 0)) {
		store_close(s);
		s = NULL;
	}
	free(dir);
	return s;
}

/*
 * The genTime of the archive's time stamp, "" if it has none and "invalid"
 * if it is not one over SHA256.sig (log only shows; verify judges).
 */
static void
stamp_time(const struct seal_set *set, char out[SIGN_TIME_LEN + 1])
{
	const struct seal_member *tsr = seal_find(set, CMD_STAMP_MEMBER);
	const struct seal_member *sig = seal_find(set, "SHA256.sig");
	struct sign_stamp st;
	struct error err;

	out[0] = '\0';
	if (tsr == NULL)
		return;
	if (sig == NULL || sign_stamp_check(tsr->data, tsr->len, sig->data,
	    sig->len, NULL, NULL, &st, &err) < 0)
		snprintf(out, SIGN_TIME_LEN + 1, "invalid");
	else
		memcpy(out, st.gen_time, SIGN_TIME_LEN + 1);
}

/*
 * Reads the article.txt of the archive in f into out and, if stamped is
 * not NULL, what stamp_time says of its time stamp; errors name f->name.
 */
static int
read_text(const struct store_file *f, struct buf *out, char *stamped,
    struct error *err)
{
	const char *path = f->name;
	/* Only what log and diff show is kept; the rest is only hashed. */
	static const char *const shown[] = {
		"article.txt", "SHA256.sig", CMD_STAMP_MEMBER, NULL
	};
	static const struct seal_read_opts only = { NULL, shown };
	struct seal_set set = { 0 };
	const struct seal_member *m;
	int rc = -1;

	if (seal_read_only(f->path, &only, &set, err) < 0) {
		pipeline_name_error(f, err);
		return -1;
	}
	if (stamped != NULL)
		stamp_time(&set, stamped);
	m = seal_find(&set, "article.txt");
	if (m == NULL)
		error_set(err, RC_NO, "%s: no article.txt", path);
	else if (buf_add(out, m->data, m->len) < 0)
		error_set(err, RC_SYS, "%s: article.txt too large", path);
	else
		rc = 0;
	seal_release(&set);
	return rc;
}

/* The text's blocks: paragraphs separated by one blank line. */
static char **
split_blocks(char *text, size_t *n)
{
	char **v = NULL, *p = text, *sep;
	size_t cap = 0;

	*n = 0;
	while (p && *p) {
		sep = strstr(p, "\n\n");
		if (sep)
			*sep = '\0';
		else if (p[strlen(p) - 1] == '\n')
			p[strlen(p) - 1] = '\0';
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = p;
		p = sep ? sep + 2 : NULL;
	}
	return v;
}

int
cmd_store_word_changes(struct store *s, const char *prev, const char *text,
    long *added, long *removed, struct error *err)
{
	struct buf old = BUF_INIT(BUF_MAX_DEFAULT);
	struct store_file f = { 0 };
	int rc = -1;

	*added = *removed = -1;
	if (prev == NULL || (store_file_get(s, prev, &f, err) == 0 &&
	    read_text(&f, &old, NULL, err) == 0)) {
		canon_word_changes(old.data ? old.data : "", text, added,
		    removed);
		rc = 0;
	}
	store_file_release(&f);
	buf_release(&old);
	return rc;
}

struct log_state {
	struct store *s;
	bool json;
	char *prev_url;
};

static int
log_one(const struct store_version *v, void *arg)
{
	struct log_state *ls = arg;
	struct error err = { 0 };
	char *path = store_archive_name(ls->s, v->archive);
	const char *stamped = v->stamped_at ? v->stamped_at : "";
	bool first = ls->prev_url == NULL || strcmp(ls->prev_url, v->norm_url);
	long added = v->words_added, removed = v->words_removed;

	if (ls->json) {
		struct buf line = BUF_INIT(BUF_MAX_DEFAULT);

		if (meta_log_line(v, path, *stamped && strcmp(stamped,
		    "invalid") ? stamped : NULL, added, removed, &line,
		    &err) == 0)
			fputs(line.data, stdout);
		buf_release(&line);
	} else {
		if (first)
			printf("%s%s\n", ls->prev_url ? "\n" : "", v->url);
		printf("  %s  %.12s  +%ld -%ld  %s%s%s%s  %s\n", v->fetched_at,
		    v->content_sha256, added < 0 ? 0 : added,
		    removed < 0 ? 0 : removed, *stamped ? "stamped=" : "",
		    stamped, *stamped ? "  " : "", path,
		    v->title ? v->title : "");
	}
	free(ls->prev_url);
	ls->prev_url = xstrdup(v->norm_url);
	free(path);
	return 0;
}

int
cmd_log(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct log_state ls = { 0 };
	struct error err = { 0 };
	const char *storearg = NULL;
	char *norm = NULL;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': storearg = optarg; break;
		case 'J': ls.json = true; break;
		case 'h':
			fputs(log_usage, stdout);
			return RC_OK;
		default:
			return cmd_bad_option(c, argv);
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error("log: one URL at most");
	if (optind < argc) {
		norm = url_normalize(argv[optind], &err);
		if (norm == NULL)
			return cmd_report(&err);
	}
	ls.s = cmd_store_read(storearg, norm, &err);
	if (ls.s == NULL) {
		free(norm);
		return cmd_report(&err);
	}
	rc = store_each(ls.s, norm, log_one, &ls, &err) < 0 ?
	    cmd_report(&err) : RC_OK;
	if (rc == RC_OK && norm && ls.prev_url == NULL)
		rc = cmd_usage_error("%s: no version in the store", argv[optind]);
	free(ls.prev_url);
	store_close(ls.s);
	free(norm);
	return rc;
}

/* Prints a paragraph-level diff of two texts (longest common subsequence). */
static void
print_diff(char **a, size_t na, char **b, size_t nb)
{
	size_t i, j, *t = xcalloc((na + 1) * (nb + 1), sizeof(*t));

#define T(x, y) t[(x) * (nb + 1) + (y)]
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			T(i, j) = strcmp(a[i], b[j]) == 0 ? T(i + 1, j + 1) + 1 :
			    T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
	i = j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && strcmp(a[i], b[j]) == 0) {
			i++;
			j++;
		} else if (j < nb && (i == na || T(i, j + 1) >= T(i + 1, j))) {
			printf("@@ paragraph %zu @@\n+ %s\n", j + 1, b[j]);
			j++;
		} else {
			printf("@@ paragraph %zu @@\n- %s\n", j + 1, a[i]);
			i++;
		}
	}
#undef T
	free(t);
}

struct newest_two {
	char *path[2];
};

static int
keep_newest(const struct store_version *v, void *arg)
{
	struct newest_two *nt = arg;

	free(nt->path[0]);
	nt->path[0] = nt->path[1];
	nt->path[1] = xstrdup(v->archive);
	return 0;
}

#define DIFF_MAX_BLOCKS 4000

int
cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf ta = BUF_INIT(BUF_MAX_DEFAULT), tb = BUF_INIT(BUF_MAX_DEFAULT);
	struct newest_two nt = { { NULL, NULL } };
	struct store_file fa = { 0 }, fb = { 0 };
	struct error err = { 0 };
	struct store *s = NULL;
	const char *storearg = NULL, *pa, *pb;
	char *norm = NULL, **ba = NULL, **bb = NULL;
	size_t na, nb;
	int c, rc = RC_SYS;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': storearg = optarg; break;
		case 'h':
			fputs(diff_usage, stdout);
			return RC_OK;
		default:
			return cmd_bad_option(c, argv);
		}
	}
	if (argc - optind == 2) {
		fa.path = xstrdup(argv[optind]);
		fa.name = xstrdup(fa.path);
		fb.path = xstrdup(argv[optind + 1]);
		fb.name = xstrdup(fb.path);
	} else if (argc - optind == 1) {
		norm = url_normalize(argv[optind], &err);
		if (norm == NULL) {
			rc = cmd_report(&err);
			goto out;
		}
		s = cmd_store_read(storearg, norm, &err);
		if (s == NULL || store_each(s, norm, keep_newest, &nt,
		    &err) < 0) {
			rc = cmd_report(&err);
			goto out;
		}
		if (nt.path[0] == NULL) {
			rc = cmd_usage_error("%s: fewer than two versions in the "
			    "store", argv[optind]);
			goto out;
		}
		if (store_file_get(s, nt.path[0], &fa, &err) < 0 ||
		    store_file_get(s, nt.path[1], &fb, &err) < 0) {
			rc = cmd_report(&err);
			goto out;
		}
	} else {
		rc = cmd_usage_error("diff: give a URL or two archives");
		goto out;
	}
	pa = fa.name;
	pb = fb.name;
	if (read_text(&fa, &ta, NULL, &err) < 0 ||
	    read_text(&fb, &tb, NULL, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	ba = split_blocks(ta.data, &na);
	bb = split_blocks(tb.data, &nb);
	if (na > DIFF_MAX_BLOCKS || nb > DIFF_MAX_BLOCKS) {
		error_set(&err, RC_CONTENT, "%s: more than %d paragraphs to "
		    "compare", na > nb ? pa : pb, DIFF_MAX_BLOCKS);
		rc = cmd_report(&err);
		goto out;
	}
	printf("--- %s\n+++ %s\n", pa, pb);
	print_diff(ba, na, bb, nb);
	rc = RC_OK;
out:
	free(ba);
	free(bb);
	buf_release(&ta);
	buf_release(&tb);
	free(nt.path[0]);
	free(nt.path[1]);
	store_file_release(&fa);
	store_file_release(&fb);
	free(norm);
	store_close(s);
	return rc;
}

int
cmd_reindex(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = { 0 };
	const char *storearg = NULL;
	struct store *s;
	char *path;
	bool quiet = false;
	size_t skipped;
	long n;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': storearg = optarg; break;
		case 'q': quiet = true; break;
		case 'h':
			fputs(reindex_usage, stdout);
			return RC_OK;
		default:
			return cmd_bad_option(c, argv);
		}
	}
	if (optind != argc)
		return cmd_usage_error("reindex: unexpected argument '%s'",
		    argv[optind]);
	path = storearg ? xstrdup(storearg) : store_default_path(&err);
	if (path == NULL)
		return cmd_report(&err);
	/* Locked like run, so a rebuild never races a run's writes. */
	s = store_open(path, STORE_WRITE, &err);
	free(path);
	if (s == NULL)
		return cmd_report(&err);
	n = cmd_store_fill(s, NULL, NULL, &skipped, &err);
	if (n >= 0 && store_sync(s, &err) < 0)
		n = -1;
	store_close(s);
	if (n < 0)
		return cmd_report(&err);
	if (!quiet)
		printf("%ld archives indexed, %zu unreadable\n", n, skipped);
	return skipped ? RC_NO : RC_OK;
}
