/* tests/test_query.c — the groupings: handles by type, holders of a type
 * and of an object, threads by start address, objects by name, top tags.
 *
 * The model is the seed's case in miniature: System runs 6 threads of
 * mydriver!StatusWaitThread (4 terminated) and 2 of nt!KeBalanceSetManager;
 * iexplore.exe holds 5 Thread handles (to 4 of the driver's threads, one
 * twice) and 2 Event handles; explorer.exe holds 2 Thread handles and one
 * Event handle (the same event iexplore.exe holds).
 */
#include <string.h>

#include "../model/query.h"
#include "../model/symbols.h"
#include "testutil.h"

#define DRV_BASE   0xfffff80000200000ull
#define STATUS_WT  (DRV_BASE + 0x1128)
#define NT_BASE    0xfffff80000100000ull
#define BALANCE    (NT_BASE + 0x4000)

struct fx {
	struct model *m;
	uint32_t sys, ie, ex, idle;
	uint32_t t_thread, t_event, t_mutant;
	uint32_t ev_shared, ev_own;
};

static uint32_t thread(struct model *m, uint32_t p, uint64_t tid, uint64_t start,
		       bool terminated)
{
	struct ls_thread t = { .addr = 0xffffa00000000000ull + tid * 0x1000,
			       .pid = 4, .tid = tid, .process = p, .start = start,
			       .terminated = terminated, .object = LS_NONE };
	return model_add_thread(m, &t);
}

static uint64_t thread_start_of(const struct ls_thread *t)
{
	return t->win32_start ? t->win32_start : t->start;
}

static uint32_t object(struct model *m, uint64_t body, uint32_t type, const char *name)
{
	struct ls_object o = { .body = body, .header = body - 0x30, .type = type,
			       .name = name, .thread = LS_NONE, .process = LS_NONE };
	return model_add_object(m, &o);
}

static void handle(struct model *m, uint32_t p, uint64_t value, uint32_t o)
{
	struct ls_handle h = { .value = value, .process = p, .object = o };
	model_add_handle(m, &h);
}

