#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "seal.h"
#include "xalloc.h"

/*
 * The whole uncompressed tar is held in memory on both sides; this caps it
 * for a gzip bomb on reading, and on writing keeps seal_write from making an
 * archive that seal_read would refuse.
 */
#define SEAL_MAX_TAR ((size_t)256 << 20)

#define TAR_BLOCK 512
#define TAR_RECORD 10240
#define ZCHUNK 65536
#define GZIP_WINDOW (15 + 16)
#define GZIP_OS_UNIX 3

struct tar_sink {
	struct buf *tar;
	bool full;
};

static la_ssize_t
sink_write(struct archive *a, void *ctx, const void *p, size_t n)
{
	struct tar_sink *sink = ctx;

	if (buf_add(sink->tar, p, n) < 0) {
		sink->full = true;
		archive_set_error(a, ENOMEM, "archive too large");
		return -1;
	}
	return (la_ssize_t)n;
}

/*
 * Member names end up in error lines that the command layer prints, so a
 * hostile archive must not get control characters onto the terminal.
 */
static const char *
printable(char *dst, size_t dst_len, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < dst_len; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[i] = c < 0x20 || c == 0x7f ? '?' : s[i];
	}
	dst[i] = '\0';
	return dst;
}

/* One path component: not empty, no '/', not "." or "..". */
static bool
is_component(const char *s)
{
	return s[0] != '\0' && strchr(s, '/') == NULL &&
	    strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static int
check_members(const char *top, const struct seal_member *m, size_t n,
    struct error *err)
{
	char name[128];
	size_t i, j;

	if (!is_component(top))
		return error_set(err, RC_SYS, "bad top directory name '%s'",
		    printable(name, sizeof(name), top));
	if (n == 0)
		return error_set(err, RC_SYS, "no members to archive");
	if (n > SEAL_MAX_MEMBERS)
		return error_set(err, RC_SYS, "more than %d members",
		    SEAL_MAX_MEMBERS);
	for (i = 0; i < n; i++) {
		printable(name, sizeof(name), m[i].name);
		if (!is_component(m[i].name))
			return error_set(err, RC_SYS, "bad member name '%s'",
			    name);
		if (m[i].len > SEAL_MAX_MEMBER)
			return error_set(err, RC_SYS,
			    "member '%s' is larger than %zu bytes", name,
			    SEAL_MAX_MEMBER);
		for (j = 0; j < i; j++)
			if (strcmp(m[i].name, m[j].name) == 0)
				return error_set(err, RC_SYS,
				    "duplicate member '%s'", name);
	}
	return 0;
}

static int
write_entry(struct archive *a, struct archive_entry *e, const char *top,
    const struct seal_member *m, time_t mtime)
{
	char *path = xasprintf("%s/%s", top, m->name);
	la_ssize_t w;
	size_t done;
	int r;

	archive_entry_clear(e);
	archive_entry_copy_pathname(e, path);
	free(path);
	archive_entry_set_mode(e, AE_IFREG | 0644);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_size(e, (la_int64_t)m->len);
	archive_entry_set_mtime(e, mtime, 0);
	r = archive_write_header(a, e);
	for (done = 0; r == ARCHIVE_OK && done < m->len; done += (size_t)w) {
		w = archive_write_data(a, m->data + done, m->len - done);
		if (w <= 0)
			r = ARCHIVE_FATAL;
	}
	if (r == ARCHIVE_OK)
		r = archive_write_finish_entry(a);
	return r;
}

static int
write_tar(const char *top, const struct seal_member *m, size_t n,
    time_t mtime, struct buf *tar, struct error *err)
{
	struct tar_sink sink = { tar, false };
	struct archive *a = NULL;
	struct archive_entry *e = NULL;
	const char *why;
	size_t i = 0;
	int r, rc = -1;

	a = archive_write_new();
	e = archive_entry_new();
	if (a == NULL || e == NULL) {
		error_set(err, RC_SYS, "cannot create tar writer");
		goto out;
	}
	/* Restricted pax: plain ustar headers unless a name is too long. */
	r = archive_write_set_format_pax_restricted(a);
	if (r == ARCHIVE_OK)
		r = archive_write_add_filter_none(a);
	if (r == ARCHIVE_OK)
		r = archive_write_set_bytes_per_block(a, TAR_RECORD);
	if (r == ARCHIVE_OK)
		r = archive_write_open(a, &sink, NULL, sink_write, NULL);
	for (; r == ARCHIVE_OK && i < n; i++)
		r = write_entry(a, e, top, &m[i], mtime);
	if (r == ARCHIVE_OK)
		r = archive_write_close(a);
	if (r != ARCHIVE_OK) {
		why = archive_error_string(a);
		if (sink.full)
			error_set(err, RC_SYS, "archive larger than %zu bytes",
			    tar->max);
		else if (i > 0 && i <= n)
			error_set(err, RC_SYS, "cannot write member '%s': %s",
			    m[i - 1].name, why ? why : "unknown error");
		else
			error_set(err, RC_SYS, "cannot write tar: %s",
			    why ? why : "unknown error");
		goto out;
	}
	rc = 0;
out:
	archive_entry_free(e);
	if (a != NULL)
		archive_write_free(a);
	return rc;
}

static int
gzip_append(const struct buf *tar, struct buf *out, struct error *err)
{
	unsigned char chunk[ZCHUNK];
	gz_header hdr;
	z_stream zs;
	bool live = false;
	int zrc, rc = -1;

	memset(&zs, 0, sizeof(zs));
	memset(&hdr, 0, sizeof(hdr));
	hdr.time = 0;
	hdr.os = GZIP_OS_UNIX;
	if (deflateInit2(&zs, 9, Z_DEFLATED, GZIP_WINDOW, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		error_set(err, RC_SYS, "cannot start gzip: %s",
		    zs.msg ? zs.msg : "zlib error");
		goto out;
	}
	live = true;
	if (deflateSetHeader(&zs, &hdr) != Z_OK) {
		error_set(err, RC_SYS, "cannot set gzip header");
		goto out;
	}
	zs.next_in = (Bytef *)tar->data;
	zs.avail_in = (uInt)tar->len;
	do {
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		zrc = deflate(&zs, Z_FINISH);
		if (zrc != Z_OK && zrc != Z_STREAM_END) {
			error_set(err, RC_SYS, "gzip failed: %s",
			    zs.msg ? zs.msg : "zlib error");
			goto out;
		}
		if (buf_add(out, chunk, sizeof(chunk) - zs.avail_out) < 0) {
			error_set(err, RC_SYS, "archive larger than %zu bytes",
			    out->max);
			goto out;
		}
	} while (zrc != Z_STREAM_END);
	rc = 0;
out:
	if (live)
		deflateEnd(&zs);
	return rc;
}

int
seal_write(const char *top, const struct seal_member *m, size_t n,
    time_t mtime, struct buf *out, struct error *err)
{
	struct buf tar = BUF_INIT(SEAL_MAX_TAR);
	size_t old_len = out->len;
	int rc = -1;

	if (check_members(top, m, n, err) < 0)
		goto out;
	if (write_tar(top, m, n, mtime, &tar, err) < 0)
		goto out;
	if (gzip_append(&tar, out, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		out->len = old_len;
		if (out->data != NULL)
			out->data[old_len] = '\0';
	}
	buf_release(&tar);
	return rc;
}

static int
gunzip(const char *path, const struct buf *gz, struct buf *tar,
    struct error *err)
{
	unsigned char chunk[ZCHUNK];
	z_stream zs;
	bool live = false;
	int zrc, rc = -1;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, GZIP_WINDOW) != Z_OK) {
		error_set(err, RC_SYS, "%s: cannot start gunzip", path);
		goto out;
	}
	live = true;
	zs.next_in = (Bytef *)gz->data;
	zs.avail_in = (uInt)gz->len;
	for (;;) {
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		zrc = inflate(&zs, Z_NO_FLUSH);
		if (zrc == Z_MEM_ERROR) {
			error_set(err, RC_SYS, "%s: out of memory", path);
			goto out;
		}
		if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR) {
			error_set(err, RC_NO, "%s: corrupt gzip data (%s)",
			    path, zs.msg ? zs.msg : "zlib error");
			goto out;
		}
		if (buf_add(tar, chunk, sizeof(chunk) - zs.avail_out) < 0) {
			error_set(err, RC_NO,
			    "%s: uncompressed data larger than %zu bytes",
			    path, tar->max);
			goto out;
		}
		if (zrc == Z_STREAM_END)
			break;
		/* With all input given at once, no progress means no input. */
		if (zrc == Z_BUF_ERROR) {
			error_set(err, RC_NO, "%s: truncated gzip data", path);
			goto out;
		}
	}
	/* A second stream or appended bytes would hide from a gunzip -t. */
	if (zs.avail_in != 0) {
		error_set(err, RC_NO,
		    "%s: data after the end of the gzip stream", path);
		goto out;
	}
	if (tar->data == NULL)
		buf_add(tar, "", 0);
	rc = 0;
out:
	if (live)
		inflateEnd(&zs);
	return rc;
}

