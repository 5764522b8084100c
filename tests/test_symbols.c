/* tests/test_symbols.c — symbolization (exact, +offset, module only,
 * unknown, process modules), module and name lookups, symbol files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/query.h"
#include "../model/symbols.h"
#include "testutil.h"

#define DRV  0xfffff80412340000ull
#define NT   0xfffff80400000000ull
#define DLL  0x7ff800000000ull

struct fx {
	struct model *m;
	uint32_t app, other;
};

static uint32_t module(struct model *m, const char *name, uint64_t base,
		       uint64_t size, uint32_t p)
{
	struct ls_module md = { .name = name, .base = base, .size = size, .process = p };
	return model_add_module(m, &md);
}

static void symbol(struct model *m, uint32_t mod, const char *name, uint64_t addr)
{
	struct ls_symbol s = { .module = mod, .name = name, .addr = addr };
	model_add_symbol(m, &s);
}

static void fx_build(struct fx *f, bool finish)
{
	struct model *m = model_create();
	struct ls_process pr = { .pid = 700, .addr = 0x1000, .name = "MyApp.exe" };
	struct ls_err err;
	uint32_t drv, nt, dll;

	f->m = m;
	f->app = model_add_process(m, &pr);
	pr.pid = 800;
	pr.addr = 0x2000;
	pr.name = "other.exe";
	f->other = model_add_process(m, &pr);
	drv = module(m, "mydriver.sys", DRV, 0x10000, LS_NONE);
	nt = module(m, "ntoskrnl.exe", NT, 0x1000000, LS_NONE);
	dll = module(m, "MyDLL.dll", DLL, 0x20000, f->app);
	symbol(m, drv, "StatusWaitThread", DRV + 0x1128);
	symbol(m, drv, "DriverEntry", DRV + 0x2000);
	symbol(m, nt, "KiExitDispatcher", NT + 0x5000);
	symbol(m, dll, "GetProcHandle", DLL + 0x1100);
	if (finish)
		ck_assert_ls_ok(model_finish(m, &err), &err);
}

static const char *sym(struct model *m, uint64_t addr, uint32_t p)
{
	static char buf[128];
	return model_symbolize(m, addr, p, buf, sizeof(buf));
}

START_TEST(symbolize_exact_offset_module_and_unknown)
{
	struct fx f;

	fx_build(&f, true);
	ck_assert_str_eq(sym(f.m, DRV + 0x1128, LS_NONE), "mydriver!StatusWaitThread");
	ck_assert_str_eq(sym(f.m, DRV + 0x1148, LS_NONE), "mydriver!StatusWaitThread+0x20");
	ck_assert_str_eq(sym(f.m, DRV + 0x1000, LS_NONE), "mydriver+0x1000");
	ck_assert_str_eq(sym(f.m, DRV + 0x2004, LS_NONE), "mydriver!DriverEntry+0x4");
	ck_assert_str_eq(sym(f.m, NT + 0x5130, LS_NONE), "nt!KiExitDispatcher+0x130");
	ck_assert_str_eq(sym(f.m, 0xfffff80412345678ull + 0x100000, LS_NONE),
			 "0xfffff80412445678");
	/* just past the driver's end */
	ck_assert_str_eq(sym(f.m, DRV + 0x10000, LS_NONE), "0xfffff80412350000");
	model_destroy(f.m);
}
END_TEST

START_TEST(process_modules_only_for_their_process)
{
	struct fx f;

	fx_build(&f, true);
	ck_assert_str_eq(sym(f.m, DLL + 0x1100, f.app), "MyDLL!GetProcHandle");
	ck_assert_str_eq(sym(f.m, DLL + 0x1105, f.app), "MyDLL!GetProcHandle+0x5");
	ck_assert_str_eq(sym(f.m, DLL + 0x1100, f.other), "0x7ff800001100");
	ck_assert_str_eq(sym(f.m, DLL + 0x1100, LS_NONE), "0x7ff800001100");
	/* kernel addresses symbolize whatever the process */
	ck_assert_str_eq(sym(f.m, DRV + 0x1128, f.app), "mydriver!StatusWaitThread");
	ck_assert_uint_eq(model_module_at(f.m, DLL + 5, f.other), LS_NONE);
	ck_assert_str_eq(f.m->modules[model_module_at(f.m, DLL + 5, f.app)].name, "MyDLL.dll");
	ck_assert_str_eq(f.m->modules[model_module_at(f.m, NT + 5, f.app)].name, "ntoskrnl.exe");
	model_destroy(f.m);
}
END_TEST