static void fx_build(struct fx *f)
{
	struct model *m = model_create();
	struct ls_type ty = { 0 };
	struct ls_process pr = { .session = -1 };
	struct ls_module md = { .process = LS_NONE };
	struct ls_symbol sy = { 0 };
	struct ls_pooltag pt = { .type = LS_NONE };
	struct ls_err err;
	uint32_t th[8], o[8], i;

	f->m = m;
	ty.name = "Thread";
	f->t_thread = model_add_type(m, &ty);
	ty.name = "Event";
	f->t_event = model_add_type(m, &ty);
	ty.name = "Mutant";
	f->t_mutant = model_add_type(m, &ty);

	pr.name = "explorer.exe";
	pr.pid = 2000;
	pr.addr = 0xffff900000003000;
	f->ex = model_add_process(m, &pr);
	pr.name = "System";
	pr.pid = 4;
	pr.addr = 0xffff900000001000;
	f->sys = model_add_process(m, &pr);
	pr.name = "iexplore.exe";
	pr.pid = 1234;
	pr.addr = 0xffff900000002000;
	f->ie = model_add_process(m, &pr);
	pr.name = "Idle";
	pr.pid = 0;
	pr.addr = 0xffff900000000000;
	f->idle = model_add_process(m, &pr);

	md.name = "mydriver.sys";
	md.base = DRV_BASE;
	md.size = 0x8000;
	sy.module = model_add_module(m, &md);
	sy.name = "StatusWaitThread";
	sy.addr = STATUS_WT;
	model_add_symbol(m, &sy);
	md.name = "ntoskrnl.exe";
	md.base = NT_BASE;
	md.size = 0x80000;
	sy.module = model_add_module(m, &md);
	sy.name = "KeBalanceSetManager";
	sy.addr = BALANCE;
	model_add_symbol(m, &sy);

	/* tids 10..15 the driver's (10..13 terminated), 20, 21 nt's */
	for (i = 0; i < 6; i++)
		th[i] = thread(m, f->sys, 10 + i, STATUS_WT, i < 4);
	th[6] = thread(m, f->sys, 21, BALANCE, false);
	th[7] = thread(m, f->sys, 20, BALANCE, false);
	for (i = 0; i < 8; i++)
		o[i] = object(m, m->threads[th[i]].addr, f->t_thread, NULL);

	f->ev_shared = object(m, 0xffffb00000000100, f->t_event, "ShutdownEvent");
	f->ev_own = object(m, 0xffffb00000000200, f->t_event, "ShutdownEvent");
	uint32_t mu = object(m, 0xffffb00000000300, f->t_mutant, "AppMutex");

	/* iexplore.exe: 5 Thread handles (tid 10 twice), 2 Events */
	handle(m, f->ie, 0x24, o[0]);
	handle(m, f->ie, 0x04, o[0]);
	handle(m, f->ie, 0x08, f->ev_shared);
	handle(m, f->ie, 0x0c, o[1]);
	handle(m, f->ie, 0x10, o[2]);
	handle(m, f->ie, 0x14, f->ev_own);
	handle(m, f->ie, 0x18, o[3]);
	/* explorer.exe: 2 Thread handles, the shared Event, a Mutant */
	handle(m, f->ex, 0x40, o[6]);
	handle(m, f->ex, 0x44, o[4]);
	handle(m, f->ex, 0x48, f->ev_shared);
	handle(m, f->ex, 0x4c, mu);

	pt.tag = 0x65726854u;  /* Thre */
	pt.np_bytes = 192867168;
	pt.p_bytes = 10;
	model_add_pooltag(m, &pt);
	pt.tag = 0x6d436d4du;  /* MmCm */
	pt.np_bytes = 12153104;
	pt.p_bytes = 0;
	model_add_pooltag(m, &pt);
	pt.tag = 0x6e657645u;  /* Even */
	pt.np_bytes = 12153104;   /* tie with MmCm: the lower index first */
	pt.p_bytes = 5000;
	model_add_pooltag(m, &pt);

	ck_assert_ls_ok(model_finish(m, &err), &err);
}

START_TEST(handles_of_a_process_group_by_type_most_first)
{
	struct fx f;
	struct ls_groups g;

	fx_build(&f);
	g = model_handles_by_type(f.m, f.ie);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_str_eq(g.groups[0].label, "Thread");
	ck_assert_uint_eq(g.groups[0].key, f.t_thread);
	ck_assert_uint_eq(g.groups[0].count, 5);
	ck_assert_uint_eq(g.groups[0].nitems, 5);
	ck_assert_str_eq(g.groups[1].label, "Event");
	ck_assert_uint_eq(g.groups[1].count, 2);
	/* members in handle value order */
	uint64_t want[] = { 0x04, 0x0c, 0x10, 0x18, 0x24 };
	for (uint32_t i = 0; i < 5; i++) {
		const struct ls_handle *h = &f.m->handles[g.groups[0].items[i]];
		ck_assert_uint_eq(h->value, want[i]);
		ck_assert_uint_eq(h->process, f.ie);
	}
	/* cached: the same array again */
	ck_assert_ptr_eq(model_handles_by_type(f.m, f.ie).groups, g.groups);
	/* explorer.exe: three types of one handle... two Threads first */
	g = model_handles_by_type(f.m, f.ex);
	ck_assert_uint_eq(g.ngroups, 3);
	ck_assert_str_eq(g.groups[0].label, "Thread");
	ck_assert_uint_eq(g.groups[0].count, 2);
	/* ties by key: Event (type 1) before Mutant (type 2) */
	ck_assert_str_eq(g.groups[1].label, "Event");
	ck_assert_str_eq(g.groups[2].label, "Mutant");
	/* no handles, no groups; a bad index, no groups */
	ck_assert_uint_eq(model_handles_by_type(f.m, f.idle).ngroups, 0);
	ck_assert_uint_eq(model_handles_by_type(f.m, 99).ngroups, 0);
	model_destroy(f.m);
}
END_TEST

