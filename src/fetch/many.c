#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
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
	CURLMcode mc;

	mc = curl_multi_remove_handle(e->multi, j->h);
	j->running = false;
	s = host_slot(e, j->run_host);
	if (s->running > 0)
		s->running--;
	if (mc != CURLM_OK)
		return error_set(err, RC_NET, "%s: cannot end transfer: %s",
		    j->shown, curl_multi_strerror(mc));
	return fetch_job_step(e, j, cc, err);
}

/* One run of the scheduler over the caller's jobs. */
struct sched {
	struct engine e;
	const struct fetch_job *jobs;
	size_t n;
	enum job_kind kind;
	const struct fetch_request *req;
	size_t parallel;
	fetch_done_fn done;
	void *arg;
	locale_t caller;	/* the caller's locale, for the callback */
	bool *taken;		/* jobs admitted or reported */
	size_t cursor;		/* no job before it is left to take */
	struct job **active;
	size_t nactive;
	char **origins;		/* robots.txt origin per job, once known;
				   "" for none */
	char broken[ERROR_MSG_LEN];	/* why the multi cannot go on */
};

/* Reports j to the callback with the locale the caller had, then frees it. */
static void
job_report(struct sched *s, struct job *j, int rc, struct error *err)
{
	struct error ok;
	locale_t mine = (locale_t)0;

	if (s->caller != (locale_t)0)
		mine = uselocale(s->caller);
	if (rc == 0) {
		error_clear(&ok);
		s->done(j->spec, &j->page, &ok, 0, s->arg);
	} else if (j->kind == KIND_REQUEST) {
		/* A failed request keeps its answer: the body says why. */
		s->done(j->spec, &j->page, err, err->rc ? err->rc : RC_NET,
		    s->arg);
	} else {
		/* A failed page keeps only its final HTTP status. */
		long status = j->page.status;

		fetch_release(&j->page);
		j->page.status = status;
		s->done(j->spec, &j->page, err, err->rc ? err->rc : RC_NET,
		    s->arg);
	}
	if (mine != (locale_t)0)
		uselocale(mine);
	fetch_job_free(j);
}

/* The job for the caller's job idx, not set up yet. */
static struct job *
new_job(struct sched *s, size_t idx, long now)
{
	struct job *j = xcalloc(1, sizeof(*j));

	s->taken[idx] = true;
	free(s->origins[idx]);
	s->origins[idx] = NULL;
	j->spec = &s->jobs[idx];
	j->url = s->jobs[idx].url;
	j->o = s->jobs[idx].opts;
	j->kind = s->kind;
	j->req = s->req;
	j->not_before = now;
	return j;
}

/* The origin whose robots.txt job idx must wait for, or NULL for none. */
static const char *
job_origin(struct sched *s, size_t idx)
{
	if (s->jobs[idx].robots == NULL)
		return NULL;
	if (s->origins[idx] == NULL) {
		s->origins[idx] = fetch_robots_origin(s->jobs[idx].url);
		if (s->origins[idx] == NULL)
			s->origins[idx] = xstrdup("");
	}
	return *s->origins[idx] ? s->origins[idx] : NULL;
}

static bool
robots_running(const struct sched *s, const struct fetch_robots *r,
    const char *origin)
{
	size_t k;

	for (k = 0; k < s->nactive; k++)
		if (s->active[k]->robots == r &&
		    strcmp(s->active[k]->origin, origin) == 0)
			return true;
	return false;
}

enum pick {
	PICK_NONE,		/* nothing may start now */
	PICK_JOB,		/* the job may start */
	PICK_ROBOTS,		/* its origin's robots.txt must come first */
	PICK_REFUSED		/* robots.txt disallows it; err says so */
};

/*
 * The next job to admit: the first not yet taken whose host has fewer than
 * per_host active jobs and whose robots.txt is known or not needed,
 * looking a little way ahead so that one busy host, or one slow
 * robots.txt, does not hold up the others.
 */
static enum pick
pick_job(struct sched *s, size_t *idx, struct error *err)
{
	struct fetch_robots *r;
	const char *origin;
	char host[256];
	size_t i, k, seen = 0;
	int busy;

	while (s->cursor < s->n && s->taken[s->cursor])
		s->cursor++;
	for (i = s->cursor; i < s->n && seen < ADMIT_WINDOW; i++) {
		if (s->taken[i])
			continue;
		seen++;
		fetch_text_host(s->jobs[i].url, host, sizeof(host));
		busy = 0;
		for (k = 0; k < s->nactive; k++)
			if (strcmp(s->active[k]->host, host) == 0)
				busy++;
		if (busy >= s->e.per_host)
			continue;
		*idx = i;
		r = s->jobs[i].robots;
		origin = job_origin(s, i);
		if (origin == NULL)
			return PICK_JOB;
		if (!fetch_robots_known(r, origin)) {
			if (robots_running(s, r, origin))
				continue;
			return PICK_ROBOTS;
		}
		if (fetch_robots_check(r, s->jobs[i].url, err) < 0)
			return PICK_REFUSED;
		return PICK_JOB;
	}
	return PICK_NONE;
}

