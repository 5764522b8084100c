/* model/linux/tasks.c — processes and threads from the task list
 * (init_task.tasks links thread-group leaders; signal->thread_head, or the
 * older task->thread_group, links a group's threads). */
#include <stdlib.h>
#include <string.h>

#include "lx.h"

/* The pid of the task at addr's thread group (its tgid), 0 if unreadable. */
static uint64_t tgid_of(struct lx *x, uint64_t task)
{
	uint32_t v;

	if (!task || !lx_u32(x, task + (uint64_t)x->l.task_tgid.off, &v))
		return 0;
	return v;
}

void lx_thread_from_task(struct lx *x, uint64_t addr, const uint8_t *buf,
			 size_t len, struct ls_thread *t)
{
	const struct lx_layout *l = &x->l;
	uint32_t state = (uint32_t)lx_get(buf, len, &l->task_state);
	uint32_t exit_state = (uint32_t)lx_get(buf, len, &l->task_exit_state);
	uint32_t flags = (uint32_t)lx_get(buf, len, &l->task_flags);
	char comm[17];

	memset(t, 0, sizeof(*t));
	t->addr = addr;
	t->tid = lx_get(buf, len, &l->task_pid);
	t->pid = lx_get(buf, len, &l->task_tgid);
	t->process = LS_NONE;
	t->object = LS_NONE;
	t->state = (uint8_t)(exit_state ? exit_state : (state > 0xff ? 0xff : state));
	t->state_name = lx_task_state_name(state, exit_state);
	t->terminated = exit_state != 0 || (state & LX_TASK_DEAD);
	t->kernel_thread = (flags & LX_PF_KTHREAD) != 0;
	t->context_switches = (uint32_t)(lx_get(buf, len, &l->task_nvcsw) +
					 lx_get(buf, len, &l->task_nivcsw));
	/* the kernel stack (freed, NULL, once a task is dead) */
	t->stack_limit = lx_get(buf, len, &l->task_stack);
	if (t->stack_limit) {
		t->stack_base = t->stack_limit + LX_THREAD_SIZE;
		t->stack_init = t->stack_base;
		t->kernel_stack = lx_get(buf, len, &l->task_thread_sp);
	}
	t->ppid = tgid_of(x, lx_get(buf, len, &l->task_real_parent));
	t->create_time = lx_filetime(x, lx_get(buf, len, &l->task_start_boottime));
	memset(comm, 0, sizeof(comm));
	if (l->task_comm.off >= 0 && (size_t)l->task_comm.off + 16 <= len)
		memcpy(comm, buf + l->task_comm.off, 16);
	t->name = model_strdup(x->m, comm);

	/* a kernel thread's function: struct kthread.threadfn */
	if ((flags & LX_PF_KTHREAD) && l->task_kthread.off >= 0 &&
	    l->kthread_threadfn.off >= 0) {
		uint64_t kt = lx_get(buf, len, &l->task_kthread), fn;
		if (kt && dump_va_canonical(kt) &&
		    lx_u64(x, kt + (uint64_t)l->kthread_threadfn.off, &fn))
			t->start = fn;
	}
}

/* Read a task_struct into buf (task_read_len bytes). */
static enum ls_status read_task(struct lx *x, uint64_t addr, uint8_t *buf,
				struct ls_err *err)
{
	return lx_read(x, addr, buf, x->l.task_read_len, "task_struct", err);
}

static bool note_files(struct lx *x, uint32_t p, uint64_t files, uint64_t mm)
{
	if (p >= x->cap_proc_files) {
		uint32_t cap = x->cap_proc_files ? x->cap_proc_files * 2 : 256;
		while (cap <= p)
			cap *= 2;
		uint64_t *f = realloc(x->proc_files, cap * sizeof(*f));
		if (f)
			x->proc_files = f;
		uint64_t *m = realloc(x->proc_mm, cap * sizeof(*m));
		if (m)
			x->proc_mm = m;
		if (!f || !m)
			return false;
		memset(f + x->cap_proc_files, 0, (cap - x->cap_proc_files) * sizeof(*f));
		memset(m + x->cap_proc_files, 0, (cap - x->cap_proc_files) * sizeof(*m));
		x->cap_proc_files = cap;
	}
	x->proc_files[p] = files;
	x->proc_mm[p] = mm;
	return true;
}

/* Add the thread of the task at t (read into buf) to process p, found on
 * its thread list; count it in *nthreads. */
static enum ls_status add_list_thread(struct lx *x, uint32_t p, uint64_t t,
				      const uint8_t *buf, uint32_t *nthreads)
{
	struct ls_thread th;

	lx_thread_from_task(x, t, buf, x->l.task_read_len, &th);
	th.process = p;
	th.found = LS_FOUND_LIST;
	if (model_add_thread(x->m, &th) == LS_NONE)
		return LS_ERR_NOMEM;
	(*nthreads)++;
	return LS_OK;
}

