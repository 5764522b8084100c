/* model/win/traces.c — a handle table's trace ring (!htrace).
 *
 * _HANDLE_TRACE_DEBUG_INFO holds TableSize records of
 * _HANDLE_TRACE_DB_ENTRY from TraceDb on. Each new record goes to
 * ++CurrentStackIndex % TableSize, so the newest is at
 * CurrentStackIndex % TableSize; before the first wrap (BitMaskFlags bit
 * 0x40000000 clear) slot 0 is unused and the valid slots are
 * 1..CurrentStackIndex. Records are emitted newest first (seq 0 = newest).
 * The ring is read in chunks so a missing page loses only its records.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

#define TRACE_WRAPPED     0x40000000u
#define TRACE_CHUNK_BYTES (64u * 1024)

static void decode_record(struct win_ctx *c, const uint8_t *e, size_t elen,
			  struct ls_trace *t)
{
	const struct win_layout *L = &c->L;
	unsigned i;

	t->pid = win_get_at(e, elen, L->htdb_client_id.offset, &L->cid_process);
	t->tid = win_get_at(e, elen, L->htdb_client_id.offset, &L->cid_thread);
	t->handle = win_get(e, elen, &L->htdb_handle);
	t->kind = (uint8_t)win_get(e, elen, &L->htdb_type);
	t->nframes = 0;
	for (i = 0; i < WIN_TRACE_STACK_DEPTH && i < LS_TRACE_MAX_FRAMES; i++) {
		uint64_t f = win_u64(e, elen, L->htdb_stack.offset + i * 8);

		t->frames[i] = f;
		if (f)
			t->nframes = (uint8_t)(i + 1);
	}
}

void win_read_traces(struct win_ctx *c, uint32_t p, uint64_t debug_info)
{
	const struct win_layout *L = &c->L;
	uint64_t pid = c->m->processes[p].pid;
	size_t esize = (size_t)L->size.trace_db_entry;
	uint8_t head[0x100];
	size_t hlen = (size_t)L->htdi_trace_db.offset;
	uint64_t db = debug_info + (uint64_t)L->htdi_trace_db.offset;
	uint32_t size, current, flags, count, k, seq = 0;
	uint8_t *ring = NULL;
	bool *ok = NULL;
	struct ls_err err;
	size_t per_chunk, chunk;

	if (hlen == 0 || hlen > sizeof(head) || esize < 0x20 || esize > 0x1000) {
		model_warn(c->m, "handle traces: the profile's trace layout is unusable");
		return;
	}
	if (dump_read_kv(c->d, debug_info, head, hlen, "HANDLE_TRACE_DEBUG_INFO",
			 &err) != LS_OK) {
		model_warn(c->m, "handle traces of pid %" PRIu64 ": %s", pid, err.msg);
		return;
	}
	size = (uint32_t)win_get(head, hlen, &L->htdi_table_size);
	current = (uint32_t)win_get(head, hlen, &L->htdi_current);
	flags = (uint32_t)win_get(head, hlen, &L->htdi_flags);
	if (!size)
		return;
	if (size > WIN_MAX_TRACE_RECORDS ||
	    (c->phys_end && (uint64_t)size * esize > c->phys_end)) {
		model_warn(c->m, "handle traces of pid %" PRIu64 " at 0x%" PRIx64
			   ": TableSize %u is absurd", pid, debug_info, size);
		return;
	}
	if (flags & TRACE_WRAPPED)
		count = size;
	else
		count = current < size ? current : size - 1;
	if (!count)
		return;
	ring = malloc((size_t)size * esize);
	per_chunk = TRACE_CHUNK_BYTES / esize;
	ok = calloc((size + per_chunk - 1) / per_chunk, sizeof(*ok));
	if (!ring || !ok) {
		model_warn(c->m, "handle traces of pid %" PRIu64 ": out of memory", pid);
		goto out;
	}
	for (chunk = 0; chunk * per_chunk < size; chunk++) {
		size_t first = chunk * per_chunk;
		size_t n = size - first < per_chunk ? size - first : per_chunk;

		ok[chunk] = dump_read_kv(c->d, db + first * esize, ring + first * esize,
					 n * esize, "handle trace records", &err) == LS_OK;
		if (!ok[chunk])
			model_warn(c->m, "handle traces of pid %" PRIu64 ", records %zu-%zu: %s",
				   pid, first, first + n - 1, err.msg);
	}
	for (k = 0; k < count; k++) {
		uint32_t idx = (uint32_t)(((uint64_t)current + size - (k % size)) % size);
		struct ls_trace t;

		if (!(flags & TRACE_WRAPPED) && idx == 0)
			break;
		if (!ok[idx / per_chunk])
			continue;
		memset(&t, 0, sizeof(t));
		decode_record(c, ring + (size_t)idx * esize, esize, &t);
		if (!t.kind)
			continue;   /* never written */
		t.process = p;
		t.seq = seq++;
		model_add_trace(c->m, &t);
	}
out:
	free(ring);
	free(ok);
}
