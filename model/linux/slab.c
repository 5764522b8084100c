/* model/linux/slab.c — SLUB caches as pool tags, and task_structs that are
 * allocated in the task_struct cache but on no task list.
 *
 * Without slub_debug the kernel keeps no list of full slabs, so the slabs
 * are found the way crash does when it must: every struct page in the
 * vmemmap with PG_slab set (head pages only) belongs to the cache in its
 * slab_cache. Per cache:
 *   total objects  sum of slab.objects
 *   in use         sum of slab.inuse, minus the objects on the per-CPU
 *                  freelists (a CPU's slab counts them as in use)
 * Freelist pointers are decoded for SLAB_FREELIST_HARDENED (present when
 * kmem_cache has a `random` member): next = stored ^ s->random ^
 * swab(address where it is stored). The kernel's own counters
 * (kmem_cache_node.nr_slabs / total_objects, kept with SLUB_DEBUG) are
 * compared with the scan and a difference is warned about.
 *
 * In the task_struct cache every allocated object (not on its slab's or its
 * CPU's freelist) that is not on the task list becomes a thread record
 * found by LS_FOUND_SCAN (exited tasks still referenced, idle tasks of
 * secondary CPUs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lx.h"

#define LX_MAX_CACHES     4096u
#define LX_MAX_NODES      64u
#define LX_PAGE_SHIFT     12
#define LX_PAGES_PER_READ 1024u
#define LX_MAX_SLAB_OBJS  65536u

struct cache {
	uint64_t addr;
	const char *name;
	uint32_t size, object_size, offset;
	uint32_t per_slab;         /* objects per slab (oo), bounds freelists */
	uint32_t order;            /* pages per slab: 1 << order (oo) */
	uint64_t random;           /* 0 if not hardened */
	uint64_t cpu_slab;         /* per-CPU pointer */
	uint64_t nslabs, objects, inuse, cpu_free;
	uint64_t k_nr_slabs, k_total_objects;   /* kernel counters */
	bool k_valid;
};

/* A slab of the task_struct cache, kept for the dead-task scan. */
struct tslab {
	uint64_t base;             /* first object (direct map) */
	uint64_t freelist;
	uint32_t objects;
};

struct slab_ctx {
	struct lx *x;
	struct cache *caches;
	uint32_t ncaches;
	struct lx_map *by_addr;    /* kmem_cache address -> index */
	bool hardened;
	struct tslab *tslabs;
	uint32_t ntslabs, cap_tslabs;
	uint32_t task_cache;       /* index, LS_NONE if not found */
	struct lx_set *task_free;  /* free task_struct objects */
};

static uint64_t swab64(uint64_t v)
{
	return __builtin_bswap64(v);
}

/* The next free object after obj, decoded; 0 at the end. */
static bool freelist_next(struct slab_ctx *c, const struct cache *k,
			  uint64_t obj, uint64_t *next)
{
	uint64_t at = obj + k->offset, v;

	if (!lx_u64(c->x, at, &v))
		return false;
	*next = c->hardened ? v ^ k->random ^ swab64(at) : v;
	return true;
}

/* Walk a freelist from head, at most max objects; optional set of the
 * objects seen. Returns the count; stops at a bad pointer. */
static uint32_t walk_freelist(struct slab_ctx *c, const struct cache *k,
			      uint64_t head, uint32_t max, struct lx_set *out)
{
	uint32_t n = 0;
	uint64_t obj = head;

	while (obj && n < max) {
		if (!dump_va_canonical(obj) || obj < c->x->page_offset)
			break;
		if (out)
			lx_set_add(out, obj, NULL);
		n++;
		if (!freelist_next(c, k, obj, &obj))
			break;
	}
	return n;
}

