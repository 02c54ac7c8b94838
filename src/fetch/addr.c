#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"
#include "xalloc.h"

/*
 * IPv4 as inet_aton reads it: one to four parts, each decimal, octal
 * (leading 0) or hex (0x), the last part filling the remaining bytes.  URL
 * parsers and resolvers accept these spellings, so the classifier must too.
 */
static bool
parse_v4(const char *s, unsigned char a[4])
{
	uint64_t part[4], v, max;
	const char *p = s, *start;
	int n = 0, base, d, i;

	for (;;) {
		if (n == 4)
			return false;
		base = 10;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			base = 16;
			p += 2;
		} else if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') {
			base = 8;
			p++;
		}
		start = p;
		v = 0;
		for (;; p++) {
			if (*p >= '0' && *p <= '9')
				d = *p - '0';
			else if (base == 16 && *p >= 'a' && *p <= 'f')
				d = *p - 'a' + 10;
			else if (base == 16 && *p >= 'A' && *p <= 'F')
				d = *p - 'A' + 10;
			else
				break;
			if (d >= base)
				return false;
			v = v * (uint64_t)base + (uint64_t)d;
			if (v > 0xffffffffu)
				return false;
		}
		if (p == start)
			return false;
		part[n++] = v;
		if (*p == '\0')
			break;
		if (*p != '.')
			return false;
		p++;
	}
	for (i = 0; i < n - 1; i++)
		if (part[i] > 255)
			return false;
	max = n == 1 ? 0xffffffffu : (uint64_t)0xffffffffu >> (8 * (n - 1));
	if (part[n - 1] > max)
		return false;
	v = part[n - 1];
	for (i = 0; i < n - 1; i++)
		v |= part[i] << (8 * (3 - i));
	a[0] = (unsigned char)(v >> 24);
	a[1] = (unsigned char)(v >> 16);
	a[2] = (unsigned char)(v >> 8);
	a[3] = (unsigned char)v;
	return true;
}

/*
 * Link-local addresses reach the host's own network services, above all the
 * cloud metadata endpoint (169.254.169.254, fd00:ec2::254) that hands out
 * credentials; a page must never make us talk to them, whatever the policy
 * on private addresses says.
 */
static enum fetch_addr_class
classify_v4(const unsigned char *a)
{
	if (a[0] == 169 && a[1] == 254)
		return FETCH_ADDR_LINK_LOCAL;
	/* Alibaba Cloud's metadata service lives in 100.64/10. */
	if (a[0] == 100 && a[1] == 100 && a[2] == 100 && a[3] == 200)
		return FETCH_ADDR_METADATA;
	if (a[0] == 127)
		return FETCH_ADDR_LOOPBACK;
	if (a[0] == 0 || a[0] == 10 ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	    (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	    (a[0] == 192 && a[1] == 168) ||
	    (a[0] == 192 && a[1] == 0 && a[2] == 0) ||
	    (a[0] == 198 && (a[1] & 0xfe) == 18) ||
	    a[0] >= 224)
		return FETCH_ADDR_PRIVATE;
	return FETCH_ADDR_PUBLIC;
}

/* IPv6 forms that embed an IPv4 address are judged by what they embed. */
static enum fetch_addr_class
classify_v6(const unsigned char *a)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	static const unsigned char zero[16] = { 0 };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	static const unsigned char aws[16] = {
		0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
	};
	enum fetch_addr_class c;

	if (memcmp(a, zero, 15) == 0)
		return a[15] == 1 ? FETCH_ADDR_LOOPBACK : FETCH_ADDR_PRIVATE;
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, zero, 12) == 0 ||
	    memcmp(a, nat64, 12) == 0)
		return classify_v4(a + 12);
	if (a[0] == 0x20 && a[1] == 0x02) {
		/* 6to4 carries the IPv4 address in bytes 2 to 5. */
		c = classify_v4(a + 2);
		if (c != FETCH_ADDR_PUBLIC)
			return c;
	}
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return FETCH_ADDR_LINK_LOCAL;
	if (memcmp(a, aws, 16) == 0)
		return FETCH_ADDR_METADATA;
	if ((a[0] & 0xfe) == 0xfc || a[0] == 0xff ||
	    (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0))
		return FETCH_ADDR_PRIVATE;
	return FETCH_ADDR_PUBLIC;
}

