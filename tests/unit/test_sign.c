#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "digest.h"
#include "error.h"
#include "sign.h"
#include "xalloc.h"

static char tmpdir[256];

static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void
write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	struct error err;

	assert_int_equal(buf_read_file(&b, path, &err), 0);
	return buf_detach(&b, len);
}

static mode_t
file_mode(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/* Runs a shell command and returns its exit status (-1 if it died). */
static int
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int
rm_rf(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	char *sub;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		if (rm_rf(sub) < 0)
			rc = -1;
		free(sub);
	}
	closedir(d);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

static int
group_setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/clipseal-test-sign.XXXXXX",
	    t != NULL && *t == '/' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	/* The root CA and TSAs of the time stamp tests. */
	return run("python3 tests/tsa.py pki '%s/pki'", tmpdir) == 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	return rm_rf(tmpdir);
}

static void
b64(const unsigned char *in, size_t len, char *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long v;
	size_t i;

	for (i = 0; i < len; i += 3) {
		v = (unsigned long)in[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		*out++ = tab[v >> 18 & 63];
		*out++ = tab[v >> 12 & 63];
		*out++ = i + 1 < len ? tab[v >> 6 & 63] : '=';
		*out++ = i + 2 < len ? tab[v & 63] : '=';
	}
	*out = '\0';
}

/* Makes a key pair at tmpdir/name; returns the secret key path. */
static char *
make_key(const char *name)
{
	struct error err;
	char *path = tpath(name);

	if (sign_keygen(path, false, &err) < 0)
		fail_msg("keygen: %s", err.msg);
	return path;
}

static char *
sign_text(const struct sign_key *k, const char *msg, const char *comment,
    size_t *len)
{
	struct buf out = BUF_INIT(1 << 16);
	struct error err;

	if (sign_message(k, msg, strlen(msg), comment, &out, &err) < 0)
		fail_msg("sign: %s", err.msg);
	return buf_detach(&out, len);
}

/* Verifies sig over msg; returns rc and leaves the message in err. */
static int
verify_text(const struct sign_key *k, const char *msg, const char *sig,
    size_t sig_len, struct error *err)
{
	char *comment = NULL;
	int rc;

	error_clear(err);
	rc = sign_verify(k, msg, strlen(msg), sig, sig_len, &comment, err);
	if (rc < 0)
		assert_null(comment);
	free(comment);
	return rc;
}

static void
test_keygen_creates_files(void **state)
{
	struct sign_key *sk, *pk;
	struct error err;
	char hex_s[SIGN_ID_HEX_LEN + 1], hex_p[SIGN_ID_HEX_LEN + 1];
	char *dir = tpath("new");
	char *path = tpath("new/sub/key");
	char *pub = tpath("new/sub/key.pub");
	char *text, *line1;
	size_t len;

	(void)state;
	assert_int_equal(sign_keygen(path, false, &err), 0);
	assert_int_equal(file_mode(dir), 0700);
	assert_int_equal(file_mode(path), 0600);
	assert_int_equal(file_mode(pub), 0644);

	sk = sign_load_secret(path, &err);
	assert_non_null(sk);
	pk = sign_load_public(pub, &err);
	assert_non_null(pk);
	sign_key_id_hex(sk, hex_s);
	sign_key_id_hex(pk, hex_p);
	assert_string_equal(hex_s, hex_p);
	assert_int_equal(strspn(hex_s, "0123456789ABCDEF"), SIGN_ID_HEX_LEN);

	text = slurp(pub, &len);
	line1 = xasprintf("untrusted comment: clipseal public key %s\n",
	    hex_s);
	assert_memory_equal(text, line1, strlen(line1));
	assert_int_equal(len, strlen(line1) + 56 + 1);
	assert_int_equal(text[len - 1], '\n');
	assert_int_equal(strncmp(text + strlen(line1), "RW", 2), 0);

	free(text);
	text = slurp(path, &len);
	assert_int_equal(strncmp(text, "-----BEGIN PRIVATE KEY-----\n", 28),
	    0);
	free(text);
	free(line1);
	sign_key_free(sk);
	sign_key_free(pk);
	free(dir);
	free(path);
	free(pub);
}

static void
test_keygen_refuses_existing(void **state)
{
	struct error err;
	char *path = make_key("exists");
	char *before, *after, *want;
	size_t before_len, after_len;

	(void)state;
	before = slurp(path, &before_len);
	assert_int_equal(sign_keygen(path, false, &err), -1);
	assert_int_equal(err.rc, RC_KEY);
	want = xasprintf("%s: key exists; use --force to replace it", path);
	assert_string_equal(err.msg, want);
	after = slurp(path, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	free(before);
	free(after);
	free(want);
	free(path);
}

static void
test_keygen_force_replaces(void **state)
{
	struct sign_key *k1, *k2, *p2;
	struct error err;
	char h1[SIGN_ID_HEX_LEN + 1], h2[SIGN_ID_HEX_LEN + 1];
	char hp[SIGN_ID_HEX_LEN + 1];
	char *path = make_key("force/key");
	char *pub = tpath("force/key.pub");
	char *dir = tpath("force");
	struct dirent *de;
	DIR *d;
	int n = 0;

	(void)state;
	k1 = sign_load_secret(path, &err);
	assert_non_null(k1);
	assert_int_equal(sign_keygen(path, true, &err), 0);
	k2 = sign_load_secret(path, &err);
	assert_non_null(k2);
	p2 = sign_load_public(pub, &err);
	assert_non_null(p2);
	sign_key_id_hex(k1, h1);
	sign_key_id_hex(k2, h2);
	sign_key_id_hex(p2, hp);
	assert_string_not_equal(h1, h2);
	assert_string_equal(h2, hp);
	assert_int_equal(file_mode(path), 0600);
	assert_int_equal(file_mode(pub), 0644);

	/* No temporary files are left behind. */
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n++;
	closedir(d);
	assert_int_equal(n, 4);

	sign_key_free(k1);
	sign_key_free(k2);
	sign_key_free(p2);
	free(path);
	free(pub);
	free(dir);
}

static void
test_load_openssl_key(void **state)
{
	struct sign_key *k;
	struct error err;
	char *path = tpath("openssl.pem");
	char *sig, *comment = NULL;
	size_t sig_len;

	(void)state;
	assert_int_equal(run("openssl genpkey -algorithm ed25519 -out '%s' "
	    ">/dev/null 2>&1", path), 0);
	assert_int_equal(chmod(path, 0600), 0);
	k = sign_load_secret(path, &err);
	if (k == NULL)
		fail_msg("load: %s", err.msg);
	sig = sign_text(k, "hello", "c", &sig_len);
	assert_int_equal(sign_verify(k, "hello", 5, sig, sig_len, &comment,
	    &err), 0);
	assert_string_equal(comment, "c");
	free(comment);
	free(sig);
	sign_key_free(k);
	free(path);
}

static void
test_load_secret_too_open(void **state)
{
	struct error err;
	char *path = make_key("open");
	char *want;

	(void)state;
	assert_int_equal(chmod(path, 0640), 0);
	assert_null(sign_load_secret(path, &err));
	assert_int_equal(err.rc, RC_KEY);
	want = xasprintf("%s: secret key is accessible by group or others; "
	    "run: chmod 600 %s", path, path);
	assert_string_equal(err.msg, want);
	assert_int_equal(chmod(path, 0604), 0);
	assert_null(sign_load_secret(path, &err));
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
}

static void
test_load_secret_missing(void **state)
{
	struct error err;
	char *path = tpath("nokey");
	char *want;

	(void)state;
	assert_null(sign_load_secret(path, &err));
	assert_int_equal(err.rc, RC_KEY);
	want = xasprintf("%s: no such key (run clipseal keygen)", path);
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
}

static void
test_load_secret_malformed(void **state)
{
	static const char *const gen[] = {
		"openssl genpkey -algorithm x25519",
		"openssl genpkey -algorithm ec "
		    "-pkeyopt ec_paramgen_curve:P-256",
		"openssl genpkey -algorithm ed25519 -aes256 -pass pass:x",
	};
	struct error err;
	char *path = tpath("bad.pem");
	char *pub = tpath("bad.pub.pem");
	char *want;
	size_t i;

	(void)state;
	want = xasprintf("%s: not an Ed25519 private key in PEM format", path);
	for (i = 0; i < sizeof(gen) / sizeof(gen[0]); i++) {
		unlink(path);
		assert_int_equal(run("%s -out '%s' </dev/null >/dev/null 2>&1",
		    gen[i], path), 0);
		assert_int_equal(chmod(path, 0600), 0);
		assert_null(sign_load_secret(path, &err));
		assert_int_equal(err.rc, RC_KEY);
		assert_string_equal(err.msg, want);
	}
	write_file(path, "garbage\n", 8, 0600);
	assert_null(sign_load_secret(path, &err));
	assert_int_equal(err.rc, RC_KEY);
	assert_string_equal(err.msg, want);
	write_file(path, "", 0, 0600);
	assert_null(sign_load_secret(path, &err));
	assert_string_equal(err.msg, want);

	/* A public key PEM is not a private key. */
	assert_int_equal(run("openssl genpkey -algorithm ed25519 2>/dev/null |"
	    " openssl pkey -pubout -out '%s' 2>/dev/null", pub), 0);
	assert_int_equal(chmod(pub, 0600), 0);
	free(want);
	want = xasprintf("%s: not an Ed25519 private key in PEM format", pub);
	assert_null(sign_load_secret(pub, &err));
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
	free(pub);
}

static void
test_sign_verify_round_trip(void **state)
{
	struct sign_key *sk, *pk;
	struct error err;
	char *path = make_key("rt");
	char *pub = tpath("rt.pub");
	char *sig, *comment = NULL, hex[SIGN_ID_HEX_LEN + 1], *want;
	size_t sig_len;

	(void)state;
	sk = sign_load_secret(path, &err);
	pk = sign_load_public(pub, &err);
	assert_non_null(sk);
	assert_non_null(pk);
	sig = sign_text(sk, "the manifest\n", "timestamp:1 file:x", &sig_len);

	sign_key_id_hex(sk, hex);
	want = xasprintf("untrusted comment: signature from clipseal secret "
	    "key %s\n", hex);
	assert_memory_equal(sig, want, strlen(want));
	assert_non_null(strstr(sig, "\ntrusted comment: timestamp:1 file:x\n"));
	assert_int_equal(sig[sig_len - 1], '\n');

	assert_int_equal(sign_verify(pk, "the manifest\n", 13, sig, sig_len,
	    &comment, &err), 0);
	assert_string_equal(comment, "timestamp:1 file:x");
	free(comment);
	assert_int_equal(sign_verify(pk, "the manifest\n", 13, sig, sig_len,
	    NULL, &err), 0);
	free(sig);

	/* Empty message and empty comment. */
	sig = sign_text(sk, "", "", &sig_len);
	assert_int_equal(sign_verify(pk, NULL, 0, sig, sig_len, &comment,
	    &err), 0);
	assert_string_equal(comment, "");
	free(comment);
	free(sig);

	free(want);
	sign_key_free(sk);
	sign_key_free(pk);
	free(path);
	free(pub);
}

static void
test_sign_refuses_bad_input(void **state)
{
	struct sign_key *sk, *pk;
	struct buf out = BUF_INIT(1 << 16);
	struct error err;
	char *path = make_key("badin");
	char *pub = tpath("badin.pub");

	(void)state;
	sk = sign_load_secret(path, &err);
	pk = sign_load_public(pub, &err);
	assert_non_null(sk);
	assert_non_null(pk);
	assert_int_equal(sign_message(pk, "m", 1, "c", &out, &err), -1);
	assert_int_equal(err.rc, RC_KEY);
	assert_int_equal(sign_message(sk, "m", 1, "a\nb", &out, &err), -1);
	assert_int_equal(err.rc, RC_USAGE);
	assert_int_equal(sign_message(sk, "m", 1, "a\rb", &out, &err), -1);
	assert_int_equal(out.len, 0);
	buf_release(&out);
	sign_key_free(sk);
	sign_key_free(pk);
	free(path);
	free(pub);
}

static void
test_verify_message_changed(void **state)
{
	struct sign_key *sk, *pk;
	struct error err;
	char *path = make_key("chg");
	char *pub = tpath("chg.pub");
	char *sig;
	size_t sig_len;

	(void)state;
	sk = sign_load_secret(path, &err);
	pk = sign_load_public(pub, &err);
	sig = sign_text(sk, "message one", "c", &sig_len);
	assert_int_equal(verify_text(pk, "message one", sig, sig_len, &err),
	    0);
	assert_int_equal(verify_text(pk, "message onf", sig, sig_len, &err),
	    -1);
	assert_int_equal(err.rc, RC_NO);
	assert_string_equal(err.msg, "signature does not match");
	assert_int_equal(verify_text(pk, "message on", sig, sig_len, &err),
	    -1);
	assert_string_equal(err.msg, "signature does not match");
	free(sig);
	sign_key_free(sk);
	sign_key_free(pk);
	free(path);
	free(pub);
}

static void
test_verify_another_key(void **state)
{
	struct sign_key *a, *b;
	struct error err;
	char *pa = make_key("ka");
	char *pb = make_key("kb");
	char *pub_b = tpath("kb.pub");
	char ha[SIGN_ID_HEX_LEN + 1], hb[SIGN_ID_HEX_LEN + 1];
	char *sig, *want;
	size_t sig_len;

	(void)state;
	a = sign_load_secret(pa, &err);
	b = sign_load_public(pub_b, &err);
	assert_non_null(a);
	assert_non_null(b);
	sign_key_id_hex(a, ha);
	sign_key_id_hex(b, hb);
	sig = sign_text(a, "msg", "c", &sig_len);
	assert_int_equal(verify_text(b, "msg", sig, sig_len, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	want = xasprintf("signed by another key (%s, expected %s)", ha, hb);
	assert_string_equal(err.msg, want);
	free(want);
	free(sig);
	sign_key_free(a);
	sign_key_free(b);
	free(pa);
	free(pb);
	free(pub_b);
}

static void
test_verify_trusted_comment_tampered(void **state)
{
	struct sign_key *sk;
	struct error err;
	char *path = make_key("tc");
	char *sig, *p, *longer;
	size_t sig_len;

	(void)state;
	sk = sign_load_secret(path, &err);
	assert_non_null(sk);
	sig = sign_text(sk, "msg", "file:a.tar", &sig_len);
	p = strstr(sig, "file:a.tar");
	assert_non_null(p);
	p[5] = 'b';
	assert_int_equal(verify_text(sk, "msg", sig, sig_len, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	assert_string_equal(err.msg,
	    "trusted comment signature does not match");

	/* A longer comment in place of the signed one. */
	p[5] = 'a';
	*p = '\0';
	longer = xasprintf("%sfile:a.tar.x%s", sig, p + strlen("file:a.tar"));
	assert_int_equal(verify_text(sk, "msg", longer, strlen(longer), &err),
	    -1);
	assert_string_equal(err.msg,
	    "trusted comment signature does not match");
	free(longer);
	free(sig);
	sign_key_free(sk);
	free(path);
}

static void
expect_malformed(const struct sign_key *k, const char *sig, size_t len)
{
	struct error err;

	assert_int_equal(verify_text(k, "msg", sig, len, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	assert_null(strchr(err.msg, '\n'));
	assert_int_not_equal(err.msg[strlen(err.msg) - 1], '.');
}

static void
test_verify_malformed(void **state)
{
	struct sign_key *sk;
	struct error err;
	char *path = make_key("mal");
	char *sig, *copy, *line2, *crlf, *q;
	size_t sig_len, i;

	(void)state;
	sk = sign_load_secret(path, &err);
	assert_non_null(sk);
	sig = sign_text(sk, "msg", "c", &sig_len);
	assert_int_equal(verify_text(sk, "msg", sig, sig_len, &err), 0);

	/* Every truncation, including the missing final LF. */
	for (i = 0; i < sig_len; i++)
		expect_malformed(sk, sig, i);

	/* Trailing data. */
	copy = xasprintf("%sx\n", sig);
	expect_malformed(sk, copy, strlen(copy));
	free(copy);

	/* Bad base64 in line 2, then in line 4. */
	copy = xstrdup(sig);
	line2 = strchr(copy, '\n') + 1;
	line2[10] = '*';
	expect_malformed(sk, copy, sig_len);
	strcpy(copy, sig);
	q = copy + sig_len - 5;
	*q = '.';
	expect_malformed(sk, copy, sig_len);

	/* Non-canonical base64: the padding bits of line 4 set. */
	strcpy(copy, sig);
	q = copy + sig_len - 4;
	assert_int_equal(q[2], '=');
	*q = *q == 'A' ? 'B' : 'A';
	expect_malformed(sk, copy, sig_len);

	/* Prehashed "ED" (base64 "RU..." instead of "RW..."). */
	strcpy(copy, sig);
	assert_int_equal(strncmp(line2, "RW", 2), 0);
	line2[1] = 'U';
	assert_int_equal(verify_text(sk, "msg", copy, sig_len, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	assert_string_equal(err.msg, "unsupported signature algorithm");

	/* First line not an untrusted comment. */
	strcpy(copy, sig);
	copy[0] = 'U';
	expect_malformed(sk, copy, sig_len);

	/* Third line not a trusted comment. */
	strcpy(copy, sig);
	q = strstr(copy, "\ntrusted comment: ");
	q[1] = 'T';
	expect_malformed(sk, copy, sig_len);

	/* A NUL byte. */
	strcpy(copy, sig);
	copy[3] = '\0';
	expect_malformed(sk, copy, sig_len);
	free(copy);

	/* CRLF line endings. */
	crlf = xmalloc(2 * sig_len + 1);
	for (i = 0, q = crlf; i < sig_len; i++) {
		if (sig[i] == '\n')
			*q++ = '\r';
		*q++ = sig[i];
	}
	expect_malformed(sk, crlf, (size_t)(q - crlf));
	free(crlf);

	free(sig);
	sign_key_free(sk);
	free(path);
}

static void
write_public(const char *path, const unsigned char pk[32], bool good_id)
{
	unsigned char blob[42], md[DIGEST_LEN];
	char text[128];

	digest_sha256(pk, 32, md);
	if (!good_id)
		md[0] ^= 1;
	memcpy(blob, "Ed", 2);
	memcpy(blob + 2, md, 8);
	memcpy(blob + 10, pk, 32);
	strcpy(text, "untrusted comment: test\n");
	b64(blob, sizeof(blob), text + strlen(text));
	strcat(text, "\n");
	write_file(path, text, strlen(text), 0644);
}

static void
test_public_small_order(void **state)
{
	/* y = 0, 1, the order-8 y, p - 1, p, p + 1 (little-endian). */
	static const unsigned char small[][32] = {
		{ 0 },
		{ 1 },
		{ 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0,
		  0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
		  0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39,
		  0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05 },
		{ 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f,
		  0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
		  0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6,
		  0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a },
		{ 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
		{ 0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
		{ 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	};
	unsigned char pk[32];
	struct error err;
	char *path = tpath("small.pub");
	char *want;
	size_t i;
	int sign;

	(void)state;
	want = xasprintf("%s: public key is a point of small order", path);
	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
		for (sign = 0; sign < 2; sign++) {
			memcpy(pk, small[i], 32);
			pk[31] |= (unsigned char)(sign << 7);
			write_public(path, pk, true);
			assert_null(sign_load_public(path, &err));
			assert_int_equal(err.rc, RC_KEY);
			assert_string_equal(err.msg, want);
		}
	}
	free(want);
	free(path);
}

static void
test_public_malformed(void **state)
{
	struct sign_key *k;
	struct error err;
	char *path = make_key("pm");
	char *pub = tpath("pm.pub");
	char *bad = tpath("pm-bad.pub");
	static const unsigned char some_point[32] =
	    "0123456789abcdef0123456789abcde";
	char *text, *copy, *want;
	size_t len;

	(void)state;
	text = slurp(pub, &len);
	k = sign_load_public(pub, &err);
	assert_non_null(k);

	sign_key_free(k);

	/* A key id that is not the one of the key. */
	write_public(bad, some_point, true);
	k = sign_load_public(bad, &err);
	assert_non_null(k);
	sign_key_free(k);
	write_public(bad, some_point, false);
	assert_null(sign_load_public(bad, &err));
	assert_int_equal(err.rc, RC_KEY);
	want = xasprintf("%s: malformed public key: key id does not match the "
	    "key", bad);
	assert_string_equal(err.msg, want);
	free(want);

	/* Truncations, trailing data, bad comment, bad base64. */
	for (len = 0; len < strlen(text); len++) {
		write_file(bad, text, len, 0644);
		assert_null(sign_load_public(bad, &err));
		assert_int_equal(err.rc, RC_KEY);
	}
	copy = xasprintf("%s\n", text);
	write_file(bad, copy, strlen(copy), 0644);
	assert_null(sign_load_public(bad, &err));
	strcpy(copy, text);
	copy[0] = 'x';
	write_file(bad, copy, strlen(copy), 0644);
	assert_null(sign_load_public(bad, &err));
	strcpy(copy, text);
	strchr(copy, '\n')[5] = '!';
	write_file(bad, copy, strlen(copy), 0644);
	assert_null(sign_load_public(bad, &err));
	assert_int_equal(err.rc, RC_KEY);

	unlink(bad);
	assert_null(sign_load_public(bad, &err));
	assert_int_equal(err.rc, RC_KEY);

	free(copy);
	free(text);
	free(path);
	free(pub);
	free(bad);
}

static void
test_default_path(void **state)
{
	struct error err;
	char *p;

	(void)state;
	assert_int_equal(setenv("CLIPSEAL_KEY", "/k/key", 1), 0);
	assert_int_equal(setenv("XDG_CONFIG_HOME", "/xdg", 1), 0);
	assert_int_equal(setenv("HOME", "/home/u", 1), 0);
	p = sign_default_path(&err);
	assert_string_equal(p, "/k/key");
	free(p);
	assert_int_equal(setenv("CLIPSEAL_KEY", "", 1), 0);
	p = sign_default_path(&err);
	assert_string_equal(p, "/xdg/clipseal/key");
	free(p);
	assert_int_equal(setenv("XDG_CONFIG_HOME", "relative", 1), 0);
	p = sign_default_path(&err);
	assert_string_equal(p, "/home/u/.config/clipseal/key");
	free(p);
	assert_int_equal(unsetenv("XDG_CONFIG_HOME"), 0);
	assert_int_equal(unsetenv("HOME"), 0);
	assert_null(sign_default_path(&err));
	assert_int_equal(err.rc, RC_KEY);
	assert_string_equal(err.msg,
	    "cannot find a home directory for the default key; use -k");
	unsetenv("CLIPSEAL_KEY");
}

static int
interop(const char *pub, const char *msg, const char *sig)
{
	int m, s;

	m = run("minisign -V -q -p '%s' -m '%s' -x '%s' >/dev/null 2>&1",
	    pub, msg, sig);
	s = run("signify-openbsd -V -q -p '%s' -m '%s' -x '%s' "
	    ">/dev/null 2>&1", pub, msg, sig);
	return (m == 0) | (s == 0) << 1;
}

static void
test_interop_minisign_signify(void **state)
{
	static const char text[] = "manifest v1\nsha256 abc\n";
	struct sign_key *sk;
	struct error err;
	char *path = make_key("io");
	char *pub = tpath("io.pub");
	char *msg = tpath("io.msg");
	char *sigpath = tpath("io.msg.sig");
	char *sig, *changed;
	size_t sig_len;

	(void)state;
	sk = sign_load_secret(path, &err);
	assert_non_null(sk);
	sig = sign_text(sk, text, "timestamp:1700000000 file:io.tar",
	    &sig_len);
	write_file(msg, text, strlen(text), 0644);
	write_file(sigpath, sig, sig_len, 0644);
	assert_int_equal(interop(pub, msg, sigpath), 3);

	changed = xstrdup(text);
	changed[3] ^= 1;
	write_file(msg, changed, strlen(changed), 0644);
	assert_int_equal(interop(pub, msg, sigpath), 0);

	free(changed);
	free(sig);
	sign_key_free(sk);
	free(path);
	free(pub);
	free(msg);
	free(sigpath);
}

/*
 * Time stamps.  The replies come from tests/tsa.py, which runs `openssl ts
 * -reply` (and, for a signer without the timeStamping EKU, `openssl cms
 * -sign`) under a root CA made in the group setup: real TSA answers, not
 * hand-made bytes.
 */

static const char sigfile[] = "untrusted comment: a signature file\n";

static struct sign_stamp_query *
new_query(void)
{
	struct error err;
	struct sign_stamp_query *q;

	q = sign_stamp_query_new(sigfile, strlen(sigfile), &err);
	assert_non_null(q);
	return q;
}

/* The TSA's answer to q in the given mode of tests/tsa.py; caller frees. */
static char *
tsa_reply(const struct sign_stamp_query *q, const char *mode, size_t *len)
{
	char *qpath = tpath("q.tsq"), *rpath = tpath("r.tsr"), *reply;
	const unsigned char *der;
	size_t der_len;

	der = sign_stamp_query_der(q, &der_len);
	write_file(qpath, der, der_len, 0644);
	assert_int_equal(run("python3 tests/tsa.py reply %s '%s/pki' <'%s' "
	    ">'%s'", mode, tmpdir, qpath, rpath), 0);
	reply = slurp(rpath, len);
	free(qpath);
	free(rpath);
	return reply;
}

static struct sign_trust *
root(const char *name)
{
	struct error err;
	char *path = xasprintf("%s/pki/%s", tmpdir, name);
	struct sign_trust *t = sign_trust_load(path, &err);

	assert_non_null(t);
	free(path);
	return t;
}

/* The time s seconds after the RFC 3339 time t, as time_t and as text. */
static time_t
shifted(const char *t, long s, char out[SIGN_TIME_LEN + 1])
{
	struct tm tm = { 0 };
	time_t when;

	assert_int_equal(sscanf(t, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	setenv("TZ", "UTC", 1);
	tzset();
	when = mktime(&tm) + s;
	gmtime_r(&when, &tm);
	strftime(out, SIGN_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return when;
}

static void
test_query_is_rfc3161(void **state)
{
	struct sign_stamp_query *q, *q2;
	const unsigned char *der, *der2;
	size_t len, len2;
	char *qpath = tpath("query.tsq"), *dpath = tpath("sigfile");

	(void)state;
	q = new_query();
	q2 = new_query();
	der = sign_stamp_query_der(q, &len);
	der2 = sign_stamp_query_der(q2, &len2);
	/* Only the random nonce tells two queries over the same data apart. */
	assert_true(len != len2 || memcmp(der, der2, len) != 0);
	write_file(qpath, der, len, 0644);
	write_file(dpath, sigfile, strlen(sigfile), 0644);
	assert_int_equal(run("openssl ts -query -in '%s' -text 2>/dev/null "
	    ">'%s.txt' && grep -q 'Hash Algorithm: sha256' '%s.txt' && grep "
	    "-q 'Certificate required: yes' '%s.txt' && grep -q 'Nonce: 0x' "
	    "'%s.txt'", qpath, qpath, qpath, qpath, qpath), 0);
	assert_int_equal(run("[ \"$(grep '^    00[0-9a-f]0 - ' '%s.txt' | "
	    "cut -c12-58 | tr -d ' \\n-')\" = \"$(sha256sum <'%s' | "
	    "cut -c1-64)\" ]", qpath, dpath), 0);
	sign_stamp_query_free(q);
	sign_stamp_query_free(q2);
	free(qpath);
	free(dpath);
}

static void
test_accept_good_reply(void **state)
{
	struct error err;
	struct sign_stamp st;
	struct sign_trust *t = root("ca.pem");
	struct sign_stamp_query *q = new_query();
	char *reply, *rpath = tpath("good.tsr"), *dpath = tpath("sigfile");
	size_t len;

	(void)state;
	reply = tsa_reply(q, "good", &len);
	assert_int_equal(sign_stamp_accept(q, reply, len, NULL, NULL, &st,
	    &err), 0);
	assert_string_equal(st.tsa, "clipseal test TSA");
	assert_int_equal(strlen(st.gen_time), SIGN_TIME_LEN);
	assert_int_equal(sign_stamp_accept(q, reply, len, NULL, t, &st,
	    &err), 0);
	/* What was accepted is a stamp the stock tool and check agree on. */
	assert_int_equal(sign_stamp_check(reply, len, sigfile, strlen(sigfile),
	    NULL, t, &st, &err), 0);
	assert_string_equal(st.tsa, "clipseal test TSA");
	write_file(rpath, reply, len, 0644);
	write_file(dpath, sigfile, strlen(sigfile), 0644);
	assert_int_equal(run("openssl ts -verify -data '%s' -in '%s' -CAfile "
	    "'%s/pki/ca.pem' >/dev/null 2>&1", dpath, rpath, tmpdir), 0);
	free(reply);
	free(rpath);
	free(dpath);
	sign_stamp_query_free(q);
	sign_trust_free(t);
}

/* mode's reply to a fresh query is refused with exactly want. */
static void
refused(const char *mode, const struct sign_trust *t, const char *want)
{
	struct error err = { 0 };
	struct sign_stamp st;
	struct sign_stamp_query *q = new_query();
	char *reply;
	size_t len;

	reply = tsa_reply(q, mode, &len);
	assert_int_equal(sign_stamp_accept(q, reply, len, NULL, t, &st,
	    &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_string_equal(err.msg, want);
	assert_string_equal(st.gen_time, "");
	free(reply);
	sign_stamp_query_free(q);
}

static void
test_refuse_other_tsa(void **state)
{
	struct error err;
	struct sign_stamp st;
	struct sign_trust *t = root("ca.pem"), *other = root("other-ca.pem");
	struct sign_stamp_query *q = new_query();
	char *reply;
	size_t len;

	(void)state;
	refused("other", t, "TSA certificate 'other test TSA' not trusted: "
	    "unable to get local issuer certificate");
	/* Without anchors it is a well-formed stamp; with its own, good. */
	reply = tsa_reply(q, "other", &len);
	assert_int_equal(sign_stamp_accept(q, reply, len, NULL, NULL, &st,
	    &err), 0);
	assert_int_equal(sign_stamp_accept(q, reply, len, NULL, other, &st,
	    &err), 0);
	assert_string_equal(st.tsa, "other test TSA");
	free(reply);
	sign_stamp_query_free(q);
	sign_trust_free(other);
	sign_trust_free(t);
}

static void
test_refuse_bad_replies(void **state)
{
	struct sign_trust *t = root("ca.pem");

	(void)state;
	refused("data", t, "time stamp is for other data");
	refused("data", NULL, "time stamp is for other data");
	refused("nonce", t, "nonce does not match the request");
	refused("reject", t,
	    "refused: rejection (badRequest): request refused by the test TSA");
	refused("noeku", t, "TSA certificate 'clipseal test signer without "
	    "EKU' is not for time stamping (no critical extendedKeyUsage "
	    "timeStamping)");
	refused("noeku", NULL, "TSA certificate 'clipseal test signer without "
	    "EKU' is not for time stamping (no critical extendedKeyUsage "
	    "timeStamping)");
	sign_trust_free(t);
}

static void
test_refuse_truncated(void **state)
{
	struct error err;
	struct sign_stamp st;
	struct sign_stamp_query *q = new_query();
	char *cut, want[128];
	size_t cut_len;

	(void)state;
	cut = tsa_reply(q, "truncated", &cut_len);
	assert_int_equal(sign_stamp_accept(q, cut, cut_len, NULL, NULL, &st,
	    &err), -1);
	/* tsa.py cuts the last 64 bytes off. */
	snprintf(want, sizeof(want), "time stamp is truncated (%zu of %zu "
	    "bytes)", cut_len, cut_len + 64);
	assert_string_equal(err.msg, want);
	assert_int_equal(sign_stamp_accept(q, "", 0, NULL, NULL, &st, &err),
	    -1);
	assert_string_equal(err.msg, "not a DER TimeStampResp");
	free(cut);
	sign_stamp_query_free(q);
}

static void
test_time_before_capture(void **state)
{
	struct error err;
	struct sign_stamp st;
	struct sign_stamp_query *q = new_query();
	char *reply, gen[SIGN_TIME_LEN + 1], nb[SIGN_TIME_LEN + 1];
	char want[160];
	time_t when;
	size_t len;

	(void)state;
	reply = tsa_reply(q, "good", &len);
	assert_int_equal(sign_stamp_accept(q, reply, len, NULL, NULL, &st,
	    &err), 0);
	memcpy(gen, st.gen_time, sizeof(gen));
	/* The TSA claims 1 s accuracy: 300 s skew plus 1 s is allowed. */
	when = shifted(gen, SIGN_STAMP_SKEW + 1, nb);
	assert_int_equal(sign_stamp_accept(q, reply, len, &when, NULL, &st,
	    &err), 0);
	assert_int_equal(sign_stamp_check(reply, len, sigfile, strlen(sigfile),
	    &when, NULL, &st, &err), 0);
	when = shifted(gen, SIGN_STAMP_SKEW + 2, nb);
	snprintf(want, sizeof(want), "stamped at %s, before the capture at "
	    "%s", gen, nb);
	assert_int_equal(sign_stamp_accept(q, reply, len, &when, NULL, &st,
	    &err), -1);
	assert_int_equal(err.rc, RC_NET);
	assert_string_equal(err.msg, want);
	assert_int_equal(sign_stamp_check(reply, len, sigfile, strlen(sigfile),
	    &when, NULL, &st, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	assert_string_equal(err.msg, want);
	free(reply);
	sign_stamp_query_free(q);
}

/*
 * Accuracy is the TSA's to claim, up to 2^63 - 1 seconds: such a claim
 * admits any capture time, and its bound must not overflow on the way.
 */
static void
test_huge_accuracy(void **state)
{
	struct error err;
	struct sign_stamp st;
	struct sign_trust *t = root("ca.pem");
	struct sign_stamp_query *q = new_query();
	time_t when = time(NULL) + (time_t)100 * 366 * 86400;
	char *reply;
	size_t len;

	(void)state;
	reply = tsa_reply(q, "accuracy", &len);
	assert_int_equal(sign_stamp_accept(q, reply, len, &when, t, &st,
	    &err), 0);
	assert_string_equal(st.tsa, "clipseal test TSA");
	assert_int_equal(sign_stamp_check(reply, len, sigfile, strlen(sigfile),
	    &when, t, &st, &err), 0);
	free(reply);
	sign_stamp_query_free(q);
	sign_trust_free(t);
}

static char *
find(char *hay, size_t len, const void *needle, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* The 15 ASCII bytes "YYYYMMDDhhmmssZ" of genTime inside a reply. */
static char *
find_gen_time(char *reply, size_t len, const char *rfc3339)
{
	static const int at[] = { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15,
	    17, 18 };
	char der[17] = { 0x18, 0x0f };
	size_t i;

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		der[2 + i] = rfc3339[at[i]];
	der[16] = 'Z';
	reply = find(reply, len, der, 17);
	return reply ? reply + 2 : NULL;
}

static void
test_check_stored_stamp(void **state)
{
	struct error err;
	struct sign_stamp st;
	struct sign_trust *t = root("ca.pem");
	struct sign_stamp_query *q = new_query();
	unsigned char md[DIGEST_LEN];
	char *reply, *copy, *gen, *imprint;
	size_t len, i;

	(void)state;
	reply = tsa_reply(q, "good", &len);
	assert_int_equal(sign_stamp_check(reply, len, "other", 5, NULL, t,
	    &st, &err), -1);
	assert_int_equal(err.rc, RC_NO);
	assert_string_equal(err.msg, "time stamp is for other data");
	copy = xmalloc(len + 1);
	memcpy(copy, reply, len);
	copy[len] = 0;
	assert_int_equal(sign_stamp_check(copy, len + 1, sigfile,
	    strlen(sigfile), NULL, t, &st, &err), -1);
	assert_string_equal(err.msg, "data after the TimeStampResp");
	/*
	 * Every byte of the genTime and of the imprint is signed: changing
	 * any of them is caught (CMS leaves other bytes, such as the status
	 * or the signature's algorithm parameters, outside the signature).
	 */
	assert_int_equal(sign_stamp_check(reply, len, sigfile, strlen(sigfile),
	    NULL, t, &st, &err), 0);
	gen = find_gen_time(reply, len, st.gen_time);
	digest_sha256(sigfile, strlen(sigfile), md);
	imprint = find(reply, len, md, sizeof(md));
	assert_non_null(gen);
	assert_non_null(imprint);
	for (i = 0; i < 15 + sizeof(md); i++) {
		size_t at = i < 15 ? (size_t)(gen - reply) + i :
		    (size_t)(imprint - reply) + i - 15;

		memcpy(copy, reply, len);
		copy[at] ^= 0x01;
		assert_int_equal(sign_stamp_check(copy, len, sigfile,
		    strlen(sigfile), NULL, t, &st, &err), -1);
		assert_int_equal(err.rc, RC_NO);
		assert_int_equal(sign_stamp_check(copy, len, sigfile,
		    strlen(sigfile), NULL, NULL, &st, &err), -1);
	}
	free(copy);
	free(reply);
	sign_stamp_query_free(q);
	sign_trust_free(t);
}

/* A stamp over a query made by `openssl ts -query` checks the same. */
static void
test_check_stock_tool_stamp(void **state)
{
	struct error err;
	struct sign_stamp st;
	struct sign_trust *t = root("ca.pem");
	char *dpath = tpath("sigfile"), *qpath = tpath("stock.tsq");
	char *rpath = tpath("stock.tsr"), *reply;
	size_t len;

	(void)state;
	write_file(dpath, sigfile, strlen(sigfile), 0644);
	assert_int_equal(run("python3 tests/tsa.py query '%s' >'%s' && "
	    "python3 tests/tsa.py reply good '%s/pki' <'%s' >'%s'", dpath,
	    qpath, tmpdir, qpath, rpath), 0);
	reply = slurp(rpath, &len);
	assert_int_equal(sign_stamp_check(reply, len, sigfile, strlen(sigfile),
	    NULL, t, &st, &err), 0);
	assert_string_equal(st.tsa, "clipseal test TSA");
	free(reply);
	free(dpath);
	free(qpath);
	free(rpath);
	sign_trust_free(t);
}

static void
test_trust_load_refuses(void **state)
{
	struct error err;
	char *missing = tpath("missing.pem"), *empty = tpath("empty.pem");

	(void)state;
	assert_null(sign_trust_load(missing, &err));
	assert_int_equal(err.rc, RC_KEY);
	write_file(empty, "not a certificate\n", 18, 0644);
	assert_null(sign_trust_load(empty, &err));
	assert_int_equal(err.rc, RC_KEY);
	assert_string_equal(strrchr(err.msg, ':'),
	    ": no PEM certificate in the file");
	free(missing);
	free(empty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keygen_creates_files),
		cmocka_unit_test(test_keygen_refuses_existing),
		cmocka_unit_test(test_keygen_force_replaces),
		cmocka_unit_test(test_load_openssl_key),
		cmocka_unit_test(test_load_secret_too_open),
		cmocka_unit_test(test_load_secret_missing),
		cmocka_unit_test(test_load_secret_malformed),
		cmocka_unit_test(test_sign_verify_round_trip),
		cmocka_unit_test(test_sign_refuses_bad_input),
		cmocka_unit_test(test_verify_message_changed),
		cmocka_unit_test(test_verify_another_key),
		cmocka_unit_test(test_verify_trusted_comment_tampered),
		cmocka_unit_test(test_verify_malformed),
		cmocka_unit_test(test_public_small_order),
		cmocka_unit_test(test_public_malformed),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_interop_minisign_signify),
		cmocka_unit_test(test_query_is_rfc3161),
		cmocka_unit_test(test_accept_good_reply),
		cmocka_unit_test(test_refuse_other_tsa),
		cmocka_unit_test(test_refuse_bad_replies),
		cmocka_unit_test(test_refuse_truncated),
		cmocka_unit_test(test_time_before_capture),
		cmocka_unit_test(test_huge_accuracy),
		cmocka_unit_test(test_check_stored_stamp),
		cmocka_unit_test(test_check_stock_tool_stamp),
		cmocka_unit_test(test_trust_load_refuses),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
