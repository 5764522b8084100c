/* views/view_threads.c — threads, grouped by start address
 * (model_threads_by_start) or flat; all of them, one process's, or those
 * with one start address. `m` toggles. Enter on a group lists its threads
 * and who holds them; on a thread, its detail. Terminated threads still
 * held by a handle stand out. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/query.h"
#include "../model/symbols.h"
#include "format.h"
#include "out.h"
#include "view.h"

struct threads {
	struct ls_groups g;       /* by start address */
	uint8_t *dup;             /* per group: its label is shared with another */
	const uint32_t *items;    /* flat: thread indexes, or NULL = the slice */
	uint32_t first, n;
	/* the last start address written, for the next row: a leak's threads
	 * share one (300 000 rows, one symbol lookup) */
	uint64_t sym_addr;
	uint32_t sym_process;
	char sym_text[TABLE_CELL_MAX];
};

static const struct table_column grouped_cols[] = {
	{ "Start address", 0, TABLE_LEFT, 0 },
	{ "Threads", 8, TABLE_RIGHT, 1 },
	{ "Term", 7, TABLE_RIGHT, 1 },
	{ "Held", 7, TABLE_RIGHT, 1 },
	{ "Procs", 5, TABLE_RIGHT, 1 },
	{ "Handles", 8, TABLE_RIGHT, 1 },
};

static const struct table_column flat_cols[] = {
	{ "Cid", 12, TABLE_LEFT, 1 },
	{ "Owner", 12, TABLE_LEFT, 0 },
	{ "State", 10, TABLE_LEFT, 0 },
	{ "Refs", 4, TABLE_RIGHT, 1 },
	{ "Held by", 12, TABLE_LEFT, 0 },
	{ "Start address", 0, TABLE_LEFT, 1 },   /* sorts by address */
};

static bool grouped(const struct view *v)
{
	return v->arg.mode == VIEW_MODE_GROUPED;
}

static const struct ls_group *label_groups;

static int label_cmp(const void *a, const void *b)
{
	const char *x = label_groups[*(const uint32_t *)a].label;
	const char *y = label_groups[*(const uint32_t *)b].label;

	return strcmp(x ? x : "", y ? y : "");
}

/* Mark groups whose label another group also has (the same function at
 * different addresses, e.g. ntdll in several processes): those rows show
 * their address too. */
static void mark_duplicates(struct threads *s)
{
	uint32_t *order, i;

	free(s->dup);
	s->dup = calloc(s->g.ngroups + 1, 1);
	order = malloc((s->g.ngroups + 1) * sizeof(*order));
	if (!s->dup || !order) {
		free(order);
		return;
	}
	for (i = 0; i < s->g.ngroups; i++)
		order[i] = i;
	label_groups = s->g.groups;
	qsort(order, s->g.ngroups, sizeof(*order), label_cmp);
	for (i = 1; i < s->g.ngroups; i++)
		if (label_cmp(&order[i - 1], &order[i]) == 0)
			s->dup[order[i - 1]] = s->dup[order[i]] = 1;
	free(order);
}

/* Which threads: all, one process's (arg.index), or those started at
 * arg.key (the members of that start-address group). */
static enum ls_status threads_load(struct view *v, struct ls_err *err)
{
	struct threads *s = v->priv;
	const struct model *m = v->m;
	uint32_t i;

	if (v->arg.index != LS_NONE && v->arg.index >= m->nprocesses)
		return ls_err_set(err, LS_ERR_INVALID, "no such process");
	s->g = v->arg.index != LS_NONE ? model_process_threads_by_start(v->m, v->arg.index)
				       : model_threads_by_start(v->m);
	s->items = NULL;
	s->first = 0;
	s->n = m->nthreads;
	if (v->arg.index != LS_NONE) {
		s->first = m->processes[v->arg.index].first_thread;
		s->n = m->processes[v->arg.index].nthreads;
	}
	if (v->arg.has_key) {
		s->n = 0;
		for (i = 0; i < s->g.ngroups; i++)
			if (s->g.groups[i].key == v->arg.key) {
				s->items = s->g.groups[i].items;
				s->n = s->g.groups[i].nitems;
			}
	}
	if (!s->items && (s->first > m->nthreads || s->n > m->nthreads - s->first))
		s->n = 0;
	mark_duplicates(s);
	if (!v->arg.crumb[0])
		snprintf(v->arg.crumb, sizeof(v->arg.crumb), "Threads");
	return LS_OK;
}

static uint32_t threads_rows(const struct view *v)
{
	const struct threads *s = v->priv;

	return grouped(v) ? s->g.ngroups : s->n;
}

static const struct table_column *threads_columns(const struct view *v, unsigned *n)
{
	if (grouped(v)) {
		*n = sizeof(grouped_cols) / sizeof(grouped_cols[0]);
		return grouped_cols;
	}
	*n = sizeof(flat_cols) / sizeof(flat_cols[0]);
	return flat_cols;
}

/* Row -> thread index: a group's member list, or a slice of the array. */
static uint32_t thread_at(const struct view *v, uint32_t row)
{
	const struct threads *s = v->priv;
	uint32_t i;

	if (row >= s->n)
		return LS_NONE;
	i = s->items ? s->items[row] : s->first + row;
	return i < v->m->nthreads ? i : LS_NONE;
}

