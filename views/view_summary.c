/* views/view_summary.c — Summary (!vm): physical memory, pool usage
 * against its limit (a warning when near), failed allocations, and the
 * largest non-paged tag as a link into the drill. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "../model/query.h"
#include "format.h"
#include "out.h"
#include "view.h"

#define NEAR_PERMILLE 900   /* pool at 90 % of its maximum: warn */

struct summary {
	struct detail d;
	uint32_t warnings_row;    /* the Warnings line, UINT32_MAX if none */
	char *warnings;           /* their text, made on Enter, freed in done */
};
DETAIL_FIRST(struct summary);

/* "65,244 (260,976 Kb)" from a page count, "n/a" when absent. */
static void add_pages(struct detail *d, const struct ls_memsum *mem, const char *field,
		      struct ls_opt pages, enum table_style style)
{
	char n[FMT_NUM_MAX], kb[FMT_NUM_MAX];

	if (!pages.valid) {
		detail_add(d, STYLE_DIM, field, "n/a");
		return;
	}
	fmt_count(pages.value, n, sizeof(n));
	fmt_count(pages.value * mem->page_size / 1024, kb, sizeof(kb));
	detail_add(d, style, field, "%s (%s Kb)", n, kb);
}

static void add_pool(struct detail *d, const struct ls_memsum *mem, const char *name,
		     struct ls_opt used, struct ls_opt max)
{
	char field[40], pct[16];
	bool near = used.valid && max.valid && max.value &&
		    used.value * 1000 >= max.value * NEAR_PERMILLE;
	struct detail_line *l;

	snprintf(field, sizeof(field), "%s usage", name);
	add_pages(d, mem, field, used, near ? STYLE_WARN : STYLE_NORMAL);
	snprintf(field, sizeof(field), "%s maximum", name);
	add_pages(d, mem, field, max, STYLE_NORMAL);
	if (used.valid && max.valid && max.value) {
		fmt_percent(used.value, max.value, pct, sizeof(pct));
		l = detail_add(d, near ? STYLE_WARN : STYLE_NORMAL, "", "%s of the maximum%s",
			       pct, near ? "  ** Excessive pool usage **" : "");
		(void)l;
	}
}

/* The !vm lines, then the largest non-paged tag as a link into the drill. */
static enum ls_status summary_load(struct view *v, struct ls_err *err)
{
	struct summary *s = v->priv;
	struct model *m = v->m;
	const struct ls_memsum *mem = &m->mem;
	struct detail *d = &s->d;
	struct detail_line *l;
	const uint32_t *top;
	uint32_t ntop = 0;
	char a[FMT_NUM_MAX], b[FMT_NUM_MAX], c[FMT_NUM_MAX], esc[128];

	snprintf(v->arg.crumb, sizeof(v->arg.crumb), "Summary");
	detail_add(d, STYLE_HEADING, "Dump", "%s", "");
	detail_add(d, STYLE_NORMAL, "Build", "%s",
		   m->facts.build[0] ? ls_escape(m->facts.build, esc, sizeof(esc)) : "unknown");
	if (m->loading)   /* first screen: threads and handles not read yet */
		detail_add(d, STYLE_NORMAL, "Contents", "%s processes, threads and handles loading...",
			   fmt_count(m->nprocesses, a, sizeof(a)));
	else
		detail_add(d, STYLE_NORMAL, "Contents", "%s processes, %s threads, %s handles",
			   fmt_count(m->nprocesses, a, sizeof(a)),
			   fmt_count(m->nthreads, b, sizeof(b)), fmt_count(m->nhandles, c, sizeof(c)));
	s->warnings_row = UINT32_MAX;
	if (m->nwarnings + m->warnings_dropped) {
		s->warnings_row = d->n;
		detail_add(d, STYLE_WARN, "Warnings", "%s things could not be read (Enter: which)",
			   fmt_count(m->nwarnings + m->warnings_dropped, a, sizeof(a)));
	}

	detail_add(d, STYLE_HEADING, "Memory (!vm)", "%s", "");
	add_pages(d, mem, "Physical memory", mem->physical_pages, STYLE_NORMAL);
	add_pages(d, mem, "Available pages", mem->available_pages, STYLE_NORMAL);
	add_pages(d, mem, "ResAvail pages", mem->resavail_pages, STYLE_NORMAL);
	add_pool(d, mem, "NonPagedPool", mem->nonpaged_used, mem->nonpaged_max);
	add_pool(d, mem, "PagedPool", mem->paged_used, mem->paged_max);
	if (!mem->failed_allocs.valid)
		detail_add(d, STYLE_DIM, "Failed allocations", "n/a");
	else
		detail_add(d, mem->failed_allocs.value ? STYLE_WARN : STYLE_NORMAL,
			   "Failed allocations", "%s%s", fmt_count(mem->failed_allocs.value, a, sizeof(a)),
			   mem->failed_allocs.value ? "  ** pool allocations have failed **" : "");
	add_pages(d, mem, "Committed pages", mem->committed, STYLE_NORMAL);
	add_pages(d, mem, "Commit limit", mem->commit_limit, STYLE_NORMAL);

