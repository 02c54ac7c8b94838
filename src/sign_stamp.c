#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "digest.h"
#include "sign.h"
#include "xalloc.h"

#define NONCE_LEN 8
#define TSA_TEXT_MAX 80		/* of a TSA's status text in our lines */

struct sign_stamp_query {
	TS_REQ *req;
	unsigned char *der;
	size_t der_len;
};

struct sign_trust {
	X509_STORE *store;
};

static const char *const status_names[] = {
	"granted", "grantedWithMods", "rejection", "waiting",
	"revocationWarning", "revocationNotification"
};

/* PKIFailureInfo bits (RFC 3161 section 2.4.2) and their names. */
static const struct {
	int bit;
	const char *name;
} failure_names[] = {
	{ 0, "badAlg" }, { 2, "badRequest" }, { 5, "badDataFormat" },
	{ 14, "timeNotAvailable" }, { 15, "unacceptedPolicy" },
	{ 16, "unacceptedExtension" }, { 17, "addInfoNotAvailable" },
	{ 25, "systemFailure" }
};

/*
 * The last OpenSSL failure as "reason: detail", the queue cleared.  TS
 * puts the X.509 verdict in the detail ("Verify error:..."), which is the
 * part worth reading.
 */
static void
ossl_why(char *out, size_t len)
{
	const char *data = NULL, *reason;
	int flags = 0;
	unsigned long e = ERR_peek_last_error_data(&data, &flags);

	reason = ERR_reason_error_string(e);
	if (reason == NULL)
		reason = "unknown OpenSSL error";
	if (data != NULL && (flags & ERR_TXT_STRING) && *data != '\0')
		snprintf(out, len, "%s: %s", reason, data);
	else
		snprintf(out, len, "%s", reason);
	ERR_clear_error();
}

/*
 * Copies the n bytes of s into out (len bytes) for a line we print: control
 * characters and double quotes become '?', so a certificate or a TSA cannot
 * break the line or its quoting.
 */
static void
printable(char *out, size_t len, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < len; i++)
		out[i] = s[i] < 0x20 || s[i] == 0x7f || s[i] == '"' ? '?' :
		    (char)s[i];
	out[i] = '\0';
}

struct sign_stamp_query *
sign_stamp_query_new(const void *data, size_t len, struct error *err)
{
	struct sign_stamp_query *q = xcalloc(1, sizeof(*q));
	unsigned char md[DIGEST_LEN], nonce[NONCE_LEN];
	TS_MSG_IMPRINT *mi = NULL;
	X509_ALGOR *alg = NULL;
	BIGNUM *bn = NULL;
	ASN1_INTEGER *n = NULL;
	unsigned char *der = NULL;
	int der_len, ok = 0;

	digest_sha256(data, len, md);
	q->req = TS_REQ_new();
	mi = TS_MSG_IMPRINT_new();
	alg = X509_ALGOR_new();
	if (q->req == NULL || mi == NULL || alg == NULL ||
	    RAND_bytes(nonce, sizeof(nonce)) != 1)
		goto out;
	/* A nonce with its top byte zero would encode shorter; no matter. */
	bn = BN_bin2bn(nonce, sizeof(nonce), NULL);
	n = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	if (n == NULL ||
	    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL,
	    NULL) != 1 ||
	    TS_MSG_IMPRINT_set_algo(mi, alg) != 1 ||
	    TS_MSG_IMPRINT_set_msg(mi, md, DIGEST_LEN) != 1 ||
	    TS_REQ_set_version(q->req, 1) != 1 ||
	    TS_REQ_set_msg_imprint(q->req, mi) != 1 ||
	    TS_REQ_set_nonce(q->req, n) != 1 ||
	    TS_REQ_set_cert_req(q->req, 1) != 1)
		goto out;
	der_len = i2d_TS_REQ(q->req, &der);
	if (der_len <= 0)
		goto out;
	q->der = xmalloc((size_t)der_len);
	memcpy(q->der, der, (size_t)der_len);
	q->der_len = (size_t)der_len;
	ok = 1;
