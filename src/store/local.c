#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "internal.h"
#include "xalloc.h"

int
store_write(const char *dir, const char *name, const void *data, size_t len,
    mode_t mode, struct error *err)
{
	char *tmp = xasprintf("%s/.%s.tmp.%ld", dir, name, (long)getpid());
	char *dst = xasprintf("%s/%s", dir, name);
	int fd = -1, rc = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd < 0) {
		error_set(err, RC_SYS, "%s: %s", dir, strerror(errno));
		goto out;
	}
	if (file_write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0) {
		error_set(err, RC_SYS, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		error_set(err, RC_SYS, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, dst) < 0) {
		error_set(err, RC_SYS, "%s: %s", dst, strerror(errno));
		goto out;
	}
	if (file_sync_dir(dir, err) < 0)
		goto out;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	free(dst);
	return rc;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Adds dir's archives (relative path rel) to the list. */
static int
scan_dir(struct store *s, const char *rel, char ***paths, size_t *n,
    size_t *cap, struct error *err)
{
	char *abs = xasprintf("%s/%s", s->root, rel);
	DIR *d = opendir(abs);
	struct dirent *e;
	int rc = -1;

	if (d == NULL) {
		rc = errno == ENOENT ? 0 : error_set(err, RC_SYS, "%s: %s",
		    abs, strerror(errno));
		goto out;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') {
			/* A temporary file left by an interrupted write. */
			if (s->mode == STORE_WRITE && strstr(e->d_name, ".tmp.")) {
				char *tmp = xasprintf("%s/%s", abs, e->d_name);

				unlink(tmp);
				free(tmp);
			}
			continue;
		}
		if (!ends_with(e->d_name, ".tar.gz"))
			continue;
		store_list_add(paths, n, cap, xasprintf("%s/%s", rel,
		    e->d_name));
	}
	rc = 0;
out:
	if (d)
		closedir(d);
	free(abs);
	return rc;
}

/* The subdirectories of dir (relative to the root; "" for the root). */
static int
subdirs(struct store *s, const char *rel, char ***out, size_t *n,
    struct error *err)
{
	char *abs = *rel ? xasprintf("%s/%s", s->root, rel) : xstrdup(s->root);
	DIR *d = opendir(abs);
	struct dirent *e;
	size_t cap = 0;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (d == NULL) {
		rc = error_set(err, RC_SYS, "%s: %s", abs, strerror(errno));
		goto out;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *child;

		if (e->d_name[0] == '.')
			continue;
		child = xasprintf("%s/%s", abs, e->d_name);
		if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
			store_list_add(out, n, &cap, *rel ? xasprintf("%s/%s",
			    rel, e->d_name) : xstrdup(e->d_name));
		free(child);
	}
	rc = 0;
out:
	if (d)
		closedir(d);
	free(abs);
	return rc;
}

struct local {
	int lock_fd;
};

static struct local *
local(struct store *s)
{
	return s->backend;
}

static int
local_open(struct store *s, struct error *err)
{
	struct local *l = xcalloc(1, sizeof(*l));
	char *lock = xasprintf("%s/lock", s->root);
	struct stat st;
	int rc = 0;

	l->lock_fd = -1;
	s->backend = l;
	s->index_path = xasprintf("%s/index.sqlite", s->root);
	if (s->mode == STORE_WRITE)
		rc = file_mkdirs(s->root, 0755, err);
	else
		s->here = stat(s->root, &st) == 0 && S_ISDIR(st.st_mode) &&
		    (lstat(s->index_path, &st) == 0 || lstat(lock, &st) == 0);
	free(lock);
	return rc;
}

static int
local_lock(struct store *s, struct error *err)
{
	struct local *l = local(s);
	char *path = xasprintf("%s/lock", s->root);
	int rc = -1;

	l->lock_fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (l->lock_fd < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (flock(l->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			error_set(err, RC_LOCK, "%s: another clipseal run "
			    "holds the lock", s->root);
		else
			error_set(err, RC_SYS, "%s: %s", path,
			    strerror(errno));
		close(l->lock_fd);
		l->lock_fd = -1;
		goto out;
	}
	rc = 0;
out:
	free(path);
	return rc;
}

static int
local_list(struct store *s, const char *dir, char ***paths, size_t *n,
    size_t *cap, struct error *err)
{
	char **hosts = NULL, **urls = NULL;
	size_t nhosts = 0, nurls = 0, i, j;
	int rc = -1;

	if (dir)
		return scan_dir(s, dir, paths, n, cap, err);
	if (subdirs(s, "", &hosts, &nhosts, err) < 0)
		goto out;
	for (i = 0; i < nhosts; i++) {
		if (subdirs(s, hosts[i], &urls, &nurls, err) < 0)
			goto out;
		for (j = 0; j < nurls; j++)
			if (scan_dir(s, urls[j], paths, n, cap, err) < 0)
				goto out;
		store_free_list(urls, nurls);
		urls = NULL;
		nurls = 0;
	}
	rc = 0;
out:
	store_free_list(urls, nurls);
	store_free_list(hosts, nhosts);
	return rc;
}

/* The archive is already a file: read it where it is. */
static int
local_get(struct store *s, const char *rel, struct store_file *f,
    struct error *err)
{
	(void)err;
	f->path = store_archive_name(s, rel);
	f->name = xstrdup(f->path);
	return 0;
}

static int
local_put(struct store *s, const char *rel, const void *data, size_t len,
    bool replace, struct error *err)
{
	const char *slash = strrchr(rel, '/');
	char *dir;
	int rc;

	(void)replace;
	if (slash == NULL)
		return error_set(err, RC_SYS, "%s: '%s' is not an archive of "
		    "the store", s->root, rel);
	dir = xasprintf("%s/%.*s", s->root, (int)(slash - rel), rel);
	rc = file_mkdirs(dir, 0755, err);
	if (rc == 0)
		rc = store_write(dir, slash + 1, data, len, 0644, err);
	free(dir);
	return rc;
}

static void
local_close(struct store *s)
{
	struct local *l = local(s);

	if (l == NULL)
		return;
	if (l->lock_fd >= 0)
		close(l->lock_fd);
	free(l);
	s->backend = NULL;
}

static int
local_stat(struct store *s, const char *rel, long long *size,
    long long *mtime)
{
	char *path = store_archive_name(s, rel);
	struct stat st;
	int rc = stat(path, &st);

	free(path);
	if (rc < 0)
		return -1;
	*size = (long long)st.st_size;
	*mtime = (long long)st.st_mtim.tv_sec * 1000000000 +
	    st.st_mtim.tv_nsec;
	return 0;
}

const struct store_ops store_local_ops = {
	local_open, local_lock, local_list, local_get, local_put, local_close,
	local_stat
};
