/* model/finish.c — model_finish(): sort, slice, link and index the
 * records a reader added.
 *
 * Order after model_finish():
 *   handles  by (process, value); handles of no process last
 *   threads  by (process, tid);   threads of no process (LS_NONE) last
 *   modules  by (process, base);  kernel modules (process LS_NONE) LAST
 *   symbols  by (module, addr);   symbols of no module last
 *   traces   by (process, seq)
 * Each process gets its slices (first_x, nx), each module its symbols,
 * each object its handles (object_refs, CSR style). Records keep their
 * place in memory except for these sorts, which work on 16-byte keys and
 * move each record once; indexes stored in other records (symbol.module,
 * object.thread) are remapped. Lookups (tree.c) are sorted key arrays.
 *
 * Cost at the seed's scale (309 000 threads, 162 000 handles), measured
 * with `make bench`: about 30 ms of CPU.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"
#include "tree_internal.h"

/* Scratch space for model_finish(): one allocation for every sort, so
 * that the pages are faulted in once (at 300 000 threads the page faults
 * of fresh buffers cost more than the sorting). */
struct scratch {
	struct ls_key *keys, *tmp;
	uint32_t *inv;
	uint32_t linked;   /* objects the reader linked to a thread/process */
};

static bool scratch_init(struct scratch *sc, size_t n)
{
	sc->keys = malloc((n + 1) * sizeof(*sc->keys));
	sc->tmp = malloc((n + 1) * sizeof(*sc->tmp));
	sc->inv = malloc((n + 1) * sizeof(*sc->inv));
	return sc->keys && sc->tmp && sc->inv;
}

static void scratch_free(struct scratch *sc)
{
	free(sc->keys);
	free(sc->tmp);
	free(sc->inv);
}

/* Reorder records so that new[i] = old[keys[i].idx], in place, cycle by
 * cycle with one spare record; sc->inv[old] = new afterwards. In place
 * beats a gather into a fresh array here: 310 000 threads (57 MB) move in
 * 9 ms when nearly sorted and 20 ms when shuffled, against 25-28 ms for
 * the copy, whose cost is mostly page faults on the new memory (measured
 * on the 2-core reference machine). */
static bool permute(void **arr, size_t elem, uint32_t n, struct scratch *sc)
{
	const struct ls_key *k = sc->keys;
	uint8_t *done = (uint8_t *)sc->tmp;   /* free once the keys are sorted */
	char *a = *arr, *spare;
	bool identity = true;

	for (uint32_t i = 0; i < n; i++) {
		if (k[i].idx != i)
			identity = false;
		sc->inv[k[i].idx] = i;
	}
	if (identity)
		return true;
	spare = malloc(elem);
	if (!spare)
		return false;
	memset(done, 0, n);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = i;

		if (done[i] || k[i].idx == i)
			continue;
		memcpy(spare, a + (size_t)i * elem, elem);
		for (;;) {
			uint32_t from = k[j].idx;

			done[j] = 1;
			if (from == i) {
				memcpy(a + (size_t)j * elem, spare, elem);
				break;
			}
			memcpy(a + (size_t)j * elem, a + (size_t)from * elem, elem);
			j = from;
		}
	}
	free(spare);
	return true;
}

/* Sort n records of elem bytes by key(); sc->inv maps old to new index. */
static bool sort_records(struct model *m, struct scratch *sc, void *arrp,
			 size_t elem, uint32_t n,
			 struct ls_key (*key)(const struct model *, uint32_t))
{
	void **arr = arrp;

	for (uint32_t i = 0; i < n; i++)
		sc->keys[i] = key(m, i);
	ls_sort_keys_buf(sc->keys, n, sc->tmp);
	return *arr == NULL || permute(arr, elem, n, sc);
}

/* (major, 64-bit minor) packed into the 96 bits of a key, order kept. */
static struct ls_key key_pair(uint32_t major, uint64_t minor, uint32_t idx)
{
	return (struct ls_key){ (uint64_t)major << 32 | minor >> 32,
				(uint32_t)minor, idx };
}

static struct ls_key key_module(const struct model *m, uint32_t i)
{
	return key_pair(m->modules[i].process, m->modules[i].base, i);
}

static struct ls_key key_symbol(const struct model *m, uint32_t i)
{
	return key_pair(m->symbols[i].module, m->symbols[i].addr, i);
}

static struct ls_key key_thread(const struct model *m, uint32_t i)
{
	return key_pair(m->threads[i].process, m->threads[i].tid, i);
}

static struct ls_key key_handle(const struct model *m, uint32_t i)
{
	return key_pair(m->handles[i].process, m->handles[i].value, i);
}

