/* tests/test_win_corrupt.c — the Windows reader on damaged copies of the
 * fixture dumps: a cyclic and a broken process list, a cyclic thread list,
 * a handle table pointing nowhere, an object header with a bad type index,
 * absurd pool-tracker and handle-trace sizes. Each load must finish (no
 * crash, no hang), warn about what it could not read, naming it, and keep
 * the rest of the model. Copies are sparse, patched in place through the
 * dump's own page tables. */
#include <elf.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../model/dump.h"
#include "../model/load.h"
#include "../model/profile.h"
#include "../model/tree.h"
#include "../model/win/layout.h"
#include "../model/win/listfeed.h"
#include "testutil.h"

struct damaged {
	char core[600];
	json_object *truth;
	struct win_layout L;
	uint64_t dtb;
	struct dump *d;          /* the copy, opened for translation and reads */
};

static uint64_t hex(json_object *o, const char *key)
{
	json_object *v;

	ck_assert(json_object_object_get_ex(o, key, &v));
	return strtoull(json_object_get_string(v), NULL, 0);
}

static json_object *process_named(json_object *t, const char *name)
{
	json_object *procs, *v;
	size_t i;

	ck_assert(json_object_object_get_ex(t, "processes", &procs));
	for (i = 0; i < json_object_array_length(procs); i++) {
		json_object *p = json_object_array_get_idx(procs, i);

		ck_assert(json_object_object_get_ex(p, "name", &v));
		if (strcmp(json_object_get_string(v), name) == 0)
			return p;
	}
	ck_abort_msg("no process %s in the truth", name);
	return NULL;
}

static size_t truth_count(json_object *t, const char *key)
{
	json_object *v;

	ck_assert(json_object_object_get_ex(t, key, &v));
	return json_object_array_length(v);
}

/* A sparse copy of fixture NAME and its truth; false if the fixture is
 * missing (skipped). */
static bool damaged_open(struct damaged *x, const char *name)
{
	char src[512], dir[512], cmd[1400], truth[600];
	struct ls_err err;

	if (!test_fixture(name, src, sizeof(src)))
		return false;
	test_tmpdir(dir, sizeof(dir));
	snprintf(x->core, sizeof(x->core), "%s/%s.core", dir, name);
	snprintf(cmd, sizeof(cmd), "cp --sparse=always '%s' '%s'", src, x->core);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(truth, sizeof(truth), "%.*s.truth.json", (int)(strlen(src) - 5), src);
	x->truth = json_object_from_file(truth);
	ck_assert_ptr_nonnull(x->truth);
	ck_assert_ls_ok(win_layout_resolve(profile_builtin(), &x->L, &err), &err);
	x->dtb = hex(x->truth, "dtb");
	ck_assert_ls_ok(dump_open(x->core, &x->d, &err), &err);
	ck_assert_ls_ok(dump_set_kernel_dtb(x->d, x->dtb, &err), &err);
	return true;
}

static void damaged_close(struct damaged *x)
{
	dump_destroy(x->d);
	json_object_put(x->truth);
	unlink(x->core);
}

static uint64_t read64(struct damaged *x, uint64_t va)
{
	struct ls_err err;
	uint64_t v;

	ck_assert_ls_ok(dump_read_u64(x->d, 0, va, &v, "test read", &err), &err);
	return v;
}

/* The file offset holding physical address pa (ELF PT_LOAD segments). */
static off_t file_offset(int fd, uint64_t pa)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned i;

	ck_assert(pread(fd, &eh, sizeof(eh), 0) == (ssize_t)sizeof(eh));
	for (i = 0; i < eh.e_phnum; i++) {
		ck_assert(pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * eh.e_phentsize)) ==
			  (ssize_t)sizeof(ph));
		if (ph.p_type == PT_LOAD && pa >= ph.p_paddr && pa < ph.p_paddr + ph.p_filesz)
			return (off_t)(ph.p_offset + (pa - ph.p_paddr));
	}
	ck_abort_msg("physical 0x%" PRIx64 " is in no segment", pa);
	return -1;
}

