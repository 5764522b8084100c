/* model/tree.c — the model's storage: a string arena, growable record
 * arrays and warnings; the lookups over the indexes model_finish()
 * (finish.c) builds; pool tags as text.
 *
 * Strings live in 64 KiB arena chunks (a bump allocator; a string longer
 * than a quarter chunk gets a chunk of its own), freed all at once by
 * model_destroy(). Record arrays grow geometrically; a builder answers
 * LS_NONE when memory runs out or a count would reach LS_NONE.
 */
#include "tree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree_internal.h"

#define ARENA_CHUNK (64 * 1024)
#define WARN_CAP 10000
#define WARN_LEN 512

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	char data[];
};

struct model_arena {
	struct arena_chunk *head;
	size_t bytes;          /* chunk bytes allocated */
};

/* ---- string arena ---------------------------------------------------- */

static char *arena_alloc(struct model *m, size_t n)
{
	struct model_arena *a = m->arena;
	struct arena_chunk *c = a->head;

	if (!c || c->cap - c->used < n) {
		/* big strings get a chunk of their own behind the current one */
		size_t cap = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		struct arena_chunk *nc = malloc(sizeof(*nc) + cap);

		if (!nc)
			return NULL;
		a->bytes += sizeof(*nc) + cap;
		nc->used = 0;
		nc->cap = cap;
		if (c && cap != ARENA_CHUNK) {
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			a->head = nc;
		}
		c = nc;
	}
	c->used += n;
	return c->data + c->used - n;
}

