#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "file.h"
#include "internal.h"
#include "s3.h"
#include "xalloc.h"


/* A reader's copy of the index is held in memory; beyond this it is rebuilt. */
#define STORE_MAX_SNAPSHOT ((sqlite3_int64)256 << 20)

#define SCHEMA_TABLES \
	"CREATE TABLE IF NOT EXISTS versions (" \
	" norm_url TEXT NOT NULL, url TEXT NOT NULL," \
	" fetched_at TEXT NOT NULL, content_sha256 TEXT NOT NULL," \
	" manifest_sha256 TEXT NOT NULL, archive TEXT NOT NULL UNIQUE," \
	" title TEXT, etag TEXT, last_modified TEXT);" \
	"CREATE INDEX IF NOT EXISTS versions_url ON versions" \
	" (norm_url, fetched_at, archive);" \
	"CREATE TABLE IF NOT EXISTS checks (" \
	" norm_url TEXT PRIMARY KEY, url TEXT NOT NULL," \
	" checked_at TEXT NOT NULL, outcome TEXT NOT NULL);"

static const char schema[] = SCHEMA_TABLES;
static const char wal_schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=NORMAL;"
	SCHEMA_TABLES;

void
store_version_release(struct store_version *v)
{
	if (v == NULL)
		return;
	free(v->norm_url);
	free(v->url);
	free(v->fetched_at);
	free(v->content_sha256);
	free(v->manifest_sha256);
	free(v->archive);
	free(v->title);
	free(v->etag);
	free(v->last_modified);
	memset(v, 0, sizeof(*v));
}

char *
store_default_path(struct error *err)
{
	const char *v = getenv("CLIPSEAL_STORE");

	if (v && *v)
		return xstrdup(v);
	v = getenv("XDG_DATA_HOME");
	if (v && *v == '/')
		return xasprintf("%s/clipseal/store", v);
	v = getenv("HOME");
	if (v && *v)
		return xasprintf("%s/.local/share/clipseal/store", v);
	error_set(err, RC_USAGE, "cannot find a home directory for the "
	    "default store; use -s");
	return NULL;
}

static int
db_error(struct store *s, struct error *err)
{
	return error_set(err, RC_SYS, "%s: %s", s->index_path ?
	    s->index_path : s->root, sqlite3_errmsg(s->db));
}

static int check_index(struct store *s, struct error *err);

/*
 * Opens the index and checks that it is one: 0, or -1 (s->db NULL) when the
 * file is not an index and may be set aside, or -2 with err set when opening
 * or reading it failed, which says nothing about the index itself.
 */
static int
open_index(struct store *s, struct error *err)
{
	if (sqlite3_open_v2(s->index_path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		db_error(s, err);
		sqlite3_close(s->db);
		s->db = NULL;
		return -2;
	}
	return check_index(s, err);
}

static int
count_versions(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int n = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM versions", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * Reads index.sqlite whole into an in-memory database, as it is when no
 * writer has it open.  Even a read-only SQLite connection writes to a WAL
 * database's -shm file, and creates -wal and -shm when they are missing, so
 * a reader never opens the file through SQLite.  A writer's connection keeps
 * index.sqlite-wal in existence (a killed one leaves it behind); the copy is
 * taken only if there is none before and after the read and the file did not
 * change meanwhile.  -1 when no consistent copy could be had.
 */
static int
load_snapshot(struct store *s)
{
	char *wal = xasprintf("%s-wal", s->index_path);
	unsigned char *image = NULL;
	struct stat before, after, w;
	sqlite3_int64 len = 0;
	ssize_t got;
	int fd = -1, rc = -1;

	if (lstat(wal, &w) == 0 || errno != ENOENT)
		goto out;
	fd = open(s->index_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &before) < 0 || !S_ISREG(before.st_mode) ||
	    before.st_size < 512 || before.st_size > STORE_MAX_SNAPSHOT)
		goto out;
	image = sqlite3_malloc64((sqlite3_uint64)before.st_size);
	if (image == NULL)
		goto out;
	while (len < before.st_size) {
		got = read(fd, image + len, (size_t)(before.st_size - len));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			goto out;
		len += got;
	}
	if (stat(s->index_path, &after) < 0 || !same_file(&before, &after) ||
	    lstat(wal, &w) == 0 || errno != ENOENT)
		goto out;
	/* The header's WAL flag would send the in-memory copy to look for one. */
	if (image[18] == 2 && image[19] == 2)
		image[18] = image[19] = 1;
	if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		goto out;
	rc = sqlite3_deserialize(s->db, "main", image, len, len,
	    SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) ==
	    SQLITE_OK ? 0 : -1;
	image = NULL;
out:
	sqlite3_free(image);
	if (fd >= 0)
		close(fd);
	if (rc < 0) {
		sqlite3_close(s->db);
		s->db = NULL;
	}
	free(wal);
	return rc;
}

static bool
not_an_index(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* Checks that s->db is a sound index with its tables, as open_index says. */
static int
check_index(struct store *s, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = -2;

	sqlite3_busy_timeout(s->db, 5000);
	r = sqlite3_prepare_v2(s->db, "PRAGMA quick_check", -1, &st, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(st);
	if (r == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st,
	    0), "ok") != 0)
		r = SQLITE_CORRUPT;
	sqlite3_finalize(st);
	if (r == SQLITE_ROW)
		r = sqlite3_exec(s->db, s->mode == STORE_WRITE ? wal_schema :
		    schema, NULL, NULL, NULL);
	/* SQLite falls back to reading when it cannot open for writing. */
	if (r == SQLITE_OK && s->mode == STORE_WRITE &&
	    sqlite3_db_readonly(s->db, "main") != 0) {
		error_set(err, RC_SYS, "%s: cannot be opened for writing",
		    s->index_path);
		r = SQLITE_READONLY;
	} else if (r != SQLITE_OK && !not_an_index(r)) {
		db_error(s, err);
	}
	if (r == SQLITE_OK)
		rc = 0;
	else if (not_an_index(r))
		rc = -1;
	if (rc < 0) {
		sqlite3_close(s->db);
		s->db = NULL;
	}
	return rc;
}

/* A reader's copy of the index, or an empty one when none can be had. */
static int
open_read(struct store *s, struct error *err)
{
	struct error ignored;

	if (!s->here)
		return error_set(err, RC_SYS, "%s: no store here", s->root);
	if (s->index_path && load_snapshot(s) == 0 &&
	    check_index(s, &ignored) == 0) {
		s->fresh = count_versions(s) == 0;
		return 0;
	}
	s->fresh = true;
	if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK || check_index(s, &ignored) < 0)
		return error_set(err, RC_SYS, "%s: cannot make an index in "
		    "memory", s->root);
	return 0;
}

