/* views/view_object.c — one object (!object): header, type, counts,
 * name and path, and the handles that hold it (the reverse index). Enter
 * on a holder opens that process's handles of the object's type. */
#include <inttypes.h>
#include <stdio.h>

#include "format.h"
#include "out.h"
#include "view.h"

struct object_view {
	struct detail d;
};
DETAIL_FIRST(struct object_view);

/* One line per handle to object o (first 500), each linked to the
 * holder's handles of the object's type. */
void view_add_holders(const struct model *m, struct detail *d, uint32_t o)
{
	const struct ls_object *ob;
	char n[FMT_NUM_MAX], name[64], hv[24], field[40];
	uint32_t i, shown;

	if (o == LS_NONE || o >= m->nobjects) {
		detail_add(d, STYLE_DIM, "Held by", "no object record: handles unknown");
		return;
	}
	ob = &m->objects[o];
	detail_add(d, STYLE_HEADING, "Held by", "%s handle%s", fmt_count(ob->nrefs, n, sizeof(n)),
		   ob->nrefs == 1 ? "" : "s");
	/* a detail view stays small: the first 500 holders */
	shown = ob->nrefs < 500 ? ob->nrefs : 500;
	for (i = 0; i < shown; i++) {
		uint32_t h = m->object_refs[ob->first_ref + i];
		const struct ls_handle *hd;
		struct detail_line *l;

		if (h >= m->nhandles)
			continue;
		hd = &m->handles[h];
		snprintf(field, sizeof(field), "  handle %s", view_handle_value(m, hd->value, hv, sizeof(hv)));
		l = detail_add(d, STYLE_NORMAL, field, "%s (pid %s) access %06x",
			       view_process_name(m, hd->process, name, sizeof(name)),
			       view_id(m, hd->process < m->nprocesses ? m->processes[hd->process].pid : 0),
			       hd->access);
		if (l) {
			l->link = LINK_HANDLES;
			l->index = hd->process;
			l->index2 = ob->type;
		}
	}
	if (shown < ob->nrefs)
		detail_add(d, STYLE_DIM, "", "... %u more", ob->nrefs - shown);
}

/* Header, type, counts, name and path, what the object is, who holds it. */
static enum ls_status object_load(struct view *v, struct ls_err *err)
{
	struct object_view *s = v->priv;
	const struct model *m = v->m;
	const struct ls_object *o;
	struct detail *d = &s->d;
	struct detail_line *l;
	char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX], esc[TABLE_CELL_MAX], type[64];

	if (v->arg.index >= m->nobjects)
		return ls_err_set(err, LS_ERR_INVALID, "no such object");
	o = &m->objects[v->arg.index];
	detail_add(d, STYLE_NORMAL, "Object", "%s", fmt_addr(o->body, a, sizeof(a)));
	detail_add(d, o->header ? STYLE_NORMAL : STYLE_DIM, "ObjectHeader", "%s",
		   o->header ? fmt_addr(o->header, b, sizeof(b)) : "n/a");
	detail_add(d, STYLE_NORMAL, "Type", "%s", view_type_name(m, o->type, type, sizeof(type)));
	detail_add(d, STYLE_NORMAL, "PointerCount", "%" PRId64, o->pointer_count);
	detail_add(d, STYLE_NORMAL, "HandleCount", "%" PRId64, o->handle_count);
	detail_add(d, o->name ? STYLE_NORMAL : STYLE_DIM, "Name", "%s",
		   o->name ? ls_escape(o->name, esc, sizeof(esc)) : "(unnamed)");
	if (o->path)
		detail_add(d, STYLE_NORMAL, "Path", "%s", ls_escape(o->path, esc, sizeof(esc)));
	if (o->directory)
		detail_add(d, STYLE_NORMAL, "Directory", "%s", fmt_addr(o->directory, a, sizeof(a)));
	if (o->creator_pid)
		detail_add(d, STYLE_NORMAL, "Creator PID", "%s", view_id(m, o->creator_pid));
	if (o->thread != LS_NONE && (l = detail_add(d, STYLE_NORMAL, "Thread", "the thread (Enter)"))) {
		l->link = LINK_THREAD;
		l->index = o->thread;
	}
	if (o->process != LS_NONE && o->process < m->nprocesses &&
	    (l = detail_add(d, m->processes[o->process].exited ? STYLE_WARN : STYLE_NORMAL,
			    "Process", "%s (pid %s)%s",
			    view_process_name(m, o->process, esc, sizeof(esc)),
			    view_id(m, m->processes[o->process].pid),
			    m->processes[o->process].exited ? " exited, still referenced" : ""))) {
		l->link = LINK_PROCESS;
		l->index = o->process;
	}
	view_add_holders(m, d, v->arg.index);
	if (!v->arg.crumb[0])
		fmt_addr(o->body, v->arg.crumb, sizeof(v->arg.crumb));
	if (d->failed)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	return LS_OK;
}

static void object_header(const struct view *v, char *buf, size_t len)
{
	char type[64];

	snprintf(buf, len, "%s object; Enter on a holder: its handles",
		 view_type_name(v->m, v->m->objects[v->arg.index].type, type, sizeof(type)));
}

const struct view_ops view_object_ops = {
	.name = "Object",
	.command = "!object",
	.flags = VIEW_DETAIL,
	.priv_size = sizeof(struct object_view),
	.load = object_load,
	.row_count = detail_view_rows,
	.columns = detail_view_columns,
	.cells = detail_view_cells,
	.on_action = detail_view_action,
	.header = object_header,
	.done = detail_view_done,
};
