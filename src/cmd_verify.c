#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "digest.h"
#include "meta.h"
#include "pipeline.h"
#include "seal.h"
#include "sign.h"
#include "xalloc.h"

static const char usage[] =
	"usage: clipseal verify [-p PUBKEY] [-q] ARCHIVE...\n"
	"\n"
	"Checks offline that each archive is exactly what was sealed, and by the\n"
	"key PUBKEY: the signature of SHA256, every member's hash, no member\n"
	"added or missing, and metadata matching the signed trusted comment.\n"
	"Prints one line per archive, OK or FAILED with the reason; exits 0 only\n"
	"if all are valid.\n"
	"\n"
	"  -p, --pubkey PUBKEY  trusted public key (default: the default secret\n"
	"                       key's path with .pub added)\n"
	"  -q, --quiet          print only failures\n"
	"  -h, --help           show this help\n";

static const char *const required[] = {
	"article.txt", "article.html", "metadata.json", "removed.json"
};

/* Checks SHA256 (already authenticated) against the members. */
static int
check_manifest(const struct seal_set *s, const struct seal_member *sums,
    struct error *err)
{
	char hex[DIGEST_HEX_LEN + 1], *prev = NULL;
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
		if (strncmp(close, ") = ", 4) != 0 || close == p + 8)
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
		    strcmp(name, "SHA256.sig") == 0) {
			error_set(err, RC_NO, "member '%s' is listed in SHA256 "
			    "but absent", name);
			goto out;
		}
		digest_sha256_hex(m->data, m->len, hex);
		if (memcmp(hex, close + 4, DIGEST_HEX_LEN) != 0) {
			error_set(err, RC_NO, "member '%s' does not match its "
			    "hash in SHA256", name);
			goto out;
		}
		seen[m - s->members] = true;
		p = nl + 1;
	}
	/* Every member but the manifest and its signature is listed. */
	for (i = 0; i < s->n; i++) {
		const char *n = s->members[i].name;

		if (!seen[i] && strcmp(n, "SHA256") && strcmp(n, "SHA256.sig")) {
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

static int
verify_one(const char *path, const struct sign_key *pk,
    struct meta_summary *ms, struct error *err)
{
	struct seal_set s = { 0 };
	const struct seal_member *sums, *sig, *meta, *text;
	char hex[DIGEST_HEX_LEN + 1], id[SIGN_ID_HEX_LEN + 1];
	char *comment = NULL, *expect = NULL;
	int rc = -1;

	if (seal_read(path, &s, err) < 0)
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
	meta = seal_find(&s, "metadata.json");
	text = seal_find(&s, "article.txt");
	if (meta_parse(meta->data, meta->len, ms, err) < 0)
		goto out;
	expect = xasprintf(PIPELINE_TRUSTED_PREFIX " url=%s fetched=%s "
	    "content=sha256:%s", ms->final_url, ms->fetched_at,
	    ms->content_sha256);
	if (strcmp(comment, expect) != 0) {
		error_set(err, RC_NO, "trusted comment does not match "
		    "metadata.json");
		goto out;
	}
	digest_sha256_hex(text->data, text->len, hex);
	if (strcmp(hex, ms->content_sha256) != 0) {
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
	rc = 0;
out:
	free(expect);
	free(comment);
	seal_release(&s);
	return rc;
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

static struct sign_key *
load_pubkey(const char *arg, struct error *err)
{
	struct sign_key *k;
	char *sec, *pub;

	if (arg)
		return sign_load_public(arg, err);
	sec = sign_default_path(err);
	if (sec == NULL)
		return NULL;
	pub = xasprintf("%s.pub", sec);
	k = sign_load_public(pub, err);
	free(pub);
	free(sec);
	return k;
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = { 0 };
	struct sign_key *pk;
	char id[SIGN_ID_HEX_LEN + 1];
	const char *pubarg = NULL;
	bool quiet = false;
	int c, i, bad = 0, io = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': pubarg = optarg; break;
		case 'q': quiet = true; break;
		case 'h':
			fputs(usage, stdout);
			return RC_OK;
		default:
			return cmd_bad_option(c, argv);
		}
	}
	if (optind == argc)
		return cmd_usage_error("verify: no ARCHIVE given");
	pk = load_pubkey(pubarg, &err);
	if (pk == NULL)
		return cmd_report(&err);
	sign_key_id_hex(pk, id);
	for (i = optind; i < argc; i++) {
		struct meta_summary ms = { 0 };

		error_clear(&err);
		if (verify_one(argv[i], pk, &ms, &err) == 0) {
			if (!quiet) {
				printf("%s: OK key=%s fetched=%s url=", argv[i],
				    id, ms.fetched_at);
				print_field(ms.final_url);
				fputs(" title=\"", stdout);
				print_field(ms.title);
				puts("\"");
			}
		} else if (err.rc == RC_NO) {
			printf("%s: FAILED: %s\n", argv[i],
			    reason(err.msg, argv[i]));
			bad++;
		} else {
			cmd_report(&err);
			io++;
		}
		meta_summary_release(&ms);
	}
	sign_key_free(pk);
	return io ? RC_SYS : bad ? RC_NO : RC_OK;
}
