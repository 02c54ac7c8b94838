/*
 * The feed parser: RSS 2.0, RSS 1.0 and Atom bytes -> absolute links.  The
 * last byte picks the feed's own URL, against which links are resolved.
 * "Absolute" is RFC 3986's: a scheme, not necessarily an authority, as in
 * "https:a.html"; run normalises each link and reports those that are not
 * http(s) URLs.
 */
#include <string.h>

#include "feed.h"
#include "fuzz.h"

static const char *const bases[4] = {
	"https://news.example/feed.xml",
	"http://news.example:8080/a/b/rss?x=1",
	"https://xn--bcher-kva.example/",
	"https://[2001:db8::1]/atom"
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *base = bases[len ? data[len - 1] & 3 : 0];
	struct feed f = { 0 };
	struct error err = { 0 };
	size_t i;
	int rc;

	rc = feed_parse((const char *)data, len, base, &f, &err);
	fuzz_expect(rc == 0 || err.rc == RC_CONTENT, "a bad feed is 4");
	fuzz_expect(f.n <= FEED_MAX_ITEMS, "at most FEED_MAX_ITEMS links");
	for (i = 0; i < f.n; i++)
		fuzz_expect(f.links[i] && strchr(f.links[i], ':'),
		    "links are absolute: they have a scheme");
	feed_release(&f);
	return 0;
}