static struct ls_key key_trace(const struct model *m, uint32_t i)
{
	return key_pair(m->traces[i].process, m->traces[i].seq, i);
}

static uint32_t remap(const uint32_t *inv, uint32_t n, uint32_t i)
{
	return i < n ? inv[i] : LS_NONE;
}

/* An index stored by the reader that is out of range becomes LS_NONE. */
static uint32_t checked(uint32_t i, uint32_t n, uint32_t *bad)
{
	if (i == LS_NONE || i < n)
		return i;
	(*bad)++;
	return LS_NONE;
}

/* ---- model_finish() steps --------------------------------------------- */

/* Modules by (process, base): each process's slice, the kernel's at the
 * end; symbols still name modules by their old index, so remap them. */
static enum ls_status finish_modules(struct model *m, struct model_index *ix,
				     struct scratch *sc)
{
	uint32_t n = m->nmodules, i;

	if (!sort_records(m, sc, &m->modules, sizeof(*m->modules), n, key_module))
		return LS_ERR_NOMEM;
	for (i = 0; i < m->nsymbols; i++)
		m->symbols[i].module = remap(sc->inv, n, m->symbols[i].module);
	for (i = 0; i < m->nprocesses; i++)
		m->processes[i].first_module = m->processes[i].nmodules = 0;
	ix->first_kmodule = n;
	ix->nkmodules = 0;
	for (i = 0; i < n; i++) {
		uint32_t p = m->modules[i].process;

		if (p == LS_NONE) {
			if (!ix->nkmodules++)
				ix->first_kmodule = i;
		} else if (!m->processes[p].nmodules++) {
			m->processes[p].first_module = i;
		}
	}
	return LS_OK;
}

struct name_idx {
	const char *name;
	uint32_t idx;
};

