/* tests/test_cmd_model.c — the hand-built models of test_cmd_model.h. */
#include <stdio.h>
#include <string.h>

#include "test_cmd_model.h"

const char tm_evil_name[] = "evil\x1b[2Jname\n\xc2\x9b.exe";

#define TAG(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

struct tb {
	struct model *m;
	uint32_t t_thread, t_process, t_directory, t_event, t_key;
	uint32_t kmod_nt, kmod_drv;
};

static uint32_t type(struct tb *b, const char *name, uint64_t addr, uint32_t tag)
{
	struct ls_type t = { .name = name, .addr = addr, .pool_tag = tag };
	return model_add_type(b->m, &t);
}

static void pooltag(struct tb *b, uint32_t tag, uint64_t na, uint64_t nf, uint64_t nb,
		    uint64_t pa, uint64_t pf, uint64_t pbytes, uint32_t ty,
		    const char *desc, const char *bin)
{
	char name[5];
	struct ls_pooltag p = { .tag = tag, .np_allocs = na, .np_frees = nf, .np_bytes = nb,
				.p_allocs = pa, .p_frees = pf, .p_bytes = pbytes, .type = ty,
				.desc = desc, .binary = bin };

	memcpy(name, &tag, 4);
	name[4] = '\0';
	p.name = model_strdup(b->m, name);
	model_add_pooltag(b->m, &p);
}

static uint32_t process(struct tb *b, const char *name, uint64_t addr, uint64_t pid,
			uint64_t ppid, int64_t session, uint64_t handle_count)
{
	struct ls_process p = { .addr = addr, .pid = pid, .ppid = ppid, .session = session,
				.name = name, .dtb = 0x1aa000 + pid * 0x1000,
				.handle_table = addr + 0x10000000,
				.handle_count = { handle_count, true } };
	return model_add_process(b->m, &p);
}

static uint32_t thread(struct tb *b, uint32_t p, uint64_t addr, uint64_t pid, uint64_t tid,
		       uint64_t start, bool terminated)
{
	struct ls_thread t = { .addr = addr, .pid = pid, .tid = tid, .process = p,
			       .start = start, .win32_start = start,
			       .terminated = terminated, .state = terminated ? 4 : 5,
			       .state_name = terminated ? "Terminated" : "Waiting",
			       .wait_reason = 15, .wait_time = TM_WAIT_TICK,
			       .context_switches = 1, .priority = 8, .base_priority = 8,
			       .stack_base = addr + 0x7000, .stack_limit = addr + 0x1000,
			       .kernel_stack = addr + 0x6c98,
			       .found = terminated ? 4 : 3, .object = LS_NONE };
	return model_add_thread(b->m, &t);
}

static uint32_t object(struct tb *b, uint64_t body, uint32_t ty, const char *name,
		       const char *path, uint64_t dir, int64_t handles)
{
	struct ls_object o = { .body = body, .header = body - 0x30, .type = ty, .name = name,
			       .path = path, .directory = dir, .handle_count = handles,
			       .pointer_count = handles, .thread = LS_NONE,
			       .process = LS_NONE };
	return model_add_object(b->m, &o);
}

static void handle(struct tb *b, uint32_t p, uint64_t value, uint32_t o, uint32_t access)
{
	struct ls_handle h = { .value = value, .process = p, .object = o, .access = access,
			       .entry = 0xffffc00012340000ull + value * 4 };
	model_add_handle(b->m, &h);
}

static uint32_t module(struct tb *b, const char *name, uint64_t base, uint64_t size,
		       uint32_t p)
{
	struct ls_module md = { .base = base, .size = size, .name = name, .process = p };
	return model_add_module(b->m, &md);
}

static void symbol(struct tb *b, uint32_t mod, uint64_t addr, const char *name)
{
	struct ls_symbol s = { .addr = addr, .name = name, .module = mod };
	model_add_symbol(b->m, &s);
}

