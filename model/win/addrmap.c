/* model/win/addrmap.c — open-addressing address -> index map. */
#include "addrmap.h"

#include <stdlib.h>

#define ADDRMAP_MIN_CAP 64

static size_t slot_of(uint64_t key, size_t cap)
{
	/* Fibonacci hashing: kernel addresses share their high bits and are
	 * aligned, so mix before masking (addrmap_prefetch hashes alike). */
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
}

void addrmap_init(struct addrmap *am)
{
	am->slots = NULL;
	am->cap = 0;
	am->count = 0;
}

void addrmap_deinit(struct addrmap *am)
{
	free(am->slots);
	addrmap_init(am);
}

uint32_t addrmap_get(const struct addrmap *am, uint64_t key)
{
	size_t i;

	if (!key || !am->cap)
		return UINT32_MAX;
	for (i = slot_of(key, am->cap);; i = (i + 1) & (am->cap - 1)) {
		if (am->slots[i].key == key)
			return am->slots[i].val;
		if (!am->slots[i].key)
			return UINT32_MAX;
	}
}

/* Store key -> val; true if the key is new. */
static bool insert_slot(struct addrmap_slot *slots, size_t cap, uint64_t key, uint32_t val)
{
	size_t i;

	for (i = slot_of(key, cap);; i = (i + 1) & (cap - 1)) {
		if (slots[i].key == key) {
			slots[i].val = val;
			return false;
		}
		if (!slots[i].key) {
			slots[i].key = key;
			slots[i].val = val;
			return true;
		}
	}
}

/* Write every page of a fresh block once. A big calloc is untouched zero
 * pages: a lookup before the first store there would map the shared zero
 * page, and the store would then copy it and flush the TLB of every CPU
 * running the process (an interrupt to the read-ahead thread, listfeed.h,
 * per page). The stores are volatile: a plain memset after malloc is
 * turned back into calloc by the compiler. */
static void own_pages(void *p, size_t len)
{
	volatile uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i += 4096)
		b[i] = 0;
}

static bool rehash(struct addrmap *am, size_t ncap)
{
	struct addrmap_slot *n = calloc(ncap, sizeof(*n));
	size_t i;

	if (!n)
		return false;
	own_pages(n, ncap * sizeof(*n));
	for (i = 0; i < am->cap; i++)
		if (am->slots[i].key)
			insert_slot(n, ncap, am->slots[i].key, am->slots[i].val);
	free(am->slots);
	am->slots = n;
	am->cap = ncap;
	return true;
}

static bool grow(struct addrmap *am)
{
	return rehash(am, am->cap ? am->cap * 2 : ADDRMAP_MIN_CAP);
}

bool addrmap_reserve(struct addrmap *am, size_t n)
{
	size_t ncap = ADDRMAP_MIN_CAP;

	while (ncap < 2 * n && ncap < ((size_t)1 << 40))
		ncap *= 2;
	return ncap <= am->cap || rehash(am, ncap);
}

bool addrmap_put(struct addrmap *am, uint64_t key, uint32_t val)
{
	if (!key)
		return false;
	/* keep the load factor at or below 1/2 */
	if ((am->count + 1) * 2 > am->cap && !grow(am))
		return false;
	if (insert_slot(am->slots, am->cap, key, val))
		am->count++;
	return true;
}
