/*
 * RFC 3161 time stamps: the bytes of a TimeStampResp, as verify reads a
 * stored .tsr from an archive (sign_stamp_check, with the test root as
 * anchor and without any) and as stamp reads a TSA's reply
 * (sign_stamp_accept).  The seeds in tests/fixtures/fuzz/stamp/ are
 * tests/tsa.py's replies (good, other, data, truncated, reject, noeku) to
 * `tsa.py query` over the message below, made once with `tsa.py pki`,
 * whose root is tests/fixtures/fuzz/tsa-ca.pem; good.tsr verifies.
 */
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "sign.h"

static const char message[] = "clipseal fuzz stamp\n";

/* good.tsr's genTime, 2026-12-02T04:43:04Z, as the capture's time. */
static const time_t captured = 1796186584;

static void
expect_verdict(int rc, const struct error *err, const struct sign_stamp *st,
    int bad_rc)
{
	static const struct sign_stamp none;

	if (rc == 0) {
		fuzz_expect(strlen(st->gen_time) == SIGN_TIME_LEN,
		    "a good stamp has its genTime");
		return;
	}
	fuzz_expect(err->rc == bad_rc, "a bad stamp has its exit code");
	fuzz_expect(strchr(err->msg, '\n') == NULL,
	    "a bad stamp's error is one line");
	fuzz_expect(memcmp(st, &none, sizeof(none)) == 0,
	    "a bad stamp says nothing");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct sign_trust *trust;
	static struct sign_stamp_query *q;
	struct sign_stamp st;
	struct error err = { 0 };
	int rc;

	if (trust == NULL)
		trust = sign_trust_load(FUZZ_FIXTURES "/tsa-ca.pem", &err);
	if (trust && q == NULL)
		q = sign_stamp_query_new(message, sizeof(message) - 1, &err);
	if (trust == NULL || q == NULL)
		fuzz_die(err.msg);

	rc = sign_stamp_check(data, len, message, sizeof(message) - 1,
	    &captured, trust, &st, &err);
	expect_verdict(rc, &err, &st, RC_NO);
	rc = sign_stamp_check(data, len, message, sizeof(message) - 1,
	    &captured, NULL, &st, &err);
	expect_verdict(rc, &err, &st, RC_NO);
	/* The query's nonce is fresh: no stored reply can carry it. */
	rc = sign_stamp_accept(q, data, len, &captured, NULL, &st, &err);
	fuzz_expect(rc < 0, "a reply to another query is refused");
	expect_verdict(rc, &err, &st, RC_NET);
	return 0;
}
