/* model/triage.c — the leak triage chain: pool -> tags -> holders ->
 * objects -> traces -> verdict, decided from counts and ratios. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query.h"
#include "symbols.h"
#include "triage.h"

/* Per-process counters reused by every "who holds most" question: counts
 * are added for a set of handles, the maximum read, then the touched
 * entries reset, so each question costs only its own handles. */
struct tally {
	uint32_t *count;       /* one per process (+1 for "unknown") */
	uint32_t *touched;
	uint32_t ntouched, nslots;
};

static bool tally_init(struct tally *t, uint32_t nprocesses)
{
	t->nslots = nprocesses + 1;
	t->ntouched = 0;
	t->count = calloc(t->nslots, sizeof(*t->count));
	t->touched = malloc(t->nslots * sizeof(*t->touched));
	return t->count && t->touched;
}

static void tally_free(struct tally *t)
{
	free(t->count);
	free(t->touched);
}

static void tally_add(struct tally *t, uint32_t process)
{
	uint32_t slot = process < t->nslots - 1 ? process : t->nslots - 1;

	if (t->count[slot]++ == 0)
		t->touched[t->ntouched++] = slot;
}

/* The process counted most (ties: lowest index), then reset. */
static uint32_t tally_take_max(struct tally *t, uint32_t *max)
{
	uint32_t best = LS_NONE, bestn = 0, i;

	for (i = 0; i < t->ntouched; i++) {
		uint32_t s = t->touched[i];
		if (s != t->nslots - 1 &&
		    (t->count[s] > bestn || (t->count[s] == bestn && s < best))) {
			best = s;
			bestn = t->count[s];
		}
		t->count[s] = 0;
	}
	t->ntouched = 0;
	*max = bestn;
	return best;
}

/* Count the handles referring to object o by owning process. */
static void tally_object(struct tally *t, const struct model *m, uint32_t o)
{
	const struct ls_object *ob = &m->objects[o];
	uint32_t i;

	for (i = 0; i < ob->nrefs; i++)
		tally_add(t, m->handles[m->object_refs[ob->first_ref + i]].process);
}

static uint32_t permille(uint64_t part, uint64_t whole)
{
	double r;

	if (whole == 0)
		return 0;
	r = (double)part * 1000.0 / (double)whole;
	return r > 1e6 ? 1000000u : (uint32_t)r;
}

/* ---- step 1 ------------------------------------------------------------ */

static struct ls_opt pages_to_bytes(struct ls_opt pages, uint32_t page_size)
{
	struct ls_opt r = { pages.value * (page_size ? page_size : 4096), pages.valid };
	return r;
}

static void step_pool(const struct model *m, struct triage *t)
{
	struct triage_pool *p = &t->pool;
	const struct ls_memsum *mem = &m->mem;

	p->np_used = pages_to_bytes(mem->nonpaged_used, mem->page_size);
	p->np_max = pages_to_bytes(mem->nonpaged_max, mem->page_size);
	p->p_used = pages_to_bytes(mem->paged_used, mem->page_size);
	p->p_max = pages_to_bytes(mem->paged_max, mem->page_size);
	p->failed_allocs = mem->failed_allocs;
	if (p->np_used.valid && p->np_max.valid)
		p->np_permille = permille(p->np_used.value, p->np_max.value);
	if (p->p_used.valid && p->p_max.valid)
		p->p_permille = permille(p->p_used.value, p->p_max.value);
	p->np_near = p->np_permille >= TRIAGE_NEAR_PERMILLE;
	p->p_near = p->p_permille >= TRIAGE_NEAR_PERMILLE;
	p->pressured = -1;
	if (p->np_near && (!p->p_near || p->np_permille >= p->p_permille))
		p->pressured = 0;
	else if (p->p_near)
		p->pressured = 1;

	if (!p->np_used.valid && !p->p_used.valid && !p->failed_allocs.valid)
		t->level[TRIAGE_STEP_POOL] = TRIAGE_NODATA;
	else if (p->pressured >= 0 ||
		 (p->failed_allocs.valid && p->failed_allocs.value > 0))
		t->level[TRIAGE_STEP_POOL] = TRIAGE_ALERT;
	else
		t->level[TRIAGE_STEP_POOL] = TRIAGE_OK;
}

