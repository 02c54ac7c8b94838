#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "digest.h"

static void
test_add_and_cap(void **state)
{
	struct buf b = BUF_INIT(10);

	(void)state;
	assert_int_equal(buf_addstr(&b, "hello"), 0);
	assert_int_equal(buf_addf(&b, "%d", 1234), 0);
	assert_string_equal(b.data, "hello1234");
	assert_int_equal(buf_addch(&b, '!'), 0);
	assert_int_equal(b.len, 10);
	assert_false(b.failed);
	assert_int_equal(buf_addch(&b, '!'), -1);
	assert_int_equal(buf_addf(&b, "%s", "z"), -1);
	assert_string_equal(b.data, "hello1234!");
	buf_release(&b);
	assert_null(b.data);
	buf_release(&b);
	buf_release(NULL);
}

/* A failed add is sticky: what would fit afterwards is refused too. */
static void
test_sticky_failure(void **state)
{
	struct buf b = BUF_INIT(8);
	struct error err = { 0 };
	size_t len;
	char *p;

	(void)state;
	assert_int_equal(buf_addstr(&b, "abc"), 0);
	assert_int_equal(buf_check(&b, RC_SYS, "the thing", &err), 0);
	assert_int_equal(buf_addstr(&b, "defghij"), -1);
	assert_true(b.failed);
	assert_int_equal(buf_addch(&b, 'd'), -1);
	assert_int_equal(buf_add(&b, "", 0), -1);
	assert_int_equal(buf_addf(&b, "%d", 1), -1);
	assert_string_equal(b.data, "abc");
	assert_int_equal(buf_check(&b, RC_CONTENT, "the thing", &err), -1);
	assert_int_equal(err.rc, RC_CONTENT);
	assert_string_equal(err.msg, "the thing larger than 8 bytes");
	/* A reset starts over; so do detach and release. */
	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "xyz"), 0);
	assert_int_equal(buf_check(&b, RC_SYS, "the thing", &err), 0);
	assert_int_equal(buf_addstr(&b, "123456"), -1);
	p = buf_detach(&b, &len);
	assert_string_equal(p, "xyz");
	free(p);
	assert_false(b.failed);
	assert_int_equal(buf_addstr(&b, "12345678"), 0);
	assert_int_equal(buf_addch(&b, '9'), -1);
	buf_release(&b);
	assert_false(b.failed);
	assert_int_equal(buf_addch(&b, '9'), 0);
	buf_release(&b);
}

static void
test_detach(void **state)
{
	struct buf b = BUF_INIT(100);
	size_t len;
	char *p;

	(void)state;
	p = buf_detach(&b, &len);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_add(&b, "a\0b", 3);
	p = buf_detach(&b, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(p, "a\0b", 4);
	assert_null(b.data);
	free(p);
}

static void
test_read_file(void **state)
{
	char path[] = "/tmp/clipseal-buf.XXXXXX";
	struct buf b = BUF_INIT(5), big = BUF_INIT(100);
	struct error err = { 0 };
	char want[128];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "123456", 6), 6);
	close(fd);
	assert_int_equal(buf_read_file(&b, path, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	snprintf(want, sizeof(want), "%s: larger than 5 bytes", path);
	assert_string_equal(err.msg, want);
	assert_int_equal(buf_read_file(&big, path, &err), 0);
	assert_string_equal(big.data, "123456");
	unlink(path);
	buf_release(&b);
	buf_reset(&big);
	assert_int_equal(buf_read_file(&big, path, &err), -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	assert_string_equal(err.msg, want);
	buf_release(&big);
}

static void
test_sha256(void **state)
{
	char hex[DIGEST_HEX_LEN + 1];

	(void)state;
	digest_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_cap),
		cmocka_unit_test(test_sticky_failure),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_sha256),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