static void
drop_active(struct sched *s, struct job *j)
{
	size_t i;

	for (i = 0; i < s->nactive && s->active[i] != j; i++)
		;
	if (i == s->nactive)
		return;
	memmove(s->active + i, s->active + i + 1,
	    (s->nactive - i - 1) * sizeof(*s->active));
	s->nactive--;
}

/* Keeps what the robots.txt fetch j got, for the jobs waiting on it. */
static void
robots_done(struct job *j, int rc)
{
	fetch_robots_store(j->robots, j->origin, rc == 0 ? &j->page : NULL);
	fetch_job_free(j);
}

/* Starts the fetch of the robots.txt job idx waits for. */
static void
start_robots(struct sched *s, size_t idx, long now)
{
	struct job *j = xcalloc(1, sizeof(*j));
	struct error jerr;

	j->kind = KIND_ROBOTS;
	j->robots = s->jobs[idx].robots;
	j->origin = xstrdup(job_origin(s, idx));
	j->own_url = fetch_robots_fetch(j->origin, s->jobs[idx].opts,
	    &j->own);
	j->url = j->own_url;
	j->o = &j->own;
	j->not_before = now;
	error_clear(&jerr);
	if (fetch_job_init(j, &jerr) < 0) {
		robots_done(j, -1);
		return;
	}
	s->active[s->nactive++] = j;
}

/* An active job has ended: a caller's is reported, a robots fetch kept. */
static void
job_finish(struct sched *s, struct job *j, int rc, struct error *err)
{
	if (j->robots != NULL)
		robots_done(j, rc);
	else
		job_report(s, j, rc, err);
}

/* Takes jobs into the active set while there is room. */
static void
admit(struct sched *s, long now)
{
	struct error jerr;
	struct job *j;
	size_t idx;

	while (s->nactive < s->parallel) {
		error_clear(&jerr);
		switch (pick_job(s, &idx, &jerr)) {
		case PICK_NONE:
			return;
		case PICK_ROBOTS:
			start_robots(s, idx, now);
			continue;
		case PICK_REFUSED:
			job_report(s, new_job(s, idx, now), -1, &jerr);
			continue;
		case PICK_JOB:
			break;
		}
		j = new_job(s, idx, now);
		if (fetch_job_init(j, &jerr) < 0) {
			job_report(s, j, -1, &jerr);
			continue;
		}
		s->active[s->nactive++] = j;
	}
}

/*
 * Starts every waiting job whose time has come; *wake is lowered to the
 * earliest start still ahead.
 */
static void
start_due(struct sched *s, long now, long *wake)
{
	struct error jerr;
	struct job *j;
	size_t i;
	long t;

	for (i = 0; i < s->nactive; i++) {
		j = s->active[i];
		if (j->running)
			continue;
		error_clear(&jerr);
		t = start_time(&s->e, j);
		if (j->deadline && now >= j->deadline) {
			error_set(&jerr, RC_NET, "%s: timed out after "
			    "%ld second%s", j->shown, j->o->timeout,
			    fetch_plural(j->o->timeout));
		} else if (t <= now) {
			if (job_start(&s->e, j, now, &jerr) == 0)
				continue;
		} else {
			if (t < *wake)
				*wake = t;
			continue;
		}
		drop_active(s, j);
		i--;
		job_finish(s, j, -1, &jerr);
	}
}

/*
 * Lets libcurl move every transfer on, then handles those that ended.
 * Returns whether any did; a failure of the multi handle itself leaves
 * its line in s->broken.
 */