/* ---- step 2 ------------------------------------------------------------ */

static uint64_t tag_outstanding(const struct ls_pooltag *pt, int paged)
{
	uint64_t a = paged ? pt->p_allocs : pt->np_allocs;
	uint64_t f = paged ? pt->p_frees : pt->np_frees;
	return a > f ? a - f : 0;
}

static bool have_tag(const struct triage *t, uint32_t tag, int paged)
{
	uint32_t i;

	for (i = 0; i < t->ntags; i++)
		if (t->tags[i].pooltag == tag && t->tags[i].paged == paged)
			return true;
	return false;
}

static void add_tag(struct model *m, struct triage *t, uint32_t tag, int paged,
		    bool most_bytes, bool most_allocs)
{
	const struct ls_pooltag *pt = &m->pooltags[tag];
	struct triage_tag *r;
	struct ls_opt used = paged ? t->pool.p_used : t->pool.np_used;

	if (t->ntags == TRIAGE_MAX_TAGS || have_tag(t, tag, paged))
		return;
	r = &t->tags[t->ntags++];
	r->pooltag = tag;
	r->paged = (uint8_t)paged;
	r->outstanding = tag_outstanding(pt, paged);
	r->bytes = paged ? pt->p_bytes : pt->np_bytes;
	r->permille = used.valid ? permille(r->bytes, used.value) : 0;
	r->type = pt->type;
	r->most_bytes = most_bytes;
	r->most_allocs = most_allocs;
}

/* The tags of one pool: the 3 largest by bytes, and the one with most
 * outstanding allocations if that is another. */
static void tags_of_pool(struct model *m, struct triage *t, int paged)
{
	uint32_t n, i, best = LS_NONE;
	const uint32_t *top = model_top_tags(m, paged, &n);
	uint64_t bestn = 0;

	for (i = 0; i < m->npooltags; i++) {
		uint64_t o = tag_outstanding(&m->pooltags[i], paged);
		if (o > bestn) {
			bestn = o;
			best = i;
		}
	}
	for (i = 0; i < n && i < 3 && top; i++) {
		const struct ls_pooltag *pt = &m->pooltags[top[i]];
		if ((paged ? pt->p_bytes : pt->np_bytes) == 0)
			break;
		add_tag(m, t, top[i], paged, i == 0, top[i] == best);
	}
	if (best != LS_NONE)
		add_tag(m, t, best, paged, false, true);
}

static void step_tags(struct model *m, struct triage *t)
{
	int first = t->pool.pressured == 1 ? 1 : 0;

	if (m->npooltags == 0) {
		t->level[TRIAGE_STEP_TAGS] = TRIAGE_NODATA;
		return;
	}
	tags_of_pool(m, t, first);
	tags_of_pool(m, t, !first);
	t->level[TRIAGE_STEP_TAGS] =
		t->pool.pressured >= 0 && t->ntags && t->tags[0].most_bytes
		? TRIAGE_ALERT : TRIAGE_OK;
}

/* ---- step 4: threads ----------------------------------------------------- */

/* A terminated thread on no list that only a scan found: something still
 * references it, outside any handle table. */
static bool is_orphan(const struct ls_thread *th)
{
	return th->terminated && (th->found & LS_FOUND_SCAN) &&
		!(th->found & (LS_FOUND_LIST | LS_FOUND_ACTIVE_LIST | LS_FOUND_HANDLE));
}

static void step_thread_groups(struct model *m, struct triage *t, struct tally *owners,
			       struct tally *holders)
{
	struct ls_groups g = model_threads_by_start(m);
	uint32_t i, k;

