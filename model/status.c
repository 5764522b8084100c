/* model/status.c — status codes and context-chaining error messages. */
#include "status.h"

#include <stdio.h>
#include <string.h>

static const char *const status_text[] = {
#define LS_STATUS_TEXT(code, text) [code] = text,
	LS_STATUS_LIST(LS_STATUS_TEXT)
#undef LS_STATUS_TEXT
};

const char *ls_status_str(enum ls_status code)
{
	if ((unsigned)code >= sizeof(status_text) / sizeof(status_text[0]))
		return "unknown error";
	return status_text[code];
}

void ls_err_clear(struct ls_err *err)
{
	if (!err)
		return;
	err->code = LS_OK;
	err->msg[0] = '\0';
}

enum ls_status ls_err_set(struct ls_err *err, enum ls_status code,
			  const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

enum ls_status ls_err_prepend(struct ls_err *err, const char *fmt, ...)
{
	char head[LS_ERR_MSG_MAX];
	char old[LS_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return LS_ERR_INVALID;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	if (old[0])
		snprintf(err->msg, sizeof(err->msg), "%s: %s", head, old);
	else
		snprintf(err->msg, sizeof(err->msg), "%s: %s", head,
			 ls_status_str(err->code));
	return err->code;
}
