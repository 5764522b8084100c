/* tests/mkcore.c — a small ELF64 core builder for tests (see mkcore.h). */
#include "mkcore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PTE_ADDR 0x000ffffffffff000ull

struct mk_page {
	uint64_t pfn;
	uint8_t *data;
};

struct mkcore {
	struct mk_page *pages;   /* sorted by pfn */
	size_t npages, cap;
	uint64_t next_table;
	uint8_t *notes;          /* the PT_NOTE's bytes */
	size_t notes_len;
};

static void die(const char *what)
{
	fprintf(stderr, "mkcore: %s\n", what);
	abort();
}

struct mkcore *mkcore_new(uint64_t table_base)
{
	struct mkcore *c = calloc(1, sizeof(*c));

	if (!c || (table_base & (MKCORE_4K - 1)))
		die("bad table base or out of memory");
	c->next_table = table_base;
	return c;
}

void mkcore_free(struct mkcore *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->npages; i++)
		free(c->pages[i].data);
	free(c->pages);
	free(c->notes);
	free(c);
}

/* Index of pfn, or where it would go. */
static size_t find(const struct mkcore *c, uint64_t pfn, bool *found)
{
	size_t lo = 0, hi = c->npages;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->pages[mid].pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < c->npages && c->pages[lo].pfn == pfn;
	return lo;
}

uint8_t *mkcore_page(struct mkcore *c, uint64_t pa)
{
	bool found;
	size_t i = find(c, pa >> 12, &found);

	if (found)
		return c->pages[i].data;
	if (c->npages == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->pages = realloc(c->pages, c->cap * sizeof(*c->pages));
		if (!c->pages)
			die("out of memory");
	}
	memmove(c->pages + i + 1, c->pages + i, (c->npages - i) * sizeof(*c->pages));
	c->pages[i].pfn = pa >> 12;
	c->pages[i].data = calloc(1, MKCORE_4K);
	if (!c->pages[i].data)
		die("out of memory");
	c->npages++;
	return c->pages[i].data;
}

bool mkcore_has_page(const struct mkcore *c, uint64_t pa)
{
	bool found;

	find(c, pa >> 12, &found);
	return found;
}

void mkcore_write(struct mkcore *c, uint64_t pa, const void *buf, size_t len)
{
	const uint8_t *in = buf;

	while (len) {
		size_t off = pa & (MKCORE_4K - 1), n = MKCORE_4K - off;

		if (n > len)
			n = len;
		memcpy(mkcore_page(c, pa) + off, in, n);
		in += n;
		pa += n;
		len -= n;
	}
}

void mkcore_write_u64(struct mkcore *c, uint64_t pa, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	mkcore_write(c, pa, b, 8);
}

uint64_t mkcore_read_u64(const struct mkcore *c, uint64_t pa)
{
	bool found;
	size_t i = find(c, pa >> 12, &found);
	uint64_t v = 0;

	if (!found)
		return 0;
	for (int b = 7; b >= 0; b--)
		v = v << 8 | c->pages[i].data[(pa & (MKCORE_4K - 1)) + (size_t)b];
	return v;
}

uint64_t mkcore_alloc_page(struct mkcore *c)
{
	uint64_t pa = c->next_table;

	c->next_table += MKCORE_4K;
	mkcore_page(c, pa);
	return pa;
}

static unsigned idx(uint64_t va, int level)
{
	return (va >> (39 - 9 * level)) & 511;
}

void mkcore_map(struct mkcore *c, uint64_t dtb, uint64_t va, uint64_t pa,
		uint64_t size)
{
	int leaf = size == MKCORE_1G ? 1 : size == MKCORE_2M ? 2 : 3;
	uint64_t table = dtb & PTE_ADDR;

	if ((size != MKCORE_4K && size != MKCORE_2M && size != MKCORE_1G) ||
	    (va & (size - 1)) || (pa & (size - 1)))
		die("mkcore_map: bad size or alignment");
	for (int level = 0; level < leaf; level++) {
		uint64_t at = table + idx(va, level) * 8, e = mkcore_read_u64(c, at);

		if (!(e & 1)) {
			e = mkcore_alloc_page(c) | 0x3;
			mkcore_write_u64(c, at, e);
		} else if (e & 0x80) {
			die("mkcore_map: a large page is in the way");
		}
		table = e & PTE_ADDR;
	}
	mkcore_write_u64(c, table + idx(va, leaf) * 8,
			 pa | 0x3 | (leaf < 3 ? 0x80 : 0));
}

uint64_t mkcore_entry_pa(const struct mkcore *c, uint64_t dtb, uint64_t va,
			 int level)
{
	uint64_t table = dtb & PTE_ADDR;

	for (int l = 0; l < level; l++) {
		uint64_t e = mkcore_read_u64(c, table + idx(va, l) * 8);

		if (!(e & 1) || (e & 0x80))
			return 0;
		table = e & PTE_ADDR;
	}
	return table + idx(va, level) * 8;
}

/* Translate through the tables mkcore built; dies if unmapped. */
static uint64_t xlat(const struct mkcore *c, uint64_t dtb, uint64_t va)
{
	uint64_t table = dtb & PTE_ADDR;

	for (int level = 0; level < 4; level++) {
		uint64_t e = mkcore_read_u64(c, table + idx(va, level) * 8);

		if (!(e & 1))
			die("mkcore_write_va: address not mapped");
		if (level == 1 && (e & 0x80))
			return (e & 0x000fffffc0000000ull) | (va & (MKCORE_1G - 1));
		if (level == 2 && (e & 0x80))
			return (e & 0x000fffffffe00000ull) | (va & (MKCORE_2M - 1));
		table = e & PTE_ADDR;
	}
	return table | (va & (MKCORE_4K - 1));
}

