#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "digest.h"
#include "meta.h"
#include "pipeline.h"
#include "seal.h"
#include "sign.h"
#include "store.h"
#include "url.h"
#include "xalloc.h"

static const char usage[] =
	"usage: clipseal verify [-p PUBKEY] [-q] [-j N] [--tsa-ca FILE]\n"
	"                       [--require-stamp] ARCHIVE...\n"
	"       clipseal verify [-p PUBKEY] [-q] [--tsa-ca FILE] [--require-stamp]\n"
	"                       [-s STORE] --chain URL\n"
	"\n"
	"Checks offline that each archive is exactly what was sealed, and by the\n"
	"key PUBKEY: the signature of SHA256, every member's hash, no member\n"
	"added or missing, and metadata matching the signed trusted comment.\n"
	"Prints one line per archive, OK or FAILED with the reason; exits 0 only\n"
	"if all are valid.  With --chain, verifies every stored version of URL\n"
	"and that each names the one before it, so none was removed or replaced.\n"
	"A time stamp (SHA256.sig.tsr) must cover SHA256.sig and be no older than\n"
	"the capture; with --tsa-ca its TSA must chain to a certificate in FILE.\n"
	"\n"
	"  -p, --pubkey PUBKEY  trusted public key (default: the default secret\n"
	"                       key's path with .pub added)\n"
	"  -q, --quiet          print only failures\n"
	"  -j, --jobs N         verify with N processes (default: one per CPU);\n"
	"                       the lines come out in ARCHIVE order all the same\n"
	"      --chain URL      verify the version chain of URL in the store\n"
	"  -s, --store STORE    the store for --chain (default as for run)\n"
	"      --tsa-ca FILE    trusted TSA certificates (PEM) for time stamps\n"
	"      --require-stamp  an archive without a time stamp fails\n"
	"  -h, --help           show this help\n";

static const char *const required[] = {
	"article.txt", "article.html", "metadata.json", "removed.json"
};

/*
 * The members of format 1, and those whose bytes verify needs (the rest are
 * only hashed as they stream by): an archive is refused at the first header
 * outside this list, so a hostile one cannot make verify inflate more than
 * these members at 64 MiB each, nor hold more than the few kept.
 */
static const char *const format_members[] = {
	"article.txt", "article.html", "metadata.json", "removed.json",
	"capture.warc", "SHA256", "SHA256.sig", CMD_STAMP_MEMBER, NULL
};
static const char *const kept_members[] = {
	"metadata.json", "SHA256", "SHA256.sig", CMD_STAMP_MEMBER, NULL
};

/* Checks SHA256 (already authenticated) against the members. */
static int
check_manifest(const struct seal_set *s, const struct seal_member *sums,
    struct error *err)
{
	char *prev = NULL;
	const char *p = sums->data, *end = sums->data + sums->len;
	const struct seal_member *m;
	bool *seen = xcalloc(s->n, sizeof(*seen));
	size_t i, line = 0;
	int rc = -1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *close;
		char *name = NULL;

		line++;
		if (nl == NULL || (size_t)(nl - p) < 8 + 4 + DIGEST_HEX_LEN ||
		    strncmp(p, "SHA256 (", 8) != 0)
			goto malformed;
		close = nl - DIGEST_HEX_LEN - 4;
		if (strncmp(close, ") = ", 4) != 0 || close == p + 8 ||
		    strspn(close + 4, "0123456789abcdef") != DIGEST_HEX_LEN)
			goto malformed;
		name = xstrndup(p + 8, (size_t)(close - (p + 8)));
		if (strlen(name) != (size_t)(close - (p + 8))) {
			free(name);
			goto malformed;
		}
		if (prev && strcmp(prev, name) >= 0) {
			error_set(err, RC_NO, "SHA256 is not sorted or lists "
			    "'%s' twice", name);
			free(name);
			goto out;
		}
		free(prev);
		prev = name;
		m = seal_find(s, name);
		if (m == NULL || strcmp(name, "SHA256") == 0 ||
		    strcmp(name, "SHA256.sig") == 0 ||
		    strcmp(name, CMD_STAMP_MEMBER) == 0) {
			error_set(err, RC_NO, "member '%s' is listed in SHA256 "
			    "but absent", name);
			goto out;
		}
		if (memcmp(s->sha256[m - s->members], close + 4,
		    DIGEST_HEX_LEN) != 0) {
			error_set(err, RC_NO, "member '%s' does not match its "
			    "hash in SHA256", name);
			goto out;
		}
		seen[m - s->members] = true;
		p = nl + 1;
	}
	/* Every member but the manifest, its signature and stamp is listed. */
	for (i = 0; i < s->n; i++) {
		const char *n = s->members[i].name;

		if (!seen[i] && strcmp(n, "SHA256") &&
		    strcmp(n, "SHA256.sig") && strcmp(n, CMD_STAMP_MEMBER)) {
			error_set(err, RC_NO, "member '%s' is not listed in "
			    "SHA256", n);
			goto out;
		}
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (seal_find(s, required[i]) == NULL) {
			error_set(err, RC_NO, "required member '%s' is absent",
			    required[i]);
			goto out;
		}
	}
	rc = 0;
	goto out;
