/* tests/test_linux_reader.c — the Linux reader on the real Debian 12 dump
 * in ../shared/linux (kdump-compressed and ELF forms). Every expected
 * value is a fact the guest printed (console.log) or the dump's README
 * states, or a counter the kernel itself keeps in the dump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/dump.h"
#include "../model/load.h"
#include "../model/linux/reader.h"
#include "../model/query.h"
#include "../model/symbols.h"
#include "../model/tree.h"
#include "lxdata.h"
#include "testutil.h"

#define LX_MAP    "System.map-6.1.0-56-amd64"
#define LX_BTF    "btf-vmlinux-6.1.0-56-amd64"
#define MYDRV_BASE 0xffffffffc0340000ull

/* One loaded model per form, shared by the tests of a TCase (unchecked
 * fixtures run once, before the tests fork). */
static struct dump *g_dump;
static struct model *g_model;
static char g_skip[256];
static bool g_with_btf;     /* loaded with --btf FILE */

/* form: "kdump" or "elf"; with_map: --system-map; with_btf: --btf */
static void load(const char *form, bool with_map, bool with_btf)
{
	const char *shared = test_shared_dir("Linux reader tests need ../shared/linux");
	char path[512], map[512], btf[512];
	struct load_options o = { 0 };
	struct ls_err err = { 0 };
	enum ls_status st;

	g_skip[0] = '\0';
	g_model = NULL;
	g_dump = NULL;
	if (!shared) {
		snprintf(g_skip, sizeof(g_skip), "../shared is absent");
		return;
	}
	if (!strcmp(form, "elf")) {
		if (!lxdata_elf_path(shared, path, sizeof(path))) {
			snprintf(g_skip, sizeof(g_skip), "cannot unpack vmcore.elf.xz");
			return;
		}
	} else {
		snprintf(path, sizeof(path), "%s/linux/vmcore.kdump", shared);
	}
	snprintf(map, sizeof(map), "%s/linux/" LX_MAP, shared);
	snprintf(btf, sizeof(btf), "%s/linux/" LX_BTF, shared);
	if (with_map)
		o.system_map = map;
	if (with_btf)
		o.btf = btf;
	g_with_btf = with_btf;
	st = dump_open(path, &g_dump, &err);
	if (st != LS_OK) {
		snprintf(g_skip, sizeof(g_skip), "open %s: %s", path, err.msg);
		return;
	}
	g_model = model_create();
	st = linux_read(g_dump, &o, g_model, &err);
	if (st == LS_OK)
		st = model_finish(g_model, &err);
	if (st != LS_OK)
		snprintf(g_skip, sizeof(g_skip), "load %s: %s", path, err.msg);
}

static void load_kdump(void) { load("kdump", true, false); }
static void load_elf(void) { load("elf", true, true); }
/* the dump alone: symbols from the kernel's kallsyms, BTF from the dump */
static void load_dump_only(void) { load("kdump", false, false); }

static void unload(void)
{
	model_destroy(g_model);
	dump_destroy(g_dump);
	g_model = NULL;
	g_dump = NULL;
}

/* Tests fail (not skip) when ../shared exists but the load failed. */
#define NEED_MODEL()                                                        \
	do {                                                                \
		if (!test_shared_dir("Linux reader tests need ../shared/linux")) \
			return;                                             \
		ck_assert_msg(g_model && !g_skip[0], "%s", g_skip);         \
	} while (0)

static const struct ls_process *proc(uint64_t pid)
{
	uint32_t i = model_process_by_pid(g_model, pid);
	ck_assert_msg(i != LS_NONE, "no process with pid %llu", (unsigned long long)pid);
	return &g_model->processes[i];
}

