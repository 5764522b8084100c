/* model/win/processes.c — processes from PsActiveProcessHead.
 *
 * The list is walked forward from the head; if a link breaks (a page not in
 * the dump, a smeared pointer) the walk resumes backward from the head's
 * Blink, so one bad EPROCESS loses itself, not the rest of the list. Each
 * EPROCESS is read in one call. Processes reached only another way (a
 * handle to an exited process, a thread's owner) are added on first sight.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

#define IMAGE_NAME_LEN 15
#define DISPATCHER_PROCESS 3    /* _KOBJECTS ProcessObject */

static int64_t session_id(struct win_ctx *c, uint64_t session, uint64_t pid)
{
	struct win_session_cache *cache = &c->sessions;
	struct ls_err err;
	uint32_t id;
	unsigned i;

	if (!session)
		return -1;
	for (i = 0; i < cache->n; i++)
		if (cache->ptr[i] == session)
			return cache->id[i];
	if (dump_read_u32(c->d, 0, session + (uint64_t)c->L.session_id.offset, &id,
			  "MM_SESSION_SPACE", &err) != LS_OK) {
		model_warn(c->m, "session of pid %" PRIu64 ": %s", pid, err.msg);
		return -1;
	}
	if (cache->n < WIN_SESSION_CACHE) {
		cache->ptr[cache->n] = session;
		cache->id[cache->n++] = id;
	}
	return id;
}

static void decode_process(struct win_ctx *c, uint64_t addr, const uint8_t *b,
			   size_t len, struct ls_process *r)
{
	const struct win_layout *L = &c->L;
	char name[IMAGE_NAME_LEN + 1];
	int64_t off = L->eproc_image_name.offset;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->addr = addr;
	r->pid = win_get(b, len, &L->eproc_pid);
	r->ppid = win_get(b, len, &L->eproc_ppid);
	r->peb = win_get(b, len, &L->eproc_peb);
	r->dtb = win_get(b, len, &L->kproc_dtb) & 0x000FFFFFFFFFF000ULL;
	r->handle_table = win_get(b, len, &L->eproc_object_table);
	r->create_time = win_get(b, len, &L->eproc_create_time);
	r->exit_time = win_get(b, len, &L->eproc_exit_time);
	r->active_threads = (uint32_t)win_get(b, len, &L->eproc_active_threads);
	r->exited = r->exit_time != 0;
	for (i = 0; i < IMAGE_NAME_LEN && off >= 0 && (size_t)off + i < len && b[off + i]; i++)
		name[i] = (char)b[off + i];
	name[i] = '\0';
	r->name = model_strdup(c->m, name);
	r->session = session_id(c, win_get(b, len, &L->eproc_session), r->pid);
	r->first_handle = r->first_thread = r->first_module = r->first_trace = 0;
	r->object = LS_NONE;
}

/* Read and add the EPROCESS at addr; flink and blink get its list links.
 * A process found by reference (check_type) must say it is one: its
 * dispatcher header's Type is ProcessObject. */
static uint32_t add_process(struct win_ctx *c, uint64_t addr, uint64_t *flink,
			    uint64_t *blink, bool check_type, struct ls_err *err)
{
	const struct win_layout *L = &c->L;
	uint8_t *buf = malloc(c->eprocess_len);
	struct ls_process r;
	uint32_t p;
	uint8_t type;

	if (!buf) {
		ls_err_set(err, LS_ERR_NOMEM, "EPROCESS: out of memory");
		return LS_NONE;
	}
	if (win_read_kv(c, addr, buf, c->eprocess_len, "EPROCESS", err) != LS_OK) {
		free(buf);
		return LS_NONE;
	}
	type = (uint8_t)win_get_at(buf, c->eprocess_len, L->kproc_header.offset, &L->disp_type);
	if (check_type && (type & 0x7f) != DISPATCHER_PROCESS) {
		free(buf);
		ls_err_set(err, LS_ERR_CORRUPT, "0x%" PRIx64 " is not an EPROCESS "
			   "(dispatcher type %u)", addr, type);
		return LS_NONE;
	}
	decode_process(c, addr, buf, c->eprocess_len, &r);
	if (flink)
		*flink = win_get_at(buf, c->eprocess_len, L->eproc_links.offset, &L->list_flink);
	if (blink)
		*blink = win_get_at(buf, c->eprocess_len, L->eproc_links.offset, &L->list_blink);
	free(buf);
	p = model_add_process(c->m, &r);
	if (p == LS_NONE) {
		ls_err_set(err, LS_ERR_NOMEM, "process record: out of memory");
		return LS_NONE;
	}
	addrmap_put(&c->proc_by_addr, addr, p);
	return p;
}

