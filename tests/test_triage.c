/* tests/test_triage.c — the triage chain on hand-built models: each leak
 * case names its culprit from counts alone, the healthy model names none. */
#include <stdlib.h>
#include <string.h>

#include "../model/triage.h"
#include "../views/cmd.h"
#include "../views/cmd_triage.h"
#include "test_cmd_model.h"
#include "testutil.h"

static struct triage *run(struct model *m)
{
	struct triage *t = malloc(sizeof(*t));
	struct ls_err err;

	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(t);
	ck_assert_ls_ok(triage_run(m, t, &err), &err);
	return t;
}

START_TEST(thread_leak_names_the_driver)
{
	struct model *m = tm_thread_leak();
	struct triage *t = run(m);
	char buf[1024];
	uint32_t i;
	bool ie_outlier = false;

	/* step 1: 65244 / 65503 pages, 184 failures */
	ck_assert_int_eq(t->level[TRIAGE_STEP_POOL], TRIAGE_ALERT);
	ck_assert(t->pool.np_near);
	ck_assert_uint_eq(t->pool.np_permille, 996);
	ck_assert_uint_eq(t->pool.failed_allocs.value, 184);
	ck_assert_int_eq(t->pool.pressured, 0);
	/* step 2: Thre first, most bytes and allocations, linked to Thread */
	ck_assert_uint_ge(t->ntags, 2);
	ck_assert_str_eq(m->pooltags[t->tags[0].pooltag].name, "Thre");
	ck_assert_uint_eq(t->tags[0].outstanding, 309082);
	ck_assert(t->tags[0].most_bytes && t->tags[0].most_allocs);
	ck_assert_str_eq(m->types[t->tags[0].type].name, "Thread");
	/* step 3: iexplore.exe is the outlier holder of Thread handles */
	for (i = 0; i < t->nholders; i++)
		if (t->holders[i].outlier &&
		    strcmp(m->processes[t->holders[i].process].name, "iexplore.exe") == 0) {
			ie_outlier = true;
			ck_assert_uint_eq(t->holders[i].handles, TM_LEAKED);
		}
	ck_assert(ie_outlier);
	/* step 4: the StatusWaitThread group comes first */
	ck_assert_uint_ge(t->nthreads, 1);
	ck_assert_uint_eq(t->threads[0].start, TM_STATUS_WAIT);
	ck_assert_uint_eq(t->threads[0].terminated_held, TM_LEAKED);
	ck_assert_str_eq(m->processes[t->threads[0].owner].name, "System");
	ck_assert_str_eq(m->processes[t->threads[0].holder].name, "iexplore.exe");
	ck_assert_str_eq(m->modules[t->threads[0].module].name, "mydriver.sys");
	/* step 5: no traces */
	ck_assert_int_eq(t->level[TRIAGE_STEP_TRACES], TRIAGE_NODATA);
	/* step 6 */
	ck_assert_int_eq(t->verdict.kind, TRIAGE_THREAD_START);
	ck_assert_str_eq(m->modules[t->verdict.module].name, "mydriver.sys");
	ck_assert(t->verdict.pool_pressure);
	ck_assert_str_eq(triage_suspect_text(m, t, buf, sizeof(buf)),
			 "mydriver.sys (StatusWaitThread)");
	triage_verdict_text(m, t, buf, sizeof(buf));
	ck_assert_msg(strstr(buf, "60 terminated threads") && strstr(buf, "iexplore.exe") &&
		      strstr(buf, "mydriver!StatusWaitThread"), "verdict: %s", buf);
	free(t);
	model_destroy(m);
}
END_TEST

