/*
 * file: the POSIX file plumbing that durable writes share (the key files in
 * sign, the archives and index in store): whole writes, directory fsync and
 * mkdir -p.
 */
#ifndef CLIPSEAL_FILE_H
#define CLIPSEAL_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Creates dir and its missing parents with mode.  RC_SYS on failure. */
int file_mkdirs(const char *dir, mode_t mode, struct error *err);

/*
 * Writes all len bytes to fd, going on after EINTR and short writes.
 * Returns -1 with errno set on failure.
 */
int file_write_all(int fd, const void *data, size_t len);

/*
 * Fsyncs directory dir, so a rename or a new file in it survives a crash.
 * RC_SYS naming dir on failure.
 */
int file_sync_dir(const char *dir, struct error *err);

#endif
