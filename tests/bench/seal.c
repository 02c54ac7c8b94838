/*
 * seal: the sealing speed check of `make bench`.
 *
 *   seal SECKEY DIR FILE...
 *
 * For each FILE, in one process, seals the page as `archive --html` would
 * (extract, canonical text and hash, sign, tar.gz, write, fsync, rename,
 * fsync the directory) into DIR, and then compresses the same page bytes
 * as `gzip -6` does (zlib level 6, gzip wrapper) into a file in DIR that it
 * writes and fsyncs once.  Both on the wall clock, since the fsyncs are
 * half the work; alternating the two on each page puts them under the same
 * load.  Page i is sealed as https://p<i>.bench.example/ so every archive
 * has its own name.  Prints "pages seal_s gzip_s seal_pages/s gzip_pages/s
 * ratio", ratio being seal's rate over gzip's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "error.h"
#include "fetch.h"
#include "file.h"
#include "pipeline.h"
#include "sign.h"
#include "xalloc.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * gzip -6 of data into path, written and fsynced; 0 or -1.  *out (of *cap
 * bytes) is the output buffer, grown as needed and kept between calls.
 */
static int
gzip_file(const char *path, const char *data, size_t len, char **out,
    size_t *cap)
{
	z_stream z;
	size_t need;
	int fd, rc = -1;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	need = deflateBound(&z, len);
	if (need > *cap) {
		*out = xrealloc(*out, need);
		*cap = need;
	}
	z.next_in = (unsigned char *)data;
	z.avail_in = (unsigned)len;
	z.next_out = (unsigned char *)*out;
	z.avail_out = (unsigned)*cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto out;
	if (file_write_all(fd, *out, z.total_out) == 0 && fsync(fd) == 0)
		rc = 0;
	if (close(fd) < 0)
		rc = -1;
out:
	deflateEnd(&z);
	return rc;
}

int
main(int argc, char **argv)
{
	struct fetch_opts fo;
	struct pipeline_opts po = { NULL, false, NULL, NULL };
	struct sign_key *k;
	struct error err = { 0 };
	double sealt = 0, gzipt = 0, t0;
	char *gzpath, *gz = NULL;
	size_t gzcap = 0;
	int i, pages = 0, rc = 1;

	if (argc < 4) {
		fputs("usage: seal SECKEY DIR FILE...\n", stderr);
		return 2;
	}
	k = sign_load_secret(argv[1], &err);
	if (k == NULL) {
		fprintf(stderr, "seal: %s\n", err.msg);
		return 1;
	}
	fetch_opts_init(&fo);
	po.dir = argv[2];
	gzpath = xasprintf("%s/gzip.out", argv[2]);
	for (i = 3; i < argc; i++) {
		struct page page = { 0 };
		struct pipeline_result res = { 0 };
		char *url = xasprintf("https://p%d.bench.example/", i - 2);
		int r;

		r = fetch_file(argv[i], url, &fo, &page, &err);
		free(url);
		if (r < 0) {
			fprintf(stderr, "seal: %s\n", err.msg);
			goto out;
		}
		t0 = now();
		r = pipeline_seal(&page, k, &po, &res, &err);
		sealt += now() - t0;
		pipeline_result_release(&res);
		/* A page without an article is a refusal, as in `run`. */
		if (r < 0 && err.rc != RC_CONTENT) {
			fprintf(stderr, "seal: %s\n", err.msg);
			fetch_release(&page);
			goto out;
		}
		t0 = now();
		r = gzip_file(gzpath, page.body, page.body_len, &gz, &gzcap);
		gzipt += now() - t0;
		fetch_release(&page);
		if (r < 0) {
			fprintf(stderr, "seal: %s: cannot compress\n", gzpath);
			goto out;
		}
		pages++;
	}
	printf("%d %.6f %.6f %.1f %.1f %.2f\n", pages, sealt, gzipt,
	    sealt > 0 ? pages / sealt : 0.0, gzipt > 0 ? pages / gzipt : 0.0,
	    sealt > 0 ? gzipt / sealt : 0.0);
	rc = 0;
out:
	unlink(gzpath);
	free(gzpath);
	free(gz);
	sign_key_free(k);
	return rc;
}