static int name_idx_cmp(const void *a, const void *b)
{
	const struct name_idx *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/* Symbol indexes sorted by (name, index). */
static uint32_t *sort_symbol_names(const struct model *m)
{
	struct name_idx *v = malloc(((size_t)m->nsymbols + 1) * sizeof(*v));
	uint32_t *out = malloc(((size_t)m->nsymbols + 1) * sizeof(*out));

	if (!v || !out) {
		free(v);
		free(out);
		return NULL;
	}
	for (uint32_t i = 0; i < m->nsymbols; i++)
		v[i] = (struct name_idx){ m->symbols[i].name ? m->symbols[i].name : "", i };
	qsort(v, m->nsymbols, sizeof(*v), name_idx_cmp);
	for (uint32_t i = 0; i < m->nsymbols; i++)
		out[i] = v[i].idx;
	free(v);
	return out;
}

/* Symbols by (module, addr) with each module's slice, and by name. Also
 * after finish, when a symbol file adds symbols (model_index_symbols). */
static enum ls_status index_symbols(struct model *m, struct scratch *sc)
{
	struct model_index *ix = m->index;
	uint32_t *byname, n = m->nsymbols, i;

	for (i = 0; i < n; i++)
		if (m->symbols[i].module != LS_NONE && m->symbols[i].module >= m->nmodules)
			m->symbols[i].module = LS_NONE;
	if (!sort_records(m, sc, &m->symbols, sizeof(*m->symbols), n, key_symbol))
		return LS_ERR_NOMEM;
	for (i = 0; i < m->nmodules; i++)
		m->modules[i].first_symbol = m->modules[i].nsymbols = 0;
	ix->first_free_symbol = n;
	ix->nfree_symbols = 0;
	for (i = 0; i < n; i++) {
		uint32_t mod = m->symbols[i].module;

		if (mod == LS_NONE) {
			if (!ix->nfree_symbols++)
				ix->first_free_symbol = i;
		} else if (!m->modules[mod].nsymbols++) {
			m->modules[mod].first_symbol = i;
		}
	}
	byname = sort_symbol_names(m);
	if (!byname)
		return LS_ERR_NOMEM;
	free(ix->sym_by_name);
	ix->sym_by_name = byname;
	ix->nsym_by_name = n;
	return LS_OK;
}

enum ls_status model_index_symbols(struct model *m)
{
	struct scratch sc;
	enum ls_status st = LS_ERR_NOMEM;

	if (!m->index)
		return LS_ERR_INVALID;
	if (scratch_init(&sc, m->nsymbols))
		st = index_symbols(m, &sc);
	scratch_free(&sc);
	return st;
}

/* Threads by (process, tid) with each process's slice; objects the reader
 * linked to a thread follow it to its new place. */
static enum ls_status finish_threads(struct model *m, struct scratch *sc)
{
	uint32_t n = m->nthreads, i;

	if (!sort_records(m, sc, &m->threads, sizeof(*m->threads), n, key_thread))
		return LS_ERR_NOMEM;
	for (i = 0; sc->linked && i < m->nobjects; i++)
		if (m->objects[i].thread != LS_NONE)
			m->objects[i].thread = remap(sc->inv, n, m->objects[i].thread);
	for (i = 0; i < m->nprocesses; i++)
		m->processes[i].first_thread = m->processes[i].nthreads = 0;
	for (i = 0; i < n; i++) {
		uint32_t p = m->threads[i].process;

		m->threads[i].object = LS_NONE;   /* link_objects() sets it */
		if (p != LS_NONE && !m->processes[p].nthreads++)
			m->processes[p].first_thread = i;
	}
	return LS_OK;
}

/* Handles by (process, value) with each process's slice, then the reverse
 * index: object_refs holds handle indexes grouped by object (counts, then
 * prefix sums, then a fill), each group in handle order. */
static enum ls_status finish_handles(struct model *m, struct scratch *sc)
{
	uint32_t n = m->nhandles, i, at = 0;
	uint32_t *count = sc->inv;   /* per object, once the sort is done */

	if (!sort_records(m, sc, &m->handles, sizeof(*m->handles), n, key_handle))
		return LS_ERR_NOMEM;
	for (i = 0; i < m->nprocesses; i++)
		m->processes[i].first_handle = m->processes[i].nhandles = 0;
	for (i = 0; i < n; i++) {
		uint32_t p = m->handles[i].process;

		if (p != LS_NONE && !m->processes[p].nhandles++)
			m->processes[p].first_handle = i;
	}

	/* reverse index object -> handles, CSR style, in handle order */
	free(m->object_refs);
	m->object_refs = malloc(((size_t)n + 1) * sizeof(*m->object_refs));
	if (!m->object_refs)
		return LS_ERR_NOMEM;
	memset(count, 0, ((size_t)m->nobjects + 1) * sizeof(*count));
	for (i = 0; i < n; i++)
		if (m->handles[i].object != LS_NONE)
			count[m->handles[i].object]++;
	for (i = 0; i < m->nobjects; i++) {
		m->objects[i].first_ref = at;
		m->objects[i].nrefs = 0;
		at += count[i];
	}
	for (i = 0; i < n; i++) {
		uint32_t o = m->handles[i].object;

		if (o != LS_NONE) {
			struct ls_object *ob = &m->objects[o];
			m->object_refs[ob->first_ref + ob->nrefs++] = i;
		}
	}
	return LS_OK;
}

/* Handle traces by (process, seq) with each process's slice. */
static enum ls_status finish_traces(struct model *m, struct scratch *sc)
{
	uint32_t n = m->ntraces, i;

	if (!sort_records(m, sc, &m->traces, sizeof(*m->traces), n, key_trace))
		return LS_ERR_NOMEM;
	for (i = 0; i < m->nprocesses; i++)
		m->processes[i].first_trace = m->processes[i].ntraces = 0;
	for (i = 0; i < n; i++) {
		uint32_t p = m->traces[i].process;

		if (p != LS_NONE && !m->processes[p].ntraces++)
			m->processes[p].first_trace = i;
	}
	return LS_OK;
}

/* A sorted lookup array over the records whose key is non-zero. */
static struct ls_key *build_lookup(struct model *m, struct scratch *sc,
				   uint32_t n, uint32_t *ret_n,
				   struct ls_key (*key)(const struct model *, uint32_t))
{
	struct ls_key *k = malloc(((size_t)n + 1) * sizeof(*k));
	uint32_t at = 0;

	if (!k)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		struct ls_key v = key(m, i);

		if (v.key)
			k[at++] = v;
	}
	ls_sort_keys_buf(k, at, sc->tmp);
	*ret_n = at;
	return k;
}

static struct ls_key key_proc_addr(const struct model *m, uint32_t i)
{
	return (struct ls_key){ m->processes[i].addr, 0, i };
}

/* pid 0 (Idle) is a real pid: keys are pid + 1. Live processes come
 * before exited ones that had the same pid. */
static struct ls_key key_proc_pid(const struct model *m, uint32_t i)
{
	return (struct ls_key){ m->processes[i].pid + 1, m->processes[i].exited, i };
}

static struct ls_key key_thread_addr(const struct model *m, uint32_t i)
{
	return (struct ls_key){ m->threads[i].addr, 0, i };
}

