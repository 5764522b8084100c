/* model/dump.c — memory of a dump file, read through libkdumpfile.
 *
 * Physical reads go to kdump_read(KDUMP_MACHPHYSADDR): it works on every
 * dump, with or without OS information (KDUMP_KPHYSADDR does not).
 *
 * Virtual addresses are translated here, not by libkdumpfile: a plain
 * x86-64 4-level walk over physical reads, with a direct-mapped translation
 * cache keyed by (DTB, virtual page). One walker serves the kernel space and
 * every process's DirectoryTableBase alike, errors name the level that
 * failed ("PDE not present"), and a cached translation costs one lookup.
 * Why not libkdumpfile: measured on a test ELF core (LEAKSCOPE_BENCH=1
 * build/check_leakscope), an 8-byte kernel-virtual read here costs
 * ~45-55 ns (physical ~40 ns, a walk that misses the cache ~80 ns, two
 * DTBs alternating ~50 ns) against ~120-230 ns for kdump_read(KDUMP_KVADDR);
 * and in our attempt addrxlat_walk on an ADDRXLAT_PGT method (even a copy
 * of the system's own) answered "PDPT table not present" on that core
 * where kdump_read(KDUMP_KVADDR) and this walker find the page.
 * dump_set_kernel_dtb still sets libkdumpfile's addrxlat.default.*
 * attributes, so kdump_read(KDUMP_KVADDR) on dump_kdump_ctx() works for
 * readers that use libkdumpfile directly (a test checks that it agrees).
 *
 * Compressed formats (diskdump) get a 16 MiB page cache of our own in
 * front of libkdumpfile; on ../shared/linux/vmcore.kdump it takes an 8-byte
 * read of a cached page from ~400 ns to ~30 ns and a 4 KiB kernel read
 * from ~25 us to ~1 us (decompressing a page the first time stays ~15 us).
 *
 * Only the present bit counts: a Windows transition PTE or a Linux
 * PROT_NONE page reads as "not present" (LS_ERR_INVALID).
 */
#include "dump.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include "dump_check.h"
#include "dump_map.h"

#define PAGE_SHIFT   12
#define PAGE_SIZE_4K ((uint64_t)1 << PAGE_SHIFT)
#define PAGE_MASK_4K (PAGE_SIZE_4K - 1)
/* Physical address bits of a page-table entry (bits 51..12). */
#define PTE_ADDR     0x000ffffffffff000ull
#define PTE_ADDR_2M  0x000fffffffe00000ull
#define PTE_ADDR_1G  0x000fffffc0000000ull
#define PTE_PRESENT  0x1ull
#define PTE_PS       0x80ull

/* Translation cache: direct-mapped, 4 KiB granules (large pages are cached
 * per 4 KiB piece). A dump never changes, so entries never go stale. */
#define TLB_BITS     13
#define TLB_SIZE     (1u << TLB_BITS)
#define TLB_EMPTY    UINT64_MAX

/* Page cache for formats that decompress pages (not ELF): libkdumpfile
 * 0.5.1 decompresses a page in ~25 us and answers a cached one in
 * ~150 ns; raising its cache.size makes it slower. Ours is direct-mapped
 * by frame number, 16 MiB, and answers in a memcpy. */
#define PCACHE_BITS  12
#define PCACHE_SIZE  (1u << PCACHE_BITS)

/* Bound on the ranges kept from a page bitmap (a filtered dump is ragged,
 * but not this ragged); the rest is reported as one merged tail. */
#define MAX_RANGES   (1u << 20)

#define UTF16_MAX    (64u * 1024u)

struct tlb_entry {
	uint64_t dtb;    /* page-aligned root, TLB_EMPTY if unused */
	uint64_t vpage;  /* va & ~0xfff */
	uint64_t ppage;  /* physical page */
};

struct dump {
	kdump_ctx_t *kctx;
	int fd;
	struct dump_info info;
	struct dump_range *ranges;
	struct dump_cursor cursor;   /* the dump's own lookups (one thread) */
	uint64_t kernel_dtb;     /* page-aligned, 0 = not set */
	struct tlb_entry *tlb;
	uint64_t *pc_pfn;        /* page cache: frame in each slot, or */
	uint8_t *pc_data;        /* UINT64_MAX; NULL for ELF files */
	struct dump_map *map;    /* ELF cores: segments mapped, or NULL */
};