/* The slab_caches list. */
static enum ls_status read_caches(struct slab_ctx *c, struct ls_err *err)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	uint64_t head = lx_sym(x, "slab_caches"), link, a;
	uint32_t nnodes = 1;
	size_t len;
	uint8_t *buf;
	bool nomem = false;

	if (!head)
		return ls_err_set(err, LS_ERR_NOTFOUND, "slabs: no slab_caches symbol");
	if ((a = lx_sym(x, "nr_node_ids")))
		lx_u32(x, a, &nnodes);
	if (nnodes == 0 || nnodes > LX_MAX_NODES)
		nnodes = 1;
	len = (size_t)l->cache_node.off + 8u * nnodes;
	if ((int64_t)len > l->size.kmem_cache)
		len = (size_t)l->size.kmem_cache;
	buf = malloc(len);
	c->caches = calloc(LX_MAX_CACHES, sizeof(*c->caches));
	c->by_addr = lx_map_create();
	if (!buf || !c->caches || !c->by_addr) {
		free(buf);
		return ls_err_set(err, LS_ERR_NOMEM, "slabs: out of memory");
	}
	if (!lx_u64(x, head, &link)) {
		free(buf);
		return ls_err_set(err, LS_ERR_NODATA, "slabs: slab_caches unreadable");
	}
	while (link != head && c->ncaches < LX_MAX_CACHES) {
		uint64_t k = link - (uint64_t)l->cache_list.off;
		struct cache *ca = &c->caches[c->ncaches];
		char name[64];
		uint64_t dummy;

		if (lx_map_get(c->by_addr, k, &dummy)) {
			model_warn(x->m, "slab_caches loops at 0x%llx",
				   (unsigned long long)k);
			break;
		}
		if (lx_read(x, k, buf, len, "kmem_cache", NULL) != LS_OK) {
			model_warn(x->m, "slab_caches: kmem_cache at 0x%llx unreadable",
				   (unsigned long long)k);
			break;
		}
		ca->addr = k;
		ca->size = (uint32_t)lx_get(buf, len, &l->cache_size);
		ca->object_size = (uint32_t)lx_get(buf, len, &l->cache_object_size);
		ca->offset = (uint32_t)lx_get(buf, len, &l->cache_offset);
		ca->random = lx_get(buf, len, &l->cache_random);
		ca->per_slab = (uint32_t)(lx_get(buf, len, &l->cache_oo) & 0xffff);
		ca->order = (uint32_t)(lx_get(buf, len, &l->cache_oo) >> 16) & 0x1f;
		if (!ca->per_slab)
			ca->per_slab = LX_MAX_SLAB_OBJS;
		ca->cpu_slab = lx_get(buf, len, &l->cache_cpu_slab);
		if (!lx_cstr(x, lx_get(buf, len, &l->cache_name), name, sizeof(name)))
			snprintf(name, sizeof(name), "kmem_cache@%llx",
				 (unsigned long long)k);
		ca->name = model_strdup(x->m, name);
		/* the kernel's own totals (SLUB_DEBUG) */
		if (l->cnode_nr_slabs.off >= 0 && l->cnode_total_objects.off >= 0) {
			ca->k_valid = true;
			for (uint32_t n = 0; n < nnodes; n++) {
				uint64_t node, v1, v2;
				memcpy(&node, buf + l->cache_node.off + 8 * n, 8);
				if (!node)
					continue;
				if (lx_u64(x, node + (uint64_t)l->cnode_nr_slabs.off, &v1) &&
				    lx_u64(x, node + (uint64_t)l->cnode_total_objects.off, &v2)) {
					ca->k_nr_slabs += v1;
					ca->k_total_objects += v2;
				} else {
					ca->k_valid = false;
				}
			}
		}
		if (!strcmp(name, "task_struct"))
			c->task_cache = c->ncaches;
		if (!lx_map_put(c->by_addr, k, c->ncaches)) {
			nomem = true;
			break;
		}
		c->ncaches++;
		link = lx_get(buf, len, &l->cache_list);
	}
	free(buf);
	if (nomem)
		return ls_err_set(err, LS_ERR_NOMEM, "slabs: out of memory");
	return LS_OK;
}

