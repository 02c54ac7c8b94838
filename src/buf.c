#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->failed = false;
}

static int
grow(struct buf *b, size_t n)
{
	size_t need, cap;

	if (b->failed || n > b->max || b->len > b->max - n) {
		b->failed = true;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addch(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		b->failed = true;
	if (n < 0 || grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_check(const struct buf *b, int rc, const char *what, struct error *err)
{
	if (!b->failed)
		return 0;
	return error_set(err, rc, "%s larger than %zu bytes", what, b->max);
}

void
buf_reset(struct buf *b)
{
	b->failed = false;
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_release(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p = b->data;

	if (p == NULL)
		p = xcalloc(1, 1);
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
	return p;
}

int
buf_read_file(struct buf *b, const char *path, struct error *err)
{
	char chunk[65536];
	int fd, rc = -1;
	ssize_t n;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(err, RC_SYS, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (buf_add(b, chunk, (size_t)n) < 0) {
			error_set(err, RC_SYS, "%s: larger than %zu bytes",
			    path, b->max);
			goto out;
		}
	}
	if (b->data == NULL)
		buf_add(b, "", 0);
	rc = 0;
out:
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