static const char *const level_name[] = { "PML4E", "PDPTE", "PDE", "PTE" };
static const char *const table_name[] = { "PML4", "PDPT", "PD", "PT" };

/* --- opening ------------------------------------------------------------ */

static enum ls_status not_a_dump(struct ls_err *err, const char *path,
				 const char *why)
{
	return ls_err_set(err, LS_ERR_FORMAT,
			  "%s: not a dump libkdumpfile can read (%s)", path, why);
}

static bool get_string_attr(kdump_ctx_t *k, const char *key, char *out,
			    size_t outlen)
{
	const char *s;

	if (kdump_get_string_attr(k, key, &s) != KDUMP_OK || !s)
		return false;
	snprintf(out, outlen, "%s", s);
	return true;
}

/* QEMU writes a diskdump header whose utsname has only "machine" filled;
 * libkdumpfile 0.5.1 then leaves arch.name unset. Take the machine from
 * the header (signature "KDUMP   ", version, then struct new_utsname of
 * six 65-byte fields; machine is the fifth). */
static bool diskdump_machine(int fd, char *out, size_t outlen)
{
	char hdr[8 + 4 + 6 * 65];
	char machine[66];

	if (pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) ||
	    memcmp(hdr, "KDUMP   ", 8) != 0)
		return false;
	memcpy(machine, hdr + 12 + 4 * 65, 65);
	machine[65] = '\0';
	if (!machine[0])
		return false;
	snprintf(out, outlen, "%s", machine);
	return true;
}

static void fill_arch(struct dump *d)
{
	char machine[32];

	if (get_string_attr(d->kctx, "arch.name", d->info.arch,
			    sizeof(d->info.arch)))
		return;
	if (diskdump_machine(d->fd, machine, sizeof(machine)) &&
	    strcmp(machine, "x86_64") == 0 &&
	    kdump_set_string_attr(d->kctx, "arch.name", "x86_64") == KDUMP_OK) {
		snprintf(d->info.arch, sizeof(d->info.arch), "x86_64");
		return;
	}
	snprintf(d->info.arch, sizeof(d->info.arch), "unknown");
}

static enum ls_status push_range(struct dump *d, size_t *cap, uint64_t start,
				 uint64_t size, struct ls_err *err)
{
	struct dump_range *r;

	if (size == 0)
		return LS_OK;
	if (d->info.nranges &&
	    d->ranges[d->info.nranges - 1].start +
	    d->ranges[d->info.nranges - 1].size >= start) {
		struct dump_range *last = &d->ranges[d->info.nranges - 1];
		uint64_t end = start + size;

		if (end > last->start + last->size)
			last->size = end - last->start;
		return LS_OK;
	}
	if (d->info.nranges == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		r = realloc(d->ranges, ncap * sizeof(*r));
		if (!r)
			return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
		d->ranges = r;
		*cap = ncap;
	}
	d->ranges[d->info.nranges].start = start;
	d->ranges[d->info.nranges].size = size;
	d->info.nranges++;
	return LS_OK;
}

/* The physical ranges, from libkdumpfile's page bitmap (file.pagemap):
 * runs of set bits, found with find_set / find_clear. */
static enum ls_status fill_ranges(struct dump *d, const char *path,
				  struct ls_err *err)
{
	kdump_attr_t attr;
	kdump_bmp_t *bmp;
	kdump_addr_t pfn = 0, end, next = 0;
	kdump_num_t max_pfn;
	uint64_t shift;
	size_t cap = 0;
	enum ls_status st = LS_OK;

