/* views/view_thread.c — one thread (!thread): Cid, TEB, state, owner,
 * wait tick, context switches, the start address symbolized, stack bounds,
 * priorities, and the handles holding it. Enter on the start address lists
 * every thread that started there. */
#include <inttypes.h>
#include <stdio.h>

#include "../model/symbols.h"
#include "format.h"
#include "out.h"
#include "view.h"

struct thread_view {
	struct detail d;
};
DETAIL_FIRST(struct thread_view);

static void add_addr(struct detail *d, const char *field, uint64_t a)
{
	char buf[FMT_ADDR_MAX];

	detail_add(d, STYLE_NORMAL, field, "%s", fmt_addr(a, buf, sizeof(buf)));
}

/* A start address line, symbolized and linked to its threads. */
static void add_start(const struct model *m, struct detail *d, const char *field,
		      uint64_t a, uint32_t p, enum table_style style)
{
	char sym[128], hex[FMT_ADDR_MAX];
	struct detail_line *l;

	if (!a) {
		detail_add(d, STYLE_DIM, field, "0");
		return;
	}
	view_symbolize(m, a, p, sym, sizeof(sym));
	l = detail_add(d, style, field, "%s (%s)",
		       sym, fmt_hex(a, hex, sizeof(hex)));
	if (l) {
		l->link = LINK_START;
		l->key = a;
	}
}

static const char *found_text(uint8_t f, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s",
		 f & LS_FOUND_LIST ? "thread list " : "",
		 f & LS_FOUND_ACTIVE_LIST ? "active list " : "",
		 f & LS_FOUND_HANDLE ? "a handle " : "",
		 f & LS_FOUND_SCAN ? "pool scan" : "");
	return buf;
}

/* The !thread lines. The start address line is selected first. */
static enum ls_status thread_load(struct view *v, struct ls_err *err)
{
	struct thread_view *s = v->priv;
	const struct model *m = v->m;
	const struct ls_thread *t;
	struct detail *d = &s->d;
	struct detail_line *l;
	char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX], c[FMT_ADDR_MAX], e[FMT_ADDR_MAX];
	char name[64], age[FMT_TIME_MAX], cid[40], found[64];
	bool held;

	if (v->arg.index >= m->nthreads)
		return ls_err_set(err, LS_ERR_INVALID, "no such thread");
	t = &m->threads[v->arg.index];
	held = t->object != LS_NONE && t->object < m->nobjects && m->objects[t->object].nrefs;
	add_addr(d, "Thread", t->addr);
	detail_add(d, STYLE_NORMAL, "Cid", "%s", view_cid(t->pid, t->tid, cid, sizeof(cid)));
	if (t->terminated)
		detail_add(d, held ? STYLE_HOT : STYLE_WARN, "State", "TERMINATED%s",
			   held ? "  (still held by a handle)" : "");
	else
		detail_add(d, STYLE_NORMAL, "State", "%s (wait reason %u)",
			   t->state_name ? t->state_name : "?", t->wait_reason);
	l = detail_add(d, STYLE_NORMAL, "Owning process", "%s (pid %s)  %s",
		       view_process_name(m, t->process, name, sizeof(name)), view_id(m, t->pid),
		       t->process < m->nprocesses ? fmt_addr(m->processes[t->process].addr, a, sizeof(a)) : "");
	if (l && t->process < m->nprocesses) {
		l->link = LINK_PROCESS;
		l->index = t->process;
	}
	detail_add(d, STYLE_NORMAL, "Teb", "%s  Win32Thread: %s", fmt_addr(t->teb, a, sizeof(a)),
		   fmt_addr(t->win32_thread, b, sizeof(b)));
	if (m->facts.tick_count >= t->wait_time)
		detail_add(d, STYLE_NORMAL, "Wait start", "TickCount %u  Ticks: %" PRIu64 " (%s)",
			   t->wait_time, m->facts.tick_count - t->wait_time,
			   fmt_tick_age(m->facts.tick_count - t->wait_time, m->facts.tick_multiplier,
					age, sizeof(age)));
	else
		detail_add(d, STYLE_NORMAL, "Wait start", "TickCount %u", t->wait_time);
	detail_add(d, STYLE_NORMAL, "Context switches", "%u", t->context_switches);
	detail_add(d, STYLE_NORMAL, "UserTime", "%s",
		   fmt_tick_time(t->user_time, m->facts.tick_multiplier, a, sizeof(a)));
	detail_add(d, STYLE_NORMAL, "KernelTime", "%s",
		   fmt_tick_time(t->kernel_time, m->facts.tick_multiplier, a, sizeof(a)));
	/* the drill goes on from the start address: select it */
	v->select = d->n;
	add_start(m, d, "Start address", t->start, t->process,
		  t->terminated && held ? STYLE_HOT : STYLE_NORMAL);
	if (t->win32_start && t->win32_start != t->start)
		add_start(m, d, "Win32 start", t->win32_start, t->process, STYLE_NORMAL);
	detail_add(d, STYLE_NORMAL, "Stack", "Init %s Current %s", fmt_hex(t->stack_init, a, sizeof(a)),
		   fmt_hex(t->kernel_stack, b, sizeof(b)));
	detail_add(d, STYLE_NORMAL, "", "Base %s Limit %s", fmt_hex(t->stack_base, c, sizeof(c)),
		   fmt_hex(t->stack_limit, e, sizeof(e)));
	detail_add(d, STYLE_NORMAL, "Priority", "%d  BasePriority %d  PriorityDecrement %d",
		   t->priority, t->base_priority, t->priority_decrement);
	if (t->create_time)
		detail_add(d, STYLE_NORMAL, "Created", "%s", fmt_filetime(t->create_time, a, sizeof(a)));
	if (t->exit_time)
		detail_add(d, STYLE_NORMAL, "Exited", "%s", fmt_filetime(t->exit_time, a, sizeof(a)));
	detail_add(d, STYLE_DIM, "Found in", "%s", found_text(t->found, found, sizeof(found)));
	if (t->object != LS_NONE && t->object < m->nobjects) {
		const struct ls_object *o = &m->objects[t->object];

		detail_add(d, STYLE_NORMAL, "ObjectHeader", "%s  PointerCount %" PRId64 "  HandleCount %" PRId64,
			   fmt_addr(o->header, a, sizeof(a)), o->pointer_count, o->handle_count);
	}
	view_add_holders(m, d, t->object);
	if (!v->arg.crumb[0])
		snprintf(v->arg.crumb, sizeof(v->arg.crumb), "%s", cid);
	if (d->failed)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	return LS_OK;
}

static void thread_header(const struct view *v, char *buf, size_t len)
{
	const struct ls_thread *t = &v->m->threads[v->arg.index];
	char sym[128], cid[40];

	snprintf(buf, len, "THREAD %s %s  start %s", view_cid(t->pid, t->tid, cid, sizeof(cid)),
		 t->terminated ? "TERMINATED" : (t->state_name ? t->state_name : ""),
		 view_symbolize(v->m, t->start, t->process, sym, sizeof(sym)));
}

const struct view_ops view_thread_ops = {
	.name = "Thread",
	.command = "!thread",
	.flags = VIEW_DETAIL,
	.priv_size = sizeof(struct thread_view),
	.load = thread_load,
	.row_count = detail_view_rows,
	.columns = detail_view_columns,
	.cells = detail_view_cells,
	.on_action = detail_view_action,
	.header = thread_header,
	.done = detail_view_done,
};
