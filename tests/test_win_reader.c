/* tests/test_win_reader.c — the Windows reader end to end: every scenario
 * fixture is loaded and its model compared with what mkdump says it placed
 * (NAME.truth.json): the dump facts, every process, thread, handle, pool
 * tag, object type, named object, module, handle-trace record and the
 * memory counters. The same comparison runs on Windows 11 dumps of every
 * scenario made here (read with ../shared/isf), and `leakscope DUMP --info` is checked as a user
 * would run it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../model/dump.h"
#include "../model/load.h"
#include "../model/symbols.h"
#include "../model/tree.h"
#include "testutil.h"

#define SYM_MAX 256

/* --- truth access ------------------------------------------------------- */

static json_object *jget(json_object *o, const char *key)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "truth lacks \"%s\"", key);
	return v;
}

static bool jnull(json_object *o, const char *key)
{
	json_object *v = NULL;

	return !json_object_object_get_ex(o, key, &v) || !v ||
	       json_object_get_type(v) == json_type_null;
}

static int64_t jint(json_object *o, const char *key)
{
	return json_object_get_int64(jget(o, key));
}

static const char *jstr(json_object *o, const char *key)
{
	return json_object_get_string(jget(o, key));
}

/* Addresses are hex strings ("0xfffff803..."). */
static uint64_t jaddr(json_object *o, const char *key)
{
	json_object *v = jget(o, key);

	if (json_object_get_type(v) == json_type_string)
		return strtoull(json_object_get_string(v), NULL, 0);
	return (uint64_t)json_object_get_int64(v);
}

static json_object *load_truth(const char *core)
{
	char path[600];
	size_t n = strlen(core);
	json_object *t;

	ck_assert(n > 5 && n < sizeof(path) - 16);
	memcpy(path, core, n - 5);   /* strip ".core" */
	strcpy(path + n - 5, ".truth.json");
	t = json_object_from_file(path);
	ck_assert_msg(t != NULL, "cannot read %s", path);
	return t;
}

static struct model *load_model(const char *core, const struct load_options *o)
{
	struct dump *d;
	struct model *m = NULL;
	struct ls_err err;

	ck_assert_ls_ok(dump_open(core, &d, &err), &err);
	ck_assert_ls_ok(model_load(d, o, &m, &err), &err);
	dump_destroy(d);
	return m;
}

/* --- comparisons ---------------------------------------------------------- */

static void check_facts(const struct model *m, json_object *t)
{
	json_object *pdb = jget(t, "pdb");

	ck_assert_int_eq(m->facts.os, LS_OS_WINDOWS);
	ck_assert_uint_eq(m->facts.dtb, jaddr(t, "dtb"));
	ck_assert_uint_eq(m->facts.kernel_base, jaddr(t, "kernel_base"));
	ck_assert_str_eq(m->facts.pdb_guid, jstr(pdb, "guid"));
	ck_assert_uint_eq(m->facts.pdb_age, jint(pdb, "age"));
	ck_assert_uint_eq(m->facts.cpus, jint(t, "cpus"));
	ck_assert_uint_eq(m->facts.system_time, jint(t, "system_time"));
	ck_assert_uint_eq(m->facts.tick_count, jint(t, "tick_count"));
	ck_assert_msg(strstr(m->facts.build, "x64 10.0.") != NULL, "build \"%s\"",
		      m->facts.build);
	ck_assert_msg(atoi(strrchr(m->facts.build, '.') + 1) == jint(t, "build_number"),
		      "build \"%s\" but the truth says %d", m->facts.build,
		      (int)jint(t, "build_number"));
}

static uint32_t process_of(const struct model *m, json_object *tp)
{
	uint32_t p = model_process_by_addr(m, jaddr(tp, "eprocess"));

	ck_assert_msg(p != LS_NONE, "process %s (pid %d) at %s not found",
		      jstr(tp, "name"), (int)jint(tp, "pid"), jstr(tp, "eprocess"));
	return p;
}