	shift = __builtin_ctz(d->info.page_size);
	attr.type = KDUMP_BITMAP;
	if (kdump_get_typed_attr(d->kctx, KDUMP_ATTR_FILE_PAGEMAP, &attr) != KDUMP_OK ||
	    attr.type != KDUMP_BITMAP)
		return not_a_dump(err, path, "no page map");
	bmp = attr.val.bitmap;
	kdump_bmp_incref(bmp);  /* get_attr lends it; hold it while we walk */
	/* a bitmap may stay set to its end: stop at max_pfn if known */
	if (kdump_get_number_attr(d->kctx, "max_pfn", &max_pfn) != KDUMP_OK ||
	    max_pfn == 0 || max_pfn > (UINT64_MAX >> shift))
		max_pfn = UINT64_MAX >> shift;
	while (kdump_bmp_find_set(bmp, &pfn) == KDUMP_OK && pfn < max_pfn &&
	       pfn >= next) {
		end = pfn;
		if (kdump_bmp_find_clear(bmp, &end) != KDUMP_OK || end > max_pfn)
			end = max_pfn;
		/* overlapping ELF segments make 0.5.1 answer "set at N" and
		 * "clear at N" alike: take one page and move on */
		if (end <= pfn)
			end = pfn + 1;
		if (d->info.nranges >= MAX_RANGES) {
			/* absurdly fragmented: fold the rest into the last */
			d->ranges[d->info.nranges - 1].size =
				(end << shift) - d->ranges[d->info.nranges - 1].start;
		} else {
			st = push_range(d, &cap, pfn << shift, (end - pfn) << shift, err);
			if (st != LS_OK)
				break;
		}
		if (end == max_pfn)
			break;
		pfn = next = end;
	}
	kdump_bmp_decref(bmp);
	if (st != LS_OK)
		return st;
	if (d->info.nranges == 0)
		return not_a_dump(err, path, "no physical memory in the file");
	d->info.ranges = d->ranges;
	for (size_t i = 0; i < d->info.nranges; i++)
		d->info.phys_bytes += d->ranges[i].size;
	d->info.phys_end = d->ranges[d->info.nranges - 1].start +
			   d->ranges[d->info.nranges - 1].size;
	return LS_OK;
}

/* Without memory for it, reads go straight to libkdumpfile. */
static void page_cache_init(struct dump *d)
{
	d->pc_pfn = malloc(PCACHE_SIZE * sizeof(*d->pc_pfn));
	d->pc_data = malloc((size_t)PCACHE_SIZE * PAGE_SIZE_4K);
	if (!d->pc_pfn || !d->pc_data) {
		free(d->pc_pfn);
		free(d->pc_data);
		d->pc_pfn = NULL;
		d->pc_data = NULL;
		return;
	}
	memset(d->pc_pfn, 0xff, PCACHE_SIZE * sizeof(*d->pc_pfn));
}

/* ELF cores: serve physical reads from one mapping (dump_map.h) if it
 * agrees with libkdumpfile on the start of every range it is asked to
 * spot-check; otherwise every read stays with libkdumpfile. */
static void map_init(struct dump *d, uint64_t file_size)
{
	size_t i, step = d->info.nranges / 64 + 1;

	d->map = dump_map_open(d->fd, file_size);
	for (i = 0; d->map && i < d->info.nranges; i += step) {
		uint64_t pa = d->ranges[i].start;
		const uint8_t *p = dump_map_ptr(d->map, &d->cursor.seg, pa, 64);
		uint8_t buf[64];
		size_t n = sizeof(buf);

		if (!p)
			continue;
		if (kdump_read(d->kctx, KDUMP_MACHPHYSADDR, pa, buf, &n) != KDUMP_OK ||
		    n != sizeof(buf) || memcmp(buf, p, sizeof(buf)) != 0) {
			dump_map_close(d->map);
			d->map = NULL;
		}
	}
}

enum ls_status dump_open(const char *path, struct dump **ret,
			 struct ls_err *err)
{
	struct dump *d;
	struct stat st;
	kdump_num_t num;
	kdump_status ks;
	char why[256];
	enum ls_status s;
	int elf;

