/*
 * throughput: the extraction speed check of `make bench`.  For each FILE,
 * in one process, times libxml2's bare htmlReadMemory of the page and then
 * clipseal's whole extraction of it (decode, parse, clean, select, write the
 * text), both on the process's CPU clock and neither counting the file's
 * reading.  Alternating the two on each page puts them under the same
 * cache and the same neighbours, so their ratio holds on a busy machine.
 * Prints "pages parse_s extract_s parse_pages/s extract_pages/s ratio".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "error.h"
#include "extract.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	double parse = 0, ext = 0, t0;
	struct buf b = BUF_INIT(BUF_MAX_DEFAULT);
	struct extract_opts o = { NULL, NULL };
	struct article a;
	struct error err;
	htmlDocPtr doc;
	int i, pages = 0;

	for (i = 1; i < argc; i++) {
		buf_reset(&b);
		if (buf_read_file(&b, argv[i], &err) != 0 ||
		    b.len > 0x7fffffff) {
			fprintf(stderr, "throughput: %s: cannot read\n",
			    argv[i]);
			return 1;
		}
		t0 = now();
		doc = htmlReadMemory(b.data ? b.data : "", (int)b.len, NULL,
		    NULL, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		xmlFreeDoc(doc);
		parse += now() - t0;
		t0 = now();
		if (extract_article(b.data, b.len, &o, &a, &err) == 0)
			extract_release(&a);
		ext += now() - t0;
		pages++;
	}
	buf_release(&b);
	printf("%d %.6f %.6f %.1f %.1f %.2f\n", pages, parse, ext,
	    parse > 0 ? pages / parse : 0.0, ext > 0 ? pages / ext : 0.0,
	    parse > 0 && ext > 0 ? parse / ext : 0.0);
	return 0;
}
