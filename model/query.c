/* model/query.c — the groupings the views need, computed on first call
 * and cached in struct model_query_cache (freed by model_destroy).
 *
 * Every grouping numbers its members' distinct keys and places each
 * member in its key's run (keygroup.h: linear, members keep their model
 * order inside a group: handles by value, threads by (process, tid)),
 * then sorts the groups by count, most first, ties by key. A query that
 * runs out of memory answers "no groups" and is tried again on the next
 * call.
 */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keygroup.h"
#include "symbols.h"
#include "tree_internal.h"

/* One cached answer. */
struct qgroups {
	struct ls_group *groups;
	uint32_t ngroups;
	uint32_t *items;       /* members of every group, group by group */
	bool done;
};

struct model_query_cache {
	struct qgroups *by_type;        /* [nprocesses] handles by type */
	struct qgroups *holders;        /* [ntypes] holders of a type */
	uint32_t *type_handles;         /* handle indexes bucketed by type */
	uint32_t *type_first;           /* [ntypes + 1] bucket starts */
	struct qgroups threads_start;   /* all threads by start address */
	struct qgroups *proc_threads;   /* [nprocesses] threads by start */
	struct qgroups objects_name;
	struct qgroups **obj_holders;   /* [nobjects], allocated one by one */
	uint32_t *top[2];
	uint32_t ntop[2];
};

static const struct ls_groups no_groups = { NULL, 0 };

static void qgroups_free(struct qgroups *q)
{
	if (!q)
		return;
	free(q->groups);
	free(q->items);
	q->groups = NULL;
	q->items = NULL;
	q->ngroups = 0;
	q->done = false;
}

void model_query_free(struct model *m)
{
	struct model_query_cache *c;

	if (!m || !(c = m->cache))
		return;
	for (uint32_t i = 0; c->by_type && i < m->nprocesses; i++)
		qgroups_free(&c->by_type[i]);
	for (uint32_t i = 0; c->proc_threads && i < m->nprocesses; i++)
		qgroups_free(&c->proc_threads[i]);
	for (uint32_t i = 0; c->holders && i < m->ntypes; i++)
		qgroups_free(&c->holders[i]);
	for (uint32_t i = 0; c->obj_holders && i < m->nobjects; i++) {
		qgroups_free(c->obj_holders[i]);
		free(c->obj_holders[i]);
	}
	free(c->by_type);
	free(c->proc_threads);
	free(c->holders);
	free(c->type_handles);
	free(c->type_first);
	free(c->obj_holders);
	qgroups_free(&c->threads_start);
	qgroups_free(&c->objects_name);
	free(c->top[0]);
	free(c->top[1]);
	free(c);
	m->cache = NULL;
}

static struct model_query_cache *cache(struct model *m)
{
	if (!m || !m->finished)
		return NULL;
	if (!m->cache)
		m->cache = calloc(1, sizeof(*m->cache));
	return m->cache;
}

/* A per-record array of cached answers, allocated on first use. */
static struct qgroups *slot(struct qgroups **arr, uint32_t n, uint32_t i)
{
	if (i >= n)
		return NULL;
	if (!*arr)
		*arr = calloc(n, sizeof(**arr));
	return *arr ? &(*arr)[i] : NULL;
}

static struct ls_groups answer(const struct qgroups *q)
{
	if (!q || !q->done)
		return no_groups;
	return (struct ls_groups){ q->groups, q->ngroups };
}

static int group_cmp(const void *a, const void *b)
{
	const struct ls_group *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return 0;
}

/* What a grouping needs besides its members: their keys, and the label
 * and extras of a group. */
struct grouping {
	struct model *m;
	uint64_t (*key)(const struct model *m, uint32_t item);
	const char *(*label)(struct model *m, const struct ls_group *g);
	void (*aux)(const struct model *m, struct ls_group *g);
};

static uint64_t member_key(const void *ctx, uint32_t member)
{
	const struct grouping *how = ctx;

	return how->key(how->m, member);
}