malformed:
	error_set(err, RC_NO, "SHA256 line %zu is malformed", line);
out:
	free(seen);
	free(prev);
	return rc;
}

/*
 * The stamp is over the signature, which covers the manifest, which covers
 * every other member: checked last, it dates all of them.
 */
static int
check_stamp(const struct seal_set *s, const struct seal_member *sig,
    const char *fetched_at, const struct sign_trust *ca, bool require,
    struct sign_stamp *st, struct error *err)
{
	const struct seal_member *tsr = seal_find(s, CMD_STAMP_MEMBER);
	struct error inner;
	time_t fetched;

	if (tsr == NULL)
		return require ? error_set(err, RC_NO, "no time stamp") : 0;
	if (meta_time_parse(fetched_at, &fetched) < 0)
		return error_set(err, RC_NO, "metadata.json: fetched_at is not "
		    "RFC 3339 UTC");
	if (sign_stamp_check(tsr->data, tsr->len, sig->data, sig->len,
	    &fetched, ca, st, err) < 0) {
		inner = *err;
		return error_set(err, inner.rc, "%s: %s", CMD_STAMP_MEMBER,
		    inner.msg);
	}
	return 0;
}

int
cmd_verify_stamped(const char *path, const struct sign_key *pk,
    const struct sign_trust *ca, bool require, struct meta_summary *ms,
    char manifest[DIGEST_HEX_LEN + 1], struct sign_stamp *st,
    struct error *err)
{
	static const struct seal_read_opts only = {
		format_members, kept_members
	};
	struct seal_set s = { 0 };
	const struct seal_member *sums, *sig, *meta, *text;
	char id[SIGN_ID_HEX_LEN + 1];
	char *comment = NULL, *expect = NULL;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	if (seal_read_only(path, &only, &s, err) < 0)
		goto out;
	sums = seal_find(&s, "SHA256");
	sig = seal_find(&s, "SHA256.sig");
	if (sums == NULL || sig == NULL) {
		error_set(err, RC_NO, "%s is missing",
		    sums ? "SHA256.sig" : "SHA256");
		goto out;
	}
	if (sign_verify(pk, sums->data, sums->len, sig->data, sig->len,
	    &comment, err) < 0)
		goto out;
	if (check_manifest(&s, sums, err) < 0)
		goto out;
	digest_sha256_hex(sums->data, sums->len, manifest);
	meta = seal_find(&s, "metadata.json");
	text = seal_find(&s, "article.txt");
	if (meta_parse(meta->data, meta->len, ms, err) < 0)
		goto out;
	expect = pipeline_trusted_comment(ms->final_url, ms->fetched_at,
	    ms->content_sha256, ms->previous);
	if (strcmp(comment, expect) != 0) {
		error_set(err, RC_NO, "trusted comment does not match "
		    "metadata.json");
		goto out;
	}
	if (strcmp(s.sha256[text - s.members], ms->content_sha256) != 0) {
		error_set(err, RC_NO, "article.txt does not match "
		    "content_sha256 in metadata.json");
		goto out;
	}
	sign_key_id_hex(pk, id);
	if (strcmp(id, ms->key_id) != 0) {
		error_set(err, RC_NO, "key_id in metadata.json is not the "
		    "signing key's");
		goto out;
	}
	if (check_stamp(&s, sig, ms->fetched_at, ca, require, st, err) < 0)
		goto out;
	rc = 0;
out:
	free(expect);
	free(comment);
	seal_release(&s);
	return rc;
}

