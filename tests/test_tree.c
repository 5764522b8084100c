/* tests/test_tree.c — the model's builders, model_finish()'s slices and
 * links, the reverse index, lookups, tags, warnings; and the time finish
 * takes on a seed-size model (reported, not asserted). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../model/tree.h"
#include "testutil.h"

/* A small system: System (pid 4), iexplore.exe (pid 1234) holding handles
 * to two threads of System, one of them terminated; an Event. Records are
 * added out of order on purpose. */
struct small {
	struct model *m;
	uint32_t sys, ie, t_thread, t_event, t_process;
	uint32_t o_th1, o_th2, o_ev, o_proc;
};

static uint32_t add_thread(struct model *m, uint32_t p, uint64_t pid,
			   uint64_t tid, uint64_t addr, bool terminated)
{
	struct ls_thread t = { .addr = addr, .pid = pid, .tid = tid, .process = p,
			       .terminated = terminated, .object = LS_NONE };
	return model_add_thread(m, &t);
}

static uint32_t add_object(struct model *m, uint64_t body, uint32_t type,
			   const char *name)
{
	struct ls_object o = { .header = body - 0x30, .body = body, .type = type,
			       .name = name ? model_strdup(m, name) : NULL,
			       .thread = LS_NONE, .process = LS_NONE };
	return model_add_object(m, &o);
}

static uint32_t add_handle(struct model *m, uint32_t p, uint64_t value, uint32_t o)
{
	struct ls_handle h = { .value = value, .process = p, .object = o,
			       .access = 0x1fffff };
	return model_add_handle(m, &h);
}

static void small_build(struct small *s)
{
	struct model *m = model_create();
	struct ls_type ty = { 0 };
	struct ls_process pr = { .session = -1 };
	struct ls_pooltag pt = { .type = LS_NONE };
	struct ls_module md = { 0 };
	struct ls_symbol sy = { 0 };

	ck_assert_ptr_nonnull(m);
	s->m = m;
	ty.name = model_strdup(m, "Thread");
	ty.pool_tag = 0x65726854u | 0x80000000u;   /* "Thre", protected */
	s->t_thread = model_add_type(m, &ty);
	ty.name = model_strdup(m, "Event");
	ty.pool_tag = 0x6e657645u;                  /* "Even" */
	s->t_event = model_add_type(m, &ty);
	ty.name = model_strdup(m, "Process");
	ty.pool_tag = 0x636f7250u;                  /* "Proc" */
	s->t_process = model_add_type(m, &ty);

	pr.name = model_strdup(m, "iexplore.exe");
	pr.pid = 1234;
	pr.addr = 0xffff800000002000;
	s->ie = model_add_process(m, &pr);
	pr.name = model_strdup(m, "System");
	pr.pid = 4;
	pr.addr = 0xffff800000001000;
	s->sys = model_add_process(m, &pr);

	add_thread(m, s->sys, 4, 200, 0xffff800000010200, true);
	add_thread(m, s->ie, 1234, 88, 0xffff800000020088, false);
	add_thread(m, s->sys, 4, 8, 0xffff800000010008, false);
	add_thread(m, LS_NONE, 99, 1, 0xffff800000030001, true);

	s->o_th1 = add_object(m, 0xffff800000010200, s->t_thread, NULL);
	s->o_th2 = add_object(m, 0xffff800000010008, s->t_thread, NULL);
	s->o_ev = add_object(m, 0xffff800000050000, s->t_event, "ShutdownEvent");
	s->o_proc = add_object(m, 0xffff800000001000, s->t_process, NULL);

	add_handle(m, s->ie, 0x10, s->o_th1);
	add_handle(m, s->ie, 0x8, s->o_th1);
	add_handle(m, s->ie, 0xc, s->o_ev);
	add_handle(m, s->sys, 0x4, s->o_ev);
	add_handle(m, s->ie, 0x4, s->o_th2);
	add_handle(m, s->ie, 0x14, s->o_proc);

	pt.tag = 0x65726854u;  /* Thre */
	pt.np_bytes = 1000;
	model_add_pooltag(m, &pt);
	pt.tag = 0x6e657645u;  /* Even */
	model_add_pooltag(m, &pt);
	pt.tag = 0x6d436d4du;  /* MmCm: no type */
	model_add_pooltag(m, &pt);

	/* modules added in reverse base order; symbols refer to them as added */
	md.name = model_strdup(m, "mydriver.sys");
	md.base = 0xfffff80000200000;
	md.size = 0x10000;
	md.process = LS_NONE;
	uint32_t mydrv = model_add_module(m, &md);
	md.name = model_strdup(m, "ntoskrnl.exe");
	md.base = 0xfffff80000100000;
	md.size = 0x80000;
	uint32_t nt = model_add_module(m, &md);
	md.name = model_strdup(m, "ntdll.dll");
	md.base = 0x7ff800000000;
	md.size = 0x1000;
	md.process = s->ie;
	model_add_module(m, &md);

	sy.module = mydrv;
	sy.addr = 0xfffff80000201128;
	sy.name = model_strdup(m, "StatusWaitThread");
	model_add_symbol(m, &sy);
	sy.module = nt;
	sy.addr = 0xfffff80000100100;
	sy.name = model_strdup(m, "KiExitDispatcher");
	model_add_symbol(m, &sy);
	sy.module = mydrv;
	sy.addr = 0xfffff80000201000;
	sy.name = model_strdup(m, "DriverEntry");
	model_add_symbol(m, &sy);
}

