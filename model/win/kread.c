/* model/win/kread.c — kernel reads through cached page tables and pages. */
#include "kread.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PAGE          4096u
#define TABLE_SLOTS   64      /* cached page-table pages (256 KiB) */
#define DATA_SLOTS    256     /* cached data pages (1 MiB) */
#define PTE_PRESENT   0x1ULL
#define PTE_PS        0x80ULL
#define ADDR_4K       0x000FFFFFFFFFF000ULL
#define ADDR_2M       0x000FFFFFFFE00000ULL
#define ADDR_1G       0x000FFFFFC0000000ULL
#define NO_PAGE       UINT64_MAX

struct table_slot {
	uint64_t pa;
	uint64_t e[512];
};

struct data_slot {
	uint64_t pa;
	uint8_t bytes[PAGE];
};

struct win_kread {
	struct dump *d;
	struct dump_cursor cur;   /* this reader's own: see win_kread_mapped */
	uint64_t dtb;
	uint64_t leaf_va;         /* the 2 MiB of va the last page table maps, */
	uint64_t leaf_pa;         /* and that table (NO_PAGE: none yet) */
	struct table_slot tables[TABLE_SLOTS];
	struct data_slot pages[DATA_SLOTS];
};

struct win_kread *win_kread_create(struct dump *d, uint64_t dtb)
{
	struct win_kread *k = malloc(sizeof(*k));
	unsigned i;

	if (!k)
		return NULL;
	k->d = d;
	memset(&k->cur, 0, sizeof(k->cur));
	k->dtb = dtb & ADDR_4K;
	k->leaf_va = 0;
	k->leaf_pa = NO_PAGE;
	for (i = 0; i < TABLE_SLOTS; i++)
		k->tables[i].pa = NO_PAGE;
	for (i = 0; i < DATA_SLOTS; i++)
		k->pages[i].pa = NO_PAGE;
	return k;
}

void win_kread_destroy(struct win_kread *k)
{
	free(k);
}

/* Entry idx of the table page at pa; false if the page cannot be read
 * (mapped_only: in place, without the dump layer's fallbacks). */
