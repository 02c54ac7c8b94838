#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "digest.h"
#include "file.h"
#include "sign.h"
#include "xalloc.h"

#define SIGN_PK_LEN 32
#define SIGN_SIG_LEN 64
#define SIGN_ALG_LEN 2
#define SIGN_PUB_BLOB_LEN (SIGN_ALG_LEN + SIGN_ID_LEN + SIGN_PK_LEN)
#define SIGN_SIG_BLOB_LEN (SIGN_ALG_LEN + SIGN_ID_LEN + SIGN_SIG_LEN)

/* Caps on untrusted input, checked before anything is allocated for it. */
#define SIGN_SECRET_MAX ((size_t)64 << 10)
#define SIGN_PUBLIC_MAX ((size_t)4 << 10)
#define SIGN_SIGFILE_MAX ((size_t)64 << 10)

/*
 * minisign reads the trusted comment line into a fixed buffer of about
 * 8 KiB; staying well below it keeps our signatures verifiable there.
 */
#define SIGN_COMMENT_MAX 4096

static const char alg_ed[SIGN_ALG_LEN] = { 'E', 'd' };
static const char untrusted_hdr[] = "untrusted comment: ";
static const char trusted_hdr[] = "trusted comment: ";

struct sign_key {
	EVP_PKEY *pkey;
	unsigned char pk[SIGN_PK_LEN];
	unsigned char id[SIGN_ID_LEN];
	bool secret;
};

/*
 * Encodings of the points of small order, the y coordinate little-endian
 * with the sign bit of x masked off (libsodium's blocklist): y = 0 (order
 * 4), y = 1 (the identity), the two y of the order-8 points, y = p - 1
 * (order 2), and the non-canonical y = p and y = p + 1.  A public key equal
 * to one of these verifies signatures that no secret key made.  The all-zero
 * key is the first entry.
 */
static const unsigned char small_order[][SIGN_PK_LEN] = {
	{ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
	{ 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
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
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f }
};

static bool
is_small_order(const unsigned char pk[SIGN_PK_LEN])
{
	size_t i;

	for (i = 0; i < sizeof(small_order) / sizeof(small_order[0]); i++) {
		if (memcmp(pk, small_order[i], SIGN_PK_LEN - 1) == 0 &&
		    (pk[SIGN_PK_LEN - 1] & 0x7f) ==
		    small_order[i][SIGN_PK_LEN - 1])
			return true;
	}
	return false;
}

/* The reason for the last OpenSSL failure; clears the error queue. */
static const char *
ossl_reason(void)
{
	const char *s = ERR_reason_error_string(ERR_peek_last_error());

	ERR_clear_error();
	return s ? s : "unknown OpenSSL error";
}

static void
wipe_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	OPENSSL_cleanse(p, len);
	free(p);
}

static void
key_id(const unsigned char pk[SIGN_PK_LEN], unsigned char id[SIGN_ID_LEN])
{
	unsigned char md[DIGEST_LEN];

	digest_sha256(pk, SIGN_PK_LEN, md);
	memcpy(id, md, SIGN_ID_LEN);
}

static void
id_hex(const unsigned char id[SIGN_ID_LEN], char out[SIGN_ID_HEX_LEN + 1])
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < SIGN_ID_LEN; i++) {
		out[2 * i] = hex[id[i] >> 4];
		out[2 * i + 1] = hex[id[i] & 0x0f];
	}
	out[SIGN_ID_HEX_LEN] = '\0';
}

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Strict base64: whole quartets, padding only at the end, no whitespace,
 * unused bits zero (so each byte string has exactly one encoding).  Decodes
 * into out only if the result is exactly want bytes; returns 0 or -1.
 */
static int
b64_decode(const char *in, size_t in_len, unsigned char *out, size_t want)
{
	size_t i, n = 0, pad = 0;
	unsigned long acc;
	int v[4], j;

	if (in_len == 0 || in_len % 4 != 0)
		return -1;
	if (in[in_len - 1] == '=')
		pad = in[in_len - 2] == '=' ? 2 : 1;
	if (in_len / 4 * 3 - pad != want)
		return -1;
	for (i = 0; i < in_len; i += 4) {
		for (j = 0; j < 4; j++) {
			if (i + 4 == in_len && j >= 4 - (int)pad)
				v[j] = 0;
			else
				v[j] = b64_value((unsigned char)in[i + j]);
			if (v[j] < 0)
				return -1;
		}
		acc = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
		    (unsigned long)v[2] << 6 | (unsigned long)v[3];
		if (i + 4 == in_len && pad == 2 && (acc & 0xffff) != 0)
			return -1;
		if (i + 4 == in_len && pad == 1 && (acc & 0xff) != 0)
			return -1;
		out[n++] = (unsigned char)(acc >> 16);
		if (n < want)
			out[n++] = (unsigned char)(acc >> 8);
		if (n < want)
			out[n++] = (unsigned char)acc;
	}
	return 0;
}

