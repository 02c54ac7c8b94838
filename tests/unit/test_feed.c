#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "feed.h"

static struct feed
parse(const char *xml, int *rc, struct error *err)
{
	struct feed f;

	*rc = feed_parse(xml, strlen(xml), "https://news.example/feed/", &f,
	    err);
	return f;
}

static void
test_rss2(void **state)
{
	struct error err = { 0 };
	int rc;
	struct feed f = parse("<?xml version=\"1.0\"?><rss version=\"2.0\">"
	    "<channel><title>t</title><link>https://news.example/</link>"
	    "<item><title>a</title><link>https://news.example/a</link></item>"
	    "<item><link>\n  /b?x=1  \n</link><guid>g</guid></item>"
	    "<item><title>no link</title></item>"
	    "</channel></rss>", &rc, &err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.links[0], "https://news.example/a");
	assert_string_equal(f.links[1], "https://news.example/b?x=1");
	feed_release(&f);
}

static void
test_atom(void **state)
{
	struct error err = { 0 };
	int rc;
	struct feed f = parse("<?xml version=\"1.0\"?>"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
	    "<link rel=\"self\" href=\"/feed\"/>"
	    "<entry><link rel=\"replies\" href=\"/c\"/>"
	    "<link rel=\"alternate\" href=\"/x\"/></entry>"
	    "<entry><link href=\"https://other.example/y\"/></entry>"
	    "</feed>", &rc, &err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.links[0], "https://news.example/x");
	assert_string_equal(f.links[1], "https://other.example/y");
	feed_release(&f);
}

static void
test_rdf(void **state)
{
	struct error err = { 0 };
	int rc;
	struct feed f = parse("<?xml version=\"1.0\"?>"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
	    " xmlns=\"http://purl.org/rss/1.0/\"><channel><title>t</title>"
	    "</channel><item><link>https://news.example/r</link></item>"
	    "</rdf:RDF>", &rc, &err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.links[0], "https://news.example/r");
	feed_release(&f);
}

static void
test_not_a_feed(void **state)
{
	struct error err = { 0 };
	int rc;
	struct feed f = parse("<html><body>hi</body></html>", &rc, &err);

	(void)state;
	assert_int_equal(rc, -1);
	assert_int_equal(err.rc, RC_CONTENT);
	assert_string_equal(err.msg, "https://news.example/feed/: not an RSS "
	    "or Atom feed (root element <html>)");
	assert_int_equal(f.n, 0);
	feed_release(&f);
	f = parse("garbage", &rc, &err);
	assert_int_equal(rc, -1);
	assert_int_equal(strncmp(err.msg, "https://news.example/feed/: not an "
	    "RSS or Atom feed (", 46), 0);
	feed_release(&f);
}

static void
test_no_external_entities(void **state)
{
	struct error err = { 0 };
	int rc;
	struct feed f = parse("<?xml version=\"1.0\"?>"
	    "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
	    "<rss><channel><item><link>https://n.example/&x;</link></item>"
	    "</channel></rss>", &rc, &err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.links[0], "https://n.example/");
	feed_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss2),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_rdf),
		cmocka_unit_test(test_not_a_feed),
		cmocka_unit_test(test_no_external_entities),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
