/* model/win/handles.c — a process's handle table, at any depth.
 *
 * TableCode & 3 is the level: 0 one leaf page, 1 a page of leaf pointers,
 * 2 a page of mid pointers (windows-x64-layouts.md §3.1). Each leaf page is
 * read in one 4 KiB read; slot 0 of a leaf is not a handle; the handle of
 * slot i of leaf page n is n * 0x400 + i * 4. Entries decode as the kernel
 * decodes them (§3.2): header = ((int64)LowValue >> 16) & ~0xF, access =
 * HighValue & 0x1FFFFFF, attributes = (LowValue >> 17) & 7. The handle
 * count is the kernel's (§3.3): the sum of the per-CPU free lists'
 * HandleCount, clamped, cross-checked against the live entries.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

#define ENTRY_SIZE       16
#define ENTRIES_PER_LEAF (WIN_PAGE_SIZE / ENTRY_SIZE)     /* 256 */
#define PTRS_PER_PAGE    (WIN_PAGE_SIZE / 8)              /* 512 */
#define HANDLES_PER_LEAF 0x400
#define ACCESS_MASK      0x1FFFFFFu

struct table_walk {
	struct win_ctx *c;
	uint32_t p;
	uint64_t pid;
	uint64_t next_handle;     /* NextHandleNeedingPool */
	uint32_t type_thread_rec, type_process_rec;
	uint64_t live;
	uint32_t failed_leaves;
	uint8_t page[WIN_PAGE_SIZE];
};

/* A Thread or Process object: link it to its record (thread t if the
 * caller already knows it, else LS_NONE). */
static void link_object(struct table_walk *w, uint32_t o, uint32_t t)
{
	struct win_ctx *c = w->c;
	struct ls_object *obj = &c->m->objects[o];
	uint64_t body = obj->body;
	struct ls_err err;
	uint32_t r;

	if (obj->type == LS_NONE)
		return;
	if (obj->type == w->type_thread_rec) {
		if (t != LS_NONE) {
			c->m->threads[t].found |= LS_FOUND_HANDLE;
			c->m->objects[o].thread = t;
			return;
		}
		r = win_thread_at(c, body, LS_FOUND_HANDLE, &err);
		if (r == LS_NONE)
			model_warn(c->m, "thread object at 0x%" PRIx64 " (a handle of pid %"
				   PRIu64 "): %s", body, w->pid, err.msg);
		c->m->objects[o].thread = r;
	} else if (obj->type == w->type_process_rec && obj->process == LS_NONE) {
		r = win_process_at(c, body, &err);
		if (r == LS_NONE)
			model_warn(c->m, "process object at 0x%" PRIx64 " (a handle of pid %"
				   PRIu64 "): %s", body, w->pid, err.msg);
		c->m->objects[o].process = r;
	}
}

/* One leaf page: 256 entries of 16 bytes, slot 0 reserved (its HighValue
 * holds the page's first handle value). A live entry has LowValue != 0;
 * free entries are zero in LowValue and chain through HighValue. Values at
 * or beyond NextHandleNeedingPool were never handed out. The object behind
 * an entry is made once (object_by_header), from the thread's summarized
 * header when the thread was read already. */
