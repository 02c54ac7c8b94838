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