	d = calloc(1, sizeof(*d));
	if (!d)
		return ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", path);
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0) {
		s = ls_err_set(err, LS_ERR_SYSTEM, "%s: %s", path, strerror(errno));
		free(d);
		return s;
	}
	if (fstat(d->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		s = not_a_dump(err, path, "not a regular file");
		goto fail;
	}
	if (st.st_size == 0) {
		s = not_a_dump(err, path, "empty file");
		goto fail;
	}
	/* libkdumpfile 0.5.1 opens truncated ELF cores and crashes on some
	 * malformed headers: check them first (dump_check.h) */
	elf = dump_elf_check(d->fd, (uint64_t)st.st_size, why, sizeof(why));
	if (elf < 0 ||
	    dump_diskdump_check(d->fd, (uint64_t)st.st_size, why, sizeof(why)) != 0) {
		s = not_a_dump(err, path, why);
		goto fail;
	}
	if (elf == 1) {
		/* a truncated copy: readable up to the cut, through our own map
		 * only (libkdumpfile must never read past the end) */
		d->info.truncated_at = (uint64_t)st.st_size;
		snprintf(d->info.truncated_why, sizeof(d->info.truncated_why), "%s", why);
	}
	d->kctx = kdump_new();
	d->tlb = malloc(TLB_SIZE * sizeof(*d->tlb));
	if (!d->kctx || !d->tlb) {
		s = ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", path);
		goto fail;
	}
	memset(d->tlb, 0xff, TLB_SIZE * sizeof(*d->tlb));
	ks = kdump_open_fd(d->kctx, d->fd);
	if (ks != KDUMP_OK) {
		const char *msg = kdump_get_err(d->kctx);
		const char *colon = msg ? strrchr(msg, ':') : NULL;

		/* "Cannot set file.set.0.fd: Unknown file format" -> the tail */
		snprintf(why, sizeof(why), "%s", colon ? colon + 2 : msg ? msg : "?");
		s = not_a_dump(err, path, why);
		goto fail;
	}
	if (!get_string_attr(d->kctx, KDUMP_ATTR_FILE_FORMAT, d->info.format,
			     sizeof(d->info.format)))
		snprintf(d->info.format, sizeof(d->info.format), "unknown");
	fill_arch(d);
	if (!get_string_attr(d->kctx, "addrxlat.ostype", d->info.os,
			     sizeof(d->info.os)))
		get_string_attr(d->kctx, "ostype", d->info.os, sizeof(d->info.os));
	/* without one (an unknown e_machine and no VMCOREINFO), 0.5.1's
	 * kdump_read divides by zero */
	if (kdump_get_number_attr(d->kctx, "arch.page_size", &num) != KDUMP_OK ||
	    num < 4096 || num > (1u << 20) || (num & (num - 1))) {
		s = not_a_dump(err, path, "no page size: unknown architecture");
		goto fail;
	}
	d->info.page_size = (uint32_t)num;
	s = fill_ranges(d, path, err);
	if (s != LS_OK)
		goto fail;
	if (strcmp(d->info.format, "elf") != 0)
		page_cache_init(d);
	else
		map_init(d, (uint64_t)st.st_size);
	if (d->info.truncated_at && !d->map) {
		s = not_a_dump(err, path, d->info.truncated_why);
		goto fail;
	}
	*ret = d;
	return LS_OK;
fail:
	dump_destroy(d);
	return s;
}

/* Note: on diskdump files libkdumpfile 0.5.1's kdump_free touches freed
 * memory (upstream bug #72; harmless with glibc, valgrind reports it:
 * tests/libkdumpfile.supp). The fd stays ours to close. */
void dump_destroy(struct dump *d)
{
	if (!d)
		return;
	if (d->kctx)
		kdump_free(d->kctx);
	if (d->fd >= 0)
		close(d->fd);
	free(d->ranges);
	free(d->tlb);
	free(d->pc_pfn);
	free(d->pc_data);
	dump_map_close(d->map);
	free(d);
}

const struct dump_info *dump_info(const struct dump *d)
{
	return &d->info;
}

void *dump_kdump_ctx(struct dump *d)
{
	return d->kctx;
}

/* --- physical reads ----------------------------------------------------- */

static bool present_at(const struct dump *d, size_t *hint, uint64_t pa)
{
	const struct dump_range *r = d->ranges;
	size_t lo = 0, hi = d->info.nranges, h = *hint;

	if (h < hi && pa >= r[h].start && pa - r[h].start < r[h].size)
		return true;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pa < r[mid].start) {
			hi = mid;
		} else if (pa - r[mid].start >= r[mid].size) {
			lo = mid + 1;
		} else {
			*hint = mid;
			return true;
		}
	}
	return false;
}

bool dump_phys_present(struct dump *d, uint64_t pa)
{
	return present_at(d, &d->cursor.range, pa);
}

static enum ls_status kdump_status_to_ls(kdump_status ks)
{
	switch (ks) {
	case KDUMP_OK: return LS_OK;
	case KDUMP_ERR_NODATA: return LS_ERR_NODATA;
	case KDUMP_ERR_SYSTEM: return LS_ERR_SYSTEM;
	case KDUMP_ERR_INVALID:
	case KDUMP_ERR_ADDRXLAT: return LS_ERR_INVALID;
	default: return LS_ERR_CORRUPT;
	}
}

