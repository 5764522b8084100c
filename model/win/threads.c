/* model/win/threads.c — threads from both per-process lists and from
 * handles, merged by ETHREAD address.
 *
 * The executive list (EPROCESS.ThreadListHead / ETHREAD.ThreadListEntry)
 * keeps a terminated thread until its object is deleted; the kernel list
 * (KPROCESS.ThreadListHead / KTHREAD.ThreadListEntry) drops it when it
 * terminates. Both are walked; a thread found on both has both found bits.
 * Each ETHREAD is read once (one call covering every field used); its two
 * list links are kept aside so the second walk needs no reads for threads
 * the first one reached. A long executive list is read ahead on a second
 * core (listfeed.h); the walk still checks every link itself.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listfeed.h"
#include "winctx.h"

#define CROSS_THREAD_TERMINATED 0x1
#define FEED_AFTER              64   /* list elements walked before a feed */

static const char *state_name(struct win_ctx *c, uint8_t state)
{
	const char *n;
	char buf[24];

	if (c->state_names[state])
		return c->state_names[state];
	n = profile_enum_name(c->prof, "_KTHREAD_STATE", state);
	if (!n) {
		snprintf(buf, sizeof(buf), "State%u", state);
		n = buf;
	}
	/* the profile may be gone after the load: keep a copy in the model */
	c->state_names[state] = model_strdup(c->m, n);
	return c->state_names[state];
}

static bool grow_aux(struct win_ctx *c, uint32_t t)
{
	return win_table_reserve((void **)&c->thread_aux, &c->thread_aux_cap, t,
				 sizeof(*c->thread_aux), 1024);
}

static void decode_thread(struct win_ctx *c, uint64_t addr, const uint8_t *b,
			  size_t len, struct ls_thread *r, struct win_thread_aux *aux)
{
	const struct win_layout *L = &c->L;
	uint64_t owner;
	uint32_t flags;

	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->pid = win_get_at(b, len, L->ethr_cid.offset, &L->cid_process);
	r->tid = win_get_at(b, len, L->ethr_cid.offset, &L->cid_thread);
	r->state = (uint8_t)win_get(b, len, &L->kthr_state);
	r->state_name = state_name(c, r->state);
	flags = (uint32_t)win_get(b, len, &L->ethr_cross_flags);
	r->terminated = r->state == WIN_THREAD_STATE_TERMINATED ||
			(flags & CROSS_THREAD_TERMINATED);
	r->wait_reason = (uint8_t)win_get(b, len, &L->kthr_wait_reason);
	r->teb = win_get(b, len, &L->kthr_teb);
	r->win32_thread = win_get(b, len, &L->kthr_win32_thread);
	r->start = win_get(b, len, &L->ethr_start_address);
	r->win32_start = win_get(b, len, &L->ethr_win32_start);
	r->wait_time = (uint32_t)win_get(b, len, &L->kthr_wait_time);
	r->context_switches = (uint32_t)win_get(b, len, &L->kthr_context_switches);
	r->kernel_time = (uint32_t)win_get(b, len, &L->kthr_kernel_time);
	r->user_time = (uint32_t)win_get(b, len, &L->kthr_user_time);
	r->priority = (int8_t)win_get(b, len, &L->kthr_priority);
	r->base_priority = (int8_t)win_get(b, len, &L->kthr_base_priority);
	r->priority_decrement = (int8_t)win_get(b, len, &L->kthr_priority_decrement);
	r->stack_init = win_get(b, len, &L->kthr_initial_stack);
	r->stack_base = win_get(b, len, &L->kthr_stack_base);
	r->stack_limit = win_get(b, len, &L->kthr_stack_limit);
	r->kernel_stack = win_get(b, len, &L->kthr_kernel_stack);
	r->create_time = win_get(b, len, &L->ethr_create_time);
	r->exit_time = win_get(b, len, &L->ethr_exit_time);
	r->object = LS_NONE;
	r->process = LS_NONE;
	owner = win_get(b, len, &L->kthr_process);
	if (owner) {
		struct ls_err err;

		r->process = win_process_at(c, owner, &err);
		if (r->process == LS_NONE)
			model_warn(c->m, "owner of thread %" PRIu64 ".%" PRIu64 " at 0x%" PRIx64
				   ": %s", r->pid, r->tid, addr, err.msg);
	}
	aux->kernel_flink = win_get_at(b, len, L->kthr_list_entry.offset, &L->list_flink);
	aux->exec_flink = win_get_at(b, len, L->ethr_list_entry.offset, &L->list_flink);
	aux->seen = 0;
}

