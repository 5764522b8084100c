/* tests/test_linux_units.c — the Linux reader's parts that need no dump:
 * BTF layout resolution (on a BTF built here with libbpf, and on the real
 * kernel BTF when ../shared is present), field extraction, System.map and
 * VMCOREINFO parsing, and their errors on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../model/linux/ksyms.h"
#include "../model/linux/layout.h"
#include "testutil.h"

/* A tiny BTF: task_struct with "state" (the pre-5.14 name) and pid inside
 * an anonymous union, slab with counters bitfields; everything else of
 * the lists is missing. */
static struct btf *tiny_btf(void)
{
	struct btf *b = btf__new_empty();
	int i32, u32, un, ts, sl;

	ck_assert_ptr_nonnull(b);
	i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	u32 = btf__add_int(b, "unsigned int", 4, 0);
	un = btf__add_union(b, NULL, 4);
	ck_assert_int_ge(btf__add_field(b, "pid", i32, 0, 0), 0);
	ts = btf__add_struct(b, "task_struct", 16);
	ck_assert_int_ge(btf__add_field(b, "state", u32, 0, 0), 0);
	ck_assert_int_ge(btf__add_field(b, NULL, un, 64, 0), 0);
	sl = btf__add_struct(b, "slab", 48);
	ck_assert_int_ge(btf__add_field(b, "inuse", u32, 320, 16), 0);
	ck_assert_int_ge(btf__add_field(b, "objects", u32, 336, 15), 0);
	ck_assert_int_ge(btf__add_field(b, "frozen", u32, 351, 1), 0);
	(void)ts;
	(void)sl;
	return b;
}

START_TEST(test_layout_missing_names_reported)
{
	struct btf *b = tiny_btf();
	struct lx_layout *l = malloc(sizeof(*l));
	struct ls_err err = { 0 };

	ck_assert_ptr_nonnull(l);
	ck_assert_ls_err(lx_layout_resolve(b, l, &err), LS_ERR_FORMAT, &err,
			 "task_struct.tasks");
	ck_assert_msg(strstr(err.msg, "BTF lacks"), "%s", err.msg);
	/* what is there resolved anyway: the alternative name, a member of
	 * an anonymous union, bitfields */
	ck_assert_int_eq(l->task_state.off, 0);
	ck_assert_int_eq(l->task_pid.off, 8);
	ck_assert_int_eq(l->slab_inuse.off, 40);
	ck_assert_uint_eq(l->slab_inuse.bit_size, 16);
	ck_assert_int_eq(l->slab_objects.off, 42);
	ck_assert_uint_eq(l->slab_objects.bit_size, 15);
	ck_assert_int_eq(l->slab_frozen.off, 43);
	ck_assert_uint_eq(l->slab_frozen.bit_off, 7);
	/* an optional field that is absent */
	ck_assert_int_eq(l->task_kthread.off, -1);
	free(l);
	btf__free(b);
}
END_TEST

/* An older/newer kernel's shapes: no struct slab (SLUB fields in struct
 * page, before 5.17), module.mem[] instead of core_layout (6.4+). */
