/*
 * warc: the raw capture of a page as a WARC/1.1 file.
 *
 * A warcinfo record, then for every hop of the redirect chain a request and
 * a response record (bodies as received after transfer decoding, so the
 * Content-Encoding and Transfer-Encoding headers are rewritten as
 * X-Crawler-* to keep the record self-consistent, and a Content-Length
 * that fits the stored body is added), then a metadata record referring to
 * the final response.  The metadata block is application/warc-fields:
 * "peer-ip: <address>", then one "tls-certificate: <base64 DER>" field per
 * certificate, leaf first (the PEM body joined onto one line, so no value
 * spans lines).  A page from fetch_file() (source_file set) becomes a
 * warcinfo and one resource record.  Record ids are SHA-256 of the target
 * URI, record type, hop index, WARC-Date and block digest, shaped as
 * version 4 UUIDs, so the same page gives the same bytes.
 *
 * warc_read goes the other way, for extracting an archived page again: it
 * finds the page of a capture, strictly, since the file comes from an
 * archive that may be hostile: every record framed exactly (version line,
 * header lines, Content-Length, block, CRLF CRLF), header blocks and record
 * counts capped, lengths checked against what is there before use, SHA-256
 * block and payload digests checked when given.
 */
#ifndef CLIPSEAL_WARC_H
#define CLIPSEAL_WARC_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "fetch.h"

#define WARC_MAX_HEAD ((size_t)64 << 10)	/* one record's header lines */
#define WARC_MAX_RECORDS 64

/* Appends the WARC file for p to out; software names the writer. */
int warc_write(const struct page *p, const char *software, struct buf *out,
    struct error *err);

/* The page of a capture, as warc_read finds it. */
struct warc_capture {
	char *target_uri;	/* WARC-Target-URI of its record */
	long status;		/* HTTP status of a response, else 0 */
	char *content_type;	/* media type, lower-case, no parameters */
	char *charset;		/* charset parameter, lower-case, or NULL */
	const char *payload;	/* the body: points into the bytes read */
	size_t payload_len;
};

/*
 * Reads the len bytes of a WARC file into *out: the last response record
 * (the final hop of a redirect chain; its HTTP head parsed, its body the
 * payload, which must be 2xx, complete and not content-encoded), or else
 * the resource record of a page sealed from a file.  out->payload points
 * into data, which must outlive it.  Fails with RC_NO ("warc: record 3:
 * <reason>") for anything not framed as warc_write frames it; *out is then
 * empty.  Release with warc_capture_release.
 */
int warc_read(const char *data, size_t len, struct warc_capture *out,
    struct error *err);

/* Frees what *c holds; accepts an empty or NULL capture. */
void warc_capture_release(struct warc_capture *c);

#endif
