/* views/view_holders.c — the processes holding handles of one object type,
 * most first (model_holders_of_type). Enter opens that process's handles
 * grouped by type. */
#include <inttypes.h>
#include <stdio.h>

#include "../model/query.h"
#include "format.h"
#include "out.h"
#include "view.h"

struct holders {
	struct ls_groups g;
	uint64_t total;
};

static const struct table_column holders_cols[] = {
	{ "Process", 0, TABLE_LEFT, 0 },
	{ "PID", 7, TABLE_RIGHT, 1 },
	{ "Handles", 9, TABLE_RIGHT, 1 },
	{ "Share", 6, TABLE_RIGHT, 1 },
	{ "All handles", 11, TABLE_RIGHT, 1 },
	{ "EPROCESS", 16, TABLE_LEFT, 1 },
};

/* The holders of type arg.index, most handles first (a cached query). */
static enum ls_status holders_load(struct view *v, struct ls_err *err)
{
	struct holders *h = v->priv;
	uint32_t i;

	if (v->arg.index >= v->m->ntypes)
		return ls_err_set(err, LS_ERR_INVALID, "no such object type");
	h->g = model_holders_of_type(v->m, v->arg.index);
	for (i = 0; i < h->g.ngroups; i++)
		h->total += h->g.groups[i].count;
	if (!v->arg.crumb[0])
		view_type_name(v->m, v->arg.index, v->arg.crumb, sizeof(v->arg.crumb));
	return LS_OK;
}

static uint32_t holders_rows(const struct view *v)
{
	return ((const struct holders *)v->priv)->g.ngroups;
}

static const struct table_column *holders_columns(const struct view *v, unsigned *n)
{
	*n = sizeof(holders_cols) / sizeof(holders_cols[0]);
	return holders_cols;
}

static uint32_t process_at(const struct view *v, uint32_t row)
{
	const struct holders *h = v->priv;

	if (row >= h->g.ngroups || h->g.groups[row].key >= v->m->nprocesses)
		return LS_NONE;
	return (uint32_t)h->g.groups[row].key;
}

/* One holder: its count of this type, share, and all its handles. */
static void holders_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	const struct holders *h = v->priv;
	uint32_t p = process_at(v, row);
	const struct ls_process *pr;
	uint32_t count;

	if (p == LS_NONE)
		return;
	pr = &v->m->processes[p];
	count = h->g.groups[row].count;
	view_process_name(v->m, p, out->cell[0].text, sizeof(out->cell[0].text));
	cell_printf(&out->cell[1], "%s", view_id(v->m, pr->pid));
	out->cell[1].num = pr->pid;
	cell_count(&out->cell[2], count);
	fmt_percent(count, h->total, out->cell[3].text, sizeof(out->cell[3].text));
	out->cell[3].num = count;
	cell_count(&out->cell[4], pr->handle_count.valid ? pr->handle_count.value : pr->nhandles);
	cell_addr(&out->cell[5], pr->addr);
	/* the one holding far more than the rest is the suspect */
	if (row == 0 && h->g.ngroups && count * 2 > h->total)
		out->style = STYLE_HOT;
	if (pr->exited)
		out->cell[0].style = STYLE_DIM;
}

static enum view_next holders_action(struct view *v, enum view_action a, uint32_t row,
				     struct view_req *req)
{
	uint32_t p = process_at(v, row);

	if (a == ACT_ENTER)
		return view_open_handles(v->m, p, LS_NONE, VIEW_MODE_GROUPED, req);
	return view_process_action(v->m, a, p, req);
}

static void holders_header(const struct view *v, char *buf, size_t len)
{
	const struct holders *h = v->priv;
	char type[64], n[FMT_NUM_MAX], p[FMT_NUM_MAX];

	snprintf(buf, len, "%s processes hold %s handles of type %s, most first",
		 fmt_count(h->g.ngroups, p, sizeof(p)), fmt_count(h->total, n, sizeof(n)),
		 view_type_name(v->m, v->arg.index, type, sizeof(type)));
}

static uint32_t holders_process_of(const struct view *v, uint32_t row)
{
	return process_at(v, row);
}

const struct view_ops view_holders_ops = {
	.name = "Holders",
	.command = "!handle 0 0 0 TYPE",
	.priv_size = sizeof(struct holders),
	.load = holders_load,
	.row_count = holders_rows,
	.columns = holders_columns,
	.cells = holders_cells,
	.on_action = holders_action,
	.header = holders_header,
	.keys = view_process_keys,
	.process_of = holders_process_of,
};
