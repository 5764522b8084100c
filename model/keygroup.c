/* model/keygroup.c — distinct keys numbered in an open-addressing table
 * (kept at most half full), then a counting placement of the members. */
#include "keygroup.h"

#include <stdlib.h>
#include <string.h>

struct slot {
	uint64_t key;
	uint32_t group;       /* group + 1; 0 = empty */
};

struct numbering {
	struct slot *slots;
	size_t cap;           /* a power of two */
	uint32_t n;
	uint64_t *key;        /* [n] */
	uint32_t *count;      /* [n] */
	size_t key_cap;
};

static size_t home(uint64_t key, size_t cap)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
}

static bool grow_table(struct numbering *nb)
{
	size_t cap = nb->cap ? nb->cap * 2 : 256, i, j;
	struct slot *s = calloc(cap, sizeof(*s));

	if (!s)
		return false;
	for (i = 0; i < nb->cap; i++) {
		if (!nb->slots[i].group)
			continue;
		for (j = home(nb->slots[i].key, cap); s[j].group; j = (j + 1) & (cap - 1))
			;
		s[j] = nb->slots[i];
	}
	free(nb->slots);
	nb->slots = s;
	nb->cap = cap;
	return true;
}

static bool grow_keys(struct numbering *nb)
{
	size_t cap = nb->key_cap ? nb->key_cap * 2 : 64;
	uint64_t *k = realloc(nb->key, cap * sizeof(*k));
	uint32_t *c;

	if (!k)
		return false;
	nb->key = k;
	c = realloc(nb->count, cap * sizeof(*c));
	if (!c)
		return false;
	nb->count = c;
	nb->key_cap = cap;
	return true;
}

/* The group of key, numbered on first sight; UINT32_MAX on out of memory. */
static uint32_t number(struct numbering *nb, uint64_t key)
{
	size_t i;

	if (((size_t)nb->n + 1) * 2 > nb->cap && !grow_table(nb))
		return UINT32_MAX;
	for (i = home(key, nb->cap); nb->slots[i].group; i = (i + 1) & (nb->cap - 1))
		if (nb->slots[i].key == key)
			return nb->slots[i].group - 1;
	if (nb->n == nb->key_cap && !grow_keys(nb))
		return UINT32_MAX;
	nb->slots[i].key = key;
	nb->slots[i].group = nb->n + 1;
	nb->key[nb->n] = key;
	nb->count[nb->n] = 0;
	return nb->n++;
}

bool keygroup_build(struct keygroup *g, uint64_t (*key)(const void *ctx, uint32_t member),
		    const void *ctx, const uint32_t *members, uint32_t n)
{
	struct numbering nb;
	uint32_t *of = malloc(((size_t)n + 1) * sizeof(*of)), *next = NULL, i;

	memset(g, 0, sizeof(*g));
	memset(&nb, 0, sizeof(nb));
	if (!of)
		goto fail;
	for (i = 0; i < n; i++) {
		of[i] = number(&nb, key(ctx, members[i]));
		if (of[i] == UINT32_MAX)
			goto fail;
		nb.count[of[i]]++;
	}
	g->first = malloc(((size_t)nb.n + 1) * sizeof(*g->first));
	next = malloc(((size_t)nb.n + 1) * sizeof(*next));
	g->items = malloc(((size_t)n + 1) * sizeof(*g->items));
	if (!g->first || !next || !g->items)
		goto fail;
	g->first[0] = 0;
	for (i = 0; i < nb.n; i++)
		g->first[i + 1] = g->first[i] + nb.count[i];
	memcpy(next, g->first, (size_t)nb.n * sizeof(*next));
	for (i = 0; i < n; i++)
		g->items[next[of[i]]++] = members[i];
	g->ngroups = nb.n;
	g->key = nb.key;
	nb.key = NULL;
	free(nb.count);
	free(nb.slots);
	free(next);
	free(of);
	return true;
fail:
	free(nb.key);
	free(nb.count);
	free(nb.slots);
	free(next);
	free(of);
	keygroup_free(g);
	return false;
}

void keygroup_free(struct keygroup *g)
{
	free(g->key);
	free(g->first);
	free(g->items);
	memset(g, 0, sizeof(*g));
}
