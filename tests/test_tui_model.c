/* tests/test_tui_model.c — the hand-built leak model (see the header). */
#include <stdio.h>
#include <string.h>

#include "../model/tree.h"
#include "test_tui_model.h"
#include "testutil.h"

static uint32_t add_proc(struct model *m, const char *name, uint64_t pid, uint64_t ppid,
			 int64_t session, uint64_t addr)
{
	struct ls_process p = { .addr = addr, .pid = pid, .ppid = ppid, .session = session,
				.name = model_strdup(m, name), .object = LS_NONE };
	return model_add_process(m, &p);
}

static void add_thread(struct model *m, uint32_t p, uint64_t pid, uint64_t tid,
		       uint64_t addr, uint64_t start, bool terminated)
{
	struct ls_thread t = { .addr = addr, .pid = pid, .tid = tid, .process = p,
			       .terminated = terminated, .start = start,
			       .state = terminated ? 4 : 5,
			       .state_name = terminated ? "Terminated" : "Waiting",
			       .priority = 8, .base_priority = 8, .context_switches = 1,
			       .wait_time = 975361, .object = LS_NONE,
			       .found = LS_FOUND_LIST };
	model_add_thread(m, &t);
}

static uint32_t add_obj(struct model *m, uint64_t body, uint32_t type, const char *name)
{
	struct ls_object o = { .header = body - 0x30, .body = body, .type = type,
			       .pointer_count = 1, .handle_count = 1,
			       .name = name ? model_strdup(m, name) : NULL,
			       .thread = LS_NONE, .process = LS_NONE };
	return model_add_object(m, &o);
}

static void add_handle(struct model *m, uint32_t p, uint64_t value, uint32_t o)
{
	struct ls_handle h = { .value = value, .process = p, .object = o, .access = 0x1f03ff };
	model_add_handle(m, &h);
}

static void add_tag(struct model *m, const char *tag, uint64_t allocs, uint64_t frees,
		    uint64_t bytes, uint32_t type, const char *desc, const char *bin)
{
	struct ls_pooltag t = { .np_allocs = allocs, .np_frees = frees, .np_bytes = bytes,
				.type = type, .desc = model_strdup(m, desc),
				.binary = model_strdup(m, bin) };

	ls_tag_parse(tag, &t.tag);
	t.name = model_strdup(m, tag);
	model_add_pooltag(m, &t);
}

struct model *test_tui_model(void)
{
	struct model *m = model_create();
	struct ls_type ty = { 0 };
	struct ls_module md = { 0 };
	struct ls_symbol sy = { 0 };
	struct ls_err err;
	uint32_t t_thread, t_event, t_process, sys, ie, ex, i, mod;

	ck_assert_ptr_nonnull(m);
	snprintf(m->facts.build, sizeof(m->facts.build), "Windows 10 x64 10.0.19041");
	m->facts.os = LS_OS_WINDOWS;
	m->facts.tick_count = 1956348;
	m->mem.page_size = 4096;
	m->mem.physical_pages = (struct ls_opt){ 1048352, true };
	m->mem.nonpaged_used = (struct ls_opt){ 65244, true };
	m->mem.nonpaged_max = (struct ls_opt){ 65503, true };
	m->mem.paged_used = (struct ls_opt){ 9062, true };
	m->mem.paged_max = (struct ls_opt){ 66560, true };
	m->mem.failed_allocs = (struct ls_opt){ 184, true };

	ty.name = model_strdup(m, "Thread");
	ls_tag_parse("Thre", &ty.pool_tag);
	t_thread = model_add_type(m, &ty);
	ty.name = model_strdup(m, "Event");
	ls_tag_parse("Even", &ty.pool_tag);
	t_event = model_add_type(m, &ty);
	ty.name = model_strdup(m, "Process");
	ls_tag_parse("Proc", &ty.pool_tag);
	t_process = model_add_type(m, &ty);
	(void)t_process;

