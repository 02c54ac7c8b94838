#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sign.h"
#include "xalloc.h"

int
cmd_report(const struct error *err)
{
	fprintf(stderr, "clipseal: %s\n", err->msg);
	return err->rc ? err->rc : RC_SYS;
}

int
cmd_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("clipseal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return RC_USAGE;
}

int
cmd_bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *what = c == ':' ? "needs a value" : "is not known";

	if (arg[0] == '-' && arg[1] != '-' && optopt)
		fprintf(stderr, "clipseal: %s: option '-%c' %s (see 'clipseal "
		    "%s --help')\n", argv[0], optopt, what, argv[0]);
	else
		fprintf(stderr, "clipseal: %s: option '%s' %s (see 'clipseal "
		    "%s --help')\n", argv[0], arg, what, argv[0]);
	return RC_USAGE;
}

int
cmd_parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: break;
	}
	if (*end != '\0' || v > (unsigned long long)(SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

static int
parse_seconds(const char *s, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v <= 0 || v > 86400)
		return -1;
	*out = v;
	return 0;
}

/* A whole number from 0 to max. */
static int
parse_count(const char *s, long max, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int
cmd_fetch_option(int opt, const char *arg, struct fetch_opts *o,
    struct error *err)
{
	long n;

	switch (opt) {
	case 0x100:
		if (parse_seconds(arg, &o->timeout) < 0)
			return error_set(err, RC_USAGE,
			    "--timeout: '%s' is not a number of seconds", arg);
		return 1;
	case 0x101:
		if (parse_seconds(arg, &o->connect_timeout) < 0)
			return error_set(err, RC_USAGE, "--connect-timeout: "
			    "'%s' is not a number of seconds", arg);
		return 1;
	case 0x102:
		if (cmd_parse_size(arg, &o->max_bytes) < 0 || o->max_bytes == 0)
			return error_set(err, RC_USAGE,
			    "--max-bytes: '%s' is not a size", arg);
		return 1;
	case 0x103:
		o->user_agent = arg;
		return 1;
	case 0x104:
		o->ca_file = arg;
		return 1;
	case 0x105:
		o->resolve = arg;
		return 1;
	case 0x106:
		if (cmd_parse_size(arg, &o->max_header) < 0 ||
		    o->max_header < 1024)
			return error_set(err, RC_USAGE, "--max-header-bytes: "
			    "'%s' is not a size of at least 1k", arg);
		return 1;
	case 0x107:
		if (parse_count(arg, 1L << 30, &o->low_speed_bytes) < 0)
			return error_set(err, RC_USAGE, "--low-speed-limit: "
			    "'%s' is not a number of bytes", arg);
		return 1;
	case 0x108:
		if (parse_seconds(arg, &o->low_speed_time) < 0)
			return error_set(err, RC_USAGE, "--low-speed-time: "
			    "'%s' is not a number of seconds", arg);
		return 1;
	case 0x109:
		if (parse_count(arg, 10, &n) < 0)
			return error_set(err, RC_USAGE,
			    "--retries: '%s' is not a number from 0 to 10",
			    arg);
		o->retries = (int)n;
		return 1;
	case 0x10a:
		if (parse_count(arg, 3600, &o->max_retry_wait) < 0)
			return error_set(err, RC_USAGE, "--max-retry-wait: "
			    "'%s' is not a number of seconds", arg);
		return 1;
	case 0x10b:
		o->allow_private = true;
		return 1;
	case 0x10c:
		o->proxy_env = true;
		return 1;
	default:
		return 0;
	}
}

int
cmd_finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "clipseal: cannot write output: %s\n",
		    strerror(errno));
		return RC_SYS;
	}
	return rc;
}

struct sign_key *
cmd_load_seckey(const char *arg, struct error *err)
{
	struct sign_key *k;
	char *path = arg ? xstrdup(arg) : sign_default_path(err);

	if (path == NULL)
		return NULL;
	k = sign_load_secret(path, err);
	free(path);
	return k;
}

struct sign_key *
cmd_load_pubkey(const char *arg, struct error *err)
{
	struct sign_key *k;
	char *sec, *pub;

	if (arg)
		return sign_load_public(arg, err);
	sec = sign_default_path(err);
	if (sec == NULL)
		return NULL;
	pub = xasprintf("%s.pub", sec);
	k = sign_load_public(pub, err);
	free(pub);
	free(sec);
	return k;
}