	for (i = 0; i < g.ngroups; i++) {
		const struct ls_group *gr = &g.groups[i];
		struct triage_thread_group r;
		uint32_t dummy, pos;

		memset(&r, 0, sizeof(r));
		r.start = gr->key;
		r.threads = gr->nitems;
		r.example = LS_NONE;
		for (k = 0; k < gr->nitems; k++) {
			uint32_t ti = gr->items[k];
			const struct ls_thread *th = &m->threads[ti];
			const struct ls_object *ob =
				th->object != LS_NONE ? &m->objects[th->object] : NULL;

			tally_add(owners, th->process);
			if (th->terminated)
				r.terminated++;
			if (ob && ob->nrefs) {
				r.held++;
				r.handles += ob->nrefs;
				tally_object(holders, m, th->object);
				if (th->terminated)
					r.terminated_held++;
				if (r.example == LS_NONE ||
				    (th->terminated && !m->threads[r.example].terminated))
					r.example = ti;
			} else if (is_orphan(th)) {
				r.orphaned++;
				if (r.example == LS_NONE)
					r.example = ti;
			}
		}
		r.owner = tally_take_max(owners, &dummy);
		r.holder = tally_take_max(holders, &r.holder_handles);
		if (r.held == 0 && r.orphaned == 0)
			continue;
		r.module = model_module_at(m, r.start, r.owner);
		/* keep the groups with most handles and orphans, in order */
		for (pos = t->nthreads; pos > 0 &&
		     t->threads[pos - 1].handles + t->threads[pos - 1].orphaned <
		     r.handles + r.orphaned; pos--)
			;
		if (pos >= TRIAGE_MAX_GROUPS)
			continue;
		if (t->nthreads < TRIAGE_MAX_GROUPS)
			t->nthreads++;
		memmove(&t->threads[pos + 1], &t->threads[pos],
			(t->nthreads - 1 - pos) * sizeof(r));
		t->threads[pos] = r;
	}
}

/* ---- step 4: process objects and single objects ------------------------- */

/* The strongest "one process, many handles to one thing" case. */
struct object_case {
	uint32_t object;       /* the object, or the first of the target's */
	uint32_t target;       /* the process the objects are, or LS_NONE */
	uint32_t objects;
	uint32_t holder, holder_handles;
};

static void consider(struct object_case *best, uint32_t object, uint32_t target,
		     uint32_t objects, uint32_t holder, uint32_t holder_handles)
{
	if (holder_handles <= best->holder_handles || holder == LS_NONE)
		return;
	best->object = object;
	best->target = target;
	best->objects = objects;
	best->holder = holder;
	best->holder_handles = holder_handles;
}

/* Insert r into the top list by handles (most first). */
static void keep_target(struct triage *t, const struct triage_process_target *r)
{
	uint32_t pos;

	for (pos = t->ntargets; pos > 0 && t->targets[pos - 1].handles < r->handles; pos--)
		;
	if (pos >= TRIAGE_MAX_GROUPS)
		return;
	if (t->ntargets < TRIAGE_MAX_GROUPS)
		t->ntargets++;
	memmove(&t->targets[pos + 1], &t->targets[pos],
		(t->ntargets - 1 - pos) * sizeof(*r));
	t->targets[pos] = *r;
}

static bool step_process_targets(struct model *m, struct triage *t, struct tally *tl,
				 struct object_case *best)
{
	uint32_t *sum, *first, o, p, i;

	memset(best, 0, sizeof(*best));
	best->object = best->holder = best->target = LS_NONE;
	/* single objects referenced many times (any type) */
	for (o = 0; o < m->nobjects; o++) {
		uint32_t holder, n;

		if (m->objects[o].nrefs < TRIAGE_LEAK_MIN)
			continue;
		tally_object(tl, m, o);
		holder = tally_take_max(tl, &n);
		consider(best, o, m->objects[o].process, 1, holder, n);
	}
	/* Process objects summed by the process they are */
	sum = calloc(m->nprocesses + 1, sizeof(*sum));
	first = malloc((m->nprocesses + 1) * sizeof(*first));
	if (!sum || !first) {
		free(sum);
		free(first);
		return false;
	}
	for (p = 0; p < m->nprocesses; p++)
		first[p] = LS_NONE;
	for (o = 0; o < m->nobjects; o++) {
		p = m->objects[o].process;
		if (p >= m->nprocesses || m->objects[o].nrefs == 0)
			continue;
		sum[p] += m->objects[o].nrefs;
		if (first[p] == LS_NONE)
			first[p] = o;
	}
	for (p = 0; p < m->nprocesses; p++) {
		struct triage_process_target r = { .object = first[p], .target = p,
						   .handles = sum[p] };
		if (sum[p])
			keep_target(t, &r);
	}
	/* who holds them: one pass over the objects per listed target */
	for (i = 0; i < t->ntargets; i++) {
		struct triage_process_target *r = &t->targets[i];

		for (o = r->object; o < m->nobjects; o++) {
			if (m->objects[o].process != r->target || m->objects[o].nrefs == 0)
				continue;
			r->objects++;
			tally_object(tl, m, o);
		}
		r->holder = tally_take_max(tl, &r->holder_handles);
		r->target_exited = m->processes[r->target].exited;
		consider(best, r->object, r->target, r->objects, r->holder, r->holder_handles);
	}
	free(sum);
	free(first);
	return true;
}

