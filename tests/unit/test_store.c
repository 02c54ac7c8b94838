#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "store.h"
#include "xalloc.h"

static char dir[] = "/tmp/clipseal-store.XXXXXX";

/*
 * Linked with -Wl,--wrap=rename: store.c's renames come here, and fail with
 * rename_errno when it is set, after the temporary file has been written.
 */
int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);
static int rename_errno;

int
__wrap_rename(const char *from, const char *to)
{
	if (rename_errno) {
		errno = rename_errno;
		return -1;
	}
	return __real_rename(from, to);
}

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
test_missing_dir_fails(void **state)
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

/* The temporary file is complete when rename fails: it must go, the old stay. */
static void
test_failed_rename_leaves_old_file(void **state)
{
	static const int errs[] = { EXDEV, EIO, ENOSPC };
	struct error err = { 0 };
	struct buf b = BUF_INIT(100);
	char sub[256], path[300], want[400];
	size_t i;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/rename", dir);
	assert_int_equal(file_mkdirs(sub, 0755, &err), 0);
	assert_int_equal(store_write(sub, "f", "old", 3, 0644, &err), 0);
	snprintf(path, sizeof(path), "%s/f", sub);
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		rename_errno = errs[i];
		assert_int_equal(store_write(sub, "f", "new!", 4, 0644, &err),
		    -1);
		rename_errno = 0;
		assert_int_equal(err.rc, RC_SYS);
		snprintf(want, sizeof(want), "%s: %s", path, strerror(errs[i]));
		assert_string_equal(err.msg, want);
		assert_int_equal(count_entries(sub), 1);
		assert_int_equal(buf_read_file(&b, path, &err), 0);
		assert_string_equal(b.data, "old");
		buf_release(&b);
	}
}

