#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "digest.h"
#include "fetch.h"
#include "file.h"
#include "internal.h"
#include "s3.h"
#include "xalloc.h"

/* The largest archive downloaded, as seal caps a written one. */
#define ARCHIVE_MAX ((size_t)256 << 20)

struct bucket {
	struct s3 *s3;
	struct fetch_opts fo;
	char *tmpdir;		/* downloaded copies, made on first use */
	unsigned long copies;
};

static struct bucket *
bucket(struct store *s)
{
	return s->backend;
}

/*
 * The index file of this bucket and prefix on this machine:
 * $XDG_CACHE_HOME/clipseal/s3/<bucket>-<hash12>.sqlite, the hash over the
 * endpoint and the store's name, so two servers' buckets of one name stay
 * apart.  NULL when there is no cache directory.
 */
static char *
cache_path(struct store *s, struct error *err)
{
	const struct bucket *b = bucket(s);
	const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char hex[DIGEST_HEX_LEN + 1], *id, *dir, *path, *name;
	const char *slash;

	if (cache && *cache == '/')
		dir = xasprintf("%s/clipseal/s3", cache);
	else if (home && *home)
		dir = xasprintf("%s/.cache/clipseal/s3", home);
	else
		dir = NULL;
	if (dir == NULL) {
		error_set(err, RC_SYS, "%s: no cache directory for its index; "
		    "set XDG_CACHE_HOME", s->root);
		return NULL;
	}
	if (s->mode == STORE_WRITE && file_mkdirs(dir, 0700, err) < 0) {
		free(dir);
		return NULL;
	}
	id = xasprintf("%s %s", s3_bucket_url(b->s3), s3_name(b->s3));
	digest_sha256_hex(id, strlen(id), hex);
	name = xstrdup(s3_name(b->s3) + strlen(S3_SCHEME));
	slash = strchr(name, '/');
	path = xasprintf("%s/%.*s-%.12s.sqlite", dir, slash ? (int)(slash -
	    name) : (int)strlen(name), name, hex);
	free(name);
	free(id);
	free(dir);
	return path;
}

static int
bucket_open(struct store *s, struct error *err)
{
	struct bucket *b = xcalloc(1, sizeof(*b));
	const char *ca = getenv("AWS_CA_BUNDLE");

	s->backend = b;
	fetch_opts_init(&b->fo);
	if (ca && *ca)
		b->fo.ca_file = ca;
	b->s3 = s3_open(s->root, &b->fo, err);
	if (b->s3 == NULL || s3_probe(b->s3, err) < 0)
		return -1;
	s->here = true;
	s->index_path = cache_path(s, err);
	return s->index_path ? 0 : -1;
}

struct listing {
	char ***paths;
	size_t *n, *cap;
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Only what the layout puts there: <host>/<slug>/<name>.tar.gz. */
static int
add_key(const char *key, void *arg)
{
	struct listing *l = arg;
	const char *a = strchr(key, '/'), *b = a ? strchr(a + 1, '/') : NULL;

	if (b == NULL || strchr(b + 1, '/') || !ends_with(b + 1, ".tar.gz") ||
	    b[1] == '.')
		return 0;
	store_list_add(l->paths, l->n, l->cap, xstrdup(key));
	return 0;
}

static int
bucket_list(struct store *s, const char *dir, char ***paths, size_t *n,
    size_t *cap, struct error *err)
{
	struct listing l = { paths, n, cap };
	char *prefix = dir ? xasprintf("%s/", dir) : xstrdup("");
	int rc;

	rc = s3_list(bucket(s)->s3, prefix, add_key, &l, err);
	free(prefix);
	return rc < 0 ? -1 : 0;
}

static int
write_copy(const char *path, const struct buf *b, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);

	if (fd < 0)
		return error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
	if (file_write_all(fd, b->data, b->len) < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * The object downloaded whole into a private temporary directory, as the
 * archive readers read files; the copy goes with store_file_release.
 */
static int
bucket_get(struct store *s, const char *rel, struct store_file *f,
    struct error *err)
{
	struct bucket *b = bucket(s);
	struct buf data = BUF_INIT(ARCHIVE_MAX);
	const char *tmp = getenv("TMPDIR"), *base = strrchr(rel, '/');
	int rc = -1;

	f->name = store_archive_name(s, rel);
	if (b->tmpdir == NULL) {
		b->tmpdir = xasprintf("%s/clipseal-s3.XXXXXX", tmp && *tmp ?
		    tmp : "/tmp");
		if (mkdtemp(b->tmpdir) == NULL) {
			error_set(err, RC_SYS, "%s: %s", b->tmpdir,
			    strerror(errno));
			free(b->tmpdir);
			b->tmpdir = NULL;
			goto out;
		}
	}
	if (s3_get(b->s3, rel, &data, err) < 0)
		goto out;
	f->path = xasprintf("%s/%lu-%s", b->tmpdir, b->copies++,
	    base ? base + 1 : rel);
	if (write_copy(f->path, &data, err) < 0) {
		free(f->path);
		f->path = NULL;
		goto out;
	}
	f->temporary = true;
	rc = 0;
out:
	buf_release(&data);
	return rc;
}

static int
bucket_put(struct store *s, const char *rel, const void *data, size_t len,
    bool replace, struct error *err)
{
	return s3_put(bucket(s)->s3, rel, data, len, !replace, err);
}

static void
bucket_close(struct store *s)
{
	struct bucket *b = bucket(s);

	if (b == NULL)
		return;
	if (b->tmpdir)
		rmdir(b->tmpdir);
	free(b->tmpdir);
	s3_free(b->s3);
	free(b);
	s->backend = NULL;
}

/*
 * No lock: many machines write one bucket, each PUT whole and alone.  No
 * stat: the index trusts an object's name, so a reader sees a stamp that
 * `stamp -s` added on another machine after this one's next refill.
 */
const struct store_ops store_s3_ops = {
	bucket_open, NULL, bucket_list, bucket_get, bucket_put, bucket_close,
	NULL
};