	add_tag(m, "Thre", 772672, 463590, 192867168, t_thread, "Thread objects", "nt!ps");
	add_tag(m, "MmCm", 42, 9, 12153104, LS_NONE, "Calls made to MmAllocateContiguousMemory", "nt!mm");
	add_tag(m, "Even", 5000, 4000, 640000, t_event, "Event objects", NULL);

	sys = add_proc(m, "System", 4, 0, -1, 0xffffc50c00001000ull);
	ie = add_proc(m, "iexplore.exe", TM_IE_PID, 0x17238, 7, 0xffffc50c88b75020ull);
	m->processes[ie].global_flag = (struct ls_opt){ 0x100, true };
	m->processes[ie].trace_db = 0xffffc50c00700000ull;
	m->processes[ie].peb = 0x7ffdf000;
	ex = add_proc(m, "explorer.exe", 0x500, 0x4a0, 1, 0xffffc50c00003000ull);

	md.base = 0xfffff80012340000ull;
	md.size = 0x10000;
	md.name = model_strdup(m, "mydriver.sys");
	md.process = LS_NONE;
	mod = model_add_module(m, &md);
	sy.addr = TM_START;
	sy.name = model_strdup(m, "StatusWaitThread");
	sy.module = mod;
	model_add_symbol(m, &sy);

	/* a module whose export name carries terminal escapes */
	md.base = 0xfffff80077770000ull;
	md.name = model_strdup(m, "evil\x1b[2J.sys");
	mod = model_add_module(m, &md);
	sy.addr = 0xfffff80077770100ull;
	sy.name = model_strdup(m, "Bad\x1b]0;pwned\x07Start");
	sy.module = mod;
	model_add_symbol(m, &sy);
	add_thread(m, sys, 4, 0x44, 0xffffc50c00600000ull, 0xfffff80077770100ull, false);

	for (i = 0; i < TM_LEAKED; i++) {
		uint64_t addr = 0xffffc50c88a00000ull + (uint64_t)i * 0x1000;
		uint32_t o;

		add_thread(m, sys, 4, 0x1885c + i * 4, addr, TM_START, true);
		o = add_obj(m, addr, t_thread, NULL);
		add_handle(m, ie, 0x0d94 + i * 4, o);
	}
	add_thread(m, sys, 4, 8, 0xffffc50c00100000ull, 0xfffff80055550000ull, false);
	add_thread(m, ie, TM_IE_PID, 0x100, 0xffffc50c00200000ull, 0x7ff612340000ull, false);
	add_thread(m, ex, 0x500, 0x504, 0xffffc50c00300000ull, 0x7ff612340000ull, false);
	/* explorer holds the live iexplore thread and some events */
	add_handle(m, ex, 0x4, add_obj(m, 0xffffc50c00200000ull, t_thread, NULL));
	for (i = 0; i < 3; i++)
		add_handle(m, ex, 0x10 + i * 4, add_obj(m, 0xffffc50c00400000ull + i * 0x100,
						       t_event, "\x1b[31mEvil\x1b[0m"));
	add_handle(m, ie, 0x8, add_obj(m, 0xffffc50c00500000ull, t_event, "IeEvent"));
	/* handle traces of iexplore: the OPEN of 0x0d94, the CLOSE of a gone
	 * handle */
	{
		struct ls_trace tr = { .process = ie, .seq = 0, .handle = 0x9999,
				       .kind = LS_TRACE_CLOSE, .pid = TM_IE_PID, .tid = 0x100,
				       .nframes = 1, .frames = { TM_START } };

		model_add_trace(m, &tr);
		tr.seq = 1;
		tr.handle = 0x0d94;
		tr.kind = LS_TRACE_OPEN;
		tr.nframes = 2;
		tr.frames[1] = 0xfffff80012341200ull;
		model_add_trace(m, &tr);
	}
	ls_err_clear(&err);
	ck_assert_ls_ok(model_finish(m, &err), &err);
	return m;
}