static void check_processes(const struct model *m, json_object *t)
{
	json_object *procs = jget(t, "processes");
	size_t i, n = json_object_array_length(procs);

	ck_assert_uint_eq(m->nprocesses, n);
	for (i = 0; i < n; i++) {
		json_object *tp = json_object_array_get_idx(procs, i);
		const struct ls_process *p = &m->processes[process_of(m, tp)];
		const char *name = jstr(tp, "name");

		ck_assert_uint_eq(p->pid, jint(tp, "pid"));
		ck_assert_uint_eq(p->ppid, jint(tp, "ppid"));
		ck_assert_str_eq(p->name, name);
		ck_assert_int_eq(p->session, jnull(tp, "session") ? -1 : jint(tp, "session"));
		ck_assert_msg(p->handle_count.valid, "%s: no handle count", name);
		ck_assert_msg(p->handle_count.value == (uint64_t)jint(tp, "handle_count"),
			      "%s: handle count %" PRIu64 ", truth %d", name,
			      p->handle_count.value, (int)jint(tp, "handle_count"));
		ck_assert_uint_eq(p->nhandles, jint(tp, "handle_count"));
		ck_assert_uint_eq(p->active_threads, jint(tp, "active_threads"));
		ck_assert_msg(p->nthreads == (uint32_t)jint(tp, "threads"),
			      "%s: %u threads, truth %d", name, p->nthreads,
			      (int)jint(tp, "threads"));
		ck_assert_uint_eq(p->peb, jaddr(tp, "peb"));
		ck_assert_uint_eq(p->dtb, jaddr(tp, "dtb"));
		ck_assert_uint_eq(p->handle_table, jaddr(tp, "handle_table"));
		ck_assert_int_eq(p->exited, json_object_get_boolean(jget(tp, "exited")));
		if (p->peb) {
			ck_assert_msg(p->global_flag.valid, "%s: PEB unread", name);
			ck_assert_uint_eq(p->global_flag.value, jint(tp, "global_flag"));
		}
		ck_assert_int_eq(p->trace_db != 0, json_object_get_boolean(jget(tp, "tracing")));
	}
}

/* The truth writes a process's own image as "$exe" ("$exe!wWinMain..."). */
static void check_symbol(const char *got, const char *want, const char *image)
{
	char expect[SYM_MAX];
	size_t n;

	if (strncmp(want, "$exe", 4) == 0) {
		n = strcspn(image, ".");
		snprintf(expect, sizeof(expect), "%.*s%s", (int)n, image, want + 4);
		want = expect;
	}
	ck_assert_str_eq(got, want);
}

static void check_threads(const struct model *m, json_object *t)
{
	json_object *threads = jget(t, "threads");
	size_t i, n = json_object_array_length(threads);
	char sym[SYM_MAX];

	ck_assert_uint_eq(m->nthreads, n);
	for (i = 0; i < n; i++) {
		json_object *tt = json_object_array_get_idx(threads, i);
		uint32_t ti = model_thread_by_addr(m, jaddr(tt, "ethread"));
		const struct ls_thread *th;

		ck_assert_msg(ti != LS_NONE, "thread %s not found", jstr(tt, "ethread"));
		th = &m->threads[ti];
		ck_assert_uint_eq(th->pid, jint(tt, "pid"));
		ck_assert_uint_eq(th->tid, jint(tt, "tid"));
		ck_assert_msg(th->process != LS_NONE, "thread %d has no owner", (int)th->tid);
		ck_assert_uint_eq(m->processes[th->process].pid, jint(tt, "owner_pid"));
		ck_assert_str_eq(th->state_name, jstr(tt, "state"));
		ck_assert_int_eq(th->terminated, strcmp(jstr(tt, "state"), "Terminated") == 0);
		ck_assert_uint_eq(th->wait_reason, jint(tt, "wait_reason"));
		ck_assert_uint_eq(th->start, jaddr(tt, "start_address"));
		/* mkdump names a start it could not place (Registry has no
		 * ntdll) and writes 0: only what the dump holds can match */
		if (th->start) {
			model_symbolize(m, th->start, th->process, sym, sizeof(sym));
			check_symbol(sym, jstr(tt, "start"), m->processes[th->process].name);
		}
		if (th->win32_start && !jnull(tt, "win32_start")) {
			model_symbolize(m, th->win32_start, th->process, sym, sizeof(sym));
			check_symbol(sym, jstr(tt, "win32_start"), m->processes[th->process].name);
		}
		ck_assert_int_eq(!!(th->found & LS_FOUND_ACTIVE_LIST),
				 json_object_get_boolean(jget(tt, "on_kernel_list")));
		ck_assert_msg(th->found & LS_FOUND_LIST, "thread %d not on its executive list",
			      (int)th->tid);
	}
}

