/* views/cmd_triage.c — the triage chain (model/triage) as text and JSON:
 * --triage, the !triage command, and the sentences the TUI shows. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/symbols.h"
#include "cmd_priv.h"
#include "cmd_triage.h"
#include "format.h"

#define NAME_MAX_ESC 160
#define SYM_MAX 256

const char *triage_step_title(enum triage_step_id step)
{
	static const char *const titles[TRIAGE_NSTEPS] = {
		"Pool usage", "Top pool tags", "Who holds handles of these types",
		"What the objects are", "Handle traces", "Verdict",
	};
	return step < TRIAGE_NSTEPS ? titles[step] : "?";
}

const char *triage_level_name(enum triage_level level)
{
	switch (level) {
	case TRIAGE_OK: return "ok";
	case TRIAGE_ALERT: return "ALERT";
	case TRIAGE_NODATA: return "no data";
	}
	return "?";
}

const char *triage_kind_name(enum triage_culprit kind)
{
	switch (kind) {
	case TRIAGE_NO_LEAK: return "no_leak";
	case TRIAGE_THREAD_START: return "thread_start";
	case TRIAGE_OBJECT_HOLDER: return "object_holder";
	case TRIAGE_NAMED_OBJECTS: return "named_objects";
	case TRIAGE_TYPE_HOLDER: return "type_holder";
	}
	return "?";
}

/* ---- escaped names ------------------------------------------------------ */

static const char *image(const struct model *m, uint32_t p, char *buf, size_t len)
{
	if (p >= m->nprocesses || !m->processes[p].name)
		return "?";
	return ls_escape(m->processes[p].name, buf, len);
}

static const char *module_name(const struct model *m, uint32_t mod, char *buf, size_t len)
{
	if (mod >= m->nmodules || !m->modules[mod].name)
		return "no module";
	return ls_escape(m->modules[mod].name, buf, len);
}

static const char *type_name(const struct model *m, uint32_t t, char *buf, size_t len)
{
	if (t >= m->ntypes || !m->types[t].name)
		return "?";
	return ls_escape(m->types[t].name, buf, len);
}

static const char *symbol(const struct model *m, uint64_t addr, uint32_t p, char *buf, size_t len)
{
	char raw[SYM_MAX];

	return ls_escape(model_symbolize(m, addr, p, raw, sizeof(raw)), buf, len);
}

static const char *tag_text(const struct model *m, uint32_t tag, char *buf, size_t len)
{
	const struct ls_pooltag *pt;

	if (tag >= m->npooltags)
		return "?";
	pt = &m->pooltags[tag];
	if (pt->tag)
		return fmt_tag(pt->tag, buf, len);
	return ls_escape(pt->name ? pt->name : "?", buf, len);
}

static uint64_t pid_of(const struct model *m, uint32_t p)
{
	return p < m->nprocesses ? m->processes[p].pid : 0;
}

/* ---- the verdict in words -------------------------------------------------- */

const char *triage_case_suspect(const struct model *m, const struct triage *t,
				const struct triage_verdict *v, char *buf, size_t len)
{
	char a[NAME_MAX_ESC], b[SYM_MAX], c[NAME_MAX_ESC];
	const char *bang;

	switch (v->kind) {
	case TRIAGE_THREAD_START:
		symbol(m, v->address, v->process, b, sizeof(b));
		bang = strchr(b, '!');
		if (v->module != LS_NONE)
			snprintf(buf, len, "%s (%s)", module_name(m, v->module, a, sizeof(a)),
				 bang ? bang + 1 : b);
		else
			snprintf(buf, len, "code at %s", b);
		break;
	case TRIAGE_OBJECT_HOLDER:
	case TRIAGE_TYPE_HOLDER:
		if (v->stack != LS_NONE && v->address)
			snprintf(buf, len, "%s (stack %s)", image(m, v->process, a, sizeof(a)),
				 symbol(m, v->address, v->process, b, sizeof(b)));
		else if (v->target != LS_NONE)
			snprintf(buf, len, "%s (%s handles to %s)", image(m, v->process, a, sizeof(a)),
				 type_name(m, v->type, b, sizeof(b)), image(m, v->target, c, sizeof(c)));
		else
			snprintf(buf, len, "%s (%s handles)", image(m, v->process, a, sizeof(a)),
				 type_name(m, v->type, b, sizeof(b)));
		break;
	case TRIAGE_NAMED_OBJECTS:
		snprintf(buf, len, "%s (%s %s objects)", image(m, v->process, a, sizeof(a)),
			 ls_escape(v->name ? v->name : "?", c, sizeof(c)),
			 type_name(m, v->type, b, sizeof(b)));
		break;
	default:
		snprintf(buf, len, "no leak found");
	}
	return buf;
}