/* Add the threads of the group whose leader is at leader (buffer lbuf). */
static enum ls_status add_group_threads(struct lx *x, uint32_t p,
					uint64_t leader, const uint8_t *lbuf,
					uint8_t *buf, uint32_t *nthreads)
{
	const struct lx_layout *l = &x->l;
	uint64_t head, link, off;
	uint32_t guard = 0;
	bool nomem = false;

	if (l->task_thread_node.off >= 0 && l->signal_thread_head.off >= 0) {
		uint64_t sig = lx_get(lbuf, x->l.task_read_len, &l->task_signal);
		head = sig + (uint64_t)l->signal_thread_head.off;
		off = (uint64_t)l->task_thread_node.off;
		if (!sig || !lx_u64(x, head, &link)) {
			model_warn(x->m, "task 0x%llx: signal_struct unreadable",
				   (unsigned long long)leader);
			link = head;
		}
	} else if (l->task_thread_group.off >= 0) {
		off = (uint64_t)l->task_thread_group.off;
		head = leader + off;
		/* the leader is part of its own ring: start from it */
		link = head;
		guard = 0;
		do {
			uint64_t t = link - off;

			if (read_task(x, t, buf, NULL) != LS_OK)
				break;
			if (!lx_set_add(x->tasks_seen, t, &nomem) &&
			    (t != leader || *nthreads)) {
				if (!nomem)
					model_warn(x->m, "thread group of 0x%llx loops "
						   "at 0x%llx", (unsigned long long)leader,
						   (unsigned long long)t);
				break;          /* seen: a loop off the ring */
			}
			if (add_list_thread(x, p, t, buf, nthreads) != LS_OK)
				return LS_ERR_NOMEM;
			link = lx_get(buf, x->l.task_read_len, &l->task_thread_group);
		} while (link && link != head && ++guard < LX_MAX_TASKS && !nomem);
		return nomem ? LS_ERR_NOMEM : LS_OK;
	} else {
		return LS_ERR_NOTFOUND;
	}

	while (link && link != head && guard++ < LX_MAX_TASKS) {
		uint64_t t = link - off;

		if (read_task(x, t, buf, NULL) != LS_OK) {
			model_warn(x->m, "thread list of pid %llu: task_struct at "
				   "0x%llx unreadable",
				   (unsigned long long)x->m->processes[p].pid,
				   (unsigned long long)t);
			break;
		}
		if (!lx_set_add(x->tasks_seen, t, &nomem) && t != leader) {
			if (nomem)
				return LS_ERR_NOMEM;
			model_warn(x->m, "thread list of pid %llu loops at 0x%llx",
				   (unsigned long long)x->m->processes[p].pid,
				   (unsigned long long)t);
			break;
		}
		if (add_list_thread(x, p, t, buf, nthreads) != LS_OK)
			return LS_ERR_NOMEM;
		link = lx_get(buf, x->l.task_read_len, &l->task_thread_node);
	}
	return LS_OK;
}

/* One thread group: its process record, then its threads. */
static enum ls_status add_group(struct lx *x, uint64_t leader,
				const uint8_t *lbuf, uint8_t *buf)
{
	const struct lx_layout *l = &x->l;
	size_t len = l->task_read_len;
	struct ls_process pr;
	struct ls_thread th;
	uint32_t p, nthreads = 0;
	enum ls_status st;
	uint32_t nr = 0;
	uint64_t sig;

	lx_thread_from_task(x, leader, lbuf, len, &th);
	memset(&pr, 0, sizeof(pr));
	pr.addr = leader;
	pr.pid = th.pid;
	pr.ppid = th.ppid;
	pr.session = -1;
	pr.name = th.name;
	pr.create_time = th.create_time;
	pr.exited = th.terminated;
	pr.kernel_thread = th.kernel_thread;
	pr.object = LS_NONE;
	sig = lx_get(lbuf, len, &l->task_signal);
	if (sig && l->signal_nr_threads.off >= 0 &&
	    lx_u32(x, sig + (uint64_t)l->signal_nr_threads.off, &nr))
		pr.active_threads = nr;
	p = model_add_process(x->m, &pr);
	if (p == LS_NONE || !note_files(x, p, lx_get(lbuf, len, &l->task_files),
					 lx_get(lbuf, len, &l->task_mm)))
		return LS_ERR_NOMEM;
	st = add_group_threads(x, p, leader, lbuf, buf, &nthreads);
	if (st == LS_ERR_NOMEM)
		return st;
	if (nthreads == 0) {
		/* no readable thread list: at least the leader itself */
		th.process = p;
		th.found = LS_FOUND_LIST;
		if (model_add_thread(x->m, &th) == LS_NONE)
			return LS_ERR_NOMEM;
	}
	return LS_OK;
}

enum ls_status lx_read_tasks(struct lx *x, struct ls_err *err)
{
	const struct lx_layout *l = &x->l;
	uint64_t init = lx_sym(x, "init_task"), cur, off;
	uint8_t *lbuf, *buf;
	enum ls_status st = LS_OK;
	uint32_t n = 0;
	bool nomem = false;

	if (!init)
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "tasks: no init_task symbol (give --system-map)");
	x->tasks_seen = lx_set_create();
	lbuf = malloc(l->task_read_len);
	buf = malloc(l->task_read_len);
	if (!x->tasks_seen || !lbuf || !buf) {
		free(lbuf);
		free(buf);
		return ls_err_set(err, LS_ERR_NOMEM, "tasks: out of memory");
	}
	off = (uint64_t)l->task_tasks.off;
	cur = init;
	do {
		if (read_task(x, cur, lbuf, err) != LS_OK) {
			ls_err_prepend(err, "task list after %u tasks", n);
			model_warn(x->m, "%s", err->msg);
			break;
		}
		if (!lx_set_add(x->tasks_seen, cur, &nomem)) {
			if (nomem)
				break;
			model_warn(x->m, "task list loops at 0x%llx",
				   (unsigned long long)cur);
			break;
		}
		st = add_group(x, cur, lbuf, buf);
		if (st == LS_ERR_NOMEM)
			break;
		n++;
		cur = lx_get(lbuf, l->task_read_len, &l->task_tasks) - off;
	} while (cur != init && n < LX_MAX_TASKS);
	free(lbuf);
	free(buf);
	if (nomem || st == LS_ERR_NOMEM)
		return ls_err_set(err, LS_ERR_NOMEM, "tasks: out of memory");
	ls_err_clear(err);
	return LS_OK;
}
