/*
 * buf: growable bytes with a hard cap, the shape of curl's dynbuf.
 *
 * The maximum is set at init and never exceeded: an add that would pass it
 * fails and leaves the buffer as it was, so a download or file read capped by
 * it cannot balloon.  When data is not NULL it is followed by a NUL byte that
 * is not counted in len, so text can be used as a C string.
 */
#ifndef CLIPSEAL_BUF_H
#define CLIPSEAL_BUF_H

#include <stddef.h>

#include "error.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

/* Default cap for buffers that hold a whole member or page: 64 MiB. */
#define BUF_MAX_DEFAULT ((size_t)64 << 20)

#define BUF_INIT(maxlen) { NULL, 0, 0, (maxlen) }

void buf_init(struct buf *b, size_t max);

/* Appends n bytes; -1 (buffer unchanged) if the result would exceed max. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Empties the buffer but keeps its memory and max. */
void buf_reset(struct buf *b);

/* Frees the memory; the buffer is empty and reusable with the same max. */
void buf_release(struct buf *b);

/*
 * Returns the bytes (NUL-terminated, never NULL) and stores their count in
 * *len if len is not NULL; the caller frees them.  The buffer is left empty.
 */
char *buf_detach(struct buf *b, size_t *len);

/*
 * Reads the whole file at path ("-" is stdin) into b, which must be empty.
 * Fails with RC_SYS naming the path if it cannot be read, or if it is
 * larger than b->max ("larger than N bytes").
 */
int buf_read_file(struct buf *b, const char *path, struct error *err);

#endif