/* Group n members by key into q. */
static bool group_items(const struct grouping *how, const uint32_t *members,
			uint32_t n, struct qgroups *q)
{
	struct keygroup kg;
	uint32_t i;

	if (!keygroup_build(&kg, member_key, how, members, n))
		return false;
	q->items = kg.items;
	kg.items = NULL;
	q->groups = calloc((size_t)kg.ngroups + 1, sizeof(*q->groups));
	if (!q->groups) {
		keygroup_free(&kg);
		qgroups_free(q);
		return false;
	}
	for (i = 0; i < kg.ngroups; i++) {
		struct ls_group *g = &q->groups[i];

		g->key = kg.key[i];
		g->items = &q->items[kg.first[i]];
		g->count = kg.first[i + 1] - kg.first[i];
	}
	q->ngroups = kg.ngroups;
	keygroup_free(&kg);
	qsort(q->groups, q->ngroups, sizeof(*q->groups), group_cmp);
	for (i = 0; i < q->ngroups; i++) {
		struct ls_group *g = &q->groups[i];

		g->nitems = g->count;
		if (how->aux)
			how->aux(how->m, g);
		g->label = how->label(how->m, g);
	}
	q->done = true;
	return true;
}

/* ---- handles by type, holders of a type or an object ------------------ */

static uint32_t handle_type(const struct model *m, uint32_t h)
{
	uint32_t o = m->handles[h].object;

	return o == LS_NONE ? LS_NONE : m->objects[o].type;
}

static uint64_t key_handle_type(const struct model *m, uint32_t h)
{
	return handle_type(m, h);
}

static uint64_t key_handle_process(const struct model *m, uint32_t h)
{
	return m->handles[h].process;
}

static const char *label_type(struct model *m, const struct ls_group *g)
{
	if (g->key < m->ntypes && m->types[g->key].name)
		return m->types[g->key].name;
	return "(unknown type)";
}

static const char *label_process(struct model *m, const struct ls_group *g)
{
	if (g->key < m->nprocesses && m->processes[g->key].name)
		return m->processes[g->key].name;
	return "(unknown process)";
}

struct ls_groups model_handles_by_type(struct model *m, uint32_t p)
{
	struct model_query_cache *c = cache(m);
	struct grouping how = { m, key_handle_type, label_type, NULL };
	struct qgroups *q;
	uint32_t *members, n, i;

	if (!c || !(q = slot(&c->by_type, m->nprocesses, p)))
		return no_groups;
	if (!q->done) {
		n = m->processes[p].nhandles;
		members = malloc(((size_t)n + 1) * sizeof(*members));
		if (!members)
			return no_groups;
		for (i = 0; i < n; i++)
			members[i] = m->processes[p].first_handle + i;
		group_items(&how, members, n, q);
		free(members);
	}
	return answer(q);
}

/* Every handle of a known type, bucketed by type in handle order (a
 * counting sort): one pass serves the holders of every type. */
static bool bucket_handles_by_type(struct model *m, struct model_query_cache *c)
{
	uint32_t *first, *items, i;

	if (c->type_handles)
		return true;
	first = calloc((size_t)m->ntypes + 2, sizeof(*first));
	items = malloc(((size_t)m->nhandles + 1) * sizeof(*items));
	if (!first || !items) {
		free(first);
		free(items);
		return false;
	}
	for (i = 0; i < m->nhandles; i++) {
		uint32_t t = handle_type(m, i);

		if (t < m->ntypes)
			first[t + 2]++;
	}
	for (i = 2; i < m->ntypes + 2; i++)
		first[i] += first[i - 1];
	/* first[t + 1] is now where type t's bucket starts: fill it */
	for (i = 0; i < m->nhandles; i++) {
		uint32_t t = handle_type(m, i);

		if (t < m->ntypes)
			items[first[t + 1]++] = i;
	}
	/* and first[t] is where it starts, first[t + 1] where it ends */
	c->type_first = first;
	c->type_handles = items;
	return true;
}

struct ls_groups model_holders_of_type(struct model *m, uint32_t t)
{
	struct model_query_cache *c = cache(m);
	struct grouping how = { m, key_handle_process, label_process, NULL };
	struct qgroups *q;

	if (!c || !(q = slot(&c->holders, m->ntypes, t)))
		return no_groups;
	if (!q->done && bucket_handles_by_type(m, c))
		group_items(&how, c->type_handles + c->type_first[t],
			    c->type_first[t + 1] - c->type_first[t], q);
	return answer(q);
}

struct ls_groups model_holders_of_object(struct model *m, uint32_t o)
{
	struct model_query_cache *c = cache(m);
	struct grouping how = { m, key_handle_process, label_process, NULL };
	struct qgroups *q;