	top = model_top_tags(m, 0, &ntop);
	if (top && ntop && top[0] < m->npooltags) {
		const struct ls_pooltag *t = &m->pooltags[top[0]];

		detail_add(d, STYLE_HEADING, "Pool (!poolused)", "%s", "");
		l = detail_add(d, STYLE_HOT, "Top non-paged tag", "%s  %s outstanding, %s  %s",
			       ls_escape(t->name ? t->name : "?", esc, sizeof(esc)),
			       fmt_count(t->np_allocs - t->np_frees, a, sizeof(a)),
			       fmt_bytes(t->np_bytes, b, sizeof(b)),
			       t->type != LS_NONE ? "(Enter: who holds them)" : "");
		if (l && t->type != LS_NONE) {
			l->link = LINK_HOLDERS;
			l->index = t->type;
		}
	}
	if (d->failed)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	return LS_OK;
}

/* The model's warnings, escaped, one per line, in a text pane. */
static enum view_next open_warnings(struct view *v, struct view_req *req)
{
	struct summary *s = v->priv;
	const struct model *m = v->m;
	struct out o;
	uint32_t i;

	out_init_buffer(&o);
	for (i = 0; i < m->nwarnings; i++) {
		out_str(&o, m->warnings[i]);
		out_write(&o, "\n", 1);
	}
	if (m->warnings_dropped)
		out_printf(&o, "... and %u more\n", m->warnings_dropped);
	free(s->warnings);
	s->warnings = o.failed ? NULL : o.buf;   /* kept until the pane has copied it */
	if (!s->warnings) {
		out_deinit(&o);
		snprintf(req->message, sizeof(req->message), "out of memory");
		return VN_REDRAW;
	}
	view_arg_init(&req->push_arg);
	req->push_ops = &view_text_ops;
	req->push_arg.data = s->warnings;
	snprintf(req->push_arg.crumb, sizeof(req->push_arg.crumb), "Warnings");
	return VN_PUSH;
}

static enum view_next summary_action(struct view *v, enum view_action a, uint32_t row,
				     struct view_req *req)
{
	struct summary *s = v->priv;

	if (a != ACT_ENTER)
		return VN_NOT_MINE;
	if (row == s->warnings_row)
		return open_warnings(v, req);
	if (row < s->d.n && s->d.lines[row].link == LINK_HOLDERS) {
		enum view_next n = detail_follow(v->m, &s->d, row, req);
		uint32_t tag = s->d.lines[row].index;

		/* name the step by its tag, as the drill from Pool does */
		if (n == VN_PUSH && tag < v->m->ntypes && v->m->types[tag].pool_tag)
			fmt_tag(v->m->types[tag].pool_tag, req->push_arg.crumb,
				sizeof(req->push_arg.crumb));
		return n;
	}
	return detail_follow(v->m, &s->d, row, req);
}

static void summary_header(const struct view *v, char *buf, size_t len)
{
	const struct ls_memsum *mem = &v->m->mem;
	char pct[16], f[FMT_NUM_MAX];

	if (mem->nonpaged_used.valid && mem->nonpaged_max.valid && mem->nonpaged_max.value)
		snprintf(buf, len, "NonPaged pool %s full, %s failed allocations",
			 fmt_percent(mem->nonpaged_used.value, mem->nonpaged_max.value, pct, sizeof(pct)),
			 mem->failed_allocs.valid ? fmt_count(mem->failed_allocs.value, f, sizeof(f)) : "n/a");
	else
		snprintf(buf, len, "Pool limits not in the dump");
}

static void summary_done(struct view *v)
{
	struct summary *s = v->priv;

	detail_free(&s->d);
	free(s->warnings);
}

const struct view_ops view_summary_ops = {
	.name = "Summary",
	.command = "!vm",
	.flags = VIEW_TOP | VIEW_DETAIL,
	.priv_size = sizeof(struct summary),
	.load = summary_load,
	.row_count = detail_view_rows,
	.columns = detail_view_columns,
	.cells = detail_view_cells,
	.on_action = summary_action,
	.header = summary_header,
	.done = summary_done,
};
