/* model/win/addrmap.c — open-addressing address -> index map. */
#include "addrmap.h"

#include <stdlib.h>

#define ADDRMAP_MIN_CAP 64

static size_t slot_of(uint64_t key, size_t cap)
{
	/* Fibonacci hashing: kernel addresses share their high bits and are
	 * aligned, so mix before masking. */
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
}

void addrmap_init(struct addrmap *am)
{
	am->keys = NULL;
	am->vals = NULL;
	am->cap = 0;
	am->count = 0;
}

void addrmap_deinit(struct addrmap *am)
{
	free(am->keys);
	free(am->vals);
	addrmap_init(am);
}

uint32_t addrmap_get(const struct addrmap *am, uint64_t key)
{
	size_t i;

	if (!key || !am->cap)
		return UINT32_MAX;
	for (i = slot_of(key, am->cap);; i = (i + 1) & (am->cap - 1)) {
		if (am->keys[i] == key)
			return am->vals[i];
		if (!am->keys[i])
			return UINT32_MAX;
	}
}

static void insert_slot(uint64_t *keys, uint32_t *vals, size_t cap,
			uint64_t key, uint32_t val, bool *added)
{
	size_t i;

	for (i = slot_of(key, cap);; i = (i + 1) & (cap - 1)) {
		if (keys[i] == key) {
			vals[i] = val;
			*added = false;
			return;
		}
		if (!keys[i]) {
			keys[i] = key;
			vals[i] = val;
			*added = true;
			return;
		}
	}
}

static bool grow(struct addrmap *am)
{
	size_t ncap = am->cap ? am->cap * 2 : ADDRMAP_MIN_CAP;
	uint64_t *nkeys = calloc(ncap, sizeof(*nkeys));
	uint32_t *nvals = malloc(ncap * sizeof(*nvals));
	bool added;
	size_t i;

	if (!nkeys || !nvals) {
		free(nkeys);
		free(nvals);
		return false;
	}
	for (i = 0; i < am->cap; i++)
		if (am->keys[i])
			insert_slot(nkeys, nvals, ncap, am->keys[i],
				    am->vals[i], &added);
	free(am->keys);
	free(am->vals);
	am->keys = nkeys;
	am->vals = nvals;
	am->cap = ncap;
	return true;
}

bool addrmap_put(struct addrmap *am, uint64_t key, uint32_t val)
{
	bool added;

	if (!key)
		return false;
	/* keep the load factor at or below 1/2 */
	if ((am->count + 1) * 2 > am->cap && !grow(am))
		return false;
	insert_slot(am->keys, am->vals, am->cap, key, val, &added);
	if (added)
		am->count++;
	return true;
}
