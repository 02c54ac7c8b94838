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
 */
#ifndef CLIPSEAL_WARC_H
#define CLIPSEAL_WARC_H

#include "buf.h"
#include "error.h"
#include "fetch.h"

/* Appends the WARC file for p to out; software names the writer. */
int warc_write(const struct page *p, const char *software, struct buf *out,
    struct error *err);

#endif
