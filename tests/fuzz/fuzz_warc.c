/*
 * The WARC reader: run extracts a stored capture.warc again when its
 * archive was sealed by other rules, and an archive is untrusted input.
 * The seeds are the capture of a sealed fixture page (scripts/fuzz.sh).
 */
#include <string.h>

#include "fuzz.h"
#include "warc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct warc_capture c = { 0 };
	struct error err = { 0 };
	const char *p = (const char *)data;
	int rc;

	rc = warc_read(p, len, &c, &err);
	fuzz_expect(rc == 0 || err.rc == RC_NO, "a bad WARC is 1");
	if (rc == 0)
		fuzz_expect(c.payload >= p && c.payload_len <= len &&
		    (size_t)(c.payload - p) <= len - c.payload_len,
		    "the payload lies inside the bytes read");
	else
		fuzz_expect(c.payload == NULL && c.target_uri == NULL,
		    "a failed read leaves the capture empty");
	warc_capture_release(&c);
	return 0;
}