/* Read within one physical page (or a run the ranges hold); fills only
 * err->code and a bare reason, the caller names what and where. */
static enum ls_status phys_chunk(struct dump *d, uint64_t pa, void *buf,
				 size_t len, struct ls_err *err)
{
	kdump_status ks;
	size_t n = len;

	if (!dump_phys_present(d, pa) || !dump_phys_present(d, pa + len - 1))
		return ls_err_set(err, LS_ERR_NODATA, "page not in the dump");
	if (d->map) {
		const uint8_t *p = dump_map_ptr(d->map, &d->cursor.seg, pa, len);

		if (p) {
			memcpy(buf, p, len);
			return LS_OK;
		}
		if (d->info.truncated_at)
			return ls_err_set(err, LS_ERR_NODATA,
					  "page past the end of the truncated dump");
	}
	if (d->pc_data) {
		uint64_t pfn = pa >> PAGE_SHIFT;
		size_t slot = pfn & (PCACHE_SIZE - 1);
		uint8_t *page = d->pc_data + slot * PAGE_SIZE_4K;

		if (d->pc_pfn[slot] != pfn) {
			n = PAGE_SIZE_4K;
			d->pc_pfn[slot] = UINT64_MAX;
			if (kdump_read(d->kctx, KDUMP_MACHPHYSADDR, pfn << PAGE_SHIFT,
				       page, &n) == KDUMP_OK)
				d->pc_pfn[slot] = pfn;
		}
		if (d->pc_pfn[slot] == pfn) {
			memcpy(buf, page + (pa & PAGE_MASK_4K), len);
			return LS_OK;
		}
		/* a partial page: read just the bytes asked for */
		n = len;
	}
	ks = kdump_read(d->kctx, KDUMP_MACHPHYSADDR, pa, buf, &n);
	if (ks != KDUMP_OK) {
		enum ls_status s = kdump_status_to_ls(ks);

		return ls_err_set(err, s, "%s",
				  s == LS_ERR_NODATA ? "page not in the dump"
						     : kdump_get_err(d->kctx));
	}
	return LS_OK;
}

const uint8_t *dump_phys_ptr_at(const struct dump *d, struct dump_cursor *cur,
				uint64_t pa, size_t len)
{
	if (!d->map || !len || !present_at(d, &cur->range, pa) ||
	    !present_at(d, &cur->range, pa + len - 1))
		return NULL;
	return dump_map_ptr(d->map, &cur->seg, pa, len);
}

const uint8_t *dump_phys_ptr(struct dump *d, uint64_t pa, size_t len)
{
	return dump_phys_ptr_at(d, &d->cursor, pa, len);
}

enum ls_status dump_read_phys(struct dump *d, uint64_t pa, void *buf,
			      size_t len, const char *what, struct ls_err *err)
{
	uint8_t *out = buf;
	uint64_t at = pa;
	enum ls_status s;

	if (len && pa + len - 1 < pa)
		return ls_err_set(err, LS_ERR_INVALID,
				  "reading %s at physical 0x%" PRIx64 ": beyond the address space",
				  what, pa);
	while (len) {
		size_t chunk = PAGE_SIZE_4K - (at & PAGE_MASK_4K);

		if (chunk > len)
			chunk = len;
		s = phys_chunk(d, at, out, chunk, err);
		if (s != LS_OK) {
			if (at >> PAGE_SHIFT != pa >> PAGE_SHIFT)
				return ls_err_prepend(err, "reading %s at physical 0x%" PRIx64
						      " (page 0x%" PRIx64 ")",
						      what, pa, at & ~PAGE_MASK_4K);
			return ls_err_prepend(err, "reading %s at physical 0x%" PRIx64,
					      what, pa);
		}
		out += chunk;
		at += chunk;
		len -= chunk;
	}
	return LS_OK;
}

/* --- translation -------------------------------------------------------- */

enum ls_status dump_set_kernel_dtb(struct dump *d, uint64_t dtb,
				   struct ls_err *err)
{
	uint64_t root = dtb & PTE_ADDR;