const char *triage_suspect_text(const struct model *m, const struct triage *t,
				char *buf, size_t len)
{
	return triage_case_suspect(m, t, &t->verdict, buf, len);
}

/* "; their tag TAG leads the non-paged pool, ..." or "". */
static void pressure_clause(const struct model *m, const struct triage *t,
			    const struct triage_verdict *v, char *buf, size_t len)
{
	char tg[NAME_MAX_ESC];

	buf[0] = '\0';
	if (v->pool_pressure)
		snprintf(buf, len, "; their tag %s leads the %s pool, which is at %.1f%% of its limit",
			 tag_text(m, v->pooltag, tg, sizeof(tg)),
			 t->pool.pressured ? "paged" : "non-paged",
			 (t->pool.pressured ? t->pool.p_permille : t->pool.np_permille) / 10.0);
}

/* " They were opened from SYM (the OPEN stack of N of M traced handles)." */
static void stack_clause(const struct model *m, const struct triage *t,
			 const struct triage_verdict *v, char *buf, size_t len)
{
	const struct triage_stack *s;
	char sy[SYM_MAX];

	buf[0] = '\0';
	if (v->stack == LS_NONE || v->stack >= t->nstacks)
		return;
	s = &t->stacks[v->stack];
	if (s->suspect_frame < 0)
		snprintf(buf, len, "; %u of %u traced open handles share one OPEN stack",
			 s->count, s->traced);
	else
		snprintf(buf, len, "; %u of %u traced open handles were opened from %s",
			 s->count, s->traced,
			 symbol(m, s->frames[s->suspect_frame], s->process, sy, sizeof(sy)));
}