/* Appends base64(in) without a newline; out's cap is the caller's. */
static int
b64_append(struct buf *out, const unsigned char *in, size_t len)
{
	char enc[4 * ((SIGN_SIG_BLOB_LEN + 2) / 3) + 1];
	int n;

	if (len > SIGN_SIG_BLOB_LEN)
		return -1;
	n = EVP_EncodeBlock((unsigned char *)enc, in, (int)len);
	if (n < 0)
		return -1;
	return buf_add(out, enc, (size_t)n);
}

/*
 * Reads at most max bytes of fd into a new NUL-terminated buffer of
 * max + 2 bytes (so a secret is never copied by a realloc).  NULL with
 * errno set on a read error, or EFBIG if the file is longer.
 */
static char *
read_capped(int fd, size_t max, size_t *len)
{
	char *p = xmalloc(max + 2);
	size_t n = 0;
	ssize_t r;
	int saved;

	while (n <= max) {
		r = read(fd, p + n, max + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		errno = EFBIG;
		goto fail;
	}
	p[n] = '\0';
	*len = n;
	return p;
fail:
	saved = errno;
	wipe_free(p, max + 2);
	errno = saved;
	return NULL;
}

static int
ed_sign(EVP_PKEY *pkey, const void *msg, size_t len,
    unsigned char sig[SIGN_SIG_LEN])
{
	EVP_MD_CTX *ctx;
	size_t sig_len = SIGN_SIG_LEN;
	int rc = -1;

	ctx = EVP_MD_CTX_new();
	if (ctx == NULL)
		goto out;
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) != 1)
		goto out;
	if (EVP_DigestSign(ctx, sig, &sig_len, msg ? msg : "", len) != 1)
		goto out;
	if (sig_len != SIGN_SIG_LEN)
		goto out;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* 1 if sig is valid, 0 if not, -1 if OpenSSL could not check it. */
static int
ed_verify(EVP_PKEY *pkey, const void *msg, size_t len,
    const unsigned char sig[SIGN_SIG_LEN])
{
	EVP_MD_CTX *ctx;
	int rc = -1;

	ctx = EVP_MD_CTX_new();
	if (ctx == NULL)
		goto out;
	if (EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) != 1)
		goto out;
	rc = EVP_DigestVerify(ctx, sig, SIGN_SIG_LEN, msg ? msg : "", len)
	    == 1;
	ERR_clear_error();
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

char *
sign_default_path(struct error *err)
{
	const char *s;

	s = getenv("CLIPSEAL_KEY");
	if (s != NULL && *s != '\0')
		return xstrdup(s);
	s = getenv("XDG_CONFIG_HOME");
	if (s != NULL && *s == '/')
		return xasprintf("%s/clipseal/key", s);
	s = getenv("HOME");
	if (s != NULL && *s != '\0')
		return xasprintf("%s/.config/clipseal/key", s);
	error_set(err, RC_KEY,
	    "cannot find a home directory for the default key; use -k");
	return NULL;
}