static bool keep_tslab(struct slab_ctx *c, const struct tslab *t)
{
	if (c->ntslabs == c->cap_tslabs) {
		uint32_t cap = c->cap_tslabs ? c->cap_tslabs * 2 : 256;
		struct tslab *n = realloc(c->tslabs, cap * sizeof(*n));
		if (!n)
			return false;
		c->tslabs = n;
		c->cap_tslabs = cap;
	}
	c->tslabs[c->ntslabs++] = *t;
	return true;
}

/* Every struct page: slab head pages count toward their cache. */
static enum ls_status scan_pages(struct slab_ctx *c)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	uint64_t max_pfn = 0, a, pfn, pg_slab, psize;
	uint8_t *buf;
	uint32_t bad_chunks = 0;

	psize = l->size.page > 0 ? (uint64_t)l->size.page : 64;
	if ((a = lx_sym(x, "max_pfn")))
		lx_u64(x, a, &max_pfn);
	{
		/* never beyond what the dump holds */
		const struct dump_info *di = dump_info(x->d);
		uint64_t end = di ? di->phys_end >> LX_PAGE_SHIFT : 0;
		if (!max_pfn || (end && max_pfn > end))
			max_pfn = end;
	}
	if (!lx_vmci_num(&x->vmci, "NUMBER(PG_slab)", 10, &pg_slab))
		pg_slab = l->enums.pg_slab >= 0 ? (uint64_t)l->enums.pg_slab : 9;
	buf = malloc(LX_PAGES_PER_READ * psize);
	if (!buf)
		return LS_ERR_NOMEM;
	for (pfn = 0; pfn < max_pfn; pfn += LX_PAGES_PER_READ) {
		uint64_t n = max_pfn - pfn < LX_PAGES_PER_READ ? max_pfn - pfn
							       : LX_PAGES_PER_READ;
		if (lx_read(x, x->vmemmap + pfn * psize, buf, n * psize,
			    "struct page", NULL) != LS_OK) {
			bad_chunks++;
			continue;
		}
		for (uint64_t i = 0; i < n; i++) {
			const uint8_t *pg = buf + i * psize;
			uint64_t flags = lx_get(pg, psize, &l->slab_flags), idx;
			struct cache *ca;

			if (!(flags & (1ull << pg_slab)))
				continue;
			if (l->page_compound_head.off >= 0 &&
			    (lx_get(pg, psize, &l->page_compound_head) & 1))
				continue;       /* tail page */
			if (!lx_map_get(c->by_addr, lx_get(pg, psize, &l->slab_cache), &idx))
				continue;
			ca = &c->caches[idx];
			ca->nslabs++;
			ca->objects += lx_get(pg, psize, &l->slab_objects);
			ca->inuse += lx_get(pg, psize, &l->slab_inuse);
			if (idx == c->task_cache) {
				struct tslab t = {
					.base = x->page_offset + ((pfn + i) << LX_PAGE_SHIFT),
					.freelist = lx_get(pg, psize, &l->slab_freelist),
					.objects = (uint32_t)lx_get(pg, psize, &l->slab_objects),
				};
				if (!keep_tslab(c, &t)) {
					free(buf);
					return LS_ERR_NOMEM;
				}
			}
		}
	}
	free(buf);
	if (bad_chunks)
		model_warn(x->m, "slabs: %u blocks of struct pages unreadable "
			   "(vmemmap 0x%llx)", bad_chunks,
			   (unsigned long long)x->vmemmap);
	return LS_OK;
}

/* Objects on the per-CPU freelists: free, though their slab counts them
 * as in use. */
