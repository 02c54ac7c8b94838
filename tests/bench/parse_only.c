/*
 * parse_only: the throughput baseline for `make bench`.  Reads each FILE and
 * parses it with libxml2's htmlReadMemory, nothing else, in one process,
 * then prints "pages seconds pages/s MB/s" for the parse alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <libxml/HTMLparser.h>

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		data = malloc((size_t)n + 1);
		if (data && fread(data, 1, (size_t)n, fp) != (size_t)n) {
			free(data);
			data = NULL;
		}
		*len = (size_t)n;
	}
	fclose(fp);
	return data;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	double secs = 0, t0;
	size_t len, bytes = 0;
	int i, pages = 0;
	char *data;
	htmlDocPtr doc;

	for (i = 1; i < argc; i++) {
		data = slurp(argv[i], &len);
		if (!data || len > 0x7fffffff) {
			fprintf(stderr, "parse_only: %s: cannot read\n",
			    argv[i]);
			free(data);
			return 1;
		}
		t0 = now();
		doc = htmlReadMemory(data, (int)len, NULL, NULL,
		    HTML_PARSE_RECOVER | HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		xmlFreeDoc(doc);
		secs += now() - t0;
		bytes += len;
		pages++;
		free(data);
	}
	printf("%d %.3f %.1f %.2f\n", pages, secs,
	    secs > 0 ? pages / secs : 0.0, secs > 0 ? bytes / secs / 1e6 : 0.0);
	return 0;
}