START_TEST(small_buffers_are_truncated_not_overrun)
{
	struct fx f;
	char buf[10];

	fx_build(&f, true);
	memset(buf, 'Z', sizeof(buf));
	model_symbolize(f.m, DRV + 0x1128, LS_NONE, buf, 9);
	ck_assert_str_eq(buf, "mydriver");
	ck_assert_int_eq(buf[9], 'Z');
	model_destroy(f.m);
}
END_TEST

START_TEST(symbols_are_found_by_name)
{
	struct fx f;
	uint32_t s;

	fx_build(&f, true);
	s = model_symbol_by_name(f.m, "mydriver!StatusWaitThread");
	ck_assert_uint_ne(s, LS_NONE);
	ck_assert_uint_eq(f.m->symbols[s].addr, DRV + 0x1128);
	ck_assert_uint_eq(model_symbol_by_name(f.m, "StatusWaitThread"), s);
	ck_assert_uint_eq(model_symbol_by_name(f.m, "mydriver.sys!StatusWaitThread"), s);
	s = model_symbol_by_name(f.m, "nt!KiExitDispatcher");
	ck_assert_uint_eq(f.m->symbols[s].addr, NT + 0x5000);
	ck_assert_uint_eq(model_symbol_by_name(f.m, "ntoskrnl!KiExitDispatcher"), s);
	ck_assert_uint_eq(model_symbol_by_name(f.m, "MyDLL!StatusWaitThread"), LS_NONE);
	ck_assert_uint_eq(model_symbol_by_name(f.m, "NoSuchThing"), LS_NONE);
	model_destroy(f.m);
}
END_TEST

