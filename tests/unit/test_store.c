#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "store.h"

static char dir[] = "/tmp/clipseal-store.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static int
count_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || strlen(e->d_name) > 2)
			n++;
	closedir(d);
	return n;
}

static void
test_write_replace_and_mode(void **state)
{
	struct error err = { 0 };
	struct buf b = BUF_INIT(100);
	struct stat st;
	char path[256];

	(void)state;
	assert_int_equal(store_write(dir, "f", "one", 3, 0644, &err), 0);
	assert_int_equal(store_write(dir, "f", "two!", 4, 0600, &err), 0);
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_int_equal(buf_read_file(&b, path, &err), 0);
	assert_string_equal(b.data, "two!");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(count_entries(dir), 1);
	buf_release(&b);
}

static void
test_failure_leaves_nothing(void **state)
{
	struct error err = { 0 };
	char sub[256], want[300];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/missing", dir);
	assert_int_equal(store_write(sub, "f", "x", 1, 0644, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	snprintf(want, sizeof(want), "%s: No such file or directory", sub);
	assert_string_equal(err.msg, want);
}

static void
test_mkdirs(void **state)
{
	struct error err = { 0 };
	struct stat st;
	char sub[256];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/a/b/c", dir);
	assert_int_equal(store_mkdirs(sub, 0700, &err), 0);
	assert_int_equal(store_mkdirs(sub, 0700, &err), 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_replace_and_mode),
		cmocka_unit_test(test_failure_leaves_nothing),
		cmocka_unit_test(test_mkdirs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
