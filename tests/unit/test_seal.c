#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "seal.h"

#define TOP "clip"
#define MTIME ((time_t)1700000000)

static char tmpdir[] = "/tmp/test_seal.XXXXXX";
static char article[3000];
static char exact[512];

/* struct seal_member holds char *, so -Wwrite-strings wants arrays. */
static char n_article[] = "article.html", n_manifest[] = "manifest";
static char n_signature[] = "signature", n_empty[] = "empty";
static char signature[] = "c2lnbmF0dXJl\n";

static struct seal_member sample[] = {
	{ n_article, article, sizeof(article) },
	{ n_manifest, exact, sizeof(exact) },
	{ n_signature, signature, sizeof(signature) - 1 },
	{ n_empty, NULL, 0 },
};

#define NSAMPLE (sizeof(sample) / sizeof(sample[0]))

static const char *
tmp(const char *name)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
	return p;
}

static void
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static void
save(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
load(const char *path, struct buf *b)
{
	struct error err;

	buf_init(b, SEAL_MAX_FILE);
	if (buf_read_file(b, path, &err) < 0)
		fail_msg("%s", err.msg);
}

static void
write_archive(const char *path, const char *top,
    const struct seal_member *m, size_t n)
{
	struct buf out = BUF_INIT(SEAL_MAX_FILE);
	struct error err;

	if (seal_write(top, m, n, MTIME, &out, &err) < 0)
		fail_msg("%s", err.msg);
	save(path, out.data, out.len);
	buf_release(&out);
}

/* The good archive written once by the group setup. */
static const char *
good(void)
{
	return tmp("good.tar.gz");
}

static bool
contains(const char *hay, size_t hay_len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= hay_len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

static void
expect_read_error(const char *path, int rc, const char *reason)
{
	struct seal_set set;
	struct error err;
	char want[ERROR_MSG_LEN];

	error_clear(&err);
	snprintf(want, sizeof(want), "%s: %s", path, reason);
	assert_int_equal(seal_read(path, &set, &err), -1);
	assert_int_equal(err.rc, rc);
	assert_string_equal(err.msg, want);
	assert_null(set.top);
	assert_null(set.members);
	assert_int_equal(set.n, 0);
	seal_release(&set);
}

static void
expect_tampered(const char *kind, const char *arg, const char *reason)
{
	char name[128];
	const char *out;

	snprintf(name, sizeof(name), "%s.tar.gz", kind);
	out = tmp(name);
	run("python3 tests/tamper.py %s '%s' '%s' %s", kind, good(), out,
	    arg ? arg : "");
	expect_read_error(out, RC_NO, reason);
}

static void
read_ok(const char *path, struct seal_set *set)
{
	struct error err;

	if (seal_read(path, set, &err) < 0)
		fail_msg("%s", err.msg);
}

static void
assert_sample(const struct seal_set *set, size_t skip)
{
	size_t i, j = 0;

	for (i = 0; i < NSAMPLE; i++) {
		if (i == skip)
			continue;
		assert_true(j < set->n);
		assert_string_equal(set->members[j].name, sample[i].name);
		assert_int_equal(set->members[j].len, sample[i].len);
		if (sample[i].len)
			assert_memory_equal(set->members[j].data,
			    sample[i].data, sample[i].len);
		j++;
	}
}

static int
group_setup(void **state)
{
	size_t i;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	for (i = 0; i < sizeof(article); i++)
		article[i] = (char)('a' + (i * 7 + i / 13) % 26);
	memset(exact, 'm', sizeof(exact));
	write_archive(good(), TOP, sample, NSAMPLE);
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_round_trip(void **state)
{
	struct seal_set set;

	(void)state;
	read_ok(good(), &set);
	assert_string_equal(set.top, TOP);
	assert_int_equal(set.n, NSAMPLE);
	assert_sample(&set, (size_t)-1);
	assert_ptr_equal(seal_find(&set, "manifest"), &set.members[1]);
	assert_null(seal_find(&set, "missing"));
	assert_null(seal_find(&set, TOP "/manifest"));
	assert_int_equal(set.members[3].len, 0);
	assert_non_null(set.members[3].data);
	seal_release(&set);
	assert_null(set.top);
	assert_int_equal(set.n, 0);
	seal_release(&set);
	seal_release(NULL);
	assert_null(seal_find(NULL, "manifest"));
}

static void
test_deterministic(void **state)
{
	struct buf a = BUF_INIT(SEAL_MAX_FILE), b = BUF_INIT(SEAL_MAX_FILE);
	struct buf c = BUF_INIT(SEAL_MAX_FILE);
	struct error err;
	const unsigned char *g;

	(void)state;
	assert_int_equal(seal_write(TOP, sample, NSAMPLE, MTIME, &a, &err), 0);
	assert_int_equal(seal_write(TOP, sample, NSAMPLE, MTIME, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	g = (const unsigned char *)a.data;
	assert_int_equal(g[0], 0x1f);
	assert_int_equal(g[1], 0x8b);
	assert_int_equal(g[2], 8);
	assert_int_equal(g[3], 0);	/* FLG: no name, comment, extra */
	assert_int_equal(g[4] | g[5] | g[6] | g[7], 0);	/* MTIME */
	assert_int_equal(g[9], 3);	/* OS: Unix */
	/* The member mtime is in the bytes. */
	assert_int_equal(seal_write(TOP, sample, NSAMPLE, MTIME + 1, &c,
	    &err), 0);
	assert_true(c.len != a.len || memcmp(c.data, a.data, a.len) != 0);
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
}

static void
test_tar_layout(void **state)
{
	struct buf tar;
	size_t i, want = 0, off = 0;

	(void)state;
	run("gzip -dc '%s' > '%s'", good(), tmp("good.tar"));
	load(tmp("good.tar"), &tar);
	for (i = 0; i < NSAMPLE; i++)
		want += 512 + (sample[i].len + 511) / 512 * 512;
	want = (want + 1024 + 10239) / 10240 * 10240;
	assert_int_equal(tar.len, want);
	assert_false(contains(tar.data, tar.len, "PaxHeader"));
	for (i = 0; i < NSAMPLE; i++) {
		const char *h = tar.data + off;
		char name[100];

		snprintf(name, sizeof(name), "%s/%s", TOP, sample[i].name);
		assert_string_equal(h, name);
		assert_int_equal(h[156], '0');
		assert_memory_equal(h + 257, "ustar\0" "00", 8);
		assert_int_equal(h[265], '\0');	/* uname */
		assert_int_equal(h[297], '\0');	/* gname */
		off += 512 + (sample[i].len + 511) / 512 * 512;
	}
	for (; off < tar.len; off++)
		assert_int_equal(tar.data[off], '\0');
	buf_release(&tar);
}

static void
test_tar_listing(void **state)
{
	struct buf list;
	char *line, *save_ptr = NULL;
	size_t lines = 0;

	(void)state;
	run("tar tzvf '%s' > '%s'", good(), tmp("listing"));
	load(tmp("listing"), &list);
	for (line = strtok_r(list.data, "\n", &save_ptr); line != NULL;
	    line = strtok_r(NULL, "\n", &save_ptr)) {
		assert_true(strncmp(line, "-rw-r--r-- 0/0 ", 15) == 0);
		assert_non_null(strstr(line, " 2023-11-1"));
		lines++;
	}
	assert_int_equal(lines, NSAMPLE);
	buf_release(&list);
}

static void
test_long_top(void **state)
{
	char top[201], *hdr;
	struct buf a = BUF_INIT(SEAL_MAX_FILE), b = BUF_INIT(SEAL_MAX_FILE);
	struct buf tar;
	struct seal_set set;
	struct error err;
	const char *path = tmp("long.tar.gz");

	(void)state;
	memset(top, 'd', sizeof(top) - 1);
	top[sizeof(top) - 1] = '\0';
	assert_int_equal(seal_write(top, sample, NSAMPLE, MTIME, &a, &err), 0);
	assert_int_equal(seal_write(top, sample, NSAMPLE, MTIME, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	save(path, a.data, a.len);
	read_ok(path, &set);
	assert_string_equal(set.top, top);
	assert_int_equal(set.n, NSAMPLE);
	assert_sample(&set, (size_t)-1);
	seal_release(&set);

	/* The pax header: a fixed name, and only the path in it. */
	run("gzip -dc '%s' > '%s'", path, tmp("long.tar"));
	load(tmp("long.tar"), &tar);
	hdr = tar.data;
	assert_int_equal(hdr[156], 'x');
	assert_non_null(strstr(hdr, "PaxHeader"));
	assert_null(strpbrk(hdr, "0123456789"));
	assert_false(contains(tar.data, tar.len, "atime="));
	assert_false(contains(tar.data, tar.len, "ctime="));
	assert_false(contains(tar.data, tar.len, "mtime="));
	assert_true(contains(tar.data + 512, 512, " path="));
	buf_release(&tar);
	buf_release(&a);
	buf_release(&b);
}

static void
test_write_cap(void **state)
{
	struct buf out = BUF_INIT(100);
	struct error err;

	(void)state;
	assert_int_equal(buf_addstr(&out, "abc"), 0);
	assert_int_equal(seal_write(TOP, sample, NSAMPLE, MTIME, &out, &err),
	    -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, "archive larger than 100 bytes");
	assert_int_equal(out.len, 3);
	assert_string_equal(out.data, "abc");
	buf_release(&out);
}

static void
expect_write_error(const char *top, const struct seal_member *m, size_t n,
    const char *msg)
{
	struct buf out = BUF_INIT(SEAL_MAX_FILE);
	struct error err;

	assert_int_equal(seal_write(top, m, n, MTIME, &out, &err), -1);
	assert_int_equal(err.rc, RC_SYS);
	assert_string_equal(err.msg, msg);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void
test_write_bad_input(void **state)
{
	char a[] = "a", b[] = "b", x[] = "x", y[] = "y";
	char sub[] = "sub/b", dot[] = ".", none[] = "";
	struct seal_member m[2] = { { a, x, 1 }, { b, y, 1 } };
	struct seal_member many[SEAL_MAX_MEMBERS + 1];
	size_t i;

	(void)state;
	expect_write_error("", m, 2, "bad top directory name ''");
	expect_write_error("a/b", m, 2, "bad top directory name 'a/b'");
	expect_write_error("..", m, 2, "bad top directory name '..'");
	expect_write_error(TOP, m, 0, "no members to archive");
	m[1].name = a;
	expect_write_error(TOP, m, 2, "duplicate member 'a'");
	m[1].name = sub;
	expect_write_error(TOP, m, 2, "bad member name 'sub/b'");
	m[1].name = dot;
	expect_write_error(TOP, m, 2, "bad member name '.'");
	m[1].name = none;
	expect_write_error(TOP, m, 2, "bad member name ''");
	/* Refused on the size alone, before the data is touched. */
	m[1].name = b;
	m[1].len = SEAL_MAX_MEMBER + 1;
	expect_write_error(TOP, m, 2,
	    "member 'b' is larger than 67108864 bytes");
	for (i = 0; i < SEAL_MAX_MEMBERS + 1; i++)
		many[i] = m[0];
	expect_write_error(TOP, many, SEAL_MAX_MEMBERS + 1,
	    "more than 64 members");
}

/* Only what is asked for is kept; every member is hashed all the same. */
static void
test_read_only(void **state)
{
	static const char *const keep[] = { "manifest", NULL };
	static const char *const names[] = {
		"article.html", "manifest", "signature", "empty", NULL
	};
	static const char *const fewer[] = { "article.html", "manifest", NULL };
	struct seal_read_opts o = { names, keep };
	struct seal_set set;
	struct error err;
	char hex[DIGEST_HEX_LEN + 1], want[600];
	size_t i;

	(void)state;
	assert_int_equal(seal_read_only(good(), &o, &set, &err), 0);
	assert_int_equal(set.n, NSAMPLE);
	for (i = 0; i < NSAMPLE; i++) {
		assert_int_equal(set.members[i].len, sample[i].len);
		digest_sha256_hex(sample[i].data, sample[i].len, hex);
		assert_string_equal(set.sha256[i], hex);
		if (strcmp(sample[i].name, "manifest") == 0)
			assert_memory_equal(set.members[i].data,
			    sample[i].data, sample[i].len);
		else
			assert_null(set.members[i].data);
	}
	seal_release(&set);
	o.names = fewer;
	assert_int_equal(seal_read_only(good(), &o, &set, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	snprintf(want, sizeof(want), "%s: unknown member '" TOP "/signature'",
	    good());
	assert_string_equal(err.msg, want);
	assert_int_equal(set.n, 0);
	assert_null(set.sha256);
}

static void
test_read_missing(void **state)
{
	(void)state;
	expect_read_error(tmp("missing.tar.gz"), RC_SYS,
	    "No such file or directory");
}

static void
test_read_not_gzip(void **state)
{
	const char *path = tmp("plain.txt");

	(void)state;
	save(path, "hello, world\n", 13);
	expect_read_error(path, RC_NO,
	    "corrupt gzip data (incorrect header check)");
	save(path, "", 0);
	expect_read_error(path, RC_NO, "truncated gzip data");
}

static void
expect_corrupt_tar(const char *path)
{
	struct seal_set set;
	struct error err;
	char prefix[600];

	assert_int_equal(seal_read(path, &set, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	snprintf(prefix, sizeof(prefix), "%s: corrupt tar data (", path);
	assert_true(strncmp(err.msg, prefix, strlen(prefix)) == 0);
	assert_int_equal(err.msg[strlen(err.msg) - 1], ')');
	assert_null(set.members);
	seal_release(&set);
}

/* Good gzip around a bad tar: cut inside a member, a damaged header. */
static void
test_read_corrupt_tar(void **state)
{
	(void)state;
	run("gzip -dc '%s' | head -c 2000 | gzip -n > '%s'", good(),
	    tmp("cut.tar.gz"));
	expect_corrupt_tar(tmp("cut.tar.gz"));
	run("gzip -dc '%s' | python3 -c 'import sys; "
	    "d = bytearray(sys.stdin.buffer.read()); d[3584 + 10] ^= 1; "
	    "sys.stdout.buffer.write(d)' | gzip -n > '%s'", good(),
	    tmp("damaged.tar.gz"));
	expect_corrupt_tar(tmp("damaged.tar.gz"));
}

/* Flaws that keep the archive well-formed: seal_read accepts them. */
static void
test_tamper_accepted(void **state)
{
	struct seal_set set;
	const struct seal_member *m;
	const char *path;

	(void)state;
	path = tmp("flip.tar.gz");
	run("python3 tests/tamper.py flip '%s' '%s' article.html", good(),
	    path);
	read_ok(path, &set);
	m = seal_find(&set, "article.html");
	assert_non_null(m);
	assert_int_equal(m->len, sizeof(article));
	assert_int_equal(m->data[1500], article[1500] ^ 1);
	assert_memory_equal(m->data, article, 1500);
	seal_release(&set);

	path = tmp("drop.tar.gz");
	run("python3 tests/tamper.py drop '%s' '%s' manifest", good(), path);
	read_ok(path, &set);
	assert_int_equal(set.n, NSAMPLE - 1);
	assert_sample(&set, 1);
	seal_release(&set);

	path = tmp("add.tar.gz");
	run("python3 tests/tamper.py add '%s' '%s' extra", good(), path);
	read_ok(path, &set);
	assert_int_equal(set.n, NSAMPLE + 1);
	assert_sample(&set, (size_t)-1);
	assert_string_equal(set.members[NSAMPLE].name, "extra");
	seal_release(&set);

	save(tmp("new-content"), "replaced\n", 9);
	path = tmp("replace.tar.gz");
	run("python3 tests/tamper.py replace '%s' '%s' signature '%s'",
	    good(), path, tmp("new-content"));
	read_ok(path, &set);
	assert_string_equal(set.top, TOP);
	m = seal_find(&set, "signature");
	assert_non_null(m);
	assert_int_equal(m->len, 9);
	assert_memory_equal(m->data, "replaced\n", 9);
	assert_ptr_equal(m, &set.members[2]);
	seal_release(&set);
}

static void
test_tamper_entries(void **state)
{
	(void)state;
	expect_tampered("dup", "signature",
	    "duplicate member 'clip/signature'");
	expect_tampered("abs", NULL, "member '/tmp/evil' has an absolute path");
	expect_tampered("dotdot", NULL,
	    "member 'clip/../evil' has a '..' component");
	expect_tampered("symlink", NULL,
	    "member 'clip/link' is not a regular file");
	expect_tampered("hardlink", NULL,
	    "member 'clip/hard' is not a regular file");
	expect_tampered("device", NULL,
	    "member 'clip/null' is not a regular file");
	expect_tampered("dir", NULL,
	    "member 'clip/sub/' is not a regular file");
	expect_tampered("second-top", NULL,
	    "member 'other/x' is outside the top directory");
	expect_tampered("nested", NULL,
	    "member 'clip/sub/file' is in a subdirectory");
	expect_tampered("bare", NULL,
	    "member 'bare' is not under a top directory");
	expect_tampered("many", NULL, "more than 64 members");
	expect_tampered("empty", NULL, "empty archive");
}

static void
test_tamper_big(void **state)
{
	(void)state;
	expect_tampered("big", "article.html",
	    "member 'clip/article.html' is larger than 67108864 bytes");
}

static void
test_tamper_tar_tail(void **state)
{
	(void)state;
	expect_tampered("trailing-tar", NULL,
	    "data after the end of the tar archive");
	/* Right after a lone zero block, which libarchive takes as the end. */
	expect_tampered("trailing-tar", "512",
	    "data after the end of the tar archive");
	/* The last byte of the 10240-byte record (the tar ends at 6144). */
	expect_tampered("trailing-tar", "4095",
	    "data after the end of the tar archive");
}

static void
test_tamper_gzip(void **state)
{
	struct seal_set set;
	struct error err;
	const char *path = tmp("corrupt-gzip.tar.gz");
	char prefix[600];

	(void)state;
	expect_tampered("truncate", NULL, "truncated gzip data");
	expect_tampered("second-gzip", NULL,
	    "data after the end of the gzip stream");
	expect_tampered("trailing-garbage", NULL,
	    "data after the end of the gzip stream");

	run("python3 tests/tamper.py corrupt-gzip '%s' '%s'", good(), path);
	assert_int_equal(seal_read(path, &set, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	snprintf(prefix, sizeof(prefix), "%s: corrupt gzip data (", path);
	assert_true(strncmp(err.msg, prefix, strlen(prefix)) == 0);
	assert_int_equal(err.msg[strlen(err.msg) - 1], ')');
	assert_int_equal(set.n, 0);
	seal_release(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_tar_layout),
		cmocka_unit_test(test_tar_listing),
		cmocka_unit_test(test_long_top),
		cmocka_unit_test(test_write_cap),
		cmocka_unit_test(test_write_bad_input),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_read_missing),
		cmocka_unit_test(test_read_not_gzip),
		cmocka_unit_test(test_read_corrupt_tar),
		cmocka_unit_test(test_tamper_accepted),
		cmocka_unit_test(test_tamper_entries),
		cmocka_unit_test(test_tamper_big),
		cmocka_unit_test(test_tamper_tar_tail),
		cmocka_unit_test(test_tamper_gzip),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