START_TEST(test_probe_and_facts)
{
	NEED_MODEL();
	ck_assert(linux_probe(g_dump));
	ck_assert_int_eq(g_model->facts.os, LS_OS_LINUX);
	ck_assert_msg(strstr(g_model->facts.build, "6.1.0-56-amd64"),
		      "build \"%s\"", g_model->facts.build);
	/* System.map + KERNELOFFSET 0x32200000: _text */
	ck_assert_uint_eq(g_model->facts.kernel_base, 0xffffffffb3200000ull);
	ck_assert_uint_eq(g_model->facts.cpus, 2);
	/* without --btf the BTF comes out of the dump itself */
	ck_assert_msg(strstr(g_model->facts.profile,
			     g_with_btf ? LX_BTF : "from the dump"), "%s",
		      g_model->facts.profile);
	ck_assert_uint_eq(g_model->nwarnings, 0);
}
END_TEST

START_TEST(test_workload_processes)
{
	NEED_MODEL();
	ck_assert_str_eq(proc(3111)->name, "myapp");
	ck_assert_str_eq(proc(3118)->name, "myapp-child");
	ck_assert_uint_eq(proc(3118)->ppid, 3111);
	ck_assert_str_eq(proc(3112)->name, "dirleak");
	ck_assert_str_eq(proc(3106)->name, "web");
	ck_assert_str_eq(proc(3107)->name, "db");
	ck_assert_str_eq(proc(3108)->name, "cron");
	ck_assert_str_eq(proc(3109)->name, "sh");
	ck_assert_str_eq(proc(3110)->name, "sleep");
	ck_assert_str_eq(proc(2)->name, "kthreadd");
	ck_assert_str_eq(proc(1)->name, "init");
	/* PF_KTHREAD: kthreadd and its children, not init or the workload */
	ck_assert(proc(2)->kernel_thread);
	ck_assert(!proc(1)->kernel_thread);
	ck_assert(!proc(3111)->kernel_thread);
	/* worker name=db threads=4; the others have one */
	ck_assert_uint_eq(proc(3107)->nthreads, 4);
	ck_assert_uint_eq(proc(3107)->active_threads, 4);
	ck_assert_uint_eq(proc(3106)->nthreads, 1);
	/* none of the 3000 mydrv/N threads is on the task list */
	for (uint32_t i = 0; i < g_model->nprocesses; i++)
		ck_assert_msg(strncmp(g_model->processes[i].name, "mydrv/", 6),
			      "%s on the task list", g_model->processes[i].name);
}
END_TEST

START_TEST(test_kthread_start)
{
	char buf[128];
	uint32_t n = 0;

	NEED_MODEL();
	/* kswapd0 runs kswapd(); kworkers run worker_thread() */
	for (uint32_t i = 0; i < g_model->nthreads; i++) {
		const struct ls_thread *t = &g_model->threads[i];
		if (t->found != LS_FOUND_LIST || !t->name)
			continue;
		if (!strcmp(t->name, "kswapd0")) {
			ck_assert_str_eq(model_symbolize(g_model, t->start, LS_NONE,
							 buf, sizeof(buf)),
					 "vmlinux!kswapd");
			ck_assert_uint_eq(t->ppid, 2);
			n++;
		}
		if (!strncmp(t->name, "kworker/", 8)) {
			ck_assert_str_eq(model_symbolize(g_model, t->start, LS_NONE,
							 buf, sizeof(buf)),
					 "vmlinux!worker_thread");
			n++;
		}
	}
	ck_assert_uint_ge(n, 2);
}
END_TEST