out:
	OPENSSL_free(der);
	ASN1_INTEGER_free(n);
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	if (!ok) {
		char why[160];

		ossl_why(why, sizeof(why));
		error_set(err, RC_SYS, "cannot make a time stamp request: %s",
		    why);
		sign_stamp_query_free(q);
		return NULL;
	}
	return q;
}

const unsigned char *
sign_stamp_query_der(const struct sign_stamp_query *q, size_t *len)
{
	*len = q->der_len;
	return q->der;
}

void
sign_stamp_query_free(struct sign_stamp_query *q)
{
	if (q == NULL)
		return;
	TS_REQ_free(q->req);
	free(q->der);
	free(q);
}

struct sign_trust *
sign_trust_load(const char *path, struct error *err)
{
	struct buf b = BUF_INIT(SIGN_TRUST_MAX);
	struct sign_trust *t = NULL;
	STACK_OF(X509_INFO) *infos = NULL;
	X509_STORE *store = NULL;
	BIO *bio = NULL;
	struct error rerr;
	int i, added = 0;

	if (buf_read_file(&b, path, &rerr) < 0) {
		error_set(err, RC_KEY, "%s", rerr.msg);
		goto out;
	}
	bio = BIO_new_mem_buf(b.data, (int)b.len);
	store = X509_STORE_new();
	if (bio == NULL || store == NULL) {
		error_set(err, RC_SYS, "%s: out of memory", path);
		goto out;
	}
	infos = PEM_X509_INFO_read_bio(bio, NULL, NULL, NULL);
	for (i = 0; infos && i < sk_X509_INFO_num(infos); i++) {
		X509_INFO *xi = sk_X509_INFO_value(infos, i);

		if (xi->x509 == NULL)
			continue;
		if (X509_STORE_add_cert(store, xi->x509) != 1) {
			char why[160];

			ossl_why(why, sizeof(why));
			error_set(err, RC_KEY, "%s: %s", path, why);
			goto out;
		}
		added++;
	}
	ERR_clear_error();
	if (added == 0) {
		error_set(err, RC_KEY, "%s: no PEM certificate in the file",
		    path);
		goto out;
	}
	t = xcalloc(1, sizeof(*t));
	t->store = store;
	store = NULL;
out:
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	X509_STORE_free(store);
	BIO_free(bio);
	buf_release(&b);
	return t;
}

void
sign_trust_free(struct sign_trust *t)
{
	if (t == NULL)
		return;
	X509_STORE_free(t->store);
	free(t);
}

/*
 * The DER length that the outer SEQUENCE of der claims, header included,
 * or 0 if it does not start like one.  Tells a cut-off reply from one
 * that is not a TimeStampResp at all.
 */
static size_t
der_outer_len(const unsigned char *der, size_t len)
{
	size_t n, k, i;

	if (len < 2 || der[0] != 0x30)
		return 0;
	if (der[1] < 0x80)
		return 2 + (size_t)der[1];
	k = der[1] & 0x7f;
	if (k == 0 || k > 4 || len < 2 + k)
		return 0;
	for (n = 0, i = 0; i < k; i++)
		n = n << 8 | der[2 + i];
	return 2 + k + n;
}

static TS_RESP *
parse_resp(const void *der, size_t len, int rc, struct error *err)
{
	const unsigned char *p = der;
	size_t want = der_outer_len(der, len);
	TS_RESP *resp;

	if (len > SIGN_STAMP_MAX) {
		error_set(err, rc, "time stamp larger than %zu bytes",
		    SIGN_STAMP_MAX);
		return NULL;
	}
	if (want > len) {
		error_set(err, rc, "time stamp is truncated (%zu of %zu "
		    "bytes)", len, want);
		return NULL;
	}
	resp = d2i_TS_RESP(NULL, &p, (long)len);
	if (resp == NULL) {
		ERR_clear_error();
		error_set(err, rc, "not a DER TimeStampResp");
		return NULL;
	}
	if (p != (const unsigned char *)der + len) {
		TS_RESP_free(resp);
		error_set(err, rc, "data after the TimeStampResp");
		return NULL;
	}
	return resp;
}

