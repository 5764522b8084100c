/* tests/test_cmd_e2e.c — build/leakscope on the fixture dumps: every
 * command's --json output checked against the fixture's truth file (what
 * mkdump placed), the triage verdicts, and the exit status of bad
 * commands. Skips with a message when a fixture is missing. */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "testutil.h"

static const char *const fixtures[] = {
	"thread-handle-leak", "process-handle-leak", "directory-handle-leak", "healthy",
};

struct fx {
	char core[512];
	json_object *truth;
};

/* Load NAME's truth file; false (after a skip message) if absent. */
static bool fx_open(struct fx *f, const char *name)
{
	char truth[600];

	if (!test_fixture(name, f->core, sizeof(f->core)))
		return false;
	snprintf(truth, sizeof(truth), "%s/fixtures/%s.truth.json", test_build_dir(), name);
	f->truth = json_object_from_file(truth);
	if (!f->truth) {
		printf("skipped: %s unreadable\n", truth);
		return false;
	}
	return true;
}

static void fx_close(struct fx *f)
{
	json_object_put(f->truth);
}

/* Run leakscope CORE [args...] and return its exit status; out/err are
 * malloc'd. */
static int ls_run(const struct fx *f, char **out, char **err, ...)
{
	char *argv[32];
	int argc = 0, rc;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)test_leakscope_bin();
	argv[argc++] = (char *)f->core;
	va_start(ap, err);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 31)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	rc = test_run(argv, out, err);
	return rc;
}

