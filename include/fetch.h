/*
 * fetch: URLs in, `struct page`s out, through libcurl.
 *
 * Redirects are followed here, one request per hop, so that every hop's
 * request head, response head and decoded body are kept for the WARC capture
 * and every hop is checked (scheme, count, address actually connected).
 * Limits come from struct fetch_opts and are all set explicitly: connect and
 * total timeouts, a low-speed abort, caps on the decoded body and on the
 * headers, the redirect count, and bounded retries of 429 and 5xx answers.
 * One mechanism, fetch_many() over curl's multi interface, runs every fetch;
 * fetch_url() is fetch_many() of one job, and fetch_request(), one request
 * of any method to a service, runs the same way.  robots.txt is read and
 * matched here (struct fetch_robots) for commands that crawl; nothing here
 * parses HTML: the page's bytes go to extract as they came.
 */
#ifndef CLIPSEAL_FETCH_H
#define CLIPSEAL_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "error.h"

#define FETCH_MAX_BYTES ((size_t)16 << 20)	/* decoded body cap */
#define FETCH_MAX_HEADER ((size_t)64 << 10)	/* all header lines of a hop */
#define FETCH_MAX_REDIRECTS 10
#define FETCH_CONNECT_TIMEOUT 10	/* seconds */
#define FETCH_TIMEOUT 60		/* seconds, whole fetch, retries too */
#define FETCH_LOW_SPEED_BYTES 100	/* bytes/s below which ... */
#define FETCH_LOW_SPEED_TIME 15		/* ... for this many seconds aborts */
#define FETCH_RETRIES 2			/* more attempts after 429, 5xx */
#define FETCH_MAX_RETRY_WAIT 30		/* seconds, longest such wait */
#define FETCH_ROBOTS_MAX_BYTES ((size_t)500 << 10)

/* Where a URL came from decides what it may reach. */
enum fetch_origin {
	FETCH_ORIGIN_PERSON,	/* typed by a person (command line) */
	FETCH_ORIGIN_LIST,	/* read from a list file a person wrote */
	FETCH_ORIGIN_FEED	/* an item of a feed: chosen by someone else */
};

struct fetch_opts {
	long connect_timeout;	/* seconds */
	long timeout;		/* seconds, whole chain and retries */
	long low_speed_bytes;
	long low_speed_time;
	size_t max_bytes;
	size_t max_header;
	int max_redirects;
	int retries;		/* more attempts of a hop after 429/5xx */
	long max_retry_wait;	/* seconds; a longer Retry-After gives up */
	enum fetch_origin origin;
	const char *user_agent;	/* NULL: "clipseal/<version>" */
	const char *ca_file;	/* NULL: the system store */
	const char *resolve;	/* NULL or "host:port:addr", as curl --resolve */
	bool allow_private;	/* feeds and redirects may reach private nets */
	bool proxy_env;		/* honour http_proxy and friends; the peer
				   is then the proxy, and only link-local
				   and metadata peers are refused */
	bool accept_feed;	/* also accept RSS, Atom and XML types */
	/*
	 * Validators of the copy the caller has, or NULL: sent as
	 * If-None-Match and If-Modified-Since, and a 304 answer is then a
	 * success with page->status 304 and an empty body.
	 */
	const char *if_none_match;
	const char *if_modified_since;
};

/* Fills o with the defaults above; origin PERSON, no proxy. */
void fetch_opts_init(struct fetch_opts *o);

/* One request/response exchange of a redirect chain. */
struct fetch_hop {
	char *url;		/* the URL requested, ASCII, no user:password */
	long status;		/* HTTP status, 0 if none was received */
	char *peer_ip;		/* the address actually connected, or NULL */
	struct buf request;	/* request head as sent, Authorization redacted */
	struct buf response;	/* response head (status line and headers) */
	struct buf body;	/* body after transfer and content decoding */
	char *location;		/* absolute redirect target, or NULL */
};

struct page {
	char *requested_url;	/* as given, less any user:password */
	char *final_url;
	long status;		/* of the final hop; 0 for a local file */
	char *content_type;	/* media type, lower-case, no parameters */
	char *charset;		/* charset parameter of Content-Type, or NULL */
	char *etag;
	char *last_modified;
	char *peer_ip;
	char *tls_chain;	/* PEM of the final hop's certificates, or NULL */
	char *source_file;	/* path, set only by fetch_file() */
	char *host_ascii;	/* final URL's host, IDNA ASCII ("xn--...") */
	char *host_unicode;	/* the same host in Unicode (UTF-8) */
	int retries;		/* requests repeated after a 429 or 5xx */
	time_t fetched_at;	/* when the final response arrived */
	struct fetch_hop *hops;
	size_t nhops;
	const char *body;	/* the final hop's body (owned by it) */
	size_t body_len;
};