START_TEST(process_leak_names_app_and_stack)
{
	struct model *m = tm_process_leak();
	struct triage *t = run(m);
	char buf[1024];

	ck_assert_int_eq(t->level[TRIAGE_STEP_POOL], TRIAGE_OK);
	ck_assert_uint_eq(t->ntargets, 1);
	ck_assert_str_eq(m->processes[t->targets[0].target].name, "child.exe");
	ck_assert(t->targets[0].target_exited);
	ck_assert_uint_eq(t->targets[0].holder_handles, TM_APP_HANDLES);
	ck_assert_int_eq(t->verdict.kind, TRIAGE_OBJECT_HOLDER);
	ck_assert_str_eq(m->processes[t->verdict.process].name, "MyApp.exe");
	ck_assert_uint_eq(t->verdict.count, TM_APP_HANDLES);
	/* step 5: every leaked handle was opened from GetProcHandle */
	ck_assert_uint_eq(t->traced_processes, 1);
	ck_assert_uint_ge(t->nstacks, 1);
	ck_assert_uint_eq(t->stacks[0].count, TM_APP_HANDLES);
	ck_assert_int_eq(t->stacks[0].suspect_frame, 2);
	ck_assert_str_eq(m->modules[t->stacks[0].suspect_module].name, "MyDLL.dll");
	ck_assert_uint_eq(t->verdict.address, TM_GETPROC);
	ck_assert_str_eq(triage_suspect_text(m, t, buf, sizeof(buf)),
			 "MyApp.exe (stack MyDLL!GetProcHandle+0x20)");
	triage_verdict_text(m, t, buf, sizeof(buf));
	ck_assert_msg(strstr(buf, "70 handles to one Process object") && strstr(buf, "child.exe"),
		      "verdict: %s", buf);
	free(t);
	model_destroy(m);
}
END_TEST

START_TEST(directory_leak_names_system)
{
	struct model *m = tm_directory_leak();
	struct triage *t = run(m);
	char buf[1024];

	ck_assert_int_eq(t->verdict.kind, TRIAGE_NAMED_OBJECTS);
	ck_assert_str_eq(m->processes[t->verdict.process].name, "System");
	ck_assert_str_eq(t->verdict.name, "WindowStations");
	ck_assert_str_eq(m->types[t->verdict.type].name, "Directory");
	ck_assert_uint_eq(t->verdict.count, TM_DIRS);
	ck_assert_uint_ge(t->nnames, 1);
	ck_assert_uint_eq(t->names[0].directories, TM_DIRS);
	ck_assert_str_eq(triage_suspect_text(m, t, buf, sizeof(buf)),
			 "System (WindowStations Directory objects)");
	free(t);
	model_destroy(m);
}
END_TEST

START_TEST(healthy_has_no_leak)
{
	struct model *m = tm_healthy();
	struct triage *t = run(m);
	char buf[1024];

	ck_assert_int_eq(t->verdict.kind, TRIAGE_NO_LEAK);
	ck_assert_int_eq(t->level[TRIAGE_STEP_POOL], TRIAGE_OK);
	ck_assert_int_eq(t->level[TRIAGE_STEP_VERDICT], TRIAGE_OK);
	ck_assert_str_eq(triage_suspect_text(m, t, buf, sizeof(buf)), "no leak found");
	ck_assert(strncmp(triage_verdict_text(m, t, buf, sizeof(buf)), "no leak found", 13) == 0);
	free(t);
	model_destroy(m);
}
END_TEST

START_TEST(type_pressure_names_the_hoarder)
{
	struct model *m = tm_type_pressure();
	struct triage *t = run(m);

	ck_assert_int_eq(t->pool.pressured, 0);
	ck_assert_int_eq(t->verdict.kind, TRIAGE_TYPE_HOLDER);
	ck_assert_str_eq(m->processes[t->verdict.process].name, "hoarder.exe");
	ck_assert_str_eq(m->types[t->verdict.type].name, "Event");
	ck_assert(t->verdict.pool_pressure);
	free(t);
	model_destroy(m);
}
END_TEST

/* Linux's shapes: dead tasks kept by references no handle table shows,
 * and many pidfd files that all are one process. */
START_TEST(orphans_and_pidfds)
{
	struct model *m = tm_linux_like();
	struct triage *t = run(m);
	char buf[1024];

	ck_assert_uint_ge(t->nthreads, 1);
	ck_assert_uint_eq(t->threads[0].orphaned, TM_LEAKED);
	ck_assert_uint_eq(t->threads[0].held, 0);
	ck_assert_int_eq(t->verdict.kind, TRIAGE_THREAD_START);
	ck_assert_str_eq(m->modules[t->verdict.module].name, "mydriver");
	ck_assert_uint_eq(t->verdict.count, TM_LEAKED);
	ck_assert_str_eq(triage_suspect_text(m, t, buf, sizeof(buf)), "mydriver (StatusWaitThread)");
	/* the pidfds: one target, many objects, one holder */
	ck_assert_uint_eq(t->ntargets, 1);
	ck_assert_str_eq(m->processes[t->targets[0].target].name, "myapp-child");
	ck_assert_uint_eq(t->targets[0].objects, TM_APP_HANDLES);
	ck_assert_uint_eq(t->targets[0].holder_handles, TM_APP_HANDLES);
	/* ...listed as a further case, not lost behind the verdict */
	ck_assert_uint_eq(t->nalso, 1);
	ck_assert_int_eq(t->also[0].kind, TRIAGE_OBJECT_HOLDER);
	ck_assert_str_eq(m->processes[t->also[0].process].name, "myapp");
	ck_assert_str_eq(m->processes[t->also[0].target].name, "myapp-child");
	ck_assert_str_eq(triage_case_suspect(m, t, &t->also[0], buf, sizeof(buf)),
			 "myapp (pidfd handles to myapp-child)");
	free(t);
	model_destroy(m);
}
END_TEST

