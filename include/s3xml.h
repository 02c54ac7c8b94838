/*
 * s3xml: the two S3 answers the S3 store reads, a ListObjectsV2 page
 * (ListBucketResult) and an error document (Error), through libxml2; its
 * code lives in src/extract/s3xml.c, as extract is the one module that
 * includes libxml2.
 *
 * The XML is parsed without network access and without substituting
 * external entities; element names are matched without their namespace.
 */
#ifndef CLIPSEAL_S3XML_H
#define CLIPSEAL_S3XML_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define S3XML_MAX_KEYS 10000	/* per page; S3 sends at most 1000 */

struct s3xml_list {
	char **keys;		/* the Contents' Key values, in page order */
	size_t n;
	bool truncated;		/* IsTruncated: another page follows */
	char *next_token;	/* NextContinuationToken, or NULL */
};

/*
 * Parses one ListBucketResult page of len bytes.  Fails with RC_SYS
 * ("not an S3 listing", or the parser's reason), and for a truncated page
 * without a continuation token, which could only be asked again forever.
 * *out is always safe to release.
 */
int s3xml_list_parse(const char *data, size_t len, struct s3xml_list *out,
    struct error *err);

void s3xml_list_release(struct s3xml_list *l);

/*
 * The Code and Message of an S3 Error document, each on one line (control
 * characters become spaces) and at most 200 bytes: 0 with *code and
 * *message set (caller frees; message may be NULL), or -1 when the bytes
 * are no such document, both left NULL.
 */
int s3xml_error_parse(const char *data, size_t len, char **code,
    char **message);

#endif