	if (root == 0)
		return ls_err_set(err, LS_ERR_INVALID,
				  "kernel DTB 0x%" PRIx64 ": not a page-table root", dtb);
	if (!dump_phys_present(d, root))
		return ls_err_set(err, LS_ERR_NODATA,
				  "kernel DTB 0x%" PRIx64 ": page not in the dump", dtb);
	d->kernel_dtb = root;
	/* let kdump_read(KDUMP_KVADDR) work too (best effort: our own reads
	 * do not depend on it) */
	kdump_set_number_attr(d->kctx, "addrxlat.default.virt_bits", 48);
	kdump_set_number_attr(d->kctx, "addrxlat.default.rootpgt.as",
			      ADDRXLAT_MACHPHYSADDR);
	kdump_set_address_attr(d->kctx, "addrxlat.default.rootpgt.addr", root);
	return LS_OK;
}

uint64_t dump_kernel_dtb(const struct dump *d)
{
	return d->kernel_dtb;
}

static struct tlb_entry *tlb_slot(struct dump *d, uint64_t root, uint64_t vpage)
{
	uint64_t h = (vpage >> PAGE_SHIFT) ^ (root >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ull;

	return &d->tlb[(h ^ (h >> 29)) & (TLB_SIZE - 1)];
}

/* Walk the 4-level tables rooted at root for va; err gets a bare reason. */
static enum ls_status walk(struct dump *d, uint64_t root, uint64_t va,
			   uint64_t *pa, struct ls_err *err)
{
	uint64_t table = root, entry, addr;
	int level;

	for (level = 0; level < 4; level++) {
		unsigned idx = (va >> (39 - 9 * level)) & 511;
		enum ls_status s;

		addr = table + idx * 8;
		s = phys_chunk(d, addr, &entry, 8, err);
		if (s == LS_ERR_NODATA)
			return ls_err_set(err, s, "%s page 0x%" PRIx64 " not in the dump",
					  table_name[level], table);
		if (s != LS_OK)
			return ls_err_prepend(err, "%s page 0x%" PRIx64,
					      table_name[level], table);
		if (!(entry & PTE_PRESENT))
			return ls_err_set(err, LS_ERR_INVALID, "%s not present",
					  level_name[level]);
		if (level == 1 && (entry & PTE_PS)) {
			*pa = (entry & PTE_ADDR_1G) | (va & 0x3fffffffull);
			return LS_OK;
		}
		if (level == 2 && (entry & PTE_PS)) {
			*pa = (entry & PTE_ADDR_2M) | (va & 0x1fffffull);
			return LS_OK;
		}
		table = entry & PTE_ADDR;
	}
	*pa = table | (va & PAGE_MASK_4K);
	return LS_OK;
}

/* Resolve dtb (0 = kernel) to a page-aligned root; bare reason on error. */
static enum ls_status resolve_root(struct dump *d, uint64_t dtb, uint64_t *root,
				   struct ls_err *err)
{
	if (dtb == 0) {
		if (!d->kernel_dtb)
			return ls_err_set(err, LS_ERR_INVALID, "kernel DTB not known yet");
		*root = d->kernel_dtb;
	} else {
		*root = dtb & PTE_ADDR;
	}
	return LS_OK;
}

/* Translate with the cache; err gets a bare reason. */
static enum ls_status xlat(struct dump *d, uint64_t root, uint64_t va,
			   uint64_t *pa, struct ls_err *err)
{
	uint64_t vpage = va & ~PAGE_MASK_4K;
	struct tlb_entry *e = tlb_slot(d, root, vpage);
	enum ls_status s;

	if (e->dtb == root && e->vpage == vpage) {
		*pa = e->ppage | (va & PAGE_MASK_4K);
		return LS_OK;
	}
	if (!dump_va_canonical(va))
		return ls_err_set(err, LS_ERR_INVALID, "non-canonical address");
	s = walk(d, root, va, pa, err);
	if (s != LS_OK)
		return s;
	e->dtb = root;
	e->vpage = vpage;
	e->ppage = *pa & ~PAGE_MASK_4K;
	return LS_OK;
}

static void name_space(char *buf, size_t len, uint64_t dtb)
{
	if (dtb)
		snprintf(buf, len, " (dtb 0x%" PRIx64 ")", dtb);
	else
		buf[0] = '\0';
}

enum ls_status dump_translate(struct dump *d, uint64_t dtb, uint64_t va,
			      uint64_t *ret, struct ls_err *err)
{
	uint64_t root = 0;
	char space[40];
	enum ls_status s;

	s = resolve_root(d, dtb, &root, err);
	if (s == LS_OK)
		s = xlat(d, root, va, ret, err);
	if (s != LS_OK) {
		name_space(space, sizeof(space), dtb);
		return ls_err_prepend(err, "translating 0x%" PRIx64 "%s", va, space);
	}
	return LS_OK;
}

/* Read len bytes at va in the space rooted at root, page by page; on
 * error *failed is the address that failed and err has a bare reason. */
static enum ls_status va_read(struct dump *d, uint64_t root, uint64_t va,
			      void *buf, size_t len, uint64_t *failed,
			      struct ls_err *err)
{
	uint8_t *out = buf;
	uint64_t at = va, pa;
	enum ls_status s;

