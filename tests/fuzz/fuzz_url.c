/*
 * The URL normaliser and the names derived from it.  A normalised URL must
 * normalise to itself: the store finds an article's directory by it.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "url.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct error err = { 0 };
	char *url = fuzz_cstr(data, len);
	char *norm, *again, *label, *slug;

	free(url_host_label(url));
	norm = url_normalize(url, &err);
	fuzz_expect(norm != NULL || err.rc == RC_USAGE, "a bad URL is 2");
	if (norm) {
		again = url_normalize(norm, &err);
		fuzz_expect(again && strcmp(again, norm) == 0,
		    "url_normalize is idempotent");
		label = url_host_label(norm);
		fuzz_expect(label[0] && strspn(label,
		    "abcdefghijklmnopqrstuvwxyz0123456789.-_") ==
		    strlen(label), "a host label is [a-z0-9._-]+");
		slug = url_slug(norm);
		fuzz_expect(strlen(slug) <= 64 + 1 + 12 && strspn(slug,
		    "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(slug),
		    "a slug is [a-z0-9-], at most 77 characters");
		free(slug);
		free(label);
		free(again);
	}
	free(norm);
	free(url);
	return 0;
}