/* Objects by body and by header, in one pass over the objects. */
static void build_object_lookups(struct model *m, struct model_index *ix,
				 struct scratch *sc)
{
	size_t size = ((size_t)m->nobjects + 1) * sizeof(struct ls_key);
	struct ls_key *body = malloc(size), *header = malloc(size);
	uint32_t nb = 0, nh = 0;

	if (!body || !header) {
		free(body);
		free(header);
		return;
	}
	for (uint32_t i = 0; i < m->nobjects; i++) {
		const struct ls_object *o = &m->objects[i];

		if (o->body)
			body[nb++] = (struct ls_key){ o->body, 0, i };
		if (o->header)
			header[nh++] = (struct ls_key){ o->header, 0, i };
	}
	ls_sort_keys_buf(body, nb, sc->tmp);
	ls_sort_keys_buf(header, nh, sc->tmp);
	ix->obj_by_body = body;
	ix->nobj_by_body = nb;
	ix->obj_by_header = header;
	ix->nobj_by_header = nh;
}

/* tag + 1 so that tag 0 (Linux slab caches) is indexed too */
static struct ls_key key_tag(const struct model *m, uint32_t i)
{
	return (struct ls_key){ (uint64_t)m->pooltags[i].tag + 1, 0, i };
}

static enum ls_status finish_lookups(struct model *m, struct model_index *ix,
				     struct scratch *sc)
{
	ix->proc_by_addr = build_lookup(m, sc, m->nprocesses, &ix->nproc_by_addr, key_proc_addr);
	ix->proc_by_pid = build_lookup(m, sc, m->nprocesses, &ix->nproc_by_pid, key_proc_pid);
	ix->thread_by_addr = build_lookup(m, sc, m->nthreads, &ix->nthread_by_addr, key_thread_addr);
	build_object_lookups(m, ix, sc);
	ix->tag_by_tag = build_lookup(m, sc, m->npooltags, &ix->ntag_by_tag, key_tag);
	if (!ix->proc_by_addr || !ix->proc_by_pid || !ix->thread_by_addr ||
	    !ix->obj_by_body || !ix->obj_by_header || !ix->tag_by_tag)
		return LS_ERR_NOMEM;
	return LS_OK;
}

/* Merge two sorted lookups on equal keys: each record of a gets the first
 * b record with its key (set_a), and each b record gets the first a record
 * (set_b). Linear, where a binary search per record would miss the cache
 * at every step. */
static void merge_join(const struct ls_key *a, uint32_t na,
		       const struct ls_key *b, uint32_t nb, struct model *m,
		       void (*set_a)(struct model *, uint32_t, uint32_t),
		       void (*set_b)(struct model *, uint32_t, uint32_t))
{
	uint32_t i = 0, j = 0;

	while (i < na && j < nb) {
		if (a[i].key < b[j].key) {
			i++;
		} else if (a[i].key > b[j].key) {
			j++;
		} else {
			uint64_t key = a[i].key;
			uint32_t fa = a[i].idx, fb = b[j].idx;

			for (; i < na && a[i].key == key; i++)
				set_a(m, a[i].idx, fb);
			for (; j < nb && b[j].key == key; j++)
				set_b(m, b[j].idx, fa);
		}
	}
}

static void set_thread_object(struct model *m, uint32_t t, uint32_t o)
{
	m->threads[t].object = o;
}

static void set_process_object(struct model *m, uint32_t p, uint32_t o)
{
	m->processes[p].object = o;
}

static void set_object_thread(struct model *m, uint32_t o, uint32_t t)
{
	if (m->objects[o].thread == LS_NONE)
		m->objects[o].thread = t;
}

static void set_object_process(struct model *m, uint32_t o, uint32_t p)
{
	if (m->objects[o].process == LS_NONE)
		m->objects[o].process = p;
}

/* thread.object / process.object and back, by address == object body. */
static void link_objects(struct model *m, bool linked)
{
	const struct model_index *ix = m->index;
	uint32_t i;

	for (i = 0; i < m->nprocesses; i++)
		m->processes[i].object = LS_NONE;
	merge_join(ix->thread_by_addr, ix->nthread_by_addr, ix->obj_by_body,
		   ix->nobj_by_body, m, set_thread_object, set_object_thread);
	merge_join(ix->proc_by_addr, ix->nproc_by_addr, ix->obj_by_body,
		   ix->nobj_by_body, m, set_process_object, set_object_process);
	/* a thread/process named by an object the reader linked explicitly */
	for (i = 0; linked && i < m->nobjects; i++) {
		const struct ls_object *o = &m->objects[i];

		if (o->thread != LS_NONE && m->threads[o->thread].object == LS_NONE)
			m->threads[o->thread].object = i;
		if (o->process != LS_NONE && m->processes[o->process].object == LS_NONE)
			m->processes[o->process].object = i;
	}
}

