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
int cmd_stamp(int argc, char **argv);

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
 * manifest, members, metadata against the trusted comment, content hash,
 * and the shape of a time stamp it carries.  On success fills *ms (caller
 * releases) and the manifest's SHA-256.  Fails with RC_NO naming the flaw,
 * or RC_SYS if the file cannot be read.
 */
int cmd_verify_archive(const char *path, const struct sign_key *pk,
    struct meta_summary *ms, char manifest[DIGEST_HEX_LEN + 1],
    struct error *err);

/* The member that holds an archive's RFC 3161 time stamp, if any. */
#define CMD_STAMP_MEMBER "SHA256.sig.tsr"

/*
 * cmd_verify_archive, and the time stamp checked with sign_stamp_check:
 * against the anchors ca (NULL: its shape, imprint and own signature only)
 * and not before the capture.  *st holds its genTime and TSA, or is empty
 * when the archive has no stamp, which fails with RC_NO "no time stamp"
 * when require is set.  A bad stamp is RC_NO "SHA256.sig.tsr: <flaw>".
 */
int cmd_verify_stamped(const char *path, const struct sign_key *pk,
    const struct sign_trust *ca, bool require, struct meta_summary *ms,
    char manifest[DIGEST_HEX_LEN + 1], struct sign_stamp *st,
    struct error *err);

/* Where new archives get their time stamps: archive, run, stamp. */
struct cmd_tsa {
	const char *url;	/* the TSA, or NULL for none */
	struct sign_trust *ca;	/* --tsa-ca, or NULL: the reply's own cert */
};

#define CMD_TSA_OPTIONS \
	{ "tsa", required_argument, NULL, 0x120 }, \
	{ "tsa-ca", required_argument, NULL, 0x121 }
#define CMD_TSA_USAGE \
	"      --tsa URL                  time-stamp new archives at this RFC 3161\n" \
	"                                 TSA ($CLIPSEAL_TSA; '' for none)\n" \
	"      --tsa-ca FILE              accept only stamps whose TSA chains to\n" \
	"                                 a certificate in FILE (PEM)\n"

/*
 * 1 if opt is one of CMD_TSA_OPTIONS, its value stored in *url or
 * *ca_file; 0 if not.
 */
int cmd_tsa_option(int opt, const char *arg, const char **url,
    const char **ca_file);

/*
 * Fills t from the --tsa value url (NULL: $CLIPSEAL_TSA; "" means none)
 * and loads ca_file if not NULL.  Fails with RC_KEY for a bad ca_file, or
 * RC_USAGE for --tsa-ca without a TSA.
 */
int cmd_tsa_init(struct cmd_tsa *t, const char *url, const char *ca_file,
    struct error *err);

void cmd_tsa_release(struct cmd_tsa *t);

struct store;

/*
 * Time-stamps the archive at path (with s, the archive path of store s):
 * sends a request over its SHA256.sig to t->url with fo's limits, checks
 * the reply (sign_stamp_accept, not before the capture) and writes the
 * archive again with CMD_STAMP_MEMBER last, at once (a file by temporary
 * file, fsync, rename; into a store by store_put).  Returns 0 with *st
 * filled; 1 if it was stamped already (nothing written, *st from that
 * stamp); -1 with RC_NET "<tsa>: <reason>" when the TSA failed (the
 * archive left as it was), or RC_NO or RC_SYS naming the archive when it
 * is not one to stamp.
 */
int cmd_stamp_archive(struct store *s, const char *path,
    const struct cmd_tsa *t, const struct fetch_opts *fo,
    struct sign_stamp *st, struct error *err);

/*
 * archive -s: seals the URLs a person typed into the store at storepath as
 * run does (a new version only when the article changed, the index and the
 * chain kept, new archives time-stamped at tsa->url if set), printing each
 * URL's newest archive path.  Returns the exit code: the URL's own for one
 * URL, 1 if some of several failed.
 */
int cmd_run_urls(const char *storepath, const struct sign_key *key,
    const struct fetch_opts *fo, const struct cmd_tsa *tsa, char **urls,
    int n, bool no_raw, bool quiet);

/*
 * Refills the index of store s from the archives of norm_url in dir (both
 * NULL: from every archive), in one transaction.  An archive that cannot be
 * read is reported on stderr and counted in *skipped.  Returns the number
 * of versions added, or -1 with err set.
 */
long cmd_store_fill(struct store *s, const char *norm_url, const char *dir,
    size_t *skipped, struct error *err);

struct store_version;

/*
 * Reads the archives paths[0..n) of s (relative to the store and sorted,
 * so each URL's directory is together) into *out, a URL's versions in the
 * index's order, each with the words added and removed since the one
 * before, its time stamp's time and its file's size and mtime.  An archive
 * that cannot be read fails the call (err set) when skipped is NULL;
 * otherwise it is reported on stderr and counted in *skipped.  Returns how
 * many versions *out holds (free with cmd_store_versions_free), or -1.
 */
long cmd_store_read_archives(struct store *s, char **paths, size_t n,
    size_t *skipped, struct store_version **out, struct error *err);

void cmd_store_versions_free(struct store_version *v, size_t n);

/*
 * The words added to and removed from the article.txt of the archive prev
 * of s (NULL for a URL's first version) in text.  When prev cannot be
 * read, -1 each and -1 returned with err set.
 */
int cmd_store_word_changes(struct store *s, const char *prev,
    const char *text, long *added, long *removed, struct error *err);

/*
 * Opens the store named arg (NULL: the default) to read it, for norm_url
 * (NULL: every URL), as log, diff and check do: nothing in it changes, and
 * an index that is missing, in a writer's hands or behind the archives is
 * filled again in memory from the archives themselves.
 */
struct store *cmd_store_read(const char *arg, const char *norm_url,
    struct error *err);

/* Loads the secret key named by -k, or the default one. */
struct sign_key *cmd_load_seckey(const char *arg, struct error *err);

/* Loads the public key named by -p, or the default secret key's ".pub". */
struct sign_key *cmd_load_pubkey(const char *arg, struct error *err);

/* Flushes stdout; on a write error prints it and returns RC_SYS, else rc. */
int cmd_finish(int rc);

#endif
