/* model/win/pool.c — per-tag pool usage from the pool tracker tables.
 *
 * ExPoolTagTables is an array of per-CPU table pointers (NULL-terminated in
 * practice, bounded here by the smallest symbol gap of the known builds);
 * each table holds PoolTrackTableSize _POOL_TRACKER_TABLE entries. Like the
 * kernel's own query, every entry with a non-zero Key is added per tag
 * (mod 2^64: a per-CPU entry can look negative), then the global
 * PoolTrackTableExpansion array. If ExPoolTagTables holds nothing, the
 * PoolTrackTable pointer is used. Tags whose six counters all sum to zero
 * (the reserved Ovfl bucket when nothing overflowed) are left out. The tag -> object type link is made by
 * model_finish from the types' pool tags.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

#define POOL_MAX_CPU_TABLES 1280          /* ExPoolTagTables gap 0x2800 / 8 (Win10) */
#define POOL_MAX_ENTRIES    (1u << 20)     /* real tables: 2K..64K entries */
#define POOL_CHUNK_PTRS     64

struct tag_sum {
	uint32_t tag;
	uint64_t v[6];   /* np bytes, np allocs, np frees, p bytes, p allocs, p frees */
};

struct pool_acc {
	struct tag_sum *tags;
	size_t n, cap;
	struct addrmap by_tag;   /* tag (as a non-zero key) -> index */
};

static void accumulate(struct pool_acc *a, uint32_t tag, const uint64_t v[6])
{
	uint32_t i = addrmap_get(&a->by_tag, (uint64_t)tag | (1ULL << 32));
	unsigned k;

	if (i == UINT32_MAX) {
		if (a->n == a->cap) {
			size_t ncap = a->cap ? a->cap * 2 : 512;
			struct tag_sum *nt = realloc(a->tags, ncap * sizeof(*nt));

			if (!nt)
				return;
			a->tags = nt;
			a->cap = ncap;
		}
		i = (uint32_t)a->n++;
		memset(&a->tags[i], 0, sizeof(a->tags[i]));
		a->tags[i].tag = tag;
		addrmap_put(&a->by_tag, (uint64_t)tag | (1ULL << 32), i);
	}
	for (k = 0; k < 6; k++)
		a->tags[i].v[k] += v[k];
}

static void add_table(struct win_ctx *c, struct pool_acc *a, uint64_t table,
		      uint64_t entries, const char *what)
{
	const struct win_layout *L = &c->L;
	size_t esize = (size_t)L->size.pool_tracker;
	const struct profile_field *f[6] = {
		&L->ptt_np_bytes, &L->ptt_np_allocs, &L->ptt_np_frees,
		&L->ptt_p_bytes, &L->ptt_p_allocs, &L->ptt_p_frees,
	};
	struct ls_err err;
	uint8_t *buf;
	uint64_t i;

	if (!table || !entries)
		return;
	if (entries > POOL_MAX_ENTRIES || esize < 0x38 ||
	    (c->phys_end && entries * esize > c->phys_end)) {
		model_warn(c->m, "%s at 0x%" PRIx64 ": %" PRIu64 " entries is absurd",
			   what, table, entries);
		return;
	}
	buf = malloc(entries * esize);
	if (!buf)
		return;
	if (dump_read_kv(c->d, table, buf, entries * esize, what, &err) != LS_OK) {
		model_warn(c->m, "pool usage: %s", err.msg);
		free(buf);
		return;
	}
	for (i = 0; i < entries; i++) {
		const uint8_t *e = buf + i * esize;
		uint32_t key = (uint32_t)win_get(e, esize, &L->ptt_key);
		uint64_t v[6];
		unsigned k;

		if (!key)
			continue;
		for (k = 0; k < 6; k++)
			v[k] = win_get(e, esize, f[k]);
		accumulate(a, key, v);
	}
	free(buf);
}

/* The per-CPU table pointers; returns how many (deduplicated, non-NULL). */
static size_t cpu_tables(struct win_ctx *c, uint64_t *tables)
{
	uint64_t at = win_sym(c, c->L.sym.ExPoolTagTables);
	uint8_t chunk[POOL_CHUNK_PTRS * 8];
	struct ls_err err;
	size_t n = 0, i, j, k;

	for (i = 0; i < POOL_MAX_CPU_TABLES; i += POOL_CHUNK_PTRS) {
		if (dump_read_kv(c->d, at + i * 8, chunk, sizeof(chunk), "ExPoolTagTables",
				 &err) != LS_OK) {
			if (i == 0)
				model_warn(c->m, "%s", err.msg);
			return n;
		}
		for (j = 0; j < POOL_CHUNK_PTRS; j++) {
			uint64_t t = win_u64(chunk, sizeof(chunk), j * 8);
			bool dup = false;

			if (!t)
				return n;
			for (k = 0; k < n && !dup; k++)
				dup = tables[k] == t;
			if (!dup && dump_va_canonical(t))
				tables[n++] = t;
		}
	}
	return n;
}

void win_read_pool(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	struct pool_acc a = { 0 };
	uint64_t *tables = malloc(POOL_MAX_CPU_TABLES * sizeof(*tables));
	uint64_t size = 0, exp = 0, exp_size = 0, ptt = 0;
	struct ls_err err;
	size_t n, i;

	addrmap_init(&a.by_tag);
	if (!tables)
		return;
	if (dump_read_u64(c->d, 0, win_sym(c, L->sym.PoolTrackTableSize), &size,
			  "PoolTrackTableSize", &err) != LS_OK) {
		model_warn(c->m, "%s: pool usage unavailable", err.msg);
		goto out;
	}
	n = cpu_tables(c, tables);
	if (!n && dump_read_u64(c->d, 0, win_sym(c, L->sym.PoolTrackTable), &ptt,
				"PoolTrackTable", &err) == LS_OK && ptt)
		tables[n++] = ptt;
	for (i = 0; i < n; i++)
		add_table(c, &a, tables[i], size, "pool tracker table");
	if (dump_read_u64(c->d, 0, win_sym(c, L->sym.PoolTrackTableExpansion), &exp,
			  "PoolTrackTableExpansion", &err) == LS_OK &&
	    dump_read_u64(c->d, 0, win_sym(c, L->sym.PoolTrackTableExpansionSize),
			  &exp_size, "PoolTrackTableExpansionSize", &err) == LS_OK)
		add_table(c, &a, exp, exp_size, "PoolTrackTableExpansion");
	else
		model_warn(c->m, "%s", err.msg);

	for (i = 0; i < a.n; i++) {
		struct ls_pooltag t;
		char name[5];

		/* a reserved slot nobody charged (the Ovfl bucket): no news */
		if (!(a.tags[i].v[0] | a.tags[i].v[1] | a.tags[i].v[2] |
		      a.tags[i].v[3] | a.tags[i].v[4] | a.tags[i].v[5]))
			continue;
		memset(&t, 0, sizeof(t));
		t.tag = a.tags[i].tag;
		ls_tag_str(t.tag, name);
		t.name = model_strdup(c->m, name);
		t.np_bytes = a.tags[i].v[0];
		t.np_allocs = a.tags[i].v[1];
		t.np_frees = a.tags[i].v[2];
		t.p_bytes = a.tags[i].v[3];
		t.p_allocs = a.tags[i].v[4];
		t.p_frees = a.tags[i].v[5];
		t.type = LS_NONE;
		model_add_pooltag(c->m, &t);
	}
out:
	free(tables);
	free(a.tags);
	addrmap_deinit(&a.by_tag);
}
