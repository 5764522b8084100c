/* model/win/addrmap.h — a hash map from a kernel address to a record index.
 *
 * Open addressing with linear probing; the key 0 is reserved (no kernel
 * structure lives at address 0). Used by the Windows reader to merge records
 * found several ways (threads by ETHREAD, objects by header, processes by
 * EPROCESS, directories by body) in O(1) per lookup.
 */
#ifndef LS_WIN_ADDRMAP_H
#define LS_WIN_ADDRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct addrmap_slot {
	uint64_t key;    /* 0 = empty */
	uint32_t val;
};

struct addrmap {
	struct addrmap_slot *slots;   /* key and value together: one cache miss */
	size_t cap;      /* power of two, or 0 */
	size_t count;
};

void addrmap_init(struct addrmap *am);
void addrmap_deinit(struct addrmap *am);

/* The value stored for key, or UINT32_MAX if none (or key == 0). */
uint32_t addrmap_get(const struct addrmap *am, uint64_t key);

/* Start loading key's slot into the cache (a hint for a lookup soon). */
static inline void addrmap_prefetch(const struct addrmap *am, uint64_t key)
{
	if (am->cap)
		__builtin_prefetch(&am->slots[(size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) &
					      (am->cap - 1)]);
}

/* Make room for n keys without growing (a hint; false on out of memory). */
bool addrmap_reserve(struct addrmap *am, size_t n);

/* Insert or replace; false on out of memory or key == 0. */
bool addrmap_put(struct addrmap *am, uint64_t key, uint32_t val);

#endif