const char *triage_case_text(const struct model *m, const struct triage *t,
			     const struct triage_verdict *v, char *buf, size_t len)
{
	char a[NAME_MAX_ESC], b[SYM_MAX], c[NAME_MAX_ESC], d[NAME_MAX_ESC];
	char pr[300], st[400];
	uint32_t i;

	pressure_clause(m, t, v, pr, sizeof(pr));
	stack_clause(m, t, v, st, sizeof(st));
	switch (v->kind) {
	case TRIAGE_THREAD_START: {
		const struct triage_thread_group *g = NULL;
		for (i = 0; i < t->nthreads; i++)
			if (t->threads[i].start == v->address)
				g = &t->threads[i];
		if (g && g->terminated_held && v->process != LS_NONE)
			snprintf(d, sizeof(d), "; %s (Cid %04" PRIx64 ") holds %u of the handles to them",
				 image(m, v->process, a, sizeof(a)), pid_of(m, v->process),
				 g->holder_handles);
		else
			d[0] = '\0';
		if (g && g->orphaned)
			snprintf(c, sizeof(c), "; %u are on no thread list and behind no handle, "
				 "kept by other references", g->orphaned);
		else
			c[0] = '\0';
		snprintf(buf, len, "%u terminated threads that started at %s are still kept in "
			 "memory%s%s%s%s", v->count, symbol(m, v->address, v->process, b, sizeof(b)),
			 g && g->terminated_held ? " by handles" : "", d, c, pr);
		break;
	}
	case TRIAGE_OBJECT_HOLDER: {
		const struct ls_object *ob = &m->objects[v->object];
		uint32_t target = v->target != LS_NONE ? v->target : ob->process;
		char what[64];

		if (v->objects > 1)
			snprintf(what, sizeof(what), "%u %s objects", v->objects,
				 type_name(m, v->type, b, sizeof(b)));
		else
			snprintf(what, sizeof(what), "one %s object",
				 type_name(m, v->type, b, sizeof(b)));
		if (target != LS_NONE)
			snprintf(c, sizeof(c), " (%s %s, Cid %04" PRIx64 "%s)",
				 v->objects > 1 ? "all of them the process" : "the process object of",
				 image(m, target, d, sizeof(d)), pid_of(m, target),
				 m->processes[target].exited ? ", exited" : "");
		else if (ob->name)
			snprintf(c, sizeof(c), " named %s", ls_escape(ob->name, d, sizeof(d)));
		else
			c[0] = '\0';
		snprintf(buf, len, "%s (Cid %04" PRIx64 ") holds %u handles to %s%s%s%s",
			 image(m, v->process, a, sizeof(a)), pid_of(m, v->process), v->count,
			 what, c, pr, st);
		break;
	}
	case TRIAGE_NAMED_OBJECTS: {
		const struct triage_name_group *g = NULL;
		for (i = 0; i < t->nnames; i++)
			if (t->names[i].name == v->name)
				g = &t->names[i];
		uint32_t dirs = g ? g->directories : 0;

		snprintf(buf, len, "%s (Cid %04" PRIx64 ") holds %u handles to %u %s objects "
			 "named %s in %u %s%s%s",
			 image(m, v->process, a, sizeof(a)), pid_of(m, v->process), v->count,
			 g ? g->objects : v->count, type_name(m, v->type, b, sizeof(b)),
			 ls_escape(v->name ? v->name : "?", c, sizeof(c)), dirs,
			 dirs == 1 ? "directory" : "different directories", pr, st);
		break;
	}
	case TRIAGE_TYPE_HOLDER: {
		uint32_t median = 0;
		for (i = 0; i < t->nholders; i++)
			if (t->holders[i].type == v->type && t->holders[i].process == v->process)
				median = t->holders[i].median;
		snprintf(buf, len, "%s (Cid %04" PRIx64 ") holds %u handles to %s objects, "
			 "against a median of %u for the other holders%s%s",
			 image(m, v->process, a, sizeof(a)), pid_of(m, v->process), v->count,
			 type_name(m, v->type, b, sizeof(b)), median, pr, st);
		break;
	}
	default:
		if (t->pool.pressured >= 0)
			snprintf(buf, len, "no leak found in handles: the %s pool is at %.1f%% of its "
				 "limit, but no process holds an outlying number of handles, "
				 "no terminated threads are kept by handles in numbers and no "
				 "object is referenced far more than usual",
				 t->pool.pressured ? "paged" : "non-paged",
				 (t->pool.pressured ? t->pool.p_permille : t->pool.np_permille) / 10.0);
		else
			snprintf(buf, len, "no leak found: no pool is near its limit, no process "
				 "holds an outlying number of handles of one type, and no "
				 "terminated threads or duplicate handles pile up");
	}
	return buf;
}

const char *triage_verdict_text(const struct model *m, const struct triage *t,
				char *buf, size_t len)
{
	return triage_case_text(m, t, &t->verdict, buf, len);
}

/* ---- text ------------------------------------------------------------------ */

static void heading(struct out *o, const struct triage *t, enum triage_step_id s)
{
	out_printf(o, "\n%d. %-58s [%s]\n", (int)s + 1, triage_step_title(s),
		   s == TRIAGE_STEP_VERDICT
		   ? (t->verdict.kind == TRIAGE_NO_LEAK ? "no leak" : "LEAK")
		   : triage_level_name(t->level[s]));
}

static void text_pool_line(struct out *o, const char *label, struct ls_opt used,
			   struct ls_opt max, uint32_t pm, bool near)
{
	char a[FMT_NUM_MAX], b[FMT_NUM_MAX];

	if (!used.valid) {
		out_printf(o, "   %-15s not available\n", label);
		return;
	}
	out_printf(o, "   %-15s %s", label, fmt_kb(used.value, a, sizeof(a)));
	if (max.valid)
		out_printf(o, " of %s (%.1f%%)%s", fmt_kb(max.value, b, sizeof(b)), pm / 10.0,
			   near ? "  <- near its limit" : "");
	out_printf(o, "\n");
}

