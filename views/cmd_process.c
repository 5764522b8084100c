/* views/cmd_process.c — !process [PROCESS [FLAGS [NAME]]] and .process. */
#include <inttypes.h>
#include <strings.h>

#include "format.h"
#include "cmd_priv.h"

enum { PROCESS_THREADS = 2 | 4 };

/* WinDbg's three lines about a process (the seed's shape). */
void cmd_text_process(struct out *o, const struct model *m, uint32_t p)
{
	const struct ls_process *pr = &m->processes[p];
	char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX];

	out_printf(o, "PROCESS %s  SessionId: ", fmt_addr(pr->addr, a, sizeof(a)));
	if (pr->session < 0)
		out_printf(o, "none");
	else
		out_printf(o, "%" PRId64, pr->session);
	out_printf(o, "  Cid: %04" PRIx64 "    Peb: %08" PRIx64 "  ParentCid: %04" PRIx64 "\n",
		   pr->pid, pr->peb, pr->ppid);
	out_printf(o, "    DirBase: %08" PRIx64 "  ObjectTable: %s  HandleCount: ",
		   pr->dtb, fmt_addr(pr->handle_table, b, sizeof(b)));
	if (pr->handle_count.valid)
		out_printf(o, "%" PRIu64 ".\n", pr->handle_count.value);
	else
		out_printf(o, "<Data Not Accessible>\n");
	out_printf(o, "    Image: ");
	cmd_text_image(o, m, p);
	if (pr->exited)
		out_printf(o, "  (exited %s)", fmt_filetime(pr->exit_time, a, sizeof(a)));
	out_printf(o, "\n");
}

static void text_threads(struct out *o, const struct model *m, uint32_t p)
{
	const struct ls_process *pr = &m->processes[p];
	char a[FMT_ADDR_MAX], t[FMT_ADDR_MAX], w[FMT_ADDR_MAX], st[48];
	uint32_t i;

	for (i = 0; i < pr->nthreads; i++) {
		const struct ls_thread *th = &m->threads[pr->first_thread + i];
		out_printf(o, "        THREAD %s  Cid %04" PRIx64 ".%04" PRIx64
			   "  Teb: %s Win32Thread: %s ",
			   fmt_addr(th->addr, a, sizeof(a)), th->pid, th->tid,
			   fmt_addr(th->teb, t, sizeof(t)),
			   fmt_addr(th->win32_thread, w, sizeof(w)));
		out_str(o, cmd_thread_state(th, st, sizeof(st)));
		out_printf(o, "\n");
	}
}

static void json_process(struct rows *r, const struct model *m, uint32_t p)
{
	const struct ls_process *pr = &m->processes[p];
	char t[FMT_TIME_MAX];

	rows_row(r);
	rows_hex(r, "addr", pr->addr);
	rows_u64(r, "pid", pr->pid);
	rows_u64(r, "ppid", pr->ppid);
	if (pr->session < 0)
		rows_null(r, "session");
	else
		rows_i64(r, "session", pr->session);
	rows_hex(r, "peb", pr->peb);
	rows_hex(r, "dirbase", pr->dtb);
	rows_hex(r, "object_table", pr->handle_table);
	rows_opt(r, "handle_count", pr->handle_count);
	rows_u64(r, "handles_found", pr->nhandles);
	rows_u64(r, "threads_found", pr->nthreads);
	rows_str(r, "image", pr->name);
	rows_str(r, "path", pr->path);
	rows_bool(r, "exited", pr->exited);
	rows_str(r, "create_time", pr->create_time ? fmt_filetime(pr->create_time, t, sizeof(t)) : NULL);
	rows_str(r, "exit_time", pr->exit_time ? fmt_filetime(pr->exit_time, t, sizeof(t)) : NULL);
	rows_bool(r, "handle_tracing", pr->trace_db != 0 || pr->ntraces != 0);
	rows_row_end(r);
}

