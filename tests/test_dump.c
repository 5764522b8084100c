/* tests/test_dump.c — model/dump: opening files, physical reads, the
 * page-table walk (4 KiB, 2 MiB, 1 GiB pages, holes, every unmapped level,
 * a second address space), strings, and non-dump files. The cores are
 * built here with tests/mkcore.c, so every expected byte is known. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include "../model/dump.h"
#include "mkcore.h"
#include "testutil.h"

/* The layout of the test core. Kernel space (KDTB): */
#define KDTB      UINT64_C(0x10000)                /* tables from here up */
#define KBASE     UINT64_C(0xfffff80000000000)     /* PML4 496, PDPT 0, PD 0 */
#define PA_P0     UINT64_C(0x200000)               /* KBASE + 0      (4K) */
#define PA_P1     UINT64_C(0x5000)                 /* KBASE + 0x1000 (4K), below P0 */
#define PA_HOLE   UINT64_C(0x300000)               /* KBASE + 0x2000, not stored */
#define VA_2M     (KBASE + 0x200000)               /* PD 1: 2 MiB page */
#define PA_2M     UINT64_C(0x400000)               /* pages +0x3000, +0x1ff000 stored */
#define VA_AFTER  (KBASE + 0x400000)               /* PD 2: 4K page right after */
#define PA_AFTER  UINT64_C(0x6000)
#define VA_NOPT   (KBASE + 0x600000)               /* PD 3 -> PT page not stored */
#define PA_NOPT   UINT64_C(0x7000000)
#define VA_1G     (KBASE + 0x40000000)             /* PDPT 1: 1 GiB page */
#define PA_1G     UINT64_C(0x40000000)
#define OFF_1G    UINT64_C(0x12345678)             /* one stored page in it */
/* unmapped at each level */
#define VA_NO_PML4E UINT64_C(0xffff800000000000)
#define VA_NO_PDPTE (KBASE + 5 * MKCORE_1G)
#define VA_NO_PDE   (KBASE + 100 * MKCORE_2M)
#define VA_NO_PTE   (KBASE + 0x10000)
/* strings, on page 1 */
#define VA_USTR   (KBASE + 0x1100)                 /* good UNICODE_STRING */
#define VA_UODD   (KBASE + 0x1110)                 /* Length odd */
#define VA_ULONG  (KBASE + 0x1120)                 /* Length > MaximumLength */
#define VA_UTEXT  (KBASE + 0x1200)
#define VA_UBAD   (KBASE + 0x1300)                 /* unpaired surrogates */
#define VA_CROSS  (KBASE + 0xffa)                  /* C string over pages 0-1 */
#define VA_TAIL   (KBASE + 0x1ff0)                 /* ends just before the hole */
#define VA_RUNON  (KBASE + 0x1ffc)                 /* runs into the hole */
/* a second address space */
#define VA_USER   UINT64_C(0x7ff000)
#define PA_USER   UINT64_C(0x8000)
#define PA_UKBASE UINT64_C(0x9000)                 /* its own KBASE page */

static char core_path[512];
static char text_path[512];
static char empty_path[512];
static char trunc_path[512];
static char trunc_hdr_path[512];
static uint64_t udtb;
static struct mkcore *layout;   /* kept for expected bytes */