START_TEST(finish_sorts_handles_and_slices_them_per_process)
{
	struct small s;
	struct ls_err err;
	struct model *m;

	small_build(&s);
	m = s.m;
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert(m->finished);

	const struct ls_process *ie = &m->processes[s.ie], *sys = &m->processes[s.sys];
	ck_assert_uint_eq(ie->nhandles, 5);
	ck_assert_uint_eq(sys->nhandles, 1);
	uint64_t want[] = { 0x4, 0x8, 0xc, 0x10, 0x14 };
	for (uint32_t i = 0; i < 5; i++) {
		const struct ls_handle *h = &m->handles[ie->first_handle + i];
		ck_assert_uint_eq(h->value, want[i]);
		ck_assert_uint_eq(h->process, s.ie);
	}
	ck_assert_uint_eq(m->handles[sys->first_handle].value, 4);
	ck_assert_uint_eq(m->handles[sys->first_handle].process, s.sys);
	/* process records keep their indexes */
	ck_assert_str_eq(m->processes[s.ie].name, "iexplore.exe");
	model_destroy(m);
}
END_TEST

START_TEST(finish_slices_threads_and_puts_orphans_last)
{
	struct small s;
	struct ls_err err;
	struct model *m;

	small_build(&s);
	m = s.m;
	ck_assert_ls_ok(model_finish(m, &err), &err);
	const struct ls_process *sys = &m->processes[s.sys], *ie = &m->processes[s.ie];
	ck_assert_uint_eq(sys->nthreads, 2);
	ck_assert_uint_eq(m->threads[sys->first_thread].tid, 8);
	ck_assert_uint_eq(m->threads[sys->first_thread + 1].tid, 200);
	ck_assert_uint_eq(ie->nthreads, 1);
	ck_assert_uint_eq(m->threads[ie->first_thread].tid, 88);
	ck_assert_uint_eq(m->threads[m->nthreads - 1].process, LS_NONE);
	ck_assert_uint_eq(m->threads[m->nthreads - 1].pid, 99);
	model_destroy(m);
}
END_TEST

