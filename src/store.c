#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "xalloc.h"

int
store_mkdirs(const char *dir, mode_t mode, struct error *err)
{
	char *path = xstrdup(dir);
	char *p;
	int rc = -1;

	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(path, mode) < 0 && errno != EEXIST) {
			error_set(err, RC_SYS, "%s: cannot create directory: %s",
			    path, strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	rc = 0;
out:
	free(path);
	return rc;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

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
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0 ||
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
	if (fsync_dir(dir) < 0) {
		error_set(err, RC_SYS, "%s: %s", dir, strerror(errno));
		goto out;
	}
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
