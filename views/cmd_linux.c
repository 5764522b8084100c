/* views/cmd_linux.c — the crash-utility-style commands for Linux dumps:
 * ps (processes, pids in decimal), files PID (a process's fds and what
 * each reaches) and kmem -s [NAME] (slab caches). On a Windows dump each
 * refuses with the WinDbg command to use instead. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "cmd_priv.h"

/* Refuse on anything but a Linux dump; CMD_OK if the dump is Linux. */
static enum cmd_result need_linux(struct cmd_env *e, const char *cmd, const char *instead)
{
	if (e->m->facts.os == LS_OS_LINUX)
		return CMD_OK;
	return cmd_fail(e, CMD_USAGE, "%s is a Linux command; use %s", cmd, instead);
}

/* A process's leader thread (tid == pid), else its first thread; NULL if
 * it has none. */
static const struct ls_thread *leader(const struct model *m, const struct ls_process *p)
{
	uint32_t i;

	for (i = 0; i < p->nthreads; i++) {
		const struct ls_thread *th = &m->threads[p->first_thread + i];
		if (th->tid == p->pid)
			return th;
	}
	return p->nthreads ? &m->threads[p->first_thread] : NULL;
}

/* crash's two-letter state from the reader's state name. */
static const char *state_abbrev(const struct ls_thread *th, const struct ls_process *p)
{
	static const struct { const char *name, *st; } map[] = {
		{ "TASK_RUNNING", "RU" }, { "TASK_INTERRUPTIBLE", "IN" },
		{ "TASK_UNINTERRUPTIBLE", "UN" }, { "TASK_IDLE", "ID" },
		{ "TASK_PARKED", "PA" }, { "TASK_STOPPED", "ST" },
		{ "TASK_TRACED", "TR" }, { "TASK_NEW", "NE" },
		{ "EXIT_ZOMBIE", "ZO" }, { "EXIT_DEAD", "DE" },
		{ "TASK_DEAD", "DE" }, { "TASK_DEAD/EXIT_DEAD", "DE" },
	};
	size_t i;

	if (th && th->state_name)
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp(th->state_name, map[i].name) == 0)
				return map[i].st;
	return p->exited ? "DE" : "??";
}

static const struct model *sort_model;

static int cmp_pid(const void *a, const void *b)
{
	const struct ls_process *x = &sort_model->processes[*(const uint32_t *)a];
	const struct ls_process *y = &sort_model->processes[*(const uint32_t *)b];

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* A list of indexes 0..n-1 sorted by cmp; NULL on out of memory. */
static uint32_t *sorted(const struct model *m, uint32_t n,
			int (*cmp)(const void *, const void *))
{
	uint32_t *order = malloc((n ? n : 1) * sizeof(*order)), i;

	if (!order)
		return NULL;
	for (i = 0; i < n; i++)
		order[i] = i;
	sort_model = m;
	qsort(order, n, sizeof(*order), cmp);
	return order;
}

enum cmd_result cmd_ps(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	enum cmd_result rc = need_linux(e, "ps", "!process 0 0");
	uint32_t *order, i;
	struct rows r;

	if (rc != CMD_OK)
		return rc;
	if (argc > 1)
		return cmd_fail(e, CMD_USAGE, "ps: options are not supported (usage: ps)");
	order = sorted(m, m->nprocesses, cmp_pid);
	if (!order)
		return cmd_fail(e, CMD_READ_FAILED, "ps: out of memory");
	if (e->c->fmt != OUT_TEXT)
		rows_begin(&r, e);
	else
		out_printf(e->o, "    PID    PPID  ST  TASK              THREADS    FDS  COMM\n");
	for (i = 0; i < m->nprocesses; i++) {
		const struct ls_process *p = &m->processes[order[i]];
		const char *st = state_abbrev(leader(m, p), p);
		char a[FMT_ADDR_MAX];

		if (e->c->fmt != OUT_TEXT) {
			rows_row(&r);
			rows_u64(&r, "pid", p->pid);
			rows_u64(&r, "ppid", p->ppid);
			rows_str(&r, "state", st);
			rows_hex(&r, "task", p->addr);
			rows_u64(&r, "threads", p->nthreads);
			rows_u64(&r, "fds", p->nhandles);
			rows_str(&r, "comm", p->name);
			rows_bool(&r, "kernel_thread", p->kernel_thread);
			rows_row_end(&r);
			continue;
		}
		out_printf(e->o, "%7" PRIu64 " %7" PRIu64 "  %s  %-16s %8u %6u  ",
			   p->pid, p->ppid, st, fmt_addr(p->addr, a, sizeof(a)),
			   p->nthreads, p->nhandles);
		if (p->kernel_thread)
			out_printf(e->o, "[");
		out_str(e->o, p->name ? p->name : "?");
		out_printf(e->o, p->kernel_thread ? "]\n" : "\n");
	}
	if (e->c->fmt != OUT_TEXT)
		rows_end(&r);
	else
		out_printf(e->o, "%u processes\n", m->nprocesses);
	free(order);
	return CMD_OK;
}

/* A decimal pid, or a task address given as 0x...; LS_NONE if neither
 * names a process. ok says whether the word was a number at all. */
static uint32_t find_task(const struct model *m, const char *s, bool *ok)
{
	char *end;
	uint64_t v;

	*ok = false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!cmd_parse_num(s, &v))
			return LS_NONE;
		*ok = true;
		return model_process_by_addr(m, v);
	}
	if (*s < '0' || *s > '9')
		return LS_NONE;
	v = strtoull(s, &end, 10);
	if (*end)
		return LS_NONE;
	*ok = true;
	return model_process_by_pid(m, v);
}