START_TEST(holders_of_a_type_sorted_most_first)
{
	struct fx f;
	struct ls_groups g;

	fx_build(&f);
	g = model_holders_of_type(f.m, f.t_thread);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_str_eq(g.groups[0].label, "iexplore.exe");
	ck_assert_uint_eq(g.groups[0].key, f.ie);
	ck_assert_uint_eq(g.groups[0].count, 5);
	ck_assert_str_eq(g.groups[1].label, "explorer.exe");
	ck_assert_uint_eq(g.groups[1].count, 2);
	for (uint32_t i = 0; i < g.groups[1].nitems; i++) {
		const struct ls_handle *h = &f.m->handles[g.groups[1].items[i]];
		ck_assert_uint_eq(h->process, f.ex);
		ck_assert_uint_eq(f.m->objects[h->object].type, f.t_thread);
	}
	g = model_holders_of_type(f.m, f.t_mutant);
	ck_assert_uint_eq(g.ngroups, 1);
	ck_assert_str_eq(g.groups[0].label, "explorer.exe");
	ck_assert_uint_eq(model_holders_of_type(f.m, 7).ngroups, 0);
	model_destroy(f.m);
}
END_TEST

START_TEST(holders_of_an_object)
{
	struct fx f;
	struct ls_groups g;
	uint32_t o10;

	fx_build(&f);
	g = model_holders_of_object(f.m, f.ev_shared);
	ck_assert_uint_eq(g.ngroups, 2);
	/* one handle each: ties by process index (explorer.exe was added first) */
	ck_assert_uint_eq(g.groups[0].key, f.ex);
	ck_assert_uint_eq(g.groups[1].key, f.ie);
	ck_assert_uint_eq(f.m->handles[g.groups[1].items[0]].value, 0x08);
	o10 = model_object_by_body(f.m, 0xffffa00000000000ull + 10 * 0x1000);
	g = model_holders_of_object(f.m, o10);
	ck_assert_uint_eq(g.ngroups, 1);
	ck_assert_str_eq(g.groups[0].label, "iexplore.exe");
	ck_assert_uint_eq(g.groups[0].count, 2);
	ck_assert_uint_eq(model_holders_of_object(f.m, 9999).ngroups, 0);
	model_destroy(f.m);
}
END_TEST

START_TEST(threads_group_by_symbolized_start_with_counts)
{
	struct fx f;
	struct ls_groups g;

	fx_build(&f);
	g = model_threads_by_start(f.m);
	ck_assert_uint_eq(g.ngroups, 2);
	const struct ls_group *drv = &g.groups[0], *nt = &g.groups[1];
	ck_assert_str_eq(drv->label, "mydriver!StatusWaitThread");
	ck_assert_uint_eq(drv->key, STATUS_WT);
	ck_assert_uint_eq(drv->count, 6);
	ck_assert_uint_eq(drv->aux[0], 4);   /* terminated */
	ck_assert_uint_eq(drv->aux[1], 5);   /* tids 10..14 are held */
	ck_assert_uint_eq(drv->aux[2], 1);   /* all in System */
	ck_assert_uint_eq(drv->aux[3], 6);   /* tid 10 twice */
	/* members in (process, tid) order */
	ck_assert_uint_eq(f.m->threads[drv->items[0]].tid, 10);
	ck_assert_uint_eq(f.m->threads[drv->items[5]].tid, 15);
	ck_assert_str_eq(nt->label, "nt!KeBalanceSetManager");
	ck_assert_uint_eq(nt->count, 2);
	ck_assert_uint_eq(nt->aux[0], 0);
	ck_assert_uint_eq(nt->aux[1], 1);    /* tid 21, held by explorer */
	ck_assert_uint_eq(nt->aux[3], 1);
	ck_assert_uint_eq(f.m->threads[nt->items[0]].tid, 20);

	g = model_process_threads_by_start(f.m, f.sys);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_uint_eq(g.groups[0].count, 6);
	ck_assert_uint_eq(model_process_threads_by_start(f.m, f.ie).ngroups, 0);
	model_destroy(f.m);
}
END_TEST