static void read_leaf(struct table_walk *w, uint64_t leaf, uint64_t page_index)
{
	struct win_ctx *c = w->c;
	uint64_t body_off = (uint64_t)c->L.oh_body.offset;
	struct ls_err err;
	unsigned slot;

	if (!leaf)
		return;
	if (win_read_kv(c, leaf, w->page, WIN_PAGE_SIZE, "handle table page",
			 &err) != LS_OK) {
		w->failed_leaves++;
		model_warn(c->m, "handle table of pid %" PRIu64 ", handles 0x%" PRIx64
			   "-0x%" PRIx64 ": %s", w->pid, page_index * HANDLES_PER_LEAF,
			   page_index * HANDLES_PER_LEAF + HANDLES_PER_LEAF - 4, err.msg);
		return;
	}
	for (slot = 1; slot < ENTRIES_PER_LEAF; slot++) {
		uint64_t low = win_u64(w->page, WIN_PAGE_SIZE, slot * ENTRY_SIZE);
		uint64_t high = win_u64(w->page, WIN_PAGE_SIZE, slot * ENTRY_SIZE + 8);
		uint64_t value = page_index * HANDLES_PER_LEAF + slot * 4;
		uint64_t header;
		struct ls_handle h;
		uint32_t o;

		if (!low || value >= w->next_handle)
			continue;
		header = (uint64_t)((int64_t)low >> 16) & ~0xFULL;
		if (slot + 1 < ENTRIES_PER_LEAF) {
			/* the next entry's lookups miss the cache: start them now */
			uint64_t next = (uint64_t)((int64_t)win_u64(w->page, WIN_PAGE_SIZE,
					(slot + 1) * ENTRY_SIZE) >> 16) & ~0xFULL;

			addrmap_prefetch(&c->object_by_header, next);
			addrmap_prefetch(&c->thread_by_addr, next + body_off);
		}
		w->live++;
		o = addrmap_get(&c->object_by_header, header);
		if (o == UINT32_MAX) {
			uint32_t t = addrmap_get(&c->thread_by_addr, header + body_off);

			/* a thread's header was decoded when the thread was read */
			if (t != UINT32_MAX && c->thread_aux[t].header.valid) {
				o = win_object_from_summary(c, header, &c->thread_aux[t].header);
				if (o == LS_NONE)
					ls_err_set(&err, LS_ERR_NOMEM, "object record: out of memory");
			} else {
				o = win_object_at(c, header, &err);
				t = LS_NONE;
			}
			if (o == LS_NONE)
				model_warn(c->m, "handle 0x%" PRIx64 " of pid %" PRIu64 ": %s",
					   value, w->pid, err.msg);
			else
				link_object(w, o, t);
		}
		memset(&h, 0, sizeof(h));
		h.value = value;
		h.entry = leaf + slot * ENTRY_SIZE;
		h.access = (uint32_t)high & ACCESS_MASK;
		h.attributes = (uint8_t)((low >> 17) & 7);
		h.process = w->p;
		h.object = o;
		model_add_handle(c->m, &h);
	}
}

/* A page of pointers (top or mid level), read whole. */
static bool read_pointers(struct table_walk *w, uint64_t addr, uint64_t *ptrs,
			  const char *what)
{
	struct ls_err err;
	unsigned i;

	if (dump_read_kv(w->c->d, addr, w->page, WIN_PAGE_SIZE, what, &err) != LS_OK) {
		model_warn(w->c->m, "handle table of pid %" PRIu64 ": %s", w->pid, err.msg);
		return false;
	}
	for (i = 0; i < PTRS_PER_PAGE; i++)
		ptrs[i] = win_u64(w->page, WIN_PAGE_SIZE, i * 8);
	return true;
}

/* Leaf pages in handle order: leaf n covers handles n*0x400..n*0x400+0x3fc.
 * Only as many leaves as NextHandleNeedingPool needs are visited, so a
 * damaged upper page cannot send the walk through 512*512 garbage
 * pointers beyond the table's end. */
static void walk_table(struct table_walk *w, uint64_t table_code)
{
	unsigned level = table_code & 3;
	uint64_t base = table_code & ~3ULL;
	uint64_t leaves = (w->next_handle + HANDLES_PER_LEAF - 1) / HANDLES_PER_LEAF;
	uint64_t *top, *mid, i, j;

	if (level == 0) {
		read_leaf(w, base, 0);
		return;
	}
	if (level == 3) {
		model_warn(w->c->m, "handle table of pid %" PRIu64 ": TableCode 0x%" PRIx64
			   " has level 3", w->pid, table_code);
		return;
	}
	top = malloc(2 * PTRS_PER_PAGE * sizeof(*top));
	if (!top)
		return;
	mid = top + PTRS_PER_PAGE;
	if (!read_pointers(w, base, top, "handle table top page"))
		goto out;
	if (level == 1) {
		for (i = 0; i < PTRS_PER_PAGE && i < leaves; i++)
			read_leaf(w, top[i], i);
		goto out;
	}
	for (i = 0; i < PTRS_PER_PAGE && i * PTRS_PER_PAGE < leaves; i++) {
		if (!top[i] || !read_pointers(w, top[i], mid, "handle table mid page"))
			continue;
		for (j = 0; j < PTRS_PER_PAGE && i * PTRS_PER_PAGE + j < leaves; j++)
			read_leaf(w, mid[j], i * PTRS_PER_PAGE + j);
	}
out:
	free(top);
}