	if (!c || o >= m->nobjects)
		return no_groups;
	if (!c->obj_holders) {
		c->obj_holders = calloc(m->nobjects, sizeof(*c->obj_holders));
		if (!c->obj_holders)
			return no_groups;
	}
	if (!c->obj_holders[o]) {
		c->obj_holders[o] = calloc(1, sizeof(**c->obj_holders));
		if (!c->obj_holders[o])
			return no_groups;
	}
	q = c->obj_holders[o];
	if (!q->done)
		group_items(&how, m->object_refs + m->objects[o].first_ref,
			    m->objects[o].nrefs, q);
	return answer(q);
}

/* ---- threads by start address ------------------------------------------ */

/* The routine a thread was started with: Win32StartAddress (what
 * CreateThread / PsCreateSystemThread was given, what !thread calls
 * "Start Address"), else StartAddress. */
static uint64_t thread_start(const struct ls_thread *t)
{
	return t->win32_start ? t->win32_start : t->start;
}

static uint64_t key_thread_start(const struct model *m, uint32_t t)
{
	return thread_start(&m->threads[t]);
}

static const char *label_start(struct model *m, const struct ls_group *g)
{
	char buf[256];
	uint32_t p = g->nitems ? m->threads[g->items[0]].process : LS_NONE;
	const char *s;

	model_symbolize(m, g->key, p, buf, sizeof(buf));
	s = model_strdup(m, buf);
	return s ? s : "?";
}

/* aux[0] terminated, aux[1] held by a handle, aux[2] distinct owning
 * processes, aux[3] handles referring to these threads. Members come in
 * (process, tid) order, so owners are counted by their changes. */
static void aux_threads(const struct model *m, struct ls_group *g)
{
	uint32_t last = LS_NONE;
	bool first = true;

	memset(g->aux, 0, sizeof(g->aux));
	for (uint32_t i = 0; i < g->nitems; i++) {
		const struct ls_thread *t = &m->threads[g->items[i]];

		if (t->terminated)
			g->aux[0]++;
		if (t->object != LS_NONE && m->objects[t->object].nrefs) {
			g->aux[1]++;
			g->aux[3] += m->objects[t->object].nrefs;
		}
		if (first || t->process != last)
			g->aux[2]++;
		first = false;
		last = t->process;
	}
}

static void threads_grouped(struct model *m, struct qgroups *q, uint32_t first,
			    uint32_t n)
{
	struct grouping how = { m, key_thread_start, label_start, aux_threads };
	uint32_t *members = malloc(((size_t)n + 1) * sizeof(*members));

	if (!members)
		return;
	for (uint32_t i = 0; i < n; i++)
		members[i] = first + i;
	group_items(&how, members, n, q);
	free(members);
}

struct ls_groups model_threads_by_start(struct model *m)
{
	struct model_query_cache *c = cache(m);

	if (!c)
		return no_groups;
	if (!c->threads_start.done)
		threads_grouped(m, &c->threads_start, 0, m->nthreads);
	return answer(&c->threads_start);
}

