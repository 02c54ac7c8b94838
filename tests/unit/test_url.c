#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

static void
test_normalize_table(void **state)
{
	static const char *const cases[][2] = {
		{ "HTTP://Example.COM/a/B?x=1", "http://example.com/a/B?x=1" },
		{ "https://example.com:443/p", "https://example.com/p" },
		{ "http://example.com:80", "http://example.com/" },
		{ "http://example.com:0080/", "http://example.com/" },
		{ "https://example.com:8443/p", "https://example.com:8443/p" },
		{ "http://example.com:443/p", "http://example.com:443/p" },
		{ "https://example.com/p#section", "https://example.com/p" },
		{ "https://user:pw@example.com/p", "https://example.com/p" },
		{ "https://example.com/p?utm_source=a&id=3&utm_medium=b",
		  "https://example.com/p?id=3" },
		{ "https://example.com/p?fbclid=X", "https://example.com/p" },
		{ "https://example.com/p?gclid=1&a=2&msclkid=3&b",
		  "https://example.com/p?a=2&b" },
		{ "https://example.com/p?utmost=1", "https://example.com/p?utmost=1" },
		{ "https://example.com/p?&&a=1&", "https://example.com/p?a=1" },
		{ "https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x" },
		{ "http://[::1]:8080", "http://[::1]:8080/" },
		{ "https://ex.com/%7Euser/", "https://ex.com/%7Euser/" },
		{ "https://ex.com?q=1", "https://ex.com/?q=1" },
	};
	struct error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *n = url_normalize(cases[i][0], &err);

		assert_non_null(n);
		assert_string_equal(n, cases[i][1]);
		free(n);
	}
}

static void
test_normalize_rejects(void **state)
{
	static const char *const cases[][2] = {
		{ "not a url", "'not a url': not a URL" },
		{ "example.com/x", "'example.com/x': not a URL" },
		{ "ftp://example.com/x",
		  "'ftp://example.com/x': unsupported URL scheme 'ftp'" },
		{ "file:///etc/passwd", "'file:///etc/passwd': unsupported URL "
		  "scheme 'file'" },
		{ "javascript://x", "'javascript://x': unsupported URL scheme "
		  "'javascript'" },
		{ "http://", "'http://': not a URL" },
		{ "http://:80/", "'http://:80/': not a URL" },
		{ "http://ex.com:8x/", "'http://ex.com:8x/': not a URL" },
		{ "http://ex .com/", "'http://ex .com/': not a URL" },
		{ "http://ex.com/a b", "'http://ex.com/a b': not a URL" },
		{ "http://[::1/", "'http://[::1/': not a URL" },
	};
	struct error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_null(url_normalize(cases[i][0], &err));
		assert_int_equal(err.rc, RC_USAGE);
		assert_string_equal(err.msg, cases[i][1]);
	}
}

static void
test_host_label(void **state)
{
	static const char *const cases[][2] = {
		{ "https://News.Example.org:8443/x", "news.example.org" },
		{ "https://u:p@host.test/x", "host.test" },
		{ "http://[::1]:8080/", "___1_" },
		{ "https://b\xc3\xbc" "cher.de/", "b__cher.de" },
		{ "https:///x", "unknown" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *h = url_host_label(cases[i][0]);

		assert_string_equal(h, cases[i][1]);
		free(h);
	}
}

static void
test_slug(void **state)
{
	char *a = url_slug("https://ex.com/2026/03/Sea-Wall.html?id=4");
	char *b = url_slug("https://ex.com/");
	char *c = url_slug("https://ex.com/2026/03/sea-wall.html?id=4");
	char *d = url_slug("https://ex.com/a/very/long/path/that/goes/on/"
	    "and/on/and/on/and/on/and/on/and/on/and/on/forever.html");

	(void)state;
	assert_int_equal(strncmp(a, "2026-03-sea-wall-html-id-4-", 27), 0);
	assert_int_equal(strlen(a), 27 + 12);
	assert_int_equal(strncmp(b, "index-", 6), 0);
	/* Same letters, other case: other URL, other directory. */
	assert_string_not_equal(a, c);
	assert_true(strlen(d) <= 64 + 13);
	free(a);
	free(b);
	free(c);
	free(d);
}

/* A URL past the normaliser's 64 KiB is refused, not cut short. */
static void
test_normalize_too_long(void **state)
{
	struct error err = { 0 };
	char *url = malloc(70000), *norm;

	(void)state;
	memcpy(url, "https://ex.com/", 15);
	memset(url + 15, 'a', 70000 - 16);
	url[70000 - 1] = '\0';
	assert_null(url_normalize(url, &err));
	assert_int_equal(err.rc, RC_USAGE);
	assert_non_null(strstr(err.msg, "': longer than 65536 bytes"));
	url[65000] = '\0';
	norm = url_normalize(url, &err);
	assert_non_null(norm);
	assert_int_equal(strlen(norm), 65000);
	free(norm);
	free(url);
}

/* fuzz_url: a dash at the 64th character let the slug reach 65. */
static void
test_slug_at_most_64(void **state)
{
	char *s = url_slug("https://ex.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/b");

	(void)state;
	assert_int_equal(strlen(s), 63 + 13);
	assert_int_equal(strspn(s, "a"), 63);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_table),
		cmocka_unit_test(test_normalize_rejects),
		cmocka_unit_test(test_host_label),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_slug_at_most_64),
		cmocka_unit_test(test_normalize_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