START_TEST(reverse_index_lists_the_handles_of_each_object)
{
	struct small s;
	struct ls_err err;
	struct model *m;

	small_build(&s);
	m = s.m;
	ck_assert_ls_ok(model_finish(m, &err), &err);
	const struct ls_object *th1 = &m->objects[s.o_th1], *ev = &m->objects[s.o_ev];
	ck_assert_uint_eq(th1->nrefs, 2);
	for (uint32_t i = 0; i < th1->nrefs; i++) {
		const struct ls_handle *h = &m->handles[m->object_refs[th1->first_ref + i]];
		ck_assert_uint_eq(h->object, s.o_th1);
		ck_assert_uint_eq(h->process, s.ie);
	}
	ck_assert_uint_eq(ev->nrefs, 2);
	ck_assert_uint_eq(m->objects[s.o_th2].nrefs, 1);
	ck_assert_uint_eq(m->objects[s.o_proc].nrefs, 1);
	model_destroy(m);
}
END_TEST

START_TEST(finish_links_threads_processes_and_their_objects)
{
	struct small s;
	struct ls_err err;
	struct model *m;
	uint32_t t;

	small_build(&s);
	m = s.m;
	ck_assert_ls_ok(model_finish(m, &err), &err);
	t = model_thread_by_addr(m, 0xffff800000010200);
	ck_assert_uint_ne(t, LS_NONE);
	ck_assert_uint_eq(m->threads[t].tid, 200);
	ck_assert_uint_eq(m->threads[t].object, s.o_th1);
	ck_assert_uint_eq(m->objects[s.o_th1].thread, t);
	ck_assert_uint_eq(m->processes[s.sys].object, s.o_proc);
	ck_assert_uint_eq(m->objects[s.o_proc].process, s.sys);
	ck_assert_uint_eq(m->processes[s.ie].object, LS_NONE);
	ck_assert_uint_eq(m->objects[s.o_ev].thread, LS_NONE);
	/* a thread with no object record */
	t = model_thread_by_addr(m, 0xffff800000020088);
	ck_assert_uint_eq(m->threads[t].object, LS_NONE);
	model_destroy(m);
}
END_TEST

START_TEST(explicit_object_thread_link_survives_thread_sort)
{
	struct model *m = model_create();
	struct ls_process pr = { .pid = 4, .addr = 0x1000 };
	struct ls_object o = { .body = 0xdead0000, .type = LS_NONE,
			       .thread = LS_NONE, .process = LS_NONE };
	struct ls_err err;
	uint32_t p, t;

	p = model_add_process(m, &pr);
	add_thread(m, p, 4, 30, 0x3000, false);
	t = add_thread(m, p, 4, 10, 0x1000000, false);  /* sorts first */
	o.thread = t;    /* the reader linked it: body differs from the addr */
	model_add_object(m, &o);
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert_uint_eq(m->threads[m->objects[0].thread].tid, 10);
	ck_assert_uint_eq(m->threads[0].object, 0);
	ck_assert_uint_eq(m->threads[1].object, LS_NONE);
	model_destroy(m);
}
END_TEST

START_TEST(modules_and_symbols_are_sorted_and_remapped)
{
	struct small s;
	struct ls_err err;
	struct model *m;

	small_build(&s);
	m = s.m;
	ck_assert_ls_ok(model_finish(m, &err), &err);
	/* process modules first, kernel modules (process LS_NONE) last */
	ck_assert_str_eq(m->modules[0].name, "ntdll.dll");
	ck_assert_str_eq(m->modules[1].name, "ntoskrnl.exe");
	ck_assert_str_eq(m->modules[2].name, "mydriver.sys");
	ck_assert_uint_eq(m->processes[s.ie].nmodules, 1);
	ck_assert_uint_eq(m->processes[s.ie].first_module, 0);
	const struct ls_module *drv = &m->modules[2];
	ck_assert_uint_eq(drv->nsymbols, 2);
	ck_assert_str_eq(m->symbols[drv->first_symbol].name, "DriverEntry");
	ck_assert_str_eq(m->symbols[drv->first_symbol + 1].name, "StatusWaitThread");
	ck_assert_uint_eq(m->symbols[drv->first_symbol].module, 2);
	ck_assert_uint_eq(m->modules[1].nsymbols, 1);
	ck_assert_str_eq(m->symbols[m->modules[1].first_symbol].name, "KiExitDispatcher");
	ck_assert_uint_eq(m->symbols[m->modules[1].first_symbol].module, 1);
	model_destroy(m);
}
END_TEST