/* Types, kernel modules, a System process and the usual background. */
static uint32_t base(struct tb *b)
{
	uint32_t sys;

	b->m = model_create();
	b->m->facts.os = LS_OS_WINDOWS;
	b->m->facts.tick_count = TM_WAIT_TICK + TM_TICKS;
	b->m->facts.tick_multiplier = 262144000u;
	b->m->mem.page_size = 4096;
	b->t_thread = type(b, "Thread", TM_THREAD_TYPE, TAG('T', 'h', 'r', 'e'));
	b->t_process = type(b, "Process", 0xffffb50c1a28a7a0ull, TAG('P', 'r', 'o', 'c'));
	b->t_directory = type(b, "Directory", 0xffffb50c1a28b110ull, TAG('D', 'i', 'r', 'e'));
	b->t_event = type(b, "Event", 0xffffb50c1a28b2d0ull, TAG('E', 'v', 'e', 'n'));
	b->t_key = type(b, "Key", 0xffffb50c1a28b490ull, TAG('K', 'e', 'y', ' '));
	b->kmod_nt = module(b, "ntoskrnl.exe", TM_NT_BASE, 0xa00000, LS_NONE);
	symbol(b, b->kmod_nt, TM_BALANCE, "KeBalanceSetManager");
	symbol(b, b->kmod_nt, TM_NT_BASE + 0x9000, "ExpUpdateDebugInfo");
	symbol(b, b->kmod_nt, TM_NT_BASE + 0xa000, "NtOpenProcess");
	b->kmod_drv = module(b, "mydriver.sys", TM_DRV_BASE, 0x8000, LS_NONE);
	symbol(b, b->kmod_drv, TM_STATUS_WAIT, "StatusWaitThread");
	sys = process(b, "System", TM_SYSTEM_ADDR, 4, 0, -1, 0);
	return sys;
}

/* Ordinary processes with a few Event and Key handles each. */
static void background(struct tb *b, int n, uint32_t events_each)
{
	static char names[16][32];
	int i;
	uint32_t k;

	for (i = 0; i < n && i < 16; i++) {
		uint64_t addr = 0xffffb50c30000080ull + (uint64_t)i * 0x100000;
		uint32_t p;

		snprintf(names[i], sizeof(names[i]), "svchost%02d.exe", i);
		p = process(b, names[i], addr, 0x300 + 4 * (uint64_t)i, 0x2a0, 0,
			    events_each + 2);
		thread(b, p, addr + 0x8000, 0x300 + 4 * (uint64_t)i, 0x400 + 4 * (uint64_t)i,
		       TM_BALANCE, false);
		for (k = 0; k < events_each; k++)
			handle(b, p, 4 + 4 * k,
			       object(b, addr + 0x10000 + k * 0x100, b->t_event, NULL, NULL, 0, 1),
			       0x1f0003);
		handle(b, p, 4 + 4 * k, object(b, addr + 0x20000, b->t_key, NULL, NULL, 0, 1), 0x20019);
		handle(b, p, 8 + 4 * k, object(b, addr + 0x20100, b->t_key, NULL, NULL, 0, 1), 0x20019);
	}
}

static struct model *finish(struct tb *b)
{
	struct ls_err err;

	if (model_finish(b->m, &err) != LS_OK) {
		fprintf(stderr, "model_finish: %s\n", err.msg);
		model_destroy(b->m);
		return NULL;
	}
	return b->m;
}

struct model *tm_thread_leak(void)
{
	struct tb b;
	uint32_t sys = base(&b), ie, ex, evil, i;
	struct ls_memsum *mem;

	mem = &b.m->mem;
	mem->physical_pages = (struct ls_opt){ 1048352, true };
	mem->available_pages = (struct ls_opt){ 697734, true };
	mem->resavail_pages = (struct ls_opt){ 958085, true };
	mem->nonpaged_used = (struct ls_opt){ 65244, true };
	mem->nonpaged_max = (struct ls_opt){ 65503, true };
	mem->paged_used = (struct ls_opt){ 9062, true };
	mem->paged_max = (struct ls_opt){ 66560, true };
	mem->committed = (struct ls_opt){ 425816, true };
	mem->commit_limit = (struct ls_opt){ 2052560, true };
	mem->failed_allocs = (struct ls_opt){ 184, true };
	pooltag(&b, TAG('T', 'h', 'r', 'e'), 772672, 463590, 192867168, 0, 0, 0, b.t_thread,
		"Thread objects", "nt!ps");
	pooltag(&b, TAG('M', 'm', 'C', 'm'), 42, 9, 12153104, 0, 0, 0, LS_NONE,
		"Calls made to MmAllocateContiguousMemory", "nt!mm");
	pooltag(&b, TAG('E', 'v', 'e', 'n'), 900, 400, 64000, 0, 0, 0, b.t_event, NULL, NULL);
	pooltag(&b, TAG('X', 'y', 'z', '1'), 3, 1, 256, 5, 1, 4096, LS_NONE, NULL, NULL);
	pooltag(&b, TAG('C', 'M', 'V', 'a'), 0, 0, 0, 5000, 1000, 9000000, LS_NONE,
		"Configuration Manager", "nt!cm");

