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
 */
#ifndef CLIPSEAL_SIGN_H
#define CLIPSEAL_SIGN_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