/* ---- step 4: named objects ---------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool step_names(struct model *m, struct triage *t, struct tally *tl)
{
	struct ls_groups g = model_objects_by_name(m);
	uint64_t *dirs = NULL;
	size_t cap = 0;
	uint32_t i, k;

	for (i = 0; i < g.ngroups && t->nnames < TRIAGE_MAX_GROUPS; i++) {
		const struct ls_group *gr = &g.groups[i];
		struct triage_name_group r;

		if (gr->nitems < 2)
			break;   /* groups come by count: the rest are unique */
		if (gr->nitems > cap) {
			uint64_t *d = realloc(dirs, gr->nitems * sizeof(*d));
			if (!d) {
				free(dirs);
				return false;
			}
			dirs = d;
			cap = gr->nitems;
		}
		memset(&r, 0, sizeof(r));
		r.name = gr->label;
		r.example = gr->items[0];
		r.type = m->objects[r.example].type;
		r.objects = gr->nitems;
		for (k = 0; k < gr->nitems; k++) {
			const struct ls_object *ob = &m->objects[gr->items[k]];
			dirs[k] = ob->directory;
			r.handles += ob->nrefs;
			tally_object(tl, m, gr->items[k]);
		}
		r.holder = tally_take_max(tl, &r.holder_handles);
		qsort(dirs, gr->nitems, sizeof(*dirs), cmp_u64);
		for (k = 0; k < gr->nitems; k++)
			if (k == 0 || dirs[k] != dirs[k - 1])
				r.directories++;
		if (r.handles == 0)
			continue;
		t->names[t->nnames++] = r;
	}
	free(dirs);
	return true;
}

/* ---- step 3 ------------------------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Median of the sorted counts without the element at index skip. */
static uint32_t median_without(const uint32_t *v, uint32_t n, uint32_t skip)
{
	uint32_t mid;

	if (n <= 1)
		return 0;
	mid = (n - 1) / 2;   /* index in the array of n - 1 elements */
	return v[mid >= skip ? mid + 1 : mid];
}

static bool add_type_holders(struct model *m, struct triage *t, uint32_t type)
{
	struct ls_groups g = model_holders_of_type(m, type);
	uint32_t *counts, i, total = 0, shown;

	if (g.ngroups == 0)
		return true;
	counts = malloc(g.ngroups * sizeof(*counts));
	if (!counts)
		return false;
	for (i = 0; i < g.ngroups; i++) {
		counts[i] = g.groups[i].count;
		total += g.groups[i].count;
	}
	qsort(counts, g.ngroups, sizeof(*counts), cmp_u32);
	for (shown = 0; shown < 3 && shown < g.ngroups &&
	     t->nholders < TRIAGE_MAX_HOLDERS; shown++) {
		const struct ls_group *gr = &g.groups[shown];
		struct triage_holder *h = &t->holders[t->nholders++];
		uint32_t at = 0;

		/* gr->count's position in the sorted array (any equal one) */
		while (at + 1 < g.ngroups && counts[at] < gr->count)
			at++;
		h->type = type;
		h->process = (uint32_t)gr->key;
		h->handles = gr->count;
		h->median = median_without(counts, g.ngroups, at);
		h->type_handles = total;
		h->nholders = g.ngroups;
		h->outlier = h->handles >= TRIAGE_LEAK_MIN &&
			h->handles >= TRIAGE_OUTLIER_RATIO * (h->median ? h->median : 1);
	}
	free(counts);
	return true;
}