	while (len) {
		size_t chunk = PAGE_SIZE_4K - (at & PAGE_MASK_4K);

		if (chunk > len)
			chunk = len;
		s = xlat(d, root, at, &pa, err);
		if (s == LS_OK)
			s = phys_chunk(d, pa, out, chunk, err);
		if (s != LS_OK) {
			*failed = at;
			return s;
		}
		out += chunk;
		at += chunk;
		len -= chunk;
		if (len && at == 0) { /* wrapped past the top */
			*failed = at;
			return ls_err_set(err, LS_ERR_INVALID, "beyond the address space");
		}
	}
	return LS_OK;
}

/* Prepend "reading WHAT at VA[ (dtb X)][ (page P)]" to a bare reason. */
static enum ls_status read_failed(struct ls_err *err, const char *what,
				  uint64_t dtb, uint64_t va, uint64_t failed)
{
	char space[40], page[40];

	name_space(space, sizeof(space), dtb);
	page[0] = '\0';
	if (failed >> PAGE_SHIFT != va >> PAGE_SHIFT)
		snprintf(page, sizeof(page), " (page 0x%" PRIx64 ")",
			 failed & ~PAGE_MASK_4K);
	return ls_err_prepend(err, "reading %s at 0x%" PRIx64 "%s%s",
			      what, va, space, page);
}

enum ls_status dump_read_va(struct dump *d, uint64_t dtb, uint64_t va,
			    void *buf, size_t len, const char *what,
			    struct ls_err *err)
{
	uint64_t root = 0, failed = va;
	enum ls_status s;