/* leakscope CORE --json -c CMD...: the rows of the last command's doc. */
static json_object *rows_of(const struct fx *f, json_object **doc, ...)
{
	char *argv[32], *out = NULL, *err = NULL, *last, *nl;
	int argc = 0, rc;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)test_leakscope_bin();
	argv[argc++] = (char *)f->core;
	argv[argc++] = "--json";
	va_start(ap, doc);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 29) {
		argv[argc++] = "-c";
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;
	rc = test_run(argv, &out, &err);
	ck_assert_msg(rc == 0, "%s %s: exit %d: %s", f->core, argv[4], rc, err ? err : "");
	ck_assert_ptr_nonnull(out);
	/* one JSON document per line: take the last */
	while ((nl = strrchr(out, '\n')) != NULL && nl[1] == '\0')
		*nl = '\0';
	last = strrchr(out, '\n');
	last = last ? last + 1 : out;
	*doc = json_tokener_parse(last);
	ck_assert_msg(*doc != NULL, "not JSON: %.200s", last);
	free(out);
	free(err);
	return json_object_object_get(*doc, "rows");
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

static int64_t get_i(json_object *o, const char *key)
{
	return json_object_get_int64(get(o, key));
}

static const char *get_s(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* "0x..." strings compared as numbers. */
static uint64_t get_hex(json_object *o, const char *key)
{
	const char *s = get_s(o, key);

	return s ? strtoull(s, NULL, 16) : 0;
}

/* Pool tags print with NULs as spaces. */
static void norm_tag(const char *in, char out[5])
{
	int i;

	for (i = 0; i < 4; i++)
		out[i] = in && in[i] ? in[i] : ' ';
	out[4] = '\0';
	(void)0;
}

static void check_vm(const struct fx *f)
{
	json_object *doc, *rows = rows_of(f, &doc, "!vm", NULL);
	json_object *mem = get(f->truth, "memory"), *r = json_object_array_get_idx(rows, 0);

	ck_assert_ptr_nonnull(r);
	if (get(mem, "nonpaged-used"))
		ck_assert_int_eq(get_i(r, "nonpaged_used_pages"), get_i(mem, "nonpaged-used"));
	if (get(mem, "nonpaged-max"))
		ck_assert_int_eq(get_i(r, "nonpaged_max_pages"), get_i(mem, "nonpaged-max"));
	if (get(mem, "paged-used"))
		ck_assert_int_eq(get_i(r, "paged_used_pages"), get_i(mem, "paged-used"));
	if (get(mem, "failures_total") && get(r, "failed_allocs"))
		ck_assert_int_eq(get_i(r, "failed_allocs"), get_i(mem, "failures_total"));
	json_object_put(doc);
}

static void check_poolused(const struct fx *f)
{
	json_object *doc, *rows = rows_of(f, &doc, "!poolused 2", NULL);
	json_object *tags = get(f->truth, "pool_tags");
	size_t i, k, n = json_object_array_length(tags);

	ck_assert_uint_ge(json_object_array_length(rows), n);
	for (i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(tags, i), *found = NULL;
		char want[5], got[5];

		norm_tag(get_s(t, "tag"), want);
		for (k = 0; k < json_object_array_length(rows) && !found; k++) {
			json_object *r = json_object_array_get_idx(rows, k);
			norm_tag(get_s(r, "tag"), got);
			if (strcmp(want, got) == 0)
				found = r;
		}
		ck_assert_msg(found != NULL, "%s: tag '%s' missing from !poolused", f->core, want);
		ck_assert_int_eq(get_i(found, "nonpaged_allocs"), get_i(t, "np_allocs"));
		ck_assert_int_eq(get_i(found, "nonpaged_frees"), get_i(t, "np_frees"));
		ck_assert_int_eq(get_i(found, "nonpaged_bytes"), get_i(t, "np_bytes"));
		ck_assert_int_eq(get_i(found, "paged_allocs"), get_i(t, "p_allocs"));
		ck_assert_int_eq(get_i(found, "paged_bytes"), get_i(t, "p_bytes"));
	}
	/* sorted by non-paged bytes */
	for (k = 1; k < json_object_array_length(rows); k++)
		ck_assert_int_ge(get_i(json_object_array_get_idx(rows, k - 1), "nonpaged_bytes"),
				 get_i(json_object_array_get_idx(rows, k), "nonpaged_bytes"));
	json_object_put(doc);
}

static json_object *find_pid(json_object *rows, int64_t pid)
{
	size_t k;

	for (k = 0; k < json_object_array_length(rows); k++) {
		json_object *r = json_object_array_get_idx(rows, k);
		if (get_i(r, "pid") == pid)
			return r;
	}
	return NULL;
}

static void check_processes(const struct fx *f)
{
	json_object *doc, *rows = rows_of(f, &doc, "!process 0 0", NULL);
	json_object *procs = get(f->truth, "processes");
	size_t i, n = json_object_array_length(procs);

	ck_assert_uint_eq(json_object_array_length(rows), n);
	for (i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(procs, i);
		json_object *r = find_pid(rows, get_i(t, "pid"));

		ck_assert_msg(r != NULL, "%s: pid %lld missing", f->core, (long long)get_i(t, "pid"));
		ck_assert_uint_eq(get_hex(r, "addr"), get_hex(t, "eprocess"));
		ck_assert_int_eq(get_i(r, "ppid"), get_i(t, "ppid"));
		ck_assert_str_eq(get_s(r, "image"), get_s(t, "name"));
		if (get(t, "session") && !json_object_is_type(get(t, "session"), json_type_null))
			ck_assert_int_eq(get_i(r, "session"), get_i(t, "session"));
		else
			ck_assert(json_object_is_type(get(r, "session"), json_type_null));
		ck_assert_int_eq(get_i(r, "handle_count"), get_i(t, "handle_count"));
	}
	json_object_put(doc);
}

/* Every truth handle appears in !handle 0 3 0 with its object and type. */
static void check_handles(const struct fx *f)
{
	json_object *doc, *rows = rows_of(f, &doc, "!handle 0 3 0", NULL);
	json_object *hs = get(f->truth, "handles");
	size_t i, k = 0, n = json_object_array_length(hs), nr = json_object_array_length(rows);

	ck_assert_uint_eq(nr, n);
	for (i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(hs, i), *r = NULL;
		size_t j;

		/* rows come in (process, value) order; search from the last hit */
		for (j = 0; j < nr && !r; j++) {
			json_object *c = json_object_array_get_idx(rows, (k + j) % nr);
			if (get_i(c, "pid") == get_i(t, "pid") &&
			    (int64_t)get_hex(c, "handle") == get_i(t, "value")) {
				r = c;
				k = (k + j) % nr;
			}
		}
		ck_assert_msg(r != NULL, "%s: handle pid %lld value 0x%llx missing", f->core,
			      (long long)get_i(t, "pid"), (long long)get_i(t, "value"));
		ck_assert_uint_eq(get_hex(r, "object"), get_hex(t, "object"));
		ck_assert_str_eq(get_s(r, "type"), get_s(t, "type"));
		ck_assert_int_eq((int64_t)get_hex(r, "access"), get_i(t, "access"));
	}
	json_object_put(doc);
}

/* A sample of threads through !thread: Cid, state, start symbol. */
static void check_threads(const struct fx *f)
{
	json_object *ts = get(f->truth, "threads");
	size_t i, n = json_object_array_length(ts), step = n > 8 ? n / 8 : 1;

	for (i = 0; i < n; i += step) {
		json_object *t = json_object_array_get_idx(ts, i), *doc, *rows, *r;
		char cmd[64];
		const char *want = get_s(t, "start"), *got, *wb, *gb;

		snprintf(cmd, sizeof(cmd), "!thread %s", get_s(t, "ethread"));
		rows = rows_of(f, &doc, cmd, NULL);
		r = json_object_array_get_idx(rows, 0);
		ck_assert_int_eq(get_i(r, "pid"), get_i(t, "pid"));
		ck_assert_int_eq(get_i(r, "tid"), get_i(t, "tid"));
		ck_assert_int_eq(json_object_get_boolean(get(r, "terminated")),
				 strcmp(get_s(t, "state"), "Terminated") == 0);
		got = get_s(r, "start_symbol");
		/* "mydriver!StatusWaitThread": compare the function part */
		wb = want ? strchr(want, '!') : NULL;
		gb = got ? strchr(got, '!') : NULL;
		if (wb)
			ck_assert_msg(gb && strcmp(wb, gb) == 0, "%s: start %s, expected %s",
				      cmd, got, want);
		ck_assert_uint_eq(get_hex(r, "start"), get_hex(t, "start_address"));
		json_object_put(doc);
	}
}

/* A path with runs of backslashes made one. The scenario files write
 * "\\Sessions\\{i}" while mkdump keeps backslashes literal, so the truth
 * has doubled separators where the dump has an empty-named directory
 * between two single ones; both mean the same chain of names. */
static const char *squeeze(const char *s, char *buf, size_t len)
{
	size_t j = 0;

	for (; s && *s && j + 1 < len; s++)
		if (!(*s == '\\' && j > 0 && buf[j - 1] == '\\'))
			buf[j++] = *s;
	buf[j] = '\0';
	return buf;
}

static void check_named_objects(const struct fx *f)
{
	json_object *ns = get(f->truth, "named_objects");
	size_t i, n = json_object_array_length(ns), step = n > 6 ? n / 6 : 1;

	for (i = 0; i < n; i += step) {
		json_object *t = json_object_array_get_idx(ns, i), *doc, *rows, *r;
		char cmd[64], pa[512], pb[512];

		snprintf(cmd, sizeof(cmd), "!object %s", get_s(t, "body"));
		rows = rows_of(f, &doc, cmd, NULL);
		r = json_object_array_get_idx(rows, 0);
		ck_assert_str_eq(get_s(r, "type"), get_s(t, "type"));
		ck_assert_str_eq(get_s(r, "name"), get_s(t, "name"));
		ck_assert_str_eq(squeeze(get_s(r, "path"), pa, sizeof(pa)),
				 squeeze(get_s(t, "path"), pb, sizeof(pb)));
		ck_assert_int_eq((int64_t)json_object_array_length(get(r, "handles")),
				 get_i(t, "handles"));
		json_object_put(doc);
	}
}

/* Traced processes: !htrace lists as many OPEN and CLOSE records, with the
 * stacks' symbols; processes with a global flag show it in dt _PEB. */
static void check_traces_and_peb(const struct fx *f)
{
	json_object *procs = get(f->truth, "processes"), *tr = get(f->truth, "traces");
	size_t i, k;

	for (i = 0; i < json_object_array_length(procs); i++) {
		json_object *p = json_object_array_get_idx(procs, i), *doc, *rows;
		char proc[64];
		int64_t pid = get_i(p, "pid"), opens = 0, closes = 0, got_o = 0, got_c = 0;

		snprintf(proc, sizeof(proc), ".process %s", get_s(p, "eprocess"));
		if (get_i(p, "global_flag")) {
			rows = rows_of(f, &doc, proc, "dt _PEB", NULL);
			ck_assert_int_eq(get_i(json_object_array_get_idx(rows, 0), "nt_global_flag"),
					 get_i(p, "global_flag"));
			json_object_put(doc);
		}
		if (!json_object_get_boolean(get(p, "tracing")))
			continue;
		for (k = 0; k < json_object_array_length(tr); k++) {
			json_object *t = json_object_array_get_idx(tr, k);
			if (get_i(t, "pid") != pid)
				continue;
			if (strcmp(get_s(t, "kind"), "OPEN") == 0)
				opens++;
			else
				closes++;
		}
		rows = rows_of(f, &doc, proc, "!htrace 0", NULL);
		for (k = 0; k < json_object_array_length(rows); k++) {
			json_object *r = json_object_array_get_idx(rows, k);
			if (strcmp(get_s(r, "kind"), "OPEN") == 0)
				got_o++;
			else if (strcmp(get_s(r, "kind"), "CLOSE") == 0)
				got_c++;
		}
		ck_assert_int_eq(got_o, opens);
		ck_assert_int_eq(got_c, closes);
		json_object_put(doc);
	}
}

static void check_lm(const struct fx *f)
{
	json_object *doc, *rows = rows_of(f, &doc, "lm", NULL);
	json_object *mods = get(f->truth, "modules");
	size_t i, k;

	for (i = 0; i < json_object_array_length(mods); i++) {
		json_object *t = json_object_array_get_idx(mods, i);
		bool found = false;

		if (!json_object_is_type(get(t, "pid"), json_type_null))
			continue;   /* user modules need .process */
		for (k = 0; k < json_object_array_length(rows) && !found; k++) {
			json_object *r = json_object_array_get_idx(rows, k);
			found = get_hex(r, "base") == get_hex(t, "base") &&
				strcasecmp(get_s(r, "name"), get_s(t, "name")) == 0;
		}
		ck_assert_msg(found, "%s: lm lacks %s", f->core, get_s(t, "name"));
	}
	json_object_put(doc);
}

/* Every text command runs and says something on every fixture. */
static void check_text_commands(const struct fx *f)
{
	static const char *const cmds[] = { "!vm", "!poolused 3", "!process 0 0", "lm" };
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *out = NULL, *err = NULL;
		int rc = ls_run(f, &out, &err, "-c", cmds[i], NULL);

		ck_assert_msg(rc == 0, "%s -c '%s': exit %d: %s", f->core, cmds[i], rc, err);
		ck_assert_msg(out && strlen(out) > 20, "%s -c '%s': no output", f->core, cmds[i]);
		ck_assert(!strchr(out, '\x1b'));
		free(out);
		free(err);
	}
}

/* The seed's drill in text on the thread-handle leak: iexplore.exe's Thread
 * handles one by one, then one of the threads behind them. */
START_TEST(thread_leak_drill_in_text)
{
	struct fx f;
	json_object *procs, *hs, *ts;
	const char *ie = NULL, *thread = NULL;
	int64_t ie_pid = -1, want = 0;
	char *out = NULL, *err = NULL, proc[64], th[64];
	const char *p;
	size_t i;
	int rc, n = 0;

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	procs = get(f.truth, "processes");
	for (i = 0; i < json_object_array_length(procs); i++) {
		json_object *pr = json_object_array_get_idx(procs, i);
		if (strcmp(get_s(pr, "name"), "iexplore.exe") == 0) {
			ie = get_s(pr, "eprocess");
			ie_pid = get_i(pr, "pid");
		}
	}
	ck_assert_ptr_nonnull(ie);
	hs = get(f.truth, "handles");
	for (i = 0; i < json_object_array_length(hs); i++) {
		json_object *h = json_object_array_get_idx(hs, i);
		if (get_i(h, "pid") == ie_pid && strcmp(get_s(h, "type"), "Thread") == 0)
			want++;
	}
	ts = get(f.truth, "threads");
	for (i = 0; i < json_object_array_length(ts) && !thread; i++) {
		json_object *t = json_object_array_get_idx(ts, i);
		if (strcmp(get_s(t, "state"), "Terminated") == 0 &&
		    strcmp(get_s(t, "start"), "mydriver!StatusWaitThread") == 0)
			thread = get_s(t, "ethread");
	}
	ck_assert_ptr_nonnull(thread);
	snprintf(proc, sizeof(proc), ".process %s", ie);
	rc = ls_run(&f, &out, &err, "-c", proc, "-c", "!handle 0 3 -1 Thread", NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	ck_assert(strstr(out, "Implicit process is now "));
	ck_assert(strstr(out, "Image: iexplore.exe"));
	for (p = out; (p = strstr(p, "GrantedAccess: ")) != NULL; p++)
		n++;
	ck_assert_int_eq(n, want);
	ck_assert(strstr(out, ") Thread\n    ObjectHeader: "));
	free(out);
	free(err);
	snprintf(th, sizeof(th), "!thread %s", thread);
	rc = ls_run(&f, &out, &err, "-c", th, NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	ck_assert(strstr(out, " TERMINATED\n"));
	ck_assert(strstr(out, "Image:         System\n"));
	ck_assert(strstr(out, "Start Address mydriver!StatusWaitThread (0x"));
	ck_assert(strstr(out, "iexplore.exe (Cid 172e4) handle "));
	free(out);
	free(err);
	fx_close(&f);
}
END_TEST

START_TEST(every_command_matches_truth)
{
	struct fx f;

	if (!fx_open(&f, fixtures[_i]))
		return;
	check_vm(&f);
	check_poolused(&f);
	check_processes(&f);
	check_handles(&f);
	check_threads(&f);
	check_named_objects(&f);
	check_traces_and_peb(&f);
	check_lm(&f);
	check_text_commands(&f);
	fx_close(&f);
}
END_TEST

/* The verdict of --triage --json on each fixture. */
START_TEST(triage_verdicts)
{
	struct fx f;
	char *out = NULL, *err = NULL;
	json_object *doc, *v;
	const char *suspect;
	int rc;

	if (!fx_open(&f, fixtures[_i]))
		return;
	rc = ls_run(&f, &out, &err, "--triage", "--json", NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	doc = json_tokener_parse(out);
	ck_assert_msg(doc != NULL, "not JSON: %.200s", out);
	v = get(doc, "verdict");
	suspect = get_s(v, "suspect");
	switch (_i) {
	case 0:   /* thread-handle-leak */
		ck_assert_str_eq(get_s(v, "kind"), "thread_start");
		ck_assert_str_eq(get_s(v, "module"), "mydriver.sys");
		ck_assert_msg(strstr(get_s(v, "symbol"), "StatusWaitThread"), "symbol %s", get_s(v, "symbol"));
		ck_assert_str_eq(get_s(v, "process_image"), "iexplore.exe");
		ck_assert_str_eq(suspect, "mydriver.sys (StatusWaitThread)");
		ck_assert(json_object_get_boolean(get(v, "pool_pressure")));
		break;
	case 1:   /* process-handle-leak */
		ck_assert_str_eq(get_s(v, "process_image"), "MyApp.exe");
		ck_assert_msg(strstr(suspect, "MyDLL!GetProcHandle"), "suspect %s", suspect);
		ck_assert_str_eq(get_s(v, "type"), "Process");
		break;
	case 2:   /* directory-handle-leak */
		ck_assert_str_eq(get_s(v, "process_image"), "System");
		ck_assert_str_eq(get_s(v, "name"), "WindowStations");
		ck_assert_str_eq(get_s(v, "type"), "Directory");
		break;
	default:  /* healthy */
		ck_assert(!json_object_get_boolean(get(v, "leak")));
		ck_assert_str_eq(suspect, "no leak found");
	}
	json_object_put(doc);
	free(out);
	free(err);
	/* the text form says the same */
	rc = ls_run(&f, &out, &err, "--triage", NULL);
	ck_assert_int_eq(rc, 0);
	ck_assert(strstr(out, "6. Verdict"));
	ck_assert(strstr(out, _i == 3 ? "Suspect: no leak found" :
			 _i == 0 ? "Suspect: mydriver.sys (StatusWaitThread)" :
			 _i == 1 ? "Suspect: MyApp.exe" : "Suspect: System"));
	free(out);
	free(err);
	fx_close(&f);
}
END_TEST

START_TEST(bad_command_exits_2_with_one_line)
{
	static const char *const bad[] = { "bogus", "!poolused zz", "!handle 0 3 0 NoSuchType", "dt _TEB" };
	struct fx f;
	size_t i;

	if (!fx_open(&f, "healthy"))
		return;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *out = NULL, *err = NULL;
		int rc = ls_run(&f, &out, &err, "-c", bad[i], NULL);
		size_t len = err ? strlen(err) : 0;

		ck_assert_msg(rc == 2, "-c '%s': exit %d", bad[i], rc);
		/* one error line (load warnings, if any, are lines of their own) */
		ck_assert(len > 1 && err[len - 1] == '\n');
		ck_assert_msg(test_error_lines(err) == 1, "stderr: %s", err);
		ck_assert_str_eq(out, "");
		free(out);
		free(err);
	}
	fx_close(&f);
}
END_TEST

/* The real Linux vmcore (../shared/linux): the dead mydriver threads kept
 * by module references are the verdict; the pidfd and directory leaks are
 * listed as further cases. */
START_TEST(linux_vmcore_triage)
{
	const char *shared = test_shared_dir("the Linux triage test needs ../shared/linux");
	char elf[512], map[600], btf[600], sh[2048], *out = NULL, *err = NULL;
	json_object *doc, *v, *also;
	struct fx f;
	size_t i;
	bool myapp = false, dirleak = false;
	int rc;

	if (!shared)
		return;
	snprintf(elf, sizeof(elf), "%s/linux/vmcore.elf", test_build_dir());
	if (access(elf, R_OK) != 0) {
		/* the Linux reader tests unpack it there too */
		char *argv[] = { "/bin/sh", "-c", sh, NULL };
		snprintf(sh, sizeof(sh), "mkdir -p '%s/linux' && xz -dc '%s/linux/vmcore.elf.xz' "
			 "> '%s.tmp' && mv '%s.tmp' '%s'", test_build_dir(), shared, elf, elf, elf);
		if (test_run(argv, NULL, NULL) != 0) {
			printf("skipped: cannot unpack %s/linux/vmcore.elf.xz\n", shared);
			return;
		}
	}
	snprintf(f.core, sizeof(f.core), "%s", elf);
	snprintf(map, sizeof(map), "%s/linux/System.map-6.1.0-56-amd64", shared);
	snprintf(btf, sizeof(btf), "%s/linux/btf-vmlinux-6.1.0-56-amd64", shared);
	rc = ls_run(&f, &out, &err, "--system-map", map, "--btf", btf, "--triage", "--json", NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	doc = json_tokener_parse(out);
	ck_assert_msg(doc != NULL, "not JSON: %.200s", out);
	v = get(doc, "verdict");
	ck_assert_str_eq(get_s(v, "kind"), "thread_start");
	ck_assert_str_eq(get_s(v, "module"), "mydriver");
	ck_assert_str_eq(get_s(v, "symbol"), "mydriver!StatusWaitThread");
	ck_assert_int_eq(get_i(v, "count"), 3000);
	also = get(doc, "also");
	for (i = 0; i < json_object_array_length(also); i++) {
		json_object *a = json_object_array_get_idx(also, i);
		const char *img = get_s(a, "process_image");
		if (img && strcmp(img, "myapp") == 0) {
			myapp = true;
			ck_assert_int_eq(get_i(a, "count"), 2000);
			ck_assert_str_eq(get_s(a, "target_image"), "myapp-child");
		}
		if (img && strcmp(img, "dirleak") == 0) {
			dirleak = true;
			ck_assert_int_eq(get_i(a, "count"), 1500);
			ck_assert_str_eq(get_s(a, "name"), "/var/lib/dirleak");
		}
	}
	ck_assert(myapp && dirleak);
	json_object_put(doc);
	free(out);
	free(err);
}
END_TEST

static Suite *cmd_e2e_suite(void)
{
	Suite *s = suite_create("cmd_e2e");
	TCase *tc = tcase_create("fixtures");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, every_command_matches_truth, 0, 4);
	tcase_add_loop_test(tc, triage_verdicts, 0, 4);
	tcase_add_test(tc, thread_leak_drill_in_text);
	tcase_add_test(tc, bad_command_exits_2_with_one_line);
	tcase_add_test(tc, linux_vmcore_triage);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(cmd_e2e_suite)
