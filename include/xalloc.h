/*
 * xalloc: allocation that never returns NULL.
 *
 * Out of memory is the one failure that is not reported through struct
 * error: these print "clipseal: out of memory" and exit with RC_SYS, as git,
 * minisign and signify do.  Untrusted sizes must be capped before calling.
 */
#ifndef CLIPSEAL_XALLOC_H
#define CLIPSEAL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Like asprintf, but exits on failure. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