START_TEST(test_module_symbols)
{
	uint32_t s, mod;

	NEED_MODEL();
	/* mydriver was loaded at 0xffffffffc0340000, where StatusWaitThread is */
	s = model_symbol_by_name(g_model, "mydriver!StatusWaitThread");
	ck_assert_msg(s != LS_NONE, "mydriver!StatusWaitThread not found");
	ck_assert_uint_eq(g_model->symbols[s].addr, MYDRV_BASE);
	mod = model_module_at(g_model, MYDRV_BASE, LS_NONE);
	ck_assert_uint_ne(mod, LS_NONE);
	ck_assert_str_eq(g_model->modules[mod].name, "mydriver");
	ck_assert_uint_eq(g_model->modules[mod].base, MYDRV_BASE);
	ck_assert(model_symbol_by_name(g_model, "mydriver!mydrv_leaked_count") != LS_NONE);
	/* System.map (link-time) + KERNELOFFSET 0x32200000, also when the
	 * symbols come from the kernel's own kallsyms */
	static const struct { const char *name; uint64_t link; } map[] = {
		{ "vmlinux!worker_thread",    0xffffffff810c61b0ull },
		{ "vmlinux!kswapd",           0xffffffff812a2c70ull },
		{ "vmlinux!pidfd_fops",       0xffffffff8200fa40ull },
		{ "vmlinux!init_task",        0xffffffff82a1aa40ull },
		{ "vmlinux!slab_caches",      0xffffffff82b527e0ull },
		{ "vmlinux!anon_inode_inode", 0xffffffff8404a400ull },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		s = model_symbol_by_name(g_model, map[i].name);
		ck_assert_msg(s != LS_NONE, "no %s", map[i].name);
		ck_assert_uint_eq(g_model->symbols[s].addr, map[i].link + 0x32200000ull);
	}
}
END_TEST

START_TEST(test_memory_summary)
{
	const struct ls_memsum *ms;

	NEED_MODEL();
	ms = &g_model->mem;
	/* 256 MiB guest: totalram is below 65 536 pages but most of it */
	ck_assert(ms->physical_pages.valid);
	ck_assert_uint_gt(ms->physical_pages.value, 40000);
	ck_assert_uint_le(ms->physical_pages.value, 65536);
	ck_assert(ms->available_pages.valid);
	ck_assert_uint_lt(ms->available_pages.value, ms->physical_pages.value);
	ck_assert(ms->slab_unreclaimable.valid && ms->slab_reclaimable.valid);
	ck_assert(ms->committed.valid);
	ck_assert_uint_gt(ms->committed.value, 0);
	/* Windows-only lines stay unavailable, not invented */
	ck_assert(!ms->nonpaged_max.valid && !ms->paged_max.valid);
}
END_TEST

/* The handle of pid with fd number fd, or fail. */
static const struct ls_handle *fd_of(uint64_t pid, uint64_t fd)
{
	uint32_t p = model_process_by_pid(g_model, pid), h;

	ck_assert_uint_ne(p, LS_NONE);
	h = model_handle_by_value(g_model, p, fd);
	ck_assert_msg(h != LS_NONE, "pid %llu has no fd %llu",
		      (unsigned long long)pid, (unsigned long long)fd);
	return &g_model->handles[h];
}

static const char *type_of(const struct ls_handle *h)
{
	const struct ls_object *o = &g_model->objects[h->object];
	return o->type == LS_NONE ? "?" : g_model->types[o->type].name;
}

/* Objects with this name, and the fds referring to them (the grouping
 * model_objects_by_name makes). */
static uint32_t objects_named(const char *name, uint32_t *refs)
{
	uint32_t n = 0;

	*refs = 0;
	for (uint32_t i = 0; i < g_model->nobjects; i++)
		if (g_model->objects[i].name &&
		    !strcmp(g_model->objects[i].name, name)) {
			n++;
			*refs += g_model->objects[i].nrefs;
		}
	return n;
}

