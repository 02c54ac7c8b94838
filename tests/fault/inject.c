/*
 * inject: an LD_PRELOAD library that makes the Nth call of one kind fail,
 * counting only calls on files under one directory, so that a test can walk
 * N from 1 until the command no longer reaches a call of that kind.
 *
 *   FAULT_CALL   write (write, pwrite), fsync (fsync, fdatasync), rename
 *                (rename, renameat), open (open, openat)
 *   FAULT_ERRNO  the errno to fail with, by name: ENOSPC EIO EXDEV EMFILE
 *   FAULT_N      which call fails (1 = the first); FAULT_N=3+ fails the
 *                third and every later one
 *   FAULT_UNDER  only calls on paths below this directory count
 *   FAULT_LOG    a file that gets "CALL N PATH" when the fault is injected
 *
 * Calls on anything else (stderr, the page being read, libraries) go
 * through untouched, so the error a command prints is never the victim.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long counter;

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static int
fault_errno(void)
{
	static const struct {
		const char *name;
		int value;
	} errs[] = {
		{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EXDEV", EXDEV },
		{ "EMFILE", EMFILE }, { "EDQUOT", EDQUOT }
	};
	const char *v = env("FAULT_ERRNO");
	size_t i;

	for (i = 0; v && i < sizeof(errs) / sizeof(errs[0]); i++)
		if (strcmp(v, errs[i].name) == 0)
			return errs[i].value;
	return EIO;
}

static bool
under(const char *path)
{
	const char *dir = env("FAULT_UNDER");
	size_t n;

	if (dir == NULL || path == NULL)
		return false;
	n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0');
}

static bool
fd_under(int fd, char *path, size_t len)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, len - 1);
	if (n < 0)
		return false;
	path[n] = '\0';
	return under(path);
}

/* Whether this call, of kind call on path, is the one to fail. */
static bool
hit(const char *call, const char *path)
{
	const char *want = env("FAULT_CALL"), *nv = env("FAULT_N");
	const char *log = env("FAULT_LOG");
	long n;
	char *end;
	FILE *fp;

	if (want == NULL || nv == NULL || strcmp(want, call) != 0 ||
	    !under(path))
		return false;
	n = strtol(nv, &end, 10);
	counter++;
	if (counter < n || (counter > n && *end != '+'))
		return false;
	if (log && (fp = fopen(log, "a")) != NULL) {
		fprintf(fp, "%s %ld %s\n", call, counter, path);
		fclose(fp);
	}
	errno = fault_errno();
	return true;
}

static bool
fd_hit(const char *call, int fd)
{
	char path[4096];

	return fd_under(fd, path, sizeof(path)) && hit(call, path);
}

#define REAL(name) \
	static __typeof__(&name) real; \
	if (real == NULL) \
		real = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

ssize_t
write(int fd, const void *p, size_t n)
{
	REAL(write);
	if (fd_hit("write", fd))
		return -1;
	return real(fd, p, n);
}

ssize_t
pwrite(int fd, const void *p, size_t n, off_t off)
{
	REAL(pwrite);
	if (fd_hit("write", fd))
		return -1;
	return real(fd, p, n, off);
}

ssize_t
pwrite64(int fd, const void *p, size_t n, off_t off)
{
	REAL(pwrite64);
	if (fd_hit("write", fd))
		return -1;
	return real(fd, p, n, off);
}

int
fsync(int fd)
{
	REAL(fsync);
	if (fd_hit("fsync", fd))
		return -1;
	return real(fd);
}

int
fdatasync(int fd)
{
	REAL(fdatasync);
	if (fd_hit("fsync", fd))
		return -1;
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	REAL(rename);
	if (hit("rename", to))
		return -1;
	return real(from, to);
}

int
renameat(int dfd, const char *from, int tfd, const char *to)
{
	REAL(renameat);
	if (hit("rename", to))
		return -1;
	return real(dfd, from, tfd, to);
}

/* open, open64 and openat: the mode is there only with O_CREAT. */
#define OPEN_WRAPPER(name, params, args) \
int \
name params \
{ \
	va_list ap; \
	mode_t mode = 0; \
\
	va_start(ap, flags); \
	if (flags & (O_CREAT | O_TMPFILE)) \
		mode = (mode_t)va_arg(ap, int); \
	va_end(ap); \
	REAL(name); \
	if (hit("open", path)) \
		return -1; \
	return real args; \
}

OPEN_WRAPPER(open, (const char *path, int flags, ...), (path, flags, mode))
OPEN_WRAPPER(open64, (const char *path, int flags, ...), (path, flags, mode))
OPEN_WRAPPER(openat, (int dfd, const char *path, int flags, ...),
    (dfd, path, flags, mode))
