/*
 * fuzz: what the libFuzzer targets in tests/fuzz share.
 *
 * Each target is one fuzz_<name>.c defining LLVMFuzzerTestOneInput over the
 * public headers only, linked with build/fuzz/libclipseal.a.  The helpers
 * here give a NUL-terminated copy of an input, a scratch file for the APIs
 * that read a path, and the test key pair of tests/fixtures/fuzz, so a
 * crashing input is reproduced by the target binary alone:
 * `build/fuzz/fuzz_<name> CRASH-FILE`.  A helper that cannot do its job
 * (no temp directory, no key) aborts: that is the harness failing, never a
 * finding about clipseal.
 */
#ifndef CLIPSEAL_FUZZ_H
#define CLIPSEAL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* A NUL-terminated copy of the input; the caller frees it. */
char *fuzz_cstr(const uint8_t *data, size_t len);

/*
 * Replaces the contents of this process's scratch file with data, mode
 * mode, and returns its path (the same path every time; removed at exit).
 */
const char *fuzz_file(const void *data, size_t len, mode_t mode);

/* The test keys, loaded on first use and kept for the process's life. */
const struct sign_key *fuzz_secret_key(void);
const struct sign_key *fuzz_public_key(void);

/* Aborts with "fuzz: <what>: <errno text>": the harness itself failed. */
void fuzz_die(const char *what) __attribute__((noreturn));

/*
 * Aborts with "fuzz: broken promise: <what>" unless ok: a documented
 * contract (an exit code, a round trip) did not hold, which is a finding.
 */
void fuzz_expect(int ok, const char *what);

#endif