START_TEST(test_myapp_pidfds)
{
	const struct ls_process *app, *child;
	uint64_t target = 0;
	uint32_t refs;

	NEED_MODEL();
	/* myapp: pid=3111 child=3118 pidfds=2000 first_fd=3 last_fd=2002
	 * open_fds=2003 */
	app = proc(3111);
	child = proc(3118);
	ck_assert_uint_eq(app->nhandles, 2003);
	ck_assert(app->handle_count.valid);
	ck_assert_uint_eq(app->handle_count.value, 2003);
	for (uint64_t fd = 3; fd <= 2002; fd++) {
		const struct ls_handle *h = fd_of(3111, fd);
		const struct ls_object *o = &g_model->objects[h->object];
		ck_assert_str_eq(type_of(h), "pidfd");
		ck_assert_str_eq(o->name, "pid 3118");
		/* every pidfd is its own struct file ... */
		ck_assert_uint_eq(o->nrefs, 1);
		/* ... pointing at the child's single struct pid */
		if (fd == 3)
			target = o->target;
		ck_assert_uint_eq(o->target, target);
		ck_assert_uint_eq(o->process, (uint32_t)(child - g_model->processes));
	}
	ck_assert_uint_ne(target, 0);
	ck_assert_uint_eq(objects_named("pid 3118", &refs), 2000);
	ck_assert_uint_eq(refs, 2000);
	ck_assert_uint_eq(g_model->types[model_type_by_name(g_model, "pidfd")].total_objects,
			  2000);
}
END_TEST

START_TEST(test_dirleak_dirfds)
{
	uint64_t target = 0;
	uint32_t refs;

	NEED_MODEL();
	/* dirleak: pid=3112 dir=/var/lib/dirleak dirfds=1500 first_fd=3
	 * last_fd=1502 open_fds=1503 */
	ck_assert_uint_eq(proc(3112)->nhandles, 1503);
	ck_assert_uint_eq(proc(3112)->handle_count.value, 1503);
	for (uint64_t fd = 3; fd <= 1502; fd++) {
		const struct ls_handle *h = fd_of(3112, fd);
		const struct ls_object *o = &g_model->objects[h->object];
		ck_assert_str_eq(type_of(h), "Directory");
		ck_assert_str_eq(o->path, "/var/lib/dirleak");
		if (fd == 3)
			target = o->target;
		ck_assert_uint_eq(o->target, target);   /* one inode */
	}
	ck_assert_uint_eq(objects_named("/var/lib/dirleak", &refs), 1500);
	ck_assert_uint_eq(refs, 1500);
}
END_TEST

START_TEST(test_worker_fds)
{
	static const uint64_t pids[] = { 3106, 3107, 3108 };
	static const char *const logs[] = { "/var/log/web.log", "/var/log/db.log",
					    "/var/log/cron.log" };

	NEED_MODEL();
	/* stdin/stdout/stderr, a log file, /etc/worker.conf, /etc, a pipe
	 * pair, a unix socket pair, an eventfd and /dev/null: 12 fds */
	for (int i = 0; i < 3; i++) {
		const struct ls_handle *h;
		ck_assert_uint_eq(proc(pids[i])->nhandles, 12);
		ck_assert_str_eq(g_model->objects[fd_of(pids[i], 1)->object].name,
				 "/dev/console");
		ck_assert_str_eq(g_model->objects[fd_of(pids[i], 3)->object].name, logs[i]);
		ck_assert_str_eq(type_of(fd_of(pids[i], 3)), "File");
		ck_assert_str_eq(g_model->objects[fd_of(pids[i], 4)->object].name,
				 "/etc/worker.conf");
		h = fd_of(pids[i], 5);
		ck_assert_str_eq(type_of(h), "Directory");
		ck_assert_str_eq(g_model->objects[h->object].name, "/etc");
		ck_assert_str_eq(type_of(fd_of(pids[i], 6)), "Pipe");
		ck_assert_str_eq(type_of(fd_of(pids[i], 7)), "Pipe");
		/* both ends of one pipe: one inode */
		ck_assert_uint_eq(g_model->objects[fd_of(pids[i], 6)->object].target,
				  g_model->objects[fd_of(pids[i], 7)->object].target);
		ck_assert_str_eq(type_of(fd_of(pids[i], 8)), "Socket");
		ck_assert_str_eq(type_of(fd_of(pids[i], 9)), "Socket");
		ck_assert_str_eq(type_of(fd_of(pids[i], 10)), "eventfd");
		ck_assert_str_eq(g_model->objects[fd_of(pids[i], 11)->object].name,
				 "/dev/null");
	}
}
END_TEST