uint32_t win_process_at(struct win_ctx *c, uint64_t eprocess, struct ls_err *err)
{
	uint32_t p = addrmap_get(&c->proc_by_addr, eprocess);

	if (p != UINT32_MAX)
		return p;
	if (!eprocess || !dump_va_canonical(eprocess)) {
		ls_err_set(err, LS_ERR_INVALID, "EPROCESS address 0x%" PRIx64 " is invalid",
			   eprocess);
		return LS_NONE;
	}
	p = add_process(c, eprocess, NULL, NULL, true, err);
	if (p != LS_NONE)
		model_warn(c->m, "process %s (pid %" PRIu64 ") at 0x%" PRIx64
			   " is not on PsActiveProcessHead; found through a reference",
			   c->m->processes[p].name, c->m->processes[p].pid, eprocess);
	return p;
}

/* Walk from start in one direction until the head, a known process or a
 * failure; returns false if the walk broke before reaching the head. */
static bool walk(struct win_ctx *c, uint64_t head, uint64_t start, bool forward,
		 uint32_t *count)
{
	const int64_t links = c->L.eproc_links.offset;
	uint64_t link = start;
	struct ls_err err;

	while (link != head) {
		uint64_t eproc = link - (uint64_t)links, next_f = 0, next_b = 0;

		if (*count >= WIN_MAX_PROCESSES) {
			model_warn(c->m, "PsActiveProcessHead: more than %u processes; stopped",
				   WIN_MAX_PROCESSES);
			return true;
		}
		if (!link || !dump_va_canonical(link)) {
			model_warn(c->m, "PsActiveProcessHead: bad link 0x%" PRIx64 "%s", link,
				   forward ? "; walking back from the head" : "");
			return false;
		}
		if (addrmap_get(&c->proc_by_addr, eproc) != UINT32_MAX) {
			if (forward)
				model_warn(c->m, "PsActiveProcessHead: the list loops back to "
					   "the EPROCESS at 0x%" PRIx64 " (a cycle)", eproc);
			return !forward;   /* backward: met the forward walk, done */
		}
		if (add_process(c, eproc, &next_f, &next_b, false, &err) == LS_NONE) {
			model_warn(c->m, "process list: %s%s", err.msg,
				   forward ? "; walking back from the head" : "");
			return false;
		}
		(*count)++;
		link = forward ? next_f : next_b;
	}
	return true;
}

void win_read_processes(struct win_ctx *c)
{
	uint64_t head = win_sym(c, c->L.sym.PsActiveProcessHead);
	uint8_t h[16];
	struct ls_err err;
	uint32_t count = 0;

	if (dump_read_kv(c->d, head, h, sizeof(h), "PsActiveProcessHead", &err) != LS_OK) {
		model_warn(c->m, "%s: no processes", err.msg);
		return;
	}
	if (!walk(c, head, win_get(h, 16, &c->L.list_flink), true, &count))
		walk(c, head, win_get(h, 16, &c->L.list_blink), false, &count);
	if (!count)
		model_warn(c->m, "PsActiveProcessHead at 0x%" PRIx64 " is empty", head);
}
