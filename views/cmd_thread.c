/* views/cmd_thread.c — !thread ADDR: one thread, as WinDbg prints it. */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "../model/symbols.h"
#include "format.h"
#include "cmd_priv.h"

#define THREAD_TEXT_HANDLES 10
#define SYM_MAX 256

/* "TERMINATED", "WAIT: (WrQueue)", "RUNNING", ... */
const char *cmd_thread_state(const struct ls_thread *th, char *buf, size_t len)
{
	char reason[32];
	size_t i;

	if (th->terminated) {
		snprintf(buf, len, "TERMINATED");
	} else if (th->state_name && strcmp(th->state_name, "Waiting") == 0) {
		snprintf(buf, len, "WAIT: (%s)", fmt_wait_reason(th->wait_reason, reason, sizeof(reason)));
	} else {
		snprintf(buf, len, "%s", th->state_name ? th->state_name : "UNKNOWN");
		for (i = 0; buf[i]; i++)
			buf[i] = (char)toupper((unsigned char)buf[i]);
	}
	return buf;
}

/* Ticks since the wait started, if the dump's tick count is known. */
static bool wait_ticks(const struct model *m, const struct ls_thread *th, uint32_t *ret)
{
	if (m->facts.tick_count == 0)
		return false;
	*ret = (uint32_t)m->facts.tick_count - th->wait_time;
	return true;
}

static const char *found_names[] = { "list", "active_list", "handle", "scan" };

static void text_thread(struct cmd_env *e, uint32_t t)
{
	const struct model *m = e->m;
	const struct ls_thread *th = &m->threads[t];
	const struct ls_object *ob = th->object != LS_NONE ? &m->objects[th->object] : NULL;
	struct out *o = e->o;
	char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX], c[FMT_ADDR_MAX], d[FMT_ADDR_MAX];
	char st[48], tm[FMT_TIME_MAX], sym[SYM_MAX];
	uint32_t ticks, i, mult = m->facts.tick_multiplier;

	out_printf(o, "THREAD %s  Cid %04" PRIx64 ".%04" PRIx64 "  Teb: %s Win32Thread: %s %s\n",
		   fmt_addr(th->addr, a, sizeof(a)), th->pid, th->tid,
		   fmt_addr(th->teb, b, sizeof(b)), fmt_addr(th->win32_thread, c, sizeof(c)),
		   cmd_thread_state(th, st, sizeof(st)));
	out_printf(o, "    Owning Process            %s       Image:         ",
		   th->process < m->nprocesses ? fmt_addr(m->processes[th->process].addr, a, sizeof(a))
					   : "       <unknown>");
	cmd_text_image(o, m, th->process);
	out_printf(o, "\n");
	if (wait_ticks(m, th, &ticks))
		out_printf(o, "    Wait Start TickCount      %-14u Ticks: %u (%s)\n", th->wait_time,
			   ticks, fmt_tick_age(ticks, mult, tm, sizeof(tm)));
	else
		out_printf(o, "    Wait Start TickCount      %-14u Ticks: <not available>\n",
			   th->wait_time);
	out_printf(o, "    Context Switch Count      %u\n", th->context_switches);
	out_printf(o, "    UserTime                  %s\n", fmt_tick_time(th->user_time, mult, tm, sizeof(tm)));
	out_printf(o, "    KernelTime                %s\n", fmt_tick_time(th->kernel_time, mult, tm, sizeof(tm)));
	if (th->win32_start && th->win32_start != th->start) {
		out_printf(o, "    Win32 Start Address ");
		out_str(o, model_symbolize(m, th->win32_start, th->process, sym, sizeof(sym)));
		out_printf(o, " (0x%s)\n", fmt_addr(th->win32_start, a, sizeof(a)));
	}
	out_printf(o, "    Start Address ");
	out_str(o, model_symbolize(m, th->start, th->process, sym, sizeof(sym)));
	out_printf(o, " (0x%s)\n", fmt_addr(th->start, a, sizeof(a)));
	out_printf(o, "    Stack Init %" PRIx64 " Current %s Base %s Limit %s Call 0\n",
		   th->stack_init, fmt_addr(th->kernel_stack, b, sizeof(b)),
		   fmt_addr(th->stack_base, c, sizeof(c)), fmt_addr(th->stack_limit, d, sizeof(d)));
	out_printf(o, "    Priority %d  BasePriority %d  PriorityDecrement %d\n",
		   th->priority, th->base_priority, th->priority_decrement);
	/* what WinDbg cannot tell at a glance: where it was found, who holds it */
	out_printf(o, "    Found on:");
	for (i = 0; i < 4; i++)
		if (th->found & (1u << i))
			out_printf(o, " %s", found_names[i]);
	out_printf(o, "\n");
	if (ob && ob->nrefs) {
		out_printf(o, "    Handles to this thread: %u\n", ob->nrefs);
		cmd_text_holders(o, m, ob, THREAD_TEXT_HANDLES);
		if (ob->nrefs > THREAD_TEXT_HANDLES)
			out_printf(o, "        ... %u more\n", ob->nrefs - THREAD_TEXT_HANDLES);
	}
}

