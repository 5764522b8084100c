/* views/view_handles.c — the handles of one process (!handle): grouped by
 * object type (model_handles_by_type), or flat (all, or one type's). `m`
 * toggles. Enter on a group opens its handles; on a handle, what it refers
 * to (a Thread's detail, else the object). */
#include <inttypes.h>
#include <stdio.h>

#include "../model/query.h"
#include "format.h"
#include "out.h"
#include "view.h"

struct handles {
	struct ls_groups g;       /* by type */
	const uint32_t *items;    /* flat: handle indexes, or NULL = the slice */
	uint32_t first, n;
};

static const struct table_column grouped_cols[] = {
	{ "Type", 0, TABLE_LEFT, 0 },
	{ "Handles", 10, TABLE_RIGHT, 1 },
	{ "Share", 7, TABLE_RIGHT, 1 },
};

static const struct table_column flat_cols[] = {
	{ "Handle", 6, TABLE_RIGHT, 1 },
	{ "Type", 12, TABLE_LEFT, 0 },
	{ "Access", 8, TABLE_RIGHT, 1 },
	{ "Object", 16, TABLE_LEFT, 1 },
	{ "Refs", 5, TABLE_RIGHT, 1 },
	{ "What", 0, TABLE_LEFT, 0 },
};

/* The process's groups by type always (for m); flat mode lists one
 * group's members (arg.index2) or the process's whole slice. */
static enum ls_status handles_load(struct view *v, struct ls_err *err)
{
	struct handles *h = v->priv;
	const struct ls_process *p;
	uint32_t i;

	if (v->arg.index >= v->m->nprocesses)
		return ls_err_set(err, LS_ERR_INVALID, "no such process");
	p = &v->m->processes[v->arg.index];
	h->g = model_handles_by_type(v->m, v->arg.index);
	h->items = NULL;
	h->first = p->first_handle;
	h->n = p->nhandles;
	if (v->arg.mode == VIEW_MODE_FLAT && v->arg.index2 != LS_NONE) {
		h->n = 0;
		for (i = 0; i < h->g.ngroups; i++)
			if (h->g.groups[i].key == v->arg.index2) {
				h->items = h->g.groups[i].items;
				h->n = h->g.groups[i].nitems;
			}
		if (!h->items)
			h->first = 0;
	}
	if (h->first > v->m->nhandles || h->n > v->m->nhandles - h->first)
		h->n = 0;
	if (!v->arg.crumb[0])
		view_process_name(v->m, v->arg.index, v->arg.crumb, sizeof(v->arg.crumb));
	return LS_OK;
}

static bool grouped(const struct view *v)
{
	return v->arg.mode == VIEW_MODE_GROUPED;
}

static uint32_t handles_rows(const struct view *v)
{
	const struct handles *h = v->priv;

	return grouped(v) ? h->g.ngroups : h->n;
}

static const struct table_column *handles_columns(const struct view *v, unsigned *n)
{
	if (grouped(v)) {
		*n = sizeof(grouped_cols) / sizeof(grouped_cols[0]);
		return grouped_cols;
	}
	*n = sizeof(flat_cols) / sizeof(flat_cols[0]);
	return flat_cols;
}

/* Row -> handle index in the model. */
static uint32_t handle_at(const struct view *v, uint32_t row)
{
	const struct handles *h = v->priv;
	uint32_t i;

	if (row >= h->n)
		return LS_NONE;
	i = h->items ? h->items[row] : h->first + row;
	return i < v->m->nhandles ? i : LS_NONE;
}

/* What a handle refers to, in words: a thread's Cid and state, a process's
 * name, an object's name. */
static void describe(const struct model *m, const struct ls_object *o,
		     struct table_row *out, struct table_cell *c)
{
	char cid[40], name[96];

	if (o->thread != LS_NONE && o->thread < m->nthreads) {
		const struct ls_thread *t = &m->threads[o->thread];

		view_join(c->text, sizeof(c->text), " ", view_cid(t->pid, t->tid, cid, sizeof(cid)),
			  t->terminated ? "TERMINATED" : (t->state_name ? t->state_name : "?"),
			  view_process_name(m, t->process, name, sizeof(name)), NULL);
		if (t->terminated)
			out->style = STYLE_HOT;
	} else if (o->process != LS_NONE && o->process < m->nprocesses) {
		const struct ls_process *p = &m->processes[o->process];

		cell_printf(c, "%s (pid %s)%s",
			    view_process_name(m, o->process, name, sizeof(name)), view_id(m, p->pid),
			    p->exited ? " exited" : "");
		if (p->exited)
			out->style = STYLE_WARN;
	} else if (o->path || o->name) {
		cell_dump_str(c, o->path ? o->path : o->name);
	}
}

/* Grouped: type, count, share of the process's handles. Flat: one
 * handle and, in words, what its object is. */
#define WANTS(out, c) ((out)->want < 0 || (out)->want == (c))