/* The address of a model symbol ("module!name"), failing if unknown. */
static uint64_t sym_addr(const char *q)
{
	uint32_t s = model_symbol_by_name(g_model, q);

	ck_assert_msg(s != LS_NONE, "no symbol %s", q);
	return g_model->symbols[s].addr;
}

START_TEST(test_dead_mydrv_tasks)
{
	static bool seen[3000];
	struct ls_err err = { 0 };
	uint32_t n = 0, leaked = 0, i;
	uint64_t array = 0, *ptrs;
	char buf[128];

	NEED_MODEL();
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < g_model->nthreads; i++) {
		const struct ls_thread *t = &g_model->threads[i];
		unsigned k;
		if (!t->name || strncmp(t->name, "mydrv/", 6))
			continue;
		/* unlinked from the task list, found in the task_struct slab */
		ck_assert_uint_eq(t->found, LS_FOUND_SCAN);
		ck_assert(t->terminated);
		ck_assert_msg(strstr(t->state_name, "DEAD"), "%s", t->state_name);
		ck_assert_uint_eq(t->process, LS_NONE);
		ck_assert_uint_eq(t->ppid, 2);   /* kthreadd */
		ck_assert(t->kernel_thread);
		ck_assert_str_eq(model_symbolize(g_model, t->start, LS_NONE, buf,
						 sizeof(buf)),
				 "mydriver!StatusWaitThread");
		/* mydrv/N has pid 103 + N */
		ck_assert_int_eq(sscanf(t->name + 6, "%u", &k), 1);
		ck_assert_uint_lt(k, 3000);
		ck_assert(!seen[k]);
		seen[k] = true;
		ck_assert_uint_eq(t->tid, 103 + k);
		ck_assert_uint_eq(t->pid, 103 + k);
		n++;
	}
	ck_assert_uint_eq(n, 3000);

	/* the pointers the module printed */
	i = model_thread_by_addr(g_model, 0xffff8f1a423f8000ull);
	ck_assert_uint_ne(i, LS_NONE);
	ck_assert_str_eq(g_model->threads[i].name, "mydrv/0");
	ck_assert_uint_eq(g_model->threads[i].tid, 103);
	i = model_thread_by_addr(g_model, 0xffff8f1a44370000ull);
	ck_assert_uint_ne(i, LS_NONE);
	ck_assert_str_eq(g_model->threads[i].name, "mydrv/2999");
	ck_assert_uint_eq(g_model->threads[i].tid, 3102);

	/* the module's own books: mydrv_leaked_count and the array of held
	 * task_struct pointers, every one of them a thread the scan found */
	ck_assert_ls_ok(dump_read_kv(g_dump, sym_addr("mydriver!mydrv_leaked_count"),
				     &leaked, 4, "mydrv_leaked_count", &err), &err);
	ck_assert_uint_eq(leaked, n);
	ck_assert_ls_ok(dump_read_kv(g_dump, sym_addr("mydriver!mydrv_leaked_tasks"),
				     &array, 8, "mydrv_leaked_tasks", &err), &err);
	ck_assert_uint_eq(array, 0xffff8f1a42b40000ull);
	ptrs = malloc(8ull * leaked);
	ck_assert_ptr_nonnull(ptrs);
	ck_assert_ls_ok(dump_read_kv(g_dump, array, ptrs, 8ull * leaked,
				     "leaked tasks", &err), &err);
	for (i = 0; i < leaked; i++) {
		uint32_t t = model_thread_by_addr(g_model, ptrs[i]);
		ck_assert_msg(t != LS_NONE, "held task 0x%llx not in the model",
			      (unsigned long long)ptrs[i]);
		ck_assert_uint_eq(g_model->threads[t].found, LS_FOUND_SCAN);
	}
	free(ptrs);
}
END_TEST

