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