static char *
parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Writes, syncs and closes fd, which is closed in any case. */
static int
finish_file(int fd, const void *data, size_t len)
{
	int saved;

	if (file_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

/* Creates path, which must not exist yet, as a 0600 file holding data. */
static int
write_new(const char *path, const void *data, size_t len, struct error *err)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0 && errno == EEXIST)
		return error_set(err, RC_KEY,
		    "%s: key exists; use --force to replace it", path);
	if (fd < 0)
		return error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
	if (finish_file(fd, data, len) < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * Writes data to a temporary file beside path (created 0600 and O_EXCL by
 * mkstemp), gives it mode, syncs it and renames it over path, so a reader
 * or a crash sees the old file or the new one, never a mix.
 */
static int
write_replace(const char *path, const void *data, size_t len, mode_t mode,
    struct error *err)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", path);
	int fd, rc = -1;

	fd = mkstemp(tmp);
	if (fd < 0) {
		error_set(err, RC_SYS, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
	    (mode != 0600 && fchmod(fd, mode) < 0)) {
		error_set(err, RC_SYS, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (finish_file(fd, data, len) < 0) {
		error_set(err, RC_SYS, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

static struct sign_key *
key_from_pkey(EVP_PKEY *pkey, bool secret)
{
	struct sign_key *k;
	size_t len = SIGN_PK_LEN;

	k = xcalloc(1, sizeof(*k));
	if (EVP_PKEY_get_raw_public_key(pkey, k->pk, &len) != 1 ||
	    len != SIGN_PK_LEN) {
		ERR_clear_error();
		free(k);
		return NULL;
	}
	key_id(k->pk, k->id);
	k->pkey = pkey;
	k->secret = secret;
	return k;
}

static int
public_text(const struct sign_key *k, struct buf *out)
{
	unsigned char blob[SIGN_PUB_BLOB_LEN];
	char hex[SIGN_ID_HEX_LEN + 1];

	memcpy(blob, alg_ed, SIGN_ALG_LEN);
	memcpy(blob + SIGN_ALG_LEN, k->id, SIGN_ID_LEN);
	memcpy(blob + SIGN_ALG_LEN + SIGN_ID_LEN, k->pk, SIGN_PK_LEN);
	id_hex(k->id, hex);
	if (buf_addf(out, "%sclipseal public key %s\n", untrusted_hdr,
	    hex) < 0 || b64_append(out, blob, sizeof(blob)) < 0 ||
	    buf_addch(out, '\n') < 0)
		return -1;
	return 0;
}

int
sign_keygen(const char *path, bool force, struct error *err)
{
	EVP_PKEY *pkey = NULL;
	struct sign_key *k = NULL;
	BIO *bio = NULL;
	char *pem = NULL, *dir = NULL, *pub_path = NULL;
	long pem_len = 0;
	struct buf pub = BUF_INIT(SIGN_PUBLIC_MAX);
	int rc = -1;

	dir = parent_dir(path);
	if (file_mkdirs(dir, 0700, err) < 0)
		goto out;
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (pkey == NULL) {
		error_set(err, RC_SYS, "cannot make an Ed25519 key: %s",
		    ossl_reason());
		goto out;
	}
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0,
	    NULL, NULL) != 1) {
		error_set(err, RC_SYS, "cannot encode the secret key: %s",
		    ossl_reason());
		goto out;
	}
	pem_len = BIO_get_mem_data(bio, &pem);
	if (pem_len <= 0 || pem == NULL) {
		error_set(err, RC_SYS, "cannot encode the secret key: %s",
		    ossl_reason());
		goto out;
	}
	k = key_from_pkey(pkey, true);
	if (k == NULL) {
		error_set(err, RC_SYS, "cannot read the new public key");
		goto out;
	}
	pkey = NULL;
	if (public_text(k, &pub) < 0) {
		error_set(err, RC_SYS, "cannot encode the public key");
		goto out;
	}
	pub_path = xasprintf("%s.pub", path);
	if (force) {
		if (write_replace(path, pem, (size_t)pem_len, 0600, err) < 0)
			goto out;
	} else if (write_new(path, pem, (size_t)pem_len, err) < 0) {
		goto out;
	}
	if (write_replace(pub_path, pub.data, pub.len, 0644, err) < 0)
		goto out;
	if (file_sync_dir(dir, err) < 0)
		goto out;
	rc = 0;
out:
	free(pub_path);
	buf_release(&pub);
	sign_key_free(k);
	if (pem != NULL && pem_len > 0)
		OPENSSL_cleanse(pem, (size_t)pem_len);
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	free(dir);
	return rc;
}

int
sign_write_public(const struct sign_key *k, const char *path,
    struct error *err)
{
	struct buf pub = BUF_INIT(SIGN_PUBLIC_MAX);
	char *dir = parent_dir(path);
	int rc = -1;

	if (public_text(k, &pub) < 0) {
		error_set(err, RC_SYS, "cannot encode the public key");
		goto out;
	}
	if (write_replace(path, pub.data, pub.len, 0644, err) < 0 ||
	    file_sync_dir(dir, err) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&pub);
	free(dir);
	return rc;
}

/* Refuses to prompt for a passphrase: our keys have none. */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

struct sign_key *
sign_load_secret(const char *path, struct error *err)
{
	struct sign_key *k = NULL;
	EVP_PKEY *pkey = NULL;
	BIO *bio = NULL;
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		error_set(err, RC_KEY, "%s: no such key (run clipseal keygen)",
		    path);
		goto out;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set(err, RC_KEY, "%s: not a regular file", path);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		error_set(err, RC_KEY, "%s: secret key is accessible by group "
		    "or others; run: chmod 600 %s", path, path);
		goto out;
	}
	data = read_capped(fd, SIGN_SECRET_MAX, &len);
	if (data == NULL && errno == EFBIG) {
		error_set(err, RC_KEY,
		    "%s: not an Ed25519 private key in PEM format", path);
		goto out;
	}
	if (data == NULL) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		goto out;
	}
	bio = BIO_new_mem_buf(data, (int)len);
	if (bio == NULL) {
		error_set(err, RC_SYS, "%s: %s", path, ossl_reason());
		goto out;
	}
	pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
	if (pkey == NULL || EVP_PKEY_is_a(pkey, "ED25519") != 1) {
		ERR_clear_error();
		error_set(err, RC_KEY,
		    "%s: not an Ed25519 private key in PEM format", path);
		goto out;
	}
	k = key_from_pkey(pkey, true);
	if (k == NULL) {
		error_set(err, RC_KEY,
		    "%s: not an Ed25519 private key in PEM format", path);
		goto out;
	}
	pkey = NULL;
out:
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	wipe_free(data, SIGN_SECRET_MAX + 2);
	if (fd >= 0)
		close(fd);
	return k;
}

/*
 * Splits the next LF-terminated line off [*p, end); NULL if there is none.
 * The line may hold no CR, so CRLF files are refused rather than misread.
 */
static const char *
next_line(const char **p, const char *end, size_t *len)
{
	const char *line = *p;
	const char *lf;

	if (line >= end)
		return NULL;
	lf = memchr(line, '\n', (size_t)(end - line));
	if (lf == NULL || memchr(line, '\r', (size_t)(lf - line)) != NULL)
		return NULL;
	*len = (size_t)(lf - line);
	*p = lf + 1;
	return line;
}

static bool
has_prefix(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(line, prefix, n) == 0;
}

/* Parses a public key file; returns a reason for the error message or NULL. */
static const char *
parse_public(const char *data, size_t len, unsigned char pk[SIGN_PK_LEN])
{
	unsigned char blob[SIGN_PUB_BLOB_LEN];
	unsigned char id[SIGN_ID_LEN];
	const char *p = data, *end = data + len, *line;
	size_t line_len;

	if (memchr(data, '\0', len) != NULL)
		return "NUL byte";
	line = next_line(&p, end, &line_len);
	if (line == NULL || !has_prefix(line, line_len, untrusted_hdr))
		return "first line must start with \"untrusted comment: \"";
	line = next_line(&p, end, &line_len);
	if (line == NULL)
		return "missing key line";
	if (p != end)
		return "trailing data after the key line";
	if (b64_decode(line, line_len, blob, sizeof(blob)) < 0)
		return "key line is not base64 of 42 bytes";
	if (memcmp(blob, alg_ed, SIGN_ALG_LEN) != 0)
		return "unsupported key algorithm";
	memcpy(pk, blob + SIGN_ALG_LEN + SIGN_ID_LEN, SIGN_PK_LEN);
	key_id(pk, id);
	if (memcmp(id, blob + SIGN_ALG_LEN, SIGN_ID_LEN) != 0)
		return "key id does not match the key";
	return NULL;
}

struct sign_key *
sign_load_public(const char *path, struct error *err)
{
	struct sign_key *k = NULL;
	EVP_PKEY *pkey = NULL;
	unsigned char pk[SIGN_PK_LEN];
	const char *why;
	char *data = NULL;
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		error_set(err, RC_KEY, "%s: no such public key", path);
		goto out;
	}
	if (fd < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		goto out;
	}
	data = read_capped(fd, SIGN_PUBLIC_MAX, &len);
	if (data == NULL && errno == EFBIG) {
		error_set(err, RC_KEY, "%s: malformed public key: larger "
		    "than %zu bytes", path, SIGN_PUBLIC_MAX);
		goto out;
	}
	if (data == NULL) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		goto out;
	}
	why = parse_public(data, len, pk);
	if (why != NULL) {
		error_set(err, RC_KEY, "%s: malformed public key: %s", path,
		    why);
		goto out;
	}
	if (is_small_order(pk)) {
		error_set(err, RC_KEY,
		    "%s: public key is a point of small order", path);
		goto out;
	}
	pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pk,
	    sizeof(pk));
	if (pkey == NULL) {
		error_set(err, RC_KEY, "%s: malformed public key: %s", path,
		    ossl_reason());
		goto out;
	}
	k = key_from_pkey(pkey, false);
	if (k == NULL) {
		error_set(err, RC_KEY, "%s: malformed public key", path);
		goto out;
	}
	pkey = NULL;
out:
	EVP_PKEY_free(pkey);
	free(data);
	if (fd >= 0)
		close(fd);
	return k;
}

