/*
 * Archive reading and verification: the bytes of a .tar.gz -> verify's
 * verdict, against the test public key.  An input that does not start
 * with the gzip magic is taken as a bare tar and gzipped here first, so
 * the mutations reach libarchive's tar reader and seal's member checks
 * instead of dying in the deflate stream's checksum.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cmd.h"
#include "fuzz.h"
#include "meta.h"
#include "seal.h"
#include "xalloc.h"

static unsigned char *
gzip(const uint8_t *data, size_t len, size_t *out_len)
{
	z_stream z;
	unsigned char *out;
	size_t cap;

	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper, as seal_write makes. */
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		fuzz_die("deflateInit2");
	cap = deflateBound(&z, (uLong)len);
	out = xmalloc(cap);
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		fuzz_die("deflate");
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct sign_key *pk = fuzz_public_key();
	struct meta_summary ms = { 0 };
	struct error err = { 0 };
	char manifest[DIGEST_HEX_LEN + 1];
	unsigned char *gz = NULL;
	const char *path;
	int rc;

	if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		path = fuzz_file(data, len, 0644);
	} else {
		size_t gz_len;

		gz = gzip(data, len, &gz_len);
		path = fuzz_file(gz, gz_len, 0644);
	}
	rc = cmd_verify_archive(path, pk, &ms, manifest, &err);
	fuzz_expect(rc == 0 || err.rc == RC_NO, "verify answers 0 or 1");
	if (rc == 0)
		fuzz_expect(ms.final_url && ms.content_sha256 && ms.key_id,
		    "a valid archive has its summary");
	meta_summary_release(&ms);
	free(gz);
	return 0;
}