static int
open_write(struct store *s, struct error *err)
{
	struct stat st;
	int r;

	if (s->ops->lock && s->ops->lock(s, err) < 0)
		return -1;
	s->fresh = stat(s->index_path, &st) < 0;
	r = open_index(s, err);
	if (r == -2)
		return -1;
	if (r < 0) {
		/* The archives are the truth: set the index aside, start over. */
		char *aside = xasprintf("%s.corrupt", s->index_path);
		char *wal = xasprintf("%s-wal", s->index_path);
		char *shm = xasprintf("%s-shm", s->index_path);
		r = rename(s->index_path, aside);
		unlink(wal);
		unlink(shm);
		free(aside);
		free(wal);
		free(shm);
		if (r < 0)
			return error_set(err, RC_SYS, "%s: cannot set it aside: "
			    "%s", s->index_path, strerror(errno));
		if (open_index(s, err) < 0)
			return -1;
		s->fresh = true;
	}
	if (!s->fresh && count_versions(s) == 0)
		s->fresh = true;
	return 0;
}

struct store *
store_open(const char *spec, enum store_mode mode, struct error *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int rc;

	s->ops = s3_is_url(spec) ? &store_s3_ops : &store_local_ops;
	s->root = xstrdup(spec);
	s->mode = mode;
	rc = s->ops->open(s, err);
	if (rc == 0)
		rc = mode == STORE_WRITE ? open_write(s, err) :
		    open_read(s, err);
	if (rc < 0) {
		store_close(s);
		return NULL;
	}
	return s;
}

int
store_sync(struct store *s, struct error *err)
{
	if (sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL) != SQLITE_OK)
		return db_error(s, err);
	return 0;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	if (s->ops)
		s->ops->close(s);
	free(s->index_path);
	free(s->root);
	free(s);
}

const char *
store_root(const struct store *s)
{
	return s->root;
}

bool
store_index_fresh(const struct store *s)
{
	return s->fresh;
}