void
sign_key_free(struct sign_key *k)
{
	if (k == NULL)
		return;
	/* EVP_PKEY_free wipes the secret scalar it holds. */
	EVP_PKEY_free(k->pkey);
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}

void
sign_key_id_hex(const struct sign_key *k, char out[SIGN_ID_HEX_LEN + 1])
{
	id_hex(k->id, out);
}

int
sign_message(const struct sign_key *k, const void *msg, size_t len,
    const char *trusted_comment, struct buf *out, struct error *err)
{
	unsigned char blob[SIGN_SIG_BLOB_LEN];
	unsigned char global[SIGN_SIG_LEN];
	unsigned char *sig = blob + SIGN_ALG_LEN + SIGN_ID_LEN;
	unsigned char *signed_comment = NULL;
	char hex[SIGN_ID_HEX_LEN + 1];
	struct buf text = BUF_INIT(SIGN_SIGFILE_MAX);
	size_t comment_len;
	int rc = -1;

	if (trusted_comment == NULL)
		trusted_comment = "";
	if (k == NULL || !k->secret)
		return error_set(err, RC_KEY, "signing needs a secret key");
	comment_len = strlen(trusted_comment);
	if (strpbrk(trusted_comment, "\r\n") != NULL)
		return error_set(err, RC_USAGE,
		    "trusted comment must be a single line");
	if (comment_len > SIGN_COMMENT_MAX)
		return error_set(err, RC_USAGE,
		    "trusted comment is longer than %d bytes",
		    SIGN_COMMENT_MAX);

	memcpy(blob, alg_ed, SIGN_ALG_LEN);
	memcpy(blob + SIGN_ALG_LEN, k->id, SIGN_ID_LEN);
	if (ed_sign(k->pkey, msg, len, sig) < 0) {
		error_set(err, RC_SYS, "cannot sign: %s", ossl_reason());
		goto out;
	}
	signed_comment = xmalloc(SIGN_SIG_LEN + comment_len);
	memcpy(signed_comment, sig, SIGN_SIG_LEN);
	memcpy(signed_comment + SIGN_SIG_LEN, trusted_comment, comment_len);
	if (ed_sign(k->pkey, signed_comment, SIGN_SIG_LEN + comment_len,
	    global) < 0) {
		error_set(err, RC_SYS, "cannot sign: %s", ossl_reason());
		goto out;
	}

	id_hex(k->id, hex);
	if (buf_addf(&text, "%ssignature from clipseal secret key %s\n",
	    untrusted_hdr, hex) < 0 ||
	    b64_append(&text, blob, sizeof(blob)) < 0 ||
	    buf_addf(&text, "\n%s%s\n", trusted_hdr, trusted_comment) < 0 ||
	    b64_append(&text, global, sizeof(global)) < 0 ||
	    buf_addch(&text, '\n') < 0) {
		error_set(err, RC_SYS, "cannot encode the signature");
		goto out;
	}
	if (buf_add(out, text.data, text.len) < 0) {
		error_set(err, RC_SYS, "signature larger than %zu bytes",
		    out->max);
		goto out;
	}
	rc = 0;
out:
	free(signed_comment);
	buf_release(&text);
	return rc;
}

