/*
 * Failures of libcurl's multi interface that no server can provoke,
 * injected with -Wl,--wrap (see the Makefile): each must end as one line
 * per job, never be ignored.  Transfers go to a loopback socket that
 * listens but never answers, so they stay in flight until told otherwise.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "fetch.h"

CURLMcode __real_curl_multi_add_handle(CURLM *m, CURL *h);
CURLMcode __real_curl_multi_remove_handle(CURLM *m, CURL *h);
CURLMcode __real_curl_multi_perform(CURLM *m, int *running);
CURLMcode __real_curl_multi_poll(CURLM *m, struct curl_waitfd *fds,
    unsigned int nfds, int timeout_ms, int *numfds);
CURLMcode __real_curl_multi_cleanup(CURLM *m);
CURLMcode __wrap_curl_multi_add_handle(CURLM *m, CURL *h);
CURLMcode __wrap_curl_multi_remove_handle(CURLM *m, CURL *h);
CURLMcode __wrap_curl_multi_perform(CURLM *m, int *running);
CURLMcode __wrap_curl_multi_poll(CURLM *m, struct curl_waitfd *fds,
    unsigned int nfds, int timeout_ms, int *numfds);
CURLMcode __wrap_curl_multi_cleanup(CURLM *m);

/* Which call fails, and with what; CURLM_OK for none. */
static CURLMcode fail_add, fail_remove, fail_perform, fail_poll, fail_cleanup;
static int listener = -1;
static char silent_url[64], refused_url[64];

CURLMcode
__wrap_curl_multi_add_handle(CURLM *m, CURL *h)
{
	return fail_add ? fail_add : __real_curl_multi_add_handle(m, h);
}

CURLMcode
__wrap_curl_multi_remove_handle(CURLM *m, CURL *h)
{
	CURLMcode mc = __real_curl_multi_remove_handle(m, h);

	return fail_remove ? fail_remove : mc;
}

CURLMcode
__wrap_curl_multi_perform(CURLM *m, int *running)
{
	return fail_perform ? fail_perform :
	    __real_curl_multi_perform(m, running);
}

CURLMcode
__wrap_curl_multi_poll(CURLM *m, struct curl_waitfd *fds, unsigned int nfds,
    int timeout_ms, int *numfds)
{
	return fail_poll ? fail_poll :
	    __real_curl_multi_poll(m, fds, nfds, timeout_ms, numfds);
}

CURLMcode
__wrap_curl_multi_cleanup(CURLM *m)
{
	CURLMcode mc = __real_curl_multi_cleanup(m);

	return fail_cleanup ? fail_cleanup : mc;
}

static int
group_setup(void **state)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int closed;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&a, len) < 0 ||
	    listen(listener, 16) < 0 ||
	    getsockname(listener, (struct sockaddr *)&a, &len) < 0)
		return -1;
	snprintf(silent_url, sizeof(silent_url), "http://127.0.0.1:%d/",
	    ntohs(a.sin_port));
	/* A port bound and closed again: nothing listens there. */
	a.sin_port = 0;
	closed = socket(AF_INET, SOCK_STREAM, 0);
	if (closed < 0 || bind(closed, (struct sockaddr *)&a, len) < 0 ||
	    getsockname(closed, (struct sockaddr *)&a, &len) < 0)
		return -1;
	snprintf(refused_url, sizeof(refused_url), "http://127.0.0.1:%d/",
	    ntohs(a.sin_port));
	close(closed);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (listener >= 0)
		close(listener);
	fetch_global_cleanup();
	return 0;
}

static int
reset(void **state)
{
	(void)state;
	fail_add = fail_remove = fail_perform = fail_poll = fail_cleanup =
	    CURLM_OK;
	return 0;
}

struct seen {
	int calls;
	int failed;
	char msg[4][ERROR_MSG_LEN];
};

static void
on_done(const struct fetch_job *job, struct page *page,
    const struct error *err, int rc, void *arg)
{
	struct seen *s = arg;
	size_t i = (size_t)(uintptr_t)job->user;

	assert_true(i < 4);
	assert_null(page->hops);
	s->calls++;
	if (rc != 0) {
		assert_int_equal(rc, RC_NET);
		s->failed++;
		snprintf(s->msg[i], sizeof(s->msg[i]), "%s", err->msg);
	}
}