static void count_cpu_freelists(struct slab_ctx *c)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	uint8_t kc[64];
	size_t klen = (size_t)l->size.kmem_cache_cpu;

	if (klen > sizeof(kc))
		klen = sizeof(kc);
	for (uint32_t i = 0; i < c->ncaches; i++) {
		struct cache *ca = &c->caches[i];
		for (uint32_t cpu = 0; cpu < x->ncpus; cpu++) {
			uint64_t head;
			if (!ca->cpu_slab ||
			    lx_read(x, ca->cpu_slab + x->percpu[cpu], kc, klen,
				    "kmem_cache_cpu", NULL) != LS_OK)
				continue;
			head = lx_get(kc, klen, &l->ccpu_freelist);
			ca->cpu_free += walk_freelist(c, ca, head, ca->per_slab,
						      i == c->task_cache ? c->task_free : NULL);
		}
	}
}

static enum ls_status add_pooltags(struct slab_ctx *c)
{
	struct lx *x = c->x;
	const struct ls_memsum *ms = &x->m->mem;
	uint32_t mismatched = 0;
	uint64_t pages = 0;

	/* slab pages against the kernel's vm_node_stat, which also counts
	 * large kmalloc pages (no slab) and folds per-CPU deltas in lazily:
	 * a difference beyond 5% is worth saying (this dump: 11 048 found,
	 * 11 356 counted) */
	for (uint32_t i = 0; i < c->ncaches; i++)
		pages += c->caches[i].nslabs << c->caches[i].order;
	if (ms->slab_reclaimable.valid && ms->slab_unreclaimable.valid) {
		uint64_t k = ms->slab_reclaimable.value + ms->slab_unreclaimable.value;
		uint64_t diff = k > pages ? k - pages : pages - k;
		if (diff * 20 > k)
			model_warn(x->m, "slab pages: the scan finds %llu, vm_node_stat "
				   "counts %llu", (unsigned long long)pages,
				   (unsigned long long)k);
	}

	for (uint32_t i = 0; i < c->ncaches; i++) {
		struct cache *ca = &c->caches[i];
		struct ls_pooltag t = { 0 };
		uint64_t active = ca->inuse > ca->cpu_free ? ca->inuse - ca->cpu_free : 0;

		t.name = ca->name;
		t.np_allocs = ca->objects;
		t.np_frees = ca->objects - active;
		t.np_bytes = active * ca->size;
		t.object_size = ca->size;
		t.addr = ca->addr;
		t.type = LS_NONE;
		if (model_add_pooltag(x->m, &t) == LS_NONE)
			return LS_ERR_NOMEM;
		if (ca->k_valid && (ca->k_nr_slabs != ca->nslabs ||
				    ca->k_total_objects != ca->objects)) {
			if (mismatched++ < 8)
				model_warn(x->m, "slab cache %s: %llu slabs / %llu objects "
					   "found, the kernel counts %llu / %llu",
					   ca->name, (unsigned long long)ca->nslabs,
					   (unsigned long long)ca->objects,
					   (unsigned long long)ca->k_nr_slabs,
					   (unsigned long long)ca->k_total_objects);
		}
	}
	return LS_OK;
}

static uint32_t process_by_pid(const struct model *m, uint64_t pid)
{
	for (uint32_t i = 0; i < m->nprocesses; i++)
		if (m->processes[i].pid == pid)
			return i;
	return LS_NONE;
}

/* Allocated task_structs on no task list. */
static enum ls_status scan_tasks(struct slab_ctx *c)
{
	struct lx *x = c->x;
	const struct cache *ca;
	uint8_t *buf;
	uint32_t found = 0;

