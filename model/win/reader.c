/* model/win/reader.c — the Windows reader's entry points: probe, then the
 * stages in order (see winctx.h), each adding to the model and warning
 * about what it could not read. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "winctx.h"

bool win_probe(struct dump *d)
{
	uint64_t dtb;

	return win_find_dtb(d, &dtb);
}

static size_t max_end(const struct profile_field *const *f, size_t n)
{
	size_t i, end = 0;

	for (i = 0; i < n; i++)
		if ((size_t)win_field_end(f[i]) > end)
			end = (size_t)win_field_end(f[i]);
	return end;
}

/* How much of an ETHREAD / EPROCESS one read covers: every field used. */
static void size_reads(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	const struct profile_field *thread[] = {
		&L->kthr_initial_stack, &L->kthr_stack_limit, &L->kthr_stack_base,
		&L->kthr_kernel_stack, &L->kthr_priority, &L->kthr_teb,
		&L->kthr_context_switches, &L->kthr_state, &L->kthr_wait_time,
		&L->kthr_win32_thread, &L->kthr_process, &L->kthr_base_priority,
		&L->kthr_priority_decrement, &L->kthr_wait_reason, &L->kthr_kernel_time,
		&L->kthr_user_time, &L->kthr_list_entry, &L->ethr_create_time,
		&L->ethr_exit_time, &L->ethr_start_address, &L->ethr_cid,
		&L->ethr_win32_start, &L->ethr_list_entry, &L->ethr_cross_flags,
	};
	const struct profile_field *process[] = {
		&L->kproc_dtb, &L->kproc_thread_list, &L->eproc_pid, &L->eproc_links,
		&L->eproc_create_time, &L->eproc_exit_time, &L->eproc_ppid,
		&L->eproc_peb, &L->eproc_session, &L->eproc_object_table,
		&L->eproc_image_name, &L->eproc_thread_list, &L->eproc_active_threads,
	};

	c->ethread_len = max_end(thread, sizeof(thread) / sizeof(thread[0]));
	c->eprocess_len = max_end(process, sizeof(process) / sizeof(process[0]));
}

/* Size the merge indexes from what the types say exists, so the walks do
 * not rehash: threads from the Thread type's object count, objects from the
 * handle counts of all types (bounded: the dump's counts are untrusted). */
static void reserve_indexes(struct win_ctx *c)
{
	const struct model *m = c->m;
	uint64_t threads = 0, handles = 0, cap = c->phys_end / 0x400;   /* ~ETHREAD size */
	uint32_t i;

	for (i = 0; i < m->ntypes; i++) {
		handles += m->types[i].total_handles;
		if (c->type_thread < 256 && c->type_record[c->type_thread] == i)
			threads = m->types[i].total_objects;
	}
	if (cap > WIN_RESERVE_MAX)
		cap = WIN_RESERVE_MAX;   /* a hint only: beyond it the maps grow */
	addrmap_reserve(&c->thread_by_addr, threads < cap ? threads : cap);
	addrmap_reserve(&c->object_by_header, handles < cap ? handles : cap);
}

static void ctx_init(struct win_ctx *c, struct dump *d, const struct load_options *o,
		     struct model *m)
{
	memset(c, 0, sizeof(*c));
	c->d = d;
	c->m = m;
	c->opt = o;
	addrmap_init(&c->proc_by_addr);
	addrmap_init(&c->thread_by_addr);
	addrmap_init(&c->object_by_header);
	addrmap_init(&c->dir_by_body);
	addrmap_init(&c->dll_by_base);
}

static void ctx_deinit(struct win_ctx *c)
{
	addrmap_deinit(&c->proc_by_addr);
	addrmap_deinit(&c->thread_by_addr);
	addrmap_deinit(&c->object_by_header);
	addrmap_deinit(&c->dir_by_body);
	addrmap_deinit(&c->dll_by_base);
	win_kread_destroy(c->kr);
	free(c->thread_aux);
	free(c->mod_syms);
	profile_set_destroy(c->profiles);
	profile_destroy(c->own_profile);
}

/* Only discovery can fail the read: without a kernel, a profile and a
 * layout nothing else can be decoded. Each later stage records what it
 * could not read as warnings and the model keeps the rest. The order
 * matters: types and the cookie before any object, the directory tree
 * before handles (so paths are known), processes before their threads,
 * threads before handles (handles to threads reuse what was read).
 *
 * Phase one (win_read_begin) reads what the first screen shows: discovery,
 * types, the process list, the pool tracker tables and the memory summary.
 * Phase two (win_read_rest) reads the rest, with the context phase one
 * kept: directories, kernel modules, and per process its threads, PEB and
 * handle table. Neither stage of phase two reads what phase one did. */
enum ls_status win_read_begin(struct dump *d, const struct load_options *o,
			      struct model *m, struct win_load **ret, struct ls_err *err)
{
	struct win_ctx *c = malloc(sizeof(*c));
	enum ls_status st;

	*ret = NULL;
	if (!c)
		return ls_err_set(err, LS_ERR_NOMEM, "Windows reader: out of memory");
	ctx_init(c, d, o, m);
	st = win_discover(c, err);
	if (st != LS_OK) {
		ctx_deinit(c);
		free(c);
		return st;
	}
	size_reads(c);
	c->kr = win_kread_create(d, c->dtb);   /* NULL: plain dump reads */
	win_read_types(c);
	c->header_below = (size_t)c->L.oh_body.offset + c->infomask_offset[0xFF];
	win_read_processes(c);
	win_read_pool(c);
	win_read_memsum(c);
	*ret = (struct win_load *)c;
	return LS_OK;
}

void win_read_rest(struct win_load *w)
{
	struct win_ctx *c = (struct win_ctx *)w;
	struct model *m;
	uint32_t p;

	if (!c)
		return;
	m = c->m;
	/* phase two's indexes (their pages are written now: after the
	 * first screen, not before it) */
	reserve_indexes(c);
	win_read_directories(c);
	win_read_kernel_modules(c);
	/* processes found through references during the loop are read too */
	for (p = 0; p < m->nprocesses; p++) {
		win_read_process_threads(c, p);
		win_read_peb(c, p);
		win_read_handles(c, p);
	}
	win_read_drop(w);
}

void win_read_drop(struct win_load *w)
{
	struct win_ctx *c = (struct win_ctx *)w;

	if (!c)
		return;
	ctx_deinit(c);
	free(c);
}

enum ls_status win_read(struct dump *d, const struct load_options *o,
			struct model *m, struct ls_err *err)
{
	struct win_load *w;
	enum ls_status st = win_read_begin(d, o, m, &w, err);

	if (st == LS_OK)
		win_read_rest(w);
	return st;
}