/* Read the ETHREAD, with its object header and optional headers below it
 * in the same read when they are there (they are summarized, so a handle
 * to the thread needs no second read). *hdr_off < 0: header not read. */
static enum ls_status read_thread(struct win_ctx *c, uint64_t ethread, uint8_t *buf,
				  size_t *body_off, struct list_feed *feed,
				  struct ls_err *err)
{
	size_t below = c->header_below;

	/* a feed's bytes are the same read, made ahead (the same span) */
	if (below && list_feed_take(feed, ethread, buf)) {
		*body_off = below;
		return LS_OK;
	}
	if (below && win_read_kv(c, ethread - below, buf, below + c->ethread_len,
				 "ETHREAD", err) == LS_OK) {
		*body_off = below;
		return LS_OK;
	}
	*body_off = 0;
	return win_read_kv(c, ethread, buf, c->ethread_len, "ETHREAD", err);
}

/* The record of a thread read before, with the found bits or-ed in;
 * LS_NONE if it is new. */
static uint32_t known_thread(struct win_ctx *c, uint64_t ethread, uint8_t found)
{
	uint32_t t = addrmap_get(&c->thread_by_addr, ethread);

	if (t != LS_NONE)
		c->m->threads[t].found |= found;
	return t;
}

/* likely_new: the caller walks a list of threads mostly not read yet, so
 * the ETHREAD is read before the index is asked. The index slot (which
 * the walk prefetched) then arrives while the read waits on memory,
 * instead of one cache miss after the other. */
static uint32_t thread_at(struct win_ctx *c, uint64_t ethread, uint8_t found,
			  bool likely_new, struct list_feed *feed, struct ls_err *err)
{
	uint8_t stackbuf[0x1000];
	uint8_t *buf = stackbuf;
	size_t need = c->header_below + c->ethread_len, body_off;
	struct win_thread_aux aux;
	struct ls_thread r;
	uint32_t t = LS_NONE;

	if (!likely_new && (t = known_thread(c, ethread, found)) != LS_NONE)
		return t;
	if (!ethread || !dump_va_canonical(ethread)) {
		ls_err_set(err, LS_ERR_INVALID, "ETHREAD address 0x%" PRIx64 " is invalid",
			   ethread);
		return LS_NONE;
	}
	if (need > sizeof(stackbuf) && !(buf = malloc(need))) {
		ls_err_set(err, LS_ERR_NOMEM, "ETHREAD: out of memory");
		return LS_NONE;
	}
	if (read_thread(c, ethread, buf, &body_off, feed, err) != LS_OK) {
		/* a thread read before needs no second read */
		if (likely_new)
			t = known_thread(c, ethread, found);
		goto out;
	}
	if (likely_new && (t = known_thread(c, ethread, found)) != LS_NONE)
		goto out;
	decode_thread(c, ethread, buf + body_off, c->ethread_len, &r, &aux);
	memset(&aux.header, 0, sizeof(aux.header));
	if (body_off) {
		uint64_t header = ethread - (uint64_t)c->L.oh_body.offset;
		int64_t hdr_off = (int64_t)body_off - c->L.oh_body.offset;

		if (win_header_summarize(c, header, buf, body_off + c->ethread_len, hdr_off,
					 &aux.header) && aux.header.type_index != c->type_thread)
			aux.header.valid = false;   /* not a Thread object: read it later */
	}
	r.found = found;
	t = model_add_thread(c->m, &r);
	if (t == LS_NONE || !grow_aux(c, t)) {
		ls_err_set(err, LS_ERR_NOMEM, "thread record: out of memory");
		t = LS_NONE;
		goto out;
	}
	c->thread_aux[t] = aux;
	addrmap_put(&c->thread_by_addr, ethread, t);
out:
	if (buf != stackbuf)
		free(buf);
	return t;
}