/* The kernel's handle count from the free lists (§3.3); false if unread. */
static bool free_list_count(struct win_ctx *c, const uint8_t *b, size_t len,
			    uint64_t next_handle, uint64_t *ret)
{
	const struct win_layout *L = &c->L;
	int64_t sum = 0, cap;
	uint32_t i;

	if (!c->free_list_count)
		return false;
	for (i = 0; i < c->free_list_count; i++) {
		int64_t off = L->ht_free_lists.offset + (int64_t)i * L->size.handle_free_list +
			      L->htfl_handle_count.offset;

		if (off < 0 || (uint64_t)off + 4 > len)
			return false;
		sum += (int32_t)win_u32(b, len, off);
	}
	if (sum < 0)
		sum = 0;
	if (sum > 0xFFFFFFFFLL)
		sum = 0xFFFFFFFFLL;
	cap = (int64_t)((255 * (next_handle >> 2)) >> 8);
	*ret = (uint64_t)(sum < cap ? sum : cap);
	return true;
}

void win_read_handles(struct win_ctx *c, uint32_t p)
{
	const struct win_layout *L = &c->L;
	struct ls_process *pr = &c->m->processes[p];
	uint64_t table = pr->handle_table, tc, debug_info, kernel_count;
	size_t len = (size_t)L->size.handle_table;
	size_t full = (size_t)(L->ht_free_lists.offset +
			       (int64_t)c->free_list_count * L->size.handle_free_list);
	struct table_walk *w;
	struct ls_err err;
	uint8_t *b;
	bool have_count;

	if (!table) {
		/* an exited process: ObKillProcess cleared ObjectTable */
		pr->handle_count.value = 0;
		pr->handle_count.valid = true;
		return;
	}
	if (full > len)
		len = full;
	b = malloc(len);
	w = malloc(sizeof(*w));
	if (!b || !w)
		goto out;
	if (dump_read_kv(c->d, table, b, len, "HANDLE_TABLE", &err) != LS_OK) {
		/* the free lists may run into a missing page: try the header alone */
		len = (size_t)L->size.handle_table;
		if (dump_read_kv(c->d, table, b, len, "HANDLE_TABLE", &err) != LS_OK) {
			model_warn(c->m, "handle table of pid %" PRIu64 " at 0x%" PRIx64 ": %s",
				   pr->pid, table, err.msg);
			goto out;
		}
	}
	memset(w, 0, offsetof(struct table_walk, page));
	w->c = c;
	w->p = p;
	w->pid = pr->pid;
	w->next_handle = (uint32_t)win_get(b, len, &L->ht_next_handle);
	w->type_thread_rec = c->type_thread < 256 ? c->type_record[c->type_thread] : LS_NONE;
	w->type_process_rec = c->type_process < 256 ? c->type_record[c->type_process] : LS_NONE;
	tc = win_get(b, len, &L->ht_table_code);
	debug_info = win_get(b, len, &L->ht_debug_info);
	/* level n holds 512^n leaves of 0x400 handle values each */
	if ((tc & 3) < 3 && w->next_handle > (uint64_t)HANDLES_PER_LEAF << (9 * (tc & 3)))
		model_warn(c->m, "handle table of pid %" PRIu64 ": NextHandleNeedingPool 0x%"
			   PRIx64 " is more than a level-%u table holds", pr->pid, w->next_handle,
			   (unsigned)(tc & 3));
	have_count = free_list_count(c, b, len, w->next_handle, &kernel_count);
	walk_table(w, tc);

	pr = &c->m->processes[p];   /* the walk may have added processes */
	if (have_count) {
		pr->handle_count.value = kernel_count;
		pr->handle_count.valid = true;
		if (kernel_count != w->live && !w->failed_leaves)
			model_warn(c->m, "pid %" PRIu64 ": the free lists count %" PRIu64
				   " handles but the table holds %" PRIu64 " live entries",
				   pr->pid, kernel_count, w->live);
	} else if (!w->failed_leaves) {
		pr->handle_count.value = w->live;
		pr->handle_count.valid = true;
	}
	if (debug_info) {
		pr->trace_db = debug_info;
		win_read_traces(c, p, debug_info);
	}
out:
	free(b);
	free(w);
}
