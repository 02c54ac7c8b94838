/*
 * The signature, public key and secret key parsers.  Every input is tried
 * as all three: as SHA256.sig over a fixed manifest (the seeds hold one the
 * test key really made, so mutations start from a valid signature), as a
 * public key file and as a 0600 secret key file.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sign.h"

/* The message the seed signature signs; see scripts/fuzz.sh. */
static const char message[] = "SHA256 (article.txt) = 0\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct error err = { 0 };
	struct sign_key *k;
	char *comment = NULL;
	int rc;

	rc = sign_verify(fuzz_public_key(), message, sizeof(message) - 1,
	    (const char *)data, len, &comment, &err);
	fuzz_expect(rc == 0 ? comment != NULL : err.rc == RC_NO &&
	    comment == NULL, "sign_verify answers 0 with a comment, or 1");
	free(comment);

	k = sign_load_public(fuzz_file(data, len, 0644), &err);
	fuzz_expect(k != NULL || err.rc == RC_KEY, "a bad public key is 6");
	sign_key_free(k);

	k = sign_load_secret(fuzz_file(data, len, 0600), &err);
	fuzz_expect(k != NULL || err.rc == RC_KEY, "a bad secret key is 6");
	sign_key_free(k);
	return 0;
}
