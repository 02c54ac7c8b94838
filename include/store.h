/*
 * store: files on disk that must never be seen half-written, and the
 * archive store with its index.
 *
 * Every write goes to a temporary file in the target directory, is fsynced,
 * renamed over the final name and the directory fsynced, so a crash leaves
 * either the old file or the new one.
 *
 * A store holds every version of every URL as <host>/<url-slug>/
 * <archive>.tar.gz, and these archives are the truth.  It is a directory
 * or, named s3://BUCKET/PREFIX, the same layout under a prefix of an S3
 * bucket (see s3.h); the commands see one and the same store either way.
 * The index (SQLite, WAL) is a cache of what the archives say, for quick
 * lookups: STORE/index.sqlite for a directory, a file under
 * $XDG_CACHE_HOME/clipseal/s3/ on this machine for a bucket.  A missing or
 * corrupt index is set aside and started afresh, never fatal, and the
 * command layer refills it from the archives (reindex); a reader refills
 * its own copy in memory instead.  STORE/lock is what `run` and `reindex`
 * hold with flock so two writers never overlap; a bucket, shared by many
 * machines, has no lock, and every archive goes into it with one PUT.
 * Nothing here reads an archive: callers pass what they read.
 */
#ifndef CLIPSEAL_STORE_H
#define CLIPSEAL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "error.h"

/*
 * Writes len bytes to dir/name atomically with the given mode.  Fails with
 * RC_SYS naming the path; a failed write leaves no temporary file behind.
 */
int store_write(const char *dir, const char *name, const void *data,
    size_t len, mode_t mode, struct error *err);

struct store;

/* One stored version of a URL, as the index holds it. */
struct store_version {
	char *norm_url;		/* identity: url_normalize() of the URL */
	char *url;		/* the URL as requested */
	char *fetched_at;	/* RFC 3339 UTC */
	char *content_sha256;
	char *manifest_sha256;	/* SHA-256 of the archive's SHA256 member */
	char *archive;		/* path relative to the store */
	char *title;
	char *etag;
	char *last_modified;
	long words_added;	/* since the version before; -1: not known */
	long words_removed;
	char *stamped_at;	/* the time stamp's time, "invalid", or NULL */
	long long file_size;	/* of the archive as indexed; -1: unknown */
	long long file_mtime;	/* in nanoseconds */
	char *previous;		/* manifest hash of the version before, or NULL */
};

void store_version_release(struct store_version *v);

/*
 * The default store: $CLIPSEAL_STORE, else $XDG_DATA_HOME/clipseal/store,
 * else $HOME/.local/share/clipseal/store.  Caller frees; NULL (RC_USAGE)
 * when none of these is set.
 */
char *store_default_path(struct error *err);

/* How a command uses the store. */
enum store_mode {
	/*
	 * log, diff, verify --chain: nothing on disk is created, locked,
	 * swept or repaired.  The index is a private copy in memory of
	 * index.sqlite, taken only while no writer has it open; writes to it
	 * are never saved.
	 */
	STORE_READ,
	/*
	 * run, reindex: the store is created if missing and locked, a
	 * corrupt index set aside, stale temporary files removed.
	 */
	STORE_WRITE
};

/*
 * Opens the store at path.  STORE_READ fails with RC_SYS ("<path>: no store
 * here") unless path is a directory holding an index or a lock file, and
 * copies the index's rows into memory only when no writer has it open and
 * it is unchanged meanwhile; otherwise (or for an index without word
 * counts) it starts an empty one in memory, and store_index_fresh() says
 * so.  STORE_WRITE creates the store if needed and takes its exclusive lock
 * without waiting: RC_LOCK ("<store>: another clipseal run holds the lock")
 * having touched nothing else if another process holds it.  An index that
 * cannot be read is renamed index.sqlite.corrupt and a new one made;
 * store_index_fresh() then says so.  RC_SYS on other failures.
 */
struct store *store_open(const char *path, enum store_mode mode,
    struct error *err);

/*
 * STORE_READ for the versions of norm_url alone: the reader's copy holds
 * only that URL's rows, so opening costs what the URL has, not what the
 * store has.
 */
struct store *store_open_url(const char *path, const char *norm_url,
    struct error *err);

/*
 * Writes what the index's WAL holds into index.sqlite and syncs both, so a
 * failing disk is reported here rather than lost in store_close, which
 * cannot say.  RC_SYS naming the index.
 */
int store_sync(struct store *s, struct error *err);

/* Closes the index, releases the lock; accepts NULL. */
void store_close(struct store *s);

/* The store's name as given: its directory, or "s3://BUCKET/PREFIX". */
const char *store_root(const struct store *s);