	ie = process(&b, "iexplore.exe", TM_IE_ADDR, TM_IE_PID, TM_IE_PPID, 7, 143428);
	ex = process(&b, "explorer.exe", 0xffffb50c1e0a3080ull, 0x1a2c, 0x1a00, 7, 5);
	evil = process(&b, tm_evil_name, 0xffffb50c1e0b4080ull, TM_EVIL_PID, 0x1a2c, 7, 0);
	background(&b, 6, 3);
	thread(&b, sys, 0xffffb50c1a2b2040ull, 4, 8, TM_BALANCE, false);
	thread(&b, evil, 0xffffb50c1e0b5080ull, TM_EVIL_PID, 0x670, TM_BALANCE, false);
	for (i = 0; i < TM_LEAKED; i++) {
		uint64_t addr = TM_THREAD_BASE + i * 0x1000;
		thread(&b, sys, addr, 4, 0x1885c + 4 * i, TM_STATUS_WAIT, true);
		handle(&b, ie, TM_FIRST_HANDLE + 4 * i,
		       object(&b, addr, b.t_thread, NULL, NULL, 0, 1), 0x1f03ff);
	}
	/* explorer: 3 live threads of its own, each with one handle */
	for (i = 0; i < 3; i++) {
		uint64_t addr = 0xffffb50c1e0a4080ull + i * 0x1000;
		thread(&b, ex, addr, 0x1a2c, 0x1a30 + 4 * i, TM_BALANCE, false);
		handle(&b, ex, 0x40 + 4 * i, object(&b, addr, b.t_thread, NULL, NULL, 0, 1), 0x1fffff);
	}
	return finish(&b);
}

struct model *tm_process_leak(void)
{
	struct tb b;
	uint32_t app, child, obj, dll, u32, i, k;
	struct ls_trace tr;
	struct model *m;

	base(&b);
	m = b.m;
	m->mem.nonpaged_used = (struct ls_opt){ 20000, true };
	m->mem.nonpaged_max = (struct ls_opt){ 65503, true };
	m->mem.failed_allocs = (struct ls_opt){ 0, true };
	pooltag(&b, TAG('P', 'r', 'o', 'c'), 300, 200, 100 * 1408, 0, 0, 0, b.t_process, NULL, NULL);
	pooltag(&b, TAG('E', 'v', 'e', 'n'), 900, 400, 64000, 0, 0, 0, b.t_event, NULL, NULL);
	background(&b, 5, 4);

	app = process(&b, "MyApp.exe", TM_APP_ADDR, TM_APP_PID, 0x1270, 1, TM_APP_HANDLES + 3);
	m->processes[app].peb = TM_APP_PEB;
	m->processes[app].global_flag = (struct ls_opt){ 0x100, true };
	m->processes[app].trace_db = 0xffffc0001111000ull;
	child = process(&b, "child.exe", TM_CHILD_ADDR, 0x2500, TM_APP_PID, 1, 0);
	m->processes[child].exited = true;
	m->processes[child].exit_time = 133000000000000000ull;
	thread(&b, app, 0xffffb50c2a970080ull, TM_APP_PID, 0xca4, TM_MYDLL_BASE + 0x3000, false);
	dll = module(&b, "MyDLL.dll", TM_MYDLL_BASE, 0x10000, app);
	symbol(&b, dll, TM_MYDLL_BASE + 0x13e4, "GetProcHandle");
	symbol(&b, dll, TM_MYDLL_BASE + 0x2800, "MainWndProc");
	symbol(&b, dll, TM_MYDLL_BASE + 0x3000, "Load");
	u32 = module(&b, "USER32.dll", 0x77380000ull, 0x90000, app);
	symbol(&b, u32, 0x7739c38full, "InternalCallWinProc");

