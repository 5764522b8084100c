/* views/out.c — output sinks (FILE or growable buffer) and the escaping of
 * untrusted dump strings for a terminal, JSON and CSV. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

void out_init_file(struct out *o, FILE *fp)
{
	memset(o, 0, sizeof(*o));
	o->fp = fp;
}

void out_init_buffer(struct out *o)
{
	memset(o, 0, sizeof(*o));
}

void out_deinit(struct out *o)
{
	if (!o->fp)
		free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

void out_write(struct out *o, const char *s, size_t n)
{
	if (n == 0 || o->failed)
		return;
	if (o->fp) {
		if (fwrite(s, 1, n, o->fp) != n)
			o->failed = 1;
		return;
	}
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		char *b;

		while (cap < o->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				o->failed = 1;
				return;
			}
			cap *= 2;
		}
		b = realloc(o->buf, cap);
		if (!b) {
			o->failed = 1;
			return;
		}
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void out_printf(struct out *o, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		out_write(o, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (!big) {
		o->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_write(o, big, (size_t)n);
	free(big);
}

/* Length of the well-formed UTF-8 sequence at s (1..4) with its code point,
 * or 0 if the bytes there are not valid UTF-8 (overlong forms, surrogates
 * and values above U+10FFFF are invalid). s is NUL-terminated. */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)  /* also stops at the NUL */
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Code points a terminal must not receive raw: C0, DEL, C1. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Write the terminal-escaped form of s through emit(ctx, text, n), one
 * piece per call (an escape is never split across calls). */
typedef bool (*emit_fn)(void *ctx, const char *text, size_t n);

static void escape_term(const char *s, emit_fn emit, void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	char hex[8];

	while (*p) {
		uint32_t cp;
		size_t n = utf8_seq(p, &cp), i;

		if (n == 1 && cp == '\\' && (p[1] == 'x' || p[1] == 'X')) {
			/* only a backslash that would read as the start of an
			 * escape is doubled: Windows paths stay readable */
			if (!emit(ctx, "\\\\", 2))
				return;
		} else if (n == 0 || is_control(cp)) {
			/* every byte of a bad or control sequence as \xNN */
			size_t k = n ? n : 1;
			for (i = 0; i < k; i++) {
				snprintf(hex, sizeof(hex), "\\x%02x", p[i]);
				if (!emit(ctx, hex, 4))
					return;
			}
			n = k;
		} else if (!emit(ctx, (const char *)p, n)) {
			return;
		}
		p += n;
	}
}

static bool emit_out(void *ctx, const char *text, size_t n)
{
	out_write(ctx, text, n);
	return true;
}

struct bounded {
	char *buf;
	size_t len, pos;
};

static bool emit_bounded(void *ctx, const char *text, size_t n)
{
	struct bounded *b = ctx;

	if (b->pos + n + 1 > b->len)
		return false;   /* truncate on a whole piece */
	memcpy(b->buf + b->pos, text, n);
	b->pos += n;
	b->buf[b->pos] = '\0';
	return true;
}

void out_str(struct out *o, const char *s)
{
	if (s)
		escape_term(s, emit_out, o);
}

const char *ls_escape(const char *s, char *buf, size_t len)
{
	struct bounded b = { buf, len, 0 };

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (s)
		escape_term(s, emit_bounded, &b);
	return buf;
}

void out_json_str(struct out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];

	if (!s) {
		out_write(o, "null", 4);
		return;
	}
	out_write(o, "\"", 1);
	while (*p) {
		uint32_t cp;
		size_t n = utf8_seq(p, &cp);

		if (n == 0) {
			out_write(o, "\xef\xbf\xbd", 3);  /* U+FFFD for a bad byte */
			p++;
			continue;
		}
		switch (cp) {
		case '"':  out_write(o, "\\\"", 2); break;
		case '\\': out_write(o, "\\\\", 2); break;
		case '\n': out_write(o, "\\n", 2); break;
		case '\r': out_write(o, "\\r", 2); break;
		case '\t': out_write(o, "\\t", 2); break;
		case '\b': out_write(o, "\\b", 2); break;
		case '\f': out_write(o, "\\f", 2); break;
		default:
			if (is_control(cp)) {
				snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
				out_write(o, esc, 6);
			} else {
				out_write(o, (const char *)p, n);
			}
		}
		p += n;
	}
	out_write(o, "\"", 1);
}

void out_csv_str(struct out *o, const char *s)
{
	struct out tmp;
	bool quote;
	const char *p;

	if (!s)
		return;
	out_init_buffer(&tmp);
	escape_term(s, emit_out, &tmp);
	if (tmp.failed) {
		o->failed = 1;
		out_deinit(&tmp);
		return;
	}
	p = tmp.buf ? tmp.buf : "";
	/* controls are escaped already, so only , " and edge spaces need quotes */
	quote = strpbrk(p, ",\"") != NULL ||
		(tmp.len && (p[0] == ' ' || p[tmp.len - 1] == ' '));
	if (!quote) {
		out_write(o, p, tmp.len);
	} else {
		out_write(o, "\"", 1);
		for (; *p; p++) {
			if (*p == '"')
				out_write(o, "\"\"", 2);
			else
				out_write(o, p, 1);
		}
		out_write(o, "\"", 1);
	}
	out_deinit(&tmp);
}