	if (c->task_cache == LS_NONE) {
		model_warn(x->m, "slabs: no task_struct cache: exited tasks not searched");
		return LS_OK;
	}
	ca = &c->caches[c->task_cache];
	if (ca->size < x->l.task_read_len) {
		model_warn(x->m, "task_struct cache objects of %u bytes: not scanned",
			   ca->size);
		return LS_OK;
	}
	buf = malloc(x->l.task_read_len);
	if (!buf)
		return LS_ERR_NOMEM;
	for (uint32_t s = 0; s < c->ntslabs; s++) {
		const struct tslab *t = &c->tslabs[s];
		uint32_t nobj = t->objects > LX_MAX_SLAB_OBJS ? LX_MAX_SLAB_OBJS : t->objects;

		walk_freelist(c, ca, t->freelist, nobj, c->task_free);
		for (uint32_t i = 0; i < nobj; i++) {
			uint64_t obj = t->base + (uint64_t)i * ca->size;
			struct ls_thread th;

			if (lx_set_has(c->task_free, obj) || lx_set_has(x->tasks_seen, obj))
				continue;
			if (lx_read(x, obj, buf, x->l.task_read_len, "task_struct", NULL) != LS_OK)
				continue;
			lx_thread_from_task(x, obj, buf, x->l.task_read_len, &th);
			if (th.tid == 0 && th.pid == 0 && !th.name[0])
				continue;       /* never used */
			th.found = LS_FOUND_SCAN;
			/* a live task off the list (an idle task of another CPU)
			 * belongs to its thread group; a dead one's tgid may
			 * have been reused */
			if (!th.terminated)
				th.process = process_by_pid(x->m, th.pid);
			if (model_add_thread(x->m, &th) == LS_NONE) {
				free(buf);
				return LS_ERR_NOMEM;
			}
			found++;
		}
	}
	free(buf);
	return LS_OK;
}

/* The fields this pass cannot do without, by name; NULL if all there. */
static const char *missing_field(const struct lx_layout *l)
{
#define LX_NEED(f, name) if (l->f.off < 0) return name;
	LX_NEED(cache_cpu_slab, "kmem_cache.cpu_slab")
	LX_NEED(cache_size, "kmem_cache.size")
	LX_NEED(cache_offset, "kmem_cache.offset")
	LX_NEED(cache_name, "kmem_cache.name")
	LX_NEED(cache_list, "kmem_cache.list")
	LX_NEED(cache_node, "kmem_cache.node")
	LX_NEED(ccpu_freelist, "kmem_cache_cpu.freelist")
	LX_NEED(slab_flags, "slab.__page_flags")
	LX_NEED(slab_cache, "slab.slab_cache")
	LX_NEED(slab_freelist, "slab.freelist")
	LX_NEED(slab_inuse, "slab.inuse")
	LX_NEED(slab_objects, "slab.objects")
#undef LX_NEED
	if (l->size.kmem_cache <= 0 || l->size.kmem_cache_cpu <= 0)
		return "struct kmem_cache (SLUB)";
	return NULL;
}

enum ls_status lx_read_slabs(struct lx *x, struct ls_err *err)
{
	struct slab_ctx c = { .x = x, .task_cache = LS_NONE };
	const char *missing = missing_field(&x->l);
	enum ls_status st;

	if (missing)
		return ls_err_set(err, LS_ERR_NOTFOUND, "slab caches not read: the "
				  "BTF lacks %s (not SLUB?)", missing);

	c.hardened = x->l.cache_random.off >= 0;
	c.task_free = lx_set_create();
	if (!c.task_free)
		return ls_err_set(err, LS_ERR_NOMEM, "slabs: out of memory");
	st = read_caches(&c, err);
	if (st == LS_OK) {
		st = scan_pages(&c);
		if (st == LS_OK) {
			count_cpu_freelists(&c);
			st = add_pooltags(&c);
		}
		if (st == LS_OK)
			st = scan_tasks(&c);
		if (st != LS_OK)
			ls_err_set(err, st, "slabs: out of memory");
	}
	lx_set_destroy(c.task_free);
	lx_map_destroy(c.by_addr);
	free(c.caches);
	free(c.tslabs);
	if (st == LS_OK)
		ls_err_clear(err);
	return st;
}
