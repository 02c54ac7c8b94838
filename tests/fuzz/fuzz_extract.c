/*
 * HTML extraction: page bytes -> article, then every output form `clipseal
 * extract` and `archive` make of it.  The last byte of the input picks the
 * options, so the seeds are plain pages: bit 0 a page URL, bits 1-3 the
 * transport charset, bit 4 the owned entry point (archive's page is
 * borrowed, extract's file is handed over).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "canon.h"
#include "extract.h"
#include "fuzz.h"
#include "markdown.h"
#include "meta.h"
#include "seal.h"
#include "xalloc.h"

static const char *const charsets[8] = {
	NULL, NULL, "utf-8", "windows-1252", "shift_jis", "iso-8859-2",
	"utf-16", "x-no-such-charset"
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	unsigned flags = len ? data[len - 1] : 0;
	struct extract_opts eo = {
		flags & 1 ? "https://news.example/2024/05/story.html?id=7" :
		    NULL,
		charsets[(flags >> 1) & 7]
	};
	struct article a = { 0 };
	struct buf text = BUF_INIT(SEAL_MAX_MEMBER);
	struct buf out = BUF_INIT(SEAL_MAX_MEMBER);
	struct error err = { 0 };
	int rc;

	if (flags & 16) {
		char *copy = xmalloc(len ? len : 1);

		memcpy(copy, data, len);
		rc = extract_article_owned(copy, len, &eo, &a, &err);
	} else {
		rc = extract_article((const char *)data, len, &eo, &a, &err);
	}
	fuzz_expect(rc == 0 || err.rc == RC_CONTENT, "extract fails with 4");
	if (rc == 0)
		rc = canon_text(&a, &text, &err);
	fuzz_expect(rc == 0 || err.rc == RC_CONTENT, "canon fails with 4");
	if (rc == 0) {
		fuzz_expect(markdown_render(&a, &out, &err) == 0, "markdown");
		buf_reset(&out);
		fuzz_expect(meta_article(&a, eo.url, text.data, &out,
		    &err) == 0, "json");
		buf_reset(&out);
		fuzz_expect(meta_removed(&a, &out, &err) == 0, "removed.json");
	}
	buf_release(&out);
	buf_release(&text);
	extract_release(&a);
	return 0;
}
