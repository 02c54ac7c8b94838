/*
 * fetch: one URL in, one `struct page` out, through libcurl.
 *
 * Redirects are followed here, one request per hop, so that every hop's
 * request head, response head and decoded body are kept for the WARC capture
 * and every hop is checked (scheme, count, address).  Limits come from
 * struct fetch_opts; the body cap is counted on decoded bytes.  Nothing here
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
#define FETCH_TIMEOUT 60		/* seconds, whole fetch */
#define FETCH_LOW_SPEED_BYTES 100	/* bytes/s below which ... */
#define FETCH_LOW_SPEED_TIME 15		/* ... for this many seconds aborts */

struct fetch_opts {
	long connect_timeout;	/* seconds */
	long timeout;		/* seconds, for the whole chain */
	long low_speed_bytes;
	long low_speed_time;
	size_t max_bytes;
	size_t max_header;
	int max_redirects;
	const char *user_agent;	/* NULL: "clipseal/<version>" */
	const char *ca_file;	/* NULL: the system store */
	const char *resolve;	/* NULL or "host:port:addr", as curl --resolve */
	bool allow_private;
};

/* Fills o with the defaults above. */
void fetch_opts_init(struct fetch_opts *o);

/* One request/response exchange of a redirect chain. */
struct fetch_hop {
	char *url;		/* the URL requested */
	long status;		/* HTTP status, 0 if none was received */
	char *peer_ip;		/* the address actually connected, or NULL */
	struct buf request;	/* request head exactly as sent */
	struct buf response;	/* response head (status line and headers) */
	struct buf body;	/* body after transfer and content decoding */
	char *location;		/* absolute redirect target, or NULL */
};

struct page {
	char *requested_url;
	char *final_url;
	long status;		/* of the final hop; 0 for a local file */
	char *content_type;	/* media type, lower-case, no parameters */
	char *charset;		/* charset parameter of Content-Type, or NULL */
	char *etag;
	char *last_modified;
	char *peer_ip;
	char *tls_chain;	/* PEM of the final hop's certificates, or NULL */
	char *source_file;	/* path, set only by fetch_file() */
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
 * naming the requested URL without any user:password; *out is then empty.
 * A peer address that is link-local or a cloud metadata endpoint is refused
 * before connecting, whatever o->allow_private says.
 */
int fetch_url(const char *url, const struct fetch_opts *o, struct page *out,
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
 * Releases libcurl's global state, which fetch_url() sets up on first use;
 * for main() to call once at exit.  Harmless if nothing was fetched.
 */
void fetch_global_cleanup(void);

#endif