	s = resolve_root(d, dtb, &root, err);
	if (s == LS_OK)
		s = va_read(d, root, va, buf, len, &failed, err);
	if (s != LS_OK)
		return read_failed(err, what, dtb, va, failed);
	return LS_OK;
}

enum ls_status dump_read_kv(struct dump *d, uint64_t va, void *buf,
			    size_t len, const char *what, struct ls_err *err)
{
	return dump_read_va(d, 0, va, buf, len, what, err);
}

/* --- scalars and strings ------------------------------------------------ */

enum ls_status dump_read_u64(struct dump *d, uint64_t dtb, uint64_t va,
			     uint64_t *ret, const char *what, struct ls_err *err)
{
	uint8_t b[8];
	enum ls_status s = dump_read_va(d, dtb, va, b, sizeof(b), what, err);

	if (s == LS_OK)
		*ret = (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
		       (uint64_t)b[3] << 24 | (uint64_t)b[4] << 32 |
		       (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
		       (uint64_t)b[7] << 56;
	return s;
}

enum ls_status dump_read_u32(struct dump *d, uint64_t dtb, uint64_t va,
			     uint32_t *ret, const char *what, struct ls_err *err)
{
	uint8_t b[4];
	enum ls_status s = dump_read_va(d, dtb, va, b, sizeof(b), what, err);

	if (s == LS_OK)
		*ret = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		       (uint32_t)b[3] << 24;
	return s;
}

/* Append code point cp as UTF-8 if it fits (leaving room for the NUL). */
static bool put_utf8(char *out, size_t outlen, size_t *pos, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (*pos + n + 1 > outlen)
		return false;
	memcpy(out + *pos, b, n);
	*pos += n;
	return true;
}

/* UTF-16LE -> UTF-8 into out (NUL-terminated); stops at a NUL unit. */
static void utf16_to_utf8(const uint8_t *in, size_t nbytes, char *out,
			  size_t outlen)
{
	size_t i, pos = 0, units = nbytes / 2;

	for (i = 0; i < units; i++) {
		uint32_t u = in[2 * i] | (uint32_t)in[2 * i + 1] << 8, cp = u;

		if (u == 0)
			break;
		if (u >= 0xd800 && u < 0xdc00 && i + 1 < units) {
			uint32_t lo = in[2 * i + 2] | (uint32_t)in[2 * i + 3] << 8;

			if (lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i++;
			} else {
				cp = 0xfffd;
			}
		} else if (u >= 0xd800 && u < 0xe000) {
			cp = 0xfffd;
		}
		if (!put_utf8(out, outlen, &pos, cp))
			break;
	}
	out[pos] = '\0';
}

enum ls_status dump_read_utf16(struct dump *d, uint64_t dtb, uint64_t va,
			       size_t nbytes, char *out, size_t outlen,
			       const char *what, struct ls_err *err)
{
	uint8_t small[512], *buf = small;
	enum ls_status s;

	if (!outlen)
		return ls_err_set(err, LS_ERR_INVALID, "reading %s: no room", what);
	out[0] = '\0';
	if (nbytes > UTF16_MAX)
		nbytes = UTF16_MAX;
	/* no more than outlen-1 units can show */
	if (nbytes / 2 > outlen)
		nbytes = outlen * 2;
	nbytes &= ~(size_t)1;
	if (nbytes > sizeof(small)) {
		buf = malloc(nbytes);
		if (!buf)
			return ls_err_set(err, LS_ERR_NOMEM, "reading %s: out of memory", what);
	}
	s = dump_read_va(d, dtb, va, buf, nbytes, what, err);
	if (s == LS_OK)
		utf16_to_utf8(buf, nbytes, out, outlen);
	if (buf != small)
		free(buf);
	return s;
}

enum ls_status dump_read_unicode_string(struct dump *d, uint64_t dtb,
					uint64_t va, char *out, size_t outlen,
					const char *what, struct ls_err *err)
{
	uint8_t hdr[16];
	unsigned length, maxlength;
	uint64_t buffer;
	enum ls_status s;

	if (outlen)
		out[0] = '\0';
	s = dump_read_va(d, dtb, va, hdr, sizeof(hdr), what, err);
	if (s != LS_OK)
		return s;
	length = hdr[0] | (unsigned)hdr[1] << 8;
	maxlength = hdr[2] | (unsigned)hdr[3] << 8;
	buffer = 0;
	for (int i = 7; i >= 0; i--)
		buffer = buffer << 8 | hdr[8 + i];
	if (length > maxlength || (length & 1))
		return ls_err_set(err, LS_ERR_CORRUPT,
				  "reading %s at 0x%" PRIx64 ": bad UNICODE_STRING "
				  "(Length %u, MaximumLength %u)", what, va, length, maxlength);
	if (length == 0)
		return LS_OK;
	if (buffer == 0)
		return ls_err_set(err, LS_ERR_CORRUPT,
				  "reading %s at 0x%" PRIx64 ": UNICODE_STRING of "
				  "Length %u has no Buffer", what, va, length);
	return dump_read_utf16(d, dtb, buffer, length, out, outlen, what, err);
}

enum ls_status dump_read_cstring(struct dump *d, uint64_t dtb, uint64_t va,
				 size_t maxlen, char *out, size_t outlen,
				 const char *what, struct ls_err *err)
{
	uint8_t page[PAGE_SIZE_4K];
	uint64_t root = 0, failed = va;
	size_t got = 0, pos = 0;
	enum ls_status s;

	if (!outlen)
		return ls_err_set(err, LS_ERR_INVALID, "reading %s: no room", what);
	out[0] = '\0';
	s = resolve_root(d, dtb, &root, err);
	/* page by page, so a string that ends before a hole reads fine */
	while (s == LS_OK && got < maxlen) {
		size_t chunk = PAGE_SIZE_4K - ((va + got) & PAGE_MASK_4K), i;

		if (chunk > maxlen - got)
			chunk = maxlen - got;
		s = va_read(d, root, va + got, page, chunk, &failed, err);
		if (s != LS_OK)
			break;
		for (i = 0; i < chunk; i++) {
			if (page[i] == 0 || pos + 1 >= outlen) {
				out[pos] = '\0';
				return LS_OK;
			}
			out[pos++] = (char)page[i];
		}
		got += chunk;
	}
	out[pos] = '\0';
	if (s != LS_OK)
		return read_failed(err, what, dtb, va, failed);
	return LS_OK;
}