enum fetch_addr_class
fetch_classify_addr(const char *ip)
{
	unsigned char a[16];
	char tmp[INET6_ADDRSTRLEN];
	size_t n;

	if (ip == NULL)
		return FETCH_ADDR_INVALID;
	if (parse_v4(ip, a))
		return classify_v4(a);
	if (*ip == '[')
		ip++;
	n = strcspn(ip, "%]");
	if (n >= sizeof(tmp))
		return FETCH_ADDR_INVALID;
	memcpy(tmp, ip, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, a) == 1)
		return classify_v6(a);
	return FETCH_ADDR_INVALID;
}

static const char *
class_name(enum fetch_addr_class c)
{
	return c == FETCH_ADDR_LOOPBACK ? "loopback" : "private";
}

/*
 * The peer policy, as a reason (for "<url>: <reason>") or NULL.  A person
 * who types or lists a loopback or intranet URL means it; a feed item, or a
 * redirect out of the public internet, may be someone steering us at our
 * own network (SSRF), so those need allow_private.  Behind a proxy the peer
 * is the proxy, which decides where requests go.
 */
static bool
peer_refused(enum fetch_addr_class c, const char *ip, bool after_public,
    bool proxied, const struct fetch_opts *o, char *why, size_t len)
{
	if (c == FETCH_ADDR_LINK_LOCAL) {
		snprintf(why, len, "refusing to connect to link-local "
		    "address %s", ip);
		return true;
	}
	if (c == FETCH_ADDR_METADATA) {
		snprintf(why, len, "refusing to connect to cloud metadata "
		    "address %s", ip);
		return true;
	}
	if ((c != FETCH_ADDR_LOOPBACK && c != FETCH_ADDR_PRIVATE) ||
	    o->allow_private || proxied)
		return false;
	if (o->origin == FETCH_ORIGIN_FEED) {
		snprintf(why, len, "refusing to connect to %s address %s for "
		    "a feed item (see --allow-private)", class_name(c), ip);
		return true;
	}
	if (after_public) {
		snprintf(why, len, "refusing a redirect from a public address "
		    "to %s address %s (see --allow-private)", class_name(c),
		    ip);
		return true;
	}
	return false;
}

/* Whether curl will use a proxy from the environment for some URL. */
bool
fetch_proxy_in_env(void)
{
	static const char *const names[] = {
		"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
		"ALL_PROXY"
	};
	size_t i;
	const char *v;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = getenv(names[i]);
		if (v != NULL && *v != '\0')
			return true;
	}
	return false;
}

static void
refuse(struct xfer *x, enum fetch_addr_class c, const char *ip)
{
	if (peer_refused(c, ip, x->after_public, x->proxied, x->o,
	    x->refusal, sizeof(x->refusal)))
		x->refused = true;
}

/*
 * Called with the address libcurl is about to connect to, after name
 * resolution and --resolve, so it judges the real peer and not the URL text
 * (numeric spellings, DNS rebinding); refusing here means no packet is ever
 * sent to it.
 */
curl_socket_t
fetch_on_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct xfer *x = arg;
	const unsigned char *raw;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	char ip[INET6_ADDRSTRLEN] = "";
	enum fetch_addr_class c = FETCH_ADDR_INVALID;

	(void)purpose;
	raw = (const unsigned char *)sa + offsetof(struct curl_sockaddr, addr);
	if (sa->family == AF_INET && sa->addrlen >= sizeof(in4)) {
		memcpy(&in4, raw, sizeof(in4));
		c = classify_v4((const unsigned char *)&in4.sin_addr);
		inet_ntop(AF_INET, &in4.sin_addr, ip, sizeof(ip));
	} else if (sa->family == AF_INET6 && sa->addrlen >= sizeof(in6)) {
		memcpy(&in6, raw, sizeof(in6));
		c = classify_v6((const unsigned char *)&in6.sin6_addr);
		inet_ntop(AF_INET6, &in6.sin6_addr, ip, sizeof(ip));
	}
	refuse(x, c, ip);
	if (x->refused)
		return CURL_SOCKET_BAD;
	return socket(sa->family, sa->socktype, sa->protocol);
}

/* Second check, on every request, reused connections included. */
int
fetch_on_prereq(void *arg, char *primary_ip, char *local_ip, int primary_port,
    int local_port)
{
	struct xfer *x = arg;

	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	refuse(x, fetch_classify_addr(primary_ip), primary_ip);
	return x->refused ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}

int
fetch_check_peer(const char *url, const char *ip, bool after_public,
    const struct fetch_opts *o, struct error *err)
{
	char why[ERROR_MSG_LEN], *shown;

	if (!peer_refused(fetch_classify_addr(ip), ip, after_public, false, o,
	    why, sizeof(why)))
		return 0;
	shown = fetch_shown_url(url);
	error_set(err, RC_NET, "%s: %s", shown, why);
	free(shown);
	return -1;
}
