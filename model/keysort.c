/* model/keysort.c — sorting (key, record index) pairs: every index of the
 * model and every grouping is one of these sorts.
 *
 * Keys are 16 bytes (a 64-bit key, a 32-bit low-order key, the record
 * index). The sort is an LSD radix sort, one stable counting pass per byte
 * that differs between keys: addresses share their top bytes and process
 * indexes are small, so 3 to 5 passes usually do. Input already in order
 * (the common case: readers add records in order) costs one check.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tree_internal.h"

static int key_cmp(const void *a, const void *b)
{
	const struct ls_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool keys_sorted(const struct ls_key *k, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (k[i - 1].key > k[i].key ||
		    (k[i - 1].key == k[i].key && k[i - 1].lo > k[i].lo))
			return false;
	return true;
}

/* One stable counting pass on byte b (0..3: lo's bytes, 4..11: key's). */
static void radix_pass(const struct ls_key *src, struct ls_key *dst, size_t n,
		       unsigned b)
{
	size_t count[256] = { 0 }, at = 0;

	if (b < 4) {
		unsigned shift = 8 * b;

		for (size_t i = 0; i < n; i++)
			count[(src[i].lo >> shift) & 0xff]++;
	} else {
		unsigned shift = 8 * (b - 4);

		for (size_t i = 0; i < n; i++)
			count[(src[i].key >> shift) & 0xff]++;
	}
	for (unsigned d = 0; d < 256; d++) {
		size_t c = count[d];
		count[d] = at;
		at += c;
	}
	if (b < 4) {
		unsigned shift = 8 * b;

		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].lo >> shift) & 0xff]++] = src[i];
	} else {
		unsigned shift = 8 * (b - 4);

		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].key >> shift) & 0xff]++] = src[i];
	}
}

/* LSD radix sort, skipping bytes that are the same in every key (most of
 * them: addresses share their top bytes, process indexes are small).
 * tmp holds n keys. */
void ls_sort_keys_buf(struct ls_key *k, size_t n, struct ls_key *tmp)
{
	uint64_t diff = 0;
	uint32_t difflo = 0;
	struct ls_key *src = k, *dst = tmp;

	/* readers mostly add records in order: skip the sort then */
	if (n < 2 || keys_sorted(k, n))
		return;
	if (n < 64 || !tmp) {
		qsort(k, n, sizeof(*k), key_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		diff |= k[i].key ^ k[0].key;
		difflo |= k[i].lo ^ k[0].lo;
	}
	for (unsigned b = 0; b < 12; b++) {
		unsigned byte = b < 4 ? (difflo >> (8 * b)) & 0xff
				      : (diff >> (8 * (b - 4))) & 0xff;
		struct ls_key *t;

		if (!byte)
			continue;
		radix_pass(src, dst, n, b);
		t = src;
		src = dst;
		dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof(*k));
}

void ls_sort_keys(struct ls_key *k, size_t n)
{
	struct ls_key *tmp;

	if (n < 2 || keys_sorted(k, n))
		return;
	tmp = n >= 64 ? malloc(n * sizeof(*k)) : NULL;
	ls_sort_keys_buf(k, n, tmp);
	free(tmp);
}

uint32_t ls_key_find(const struct ls_key *k, uint32_t n, uint64_t key)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (k[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && k[lo].key == key ? k[lo].idx : LS_NONE;
}