START_TEST(empty_model_is_no_data)
{
	struct model *m = model_create();
	struct triage *t;
	struct ls_err err;

	ck_assert_ls_ok(model_finish(m, &err), &err);
	t = run(m);
	ck_assert_int_eq(t->level[TRIAGE_STEP_POOL], TRIAGE_NODATA);
	ck_assert_int_eq(t->level[TRIAGE_STEP_TAGS], TRIAGE_NODATA);
	ck_assert_int_eq(t->level[TRIAGE_STEP_TRACES], TRIAGE_NODATA);
	ck_assert_int_eq(t->verdict.kind, TRIAGE_NO_LEAK);
	free(t);
	model_destroy(m);
}
END_TEST

/* --triage --json: the same facts as data. */
START_TEST(triage_json_carries_the_verdict)
{
	struct model *m = tm_thread_leak();
	struct cmd_ctx c;
	struct out o;

	cmd_ctx_init(&c, m, OUT_JSON);
	out_init_buffer(&o);
	ck_assert_int_eq(cmd_triage(&c, &o), CMD_OK);
	ck_assert_ptr_nonnull(o.buf);
	ck_assert(strstr(o.buf, "\"kind\":\"thread_start\""));
	ck_assert(strstr(o.buf, "\"suspect\":\"mydriver.sys (StatusWaitThread)\""));
	ck_assert(strstr(o.buf, "\"module\":\"mydriver.sys\""));
	ck_assert(strstr(o.buf, "\"terminated_held\":60"));
	ck_assert(strstr(o.buf, "\"failed_allocs\":184"));
	ck_assert(strstr(o.buf, "\"holder_image\":\"iexplore.exe\""));
	ck_assert(o.buf[o.len - 1] == '\n' && strchr(o.buf, '\n') == o.buf + o.len - 1);
	out_deinit(&o);
	model_destroy(m);
}
END_TEST

START_TEST(triage_text_has_every_step)
{
	struct model *m = tm_process_leak();
	struct cmd_ctx c;
	struct out o;

	cmd_ctx_init(&c, m, OUT_TEXT);
	out_init_buffer(&o);
	ck_assert_int_eq(cmd_triage(&c, &o), CMD_OK);
	ck_assert(strstr(o.buf, "1. Pool usage"));
	ck_assert(strstr(o.buf, "2. Top pool tags"));
	ck_assert(strstr(o.buf, "3. Who holds handles"));
	ck_assert(strstr(o.buf, "4. What the objects are"));
	ck_assert(strstr(o.buf, "5. Handle traces"));
	ck_assert(strstr(o.buf, "MyDLL!GetProcHandle+0x20   <- first frame outside the OS"));
	ck_assert(strstr(o.buf, "Suspect: MyApp.exe (stack MyDLL!GetProcHandle+0x20)"));
	out_deinit(&o);
	model_destroy(m);
}
END_TEST

static Suite *triage_suite(void)
{
	Suite *s = suite_create("triage");
	TCase *tc = tcase_create("chain");

	tcase_add_test(tc, thread_leak_names_the_driver);
	tcase_add_test(tc, process_leak_names_app_and_stack);
	tcase_add_test(tc, directory_leak_names_system);
	tcase_add_test(tc, healthy_has_no_leak);
	tcase_add_test(tc, type_pressure_names_the_hoarder);
	tcase_add_test(tc, orphans_and_pidfds);
	tcase_add_test(tc, empty_model_is_no_data);
	tcase_add_test(tc, triage_json_carries_the_verdict);
	tcase_add_test(tc, triage_text_has_every_step);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(triage_suite)