static void handles_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	const struct handles *h = v->priv;
	const struct model *m = v->m;
	const struct ls_handle *hd;
	uint32_t i;

	if (grouped(v)) {
		const struct ls_group *g;

		if (row >= h->g.ngroups)
			return;
		g = &h->g.groups[row];
		if (g->label)
			cell_dump_str(&out->cell[0], g->label);
		else
			view_type_name(m, (uint32_t)g->key, out->cell[0].text, sizeof(out->cell[0].text));
		cell_count(&out->cell[1], g->count);
		fmt_percent(g->count, m->processes[v->arg.index].nhandles,
			    out->cell[2].text, sizeof(out->cell[2].text));
		out->cell[2].num = g->count;
		if (row == 0 && g->count * 2 > m->processes[v->arg.index].nhandles &&
		    g->count >= 50)
			out->style = STYLE_HOT;
		return;
	}
	i = handle_at(v, row);
	if (i == LS_NONE)
		return;
	hd = &m->handles[i];
	/* numbers always (cheap); text only for the cells asked for, so a
	 * sort of 300 000 rows formats one column, not six */
	if (WANTS(out, 0))
		view_handle_value(m, hd->value, out->cell[0].text, sizeof(out->cell[0].text));
	out->cell[0].num = hd->value;
	if (WANTS(out, 2))
		fmt_hex_pad(hd->access, 6, out->cell[2].text, sizeof(out->cell[2].text));
	out->cell[2].num = hd->access;
	if (hd->object < m->nobjects) {
		const struct ls_object *o = &m->objects[hd->object];

		if (WANTS(out, 1))
			view_type_name(m, o->type, out->cell[1].text, sizeof(out->cell[1].text));
		if (WANTS(out, 3))
			cell_addr(&out->cell[3], o->body);
		out->cell[3].num = o->body;
		if (WANTS(out, 4))
			cell_count(&out->cell[4], o->nrefs);
		out->cell[4].num = o->nrefs;
		if (WANTS(out, 5))
			describe(m, o, out, &out->cell[5]);
	} else {
		cell_printf(&out->cell[1], "?");
		cell_printf(&out->cell[5], "object not read");
		out->style = STYLE_DIM;
	}
}

/* Enter drills (type -> its handles -> the object); m regroups. */
static enum view_next handles_action(struct view *v, enum view_action a, uint32_t row,
				     struct view_req *req)
{
	const struct handles *h = v->priv;

	switch (a) {
	case ACT_ENTER:
		if (grouped(v)) {
			if (row >= h->g.ngroups)
				return VN_REDRAW;
			return view_open_handles(v->m, v->arg.index, (uint32_t)h->g.groups[row].key,
						 VIEW_MODE_FLAT, req);
		}
		return view_open_handle(v->m, handle_at(v, row), req);
	case ACT_TOGGLE_GROUP:
		v->arg.mode = grouped(v) ? VIEW_MODE_FLAT : VIEW_MODE_GROUPED;
		if (v->arg.mode == VIEW_MODE_GROUPED) {
			/* one type's handles become all the process's groups */
			if (v->arg.index2 != LS_NONE)
				snprintf(v->arg.crumb, sizeof(v->arg.crumb), "all handles");
			v->arg.index2 = LS_NONE;
		}
		handles_load(v, NULL);
		snprintf(req->message, sizeof(req->message), "%s",
			 grouped(v) ? "handles grouped by type" : "all handles, flat");
		return VN_RELOAD;
	default:
		return view_process_action(v->m, a, v->arg.index, req);
	}
}

static void handles_header(const struct view *v, char *buf, size_t len)
{
	const struct ls_process *p = &v->m->processes[v->arg.index];
	char name[64], n[FMT_NUM_MAX], type[64];

	view_process_name(v->m, v->arg.index, name, sizeof(name));
	if (grouped(v))
		snprintf(buf, len, "%s (pid %s): %s handles by type. Enter: the handles  m: flat",
			 name, view_id(v->m, p->pid), fmt_count(p->nhandles, n, sizeof(n)));
	else if (v->arg.index2 != LS_NONE)
		snprintf(buf, len, "%s (pid %s): %s %s handles. Enter: the object",
			 name, view_id(v->m, p->pid), fmt_count(((const struct handles *)v->priv)->n, n, sizeof(n)),
			 view_type_name(v->m, v->arg.index2, type, sizeof(type)));
	else
		snprintf(buf, len, "%s (pid %s): %s handles. Enter: the object  m: by type",
			 name, view_id(v->m, p->pid), fmt_count(p->nhandles, n, sizeof(n)));
}

const struct view_ops view_handles_ops = {
	.name = "Handles",
	.command = "!handle",
	.priv_size = sizeof(struct handles),
	.load = handles_load,
	.row_count = handles_rows,
	.columns = handles_columns,
	.cells = handles_cells,
	.on_action = handles_action,
	.header = handles_header,
	.keys = view_process_keys,
	.process_of = view_arg_process,
};
