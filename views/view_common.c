/* views/view_common.c — view lifecycle and the cell helpers every view uses. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/symbols.h"
#include "format.h"
#include "out.h"
#include "view.h"

void view_arg_init(struct view_arg *a)
{
	memset(a, 0, sizeof(*a));
	a->index = LS_NONE;
	a->index2 = LS_NONE;
}

/* The table's callback, forwarding to the view's ops. */
static void view_cells_cb(void *ctx, uint32_t row, struct table_row *out)
{
	const struct view *v = ctx;

	v->ops->cells(v, row, out);
}

/* Columns and row count may change (grouping): reload the table. */
bool view_refresh_table(struct view *v)
{
	const struct table_column *cols;
	unsigned n = 0;

	cols = v->ops->columns(v, &n);
	return table_load(&v->table, cols, n, v->ops->row_count(v), view_cells_cb, v);
}

/* Allocate, load, fill the table, select the view's chosen row. */
struct view *view_create(const struct view_ops *ops, struct model *m,
			 const struct view_arg *arg, struct ls_err *err)
{
	struct view *v = calloc(1, sizeof(*v));

	if (!v) {
		ls_err_set(err, LS_ERR_NOMEM, "opening %s: out of memory", ops->name);
		return NULL;
	}
	v->ops = ops;
	v->m = m;
	v->select = UINT32_MAX;
	if (arg)
		v->arg = *arg;
	else
		view_arg_init(&v->arg);
	table_init(&v->table);
	if (ops->priv_size) {
		v->priv = calloc(1, ops->priv_size);
		if (!v->priv) {
			free(v);
			ls_err_set(err, LS_ERR_NOMEM, "opening %s: out of memory", ops->name);
			return NULL;
		}
	}
	if (ops->load && ops->load(v, err) != LS_OK) {
		ls_err_prepend(err, "opening %s", ops->name);
		view_destroy(v);
		return NULL;
	}
	if (!view_refresh_table(v)) {
		ls_err_set(err, LS_ERR_NOMEM, "opening %s: out of memory", ops->name);
		view_destroy(v);
		return NULL;
	}
	if (v->select != UINT32_MAX) {
		uint32_t i;

		for (i = 0; i < v->table.nvisible; i++)
			if (table_row_at(&v->table, i) == v->select) {
				v->table.pos.cursor = i;   /* the painter scrolls to it */
				break;
			}
	}
	return v;
}

/* done() first: it may free what priv points to. */
void view_destroy(struct view *v)
{
	if (!v)
		return;
	if (v->ops->done)
		v->ops->done(v);
	table_deinit(&v->table);
	free(v->priv);
	free(v);
}

void cell_printf(struct table_cell *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->text, sizeof(c->text), fmt, ap);
	va_end(ap);
}

void cell_dump_str(struct table_cell *c, const char *s)
{
	if (!s)
		snprintf(c->text, sizeof(c->text), "-");
	else
		ls_escape(s, c->text, sizeof(c->text));
}

void cell_count(struct table_cell *c, uint64_t n)
{
	fmt_count(n, c->text, sizeof(c->text));
	c->num = n;
}

void cell_addr(struct table_cell *c, uint64_t addr)
{
	fmt_addr(addr, c->text, sizeof(c->text));
	c->num = addr;
}

void cell_opt_count(struct table_cell *c, struct ls_opt v)
{
	if (v.valid) {
		cell_count(c, v.value);
	} else {
		snprintf(c->text, sizeof(c->text), "n/a");
		c->style = STYLE_DIM;
		c->num = 0;
	}
}

const char *view_symbolize(const struct model *m, uint64_t addr, uint32_t p,
			   char *buf, size_t len)
{
	char raw[256];

	model_symbolize(m, addr, p, raw, sizeof(raw));
	return ls_escape(raw, buf, len);
}