static void json_thread(struct cmd_env *e, uint32_t t)
{
	const struct model *m = e->m;
	const struct ls_thread *th = &m->threads[t];
	const struct ls_object *ob = th->object != LS_NONE ? &m->objects[th->object] : NULL;
	const struct ls_process *pr = th->process < m->nprocesses ? &m->processes[th->process] : NULL;
	char st[48], sym[SYM_MAX];
	uint32_t ticks, i;
	struct rows r;

	rows_begin(&r, e);
	rows_row(&r);
	rows_hex(&r, "addr", th->addr);
	rows_u64(&r, "pid", th->pid);
	rows_u64(&r, "tid", th->tid);
	if (pr) {
		rows_hex(&r, "process", pr->addr);
		rows_str(&r, "image", pr->name);
	} else {
		rows_null(&r, "process");
		rows_null(&r, "image");
	}
	rows_str(&r, "state", cmd_thread_state(th, st, sizeof(st)));
	rows_bool(&r, "terminated", th->terminated);
	rows_u64(&r, "wait_reason", th->wait_reason);
	rows_hex(&r, "teb", th->teb);
	rows_hex(&r, "win32_thread", th->win32_thread);
	rows_hex(&r, "start", th->start);
	rows_str(&r, "start_symbol", model_symbolize(m, th->start, th->process, sym, sizeof(sym)));
	rows_hex(&r, "win32_start", th->win32_start);
	rows_str(&r, "win32_start_symbol",
		 th->win32_start ? model_symbolize(m, th->win32_start, th->process, sym, sizeof(sym)) : NULL);
	rows_u64(&r, "wait_tick", th->wait_time);
	if (wait_ticks(m, th, &ticks)) {
		rows_u64(&r, "ticks", ticks);
		rows_u64(&r, "wait_ms", fmt_ticks_to_ms(ticks, m->facts.tick_multiplier));
	} else {
		rows_null(&r, "ticks");
		rows_null(&r, "wait_ms");
	}
	rows_u64(&r, "context_switches", th->context_switches);
	rows_u64(&r, "user_time_ticks", th->user_time);
	rows_u64(&r, "kernel_time_ticks", th->kernel_time);
	rows_i64(&r, "priority", th->priority);
	rows_i64(&r, "base_priority", th->base_priority);
	rows_i64(&r, "priority_decrement", th->priority_decrement);
	rows_hex(&r, "stack_init", th->stack_init);
	rows_hex(&r, "stack_current", th->kernel_stack);
	rows_hex(&r, "stack_base", th->stack_base);
	rows_hex(&r, "stack_limit", th->stack_limit);
	rows_list_begin(&r, "found");
	for (i = 0; i < 4; i++)
		if (th->found & (1u << i))
			rows_list_str(&r, found_names[i]);
	rows_list_end(&r);
	rows_u64(&r, "handles", ob ? ob->nrefs : 0);
	rows_row_end(&r);
	rows_end(&r);
}

enum cmd_result cmd_thread(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint64_t addr, flags;
	uint32_t t;

	/* WinDbg's FLAGS after the address are accepted; the output is the same */
	if (argc != 2 && !(argc == 3 && cmd_parse_num(argv[2], &flags)))
		return cmd_fail(e, CMD_USAGE, "!thread: give one thread address (usage: !thread ADDR)");
	if (!cmd_parse_num(argv[1], &addr) || addr == CMD_CURRENT)
		return cmd_fail(e, CMD_USAGE, "!thread: ADDR must be a hex ETHREAD address");
	t = model_thread_by_addr(m, addr);
	if (t == LS_NONE) {
		/* the thread's object header address works too */
		uint32_t o = model_object_by_header(m, addr);
		if (o != LS_NONE)
			t = m->objects[o].thread;
	}
	if (t == LS_NONE)
		return cmd_fail(e, CMD_READ_FAILED, "!thread: no thread at 0x%" PRIx64 " in the dump", addr);
	if (e->c->fmt != OUT_TEXT)
		json_thread(e, t);
	else
		text_thread(e, t);
	return CMD_OK;
}
