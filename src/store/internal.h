/*
 * The store module's private header, shared by the files of src/store
 * only.  A store is its index (SQLite: store.c) in front of a backend, a
 * small table of operations on where the archives are: list them, read
 * one, put one, and lock or not.  Everything above the table is the same
 * for every backend, so no command knows which one it has.
 *
 *   store.c  opening, the index and its reader's copy, the calls that
 *            go through the table
 *   local.c  a directory: files written by temporary file, fsync and
 *            rename; flock on STORE/lock
 *   s3.c     a bucket: the listing is the truth, one PUT per archive,
 *            the index a cache file on this machine, no lock
 */
#ifndef CLIPSEAL_STORE_INTERNAL_H
#define CLIPSEAL_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "error.h"
#include "store.h"

struct store_ops {
	/*
	 * Makes the backend for s->root in s->mode ready and sets
	 * s->index_path (NULL: a reader's index starts empty in memory) and
	 * s->here (the store exists, for STORE_READ).  Creates nothing in
	 * STORE_READ.  Fails with err naming the store.
	 */
	int (*open)(struct store *s, struct error *err);
	/* Takes the writers' lock without waiting (RC_LOCK); NULL: none. */
	int (*lock)(struct store *s, struct error *err);
	/*
	 * Appends to *paths the archives under dir ("<host>/<slug>", NULL
	 * for all), relative to the store, in any order.
	 */
	int (*list)(struct store *s, const char *dir, char ***paths,
	    size_t *n, size_t *cap, struct error *err);
	/* A local file holding the archive rel, as store_file_get says. */
	int (*get)(struct store *s, const char *rel, struct store_file *f,
	    struct error *err);
	/* Puts the archive rel whole and at once, as store_put says. */
	int (*put)(struct store *s, const char *rel, const void *data,
	    size_t len, bool replace, struct error *err);
	/* Releases what open made; the index is closed already. */
	void (*close)(struct store *s);
	/*
	 * The size and mtime (ns) of the archive rel as it is now, so the
	 * index can tell an archive written again; NULL: the backend cannot
	 * say, and the index trusts the name alone.
	 */
	int (*stat)(struct store *s, const char *rel, long long *size,
	    long long *mtime);
};

extern const struct store_ops store_local_ops;
extern const struct store_ops store_s3_ops;

/* The statements `run` repeats per URL, prepared once per store. */
enum store_stmt {
	STMT_LATEST, STMT_ADD, STMT_FORGET, STMT_NOTE, STMT_STAMP,
	STMT_STAGE, STORE_STMT_COUNT
};

struct store {
	const struct store_ops *ops;
	void *backend;		/* the backend's own state */
	char *root;		/* the store's name: a path or s3://... */
	char *index_path;	/* the index file, or NULL */
	bool here;		/* STORE_READ: the store exists */
	sqlite3 *db;
	bool fresh;
	enum store_mode mode;
	sqlite3_stmt *stmts[STORE_STMT_COUNT];	/* prepared on first use */
};

/* Adds path (taken) to a growing list, as the list operation fills it. */
void store_list_add(char ***paths, size_t *n, size_t *cap, char *path);

#endif