static void check_handles(const struct model *m, json_object *t)
{
	json_object *handles = jget(t, "handles");
	size_t i, n = json_object_array_length(handles);

	ck_assert_uint_eq(m->nhandles, n);
	for (i = 0; i < n; i++) {
		json_object *th = json_object_array_get_idx(handles, i);
		uint32_t p = model_process_by_pid(m, jint(th, "pid"));
		uint32_t h;
		const struct ls_handle *hd;
		const struct ls_object *o;

		ck_assert(p != LS_NONE);
		h = model_handle_by_value(m, p, jint(th, "value"));
		ck_assert_msg(h != LS_NONE, "pid %d: handle 0x%x not found",
			      (int)jint(th, "pid"), (unsigned)jint(th, "value"));
		hd = &m->handles[h];
		ck_assert_uint_eq(hd->access, jint(th, "access"));
		ck_assert_uint_eq(hd->attributes, jint(th, "attributes"));
		ck_assert(hd->object != LS_NONE);
		o = &m->objects[hd->object];
		ck_assert_msg(o->body == jaddr(th, "object"),
			      "pid %d handle 0x%x: object 0x%" PRIx64 ", truth %s",
			      (int)jint(th, "pid"), (unsigned)jint(th, "value"), o->body,
			      jstr(th, "object"));
		ck_assert(o->type != LS_NONE);
		ck_assert_str_eq(m->types[o->type].name, jstr(th, "type"));
	}
}

static void check_types(const struct model *m, json_object *t)
{
	json_object *types = jget(t, "types");
	size_t i, n = json_object_array_length(types);

	ck_assert_uint_eq(m->ntypes, n);
	for (i = 0; i < n; i++) {
		json_object *tt = json_object_array_get_idx(types, i);
		uint32_t ty = model_type_by_name(m, jstr(tt, "name"));
		uint32_t key;

		ck_assert_msg(ty != LS_NONE, "type %s not found", jstr(tt, "name"));
		ck_assert_uint_eq(m->types[ty].index, jint(tt, "index"));
		ck_assert_uint_eq(m->types[ty].addr, jaddr(tt, "object_type"));
		ck_assert(ls_tag_parse(jstr(tt, "key"), &key));
		ck_assert_uint_eq(m->types[ty].pool_tag, key);
		ck_assert_uint_eq(m->types[ty].total_objects, jint(tt, "objects"));
		ck_assert_uint_eq(m->types[ty].total_handles, jint(tt, "handles"));
	}
}

static void check_pool(const struct model *m, json_object *t)
{
	json_object *tags = jget(t, "pool_tags");
	size_t i, n = json_object_array_length(tags);

	ck_assert_uint_eq(m->npooltags, n);
	for (i = 0; i < n; i++) {
		json_object *tt = json_object_array_get_idx(tags, i);
		const struct ls_pooltag *pt;
		uint32_t tag, k;

		ck_assert(ls_tag_parse(jstr(tt, "tag"), &tag));
		k = model_pooltag_by_tag(m, tag);
		ck_assert_msg(k != LS_NONE, "pool tag %s not found", jstr(tt, "tag"));
		pt = &m->pooltags[k];
		ck_assert_uint_eq(pt->np_allocs, jint(tt, "np_allocs"));
		ck_assert_uint_eq(pt->np_frees, jint(tt, "np_frees"));
		ck_assert_uint_eq(pt->np_bytes, jint(tt, "np_bytes"));
		ck_assert_uint_eq(pt->p_allocs, jint(tt, "p_allocs"));
		ck_assert_uint_eq(pt->p_frees, jint(tt, "p_frees"));
		ck_assert_uint_eq(pt->p_bytes, jint(tt, "p_bytes"));
	}
}

