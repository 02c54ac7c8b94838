#include <stdlib.h>

#include <openssl/evp.h>

#include "digest.h"

void
digest_sha256(const void *data, size_t len, unsigned char out[DIGEST_LEN])
{
	unsigned int n = DIGEST_LEN;

	/* EVP_Digest with SHA-256 fails only on allocation failure. */
	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1)
		abort();
}

void
digest_sha256_hex(const void *data, size_t len, char out[DIGEST_HEX_LEN + 1])
{
	unsigned char md[DIGEST_LEN];

	digest_sha256(data, len, md);
	digest_hex(md, sizeof(md), out);
}

void
digest_hex(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The EVP calls below fail only on allocation failure, as EVP_Digest does. */
struct digest_ctx *
digest_sha256_new(void)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (c == NULL || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		abort();
	return (struct digest_ctx *)c;
}

void
digest_update(struct digest_ctx *c, const void *data, size_t len)
{
	if (len > 0 && EVP_DigestUpdate((EVP_MD_CTX *)c, data, len) != 1)
		abort();
}

void
digest_final_hex(struct digest_ctx *c, char out[DIGEST_HEX_LEN + 1])
{
	unsigned char md[DIGEST_LEN];
	unsigned int n = DIGEST_LEN;

	if (EVP_DigestFinal_ex((EVP_MD_CTX *)c, md, &n) != 1)
		abort();
	EVP_MD_CTX_free((EVP_MD_CTX *)c);
	digest_hex(md, sizeof(md), out);
}

void
digest_md5_base64(const void *data, size_t len,
    char out[DIGEST_MD5_B64_LEN + 1])
{
	unsigned char md[16];
	unsigned int n = sizeof(md);

	if (EVP_Digest(data, len, md, &n, EVP_md5(), NULL) != 1)
		abort();
	EVP_EncodeBlock((unsigned char *)out, md, (int)sizeof(md));
}