START_TEST(test_slab_caches)
{
	const struct ls_pooltag *ts = NULL;
	uint32_t i, slab_tasks = 0;

	NEED_MODEL();
	ck_assert_uint_gt(g_model->npooltags, 50);
	for (i = 0; i < g_model->npooltags; i++) {
		const struct ls_pooltag *t = &g_model->pooltags[i];
		ck_assert_uint_eq(t->tag, 0);
		ck_assert_uint_le(t->np_frees, t->np_allocs);
		ck_assert_uint_eq(t->np_bytes, (t->np_allocs - t->np_frees) *
				  (uint64_t)t->object_size);
		if (!strcmp(t->name, "task_struct"))
			ts = t;
	}
	ck_assert_ptr_nonnull(ts);
	/* 6208 bytes under qemu64, 5 per order-3 slab */
	ck_assert_uint_eq(ts->object_size, 6208);
	ck_assert_uint_eq(ts->np_allocs % 5, 0);
	/* every allocated task_struct is a thread record: the task list's
	 * (but init_task, which is static) and the scan's */
	for (i = 0; i < g_model->nthreads; i++)
		if (g_model->threads[i].addr != sym_addr("vmlinux!init_task"))
			slab_tasks++;
	ck_assert_uint_eq(ts->np_allocs - ts->np_frees, slab_tasks);
	ck_assert_uint_ge(slab_tasks, 3000 + 60);
	/* the scan agrees with the kernel's own per-node counters
	 * (nr_slabs, total_objects) and, within 5%, with vm_node_stat's slab
	 * pages: a mismatch would be warned about */
	for (i = 0; i < g_model->nwarnings; i++)
		ck_assert_msg(!strstr(g_model->warnings[i], "slab cache") &&
			      !strstr(g_model->warnings[i], "slab pages"), "%s",
			      g_model->warnings[i]);
}
END_TEST

/* Open the kdump form for one test (bad-input cases), or skip. */
static struct dump *open_kdump(void)
{
	const char *shared = test_shared_dir("Linux reader tests need ../shared/linux");
	struct ls_err err = { 0 };
	struct dump *d = NULL;
	char path[512];

	if (!shared)
		return NULL;
	snprintf(path, sizeof(path), "%s/linux/vmcore.kdump", shared);
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);
	return d;
}

START_TEST(test_model_load_dispatch)
{
	struct dump *d = open_kdump();
	struct load_options o = { 0 };
	struct ls_err err = { 0 };
	struct model *m = NULL;

	if (!d)
		return;
	/* no options at all: the Linux reader is picked and needs nothing */
	ck_assert_ls_ok(model_load(d, &o, &m, &err), &err);
	ck_assert_int_eq(m->facts.os, LS_OS_LINUX);
	ck_assert_uint_ne(model_process_by_pid(m, 3111), LS_NONE);
	ck_assert_uint_ge(m->nthreads, 3000);
	model_destroy(m);
	dump_destroy(d);
}
END_TEST

START_TEST(test_wrong_system_map_warns)
{
	struct dump *d = open_kdump();
	struct load_options o = { 0 };
	struct ls_err err = { 0 };
	struct model *m;
	char dir[512], path[600];
	bool warned = false;
	FILE *f;

	if (!d)
		return;
	/* a map of another build: init_uts_ns elsewhere, no __start_BTF */
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/System.map", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("ffffffff81000000 T _text\nffffffff82bfc000 D init_uts_ns\n", f);
	fclose(f);
	o.system_map = path;
	m = model_create();
	ck_assert_ls_ok(linux_read(d, &o, m, &err), &err);
	for (uint32_t i = 0; i < m->nwarnings; i++)
		if (strstr(m->warnings[i], "System.map does not match"))
			warned = true;
	ck_assert(warned);
	/* ... and the kernel's own kallsyms took its place */
	ck_assert_uint_ge(m->nprocesses, 60);
	ck_assert_uint_ge(m->nthreads, 3060);
	model_destroy(m);
	dump_destroy(d);
}
END_TEST