void mkcore_write_va(struct mkcore *c, uint64_t dtb, uint64_t va,
		     const void *buf, size_t len)
{
	const uint8_t *in = buf;

	while (len) {
		size_t n = MKCORE_4K - (va & (MKCORE_4K - 1));

		if (n > len)
			n = len;
		mkcore_write(c, xlat(c, dtb, va), in, n);
		in += n;
		va += n;
		len -= n;
	}
}

void mkcore_read_va(const struct mkcore *c, uint64_t dtb, uint64_t va,
		    void *buf, size_t len)
{
	uint8_t *out = buf;

	while (len) {
		size_t n = MKCORE_4K - (va & (MKCORE_4K - 1));
		uint64_t pa;
		bool found;
		size_t i;

		if (n > len)
			n = len;
		pa = xlat(c, dtb, va);
		i = find(c, pa >> 12, &found);
		if (found)
			memcpy(out, c->pages[i].data + (pa & (MKCORE_4K - 1)), n);
		else
			memset(out, 0, n);
		out += n;
		va += n;
		len -= n;
	}
}

static void put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void mkcore_add_note(struct mkcore *c, const char *name, uint32_t type,
		     const void *desc, size_t len)
{
	size_t namesz = strlen(name) + 1, name_pad = (namesz + 3) & ~(size_t)3;
	size_t desc_pad = (len + 3) & ~(size_t)3, add = 12 + name_pad + desc_pad;
	uint8_t *p = realloc(c->notes, c->notes_len + add);

	if (!p)
		die("out of memory");
	c->notes = p;
	p += c->notes_len;
	memset(p, 0, add);
	put(p, namesz, 4);
	put(p + 4, len, 4);
	put(p + 8, type, 4);
	memcpy(p + 12, name, namesz);
	memcpy(p + 12 + name_pad, desc, len);
	c->notes_len += add;
}

void mkcore_save(const struct mkcore *c, const char *path, bool reverse_data)
{
	size_t nseg = 0, i, s;
	size_t *first, *count;
	uint8_t eh[64] = { 0 }, ph[56];
	uint64_t off;
	FILE *f;

	/* runs of consecutive pfns become segments */
	first = calloc(c->npages + 1, sizeof(*first));
	count = calloc(c->npages + 1, sizeof(*count));
	if (!first || !count)
		die("out of memory");
	for (i = 0; i < c->npages; i++) {
		if (i == 0 || c->pages[i].pfn != c->pages[i - 1].pfn + 1)
			first[nseg++] = i;
		count[nseg - 1]++;
	}
	if (nseg >= 0xffff)
		die("too many segments for e_phnum");
	f = fopen(path, "wb");
	if (!f)
		die("cannot create the core file");
	memcpy(eh, "\x7f" "ELF", 4);
	eh[4] = 2;          /* ELFCLASS64 */
	eh[5] = 1;          /* little endian */
	eh[6] = 1;          /* EV_CURRENT */
	put(eh + 16, 4, 2);  /* ET_CORE */
	put(eh + 18, 62, 2); /* EM_X86_64 */
	put(eh + 20, 1, 4);
	put(eh + 32, 64, 8); /* e_phoff */
	put(eh + 52, 64, 2);
	put(eh + 54, 56, 2);
	put(eh + 56, nseg + (c->notes_len != 0), 2);
	fwrite(eh, 1, sizeof(eh), f);
	if (c->notes_len) {
		/* the notes follow the program headers */
		memset(ph, 0, sizeof(ph));
		put(ph, 4, 4);                                   /* PT_NOTE */
		put(ph + 8, 64 + 56 * (nseg + 1), 8);
		put(ph + 32, c->notes_len, 8);
		fwrite(ph, 1, sizeof(ph), f);
	}
	/* data starts page aligned after the headers and notes */
	off = (64 + 56 * (nseg + 1) + c->notes_len + MKCORE_4K - 1) & ~(MKCORE_4K - 1);
	for (s = 0; s < nseg; s++) {
		/* the file offset of segment s: in order, or last segment first */
		uint64_t at = off;
		size_t k;

		for (k = 0; k < nseg; k++)
			if (reverse_data ? k > s : k < s)
				at += count[k] * MKCORE_4K;
		memset(ph, 0, sizeof(ph));
		put(ph, 1, 4);                                   /* PT_LOAD */
		put(ph + 4, 7, 4);                               /* RWX */
		put(ph + 8, at, 8);
		put(ph + 24, c->pages[first[s]].pfn << 12, 8);   /* p_paddr */
		put(ph + 32, count[s] * MKCORE_4K, 8);
		put(ph + 40, count[s] * MKCORE_4K, 8);
		put(ph + 48, MKCORE_4K, 8);
		fwrite(ph, 1, sizeof(ph), f);
	}
	if (c->notes_len)
		fwrite(c->notes, 1, c->notes_len, f);
	for (s = 0; s < nseg; s++) {
		size_t seg = reverse_data ? nseg - 1 - s : s, k;
		uint64_t at = off;

		for (k = 0; k < nseg; k++)
			if (reverse_data ? k > seg : k < seg)
				at += count[k] * MKCORE_4K;
		fseek(f, (long)at, SEEK_SET);
		for (k = 0; k < count[seg]; k++)
			fwrite(c->pages[first[seg] + k].data, 1, MKCORE_4K, f);
	}
	if (fclose(f) != 0)
		die("cannot write the core file");
	free(first);
	free(count);
}
