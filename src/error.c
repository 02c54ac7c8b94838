#include <stdarg.h>
#include <stdio.h>

#include "error.h"

int
error_set(struct error *err, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->rc = rc;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
error_clear(struct error *err)
{
	if (err == NULL)
		return;
	err->rc = RC_OK;
	err->msg[0] = '\0';
}