/* "<store>/<rel>": the archive rel as commands name it; caller frees. */
char *store_archive_name(const struct store *s, const char *rel);

/* A local file that holds one archive of the store, to be read. */
struct store_file {
	char *path;		/* the file to read */
	char *name;		/* the archive as store_archive_name gives it */
	bool temporary;		/* a copy that store_file_release removes */
};

/*
 * Makes the archive rel readable as a local file: a directory's own file,
 * or a bucket's object downloaded to a temporary file.  Release *f with
 * store_file_release, also after a failure (RC_SYS naming the archive).
 */
int store_file_get(struct store *s, const char *rel, struct store_file *f,
    struct error *err);

void store_file_release(struct store_file *f);

/*
 * Records in v the size and mtime of the archive rel as it is now, so that
 * one written again later (a time stamp added) is seen to differ; -1 when
 * the backend cannot say (a bucket), and the index then trusts the name.
 */
void store_file_stat(struct store *s, const char *rel,
    struct store_version *v);

/*
 * Puts len bytes as the archive rel ("<host>/<slug>/<name>.tar.gz") in
 * one step: nothing half-written is ever seen under that name.  A new
 * archive (replace false) never replaces one that a concurrent writer put
 * under the same name: 1 then, nothing written.  replace is for writing
 * an archive again (a time stamp added).  0 when stored; -1 with RC_SYS;
 * STORE_WRITE only.
 */
int store_put(struct store *s, const char *rel, const void *data, size_t len,
    bool replace, struct error *err);

/* True when the index holds nothing: the caller refills it from the archives. */
bool store_index_fresh(const struct store *s);

/*
 * Whether the index lists exactly the archives on disk for norm_url, whose
 * directory is dir (both NULL: every archive of the store), each as it is
 * now (size and mtime, where the backend says) and with its word counts:
 * 1 if so, 0 if not, -1 on error.
 */
int store_index_current(struct store *s, const char *norm_url,
    const char *dir, struct error *err);

/*
 * The newest version of norm_url in the index: 1 and *out filled (caller
 * releases), 0 if there is none, -1 on error.
 */
int store_latest(struct store *s, const char *norm_url,
    struct store_version *out, struct error *err);

/* Adds a version (an archive already in place).  Idempotent per archive. */
int store_add(struct store *s, const struct store_version *v,
    struct error *err);

/*
 * Stages versions for store_stage_apply, outside the index: a refill reads
 * archives a directory at a time, stages them (on disk, so memory does not
 * grow with the store) and takes the index's write lock only to apply.
 * store_stage_begin empties the stage first.
 */
int store_stage_begin(struct store *s, struct error *err);
int store_stage(struct store *s, const struct store_version *v,
    struct error *err);

/*
 * In one transaction, forgets norm_url's versions (NULL: empties the index
 * of versions and checks) and adds those staged; the stage is emptied.
 */
int store_stage_apply(struct store *s, const char *norm_url,
    struct error *err);

/* Forgets every version of norm_url (before re-adding them from disk). */
int store_forget(struct store *s, const char *norm_url, struct error *err);

/*
 * Records that the archive rel was written again with a time stamp of
 * stamped_at, and its file as it is now: the index stays current without
 * reading the archive back, on every backend.
 */
int store_note_stamp(struct store *s, const char *rel, const char *stamped_at,
    struct error *err);

/* Records the outcome of a check of a URL ("archived", "unchanged", ...). */
int store_note_check(struct store *s, const char *norm_url, const char *url,
    time_t when, const char *outcome, struct error *err);

/*
 * Calls fn for every version of norm_url (every URL if NULL), oldest first
 * per URL, URLs in order; stops early when fn returns non-zero.
 */
int store_each(struct store *s, const char *norm_url,
    int (*fn)(const struct store_version *v, void *arg), void *arg,
    struct error *err);

/*
 * Empties the index of versions and checks; inside store_begin/commit the
 * emptying and the refill are seen together or not at all.
 */
int store_clear(struct store *s, struct error *err);

/* Brackets many writes in one transaction (one fsync, not one per row). */
int store_begin(struct store *s, struct error *err);
int store_commit(struct store *s, struct error *err);

/*
 * Lists the archives under dir (relative to the store; NULL for all of
 * them), sorted by path, as paths relative to the store.  In STORE_WRITE,
 * stale temporary files of an interrupted write are removed on the way (a
 * reader must not: they may be a running writer's).
 */
int store_archives(struct store *s, const char *dir, char ***paths,
    size_t *n, struct error *err);

void store_free_list(char **paths, size_t n);

#endif