/*
 * Checks that full (the entry's path in the archive) is "<top>/<name>" with
 * one top directory for the whole archive and name a single component.
 * Sets *top on the first call and *name to point into full.
 */
static int
check_path(const char *path, const char *full, char **top,
    const char **name, struct error *err)
{
	char shown[128];
	const char *p, *slash;
	size_t top_len;

	printable(shown, sizeof(shown), full);
	if (full[0] == '\0')
		return error_set(err, RC_NO, "%s: member with an empty name",
		    path);
	if (full[0] == '/')
		return error_set(err, RC_NO,
		    "%s: member '%s' has an absolute path", path, shown);
	for (p = full; p != NULL; p = slash ? slash + 1 : NULL) {
		slash = strchr(p, '/');
		top_len = slash ? (size_t)(slash - p) : strlen(p);
		if (top_len == 2 && p[0] == '.' && p[1] == '.')
			return error_set(err, RC_NO,
			    "%s: member '%s' has a '..' component", path,
			    shown);
	}
	for (p = full; p != NULL; p = slash ? slash + 1 : NULL) {
		slash = strchr(p, '/');
		top_len = slash ? (size_t)(slash - p) : strlen(p);
		if (top_len == 0 || (top_len == 1 && p[0] == '.'))
			return error_set(err, RC_NO,
			    "%s: member '%s' has an empty or '.' component",
			    path, shown);
	}
	slash = strchr(full, '/');
	if (slash == NULL)
		return error_set(err, RC_NO,
		    "%s: member '%s' is not under a top directory", path,
		    shown);
	top_len = (size_t)(slash - full);
	if (*top == NULL)
		*top = xstrndup(full, top_len);
	if (strlen(*top) != top_len || memcmp(*top, full, top_len) != 0)
		return error_set(err, RC_NO,
		    "%s: member '%s' is outside the top directory", path,
		    shown);
	if (strchr(slash + 1, '/') != NULL)
		return error_set(err, RC_NO,
		    "%s: member '%s' is in a subdirectory", path, shown);
	*name = slash + 1;
	return 0;
}

