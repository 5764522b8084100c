/* tests/test_corrupt.c — the corruption matrix (issue 8): every kind of
 * `leakscope-mkdump --corrupt` on every scenario, at a small scale, in
 * build/tmp. For each damaged dump:
 *   - `leakscope DUMP --triage`, `-c '!process 0 0' --json`,
 *     `-c '!handle 0 1 0' --json` and `-c lm -c '!vm' -c '!poolused 3'`
 *     exit normally (0, or 1 with a one-line error; never a signal) within
 *     10 s and under RLIMIT_AS 2 GiB;
 *   - the warnings name what was damaged (the truth file's "names");
 *   - every process the damage did not touch is reported with exactly the
 *     handles and threads the truth file lists;
 *   - the TUI, driven by a key script through a few views, exits 0.
 * CORRUPT_SCALE (default 0.005) sets the scale; the run prints the size of
 * the matrix and its time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../fixtures/mkdump/corrupt.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

#define RUN_SECONDS 10
#define MEM_LIMIT (2ULL << 30)
#define TUI_KEYS "<Tab><Enter><Esc><Tab><Enter>j<Enter><Esc><Esc><Tab>G<Enter><Esc>" \
		 "t<Enter><Esc><Esc>:!process 0 0<Enter><Esc>?<Esc>q"

static const char *const scenarios[] = {
	"thread-handle-leak", "process-handle-leak", "directory-handle-leak", "healthy",
};
#define NSCENARIOS (int)(sizeof(scenarios) / sizeof(*scenarios))

/* Truncation points: inside the ELF header, the program headers, the first
 * page, and at fractions of the file. */
static const char *const cuts[] = {
	"trunc=0", "trunc=1", "trunc=63", "trunc=100", "trunc=1000", "trunc=4096",
	"trunc=10%", "trunc=50%", "trunc=90%", "trunc=99.999%",
};
#define NCUTS (int)(sizeof(cuts) / sizeof(*cuts))

