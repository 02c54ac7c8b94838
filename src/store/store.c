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

#define VERSION_COLUMNS "norm_url, url, fetched_at, content_sha256, " \
	"manifest_sha256, archive, title, etag, last_modified, words_added, " \
	"words_removed, stamped_at, file_size, file_mtime, previous"

static const char *const stmt_sql[STORE_STMT_COUNT] = {
	"SELECT " VERSION_COLUMNS " FROM versions AS v WHERE norm_url = ?"
	" ORDER BY fetched_at DESC, EXISTS (SELECT 1 FROM versions AS w"
	" WHERE w.norm_url = v.norm_url AND w.previous = v.manifest_sha256),"
	" archive DESC LIMIT 1",
	"INSERT OR REPLACE INTO versions (" VERSION_COLUMNS ")"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	"DELETE FROM versions WHERE norm_url = ?",
	"INSERT OR REPLACE INTO checks (norm_url, url, checked_at, outcome)"
	" VALUES (?, ?, ?, ?)",
	"UPDATE versions SET stamped_at = ?, file_size = ?, file_mtime = ?"
	" WHERE archive = ?",
	"INSERT OR REPLACE INTO temp.staging (" VERSION_COLUMNS ")"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
};

/*
 * words_added and words_removed (since the version before; NULL when not
 * known), stamped_at (the time stamp's genTime, "invalid", or NULL) and
 * the archive file's size and mtime as indexed came with `log` reading
 * them here instead of every archive; previous (the manifest hash the
 * version names as the one before it) orders versions sealed in the same
 * second, as the chain does.  An index without them is rebuilt from the
 * archives (see check_index).
 */
#define SCHEMA_TABLES \
	"CREATE TABLE IF NOT EXISTS versions (" \
	" norm_url TEXT NOT NULL, url TEXT NOT NULL," \
	" fetched_at TEXT NOT NULL, content_sha256 TEXT NOT NULL," \
	" manifest_sha256 TEXT NOT NULL, archive TEXT NOT NULL UNIQUE," \
	" title TEXT, etag TEXT, last_modified TEXT," \
	" words_added INTEGER, words_removed INTEGER, stamped_at TEXT," \
	" file_size INTEGER, file_mtime INTEGER, previous TEXT);" \
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
	free(v->stamped_at);
	free(v->previous);
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
 * The index as an SQLite URI that opens it immutable: read-only, without
 * locks and without the -wal and -shm files a WAL database's readers
 * otherwise create and write.  Caller frees.
 */
static char *
immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT((size_t)4 * strlen(path) + 64);
	const unsigned char *p;

	/* "file://" then an absolute path: no authority, whatever it holds. */
	buf_addstr(&b, *path == '/' ? "file://" : "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p)) {
			buf_addch(&b, (char)*p);
		} else {
			buf_addch(&b, '%');
			buf_addch(&b, hex[*p >> 4]);
			buf_addch(&b, hex[*p & 15]);
		}
	}
	buf_addstr(&b, "?immutable=1");
	return buf_detach(&b, NULL);
}

/*
 * Copies into s->db, an empty index in memory, the rows of norm_url (NULL:
 * all rows) from index.sqlite as it is when no writer has it open.  A
 * writer's connection keeps index.sqlite-wal in existence (a killed one
 * leaves it behind); the copy is kept only if there is none before and
 * after and the file did not change meanwhile.  The file is read through
 * SQLite's immutable mode, so a reader reads the few pages of its URL, not
 * the whole index, and changes no byte.  -1, with s->db emptied again,
 * when no consistent copy could be had: an index that is old, corrupt or
 * busy is then rebuilt from the archives by the caller.
 */
