#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "digest.h"
#include "seal.h"
#include "xalloc.h"

/*
 * The whole uncompressed tar is held in memory while writing; on reading,
 * it caps what the members kept add up to.
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
	/*
	 * Level 6, gzip's own default: level 9 cost `run` a sixth more CPU
	 * a page for archives 0.5 % smaller.
	 */
	if (deflateInit2(&zs, 6, Z_DEFLATED, GZIP_WINDOW, 8,
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

/*
 * libarchive reads some tar entries as regular files (contiguous '7', GNU
 * sparse without a map, unknown typeflags) and silently applies others (a
 * pax global header 'g'), none of which seal_write makes.  So the stream is
 * walked header by header beside libarchive, and every typeflag but '0' and
 * a pax extended header 'x' before one is a flaw.
 */
#define PAX_MAX 65536

struct tar_walk {
	uint64_t next;		/* offset of the next header block */
	unsigned char block[TAR_BLOCK];
	size_t have;		/* bytes of block collected */
	struct buf pax;		/* the data of a pax header being collected */
	uint64_t pax_left;
	int64_t pax_size;	/* its size record, -1 for none */
	bool done;		/* the end-of-archive block was seen */
	uint64_t flaw_at;	/* where the first flaw's header starts */
	char flaw[260];		/* "" while there is none */
};

static uint64_t
round_block(uint64_t n)
{
	return (n + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
}

/* The header's size field: octal, or base-256 when the top bit is set. */
static uint64_t
header_size(const unsigned char *f)
{
	uint64_t v = 0;
	size_t i;

	if (f[0] & 0x80) {
		for (i = 1; i < 12; i++)
			v = v > UINT64_MAX >> 8 ? UINT64_MAX : v << 8 | f[i];
		return (f[0] & 0x7f) ? UINT64_MAX : v;
	}
	for (i = 0; i < 12 && (f[i] == ' ' || f[i] == '\0'); i++)
		;
	for (; i < 12 && f[i] >= '0' && f[i] <= '7'; i++)
		v = v << 3 | (uint64_t)(f[i] - '0');
	return v;
}

/* The "size" record of pax data ("<len> size=<n>\n" lines), or -1. */
static int64_t
pax_size(const struct buf *pax)
{
	const char *p = pax->data, *end = pax->data + pax->len;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *sp = memchr(p, ' ', (size_t)(end - p));

		if (nl == NULL || sp == NULL || sp > nl)
			return -1;
		if ((size_t)(nl - sp) > 6 && memcmp(sp + 1, "size=", 5) == 0)
			return strtoll(sp + 6, NULL, 10);
		p = nl + 1;
	}
	return -1;
}

static void
walk_header(struct tar_walk *w, uint64_t at)
{
	const unsigned char *h = w->block;
	char name[101], prefix[156];
	uint64_t size;
	size_t i;

	for (i = 0; i < TAR_BLOCK && h[i] == 0; i++)
		;
	if (i == TAR_BLOCK) {
		w->done = true;
		return;
	}
	size = header_size(h + 124);
	if (w->pax_size >= 0 && h[156] != 'x')
		size = (uint64_t)w->pax_size;
	w->pax_size = -1;
	w->next = at + TAR_BLOCK;
	if (h[156] == '0') {
		w->next += round_block(size);
		return;
	}
	if (h[156] == 'x' && size <= PAX_MAX) {
		buf_reset(&w->pax);
		w->pax_left = size;
		return;
	}
	memcpy(name, h, 100);
	name[100] = '\0';
	memcpy(prefix, h + 345, 155);
	prefix[155] = '\0';
	snprintf(w->flaw, sizeof(w->flaw), "%s%s%s", prefix, *prefix ? "/" :
	    "", name);
	w->flaw_at = at;
	w->done = true;
}

/* Follows the headers through n more bytes of the tar at offset at. */
static void
walk(struct tar_walk *w, const unsigned char *p, size_t n, uint64_t at)
{
	size_t take;

	while (n > 0 && !w->done) {
		if (at < w->next) {
			take = w->next - at < n ? (size_t)(w->next - at) : n;
		} else if (w->pax_left > 0) {
			take = w->pax_left < n ? (size_t)w->pax_left : n;
			buf_add(&w->pax, p, take);
			w->pax_left -= take;
			if (w->pax_left == 0) {
				w->pax_size = pax_size(&w->pax);
				w->next = round_block(at + take);
			}
		} else {
			take = TAR_BLOCK - w->have < n ? TAR_BLOCK - w->have :
			    n;
			memcpy(w->block + w->have, p, take);
			w->have += take;
			if (w->have == TAR_BLOCK) {
				w->have = 0;
				walk_header(w, at + take - TAR_BLOCK);
			}
		}
		p += take;
		n -= take;
		at += take;
	}
}

/*
 * The gzip stream, inflated as libarchive asks for it, so that nothing but
 * the members kept is ever held: a bomb is refused at the first header or
 * byte that seal_read cannot accept, not after inflating it.
 */
struct source {
	const char *path;
	int fd;
	z_stream zs;
	bool live, ended;
	unsigned char in[ZCHUNK], out[ZCHUNK];
	uint64_t handed;	/* uncompressed bytes given out so far */
	uint64_t last_nonzero;	/* offset past the last non-zero byte */
	struct tar_walk walk;
	struct error *err;
	bool failed;		/* err says why */
};

static la_ssize_t
source_fail(struct source *src, int rc, const char *reason)
{
	error_set(src->err, rc, "%s: %s", src->path, reason);
	src->failed = true;
	return -1;
}

/* Refuses input after the end of the stream: it would hide from gunzip -t. */
static la_ssize_t
check_gzip_end(struct source *src)
{
	ssize_t n;

	if (src->zs.avail_in != 0)
		return source_fail(src, RC_NO,
		    "data after the end of the gzip stream");
	do
		n = read(src->fd, src->in, 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return source_fail(src, RC_SYS, strerror(errno));
	if (n > 0)
		return source_fail(src, RC_NO,
		    "data after the end of the gzip stream");
	return 0;
}

/* Inflates the next bytes into src->out; 0 at the end of the stream. */
static la_ssize_t
inflate_some(struct source *src)
{
	char why[128];
	ssize_t n;
	size_t got, i;
	int zrc;

	while (!src->ended) {
		if (src->zs.avail_in == 0) {
			do
				n = read(src->fd, src->in, sizeof(src->in));
			while (n < 0 && errno == EINTR);
			if (n < 0)
				return source_fail(src, RC_SYS,
				    strerror(errno));
			if (n == 0)
				return source_fail(src, RC_NO,
				    "truncated gzip data");
			src->zs.next_in = src->in;
			src->zs.avail_in = (uInt)n;
		}
		src->zs.next_out = src->out;
		src->zs.avail_out = sizeof(src->out);
		zrc = inflate(&src->zs, Z_NO_FLUSH);
		if (zrc == Z_MEM_ERROR)
			return source_fail(src, RC_SYS, "out of memory");
		if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR) {
			snprintf(why, sizeof(why), "corrupt gzip data (%s)",
			    src->zs.msg ? src->zs.msg : "zlib error");
			return source_fail(src, RC_NO, why);
		}
		got = sizeof(src->out) - src->zs.avail_out;
		if (zrc == Z_STREAM_END) {
			src->ended = true;
			if (check_gzip_end(src) < 0)
				return -1;
		}
		for (i = got; i > 0; i--)
			if (src->out[i - 1] != 0) {
				src->last_nonzero = src->handed + i;
				break;
			}
		walk(&src->walk, src->out, got, src->handed);
		src->handed += got;
		if (got > 0)
			return (la_ssize_t)got;
	}
	return 0;
}

static la_ssize_t
source_read(struct archive *a, void *ctx, const void **p)
{
	struct source *src = ctx;
	la_ssize_t n = inflate_some(src);

	if (n < 0)
		archive_set_error(a, EINVAL, "%s", src->err->msg);
	*p = src->out;
	return n;
}

/* How far past the end-of-archive marker seal_write's record padding goes. */
#define TAR_TAIL_MAX TAR_RECORD

/*
 * After libarchive's end of archive: the end marker and the record padding
 * must be zeros, and no longer than a record; then the gzip stream must end.
 */
static int
check_tail(struct source *src, struct archive *a, struct error *err)
{
	la_int64_t end = archive_filter_bytes(a, -1);
	la_ssize_t n;

	if (end < 0 || (uint64_t)end > src->handed)
		return error_set(err, RC_NO, "%s: corrupt tar data (%s)",
		    src->path, "cannot locate the end of the archive");
	for (;;) {
		if (src->last_nonzero > (uint64_t)end ||
		    src->handed - (uint64_t)end > TAR_TAIL_MAX)
			return error_set(err, RC_NO,
			    "%s: data after the end of the tar archive",
			    src->path);
		n = inflate_some(src);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
	}
}

static int
corrupt_tar(struct source *src, struct archive *a, struct error *err)
{
	const char *why = archive_error_string(a);

	if (src->failed)
		return -1;
	return error_set(err, RC_NO, "%s: corrupt tar data (%s)", src->path,
	    why ? why : "unreadable entry");
}

/* Whether the walk found a flaw in what libarchive has read so far. */
static int
bad_type(struct source *src, struct archive *a, struct error *err)
{
	char shown[128];
	la_int64_t pos = archive_filter_bytes(a, -1);

	if (src->walk.flaw[0] == '\0' || (pos >= 0 &&
	    src->walk.flaw_at >= (uint64_t)pos))
		return 0;
	return error_set(err, RC_NO, "%s: member '%s' is not a regular file",
	    src->path, printable(shown, sizeof(shown), src->walk.flaw));
}

static bool
listed(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

/* Streams one member's bytes through SHA-256, keeping them if asked to. */
static int
read_member(struct source *src, struct archive *a, struct seal_member *m,
    bool keep, char sha256[DIGEST_HEX_LEN + 1], struct error *err)
{
	struct digest_ctx *ctx = digest_sha256_new();
	unsigned char chunk[ZCHUNK];
	size_t done, want;
	la_ssize_t r;
	int rc = -1;

	if (keep) {
		m->data = xmalloc(m->len + 1);
		m->data[m->len] = '\0';
	}
	for (done = 0; done < m->len; done += (size_t)r) {
		want = m->len - done;
		if (!keep && want > sizeof(chunk))
			want = sizeof(chunk);
		r = archive_read_data(a, keep ? (void *)(m->data + done) :
		    (void *)chunk, want);
		if (r <= 0) {
			if (r == 0)
				archive_set_error(a, EINVAL,
				    "member data cut short");
			corrupt_tar(src, a, err);
			goto out;
		}
		digest_update(ctx, keep ? (const void *)(m->data + done) :
		    (const void *)chunk, (size_t)r);
	}
	rc = 0;
out:
	digest_final_hex(ctx, sha256);
	return rc;
}

static int
read_tar(struct source *src, const struct seal_read_opts *o,
    struct seal_set *set, struct error *err)
{
	struct archive *a = NULL;
	struct archive_entry *e;
	struct seal_member *m;
	const char *full, *name = NULL;
	char shown[128];
	size_t i, kept = 0;
	bool keep;
	int r, rc = -1;

	a = archive_read_new();
	if (a == NULL) {
		error_set(err, RC_SYS, "%s: cannot create tar reader",
		    src->path);
		goto out;
	}
	r = archive_read_support_format_tar(a);
	if (r == ARCHIVE_OK)
		r = archive_read_open(a, src, NULL, source_read, NULL);
	if (r != ARCHIVE_OK) {
		corrupt_tar(src, a, err);
		goto out;
	}
	for (;;) {
		/* Strict: a warning (bad pax record, bad name) fails too. */
		r = archive_read_next_header(a, &e);
		if (bad_type(src, a, err) < 0)
			goto out;
		if (r == ARCHIVE_EOF)
			break;
		full = r == ARCHIVE_OK ? archive_entry_pathname(e) : NULL;
		if (full == NULL) {
			corrupt_tar(src, a, err);
			goto out;
		}
		if (check_entry(src->path, e, err) < 0 ||
		    check_path(src->path, full, &set->top, &name, err) < 0)
			goto out;
		printable(shown, sizeof(shown), full);
		if (o->names && !listed(o->names, name)) {
			error_set(err, RC_NO, "%s: unknown member '%s'",
			    src->path, shown);
			goto out;
		}
		for (i = 0; i < set->n; i++)
			if (strcmp(set->members[i].name, name) == 0) {
				error_set(err, RC_NO,
				    "%s: duplicate member '%s'", src->path,
				    shown);
				goto out;
			}
		if (set->n == SEAL_MAX_MEMBERS) {
			error_set(err, RC_NO, "%s: more than %d members",
			    src->path, SEAL_MAX_MEMBERS);
			goto out;
		}
		set->members = xrealloc(set->members,
		    (set->n + 1) * sizeof(*set->members));
		set->sha256 = xrealloc(set->sha256,
		    (set->n + 1) * sizeof(*set->sha256));
		m = &set->members[set->n];
		memset(m, 0, sizeof(*m));
		set->sha256[set->n][0] = '\0';
		set->n++;
		m->name = xstrdup(name);
		m->len = (size_t)archive_entry_size(e);
		keep = o->keep == NULL || listed(o->keep, name);
		if (keep && m->len > SEAL_MAX_TAR - kept) {
			error_set(err, RC_NO, "%s: members to keep larger than "
			    "%zu bytes", src->path, SEAL_MAX_TAR);
			goto out;
		}
		kept += keep ? m->len : 0;
		if (read_member(src, a, m, keep, set->sha256[set->n - 1],
		    err) < 0)
			goto out;
	}
	if (set->n == 0) {
		error_set(err, RC_NO, "%s: empty archive", src->path);
		goto out;
	}
	if (check_tail(src, a, err) < 0)
		goto out;
	rc = 0;
out:
	if (a != NULL)
		archive_read_free(a);
	return rc;
}

int
seal_read_only(const char *path, const struct seal_read_opts *o,
    struct seal_set *out, struct error *err)
{
	struct source *src = xcalloc(1, sizeof(*src));
	struct seal_set set = { NULL, NULL, 0, NULL };
	int rc = -1;

	memset(out, 0, sizeof(*out));
	src->path = path;
	src->err = err;
	buf_init(&src->walk.pax, PAX_MAX);
	src->walk.pax_size = -1;
	src->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (src->fd < 0) {
		error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (inflateInit2(&src->zs, GZIP_WINDOW) != Z_OK) {
		error_set(err, RC_SYS, "%s: cannot start gunzip", path);
		goto out;
	}
	src->live = true;
	if (read_tar(src, o, &set, err) < 0)
		goto out;
	*out = set;
	memset(&set, 0, sizeof(set));
	rc = 0;
out:
	seal_release(&set);
	if (src->live)
		inflateEnd(&src->zs);
	if (src->fd >= 0)
		close(src->fd);
	buf_release(&src->walk.pax);
	free(src);
	return rc;
}

int
seal_read(const char *path, struct seal_set *out, struct error *err)
{
	static const struct seal_read_opts all = { NULL, NULL };

	return seal_read_only(path, &all, out, err);
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
	free(s->sha256);
	free(s->top);
	memset(s, 0, sizeof(*s));
}
