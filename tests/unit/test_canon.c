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

static void
test_word_changes(void **state)
{
	static const struct {
		const char *old, *new;
		long added, removed;
	} cases[] = {
		{ "", "Title\n\nOne two two.\n", 4, 0 },
		{ "Title\n\nOne two two.\n", "", 0, 4 },
		{ "a b c\n", "c b a\n", 0, 0 },
		/* Multisets: a word twice where it was once is one added. */
		{ "a b\n", "a a b\n", 1, 0 },
		{ "a a b\n", "b\n", 0, 2 },
		{ "The cat sat.\n", "The dog sat.\n", 1, 1 },
		/* Only space and LF separate words, as in the canonical form. */
		{ "a\xc2\xa0" "b\n", "a b\n", 2, 1 },
	};
	size_t i;
	long added, removed;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		canon_word_changes(cases[i].old, cases[i].new, &added,
		    &removed);
		assert_int_equal(added, cases[i].added);
		assert_int_equal(removed, cases[i].removed);
	}
}

static void
test_words_many(void **state)
{
	struct buf a = BUF_INIT(BUF_MAX_DEFAULT), b = BUF_INIT(BUF_MAX_DEFAULT);
	struct canon_words wa, wb;
	long added, removed;
	int i;

	/* Enough words that the sort by hash, then bytes, is exercised. */
	(void)state;
	for (i = 0; i < 5000; i++) {
		assert_int_equal(buf_addf(&a, "w%d ", i % 1000), 0);
		assert_int_equal(buf_addf(&b, "w%d ", (i + 1) % 1001), 0);
	}
	canon_words_init(&wa, a.data);
	canon_words_init(&wb, b.data);
	assert_int_equal(wa.n, 5000);
	assert_int_equal(wb.n, 5000);
	/*
	 * a holds w0..w999 five times each; b holds w1..w996 five times,
	 * w0 and w997..w1000 four times: w1000 four added, w0 and
	 * w997..w999 one removed each.
	 */
	canon_words_diff(&wa, &wb, &added, &removed);
	assert_int_equal(added, 4);
	assert_int_equal(removed, 4);
	canon_words_release(&wa);
	canon_words_release(&wb);
	canon_word_changes(a.data, a.data, &added, &removed);
	assert_int_equal(added, 0);
	assert_int_equal(removed, 0);
	buf_release(&a);
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
		cmocka_unit_test(test_word_changes),
		cmocka_unit_test(test_words_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
