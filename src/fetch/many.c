#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xalloc.h"

/* How far past the next job fetch_many looks for one whose host is free. */
#define ADMIT_WINDOW 256
/* Longest sleep of the scheduler when nothing happens. */
#define POLL_MAX_MS 1000L

static struct host_slot *
host_slot(struct engine *e, const char *name)
{
	struct host_slot *s;
	size_t i;

	for (i = 0; i < e->nhosts; i++)
		if (strcmp(e->hosts[i].name, name) == 0)
			return &e->hosts[i];
	e->hosts = xrealloc(e->hosts, (e->nhosts + 1) * sizeof(*e->hosts));
	s = &e->hosts[e->nhosts++];
	s->name = xstrdup(name);
	s->running = 0;
	s->last_start = LONG_MIN / 2;
	return s;
}

/* Forgets hosts that neither run nor need spacing any more. */
static void
prune_hosts(struct engine *e, long now)
{
	size_t i = 0;

	while (i < e->nhosts) {
		struct host_slot *s = &e->hosts[i];

		if (s->running == 0 && now - s->last_start >= e->host_delay) {
			free(s->name);
			*s = e->hosts[--e->nhosts];
		} else {
			i++;
		}
	}
}

/* The earliest time j may start, or LONG_MAX while its host is full. */
static long
start_time(struct engine *e, const struct job *j)
{
	struct host_slot *s = host_slot(e, j->host);
	long t = j->not_before;

	if (s->running >= e->per_host)
		return LONG_MAX;
	if (s->last_start + e->host_delay > t)
		t = s->last_start + e->host_delay;
	return t;
}

/* Starts the next request of j, counting it against its host. */
static int
job_start(struct engine *e, struct job *j, long now, struct error *err)
{
	struct host_slot *s;
	CURLMcode mc;

	if (fetch_job_prepare(j, now, err) < 0)
		return -1;
	mc = curl_multi_add_handle(e->multi, j->h);
	if (mc != CURLM_OK)
		return error_set(err, RC_NET, "%s: cannot start transfer: %s",
		    j->shown, curl_multi_strerror(mc));
	s = host_slot(e, j->host);
	s->running++;
	s->last_start = now;
	free(j->run_host);
	j->run_host = xstrdup(j->host);
	j->running = true;
	return 0;
}

/* Takes j's ended transfer out of the multi, then judges it. */
static int
job_end(struct engine *e, struct job *j, CURLcode cc, struct error *err)
{
	struct host_slot *s;

	curl_multi_remove_handle(e->multi, j->h);
	j->running = false;
	s = host_slot(e, j->run_host);
	if (s->running > 0)
		s->running--;
	return fetch_job_step(e, j, cc, err);
}

/* Reports j to the callback with the locale the caller had, then frees it. */
static void
job_report(struct job *j, int rc, struct error *err, fetch_done_fn done,
    void *arg, locale_t caller)
{
	struct error ok;
	locale_t mine = (locale_t)0;

	if (caller != (locale_t)0)
		mine = uselocale(caller);
	if (rc == 0) {
		error_clear(&ok);
		done(j->spec, &j->page, &ok, 0, arg);
	} else if (j->kind == KIND_REQUEST) {
		/* A failed request keeps its answer: the body says why. */
		done(j->spec, &j->page, err, err->rc ? err->rc : RC_NET, arg);
	} else {
		/* A failed page keeps only its final HTTP status. */
		long status = j->page.status;

		fetch_release(&j->page);
		j->page.status = status;
		done(j->spec, &j->page, err, err->rc ? err->rc : RC_NET, arg);
	}
	if (mine != (locale_t)0)
		uselocale(mine);
	fetch_job_free(j);
}

/*
 * The next job to admit: the first not yet taken whose host has fewer than
 * per_host active jobs, looking a little way ahead so that one busy host
 * does not hold up the others; n if none (or none yet).
 */
static size_t
pick_job(const struct fetch_job *jobs, size_t n, const bool *taken,
    size_t *cursor, struct job **active, size_t nactive, int per_host)
{
	char host[256];
	size_t i, k, seen = 0;
	int busy;

	while (*cursor < n && taken[*cursor])
		(*cursor)++;
	if (nactive == 0)
		return *cursor;
	for (i = *cursor; i < n && seen < ADMIT_WINDOW; i++) {
		if (taken[i])
			continue;
		seen++;
		fetch_text_host(jobs[i].url, host, sizeof(host));
		busy = 0;
		for (k = 0; k < nactive; k++)
			if (strcmp(active[k]->host, host) == 0)
				busy++;
		if (busy < per_host)
			return i;
	}
	return n;
}

static void
drop_active(struct job **active, size_t *nactive, size_t i)
{
	memmove(active + i, active + i + 1,
	    (*nactive - i - 1) * sizeof(*active));
	(*nactive)--;
}

