/*
 * The fetch module's private header, shared by the files of src/fetch only:
 * the state of a fetch in progress and the helpers its parts call across
 * files.  Only this module includes <curl/curl.h>; include/fetch.h stays
 * its whole public surface.
 *
 *   addr.c       which addresses a request may reach, checked on connect
 *   header.c     reading response heads, content types, redaction
 *   urls.c       URL parts through libcurl's URL parser
 *   idn.c        the Unicode form of IDNA hosts, for metadata
 *   errors.c     libcurl codes and HTTP statuses to one-line errors
 *   retry.c      which answers are retried, and when (Retry-After)
 *   transport.c  one easy handle: its setup, one request, its outcome
 *   request.c    what fetch_request() adds: method, body, headers, SigV4
 *   many.c       the multi loop: admission, per-host limits, robots.txt
 *                before a site's pages, reporting
 *   robots.c     robots.txt: rules, their cache, and the robots fetch
 *   local.c      a page read from a local file
 */
#ifndef CLIPSEAL_FETCH_INTERNAL_H
#define CLIPSEAL_FETCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "buf.h"
#include "error.h"
#include "fetch.h"

/* Per-transfer state shared with the libcurl callbacks. */
struct xfer {
	struct fetch_hop *hop;
	const struct fetch_opts *o;
	bool after_public;	/* an earlier hop reached a public address */
	bool proxied;		/* the peer is a proxy: no private policy */
	bool in_body;
	bool request_too_big;
	bool head_too_big;
	bool body_too_big;
	bool refused;
	int last_debug;
	char refusal[ERROR_MSG_LEN];
};

enum job_kind {
	KIND_PAGE,		/* HTML pages only, 2xx only */
	KIND_ROBOTS,		/* any type, any final status */
	KIND_REQUEST		/* fetch_request(): any method, no redirects */
};

/* Running transfers and the last request start, per host name. */
struct host_slot {
	char *name;
	int running;
	long last_start;
};

/* PEM chains seen on handshakes, by "https://host:port ip". */
struct chain_entry {
	char *key;
	char *pem;
};

struct engine {
	CURLM *multi;
	int per_host;
	long host_delay;
	struct host_slot *hosts;
	size_t nhosts;
	struct chain_entry *chains;
	size_t nchains;
	unsigned int seed;
};

/*
 * One fetch in progress: its handle, its URL parser and the page so far.
 * A caller's job has spec; a robots.txt fetch the scheduler starts for a
 * caller's job has none, and owns its URL and options instead.
 */
struct job {
	const struct fetch_job *spec;
	const char *url;	/* the first URL to fetch */
	const struct fetch_opts *o;
	enum job_kind kind;
	const struct fetch_request *req;	/* KIND_REQUEST only */
	struct fetch_robots *robots;	/* the cache a robots fetch fills */
	char *origin;		/* ... for this origin */
	char *own_url;		/* url, when the job owns it */
	struct fetch_opts own;	/* o, when the job owns it */
	CURL *h;
	CURLU *u;
	struct curl_slist *resolve;
	struct curl_slist *headers;	/* conditional request headers */
	struct page page;
	struct xfer x;
	struct error err;
	char errbuf[CURL_ERROR_SIZE];
	char *shown;		/* requested URL for messages */
	char *next_url;		/* what the next request asks for */
	char *host;		/* next_url's host name, ASCII lower-case */
	char *run_host;		/* host slot of the running request */
	char *user;		/* credentials of a PERSON's URL, decoded */
	char *password;
	char *auth_origin;	/* the only origin they are sent to */
	long not_before;	/* monotonic ms */
	long deadline;		/* monotonic ms, 0 for none */
	int redirects;
	int attempts;		/* of the current hop, after its first */
	bool retrying;		/* the next request repeats the hop */
	bool running;
};

/* addr.c */
bool fetch_proxy_in_env(void);
curl_socket_t fetch_on_open_socket(void *arg, curlsocktype purpose,
    struct curl_sockaddr *sa);
int fetch_on_prereq(void *arg, char *primary_ip, char *local_ip,
    int primary_port, int local_port);

/* header.c */
int fetch_ascii_lower(int c);
char *fetch_lower_dup(const char *s, size_t n);
bool fetch_is_space(char c);
char *fetch_head_value(const struct buf *head, const char *name);
void fetch_parse_content_type(const char *v, char **type, char **charset);
bool fetch_looks_like_html(const char *s, size_t n);
int fetch_redact_header(struct buf *head, const char *name);
bool fetch_is_feed_type(const char *type);

/* errors.c */
char *fetch_shown_url(const char *url);
char *fetch_shown_text(const char *s, size_t n);
const char *fetch_plural(long n);
int fetch_transfer_error(struct job *j, CURLcode cc, struct error *err);
int fetch_status_error(struct job *j, const struct fetch_hop *hop,
    const char *more, struct error *err);
int fetch_final_status_error(struct job *j, const struct fetch_hop *hop,
    struct error *err);

/* urls.c */
char *fetch_strip_userinfo(const char *url);
bool fetch_scheme_ok(const char *scheme);
int fetch_set_url(CURLU *u, const char *url, bool redirect, const char *shown,
    char **abs, struct error *err);
char *fetch_url_origin(CURLU *u);
char *fetch_url_abs(CURLU *u);
char *fetch_url_host(CURLU *u);
void fetch_text_host(const char *url, char *out, size_t len);

/* idn.c */
void fetch_set_host_forms(struct page *p, const char *url);

/* retry.c */
bool fetch_is_retryable(long status);
int fetch_plan_retry(struct engine *e, struct job *j,
    const struct fetch_hop *hop, struct error *err);

/* transport.c */
long fetch_now_ms(void);
int fetch_global_init(struct error *err);
struct fetch_hop *fetch_add_hop(struct page *p, char *url,
    const struct fetch_opts *o);
void fetch_job_free(struct job *j);
int fetch_job_init(struct job *j, struct error *err);
int fetch_job_prepare(struct job *j, long now, struct error *err);
int fetch_job_step(struct engine *e, struct job *j, CURLcode cc,
    struct error *err);

/* request.c */
int fetch_request_setup(struct job *j, struct error *err);
bool fetch_request_transient(const struct job *j, const struct fetch_hop *hop);
int fetch_request_finish(struct job *j, struct error *err);

/* robots.c */
/* The origin ("scheme://host:port") whose robots.txt rules url, or NULL. */
char *fetch_robots_origin(const char *url);
bool fetch_robots_known(struct fetch_robots *r, const char *origin);
/* The URL of origin's robots.txt; *ro its options, from a page's o. */
char *fetch_robots_fetch(const char *origin, const struct fetch_opts *o,
    struct fetch_opts *ro);
/* Keeps the rules of the robots.txt page p (NULL: not fetched) of origin. */
void fetch_robots_store(struct fetch_robots *r, const char *origin,
    const struct page *p);
/* url against the rules known: 0, or -1 "<url>: disallowed by robots.txt". */
int fetch_robots_check(struct fetch_robots *r, const char *url,
    struct error *err);

/* many.c */
int fetch_one(const char *url, const struct fetch_opts *o, enum job_kind kind,
    const struct fetch_request *req, struct page *out, struct error *err);

#endif
