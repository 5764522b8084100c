/* model/linux/set.c — a set of kernel addresses (open addressing). */
#include <stdlib.h>

#include "lx.h"

struct lx_set *lx_set_create(void)
{
	struct lx_set *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->cap = 1024;
	s->slots = calloc(s->cap, sizeof(*s->slots));
	if (!s->slots) {
		free(s);
		return NULL;
	}
	return s;
}

void lx_set_destroy(struct lx_set *s)
{
	if (s) {
		free(s->slots);
		free(s);
	}
}

static uint32_t slot_of(const struct lx_set *s, uint64_t a)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ull;
	uint32_t i = (uint32_t)(h >> 32) & (s->cap - 1);

	while (s->slots[i] && s->slots[i] != a)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static bool grow(struct lx_set *s)
{
	uint64_t *old = s->slots;
	uint32_t oldcap = s->cap, i;

	if (s->cap >= (1u << 30))
		return false;
	s->slots = calloc((size_t)s->cap * 2, sizeof(*s->slots));
	if (!s->slots) {
		s->slots = old;
		return false;
	}
	s->cap *= 2;
	for (i = 0; i < oldcap; i++)
		if (old[i])
			s->slots[slot_of(s, old[i])] = old[i];
	free(old);
	return true;
}

bool lx_set_add(struct lx_set *s, uint64_t a, bool *nomem)
{
	uint32_t i;

	if (!a)
		return false;
	if ((s->n + 1) * 2 > s->cap && !grow(s)) {
		if (nomem)
			*nomem = true;
		return false;
	}
	i = slot_of(s, a);
	if (s->slots[i])
		return false;
	s->slots[i] = a;
	s->n++;
	return true;
}

bool lx_set_has(const struct lx_set *s, uint64_t a)
{
	return a && s && s->slots[slot_of(s, a)] == a;
}

struct lx_map *lx_map_create(void)
{
	struct lx_map *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->keys = lx_set_create();
	m->cap = m->keys ? m->keys->cap : 0;
	m->vals = m->keys ? calloc(m->cap, sizeof(*m->vals)) : NULL;
	if (!m->vals) {
		lx_map_destroy(m);
		return NULL;
	}
	return m;
}

void lx_map_destroy(struct lx_map *m)
{
	if (m) {
		lx_set_destroy(m->keys);
		free(m->vals);
		free(m);
	}
}

bool lx_map_get(const struct lx_map *m, uint64_t key, uint64_t *val)
{
	uint32_t i;

	if (!key)
		return false;
	i = slot_of(m->keys, key);
	if (m->keys->slots[i] != key)
		return false;
	*val = m->vals[i];
	return true;
}

bool lx_map_put(struct lx_map *m, uint64_t key, uint64_t val)
{
	uint32_t i;

	if (!key)
		return false;
	if ((m->keys->n + 1) * 2 > m->keys->cap) {
		/* grow keys and values together: rehash both */
		uint64_t *ok = m->keys->slots, *ov = m->vals;
		uint32_t ocap = m->keys->cap, j;
		uint64_t *nk = calloc((size_t)ocap * 2, sizeof(*nk));
		uint64_t *nv = calloc((size_t)ocap * 2, sizeof(*nv));
		if (!nk || !nv || ocap >= (1u << 30)) {
			free(nk);
			free(nv);
			return false;
		}
		m->keys->slots = nk;
		m->keys->cap = ocap * 2;
		m->vals = nv;
		m->cap = ocap * 2;
		for (j = 0; j < ocap; j++)
			if (ok[j]) {
				uint32_t s = slot_of(m->keys, ok[j]);
				nk[s] = ok[j];
				nv[s] = ov[j];
			}
		free(ok);
		free(ov);
	}
	i = slot_of(m->keys, key);
	if (!m->keys->slots[i]) {
		m->keys->slots[i] = key;
		m->keys->n++;
	}
	m->vals[i] = val;
	return true;
}