static bool step_holders(struct model *m, struct triage *t)
{
	uint32_t types[TRIAGE_MAX_TYPES + 1], ntypes = 0, i, k;

	for (i = 0; i < t->ntags && ntypes < TRIAGE_MAX_TYPES; i++) {
		uint32_t ty = t->tags[i].type;
		if (ty == LS_NONE || ty >= m->ntypes)
			continue;
		for (k = 0; k < ntypes && types[k] != ty; k++)
			;
		if (k == ntypes)
			types[ntypes++] = ty;
	}
	for (i = 0; i < ntypes; i++)
		if (!add_type_holders(m, t, types[i]))
			return false;
	t->level[TRIAGE_STEP_HOLDERS] = TRIAGE_OK;
	for (i = 0; i < t->nholders; i++)
		if (t->holders[i].outlier)
			t->level[TRIAGE_STEP_HOLDERS] = TRIAGE_ALERT;
	if (ntypes == 0)
		t->level[TRIAGE_STEP_HOLDERS] = m->nhandles ? TRIAGE_OK : TRIAGE_NODATA;
	return true;
}

/* ---- step 5 ------------------------------------------------------------ */

bool triage_is_os_module(const char *name)
{
	static const char *const os[] = {
		"nt", "ntoskrnl", "ntkrnlmp", "ntkrnlpa", "ntkrpamp", "hal",
		"halmacpi", "ntdll", "kernel32", "kernelbase", "user32",
		"gdi32", "gdi32full", "win32u", "win32k", "win32kbase",
		"win32kfull", "verifier", "vfbasics", "vrfcore", "combase",
		"rpcrt4", "msvcrt", "ucrtbase", "advapi32", "sechost", "wow64",
		"wow64cpu", "wow64win", "vmlinux",
	};
	size_t i, len;
	const char *dot;

	if (!name)
		return false;
	dot = strrchr(name, '.');
	len = dot ? (size_t)(dot - name) : strlen(name);
	for (i = 0; i < sizeof(os) / sizeof(os[0]); i++)
		if (strlen(os[i]) == len && strncasecmp(os[i], name, len) == 0)
			return true;
	return false;
}

struct trace_key {
	uint64_t handle;
	uint32_t seq, idx;
};