static const char *write_file(const char *text, char *path, size_t len)
{
	char dir[512];
	FILE *fp;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, len, "%s/syms.txt", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static bool has_warning(const struct model *m, const char *a, const char *b)
{
	for (uint32_t i = 0; i < m->nwarnings; i++)
		if (strstr(m->warnings[i], a) && strstr(m->warnings[i], b))
			return true;
	return false;
}

START_TEST(symfile_after_finish_adds_symbols_and_warns_on_bad_lines)
{
	struct fx f;
	struct ls_err err;
	char path[600], where[700];

	fx_build(&f, true);
	write_file("# my symbols\n"
		   "mydriver!StatusWorker 0xfffff80412341800\n"
		   "\n"
		   "fffff80412343000 T LeakyCleanup\n"
		   "nt!KiSwapThread fffff804`00006000\n"
		   "MyDLL!OpenEverything 0x7ff800002000\n"
		   "garbage line here with words\n"
		   "mydriver!Bad 0xZZZ\n"
		   "otherdrv!Elsewhere 0xfffff80412341000\n"
		   "ffffffff81000000 T _stext\n",
		   path, sizeof(path));
	ck_assert_ls_ok(model_load_symfile(f.m, path, &err), &err);
	ck_assert_str_eq(sym(f.m, DRV + 0x1810, LS_NONE), "mydriver!StatusWorker+0x10");
	ck_assert_str_eq(sym(f.m, DRV + 0x1128, LS_NONE), "mydriver!StatusWaitThread");
	ck_assert_str_eq(sym(f.m, DRV + 0x3000, LS_NONE), "mydriver!LeakyCleanup");
	ck_assert_str_eq(sym(f.m, NT + 0x6001, LS_NONE), "nt!KiSwapThread+0x1");
	ck_assert_str_eq(sym(f.m, DLL + 0x2000, f.app), "MyDLL!OpenEverything");
	ck_assert_uint_ne(model_symbol_by_name(f.m, "mydriver!LeakyCleanup"), LS_NONE);
	snprintf(where, sizeof(where), "%s:7:", path);
	ck_assert_msg(has_warning(f.m, where, "too many fields"), "no warning for line 7");
	snprintf(where, sizeof(where), "%s:8:", path);
	ck_assert_msg(has_warning(f.m, where, "bad address"), "no warning for line 8");
	snprintf(where, sizeof(where), "%s:9:", path);
	ck_assert_msg(has_warning(f.m, where, "otherdrv"), "no warning for line 9");
	ck_assert_uint_eq(f.m->nwarnings, 3);
	/* an nm line outside every module is a symbol of no module */
	ck_assert_str_eq(sym(f.m, 0xffffffff81000000ull, LS_NONE), "0xffffffff81000000");
	model_destroy(f.m);
}
END_TEST

START_TEST(symfile_before_finish_is_sorted_by_finish)
{
	struct fx f;
	struct ls_err err;
	char path[600];

	fx_build(&f, false);
	write_file("mydriver!Early 0xfffff80412340100\n", path, sizeof(path));
	ck_assert_ls_ok(model_load_symfile(f.m, path, &err), &err);
	ck_assert_ls_ok(model_finish(f.m, &err), &err);
	ck_assert_str_eq(sym(f.m, DRV + 0x108, LS_NONE), "mydriver!Early+0x8");
	ck_assert_str_eq(sym(f.m, DRV + 0x1128, LS_NONE), "mydriver!StatusWaitThread");
	model_destroy(f.m);
}
END_TEST

START_TEST(symfile_refreshes_cached_thread_labels)
{
	struct fx f;
	struct ls_err err;
	struct ls_thread t = { .addr = 0x5000, .pid = 4, .tid = 8, .object = LS_NONE,
			       .start = DRV + 0x1810 };
	struct ls_groups g;
	char path[600];

	f.m = NULL;
	fx_build(&f, false);
	t.process = f.app;
	model_add_thread(f.m, &t);
	ck_assert_ls_ok(model_finish(f.m, &err), &err);
	g = model_threads_by_start(f.m);
	ck_assert_str_eq(g.groups[0].label, "mydriver!StatusWaitThread+0x6e8");
	write_file("mydriver!StatusWorker 0xfffff80412341800\n", path, sizeof(path));
	ck_assert_ls_ok(model_load_symfile(f.m, path, &err), &err);
	g = model_threads_by_start(f.m);
	ck_assert_str_eq(g.groups[0].label, "mydriver!StatusWorker+0x10");
	model_destroy(f.m);
}
END_TEST

START_TEST(symfile_missing_is_an_error)
{
	struct fx f;
	struct ls_err err;
	enum ls_status st;

	fx_build(&f, true);
	st = model_load_symfile(f.m, "/nonexistent/syms.txt", &err);
	ck_assert_ls_err(st, LS_ERR_SYSTEM, &err, "/nonexistent/syms.txt");
	model_destroy(f.m);
}
END_TEST

START_TEST(free_symbols_symbolize_between_neighbours)
{
	struct model *m = model_create();
	struct ls_err err;

	symbol(m, LS_NONE, "_stext", 0xffffffff81000000ull);
	symbol(m, LS_NONE, "schedule", 0xffffffff81a00000ull);
	symbol(m, LS_NONE, "_etext", 0xffffffff82000000ull);
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert_str_eq(sym(m, 0xffffffff81a00010ull, LS_NONE), "schedule+0x10");
	ck_assert_str_eq(sym(m, 0xffffffff81000000ull, LS_NONE), "_stext");
	/* past the last symbol: unknown */
	ck_assert_str_eq(sym(m, 0xffffffff82000010ull, LS_NONE), "0xffffffff82000010");
	model_destroy(m);
}
END_TEST

START_TEST(symfile_survives_long_lines_and_junk)
{
	struct fx f;
	struct ls_err err;
	char path[600], where[700];
	static char text[8192];
	FILE *fp;

	fx_build(&f, true);
	memset(text, 'A', 5000);
	strcpy(text + 5000, "\nmydriver!AfterLong 0xfffff80412340200\n");
	write_file(text, path, sizeof(path));
	/* binary junk, NULs and a lone "!" appended */
	fp = fopen(path, "a");
	ck_assert_ptr_nonnull(fp);
	static const char junk[] = "\x01\xff!\0junk 0x1\n! 0x5\n \t \n0x 0x\n";
	fwrite(junk, 1, sizeof(junk) - 1, fp);
	fclose(fp);
	ck_assert_ls_ok(model_load_symfile(f.m, path, &err), &err);
	snprintf(where, sizeof(where), "%s:1:", path);
	ck_assert_msg(has_warning(f.m, where, "too long"), "no warning for the long line");
	ck_assert_str_eq(sym(f.m, DRV + 0x200, LS_NONE), "mydriver!AfterLong");
	ck_assert_uint_ge(f.m->nwarnings, 3);
	model_destroy(f.m);
}
END_TEST

static Suite *symbols_suite(void)
{
	Suite *s = suite_create("symbols");
	TCase *tc = tcase_create("symbolize");

	tcase_add_test(tc, symbolize_exact_offset_module_and_unknown);
	tcase_add_test(tc, process_modules_only_for_their_process);
	tcase_add_test(tc, small_buffers_are_truncated_not_overrun);
	tcase_add_test(tc, symbols_are_found_by_name);
	tcase_add_test(tc, symfile_after_finish_adds_symbols_and_warns_on_bad_lines);
	tcase_add_test(tc, symfile_before_finish_is_sorted_by_finish);
	tcase_add_test(tc, symfile_refreshes_cached_thread_labels);
	tcase_add_test(tc, symfile_missing_is_an_error);
	tcase_add_test(tc, free_symbols_symbolize_between_neighbours);
	tcase_add_test(tc, symfile_survives_long_lines_and_junk);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(symbols_suite)
