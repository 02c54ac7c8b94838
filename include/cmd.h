/*
 * cmd: the subcommands and the little they share.
 *
 * Each cmd_<name>() takes its own argv (argv[0] is the command name), parses
 * its options with getopt_long, runs, prints results on stdout and
 * diagnostics on stderr, and returns an exit code from enum rc.  Only this
 * layer prints.
 */
#ifndef CLIPSEAL_CMD_H
#define CLIPSEAL_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "digest.h"
#include "error.h"
#include "fetch.h"
#include "meta.h"
#include "sign.h"

int cmd_keygen(int argc, char **argv);
int cmd_archive(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* Prints "clipseal: <msg>" on stderr; returns err->rc. */
int cmd_report(const struct error *err);

/* Prints the one line "clipseal: <fmt...>" on stderr; returns RC_USAGE. */
int cmd_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * After getopt_long (opterr = 0, optstring starting with ':') returned c,
 * '?' or ':': names the option that was not understood, or that lacks its
 * value, in one line, and returns RC_USAGE.
 */
int cmd_bad_option(int c, char **argv);

/* Parses a non-negative decimal with an optional k/M/G suffix. */
int cmd_parse_size(const char *s, size_t *out);

/*
 * Handles the fetch options shared by archive (and later run): returns 1
 * if opt was one of them and was applied to o, 0 if not, -1 with err set
 * (RC_USAGE) for a bad value.
 */
int cmd_fetch_option(int opt, const char *arg, struct fetch_opts *o,
    struct error *err);

/* The long options behind cmd_fetch_option, and their usage text. */
#define CMD_FETCH_OPTIONS \
	{ "timeout", required_argument, NULL, 0x100 }, \
	{ "connect-timeout", required_argument, NULL, 0x101 }, \
	{ "max-bytes", required_argument, NULL, 0x102 }, \
	{ "user-agent", required_argument, NULL, 0x103 }, \
	{ "ca-file", required_argument, NULL, 0x104 }, \
	{ "resolve", required_argument, NULL, 0x105 }, \
	{ "max-header-bytes", required_argument, NULL, 0x106 }, \
	{ "low-speed-limit", required_argument, NULL, 0x107 }, \
	{ "low-speed-time", required_argument, NULL, 0x108 }, \
	{ "retries", required_argument, NULL, 0x109 }, \
	{ "max-retry-wait", required_argument, NULL, 0x10a }, \
	{ "allow-private", no_argument, NULL, 0x10b }, \
	{ "proxy-env", no_argument, NULL, 0x10c }
#define CMD_FETCH_USAGE \
	"      --timeout SECONDS          whole fetch, redirects and retries (60)\n" \
	"      --connect-timeout SECONDS  per connection (10)\n" \
	"      --low-speed-limit BYTES    abort below BYTES per second ... (100)\n" \
	"      --low-speed-time SECONDS   ... for SECONDS in a row (15)\n" \
	"      --max-bytes SIZE           decoded body cap, e.g. 16M (16M)\n" \
	"      --max-header-bytes SIZE    response header cap per hop (64k)\n" \
	"      --retries N                retries after 429 or 5xx, 0 to 10 (2)\n" \
	"      --max-retry-wait SECONDS   longest wait before a retry; a longer\n" \
	"                                 Retry-After gives up (30)\n" \
	"      --allow-private            let redirects (and feed items) reach\n" \
	"                                 loopback and private addresses\n" \
	"      --proxy-env                use http_proxy/https_proxy/no_proxy\n" \
	"      --user-agent STRING        (clipseal/VERSION)\n" \
	"      --ca-file FILE             trust this CA bundle instead of the system's\n" \
	"      --resolve HOST:PORT:ADDR   connect to ADDR for HOST:PORT, as curl does\n"

/*
 * Verifies the archive at path against public key pk, in memory: signature,
 * manifest, members, metadata against the trusted comment, content hash.
 * On success fills *ms (caller releases) and the manifest's SHA-256.
 * Fails with RC_NO naming the flaw, or RC_SYS if the file cannot be read.
 */
int cmd_verify_archive(const char *path, const struct sign_key *pk,
    struct meta_summary *ms, char manifest[DIGEST_HEX_LEN + 1],
    struct error *err);

/*
 * archive -s: seals the URLs a person typed into the store at storepath as
 * run does (a new version only when the article changed, the index and the
 * chain kept), printing each URL's newest archive path.  Returns the exit
 * code: the URL's own for one URL, 1 if some of several failed.
 */
int cmd_run_urls(const char *storepath, const struct sign_key *key,
    const struct fetch_opts *fo, char **urls, int n, bool no_raw,
    bool quiet);

/* Loads the secret key named by -k, or the default one. */
struct sign_key *cmd_load_seckey(const char *arg, struct error *err);

/* Loads the public key named by -p, or the default secret key's ".pub". */
struct sign_key *cmd_load_pubkey(const char *arg, struct error *err);

/* Flushes stdout; on a write error prints it and returns RC_SYS, else rc. */
int cmd_finish(int rc);

#endif
