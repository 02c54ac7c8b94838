/*
 * seal: members <-> a deterministic tar.gz, through libarchive and zlib.
 *
 * Writing: regular files only, under one top directory, in the order given,
 * with mtime fixed by the caller, owner 0/0, no user or group names, mode
 * 0644, and a gzip header without name or time, so the same members give the
 * same bytes.  Reading is in memory and strict, since verify must reject an
 * archive that is anything but what seal_write could have produced: one gzip
 * stream and nothing after it, regular files under one top directory, no
 * absolute or ".." paths, no duplicates, each member under a size cap.
 * What the members mean (manifest, signature) is not seal's business.
 */
#ifndef CLIPSEAL_SEAL_H
#define CLIPSEAL_SEAL_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "digest.h"
#include "error.h"

#define SEAL_MAX_MEMBER ((size_t)64 << 20)
#define SEAL_MAX_MEMBERS 64
#define SEAL_MAX_FILE ((size_t)256 << 20)	/* compressed, when written */

struct seal_member {
	char *name;		/* path below the top directory */
	char *data;		/* NULL if seal_read_only did not keep it */
	size_t len;
};

struct seal_set {
	char *top;		/* the top directory name */
	struct seal_member *members;
	size_t n;
	char (*sha256)[DIGEST_HEX_LEN + 1];	/* members[i]'s, in hex */
};

/*
 * Appends to out the tar.gz of the n members under directory top, in the
 * given order.  Members are borrowed.  Fails with RC_SYS.
 */
int seal_write(const char *top, const struct seal_member *m, size_t n,
    time_t mtime, struct buf *out, struct error *err);

/*
 * Reads the archive at path into *out, every member with its bytes and
 * SHA-256.  Fails with RC_SYS (naming path) if the file cannot be read, and
 * RC_NO naming the flaw for anything that is not a well-formed archive:
 * corrupt or truncated gzip, a second gzip stream or bytes after the end,
 * bad paths, non-regular entries, duplicates, more than one top directory,
 * more than SEAL_MAX_MEMBERS members, a member over SEAL_MAX_MEMBER.
 */
int seal_read(const char *path, struct seal_set *out, struct error *err);

/* What seal_read_only accepts and keeps; NULL-terminated lists of names. */
struct seal_read_opts {
	const char *const *names;	/* the only members allowed; NULL: any */
	const char *const *keep;	/* members whose bytes are kept; NULL: all */
};

/*
 * seal_read, streaming: the archive is inflated as it is read, the members
 * not in o->keep are only hashed (data NULL), and reading stops at the first
 * header or byte that cannot be accepted (a member not in o->names fails as
 * "unknown member"), so memory stays within what is kept however much the
 * file would inflate to.
 */
int seal_read_only(const char *path, const struct seal_read_opts *o,
    struct seal_set *out, struct error *err);

/* The member called name, or NULL. */
const struct seal_member *seal_find(const struct seal_set *s, const char *name);

/* Frees what *s holds; accepts an empty or NULL set. */
void seal_release(struct seal_set *s);

#endif