START_TEST(win32_start_is_preferred_and_unknown_starts_show_hex)
{
	struct model *m = model_create();
	struct ls_process pr = { .pid = 500, .addr = 0x1000 };
	struct ls_thread t = { .pid = 500, .object = LS_NONE };
	struct ls_err err;
	struct ls_groups g;
	uint32_t p = model_add_process(m, &pr);

	t.process = p;
	for (int i = 0; i < 3; i++) {
		t.tid = 100 + i;
		t.addr = 0x10000 + i * 0x1000;
		t.start = 0x7ff811110000;           /* RtlUserThreadStart */
		t.win32_start = i < 2 ? 0x7ff600001000 : 0x7ff600002000;
		t.terminated = i == 0;
		model_add_thread(m, &t);
	}
	ck_assert_ls_ok(model_finish(m, &err), &err);
	g = model_threads_by_start(m);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_uint_eq(g.groups[0].key, 0x7ff600001000);
	ck_assert_str_eq(g.groups[0].label, "0x7ff600001000");
	ck_assert_uint_eq(g.groups[0].aux[0], 1);
	ck_assert_uint_eq(g.groups[0].aux[1], 0);
	model_destroy(m);
}
END_TEST

START_TEST(objects_group_by_name_with_reference_counts)
{
	struct fx f;
	struct ls_groups g;

	fx_build(&f);
	g = model_objects_by_name(f.m);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_str_eq(g.groups[0].label, "ShutdownEvent");
	ck_assert_uint_eq(g.groups[0].count, 2);
	ck_assert_uint_eq(g.groups[0].key, f.ev_shared);
	ck_assert_uint_eq(g.groups[0].aux[0], 3);   /* 2 on the shared, 1 own */
	ck_assert_uint_eq(g.groups[0].items[0], f.ev_shared);
	ck_assert_uint_eq(g.groups[0].items[1], f.ev_own);
	ck_assert_str_eq(g.groups[1].label, "AppMutex");
	ck_assert_uint_eq(g.groups[1].aux[0], 1);
	model_destroy(f.m);
}
END_TEST

START_TEST(top_tags_by_outstanding_bytes)
{
	struct fx f;
	const uint32_t *top;
	uint32_t n;
	char s[5];

	fx_build(&f);
	top = model_top_tags(f.m, 0, &n);
	ck_assert_uint_eq(n, 3);
	ls_tag_str(f.m->pooltags[top[0]].tag, s);
	ck_assert_str_eq(s, "Thre");
	ls_tag_str(f.m->pooltags[top[1]].tag, s);
	ck_assert_str_eq(s, "MmCm");
	ls_tag_str(f.m->pooltags[top[2]].tag, s);
	ck_assert_str_eq(s, "Even");
	top = model_top_tags(f.m, 1, &n);
	ck_assert_uint_eq(n, 3);
	ls_tag_str(f.m->pooltags[top[0]].tag, s);
	ck_assert_str_eq(s, "Even");
	ls_tag_str(f.m->pooltags[top[2]].tag, s);
	ck_assert_str_eq(s, "MmCm");
	model_destroy(f.m);
}
END_TEST

START_TEST(queries_before_finish_answer_nothing)
{
	struct model *m = model_create();
	uint32_t n = 7;

	ck_assert_uint_eq(model_threads_by_start(m).ngroups, 0);
	ck_assert_uint_eq(model_handles_by_type(m, 0).ngroups, 0);
	ck_assert_ptr_null(model_top_tags(m, 0, &n));
	ck_assert_uint_eq(n, 0);
	model_destroy(m);
}
END_TEST

