#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "meta.h"

/*
 * fuzz_extract: a <meta charset> naming "utf-8" and then junk bytes gave
 * an article whose charset was not UTF-8, and jansson refused the whole
 * document, so `extract -f json` and archive failed as "larger than".
 */
static void
test_meta_invalid_utf8_field(void **state)
{
	char charset[] = "utf-8\xb4\xd1\x83";
	char title[] = "Title";
	struct article a = { 0 };
	struct buf out = BUF_INIT(1 << 20);
	struct error err = { 0 };

	(void)state;
	a.title = title;
	a.charset = charset;
	assert_int_equal(meta_article(&a, NULL, "Title\n", &out, &err), 0);
	assert_non_null(strstr(out.data, "\"charset\": \"utf-8???\""));
	buf_release(&out);
}

static void
test_meta_parse_roundtrip(void **state)
{
	static const char json[] = "{\"format\": 1, \"requested_url\": \"a\","
	    " \"final_url\": \"b\", \"fetched_at\": \"c\", \"content_sha256\":"
	    " \"d\", \"key_id\": \"e\", \"title\": \"\\u00e9\"}";
	struct meta_summary ms = { 0 };
	struct error err = { 0 };

	(void)state;
	assert_int_equal(meta_parse(json, sizeof(json) - 1, &ms, &err), 0);
	assert_string_equal(ms.title, "\xc3\xa9");
	assert_null(ms.previous);
	meta_summary_release(&ms);
	assert_int_equal(meta_parse("[]", 2, &ms, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	assert_string_equal(err.msg, "metadata.json: not a JSON object");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta_invalid_utf8_field),
		cmocka_unit_test(test_meta_parse_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