static void text_pool(struct out *o, const struct triage *t)
{
	const struct triage_pool *p = &t->pool;

	heading(o, t, TRIAGE_STEP_POOL);
	text_pool_line(o, "NonPaged pool:", p->np_used, p->np_max, p->np_permille, p->np_near);
	text_pool_line(o, "Paged pool:", p->p_used, p->p_max, p->p_permille, p->p_near);
	if (p->failed_allocs.valid)
		out_printf(o, "   Failed pool allocations: %" PRIu64 "%s\n", p->failed_allocs.value,
			   p->failed_allocs.value ? "  <- allocations are failing" : "");
	else
		out_printf(o, "   Failed pool allocations: not available\n");
	out_printf(o, "   see: !vm\n");
}

static void text_tags(struct out *o, const struct model *m, const struct triage *t)
{
	char tg[NAME_MAX_ESC], ty[NAME_MAX_ESC];
	uint32_t i;

	heading(o, t, TRIAGE_STEP_TAGS);
	if (t->ntags == 0)
		out_printf(o, "   no pool tag table in the dump\n");
	for (i = 0; i < t->ntags; i++) {
		const struct triage_tag *g = &t->tags[i];
		out_printf(o, "   %-8s %-4s %10" PRIu64 " outstanding %12" PRIu64 " bytes",
			   g->paged ? "Paged" : "NonPaged", tag_text(m, g->pooltag, tg, sizeof(tg)),
			   g->outstanding, g->bytes);
		if (g->permille)
			out_printf(o, " (%.1f%% of the pool)", g->permille / 10.0);
		if (g->type != LS_NONE)
			out_printf(o, "  %s objects", type_name(m, g->type, ty, sizeof(ty)));
		if (g->most_bytes || g->most_allocs)
			out_printf(o, "  <- most %s", g->most_bytes && g->most_allocs
				   ? "bytes and allocations" : g->most_bytes ? "bytes" : "allocations");
		out_printf(o, "\n");
	}
	out_printf(o, "   see: !poolused %d\n", t->pool.pressured == 1 ? 5 : 3);
}

static void text_holders(struct out *o, const struct model *m, const struct triage *t)
{
	char a[NAME_MAX_ESC], ty[NAME_MAX_ESC], ad[FMT_ADDR_MAX];
	uint32_t i, seen = LS_NONE;

	heading(o, t, TRIAGE_STEP_HOLDERS);
	if (t->nholders == 0)
		out_printf(o, "   no object type among the top tags has handles\n");
	for (i = 0; i < t->nholders; i++) {
		const struct triage_holder *h = &t->holders[i];
		if (h->type != seen) {
			out_printf(o, "   %s: %u handles held by %u processes\n",
				   type_name(m, h->type, ty, sizeof(ty)), h->type_handles, h->nholders);
			seen = h->type;
		}
		out_printf(o, "     %-20s Cid %04" PRIx64 "  %8u handles  (median of the others: %u)%s\n",
			   image(m, h->process, a, sizeof(a)), pid_of(m, h->process), h->handles,
			   h->median, h->outlier ? "  <- outlier" : "");
	}
	for (i = 0; i < t->nholders; i++)
		if (t->holders[i].outlier) {
			out_printf(o, "   see: .process %s; !handle 0 3 -1 %s\n",
				   fmt_addr(m->processes[t->holders[i].process].addr, ad, sizeof(ad)),
				   type_name(m, t->holders[i].type, ty, sizeof(ty)));
			break;
		}
}

