#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "xalloc.h"

/* SOURCE_DATE_EPOCH at most 9999-12-31T23:59:59Z: WARC dates have 4 digits. */
#define EPOCH_MAX 253402300799

/* SOURCE_DATE_EPOCH (reproducible-builds.org): decimal seconds, or unset. */
static int
source_date(time_t *t, struct error *err)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	const char *p;
	uint64_t v = 0;
	char *shown;

	if (s == NULL) {
		*t = time(NULL);
		return 0;
	}
	for (p = s; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > EPOCH_MAX)
			break;
	}
	if (p == s || *p != '\0' || v > EPOCH_MAX) {
		shown = fetch_shown_text(s, strlen(s));
		error_set(err, RC_USAGE,
		    "SOURCE_DATE_EPOCH: not a decimal number of seconds: '%s'",
		    shown);
		free(shown);
		return -1;
	}
	*t = (time_t)v;
	return 0;
}

int
fetch_file(const char *path, const char *url, const struct fetch_opts *o,
    struct page *out, struct error *err)
{
	CURLU *u = NULL;
	char *scheme = NULL, *shown;
	struct fetch_hop *hop;
	time_t when;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	shown = fetch_shown_url(url);
	u = curl_url();
	if (u == NULL) {
		error_set(err, RC_SYS, "%s: out of memory", shown);
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    !fetch_scheme_ok(scheme)) {
		error_set(err, RC_USAGE, "%s: not an http or https URL", shown);
		goto out;
	}
	if (source_date(&when, err) < 0)
		goto out;
	hop = fetch_add_hop(out, xstrdup(url), o);
	if (buf_read_file(&hop->body, path, err) < 0)
		goto out;
	out->requested_url = xstrdup(url);
	out->final_url = xstrdup(url);
	out->source_file = xstrdup(path);
	out->content_type = xstrdup("text/html");
	out->fetched_at = when;
	fetch_set_host_forms(out, url);
	out->body = hop->body.data;
	out->body_len = hop->body.len;
	rc = 0;
out:
	if (rc < 0)
		fetch_release(out);
	curl_free(scheme);
	curl_url_cleanup(u);
	free(shown);
	return rc;
}
