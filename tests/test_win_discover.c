/* tests/test_win_discover.c — Windows discovery on small hand-made cores:
 * the DTB by its self-map entry, the kernel base by its RSDS record, the
 * profile by GUID+age, the facts; the messages when there is no Windows
 * kernel or no profile for its GUID; a cyclic process list that must end
 * with a warning. The cores are built with tests/mkcore.c from the
 * built-in profile's layout, so every expected value is known here. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/dump.h"
#include "../model/load.h"
#include "../model/profile.h"
#include "../model/tree.h"
#include "../model/win/layout.h"
#include "mkcore.h"
#include "testutil.h"

#define TABLES    UINT64_C(0x1a0000)              /* in the usual DTB window */
#define SELF_IDX  0x1b7
#define KB        UINT64_C(0xfffff80412a00000)     /* 2 MiB aligned */
#define KUSD      UINT64_C(0xfffff78000000000)
#define E1        UINT64_C(0xffffa00000100000)
#define E2        UINT64_C(0xffffa00000200000)
#define DATA_PA   UINT64_C(0x800000)               /* bump allocator for pages */

/* 06564D3477822C7D97F04852CBD5AFD6 as a GUID structure */
static const uint8_t win10_guid[16] = {
	0x34, 0x4d, 0x56, 0x06, 0x82, 0x77, 0x7d, 0x2c,
	0x97, 0xf0, 0x48, 0x52, 0xcb, 0xd5, 0xaf, 0xd6,
};

struct world {
	struct mkcore *c;
	uint64_t dtb, next_pa;
	struct win_layout L;
};

static void ensure_mapped(struct world *w, uint64_t va, size_t len)
{
	uint64_t page;

	for (page = va & ~(MKCORE_4K - 1); page < va + len; page += MKCORE_4K)
		if (!mkcore_entry_pa(w->c, w->dtb, page, 3) ||
		    !(mkcore_read_u64(w->c, mkcore_entry_pa(w->c, w->dtb, page, 3)) & 1)) {
			mkcore_map(w->c, w->dtb, page, w->next_pa, MKCORE_4K);
			mkcore_page(w->c, w->next_pa);
			w->next_pa += MKCORE_4K;
		}
}

static void wr(struct world *w, uint64_t va, const void *buf, size_t len)
{
	ensure_mapped(w, va, len);
	mkcore_write_va(w->c, w->dtb, va, buf, len);
}

static void wr64(struct world *w, uint64_t va, uint64_t v)
{
	wr(w, va, &v, 8);   /* little-endian test host */
}

static void wr32(struct world *w, uint64_t va, uint32_t v)
{
	wr(w, va, &v, 4);
}

static void wr16(struct world *w, uint64_t va, uint16_t v)
{
	wr(w, va, &v, 2);
}

static uint64_t sym(const struct world *w, int64_t rva)
{
	return KB + (uint64_t)rva;
}

/* MZ/PE32+ header, a debug directory and the RSDS record. */
static void put_kernel_image(struct world *w, const uint8_t guid[16])
{
	const uint32_t lfanew = 0x80, opt = lfanew + 24;
	uint8_t rsds[24 + 13];

	wr16(w, KB, 0x5a4d);                          /* "MZ" */
	wr32(w, KB + 0x3c, lfanew);
	wr32(w, KB + lfanew, 0x00004550);             /* "PE\0\0" */
	wr16(w, KB + lfanew + 4, 0x8664);
	wr16(w, KB + opt, 0x20b);
	wr32(w, KB + opt + 56, 0x1000000);            /* SizeOfImage */
	wr32(w, KB + opt + 108, 16);                  /* NumberOfRvaAndSizes */
	wr32(w, KB + opt + 112 + 6 * 8, 0x1000);      /* debug directory */
	wr32(w, KB + opt + 116 + 6 * 8, 28);
	wr32(w, KB + 0x1000 + 12, 2);                 /* IMAGE_DEBUG_TYPE_CODEVIEW */
	wr32(w, KB + 0x1000 + 16, sizeof(rsds));
	wr32(w, KB + 0x1000 + 20, 0x2000);
	memcpy(rsds, "RSDS", 4);
	memcpy(rsds + 4, guid, 16);
	rsds[20] = 1;
	rsds[21] = rsds[22] = rsds[23] = 0;
	memcpy(rsds + 24, "ntkrnlmp.pdb", 13);
	wr(w, KB + 0x2000, rsds, sizeof(rsds));
}