uint32_t win_thread_at(struct win_ctx *c, uint64_t ethread, uint8_t found,
		       struct ls_err *err)
{
	return thread_at(c, ethread, found, false, NULL, err);
}

/* A feed for the rest of a list that has proved long (it costs a thread
 * start, ~50 us): the helper chases from link on while the walk works. */
static struct list_feed *start_feed(struct win_ctx *c, uint64_t head, uint64_t link,
				    int64_t entry_off, uint32_t walked)
{
	struct list_feed_spec s = {
		.dtb = c->dtb, .head = head, .link = link, .entry_off = entry_off,
		.below = c->header_below, .len = c->ethread_len,
		.max = WIN_MAX_THREADS_LIST - walked,
	};

	if (!c->kr || !c->header_below)
		return NULL;
	return list_feed_start(c->d, &s);
}

/* Walk one of the process's two thread lists. */
static void walk_list(struct win_ctx *c, uint32_t p, bool executive)
{
	const struct win_layout *L = &c->L;
	const struct ls_process *pr = &c->m->processes[p];
	uint64_t eproc = pr->addr, pid = pr->pid;
	int64_t head_off = executive ? L->eproc_thread_list.offset : L->kproc_thread_list.offset;
	int64_t entry_off = executive ? L->ethr_list_entry.offset : L->kthr_list_entry.offset;
	uint8_t bit = executive ? LS_FOUND_LIST : LS_FOUND_ACTIVE_LIST;
	const char *which = executive ? "EPROCESS.ThreadListHead" : "KPROCESS.ThreadListHead";
	uint64_t head = eproc + (uint64_t)head_off, link;
	struct list_feed *feed = NULL;
	uint32_t count = 0, t;
	struct ls_err err;

	if (dump_read_u64(c->d, 0, head, &link, which, &err) != LS_OK) {
		model_warn(c->m, "threads of pid %" PRIu64 ": %s", pid, err.msg);
		return;
	}
	while (link != head) {
		uint64_t ethread = link - (uint64_t)entry_off;

		if (count++ >= WIN_MAX_THREADS_LIST) {
			model_warn(c->m, "%s of pid %" PRIu64 ": more than %u threads; stopped",
				   which, pid, WIN_MAX_THREADS_LIST);
			goto out;
		}
		if (!link || !dump_va_canonical(link)) {
			model_warn(c->m, "%s of pid %" PRIu64 ": bad link 0x%" PRIx64,
				   which, pid, link);
			goto out;
		}
		/* the executive list, walked first, holds threads not read yet;
		 * a long one is read ahead on a second core */
		if (executive && count == FEED_AFTER)
			feed = start_feed(c, head, link, entry_off, count - 1);
		t = thread_at(c, ethread, bit, executive, feed, &err);
		if (t == LS_NONE) {
			model_warn(c->m, "%s of pid %" PRIu64 ": %s", which, pid, err.msg);
			goto out;
		}
		if (c->thread_aux[t].seen & bit) {
			model_warn(c->m, "%s of pid %" PRIu64 ": the list loops back to the "
				   "ETHREAD at 0x%" PRIx64 " (a cycle)", which, pid, ethread);
			goto out;
		}
		c->thread_aux[t].seen |= bit;
		link = executive ? c->thread_aux[t].exec_flink : c->thread_aux[t].kernel_flink;
		/* the next lookup misses the cache in a big map: start it now */
		addrmap_prefetch(&c->thread_by_addr, link - (uint64_t)entry_off);
	}
	/* the kernel list and ActiveThreads agree on an intact process */
	if (!executive && count != c->m->processes[p].active_threads)
		model_warn(c->m, "pid %" PRIu64 ": EPROCESS.ActiveThreads says %u but %s holds %u threads",
			   pid, c->m->processes[p].active_threads, which, count);
out:
	list_feed_stop(feed);
}

void win_read_process_threads(struct win_ctx *c, uint32_t p)
{
	walk_list(c, p, true);
	walk_list(c, p, false);
}