enum cmd_result cmd_process(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint64_t which = CMD_CURRENT, flags = 0;
	const char *name = NULL;
	uint32_t p, one = LS_NONE, shown = 0;
	struct rows r;
	char shown_name[64];

	if (argc > 4)
		return cmd_fail(e, CMD_USAGE, "!process: too many arguments (usage: !process [PROCESS [FLAGS [NAME]]])");
	if (argc >= 2 && !cmd_parse_num(argv[1], &which)) {
		/* "!process notepad.exe": a name alone */
		if (argc == 2) {
			name = argv[1];
			which = 0;
		} else {
			return cmd_fail(e, CMD_USAGE, "!process: PROCESS must be 0, an address or a pid");
		}
	}
	if (argc >= 3 && !cmd_parse_num(argv[2], &flags))
		return cmd_fail(e, CMD_USAGE, "!process: FLAGS must be a number");
	if (argc == 4)
		name = argv[3];
	if (which == CMD_CURRENT)
		one = e->c->process;   /* none set: every process */
	else if (which != 0 && (one = cmd_find_process(m, which)) == LS_NONE)
		return cmd_fail(e, CMD_READ_FAILED, "!process: no process with address or pid 0x%" PRIx64 " in the dump", which);
	if (m->nprocesses == 0)
		return cmd_fail(e, CMD_READ_FAILED, "!process: no process list in the dump");

	if (e->c->fmt != OUT_TEXT)
		rows_begin(&r, e);
	else if (one == LS_NONE)
		out_printf(e->o, "**** NT ACTIVE PROCESS DUMP ****\n");
	for (p = 0; p < m->nprocesses; p++) {
		if (one != LS_NONE && p != one)
			continue;
		if (name && (!m->processes[p].name ||
			     strcasecmp(m->processes[p].name, name) != 0))
			continue;
		shown++;
		if (e->c->fmt != OUT_TEXT) {
			json_process(&r, m, p);
			continue;
		}
		cmd_text_process(e->o, m, p);
		if (flags & PROCESS_THREADS)
			text_threads(e->o, m, p);
		out_printf(e->o, "\n");
	}
	if (e->c->fmt != OUT_TEXT)
		rows_end(&r);
	if (name && shown == 0)
		return cmd_fail(e, CMD_READ_FAILED, "!process: no process named '%s' in the dump",
				ls_escape(name, shown_name, sizeof(shown_name)));
	return CMD_OK;
}

enum cmd_result cmd_dot_process(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint64_t v;
	uint32_t p;
	int i = 1;
	char a[FMT_ADDR_MAX];

	/* WinDbg's /p /r /i options change nothing in a model: skip them */
	while (i < argc && argv[i][0] == '/')
		i++;
	if (argc - i > 1)
		return cmd_fail(e, CMD_USAGE, ".process: too many arguments (usage: .process [ADDR])");
	if (i == argc) {
		if (e->c->fmt == OUT_TEXT) {
			if (e->c->process == LS_NONE)
				out_printf(e->o, "Implicit process is not set\n");
			else
				out_printf(e->o, "Implicit process is %s\n",
					   fmt_addr(m->processes[e->c->process].addr, a, sizeof(a)));
		}
	} else {
		if (!cmd_parse_num(argv[i], &v) || v == CMD_CURRENT)
			return cmd_fail(e, CMD_USAGE, ".process: ADDR must be a process address or pid");
		if (v == 0) {
			e->c->process = LS_NONE;
		} else {
			p = cmd_find_process(m, v);
			if (p == LS_NONE)
				return cmd_fail(e, CMD_READ_FAILED, ".process: no process with address or pid 0x%" PRIx64 " in the dump", v);
			e->c->process = p;
		}
		if (e->c->fmt == OUT_TEXT) {
			if (e->c->process == LS_NONE)
				out_printf(e->o, "Implicit process is now cleared\n");
			else
				out_printf(e->o, "Implicit process is now %s\n",
					   fmt_addr(m->processes[e->c->process].addr, a, sizeof(a)));
		}
	}
	if (e->c->fmt != OUT_TEXT) {
		struct rows r;
		rows_begin(&r, e);
		rows_row(&r);
		p = e->c->process;
		if (p == LS_NONE) {
			rows_null(&r, "addr");
			rows_null(&r, "pid");
			rows_null(&r, "image");
		} else {
			rows_hex(&r, "addr", m->processes[p].addr);
			rows_u64(&r, "pid", m->processes[p].pid);
			rows_str(&r, "image", m->processes[p].name);
		}
		rows_row_end(&r);
		rows_end(&r);
	}
	return CMD_OK;
}
