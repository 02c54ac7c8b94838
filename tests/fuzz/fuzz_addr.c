/*
 * fetch's address classifier, which decides what a fetch may connect to:
 * every spelling inet_aton accepts, IPv6 with brackets and zones, and the
 * IPv6 forms that embed an IPv4 address.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "fetch.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *ip = fuzz_cstr(data, len);
	enum fetch_addr_class c = fetch_classify_addr(ip);
	struct fetch_opts o;
	struct error err = { 0 };
	unsigned char a[16];

	fuzz_expect(c >= FETCH_ADDR_PUBLIC && c <= FETCH_ADDR_INVALID,
	    "a known class");
	fuzz_expect(c != FETCH_ADDR_INVALID || (inet_pton(AF_INET, ip,
	    a) != 1 && inet_pton(AF_INET6, ip, a) != 1),
	    "what inet_pton reads is an address");
	fetch_opts_init(&o);
	o.origin = FETCH_ORIGIN_FEED;
	if (fetch_check_peer("https://news.example/", ip, true, &o,
	    &err) == 0)
		fuzz_expect(c == FETCH_ADDR_PUBLIC || c == FETCH_ADDR_INVALID,
		    "a feed reaches no private address");
	else
		fuzz_expect(err.rc == RC_NET, "a refused peer is 3");
	free(ip);
	return 0;
}
