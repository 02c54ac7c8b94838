/*
 * S3's listing and error documents: the bytes an S3 endpoint answers, a
 * server the store trusts no more than a page.  Every input is read as a
 * ListObjectsV2 page and as an Error document.  Seeds are
 * tests/fixtures/fuzz/s3xml/ (a page, a last page, an error and a page
 * with a DTD's entities).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "s3xml.h"

/* What s3xml promises of the Code and Message it gives. */
static int
one_line(const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return n > 0 && n <= 200;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *p = (const char *)data;
	struct s3xml_list l;
	struct error err = { 0 };
	char *code, *message;
	size_t i;

	if (s3xml_list_parse(p, len, &l, &err) == 0) {
		fuzz_expect(l.n <= S3XML_MAX_KEYS, "at most S3XML_MAX_KEYS");
		for (i = 0; i < l.n; i++)
			fuzz_expect(l.keys[i] && *l.keys[i],
			    "no key is empty");
		fuzz_expect(!l.truncated || (l.next_token && *l.next_token),
		    "a truncated page names the next");
	} else {
		fuzz_expect(err.rc == RC_SYS, "a bad listing is RC_SYS");
		fuzz_expect(strchr(err.msg, '\n') == NULL,
		    "a bad listing's error is one line");
		fuzz_expect(l.n == 0 && l.keys == NULL &&
		    l.next_token == NULL, "a failed parse leaves it empty");
	}
	s3xml_list_release(&l);

	if (s3xml_error_parse(p, len, &code, &message) == 0) {
		fuzz_expect(code && one_line(code), "Code is one line");
		fuzz_expect(!message || one_line(message),
		    "Message is one line");
	} else {
		fuzz_expect(!code && !message, "no document, no fields");
	}
	free(code);
	free(message);
	return 0;
}
