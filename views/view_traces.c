/* views/view_traces.c — the handle traces of one process (!htrace): each
 * record (newest first) as a line, then its stack, symbolized. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "../model/symbols.h"
#include "format.h"
#include "view.h"

/* Row r is frame `frame` of trace `trace`; frame 0xff = the record line. */
struct trace_row {
	uint32_t trace;
	uint8_t frame;
};

struct traces {
	struct trace_row *rows;
	uint32_t n;
};

#define RECORD_LINE 0xff

static const struct table_column traces_cols[] = {
	{ "Handle", 10, TABLE_LEFT, 0 },
	{ "Op", 6, TABLE_LEFT, 0 },
	{ "Stack / who", 0, TABLE_LEFT, 0 },
};

/* Flatten records and their frames into rows, once. */
static enum ls_status traces_load(struct view *v, struct ls_err *err)
{
	struct traces *s = v->priv;
	const struct model *m = v->m;
	const struct ls_process *p;
	uint32_t i, total = 0, r = 0;

	if (v->arg.index >= m->nprocesses)
		return ls_err_set(err, LS_ERR_INVALID, "no such process");
	p = &m->processes[v->arg.index];
	if (p->first_trace > m->ntraces || p->ntraces > m->ntraces - p->first_trace)
		return ls_err_set(err, LS_ERR_CORRUPT, "trace slice out of range");
	for (i = 0; i < p->ntraces; i++) {
		uint8_t nf = m->traces[p->first_trace + i].nframes;

		total += 1 + (nf < LS_TRACE_MAX_FRAMES ? nf : LS_TRACE_MAX_FRAMES);
	}
	s->rows = malloc((total + 1) * sizeof(*s->rows));
	if (!s->rows)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	for (i = 0; i < p->ntraces; i++) {
		const struct ls_trace *t = &m->traces[p->first_trace + i];
		uint8_t f, nf = t->nframes < LS_TRACE_MAX_FRAMES ? t->nframes : LS_TRACE_MAX_FRAMES;

		s->rows[r].trace = p->first_trace + i;
		s->rows[r++].frame = RECORD_LINE;
		for (f = 0; f < nf; f++) {
			s->rows[r].trace = p->first_trace + i;
			s->rows[r++].frame = f;
		}
	}
	s->n = r;
	return LS_OK;
}

static uint32_t traces_rows(const struct view *v)
{
	return ((const struct traces *)v->priv)->n;
}

static const struct table_column *traces_columns(const struct view *v, unsigned *n)
{
	*n = 3;
	return traces_cols;
}

static const char *kind_name(uint8_t k)
{
	switch (k) {
	case LS_TRACE_OPEN: return "OPEN";
	case LS_TRACE_CLOSE: return "CLOSE";
	case LS_TRACE_BADREF: return "BADREF";
	default: return "?";
	}
}

/* A record line (who) or one frame of its stack, symbolized. */
static void traces_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	const struct traces *s = v->priv;
	const struct ls_trace *t;
	const struct trace_row *r;

	if (row >= s->n)
		return;
	r = &s->rows[row];
	t = &v->m->traces[r->trace];
	cell_printf(&out->cell[0], "0x%08" PRIx64, t->handle);
	cell_printf(&out->cell[1], "%s", kind_name(t->kind));
	if (r->frame == RECORD_LINE) {
		cell_printf(&out->cell[2], "Thread ID = 0x%08" PRIx64 ", Process ID = 0x%08" PRIx64,
			    t->tid, t->pid);
		out->style = STYLE_HEADING;
		return;
	}
	out->cell[0].style = out->cell[1].style = STYLE_DIM;
	view_symbolize(v->m, t->frames[r->frame], t->process, out->cell[2].text,
			sizeof(out->cell[2].text));
}

/* Enter on a record: the handle's object, if the handle is still open. */
static enum view_next traces_action(struct view *v, enum view_action a, uint32_t row,
				    struct view_req *req)
{
	const struct traces *s = v->priv;
	const struct ls_trace *t;
	uint32_t h;

	if (a != ACT_ENTER)
		return view_process_action(v->m, a, v->arg.index, req);
	if (row >= s->n)
		return VN_REDRAW;
	t = &v->m->traces[s->rows[row].trace];
	h = model_handle_by_value(v->m, v->arg.index, t->handle);
	if (h == LS_NONE) {
		snprintf(req->message, sizeof(req->message),
			 "handle 0x%" PRIx64 " is not open any more", t->handle);
		return VN_REDRAW;
	}
	return view_open_handle(v->m, h, req);
}

static void traces_header(const struct view *v, char *buf, size_t len)
{
	const struct ls_process *p = &v->m->processes[v->arg.index];
	char name[64], n[FMT_NUM_MAX];

	view_process_name(v->m, v->arg.index, name, sizeof(name));
	if (p->ntraces)
		snprintf(buf, len, "%s: %s handle trace records, newest first. Enter: the handle's object", name,
			 fmt_count(p->ntraces, n, sizeof(n)));
	else if (!p->trace_db)
		snprintf(buf, len, "%s: handle tracing is off (Application Verifier or !htrace -enable)", name);
	else
		snprintf(buf, len, "%s: the trace database holds no records", name);
}

static void traces_done(struct view *v)
{
	free(((struct traces *)v->priv)->rows);
}

const struct view_ops view_traces_ops = {
	.name = "Handle traces",
	.command = "!htrace",
	.flags = VIEW_DETAIL,
	.priv_size = sizeof(struct traces),
	.load = traces_load,
	.row_count = traces_rows,
	.columns = traces_columns,
	.cells = traces_cells,
	.on_action = traces_action,
	.header = traces_header,
	.done = traces_done,
	.keys = view_process_keys,
	.process_of = view_arg_process,
};
