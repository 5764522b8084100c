/* views/cmd_json.c — the JSON writer and the rows (JSON / CSV) writer the
 * commands share. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd_priv.h"

void jw_init(struct jw *w, struct out *o)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	w->first[0] = true;
}

/* Comma before a member, then its key. */
static void jw_member(struct jw *w, const char *key)
{
	if (!w->first[w->depth])
		out_write(w->o, ",", 1);
	w->first[w->depth] = false;
	if (key)
		out_printf(w->o, "\"%s\":", key);
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_member(w, key);
	out_write(w->o, &c, 1);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	out_write(w->o, &c, 1);
	if (w->depth > 0)
		w->depth--;
}

void jw_obj(struct jw *w, const char *key) { jw_open(w, key, '{'); }
void jw_obj_end(struct jw *w) { jw_close(w, '}'); }
void jw_arr(struct jw *w, const char *key) { jw_open(w, key, '['); }
void jw_arr_end(struct jw *w) { jw_close(w, ']'); }

void jw_str(struct jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	out_json_str(w->o, s);
}

void jw_u64(struct jw *w, const char *key, uint64_t v)
{
	jw_member(w, key);
	out_printf(w->o, "%" PRIu64, v);
}

void jw_i64(struct jw *w, const char *key, int64_t v)
{
	jw_member(w, key);
	out_printf(w->o, "%" PRId64, v);
}

void jw_hex(struct jw *w, const char *key, uint64_t v)
{
	jw_member(w, key);
	out_printf(w->o, "\"0x%" PRIx64 "\"", v);
}

void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_member(w, key);
	out_printf(w->o, "%s", v ? "true" : "false");
}

void jw_null(struct jw *w, const char *key)
{
	jw_member(w, key);
	out_write(w->o, "null", 4);
}

void jw_opt(struct jw *w, const char *key, struct ls_opt v)
{
	if (v.valid)
		jw_u64(w, key, v.value);
	else
		jw_null(w, key);
}

void jw_double(struct jw *w, const char *key, double v)
{
	jw_member(w, key);
	out_printf(w->o, "%.1f", v);
}

void jw_index(struct jw *w, const char *key, uint32_t v)
{
	if (v == LS_NONE)
		jw_null(w, key);
	else
		jw_u64(w, key, v);
}

/* ---- rows ---------------------------------------------------------------- */

void rows_begin(struct rows *r, struct cmd_env *e)
{
	memset(r, 0, sizeof(*r));
	r->e = e;
	r->fmt = e->c->fmt;
	if (r->fmt == OUT_JSON) {
		jw_init(&r->jw, e->o);
		jw_obj(&r->jw, NULL);
		jw_str(&r->jw, "command", e->line);
		jw_arr(&r->jw, "rows");
	}
}

void rows_row(struct rows *r)
{
	if (r->fmt == OUT_JSON) {
		jw_obj(&r->jw, NULL);
	} else {
		out_init_buffer(&r->line);
		r->col = 0;
	}
}

void rows_row_end(struct rows *r)
{
	r->nrows++;
	if (r->fmt == OUT_JSON) {
		jw_obj_end(&r->jw);
		return;
	}
	if (!r->header_done) {
		out_write(r->e->o, r->hdr.buf ? r->hdr.buf : "", r->hdr.len);
		out_write(r->e->o, "\n", 1);
		out_deinit(&r->hdr);
		r->header_done = true;
	}
	out_write(r->e->o, r->line.buf ? r->line.buf : "", r->line.len);
	out_write(r->e->o, "\n", 1);
	out_deinit(&r->line);
}

void rows_end(struct rows *r)
{
	if (r->fmt == OUT_JSON) {
		jw_arr_end(&r->jw);
		jw_obj_end(&r->jw);
		out_write(r->e->o, "\n", 1);
	}
	out_deinit(&r->hdr);
}

/* CSV: the separator and, on the first row, the header name. */
static void csv_field(struct rows *r, const char *key)
{
	if (r->col++)
		out_write(&r->line, ",", 1);
	if (!r->header_done) {
		if (r->hdr.len || r->col > 1)
			out_write(&r->hdr, ",", 1);
		out_printf(&r->hdr, "%s", key);
	}
}

void rows_str(struct rows *r, const char *key, const char *s)
{
	if (r->fmt == OUT_JSON) {
		jw_str(&r->jw, key, s);
		return;
	}
	csv_field(r, key);
	out_csv_str(&r->line, s);
}

void rows_u64(struct rows *r, const char *key, uint64_t v)
{
	if (r->fmt == OUT_JSON) {
		jw_u64(&r->jw, key, v);
		return;
	}
	csv_field(r, key);
	out_printf(&r->line, "%" PRIu64, v);
}

void rows_i64(struct rows *r, const char *key, int64_t v)
{
	if (r->fmt == OUT_JSON) {
		jw_i64(&r->jw, key, v);
		return;
	}
	csv_field(r, key);
	out_printf(&r->line, "%" PRId64, v);
}

void rows_hex(struct rows *r, const char *key, uint64_t v)
{
	if (r->fmt == OUT_JSON) {
		jw_hex(&r->jw, key, v);
		return;
	}
	csv_field(r, key);
	out_printf(&r->line, "0x%" PRIx64, v);
}

void rows_bool(struct rows *r, const char *key, bool v)
{
	if (r->fmt == OUT_JSON) {
		jw_bool(&r->jw, key, v);
		return;
	}
	csv_field(r, key);
	out_printf(&r->line, "%s", v ? "true" : "false");
}

void rows_null(struct rows *r, const char *key)
{
	if (r->fmt == OUT_JSON) {
		jw_null(&r->jw, key);
		return;
	}
	csv_field(r, key);
}

void rows_opt(struct rows *r, const char *key, struct ls_opt v)
{
	if (v.valid)
		rows_u64(r, key, v.value);
	else
		rows_null(r, key);
}

void rows_double(struct rows *r, const char *key, double v)
{
	if (r->fmt == OUT_JSON) {
		jw_double(&r->jw, key, v);
		return;
	}
	csv_field(r, key);
	out_printf(&r->line, "%.1f", v);
}

void rows_list_begin(struct rows *r, const char *key)
{
	if (r->fmt == OUT_JSON) {
		jw_arr(&r->jw, key);
		return;
	}
	csv_field(r, key);
	out_init_buffer(&r->list);
	r->nlist = 0;
}

void rows_list_str(struct rows *r, const char *s)
{
	if (r->fmt == OUT_JSON) {
		jw_str(&r->jw, NULL, s);
		return;
	}
	if (r->nlist++)
		out_write(&r->list, "; ", 2);
	out_write(&r->list, s, strlen(s));
}

void rows_list_end(struct rows *r)
{
	if (r->fmt == OUT_JSON) {
		jw_arr_end(&r->jw);
		return;
	}
	out_csv_str(&r->line, r->list.buf ? r->list.buf : "");
	out_deinit(&r->list);
}