START_TEST(lookups_find_records_and_miss_cleanly)
{
	struct small s;
	struct ls_err err;
	struct model *m;
	uint32_t h;

	small_build(&s);
	m = s.m;
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert_uint_eq(model_process_by_pid(m, 1234), s.ie);
	ck_assert_uint_eq(model_process_by_pid(m, 4), s.sys);
	ck_assert_uint_eq(model_process_by_pid(m, 5), LS_NONE);
	ck_assert_uint_eq(model_process_by_addr(m, 0xffff800000001000), s.sys);
	ck_assert_uint_eq(model_process_by_addr(m, 0xffff800000001008), LS_NONE);
	ck_assert_uint_eq(model_object_by_body(m, 0xffff800000050000), s.o_ev);
	ck_assert_uint_eq(model_object_by_header(m, 0xffff800000050000 - 0x30), s.o_ev);
	ck_assert_uint_eq(model_object_by_header(m, 0xffff800000050000), LS_NONE);
	ck_assert_uint_eq(model_thread_by_addr(m, 0x1234), LS_NONE);
	ck_assert_uint_eq(model_type_by_name(m, "Event"), s.t_event);
	ck_assert_uint_eq(model_type_by_name(m, "Mutant"), LS_NONE);
	ck_assert_uint_eq(model_pooltag_by_tag(m, 0x6d436d4du), 2);
	ck_assert_uint_eq(model_pooltag_by_tag(m, 0x12345678u), LS_NONE);
	h = model_handle_by_value(m, s.ie, 0xc);
	ck_assert_uint_ne(h, LS_NONE);
	ck_assert_uint_eq(m->handles[h].object, s.o_ev);
	ck_assert_uint_eq(model_handle_by_value(m, s.ie, 0xd), LS_NONE);
	ck_assert_uint_eq(model_handle_by_value(m, s.sys, 0x8), LS_NONE);
	ck_assert_uint_eq(model_handle_by_value(m, 77, 0x4), LS_NONE);
	model_destroy(m);
}
END_TEST

START_TEST(pid_lookup_prefers_the_live_process)
{
	struct model *m = model_create();
	struct ls_process pr = { .pid = 800, .addr = 0x1000, .exited = true };
	struct ls_err err;
	uint32_t live;

	model_add_process(m, &pr);
	pr.addr = 0x2000;
	pr.exited = false;
	live = model_add_process(m, &pr);
	pr.pid = 0;      /* Idle */
	pr.addr = 0x3000;
	uint32_t idle = model_add_process(m, &pr);
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert_uint_eq(model_process_by_pid(m, 800), live);
	ck_assert_uint_eq(model_process_by_pid(m, 0), idle);
	model_destroy(m);
}
END_TEST

START_TEST(pooltags_find_their_object_type)
{
	struct small s;
	struct ls_err err;
	struct model *m;

	small_build(&s);
	m = s.m;
	ck_assert_ls_ok(model_finish(m, &err), &err);
	/* Thread's Key carries the protected bit; the tracker's tag does not */
	ck_assert_uint_eq(m->pooltags[model_pooltag_by_tag(m, 0x65726854u)].type, s.t_thread);
	ck_assert_uint_eq(m->pooltags[model_pooltag_by_tag(m, 0x6e657645u)].type, s.t_event);
	ck_assert_uint_eq(m->pooltags[model_pooltag_by_tag(m, 0x6d436d4du)].type, LS_NONE);
	model_destroy(m);
}
END_TEST