static int
copy_index(struct store *s, const char *norm_url)
{
	/* Two forms, so the one for a URL looks it up in versions_url. */
	static const char *const copy[2][2] = { {
		"INSERT INTO main.versions (" VERSION_COLUMNS ") SELECT "
		VERSION_COLUMNS " FROM disk.versions",
		"INSERT INTO main.checks SELECT norm_url, url, checked_at,"
		" outcome FROM disk.checks"
	}, {
		"INSERT INTO main.versions (" VERSION_COLUMNS ") SELECT "
		VERSION_COLUMNS " FROM disk.versions WHERE norm_url = ?",
		"INSERT INTO main.checks SELECT norm_url, url, checked_at,"
		" outcome FROM disk.checks WHERE norm_url = ?"
	} };
	char *wal = xasprintf("%s-wal", s->index_path);
	char *uri = immutable_uri(s->index_path);
	struct stat before, after, w;
	sqlite3_stmt *st = NULL;
	bool attached = false;
	size_t i;
	int rc = -1;

	if (lstat(wal, &w) == 0 || errno != ENOENT ||
	    lstat(s->index_path, &before) < 0 || !S_ISREG(before.st_mode))
		goto out;
	if (sqlite3_prepare_v2(s->db, "ATTACH ? AS disk", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	attached = true;
	for (i = 0; i < 2; i++) {
		sqlite3_finalize(st);
		st = NULL;
		if (sqlite3_prepare_v2(s->db, copy[norm_url != NULL][i], -1, &st,
		    NULL) != SQLITE_OK)
			goto out;
		if (norm_url)
			sqlite3_bind_text(st, 1, norm_url, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	if (attached && sqlite3_exec(s->db, "DETACH disk", NULL, NULL,
	    NULL) != SQLITE_OK)
		rc = -1;
	if (rc == 0 && (lstat(s->index_path, &after) < 0 ||
	    !same_file(&before, &after) || lstat(wal, &w) == 0 ||
	    errno != ENOENT))
		rc = -1;
	if (rc < 0)
		sqlite3_exec(s->db, "DELETE FROM versions; DELETE FROM checks;",
		    NULL, NULL, NULL);
	free(uri);
	free(wal);
	return rc;
}

static bool
not_an_index(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

static bool
has_word_counts(struct store *s)
{
	sqlite3_stmt *st = NULL;
	bool ok = sqlite3_prepare_v2(s->db, "SELECT " VERSION_COLUMNS
	    " FROM versions LIMIT 0", -1, &st, NULL) == SQLITE_OK;

	sqlite3_finalize(st);
	return ok;
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
		r = sqlite3_exec(s->db, wal_schema, NULL, NULL, NULL);
	/* SQLite falls back to reading when it cannot open for writing. */
	if (r == SQLITE_OK && sqlite3_db_readonly(s->db, "main") != 0) {
		error_set(err, RC_SYS, "%s: cannot be opened for writing",
		    s->index_path);
		r = SQLITE_READONLY;
	} else {
		/*
		 * An index from before the word counts is emptied, so the
		 * writer rebuilds it from the archives under its lock.
		 */
		if (r == SQLITE_OK && !has_word_counts(s))
			r = sqlite3_exec(s->db, "DROP TABLE versions;"
			    SCHEMA_TABLES, NULL, NULL, NULL);
		if (r != SQLITE_OK && !not_an_index(r))
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

/*
 * A reader's copy in memory of the index's rows for norm_url (NULL: all),
 * or an empty index in memory when none can be had.
 */
static int
open_read(struct store *s, const char *norm_url, struct error *err)
{
	if (!s->here)
		return error_set(err, RC_SYS, "%s: no store here", s->root);
	if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK)
		return error_set(err, RC_SYS, "%s: cannot make an index in "
		    "memory", s->root);
	s->fresh = s->index_path == NULL || copy_index(s, norm_url) < 0 ||
	    count_versions(s) == 0;
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

static struct store *
open_store(const char *spec, enum store_mode mode, const char *norm_url,
    struct error *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int rc;

	s->ops = s3_is_url(spec) ? &store_s3_ops : &store_local_ops;
	s->root = xstrdup(spec);
	s->mode = mode;
	rc = s->ops->open(s, err);
	if (rc == 0)
		rc = mode == STORE_WRITE ? open_write(s, err) :
		    open_read(s, norm_url, err);
	if (rc < 0) {
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *
store_open(const char *spec, enum store_mode mode, struct error *err)
{
	return open_store(spec, mode, NULL, err);
}

struct store *
store_open_url(const char *spec, const char *norm_url, struct error *err)
{
	return open_store(spec, STORE_READ, norm_url, err);
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
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < STORE_STMT_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
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
	v->words_added = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 9);
	v->words_removed = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 10);
	v->stamped_at = column(st, 11);
	v->file_size = sqlite3_column_type(st, 12) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 12);
	v->file_mtime = sqlite3_column_int64(st, 13);
	v->previous = column(st, 14);
}

/* The statement id, prepared on first use and reset; NULL on error. */
static sqlite3_stmt *
stmt(struct store *s, enum store_stmt id, struct error *err)
{
	if (s->stmts[id] == NULL) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->stmts[id], NULL) !=
		    SQLITE_OK) {
			db_error(s, err);
			return NULL;
		}
	} else {
		sqlite3_reset(s->stmts[id]);
		sqlite3_clear_bindings(s->stmts[id]);
	}
	return s->stmts[id];
}

/* Steps a bound write statement; 0, or -1 naming the index. */
static int
step_done(struct store *s, sqlite3_stmt *st, struct error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, err);

	sqlite3_reset(st);
	return rc;
}

int
store_latest(struct store *s, const char *norm_url,
    struct store_version *out, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = stmt(s, STMT_LATEST, err);
	if (st == NULL)
		return -1;
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
	sqlite3_reset(st);
	return rc;
}

/* Runs statement id with text args bound in order (NULL binds NULL). */
static int
exec_bound(struct store *s, enum store_stmt id, const char *const *args,
    int nargs, struct error *err)
{
	sqlite3_stmt *st = stmt(s, id, err);
	int i;

	if (st == NULL)
		return -1;
	for (i = 0; i < nargs; i++)
		sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	return step_done(s, st, err);
}

/* Binds v to the statement id, which takes VERSION_COLUMNS in order. */
static int
add_into(struct store *s, enum store_stmt id, const struct store_version *v,
    struct error *err)
{
	const char *args[] = {
		v->norm_url, v->url, v->fetched_at, v->content_sha256,
		v->manifest_sha256, v->archive, v->title, v->etag,
		v->last_modified
	};
	sqlite3_stmt *st = stmt(s, id, err);
	int i;

	if (st == NULL)
		return -1;
	for (i = 0; i < 9; i++)
		sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	if (v->words_added >= 0 && v->words_removed >= 0) {
		sqlite3_bind_int64(st, 10, v->words_added);
		sqlite3_bind_int64(st, 11, v->words_removed);
	}
	sqlite3_bind_text(st, 12, v->stamped_at, -1, SQLITE_STATIC);
	if (v->file_size >= 0) {
		sqlite3_bind_int64(st, 13, v->file_size);
		sqlite3_bind_int64(st, 14, v->file_mtime);
	}
	sqlite3_bind_text(st, 15, v->previous, -1, SQLITE_STATIC);
	return step_done(s, st, err);
}

int
store_add(struct store *s, const struct store_version *v,
    struct error *err)
{
	return add_into(s, STMT_ADD, v, err);
}

/* TEMP: its own database, so staging takes no lock on the index. */
int
store_stage_begin(struct store *s, struct error *err)
{
	if (sqlite3_exec(s->db, "CREATE TEMP TABLE IF NOT EXISTS staging AS"
	    " SELECT " VERSION_COLUMNS " FROM main.versions WHERE 0;"
	    " DELETE FROM temp.staging", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err);
	return 0;
}

int
store_stage(struct store *s, const struct store_version *v,
    struct error *err)
{
	return add_into(s, STMT_STAGE, v, err);
}

int
store_stage_apply(struct store *s, const char *norm_url, struct error *err)
{
	int rc = -1;

	if (store_begin(s, err) < 0)
		return -1;
	if ((norm_url ? store_forget(s, norm_url, err) :
	    store_clear(s, err)) < 0)
		goto out;
	if (sqlite3_exec(s->db, "INSERT OR REPLACE INTO main.versions ("
	    VERSION_COLUMNS ") SELECT " VERSION_COLUMNS " FROM temp.staging;"
	    " DELETE FROM temp.staging", NULL, NULL, NULL) != SQLITE_OK) {
		db_error(s, err);
		goto out;
	}
	rc = store_commit(s, err);
out:
	if (rc < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
store_forget(struct store *s, const char *norm_url, struct error *err)
{
	return exec_bound(s, STMT_FORGET, &norm_url, 1, err);
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
	return exec_bound(s, STMT_NOTE, args, 4, err);
}

int
store_note_stamp(struct store *s, const char *rel, const char *stamped_at,
    struct error *err)
{
	struct store_version file = { 0 };
	sqlite3_stmt *st = stmt(s, STMT_STAMP, err);

	if (st == NULL)
		return -1;
	store_file_stat(s, rel, &file);
	sqlite3_bind_text(st, 1, stamped_at, -1, SQLITE_STATIC);
	if (file.file_size >= 0) {
		sqlite3_bind_int64(st, 2, file.file_size);
		sqlite3_bind_int64(st, 3, file.file_mtime);
	}
	sqlite3_bind_text(st, 4, rel, -1, SQLITE_STATIC);
	return step_done(s, st, err);
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

void
store_file_stat(struct store *s, const char *rel, struct store_version *v)
{
	if (s->ops->stat == NULL ||
	    s->ops->stat(s, rel, &v->file_size, &v->file_mtime) < 0) {
		v->file_size = -1;
		v->file_mtime = 0;
	}
}

/* Whether the archive rel is the file of that size and mtime. */
static bool
same_file_as(struct store *s, const char *rel, long long size,
    long long mtime)
{
	long long now_size, now_mtime;

	if (s->ops->stat == NULL)
		return true;
	return size >= 0 && s->ops->stat(s, rel, &now_size, &now_mtime) == 0 &&
	    now_size == size && now_mtime == mtime;
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
	/*
	 * Nor is a version whose word counts are not known, or whose archive
	 * was written again since (`stamp` adds a member).
	 */
	if (sqlite3_prepare_v2(s->db, norm_url ?
	    "SELECT archive, words_added IS NULL, file_size, file_mtime"
	    " FROM versions WHERE norm_url = ? ORDER BY archive" :
	    "SELECT archive, words_added IS NULL, file_size, file_mtime"
	    " FROM versions ORDER BY archive", -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err);
		goto out;
	}
	if (norm_url)
		sqlite3_bind_text(st, 1, norm_url, -1, SQLITE_STATIC);
	rc = 1;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);

		if (i == n || a == NULL || strcmp(a, paths[i]) != 0 ||
		    sqlite3_column_int(st, 1) || !same_file_as(s, a,
		    sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3))) {
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
