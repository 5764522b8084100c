/* views/cmd_vm.c — !vm: the memory summary, as WinDbg prints it. */
#include <inttypes.h>

#include "../model/triage.h"
#include "cmd_priv.h"

/* A pool is flagged "Excessive" at the triage threshold. */
static bool excessive(struct ls_opt used, struct ls_opt max)
{
	return used.valid && max.valid && max.value &&
		used.value * 1000 >= max.value * TRIAGE_NEAR_PERMILLE;
}

static void line(struct out *o, const char *label, struct ls_opt pages,
		 uint32_t page_size)
{
	if (pages.valid)
		out_printf(o, "\t%-20s%10" PRIu64 " (%10" PRIu64 " Kb)\n", label,
			   pages.value, pages.value * page_size / 1024);
	else
		out_printf(o, "\t%-20s%10s\n", label, "not available");
}

static double pct(struct ls_opt used, struct ls_opt max)
{
	return 100.0 * (double)used.value / (double)max.value;
}

static void vm_rows(struct cmd_env *e, const struct ls_memsum *s, uint32_t ps)
{
	struct rows r;

	rows_begin(&r, e);
	rows_row(&r);
	rows_u64(&r, "page_size", ps);
	rows_opt(&r, "physical_pages", s->physical_pages);
	rows_opt(&r, "available_pages", s->available_pages);
	rows_opt(&r, "resavail_pages", s->resavail_pages);
	rows_opt(&r, "nonpaged_used_pages", s->nonpaged_used);
	rows_opt(&r, "nonpaged_max_pages", s->nonpaged_max);
	rows_opt(&r, "paged_used_pages", s->paged_used);
	rows_opt(&r, "paged_max_pages", s->paged_max);
	rows_opt(&r, "committed_pages", s->committed);
	rows_opt(&r, "commit_limit_pages", s->commit_limit);
	rows_opt(&r, "failed_allocs", s->failed_allocs);
	if (s->nonpaged_used.valid && s->nonpaged_max.valid && s->nonpaged_max.value)
		rows_double(&r, "nonpaged_percent", pct(s->nonpaged_used, s->nonpaged_max));
	else
		rows_null(&r, "nonpaged_percent");
	if (s->paged_used.valid && s->paged_max.valid && s->paged_max.value)
		rows_double(&r, "paged_percent", pct(s->paged_used, s->paged_max));
	else
		rows_null(&r, "paged_percent");
	rows_bool(&r, "nonpaged_excessive", excessive(s->nonpaged_used, s->nonpaged_max));
	rows_bool(&r, "paged_excessive", excessive(s->paged_used, s->paged_max));
	rows_row_end(&r);
	rows_end(&r);
}

enum cmd_result cmd_vm(struct cmd_env *e, int argc, char **argv)
{
	const struct ls_memsum *s = &e->m->mem;
	uint32_t ps = s->page_size ? s->page_size : 4096;
	struct out *o = e->o;

	if (argc > 2)
		return cmd_fail(e, CMD_USAGE, "!vm: too many arguments (usage: !vm)");
	if (argc == 2) {
		uint64_t flags;
		if (!cmd_parse_num(argv[1], &flags))
			return cmd_fail(e, CMD_USAGE, "!vm: FLAGS must be a number");
	}
	if (!s->physical_pages.valid && !s->nonpaged_used.valid &&
	    !s->paged_used.valid && !s->committed.valid && !s->failed_allocs.valid)
		return cmd_fail(e, CMD_READ_FAILED,
				"!vm: the memory summary is not in the dump");
	if (e->c->fmt != OUT_TEXT) {
		vm_rows(e, s, ps);
		return CMD_OK;
	}
	out_printf(o, "\n*** Virtual Memory Usage ***\n");
	line(o, "Physical Memory:", s->physical_pages, ps);
	line(o, "Available Pages:", s->available_pages, ps);
	line(o, "ResAvail Pages:", s->resavail_pages, ps);
	line(o, "NonPagedPool Usage:", s->nonpaged_used, ps);
	line(o, "NonPagedPool Max:", s->nonpaged_max, ps);
	if (excessive(s->nonpaged_used, s->nonpaged_max))
		out_printf(o, "\t********** Excessive NonPaged Pool Usage *****\n");
	line(o, "PagedPool Usage:", s->paged_used, ps);
	line(o, "PagedPool Maximum:", s->paged_max, ps);
	if (excessive(s->paged_used, s->paged_max))
		out_printf(o, "\t********** Excessive Paged Pool Usage *****\n");
	if (s->failed_allocs.valid && s->failed_allocs.value)
		out_printf(o, "\t********** %" PRIu64 " pool allocations have failed **********\n",
			   s->failed_allocs.value);
	else if (!s->failed_allocs.valid)
		out_printf(o, "\t%-20s%10s\n", "Failed allocations:", "not available");
	line(o, "Committed pages:", s->committed, ps);
	line(o, "Commit limit:", s->commit_limit, ps);
	return CMD_OK;
}