static int
run_jobs(const struct fetch_job *jobs, size_t n, enum job_kind kind,
    const struct fetch_request *req, int parallel, int per_host,
    long host_delay_ms, fetch_done_fn done, void *arg, struct error *err)
{
	struct engine e;
	struct job **active = NULL, *j;
	struct error jerr;
	struct CURLMsg *msg;
	bool *taken = NULL, progressed;
	size_t nactive = 0, cursor = 0, i, idx;
	long now, wake, t;
	int left, still, r;
	locale_t utf8 = (locale_t)0, caller = (locale_t)0;

	memset(&e, 0, sizeof(e));
	if (fetch_global_init(err) < 0)
		return -1;
	e.multi = curl_multi_init();
	if (e.multi == NULL)
		return error_set(err, RC_NET, "cannot initialise libcurl");
	e.per_host = per_host > 0 ? per_host : 1;
	e.host_delay = host_delay_ms > 0 ? host_delay_ms : 0;
	e.seed = (unsigned int)fetch_now_ms() ^ (unsigned int)(uintptr_t)&e;
	if (parallel < 1)
		parallel = 1;
	taken = xcalloc(n ? n : 1, sizeof(*taken));
	active = xcalloc((size_t)parallel, sizeof(*active));
	/*
	 * libcurl turns IDN hosts into ASCII with libidn2, which reads the
	 * host in the locale's charset: make that UTF-8 for this thread only,
	 * whatever the caller's locale is, and give the caller its own back
	 * in the callback.
	 */
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (utf8 != (locale_t)0)
		caller = uselocale(utf8);
	for (;;) {
		now = fetch_now_ms();
		prune_hosts(&e, now);
		while (nactive < (size_t)parallel) {
			idx = pick_job(jobs, n, taken, &cursor, active,
			    nactive, e.per_host);
			if (idx >= n)
				break;
			taken[idx] = true;
			j = xcalloc(1, sizeof(*j));
			j->spec = &jobs[idx];
			j->o = jobs[idx].opts;
			j->kind = kind;
			j->req = req;
			j->not_before = now;
			error_clear(&jerr);
			if (fetch_job_init(j, &jerr) < 0) {
				job_report(j, -1, &jerr, done, arg, caller);
				continue;
			}
			active[nactive++] = j;
		}
		if (nactive == 0)
			break;
		wake = now + POLL_MAX_MS;
		for (i = 0; i < nactive; i++) {
			j = active[i];
			if (j->running)
				continue;
			error_clear(&jerr);
			t = start_time(&e, j);
			if (j->deadline && now >= j->deadline) {
				error_set(&jerr, RC_NET, "%s: timed out after "
				    "%ld second%s", j->shown, j->o->timeout,
				    fetch_plural(j->o->timeout));
			} else if (t <= now) {
				if (job_start(&e, j, now, &jerr) == 0)
					continue;
			} else {
				if (t < wake)
					wake = t;
				continue;
			}
			drop_active(active, &nactive, i--);
			job_report(j, -1, &jerr, done, arg, caller);
		}
		curl_multi_perform(e.multi, &still);
		progressed = false;
		while ((msg = curl_multi_info_read(e.multi, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			j = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&j);
			error_clear(&jerr);
			r = job_end(&e, j, msg->data.result, &jerr);
			progressed = true;
			if (r == 0)
				continue;
			for (i = 0; i < nactive && active[i] != j; i++)
				;
			drop_active(active, &nactive, i);
			job_report(j, r > 0 ? 0 : -1, &jerr, done, arg,
			    caller);
		}
		if (progressed)
			continue;
		t = wake - fetch_now_ms();
		if (t > 0)
			curl_multi_poll(e.multi, NULL, 0,
			    (int)(t < POLL_MAX_MS ? t : POLL_MAX_MS), NULL);
	}
	if (caller != (locale_t)0)
		uselocale(caller);
	if (utf8 != (locale_t)0)
		freelocale(utf8);
	for (i = 0; i < e.nhosts; i++)
		free(e.hosts[i].name);
	free(e.hosts);
	for (i = 0; i < e.nchains; i++) {
		free(e.chains[i].key);
		free(e.chains[i].pem);
	}
	free(e.chains);
	free(active);
	free(taken);
	curl_multi_cleanup(e.multi);
	return 0;
}

int
fetch_many(const struct fetch_job *jobs, size_t n, int parallel,
    int per_host, long host_delay_ms, fetch_done_fn done, void *arg,
    struct error *err)
{
	return run_jobs(jobs, n, KIND_PAGE, NULL, parallel, per_host,
	    host_delay_ms, done, arg, err);
}

/* What fetch_one keeps from its one job. */
struct taken_page {
	struct page *out;
	struct error *err;
	int rc;
};

static void
take_page(const struct fetch_job *job, struct page *page,
    const struct error *err, int rc, void *arg)
{
	struct taken_page *t = arg;

	(void)job;
	t->rc = rc;
	/* A failed page is empty but for its status already. */
	*t->out = *page;
	memset(page, 0, sizeof(*page));
	if (rc != 0)
		*t->err = *err;
}

/* Runs one job of kind (req for KIND_REQUEST) into *out. */
int
fetch_one(const char *url, const struct fetch_opts *o, enum job_kind kind,
    const struct fetch_request *req, struct page *out, struct error *err)
{
	struct fetch_job job = { url, o, NULL };
	struct taken_page t = { out, err, -1 };
	struct error setup;
	char *shown;

	memset(out, 0, sizeof(*out));
	if (run_jobs(&job, 1, kind, req, 1, 1, 0, take_page, &t,
	    &setup) < 0) {
		shown = fetch_shown_url(url);
		error_set(err, setup.rc, "%s: %s", shown, setup.msg);
		free(shown);
		return -1;
	}
	return t.rc == 0 ? 0 : -1;
}

int
fetch_url(const char *url, const struct fetch_opts *o, struct page *out,
    struct error *err)
{
	return fetch_one(url, o, KIND_PAGE, NULL, out, err);
}
