/* views/view_triage.c — the triage chain (model/triage.h) as a page of
 * steps, each fact a link: a tag to who holds it, a holder to its handles,
 * a start address to its threads, an object to its detail, a stack to the
 * handle traces. The verdict is worded as --triage words it
 * (views/cmd_triage.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../model/symbols.h"
#include "../model/triage.h"
#include "cmd_triage.h"
#include "format.h"
#include "out.h"
#include "view.h"

#define WRAP 58   /* value column width at 80 columns */

struct triage_view {
	struct detail d;
	struct triage t;
};
DETAIL_FIRST(struct triage_view);

static void step_heading(struct detail *d, const struct triage *t, enum triage_step_id s)
{
	static const char *const short_names[TRIAGE_NSTEPS] = {
		"Pool", "Tags", "Holders", "Objects", "Traces", "Verdict",
	};
	char field[40];
	enum table_style st = t->level[s] == TRIAGE_ALERT ? STYLE_HOT :
			      t->level[s] == TRIAGE_NODATA ? STYLE_DIM : STYLE_HEADING;

	snprintf(field, sizeof(field), "%d. %s", (int)s + 1, short_names[s]);
	detail_add(d, st, field, "%s: %s", triage_level_name(t->level[s]), triage_step_title(s));
}

/* Long text over several lines, cut at spaces. */
static void add_wrapped(struct detail *d, enum table_style style, const char *field,
			const char *text)
{
	const char *p = text;
	bool first = true;

	while (*p) {
		size_t n = strlen(p), cut = n;

		if (n > WRAP) {
			cut = WRAP;
			while (cut > WRAP / 2 && p[cut] != ' ')
				cut--;
			if (p[cut] != ' ')
				cut = WRAP;
		}
		detail_add(d, style, first ? field : "", "%.*s", (int)cut, p);
		first = false;
		p += cut;
		while (*p == ' ')
			p++;
	}
}

static void add_pool(struct detail *d, const struct triage_pool *p)
{
	char a[FMT_NUM_MAX], b[FMT_NUM_MAX], pct[16];

	if (p->np_used.valid && p->np_max.valid)
		detail_add(d, p->np_near ? STYLE_WARN : STYLE_NORMAL, "  NonPaged pool", "%s of %s (%s)%s",
			   fmt_bytes(p->np_used.value, a, sizeof(a)), fmt_bytes(p->np_max.value, b, sizeof(b)),
			   fmt_percent(p->np_used.value, p->np_max.value, pct, sizeof(pct)),
			   p->np_near ? "  near its limit" : "");
	if (p->p_used.valid && p->p_max.valid)
		detail_add(d, p->p_near ? STYLE_WARN : STYLE_NORMAL, "  Paged pool", "%s of %s (%s)%s",
			   fmt_bytes(p->p_used.value, a, sizeof(a)), fmt_bytes(p->p_max.value, b, sizeof(b)),
			   fmt_percent(p->p_used.value, p->p_max.value, pct, sizeof(pct)),
			   p->p_near ? "  near its limit" : "");
	if (p->failed_allocs.valid)
		detail_add(d, p->failed_allocs.value ? STYLE_WARN : STYLE_NORMAL, "  Failed allocs",
			   "%s", fmt_count(p->failed_allocs.value, a, sizeof(a)));
}