const char *model_strndup(struct model *m, const char *s, size_t n)
{
	size_t len;
	char *d;

	if (!s || !m)
		return NULL;
	len = strnlen(s, n);
	d = arena_alloc(m, len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

const char *model_strdup(struct model *m, const char *s)
{
	return s ? model_strndup(m, s, strlen(s)) : NULL;
}

/* ---- create / destroy ------------------------------------------------ */

struct model *model_create(void)
{
	struct model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->arena = calloc(1, sizeof(*m->arena));
	if (!m->arena) {
		free(m);
		return NULL;
	}
	return m;
}

void model_index_free(struct model_index *ix)
{
	if (!ix)
		return;
	free(ix->proc_by_addr);
	free(ix->proc_by_pid);
	free(ix->thread_by_addr);
	free(ix->obj_by_body);
	free(ix->obj_by_header);
	free(ix->tag_by_tag);
	free(ix->sym_by_name);
	free(ix);
}

void model_destroy(struct model *m)
{
	struct arena_chunk *c, *next;

	if (!m)
		return;
	model_query_free(m);
	model_index_free(m->index);
	for (c = m->arena->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(m->arena);
	free(m->pooltags);
	free(m->types);
	free(m->processes);
	free(m->handles);
	free(m->objects);
	free(m->object_refs);
	free(m->threads);
	free(m->modules);
	free(m->symbols);
	free(m->traces);
	free(m->warnings);
	free(m);
}

/* ---- builders -------------------------------------------------------- */

/* Room for one more element in *arr (count n, capacity *cap); geometric. */
static bool grow(void **arr, uint32_t *cap, uint32_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return true;
	if (n >= LS_NONE - 1)
		return false;
	ncap = *cap ? (size_t)*cap * 2 : 64;
	if (ncap > LS_NONE - 1)
		ncap = LS_NONE - 1;
	p = realloc(*arr, ncap * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = (uint32_t)ncap;
	return true;
}

#define ADD_RECORD(m, arr, n, cap, r)                                       \
	do {                                                                \
		if (!m || !r || !grow((void **)&(m)->arr, &(m)->cap, (m)->n, \
				       sizeof(*(m)->arr)))                 \
			return LS_NONE;                                     \
		(m)->arr[(m)->n] = *(r);                                    \
		return (m)->n++;                                            \
	} while (0)

uint32_t model_add_pooltag(struct model *m, const struct ls_pooltag *r)
{
	ADD_RECORD(m, pooltags, npooltags, cap_pooltags, r);
}

uint32_t model_add_type(struct model *m, const struct ls_type *r)
{
	ADD_RECORD(m, types, ntypes, cap_types, r);
}

uint32_t model_add_process(struct model *m, const struct ls_process *r)
{
	ADD_RECORD(m, processes, nprocesses, cap_processes, r);
}

uint32_t model_add_handle(struct model *m, const struct ls_handle *r)
{
	ADD_RECORD(m, handles, nhandles, cap_handles, r);
}

uint32_t model_add_object(struct model *m, const struct ls_object *r)
{
	ADD_RECORD(m, objects, nobjects, cap_objects, r);
}

uint32_t model_add_thread(struct model *m, const struct ls_thread *r)
{
	ADD_RECORD(m, threads, nthreads, cap_threads, r);
}

uint32_t model_add_module(struct model *m, const struct ls_module *r)
{
	ADD_RECORD(m, modules, nmodules, cap_modules, r);
}

uint32_t model_add_symbol(struct model *m, const struct ls_symbol *r)
{
	ADD_RECORD(m, symbols, nsymbols, cap_symbols, r);
}

uint32_t model_add_trace(struct model *m, const struct ls_trace *r)
{
	ADD_RECORD(m, traces, ntraces, cap_traces, r);
}

void model_warn(struct model *m, const char *fmt, ...)
{
	char buf[WARN_LEN];
	const char *s;
	va_list ap;

	if (!m)
		return;
	if (m->nwarnings >= WARN_CAP ||
	    !grow((void **)&m->warnings, &m->cap_warnings, m->nwarnings,
		  sizeof(*m->warnings))) {
		m->warnings_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s = model_strdup(m, buf);
	if (!s) {
		m->warnings_dropped++;
		return;
	}
	m->warnings[m->nwarnings++] = (char *)s;
}

/* ---- lookups ------------------------------------------------------------ */

uint32_t model_process_by_addr(const struct model *m, uint64_t addr)
{
	if (!m || !m->index || !addr)
		return LS_NONE;
	return ls_key_find(m->index->proc_by_addr, m->index->nproc_by_addr, addr);
}

uint32_t model_process_by_pid(const struct model *m, uint64_t pid)
{
	if (!m || !m->index || pid == UINT64_MAX)
		return LS_NONE;
	return ls_key_find(m->index->proc_by_pid, m->index->nproc_by_pid, pid + 1);
}

uint32_t model_thread_by_addr(const struct model *m, uint64_t addr)
{
	if (!m || !m->index || !addr)
		return LS_NONE;
	return ls_key_find(m->index->thread_by_addr, m->index->nthread_by_addr, addr);
}

uint32_t model_object_by_body(const struct model *m, uint64_t body)
{
	if (!m || !m->index || !body)
		return LS_NONE;
	return ls_key_find(m->index->obj_by_body, m->index->nobj_by_body, body);
}

uint32_t model_object_by_header(const struct model *m, uint64_t header)
{
	if (!m || !m->index || !header)
		return LS_NONE;
	return ls_key_find(m->index->obj_by_header, m->index->nobj_by_header, header);
}

/* Object types are few (tens): a linear scan is the index. */
uint32_t model_type_by_name(const struct model *m, const char *name)
{
	if (!m || !name)
		return LS_NONE;
	for (uint32_t i = 0; i < m->ntypes; i++)
		if (m->types[i].name && strcmp(m->types[i].name, name) == 0)
			return i;
	return LS_NONE;
}

uint32_t model_pooltag_by_tag(const struct model *m, uint32_t tag)
{
	if (!m || !m->index)
		return LS_NONE;
	return ls_key_find(m->index->tag_by_tag, m->index->ntag_by_tag, (uint64_t)tag + 1);
}

uint32_t model_handle_by_value(const struct model *m, uint32_t p, uint64_t value)
{
	uint32_t lo, hi;

	if (!m || !m->finished || p >= m->nprocesses)
		return LS_NONE;
	lo = m->processes[p].first_handle;
	hi = lo + m->processes[p].nhandles;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->handles[mid].value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m->processes[p].first_handle + m->processes[p].nhandles &&
	    m->handles[lo].value == value)
		return lo;
	return LS_NONE;
}

size_t model_memory(const struct model *m)
{
	const struct model_index *ix;
	size_t n;

	if (!m)
		return 0;
	n = sizeof(*m) + m->arena->bytes +
	    (size_t)m->npooltags * sizeof(*m->pooltags) +
	    (size_t)m->ntypes * sizeof(*m->types) +
	    (size_t)m->nprocesses * sizeof(*m->processes) +
	    (size_t)m->nhandles * sizeof(*m->handles) +
	    (size_t)m->nobjects * sizeof(*m->objects) +
	    (size_t)m->nthreads * sizeof(*m->threads) +
	    (size_t)m->nmodules * sizeof(*m->modules) +
	    (size_t)m->nsymbols * sizeof(*m->symbols) +
	    (size_t)m->ntraces * sizeof(*m->traces) +
	    (size_t)m->nwarnings * sizeof(*m->warnings);
	if (m->object_refs)
		n += ((size_t)m->nhandles + 1) * sizeof(*m->object_refs);
	if ((ix = m->index))
		n += sizeof(*ix) + sizeof(struct ls_key) *
		     ((size_t)ix->nproc_by_addr + ix->nproc_by_pid + ix->nthread_by_addr +
		      ix->nobj_by_body + ix->nobj_by_header + ix->ntag_by_tag) +
		     sizeof(uint32_t) * (size_t)ix->nsym_by_name;
	return n;
}

/* ---- pool tags as text ---------------------------------------------------- */

/* The protected bit (31) of an _OBJECT_TYPE.Key is not part of the text. */
void ls_tag_str(uint32_t tag, char out[5])
{
	tag &= 0x7fffffffu;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (tag >> (8 * i)) & 0xff;

		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[4] = '\0';
}

/* Short tags are padded with spaces, as Windows stores them ("Key "). */
bool ls_tag_parse(const char *s, uint32_t *ret)
{
	uint32_t tag = 0;
	size_t len;

	if (!s)
		return false;
	len = strlen(s);
	if (len < 1 || len > 4)
		return false;
	for (size_t i = 0; i < 4; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : ' ';

		if (c < 0x20 || c >= 0x7f)
			return false;
		tag |= (uint32_t)c << (8 * i);
	}
	*ret = tag;
	return true;
}