static int
check_entry(const char *path, struct archive_entry *e, struct error *err)
{
	char shown[128];
	la_int64_t size;

	printable(shown, sizeof(shown), archive_entry_pathname(e));
	/* A hard link reads as a regular file with a link target. */
	if (archive_entry_filetype(e) != AE_IFREG ||
	    archive_entry_hardlink(e) != NULL ||
	    archive_entry_symlink(e) != NULL)
		return error_set(err, RC_NO,
		    "%s: member '%s' is not a regular file", path, shown);
	if (archive_entry_sparse_count(e) != 0)
		return error_set(err, RC_NO,
		    "%s: member '%s' is a sparse file", path, shown);
	if (!archive_entry_size_is_set(e))
		return error_set(err, RC_NO,
		    "%s: member '%s' has no size", path, shown);
	size = archive_entry_size(e);
	if (size < 0 || (uint64_t)size > SEAL_MAX_MEMBER)
		return error_set(err, RC_NO,
		    "%s: member '%s' is larger than %zu bytes", path, shown,
		    SEAL_MAX_MEMBER);
	return 0;
}

static int
read_data(const char *path, struct archive *a, struct seal_member *m,
    struct error *err)
{
	const char *why;
	la_ssize_t r;
	size_t done;

	m->data = xmalloc(m->len + 1);
	m->data[m->len] = '\0';
	for (done = 0; done < m->len; done += (size_t)r) {
		r = archive_read_data(a, m->data + done, m->len - done);
		if (r <= 0) {
			why = r < 0 ? archive_error_string(a) : NULL;
			return error_set(err, RC_NO,
			    "%s: corrupt tar data (%s)", path,
			    why ? why : "member data cut short");
		}
	}
	return 0;
}