static int cmp_trace_key(const void *a, const void *b)
{
	const struct trace_key *x = a, *y = b;

	if (x->handle != y->handle)
		return x->handle < y->handle ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const struct model *stack_sort_model;  /* for cmp_stack (qsort) */

static int cmp_stack(const void *a, const void *b)
{
	const struct ls_trace *x = &stack_sort_model->traces[*(const uint32_t *)a];
	const struct ls_trace *y = &stack_sort_model->traces[*(const uint32_t *)b];

	if (x->nframes != y->nframes)
		return x->nframes < y->nframes ? -1 : 1;
	return memcmp(x->frames, y->frames, x->nframes * sizeof(x->frames[0]));
}

/* Does handle h count for the case (its object, or its type)? */
static bool handle_in_case(const struct model *m, const struct triage_verdict *v,
			   uint32_t h)
{
	uint32_t o = m->handles[h].object;

	if (v->kind == TRIAGE_NO_LEAK)
		return true;
	if (v->kind == TRIAGE_OBJECT_HOLDER)
		return o == v->object || (v->target != LS_NONE && o < m->nobjects &&
					  m->objects[o].process == v->target);
	if (v->kind == TRIAGE_NAMED_OBJECTS)
		return o < m->nobjects && m->objects[o].name && v->name &&
			strcmp(m->objects[o].name, v->name) == 0;
	return o < m->nobjects && m->objects[o].type == v->type;
}

static void suspect_frame(const struct model *m, struct triage_stack *s)
{
	int i;

	s->suspect_frame = -1;
	s->suspect_module = LS_NONE;
	for (i = 0; i < s->nframes; i++) {
		uint32_t mod = model_module_at(m, s->frames[i], s->process);
		if (mod == LS_NONE || triage_is_os_module(m->modules[mod].name))
			continue;
		s->suspect_frame = i;
		s->suspect_module = mod;
		return;
	}
}

/* The most common OPEN stacks among process p's open handles that belong
 * to the case (all open handles if none of them has a record). */
static bool stacks_of_process(struct model *m, struct triage *t, uint32_t p)
{
	const struct ls_process *pr = &m->processes[p];
	struct trace_key *keys;
	uint32_t *chosen, nkeys = 0, nchosen = 0, i, pass;

	if (pr->ntraces == 0)
		return true;
	keys = malloc(pr->ntraces * sizeof(*keys));
	chosen = malloc((pr->nhandles + 1) * sizeof(*chosen));
	if (!keys || !chosen) {
		free(keys);
		free(chosen);
		return false;
	}
	for (i = 0; i < pr->ntraces; i++) {
		const struct ls_trace *tr = &m->traces[pr->first_trace + i];
		keys[nkeys].handle = tr->handle;
		keys[nkeys].seq = tr->seq;
		keys[nkeys++].idx = pr->first_trace + i;
	}
	qsort(keys, nkeys, sizeof(*keys), cmp_trace_key);
	for (pass = 0; pass < 2 && nchosen == 0; pass++) {
		for (i = 0; i < pr->nhandles; i++) {
			uint32_t h = pr->first_handle + i;
			uint32_t lo = 0, hi = nkeys;

			if (pass == 0 && !handle_in_case(m, &t->verdict, h))
				continue;
			while (lo < hi) {   /* first key with this handle value */
				uint32_t mid = lo + (hi - lo) / 2;
				if (keys[mid].handle < m->handles[h].value)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < nkeys && keys[lo].handle == m->handles[h].value &&
			    m->traces[keys[lo].idx].kind == LS_TRACE_OPEN)
				chosen[nchosen++] = keys[lo].idx;
		}
	}
	free(keys);
	stack_sort_model = m;
	qsort(chosen, nchosen, sizeof(*chosen), cmp_stack);
	for (i = 0; i < nchosen;) {
		uint32_t j = i + 1, pos;
		struct triage_stack s;

		while (j < nchosen && cmp_stack(&chosen[i], &chosen[j]) == 0)
			j++;
		memset(&s, 0, sizeof(s));
		s.process = p;
		s.count = j - i;
		s.traced = nchosen;
		s.trace = chosen[i];
		s.nframes = m->traces[chosen[i]].nframes;
		if (s.nframes > LS_TRACE_MAX_FRAMES)
			s.nframes = LS_TRACE_MAX_FRAMES;
		memcpy(s.frames, m->traces[chosen[i]].frames, s.nframes * sizeof(s.frames[0]));
		suspect_frame(m, &s);
		for (pos = t->nstacks; pos > 0 && t->stacks[pos - 1].count < s.count; pos--)
			;
		if (pos < TRIAGE_MAX_STACKS) {
			if (t->nstacks < TRIAGE_MAX_STACKS)
				t->nstacks++;
			memmove(&t->stacks[pos + 1], &t->stacks[pos],
				(t->nstacks - 1 - pos) * sizeof(s));
			t->stacks[pos] = s;
		}
		i = j;
	}
	free(chosen);
	return true;
}

static bool step_traces(struct model *m, struct triage *t)
{
	uint32_t p, best = LS_NONE;

	for (p = 0; p < m->nprocesses; p++) {
		if (m->processes[p].ntraces == 0)
			continue;
		t->traced_processes++;
		if (best == LS_NONE || m->processes[p].ntraces > m->processes[best].ntraces)
			best = p;
	}
	if (t->traced_processes == 0) {
		t->level[TRIAGE_STEP_TRACES] = TRIAGE_NODATA;
		return true;
	}
	/* the suspect's own traces if it has them, else the most traced */
	if (t->verdict.process != LS_NONE && m->processes[t->verdict.process].ntraces)
		best = t->verdict.process;
	if (!stacks_of_process(m, t, best))
		return false;
	t->level[TRIAGE_STEP_TRACES] = TRIAGE_OK;
	if (t->nstacks && t->verdict.kind != TRIAGE_NO_LEAK &&
	    t->stacks[0].process == t->verdict.process) {
		t->verdict.stack = 0;
		t->level[TRIAGE_STEP_TRACES] = TRIAGE_ALERT;
		if (t->verdict.kind != TRIAGE_THREAD_START &&
		    t->stacks[0].suspect_frame >= 0) {
			t->verdict.module = t->stacks[0].suspect_module;
			t->verdict.address = t->stacks[0].frames[t->stacks[0].suspect_frame];
		}
	}
	return true;
}

/* ---- step 6 ------------------------------------------------------------ */

static uint32_t tag_of_type(const struct model *m, uint32_t type)
{
	if (type == LS_NONE || type >= m->ntypes || m->types[type].pool_tag == 0)
		return LS_NONE;
	return model_pooltag_by_tag(m, m->types[type].pool_tag);
}

static bool tag_is_pressured_top(const struct triage *t, uint32_t tag)
{
	uint32_t i;

	for (i = 0; i < t->ntags; i++)
		if (t->tags[i].pooltag == tag &&
		    (t->tags[i].most_bytes || t->tags[i].most_allocs) &&
		    t->tags[i].paged == t->pool.pressured)
			return true;
	return false;
}

static struct triage_verdict empty_case(void)
{
	struct triage_verdict v;

	memset(&v, 0, sizeof(v));
	v.process = v.module = v.type = v.pooltag = v.object = LS_NONE;
	v.stack = v.target = LS_NONE;
	return v;
}

static struct triage_verdict thread_case(const struct model *m,
					 const struct triage_thread_group *g)
{
	struct triage_verdict v = empty_case();
	uint32_t obj = m->threads[g->example].object;

	v.kind = TRIAGE_THREAD_START;
	v.process = g->holder;
	v.module = g->module;
	v.address = g->start;
	v.type = obj != LS_NONE ? m->objects[obj].type : LS_NONE;
	v.object = obj;
	v.objects = v.count = g->terminated_held + g->orphaned;
	return v;
}

/* Two cases are one when the same process holds the same type. */
static bool same_case(const struct triage_verdict *a, const struct triage_verdict *b)
{
	if (a->kind == TRIAGE_THREAD_START || b->kind == TRIAGE_THREAD_START)
		return a->kind == b->kind ? a->address == b->address
			: a->type == b->type && a->process == b->process;
	return a->process == b->process && a->type == b->type;
}

/* Add c to the cases in order of strength: thread starts first (they name
 * the code), then by count. */
static void add_case(struct triage_verdict *cases, uint32_t *n, uint32_t cap,
		     struct triage_verdict c)
{
	uint32_t pos, i;

	for (i = 0; i < *n; i++)
		if (same_case(&cases[i], &c))
			return;
	for (pos = *n; pos > 0; pos--) {
		const struct triage_verdict *p = &cases[pos - 1];
		bool p_thread = p->kind == TRIAGE_THREAD_START;
		bool c_thread = c.kind == TRIAGE_THREAD_START;

		if (p_thread != c_thread ? p_thread : p->count >= c.count)
			break;
	}
	if (pos >= cap)
		return;
	if (*n < cap)
		(*n)++;
	memmove(&cases[pos + 1], &cases[pos], (*n - 1 - pos) * sizeof(c));
	cases[pos] = c;
}

/* Every case that meets the thresholds; the strongest is the verdict, the
 * others are listed as "also". */
static void decide(struct model *m, struct triage *t, const struct object_case *oc)
{
	struct triage_verdict cases[TRIAGE_MAX_ALSO + 1], c;
	uint32_t n = 0, i, cap = TRIAGE_MAX_ALSO + 1;

	for (i = 0; i < t->nthreads; i++)
		if (t->threads[i].terminated_held + t->threads[i].orphaned >= TRIAGE_LEAK_MIN)
			add_case(cases, &n, cap, thread_case(m, &t->threads[i]));
	if (oc->holder_handles >= TRIAGE_LEAK_MIN) {
		c = empty_case();
		c.kind = TRIAGE_OBJECT_HOLDER;
		c.process = oc->holder;
		c.object = oc->object;
		c.objects = oc->objects;
		c.target = oc->target;
		c.type = m->objects[oc->object].type;
		c.count = oc->holder_handles;
		add_case(cases, &n, cap, c);
	}
	for (i = 0; i < t->nnames; i++) {
		const struct triage_name_group *ng = &t->names[i];
		if (ng->objects < TRIAGE_LEAK_MIN || ng->holder_handles < TRIAGE_LEAK_MIN)
			continue;
		c = empty_case();
		c.kind = TRIAGE_NAMED_OBJECTS;
		c.process = ng->holder;
		c.object = ng->example;
		c.type = ng->type;
		c.name = ng->name;
		c.objects = ng->objects;
		c.count = ng->holder_handles;
		add_case(cases, &n, cap, c);
	}
	/* an outlying holder counts only when its type leads a pool near its
	 * limit, and only if nothing sharper was found */
	for (i = 0; i < t->nholders && n == 0; i++) {
		const struct triage_holder *h = &t->holders[i];
		if (!h->outlier || !tag_is_pressured_top(t, tag_of_type(m, h->type)))
			continue;
		c = empty_case();
		c.kind = TRIAGE_TYPE_HOLDER;
		c.process = h->process;
		c.type = h->type;
		c.count = h->handles;
		add_case(cases, &n, cap, c);
	}
	for (i = 0; i < n; i++) {
		cases[i].pooltag = tag_of_type(m, cases[i].type);
		cases[i].pool_pressure = cases[i].pooltag != LS_NONE &&
			tag_is_pressured_top(t, cases[i].pooltag);
	}
	if (n == 0)
		return;
	t->verdict = cases[0];
	t->nalso = n - 1;
	memcpy(t->also, cases + 1, t->nalso * sizeof(cases[0]));
	if (t->verdict.kind != TRIAGE_TYPE_HOLDER)
		t->level[TRIAGE_STEP_OBJECTS] = TRIAGE_ALERT;
	t->level[TRIAGE_STEP_VERDICT] = TRIAGE_ALERT;
}

/* Make sure step 3 shows the holders of the verdict's type too. */
static bool holders_for_verdict(struct model *m, struct triage *t)
{
	uint32_t i;

	if (t->verdict.type == LS_NONE || t->verdict.type >= m->ntypes)
		return true;
	for (i = 0; i < t->nholders; i++)
		if (t->holders[i].type == t->verdict.type)
			return true;
	if (!add_type_holders(m, t, t->verdict.type))
		return false;
	for (i = 0; i < t->nholders; i++)
		if (t->holders[i].outlier)
			t->level[TRIAGE_STEP_HOLDERS] = TRIAGE_ALERT;
	return true;
}

enum ls_status triage_run(struct model *m, struct triage *t, struct ls_err *err)
{
	struct tally a, b;
	struct object_case oc;
	bool ok;

	memset(t, 0, sizeof(*t));
	t->verdict = empty_case();
	if (!tally_init(&a, m->nprocesses) || !tally_init(&b, m->nprocesses)) {
		tally_free(&a);
		tally_free(&b);
		return ls_err_set(err, LS_ERR_NOMEM, "triage: out of memory");
	}
	step_pool(m, t);
	step_tags(m, t);
	t->level[TRIAGE_STEP_OBJECTS] = m->nobjects ? TRIAGE_OK : TRIAGE_NODATA;
	step_thread_groups(m, t, &a, &b);
	ok = step_process_targets(m, t, &a, &oc) && step_names(m, t, &a) &&
		step_holders(m, t);
	if (ok) {
		decide(m, t, &oc);
		ok = holders_for_verdict(m, t) && step_traces(m, t);
	}
	tally_free(&a);
	tally_free(&b);
	if (!ok)
		return ls_err_set(err, LS_ERR_NOMEM, "triage: out of memory");
	return LS_OK;
}