static bool
collect(struct sched *s)
{
	struct error jerr;
	struct CURLMsg *msg;
	struct job *j;
	CURLMcode mc;
	bool progressed = false;
	int left, still, r;

	mc = curl_multi_perform(s->e.multi, &still);
	if (mc != CURLM_OK) {
		snprintf(s->broken, sizeof(s->broken),
		    "curl_multi_perform failed: %s", curl_multi_strerror(mc));
		return false;
	}
	while ((msg = curl_multi_info_read(s->e.multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		j = NULL;
		if (curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&j) != CURLE_OK || j == NULL) {
			snprintf(s->broken, sizeof(s->broken),
			    "libcurl reported a transfer it was not given");
			return progressed;
		}
		error_clear(&jerr);
		r = job_end(&s->e, j, msg->data.result, &jerr);
		progressed = true;
		if (r == 0)
			continue;
		drop_active(s, j);
		job_finish(s, j, r > 0 ? 0 : -1, &jerr);
	}
	return progressed;
}

/*
 * After the multi handle failed: every job not yet reported fails with
 * that line, so that each still gets its one report.
 */
static void
fail_all(struct sched *s, long now)
{
	struct error jerr;
	struct job *j;
	size_t i;

	while (s->nactive > 0) {
		j = s->active[--s->nactive];
		error_set(&jerr, RC_NET, "%s: %s", j->shown, s->broken);
		job_finish(s, j, -1, &jerr);
	}
	for (i = s->cursor; i < s->n; i++) {
		if (s->taken[i])
			continue;
		j = new_job(s, i, now);
		j->shown = fetch_shown_url(s->jobs[i].url);
		error_set(&jerr, RC_NET, "%s: %s", j->shown, s->broken);
		job_report(s, j, -1, &jerr);
	}
}

static void
engine_release(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->nhosts; i++)
		free(e->hosts[i].name);
	free(e->hosts);
	for (i = 0; i < e->nchains; i++) {
		free(e->chains[i].key);
		free(e->chains[i].pem);
	}
	free(e->chains);
}

static int
run_jobs(const struct fetch_job *jobs, size_t n, enum job_kind kind,
    const struct fetch_request *req, int parallel, int per_host,
    long host_delay_ms, fetch_done_fn done, void *arg, struct error *err)
{
	struct sched s;
	locale_t utf8 = (locale_t)0;
	CURLMcode mc;
	long now, wake, t;
	size_t i;

	memset(&s, 0, sizeof(s));
	if (fetch_global_init(err) < 0)
		return -1;
	s.e.multi = curl_multi_init();
	if (s.e.multi == NULL)
		return error_set(err, RC_NET, "cannot initialise libcurl");
	s.e.per_host = per_host > 0 ? per_host : 1;
	s.e.host_delay = host_delay_ms > 0 ? host_delay_ms : 0;
	s.e.seed = (unsigned int)fetch_now_ms() ^ (unsigned int)(uintptr_t)&s;
	s.jobs = jobs;
	s.n = n;
	s.kind = kind;
	s.req = req;
	s.parallel = parallel > 1 ? (size_t)parallel : 1;
	s.done = done;
	s.arg = arg;
	s.taken = xcalloc(n ? n : 1, sizeof(*s.taken));
	s.origins = xcalloc(n ? n : 1, sizeof(*s.origins));
	s.active = xcalloc(s.parallel, sizeof(*s.active));
	/*
	 * libcurl turns IDN hosts into ASCII with libidn2, which reads the
	 * host in the locale's charset: make that UTF-8 for this thread only,
	 * whatever the caller's locale is, and give the caller its own back
	 * in the callback.
	 */
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (utf8 != (locale_t)0)
		s.caller = uselocale(utf8);
	for (;;) {
		now = fetch_now_ms();
		prune_hosts(&s.e, now);
		admit(&s, now);
		if (s.nactive == 0)
			break;
		wake = now + POLL_MAX_MS;
		start_due(&s, now, &wake);
		if (collect(&s))
			continue;
		if (s.broken[0] != '\0')
			break;
		t = wake - fetch_now_ms();
		if (t <= 0)
			continue;
		mc = curl_multi_poll(s.e.multi, NULL, 0,
		    (int)(t < POLL_MAX_MS ? t : POLL_MAX_MS), NULL);
		if (mc != CURLM_OK) {
			snprintf(s.broken, sizeof(s.broken),
			    "curl_multi_poll failed: %s",
			    curl_multi_strerror(mc));
			break;
		}
	}
	if (s.broken[0] != '\0')
		fail_all(&s, fetch_now_ms());
	if (s.caller != (locale_t)0)
		uselocale(s.caller);
	if (utf8 != (locale_t)0)
		freelocale(utf8);
	engine_release(&s.e);
	for (i = 0; i < n; i++)
		free(s.origins[i]);
	free(s.origins);
	free(s.active);
	free(s.taken);
	mc = curl_multi_cleanup(s.e.multi);
	if (mc != CURLM_OK)
		return error_set(err, RC_NET, "cannot clean up libcurl: %s",
		    curl_multi_strerror(mc));
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
	struct fetch_job job = { url, o, NULL, NULL };
	struct taken_page t = { out, err, -1 };
	struct error setup;
	char *shown;

	memset(out, 0, sizeof(*out));
	if (run_jobs(&job, 1, kind, req, 1, 1, 0, take_page, &t,
	    &setup) < 0) {
		fetch_release(out);
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
