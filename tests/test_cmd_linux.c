/* tests/test_cmd_linux.c — the crash-style Linux commands (ps, files,
 * kmem -s) end to end through the leakscope binary: on the real Debian 12
 * dump ../shared/linux/vmcore.kdump they show what the guest's workload
 * did (console.log: myapp 3111 holds 2000 pidfds on its child 3118,
 * dirleak 3112 holds 1500 fds on /var/lib/dirleak); on a Windows fixture
 * they refuse in one line with exit 2. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "testutil.h"

/* leakscope CORE ARGS...: exit status; out/err malloc'd. */
static int run(const char *core, char **out, char **err, ...)
{
	char *argv[16];
	int argc = 0;
	const char *a;
	va_list ap;

	argv[argc++] = (char *)test_leakscope_bin();
	argv[argc++] = (char *)core;
	va_start(ap, err);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 15)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	return test_run(argv, out, err);
}

/* The vmcore path, or NULL (with a skip message) when ../shared is absent. */
static const char *vmcore(char *buf, size_t len)
{
	const char *shared = test_shared_dir("the Linux command tests need ../shared/linux");

	if (!shared)
		return NULL;
	snprintf(buf, len, "%s/linux/vmcore.kdump", shared);
	return buf;
}

/* The text of `leakscope VMCORE -c CMD`, asserting exit 0. */
static char *text_of(const char *core, const char *cmd)
{
	char *out = NULL, *err = NULL;
	int rc = run(core, &out, &err, "-c", cmd, NULL);

	ck_assert_msg(rc == 0, "-c '%s': exit %d: %s", cmd, rc, err ? err : "");
	ck_assert_ptr_nonnull(out);
	free(err);
	return out;
}

/* The rows array of `leakscope VMCORE --json -c CMD` (doc owns it). */
static json_object *rows_of(const char *core, const char *cmd, json_object **doc)
{
	char *out = NULL, *err = NULL;
	int rc = run(core, &out, &err, "--json", "-c", cmd, NULL);
	json_object *rows;

	ck_assert_msg(rc == 0, "--json -c '%s': exit %d: %s", cmd, rc, err ? err : "");
	*doc = json_tokener_parse(out);
	ck_assert_msg(*doc != NULL, "not JSON: %.200s", out);
	rows = json_object_object_get(*doc, "rows");
	ck_assert_msg(rows && json_object_is_type(rows, json_type_array), "no rows in %.200s", out);
	free(out);
	free(err);
	return rows;
}

static int64_t num(json_object *row, const char *key)
{
	json_object *v = json_object_object_get(row, key);

	ck_assert_msg(v != NULL, "no \"%s\"", key);
	return json_object_get_int64(v);
}

static const char *str(json_object *row, const char *key)
{
	json_object *v = json_object_object_get(row, key);

	return v ? json_object_get_string(v) : NULL;
}

/* The line of text starting (after blanks) with the pid and holding comm. */
static bool has_ps_line(const char *out, const char *pid, const char *ppid, const char *comm)
{
	char want[64];
	const char *line = out;

	snprintf(want, sizeof(want), "%s ", pid);
	while (line && *line) {
		const char *nl = strchr(line, '\n'), *p = line;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[256];

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			while (*p == ' ')
				p++;
			if (strncmp(buf + (p - line), want, strlen(want)) == 0 &&
			    strstr(buf, comm) && strstr(buf + (p - line) + strlen(want), ppid))
				return true;
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

START_TEST(ps_lists_the_workload)
{
	char path[512];
	const char *core = vmcore(path, sizeof(path));
	json_object *doc, *rows;
	size_t i, n;
	bool child = false, parent = false, dirleak = false, kthread = false;
	char *out;

	if (!core)
		return;
	out = text_of(core, "ps");
	ck_assert_msg(has_ps_line(out, "3111", "1", "myapp"), "%s", out);
	ck_assert_msg(has_ps_line(out, "3118", "3111", "myapp-child"), "%s", out);
	ck_assert_msg(has_ps_line(out, "3112", "1", "dirleak"), "%s", out);
	ck_assert_msg(strstr(out, "[kthreadd]") != NULL, "kernel threads not in brackets");
	ck_assert_msg(strstr(out, "0x") == NULL, "ps prints pids in decimal, no hex Cid");
	free(out);

	rows = rows_of(core, "ps", &doc);
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rows, i);
		int64_t pid = num(row, "pid");

		if (pid == 3111 && !strcmp(str(row, "comm"), "myapp")) {
			parent = true;
			ck_assert_int_eq(num(row, "fds"), 2003);
		}
		if (pid == 3118 && !strcmp(str(row, "comm"), "myapp-child"))
			child = num(row, "ppid") == 3111;
		if (pid == 3112 && !strcmp(str(row, "comm"), "dirleak"))
			dirleak = true;
		if (pid == 2)
			kthread = json_object_get_boolean(json_object_object_get(row, "kernel_thread"));
	}
	ck_assert(parent && child && dirleak && kthread);
	json_object_put(doc);
}
END_TEST

START_TEST(files_of_myapp_are_pidfds_on_its_child)
{
	char path[512];
	const char *core = vmcore(path, sizeof(path));
	json_object *doc, *rows;
	size_t i, n, pidfds = 0;
	char *out;

	if (!core)
		return;
	out = text_of(core, "files 3111");
	ck_assert_msg(strstr(out, "COMMAND: \"myapp\"") != NULL, "%.300s", out);
	ck_assert(strstr(out, "pidfd") && strstr(out, "pid 3118"));
	ck_assert_msg(strstr(out, "2003 open files") != NULL, "no count in text");
	free(out);

	rows = rows_of(core, "files 3111", &doc);
	n = json_object_array_length(rows);
	ck_assert_uint_eq(n, 2003);
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rows, i);
		const char *type = str(row, "type"), *name = str(row, "name");

		if (type && !strcmp(type, "pidfd") && name && !strcmp(name, "pid 3118") &&
		    num(row, "target_pid") == 3118)
			pidfds++;
	}
	ck_assert_uint_eq(pidfds, 2000);
	json_object_put(doc);
}
END_TEST