static void text_objects(struct out *o, const struct model *m, const struct triage *t)
{
	char a[NAME_MAX_ESC], b[NAME_MAX_ESC], c[NAME_MAX_ESC], sy[SYM_MAX], ad[FMT_ADDR_MAX];
	uint32_t i;

	heading(o, t, TRIAGE_STEP_OBJECTS);
	if (t->nthreads) {
		out_printf(o, "   Threads held by handles or kept off every list, by start address:\n");
		for (i = 0; i < t->nthreads; i++) {
			const struct triage_thread_group *g = &t->threads[i];
			out_printf(o, "     %s (%s): %u threads, %u terminated, %u held by %u handles "
				   "(%u terminated and held)",
				   symbol(m, g->start, g->owner, sy, sizeof(sy)),
				   module_name(m, g->module, a, sizeof(a)), g->threads, g->terminated,
				   g->held, g->handles, g->terminated_held);
			if (g->orphaned)
				out_printf(o, ", %u terminated on no list and behind no handle",
					   g->orphaned);
			out_printf(o, "\n       owner %s", g->owner == LS_NONE ? "none (exited)"
				   : image(m, g->owner, b, sizeof(b)));
			if (g->holder != LS_NONE)
				out_printf(o, ", handles held mostly by %s (Cid %04" PRIx64 ", %u)",
					   image(m, g->holder, c, sizeof(c)), pid_of(m, g->holder),
					   g->holder_handles);
			out_printf(o, "\n");
			if (g->example != LS_NONE)
				out_printf(o, "       see: !thread %s\n",
					   fmt_addr(m->threads[g->example].addr, ad, sizeof(ad)));
		}
	}
	if (t->ntargets) {
		out_printf(o, "   Process objects behind handles, by the process they are:\n");
		for (i = 0; i < t->ntargets; i++) {
			const struct triage_process_target *g = &t->targets[i];
			out_printf(o, "     %s (Cid %04" PRIx64 "%s): %u handles to %u object%s, "
				   "most held by %s (%u)\n",
				   image(m, g->target, a, sizeof(a)), pid_of(m, g->target),
				   g->target_exited ? ", exited" : "", g->handles, g->objects,
				   g->objects == 1 ? "" : "s",
				   image(m, g->holder, b, sizeof(b)), g->holder_handles);
		}
	}
	if (t->nnames) {
		out_printf(o, "   Named objects sharing a name:\n");
		for (i = 0; i < t->nnames; i++) {
			const struct triage_name_group *g = &t->names[i];
			const struct ls_object *ex = &m->objects[g->example];
			out_printf(o, "     %s (%s): %u objects in %u directories, %u handles, "
				   "most held by %s (%u)\n",
				   ls_escape(g->name, a, sizeof(a)), type_name(m, g->type, b, sizeof(b)),
				   g->objects, g->directories, g->handles,
				   image(m, g->holder, c, sizeof(c)), g->holder_handles);
			out_printf(o, "       e.g. %s", fmt_addr(ex->body, ad, sizeof(ad)));
			if (ex->path) {
				out_printf(o, " ");
				out_str(o, ex->path);
			}
			out_printf(o, "  (see: !object %s)\n", ad);
		}
	}
	if (!t->nthreads && !t->ntargets && !t->nnames)
		out_printf(o, "   nothing stands out among thread, process and named objects\n");
}

static void text_traces(struct out *o, const struct model *m, const struct triage *t)
{
	char a[NAME_MAX_ESC], sy[SYM_MAX], ad[FMT_ADDR_MAX];
	uint32_t i;
	int f;

	heading(o, t, TRIAGE_STEP_TRACES);
	if (t->traced_processes == 0) {
		out_printf(o, "   no process has handle tracing on (enable it with Application "
			   "Verifier or gflags, then !htrace)\n");
		return;
	}
	out_printf(o, "   %u process%s with handle tracing\n", t->traced_processes,
		   t->traced_processes == 1 ? "" : "es");
	for (i = 0; i < t->nstacks; i++) {
		const struct triage_stack *s = &t->stacks[i];
		out_printf(o, "   %s (Cid %04" PRIx64 "): %u of %u traced open handles were opened by:\n",
			   image(m, s->process, a, sizeof(a)), pid_of(m, s->process), s->count, s->traced);
		for (f = 0; f < s->nframes; f++)
			out_printf(o, "       %s%s\n", symbol(m, s->frames[f], s->process, sy, sizeof(sy)),
				   f == s->suspect_frame ? "   <- first frame outside the OS" : "");
	}
	if (t->nstacks)
		out_printf(o, "   see: !htrace 0 %s\n",
			   fmt_addr(m->processes[t->stacks[0].process].addr, ad, sizeof(ad)));
}