/* Overwrite len bytes (within one page) at kernel va in the copy. */
static void patch(struct damaged *x, uint64_t va, const void *bytes, size_t len)
{
	struct ls_err err;
	uint64_t pa;
	int fd;

	ck_assert_ls_ok(dump_translate(x->d, 0, va, &pa, &err), &err);
	fd = open(x->core, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert(pwrite(fd, bytes, len, file_offset(fd, pa)) == (ssize_t)len);
	close(fd);
}

static void patch64(struct damaged *x, uint64_t va, uint64_t v)
{
	patch(x, va, &v, 8);   /* little-endian test host */
}

static struct model *load_damaged(struct damaged *x)
{
	struct dump *d;
	struct model *m = NULL;
	struct ls_err err;

	ck_assert_ls_ok(dump_open(x->core, &d, &err), &err);
	ck_assert_ls_ok(model_load(d, NULL, &m, &err), &err);
	dump_destroy(d);
	return m;
}

static void assert_warned(const struct model *m, const char *a, const char *b)
{
	uint32_t i;

	for (i = 0; i < m->nwarnings; i++)
		if (strstr(m->warnings[i], a) && (!b || strstr(m->warnings[i], b)))
			return;
	ck_abort_msg("no warning with \"%s\"%s%s (%u warnings, first: %s)", a,
		     b ? " and " : "", b ? b : "", m->nwarnings,
		     m->nwarnings ? m->warnings[0] : "-");
}

START_TEST(process_list_cycle_is_cut_and_walked_back)
{
	struct damaged x;
	struct model *m;
	uint64_t sys, links;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	sys = hex(process_named(x.truth, "System"), "eprocess");
	links = sys + (uint64_t)x.L.eproc_links.offset;
	patch64(&x, links + (uint64_t)x.L.list_flink.offset, links);   /* points at itself */
	m = load_damaged(&x);
	assert_warned(m, "PsActiveProcessHead", "cycle");
	/* the walk back from the head's Blink finds everyone else */
	ck_assert_uint_eq(m->nprocesses, truth_count(x.truth, "processes"));
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

START_TEST(broken_process_link_is_walked_around)
{
	struct damaged x;
	struct model *m;
	uint64_t e;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	e = hex(process_named(x.truth, "services.exe"), "eprocess");
	patch64(&x, e + (uint64_t)x.L.eproc_links.offset + (uint64_t)x.L.list_flink.offset,
		0x4141414141414141ULL);
	m = load_damaged(&x);
	assert_warned(m, "PsActiveProcessHead: bad link 0x4141414141414141", NULL);
	ck_assert_uint_eq(m->nprocesses, truth_count(x.truth, "processes"));
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

START_TEST(thread_list_cycle_ends)
{
	struct damaged x;
	struct model *m;
	uint64_t sys, first;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	sys = hex(process_named(x.truth, "System"), "eprocess");
	first = read64(&x, sys + (uint64_t)x.L.eproc_thread_list.offset);
	/* the first thread's executive link points back at itself */
	patch64(&x, first, first);
	m = load_damaged(&x);
	assert_warned(m, "EPROCESS.ThreadListHead of pid 4", "cycle");
	/* the threads behind handles are still found through the handles */
	ck_assert_uint_gt(m->nthreads, 1000);
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

START_TEST(thread_owner_that_is_no_process)
{
	struct damaged x;
	struct model *m;
	json_object *threads, *t0;
	uint64_t ethread, kbase;
	uint32_t t;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	ck_assert(json_object_object_get_ex(x.truth, "threads", &threads));
	t0 = json_object_array_get_idx(threads, 0);
	ethread = hex(t0, "ethread");
	kbase = hex(x.truth, "kernel_base");
	/* KTHREAD.Process -> the kernel image ("MZ"): readable, not a process */
	patch64(&x, ethread + (uint64_t)x.L.kthr_process.offset, kbase);
	m = load_damaged(&x);
	assert_warned(m, "is not an EPROCESS", NULL);
	ck_assert_uint_eq(m->nprocesses, truth_count(x.truth, "processes"));
	t = model_thread_by_addr(m, ethread);
	ck_assert_uint_ne(t, LS_NONE);
	ck_assert_uint_eq(m->threads[t].process, LS_NONE);
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

START_TEST(handle_table_pointing_nowhere)
{
	struct damaged x;
	struct model *m;
	json_object *ie;
	uint64_t table;
	uint32_t sys;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	ie = process_named(x.truth, "iexplore.exe");
	table = hex(ie, "handle_table");
	patch64(&x, table + (uint64_t)x.L.ht_table_code.offset, 0xffffdead00000002ULL);
	m = load_damaged(&x);
	assert_warned(m, "handle table of pid", "0xffffdead00000000");
	/* everyone else's handles stand */
	sys = model_process_by_pid(m, 4);
	ck_assert_uint_ne(sys, LS_NONE);
	ck_assert(m->processes[sys].handle_count.valid);
	ck_assert_uint_gt(m->processes[sys].nhandles, 0);
	ck_assert_uint_eq(m->processes[model_process_by_addr(m, hex(ie, "eprocess"))].nhandles, 0);
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

START_TEST(bad_type_index_leaves_the_type_unknown)
{
	struct damaged x;
	struct model *m;
	json_object *handles, *h0, *v;
	uint64_t body, header;
	uint8_t stored;
	uint32_t p, hi;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	ck_assert(json_object_object_get_ex(x.truth, "handles", &handles));
	h0 = json_object_array_get_idx(handles, json_object_array_length(handles) - 1);
	body = hex(h0, "object");
	header = body - (uint64_t)x.L.oh_body.offset;
	/* a type index that decodes to 255: no type lives there */
	ck_assert(json_object_object_get_ex(x.truth, "header_cookie", &v));
	stored = (uint8_t)(255 ^ (uint8_t)json_object_get_int(v) ^ (uint8_t)(header >> 8));
	patch(&x, header + (uint64_t)x.L.oh_type_index.offset, &stored, 1);
	m = load_damaged(&x);
	assert_warned(m, "type index 255 decodes to no known type", NULL);
	ck_assert(json_object_object_get_ex(h0, "pid", &v));
	p = model_process_by_pid(m, json_object_get_int64(v));
	ck_assert(json_object_object_get_ex(h0, "value", &v));
	hi = model_handle_by_value(m, p, json_object_get_int64(v));
	ck_assert_uint_ne(hi, LS_NONE);
	ck_assert_uint_eq(m->objects[m->handles[hi].object].type, LS_NONE);
	ck_assert_uint_eq(m->nhandles, truth_count(x.truth, "handles"));
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

START_TEST(absurd_pool_tracker_size)
{
	struct damaged x;
	struct model *m;
	uint64_t kbase;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	kbase = hex(x.truth, "kernel_base");
	patch64(&x, kbase + (uint64_t)x.L.sym.PoolTrackTableSize, 0x0000ffffffffffffULL);
	m = load_damaged(&x);
	assert_warned(m, "pool tracker table", "is absurd");
	ck_assert_uint_eq(m->nprocesses, truth_count(x.truth, "processes"));
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

START_TEST(absurd_trace_table_size)
{
	struct damaged x;
	struct model *m;
	json_object *app;
	uint64_t table, info;
	uint32_t size = 0x7fffffff;
	uint32_t p;

	if (!damaged_open(&x, "process-handle-leak"))
		return;
	app = process_named(x.truth, "MyApp.exe");
	table = hex(app, "handle_table");
	info = read64(&x, table + (uint64_t)x.L.ht_debug_info.offset);
	ck_assert_uint_ne(info, 0);
	patch(&x, info + (uint64_t)x.L.htdi_table_size.offset, &size, 4);
	m = load_damaged(&x);
	assert_warned(m, "handle traces of pid 9396", "TableSize 2147483647 is absurd");
	p = model_process_by_pid(m, 9396);
	ck_assert_uint_eq(m->processes[p].ntraces, 0);
	ck_assert_uint_eq(m->nhandles, truth_count(x.truth, "handles"));
	model_destroy(m);
	damaged_close(&x);
}
END_TEST

/* --- the read-ahead feed (model/win/listfeed.c) ------------------------------ */

/* A load with the thread lists read ahead on a second core (the default)
 * or on one core (LEAKSCOPE_SERIAL=1). */
static struct model *load_damaged_mode(struct damaged *x, bool serial)
{
	struct model *m;

	ck_assert_int_eq(setenv("LEAKSCOPE_SERIAL", serial ? "1" : "0", 1), 0);
	m = load_damaged(x);
	unsetenv("LEAKSCOPE_SERIAL");
	return m;
}

/* What a user sees must not depend on how many cores read it. */
static void assert_same_model(const struct model *a, const struct model *b)
{
	uint32_t i;

	ck_assert_uint_eq(a->nthreads, b->nthreads);
	for (i = 0; i < a->nthreads; i++) {
		ck_assert_uint_eq(a->threads[i].addr, b->threads[i].addr);
		ck_assert_uint_eq(a->threads[i].pid, b->threads[i].pid);
		ck_assert_uint_eq(a->threads[i].tid, b->threads[i].tid);
		ck_assert_uint_eq(a->threads[i].process, b->threads[i].process);
		ck_assert_uint_eq(a->threads[i].state, b->threads[i].state);
		ck_assert_uint_eq(a->threads[i].found, b->threads[i].found);
		ck_assert_uint_eq(a->threads[i].start, b->threads[i].start);
		ck_assert_uint_eq(a->threads[i].create_time, b->threads[i].create_time);
	}
	ck_assert_uint_eq(a->nhandles, b->nhandles);
	ck_assert_uint_eq(a->nobjects, b->nobjects);
	ck_assert_uint_eq(a->nwarnings, b->nwarnings);
	for (i = 0; i < a->nwarnings; i++)
		ck_assert_str_eq(a->warnings[i], b->warnings[i]);
}

/* The ETHREAD.ThreadListEntry of the n-th thread (0: the first) on the
 * executive list of the process at eproc. */
static uint64_t nth_thread_entry(struct damaged *x, uint64_t eproc, unsigned n)
{
	uint64_t head = eproc + (uint64_t)x->L.eproc_thread_list.offset;
	uint64_t link = read64(x, head);

	while (n--) {
		link = read64(x, link);
		ck_assert_uint_ne(link, head);
	}
	return link;
}

static unsigned truth_threads_of(json_object *t, int64_t pid)
{
	json_object *threads, *v;
	unsigned n = 0;
	size_t i;

	ck_assert(json_object_object_get_ex(t, "threads", &threads));
	for (i = 0; i < json_object_array_length(threads); i++) {
		ck_assert(json_object_object_get_ex(json_object_array_get_idx(threads, i),
						    "owner_pid", &v));
		n += json_object_get_int64(v) == pid;
	}
	return n;
}

static void note_if_one_cpu(void)
{
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		fprintf(stderr, "win_corrupt: one CPU here, so loads read on one core and "
			"the read-ahead feed is not exercised\n");
}

/* The feed on its own: the bytes of each element of System's thread list,
 * in list order, exactly as a read of the same span; nothing past the
 * head; nothing after a take it cannot serve. */
START_TEST(feed_hands_over_what_a_read_returns)
{
	uint8_t got[0x600], want[0x600];
	struct list_feed_spec spec;
	struct list_feed *f;
	struct damaged x;
	struct ls_err err;
	uint64_t head, link;
	unsigned n = 0;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	head = hex(process_named(x.truth, "System"), "eprocess") +
	       (uint64_t)x.L.eproc_thread_list.offset;
	link = read64(&x, head);
	memset(&spec, 0, sizeof(spec));
	spec.dtb = x.dtb;
	spec.head = head;
	spec.link = link;
	spec.entry_off = x.L.ethr_list_entry.offset;
	spec.below = 0x40;
	spec.len = sizeof(got) - spec.below;
	spec.max = 1u << 20;
	f = list_feed_start(x.d, &spec);
	if (!f) {
		ck_assert_int_lt(sysconf(_SC_NPROCESSORS_ONLN), 2);
		note_if_one_cpu();
		damaged_close(&x);
		return;
	}
	while (link != head) {
		uint64_t elem = link - (uint64_t)spec.entry_off;

		ck_assert_msg(list_feed_take(f, elem, got), "element %u not fed", n);
		ck_assert_ls_ok(dump_read_kv(x.d, elem - spec.below, want, sizeof(want),
					     "ETHREAD", &err), &err);
		ck_assert_mem_eq(got, want, sizeof(want));
		link = read64(&x, link);
		n++;
	}
	ck_assert_uint_eq(n, truth_threads_of(x.truth, 4));
	ck_assert(!list_feed_take(f, head, got));   /* the head is no element */
	list_feed_stop(f);

	/* a walk that goes elsewhere ends the feed for good */
	f = list_feed_start(x.d, &spec);
	ck_assert_ptr_nonnull(f);
	ck_assert(!list_feed_take(f, 0xFFFF800000001000ULL, got));
	ck_assert(!list_feed_take(f, spec.link - (uint64_t)spec.entry_off, got));
	list_feed_stop(f);
	damaged_close(&x);
}
END_TEST

START_TEST(thread_feed_reads_what_one_core_reads)
{
	struct damaged x;
	struct model *serial, *fed;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	note_if_one_cpu();
	/* System's list is long enough for a feed (it starts after 64) */
	ck_assert_uint_ge(truth_threads_of(x.truth, 4), 1000);
	serial = load_damaged_mode(&x, true);
	fed = load_damaged_mode(&x, false);
	assert_same_model(serial, fed);
	ck_assert_uint_eq(fed->nthreads, truth_count(x.truth, "threads"));
	model_destroy(serial);
	model_destroy(fed);
	damaged_close(&x);
}
END_TEST

/* Damage deep in a long list, where the feed runs ahead of the walk: the
 * walk must see it and stop as it does on one core, and the helper must
 * not hang or read on. */
static void deep_damage_reads_alike(uint64_t (*damage)(struct damaged *, uint64_t),
				    const char *warning)
{
	struct damaged x;
	struct model *serial, *fed;
	uint64_t sys;

	if (!damaged_open(&x, "thread-handle-leak"))
		return;
	note_if_one_cpu();
	sys = hex(process_named(x.truth, "System"), "eprocess");
	damage(&x, sys);
	serial = load_damaged_mode(&x, true);
	fed = load_damaged_mode(&x, false);
	assert_warned(serial, "EPROCESS.ThreadListHead of pid 4", warning);
	assert_same_model(serial, fed);
	model_destroy(serial);
	model_destroy(fed);
	damaged_close(&x);
}

/* Thread 500's link goes back to thread 100: a cycle of 400. */
static uint64_t cycle_at_500(struct damaged *x, uint64_t sys)
{
	uint64_t back = nth_thread_entry(x, sys, 100);

	patch64(x, nth_thread_entry(x, sys, 500), back);
	return back;
}

/* Thread 500's link is not an address. */
static uint64_t garbage_at_500(struct damaged *x, uint64_t sys)
{
	patch64(x, nth_thread_entry(x, sys, 500), 0x4141414141414141ULL);
	return 0;
}

/* Thread 500's link is a kernel address with nothing mapped there. */
static uint64_t nowhere_at_500(struct damaged *x, uint64_t sys)
{
	uint64_t va = 0xFFFF880000000000ULL, pa;
	struct ls_err err;

	while (dump_translate(x->d, 0, va, &pa, &err) == LS_OK)
		va += 0x8000000000ULL;   /* the next PML4 slot */
	patch64(x, nth_thread_entry(x, sys, 500), va + 0x4e8);
	return 0;
}

START_TEST(deep_thread_list_cycle_reads_alike)
{
	deep_damage_reads_alike(cycle_at_500, "cycle");
}
END_TEST

START_TEST(deep_bad_thread_link_reads_alike)
{
	deep_damage_reads_alike(garbage_at_500, "bad link 0x4141414141414141");
}
END_TEST

START_TEST(deep_thread_link_to_nowhere_reads_alike)
{
	deep_damage_reads_alike(nowhere_at_500, "ETHREAD");
}
END_TEST

static Suite *win_corrupt_suite(void)
{
	Suite *s = suite_create("win_corrupt");
	TCase *tc = tcase_create("damaged");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, process_list_cycle_is_cut_and_walked_back);
	tcase_add_test(tc, broken_process_link_is_walked_around);
	tcase_add_test(tc, thread_list_cycle_ends);
	tcase_add_test(tc, thread_owner_that_is_no_process);
	tcase_add_test(tc, handle_table_pointing_nowhere);
	tcase_add_test(tc, bad_type_index_leaves_the_type_unknown);
	tcase_add_test(tc, absurd_pool_tracker_size);
	tcase_add_test(tc, absurd_trace_table_size);
	tcase_add_test(tc, feed_hands_over_what_a_read_returns);
	tcase_add_test(tc, thread_feed_reads_what_one_core_reads);
	tcase_add_test(tc, deep_thread_list_cycle_reads_alike);
	tcase_add_test(tc, deep_bad_thread_link_reads_alike);
	tcase_add_test(tc, deep_thread_link_to_nowhere_reads_alike);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(win_corrupt_suite)
