/*
 * digest: SHA-256 of byte strings, and hex encoding.
 *
 * Plumbing like buf and error: the content hash, the manifest, the removal
 * log and the WARC record ids all hash bytes, so one module owns the call to
 * OpenSSL's EVP digest.  Hex is lower-case.
 */
#ifndef CLIPSEAL_DIGEST_H
#define CLIPSEAL_DIGEST_H

#include <stddef.h>

#define DIGEST_LEN 32
#define DIGEST_HEX_LEN 64

void digest_sha256(const void *data, size_t len, unsigned char out[DIGEST_LEN]);

/* Writes the lower-case hex of SHA-256(data) and a NUL into out. */
void digest_sha256_hex(const void *data, size_t len,
    char out[DIGEST_HEX_LEN + 1]);

/* SHA-256 of bytes given piecewise: new, update, then final_hex frees it. */
struct digest_ctx;

struct digest_ctx *digest_sha256_new(void);
void digest_update(struct digest_ctx *c, const void *data, size_t len);
void digest_final_hex(struct digest_ctx *c, char out[DIGEST_HEX_LEN + 1]);

/* Writes 2*n lower-case hex digits and a NUL into out. */
void digest_hex(const unsigned char *in, size_t n, char *out);

#define DIGEST_MD5_B64_LEN 24

/*
 * Writes base64(MD5(data)) and a NUL into out: the Content-MD5 header
 * (RFC 1864) that object stores check an upload against.  Not for
 * anything that must resist forgery.
 */
void digest_md5_base64(const void *data, size_t len,
    char out[DIGEST_MD5_B64_LEN + 1]);

#endif
