/* views/cmd_pool.c — !poolused [FLAGS [TAG]]: pool use by tag. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "cmd_priv.h"

enum {
	POOL_VERBOSE = 1,
	POOL_SORT_NONPAGED = 2,
	POOL_SORT_PAGED = 4,
	POOL_SESSION = 8,
};

/* The name a tag is shown and matched by: "Thre", "Ob  ", a slab name. */
static const char *tag_name(const struct ls_pooltag *pt, char *buf, size_t len)
{
	if (pt->tag)
		return fmt_tag(pt->tag, buf, len);
	return pt->name ? pt->name : "";
}

static uint64_t diff(uint64_t allocs, uint64_t frees)
{
	return allocs > frees ? allocs - frees : 0;
}

static const struct model *sort_model;
static int sort_flags;

static int cmp_tags(const void *a, const void *b)
{
	const struct ls_pooltag *x = &sort_model->pooltags[*(const uint32_t *)a];
	const struct ls_pooltag *y = &sort_model->pooltags[*(const uint32_t *)b];
	char bx[8], by[8];
	uint64_t kx = 0, ky = 0;

	if (sort_flags & POOL_SORT_NONPAGED) {
		kx = x->np_bytes;
		ky = y->np_bytes;
	} else if (sort_flags & POOL_SORT_PAGED) {
		kx = x->p_bytes;
		ky = y->p_bytes;
	}
	if (kx != ky)
		return kx > ky ? -1 : 1;
	return strcmp(tag_name(x, bx, sizeof(bx)), tag_name(y, by, sizeof(by)));
}

static void text_desc(struct out *o, const struct model *m, const struct ls_pooltag *pt,
		      const char *name)
{
	if (pt->desc || pt->binary) {
		out_str(o, pt->desc ? pt->desc : "");
		if (pt->binary) {
			out_printf(o, " , Binary: ");
			out_str(o, pt->binary);
		}
	} else if (pt->type != LS_NONE && pt->type < m->ntypes) {
		out_str(o, m->types[pt->type].name);
		out_printf(o, " objects");
	} else if (pt->tag) {
		out_printf(o, "UNKNOWN pooltag '");
		out_str(o, name);
		out_printf(o, "', please update pooltag.txt");
	}
}

static void text_row(struct out *o, const struct model *m, const struct ls_pooltag *pt,
		     int flags)
{
	char nb[8];
	const char *name = tag_name(pt, nb, sizeof(nb));

	out_printf(o, " ");
	out_str(o, name);
	if (strlen(name) < 4)
		out_printf(o, "%*s", (int)(4 - strlen(name)), "");
	if (flags & POOL_VERBOSE)
		out_printf(o, " %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %11" PRIu64
			   " %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %11" PRIu64 "\t",
			   pt->np_allocs, pt->np_frees, diff(pt->np_allocs, pt->np_frees),
			   pt->np_bytes, pt->p_allocs, pt->p_frees,
			   diff(pt->p_allocs, pt->p_frees), pt->p_bytes);
	else
		out_printf(o, " %10" PRIu64 " %11" PRIu64 " %10" PRIu64 " %11" PRIu64 "\t",
			   diff(pt->np_allocs, pt->np_frees), pt->np_bytes,
			   diff(pt->p_allocs, pt->p_frees), pt->p_bytes);
	text_desc(o, m, pt, name);
	out_printf(o, "\n");
}

static void json_row(struct rows *r, const struct model *m, const struct ls_pooltag *pt)
{
	char nb[8];

	rows_row(r);
	rows_str(r, "tag", tag_name(pt, nb, sizeof(nb)));
	rows_u64(r, "nonpaged_allocs", pt->np_allocs);
	rows_u64(r, "nonpaged_frees", pt->np_frees);
	rows_u64(r, "nonpaged_diff", diff(pt->np_allocs, pt->np_frees));
	rows_u64(r, "nonpaged_bytes", pt->np_bytes);
	rows_u64(r, "paged_allocs", pt->p_allocs);
	rows_u64(r, "paged_frees", pt->p_frees);
	rows_u64(r, "paged_diff", diff(pt->p_allocs, pt->p_frees));
	rows_u64(r, "paged_bytes", pt->p_bytes);
	if (pt->type != LS_NONE && pt->type < m->ntypes)
		rows_str(r, "object_type", m->types[pt->type].name);
	else
		rows_null(r, "object_type");
	rows_str(r, "description", pt->desc);
	rows_str(r, "binary", pt->binary);
	rows_row_end(r);
}

enum cmd_result cmd_poolused(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint64_t flags = 0;
	const char *pattern = NULL;
	char padded[8];
	uint32_t *order, n = 0, i;

	if (argc > 3)
		return cmd_fail(e, CMD_USAGE, "!poolused: too many arguments (usage: !poolused [FLAGS [TAG]])");
	if (argc >= 2 && (!cmd_parse_num(argv[1], &flags) || flags > 0xf))
		return cmd_fail(e, CMD_USAGE, "!poolused: FLAGS must be a number 0..f (1 verbose, 2 sort non-paged, 4 sort paged)");
	if ((flags & POOL_SORT_NONPAGED) && (flags & POOL_SORT_PAGED))
		return cmd_fail(e, CMD_USAGE, "!poolused: flags 2 and 4 cannot be used together");
	if (argc == 3) {
		pattern = argv[2];
		if (!strchr(pattern, '*')) {
			if (strlen(pattern) > 4)
				return cmd_fail(e, CMD_USAGE, "!poolused: TAG is at most 4 characters unless it uses *");
			/* a short tag is padded with spaces, as the pool stores it */
			snprintf(padded, sizeof(padded), "%-4s", pattern);
			pattern = padded;
		}
	}
	if (flags & POOL_SESSION)
		return cmd_fail(e, CMD_READ_FAILED, "!poolused: session pool usage is not in the model");
	if (m->npooltags == 0)
		return cmd_fail(e, CMD_READ_FAILED, "!poolused: the pool tag table is not in the dump");

	order = malloc(m->npooltags * sizeof(*order));
	if (!order)
		return cmd_fail(e, CMD_READ_FAILED, "!poolused: out of memory");
	for (i = 0; i < m->npooltags; i++) {
		char nb[8];
		const char *name = tag_name(&m->pooltags[i], nb, sizeof(nb));
		if (!pattern || cmd_glob_match(pattern, name))
			order[n++] = i;
	}
	sort_model = m;
	sort_flags = (int)flags;
	qsort(order, n, sizeof(*order), cmp_tags);

	if (e->c->fmt != OUT_TEXT) {
		struct rows r;

		rows_begin(&r, e);
		for (i = 0; i < n; i++)
			json_row(&r, m, &m->pooltags[order[i]]);
		rows_end(&r);
		free(order);
		return CMD_OK;
	}
	out_printf(e->o, " Sorting by %s\n\n Pool Used:\n",
		   flags & POOL_SORT_NONPAGED ? "NonPaged Pool Consumed" :
		   flags & POOL_SORT_PAGED ? "Paged Pool Consumed" : "Tag");
	if (flags & POOL_VERBOSE)
		out_printf(e->o, "      %-45s%s\n Tag      Allocs      Frees       Diff        Used"
			   "     Allocs      Frees       Diff        Used\n",
			   "           NonPaged", "            Paged");
	else
		out_printf(e->o, "      %-22s%s\n Tag      Allocs        Used     Allocs        Used\n",
			   "     NonPaged", "       Paged");
	for (i = 0; i < n; i++)
		text_row(e->o, m, &m->pooltags[order[i]], (int)flags);
	free(order);
	return CMD_OK;
}