const char *view_process_name(const struct model *m, uint32_t p, char *buf, size_t len)
{
	if (p == LS_NONE || p >= m->nprocesses || !m->processes[p].name)
		snprintf(buf, len, "?");
	else
		ls_escape(m->processes[p].name, buf, len);
	return buf;
}

const char *view_type_name(const struct model *m, uint32_t t, char *buf, size_t len)
{
	if (t == LS_NONE || t >= m->ntypes || !m->types[t].name)
		snprintf(buf, len, "?");
	else
		ls_escape(m->types[t].name, buf, len);
	return buf;
}

/* ---- requests the views share ------------------------------------------- */

const char *view_id(const struct model *m, uint64_t v)
{
	static char bufs[8][24];
	static unsigned next;
	char *b = bufs[next++ % 8];

	if (m && m->facts.os == LS_OS_LINUX)
		snprintf(b, sizeof(bufs[0]), "%" PRIu64, v);
	else
		snprintf(b, sizeof(bufs[0]), "%" PRIx64, v);
	return b;
}

const char *view_cid(uint64_t pid, uint64_t tid, char *buf, size_t len)
{
	char p[FMT_NUM_MAX], t[FMT_NUM_MAX];

	return view_join(buf, len, ".", fmt_hex_pad(pid, 4, p, sizeof(p)),
			 fmt_hex_pad(tid, 4, t, sizeof(t)), NULL);
}

const char *view_join(char *buf, size_t len, const char *sep, ...)
{
	size_t used = 0;
	const char *s;
	va_list ap;

	if (!len)
		return buf;
	va_start(ap, sep);
	for (bool first = true; (s = va_arg(ap, const char *)); first = false) {
		for (const char *q = first ? "" : sep; *q && used + 1 < len; q++)
			buf[used++] = *q;
		for (; *s && used + 1 < len; s++)
			buf[used++] = *s;
	}
	va_end(ap);
	buf[used] = '\0';
	return buf;
}

const char *view_handle_value(const struct model *m, uint64_t v, char *buf, size_t len)
{
	if (m && m->facts.os == LS_OS_LINUX) {
		snprintf(buf, len, "%" PRIu64, v);
		return buf;
	}
	return fmt_hex_pad(v, 4, buf, len);
}