START_TEST(files_of_dirleak_reach_its_directory)
{
	char path[512];
	const char *core = vmcore(path, sizeof(path));
	json_object *doc, *rows;
	size_t i, n, dirs = 0;

	if (!core)
		return;
	rows = rows_of(core, "files 3112", &doc);
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rows, i);
		const char *type = str(row, "type"), *name = str(row, "name");

		if (type && !strcmp(type, "Directory") && name && !strcmp(name, "/var/lib/dirleak"))
			dirs++;
	}
	ck_assert_uint_eq(dirs, 1500);
	json_object_put(doc);
}
END_TEST

START_TEST(kmem_s_shows_task_struct)
{
	char path[512];
	const char *core = vmcore(path, sizeof(path));
	json_object *doc, *rows, *row;
	char *out, *csvout = NULL, *err = NULL;
	size_t i, n;

	if (!core)
		return;
	out = text_of(core, "kmem -s task_struct");
	ck_assert_msg(strstr(out, "6208") && strstr(out, "3067") && strstr(out, "3080") &&
		      strstr(out, "task_struct"), "%s", out);
	free(out);

	rows = rows_of(core, "kmem -s task_struct", &doc);
	ck_assert_uint_eq(json_object_array_length(rows), 1);
	row = json_object_array_get_idx(rows, 0);
	ck_assert_str_eq(str(row, "name"), "task_struct");
	/* the kmem_cache lives in the kernel's direct map */
	ck_assert_msg(str(row, "cache") && strncmp(str(row, "cache"), "0xffff", 6) == 0,
		      "cache address: %s", str(row, "cache") ? str(row, "cache") : "null");
	ck_assert_int_eq(num(row, "objsize"), 6208);
	ck_assert_int_eq(num(row, "allocated"), 3067);
	ck_assert_int_eq(num(row, "total"), 3080);
	ck_assert_int_eq(num(row, "bytes"), 3067 * 6208);
	json_object_put(doc);

	/* every cache, sorted by bytes; the wildcard filters by name */
	rows = rows_of(core, "kmem -s", &doc);
	n = json_object_array_length(rows);
	ck_assert_uint_gt(n, 50);
	for (i = 1; i < n; i++)
		ck_assert(num(json_object_array_get_idx(rows, i - 1), "bytes") >=
			  num(json_object_array_get_idx(rows, i), "bytes"));
	json_object_put(doc);
	rows = rows_of(core, "kmem -s task*", &doc);
	n = json_object_array_length(rows);
	ck_assert_uint_ge(n, 1);
	for (i = 0; i < n; i++)
		ck_assert(strncmp(str(json_object_array_get_idx(rows, i), "name"), "task", 4) == 0);
	json_object_put(doc);

	ck_assert_int_eq(run(core, &csvout, &err, "--csv", "-c", "kmem -s task_struct", NULL), 0);
	ck_assert_msg(strncmp(csvout, "cache,name,objsize,allocated,total,bytes\n", 41) == 0,
		      "%s", csvout);
	free(csvout);
	free(err);
}
END_TEST

static void expect_usage(const char *core, const char *cmd, const char *says)
{
	char *out = NULL, *err = NULL;
	int rc = run(core, &out, &err, "-c", cmd, NULL);

	ck_assert_msg(rc == 2, "-c '%s': exit %d", cmd, rc);
	ck_assert_msg(err && test_error_lines(err) == 1, "-c '%s': stderr: %s", cmd, err ? err : "");
	ck_assert_msg(strstr(err, says) != NULL, "-c '%s': \"%s\" not in: %s", cmd, says, err);
	ck_assert_str_eq(out, "");
	free(out);
	free(err);
}

START_TEST(bad_arguments_exit_2)
{
	char path[512];
	const char *core = vmcore(path, sizeof(path));

	if (!core)
		return;
	expect_usage(core, "files", "usage: files");
	expect_usage(core, "files abc", "not a pid");
	expect_usage(core, "files 999999", "no process 999999");
	expect_usage(core, "kmem", "kmem -s");
	expect_usage(core, "kmem -x", "kmem -s");
	expect_usage(core, "ps -a", "usage: ps");
}
END_TEST

START_TEST(windows_dump_refuses)
{
	char core[512];

	if (!test_fixture("healthy", core, sizeof(core)))
		return;
	expect_usage(core, "ps", "ps is a Linux command; use !process 0 0");
	expect_usage(core, "files 4", "files is a Linux command; use !handle");
	expect_usage(core, "kmem -s", "kmem is a Linux command; use !poolused");
}
END_TEST

static Suite *cmd_linux_suite(void)
{
	Suite *s = suite_create("cmd_linux");
	TCase *tc = tcase_create("vmcore");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, ps_lists_the_workload);
	tcase_add_test(tc, files_of_myapp_are_pidfds_on_its_child);
	tcase_add_test(tc, files_of_dirleak_reach_its_directory);
	tcase_add_test(tc, kmem_s_shows_task_struct);
	tcase_add_test(tc, bad_arguments_exit_2);
	tcase_add_test(tc, windows_dump_refuses);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(cmd_linux_suite)