static void text_triage(struct out *o, const struct model *m, const struct triage *t)
{
	char s[512], w[2048];
	uint32_t i;

	out_printf(o, "leakscope triage: pool -> tags -> holders -> objects -> traces -> verdict\n");
	text_pool(o, t);
	text_tags(o, m, t);
	text_holders(o, m, t);
	text_objects(o, m, t);
	text_traces(o, m, t);
	heading(o, t, TRIAGE_STEP_VERDICT);
	out_printf(o, "   Suspect: %s\n", triage_suspect_text(m, t, s, sizeof(s)));
	out_printf(o, "   Why: %s.\n", triage_verdict_text(m, t, w, sizeof(w)));
	for (i = 0; i < t->nalso; i++) {
		out_printf(o, "   Also: %s\n", triage_case_suspect(m, t, &t->also[i], s, sizeof(s)));
		out_printf(o, "         %s.\n", triage_case_text(m, t, &t->also[i], w, sizeof(w)));
	}
}

/* ---- JSON ------------------------------------------------------------------ */

static void j_process(struct jw *w, const struct model *m, const char *prefix, uint32_t p)
{
	char k[64];

	snprintf(k, sizeof(k), "%s_pid", prefix);
	if (p < m->nprocesses)
		jw_u64(w, k, m->processes[p].pid);
	else
		jw_null(w, k);
	snprintf(k, sizeof(k), "%s_image", prefix);
	jw_str(w, k, p < m->nprocesses ? m->processes[p].name : NULL);
	snprintf(k, sizeof(k), "%s_addr", prefix);
	if (p < m->nprocesses)
		jw_hex(w, k, m->processes[p].addr);
	else
		jw_null(w, k);
}

static void j_tagname(struct jw *w, const struct model *m, const char *key, uint32_t tag)
{
	char tg[8];

	if (tag >= m->npooltags)
		jw_null(w, key);
	else if (m->pooltags[tag].tag)
		jw_str(w, key, fmt_tag(m->pooltags[tag].tag, tg, sizeof(tg)));
	else
		jw_str(w, key, m->pooltags[tag].name);
}

static void j_type(struct jw *w, const struct model *m, const char *key, uint32_t t)
{
	jw_str(w, key, t < m->ntypes ? m->types[t].name : NULL);
}

static void j_level(struct jw *w, const struct triage *t, enum triage_step_id s)
{
	static const char *const names[] = { "ok", "alert", "no_data" };
	jw_str(w, "level", names[t->level[s]]);
}

static void j_pool(struct jw *w, const struct triage *t)
{
	const struct triage_pool *p = &t->pool;

	jw_obj(w, "pool");
	j_level(w, t, TRIAGE_STEP_POOL);
	jw_opt(w, "nonpaged_used_bytes", p->np_used);
	jw_opt(w, "nonpaged_max_bytes", p->np_max);
	if (p->np_used.valid && p->np_max.valid)
		jw_double(w, "nonpaged_percent", p->np_permille / 10.0);
	else
		jw_null(w, "nonpaged_percent");
	jw_bool(w, "nonpaged_near_limit", p->np_near);
	jw_opt(w, "paged_used_bytes", p->p_used);
	jw_opt(w, "paged_max_bytes", p->p_max);
	if (p->p_used.valid && p->p_max.valid)
		jw_double(w, "paged_percent", p->p_permille / 10.0);
	else
		jw_null(w, "paged_percent");
	jw_bool(w, "paged_near_limit", p->p_near);
	jw_opt(w, "failed_allocs", p->failed_allocs);
	jw_str(w, "pressured_pool", p->pressured < 0 ? NULL : p->pressured ? "paged" : "nonpaged");
	jw_obj_end(w);
}