struct run {
	int status;             /* exit status, or 128 + signal */
	bool signaled, timed_out;
	double secs;
	long max_rss_kb;        /* the child's peak resident set */
	char *out, *err;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv with a time limit and (without sanitizers, whose shadow memory
 * needs terabytes of address space) an address-space limit; keys set
 * LEAKSCOPE_KEYS for the TUI. */
static void run_limited(char *const argv[], const char *keys, struct run *r)
{
	char tout[] = "/tmp/lscorrXXXXXX", terr[] = "/tmp/lscorrXXXXXX";
	int fo = mkstemp(tout), fe = mkstemp(terr), st = 0;
	double limit = RUN_SECONDS * (UNDER_SANITIZER ? 4 : 1), t0 = now();
	pid_t pid;

	memset(r, 0, sizeof(*r));
	ck_assert(fo >= 0 && fe >= 0);
	unlink(tout);
	unlink(terr);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit rl = { MEM_LIMIT, MEM_LIMIT };
		int devnull = open("/dev/null", O_RDONLY);

		if (!UNDER_SANITIZER)
			setrlimit(RLIMIT_AS, &rl);
		dup2(devnull, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (keys) {
			setenv("LEAKSCOPE_KEYS", keys, 1);
			setenv("TERM", "xterm", 1);
			unsetenv("LEAKSCOPE_SCREEN");
		}
		execv(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		struct rusage ru;
		pid_t w = wait4(pid, &st, WNOHANG, &ru);

		if (w == pid) {
			r->max_rss_kb = ru.ru_maxrss;
			break;
		}
		if (now() - t0 > limit) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			r->timed_out = true;
			break;
		}
		usleep(2000);
	}
	r->secs = now() - t0;
	r->signaled = WIFSIGNALED(st);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = test_slurp_fd(fo);
	r->err = test_slurp_fd(fe);
	close(fo);
	close(fe);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Lines of s that are not leakscope's warnings. */
static int non_warning_lines(const char *s)
{
	int n = 0;

	while (*s) {
		size_t len = strcspn(s, "\n");

		unsigned more;
		char w[16];

		/* "leakscope: warning: ..." and the cap's "leakscope: N more warnings" */
		if (len && strncmp(s, "leakscope: warning:", 19) != 0 &&
		    !(sscanf(s, "leakscope: %u more %15s", &more, w) == 2 && !strncmp(w, "warning", 7)))
			n++;
		s += len + (s[len] == '\n');
	}
	return n;
}

/* The checks every run must pass: a normal exit in time, and on failure
 * exactly one line of error. */
static void assert_sane(const char *what, const struct run *r)
{
	ck_assert_msg(!r->timed_out, "%s: still running after %.1f s", what, r->secs);
	ck_assert_msg(!r->signaled, "%s: killed by signal %d; stderr: %.400s", what,
		      r->status - 128, r->err);
	ck_assert_msg(r->status == 0 || r->status == 1, "%s: exit status %d; stderr: %.400s",
		      what, r->status, r->err);
	if (r->status == 1)
		ck_assert_msg(non_warning_lines(r->err) == 1,
			      "%s: exit 1 without a one-line error: %.400s", what, r->err);
}

static uint64_t hex(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return 0;
	return strtoull(json_object_get_string(v), NULL, 16);
}

static int64_t num(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return -1;
	return json_object_get_int64(v);
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

static bool in_range(uint64_t a, uint64_t lo, uint64_t hi)
{
	/* object headers and pool headers sit up to a page below the body */
	return hi && a + 0x1000 > lo && a < hi + 0x1000;
}

/* Does the damage c reach process p (its record, its lists, its table)? */
static bool touches(json_object *truth, json_object *c, json_object *p)
{
	const char *scope = json_object_get_string(member(c, "scope"));
	int64_t pid = num(p, "pid");
	uint64_t addr = hex(c, "address"), lo = hex(c, "va_lo"), hi = hex(c, "va_hi");
	json_object *handles = member(truth, "handles");

	if (!strcmp(scope, "list") || !strcmp(scope, "global"))
		return false;
	if (!strcmp(scope, "file"))
		return true;
	if (num(c, "pid") == pid)
		return true;
	if (!strcmp(scope, "page") &&
	    (in_range(hex(p, "eprocess"), lo, hi) || in_range(hex(p, "handle_table"), lo, hi)))
		return true;
	/* a damaged page: the processes whose threads live in it */
	for (size_t i = 0; !strcmp(scope, "page") &&
			   i < json_object_array_length(member(truth, "threads")); i++) {
		json_object *t = json_object_array_get_idx(member(truth, "threads"), i);

		if (num(t, "pid") == pid && in_range(hex(t, "ethread"), lo, hi))
			return true;
	}
	/* a damaged object or page: the processes holding handles into it */
	for (size_t i = 0; i < json_object_array_length(handles); i++) {
		json_object *h = json_object_array_get_idx(handles, i);
		uint64_t obj = hex(h, "object");

		if (num(h, "pid") != pid)
			continue;
		if ((!strcmp(scope, "object") && obj == addr) ||
		    (!strcmp(scope, "page") && in_range(obj, lo, hi)))
			return true;
	}
	return false;
}

/* The warnings name the damage: one of the truth record's words. */
static void assert_named(const char *what, json_object *c, const char *err)
{
	json_object *names = member(c, "names");

	if (!json_object_array_length(names))
		return;         /* damage to something leakscope does not read */
	for (size_t i = 0; i < json_object_array_length(names); i++)
		if (strcasestr(err, json_object_get_string(json_object_array_get_idx(names, i))))
			return;
	ck_abort_msg("%s: no warning names the damage (%s); stderr: %.600s", what,
		     json_object_get_string(member(c, "where")), err);
}

/* Every process the damage did not touch: present, with its handles and
 * threads, in `!process 0 0 --json`. */
static void assert_untouched_intact(const char *what, json_object *truth, json_object *c,
				    const char *json)
{
	json_object *doc = json_tokener_parse(json), *rows, *procs = member(truth, "processes");

	ck_assert_msg(doc != NULL, "%s: !process 0 0 --json is not JSON: %.200s", what, json);
	rows = member(doc, "rows");
	ck_assert_msg(rows != NULL, "%s: no rows", what);
	for (size_t i = 0; i < json_object_array_length(procs); i++) {
		json_object *p = json_object_array_get_idx(procs, i), *r = NULL;
		int64_t pid = num(p, "pid");

		if (touches(truth, c, p))
			continue;
		for (size_t k = 0; k < json_object_array_length(rows) && !r; k++)
			if (num(json_object_array_get_idx(rows, k), "pid") == pid)
				r = json_object_array_get_idx(rows, k);
		ck_assert_msg(r != NULL, "%s: untouched process %s (pid %" PRId64 ") is missing",
			      what, json_object_get_string(member(p, "name")), pid);
		ck_assert_msg(num(r, "handles_found") == num(p, "handle_count"),
			      "%s: pid %" PRId64 ": %" PRId64 " handles found, truth says %" PRId64,
			      what, pid, num(r, "handles_found"), num(p, "handle_count"));
		ck_assert_msg(num(r, "threads_found") == num(p, "threads"),
			      "%s: pid %" PRId64 ": %" PRId64 " threads found, truth says %" PRId64,
			      what, pid, num(r, "threads_found"), num(p, "threads"));
	}
	json_object_put(doc);
}

struct matrix_stats {
	int dumps, na, loaded;
	double mk_secs, run_secs, worst;
	long max_rss_kb;
};

static void note_run(struct matrix_stats *st, const struct run *r)
{
	if (r->max_rss_kb > st->max_rss_kb)
		st->max_rss_kb = r->max_rss_kb;
}

/* Make one damaged dump and put it through every check. */
static void one_case(const char *scn, const char *spec, const char *dir,
		     const char *scale, struct matrix_stats *st)
{
	char scn_path[512], core[700], truth_path[700], what[200];
	char *mk[] = { (char *)test_mkdump_bin(), "--scale", (char *)scale, "--corrupt",
		       (char *)spec, scn_path, core, NULL };
	const char *ls = test_leakscope_bin();
	char *triage[] = { (char *)ls, core, "--triage", NULL };
	char *procs[] = { (char *)ls, core, "-c", "!process 0 0", "--json", NULL };
	char *handles[] = { (char *)ls, core, "-c", "!handle 0 1 0", "--json", NULL };
	char *misc[] = { (char *)ls, core, "-c", "lm", "-c", "!vm", "-c", "!poolused 3",
			 "-c", "!htrace", NULL };
	char *tui[] = { (char *)ls, core, NULL };
	json_object *truth, *corr, *c;
	struct run r, rp;
	double t0 = now();
	int status;
	char *out = NULL, *err = NULL;

	snprintf(scn_path, sizeof(scn_path), "fixtures/scenarios/%s.scn", scn);
	snprintf(core, sizeof(core), "%s/%s.core", dir, scn);
	snprintf(truth_path, sizeof(truth_path), "%s/%s.truth.json", dir, scn);
	snprintf(what, sizeof(what), "%s --corrupt %s", scn, spec);
	status = test_run(mk, &out, &err);
	st->mk_secs += now() - t0;
	if (status == 2 && strstr(err, "has no target")) {
		st->na++;
		free(out);
		free(err);
		return;
	}
	ck_assert_msg(status == 0, "%s: mkdump exit %d: %s", what, status, err);
	free(out);
	free(err);
	st->dumps++;
	truth = json_object_from_file(truth_path);
	ck_assert_msg(truth != NULL, "%s: truth file unreadable", what);
	corr = member(truth, "corruptions");
	ck_assert_msg(corr && json_object_array_length(corr) == 1, "%s: no corruption recorded", what);
	c = json_object_array_get_idx(corr, 0);

	t0 = now();
	run_limited(triage, NULL, &r);
	assert_sane(what, &r);
	if (r.status == 0) {
		st->loaded++;
		assert_named(what, c, r.err);
	} else if (!strcmp(json_object_get_string(member(c, "scope")), "file")) {
		assert_named(what, c, r.err);   /* the one-line error says why */
	}
	if (r.secs > st->worst)
		st->worst = r.secs;
	note_run(st, &r);
	run_free(&r);

	run_limited(procs, NULL, &rp);
	assert_sane(what, &rp);
	if (rp.status == 0)
		assert_untouched_intact(what, truth, c, rp.out);
	note_run(st, &rp);
	run_free(&rp);

	run_limited(handles, NULL, &r);
	assert_sane(what, &r);
	run_free(&r);
	run_limited(misc, NULL, &r);
	assert_sane(what, &r);
	note_run(st, &r);
	run_free(&r);

	run_limited(tui, TUI_KEYS, &r);
	assert_sane(what, &r);
	ck_assert_msg(r.status == rp.status, "%s: the TUI exited %d, the batch mode %d; stderr: %.300s",
		      what, r.status, rp.status, r.err);
	note_run(st, &r);
	run_free(&r);
	st->run_secs += now() - t0;
	json_object_put(truth);
	unlink(core);
	unlink(truth_path);
}

START_TEST(test_matrix)
{
	const char *scn = scenarios[_i];
	const char *scale = getenv("CORRUPT_SCALE") ? getenv("CORRUPT_SCALE") : "0.005";
	const char *const *kinds = corrupt_kinds();
	struct matrix_stats st = { 0 };
	char dir[512];
	double t0 = now();
	bool quick;

	if (access("fixtures/scenarios", R_OK) != 0) {
		printf("corrupt matrix: skipped (run from the source tree)\n");
		return;
	}
	/* Under sanitizers (about ten times slower) or with CORRUPT_QUICK=1,
	 * each kind runs on one scenario, in turn (tracedb-size lands on the
	 * scenario with tracing), and one cut per scenario. */
	quick = UNDER_SANITIZER || (getenv("CORRUPT_QUICK") && atoi(getenv("CORRUPT_QUICK")));
	test_tmpdir(dir, sizeof(dir));
	for (int k = 0; kinds[k]; k++)
		if (strcmp(kinds[k], "trunc") && (!quick || (k + 1) % NSCENARIOS == _i))
			one_case(scn, kinds[k], dir, scale, &st);
	/* truncation does not depend on the scenario: every cut on the first,
	 * three on the others */
	for (int k = 0; k < NCUTS; k++)
		if (quick ? k % NSCENARIOS == _i : (_i == 0 || k == 2 || k == 5 || k == NCUTS - 1))
			one_case(scn, cuts[k], dir, scale, &st);
	printf("corrupt matrix%s: %-22s %3d dumps (%d kinds n/a), %d loaded, %.1f s "
	       "(mkdump %.1f s, leakscope %.1f s, slowest triage %.2f s, peak RSS %ld MiB)\n",
	       quick ? " (quick)" : "", scn, st.dumps, st.na, st.loaded, now() - t0, st.mk_secs, st.run_secs, st.worst,
	       st.max_rss_kb / 1024);
	fflush(stdout);
}
END_TEST

START_TEST(test_parse)
{
	struct corrupt_plan plan;
	char msg[200];

	ck_assert(corrupt_parse("threadlist-cycle=iexplore.exe,trunc=50%", &plan, msg, sizeof(msg)));
	ck_assert_int_eq(plan.n, 2);
	ck_assert_str_eq(plan.item[0].arg, "iexplore.exe");
	ck_assert_str_eq(plan.item[1].arg, "50%");
	ck_assert(!corrupt_parse("threadlist-sideways", &plan, msg, sizeof(msg)));
	ck_assert(strstr(msg, "unknown kind 'threadlist-sideways'"));
	ck_assert(!corrupt_parse("trunc", &plan, msg, sizeof(msg)));
	ck_assert(!corrupt_parse("", &plan, msg, sizeof(msg)));
}
END_TEST

/* A named victim and several kinds at once, as a user would ask. */
START_TEST(test_named_victim)
{
	char dir[512], core[600], truth_path[600];
	char *mk[] = { (char *)test_mkdump_bin(), "--scale", "0.005", "--corrupt",
		       "handletable-level3=lsass.exe,activethreads=lsass.exe",
		       "fixtures/scenarios/healthy.scn", core, NULL };
	char *procs[] = { (char *)test_leakscope_bin(), core, "-c", "!process 0 0", "--json", NULL };
	json_object *truth, *corr;
	struct run r;
	char *out, *err;

	if (access("fixtures/scenarios", R_OK) != 0)
		return;
	test_tmpdir(dir, sizeof(dir));
	snprintf(core, sizeof(core), "%s/named.core", dir);
	snprintf(truth_path, sizeof(truth_path), "%s/named.truth.json", dir);
	ck_assert_int_eq(test_run(mk, &out, &err), 0);
	free(out);
	free(err);
	truth = json_object_from_file(truth_path);
	corr = member(truth, "corruptions");
	ck_assert_int_eq(json_object_array_length(corr), 2);
	ck_assert(strstr(json_object_get_string(member(json_object_array_get_idx(corr, 0), "where")),
			 "lsass.exe"));
	run_limited(procs, NULL, &r);
	assert_sane("named victim", &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(r.err, "TableCode"), "no TableCode warning: %s", r.err);
	for (size_t i = 0; i < json_object_array_length(corr); i++)
		assert_untouched_intact("named victim", truth, json_object_array_get_idx(corr, i), r.out);
	run_free(&r);
	json_object_put(truth);
	unlink(core);
	unlink(truth_path);
}
END_TEST

static Suite *corrupt_suite(void)
{
	Suite *s = suite_create("corrupt");
	TCase *tc = tcase_create("matrix");

	tcase_set_timeout(tc, UNDER_SANITIZER ? 1800 : 300);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_named_victim);
	tcase_add_loop_test(tc, test_matrix, 0, NSCENARIOS);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(corrupt_suite)