static void
quick_opts(struct fetch_opts *o)
{
	fetch_opts_init(o);
	o->connect_timeout = 5;
	o->timeout = 10;
}

/* Runs three jobs to the silent socket; all must fail with line. */
static void
expect_all_fail(const char *line)
{
	struct fetch_job jobs[3];
	struct fetch_opts o;
	struct seen s;
	struct error err;
	char want[ERROR_MSG_LEN];
	size_t i;

	quick_opts(&o);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 3; i++) {
		jobs[i].url = silent_url;
		jobs[i].opts = &o;
		jobs[i].user = (void *)(uintptr_t)i;
	}
	memset(&s, 0, sizeof(s));
	/* One at a time: two jobs never reach the multi handle. */
	assert_int_equal(fetch_many(jobs, 3, 1, 1, 0, on_done, &s, &err), 0);
	assert_int_equal(s.calls, 3);
	assert_int_equal(s.failed, 3);
	snprintf(want, sizeof(want), "%s: %s", silent_url, line);
	for (i = 0; i < 3; i++)
		assert_string_equal(s.msg[i], want);
}

static void
test_perform_fails(void **state)
{
	(void)state;
	fail_perform = CURLM_OUT_OF_MEMORY;
	expect_all_fail("curl_multi_perform failed: Out of memory");
}

static void
test_poll_fails(void **state)
{
	(void)state;
	fail_poll = CURLM_INTERNAL_ERROR;
	expect_all_fail("curl_multi_poll failed: Internal error");
}

static void
test_add_fails(void **state)
{
	(void)state;
	fail_add = CURLM_OUT_OF_MEMORY;
	expect_all_fail("cannot start transfer: Out of memory");
}

static void
test_remove_fails(void **state)
{
	struct fetch_opts o;
	struct page p;
	struct error err;
	char want[ERROR_MSG_LEN];

	(void)state;
	quick_opts(&o);
	fail_remove = CURLM_BAD_EASY_HANDLE;
	assert_int_equal(fetch_url(refused_url, &o, &p, &err), -1);
	snprintf(want, sizeof(want), "%s: cannot end transfer: "
	    "Invalid easy handle", refused_url);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.rc, RC_NET);
	assert_null(p.hops);
}

static void
test_cleanup_fails(void **state)
{
	struct fetch_job job = { 0 };
	struct fetch_opts o;
	struct seen s;
	struct error err;

	(void)state;
	quick_opts(&o);
	fail_cleanup = CURLM_BAD_HANDLE;
	job.url = refused_url;
	job.opts = &o;
	memset(&s, 0, sizeof(s));
	assert_int_equal(fetch_many(&job, 1, 1, 1, 0, on_done, &s, &err), -1);
	assert_int_equal(s.calls, 1);
	assert_int_equal(err.rc, RC_NET);
	assert_string_equal(err.msg,
	    "cannot clean up libcurl: Invalid multi handle");
}

static void
test_request_fails(void **state)
{
	struct fetch_request req = { 0 };
	struct fetch_response res;
	struct fetch_opts o;
	struct error err;
	char want[ERROR_MSG_LEN];

	(void)state;
	quick_opts(&o);
	fail_perform = CURLM_OUT_OF_MEMORY;
	req.method = "POST";
	req.url = silent_url;
	req.body = "x";
	req.body_len = 1;
	assert_int_equal(fetch_request(&req, &o, &res, &err), -1);
	snprintf(want, sizeof(want), "%s: curl_multi_perform failed: "
	    "Out of memory", silent_url);
	assert_string_equal(err.msg, want);
	assert_int_equal(res.status, 0);
	assert_null(res.body.data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_perform_fails, reset),
		cmocka_unit_test_setup(test_poll_fails, reset),
		cmocka_unit_test_setup(test_add_fails, reset),
		cmocka_unit_test_setup(test_remove_fails, reset),
		cmocka_unit_test_setup(test_cleanup_fails, reset),
		cmocka_unit_test_setup(test_request_fails, reset),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