int
cmd_verify_archive(const char *path, const struct sign_key *pk,
    struct meta_summary *ms, char manifest[DIGEST_HEX_LEN + 1],
    struct error *err)
{
	struct sign_stamp st;

	return cmd_verify_stamped(path, pk, NULL, false, ms, manifest, &st,
	    err);
}

/* Prints s with control characters shown as spaces: one line per archive. */
static void
print_field(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

/* Drops a leading "<path>: " from a module's message. */
static const char *
reason(const char *msg, const char *path)
{
	size_t n = strlen(path);

	if (strncmp(msg, path, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
		return msg + n + 2;
	return msg;
}

/* What verify was asked about time stamps. */
struct stamp_opts {
	const struct sign_trust *ca;	/* --tsa-ca */
	bool require;			/* --require-stamp */
};

/*
 * The stamp's part of an OK line: shown whenever the archive has one, and
 * as "none" too when the command asked about stamps.
 */
static void
print_stamp(const struct sign_stamp *st, const struct stamp_opts *so)
{
	if (st->gen_time[0] == '\0') {
		if (so->ca || so->require)
			fputs(" stamped=none", stdout);
	} else if (so->ca) {
		printf(" stamped=%s tsa=\"%s\"", st->gen_time, st->tsa);
	} else {
		printf(" stamped=%s (TSA not checked)", st->gen_time);
	}
}

/* The exit code of two results together: RC_SYS outranks a "no". */
static int
worse(int rc, int one)
{
	if (one == RC_OK || rc == RC_SYS)
		return rc;
	return one == RC_NO ? RC_NO : RC_SYS;
}

/* Verifies one archive and prints its line; returns its exit code. */
static int
verify_print(const struct store_file *f, const struct sign_key *pk,
    const struct stamp_opts *so, bool quiet, struct meta_summary *ms,
    char manifest[DIGEST_HEX_LEN + 1])
{
	struct error err = { 0 };
	struct sign_stamp st;
	char id[SIGN_ID_HEX_LEN + 1];
	const char *path = f->name;

	if (cmd_verify_stamped(f->path, pk, so->ca, so->require, ms, manifest,
	    &st, &err) == 0) {
		if (!quiet) {
			sign_key_id_hex(pk, id);
			printf("%s: OK key=%s fetched=%s", path, id,
			    ms->fetched_at);
			print_stamp(&st, so);
			fputs(" url=", stdout);
			print_field(ms->final_url);
			fputs(" title=\"", stdout);
			print_field(ms->title);
			puts("\"");
		}
		return RC_OK;
	}
	pipeline_name_error(f, &err);
	if (err.rc == RC_NO) {
		printf("%s: FAILED: %s\n", path, reason(err.msg, path));
		return RC_NO;
	}
	return cmd_report(&err);
}

/* A version of the chain, as its archive's signed metadata says. */
struct link {
	char *name;			/* as the store names the archive */
	char *fetched_at;
	char *previous;			/* NULL for the first version */
	char manifest[DIGEST_HEX_LEN + 1];
};

static int
compare_fetched(const void *x, const void *y)
{
	const struct link *a = x, *b = y;
	int c = strcmp(a->fetched_at, b->fetched_at);

	return c ? c : strcmp(a->name, b->name);
}

static bool
links_to(const struct link *l, const char *prev)
{
	return l->previous ? strcmp(l->previous, prev) == 0 : *prev == '\0';
}

/*
 * Verifies archives paths[0..n), one line each; the exit code of them all:
 * a file that cannot be read outranks a "no".
 */
static int
verify_list(char **paths, int n, const struct sign_key *pk,
    const struct stamp_opts *so, bool quiet)
{
	char manifest[DIGEST_HEX_LEN + 1];
	int i, rc = RC_OK;

	for (i = 0; i < n; i++) {
		struct meta_summary ms = { 0 };
		struct store_file f = { paths[i], paths[i], false };
		int one = verify_print(&f, pk, so, quiet, &ms, manifest);

		rc = worse(rc, one);
		meta_summary_release(&ms);
	}
	return rc;
}

/* Copies what a worker wrote to its file onto out, then closes the file. */
static void
drain(FILE *f, FILE *out)
{
	char buf[8192];
	size_t got;

	rewind(f);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, got, out);
	fclose(f);
}

/*
 * verify_list over `jobs` processes, each a contiguous slice of paths into
 * its own unlinked files for stdout and stderr, copied out in slice order
 * once all are done: the output is the one process's, byte for byte.
 * Verifying is CPU alone (inflate, SHA-256, two Ed25519 checks an archive),
 * so a store's worth of archives goes as fast as the machine's cores.
 */
static int
verify_jobs(char **paths, int n, int jobs, const struct sign_key *pk,
    const struct stamp_opts *so, bool quiet)
{
	struct worker {
		pid_t pid;
		FILE *out, *err;
	} *w;
	int i, rc = RC_OK;

	/* A worker's fork costs about what a few archives do. */
	if (jobs > n / 8)
		jobs = n / 8;
	if (jobs < 2)
		return verify_list(paths, n, pk, so, quiet);
	w = xcalloc((size_t)jobs, sizeof(*w));
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < jobs; i++) {
		int from = (int)((long)n * i / jobs);
		int to = (int)((long)n * (i + 1) / jobs);

		w[i].pid = -1;
		w[i].out = tmpfile();
		w[i].err = tmpfile();
		if (w[i].out && w[i].err)
			w[i].pid = fork();
		if (w[i].pid == 0) {
			int one;

			if (dup2(fileno(w[i].out), STDOUT_FILENO) < 0 ||
			    dup2(fileno(w[i].err), STDERR_FILENO) < 0)
				_exit(RC_SYS);
			one = verify_list(paths + from, to - from, pk, so,
			    quiet);
			fflush(stdout);
			fflush(stderr);
			_exit(ferror(stdout) || ferror(stderr) ? RC_SYS : one);
		}
		if (w[i].pid < 0) {
			/* No file or no process: this slice here, in turn. */
			if (w[i].out)
				fclose(w[i].out);
			if (w[i].err)
				fclose(w[i].err);
			w[i].out = w[i].err = NULL;
		}
	}
	for (i = 0; i < jobs; i++) {
		int from = (int)((long)n * i / jobs);
		int to = (int)((long)n * (i + 1) / jobs);
		int status, one;

		if (w[i].pid < 0) {
			rc = worse(rc, verify_list(paths + from, to - from, pk,
			    so, quiet));
			continue;
		}
		while (waitpid(w[i].pid, &status, 0) < 0 && errno == EINTR)
			;
		one = WIFEXITED(status) ? WEXITSTATUS(status) : RC_SYS;
		drain(w[i].out, stdout);
		drain(w[i].err, stderr);
		if (!WIFEXITED(status))
			fprintf(stderr, "clipseal: verify: a worker died of "
			    "signal %d; archives from %s not all checked\n",
			    WTERMSIG(status), paths[from]);
		rc = worse(rc, one);
	}
	free(w);
	return rc;
}

/*
 * Puts the valid versions l[0..n) in the chain's order and says where it
 * breaks: oldest first by their signed fetched_at, not by file name (a
 * second's resolution, and a host that changed sorts apart), and among
 * versions of the same second the one whose previous is the version
 * before.  Returns RC_OK, or RC_NO after a line for each break.
 */
static int
check_links(struct link *l, size_t n)
{
	char prev[DIGEST_HEX_LEN + 1] = "";
	size_t i, j;
	int rc = RC_OK;

	qsort(l, n, sizeof(*l), compare_fetched);
	for (i = 0; i < n; i++) {
		for (j = i; j < n && !strcmp(l[j].fetched_at, l[i].fetched_at);
		    j++) {
			if (links_to(&l[j], prev)) {
				struct link t = l[i];

				l[i] = l[j];
				l[j] = t;
				break;
			}
		}
		if (!links_to(&l[i], prev)) {
			printf("%s: FAILED: chain broken: previous is %s, the "
			    "version before is %s\n", l[i].name,
			    l[i].previous ? l[i].previous : "none",
			    *prev ? prev : "none");
			rc = RC_NO;
		}
		memcpy(prev, l[i].manifest, sizeof(prev));
	}
	return rc;
}

/*
 * Verifies every archive of url in the store, and that each one's
 * "previous" is the manifest hash of the version before it: a removed,
 * replaced or added version breaks the chain.
 */
static int
verify_chain(const char *url, const char *storearg, const struct sign_key *pk,
    const struct stamp_opts *so, bool quiet)
{
	struct error err = { 0 };
	struct store *s = NULL;
	struct link *links = NULL;
	char **paths = NULL, *norm = NULL, *dir = NULL, *spath = NULL;
	size_t n = 0, nl = 0, i;
	int rc = RC_OK, one;

	norm = url_normalize(url, &err);
	spath = norm ? (storearg ? xstrdup(storearg) :
	    store_default_path(&err)) : NULL;
	/* Only the URL's archives are listed: its rows are all it needs. */
	s = spath ? store_open_url(spath, norm, &err) : NULL;
	if (s == NULL) {
		rc = cmd_report(&err);
		goto out;
	}
	dir = pipeline_url_dir(norm);
	if (store_archives(s, dir, &paths, &n, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	if (n == 0) {
		error_set(&err, RC_USAGE, "%s: no version in the store", url);
		rc = cmd_report(&err);
		goto out;
	}
	links = xcalloc(n, sizeof(*links));
	for (i = 0; i < n; i++) {
		struct meta_summary ms = { 0 };
		struct store_file f;
		struct link *l = &links[nl];

		if (store_file_get(s, paths[i], &f, &err) < 0) {
			store_file_release(&f);
			rc = cmd_report(&err);
			continue;
		}
		one = verify_print(&f, pk, so, quiet, &ms, l->manifest);
		if (one == RC_OK) {
			/* Taken over: released with the links. */
			l->name = xstrdup(f.name);
			l->fetched_at = ms.fetched_at;
			l->previous = ms.previous;
			ms.fetched_at = ms.previous = NULL;
			nl++;
		} else if (rc != RC_SYS) {
			rc = one;
		}
		meta_summary_release(&ms);
		store_file_release(&f);
	}
	one = check_links(links, nl);
	if (one != RC_OK && rc == RC_OK)
		rc = one;
	printf("%s: chain %s (%zu versions)\n", url, rc == RC_OK ? "OK" :
	    "FAILED", n);
out:
	for (i = 0; i < nl; i++) {
		free(links[i].name);
		free(links[i].fetched_at);
		free(links[i].previous);
	}
	free(links);
	store_free_list(paths, n);
	store_close(s);
	free(dir);
	free(spath);
	free(norm);
	return rc;
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "chain", required_argument, NULL, 'C' },
		{ "store", required_argument, NULL, 's' },
		{ "tsa-ca", required_argument, NULL, 'T' },
		{ "require-stamp", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = { 0 };
	struct sign_key *pk;
	struct sign_trust *ca = NULL;
	struct stamp_opts so = { NULL, false };
	const char *pubarg = NULL, *chain = NULL, *storearg = NULL;
	const char *ca_file = NULL;
	bool quiet = false;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	char *end;
	int c, rc = RC_OK;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:qj:s:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'p': pubarg = optarg; break;
		case 'q': quiet = true; break;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || jobs < 1 ||
			    jobs > 1024)
				return cmd_usage_error("verify: -j: not a "
				    "number of jobs from 1 to 1024: '%s'",
				    optarg);
			break;
		case 'C': chain = optarg; break;
		case 's': storearg = optarg; break;
		case 'T': ca_file = optarg; break;
		case 'R': so.require = true; break;
		case 'h':
			fputs(usage, stdout);
			return RC_OK;
		default:
			return cmd_bad_option(c, argv);
		}
	}
	if (chain && optind != argc)
		return cmd_usage_error("verify: --chain takes no ARCHIVE");
	if (!chain && optind == argc)
		return cmd_usage_error("verify: no ARCHIVE given");
	pk = cmd_load_pubkey(pubarg, &err);
	if (pk == NULL)
		return cmd_report(&err);
	if (ca_file) {
		ca = sign_trust_load(ca_file, &err);
		if (ca == NULL) {
			sign_key_free(pk);
			return cmd_report(&err);
		}
		so.ca = ca;
	}
	if (chain) {
		rc = verify_chain(chain, storearg, pk, &so, quiet);
	} else {
		rc = verify_jobs(argv + optind, argc - optind,
		    jobs > 0 ? (int)jobs : 1, pk, &so, quiet);
	}
	sign_trust_free(ca);
	sign_key_free(pk);
	return rc;
}