/* s with every run of backslashes made one. */
static const char *squeeze(const char *s, char *buf, size_t len)
{
	size_t j = 0;

	for (; *s && j + 1 < len; s++)
		if (*s != '\\' || j == 0 || buf[j - 1] != '\\')
			buf[j++] = *s;
	buf[j] = '\0';
	return buf;
}

static void check_named_objects(const struct model *m, json_object *t)
{
	char got[1024], want[1024];
	json_object *objs = jget(t, "named_objects");
	size_t i, n = json_object_array_length(objs);

	for (i = 0; i < n; i++) {
		json_object *to = json_object_array_get_idx(objs, i);
		uint32_t o = model_object_by_body(m, jaddr(to, "body"));
		const struct ls_object *ob;

		ck_assert_msg(o != LS_NONE, "named object %s not found", jstr(to, "path"));
		ob = &m->objects[o];
		ck_assert_msg(ob->name && strcmp(ob->name, jstr(to, "name")) == 0,
			      "object %s: name \"%s\"", jstr(to, "path"), ob->name ? ob->name : "(null)");
		/* KNOWN mkdump bug: the scenarios write "\\\\Sessions\\\\{i}" and mkdump
		 * keeps backslashes literal, building empty-named directories;
		 * its truth records the scenario's string. Both spell the same
		 * chain of names once runs of backslashes are made one. */
		ck_assert_msg(ob->path != NULL, "object %s: no path", jstr(to, "path"));
		ck_assert_msg(strcmp(squeeze(ob->path, got, sizeof(got)),
				     squeeze(jstr(to, "path"), want, sizeof(want))) == 0,
			      "object %s: path \"%s\"", jstr(to, "path"), ob->path);
		ck_assert(ob->type != LS_NONE);
		ck_assert_str_eq(m->types[ob->type].name, jstr(to, "type"));
		ck_assert_uint_eq(ob->nrefs, jint(to, "handles"));
	}
}

static void check_modules(const struct model *m, json_object *t)
{
	json_object *mods = jget(t, "modules");
	size_t i, j, n = json_object_array_length(mods);
	char sym[SYM_MAX];

	ck_assert_uint_eq(m->nmodules, n);
	for (i = 0; i < n; i++) {
		json_object *tm = json_object_array_get_idx(mods, i);
		json_object *exports = jget(tm, "exports");
		uint32_t p = jnull(tm, "pid") ? LS_NONE : model_process_by_pid(m, jint(tm, "pid"));
		uint64_t base = jaddr(tm, "base");
		uint32_t mi = model_module_at(m, base, p);

		ck_assert_msg(mi != LS_NONE, "module %s at 0x%" PRIx64 " not found",
			      jstr(tm, "name"), base);
		ck_assert_uint_eq(m->modules[mi].base, base);
		ck_assert_uint_eq(m->modules[mi].size, jint(tm, "size"));
		ck_assert_str_eq(m->modules[mi].name, jstr(tm, "name"));
		ck_assert_uint_eq(m->modules[mi].process, p);
		ck_assert_uint_eq(m->modules[mi].nsymbols, json_object_array_length(exports));
		for (j = 0; j < json_object_array_length(exports); j++) {
			json_object *te = json_object_array_get_idx(exports, j);
			const char *bang;

			model_symbolize(m, jaddr(te, "address"), p, sym, sizeof(sym));
			bang = strchr(sym, '!');
			ck_assert_msg(bang && strcmp(bang + 1, jstr(te, "name")) == 0,
				      "export %s of %s symbolizes as %s", jstr(te, "name"),
				      jstr(tm, "name"), sym);
		}
	}
}

static uint8_t trace_kind(const char *s)
{
	if (strcmp(s, "OPEN") == 0)
		return LS_TRACE_OPEN;
	if (strcmp(s, "CLOSE") == 0)
		return LS_TRACE_CLOSE;
	if (strcmp(s, "BADREF") == 0)
		return LS_TRACE_BADREF;
	return 0;
}

/* The truth lists each traced process's records oldest first (the order
 * they happened); the model numbers them newest first (seq 0 = newest). */