START_TEST(out_of_range_links_become_none_with_a_warning)
{
	struct model *m = model_create();
	struct ls_process pr = { .pid = 4, .addr = 0x1000 };
	struct ls_err err;

	model_add_process(m, &pr);
	add_handle(m, 0, 0x4, 55);     /* object 55 does not exist */
	add_handle(m, 9, 0x8, LS_NONE);  /* process 9 does not exist */
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert_uint_eq(m->processes[0].nhandles, 1);
	ck_assert_uint_eq(m->handles[0].object, LS_NONE);
	ck_assert_uint_eq(m->handles[1].process, LS_NONE);
	ck_assert_uint_eq(m->nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(m->warnings[0], "2 record links"));
	model_destroy(m);
}
END_TEST

START_TEST(empty_model_finishes)
{
	struct model *m = model_create();
	struct ls_err err;

	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert_uint_eq(model_process_by_pid(m, 4), LS_NONE);
	ck_assert_uint_eq(model_thread_by_addr(m, 0x1000), LS_NONE);
	ck_assert_uint_eq(model_pooltag_by_tag(m, 0), LS_NONE);
	model_destroy(m);
	model_destroy(NULL);
}
END_TEST

START_TEST(strings_are_copied_into_the_arena)
{
	struct model *m = model_create();
	char buf[] = "iexplore.exe";
	const char *a, *b, *big;
	static char huge[100000];

	a = model_strdup(m, buf);
	buf[0] = 'X';
	ck_assert_str_eq(a, "iexplore.exe");
	b = model_strndup(m, "WindowStations\\junk", 14);
	ck_assert_str_eq(b, "WindowStations");
	ck_assert_str_eq(model_strndup(m, "ab", 10), "ab");
	ck_assert_ptr_null(model_strdup(m, NULL));
	memset(huge, 'x', sizeof(huge) - 1);
	big = model_strdup(m, huge);
	ck_assert_uint_eq(strlen(big), sizeof(huge) - 1);
	/* a later small string still lands in the shared chunk */
	ck_assert_str_eq(model_strdup(m, "after"), "after");
	ck_assert_str_eq(a, "iexplore.exe");
	for (int i = 0; i < 20000; i++)
		ck_assert_ptr_nonnull(model_strdup(m, "Thread objects"));
	model_destroy(m);
}
END_TEST

START_TEST(warnings_are_capped_and_counted)
{
	struct model *m = model_create();

	for (int i = 0; i < 10005; i++)
		model_warn(m, "reading ETHREAD at 0x%x: page not in the dump", i);
	ck_assert_uint_eq(m->nwarnings, 10000);
	ck_assert_uint_eq(m->warnings_dropped, 5);
	ck_assert_str_eq(m->warnings[3], "reading ETHREAD at 0x3: page not in the dump");
	model_destroy(m);
}
END_TEST