static void put_process(struct world *w, uint64_t e, uint64_t pid, const char *name,
			uint64_t flink, uint64_t blink)
{
	const struct win_layout *L = &w->L;
	uint64_t links = e + (uint64_t)L->eproc_links.offset;

	wr64(w, e + (uint64_t)L->eproc_pid.offset, pid);
	wr(w, e + (uint64_t)L->eproc_image_name.offset, name, strlen(name) + 1);
	wr64(w, links + (uint64_t)L->list_flink.offset, flink);
	wr64(w, links + (uint64_t)L->list_blink.offset, blink);
	wr64(w, e + (uint64_t)L->kproc_dtb.offset, w->dtb);
	/* empty thread lists: heads pointing at themselves */
	wr64(w, e + (uint64_t)L->eproc_thread_list.offset, e + (uint64_t)L->eproc_thread_list.offset);
	wr64(w, e + (uint64_t)L->kproc_thread_list.offset, e + (uint64_t)L->kproc_thread_list.offset);
}

/* A core holding a kernel the reader can discover; self_map false leaves
 * out the PML4's self-map entry. */
static void make_core(const char *path, bool self_map, const uint8_t guid[16])
{
	struct world w;
	struct ls_err err;
	const struct win_layout *L = &w.L;
	uint64_t head;

	ck_assert_ls_ok(win_layout_resolve(profile_builtin(), &w.L, &err), &err);
	w.c = mkcore_new(TABLES);
	w.dtb = mkcore_alloc_page(w.c);
	w.next_pa = DATA_PA;
	if (self_map)
		mkcore_write_u64(w.c, w.dtb + SELF_IDX * 8, w.dtb | 0x63);

	/* KUSER_SHARED_DATA: build 19041, 2 CPUs */
	wr32(&w, KUSD + (uint64_t)L->kusd_build_number.offset, 0xF0000000u | 19041);
	wr32(&w, KUSD + (uint64_t)L->kusd_major.offset, 10);
	wr32(&w, KUSD + (uint64_t)L->kusd_minor.offset, 0);
	wr32(&w, KUSD + (uint64_t)L->kusd_product_type.offset, 1);
	wr32(&w, KUSD + (uint64_t)L->kusd_cpu_count.offset, 2);
	wr32(&w, KUSD + (uint64_t)L->kusd_tick_multiplier.offset, 0x0fa00000);

	put_kernel_image(&w, guid);
	wr64(&w, sym(&w, L->sym.PsNtosImageBase), KB);
	wr64(&w, sym(&w, L->sym.KdVersionBlock) + (uint64_t)L->kdv_kern_base.offset, KB);
	wr32(&w, sym(&w, L->sym.ExpFreeListCount), 2);

	/* PsActiveProcessHead -> E1 -> E2 -> E1 (a cycle that skips the head) */
	head = sym(&w, L->sym.PsActiveProcessHead);
	wr64(&w, head + (uint64_t)L->list_flink.offset, E1 + (uint64_t)L->eproc_links.offset);
	wr64(&w, head + (uint64_t)L->list_blink.offset, E2 + (uint64_t)L->eproc_links.offset);
	put_process(&w, E1, 4, "System", E2 + (uint64_t)L->eproc_links.offset, head);
	put_process(&w, E2, 100, "cyclic.exe", E1 + (uint64_t)L->eproc_links.offset,
		    E1 + (uint64_t)L->eproc_links.offset);

	mkcore_save(w.c, path, false);
	mkcore_free(w.c);
}

static enum ls_status load(const char *path, const struct load_options *o,
			   struct model **m, struct ls_err *err)
{
	struct dump *d;
	enum ls_status st;