/* Step 2: the tags, linked to their holders when they are a type's tag. */
static void add_tags(const struct model *m, struct detail *d, const struct triage *t)
{
	char field[40], tag[32], a[FMT_NUM_MAX], b[FMT_NUM_MAX], type[64], pct[24];
	struct detail_line *l;
	uint32_t i;

	for (i = 0; i < t->ntags; i++) {
		const struct triage_tag *g = &t->tags[i];

		if (g->pooltag >= m->npooltags)
			continue;
		if (m->pooltags[g->pooltag].name)
			ls_escape(m->pooltags[g->pooltag].name, tag, sizeof(tag));
		else
			fmt_tag(m->pooltags[g->pooltag].tag, tag, sizeof(tag));
		snprintf(field, sizeof(field), "  %s%s", tag, g->paged ? " (paged)" : "");
		if (g->permille)
			snprintf(pct, sizeof(pct), ", %u.%u%% of the pool", g->permille / 10, g->permille % 10);
		else
			pct[0] = '\0';
		l = detail_add(d, g->most_bytes ? STYLE_WARN : STYLE_NORMAL, field,
			       "%s outstanding, %s%s%s%s",
			       fmt_count(g->outstanding, a, sizeof(a)), fmt_bytes(g->bytes, b, sizeof(b)), pct,
			       g->type != LS_NONE ? "; type " : "",
			       g->type != LS_NONE ? view_type_name(m, g->type, type, sizeof(type)) : "");
		if (l && g->type != LS_NONE) {
			l->link = LINK_HOLDERS;
			l->index = g->type;
		}
	}
}

/* Step 3: who holds handles of those types; outliers stand out. */
static void add_holders(const struct model *m, struct detail *d, const struct triage *t)
{
	char field[40], name[64], a[FMT_NUM_MAX], type[64];
	struct detail_line *l;
	uint32_t i;

	for (i = 0; i < t->nholders; i++) {
		const struct triage_holder *h = &t->holders[i];

		snprintf(field, sizeof(field), "  %s", view_process_name(m, h->process, name, sizeof(name)));
		l = detail_add(d, h->outlier ? STYLE_HOT : STYLE_NORMAL, field,
			       "%s %s handles (others: median %u)%s",
			       fmt_count(h->handles, a, sizeof(a)),
			       view_type_name(m, h->type, type, sizeof(type)), h->median,
			       h->outlier ? "  OUTLIER" : "");
		if (l) {
			l->link = LINK_HANDLES;
			l->index = h->process;
			l->index2 = h->type;
		}
	}
}

/* Step 4: start addresses, Process objects and names behind the handles. */
static void add_objects(const struct model *m, struct detail *d, const struct triage *t)
{
	char sym[128], name[64], a[FMT_NUM_MAX], b[FMT_NUM_MAX], esc[96];
	struct detail_line *l;
	uint32_t i;

	for (i = 0; i < t->nthreads; i++) {
		const struct triage_thread_group *g = &t->threads[i];

		view_symbolize(m, g->start, LS_NONE, sym, sizeof(sym));
		l = detail_add(d, g->terminated_held >= TRIAGE_LEAK_MIN ? STYLE_HOT : STYLE_NORMAL,
			       "  Threads from", "%s: %s threads, %s terminated and held; held by %s",
			       sym, fmt_count(g->threads, a, sizeof(a)),
			       fmt_count(g->terminated_held, b, sizeof(b)),
			       view_process_name(m, g->holder, name, sizeof(name)));
		if (l) {
			l->link = LINK_START;
			l->key = g->start;
		}
	}
	for (i = 0; i < t->ntargets; i++) {
		const struct triage_process_target *g = &t->targets[i];

		l = detail_add(d, STYLE_NORMAL, "  Process object", "of %s%s: %s handles, most by %s",
			       view_process_name(m, g->target, name, sizeof(name)),
			       g->target_exited ? " (exited)" : "", fmt_count(g->handles, a, sizeof(a)),
			       view_process_name(m, g->holder, esc, sizeof(esc)));
		if (l) {
			l->link = LINK_OBJECT;
			l->index = g->object;
		}
	}
	for (i = 0; i < t->nnames; i++) {
		const struct triage_name_group *g = &t->names[i];

		l = detail_add(d, STYLE_NORMAL, "  Named", "%s: %s objects in %u directories, %s handles",
			       ls_escape(g->name ? g->name : "?", esc, sizeof(esc)),
			       fmt_count(g->objects, a, sizeof(a)), g->directories,
			       fmt_count(g->handles, b, sizeof(b)));
		if (l) {
			l->link = LINK_OBJECT;
			l->index = g->example;
		}
	}
}