	/* the one Process object, of the exited child, held 70 times */
	obj = object(&b, TM_CHILD_ADDR, b.t_process, NULL, NULL, 0, TM_APP_HANDLES);
	for (i = 0; i < TM_APP_HANDLES; i++)
		handle(&b, app, 4 + 4 * i, obj, 0x410);
	/* three ordinary handles with other stacks */
	for (k = 0; k < 3; k++)
		handle(&b, app, 0x400 + 4 * k,
		       object(&b, 0xffffb50c2b000000ull + k * 0x100, b.t_event, NULL, NULL, 0, 1),
		       0x1f0003);

	/* traces: newest first; OPEN for each live handle, CLOSE noise */
	memset(&tr, 0, sizeof(tr));
	tr.process = app;
	tr.pid = TM_APP_PID;
	tr.tid = 0xca4;
	for (i = 0; i < TM_APP_HANDLES; i++) {
		uint64_t frames[] = { TM_NT_BASE + 0x916d, TM_NT_BASE + 0xa22c, TM_GETPROC,
				      TM_MYDLL_BASE + 0x29cc, 0x7739c3b7ull, TM_MYDLL_BASE + 0x3377 };
		tr.seq = 2 * i;
		tr.handle = 4 + 4 * i;
		tr.kind = LS_TRACE_OPEN;
		tr.nframes = 6;
		memcpy(tr.frames, frames, sizeof(frames));
		model_add_trace(m, &tr);
		/* an older OPEN/CLOSE pair of a handle value no longer in use */
		tr.seq = 2 * i + 1;
		tr.handle = 0x800 + 4 * i;
		tr.kind = LS_TRACE_CLOSE;
		tr.nframes = 2;
		model_add_trace(m, &tr);
	}
	for (k = 0; k < 3; k++) {
		uint64_t frames[] = { TM_NT_BASE + 0x916d, 0x7739c3b7ull };
		tr.seq = 1000 + k;
		tr.handle = 0x400 + 4 * k;
		tr.kind = LS_TRACE_OPEN;
		tr.nframes = 2;
		memcpy(tr.frames, frames, sizeof(frames));
		model_add_trace(m, &tr);
	}
	return finish(&b);
}

struct model *tm_directory_leak(void)
{
	struct tb b;
	uint32_t sys = base(&b), i;
	struct model *m = b.m;
	static char paths[TM_DIRS][64];

	m->mem.paged_used = (struct ls_opt){ 30000, true };
	m->mem.paged_max = (struct ls_opt){ 66560, true };
	m->mem.failed_allocs = (struct ls_opt){ 0, true };
	m->processes[sys].handle_count = (struct ls_opt){ TM_DIRS + 10, true };
	pooltag(&b, TAG('D', 'i', 'r', 'e'), 0, 0, 0, 400, 100, 300 * 512, b.t_directory, NULL, NULL);
	pooltag(&b, TAG('E', 'v', 'e', 'n'), 900, 400, 64000, 0, 0, 0, b.t_event, NULL, NULL);
	background(&b, 6, 3);
	for (i = 0; i < TM_DIRS; i++) {
		uint64_t parent = 0xffffc50c40000000ull + i * 0x1000;
		uint64_t body = 0xffffc50c50000000ull + i * 0x1000;

		snprintf(paths[i], sizeof(paths[i]), "\\Sessions\\%u\\Windows\\WindowStations", i + 1);
		object(&b, parent, b.t_directory, "Windows", NULL, 0, 0);
		handle(&b, sys, 0x1c20 + 4 * i,
		       object(&b, body, b.t_directory, "WindowStations", paths[i], parent, 1), 4);
	}
	return finish(&b);
}

struct model *tm_healthy(void)
{
	struct tb b;
	uint32_t sys = base(&b), i;
	struct model *m = b.m;

