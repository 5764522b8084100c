/* views/cmd_htrace.c — !htrace [HANDLE [PROCESS]]: handle-trace records
 * (Application Verifier / gflags), newest first, with their stacks. */
#include <inttypes.h>
#include <stdlib.h>

#include "../model/symbols.h"
#include "format.h"
#include "cmd_priv.h"

#define SYM_MAX 256
#define RULE "--------------------------------------"

static const char *kind_name(uint8_t kind)
{
	switch (kind) {
	case LS_TRACE_OPEN: return "OPEN";
	case LS_TRACE_CLOSE: return "CLOSE";
	case LS_TRACE_BADREF: return "*** BAD REFERENCE ***";
	default: return "?";
	}
}

static const struct model *seq_model;

static int cmp_seq(const void *a, const void *b)
{
	uint32_t x = seq_model->traces[*(const uint32_t *)a].seq;
	uint32_t y = seq_model->traces[*(const uint32_t *)b].seq;
	return x < y ? -1 : x > y;
}

static void text_record(struct out *o, const struct model *m, const struct ls_trace *tr)
{
	char sym[SYM_MAX];
	uint8_t i, n = tr->nframes < LS_TRACE_MAX_FRAMES ? tr->nframes : LS_TRACE_MAX_FRAMES;

	out_printf(o, RULE "\nHandle 0x%" PRIx64 " - %s\n", tr->handle, kind_name(tr->kind));
	out_printf(o, "Thread ID = 0x%08" PRIx64 ", Process ID = 0x%08" PRIx64 "\n\n",
		   tr->tid, tr->pid);
	for (i = 0; i < n; i++) {
		out_printf(o, "0x%016" PRIx64 ": ", tr->frames[i]);
		out_str(o, model_symbolize(m, tr->frames[i], tr->process, sym, sizeof(sym)));
		out_printf(o, "\n");
	}
}

static void json_record(struct rows *r, const struct model *m, const struct ls_trace *tr)
{
	char sym[SYM_MAX], hex[24];
	uint8_t i, n = tr->nframes < LS_TRACE_MAX_FRAMES ? tr->nframes : LS_TRACE_MAX_FRAMES;

	rows_row(r);
	rows_process(r, m, tr->process);
	rows_u64(r, "seq", tr->seq);
	rows_hex(r, "handle", tr->handle);
	rows_str(r, "kind", tr->kind == LS_TRACE_BADREF ? "BADREF" : kind_name(tr->kind));
	rows_u64(r, "trace_tid", tr->tid);
	rows_u64(r, "trace_pid", tr->pid);
	rows_list_begin(r, "frames");
	for (i = 0; i < n; i++)
		rows_list_str(r, fmt_hex(tr->frames[i], hex, sizeof(hex)));
	rows_list_end(r);
	rows_list_begin(r, "symbols");
	for (i = 0; i < n; i++)
		rows_list_str(r, model_symbolize(m, tr->frames[i], tr->process, sym, sizeof(sym)));
	rows_list_end(r);
	rows_row_end(r);
}

/* One process's records matching handle (0 = all); returns how many. */
static uint32_t one_process(struct cmd_env *e, struct rows *r, uint32_t p, uint64_t handle)
{
	const struct model *m = e->m;
	const struct ls_process *pr = &m->processes[p];
	uint32_t *order, i, n = 0;
	char a[FMT_ADDR_MAX];

	order = malloc((pr->ntraces + 1) * sizeof(*order));
	if (!order)
		return 0;
	for (i = 0; i < pr->ntraces; i++)
		if (handle == 0 || m->traces[pr->first_trace + i].handle == handle)
			order[n++] = pr->first_trace + i;
	seq_model = m;
	qsort(order, n, sizeof(*order), cmp_seq);
	if (e->c->fmt == OUT_TEXT) {
		out_printf(e->o, "Process 0x%s (", fmt_addr(pr->addr, a, sizeof(a)));
		cmd_text_image(e->o, m, p);
		out_printf(e->o, ")\nObjectTable 0x%s\n\n", fmt_addr(pr->handle_table, a, sizeof(a)));
	}
	for (i = 0; i < n; i++) {
		if (e->c->fmt == OUT_TEXT)
			text_record(e->o, m, &m->traces[order[i]]);
		else
			json_record(r, m, &m->traces[order[i]]);
	}
	if (e->c->fmt == OUT_TEXT)
		out_printf(e->o, RULE "\nParsed 0x%X stack traces.\nDumped 0x%X stack traces.\n\n",
			   pr->ntraces, n);
	free(order);
	return n;
}

enum cmd_result cmd_htrace(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint64_t handle = 0, which = CMD_CURRENT;
	uint32_t one = LS_NONE, p, traced = 0;
	struct rows r;

	if (argc > 3)
		return cmd_fail(e, CMD_USAGE, "!htrace: too many arguments (usage: !htrace [HANDLE [PROCESS]])");
	if (argc >= 2 && !cmd_parse_num(argv[1], &handle))
		return cmd_fail(e, CMD_USAGE, "!htrace: HANDLE must be a number (0 = all)");
	if (argc == 3 && !cmd_parse_num(argv[2], &which))
		return cmd_fail(e, CMD_USAGE, "!htrace: PROCESS must be an address or a pid");
	if (handle == CMD_CURRENT)
		handle = 0;
	if (which == CMD_CURRENT || which == 0)
		one = e->c->process;   /* none set: every traced process */
	else if ((one = cmd_find_process(m, which)) == LS_NONE)
		return cmd_fail(e, CMD_READ_FAILED, "!htrace: no process with address or pid 0x%" PRIx64 " in the dump", which);
	if (one != LS_NONE && m->processes[one].ntraces == 0) {
		char name[64];
		return cmd_fail(e, CMD_READ_FAILED, "!htrace: handle tracing is not enabled for %s (no trace records in the dump)",
				ls_escape(m->processes[one].name ? m->processes[one].name : "this process", name, sizeof(name)));
	}
	for (p = 0; p < m->nprocesses; p++)
		if ((one == LS_NONE || p == one) && m->processes[p].ntraces)
			traced++;
	if (traced == 0)
		return cmd_fail(e, CMD_READ_FAILED, "!htrace: no process has handle tracing enabled in this dump");

	if (e->c->fmt != OUT_TEXT)
		rows_begin(&r, e);
	for (p = 0; p < m->nprocesses; p++)
		if ((one == LS_NONE || p == one) && m->processes[p].ntraces)
			one_process(e, &r, p, handle);
	if (e->c->fmt != OUT_TEXT)
		rows_end(&r);
	return CMD_OK;
}