static void check_traces(const struct model *m, json_object *t)
{
	json_object *traces = jget(t, "traces");
	size_t i, j, n = json_object_array_length(traces);
	char sym[SYM_MAX];
	uint32_t p;

	ck_assert_uint_eq(m->ntraces, n);
	for (p = 0; p < m->nprocesses; p++) {
		const struct ls_process *pr = &m->processes[p];
		uint32_t k = pr->ntraces;   /* walks from the oldest record */

		for (i = 0; i < n; i++) {
			json_object *tr = json_object_array_get_idx(traces, i);
			json_object *stack = jget(tr, "stack");
			const struct ls_trace *rec;

			if ((uint64_t)jint(tr, "pid") != pr->pid)
				continue;
			ck_assert_msg(k > 0, "pid %" PRIu64 ": fewer traces than the truth", pr->pid);
			rec = &m->traces[pr->first_trace + --k];
			ck_assert_uint_eq(rec->seq, k);
			ck_assert_uint_eq(rec->process, p);
			ck_assert_uint_eq(rec->handle, jint(tr, "handle"));
			ck_assert_uint_eq(rec->tid, jint(tr, "tid"));
			ck_assert_uint_eq(rec->pid, jint(tr, "pid"));
			ck_assert_uint_eq(rec->kind, trace_kind(jstr(tr, "kind")));
			ck_assert_uint_eq(rec->nframes, json_object_array_length(stack));
			for (j = 0; j < rec->nframes; j++) {
				model_symbolize(m, rec->frames[j], p, sym, sizeof(sym));
				ck_assert_str_eq(sym, json_object_get_string(
							 json_object_array_get_idx(stack, j)));
			}
		}
		ck_assert_msg(k == 0, "pid %" PRIu64 ": %u traces more than the truth",
			      pr->pid, k);
	}
}

static void check_memory(const struct model *m, json_object *t)
{
	static const struct {
		const char *key;
		size_t off;
	} lines[] = {
		{ "physical", offsetof(struct ls_memsum, physical_pages) },
		{ "physical_pages", offsetof(struct ls_memsum, physical_pages) },
		{ "available", offsetof(struct ls_memsum, available_pages) },
		{ "resavail", offsetof(struct ls_memsum, resavail_pages) },
		{ "nonpaged-used", offsetof(struct ls_memsum, nonpaged_used) },
		{ "nonpaged-max", offsetof(struct ls_memsum, nonpaged_max) },
		{ "paged-used", offsetof(struct ls_memsum, paged_used) },
		{ "paged-max", offsetof(struct ls_memsum, paged_max) },
		{ "committed", offsetof(struct ls_memsum, committed) },
		{ "commit-limit", offsetof(struct ls_memsum, commit_limit) },
		{ "failures", offsetof(struct ls_memsum, failed_allocs) },
		{ "failures_total", offsetof(struct ls_memsum, failed_allocs) },
	};
	json_object *mem = jget(t, "memory");
	size_t i, checked = 0;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const struct ls_opt *v = (const struct ls_opt *)((const char *)&m->mem +
								  lines[i].off);

		if (jnull(mem, lines[i].key))
			continue;
		ck_assert_msg(v->valid, "memory line %s unavailable", lines[i].key);
		ck_assert_msg(v->value == (uint64_t)jint(mem, lines[i].key),
			      "memory line %s: %" PRIu64 ", truth %" PRId64, lines[i].key,
			      v->value, jint(mem, lines[i].key));
		checked++;
	}
	ck_assert_uint_ge(checked, 2);
}

static void compare_with_truth(const char *core, const struct load_options *o)
{
	json_object *t = load_truth(core);
	struct model *m = load_model(core, o);
	uint32_t i;

	for (i = 0; i < m->nwarnings && i < 5; i++)
		printf("%s: warning: %s\n", core, m->warnings[i]);
	ck_assert_msg(m->nwarnings == 0, "%s: %u warnings, first: %s", core,
		      m->nwarnings, m->nwarnings ? m->warnings[0] : "");
	check_facts(m, t);
	check_types(m, t);
	check_processes(m, t);
	check_threads(m, t);
	check_handles(m, t);
	check_pool(m, t);
	check_named_objects(m, t);
	check_modules(m, t);
	check_traces(m, t);
	check_memory(m, t);
	model_destroy(m);
	json_object_put(t);
}