/* The first holder's name, then "+N" for the other processes. */
const char *view_holders_text(const struct model *m, uint32_t o, char *buf, size_t len)
{
	const struct ls_object *ob;
	uint32_t first = LS_NONE, others = 0, i;
	char name[64];

	if (o == LS_NONE || o >= m->nobjects || m->objects[o].nrefs == 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	ob = &m->objects[o];
	for (i = 0; i < ob->nrefs; i++) {
		uint32_t h = m->object_refs[ob->first_ref + i];
		uint32_t p = h < m->nhandles ? m->handles[h].process : LS_NONE;

		if (first == LS_NONE)
			first = p;
		else if (p != first)
			others++;
	}
	view_process_name(m, first, name, sizeof(name));
	if (others)
		snprintf(buf, len, "%s +%u", name, others);
	else
		snprintf(buf, len, "%s", name);
	return buf;
}

enum view_next view_open_handles(const struct model *m, uint32_t p, uint32_t t,
				 int mode, struct view_req *req)
{
	char name[64];

	if (p == LS_NONE || p >= m->nprocesses)
		return VN_REDRAW;
	view_arg_init(&req->push_arg);
	req->push_ops = &view_handles_ops;
	req->push_arg.index = p;
	req->push_arg.index2 = t;
	req->push_arg.mode = mode;
	if (t != LS_NONE)
		snprintf(req->push_arg.crumb, sizeof(req->push_arg.crumb), "%s handles",
			 view_type_name(m, t, name, sizeof(name)));
	else
		view_process_name(m, p, req->push_arg.crumb, sizeof(req->push_arg.crumb));
	return VN_PUSH;
}

enum view_next view_open_thread(const struct model *m, uint32_t th, const char *crumb,
				struct view_req *req)
{
	if (th == LS_NONE || th >= m->nthreads)
		return VN_REDRAW;
	view_arg_init(&req->push_arg);
	req->push_ops = &view_thread_ops;
	req->push_arg.index = th;
	if (crumb)
		snprintf(req->push_arg.crumb, sizeof(req->push_arg.crumb), "%s", crumb);
	else
		view_cid(m->threads[th].pid, m->threads[th].tid, req->push_arg.crumb,
			 sizeof(req->push_arg.crumb));
	return VN_PUSH;
}

/* A Thread object opens as the thread's detail (the drill's goal). */
enum view_next view_open_object(const struct model *m, uint32_t o, const char *crumb,
				struct view_req *req)
{
	if (o == LS_NONE || o >= m->nobjects) {
		snprintf(req->message, sizeof(req->message), "the object is not in the model");
		return VN_REDRAW;
	}
	if (m->objects[o].thread != LS_NONE)
		return view_open_thread(m, m->objects[o].thread, crumb, req);
	view_arg_init(&req->push_arg);
	req->push_ops = &view_object_ops;
	req->push_arg.index = o;
	if (crumb)
		snprintf(req->push_arg.crumb, sizeof(req->push_arg.crumb), "%s", crumb);
	else
		fmt_addr(m->objects[o].body, req->push_arg.crumb, sizeof(req->push_arg.crumb));
	return VN_PUSH;
}

enum view_next view_open_handle(const struct model *m, uint32_t h, struct view_req *req)
{
	char crumb[32];

	if (h == LS_NONE || h >= m->nhandles)
		return VN_REDRAW;
	if (m->facts.os == LS_OS_LINUX)
		snprintf(crumb, sizeof(crumb), "fd %" PRIu64, m->handles[h].value);
	else
		snprintf(crumb, sizeof(crumb), "0x%04" PRIx64, m->handles[h].value);
	return view_open_object(m, m->handles[h].object, crumb, req);
}

enum view_next view_open_start(const struct model *m, uint64_t start, struct view_req *req)
{
	view_arg_init(&req->push_arg);
	req->push_ops = &view_threads_ops;
	req->push_arg.mode = VIEW_MODE_FLAT;
	req->push_arg.key = start;
	req->push_arg.has_key = true;
	view_symbolize(m, start, LS_NONE, req->push_arg.crumb, sizeof(req->push_arg.crumb));
	return VN_PUSH;
}

const struct keymap_entry view_process_keys[] = {
	{ 'p', ACT_PEB },
	{ 'H', ACT_TRACES },
	{ 'T', ACT_PROCESS_THREADS },
	{ 0, ACT_NONE },
};

uint32_t view_arg_process(const struct view *v, uint32_t row)
{
	return v->arg.index;
}

/* p / H / T from any view that has a process in hand. */
enum view_next view_process_action(const struct model *m, enum view_action a,
				   uint32_t p, struct view_req *req)
{
	const struct view_ops *ops;
	const char *what;
	char name[64];

	switch (a) {
	case ACT_PEB: ops = &view_peb_ops; what = "PEB"; break;
	case ACT_TRACES: ops = &view_traces_ops; what = "handle traces"; break;
	case ACT_PROCESS_THREADS: ops = &view_threads_ops; what = "threads"; break;
	default: return VN_NOT_MINE;
	}
	if (p == LS_NONE || p >= m->nprocesses)
		return VN_REDRAW;
	view_arg_init(&req->push_arg);
	req->push_ops = ops;
	req->push_arg.index = p;
	req->push_arg.mode = VIEW_MODE_FLAT;
	snprintf(req->push_arg.crumb, sizeof(req->push_arg.crumb), "%s %s",
		 view_process_name(m, p, name, sizeof(name)), what);
	return VN_PUSH;
}

/* ---- detail views --------------------------------------------------------- */

struct detail_line *detail_add(struct detail *d, enum table_style style,
			       const char *field, const char *fmt, ...)
{
	struct detail_line *l;
	va_list ap;

	if (d->n == d->cap) {
		uint32_t ncap = d->cap ? d->cap * 2 : 32;
		struct detail_line *n = realloc(d->lines, ncap * sizeof(*n));

		if (!n) {
			d->failed = true;
			return NULL;
		}
		d->lines = n;
		d->cap = ncap;
	}
	l = &d->lines[d->n++];
	memset(l, 0, sizeof(*l));
	l->index = l->index2 = LS_NONE;
	l->style = (uint8_t)style;
	snprintf(l->field, sizeof(l->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(l->value, sizeof(l->value), fmt, ap);
	va_end(ap);
	return l;
}

void detail_free(struct detail *d)
{
	free(d->lines);
	memset(d, 0, sizeof(*d));
}

static const struct table_column detail_cols[] = {
	{ "Field", 20, TABLE_LEFT, 0 },
	{ "Value", 0, TABLE_LEFT, 0 },
};

const struct table_column *detail_columns(unsigned *n)
{
	*n = 2;
	return detail_cols;
}

void detail_cells(const struct detail *d, uint32_t row, struct table_row *out)
{
	const struct detail_line *l;

	if (row >= d->n)
		return;
	l = &d->lines[row];
	snprintf(out->cell[0].text, sizeof(out->cell[0].text), "%s", l->field);
	snprintf(out->cell[1].text, sizeof(out->cell[1].text), "%s", l->value);
	out->style = l->style;
	if (l->link != LINK_NONE && l->style == STYLE_NORMAL)
		out->cell[1].style = STYLE_LINK;
}

/* Enter on a detail line: the link kinds map onto the shared opens. */
enum view_next detail_follow(const struct model *m, const struct detail *d,
			     uint32_t row, struct view_req *req)
{
	const struct detail_line *l;
	char name[64];

	if (row >= d->n || d->lines[row].link == LINK_NONE) {
		snprintf(req->message, sizeof(req->message), "nothing to open on this line");
		return VN_REDRAW;
	}
	l = &d->lines[row];
	switch (l->link) {
	case LINK_HANDLES:
		return view_open_handles(m, l->index, l->index2, VIEW_MODE_FLAT, req);
	case LINK_PROCESS:
		return view_open_handles(m, l->index, LS_NONE, VIEW_MODE_GROUPED, req);
	case LINK_THREAD:
		return view_open_thread(m, l->index, NULL, req);
	case LINK_OBJECT:
		return view_open_object(m, l->index, NULL, req);
	case LINK_START:
		return view_open_start(m, l->key, req);
	case LINK_TRACES:
		return view_process_action(m, ACT_TRACES, l->index, req);
	case LINK_HOLDERS:
		view_arg_init(&req->push_arg);
		req->push_ops = &view_holders_ops;
		req->push_arg.index = l->index;
		snprintf(req->push_arg.crumb, sizeof(req->push_arg.crumb), "%s holders",
			 view_type_name(m, l->index, name, sizeof(name)));
		return VN_PUSH;
	default:
		return VN_REDRAW;
	}
}

/* The detail views' priv begins with their struct detail (DETAIL_FIRST). */
uint32_t detail_view_rows(const struct view *v)
{
	return ((const struct detail *)v->priv)->n;
}

const struct table_column *detail_view_columns(const struct view *v, unsigned *n)
{
	return detail_columns(n);
}

void detail_view_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	detail_cells(v->priv, row, out);
}

enum view_next detail_view_action(struct view *v, enum view_action a, uint32_t row,
				  struct view_req *req)
{
	if (a != ACT_ENTER)
		return VN_NOT_MINE;
	return detail_follow(v->m, v->priv, row, req);
}

void detail_view_done(struct view *v)
{
	detail_free(v->priv);
}
