/* model/win/memsum.c — the !vm memory summary, as model/win/layout.h maps
 * each line to the build's globals. A line whose value cannot be read stays
 * invalid ("not available") rather than guessed. */
#include <inttypes.h>
#include <stdio.h>

#include "winctx.h"

static void read_line(struct win_ctx *c, struct ls_opt *out, uint64_t va,
		      const char *what, bool is_u32)
{
	struct ls_err err;
	uint32_t v32;

	out->valid = false;
	out->value = 0;
	if (!va)
		return;
	if (is_u32) {
		if (dump_read_u32(c->d, 0, va, &v32, what, &err) == LS_OK) {
			out->value = v32;
			out->valid = true;
		}
	} else if (dump_read_u64(c->d, 0, va, &out->value, what, &err) == LS_OK) {
		out->valid = true;
	}
	if (!out->valid)
		model_warn(c->m, "memory summary: %s", err.msg);
}

/* Address of a field inside a global structure, 0 if any part is missing. */
static uint64_t at(const struct win_ctx *c, int64_t sym, int64_t outer, int64_t field)
{
	if (sym < 0 || outer < 0 || field < 0)
		return 0;
	return win_sym(c, sym) + (uint64_t)outer + (uint64_t)field;
}

void win_read_memsum(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	struct ls_memsum *s = &c->m->mem;
	int64_t part = L->sym.MiSystemPartition, state = L->sym.MiState;
	int64_t vp = L->mpart_vp.offset, vs = L->msi_vs.offset, pools = L->msi_pools.offset;

	s->page_size = WIN_PAGE_SIZE;
	read_line(c, &s->physical_pages, at(c, part, vp, L->mvp_phys_pages.offset),
		  "MiSystemPartition.Vp.NumberOfPhysicalPages", false);
	read_line(c, &s->available_pages, at(c, part, vp, L->mvp_available.offset),
		  "MiSystemPartition.Vp.AvailablePages", false);
	read_line(c, &s->resavail_pages, at(c, part, vp, L->mvp_resavail.offset),
		  "MiSystemPartition.Vp.ResidentAvailablePages", false);
	read_line(c, &s->nonpaged_used, at(c, state, pools, L->mps_allocated_np.offset),
		  "MiState.Pools.AllocatedNonPagedPool", false);
	read_line(c, &s->nonpaged_max, at(c, state, vs, L->mvs_max_np_pages.offset),
		  "MiState.Vs.MaximumNonPagedPoolInPages", false);
	read_line(c, &s->paged_used, at(c, state, vs, L->mvs_paged_allocated.offset),
		  "MiState.Vs.PagedPoolInfo.AllocatedPagedPool", false);
	read_line(c, &s->paged_max, at(c, state, vs, L->mvs_paged_size_pages.offset),
		  "MiState.Vs.SizeOfPagedPoolInPages", false);
	read_line(c, &s->committed, at(c, part, vp, L->mvp_committed.offset),
		  "MiSystemPartition.Vp.TotalCommittedPages", false);
	read_line(c, &s->commit_limit, at(c, part, vp, L->mvp_commit_limit.offset),
		  "MiSystemPartition.Vp.TotalCommitLimit", false);
	read_line(c, &s->failed_allocs, L->sym.ExPoolFailures >= 0 ?
		  win_sym(c, L->sym.ExPoolFailures) : 0, "ExPoolFailures", true);
}
