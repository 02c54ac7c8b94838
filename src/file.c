#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "xalloc.h"

int
file_mkdirs(const char *dir, mode_t mode, struct error *err)
{
	char *path = xstrdup(dir);
	char *p, c;
	int rc = -1;

	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (p[-1] != '/' && mkdir(path, mode) < 0 && errno != EEXIST) {
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

int
file_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
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

int
file_sync_dir(const char *dir, struct error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || fsync(fd) < 0)
		rc = error_set(err, RC_SYS, "%s: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}