static bool table_entry(struct win_kread *k, uint64_t pa, unsigned idx, bool mapped_only,
			uint64_t *ret)
{
	struct table_slot *s = &k->tables[(pa / PAGE) % TABLE_SLOTS];
	uint8_t copy[PAGE];
	const uint8_t *raw;
	struct ls_err err;
	unsigned i;

	if (s->pa != pa) {
		s->pa = NO_PAGE;
		raw = dump_phys_ptr_at(k->d, &k->cur, pa, PAGE);
		if (!raw && mapped_only)
			return false;
		if (!raw) {
			if (dump_read_phys(k->d, pa, copy, PAGE, "page table", &err) != LS_OK)
				return false;
			raw = copy;
		}
		for (i = 0; i < 512; i++) {
			const uint8_t *p = raw + i * 8;

			s->e[i] = (uint64_t)p[0] | (uint64_t)p[1] << 8 |
				  (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
				  (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
				  (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
		}
		s->pa = pa;
	}
	*ret = s->e[idx];
	return true;
}

/* PML4, PDPT and PD for va: a 1 GiB or 2 MiB page sets *pa; a page table
 * becomes the reader's leaf, for the PTE step (and the next reads in the
 * same 2 MiB). */
enum walk { WALK_FAILED, WALK_LARGE_PAGE, WALK_LEAF };

static enum walk walk_upper(struct win_kread *k, uint64_t va, bool mapped_only, uint64_t *pa)
{
	uint64_t e;

	if (!table_entry(k, k->dtb, (va >> 39) & 511, mapped_only, &e) || !(e & PTE_PRESENT))
		return WALK_FAILED;
	if (!table_entry(k, e & ADDR_4K, (va >> 30) & 511, mapped_only, &e) ||
	    !(e & PTE_PRESENT))
		return WALK_FAILED;
	if (e & PTE_PS) {
		*pa = (e & ADDR_1G) | (va & 0x3FFFF000ULL);
		return WALK_LARGE_PAGE;
	}
	if (!table_entry(k, e & ADDR_4K, (va >> 21) & 511, mapped_only, &e) ||
	    !(e & PTE_PRESENT))
		return WALK_FAILED;
	if (e & PTE_PS) {
		*pa = (e & ADDR_2M) | (va & 0x1FF000ULL);
		return WALK_LARGE_PAGE;
	}
	k->leaf_va = va & ~(uint64_t)0x1FFFFF;
	k->leaf_pa = e & ADDR_4K;
	return WALK_LEAF;
}

/* The physical page of va's page, or false (not present, unreadable). */
static bool translate(struct win_kread *k, uint64_t va, bool mapped_only, uint64_t *pa)
{
	uint64_t e;

	if (!dump_va_canonical(va))
		return false;
	/* reads come in runs through the same 2 MiB (a pool's structures, a
	 * list's elements): its page table again, without the three above */
	if (k->leaf_pa == NO_PAGE || (va & ~(uint64_t)0x1FFFFF) != k->leaf_va) {
		switch (walk_upper(k, va, mapped_only, pa)) {
		case WALK_FAILED: return false;
		case WALK_LARGE_PAGE: return true;
		case WALK_LEAF: break;
		}
	}
	if (!table_entry(k, k->leaf_pa, (va >> 12) & 511, mapped_only, &e) ||
	    !(e & PTE_PRESENT))
		return false;
	*pa = e & ADDR_4K;
	return true;
}

static const uint8_t *data_page(struct win_kread *k, uint64_t pa)
{
	struct data_slot *s = &k->pages[(pa / PAGE) % DATA_SLOTS];
	struct ls_err err;

	if (s->pa == pa)
		return s->bytes;
	s->pa = NO_PAGE;
	if (dump_read_phys(k->d, pa, s->bytes, PAGE, "page", &err) != LS_OK)
		return NULL;
	s->pa = pa;
	return s->bytes;
}

/* Copy [va, va + len) page by page; false at the first page that cannot
 * be had (mapped_only: in place only, no page cache, no dump layer). */
static bool copy_pages(struct win_kread *k, uint64_t va, void *buf, size_t len,
		       bool mapped_only)
{
	uint8_t *out = buf;
	uint64_t at = va;
	size_t left = len;

	while (left) {
		size_t off = at & (PAGE - 1);
		size_t n = PAGE - off < left ? PAGE - off : left;
		const uint8_t *page;
		uint64_t pa;

		if (!translate(k, at, mapped_only, &pa))
			return false;
		/* an ELF core's page is read in place; others go through the cache */
		page = dump_phys_ptr_at(k->d, &k->cur, pa + off, n);
		if (page)
			page -= off;
		else if (mapped_only || !(page = data_page(k, pa)))
			return false;
		memcpy(out, page + off, n);
		out += n;
		at += n;
		left -= n;
	}
	return true;
}

enum ls_status win_kread(struct win_kread *k, uint64_t va, void *buf, size_t len,
			 const char *what, struct ls_err *err)
{
	if (copy_pages(k, va, buf, len, false))
		return LS_OK;
	/* let the dump layer say what is wrong, in its words */
	return dump_read_kv(k->d, va, buf, len, what, err);
}

bool win_kread_mapped(struct win_kread *k, uint64_t va, void *buf, size_t len)
{
	return copy_pages(k, va, buf, len, true);
}

void win_kread_prefetch(struct win_kread *k, uint64_t va, size_t len)
{
	uint64_t at = va & ~(uint64_t)63, end = va + len, pa, page = NO_PAGE;
	const uint8_t *p = NULL;

	for (; at < end; at += 64) {
		if ((at & ~(uint64_t)(PAGE - 1)) != page) {
			page = at & ~(uint64_t)(PAGE - 1);
			p = translate(k, page, true, &pa) ?
				dump_phys_ptr_at(k->d, &k->cur, pa, PAGE) : NULL;
		}
		if (p)
			__builtin_prefetch(p + (at & (PAGE - 1)));
	}
}