	m->mem.nonpaged_used = (struct ls_opt){ 12000, true };
	m->mem.nonpaged_max = (struct ls_opt){ 65503, true };
	m->mem.paged_used = (struct ls_opt){ 9000, true };
	m->mem.paged_max = (struct ls_opt){ 66560, true };
	m->mem.failed_allocs = (struct ls_opt){ 0, true };
	pooltag(&b, TAG('T', 'h', 'r', 'e'), 5000, 4900, 100 * 1536, 0, 0, 0, b.t_thread, NULL, NULL);
	pooltag(&b, TAG('E', 'v', 'e', 'n'), 900, 400, 64000, 0, 0, 0, b.t_event, NULL, NULL);
	pooltag(&b, TAG('K', 'e', 'y', ' '), 0, 0, 0, 400, 300, 12800, b.t_key, NULL, NULL);
	background(&b, 10, 5);
	/* System: 40 live threads, a few terminated ones held briefly */
	for (i = 0; i < 40; i++)
		thread(&b, sys, 0xffffb50c1a300080ull + i * 0x1000, 4, 0x10 + 4 * i,
		       TM_BALANCE, false);
	for (i = 0; i < 3; i++) {
		uint64_t addr = 0xffffb50c1a400080ull + i * 0x1000;
		thread(&b, sys, addr, 4, 0x200 + 4 * i, TM_STATUS_WAIT, true);
		handle(&b, sys, 0x100 + 4 * i, object(&b, addr, b.t_thread, NULL, NULL, 0, 1), 0x1fffff);
	}
	/* System holds 30 Key handles: more than others, but an ordinary number */
	for (i = 0; i < 30; i++)
		handle(&b, sys, 0x200 + 4 * i,
		       object(&b, 0xffffc50c60000000ull + i * 0x100, b.t_key, NULL, NULL, 0, 1), 0x20019);
	return finish(&b);
}

struct model *tm_type_pressure(void)
{
	struct tb b;
	uint32_t hog, i;
	struct model *m;

	base(&b);
	m = b.m;
	m->mem.nonpaged_used = (struct ls_opt){ 62000, true };
	m->mem.nonpaged_max = (struct ls_opt){ 65503, true };
	m->mem.failed_allocs = (struct ls_opt){ 12, true };
	pooltag(&b, TAG('E', 'v', 'e', 'n'), 90000, 400, 64000000, 0, 0, 0, b.t_event, NULL, NULL);
	pooltag(&b, TAG('T', 'h', 'r', 'e'), 5000, 4900, 100 * 1536, 0, 0, 0, b.t_thread, NULL, NULL);
	background(&b, 8, 3);
	hog = process(&b, "hoarder.exe", 0xffffb50c3f000080ull, 0x3300, 0x2a0, 1, 400);
	for (i = 0; i < 400; i++)
		handle(&b, hog, 4 + 4 * i,
		       object(&b, 0xffffc50c70000000ull + i * 0x100, b.t_event, NULL, NULL, 0, 1),
		       0x1f0003);
	return finish(&b);
}

struct model *tm_linux_like(void)
{
	struct tb b;
	uint32_t app, child, pidfd, i;
	struct model *m;

	b.m = model_create();
	m = b.m;
	m->facts.os = LS_OS_LINUX;
	pidfd = type(&b, "pidfd", 0, 0);
	b.t_event = type(&b, "File", 0, 0);
	b.kmod_drv = module(&b, "mydriver", TM_DRV_BASE, 0x8000, LS_NONE);
	symbol(&b, b.kmod_drv, TM_STATUS_WAIT, "StatusWaitThread");
	background(&b, 4, 3);
	app = process(&b, "myapp", 0xffff8f1a44381840ull, 3111, 1, -1, TM_APP_HANDLES + 3);
	child = process(&b, "myapp-child", 0xffff8f1a44382000ull, 3118, 3111, -1, 3);
	for (i = 0; i < TM_APP_HANDLES; i++) {
		struct ls_object o = { .body = 0xffff8f1a43a46300ull + i * 0x100, .type = pidfd,
				       .name = "pid 3118", .handle_count = 1, .pointer_count = 1,
				       .thread = LS_NONE, .process = child };
		handle(&b, app, 3 + i, model_add_object(m, &o), 0);
	}
	for (i = 0; i < TM_LEAKED; i++) {
		struct ls_thread t = { .addr = 0xffff8f1a423f8000ull + i * 0x1840, .pid = 103 + i,
				       .tid = 103 + i, .process = LS_NONE, .start = TM_STATUS_WAIT,
				       .terminated = true, .state_name = "Dead",
				       .found = LS_FOUND_SCAN, .object = LS_NONE };
		model_add_thread(m, &t);
	}
	return finish(&b);
}