static void
test_mkdirs(void **state)
{
	struct error err = { 0 };
	struct stat st;
	char sub[256];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/a/b/c", dir);
	assert_int_equal(file_mkdirs(sub, 0700, &err), 0);
	assert_int_equal(file_mkdirs(sub, 0700, &err), 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
}

static struct store_version
version(const char *url, const char *at, const char *hash)
{
	struct store_version v = { 0 };

	v.norm_url = (char *)url;
	v.url = (char *)url;
	v.fetched_at = (char *)at;
	v.content_sha256 = (char *)hash;
	v.manifest_sha256 = (char *)hash;
	v.archive = xasprintf("h/%s-%s.tar.gz", at, hash);
	v.title = NULL;
	return v;
}

static int
collect(const struct store_version *v, void *arg)
{
	struct buf *b = arg;

	buf_addf(b, "%s %s %s\n", v->norm_url, v->fetched_at,
	    v->content_sha256);
	return 0;
}

static void
test_index(void **state)
{
	struct error err = { 0 };
	struct store_version latest, v;
	struct buf b = BUF_INIT(4096);
	struct store *s;
	char sdir[256];

	(void)state;
	snprintf(sdir, sizeof(sdir), "%s/store", dir);
	s = store_open(sdir, STORE_WRITE, &err);
	assert_non_null(s);
	assert_true(store_index_fresh(s));
	assert_int_equal(store_latest(s, "http://a/", &latest, &err), 0);
	v = version("http://a/", "2026-01-02T00:00:00Z", "bb");
	assert_int_equal(store_add(s, &v, &err), 0);
	free(v.archive);
	v = version("http://a/", "2026-01-01T00:00:00Z", "aa");
	assert_int_equal(store_add(s, &v, &err), 0);
	assert_int_equal(store_add(s, &v, &err), 0);	/* idempotent */
	free(v.archive);
	v = version("http://b/", "2026-01-03T00:00:00Z", "cc");
	assert_int_equal(store_add(s, &v, &err), 0);
	free(v.archive);
	assert_int_equal(store_latest(s, "http://a/", &latest, &err), 1);
	assert_string_equal(latest.content_sha256, "bb");
	store_version_release(&latest);
	assert_int_equal(store_each(s, NULL, collect, &b, &err), 0);
	assert_string_equal(b.data,
	    "http://a/ 2026-01-01T00:00:00Z aa\n"
	    "http://a/ 2026-01-02T00:00:00Z bb\n"
	    "http://b/ 2026-01-03T00:00:00Z cc\n");
	assert_int_equal(store_note_check(s, "http://a/", "http://a/", 0,
	    "unchanged", &err), 0);
	assert_int_equal(store_forget(s, "http://a/", &err), 0);
	assert_int_equal(store_latest(s, "http://a/", &latest, &err), 0);
	store_close(s);
	buf_release(&b);

	/* Reopened: not fresh any more, and the data is still there. */
	s = store_open(sdir, STORE_READ, &err);
	assert_non_null(s);
	assert_false(store_index_fresh(s));
	assert_int_equal(store_latest(s, "http://b/", &latest, &err), 1);
	store_version_release(&latest);
	assert_int_equal(store_clear(s, &err), 0);
	store_close(s);
}

static void
test_lock(void **state)
{
	struct error err = { 0 };
	struct store *a, *b;
	char sdir[256], want[400];

	(void)state;
	snprintf(sdir, sizeof(sdir), "%s/locked", dir);
	a = store_open(sdir, STORE_WRITE, &err);
	assert_non_null(a);
	b = store_open(sdir, STORE_WRITE, &err);
	assert_null(b);
	assert_int_equal(err.rc, RC_LOCK);
	snprintf(want, sizeof(want), "%s: another clipseal run holds the lock",
	    sdir);
	assert_string_equal(err.msg, want);
	/* Readers do not need the lock. */
	b = store_open(sdir, STORE_READ, &err);
	assert_non_null(b);
	store_close(b);
	store_close(a);
	b = store_open(sdir, STORE_WRITE, &err);
	assert_non_null(b);
	store_close(b);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static const char not_sqlite[] = "this is not an SQLite database, but it is "
    "long enough to be read as a header and rejected by it";

static void
test_corrupt_index_is_set_aside(void **state)
{
	struct error err = { 0 };
	struct store *s;
	char sdir[256], path[300];

	(void)state;
	snprintf(sdir, sizeof(sdir), "%s/corrupt", dir);
	assert_int_equal(file_mkdirs(sdir, 0755, &err), 0);
	snprintf(path, sizeof(path), "%s/index.sqlite", sdir);
	write_file(path, not_sqlite);
	s = store_open(sdir, STORE_WRITE, &err);
	assert_non_null(s);
	assert_true(store_index_fresh(s));
	store_close(s);
	snprintf(path, sizeof(path), "%s/index.sqlite.corrupt", sdir);
	assert_int_equal(access(path, F_OK), 0);
}

/* A reader gets an empty index in memory and leaves the bad one alone. */
static void
test_reader_repairs_nothing(void **state)
{
	struct error err = { 0 };
	struct store_version v, latest;
	struct buf b = BUF_INIT(4096);
	struct store *s;
	char sdir[256], path[300], want[400];

	(void)state;
	snprintf(sdir, sizeof(sdir), "%s/reader", dir);
	assert_null(store_open(sdir, STORE_READ, &err));
	assert_int_equal(err.rc, RC_SYS);
	snprintf(want, sizeof(want), "%s: no store here", sdir);
	assert_string_equal(err.msg, want);
	assert_int_not_equal(access(sdir, F_OK), 0);

	assert_int_equal(file_mkdirs(sdir, 0755, &err), 0);
	assert_null(store_open(sdir, STORE_READ, &err));
	snprintf(path, sizeof(path), "%s/index.sqlite", sdir);
	write_file(path, not_sqlite);
	s = store_open(sdir, STORE_READ, &err);
	assert_non_null(s);
	assert_true(store_index_fresh(s));
	v = version("http://a/", "2026-01-01T00:00:00Z", "aa");
	assert_int_equal(store_add(s, &v, &err), 0);
	free(v.archive);
	assert_int_equal(store_latest(s, "http://a/", &latest, &err), 1);
	store_version_release(&latest);
	store_close(s);
	assert_int_equal(buf_read_file(&b, path, &err), 0);
	assert_string_equal(b.data, not_sqlite);
	assert_int_equal(count_entries(sdir), 1);
	buf_release(&b);
}

static void
test_archives_listing(void **state)
{
	struct error err = { 0 };
	struct store *s;
	char sdir[256], path[400];
	char **paths;
	size_t n, i;

	(void)state;
	snprintf(sdir, sizeof(sdir), "%s/list", dir);
	assert_int_equal(file_mkdirs(sdir, 0755, &err), 0);
	snprintf(path, sizeof(path), "%s/lock", sdir);
	write_file(path, "");
	snprintf(path, sizeof(path), "%s/h/u", sdir);
	assert_int_equal(file_mkdirs(path, 0755, &err), 0);
	snprintf(path, sizeof(path), "%s/h/u", sdir);
	assert_int_equal(store_write(path, "b.tar.gz", "x", 1, 0644, &err), 0);
	assert_int_equal(store_write(path, "a.tar.gz", "x", 1, 0644, &err), 0);
	assert_int_equal(store_write(path, ".a.tar.gz.tmp.1", "x", 1, 0644,
	    &err), 0);
	assert_int_equal(store_write(path, "notes.txt", "x", 1, 0644, &err), 0);
	snprintf(path, sizeof(path), "%s/h/u/.a.tar.gz.tmp.1", sdir);
	for (i = 0; i < 2; i++) {
		s = store_open(sdir, i ? STORE_WRITE : STORE_READ, &err);
		assert_non_null(s);
		assert_int_equal(store_archives(s, NULL, &paths, &n, &err), 0);
		assert_int_equal(n, 2);
		assert_string_equal(paths[0], "h/u/a.tar.gz");
		assert_string_equal(paths[1], "h/u/b.tar.gz");
		store_free_list(paths, n);
		/* A writer removes a stale temporary file; a reader may not. */
		assert_int_equal(access(path, F_OK) == 0, i == 0);
		if (i == 0)
			store_close(s);
	}
	assert_int_equal(store_archives(s, "h/none", &paths, &n, &err), 0);
	assert_int_equal(n, 0);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_replace_and_mode),
		cmocka_unit_test(test_missing_dir_fails),
		cmocka_unit_test(test_failed_rename_leaves_old_file),
		cmocka_unit_test(test_mkdirs),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_corrupt_index_is_set_aside),
		cmocka_unit_test(test_reader_repairs_nothing),
		cmocka_unit_test(test_archives_listing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