static void j_tags(struct jw *w, const struct model *m, const struct triage *t)
{
	uint32_t i;

	jw_obj(w, "tags");
	j_level(w, t, TRIAGE_STEP_TAGS);
	jw_arr(w, "rows");
	for (i = 0; i < t->ntags; i++) {
		const struct triage_tag *g = &t->tags[i];
		jw_obj(w, NULL);
		j_tagname(w, m, "tag", g->pooltag);
		jw_str(w, "pool", g->paged ? "paged" : "nonpaged");
		jw_u64(w, "outstanding", g->outstanding);
		jw_u64(w, "bytes", g->bytes);
		jw_double(w, "percent_of_pool", g->permille / 10.0);
		j_type(w, m, "object_type", g->type);
		jw_bool(w, "most_bytes", g->most_bytes);
		jw_bool(w, "most_allocs", g->most_allocs);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void j_holders(struct jw *w, const struct model *m, const struct triage *t)
{
	uint32_t i;

	jw_obj(w, "holders");
	j_level(w, t, TRIAGE_STEP_HOLDERS);
	jw_arr(w, "rows");
	for (i = 0; i < t->nholders; i++) {
		const struct triage_holder *h = &t->holders[i];
		jw_obj(w, NULL);
		j_type(w, m, "type", h->type);
		j_process(w, m, "holder", h->process);
		jw_u64(w, "handles", h->handles);
		jw_u64(w, "median_of_others", h->median);
		jw_u64(w, "type_handles", h->type_handles);
		jw_u64(w, "holders", h->nholders);
		jw_bool(w, "outlier", h->outlier);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void j_objects(struct jw *w, const struct model *m, const struct triage *t)
{
	char sy[SYM_MAX];
	uint32_t i;

	jw_obj(w, "objects");
	j_level(w, t, TRIAGE_STEP_OBJECTS);
	jw_arr(w, "threads");
	for (i = 0; i < t->nthreads; i++) {
		const struct triage_thread_group *g = &t->threads[i];
		jw_obj(w, NULL);
		jw_hex(w, "start", g->start);
		jw_str(w, "start_symbol", model_symbolize(m, g->start, g->owner, sy, sizeof(sy)));
		jw_str(w, "module", g->module < m->nmodules ? m->modules[g->module].name : NULL);
		jw_u64(w, "threads", g->threads);
		jw_u64(w, "terminated", g->terminated);
		jw_u64(w, "held", g->held);
		jw_u64(w, "terminated_held", g->terminated_held);
		jw_u64(w, "orphaned", g->orphaned);
		jw_u64(w, "handles", g->handles);
		j_process(w, m, "owner", g->owner);
		j_process(w, m, "holder", g->holder);
		jw_u64(w, "holder_handles", g->holder_handles);
		if (g->example != LS_NONE)
			jw_hex(w, "example_thread", m->threads[g->example].addr);
		else
			jw_null(w, "example_thread");
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_arr(w, "process_objects");
	for (i = 0; i < t->ntargets; i++) {
		const struct triage_process_target *g = &t->targets[i];
		jw_obj(w, NULL);
		jw_hex(w, "object", m->objects[g->object].body);
		j_process(w, m, "target", g->target);
		jw_bool(w, "target_exited", g->target_exited);
		jw_u64(w, "objects", g->objects);
		jw_u64(w, "handles", g->handles);
		j_process(w, m, "holder", g->holder);
		jw_u64(w, "holder_handles", g->holder_handles);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_arr(w, "named");
	for (i = 0; i < t->nnames; i++) {
		const struct triage_name_group *g = &t->names[i];
		jw_obj(w, NULL);
		jw_str(w, "name", g->name);
		j_type(w, m, "type", g->type);
		jw_u64(w, "objects", g->objects);
		jw_u64(w, "directories", g->directories);
		jw_u64(w, "handles", g->handles);
		j_process(w, m, "holder", g->holder);
		jw_u64(w, "holder_handles", g->holder_handles);
		jw_hex(w, "example_object", m->objects[g->example].body);
		jw_str(w, "example_path", m->objects[g->example].path);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void j_traces(struct jw *w, const struct model *m, const struct triage *t)
{
	char sy[SYM_MAX];
	uint32_t i;
	int f;

	jw_obj(w, "traces");
	j_level(w, t, TRIAGE_STEP_TRACES);
	jw_u64(w, "traced_processes", t->traced_processes);
	jw_arr(w, "stacks");
	for (i = 0; i < t->nstacks; i++) {
		const struct triage_stack *s = &t->stacks[i];
		jw_obj(w, NULL);
		j_process(w, m, "process", s->process);
		jw_u64(w, "count", s->count);
		jw_u64(w, "traced_open_handles", s->traced);
		jw_arr(w, "frames");
		for (f = 0; f < s->nframes; f++)
			jw_hex(w, NULL, s->frames[f]);
		jw_arr_end(w);
		jw_arr(w, "symbols");
		for (f = 0; f < s->nframes; f++)
			jw_str(w, NULL, model_symbolize(m, s->frames[f], s->process, sy, sizeof(sy)));
		jw_arr_end(w);
		if (s->suspect_frame >= 0) {
			jw_u64(w, "suspect_frame", (uint64_t)s->suspect_frame);
			jw_str(w, "suspect_symbol", model_symbolize(m, s->frames[s->suspect_frame],
								    s->process, sy, sizeof(sy)));
		} else {
			jw_null(w, "suspect_frame");
			jw_null(w, "suspect_symbol");
		}
		jw_str(w, "suspect_module", s->suspect_module < m->nmodules
		       ? m->modules[s->suspect_module].name : NULL);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void j_case(struct jw *w, const struct model *m, const struct triage *t,
		   const struct triage_verdict *v)
{
	char s[512], why[2048], sy[SYM_MAX];

	jw_bool(w, "leak", v->kind != TRIAGE_NO_LEAK);
	jw_str(w, "kind", triage_kind_name(v->kind));
	jw_str(w, "suspect", triage_case_suspect(m, t, v, s, sizeof(s)));
	jw_str(w, "why", triage_case_text(m, t, v, why, sizeof(why)));
	j_process(w, m, "process", v->process);
	jw_str(w, "module", v->module < m->nmodules ? m->modules[v->module].name : NULL);
	if (v->address) {
		jw_hex(w, "address", v->address);
		jw_str(w, "symbol", model_symbolize(m, v->address, v->process, sy, sizeof(sy)));
	} else {
		jw_null(w, "address");
		jw_null(w, "symbol");
	}
	j_type(w, m, "type", v->type);
	j_tagname(w, m, "tag", v->pooltag);
	if (v->object < m->nobjects)
		jw_hex(w, "object", m->objects[v->object].body);
	else
		jw_null(w, "object");
	jw_str(w, "name", v->name);
	jw_u64(w, "objects", v->objects);
	j_process(w, m, "target", v->target);
	jw_u64(w, "count", v->count);
	jw_bool(w, "pool_pressure", v->pool_pressure);
}

static void j_verdict(struct jw *w, const struct model *m, const struct triage *t)
{
	uint32_t i;

	jw_obj(w, "verdict");
	j_case(w, m, t, &t->verdict);
	jw_obj_end(w);
	jw_arr(w, "also");
	for (i = 0; i < t->nalso; i++) {
		jw_obj(w, NULL);
		j_case(w, m, t, &t->also[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void json_triage(struct out *o, const struct model *m, const struct triage *t,
			const char *command)
{
	struct jw w;

	jw_init(&w, o);
	jw_obj(&w, NULL);
	jw_str(&w, "command", command);
	j_pool(&w, t);
	j_tags(&w, m, t);
	j_holders(&w, m, t);
	j_objects(&w, m, t);
	j_traces(&w, m, t);
	j_verdict(&w, m, t);
	jw_obj_end(&w);
	out_write(o, "\n", 1);
}

static enum cmd_result run_triage(struct cmd_ctx *c, struct out *o, const char *command,
				  char *errmsg, size_t errlen)
{
	struct triage *t = malloc(sizeof(*t));
	struct ls_err err;

	if (!t || triage_run(c->m, t, &err) != LS_OK) {
		if (errmsg && errlen)
			snprintf(errmsg, errlen, "triage: out of memory");
		free(t);
		return CMD_READ_FAILED;
	}
	if (c->fmt == OUT_TEXT)
		text_triage(o, c->m, t);
	else
		json_triage(o, c->m, t, command);
	free(t);
	return CMD_OK;
}

enum cmd_result cmd_triage(struct cmd_ctx *c, struct out *o)
{
	if (!c->m)
		return CMD_READ_FAILED;
	if (c->fmt == OUT_CSV) {
		fprintf(stderr, "leakscope: --triage has no CSV form; use --json\n");
		return CMD_USAGE;
	}
	return run_triage(c, o, "--triage", NULL, 0);
}

enum cmd_result cmd_triage_cmd(struct cmd_env *e, int argc, char **argv)
{
	if (argc > 1)
		return cmd_fail(e, CMD_USAGE, "!triage: takes no arguments");
	if (e->c->fmt == OUT_CSV)
		return cmd_fail(e, CMD_USAGE, "!triage: no CSV form; use --json");
	return run_triage(e->c, e->o, e->line, e->err, e->errlen);
}
