/* views/out.h — where command output goes: a FILE or a growable buffer
 * (the TUI's ':' pane), with escaping of dump strings.
 *
 * Strings read from a dump are untrusted: out_str() writes them with control
 * characters and escape sequences shown as \xNN (a backslash before 'x' as
 * \\, so an escape is never ambiguous; other backslashes, as in Windows
 * paths, stay single), never
 * raw; out_json_str() writes a JSON string literal with JSON escapes.
 */
#ifndef LS_OUT_H
#define LS_OUT_H

#include <stddef.h>
#include <stdio.h>

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV };

struct out {
	FILE *fp;       /* non-NULL: write here */
	char *buf;      /* else: append here (NUL-terminated) */
	size_t len, cap;
	int failed;     /* out of memory or write error */
};

void out_init_file(struct out *o, FILE *fp);
void out_init_buffer(struct out *o);
void out_deinit(struct out *o);   /* frees the buffer */

void out_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void out_write(struct out *o, const char *s, size_t n);
/* An untrusted string, escaped for a terminal; NULL prints nothing. */
void out_str(struct out *o, const char *s);
/* An untrusted string as a JSON string literal (with quotes); NULL -> null. */
void out_json_str(struct out *o, const char *s);
/* An untrusted string as one CSV field (quoted when needed, escaped). */
void out_csv_str(struct out *o, const char *s);

/* Escape s for a terminal into buf (always NUL-terminated); returns buf. */
const char *ls_escape(const char *s, char *buf, size_t len);

#endif