START_TEST(tags_print_and_parse)
{
	char s[5];
	uint32_t t = 0;

	ls_tag_str(0x65726854u, s);
	ck_assert_str_eq(s, "Thre");
	ls_tag_str(0x65726854u | 0x80000000u, s);   /* protected bit */
	ck_assert_str_eq(s, "Thre");
	ls_tag_str(0x0120654bu, s);                 /* "Ke " + 0x01 */
	ck_assert_str_eq(s, "Ke ?");
	ck_assert(ls_tag_parse("Thre", &t));
	ck_assert_uint_eq(t, 0x65726854u);
	ck_assert(ls_tag_parse("Key", &t));
	ck_assert_uint_eq(t, 0x2079654bu);          /* "Key " */
	ck_assert(ls_tag_parse("Ob", &t));
	ls_tag_str(t, s);
	ck_assert_str_eq(s, "Ob  ");
	ck_assert(!ls_tag_parse("", &t));
	ck_assert(!ls_tag_parse("Thread", &t));
	ck_assert(!ls_tag_parse("T\x01", &t));
}
END_TEST

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Seed size: 310 000 threads (309 000 terminated in System, held by
 * iexplore.exe's 143 000 handles), added in a shuffled order. */
START_TEST(finish_at_seed_scale)
{
	struct model *m = model_create();
	struct ls_process pr = { .pid = 4, .addr = 0xffff900000000000 };
	struct ls_type ty = { .name = "Thread", .pool_tag = 0x65726854u };
	struct ls_err err;
	uint32_t sys, ie, nthreads = 310000, nhandles = 143000, i;
	double t0, ms;

	model_add_type(m, &ty);
	sys = model_add_process(m, &pr);
	pr.pid = 1234;
	pr.addr = 0xffff900000001000;
	ie = model_add_process(m, &pr);
	for (i = 0; i < nthreads; i++) {
		uint32_t j = (i * 7919u) % nthreads;   /* a permutation */
		uint64_t addr = 0xffffa00000000000 + (uint64_t)j * 0x800;
		add_thread(m, j < 1000 ? ie : sys, j < 1000 ? 1234 : 4, 8 + 4 * (uint64_t)j,
			   addr, true);
		add_object(m, addr, 0, NULL);
	}
	for (i = 0; i < nhandles; i++) {
		uint32_t j = (i * 7919u) % nhandles;
		add_handle(m, ie, 4 + 4 * (uint64_t)j, j);
	}
	t0 = now_ms();
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ms = now_ms() - t0;
	printf("model_finish: %u threads, %u handles, %u objects: %.1f ms\n",
	       m->nthreads, m->nhandles, m->nobjects, ms);
	ck_assert_uint_eq(m->processes[ie].nhandles, nhandles);
	ck_assert_uint_eq(m->processes[sys].nthreads, nthreads - 1000);
	ck_assert_uint_eq(m->handles[m->processes[ie].first_handle + 10].value, 44);
	for (i = 1; i < nhandles; i++)
		ck_assert(m->handles[i - 1].value < m->handles[i].value);
	/* object 5000 (held by one handle) is the body of thread j */
	uint32_t j = (5000 * 7919u) % nthreads;
	i = model_thread_by_addr(m, 0xffffa00000000000 + (uint64_t)j * 0x800);
	ck_assert_uint_eq(m->threads[i].tid, 8 + 4 * (uint64_t)j);
	ck_assert_uint_eq(m->threads[i].object, 5000);
	ck_assert_uint_eq(m->objects[5000].nrefs, 1);
	ck_assert_uint_eq(m->objects[5000].thread, i);
	model_destroy(m);
}
END_TEST

static Suite *tree_suite(void)
{
	Suite *s = suite_create("tree");
	TCase *tc = tcase_create("finish");

	tcase_add_test(tc, finish_sorts_handles_and_slices_them_per_process);
	tcase_add_test(tc, finish_slices_threads_and_puts_orphans_last);
	tcase_add_test(tc, reverse_index_lists_the_handles_of_each_object);
	tcase_add_test(tc, finish_links_threads_processes_and_their_objects);
	tcase_add_test(tc, explicit_object_thread_link_survives_thread_sort);
	tcase_add_test(tc, modules_and_symbols_are_sorted_and_remapped);
	tcase_add_test(tc, lookups_find_records_and_miss_cleanly);
	tcase_add_test(tc, pid_lookup_prefers_the_live_process);
	tcase_add_test(tc, pooltags_find_their_object_type);
	tcase_add_test(tc, out_of_range_links_become_none_with_a_warning);
	tcase_add_test(tc, empty_model_finishes);
	tcase_add_test(tc, strings_are_copied_into_the_arena);
	tcase_add_test(tc, warnings_are_capped_and_counted);
	tcase_add_test(tc, tags_print_and_parse);
	tcase_add_test(tc, finish_at_seed_scale);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(tree_suite)