	ck_assert_ls_ok(dump_open(path, &d, err), err);
	st = model_load(d, o, m, err);
	dump_destroy(d);
	return st;
}

static bool has_warning(const struct model *m, const char *sub)
{
	uint32_t i;

	for (i = 0; i < m->nwarnings; i++)
		if (strstr(m->warnings[i], sub))
			return true;
	return false;
}

START_TEST(finds_dtb_kernel_and_profile)
{
	char dir[512], path[600];
	struct model *m = NULL;
	struct ls_err err;

	test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/win-discover.core", dir);
	make_core(path, true, win10_guid);
	ck_assert_ls_ok(load(path, NULL, &m, &err), &err);
	ck_assert_int_eq(m->facts.os, LS_OS_WINDOWS);
	ck_assert_uint_eq(m->facts.dtb, TABLES);
	ck_assert_uint_eq(m->facts.kernel_base, KB);
	ck_assert_str_eq(m->facts.pdb_guid, "06564D3477822C7D97F04852CBD5AFD6");
	ck_assert_uint_eq(m->facts.pdb_age, 1);
	ck_assert_str_eq(m->facts.build, "Windows 10 x64 10.0.19041");
	ck_assert_str_eq(m->facts.profile, profile_name(profile_builtin()));
	ck_assert_uint_eq(m->facts.cpus, 2);
	ck_assert_uint_eq(m->facts.tick_multiplier, 0x0fa00000);
	/* both processes of the cyclic list, then a warning, not a hang */
	ck_assert_uint_eq(m->nprocesses, 2);
	ck_assert_uint_ne(model_process_by_pid(m, 4), LS_NONE);
	ck_assert_str_eq(m->processes[model_process_by_pid(m, 100)].name, "cyclic.exe");
	ck_assert_msg(has_warning(m, "cycle"), "no warning about the process list cycle");
	model_destroy(m);
}
END_TEST

START_TEST(overrides_skip_discovery)
{
	char dir[512], path[600];
	struct load_options o = { .dtb = TABLES, .kernel_base = KB };
	struct model *m = NULL;
	struct ls_err err;

	test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/win-noself.core", dir);
	/* no self-map: only --dtb makes it readable */
	make_core(path, false, win10_guid);
	ck_assert_ls_ok(load(path, &o, &m, &err), &err);
	ck_assert_uint_eq(m->facts.kernel_base, KB);
	ck_assert_str_eq(m->facts.pdb_guid, "06564D3477822C7D97F04852CBD5AFD6");
	model_destroy(m);
}
END_TEST

START_TEST(no_self_map_is_not_windows)
{
	char dir[512], path[600];
	struct model *m = NULL;
	struct ls_err err;

	test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/win-noself.core", dir);
	make_core(path, false, win10_guid);
	ck_assert_ls_err(load(path, NULL, &m, &err), LS_ERR_FORMAT, &err,
			 "no Windows kernel found");
	ck_assert_ptr_null(m);
}
END_TEST

START_TEST(unknown_guid_names_it)
{
	static const uint8_t other[16] = {
		0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,
		1, 2, 3, 4, 5, 6, 7, 8,
	};
	char dir[512], path[600];
	struct model *m = NULL;
	struct ls_err err;

	test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/win-otherguid.core", dir);
	make_core(path, true, other);
	ck_assert_ls_err(load(path, NULL, &m, &err), LS_ERR_NOTFOUND, &err,
			 "no profile for ntkrnlmp.pdb GUID 123456789ABCDEF00102030405060708 "
			 "age 1: pass --symbols with its ISF");
	ck_assert_ptr_null(m);
}
END_TEST

static Suite *win_discover_suite(void)
{
	Suite *s = suite_create("win_discover");
	TCase *tc = tcase_create("discover");

	tcase_add_test(tc, finds_dtb_kernel_and_profile);
	tcase_add_test(tc, overrides_skip_discovery);
	tcase_add_test(tc, no_self_map_is_not_windows);
	tcase_add_test(tc, unknown_guid_names_it);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(win_discover_suite)