/* First position in the ascending items[0..n) holding a value >= v. */
static uint32_t lower_bound(const uint32_t *items, uint32_t n, uint32_t v)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (items[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A process's groups are slices of the global ones: members of a global
 * group are thread indexes in ascending order, and a process's threads
 * are one index range. No sort and no copy of the members. */
static bool threads_from_global(struct model *m, struct qgroups *q, uint32_t p)
{
	struct ls_groups all = model_threads_by_start(m);
	uint32_t lo = m->processes[p].first_thread;
	uint32_t hi = lo + m->processes[p].nthreads, ng = 0;

	if (!all.groups && m->nthreads)
		return false;
	q->groups = calloc((size_t)all.ngroups + 1, sizeof(*q->groups));
	if (!q->groups)
		return false;
	for (uint32_t i = 0; i < all.ngroups && hi > lo; i++) {
		const struct ls_group *G = &all.groups[i];
		uint32_t a = lower_bound(G->items, G->nitems, lo);
		uint32_t b = lower_bound(G->items, G->nitems, hi);
		struct ls_group *g;

		if (a == b)
			continue;
		g = &q->groups[ng++];
		g->key = G->key;
		g->items = G->items + a;
		g->count = g->nitems = b - a;
		aux_threads(m, g);
		g->label = label_start(m, g);   /* symbolized for this process */
	}
	qsort(q->groups, ng, sizeof(*q->groups), group_cmp);
	q->ngroups = ng;
	q->items = NULL;      /* the members belong to the global answer */
	q->done = true;
	return true;
}

struct ls_groups model_process_threads_by_start(struct model *m, uint32_t p)
{
	struct model_query_cache *c = cache(m);
	struct qgroups *q;

	if (!c || !(q = slot(&c->proc_threads, m->nprocesses, p)))
		return no_groups;
	if (!q->done && !threads_from_global(m, q, p))
		threads_grouped(m, q, m->processes[p].first_thread,
				m->processes[p].nthreads);
	return answer(q);
}

static void relabel(struct model *m, struct qgroups *q)
{
	if (!q || !q->done)
		return;
	for (uint32_t i = 0; i < q->ngroups; i++)
		q->groups[i].label = label_start(m, &q->groups[i]);
}

/* Symbols changed (a symbol file): start labels are made again; the old
 * strings stay in the arena, so pointers a view still holds stay valid. */
void model_query_relabel(struct model *m)
{
	struct model_query_cache *c;

	if (!m || !(c = m->cache))
		return;
	relabel(m, &c->threads_start);
	for (uint32_t i = 0; c->proc_threads && i < m->nprocesses; i++)
		relabel(m, &c->proc_threads[i]);
}

/* ---- objects by name ------------------------------------------------------ */

static int name_cmp(const void *a, const void *b, const struct model *m)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(m->objects[x].name, m->objects[y].name);

	return c ? c : (x < y ? -1 : x > y);
}

/* qsort has no context argument in C11: the model being sorted is held
 * here for the duration of one sort. */
static const struct model *sorting_model;

static int name_cmp_qsort(const void *a, const void *b)
{
	return name_cmp(a, b, sorting_model);
}

struct ls_groups model_objects_by_name(struct model *m)
{
	struct model_query_cache *c = cache(m);
	struct qgroups *q;
	uint32_t n = 0, ng = 0, i;

	if (!c)
		return no_groups;
	q = &c->objects_name;
	if (q->done)
		return answer(q);
	q->items = malloc(((size_t)m->nobjects + 1) * sizeof(*q->items));
	if (!q->items)
		return no_groups;
	for (i = 0; i < m->nobjects; i++)
		if (m->objects[i].name)
			q->items[n++] = i;
	sorting_model = m;
	qsort(q->items, n, sizeof(*q->items), name_cmp_qsort);
	sorting_model = NULL;
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(m->objects[q->items[i]].name,
				     m->objects[q->items[i - 1]].name) != 0)
			ng++;
	q->groups = calloc((size_t)ng + 1, sizeof(*q->groups));
	if (!q->groups) {
		qgroups_free(q);
		return no_groups;
	}
	ng = 0;
	for (i = 0; i < n; i++) {
		const struct ls_object *o = &m->objects[q->items[i]];
		struct ls_group *g;

		if (i == 0 || strcmp(o->name, m->objects[q->items[i - 1]].name) != 0) {
			g = &q->groups[ng++];
			g->key = q->items[i];   /* the lowest index: sorted by it */
			g->label = o->name;
			g->items = &q->items[i];
		}
		g = &q->groups[ng - 1];
		g->count++;
		g->nitems++;
		g->aux[0] += o->nrefs;
	}
	qsort(q->groups, ng, sizeof(*q->groups), group_cmp);
	q->ngroups = ng;
	q->done = true;
	return answer(q);
}

/* ---- top pool tags ----------------------------------------------------- */

static uint64_t tag_bytes(const struct model *m, uint32_t i, int paged)
{
	return paged ? m->pooltags[i].p_bytes : m->pooltags[i].np_bytes;
}

const uint32_t *model_top_tags(struct model *m, int paged, uint32_t *n)
{
	struct model_query_cache *c = cache(m);
	struct ls_key *k;
	int which = paged ? 1 : 0;
	uint32_t i;

	if (n)
		*n = 0;
	if (!c)
		return NULL;
	if (!c->top[which]) {
		k = malloc(((size_t)m->npooltags + 1) * sizeof(*k));
		c->top[which] = malloc(((size_t)m->npooltags + 1) * sizeof(uint32_t));
		if (!k || !c->top[which]) {
			free(k);
			free(c->top[which]);
			c->top[which] = NULL;
			return NULL;
		}
		/* most bytes first: sort by the complement; ties by index */
		for (i = 0; i < m->npooltags; i++)
			k[i] = (struct ls_key){ ~tag_bytes(m, i, which), 0, i };
		ls_sort_keys(k, m->npooltags);
		for (i = 0; i < m->npooltags; i++)
			c->top[which][i] = k[i].idx;
		c->ntop[which] = m->npooltags;
		free(k);
	}
	if (n)
		*n = c->ntop[which];
	return c->top[which];
}
