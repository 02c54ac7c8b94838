/*
 * The robots.txt parser and matcher, through fetch's public API.  The
 * input is one line of path, then the robots.txt.  The file is set for the
 * very URL that is then asked about, so fetch_robots_allowed always finds
 * its origin cached and never goes to the network; a second question, on
 * a fixed path of a fixed origin, is asked the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "fuzz.h"
#include "xalloc.h"

static void
ask(struct fetch_robots *r, const char *url, const struct fetch_opts *o)
{
	struct error err = { 0 };

	if (fetch_robots_allowed(r, url, o, &err) < 0)
		fuzz_expect(err.rc == RC_NET, "a disallowed URL is 3");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *p = (const char *)data, *nl = memchr(p, '\n', len);
	size_t path_len = nl ? (size_t)(nl - p) : 0;
	const char *text = nl ? nl + 1 : p;
	size_t text_len = len - (size_t)(text - p);
	struct fetch_robots *r = fetch_robots_new();
	struct fetch_opts o;
	char *path = fuzz_cstr(data, path_len);
	char *url = xasprintf("https://news.example%s%s",
	    path[0] == '/' ? "" : "/", path);

	fetch_opts_init(&o);
	/* Should a question ever miss the cache, fail at once. */
	o.connect_timeout = 1;
	o.timeout = 1;
	o.resolve = "news.example:443:127.0.0.1";
	fetch_robots_set(r, url, text, text_len);
	ask(r, url, &o);
	fetch_robots_set(r, "https://news.example/", text, text_len);
	ask(r, "https://news.example/private/a?b=c*d$", &o);
	fetch_robots_free(r);
	free(url);
	free(path);
	return 0;
}