/* Refuses any status but granted, naming what the TSA said. */
static int
check_status(TS_RESP *resp, int rc, struct error *err)
{
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	const STACK_OF(ASN1_UTF8STRING) *text = TS_STATUS_INFO_get0_text(si);
	const ASN1_BIT_STRING *fail = TS_STATUS_INFO_get0_failure_info(si);
	long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si));
	char said[TSA_TEXT_MAX + 1] = "";
	const char *failure = NULL;
	size_t i;

	if (status == 0 || status == 1)
		return 0;
	for (i = 0; fail && i < sizeof(failure_names) /
	    sizeof(failure_names[0]) && failure == NULL; i++)
		if (ASN1_BIT_STRING_get_bit(fail, failure_names[i].bit))
			failure = failure_names[i].name;
	if (text && sk_ASN1_UTF8STRING_num(text) > 0) {
		const ASN1_UTF8STRING *s = sk_ASN1_UTF8STRING_value(text, 0);

		printable(said, sizeof(said), ASN1_STRING_get0_data(s),
		    (size_t)ASN1_STRING_length(s));
	}
	return error_set(err, rc, "refused: %s%s%s%s%s%s",
	    status > 1 && status < 6 ? status_names[status] : "unknown status",
	    failure ? " (" : "", failure ? failure : "", failure ? ")" : "",
	    *said ? ": " : "", said);
}

static int
check_imprint(TS_TST_INFO *tst, const unsigned char md[DIGEST_LEN], int rc,
    struct error *err)
{
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
	const ASN1_OBJECT *obj = NULL;
	const void *pval = NULL;
	ASN1_OCTET_STRING *h;
	int ptype = V_ASN1_UNDEF;

	X509_ALGOR_get0(&obj, &ptype, &pval, TS_MSG_IMPRINT_get_algo(mi));
	if (OBJ_obj2nid(obj) != NID_sha256 ||
	    (ptype != V_ASN1_UNDEF && ptype != V_ASN1_NULL))
		return error_set(err, rc, "time stamp is not over SHA-256");
	h = TS_MSG_IMPRINT_get_msg(mi);
	if (ASN1_STRING_length(h) != DIGEST_LEN ||
	    memcmp(ASN1_STRING_get0_data(h), md, DIGEST_LEN) != 0)
		return error_set(err, rc, "time stamp is for other data");
	return 0;
}

/* The subject CN of x, for the verify line. */
static void
subject_cn(X509 *x, char out[SIGN_NAME_MAX])
{
	X509_NAME *name = X509_get_subject_name(x);
	unsigned char *utf8 = NULL;
	int i, n;

	out[0] = '\0';
	i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	if (i < 0)
		return;
	n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
	    X509_NAME_get_entry(name, i)));
	if (n > 0)
		printable(out, SIGN_NAME_MAX, utf8, (size_t)n);
	OPENSSL_free(utf8);
	ERR_clear_error();
}

/* The signer's certificate, carried in the token (certReq), borrowed. */
static X509 *
token_signer(PKCS7 *token, int rc, struct error *err)
{
	STACK_OF(X509) *signers = PKCS7_get0_signers(token, NULL, 0);
	X509 *x = NULL;

	if (signers != NULL && sk_X509_num(signers) == 1)
		x = sk_X509_value(signers, 0);
	sk_X509_free(signers);
	ERR_clear_error();
	if (x == NULL)
		error_set(err, rc, "time stamp carries no TSA certificate");
	return x;
}

/* Seconds since the epoch of a struct tm in UTC. */
static long long
tm_seconds(const struct tm *tm)
{
	static const struct tm epoch = { .tm_year = 70, .tm_mday = 1 };
	int days = 0, secs = 0;

	if (OPENSSL_gmtime_diff(&days, &secs, &epoch, tm) != 1)
		return -1;
	return (long long)days * 86400 + secs;
}

/*
 * Whatever the TSA claims past this admits any capture anyway; the cap
 * keeps the bound check_time adds it to from overflowing (a stamp in a
 * hostile archive may claim 2^63 - 1 seconds).
 */
#define ACCURACY_MAX ((long)1 << 40)	/* seconds, some 35,000 years */