/* pooltag.type: the type whose _OBJECT_TYPE.Key is this tag; the Key may
 * carry the "protected" bit 31 that tracker tags do not. */
static enum ls_status link_pooltag_types(struct model *m)
{
	struct ls_key *k = malloc(((size_t)m->ntypes + 1) * sizeof(*k));
	uint32_t n = 0, i;

	if (!k)
		return LS_ERR_NOMEM;
	for (i = 0; i < m->ntypes; i++)
		if (m->types[i].pool_tag)
			k[n++] = (struct ls_key){ m->types[i].pool_tag & 0x7fffffffu, 0, i };
	ls_sort_keys(k, n);
	for (i = 0; i < m->npooltags; i++) {
		uint32_t tag = m->pooltags[i].tag & 0x7fffffffu;

		m->pooltags[i].type = tag ? ls_key_find(k, n, tag) : LS_NONE;
	}
	free(k);
	return LS_OK;
}

/* Indexes the reader stored must be in range; bad ones become LS_NONE.
 * Returns how many objects the reader linked to a thread or process. */
static uint32_t sanitize(struct model *m)
{
	uint32_t bad = 0, linked = 0, i;

	for (i = 0; i < m->nhandles; i++) {
		m->handles[i].process = checked(m->handles[i].process, m->nprocesses, &bad);
		m->handles[i].object = checked(m->handles[i].object, m->nobjects, &bad);
	}
	for (i = 0; i < m->nthreads; i++)
		m->threads[i].process = checked(m->threads[i].process, m->nprocesses, &bad);
	for (i = 0; i < m->nmodules; i++)
		m->modules[i].process = checked(m->modules[i].process, m->nprocesses, &bad);
	for (i = 0; i < m->nsymbols; i++)
		m->symbols[i].module = checked(m->symbols[i].module, m->nmodules, &bad);
	for (i = 0; i < m->ntraces; i++)
		m->traces[i].process = checked(m->traces[i].process, m->nprocesses, &bad);
	for (i = 0; i < m->nobjects; i++) {
		m->objects[i].type = checked(m->objects[i].type, m->ntypes, &bad);
		m->objects[i].thread = checked(m->objects[i].thread, m->nthreads, &bad);
		m->objects[i].process = checked(m->objects[i].process, m->nprocesses, &bad);
		linked += m->objects[i].thread != LS_NONE || m->objects[i].process != LS_NONE;
	}
	if (bad)
		model_warn(m, "model: %u record links were out of range and were dropped", bad);
	return linked;
}

/* The largest record count: the size of the scratch space. */
static uint32_t max_count(const struct model *m)
{
	uint32_t n[] = { m->npooltags, m->ntypes, m->nprocesses, m->nhandles,
			 m->nobjects, m->nthreads, m->nmodules, m->nsymbols,
			 m->ntraces };
	uint32_t max = 0;

	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		if (n[i] > max)
			max = n[i];
	return max;
}

enum ls_status model_finish(struct model *m, struct ls_err *err)
{
	struct model_index *ix;
	struct scratch sc;
	enum ls_status st = LS_ERR_NOMEM;

	ls_err_clear(err);
	if (!m)
		return ls_err_set(err, LS_ERR_INVALID, "finishing the model: no model");
	/* a second finish (the reader added more) starts the indexes afresh */
	model_query_free(m);
	model_index_free(m->index);
	m->finished = false;
	m->index = ix = calloc(1, sizeof(*ix));
	if (!ix)
		return ls_err_set(err, LS_ERR_NOMEM, "finishing the model");
	sc.linked = sanitize(m);
	if (scratch_init(&sc, max_count(m)) &&
	    (st = finish_modules(m, ix, &sc)) == LS_OK &&
	    (st = index_symbols(m, &sc)) == LS_OK &&
	    (st = finish_threads(m, &sc)) == LS_OK &&
	    (st = finish_handles(m, &sc)) == LS_OK &&
	    (st = finish_traces(m, &sc)) == LS_OK &&
	    (st = finish_lookups(m, ix, &sc)) == LS_OK)
		st = link_pooltag_types(m);
	scratch_free(&sc);
	if (st != LS_OK)
		return ls_err_set(err, st, "finishing the model: %s", ls_status_str(st));
	link_objects(m, sc.linked != 0);
	m->finished = true;
	return LS_OK;
}