START_TEST(test_bad_btf_is_an_error)
{
	const char *shared = test_shared_dir("Linux reader tests need ../shared/linux");
	struct dump *d = open_kdump();
	struct load_options o = { 0 };
	struct ls_err err = { 0 };
	struct model *m;
	char path[512];

	if (!d)
		return;
	/* System.map is not BTF */
	snprintf(path, sizeof(path), "%s/linux/" LX_MAP, shared);
	o.btf = path;
	m = model_create();
	ck_assert_ls_err(linux_read(d, &o, m, &err), LS_ERR_FORMAT, &err,
			 "not raw BTF");
	model_destroy(m);
	dump_destroy(d);
}
END_TEST

START_TEST(test_process_images_and_page_tables)
{
	struct ls_err err = { 0 };
	uint64_t kva, pa_k, pa_p;

	NEED_MODEL();
	kva = sym_addr("vmlinux!init_task");
	ck_assert_str_eq(proc(3111)->path, "/bin/myapp");
	ck_assert_str_eq(proc(3118)->path, "/bin/myapp");
	ck_assert_str_eq(proc(3112)->path, "/bin/dirleak");
	ck_assert_str_eq(proc(3107)->path, "/bin/worker");
	ck_assert_ptr_null(proc(2)->path);      /* a kernel thread */
	ck_assert_uint_eq(proc(2)->dtb, 0);
	/* a process's page tables map the kernel as the kernel's do */
	ck_assert_uint_ne(proc(3111)->dtb, 0);
	ck_assert_ls_ok(dump_translate(g_dump, 0, kva, &pa_k, &err), &err);
	ck_assert_ls_ok(dump_translate(g_dump, proc(3111)->dtb, kva, &pa_p, &err), &err);
	ck_assert_uint_eq(pa_k, pa_p);
}
END_TEST

START_TEST(test_kernel_stacks)
{
	uint32_t live = 0;

	NEED_MODEL();
	for (uint32_t i = 0; i < g_model->nthreads; i++) {
		const struct ls_thread *t = &g_model->threads[i];
		if (t->terminated) {
			/* a dead task's stack is freed */
			ck_assert_uint_eq(t->stack_base, 0);
			continue;
		}
		if (t->found != LS_FOUND_LIST)
			continue;
		ck_assert_uint_eq(t->stack_base - t->stack_limit, 16384);
		ck_assert_msg(t->kernel_stack > t->stack_limit &&
			      t->kernel_stack < t->stack_base,
			      "%s: sp 0x%llx outside its stack", t->name,
			      (unsigned long long)t->kernel_stack);
		live++;
	}
	ck_assert_uint_ge(live, 60);
}
END_TEST

START_TEST(test_clock)
{
	/* FILETIME of 2026-01-01 and 2027-01-01 */
	const uint64_t y2026 = 134116992000000000ull, y2027 = 134432352000000000ull;
	uint64_t now, boot;

	NEED_MODEL();
	now = g_model->facts.system_time;
	ck_assert_uint_ge(now, y2026);
	ck_assert_uint_lt(now, y2027);
	/* the guest printed READY 18 s after QEMU started: init (pid 1)
	 * started less than a minute before the dump, the workload after it */
	boot = proc(1)->create_time;
	ck_assert_uint_gt(boot, 0);
	ck_assert_uint_le(boot, now);
	ck_assert_uint_lt(now - boot, 60ull * 10000000);
	ck_assert_uint_ge(proc(3111)->create_time, boot);
	ck_assert_uint_ge(proc(3118)->create_time, proc(3111)->create_time);
	ck_assert_uint_le(proc(3118)->create_time, now);
}
END_TEST

