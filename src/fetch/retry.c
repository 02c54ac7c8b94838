#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "xalloc.h"

/* First retry waits about this long; each later one twice as long. */
#define RETRY_BASE_MS 1000L

bool
fetch_is_retryable(long status)
{
	return status == 429 || (status >= 500 && status <= 599);
}

/* Retry-After in seconds from now (delta or HTTP date), or -1. */
static long
retry_after(const struct buf *head)
{
	char *v = fetch_head_value(head, "Retry-After");
	long secs = -1;
	time_t t;

	if (v == NULL)
		return -1;
	if (*v >= '0' && *v <= '9' && strspn(v, "0123456789") == strlen(v)) {
		secs = strlen(v) > 9 ? LONG_MAX / 1000 : atol(v);
	} else {
		t = curl_getdate(v, NULL);
		if (t != -1)
			secs = t > time(NULL) ? (long)(t - time(NULL)) : 0;
	}
	free(v);
	return secs;
}

/* xorshift: jitter only, not secrets. */
static unsigned int
next_random(struct engine *e)
{
	unsigned int x = e->seed ? e->seed : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	e->seed = x;
	return x;
}

/*
 * Plans the next attempt of a hop that answered 429 or 5xx: after
 * Retry-After if the server gave one, else after an exponential backoff
 * with jitter, so that clients do not come back in step.  Returns 0 and
 * sets not_before, or -1 when it would wait too long.
 */
int
fetch_plan_retry(struct engine *e, struct job *j, const struct fetch_hop *hop,
    struct error *err)
{
	const struct fetch_opts *o = j->o;
	long ra = retry_after(&hop->response), wait, base, now = fetch_now_ms();
	char more[128];

	if (ra > o->max_retry_wait) {
		snprintf(more, sizeof(more), " (Retry-After %ld seconds is "
		    "more than the %ld-second limit)", ra, o->max_retry_wait);
		return fetch_status_error(j, hop, more, err);
	}
	if (ra >= 0) {
		wait = ra * 1000;
	} else {
		base = RETRY_BASE_MS << (j->attempts < 20 ? j->attempts : 20);
		if (base > o->max_retry_wait * 1000)
			base = o->max_retry_wait * 1000;
		wait = base / 2 + (long)(next_random(e) % (unsigned)(base / 2 +
		    1));
	}
	if (j->deadline && now + wait >= j->deadline) {
		snprintf(more, sizeof(more), " (a retry in %ld second%s would "
		    "pass the %ld-second timeout)", (wait + 999) / 1000,
		    fetch_plural((wait + 999) / 1000), o->timeout);
		return fetch_status_error(j, hop, more, err);
	}
	j->not_before = now + wait;
	j->attempts++;
	j->page.retries++;
	j->retrying = true;
	return 0;
}