int
sign_verify(const struct sign_key *k, const void *msg, size_t len,
    const char *sig, size_t sig_len, char **trusted_comment,
    struct error *err)
{
	unsigned char blob[SIGN_SIG_BLOB_LEN];
	unsigned char global[SIGN_SIG_LEN];
	const unsigned char *msg_sig = blob + SIGN_ALG_LEN + SIGN_ID_LEN;
	unsigned char *signed_comment = NULL;
	const char *p = sig, *end = sig + sig_len, *line, *comment;
	char sig_hex[SIGN_ID_HEX_LEN + 1], key_hex[SIGN_ID_HEX_LEN + 1];
	size_t line_len, comment_len;
	int ok, rc = -1;

	if (trusted_comment != NULL)
		*trusted_comment = NULL;
	if (k == NULL)
		return error_set(err, RC_KEY, "no public key to verify with");
	if (sig_len > SIGN_SIGFILE_MAX)
		return error_set(err, RC_NO,
		    "malformed signature: larger than %zu bytes",
		    SIGN_SIGFILE_MAX);
	if (sig == NULL || memchr(sig, '\0', sig_len) != NULL)
		return error_set(err, RC_NO, "malformed signature: NUL byte");

	line = next_line(&p, end, &line_len);
	if (line == NULL || !has_prefix(line, line_len, untrusted_hdr))
		return error_set(err, RC_NO, "malformed signature: first line "
		    "must start with \"%s\"", untrusted_hdr);
	line = next_line(&p, end, &line_len);
	if (line == NULL)
		return error_set(err, RC_NO,
		    "malformed signature: missing signature line");
	if (b64_decode(line, line_len, blob, sizeof(blob)) < 0)
		return error_set(err, RC_NO,
		    "malformed signature: signature line is not base64 of "
		    "%d bytes", SIGN_SIG_BLOB_LEN);
	line = next_line(&p, end, &line_len);
	if (line == NULL || !has_prefix(line, line_len, trusted_hdr))
		return error_set(err, RC_NO, "malformed signature: third line "
		    "must start with \"%s\"", trusted_hdr);
	comment = line + strlen(trusted_hdr);
	comment_len = line_len - strlen(trusted_hdr);
	line = next_line(&p, end, &line_len);
	if (line == NULL)
		return error_set(err, RC_NO, "malformed signature: missing "
		    "trusted comment signature line");
	if (b64_decode(line, line_len, global, sizeof(global)) < 0)
		return error_set(err, RC_NO, "malformed signature: trusted "
		    "comment signature line is not base64 of %d bytes",
		    SIGN_SIG_LEN);
	if (p != end)
		return error_set(err, RC_NO,
		    "malformed signature: trailing data after four lines");

