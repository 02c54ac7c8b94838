/*
 * store: files on disk that must never be seen half-written.
 *
 * Every write goes to a temporary file in the target directory, is fsynced,
 * renamed over the final name and the directory fsynced, so a crash leaves
 * either the old file or the new one.
 */
#ifndef CLIPSEAL_STORE_H
#define CLIPSEAL_STORE_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Creates dir and its missing parents with mode.  RC_SYS on failure. */
int store_mkdirs(const char *dir, mode_t mode, struct error *err);

/*
 * Writes len bytes to dir/name atomically with the given mode.  Fails with
 * RC_SYS naming the path; a failed write leaves no temporary file behind.
 */
int store_write(const char *dir, const char *name, const void *data,
    size_t len, mode_t mode, struct error *err);

#endif