/*
 * Fetches url (http or https) following redirects.  On success *out holds
 * the chain and the final 2xx page; the caller releases it with
 * fetch_release().  Fails with RC_NET (every refusal of the fetch stage,
 * HTTP errors included) or RC_CONTENT (a content type that is not HTML), err
 * naming the requested URL without any user:password; *out is then empty
 * but for status, the last HTTP status received (0 if none), which tells
 * a page that is gone (404, 410) from one that could not be fetched.
 *
 * A URL with user:password is refused for LIST and FEED origins; for PERSON
 * the credentials are sent to the URL's own origin only and kept out of
 * every URL and request head in *out.  The address actually connected is
 * checked on every hop: link-local and cloud metadata addresses are always
 * refused; loopback and private ones are refused for FEED, and for a hop
 * after the chain reached a public address, unless o->allow_private.  429
 * and 5xx answers are retried o->retries times with jittered exponential
 * backoff, or after Retry-After, within o->timeout.
 */
int fetch_url(const char *url, const struct fetch_opts *o, struct page *out,
    struct error *err);

/*
 * One fetch of fetch_many(); all of it is borrowed until it returns, so
 * zero what you do not set.  With robots, url is checked against that
 * cache before its first request, as fetch_robots_allowed() would; an
 * origin not in it yet has its robots.txt fetched in the same loop first
 * (with opts; its pages wait, other hosts' go on), and a disallowed job
 * fails with "<url>: disallowed by robots.txt".
 */
struct fetch_job {
	const char *url;
	const struct fetch_opts *opts;
	void *user;		/* for the callback */
	struct fetch_robots *robots;	/* NULL: robots.txt not consulted */
};

/*
 * Called once per job as it ends, in the order jobs end.  rc is 0 and page
 * holds the page (err cleared), or rc is err->rc and page is empty but for
 * its status, as for fetch_url().  The
 * callback owns nothing: fetch releases *page after it returns.  To keep
 * the page, copy *page elsewhere and zero it; fetch then releases nothing.
 */
typedef void (*fetch_done_fn)(const struct fetch_job *job, struct page *page,
    const struct error *err, int rc, void *arg);

/*
 * Runs the n jobs, each exactly as fetch_url() would, with at most parallel
 * transfers at once, at most per_host of them to one host name, and at least
 * host_delay_ms between two request starts to one host (redirect hops and
 * retries included).  Jobs start in order, except that one whose host is
 * busy may be passed by a later one.  Each job's total timeout counts from
 * its first request.  Returns 0 once every job has been reported to done,
 * or -1 (RC_NET) if libcurl could not be set up, before any job ran, or
 * torn down, after all were reported.  Should the multi handle itself fail
 * midway, every job not yet reported fails with that line ("<url>:
 * curl_multi_poll failed: Out of memory").
 */
int fetch_many(const struct fetch_job *jobs, size_t n, int parallel,
    int per_host, long host_delay_ms, fetch_done_fn done, void *arg,
    struct error *err);

/*
 * Fills *out as if the file at path had been fetched from url, content type
 * text/html, fetched_at from SOURCE_DATE_EPOCH when set (strict decimal),
 * else now.  out->source_file is path, and there is exactly one hop, which
 * only holds the bytes: url, status 0, empty request and response heads, no
 * peer address.  warc_write() turns such a page into one resource record.
 * The file is capped at o->max_bytes.  Fails with RC_SYS or RC_USAGE (url
 * not http or https, or a malformed SOURCE_DATE_EPOCH).
 */
int fetch_file(const char *path, const char *url, const struct fetch_opts *o,
    struct page *out, struct error *err);

/* Frees what *p holds; accepts an empty or NULL page. */
void fetch_release(struct page *p);

/*
 * One HTTP exchange with a service (an S3 store, a time-stamping
 * authority) through the transport page fetches use: the same address
 * policy (o->origin; a PERSON or LIST endpoint may be loopback or private,
 * a FEED one may not), TLS checks, limits and bounded retries, and no
 * second curl wrapper.  All of it is borrowed until fetch_request()
 * returns.  It may be called from a fetch_many() callback: it runs its own
 * transfer, and fetch_many's wait meanwhile.
 *
 * Redirects are not followed: a 3xx is an answer like any other.  The
 * body is sent as given and received as sent (no content decoding), so
 * digests over either hold.  A body goes out with Content-Length; without
 * a Content-Type line in headers it is application/octet-stream.
 */
struct fetch_response;

/*
 * Whether a non-2xx answer is worth asking again (S3's SlowDown and
 * RequestTimeout, say, which only the body tells).  res holds that answer;
 * arg is fetch_request.transient_arg.
 */
typedef bool (*fetch_transient_fn)(const struct fetch_response *res,
    void *arg);

struct fetch_request {
	const char *method;	/* "GET" (also for NULL), "HEAD", "PUT",
				   "POST", "DELETE", ...: letters only */
	const char *url;	/* http or https, query included; sent as
				   given (sort and encode a SigV4 query) */
	const char *const *headers;	/* NULL-terminated "Name: value"
				   lines, or NULL; CR and LF are refused */
	const void *body;	/* bytes to send, or NULL for none */
	size_t body_len;
	/*
	 * NULL, or the CURLOPT_AWS_SIGV4 argument, "aws:amz:REGION:s3":
	 * user and password are then the access key id and the secret key,
	 * and libcurl signs the method, path, query as given, the Host, every
	 * line of headers and x-amz-date.  The payload hash signed is the
	 * x-amz-content-sha256 line of headers if there is one, else SHA-256
	 * of body; curl 7.88 does not send that line itself.
	 */
	const char *aws_sigv4;
	const char *user;	/* without aws_sigv4: HTTP Basic, if set */
	const char *password;
	fetch_transient_fn transient;	/* NULL: 429 and 5xx are */
	void *transient_arg;
};