/* The tar end-of-archive marker and the record padding must be zeros. */
static int
check_tail(const char *path, struct archive *a, const struct buf *tar,
    struct error *err)
{
	la_int64_t end = archive_filter_bytes(a, -1);
	size_t i;

	if (end < 0 || (uint64_t)end > tar->len)
		return error_set(err, RC_NO, "%s: corrupt tar data (%s)",
		    path, "cannot locate the end of the archive");
	for (i = (size_t)end; i < tar->len; i++)
		if (tar->data[i] != '\0')
			return error_set(err, RC_NO,
			    "%s: data after the end of the tar archive",
			    path);
	return 0;
}

static int
corrupt_tar(const char *path, struct archive *a, struct error *err)
{
	const char *why = archive_error_string(a);

	return error_set(err, RC_NO, "%s: corrupt tar data (%s)", path,
	    why ? why : "unreadable entry");
}

static int
read_tar(const char *path, const struct buf *tar, struct seal_set *set,
    struct error *err)
{
	struct archive *a = NULL;
	struct archive_entry *e;
	struct seal_member *m;
	const char *full, *name = NULL;
	char shown[128];
	size_t i;
	int r, rc = -1;

	if (tar->len == 0) {
		error_set(err, RC_NO, "%s: empty archive", path);
		goto out;
	}
	a = archive_read_new();
	if (a == NULL) {
		error_set(err, RC_SYS, "%s: cannot create tar reader", path);
		goto out;
	}
	r = archive_read_support_format_tar(a);
	if (r == ARCHIVE_OK)
		r = archive_read_open_memory(a, tar->data, tar->len);
	if (r != ARCHIVE_OK) {
		corrupt_tar(path, a, err);
		goto out;
	}
	for (;;) {
		/* Strict: a warning (bad pax record, bad name) fails too. */
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		full = r == ARCHIVE_OK ? archive_entry_pathname(e) : NULL;
		if (full == NULL) {
			corrupt_tar(path, a, err);
			goto out;
		}
		if (check_entry(path, e, err) < 0 ||
		    check_path(path, full, &set->top, &name, err) < 0)
			goto out;
		printable(shown, sizeof(shown), full);
		for (i = 0; i < set->n; i++)
			if (strcmp(set->members[i].name, name) == 0) {
				error_set(err, RC_NO,
				    "%s: duplicate member '%s'", path, shown);
				goto out;
			}
		if (set->n == SEAL_MAX_MEMBERS) {
			error_set(err, RC_NO, "%s: more than %d members",
			    path, SEAL_MAX_MEMBERS);
			goto out;
		}
		set->members = xrealloc(set->members,
		    (set->n + 1) * sizeof(*set->members));
		m = &set->members[set->n++];
		m->name = xstrdup(name);
		m->data = NULL;
		m->len = (size_t)archive_entry_size(e);
		if (read_data(path, a, m, err) < 0)
			goto out;
	}
	if (set->n == 0) {
		error_set(err, RC_NO, "%s: empty archive", path);
		goto out;
	}
	if (check_tail(path, a, tar, err) < 0)
		goto out;
	rc = 0;
out:
	if (a != NULL)
		archive_read_free(a);
	return rc;
}

int
seal_read(const char *path, struct seal_set *out, struct error *err)
{
	struct buf gz = BUF_INIT(SEAL_MAX_FILE);
	struct buf tar = BUF_INIT(SEAL_MAX_TAR);
	struct seal_set set = { NULL, NULL, 0 };
	int rc = -1;

	out->top = NULL;
	out->members = NULL;
	out->n = 0;
	if (buf_read_file(&gz, path, err) < 0)
		goto out;
	if (gunzip(path, &gz, &tar, err) < 0)
		goto out;
	buf_release(&gz);
	if (read_tar(path, &tar, &set, err) < 0)
		goto out;
	*out = set;
	set.top = NULL;
	set.members = NULL;
	set.n = 0;
	rc = 0;
out:
	seal_release(&set);
	buf_release(&tar);
	buf_release(&gz);
	return rc;
}

const struct seal_member *
seal_find(const struct seal_set *s, const char *name)
{
	size_t i;

	if (s == NULL || name == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->members[i].name, name) == 0)
			return &s->members[i];
	return NULL;
}

void
seal_release(struct seal_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->members[i].name);
		free(s->members[i].data);
	}
	free(s->members);
	free(s->top);
	s->top = NULL;
	s->members = NULL;
	s->n = 0;
}