/* --- tests ------------------------------------------------------------------ */

static const char *const scenarios[] = {
	"thread-handle-leak", "process-handle-leak", "directory-handle-leak", "healthy",
};

START_TEST(fixture_matches_truth)
{
	char path[512];

	if (!test_fixture(scenarios[_i], path, sizeof(path)))
		return;
	compare_with_truth(path, NULL);
}
END_TEST

/* The seed's facts, read as a user would check them. */
START_TEST(thread_leak_reads_as_the_seed)
{
	char path[512], sym[SYM_MAX];
	struct model *m;
	uint32_t p, i, terminated = 0, held = 0, tag;

	if (!test_fixture("thread-handle-leak", path, sizeof(path)))
		return;
	m = load_model(path, NULL);
	ck_assert(ls_tag_parse("Thre", &tag));
	ck_assert_uint_ne(model_pooltag_by_tag(m, tag), LS_NONE);
	ck_assert_uint_eq(m->mem.failed_allocs.value, 184);
	for (p = 0; p < m->nprocesses; p++)
		if (strcmp(m->processes[p].name, "iexplore.exe") == 0)
			break;
	ck_assert_uint_lt(p, m->nprocesses);
	ck_assert_int_eq(m->processes[p].session, 7);
	for (i = 0; i < m->processes[p].nhandles; i++) {
		const struct ls_handle *h = &m->handles[m->processes[p].first_handle + i];
		const struct ls_object *o = &m->objects[h->object];
		const struct ls_thread *t;

		if (o->thread == LS_NONE)
			continue;
		t = &m->threads[o->thread];
		held++;
		if (!t->terminated)
			continue;
		terminated++;
		ck_assert_str_eq(m->processes[t->process].name, "System");
		ck_assert(t->found & LS_FOUND_HANDLE);
		ck_assert(!(t->found & LS_FOUND_ACTIVE_LIST));
		ck_assert_str_eq(model_symbolize(m, t->start, t->process, sym, sizeof(sym)),
				 "mydriver!StatusWaitThread");
	}
	/* 143 428 at scale 1; the fixture is scaled down */
	ck_assert_uint_ge(terminated, 1000);
	ck_assert_uint_ge(held, terminated);
	model_destroy(m);
}
END_TEST

START_TEST(windows11_dump_matches_truth)
{
	const char *shared = test_shared_dir("the Windows 11 ISF");
	char dir[512], core[600], isf[600], scn[300];
	struct load_options o = { .nsymbols = 1 };
	char *out = NULL, *err = NULL;
	int rc;

	if (!shared)
		return;
	test_tmpdir(dir, sizeof(dir));
	snprintf(core, sizeof(core), "%s/win11-%s.core", dir, scenarios[_i]);
	snprintf(scn, sizeof(scn), "fixtures/scenarios/%s.scn", scenarios[_i]);
	snprintf(isf, sizeof(isf), "%s/isf", shared);
	{
		char *argv[] = {
			(char *)test_mkdump_bin(), "--build", "win11-22000-x64",
			"--scale", "0.01", scn, core, NULL,
		};

		rc = test_run(argv, &out, &err);
		ck_assert_msg(rc == 0, "mkdump failed (%d): %s", rc, err ? err : "");
		free(out);
		free(err);
	}
	o.symbols[0] = isf;
	compare_with_truth(core, &o);
	unlink(core);
	snprintf(isf, sizeof(isf), "%.*s.truth.json", (int)(strlen(core) - 5), core);
	unlink(isf);
}
END_TEST

