/* model/dump_map.c — ELF PT_LOAD segments served from one mapping. */
#include "dump_map.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define EHDR_SIZE   64
#define PHDR_SIZE   56
#define PT_LOAD_T   1
#define MAX_SEGS    (1u << 20)   /* bound on what a header may ask for */

struct seg {
	uint64_t pa, size;   /* file-backed part only (p_filesz) */
	uint64_t off;
};

struct dump_map {
	const uint8_t *base;
	size_t len;
	struct seg *segs;
	size_t nsegs;
};

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static int by_pa(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/* The PT_LOAD segments of the ELF64 LE core at base, sorted and checked. */
static bool read_segments(struct dump_map *m, uint64_t file_size)
{
	const uint8_t *h = m->base;
	uint64_t phoff, phentsize, phnum, i;

	if (file_size < EHDR_SIZE || memcmp(h, "\x7f" "ELF", 4) != 0 ||
	    h[4] != 2 /* ELFCLASS64 */ || h[5] != 1 /* ELFDATA2LSB */)
		return false;
	phoff = le(h + 32, 8);
	phentsize = le(h + 54, 2);
	phnum = le(h + 56, 2);
	/* PN_XNUM (count in a section header) is rare: leave it to libkdumpfile */
	if (phnum == 0 || phnum >= 0xffff || phentsize < PHDR_SIZE ||
	    phoff > file_size || phnum > (file_size - phoff) / phentsize)
		return false;
	m->segs = calloc(phnum, sizeof(*m->segs));
	if (!m->segs)
		return false;
	for (i = 0; i < phnum && m->nsegs < MAX_SEGS; i++) {
		const uint8_t *ph = h + phoff + i * phentsize;
		uint64_t off = le(ph + 8, 8), pa = le(ph + 24, 8), fsz = le(ph + 32, 8);

		if (le(ph, 4) != PT_LOAD_T || fsz == 0)
			continue;
		if (pa + fsz - 1 < pa)
			return false;
		if (off >= file_size)
			continue;               /* cut off entirely (truncated copy) */
		if (fsz > file_size - off)
			fsz = file_size - off;  /* up to the cut */
		m->segs[m->nsegs++] = (struct seg){ pa, fsz, off };
	}
	qsort(m->segs, m->nsegs, sizeof(*m->segs), by_pa);
	for (i = 1; i < m->nsegs; i++)
		if (m->segs[i].pa < m->segs[i - 1].pa + m->segs[i - 1].size)
			return false;   /* overlapping: which one wins is libkdumpfile's call */
	return m->nsegs > 0;
}

struct dump_map *dump_map_open(int fd, uint64_t file_size)
{
	struct dump_map *m;
	void *base;

	if (file_size < EHDR_SIZE || file_size > SIZE_MAX)
		return NULL;
	base = mmap(NULL, (size_t)file_size, PROT_READ, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		munmap(base, (size_t)file_size);
		return NULL;
	}
	m->base = base;
	m->len = (size_t)file_size;
	if (!read_segments(m, file_size)) {
		dump_map_close(m);
		return NULL;
	}
	return m;
}

void dump_map_close(struct dump_map *m)
{
	if (!m)
		return;
	if (m->base)
		munmap((void *)m->base, m->len);
	free(m->segs);
	free(m);
}

const uint8_t *dump_map_ptr(const struct dump_map *m, size_t *hint, uint64_t pa,
			    size_t len)
{
	const struct seg *s = m->segs;
	size_t lo = 0, hi = m->nsegs, h = *hint;

	if (!(h < hi && pa >= s[h].pa && pa - s[h].pa < s[h].size)) {
		h = hi;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (pa < s[mid].pa) {
				hi = mid;
			} else if (pa - s[mid].pa >= s[mid].size) {
				lo = mid + 1;
			} else {
				h = mid;
				break;
			}
		}
		if (h == m->nsegs)
			return NULL;
		*hint = h;
	}
	if (len > s[h].size - (pa - s[h].pa))
		return NULL;
	return m->base + s[h].off + (pa - s[h].pa);
}