/* Grouped: one start address per row, with the counts that matter for a
 * leak. Flat: one thread, who owns it and who holds handles to it. */
static void threads_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	struct threads *s = v->priv;
	const struct model *m = v->m;
	const struct ls_thread *t;
	uint32_t i, refs;

	if (grouped(v)) {
		const struct ls_group *g;

		if (row >= s->g.ngroups)
			return;
		g = &s->g.groups[row];
		if (g->label)
			cell_dump_str(&out->cell[0], g->label);
		else
			view_symbolize(m, g->key, LS_NONE, out->cell[0].text, sizeof(out->cell[0].text));
		if (s->dup && s->dup[row]) {
			size_t n = strlen(out->cell[0].text);

			snprintf(out->cell[0].text + n, sizeof(out->cell[0].text) - n,
				 " @%" PRIx64, g->key);
		}
		out->cell[0].num = g->key;
		cell_count(&out->cell[1], g->count);
		cell_count(&out->cell[2], g->aux[0]);
		cell_count(&out->cell[3], g->aux[1]);
		cell_count(&out->cell[4], g->aux[2]);
		cell_count(&out->cell[5], g->aux[3]);
		if (g->aux[0] && g->aux[1])
			out->style = STYLE_HOT;
		return;
	}
	i = thread_at(v, row);
	if (i == LS_NONE)
		return;
	t = &m->threads[i];
	/* a sort needs one column: skip the costly others */
#define WANT(c) (out->want < 0 || out->want == (c))
	if (WANT(0)) {
		view_cid(t->pid, t->tid, out->cell[0].text, sizeof(out->cell[0].text));
		out->cell[0].num = (t->pid << 32) | (t->tid & 0xffffffffu);
	}
	if (WANT(1))
		view_process_name(m, t->process, out->cell[1].text, sizeof(out->cell[1].text));
	if (WANT(2))
		cell_printf(&out->cell[2], "%s", t->terminated ? "TERMINATED" :
			    t->state_name ? t->state_name : "?");
	refs = t->object < m->nobjects ? m->objects[t->object].nrefs : 0;
	cell_count(&out->cell[3], refs);
	if (WANT(4))
		view_holders_text(m, t->object, out->cell[4].text, sizeof(out->cell[4].text));
	out->cell[5].num = t->start;
	if (out->want < 0) {
		if (!s->sym_text[0] || s->sym_addr != t->start || s->sym_process != t->process) {
			view_symbolize(m, t->start, t->process, s->sym_text, sizeof(s->sym_text));
			s->sym_addr = t->start;
			s->sym_process = t->process;
		}
		memcpy(out->cell[5].text, s->sym_text, sizeof(out->cell[5].text));
	}
#undef WANT
	if (t->terminated && refs)
		out->style = STYLE_HOT;
	else if (t->terminated)
		out->style = STYLE_DIM;
}

/* Enter drills (group -> its threads -> a thread); m regroups. */
static enum view_next threads_action(struct view *v, enum view_action a, uint32_t row,
				     struct view_req *req)
{
	const struct threads *s = v->priv;

	switch (a) {
	case ACT_ENTER:
		if (grouped(v)) {
			if (row >= s->g.ngroups)
				return VN_REDRAW;
			return view_open_start(v->m, s->g.groups[row].key, req);
		}
		return view_open_thread(v->m, thread_at(v, row), NULL, req);
	case ACT_TOGGLE_GROUP:
		v->arg.mode = grouped(v) ? VIEW_MODE_FLAT : VIEW_MODE_GROUPED;
		snprintf(req->message, sizeof(req->message), "%s",
			 grouped(v) ? "threads grouped by start address" : "threads, flat");
		return VN_RELOAD;
	default:
		return VN_NOT_MINE;
	}
}

static void threads_header(const struct view *v, char *buf, size_t len)
{
	const struct threads *s = v->priv;
	char n[FMT_NUM_MAX], name[64], sym[128];

	if (v->arg.has_key && !grouped(v))
		snprintf(buf, len, "%s threads started at %s, and who holds them",
			 fmt_count(s->n, n, sizeof(n)),
			 view_symbolize(v->m, v->arg.key, LS_NONE, sym, sizeof(sym)));
	else if (v->arg.index != LS_NONE)
		snprintf(buf, len, "%s threads of %s. m: %s", fmt_count(s->n, n, sizeof(n)),
			 view_process_name(v->m, v->arg.index, name, sizeof(name)),
			 grouped(v) ? "flat" : "by start address");
	else if (grouped(v))
		snprintf(buf, len, "%s threads in %s start addresses. Enter: the threads  m: flat",
			 fmt_count(v->m->nthreads, n, sizeof(n)),
			 fmt_count(s->g.ngroups, name, sizeof(name)));
	else
		snprintf(buf, len, "%s threads. Enter: the thread  m: by start address",
			 fmt_count(s->n, n, sizeof(n)));
}

static void threads_done(struct view *v)
{
	free(((struct threads *)v->priv)->dup);
}

const struct view_ops view_threads_ops = {
	.name = "Threads",
	.command = "!thread",
	.flags = VIEW_TOP,
	.priv_size = sizeof(struct threads),
	.load = threads_load,
	.row_count = threads_rows,
	.columns = threads_columns,
	.cells = threads_cells,
	.on_action = threads_action,
	.header = threads_header,
	.done = threads_done,
};