/* --pooltags and --symfile reach the model through model_load. */
START_TEST(load_options_add_data)
{
	char path[512], dir[512], tags[600], syms[600];
	struct load_options o = { 0 };
	struct model *m = NULL;
	struct dump *d;
	struct ls_err err;
	uint32_t tag, k, mod;
	uint64_t addr;
	FILE *f;

	if (!test_fixture("thread-handle-leak", path, sizeof(path)))
		return;
	test_tmpdir(dir, sizeof(dir));
	ck_assert_ls_ok(dump_open(path, &d, &err), &err);

	o.pooltags = "/nonexistent/pooltag.txt";
	ck_assert_int_ne(model_load(d, &o, &m, &err), LS_OK);
	ck_assert_msg(strstr(err.msg, "/nonexistent/pooltag.txt"), "error: %s", err.msg);
	ck_assert_ptr_null(m);

	snprintf(tags, sizeof(tags), "%s/pooltag.txt", dir);
	f = fopen(tags, "w");
	ck_assert_ptr_nonnull(f);
	fputs("Thre - nt!ps - Thread objects (from the user's file)\n", f);
	fclose(f);
	/* a symbol the exports do not have, inside mydriver.sys */
	m = load_model(path, NULL);
	mod = LS_NONE;
	for (k = 0; k < m->nmodules; k++)
		if (m->modules[k].name && strcmp(m->modules[k].name, "mydriver.sys") == 0)
			mod = k;
	ck_assert_uint_ne(mod, LS_NONE);
	addr = m->modules[mod].base + m->modules[mod].size - 0x10;
	model_destroy(m);
	snprintf(syms, sizeof(syms), "%s/extra.sym", dir);
	f = fopen(syms, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "mydriver!UserNamedRoutine 0x%" PRIx64 "\n", addr);
	fclose(f);

	o.pooltags = tags;
	o.symfile = syms;
	ck_assert_ls_ok(model_load(d, &o, &m, &err), &err);
	ck_assert(ls_tag_parse("Thre", &tag));
	k = model_pooltag_by_tag(m, tag);
	ck_assert_uint_ne(k, LS_NONE);
	ck_assert_str_eq(m->pooltags[k].desc, "Thread objects (from the user's file)");
	ck_assert_uint_ne(model_symbol_by_name(m, "mydriver!UserNamedRoutine"), LS_NONE);
	model_destroy(m);
	dump_destroy(d);
}
END_TEST

START_TEST(info_prints_what_was_found)
{
	char path[512], want[256];
	json_object *t;
	char *out = NULL, *err = NULL;
	int rc;

	if (!test_fixture("process-handle-leak", path, sizeof(path)))
		return;
	t = load_truth(path);
	{
		char *argv[] = { (char *)test_leakscope_bin(), path, "--info", NULL };

		rc = test_run(argv, &out, &err);
	}
	ck_assert_msg(rc == 0, "leakscope --info exited %d: %s", rc, err ? err : "");
	snprintf(want, sizeof(want), "dtb:           %s\n", jstr(t, "dtb"));
	ck_assert_msg(strstr(out, want), "--info lacks \"%s\":\n%s", want, out);
	snprintf(want, sizeof(want), "kernel base:   %s\n", jstr(t, "kernel_base"));
	ck_assert_msg(strstr(out, want), "--info lacks \"%s\":\n%s", want, out);
	ck_assert_msg(strstr(out, "build:         Windows") && strstr(out, "10.0.19041\n"),
		      "--info lacks the build:\n%s", out);
	ck_assert_msg(strstr(out, "profile:       built-in"), "--info lacks the profile:\n%s", out);
	snprintf(want, sizeof(want), "pdb:           %s age 1\n", jstr(jget(t, "pdb"), "guid"));
	ck_assert_msg(strstr(out, want), "--info lacks \"%s\":\n%s", want, out);
	free(out);
	free(err);
	json_object_put(t);
}
END_TEST

static Suite *win_reader_suite(void)
{
	Suite *s = suite_create("win_reader");
	TCase *tc = tcase_create("fixtures");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, fixture_matches_truth, 0,
			    sizeof(scenarios) / sizeof(scenarios[0]));
	tcase_add_test(tc, thread_leak_reads_as_the_seed);
	tcase_add_loop_test(tc, windows11_dump_matches_truth, 0,
			    sizeof(scenarios) / sizeof(scenarios[0]));
	tcase_add_test(tc, load_options_add_data);
	tcase_add_test(tc, info_prints_what_was_found);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(win_reader_suite)