enum cmd_result cmd_files(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	enum cmd_result rc = need_linux(e, "files", "!handle 0 3 PID");
	const struct ls_process *p;
	char shown[80], a[FMT_ADDR_MAX];
	uint32_t pi, i;
	struct rows r;
	bool ok;

	if (rc != CMD_OK)
		return rc;
	if (argc != 2)
		return cmd_fail(e, CMD_USAGE, "files: one process expected (usage: files PID|0xTASK)");
	pi = find_task(m, argv[1], &ok);
	if (!ok)
		return cmd_fail(e, CMD_USAGE, "files: '%s' is not a pid (decimal) or task address (0x...)",
				ls_escape(argv[1], shown, sizeof(shown)));
	if (pi == LS_NONE)
		return cmd_fail(e, CMD_USAGE, "files: no process %s in the dump",
				ls_escape(argv[1], shown, sizeof(shown)));
	p = &m->processes[pi];
	if (e->c->fmt != OUT_TEXT) {
		rows_begin(&r, e);
	} else {
		out_printf(e->o, "PID: %-7" PRIu64 " TASK: %s  COMMAND: \"", p->pid,
			   fmt_addr(p->addr, a, sizeof(a)));
		out_str(e->o, p->name ? p->name : "?");
		out_printf(e->o, "\"\n  FD  FILE              TYPE        TARGET\n");
	}
	for (i = 0; i < p->nhandles; i++) {
		const struct ls_handle *h = &m->handles[p->first_handle + i];
		const struct ls_object *o = h->object < m->nobjects ? &m->objects[h->object] : NULL;
		const char *type = o && o->type < m->ntypes ? m->types[o->type].name : NULL;
		const char *name = o ? o->name : NULL;
		char tbuf[64];

		if (e->c->fmt != OUT_TEXT) {
			rows_row(&r);
			rows_u64(&r, "fd", h->value);
			if (o) {
				rows_hex(&r, "file", o->body);
				rows_hex(&r, "target", o->target);
			} else {
				rows_null(&r, "file");
				rows_null(&r, "target");
			}
			rows_str(&r, "type", type);
			rows_str(&r, "name", name);
			if (o && o->process < m->nprocesses)
				rows_u64(&r, "target_pid", m->processes[o->process].pid);
			else
				rows_null(&r, "target_pid");
			rows_row_end(&r);
			continue;
		}
		out_printf(e->o, "%4" PRIu64 "  %-16s  %-10s  ", h->value,
			   o ? fmt_addr(o->body, a, sizeof(a)) : "?",
			   ls_escape(type ? type : "?", tbuf, sizeof(tbuf)));
		out_str(e->o, name ? name : "");
		out_printf(e->o, "\n");
	}
	if (e->c->fmt != OUT_TEXT)
		rows_end(&r);
	else
		out_printf(e->o, "%u open files\n", p->nhandles);
	return CMD_OK;
}

static uint64_t allocated(const struct ls_pooltag *pt)
{
	return pt->np_allocs > pt->np_frees ? pt->np_allocs - pt->np_frees : 0;
}

static int cmp_bytes(const void *a, const void *b)
{
	const struct ls_pooltag *x = &sort_model->pooltags[*(const uint32_t *)a];
	const struct ls_pooltag *y = &sort_model->pooltags[*(const uint32_t *)b];

	if (x->np_bytes != y->np_bytes)
		return x->np_bytes > y->np_bytes ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

enum cmd_result cmd_kmem(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	enum cmd_result rc = need_linux(e, "kmem", "!poolused 2");
	const char *pattern = argc > 2 ? argv[2] : NULL;
	uint32_t *order, i, shown = 0;
	struct rows r;

	if (rc != CMD_OK)
		return rc;
	if (argc < 2 || strcmp(argv[1], "-s") != 0 || argc > 3)
		return cmd_fail(e, CMD_USAGE, "kmem: only -s is supported (usage: kmem -s [NAME])");
	order = sorted(m, m->npooltags, cmp_bytes);
	if (!order)
		return cmd_fail(e, CMD_READ_FAILED, "kmem: out of memory");
	if (e->c->fmt != OUT_TEXT)
		rows_begin(&r, e);
	else
		out_printf(e->o, "CACHE             OBJSIZE  ALLOCATED      TOTAL         BYTES  NAME\n");
	for (i = 0; i < m->npooltags; i++) {
		const struct ls_pooltag *pt = &m->pooltags[order[i]];
		const char *name = pt->name ? pt->name : "";
		char a[FMT_ADDR_MAX];

		if (pt->tag != 0 || (pattern && !cmd_glob_match(pattern, name)))
			continue;
		shown++;
		if (e->c->fmt != OUT_TEXT) {
			rows_row(&r);
			if (pt->addr)
				rows_hex(&r, "cache", pt->addr);
			else
				rows_null(&r, "cache");
			rows_str(&r, "name", name);
			rows_u64(&r, "objsize", pt->object_size);
			rows_u64(&r, "allocated", allocated(pt));
			rows_u64(&r, "total", pt->np_allocs);
			rows_u64(&r, "bytes", pt->np_bytes);
			rows_row_end(&r);
			continue;
		}
		out_printf(e->o, "%-16s  %7u %10" PRIu64 " %10" PRIu64 " %13" PRIu64 "  ",
			   pt->addr ? fmt_addr(pt->addr, a, sizeof(a)) : "-", pt->object_size, allocated(pt), pt->np_allocs, pt->np_bytes);
		out_str(e->o, name);
		out_printf(e->o, "\n");
	}
	if (e->c->fmt != OUT_TEXT)
		rows_end(&r);
	free(order);
	if (pattern && shown == 0 && e->c->fmt == OUT_TEXT)
		out_printf(e->o, "no slab cache matches the name\n");
	return CMD_OK;
}