/* The accuracy a stamp claims, in whole seconds rounded up. */
static long
accuracy_seconds(TS_TST_INFO *tst)
{
	TS_ACCURACY *a = TS_TST_INFO_get_accuracy(tst);
	const ASN1_INTEGER *s, *ms, *us;
	long secs = 0;

	if (a == NULL)
		return 0;
	s = TS_ACCURACY_get_seconds(a);
	ms = TS_ACCURACY_get_millis(a);
	us = TS_ACCURACY_get_micros(a);
	if (s && ASN1_INTEGER_get(s) > 0)
		secs = ASN1_INTEGER_get(s);
	if (secs > ACCURACY_MAX)
		secs = ACCURACY_MAX;
	if ((ms && ASN1_INTEGER_get(ms) > 0) ||
	    (us && ASN1_INTEGER_get(us) > 0))
		secs++;
	return secs;
}

/*
 * A capture cannot be older than the stamp over its signature: a genTime
 * before not_before (less accuracy and skew) means one of them lies.
 */
static int
check_time(TS_TST_INFO *tst, const struct tm *gen, const char *gen_text,
    const time_t *not_before, int rc, struct error *err)
{
	char nb_text[SIGN_TIME_LEN + 1];
	struct tm nb;

	if (not_before == NULL)
		return 0;
	if ((long long)*not_before - tm_seconds(gen) <=
	    SIGN_STAMP_SKEW + accuracy_seconds(tst))
		return 0;
	gmtime_r(not_before, &nb);
	strftime(nb_text, sizeof(nb_text), "%Y-%m-%dT%H:%M:%SZ", &nb);
	return error_set(err, rc, "stamped at %s, before the capture at %s",
	    gen_text, nb_text);
}

/*
 * The store a token's signature is checked against: the caller's anchors,
 * or, without any, the signer's own certificate, which then proves only
 * that the token is intact and signed by a time-stamping certificate.
 * Certificates are judged at genTime, so a stamp outlives the TSA
 * certificate's expiry.
 */
static X509_STORE *
verify_store(const struct sign_trust *trust, X509 *signer, long long when)
{
	X509_STORE *store;

	if (trust != NULL) {
		if (X509_STORE_up_ref(trust->store) != 1)
			return NULL;
		store = trust->store;
	} else {
		store = X509_STORE_new();
		if (store == NULL || X509_STORE_add_cert(store, signer) != 1 ||
		    X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN) !=
		    1) {
			X509_STORE_free(store);
			return NULL;
		}
	}
	if (when >= 0)
		X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store),
		    (time_t)when);
	return store;
}

/*
 * Everything but the nonce, which only sign_stamp_accept knows.  ctx comes
 * with its imprint (and nonce) set and is freed here.
 */
static int
check_resp(TS_RESP *resp, TS_VERIFY_CTX *ctx,
    const unsigned char md[DIGEST_LEN], const ASN1_INTEGER *nonce,
    const time_t *not_before, const struct sign_trust *trust, int rc,
    struct sign_stamp *st, struct error *err)
{
	PKCS7 *token = TS_RESP_get_token(resp);
	TS_TST_INFO *tst = TS_RESP_get_tst_info(resp);
	const ASN1_INTEGER *got;
	X509_STORE *store;
	X509 *signer;
	struct tm gen;
	char why[200];
	int ret = -1;

