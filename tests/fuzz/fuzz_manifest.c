/*
 * The manifest and metadata parsers behind the signature: verify only
 * reads SHA256 and metadata.json once the signature over SHA256 holds, so
 * this target builds a well-signed archive around the input and verifies
 * it.  The input is SHA256, a NUL, metadata.json, a NUL, article.txt; an
 * empty SHA256 part is replaced by the right manifest of the members, which
 * lets the mutations of metadata.json reach the trusted-comment and
 * content-hash checks.  The trusted comment is made from metadata.json
 * when it parses, as pipeline_write makes it.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "digest.h"
#include "fuzz.h"
#include "meta.h"
#include "pipeline.h"
#include "seal.h"
#include "sign.h"
#include "xalloc.h"

enum { P_SUMS, P_META, P_TEXT, P_COUNT };

/* Splits the input at its first two NULs. */
static void
split(const uint8_t *data, size_t len, struct seal_member part[P_COUNT])
{
	const char *p = (const char *)data, *end = p + len, *nul;
	int i;

	for (i = 0; i < P_COUNT; i++) {
		nul = i < P_COUNT - 1 ? memchr(p, '\0', (size_t)(end - p)) :
		    NULL;
		part[i].data = (char *)p;
		part[i].len = (size_t)((nul ? nul : end) - p);
		p = nul ? nul + 1 : end;
	}
}

static void
add_sum(struct buf *sums, const struct seal_member *m)
{
	char hex[DIGEST_HEX_LEN + 1];

	digest_sha256_hex(m->data, m->len, hex);
	if (buf_addf(sums, "SHA256 (%s) = %s\n", m->name, hex) < 0)
		fuzz_die("manifest");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	/* seal_member's fields are not const; seal_write only reads. */
	static char names[6][16] = {
		"article.txt", "article.html", "metadata.json", "removed.json",
		"SHA256", "SHA256.sig"
	};
	static char html[] = "<!DOCTYPE html><p>x</p>\n";
	static char removed[] = "[]\n";
	struct seal_member part[P_COUNT], m[6];
	struct buf sums = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf sig = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf tar = BUF_INIT(SEAL_MAX_FILE);
	struct meta_summary ms = { 0 };
	struct error err = { 0 };
	char manifest[DIGEST_HEX_LEN + 1];
	char *comment;
	int rc;

	split(data, len, part);
	m[0] = (struct seal_member){ names[0], part[P_TEXT].data,
	    part[P_TEXT].len };
	m[1] = (struct seal_member){ names[1], html, sizeof(html) - 1 };
	m[2] = (struct seal_member){ names[2], part[P_META].data,
	    part[P_META].len };
	m[3] = (struct seal_member){ names[3], removed,
	    sizeof(removed) - 1 };
	if (part[P_SUMS].len) {
		if (buf_add(&sums, part[P_SUMS].data, part[P_SUMS].len) < 0)
			fuzz_die("manifest");
	} else {
		/* In name order, as pipeline_write lists them. */
		add_sum(&sums, &m[1]);
		add_sum(&sums, &m[0]);
		add_sum(&sums, &m[2]);
		add_sum(&sums, &m[3]);
	}
	if (meta_parse(m[2].data, m[2].len, &ms, &err) == 0)
		comment = pipeline_trusted_comment(ms.final_url,
		    ms.fetched_at, ms.content_sha256, ms.previous);
	else
		comment = xstrdup("clipseal 1 fuzz");
	meta_summary_release(&ms);
	/* A comment sign refuses (a line break, too long) cannot match. */
	if (sign_message(fuzz_secret_key(), sums.data, sums.len, comment,
	    &sig, &err) < 0 && (err.rc != RC_USAGE ||
	    sign_message(fuzz_secret_key(), sums.data, sums.len, "fuzz",
	    &sig, &err) < 0))
		fuzz_die(err.msg);
	m[4] = (struct seal_member){ names[4], sums.data, sums.len };
	m[5] = (struct seal_member){ names[5], sig.data, sig.len };
	if (seal_write("fuzz", m, 6, 0, &tar, &err) < 0)
		fuzz_die(err.msg);
	rc = cmd_verify_archive(fuzz_file(tar.data, tar.len, 0644),
	    fuzz_public_key(), &ms, manifest, &err);
	fuzz_expect(rc == 0 || err.rc == RC_NO, "verify answers 0 or 1");
	meta_summary_release(&ms);
	free(comment);
	buf_release(&tar);
	buf_release(&sig);
	buf_release(&sums);
	return 0;
}
