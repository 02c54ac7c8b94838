/*
 * s3: a client for the few calls of S3-compatible object storage the store
 * needs (AWS S3, MinIO, Garage, Ceph RGW, ...): GET, PUT, HEAD and DELETE
 * of an object and ListObjectsV2, all under one s3://BUCKET/PREFIX.
 *
 * Nothing here is a second HTTP client: every request is one
 * fetch_request(), signed with SigV4 by libcurl, with fetch's address
 * policy, TLS checks, limits and bounded retries; the XML answers are read
 * by s3xml (which lives with the libxml2 code in src/extract/).  The
 * endpoint, region and credentials come from the environment as for the
 * AWS tools: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
 * AWS_REGION or AWS_DEFAULT_REGION (us-east-1), and AWS_ENDPOINT_URL_S3 or
 * AWS_ENDPOINT_URL for a server other than AWS, addressed path-style
 * (ENDPOINT/BUCKET/KEY); AWS itself is addressed virtual-host style.
 *
 * Keys are given and returned relative to PREFIX.  A failure is one line
 * naming the object ("s3://BUCKET/KEY: ") and S3's Code and Message when
 * the server sent them, else the HTTP status or the transport's reason,
 * always RC_SYS: to clipseal the bucket is its store.  Transient answers
 * (5xx but 501, 429, and S3's SlowDown and RequestTimeout) are asked again
 * as page fetches are.
 */
#ifndef CLIPSEAL_S3_H
#define CLIPSEAL_S3_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "fetch.h"

#define S3_SCHEME "s3://"
#define S3_MAX_LIST_BYTES ((size_t)8 << 20)	/* one listing page */

struct s3;

/* True if spec names an S3 store ("s3://..."). */
bool s3_is_url(const char *spec);

/*
 * Reads url ("s3://BUCKET" or "s3://BUCKET/PREFIX") and the environment.
 * fo gives the timeouts, retries, CA file and User-Agent of every request
 * (borrowed for the life of the client).  Fails with RC_USAGE for a
 * malformed URL (a bucket name S3 would refuse; a prefix holding anything
 * but letters, digits, '-', '_', '.' and '/', or "..") or endpoint, and
 * RC_SYS when no credentials are set.
 */
struct s3 *s3_open(const char *url, const struct fetch_opts *fo,
    struct error *err);

/* Frees s, wiping its secret; accepts NULL. */
void s3_free(struct s3 *s);

/* "s3://BUCKET/PREFIX" as given, without a trailing '/'. */
const char *s3_name(const struct s3 *s);

/* The URL of the bucket requests go to ("http://host:port/bucket"). */
const char *s3_bucket_url(const struct s3 *s);

/*
 * One cheap request (a listing of at most one key under PREFIX), so that
 * wrong credentials, a skewed clock or a missing bucket are one line
 * before any work, not one per URL.  RC_SYS naming the store.
 */
int s3_probe(struct s3 *s, struct error *err);

/*
 * Whether key may name an object of this client: letters, digits, '-',
 * '_', '.' and '/' only, no empty or dot segment, at most 512 bytes.
 * Every other call refuses a key that is not (RC_SYS).
 */
bool s3_key_ok(const char *key);

/*
 * Reads the object key into out (which must be empty; its max caps the
 * download).  RC_SYS on any failure, NoSuchKey included.
 */
int s3_get(struct s3 *s, const char *key, struct buf *out, struct error *err);

/*
 * Writes len bytes as the object key in one PUT, with Content-MD5 (the
 * server refuses bytes that do not match it) and, with create_only,
 * If-None-Match: * so that an existing object is never replaced; a server
 * that answers 501 to the condition is asked once more without it.
 * Returns 0 when stored, 1 when create_only found the key taken (nothing
 * written), -1 on failure.
 */
int s3_put(struct s3 *s, const char *key, const void *data, size_t len,
    bool create_only, struct error *err);

/* 1 if the object key exists, 0 if not (404), -1 on failure. */
int s3_head(struct s3 *s, const char *key, struct error *err);

/* Removes the object key; removing a missing one succeeds, as in S3. */
int s3_delete(struct s3 *s, const char *key, struct error *err);

/*
 * Calls fn for every key under prefix (relative to PREFIX; "" for all),
 * page after page of ListObjectsV2 with continuation tokens, in the order
 * the server lists them (byte order in S3).  Keys that s3_key_ok refuses
 * are passed over.  Stops early, returning fn's value, when fn returns
 * non-zero; else 0, or -1 on failure.
 */
int s3_list(struct s3 *s, const char *prefix,
    int (*fn)(const char *key, void *arg), void *arg, struct error *err);

#endif
