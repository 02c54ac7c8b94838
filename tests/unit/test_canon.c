#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "canon.h"

static char *
canon_of(const char *title, const char *const *texts, size_t n, int *rc)
{
	static struct block blocks[16];
	static char out[4096];
	struct article a = { 0 };
	struct buf b = BUF_INIT(1 << 20);
	struct error err = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		blocks[i].kind = BLOCK_PARA;
		blocks[i].text = (char *)texts[i];
	}
	a.title = (char *)title;
	a.blocks = blocks;
	a.nblocks = n;
	*rc = canon_text(&a, &b, &err);
	snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
	if (*rc < 0)
		snprintf(out, sizeof(out), "%d:%s", err.rc, err.msg);
	buf_release(&b);
	return out;
}

static void
test_blocks_and_folding(void **state)
{
	const char *texts[] = {
		"  First\tparagraph,\r\n  folded. ",
		"",
		"   \n ",
		"Second\xc2\xa0paragraph\xc2\xa0\xc2\xa0with nbsp",
	};
	int rc;

	(void)state;
	assert_string_equal(canon_of(" A  title\n", texts, 4, &rc),
	    "A title\n\nFirst paragraph, folded.\n\n"
	    "Second paragraph with nbsp\n");
	assert_int_equal(rc, 0);
}

static void
test_title_repeated_as_first_block_is_dropped(void **state)
{
	const char *texts[] = { "The  Title", "Body text." };
	int rc;

	(void)state;
	assert_string_equal(canon_of("The Title", texts, 2, &rc),
	    "The Title\n\nBody text.\n");
}

static void
test_repeat_later_is_kept(void **state)
{
	const char *texts[] = { "Body.", "The Title" };
	int rc;

	(void)state;
	assert_string_equal(canon_of("The Title", texts, 2, &rc),
	    "The Title\n\nBody.\n\nThe Title\n");
}

static void
test_no_title(void **state)
{
	const char *texts[] = { "Only body." };
	int rc;

	(void)state;
	assert_string_equal(canon_of(NULL, texts, 1, &rc), "Only body.\n");
	assert_int_equal(rc, 0);
}

static void
test_title_only_is_no_article(void **state)
{
	const char *texts[] = { " ", "Title" };
	int rc;

	(void)state;
	assert_string_equal(canon_of("Title", texts, 2, &rc),
	    "4:no article text found");
	assert_int_equal(rc, -1);
}

static void
test_utf8_other_spaces_are_kept(void **state)
{
	/* U+2003 EM SPACE is not in the folded set: the contract is exact. */
	const char *texts[] = { "a\xe2\x80\x83" "b" };
	int rc;

	(void)state;
	assert_string_equal(canon_of(NULL, texts, 1, &rc),
	    "a\xe2\x80\x83" "b\n");
}

static void
test_cap(void **state)
{
	struct block blk = { BLOCK_PARA, 0, (char *)"0123456789" };
	struct article a = { 0 };
	struct buf b = BUF_INIT(8);
	struct error err = { 0 };

	(void)state;
	a.blocks = &blk;
	a.nblocks = 1;
	assert_int_equal(canon_text(&a, &b, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_and_folding),
		cmocka_unit_test(test_title_repeated_as_first_block_is_dropped),
		cmocka_unit_test(test_repeat_later_is_kept),
		cmocka_unit_test(test_no_title),
		cmocka_unit_test(test_title_only_is_no_article),
		cmocka_unit_test(test_utf8_other_spaces_are_kept),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
