#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "fuzz.h"
#include "xalloc.h"

#ifndef FUZZ_FIXTURES
#error "FUZZ_FIXTURES must name tests/fixtures/fuzz"
#endif

static char scratch[PATH_MAX];

void
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, strerror(errno));
	abort();
}

void
fuzz_expect(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz: broken promise: %s\n", what);
	abort();
}

char *
fuzz_cstr(const uint8_t *data, size_t len)
{
	char *s = xmalloc(len + 1);

	if (len)
		memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

static void
remove_scratch(void)
{
	unlink(scratch);
}

const char *
fuzz_file(const void *data, size_t len, mode_t mode)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	if (scratch[0] == '\0') {
		snprintf(scratch, sizeof(scratch), "%s/clipseal-fuzz-XXXXXX",
		    tmp && *tmp ? tmp : "/tmp");
		fd = mkstemp(scratch);
		if (fd < 0)
			fuzz_die(scratch);
		close(fd);
		atexit(remove_scratch);
	}
	fd = open(scratch, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || fchmod(fd, mode) < 0 ||
	    file_write_all(fd, data, len) < 0 || close(fd) < 0)
		fuzz_die(scratch);
	return scratch;
}

const struct sign_key *
fuzz_secret_key(void)
{
	static struct sign_key *k;
	struct buf pem = BUF_INIT(4096);
	struct error err = { 0 };

	if (k)
		return k;
	/* git keeps no 0600 mode, and sign refuses a key others may read. */
	if (buf_read_file(&pem, FUZZ_FIXTURES "/key", &err) < 0)
		fuzz_die(err.msg);
	k = sign_load_secret(fuzz_file(pem.data, pem.len, 0600), &err);
	buf_release(&pem);
	if (k == NULL)
		fuzz_die(err.msg);
	return k;
}

const struct sign_key *
fuzz_public_key(void)
{
	static struct sign_key *k;
	struct error err = { 0 };

	if (k == NULL)
		k = sign_load_public(FUZZ_FIXTURES "/key.pub", &err);
	if (k == NULL)
		fuzz_die(err.msg);
	return k;
}