/* Run leakscope on the kdump form; returns its stdout (caller frees). */
static char *run_leakscope(const char *shared, const char *a1, const char *a2,
			   const char *a3, const char *a4)
{
	char dumpp[512], *out = NULL, *errs = NULL;
	char *argv[8];
	int n = 0, rc;

	snprintf(dumpp, sizeof(dumpp), "%s/linux/vmcore.kdump", shared);
	argv[n++] = (char *)test_leakscope_bin();
	argv[n++] = dumpp;
	if (a1) argv[n++] = (char *)a1;
	if (a2) argv[n++] = (char *)a2;
	if (a3) argv[n++] = (char *)a3;
	if (a4) argv[n++] = (char *)a4;
	argv[n] = NULL;
	rc = test_run(argv, &out, &errs);
	ck_assert_msg(rc == 0, "leakscope exited %d: %s", rc, errs ? errs : "");
	free(errs);
	ck_assert_ptr_nonnull(out);
	return out;
}

START_TEST(test_cli_end_to_end)
{
	const char *shared = test_shared_dir("Linux reader tests need ../shared/linux");
	char map[512], *out;

	if (!shared)
		return;
	snprintf(map, sizeof(map), "%s/linux/" LX_MAP, shared);
	/* what the user types; the dump alone is enough */
	out = run_leakscope(shared, "--info", NULL, NULL, NULL);
	ck_assert_msg(strstr(out, "Linux 6.1.0-56-amd64"), "%s", out);
	free(out);
	/* the first leaked task_struct the module printed */
	out = run_leakscope(shared, "--system-map", map, "-c", "!thread ffff8f1a423f8000");
	ck_assert_msg(strstr(out, "mydriver!StatusWaitThread"), "%s", out);
	ck_assert_msg(strstr(out, "TERMINATED"), "%s", out);
	free(out);
	/* the triage names myapp and its 2000 pidfds to pid 3118 */
	out = run_leakscope(shared, "--triage", NULL, NULL, NULL);
	ck_assert_msg(strstr(out, "myapp") && strstr(out, "pid 3118") &&
		      strstr(out, "2000"), "%s", out);
	free(out);
}
END_TEST

static void add_tests(TCase *tc)
{
	tcase_add_test(tc, test_probe_and_facts);
	tcase_add_test(tc, test_workload_processes);
	tcase_add_test(tc, test_kthread_start);
	tcase_add_test(tc, test_module_symbols);
	tcase_add_test(tc, test_memory_summary);
	tcase_add_test(tc, test_myapp_pidfds);
	tcase_add_test(tc, test_dirleak_dirfds);
	tcase_add_test(tc, test_worker_fds);
	tcase_add_test(tc, test_dead_mydrv_tasks);
	tcase_add_test(tc, test_slab_caches);
	tcase_add_test(tc, test_process_images_and_page_tables);
	tcase_add_test(tc, test_kernel_stacks);
	tcase_add_test(tc, test_clock);
}

static Suite *linux_reader_suite(void)
{
	Suite *s = suite_create("linux_reader");
	TCase *kd = tcase_create("kdump"), *elf = tcase_create("elf-btf"),
	      *alone = tcase_create("kdump-alone");

	tcase_add_unchecked_fixture(kd, load_kdump, unload);
	tcase_add_unchecked_fixture(elf, load_elf, unload);
	tcase_add_unchecked_fixture(alone, load_dump_only, unload);
	tcase_set_timeout(kd, 60);
	tcase_set_timeout(elf, 120);
	tcase_set_timeout(alone, 60);
	add_tests(kd);
	add_tests(elf);
	add_tests(alone);
	suite_add_tcase(s, kd);
	suite_add_tcase(s, elf);
	suite_add_tcase(s, alone);
	TCase *bad = tcase_create("load-paths");
	tcase_set_timeout(bad, 60);
	tcase_add_test(bad, test_model_load_dispatch);
	tcase_add_test(bad, test_wrong_system_map_warns);
	tcase_add_test(bad, test_bad_btf_is_an_error);
	tcase_add_test(bad, test_cli_end_to_end);
	suite_add_tcase(s, bad);
	return s;
}

LS_SUITE(linux_reader_suite)