struct fetch_response {
	long status;		/* of the last answer; 0 if none arrived */
	struct buf head;	/* its status line and header lines */
	struct buf body;	/* its body, NUL-terminated; empty for HEAD */
	int retries;		/* requests repeated after transient answers */
};

/*
 * Sends req and waits for the answer.  From o: connect and total timeouts
 * (the total covers retries), the low-speed abort, max_bytes (the cap on
 * the answer's body, so set it small for small answers), max_header,
 * retries and max_retry_wait, origin, allow_private, user_agent, ca_file,
 * resolve and proxy_env; the rest is for pages and ignored.  A transient
 * answer (req->transient, else 429 and 5xx) is asked again o->retries
 * times with the backoff of page fetches, honouring Retry-After.
 *
 * Returns 0 for a 2xx answer, *out holding it; release it with
 * fetch_response_release().  Otherwise -1 with RC_NET and err naming the
 * URL (never its user:password) and the reason.  When an answer that is
 * not 2xx ends it, err reads "<url>: HTTP 403 Forbidden", then a
 * parenthesis if it was retried or a retry would wait too long ("(after 3
 * attempts)"), then ": <text>" when the body is at most 64 bytes of text,
 * put on one line; *out then holds that answer (status, head and body,
 * an S3 error's XML, say) for the caller to read and release.  After any
 * other failure (refused address, TLS, timeout, body cap, a bad method,
 * URL or header line) *out is empty, status 0.  user:password in the URL
 * is refused unless o->origin is PERSON; req->user, if set, replaces it.
 */
int fetch_request(const struct fetch_request *req, const struct fetch_opts *o,
    struct fetch_response *out, struct error *err);

/*
 * The value of the last header line called name (any case) in res's
 * head, trimmed, as a string the caller frees; NULL if there is none.
 */
char *fetch_response_header(const struct fetch_response *res,
    const char *name);

/* Frees what res holds and empties it; accepts NULL or an empty one. */
void fetch_response_release(struct fetch_response *res);

/* What an IP address is, for the policy on which peers fetch may reach. */
enum fetch_addr_class {
	FETCH_ADDR_PUBLIC,
	FETCH_ADDR_LOOPBACK,	/* 127/8, ::1 */
	FETCH_ADDR_PRIVATE,	/* 10/8, 172.16/12, 192.168/16, 100.64/10,
				   0/8, ::, fc00::/7, multicast, reserved */
	FETCH_ADDR_LINK_LOCAL,	/* 169.254/16, fe80::/10 */
	FETCH_ADDR_METADATA,	/* cloud metadata endpoints */
	FETCH_ADDR_INVALID	/* not an IP address */
};

/*
 * Classifies ip: dotted IPv4 in any inet_aton spelling ("2130706433",
 * "0x7f.1", "0177.0.0.1"), or IPv6 with optional brackets and zone; IPv6
 * forms embedding IPv4 (mapped, compatible, NAT64) by the embedded address.
 */
enum fetch_addr_class fetch_classify_addr(const char *ip);

/*
 * The policy fetch applies to each connection: 0 if a request for url may
 * talk to ip, where after_public says an earlier hop of the chain reached a
 * public address; else -1 with RC_NET "<url>: refusing ...".
 */
int fetch_check_peer(const char *url, const char *ip, bool after_public,
    const struct fetch_opts *o, struct error *err);

/*
 * robots.txt, fetched once per origin (scheme, host, port) and kept for the
 * life of the struct.  Groups for "clipseal" win over "*"; Allow and
 * Disallow match path and query by prefix, with "*" for any run and a final
 * "$" anchoring the end; the longest pattern wins, Allow on a tie.  A
 * missing robots.txt (any 4xx), one that answers 5xx, and one that cannot be
 * fetched all allow everything: a broken file is no reason to stop a run.
 */
struct fetch_robots;

struct fetch_robots *fetch_robots_new(void);

/*
 * 0 if url may be fetched, fetching robots.txt on first use of its origin
 * with o (no retries, capped at FETCH_ROBOTS_MAX_BYTES); -1 with RC_NET
 * "<url>: disallowed by robots.txt".
 */
int fetch_robots_allowed(struct fetch_robots *r, const char *url,
    const struct fetch_opts *o, struct error *err);

/*
 * Uses text as the robots.txt of url's origin, as if it had been fetched;
 * for tests and for callers that have the file already.
 */
void fetch_robots_set(struct fetch_robots *r, const char *url,
    const char *text, size_t len);

/* Frees r and all it caches; accepts NULL. */
void fetch_robots_free(struct fetch_robots *r);

/*
 * Releases libcurl's global state, which fetching sets up on first use;
 * for main() to call once at exit.  Harmless if nothing was fetched.
 */
void fetch_global_cleanup(void);

#endif
