/* views/view_pool.c — Pool tags (!poolused): one row per tag, largest
 * non-paged user first. Enter on a tag that is an object type's tag lists
 * the processes holding handles of that type. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "../model/query.h"
#include "format.h"
#include "out.h"
#include "view.h"

struct pool {
	const uint32_t *order;    /* tag indexes, most non-paged bytes first */
	uint32_t n;
	uint32_t top;             /* the tag that stands out */
	uint32_t *own;            /* our own order when the model has none */
};

static const struct table_column pool_cols[] = {
	{ "Tag", 4, TABLE_LEFT, 0 },
	{ "NP Allocs", 10, TABLE_RIGHT, 1 },
	{ "NP Frees", 10, TABLE_RIGHT, 1 },
	{ "NP Diff", 9, TABLE_RIGHT, 1 },
	{ "NP Bytes", 11, TABLE_RIGHT, 1 },
	{ "P Diff", 7, TABLE_RIGHT, 1 },
	{ "P Bytes", 9, TABLE_RIGHT, 1 },
	{ "Description", 0, TABLE_LEFT, 0 },
};

/* Linux: slab caches. */
static const struct table_column slab_cols[] = {
	{ "Cache", 22, TABLE_LEFT, 0 },
	{ "Objects", 10, TABLE_RIGHT, 1 },
	{ "Active", 10, TABLE_RIGHT, 1 },
	{ "Size", 6, TABLE_RIGHT, 1 },
	{ "Bytes", 12, TABLE_RIGHT, 1 },
	{ "Description", 0, TABLE_LEFT, 0 },
};

static bool slabs(const struct view *v)
{
	return v->m->facts.os == LS_OS_LINUX;
}

/* Rows in the model's order of non-paged bytes; the first is the tag that
 * stands out. */
static enum ls_status pool_load(struct view *v, struct ls_err *err)
{
	struct pool *p = v->priv;
	uint32_t i;

	snprintf(v->arg.crumb, sizeof(v->arg.crumb), "Pool");
	p->order = model_top_tags(v->m, 0, &p->n);
	if (!p->order || p->n > v->m->npooltags) {
		p->own = malloc((v->m->npooltags + 1) * sizeof(*p->own));
		if (!p->own)
			return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
		for (i = 0; i < v->m->npooltags; i++)
			p->own[i] = i;
		p->order = p->own;
		p->n = v->m->npooltags;
	}
	p->top = p->n ? p->order[0] : LS_NONE;
	return LS_OK;
}

static uint32_t pool_rows(const struct view *v)
{
	return ((const struct pool *)v->priv)->n;
}

static const struct table_column *pool_columns(const struct view *v, unsigned *n)
{
	if (slabs(v)) {
		*n = sizeof(slab_cols) / sizeof(slab_cols[0]);
		return slab_cols;
	}
	*n = sizeof(pool_cols) / sizeof(pool_cols[0]);
	return pool_cols;
}

static uint32_t tag_at(const struct view *v, uint32_t row)
{
	const struct pool *p = v->priv;

	return row < p->n && p->order[row] < v->m->npooltags ? p->order[row] : LS_NONE;
}

/* One tag: counts per pool, description and the binary that owns it. */
static void pool_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	const struct pool *p = v->priv;
	uint32_t i = tag_at(v, row);
	const struct ls_pooltag *t;
	char desc[TABLE_CELL_MAX], bin[64];

	if (i == LS_NONE)
		return;
	t = &v->m->pooltags[i];
	if (t->name)
		cell_dump_str(&out->cell[0], t->name);
	else
		fmt_tag(t->tag, out->cell[0].text, sizeof(out->cell[0].text));
	if (t->type != LS_NONE)
		out->cell[0].style = STYLE_LINK;
	if (i == p->top && t->np_bytes)
		out->style = STYLE_HOT;
	if (slabs(v)) {
		cell_count(&out->cell[1], t->np_allocs);
		cell_count(&out->cell[2], t->np_allocs >= t->np_frees ? t->np_allocs - t->np_frees : 0);
		cell_count(&out->cell[3], t->object_size);
		cell_count(&out->cell[4], t->np_bytes);
		cell_dump_str(&out->cell[5], t->desc ? t->desc : "");
		return;
	}
	cell_count(&out->cell[1], t->np_allocs);
	cell_count(&out->cell[2], t->np_frees);
	cell_count(&out->cell[3], t->np_allocs >= t->np_frees ? t->np_allocs - t->np_frees : 0);
	cell_count(&out->cell[4], t->np_bytes);
	cell_count(&out->cell[5], t->p_allocs >= t->p_frees ? t->p_allocs - t->p_frees : 0);
	cell_count(&out->cell[6], t->p_bytes);
	ls_escape(t->desc ? t->desc : "", desc, sizeof(desc));
	if (t->binary)
		snprintf(out->cell[7].text, sizeof(out->cell[7].text), "%s%sBinary: %s", desc,
			 desc[0] ? ", " : "", ls_escape(t->binary, bin, sizeof(bin)));
	else
		snprintf(out->cell[7].text, sizeof(out->cell[7].text), "%s", desc);
}

/* Enter on an object type's tag: the processes holding that type. */
static enum view_next pool_action(struct view *v, enum view_action a, uint32_t row,
				  struct view_req *req)
{
	uint32_t i = tag_at(v, row);
	const struct ls_pooltag *t;

	if (a != ACT_ENTER)
		return VN_NOT_MINE;
	if (i == LS_NONE)
		return VN_REDRAW;
	t = &v->m->pooltags[i];
	if (t->type == LS_NONE || t->type >= v->m->ntypes) {
		char tag[8];

		snprintf(req->message, sizeof(req->message),
			 "%s is not the tag of an object type: no handles to follow",
			 fmt_tag(t->tag, tag, sizeof(tag)));
		return VN_REDRAW;
	}
	view_arg_init(&req->push_arg);
	req->push_ops = &view_holders_ops;
	req->push_arg.index = t->type;
	if (t->name)
		ls_escape(t->name, req->push_arg.crumb, sizeof(req->push_arg.crumb));
	else
		fmt_tag(t->tag, req->push_arg.crumb, sizeof(req->push_arg.crumb));
	return VN_PUSH;
}

static void pool_header(const struct view *v, char *buf, size_t len)
{
	const struct ls_memsum *mem = &v->m->mem;
	char pct[16], n[FMT_NUM_MAX];

	if (slabs(v))
		snprintf(buf, len, "%s slab caches, most bytes first (the pool tags of Linux)",
			 fmt_count(v->m->npooltags, n, sizeof(n)));
	else if (mem->nonpaged_used.valid && mem->nonpaged_max.valid)
		snprintf(buf, len, "%s tags; NonPaged pool %s full. Enter on a type's tag: who holds them",
			 fmt_count(v->m->npooltags, n, sizeof(n)),
			 fmt_percent(mem->nonpaged_used.value, mem->nonpaged_max.value, pct, sizeof(pct)));
	else
		snprintf(buf, len, "%s tags, most non-paged bytes first. Enter on a type's tag: who holds them",
			 fmt_count(v->m->npooltags, n, sizeof(n)));
}

static void pool_done(struct view *v)
{
	free(((struct pool *)v->priv)->own);
}

const struct view_ops view_pool_ops = {
	.name = "Pool tags",
	.command = "!poolused",
	.flags = VIEW_TOP,
	.priv_size = sizeof(struct pool),
	.load = pool_load,
	.row_count = pool_rows,
	.columns = pool_columns,
	.cells = pool_cells,
	.on_action = pool_action,
	.header = pool_header,
	.done = pool_done,
};
