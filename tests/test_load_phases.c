/* tests/test_load_phases.c — loading in two phases (model_load_begin, then
 * model_load_rest, as the TUI does) gives the same model as one
 * model_load call; the first phase alone holds what the first screen shows
 * and says that threads and handles are still loading; the TUI, handed the
 * first phase, draws the complete model once it has read the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/dump.h"
#include "../model/load.h"
#include "../model/tree.h"
#include "../model/triage.h"
#include "../tui/tui.h"
#include "../views/format.h"
#include "testutil.h"

static const char *const scenarios[] = {
	"thread-handle-leak", "process-handle-leak", "directory-handle-leak", "healthy",
};

static struct model *load_whole(struct dump *d)
{
	struct model *m = NULL;
	struct ls_err err;

	ck_assert_ls_ok(model_load(d, NULL, &m, &err), &err);
	ck_assert(!m->loading);
	return m;
}

static void check_same_triage(struct model *a, struct model *b)
{
	struct triage *ta = calloc(1, sizeof(*ta)), *tb = calloc(1, sizeof(*tb));
	struct ls_err err;

	ck_assert_ptr_nonnull(ta);
	ck_assert_ptr_nonnull(tb);
	ck_assert_ls_ok(triage_run(a, ta, &err), &err);
	ck_assert_ls_ok(triage_run(b, tb, &err), &err);
	ck_assert_int_eq(ta->verdict.kind, tb->verdict.kind);
	ck_assert_uint_eq(ta->verdict.count, tb->verdict.count);
	ck_assert_uint_eq(ta->verdict.objects, tb->verdict.objects);
	ck_assert_uint_eq(ta->verdict.address, tb->verdict.address);
	if (ta->verdict.process == LS_NONE) {
		ck_assert_uint_eq(tb->verdict.process, LS_NONE);
	} else {
		ck_assert_uint_ne(tb->verdict.process, LS_NONE);
		ck_assert_uint_eq(a->processes[ta->verdict.process].pid,
				  b->processes[tb->verdict.process].pid);
	}
	free(ta);
	free(tb);
}

START_TEST(begin_rest_equals_one_call)
{
	const char *name = scenarios[_i];
	struct load_pending *lp = NULL;
	struct model *whole, *m = NULL;
	struct dump *d;
	struct ls_err err;
	char path[512];
	uint32_t i, first_processes;

	if (!test_fixture(name, path, sizeof(path)))
		return;
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	whole = load_whole(d);
	ck_assert_uint_gt(whole->nthreads, 0);
	ck_assert_uint_gt(whole->nhandles, 0);

	ck_assert_ls_ok(model_load_begin(d, NULL, &m, &lp, &err), &err);
	ck_assert_ptr_nonnull(lp);
	/* phase one: what the Summary, Pool and Processes views show */
	ck_assert(m->loading);
	ck_assert(m->finished);
	ck_assert_str_eq(m->facts.build, whole->facts.build);
	ck_assert_uint_eq(m->npooltags, whole->npooltags);
	ck_assert_uint_eq(m->ntypes, whole->ntypes);
	ck_assert_int_eq(m->mem.nonpaged_used.valid, whole->mem.nonpaged_used.valid);
	ck_assert_uint_eq(m->mem.nonpaged_used.value, whole->mem.nonpaged_used.value);
	ck_assert_uint_eq(m->mem.physical_pages.value, whole->mem.physical_pages.value);
	ck_assert_uint_gt(m->nprocesses, 0);
	ck_assert_uint_le(m->nprocesses, whole->nprocesses);
	for (i = 0; i < m->npooltags; i++) {
		ck_assert_uint_eq(m->pooltags[i].tag, whole->pooltags[i].tag);
		ck_assert_uint_eq(m->pooltags[i].np_bytes, whole->pooltags[i].np_bytes);
	}
	/* phase two is not read yet */
	ck_assert_uint_eq(m->nthreads, 0);
	ck_assert_uint_eq(m->nhandles, 0);
	first_processes = m->nprocesses;

	ck_assert_ls_ok(model_load_rest(m, lp, &err), &err);
	ck_assert(!m->loading);
	ck_assert(m->finished);
	ck_assert_uint_ge(m->nprocesses, first_processes);
	ck_assert_uint_eq(m->nprocesses, whole->nprocesses);
	ck_assert_uint_eq(m->nthreads, whole->nthreads);
	ck_assert_uint_eq(m->nhandles, whole->nhandles);
	ck_assert_uint_eq(m->nobjects, whole->nobjects);
	ck_assert_uint_eq(m->nmodules, whole->nmodules);
	ck_assert_uint_eq(m->ntraces, whole->ntraces);
	ck_assert_uint_eq(m->nwarnings, whole->nwarnings);
	for (i = 0; i < m->nprocesses; i++) {
		ck_assert_uint_eq(m->processes[i].pid, whole->processes[i].pid);
		ck_assert_uint_eq(m->processes[i].nthreads, whole->processes[i].nthreads);
		ck_assert_uint_eq(m->processes[i].nhandles, whole->processes[i].nhandles);
	}
	check_same_triage(whole, m);
	model_destroy(m);
	model_destroy(whole);
	dump_destroy(d);
}
END_TEST