/* Step 5: the OPEN stacks most still-open handles share. */
static void add_stacks(const struct model *m, struct detail *d, const struct triage *t)
{
	char sym[128], name[64];
	struct detail_line *l;
	uint32_t i;

	for (i = 0; i < t->nstacks; i++) {
		const struct triage_stack *s = &t->stacks[i];
		int f = s->suspect_frame >= 0 && s->suspect_frame < s->nframes ? s->suspect_frame : 0;

		if (s->nframes)
			view_symbolize(m, s->frames[f], s->process, sym, sizeof(sym));
		else
			snprintf(sym, sizeof(sym), "?");
		l = detail_add(d, STYLE_NORMAL, "  Stack", "%s: %u of %u traced open handles via %s",
			       view_process_name(m, s->process, name, sizeof(name)), s->count, s->traced, sym);
		if (l) {
			l->link = LINK_TRACES;
			l->index = s->process;
		}
	}
}

/* Run the chain once and lay its steps out as linked lines. */
static enum ls_status triage_load(struct view *v, struct ls_err *err)
{
	struct triage_view *s = v->priv;
	struct detail *d = &s->d;
	const struct triage *t = &s->t;
	const struct triage_verdict *vd = &t->verdict;
	struct detail_line *l;
	char text[1024];

	snprintf(v->arg.crumb, sizeof(v->arg.crumb), "Triage");
	if (triage_run(v->m, &s->t, err) != LS_OK)
		return err ? err->code : LS_ERR_NOMEM;
	step_heading(d, t, TRIAGE_STEP_POOL);
	add_pool(d, &t->pool);
	step_heading(d, t, TRIAGE_STEP_TAGS);
	add_tags(v->m, d, t);
	step_heading(d, t, TRIAGE_STEP_HOLDERS);
	add_holders(v->m, d, t);
	step_heading(d, t, TRIAGE_STEP_OBJECTS);
	add_objects(v->m, d, t);
	step_heading(d, t, TRIAGE_STEP_TRACES);
	add_stacks(v->m, d, t);
	step_heading(d, t, TRIAGE_STEP_VERDICT);
	l = detail_add(d, vd->kind == TRIAGE_NO_LEAK ? STYLE_NORMAL : STYLE_HOT, "  Suspect", "%s",
		       triage_suspect_text(v->m, t, text, sizeof(text)));
	if (l) {
		/* Enter on the suspect goes to the facts that convict it */
		if (vd->kind == TRIAGE_THREAD_START && vd->address) {
			l->link = LINK_START;
			l->key = vd->address;
		} else if (vd->kind == TRIAGE_NAMED_OBJECTS && vd->process != LS_NONE) {
			/* many objects of one name: the holder's handles of the type */
			l->link = LINK_HANDLES;
			l->index = vd->process;
			l->index2 = vd->type;
		} else if (vd->object != LS_NONE) {
			l->link = LINK_OBJECT;
			l->index = vd->object;
		} else if (vd->process != LS_NONE) {
			l->link = LINK_HANDLES;
			l->index = vd->process;
			l->index2 = vd->type;
		}
	}
	add_wrapped(d, STYLE_NORMAL, "  Why", triage_verdict_text(v->m, t, text, sizeof(text)));
	if (d->failed)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	return LS_OK;
}

static void triage_header(const struct view *v, char *buf, size_t len)
{
	const struct triage_view *s = v->priv;
	char text[256];

	snprintf(buf, len, "Verdict: %s", triage_suspect_text(v->m, &s->t, text, sizeof(text)));
}

const struct view_ops view_triage_ops = {
	.name = "Triage",
	.command = "--triage",
	.flags = VIEW_TOP | VIEW_DETAIL,
	.priv_size = sizeof(struct triage_view),
	.load = triage_load,
	.row_count = detail_view_rows,
	.columns = detail_view_columns,
	.cells = detail_view_cells,
	.on_action = detail_view_action,
	.header = triage_header,
	.done = detail_view_done,
};
