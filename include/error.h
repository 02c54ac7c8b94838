/*
 * error: the one plumbing type for failures.
 *
 * A function that can fail returns 0 (or a pointer) on success and -1 (or
 * NULL) on failure, after filling the `struct error *err` passed last with an
 * exit code and one line of text.  The code that knows the cause writes the
 * line ("<input>: <reason>", lower-case, no full stop); callers pass it up
 * unchanged and only the command layer prints it, as "clipseal: <msg>".
 */
#ifndef CLIPSEAL_ERROR_H
#define CLIPSEAL_ERROR_H

/* Exit codes, the same for every command; README lists them. */
enum rc {
	RC_OK = 0,	/* success */
	RC_NO = 1,	/* the answer is "no": not authentic, or some URLs failed */
	RC_USAGE = 2,	/* bad command line */
	RC_NET = 3,	/* network, TLS, HTTP or any refusal of the fetch stage */
	RC_CONTENT = 4,	/* no article, or unsupported content */
	RC_SYS = 5,	/* local file, store or system error */
	RC_KEY = 6,	/* key missing, malformed or too open */
	RC_LOCK = 7	/* another run holds the store lock */
};

#define ERROR_MSG_LEN 256

struct error {
	int rc;
	char msg[ERROR_MSG_LEN];
};

/* Sets err (if not NULL) to rc and the formatted text, truncating to fit. */
int error_set(struct error *err, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears err to RC_OK and an empty message. */
void error_clear(struct error *err);

#endif
