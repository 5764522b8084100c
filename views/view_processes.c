/* views/view_processes.c — Processes (!process 0 0). Enter opens the
 * process's handles grouped by type; p PEB, H handle traces, T threads. */
#include <inttypes.h>
#include <stdio.h>

#include "format.h"
#include "out.h"
#include "view.h"

struct processes {
	uint32_t most;     /* the process holding the most handles */
};

static const struct table_column processes_cols[] = {
	{ "Image", 0, TABLE_LEFT, 0 },
	{ "PID", 7, TABLE_RIGHT, 1 },
	{ "PPID", 7, TABLE_RIGHT, 1 },
	{ "Sess", 4, TABLE_RIGHT, 1 },
	{ "Handles", 9, TABLE_RIGHT, 1 },
	{ "Threads", 7, TABLE_RIGHT, 1 },
	{ "EPROCESS", 16, TABLE_LEFT, 1 },
};

static uint64_t handles_of(const struct ls_process *p)
{
	return p->handle_count.valid ? p->handle_count.value : p->nhandles;
}

/* Find the process with the most handles: it is shown as the anomaly. */
static enum ls_status processes_load(struct view *v, struct ls_err *err)
{
	struct processes *s = v->priv;
	uint32_t i;

	snprintf(v->arg.crumb, sizeof(v->arg.crumb), "Processes");
	s->most = LS_NONE;
	for (i = 0; i < v->m->nprocesses; i++)
		if (s->most == LS_NONE ||
		    handles_of(&v->m->processes[i]) > handles_of(&v->m->processes[s->most]))
			s->most = i;
	return LS_OK;
}

static uint32_t processes_rows(const struct view *v)
{
	return v->m->nprocesses;
}

static const struct table_column *processes_columns(const struct view *v, unsigned *n)
{
	*n = sizeof(processes_cols) / sizeof(processes_cols[0]);
	return processes_cols;
}

/* One process as !process 0 0 lists it; ids in the OS's own base. */
static void processes_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	const struct processes *s = v->priv;
	const struct ls_process *p;

	if (row >= v->m->nprocesses)
		return;
	p = &v->m->processes[row];
	view_process_name(v->m, row, out->cell[0].text, sizeof(out->cell[0].text));
	cell_printf(&out->cell[1], "%s", view_id(v->m, p->pid));
	out->cell[1].num = p->pid;
	cell_printf(&out->cell[2], "%s", view_id(v->m, p->ppid));
	out->cell[2].num = p->ppid;
	if (p->session >= 0)
		cell_printf(&out->cell[3], "%" PRId64, p->session);
	else
		cell_printf(&out->cell[3], "-");
	out->cell[3].num = (uint64_t)(p->session + 1);
	if (v->m->loading) {   /* first screen: handle tables, threads not read */
		cell_printf(&out->cell[4], "...");
		cell_printf(&out->cell[5], "...");
	} else {
		cell_count(&out->cell[4], handles_of(p));
		cell_count(&out->cell[5], p->nthreads);
	}
	cell_addr(&out->cell[6], p->addr);
	if (row == s->most && handles_of(p) > 0)
		out->style = STYLE_HOT;
	else if (p->exited)
		out->style = STYLE_DIM;
}

static enum view_next processes_action(struct view *v, enum view_action a, uint32_t row,
				       struct view_req *req)
{
	if (a == ACT_ENTER)
		return view_open_handles(v->m, row, LS_NONE, VIEW_MODE_GROUPED, req);
	return view_process_action(v->m, a, row, req);
}

static void processes_header(const struct view *v, char *buf, size_t len)
{
	char n[FMT_NUM_MAX];

	snprintf(buf, len, "%s processes. Enter: handles by type  T: threads  p: PEB  H: handle traces",
		 fmt_count(v->m->nprocesses, n, sizeof(n)));
}

static uint32_t processes_process_of(const struct view *v, uint32_t row)
{
	return row < v->m->nprocesses ? row : LS_NONE;
}

const struct view_ops view_processes_ops = {
	.name = "Processes",
	.command = "!process 0 0",
	.flags = VIEW_TOP,
	.priv_size = sizeof(struct processes),
	.load = processes_load,
	.row_count = processes_rows,
	.columns = processes_columns,
	.cells = processes_cells,
	.on_action = processes_action,
	.header = processes_header,
	.keys = view_process_keys,
	.process_of = processes_process_of,
};