	memset(st, 0, sizeof(*st));
	if (check_status(resp, rc, err) < 0)
		goto out;
	if (token == NULL || tst == NULL) {
		error_set(err, rc, "no time stamp token");
		goto out;
	}
	if (check_imprint(tst, md, rc, err) < 0)
		goto out;
	got = TS_TST_INFO_get_nonce(tst);
	if (nonce && (got == NULL || ASN1_INTEGER_cmp(nonce, got) != 0)) {
		error_set(err, rc, "nonce does not match the request");
		goto out;
	}
	if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst), &gen) != 1) {
		ERR_clear_error();
		error_set(err, rc, "time stamp has a malformed genTime");
		goto out;
	}
	strftime(st->gen_time, sizeof(st->gen_time), "%Y-%m-%dT%H:%M:%SZ",
	    &gen);
	signer = token_signer(token, rc, err);
	if (signer == NULL)
		goto out;
	subject_cn(signer, st->tsa);
	if (X509_check_purpose(signer, X509_PURPOSE_TIMESTAMP_SIGN, 0) != 1) {
		ERR_clear_error();
		error_set(err, rc, "TSA certificate '%s' is not for time "
		    "stamping (no critical extendedKeyUsage timeStamping)",
		    st->tsa);
		goto out;
	}
	store = verify_store(trust, signer, tm_seconds(&gen));
	if (store == NULL) {
		ossl_why(why, sizeof(why));
		error_set(err, RC_SYS, "cannot check a time stamp: %s", why);
		goto out;
	}
	TS_VERIFY_CTX_set_store(ctx, store);
	TS_VERIFY_CTX_add_flags(ctx, TS_VFY_SIGNATURE | TS_VFY_SIGNER |
	    TS_VFY_VERSION);
	if (TS_RESP_verify_response(ctx, resp) != 1) {
		unsigned long e = ERR_peek_last_error();

		ossl_why(why, sizeof(why));
		if (ERR_GET_LIB(e) == ERR_LIB_TS &&
		    ERR_GET_REASON(e) == TS_R_CERTIFICATE_VERIFY_ERROR)
			error_set(err, rc, "TSA certificate '%s' not trusted: "
			    "%s", st->tsa, strchr(why, ':') ?
			    strrchr(why, ':') + 1 : why);
		else
			error_set(err, rc, "time stamp does not verify: %s",
			    why);
		goto out;
	}
	if (check_time(tst, &gen, st->gen_time, not_before, rc, err) < 0)
		goto out;
	ret = 0;
out:
	TS_VERIFY_CTX_free(ctx);
	if (ret < 0)
		memset(st, 0, sizeof(*st));
	return ret;
}

int
sign_stamp_accept(const struct sign_stamp_query *q, const void *reply,
    size_t len, const time_t *not_before, const struct sign_trust *trust,
    struct sign_stamp *st, struct error *err)
{
	TS_MSG_IMPRINT *mi = TS_REQ_get_msg_imprint(q->req);
	ASN1_OCTET_STRING *h = TS_MSG_IMPRINT_get_msg(mi);
	TS_VERIFY_CTX *ctx;
	TS_RESP *resp;
	int rc;

	memset(st, 0, sizeof(*st));
	resp = parse_resp(reply, len, RC_NET, err);
	if (resp == NULL)
		return -1;
	/* Imprint, its algorithm and the nonce, all from the request. */
	ctx = TS_REQ_to_TS_VERIFY_CTX(q->req, NULL);
	if (ctx == NULL) {
		TS_RESP_free(resp);
		return error_set(err, RC_SYS, "cannot check a time stamp: "
		    "out of memory");
	}
	rc = check_resp(resp, ctx, ASN1_STRING_get0_data(h),
	    TS_REQ_get_nonce(q->req), not_before, trust, RC_NET, st, err);
	TS_RESP_free(resp);
	return rc;
}

int
sign_stamp_check(const void *stamp, size_t len, const void *data,
    size_t data_len, const time_t *not_before,
    const struct sign_trust *trust, struct sign_stamp *st, struct error *err)
{
	unsigned char md[DIGEST_LEN], *imprint;
	TS_VERIFY_CTX *ctx;
	TS_RESP *resp;
	int rc;

	memset(st, 0, sizeof(*st));
	resp = parse_resp(stamp, len, RC_NO, err);
	if (resp == NULL)
		return -1;
	digest_sha256(data, data_len, md);
	ctx = TS_VERIFY_CTX_new();
	imprint = OPENSSL_memdup(md, sizeof(md));
	if (ctx == NULL || imprint == NULL) {
		OPENSSL_free(imprint);
		TS_VERIFY_CTX_free(ctx);
		TS_RESP_free(resp);
		return error_set(err, RC_SYS, "cannot check a time stamp: "
		    "out of memory");
	}
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_IMPRINT);
	TS_VERIFY_CTX_set_imprint(ctx, imprint, sizeof(md));
	rc = check_resp(resp, ctx, md, NULL, not_before, trust, RC_NO, st,
	    err);
	TS_RESP_free(resp);
	return rc;
}
