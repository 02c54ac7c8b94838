/*
 * sign: Ed25519 keys and signatures, through OpenSSL.
 *
 * Secret keys are PKCS#8 PEM files (what `openssl genpkey -algorithm ed25519`
 * writes), created 0600 and refused when group or others can read them.
 * Public keys and signatures use the signify/minisign formats with the
 * legacy algorithm id "Ed" (pure Ed25519 over the message): a public key file
 * is "untrusted comment: ..." and base64("Ed" + key id + 32-byte key); a
 * signature file has four lines: untrusted comment, base64("Ed" + key id +
 * 64-byte signature), "trusted comment: ...", and base64 of the signature of
 * (signature bytes + trusted comment text).  The key id is the first 8 bytes
 * of SHA-256 of the raw public key.  Key bytes are wiped before they are
 * freed.  The struct is opaque: nothing outside sees OpenSSL types.
 *
 * RFC 3161 time stamps go through OpenSSL's TS API (TS_REQ, TS_RESP,
 * TS_VERIFY_CTX): sign makes the request and checks a Time Stamping
 * Authority's reply, and a stored stamp, from bytes.  Sending the request is
 * the caller's business.  A stamp is the whole DER TimeStampResp, kept as
 * the TSA sent it, so `openssl ts -verify -in` reads it as it is.
 */
#ifndef CLIPSEAL_SIGN_H
#define CLIPSEAL_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "error.h"

#define SIGN_ID_LEN 8
#define SIGN_ID_HEX_LEN 16

struct sign_key;

/*
 * Returns the default secret key path: $CLIPSEAL_KEY, else
 * $XDG_CONFIG_HOME/clipseal/key, else $HOME/.config/clipseal/key.  The
 * caller frees it.  NULL (RC_KEY) if none of those variables is set.
 */
char *sign_default_path(struct error *err);

/*
 * Makes a key pair: the secret key at path (0600, O_EXCL|O_NOFOLLOW; an
 * existing file is replaced only with force, atomically) and the public key
 * at "<path>.pub".  Missing parent directories are created 0700.  Fails with
 * RC_KEY if the key exists and !force, RC_SYS on file errors.
 */
int sign_keygen(const char *path, bool force, struct error *err);

/*
 * Loads a secret key.  Fails with RC_KEY when it is missing, malformed, not
 * Ed25519, or readable by group or others (the message says to chmod 600).
 */
struct sign_key *sign_load_secret(const char *path, struct error *err);

/*
 * Loads a public key file.  Fails with RC_KEY when missing or malformed, or
 * when the key is a point of small order.
 */
struct sign_key *sign_load_public(const char *path, struct error *err);

/*
 * Writes the public half of k to path (0644, atomically), in the format
 * keygen writes to "<path>.pub": for a secret key made by another tool.
 */
int sign_write_public(const struct sign_key *k, const char *path,
    struct error *err);

/* Frees a key (secret bytes wiped); accepts NULL. */
void sign_key_free(struct sign_key *k);

/* Writes the key id as 16 upper-case hex digits and a NUL. */
void sign_key_id_hex(const struct sign_key *k, char out[SIGN_ID_HEX_LEN + 1]);

/*
 * Appends to out the 4-line signature file for msg, carrying
 * trusted_comment (one line, no LF).  k must be a secret key.
 */
int sign_message(const struct sign_key *k, const void *msg, size_t len,
    const char *trusted_comment, struct buf *out, struct error *err);

/*
 * Checks the signature file sig (sig_len bytes) over msg with public key k.
 * On success returns 0 and, if trusted_comment is not NULL, stores a copy of
 * the trusted comment text there (caller frees).  Fails with RC_NO naming
 * the reason: malformed signature file, signed by another key (both ids
 * named), signature or trusted comment not valid.
 */
int sign_verify(const struct sign_key *k, const void *msg, size_t len,
    const char *sig, size_t sig_len, char **trusted_comment,
    struct error *err);

/* Caps on a TSA reply and on a trust anchor file, checked before parsing. */
#define SIGN_STAMP_MAX ((size_t)128 << 10)
#define SIGN_TRUST_MAX ((size_t)1 << 20)

/*
 * How far a TSA's clock may be behind the capture's, besides the accuracy
 * the stamp itself claims: a stamp older than that is not believed.
 */
#define SIGN_STAMP_SKEW 300	/* seconds */

#define SIGN_TIME_LEN 20	/* "2026-11-25T14:05:39Z" */
#define SIGN_NAME_MAX 128

/* What a checked stamp says. */
struct sign_stamp {
	char gen_time[SIGN_TIME_LEN + 1];	/* genTime to the second, UTC */
	char tsa[SIGN_NAME_MAX];	/* the TSA certificate's subject CN,
					   control characters and quotes shown
					   as '?'; "" if it has none */
};

/* A TimeStampReq and the nonce its reply must carry. */
struct sign_stamp_query;

/*
 * Makes a version 1 request over SHA-256 of data, with a random 64-bit
 * nonce and certReq set (so the reply carries the TSA's certificate).
 * Fails with RC_SYS.
 */
struct sign_stamp_query *sign_stamp_query_new(const void *data, size_t len,
    struct error *err);

/* The DER bytes of q, to send as application/timestamp-query. */
const unsigned char *sign_stamp_query_der(const struct sign_stamp_query *q,
    size_t *len);

void sign_stamp_query_free(struct sign_stamp_query *q);

/* Trust anchors for TSA certificates. */
struct sign_trust;

/*
 * Loads the PEM certificates in the file at path (a bundle) as anchors.
 * Fails with RC_KEY when the file is missing, unreadable, larger than
 * SIGN_TRUST_MAX or holds no certificate.
 */
struct sign_trust *sign_trust_load(const char *path, struct error *err);

void sign_trust_free(struct sign_trust *t);

/*
 * Checks reply (len bytes), a TSA's answer to q: one DER TimeStampResp and
 * nothing after it; status granted; a token over q's imprint with q's
 * nonce; signed by the certificate it carries, which must be for time
 * stamping (extendedKeyUsage timeStamping, critical) and, when trust is not
 * NULL, chain to one of its anchors (at genTime); and, when not_before (the
 * capture time) is not NULL, a genTime no earlier than *not_before less the
 * stamp's accuracy and SIGN_STAMP_SKEW.  On success fills *st.  Fails with
 * RC_NET and the flaw ("nonce does not match the request", ...).
 */
int sign_stamp_accept(const struct sign_stamp_query *q, const void *reply,
    size_t len, const time_t *not_before, const struct sign_trust *trust,
    struct sign_stamp *st, struct error *err);

/*
 * Checks a stored stamp as sign_stamp_accept checks a reply, over SHA-256
 * of data and without a nonce.  Fails with RC_NO and the flaw ("time stamp
 * is for other data", ...), or RC_SYS when OpenSSL fails.
 */
int sign_stamp_check(const void *stamp, size_t len, const void *data,
    size_t data_len, const time_t *not_before,
    const struct sign_trust *trust, struct sign_stamp *st, struct error *err);

#endif