START_TEST(second_finish_recomputes_the_groups)
{
	struct fx f;
	struct ls_err err;
	struct ls_groups g;

	fx_build(&f);
	g = model_handles_by_type(f.m, f.ie);
	ck_assert_uint_eq(g.groups[0].count, 5);
	/* the reader found one more Thread handle: finish again */
	handle(f.m, f.ie, 0x30, f.m->handles[g.groups[0].items[0]].object);
	ck_assert_ls_ok(model_finish(f.m, &err), &err);
	g = model_handles_by_type(f.m, f.ie);
	ck_assert_uint_eq(g.groups[0].count, 6);
	ck_assert_uint_eq(f.m->processes[f.ie].nhandles, 8);
	ck_assert_uint_eq(f.m->handles[model_handle_by_value(f.m, f.ie, 0x30)].process, f.ie);
	model_destroy(f.m);
}
END_TEST

START_TEST(process_threads_are_slices_of_the_global_groups)
{
	struct model *m = model_create();
	struct ls_process pr = { .addr = 0x1000 };
	struct ls_err err;
	struct ls_groups g;
	uint32_t a, b;

	pr.pid = 100;
	a = model_add_process(m, &pr);
	pr.pid = 200;
	pr.addr = 0x2000;
	b = model_add_process(m, &pr);
	/* start 0x10: a has 2, b has 3; start 0x20: a has 3, b has 1 */
	thread(m, b, 1, 0x10, false);
	thread(m, a, 2, 0x20, true);
	thread(m, b, 3, 0x10, true);
	thread(m, a, 4, 0x10, false);
	thread(m, a, 5, 0x20, false);
	thread(m, b, 6, 0x20, false);
	thread(m, a, 7, 0x10, false);
	thread(m, b, 8, 0x10, false);
	thread(m, a, 9, 0x20, false);
	ck_assert_ls_ok(model_finish(m, &err), &err);
	g = model_threads_by_start(m);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_uint_eq(g.groups[0].key, 0x10);
	ck_assert_uint_eq(g.groups[0].count, 5);
	ck_assert_uint_eq(g.groups[0].aux[2], 2);   /* two owners */

	g = model_process_threads_by_start(m, a);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_uint_eq(g.groups[0].key, 0x20);   /* 3 first */
	ck_assert_uint_eq(g.groups[0].count, 3);
	ck_assert_uint_eq(g.groups[0].aux[0], 1);
	ck_assert_uint_eq(g.groups[0].aux[2], 1);
	ck_assert_uint_eq(g.groups[1].count, 2);
	for (uint32_t i = 0; i < g.ngroups; i++)
		for (uint32_t j = 0; j < g.groups[i].nitems; j++) {
			const struct ls_thread *t = &m->threads[g.groups[i].items[j]];
			ck_assert_uint_eq(t->process, a);
			ck_assert_uint_eq(thread_start_of(t), g.groups[i].key);
		}
	g = model_process_threads_by_start(m, b);
	ck_assert_uint_eq(g.ngroups, 2);
	ck_assert_uint_eq(g.groups[0].key, 0x10);
	ck_assert_uint_eq(g.groups[0].count, 3);
	ck_assert_uint_eq(g.groups[0].aux[0], 1);
	ck_assert_uint_eq(m->threads[g.groups[0].items[0]].tid, 1);
	ck_assert_uint_eq(m->threads[g.groups[0].items[2]].tid, 8);
	ck_assert_uint_eq(g.groups[1].count, 1);
	model_destroy(m);
}
END_TEST

static Suite *query_suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("groups");

	tcase_add_test(tc, handles_of_a_process_group_by_type_most_first);
	tcase_add_test(tc, holders_of_a_type_sorted_most_first);
	tcase_add_test(tc, holders_of_an_object);
	tcase_add_test(tc, threads_group_by_symbolized_start_with_counts);
	tcase_add_test(tc, win32_start_is_preferred_and_unknown_starts_show_hex);
	tcase_add_test(tc, objects_group_by_name_with_reference_counts);
	tcase_add_test(tc, top_tags_by_outstanding_bytes);
	tcase_add_test(tc, queries_before_finish_answer_nothing);
	tcase_add_test(tc, second_finish_recomputes_the_groups);
	tcase_add_test(tc, process_threads_are_slices_of_the_global_groups);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(query_suite)
