/*
 * buf: growable bytes with a hard cap, the shape of curl's dynbuf.
 *
 * The maximum is set at init and never exceeded: an add that would pass it
 * fails and leaves the buffer as it was, so a download or file read capped by
 * it cannot balloon.  A failure is sticky: every later add fails too, so a
 * builder may add without looking and check once, with buf_check(), before
 * it uses the bytes; nothing cut short is ever taken for whole.  When data
 * is not NULL it is followed by a NUL byte that is not counted in len, so
 * text can be used as a C string.
 */
#ifndef CLIPSEAL_BUF_H
#define CLIPSEAL_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	bool failed;	/* an add did not fit: all since were refused */
};

/* Default cap for buffers that hold a whole member or page: 64 MiB. */
#define BUF_MAX_DEFAULT ((size_t)64 << 20)

/*
 * The cap of a buffer that only rewrites bytes already in memory (a URL
 * without its user:password, the text of a part of a parsed page): they
 * were capped on the way in, and a second cap could only cut them short.
 */
#define BUF_UNCAPPED (SIZE_MAX - 1)

#define BUF_INIT(maxlen) { NULL, 0, 0, (maxlen), false }

void buf_init(struct buf *b, size_t max);

/*
 * Appends n bytes; -1 (buffer unchanged, and b->failed set) if the result
 * would exceed max, or if an earlier add failed.
 */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * 0 if no add failed since init (or the last reset); else -1 with err set to
 * rc and "<what> larger than <max> bytes", what naming what b was building.
 */
int buf_check(const struct buf *b, int rc, const char *what,
    struct error *err);

/* Empties the buffer, failure included, but keeps its memory and max. */
void buf_reset(struct buf *b);

/* Frees the memory; the buffer is empty and reusable with the same max. */
void buf_release(struct buf *b);

/*
 * Returns the bytes (NUL-terminated, never NULL) and stores their count in
 * *len if len is not NULL; the caller frees them.  The buffer is left empty
 * and not failed: check it first.
 */
char *buf_detach(struct buf *b, size_t *len);

/*
 * Reads the whole file at path ("-" is stdin) into b, which must be empty.
 * Fails with RC_SYS naming the path if it cannot be read, or if it is
 * larger than b->max ("larger than N bytes").
 */
int buf_read_file(struct buf *b, const char *path, struct error *err);

#endif