	/* "ED" is minisign's prehashed variant, which we never make. */
	if (memcmp(blob, alg_ed, SIGN_ALG_LEN) != 0)
		return error_set(err, RC_NO, "unsupported signature algorithm");
	if (memcmp(blob + SIGN_ALG_LEN, k->id, SIGN_ID_LEN) != 0) {
		id_hex(blob + SIGN_ALG_LEN, sig_hex);
		id_hex(k->id, key_hex);
		return error_set(err, RC_NO,
		    "signed by another key (%s, expected %s)", sig_hex,
		    key_hex);
	}

	ok = ed_verify(k->pkey, msg, len, msg_sig);
	if (ok < 0) {
		error_set(err, RC_SYS, "cannot verify: %s", ossl_reason());
		goto out;
	}
	if (!ok) {
		error_set(err, RC_NO, "signature does not match");
		goto out;
	}
	signed_comment = xmalloc(SIGN_SIG_LEN + comment_len);
	memcpy(signed_comment, msg_sig, SIGN_SIG_LEN);
	memcpy(signed_comment + SIGN_SIG_LEN, comment, comment_len);
	ok = ed_verify(k->pkey, signed_comment, SIGN_SIG_LEN + comment_len,
	    global);
	if (ok < 0) {
		error_set(err, RC_SYS, "cannot verify: %s", ossl_reason());
		goto out;
	}
	if (!ok) {
		error_set(err, RC_NO,
		    "trusted comment signature does not match");
		goto out;
	}
	if (trusted_comment != NULL)
		*trusted_comment = xstrndup(comment, comment_len);
	rc = 0;
out:
	free(signed_comment);
	return rc;
}
