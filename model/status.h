/* model/status.h — error values for every layer of leakscope.
 *
 * A function that can fail returns enum ls_status and fills a struct ls_err
 * that the caller owns. Each layer prepends what it was doing, so a message
 * reads like "loading handles of pid 4: reading HANDLE_TABLE at 0x...: page
 * not in the dump". "Not in the dump" (NODATA) is its own status: filtered
 * and partial dumps are normal, and callers treat it as data, not failure.
 */
#ifndef LS_STATUS_H
#define LS_STATUS_H

#include <stdarg.h>

#define LS_STATUS_LIST(X)                                        \
	X(LS_OK,          "ok")                                  \
	X(LS_ERR_NODATA,  "not in the dump")                     \
	X(LS_ERR_CORRUPT, "corrupt data")                        \
	X(LS_ERR_INVALID, "invalid address or argument")         \
	X(LS_ERR_NOTFOUND, "not found")                          \
	X(LS_ERR_FORMAT,  "unsupported or unrecognised format")  \
	X(LS_ERR_NOMEM,   "out of memory")                       \
	X(LS_ERR_SYSTEM,  "system error")

enum ls_status {
#define LS_STATUS_ENUM(code, text) code,
	LS_STATUS_LIST(LS_STATUS_ENUM)
#undef LS_STATUS_ENUM
};

#define LS_ERR_MSG_MAX 512

struct ls_err {
	enum ls_status code;
	char msg[LS_ERR_MSG_MAX];
};

/* The default text of a status ("not in the dump"). */
const char *ls_status_str(enum ls_status code);

/* Reset to LS_OK with an empty message. err may be NULL. */
void ls_err_clear(struct ls_err *err);

/* Set code and message (printf-style); returns code. err may be NULL. */
enum ls_status ls_err_set(struct ls_err *err, enum ls_status code,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepend "context: " to the message; returns err->code. err may be NULL. */
enum ls_status ls_err_prepend(struct ls_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