static uint8_t pattern(uint64_t va)
{
	return (uint8_t)((va * 7 + 3) ^ (va >> 12));
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_ustr(struct mkcore *c, uint64_t va, unsigned len,
		     unsigned maxlen, uint64_t buffer)
{
	uint8_t h[16] = { 0 };

	put16(h, len);
	put16(h + 2, maxlen);
	for (int i = 0; i < 8; i++)
		h[8 + i] = (uint8_t)(buffer >> (8 * i));
	mkcore_write_va(c, KDTB, va, h, sizeof(h));
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	if (len)
		ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void build_cores(void)
{
	static const unsigned text[] = { 'A', 0x20ac, 0xd834, 0xdd1e, 'z' };
	static const unsigned bad[] = { 0xd800, 'x', 0xdc00, 'y', 0xd800 };
	struct mkcore *c = mkcore_new(KDTB);
	char dir[512];
	uint8_t buf[4096 * 2];
	uint64_t i;
	FILE *f;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	ck_assert_uint_eq(mkcore_alloc_page(c), KDTB);
	mkcore_map(c, KDTB, KBASE, PA_P0, MKCORE_4K);
	mkcore_map(c, KDTB, KBASE + 0x1000, PA_P1, MKCORE_4K);
	mkcore_map(c, KDTB, KBASE + 0x2000, PA_HOLE, MKCORE_4K);
	mkcore_map(c, KDTB, VA_2M, PA_2M, MKCORE_2M);
	mkcore_map(c, KDTB, VA_AFTER, PA_AFTER, MKCORE_4K);
	mkcore_map(c, KDTB, VA_1G, PA_1G, MKCORE_1G);
	mkcore_write_u64(c, mkcore_entry_pa(c, KDTB, VA_NOPT, 2), PA_NOPT | 3);
	/* pattern over pages 0 and 1, the large pages' stored pieces */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = pattern(KBASE + i);
	mkcore_write_va(c, KDTB, KBASE, buf, sizeof(buf));
	for (i = 0; i < 4096; i++)
		buf[i] = pattern(VA_2M + 0x1ff000 + i);
	mkcore_write_va(c, KDTB, VA_2M + 0x1ff000, buf, 4096);
	for (i = 0; i < 4096; i++)
		buf[i] = pattern(VA_AFTER + i);
	mkcore_write_va(c, KDTB, VA_AFTER, buf, 4096);
	for (i = 0; i < 4096; i++)
		buf[i] = pattern(VA_2M + 0x3000 + i);
	mkcore_write_va(c, KDTB, VA_2M + 0x3000, buf, 4096);
	for (i = 0; i < 4096; i++)
		buf[i] = pattern(VA_1G + (OFF_1G & ~0xfffull) + i);
	mkcore_write_va(c, KDTB, VA_1G + (OFF_1G & ~0xfffull), buf, 4096);
	/* strings */
	mkcore_write_va(c, KDTB, VA_CROSS, "crossing", 9);
	mkcore_write_va(c, KDTB, VA_TAIL, "tail-string", 12);
	mkcore_write_va(c, KDTB, VA_RUNON, "abcd", 4);
	for (i = 0; i < 5; i++) {
		put16(buf + 2 * i, text[i]);
		put16(buf + 16 + 2 * i, bad[i]);
	}
	mkcore_write_va(c, KDTB, VA_UTEXT, buf, 10);
	mkcore_write_va(c, KDTB, VA_UBAD, buf + 16, 10);
	put_ustr(c, VA_USTR, 10, 12, VA_UTEXT);
	put_ustr(c, VA_UODD, 7, 12, VA_UTEXT);
	put_ustr(c, VA_ULONG, 14, 12, VA_UTEXT);
	/* a process: its own PML4 */
	udtb = mkcore_alloc_page(c);
	mkcore_map(c, udtb, VA_USER, PA_USER, MKCORE_4K);
	mkcore_map(c, udtb, KBASE, PA_UKBASE, MKCORE_4K);
	mkcore_write_va(c, udtb, VA_USER, "user space", 11);
	mkcore_write_va(c, udtb, KBASE, "process view", 13);

	snprintf(core_path, sizeof(core_path), "%s/basic.core", dir);
	mkcore_save(c, core_path, true);
	layout = c;

	snprintf(text_path, sizeof(text_path), "%s/notes.txt", dir);
	write_file(text_path, "this is not a dump\n", 19);
	snprintf(empty_path, sizeof(empty_path), "%s/empty.core", dir);
	write_file(empty_path, "", 0);
	/* the core cut after its program headers, and inside its header */
	f = fopen(core_path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(buf, 1, 4096, f), 4096);
	fclose(f);
	snprintf(trunc_path, sizeof(trunc_path), "%s/trunc.core", dir);
	write_file(trunc_path, buf, 4096);
	snprintf(trunc_hdr_path, sizeof(trunc_hdr_path), "%s/trunc-hdr.core", dir);
	write_file(trunc_hdr_path, buf, 40);
}

static void free_cores(void)
{
	mkcore_free(layout);
	layout = NULL;
}

static struct dump *open_core(struct ls_err *err)
{
	struct dump *d = NULL;
	enum ls_status s;

	ls_err_clear(err);
	s = dump_open(core_path, &d, err);
	ck_assert_ls_ok(s, err);
	s = dump_set_kernel_dtb(d, KDTB, err);
	ck_assert_ls_ok(s, err);
	return d;
}

/* --- opening ------------------------------------------------------------ */

START_TEST(info_describes_the_core)
{
	struct ls_err err;
	struct dump *d = open_core(&err);
	const struct dump_info *i = dump_info(d);
	uint64_t pa, bytes = 0;
	size_t r;

	ck_assert_str_eq(i->format, "elf");
	ck_assert_str_eq(i->arch, "x86_64");
	ck_assert_uint_eq(i->page_size, 4096);
	ck_assert_uint_ge(i->nranges, 2);
	for (r = 0; r < i->nranges; r++) {
		ck_assert_uint_gt(i->ranges[r].size, 0);
		if (r)	/* sorted, merged: a gap between neighbours */
			ck_assert_uint_gt(i->ranges[r].start,
					  i->ranges[r - 1].start + i->ranges[r - 1].size);
		bytes += i->ranges[r].size;
	}
	ck_assert_uint_eq(bytes, i->phys_bytes);
	ck_assert_uint_eq(i->phys_end, PA_1G + (OFF_1G & ~0xfffull) + 4096);
	/* exactly the pages the test stored are present */
	for (pa = 0; pa < i->phys_end + MKCORE_2M; pa += 4096)
		ck_assert_msg(dump_phys_present(d, pa) == mkcore_has_page(layout, pa),
			      "page 0x%" PRIx64 ": present %d, stored %d", pa,
			      dump_phys_present(d, pa), mkcore_has_page(layout, pa));
	ck_assert_uint_eq(dump_kernel_dtb(d), KDTB);
	ck_assert_ptr_nonnull(dump_kdump_ctx(d));
	dump_destroy(d);
}
END_TEST

START_TEST(non_dump_files_are_refused)
{
	const char *paths[] = { text_path, empty_path, trunc_path, trunc_hdr_path };
	const char *why[] = { "Unknown file format", "empty file",
			      "truncated ELF core", "truncated ELF header" };
	struct ls_err err;
	char want[600];

	for (int i = 0; i < 4; i++) {
		struct dump *d = (struct dump *)&err;  /* must stay untouched */
		enum ls_status s;

		ls_err_clear(&err);
		s = dump_open(paths[i], &d, &err);
		snprintf(want, sizeof(want), "%s: not a dump libkdumpfile can read (",
			 paths[i]);
		ck_assert_ls_err(s, LS_ERR_FORMAT, &err, want);
		ck_assert_ls_err(s, LS_ERR_FORMAT, &err, why[i]);
		ck_assert_ptr_eq(d, (struct dump *)&err);
		ck_assert_ptr_null(strchr(err.msg, '\n'));
	}
	ls_err_clear(&err);
	{
		struct dump *d = NULL;
		enum ls_status s = dump_open("/nonexistent/core", &d, &err);

		ck_assert_ls_err(s, LS_ERR_SYSTEM, &err, "/nonexistent/core: No such file");
	}
	dump_destroy(NULL);
}
END_TEST

/* --- physical ----------------------------------------------------------- */

START_TEST(physical_reads_and_holes)
{
	struct ls_err err;
	struct dump *d = open_core(&err);
	uint8_t buf[64];
	enum ls_status s;

	s = dump_read_phys(d, PA_P0 + 0x10, buf, 16, "bytes", &err);
	ck_assert_ls_ok(s, &err);
	for (int i = 0; i < 16; i++)
		ck_assert_uint_eq(buf[i], pattern(KBASE + 0x10 + i));
	ck_assert(!dump_phys_present(d, PA_HOLE));
	s = dump_read_phys(d, PA_HOLE + 8, buf, 8, "PFN entry", &err);
	ck_assert_ls_err(s, LS_ERR_NODATA, &err,
			 "reading PFN entry at physical 0x300008: page not in the dump");
	/* a read that runs off the end of a stored run */
	s = dump_read_phys(d, PA_P0 + 4090, buf, 16, "tail", &err);
	ck_assert_ls_err(s, LS_ERR_NODATA, &err, "(page 0x201000): page not in the dump");
	dump_destroy(d);
}
END_TEST

/* --- virtual ------------------------------------------------------------ */

/* buf holds what the test stored at va (in the kernel space). */
static void assert_stored(const uint8_t *buf, uint64_t va, size_t len)
{
	uint8_t want[8192];

	ck_assert_uint_le(len, sizeof(want));
	mkcore_read_va(layout, KDTB, va, want, len);
	for (size_t i = 0; i < len; i++)
		ck_assert_msg(buf[i] == want[i], "byte %zu of 0x%" PRIx64
			      ": 0x%02x, want 0x%02x", i, va, buf[i], want[i]);
}

/* The little-endian number the test stored at va. */
static uint64_t stored_le(uint64_t va, int n)
{
	uint8_t b[8];
	uint64_t v = 0;

	mkcore_read_va(layout, KDTB, va, b, (size_t)n);
	while (n--)
		v = v << 8 | b[n];
	return v;
}

START_TEST(kernel_reads_cross_pages)
{
	struct ls_err err;
	struct dump *d = open_core(&err);
	uint8_t buf[8192];
	uint64_t v, pa;
	uint32_t v32;
	enum ls_status s;

	/* page 0 -> page 1 are far apart physically (0x200000, 0x5000) */
	s = dump_read_kv(d, KBASE + 0xff0, buf, 32, "EPROCESS", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored(buf, KBASE + 0xff0, 32);
	s = dump_read_kv(d, KBASE, buf, 8192, "two pages", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored(buf, KBASE, 8192);
	s = dump_read_u64(d, 0, KBASE + 0xffc, &v, "pointer", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_uint_eq(v, stored_le(KBASE + 0xffc, 8));
	s = dump_read_u32(d, 0, KBASE + 0x20, &v32, "count", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_uint_eq(v32, stored_le(KBASE + 0x20, 4));
	s = dump_translate(d, 0, KBASE + 0x1234, &pa, &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_uint_eq(pa, PA_P1 + 0x234);
	/* a second read of the same bytes, now from the translation cache */
	memset(buf, 0, 32);
	s = dump_read_kv(d, KBASE + 0xff0, buf, 32, "EPROCESS", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored(buf, KBASE + 0xff0, 32);
	dump_destroy(d);
}
END_TEST

START_TEST(large_pages)
{
	struct ls_err err;
	struct dump *d = open_core(&err);
	uint8_t buf[64];
	uint64_t pa;
	enum ls_status s;

	s = dump_translate(d, 0, VA_2M + 0x3010, &pa, &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_uint_eq(pa, PA_2M + 0x3010);
	s = dump_read_kv(d, VA_2M + 0x3010, buf, 16, "in 2M", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored(buf, VA_2M + 0x3010, 16);
	/* the end of the 2 MiB page into the 4 KiB page after it */
	s = dump_read_kv(d, VA_AFTER - 20, buf, 40, "across 2M", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored(buf, VA_AFTER - 20, 40);
	/* a piece of the 2 MiB page that the dump does not hold */
	s = dump_read_kv(d, VA_2M + 0x4000, buf, 8, "THREAD", &err);
	ck_assert_ls_err(s, LS_ERR_NODATA, &err,
			 "reading THREAD at 0xfffff80000204000: page not in the dump");
	s = dump_translate(d, 0, VA_1G + OFF_1G, &pa, &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_uint_eq(pa, PA_1G + OFF_1G);
	s = dump_read_kv(d, VA_1G + OFF_1G, buf, 16, "in 1G", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored(buf, VA_1G + OFF_1G, 16);
	s = dump_read_kv(d, VA_1G, buf, 8, "start of 1G", &err);
	ck_assert_ls_err(s, LS_ERR_NODATA, &err, "page not in the dump");
	dump_destroy(d);
}
END_TEST

START_TEST(holes_and_unmapped_levels)
{
	static const struct {
		uint64_t va;
		enum ls_status code;
		const char *msg;
	} cases[] = {
		{ KBASE + 0x2008, LS_ERR_NODATA,
		  "reading OBJ at 0xfffff80000002008: page not in the dump" },
		{ VA_NO_PML4E, LS_ERR_INVALID,
		  "reading OBJ at 0xffff800000000000: PML4E not present" },
		{ VA_NO_PDPTE, LS_ERR_INVALID, "PDPTE not present" },
		{ VA_NO_PDE, LS_ERR_INVALID, "PDE not present" },
		{ VA_NO_PTE, LS_ERR_INVALID, "PTE not present" },
		{ VA_NOPT, LS_ERR_NODATA, "PT page 0x7000000 not in the dump" },
		{ UINT64_C(0x0000800000000000), LS_ERR_INVALID,
		  "reading OBJ at 0x800000000000: non-canonical address" },
		{ UINT64_C(0xfff0000000001000), LS_ERR_INVALID, "non-canonical address" },
	};
	struct ls_err err;
	struct dump *d = open_core(&err);
	uint8_t buf[16];
	uint64_t pa;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum ls_status s = dump_read_kv(d, cases[i].va, buf, 8, "OBJ", &err);

		ck_assert_ls_err(s, cases[i].code, &err, cases[i].msg);
		s = dump_translate(d, 0, cases[i].va, &pa, &err);
		if (cases[i].code == LS_ERR_INVALID)
			ck_assert_ls_err(s, cases[i].code, &err, "translating 0x");
	}
	/* page 1 reads, the hole after it does not: the error names the page */
	ck_assert_int_eq(dump_read_kv(d, KBASE + 0x1ff8, buf, 16, "LIST_ENTRY", &err),
			 LS_ERR_NODATA);
	ck_assert_ls_err(err.code, LS_ERR_NODATA, &err,
			 "reading LIST_ENTRY at 0xfffff80000001ff8 (page 0xfffff80000002000): "
			 "page not in the dump");
	dump_destroy(d);
}
END_TEST

START_TEST(kernel_space_needs_a_dtb)
{
	struct ls_err err;
	struct dump *d = NULL;
	uint8_t buf[8];
	enum ls_status s;

	ls_err_clear(&err);
	s = dump_open(core_path, &d, &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_uint_eq(dump_kernel_dtb(d), 0);
	s = dump_read_kv(d, KBASE, buf, 8, "KDBG", &err);
	ck_assert_ls_err(s, LS_ERR_INVALID, &err, "reading KDBG at 0xfffff80000000000: "
			 "kernel DTB not known yet");
	s = dump_set_kernel_dtb(d, 0x123, &err);
	ck_assert_ls_err(s, LS_ERR_INVALID, &err, "kernel DTB 0x123: not a page-table root");
	s = dump_set_kernel_dtb(d, PA_HOLE, &err);
	ck_assert_ls_err(s, LS_ERR_NODATA, &err, "kernel DTB 0x300000: page not in the dump");
	/* a process DTB works without a kernel one */
	s = dump_read_va(d, udtb, VA_USER, buf, 4, "PEB", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_mem_eq(buf, "user", 4);
	dump_destroy(d);
}
END_TEST

START_TEST(second_address_space)
{
	struct ls_err err;
	struct dump *d = open_core(&err);
	char buf[32];
	enum ls_status s;

	s = dump_read_va(d, udtb, VA_USER, buf, 11, "PEB", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(buf, "user space");
	/* the same address means another page in each space */
	s = dump_read_va(d, udtb | 0x2, KBASE, buf, 13, "view", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(buf, "process view");
	s = dump_read_va(d, 0, KBASE, buf, 8, "view", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored((uint8_t *)buf, KBASE, 8);
	s = dump_read_va(d, KDTB, KBASE, buf, 8, "view", &err);
	ck_assert_ls_ok(s, &err);
	assert_stored((uint8_t *)buf, KBASE, 8);
	/* the user page is not in the kernel space, nor kernel page 1 in the process */
	s = dump_read_kv(d, VA_USER, buf, 8, "PEB", &err);
	ck_assert_ls_err(s, LS_ERR_INVALID, &err, "reading PEB at 0x7ff000: PML4E not present");
	s = dump_read_va(d, udtb, KBASE + 0x1000, buf, 8, "THREAD", &err);
	ck_assert_ls_err(s, LS_ERR_INVALID, &err, "(dtb 0x");
	ck_assert_ls_err(s, LS_ERR_INVALID, &err, "PTE not present");
	dump_destroy(d);
}
END_TEST

/* libkdumpfile's own translation agrees once the DTB is set. */
START_TEST(libkdumpfile_kvaddr_agrees)
{
	static const uint64_t vas[] = { KBASE + 0xff0, VA_2M + 0x3100, VA_1G + OFF_1G };
	struct ls_err err;
	struct dump *d = open_core(&err);
	kdump_ctx_t *k = dump_kdump_ctx(d);

	for (size_t i = 0; i < 3; i++) {
		uint8_t ours[32], theirs[32];
		size_t n = sizeof(theirs);
		kdump_status ks;

		ck_assert_ls_ok(dump_read_kv(d, vas[i], ours, 32, "x", &err), &err);
		ks = kdump_read(k, KDUMP_KVADDR, vas[i], theirs, &n);
		ck_assert_msg(ks == KDUMP_OK, "kdump_read(KVADDR): %s", kdump_get_err(k));
		ck_assert_mem_eq(ours, theirs, 32);
	}
	dump_destroy(d);
}
END_TEST

/* --- strings ------------------------------------------------------------ */

START_TEST(strings)
{
	struct ls_err err;
	struct dump *d = open_core(&err);
	char out[64];
	enum ls_status s;

	s = dump_read_unicode_string(d, 0, VA_USTR, out, sizeof(out), "ImageName", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(out, "A\xe2\x82\xac\xf0\x9d\x84\x9ez");   /* A € 𝄞 z */
	/* truncated on a character boundary: "A€" fits in 5, 𝄞 does not */
	s = dump_read_unicode_string(d, 0, VA_USTR, out, 6, "ImageName", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(out, "A\xe2\x82\xac");
	s = dump_read_utf16(d, 0, VA_UBAD, 10, out, sizeof(out), "name", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(out, "\xef\xbf\xbdx\xef\xbf\xbdy\xef\xbf\xbd");
	s = dump_read_unicode_string(d, 0, VA_UODD, out, sizeof(out), "ObjectName", &err);
	ck_assert_ls_err(s, LS_ERR_CORRUPT, &err, "reading ObjectName at 0xfffff80000001110: "
			 "bad UNICODE_STRING (Length 7, MaximumLength 12)");
	s = dump_read_unicode_string(d, 0, VA_ULONG, out, sizeof(out), "ObjectName", &err);
	ck_assert_ls_err(s, LS_ERR_CORRUPT, &err, "Length 14, MaximumLength 12");

	s = dump_read_cstring(d, 0, VA_CROSS, 64, out, sizeof(out), "ImageFileName", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(out, "crossing");
	s = dump_read_cstring(d, 0, VA_TAIL, 64, out, sizeof(out), "comm", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(out, "tail-string");
	s = dump_read_cstring(d, 0, VA_TAIL, 4, out, sizeof(out), "comm", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(out, "tail");
	s = dump_read_cstring(d, 0, VA_TAIL, 64, out, 5, "comm", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(out, "tail");
	s = dump_read_cstring(d, 0, VA_RUNON, 64, out, sizeof(out), "comm", &err);
	ck_assert_ls_err(s, LS_ERR_NODATA, &err, "reading comm at 0xfffff80000001ffc "
			 "(page 0xfffff80000002000): page not in the dump");
	dump_destroy(d);
}
END_TEST

/* --- bad bytes ----------------------------------------------------------- */

/* Windows maps the PML4 into itself through one entry; walking that entry
 * four times lands on the PML4 page itself. */
START_TEST(self_map_entry)
{
	const uint64_t self = 0x1ed;
	const uint64_t va = 0xffff000000000000ull | self << 39 | self << 30 |
			    self << 21 | self << 12;
	struct mkcore *c = mkcore_new(0x1000);
	uint64_t dtb = mkcore_alloc_page(c), pml4e, got;
	struct ls_err err;
	struct dump *d = NULL;
	char dir[512], path[600];

	mkcore_map(c, dtb, KBASE, 0x100000, MKCORE_4K);
	mkcore_write_u64(c, dtb + self * 8, dtb | 0x63);
	pml4e = mkcore_read_u64(c, dtb + 496 * 8);
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/selfmap.core", dir);
	mkcore_save(c, path, false);
	mkcore_free(c);
	ls_err_clear(&err);
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	ck_assert_ls_ok(dump_set_kernel_dtb(d, dtb, &err), &err);
	ck_assert_ls_ok(dump_read_u64(d, 0, va + 496 * 8, &got, "PML4E", &err), &err);
	ck_assert_uint_eq(got, pml4e);
	dump_destroy(d);
}
END_TEST

/* Page tables of random bytes: every read ends in an answer, never a
 * crash or a hang, and never "corrupt" (a wild entry is just an address). */
START_TEST(random_page_tables)
{
	struct mkcore *c = mkcore_new(0x1000);
	uint64_t x = 0x9e3779b97f4a7c15ull, counts[8] = { 0 };
	struct ls_err err;
	struct dump *d = NULL;
	char dir[512], path[600], out[64];
	uint8_t buf[64];
	int i;

	/* 64 pages of noise at 0x1000.., entries pointing into them often */
	for (i = 0; i < 64 * 512; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		mkcore_write_u64(c, 0x1000 + (uint64_t)i * 8,
				 (i & 3) ? x : ((x & 0x3f000) + 0x1000) | (x & 0x1ff));
	}
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/noise.core", dir);
	mkcore_save(c, path, false);
	mkcore_free(c);
	ls_err_clear(&err);
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	ck_assert_ls_ok(dump_set_kernel_dtb(d, 0x1000, &err), &err);
	for (i = 0; i < 20000; i++) {
		uint64_t dtb = 0x1000 + (uint64_t)(i % 64) * 0x1000, va;
		enum ls_status s;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		va = (x & 0x8000000000000000ull) ? x | 0xffff800000000000ull
						 : x & 0x00007fffffffffffull;
		if (i % 3 == 0)
			s = dump_read_va(d, dtb, va, buf, sizeof(buf), "noise", &err);
		else if (i % 3 == 1)
			s = dump_read_unicode_string(d, dtb, va, out, sizeof(out), "noise", &err);
		else
			s = dump_read_cstring(d, dtb, va, 100, out, sizeof(out), "noise", &err);
		counts[s < 8 ? s : 7]++;
	}
	/* the noise maps some pages; strings may also be "corrupt" */
	ck_assert_uint_gt(counts[LS_OK], 0);
	ck_assert_uint_gt(counts[LS_ERR_INVALID], 0);
	ck_assert_uint_gt(counts[LS_ERR_NODATA], 0);
	ck_assert_uint_eq(counts[LS_OK] + counts[LS_ERR_INVALID] + counts[LS_ERR_NODATA] +
			  counts[LS_ERR_CORRUPT], 20000);
	dump_destroy(d);
}
END_TEST

START_TEST(other_elf_files_are_refused_truncated_cores_read_to_the_cut)
{
	struct ls_err err;
	struct dump *d = NULL;
	char dir[512], path[600], path2[600];
	const struct dump_info *info;
	uint64_t last, word;
	size_t r;
	int cut;
	uint8_t *data;
	FILE *f;
	long size;
	enum ls_status s;

	/* an executable is ELF, but not a core */
	ls_err_clear(&err);
	s = dump_open("/bin/sh", &d, &err);
	ck_assert_ls_err(s, LS_ERR_FORMAT, &err, "/bin/sh: not a dump libkdumpfile can read (ELF file");
	ck_assert_ls_err(s, LS_ERR_FORMAT, &err, ", not a core)");
	/* the test core less its last 100 bytes */
	f = fopen(core_path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = malloc((size_t)size);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(fread(data, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/short.core", dir);
	write_file(path, data, (size_t)size - 100);
	/* cut inside the program headers: not a dump at all */
	snprintf(path2, sizeof(path2), "%s/headers.core", dir);
	write_file(path2, data, 100);
	free(data);
	s = dump_open(path2, &d, &err);
	ck_assert_ls_err(s, LS_ERR_FORMAT, &err, "(truncated ELF core: ");
	/* cut in the data: readable up to the cut, the rest is not in the dump */
	ls_err_clear(&err);
	s = dump_open(path, &d, &err);
	ck_assert_ls_ok(s, &err);
	info = dump_info(d);
	ck_assert_uint_eq(info->truncated_at, (uint64_t)size - 100);
	ck_assert_ptr_nonnull(strstr(info->truncated_why, "truncated ELF core: PT_LOAD of physical 0x"));
	/* the page whose last bytes were cut reads as not in the dump */
	cut = 0;
	for (r = 0; r < info->nranges; r++)
		for (last = info->ranges[r].start + 4096 - 8;
		     last < info->ranges[r].start + info->ranges[r].size; last += 4096) {
			ls_err_clear(&err);
			if (dump_read_phys(d, last, &word, sizeof(word), "word", &err) != LS_OK) {
				ck_assert_ls_err(err.code, LS_ERR_NODATA, &err,
						 "past the end of the truncated dump");
				cut++;
			}
		}
	ck_assert_int_ge(cut, 1);
	ls_err_clear(&err);
	s = dump_read_phys(d, info->ranges[0].start, &word, sizeof(word), "first word", &err);
	ck_assert_ls_ok(s, &err);
	dump_destroy(d);
}
END_TEST

/* --- headers that libkdumpfile 0.5.1 mishandles (dump_check.h) --------- */

/* A tiny core (one page) with an optional VMCOREINFO note, saved to a new
 * file; returns its size. */
static long small_core(char *path, size_t len, const char *vmcoreinfo)
{
	struct mkcore *c = mkcore_new(0x1000);
	char dir[512];
	struct stat st;

	mkcore_write(c, 0x1000, "page", 4);
	if (vmcoreinfo)
		mkcore_add_note(c, "VMCOREINFO", 0, vmcoreinfo, strlen(vmcoreinfo));
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, len, "%s/small.core", dir);
	mkcore_save(c, path, false);
	mkcore_free(c);
	ck_assert_int_eq(stat(path, &st), 0);
	return (long)st.st_size;
}

static void patch(const char *path, long off, const void *bytes, size_t n)
{
	FILE *f = fopen(path, "r+b");

	ck_assert_ptr_nonnull(f);
	fseek(f, off, SEEK_SET);
	ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

static void assert_refused(const char *path, const char *why)
{
	struct ls_err err;
	struct dump *d = NULL;
	enum ls_status s;

	ls_err_clear(&err);
	s = dump_open(path, &d, &err);
	ck_assert_ls_err(s, LS_ERR_FORMAT, &err, "not a dump libkdumpfile can read (");
	ck_assert_ls_err(s, LS_ERR_FORMAT, &err, why);
	ck_assert_ptr_null(d);
}

START_TEST(vmcoreinfo_note)
{
	char path[600];
	struct ls_err err;
	struct dump *d = NULL;
	uint8_t buf[4];

	small_core(path, sizeof(path), "OSRELEASE=6.1.0\nPAGESIZE=4096\n");
	ls_err_clear(&err);
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	ck_assert_ls_ok(dump_read_phys(d, 0x1000, buf, 4, "page", &err), &err);
	ck_assert_mem_eq(buf, "page", 4);
	dump_destroy(d);
	/* a line starting with '.' crashes libkdumpfile 0.5.1's parser */
	small_core(path, sizeof(path), "OSRELEASE=6.1.0\n.FFSET(page.lru)=8\n");
	assert_refused(path, "VMCOREINFO line 2 starts with '.'");
}
END_TEST

START_TEST(bad_section_headers)
{
	const uint8_t shoff[8] = { 0x40 }, zero2[2] = { 0 }, size64[2] = { 64 };
	const uint8_t shnum[2] = { 0x23 }, huge[8] = { 0, 0, 0, 5 };
	char path[600];

	/* e_shoff set, e_shentsize 0 */
	small_core(path, sizeof(path), NULL);
	patch(path, 0x28, shoff, 8);
	assert_refused(path, "ELF section header size 0 too small");
	/* e_shnum set, e_shoff 0 */
	small_core(path, sizeof(path), NULL);
	patch(path, 0x3c, shnum, 2);
	assert_refused(path, "35 ELF section headers at offset 0");
	/* extended numbering: section 0 (the program headers here) claims
	 * 0x5000000 sections */
	small_core(path, sizeof(path), NULL);
	patch(path, 0x28, shoff, 8);
	patch(path, 0x3a, size64, 2);
	patch(path, 0x3c, zero2, 2);
	patch(path, 0x40 + 32, huge, 8);
	assert_refused(path, "truncated ELF core: 83886080 section headers");
}
END_TEST

START_TEST(bad_program_headers)
{
	const uint8_t far[8] = { 0, 0, 0, 0, 1 };
	char path[600];
	struct ls_err err;
	struct dump *d = NULL;

	/* an unknown e_machine and no VMCOREINFO: no page size */
	{
		const uint8_t machine[2] = { 0x3e, 0x81 };

		small_core(path, sizeof(path), NULL);
		patch(path, 18, machine, 2);
		assert_refused(path, "no page size: unknown architecture");
	}
	/* a PT_NOTE beyond the end of the file */
	small_core(path, sizeof(path), "OSRELEASE=6.1.0\n");
	patch(path, 64 + 8, far, 8);
	assert_refused(path, "truncated ELF core: PT_NOTE of");
	/* a PT_LOAD inside another: libkdumpfile's page map then answers
	 * "set" and "clear" at the same page; opens, no hang */
	{
		struct mkcore *c = mkcore_new(0x1000);
		const uint8_t paddr[8] = { 0, 0x30, 0x01 };
		uint64_t pa;

		for (pa = 0x10000; pa < 0x1c000; pa += 0x1000)
			mkcore_write(c, pa, "one", 3);
		mkcore_write(c, 0x50000, "two", 3);
		mkcore_save(c, path, false);
		mkcore_free(c);
		patch(path, 64 + 56 + 24, paddr, 8);   /* 0x50000 -> 0x13000 */
	}
	ls_err_clear(&err);
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	ck_assert(dump_phys_present(d, 0x13000));
	ck_assert_uint_eq(dump_info(d)->ranges[0].start, 0x10000);
	dump_destroy(d);
}
END_TEST

/* A diskdump header whose sub-header points at VMCOREINFO text: checked
 * before libkdumpfile parses it. */
START_TEST(diskdump_vmcoreinfo)
{
	static uint8_t file[3 * 4096];
	const char *text = "OSRELEASE=6.1.0\n.bad=1\n";
	char dir[512], path[600];

	memset(file, 0, sizeof(file));
	memcpy(file, "KDUMP   ", 8);
	file[8] = 6;                                   /* header_version */
	file[428 + 1] = 0x10;                          /* block_size 4096 */
	file[4096 + 32 + 1] = 0x20;                    /* offset_vmcoreinfo 0x2000 */
	file[4096 + 40] = (uint8_t)strlen(text);       /* size_vmcoreinfo */
	memcpy(file + 0x2000, text, strlen(text));
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/fake.kdump", dir);
	write_file(path, file, sizeof(file));
	assert_refused(path, "VMCOREINFO line 2 starts with '.'");
	file[4096 + 32 + 2] = 0x10;                    /* offset beyond the end */
	write_file(path, file, sizeof(file));
	assert_refused(path, "truncated diskdump: VMCOREINFO of");
	/* header fields 0.5.1 allocates by before reading anything */
	file[4096 + 32 + 2] = 0;
	file[436 + 1] = 0x10;                          /* 4096 bitmap blocks */
	write_file(path, file, sizeof(file));
	assert_refused(path, "truncated diskdump: 4096 bitmap blocks");
	file[436 + 1] = 0;
	file[460 + 3] = 0x65;                          /* nr_cpus */
	write_file(path, file, sizeof(file));
	assert_refused(path, "diskdump header claims 1694498816 CPUs");
	write_file(path, file, 460);
	assert_refused(path, "truncated diskdump header: 460 bytes");
}
END_TEST

/* Inputs that crashed, hung or exhausted libkdumpfile 0.5.1 (kept from
 * mutation and tests/fuzz/fuzz_dump.c runs): each is refused up front. */
START_TEST(fuzz_regressions_are_refused)
{
	const char *dir = "tests/fuzz/corpus-regress/dump";
	struct dirent *e;
	DIR *dp = opendir(dir);
	int n = 0;

	ck_assert_msg(dp != NULL, "cannot open %s (run from the source tree)", dir);
	while ((e = readdir(dp)) != NULL) {
		char path[600];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_refused(path, "");
		n++;
	}
	closedir(dp);
	ck_assert_int_ge(n, 7);
}
END_TEST

/* --- leakscope --info, end to end --------------------------------------- */

START_TEST(info_command_prints_ranges)
{
	char *argv[] = { (char *)test_leakscope_bin(), core_path, "--info", NULL };
	char *out = NULL, *err = NULL;
	int rc = test_run(argv, &out, &err);

	ck_assert_msg(rc == 0, "leakscope --info exit %d: %s", rc, err);
	ck_assert_ptr_nonnull(strstr(out, "format:        elf\n"));
	ck_assert_ptr_nonnull(strstr(out, "architecture:  x86_64\n"));
	/* the tables and the first pages the test stored */
	ck_assert_ptr_nonnull(strstr(out, "  0x000000005000-0x000000007000  8 KiB\n"));
	ck_assert_ptr_nonnull(strstr(out, "  0x000000008000-0x00000000a000  8 KiB\n"));
	ck_assert_ptr_nonnull(strstr(out, "  0x000000010000-0x"));
	ck_assert_ptr_nonnull(strstr(out, "  0x000000200000-0x000000201000  4 KiB\n"));
	ck_assert_ptr_nonnull(strstr(out, "  0x000052345000-0x000052346000  4 KiB\n"));
	free(out);
	free(err);
}
END_TEST

START_TEST(info_command_refuses_text)
{
	char *argv[] = { (char *)test_leakscope_bin(), text_path, "--info", NULL };
	char *out = NULL, *err = NULL;
	int rc = test_run(argv, &out, &err);

	ck_assert_int_eq(rc, 1);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "not a dump libkdumpfile can read"));
	ck_assert_ptr_nonnull(strstr(err, text_path));
	ck_assert_ptr_eq(strchr(err, '\n'), err + strlen(err) - 1);   /* one line */
	free(out);
	free(err);
}
END_TEST

/* --- the real Linux dump in ../shared ----------------------------------- */

static uint64_t vmcoreinfo_value(const char *shared, const char *key, int base)
{
	char path[512], line[256];
	uint64_t v = 0;
	size_t klen = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "%s/linux/vmcoreinfo.txt", shared);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, klen) == 0 && line[klen] == '=')
			v = base == 10 ? (uint64_t)strtoll(line + klen + 1, NULL, 10)
				       : strtoull(line + klen + 1, NULL, 16);
	fclose(f);
	ck_assert_msg(v != 0, "%s not in %s", key, path);
	return v;
}

/* What ../shared/linux/README.md says of both files: the same 65,600
 * pages in two ranges, and init_uts_ns reads "Linux" / "6.1.0-56-amd64"
 * through the kernel page tables (init_top_pgt - __START_KERNEL_map +
 * phys_base). */
static void check_linux_dump(const char *shared, const char *path,
			     const char *format)
{
	uint64_t top = vmcoreinfo_value(shared, "SYMBOL(init_top_pgt)", 16);
	uint64_t phys_base = vmcoreinfo_value(shared, "NUMBER(phys_base)", 10);
	uint64_t uts = vmcoreinfo_value(shared, "SYMBOL(init_uts_ns)", 16);
	const struct dump_info *i;
	struct dump *d = NULL;
	struct ls_err err;
	char name[66];
	uint8_t page[4096];
	enum ls_status s;

	ls_err_clear(&err);
	s = dump_open(path, &d, &err);
	ck_assert_ls_ok(s, &err);
	i = dump_info(d);
	ck_assert_str_eq(i->format, format);
	ck_assert_str_eq(i->arch, "x86_64");
	ck_assert_uint_eq(i->page_size, 4096);
	ck_assert_uint_eq(i->nranges, 2);
	ck_assert_uint_eq(i->ranges[0].start, 0);
	ck_assert_uint_eq(i->ranges[0].size, 0x10000000);
	ck_assert_uint_eq(i->ranges[1].start, 0xfffc0000);
	ck_assert_uint_eq(i->phys_end, 0x100000000);
	ck_assert_uint_eq(i->phys_bytes, 65600ull * 4096);
	s = dump_read_phys(d, 0x1000000, page, sizeof(page), "page", &err);
	ck_assert_ls_ok(s, &err);
	/* README: the ELF's libkdumpfile returns a zero page here; not us */
	ck_assert(!dump_phys_present(d, 0xfffbf000));
	s = dump_read_phys(d, 0xfffbf000, page, 8, "page", &err);
	ck_assert_ls_err(s, LS_ERR_NODATA, &err, "page not in the dump");

	s = dump_set_kernel_dtb(d, top - UINT64_C(0xffffffff80000000) + phys_base, &err);
	ck_assert_ls_ok(s, &err);
	s = dump_read_cstring(d, 0, uts, 65, name, sizeof(name), "sysname", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(name, "Linux");
	s = dump_read_cstring(d, 0, uts + 2 * 65, 65, name, sizeof(name), "release", &err);
	ck_assert_ls_ok(s, &err);
	ck_assert_str_eq(name, "6.1.0-56-amd64");
	dump_destroy(d);
}

START_TEST(linux_kdump)
{
	const char *shared = test_shared_dir("the Linux vmcore.kdump");
	char path[512];

	if (!shared)
		return;
	snprintf(path, sizeof(path), "%s/linux/vmcore.kdump", shared);
	check_linux_dump(shared, path, "diskdump");
}
END_TEST

START_TEST(linux_kdump_info_command)
{
	const char *shared = test_shared_dir("the Linux vmcore.kdump");
	char path[512];
	char *argv[] = { (char *)test_leakscope_bin(), path, "--info", NULL };
	char *out = NULL, *err = NULL;
	int rc;

	if (!shared)
		return;
	snprintf(path, sizeof(path), "%s/linux/vmcore.kdump", shared);
	rc = test_run(argv, &out, &err);
	ck_assert_msg(rc == 0, "leakscope --info exit %d: %s", rc, err);
	ck_assert_ptr_nonnull(strstr(out, "format:        diskdump\n"));
	ck_assert_ptr_nonnull(strstr(out, "architecture:  x86_64\n"));
	ck_assert_ptr_nonnull(strstr(out, "physical:      268697600 bytes in 2 ranges"));
	ck_assert_ptr_nonnull(strstr(out, "  0x000000000000-0x000010000000  262144 KiB\n"));
	ck_assert_ptr_nonnull(strstr(out, "  0x0000fffc0000-0x000100000000  256 KiB\n"));
	free(out);
	free(err);
}
END_TEST

/* The ELF copy is unpacked into build/ (never beside the data); NULL
 * (with a message) if that fails. */
static const char *linux_elf_path(const char *shared, char *path, size_t len)
{
	char cmd[1600];
	struct stat st;

	snprintf(path, len, "%s/vmcore.elf", test_build_dir());
	if (stat(path, &st) == 0 && st.st_size == 268702907)
		return path;
	snprintf(cmd, sizeof(cmd), "xz -dc '%s/linux/vmcore.elf.xz' > '%s.tmp' && "
		 "mv '%s.tmp' '%s'", shared, path, path, path);
	if (system(cmd) != 0) {
		printf("skipped: cannot unpack %s/linux/vmcore.elf.xz\n", shared);
		return NULL;
	}
	return path;
}

START_TEST(linux_elf)
{
	const char *shared = test_shared_dir("the Linux vmcore.elf.xz");
	char path[512];

	if (!shared || !linux_elf_path(shared, path, sizeof(path)))
		return;
	check_linux_dump(shared, path, "elf");
}
END_TEST

/* README: "the two files have the same 65,600 pages, byte for byte".
 * Pages spread over both ranges, read twice (the second time from the
 * compressed file's page cache), must agree. */
START_TEST(linux_kdump_and_elf_agree)
{
	const char *shared = test_shared_dir("the Linux dumps");
	char kpath[512], epath[512];
	static uint8_t a[4096], b[4096];
	struct dump *k = NULL, *e = NULL;
	struct ls_err err;
	size_t bad = 0, pass, i;

	if (!shared || !linux_elf_path(shared, epath, sizeof(epath)))
		return;
	snprintf(kpath, sizeof(kpath), "%s/linux/vmcore.kdump", shared);
	ls_err_clear(&err);
	ck_assert_ls_ok(dump_open(kpath, &k, &err), &err);
	ck_assert_ls_ok(dump_open(epath, &e, &err), &err);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < 600; i++) {
			/* every 109th page of RAM, then the BIOS ROM */
			uint64_t pa = i < 600 - 64 ? (i * 109 % 65536) << 12
						   : 0xfffc0000 + ((i % 64) << 12);

			if (dump_read_phys(k, pa + 8, a, 4088, "page", &err) != LS_OK ||
			    dump_read_phys(e, pa + 8, b, 4088, "page", &err) != LS_OK ||
			    memcmp(a, b, 4088) != 0)
				bad++;
		}
	}
	ck_assert_msg(bad == 0, "%zu pages differ or fail: %s", bad, err.msg);
	dump_destroy(k);
	dump_destroy(e);
}
END_TEST

/* --- costs (LEAKSCOPE_BENCH=1) ------------------------------------------ */

static double ns_since(const struct timespec *t0, unsigned n)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((double)(t1.tv_sec - t0->tv_sec) * 1e9 +
		(double)(t1.tv_nsec - t0->tv_nsec)) / n;
}

/* The same on the real compressed dump: kernel text read twice, so the
 * second pass shows the page cache. */
static void linux_bench(void)
{
	const char *shared = test_shared_dir("Linux dump read costs");
	const uint64_t text = UINT64_C(0xffffffffb3200000), span = 16 << 20;
	static uint8_t buf[8192];
	char path[512];
	struct ls_err err;
	struct dump *d = NULL;
	struct timespec t0;
	double first = 0, second = 0, page = 0;
	size_t bad = 0;

	if (!shared)
		return;
	snprintf(path, sizeof(path), "%s/linux/vmcore.kdump", shared);
	ls_err_clear(&err);
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	ck_assert_ls_ok(dump_set_kernel_dtb(d, vmcoreinfo_value(shared, "SYMBOL(init_top_pgt)", 16) -
					    UINT64_C(0xffffffff80000000) +
					    vmcoreinfo_value(shared, "NUMBER(phys_base)", 10), &err), &err);
	for (int pass = 0; pass < 2; pass++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (uint64_t off = 0; off < span; off += 64)
			bad += dump_read_kv(d, text + off, buf, 8, "b", &err) != LS_OK;
		*(pass ? &second : &first) = ns_since(&t0, (unsigned)(span / 64));
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t off = 0; off < span; off += 4096)
		bad += dump_read_kv(d, text + off, buf, 4096, "b", &err) != LS_OK;
	page = ns_since(&t0, (unsigned)(span / 4096));
	printf("dump read costs (vmcore.kdump): kernel-virtual 8 B %.0f ns first pass over "
	       "16 MiB, %.0f ns second pass, 4 KiB cached %.0f ns\n", first, second, page);
	ck_assert_uint_eq(bad, 0);
	dump_destroy(d);
}

START_TEST(bench)
{
	enum { N = 1000000 };
	struct ls_err err;
	struct dump *d;
	kdump_ctx_t *k;
	struct timespec t0;
	uint8_t buf[4096];
	uint64_t sum = 0;
	double kv8, kv4k, va8, phys8, walk8, kd8;
	size_t n, bad = 0;

	if (!getenv("LEAKSCOPE_BENCH")) {
		printf("skipped: dump read costs (set LEAKSCOPE_BENCH=1)\n");
		return;
	}
	d = open_core(&err);
	k = dump_kdump_ctx(d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < N; i++) {
		bad += dump_read_kv(d, KBASE + (i * 8 & 0x1ff8), buf, 8, "b", &err) != LS_OK;
		sum += buf[0];
	}
	kv8 = ns_since(&t0, N);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < N / 10; i++)
		bad += dump_read_kv(d, KBASE + (i & 1) * 4096, buf, 4096, "b", &err) != LS_OK;
	kv4k = ns_since(&t0, N / 10);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < N; i++)
		bad += dump_read_va(d, (i & 1) ? udtb : KDTB, (i & 1) ? VA_USER : KBASE,
				    buf, 8, "b", &err) != LS_OK;
	va8 = ns_since(&t0, N);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < N; i++)
		bad += dump_read_phys(d, PA_P0 + (i * 8 & 0xff8), buf, 8, "b", &err) != LS_OK;
	phys8 = ns_since(&t0, N);
	/* a translation-cache miss on (nearly) every call: 256 Ki distinct
	 * pages of the 1 GiB mapping, more than the cache holds */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < N / 10; i++) {
		uint64_t pa;
		bad += dump_translate(d, 0, VA_1G + ((uint64_t)i << 12 & 0x3fffffff),
				      &pa, &err) != LS_OK;
	}
	walk8 = ns_since(&t0, N / 10);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < N; i++) {
		n = 8;
		bad += kdump_read(k, KDUMP_KVADDR, KBASE + (i * 8 & 0x1ff8), buf, &n) != KDUMP_OK;
	}
	kd8 = ns_since(&t0, N);
	printf("dump read costs (test core): kernel-virtual 8 B %.0f ns, 4 KiB %.0f ns, "
	       "two DTBs alternating 8 B %.0f ns, physical 8 B %.0f ns, "
	       "uncached walk %.0f ns, kdump_read(KVADDR) 8 B %.0f ns (sum %" PRIu64 ")\n",
	       kv8, kv4k, va8, phys8, walk8, kd8, sum);
	linux_bench();
	/* no assertion inside the loops: Check writes to a pipe on each */
	ck_assert_uint_eq(bad, 0);
	/* loose bounds: a lost translation cache or a per-byte path shows */
	ck_assert_double_lt(kv8, 1000);
	ck_assert_double_lt(kv4k, 20000);
	dump_destroy(d);
}
END_TEST

static Suite *dump_suite(void)
{
	Suite *s = suite_create("dump");
	TCase *tc = tcase_create("core");
	TCase *tl = tcase_create("linux");

	tcase_add_unchecked_fixture(tc, build_cores, free_cores);
	tcase_add_test(tc, info_describes_the_core);
	tcase_add_test(tc, non_dump_files_are_refused);
	tcase_add_test(tc, physical_reads_and_holes);
	tcase_add_test(tc, kernel_reads_cross_pages);
	tcase_add_test(tc, large_pages);
	tcase_add_test(tc, holes_and_unmapped_levels);
	tcase_add_test(tc, kernel_space_needs_a_dtb);
	tcase_add_test(tc, second_address_space);
	tcase_add_test(tc, libkdumpfile_kvaddr_agrees);
	tcase_add_test(tc, strings);
	tcase_add_test(tc, self_map_entry);
	tcase_add_test(tc, random_page_tables);
	tcase_add_test(tc, other_elf_files_are_refused_truncated_cores_read_to_the_cut);
	tcase_add_test(tc, vmcoreinfo_note);
	tcase_add_test(tc, bad_section_headers);
	tcase_add_test(tc, bad_program_headers);
	tcase_add_test(tc, diskdump_vmcoreinfo);
	tcase_add_test(tc, fuzz_regressions_are_refused);
	tcase_add_test(tc, info_command_prints_ranges);
	tcase_add_test(tc, info_command_refuses_text);
	tcase_add_test(tc, bench);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tcase_add_test(tl, linux_kdump);
	tcase_add_test(tl, linux_kdump_info_command);
	tcase_add_test(tl, linux_elf);
	tcase_add_test(tl, linux_kdump_and_elf_agree);
	tcase_set_timeout(tl, 120);
	suite_add_tcase(s, tl);
	return s;
}
LS_SUITE(dump_suite)