/* Giving up after phase one frees everything (checked under ASan). */
START_TEST(begin_then_drop)
{
	struct load_pending *lp = NULL;
	struct model *m = NULL;
	struct dump *d;
	struct ls_err err;
	char path[512];

	if (!test_fixture("thread-handle-leak", path, sizeof(path)))
		return;
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	ck_assert_ls_ok(model_load_begin(d, NULL, &m, &lp, &err), &err);
	model_load_drop(lp);
	model_destroy(m);
	dump_destroy(d);
}
END_TEST

/* The TUI handed phase one reads the rest before the first key: the
 * Summary's counts and the Processes view's thread column are the whole
 * model's, not "loading". */
START_TEST(tui_reads_the_rest)
{
	struct tui_options o = { .key_script = "<dump>3<dump>", .monochrome = 1, .headless = 1 };
	struct model *whole, *m = NULL;
	struct dump *d;
	struct ls_err err;
	char path[512], dir[512], screen[600], want[64], *text;
	uint32_t i, best = 0;
	FILE *fp;
	long len;

	if (!test_fixture("thread-handle-leak", path, sizeof(path)))
		return;
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	whole = load_whole(d);
	for (i = 0; i < whole->nprocesses; i++)
		if (whole->processes[i].nthreads > whole->processes[best].nthreads)
			best = i;
	ck_assert_ls_ok(model_load_begin(d, NULL, &m, &o.pending, &err), &err);
	o.dump_path = path;
	test_tmpdir(dir, sizeof(dir));
	snprintf(screen, sizeof(screen), "%s/phases-screen.txt", dir);
	unlink(screen);
	setenv("LEAKSCOPE_SCREEN", screen, 1);
	setenv("TERM", "xterm", 1);
	setenv("LINES", "40", 1);
	setenv("COLUMNS", "120", 1);
	ck_assert_int_eq(tui_run(m, &o), 0);
	ck_assert(!m->loading);
	ck_assert_uint_eq(m->nthreads, whole->nthreads);
	fp = fopen(screen, "r");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	text = calloc(1, (size_t)len + 1);
	ck_assert_int_eq(fread(text, 1, (size_t)len, fp), len);
	fclose(fp);
	ck_assert_msg(!strstr(text, "loading"), "still loading:\n%s", text);
	/* the Summary's thread count, and the thread count of the process
	 * with the most threads on the Processes screen */
	fmt_count(whole->nthreads, want, sizeof(want));
	ck_assert_msg(strstr(text, want), "no %s threads on the Summary:\n%s", want, text);
	fmt_count(whole->processes[best].nthreads, want, sizeof(want));
	ck_assert_msg(strstr(text, want), "no thread count %s on the Processes screen:\n%s",
		      want, text);
	free(text);
	unsetenv("LEAKSCOPE_SCREEN");
	model_destroy(m);
	model_destroy(whole);
	dump_destroy(d);
}
END_TEST

static Suite *load_phases_suite(void)
{
	Suite *s = suite_create("load_phases");
	TCase *tc = tcase_create("phases");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, begin_rest_equals_one_call, 0,
			    (int)(sizeof(scenarios) / sizeof(scenarios[0])));
	tcase_add_test(tc, begin_then_drop);
	tcase_add_test(tc, tui_reads_the_rest);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(load_phases_suite)