static char *
column(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static void
row_to_version(sqlite3_stmt *st, struct store_version *v)
{
	v->norm_url = column(st, 0);
	v->url = column(st, 1);
	v->fetched_at = column(st, 2);
	v->content_sha256 = column(st, 3);
	v->manifest_sha256 = column(st, 4);
	v->archive = column(st, 5);
	v->title = column(st, 6);
	v->etag = column(st, 7);
	v->last_modified = column(st, 8);
}

#define VERSION_COLUMNS "norm_url, url, fetched_at, content_sha256, " \
	"manifest_sha256, archive, title, etag, last_modified"

int
store_latest(struct store *s, const char *norm_url,
    struct store_version *out, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(s->db, "SELECT " VERSION_COLUMNS
	    " FROM versions WHERE norm_url = ?"
	    " ORDER BY fetched_at DESC, archive DESC LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK)
		return db_error(s, err);
	sqlite3_bind_text(st, 1, norm_url, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_to_version(st, out);
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = db_error(s, err);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
exec_bound(struct store *s, const char *sql, const char *const *args,
    int nargs, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int i, rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err);
	for (i = 0; i < nargs; i++)
		sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, err);
	sqlite3_finalize(st);
	return rc;
}

int
store_add(struct store *s, const struct store_version *v,
    struct error *err)
{
	const char *args[] = {
		v->norm_url, v->url, v->fetched_at, v->content_sha256,
		v->manifest_sha256, v->archive, v->title, v->etag,
		v->last_modified
	};

	return exec_bound(s, "INSERT OR REPLACE INTO versions ("
	    VERSION_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", args, 9,
	    err);
}

int
store_forget(struct store *s, const char *norm_url, struct error *err)
{
	return exec_bound(s, "DELETE FROM versions WHERE norm_url = ?",
	    &norm_url, 1, err);
}

int
store_note_check(struct store *s, const char *norm_url, const char *url,
    time_t when, const char *outcome, struct error *err)
{
	char at[32];
	struct tm tm;
	const char *args[4];

	gmtime_r(&when, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	args[0] = norm_url;
	args[1] = url;
	args[2] = at;
	args[3] = outcome;
	return exec_bound(s, "INSERT OR REPLACE INTO checks (norm_url, url, "
	    "checked_at, outcome) VALUES (?, ?, ?, ?)", args, 4, err);
}

int
store_each(struct store *s, const char *norm_url,
    int (*fn)(const struct store_version *v, void *arg), void *arg,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(s->db, norm_url ?
	    "SELECT " VERSION_COLUMNS " FROM versions WHERE norm_url = ?"
	    " ORDER BY fetched_at, archive" :
	    "SELECT " VERSION_COLUMNS " FROM versions"
	    " ORDER BY norm_url, fetched_at, archive", -1, &st,
	    NULL) != SQLITE_OK)
		return db_error(s, err);
	if (norm_url)
		sqlite3_bind_text(st, 1, norm_url, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_version v = { 0 };

		row_to_version(st, &v);
		stop = fn(&v, arg);
		store_version_release(&v);
	}
	if (!stop && rc != SQLITE_DONE)
		rc = db_error(s, err);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int
store_clear(struct store *s, struct error *err)
{
	if (sqlite3_exec(s->db, "DELETE FROM versions; DELETE FROM checks;",
	    NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err);
	return 0;
}

int
store_begin(struct store *s, struct error *err)
{
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err);
	return 0;
}

int
store_commit(struct store *s, struct error *err)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err);
	return 0;
}

static int
compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
store_list_add(char ***paths, size_t *n, size_t *cap, char *path)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*paths = xrealloc(*paths, *cap * sizeof(**paths));
	}
	(*paths)[(*n)++] = path;
}

int
store_archives(struct store *s, const char *dir, char ***paths, size_t *n,
    struct error *err)
{
	size_t cap = 0;

	*paths = NULL;
	*n = 0;
	if (s->ops->list(s, dir, paths, n, &cap, err) < 0) {
		store_free_list(*paths, *n);
		*paths = NULL;
		*n = 0;
		return -1;
	}
	if (*n)
		qsort(*paths, *n, sizeof(**paths), compare_paths);
	return 0;
}

char *
store_archive_name(const struct store *s, const char *rel)
{
	return xasprintf("%s/%s", s->root, rel);
}

int
store_file_get(struct store *s, const char *rel, struct store_file *f,
    struct error *err)
{
	memset(f, 0, sizeof(*f));
	return s->ops->get(s, rel, f, err);
}

void
store_file_release(struct store_file *f)
{
	if (f == NULL)
		return;
	if (f->temporary && f->path)
		unlink(f->path);
	free(f->path);
	free(f->name);
	memset(f, 0, sizeof(*f));
}

int
store_put(struct store *s, const char *rel, const void *data, size_t len,
    bool replace, struct error *err)
{
	if (s->mode != STORE_WRITE)
		return error_set(err, RC_SYS, "%s: opened for reading only",
		    s->root);
	return s->ops->put(s, rel, data, len, replace, err);
}

void
store_free_list(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int
store_index_current(struct store *s, const char *norm_url, const char *dir,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	char **paths = NULL;
	size_t n = 0, i = 0;
	int r, rc = -1;

	if (store_archives(s, dir, &paths, &n, err) < 0)
		return -1;
	if (sqlite3_prepare_v2(s->db, norm_url ?
	    "SELECT archive FROM versions WHERE norm_url = ? ORDER BY archive" :
	    "SELECT archive FROM versions ORDER BY archive", -1, &st,
	    NULL) != SQLITE_OK) {
		db_error(s, err);
		goto out;
	}
	if (norm_url)
		sqlite3_bind_text(st, 1, norm_url, -1, SQLITE_STATIC);
	rc = 1;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);

		if (i == n || a == NULL || strcmp(a, paths[i]) != 0) {
			rc = 0;
			goto out;
		}
		i++;
	}
	if (r != SQLITE_DONE)
		rc = db_error(s, err);
	else if (i != n)
		rc = 0;
out:
	sqlite3_finalize(st);
	store_free_list(paths, n);
	return rc;
}
