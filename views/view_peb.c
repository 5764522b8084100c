/* views/view_peb.c — the PEB fields leakscope knows (dt _PEB): address,
 * image, NtGlobalFlag with each flag named (0x100 = vrf, Application
 * Verifier), and whether handle tracing is on. */
#include <inttypes.h>
#include <stdio.h>

#include "format.h"
#include "out.h"
#include "view.h"

struct peb {
	struct detail d;
};
DETAIL_FIRST(struct peb);

/* PEB address, image path, NtGlobalFlag bit by bit, tracing state. */
static enum ls_status peb_load(struct view *v, struct ls_err *err)
{
	struct peb *s = v->priv;
	const struct model *m = v->m;
	const struct ls_process *p;
	const struct fmt_flag *flags;
	struct detail *d = &s->d;
	char a[FMT_ADDR_MAX], esc[TABLE_CELL_MAX];
	size_t nflags = 0, i;

	if (v->arg.index >= m->nprocesses)
		return ls_err_set(err, LS_ERR_INVALID, "no such process");
	p = &m->processes[v->arg.index];
	detail_add(d, STYLE_NORMAL, "Process", "%s (pid %s)",
		   view_process_name(m, v->arg.index, esc, sizeof(esc)), view_id(m, p->pid));
	detail_add(d, p->peb ? STYLE_NORMAL : STYLE_DIM, "PEB", "%s",
		   p->peb ? fmt_addr(p->peb, a, sizeof(a)) : "none (a kernel process)");
	if (p->path)
		detail_add(d, STYLE_NORMAL, "ImagePathName", "%s", ls_escape(p->path, esc, sizeof(esc)));
	if (!p->global_flag.valid) {
		detail_add(d, STYLE_DIM, "NtGlobalFlag", "n/a (PEB not in the dump)");
	} else {
		uint32_t g = (uint32_t)p->global_flag.value;

		detail_add(d, g & 0x100 ? STYLE_WARN : STYLE_NORMAL, "NtGlobalFlag", "0x%x", g);
		flags = fmt_gflag_table(&nflags);
		for (i = 0; flags && i < nflags; i++)
			if (g & flags[i].bit)
				detail_add(d, STYLE_NORMAL, "", "  0x%08x %s%s%s%s", flags[i].bit,
					   flags[i].abbrev ? flags[i].abbrev : "",
					   flags[i].abbrev ? " - " : "", flags[i].name,
					   flags[i].bit == 0x100 ? " (Application Verifier)" : "");
		if (!g)
			detail_add(d, STYLE_DIM, "", "  no flags set");
	}
	detail_add(d, p->trace_db ? STYLE_NORMAL : STYLE_DIM, "Handle tracing", "%s",
		   p->trace_db ? "on (H: the traces)" : "off");
	if (d->failed)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	return LS_OK;
}

static enum view_next peb_action(struct view *v, enum view_action a, uint32_t row,
				 struct view_req *req)
{
	return view_process_action(v->m, a, v->arg.index, req);
}

static void peb_header(const struct view *v, char *buf, size_t len)
{
	char name[64];

	snprintf(buf, len, "dt _PEB of %s: the fields leakscope reads",
		 view_process_name(v->m, v->arg.index, name, sizeof(name)));
}

const struct view_ops view_peb_ops = {
	.name = "PEB",
	.command = "dt _PEB",
	.flags = VIEW_DETAIL,
	.priv_size = sizeof(struct peb),
	.load = peb_load,
	.row_count = detail_view_rows,
	.columns = detail_view_columns,
	.cells = detail_view_cells,
	.on_action = peb_action,
	.header = peb_header,
	.done = detail_view_done,
	.keys = view_process_keys,
	.process_of = view_arg_process,
};