START_TEST(test_layout_alternative_paths)
{
	struct btf *b = btf__new_empty();
	struct lx_layout *l = malloc(sizeof(*l));
	struct ls_err err = { 0 };
	int u32, u64, ptr, ml, arr;

	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(l);
	u32 = btf__add_int(b, "unsigned int", 4, 0);
	u64 = btf__add_int(b, "long unsigned int", 8, 0);
	ptr = btf__add_ptr(b, u64);
	btf__add_struct(b, "page", 64);
	btf__add_field(b, "flags", u64, 0, 0);
	btf__add_field(b, "inuse", u32, 320, 16);
	btf__add_field(b, "objects", u32, 336, 15);
	ml = btf__add_struct(b, "module_memory", 16);
	btf__add_field(b, "base", ptr, 0, 0);
	btf__add_field(b, "size", u32, 64, 0);
	arr = btf__add_array(b, u32, ml, 7);
	btf__add_struct(b, "module", 256);
	btf__add_field(b, "mem", arr, 1024, 0);

	ck_assert_int_ne(lx_layout_resolve(b, l, &err), LS_OK);
	ck_assert_int_eq(l->slab_inuse.off, 40);
	ck_assert_uint_eq(l->slab_inuse.bit_size, 16);
	ck_assert_int_eq(l->slab_objects.off, 42);
	ck_assert_int_eq(l->module_core_base.off, 128);   /* mem[0].base */
	ck_assert_int_eq(l->module_core_size.off, 136);
	/* slab fields are optional: the error names only what tasks and
	 * files need */
	ck_assert_msg(!strstr(err.msg, "kmem_cache"), "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "task_struct.pid"), "%s", err.msg);
	free(l);
	btf__free(b);
}
END_TEST

START_TEST(test_get_bitfields)
{
	/* counters = inuse 5, objects 5, frozen 1: 0x8005_0005 at offset 40 */
	uint8_t buf[48] = { 0 };
	struct btf *b = tiny_btf();
	struct lx_layout *l = malloc(sizeof(*l));

	ck_assert_ptr_nonnull(l);
	lx_layout_resolve(b, l, NULL);
	buf[40] = 5;
	buf[42] = 5;
	buf[43] = 0x80;
	ck_assert_uint_eq(lx_get(buf, sizeof(buf), &l->slab_inuse), 5);
	ck_assert_uint_eq(lx_get(buf, sizeof(buf), &l->slab_objects), 5);
	ck_assert_uint_eq(lx_get(buf, sizeof(buf), &l->slab_frozen), 1);
	/* beyond the buffer, absent fields: 0, not a read past the end */
	ck_assert_uint_eq(lx_get(buf, 40, &l->slab_inuse), 0);
	ck_assert_uint_eq(lx_get(buf, sizeof(buf), &l->task_kthread), 0);
	free(l);
	btf__free(b);
}
END_TEST

START_TEST(test_layout_real_btf)
{
	const char *shared = test_shared_dir("the kernel BTF is in ../shared/linux");
	struct lx_layout *l = malloc(sizeof(*l));
	struct ls_err err = { 0 };
	struct btf *b = NULL;
	char path[512];

	ck_assert_ptr_nonnull(l);
	if (!shared) {
		free(l);
		return;
	}
	snprintf(path, sizeof(path), "%s/linux/btf-vmlinux-6.1.0-56-amd64", shared);
	ck_assert_ls_ok(lx_btf_from_file(path, &b, &err), &err);
	ck_assert_ls_ok(lx_layout_resolve(b, l, &err), &err);
	/* 6.1 names: __state, kthread via worker_private, struct slab */
	ck_assert_int_ge(l->task_state.off, 0);
	ck_assert_int_ge(l->task_kthread.off, 0);
	ck_assert_int_ge(l->cache_random.off, 0);   /* FREELIST_HARDENED */
	ck_assert_int_eq(l->size.elf64_sym, 24);
	ck_assert_int_eq(l->size.page, 64);          /* VMCOREINFO SIZE(page) */
	ck_assert_uint_le(l->task_read_len, (uint32_t)l->size.task_struct);
	ck_assert_int_eq(l->enums.nr_free_pages, 0);
	lx_btf_free(b);
	free(l);
}
END_TEST

static const char *write_tmp(const char *name, const char *text, char *buf,
			     size_t len)
{
	char dir[512];
	FILE *f;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(buf, len, "%s/%s", dir, name);
	f = fopen(buf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return buf;
}

START_TEST(test_btf_file_errors)
{
	struct ls_err err = { 0 };
	struct btf *b = NULL;
	char path[600];

	write_tmp("notbtf", "this is not BTF\n", path, sizeof(path));
	ck_assert_ls_err(lx_btf_from_file(path, &b, &err), LS_ERR_FORMAT, &err,
			 "not raw BTF");
	ck_assert_ls_err(lx_btf_from_buf("xx", 2, &b, &err), LS_ERR_FORMAT, &err,
			 "BTF");
}
END_TEST

START_TEST(test_system_map)
{
	struct lx_ksyms k;
	struct ls_err err = { 0 };
	char path[600];

	write_tmp("System.map",
		  "0000000000000000 A __per_cpu_start\n"
		  "ffffffff81000000 T _text\n"
		  "ffffffff812a2c70 t kswapd\n"
		  "ffffffff82a1aa40 D init_task\n"
		  "garbage line\n",
		  path, sizeof(path));
	ck_assert_ls_ok(lx_ksyms_load_map(path, 0x32200000, &k, &err), &err);
	ck_assert_uint_eq(lx_ksym(&k, "_text"), 0xffffffffb3200000ull);
	ck_assert_uint_eq(lx_ksym(&k, "init_task"), 0xffffffffb4c1aa40ull);
	/* absolute symbols are not moved by KASLR */
	ck_assert_uint_eq(lx_ksym(&k, "__per_cpu_start"), 0);
	ck_assert_uint_eq(lx_ksym(&k, "no_such_symbol"), 0);
	lx_ksyms_free(&k);

	write_tmp("bad.map", "hello\nworld\n", path, sizeof(path));
	ck_assert_ls_err(lx_ksyms_load_map(path, 0, &k, &err), LS_ERR_FORMAT, &err,
			 "not a System.map");
	ck_assert_ls_err(lx_ksyms_load_map("/nonexistent/System.map", 0, &k, &err),
			 LS_ERR_SYSTEM, &err, "/nonexistent/System.map");
}
END_TEST

START_TEST(test_vmcoreinfo_lines)
{
	char text[] = "OSRELEASE=6.1.0-56-amd64\n"
		      "SYMBOL(init_uts_ns)=ffffffffb4dfb000\n"
		      "NUMBER(phys_base)=-744488960\n"
		      "KERNELOFFSET=32200000\n";
	struct lx_vmcoreinfo v = { .text = text };
	struct lx_ksyms k;
	uint64_t n;
	char s[32];

	ck_assert(lx_vmci_str(&v, "OSRELEASE", s, sizeof(s)));
	ck_assert_str_eq(s, "6.1.0-56-amd64");
	ck_assert(lx_vmci_num(&v, "KERNELOFFSET", 16, &n));
	ck_assert_uint_eq(n, 0x32200000);
	/* phys_base is printed signed: 0xffffffffd3a00000 */
	ck_assert(lx_vmci_num(&v, "NUMBER(phys_base)", 10, &n));
	ck_assert_uint_eq(n, 0xffffffffd3a00000ull);
	ck_assert(!lx_vmci_num(&v, "NUMBER(missing)", 10, &n));
	ck_assert_ls_ok(lx_ksyms_from_vmcoreinfo(&v, &k, NULL), (&(struct ls_err){ 0 }));
	ck_assert_uint_eq(lx_ksym(&k, "init_uts_ns"), 0xffffffffb4dfb000ull);
	lx_ksyms_free(&k);
}
END_TEST

static Suite *linux_units_suite(void)
{
	Suite *s = suite_create("linux_units");
	TCase *tc = tcase_create("units");

	tcase_add_test(tc, test_layout_missing_names_reported);
	tcase_add_test(tc, test_layout_alternative_paths);
	tcase_add_test(tc, test_get_bitfields);
	tcase_add_test(tc, test_layout_real_btf);
	tcase_add_test(tc, test_btf_file_errors);
	tcase_add_test(tc, test_system_map);
	tcase_add_test(tc, test_vmcoreinfo_lines);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(linux_units_suite)
