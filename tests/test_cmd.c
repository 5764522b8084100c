/* tests/test_cmd.c — every command on hand-built models, in text, JSON and
 * CSV: the facts put into the model come out (pids, counts, tags, names),
 * dump strings come out escaped, and bad commands are one-line usage
 * errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../views/cmd.h"
#include "test_cmd_model.h"
#include "testutil.h"

/* Run commands in one context (so .process carries over); returns the
 * output of all of them and the status of the last. */
struct res {
	char *out;
	enum cmd_result rc;
	char err[512];
};

static struct res run_fmt(struct model *m, enum out_format fmt, ...)
{
	struct cmd_ctx c;
	struct out o;
	struct res r = { NULL, CMD_OK, "" };
	const char *line;
	va_list ap;

	ck_assert_ptr_nonnull(m);
	cmd_ctx_init(&c, m, fmt);
	out_init_buffer(&o);
	va_start(ap, fmt);
	while ((line = va_arg(ap, const char *)) != NULL) {
		r.rc = cmd_run(&c, line, &o, r.err, sizeof(r.err));
		if (r.rc != CMD_OK)
			break;
	}
	va_end(ap);
	r.out = strdup(o.buf ? o.buf : "");
	out_deinit(&o);
	return r;
}

#define RUN(m, ...) run_fmt(m, OUT_TEXT, __VA_ARGS__, (const char *)NULL)
#define RUN_JSON(m, ...) run_fmt(m, OUT_JSON, __VA_ARGS__, (const char *)NULL)
#define RUN_CSV(m, ...) run_fmt(m, OUT_CSV, __VA_ARGS__, (const char *)NULL)

#define HAS(r, s) ck_assert_msg(strstr((r).out, (s)) != NULL, "missing \"%s\" in:\n%s", (s), (r).out)
#define LACKS(r, s) ck_assert_msg(strstr((r).out, (s)) == NULL, "unexpected \"%s\" in:\n%s", (s), (r).out)
#define OK(r) ck_assert_msg((r).rc == CMD_OK, "rc %d: %s", (r).rc, (r).err)

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

START_TEST(vm_text_and_json)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN(m, "!vm");

	OK(r);
	HAS(r, "*** Virtual Memory Usage ***");
	HAS(r, "NonPagedPool Usage:      65244 (    260976 Kb)");
	HAS(r, "NonPagedPool Max:        65503 (    262012 Kb)");
	HAS(r, "********** Excessive NonPaged Pool Usage *****");
	HAS(r, "********** 184 pool allocations have failed **********");
	LACKS(r, "Excessive Paged");
	free(r.out);
	r = RUN_JSON(m, "!vm");
	OK(r);
	HAS(r, "{\"command\":\"!vm\",\"rows\":[{");
	HAS(r, "\"nonpaged_used_pages\":65244");
	HAS(r, "\"failed_allocs\":184");
	HAS(r, "\"nonpaged_excessive\":true");
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(vm_missing_lines_say_so)
{
	struct model *m = tm_process_leak();   /* no paged pool numbers */
	struct res r = RUN(m, "!vm");

	OK(r);
	HAS(r, "PagedPool Usage:    not available");
	free(r.out);
	r = RUN_JSON(m, "!vm");
	HAS(r, "\"paged_used_pages\":null");
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(poolused_sorts_and_filters)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN(m, "!poolused 3");
	char *thre, *mmcm;

	OK(r);
	HAS(r, "Sorting by NonPaged Pool Consumed");
	HAS(r, " Thre     772672     463590     309082   192867168");
	HAS(r, "Thread objects , Binary: nt!ps");
	HAS(r, "UNKNOWN pooltag 'Xyz1', please update pooltag.txt");
	thre = strstr(r.out, " Thre ");
	mmcm = strstr(r.out, " MmCm ");
	ck_assert(thre && mmcm && thre < mmcm);   /* most non-paged bytes first */
	free(r.out);
	r = RUN(m, "!poolused 4");
	OK(r);
	HAS(r, "Sorting by Paged Pool Consumed");
	ck_assert(strstr(r.out, " CMVa ") < strstr(r.out, " Thre "));
	free(r.out);
	r = RUN(m, "!poolused 0 Th*");
	OK(r);
	HAS(r, "Sorting by Tag");
	HAS(r, " Thre     309082   192867168");   /* Allocs column = outstanding */
	LACKS(r, "MmCm");
	free(r.out);
	r = RUN(m, "!poolused 2 ?mC?");
	OK(r);
	HAS(r, "MmCm");
	LACKS(r, "Thre");
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(poolused_json_and_csv)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN_JSON(m, "!poolused 2 Thre");

	OK(r);
	HAS(r, "\"rows\":[{\"tag\":\"Thre\",\"nonpaged_allocs\":772672,\"nonpaged_frees\":463590,"
	    "\"nonpaged_diff\":309082,\"nonpaged_bytes\":192867168");
	HAS(r, "\"object_type\":\"Thread\"");
	ck_assert_uint_eq(count(r.out, "\"tag\":"), 1);
	free(r.out);
	r = RUN_CSV(m, "!poolused 2");
	OK(r);
	ck_assert(strncmp(r.out, "tag,nonpaged_allocs,nonpaged_frees,nonpaged_diff,nonpaged_bytes,", 64) == 0);
	HAS(r, "\nThre,772672,463590,309082,192867168,0,0,0,0,Thread,Thread objects,nt!ps\n");
	HAS(r, "\nMmCm,42,9,33,12153104,0,0,0,0,,Calls made to MmAllocateContiguousMemory,nt!mm\n");
	ck_assert_uint_eq(count(r.out, "\n"), 6);   /* header + 5 tags */
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(process_list_as_windbg)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN(m, "!process 0 0");

	OK(r);
	HAS(r, "**** NT ACTIVE PROCESS DUMP ****");
	HAS(r, "PROCESS ffffb50c1f3c5080  SessionId: 7  Cid: 172e4    Peb: 00000000  ParentCid: 17238\n"
	    "    DirBase: ");
	HAS(r, "HandleCount: 143428.\n    Image: iexplore.exe\n");
	HAS(r, "SessionId: none  Cid: 0004");
	ck_assert_uint_eq(count(r.out, "\nPROCESS "), m->nprocesses);
	free(r.out);
	r = RUN(m, "!process 0 0 IEXPLORE.EXE");
	OK(r);
	ck_assert_uint_eq(count(r.out, "\nPROCESS "), 1);
	HAS(r, "Image: iexplore.exe");
	free(r.out);
	r = RUN_JSON(m, "!process 0 0 iexplore.exe");
	OK(r);
	HAS(r, "\"addr\":\"0xffffb50c1f3c5080\",\"pid\":94948,\"ppid\":94776,\"session\":7");
	HAS(r, "\"handle_count\":143428,\"handles_found\":60");
	free(r.out);
	r = RUN(m, "!process 0 0 nosuch.exe");
	ck_assert_int_eq(r.rc, CMD_READ_FAILED);
	ck_assert(strstr(r.err, "nosuch.exe"));
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(dot_process_then_handles)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN(m, ".process ffffb50c1f3c5080", "!handle 0 3 -1 Thread");
	char first[64];

	OK(r);
	HAS(r, "Implicit process is now ffffb50c1f3c5080\n");
	HAS(r, "Handle table at ffffb50c2f3c5080 with 143428 entries in use");
	snprintf(first, sizeof(first), "%04x: Object: %016llx  GrantedAccess: 001f03ff Entry: ",
		 TM_FIRST_HANDLE, (unsigned long long)TM_THREAD_BASE);
	HAS(r, first);
	HAS(r, "Object: ffffb50c20000080  Type: (ffffb50c1a28ac68) Thread\n");
	HAS(r, "    ObjectHeader: ffffb50c20000050 (new version)\n");
	HAS(r, "    HandleCount: 1  PointerCount: 1\n");
	ck_assert_uint_eq(count(r.out, "GrantedAccess:"), TM_LEAKED);
	LACKS(r, "explorer.exe");
	free(r.out);
	/* by pid, flags 1: no object lines */
	r = RUN(m, "!handle 0 1 172e4");
	OK(r);
	ck_assert_uint_eq(count(r.out, "GrantedAccess:"), TM_LEAKED);
	LACKS(r, "ObjectHeader");
	free(r.out);
	/* all processes, type filter */
	r = RUN_JSON(m, "!handle 0 3 0 Thread");
	OK(r);
	ck_assert_uint_eq(count(r.out, "\"type\":\"Thread\""), TM_LEAKED + 3);
	HAS(r, "\"pid\":94948,\"image\":\"iexplore.exe\",\"handle\":\"0xd94\"");
	HAS(r, "\"access\":\"0x1f03ff\"");
	free(r.out);
	/* PROCESS 0 is the implicit process while one is set, all after .process 0 */
	r = RUN_JSON(m, ".process 172e4", "!handle 0 3 0 Thread");
	OK(r);
	ck_assert_uint_eq(count(r.out, "\"type\":\"Thread\""), TM_LEAKED);
	free(r.out);
	r = RUN_JSON(m, ".process 172e4", ".process 0", "!handle 0 3 0 Thread");
	OK(r);
	ck_assert_uint_eq(count(r.out, "\"type\":\"Thread\""), TM_LEAKED + 3);
	free(r.out);
	/* one handle */
	r = RUN(m, "!handle d98 3 172e4");
	OK(r);
	ck_assert_uint_eq(count(r.out, "GrantedAccess:"), 1);
	HAS(r, "0d98: Object: ffffb50c20001080");
	free(r.out);
	/* 0x20: HANDLE is a pid or tid */
	r = RUN(m, "!handle 172e4 20");
	OK(r);
	HAS(r, "PROCESS ffffb50c1f3c5080  SessionId: 7");
	free(r.out);
	r = RUN_JSON(m, "!handle 1885c 20");
	OK(r);
	HAS(r, "\"id\":\"0x1885c\",\"object\":\"0xffffb50c20000080\",\"object_header\":"
	    "\"0xffffb50c20000050\",\"type\":\"Thread\",\"handle_count\":1");
	free(r.out);
	r = RUN(m, "!handle 1234 3 172e4");
	ck_assert_int_eq(r.rc, CMD_READ_FAILED);
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(handle_csv_rows)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN_CSV(m, "!handle 0 3 172e4");

	OK(r);
	ck_assert(strncmp(r.out, "process,pid,image,handle,entry,access,attributes,object,", 56) == 0);
	ck_assert_uint_eq(count(r.out, "\n"), TM_LEAKED + 1);
	HAS(r, "\n0xffffb50c1f3c5080,94948,iexplore.exe,0xd94,");
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(thread_as_windbg)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN(m, "!thread ffffb50c20000080");

	OK(r);
	HAS(r, "THREAD ffffb50c20000080  Cid 0004.1885c  Teb: 0000000000000000 "
	    "Win32Thread: 0000000000000000 TERMINATED\n");
	HAS(r, "Owning Process            ffffb50c1a2b1040       Image:         System\n");
	HAS(r, "Wait Start TickCount      975361         Ticks: 980987 (0:04:15:27.921)\n");
	HAS(r, "Context Switch Count      1\n");
	HAS(r, "UserTime                  00:00:00.0000\n");
	HAS(r, "Start Address mydriver!StatusWaitThread (0xfffff80415c51128)\n");
	HAS(r, "Priority 8  BasePriority 8  PriorityDecrement 0\n");
	HAS(r, "iexplore.exe (Cid 172e4) handle 0d94");
	free(r.out);
	r = RUN_JSON(m, "!thread ffffb50c20001080");
	OK(r);
	HAS(r, "\"pid\":4,\"tid\":100448");
	HAS(r, "\"start_symbol\":\"mydriver!StatusWaitThread\"");
	HAS(r, "\"terminated\":true");
	HAS(r, "\"ticks\":980987");
	free(r.out);
	r = RUN_CSV(m, "!thread ffffb50c20001080");
	OK(r);
	ck_assert(strncmp(r.out, "addr,pid,tid,process,image,state,terminated,", 44) == 0);
	HAS(r, "\n0xffffb50c20001080,4,100448,0xffffb50c1a2b1040,System,TERMINATED,true,");
	ck_assert_uint_eq(count(r.out, "\n"), 2);
	free(r.out);
	r = RUN(m, "!thread ffffb50c99999999");
	ck_assert_int_eq(r.rc, CMD_READ_FAILED);
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(object_by_address_and_path)
{
	struct model *m = tm_directory_leak();
	struct res r = RUN(m, "!object \\Sessions\\3\\Windows\\WindowStations");

	OK(r);
	HAS(r, "Object: ffffc50c50002000  Type: (ffffb50c1a28b110) Directory\n");
	HAS(r, "Directory Object: ffffc50c40002000  Name: WindowStations\n");
	HAS(r, "System (Cid 0004) handle 1c28");
	free(r.out);
	/* the parent directory lists its entry */
	r = RUN(m, "!object ffffc50c40002000");
	OK(r);
	HAS(r, "Hash Address          Type                      Name");
	HAS(r, "ffffc50c50002000 Directory                 WindowStations\n");
	free(r.out);
	/* the header address finds the object too */
	r = RUN_JSON(m, "!object ffffc50c50001fd0");
	OK(r);
	HAS(r, "\"object\":\"0xffffc50c50002000\"");
	HAS(r, "\"name\":\"WindowStations\"");
	HAS(r, "\"handles\":[\"0x4:0x1c28\"]");
	free(r.out);
	r = RUN(m, "!object \\NoSuch\\Thing");
	ck_assert_int_eq(r.rc, CMD_READ_FAILED);
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(htrace_and_peb)
{
	struct model *m = tm_process_leak();
	struct res r = RUN(m, "!htrace 8 24b4");

	OK(r);
	HAS(r, "Process 0xffffb50c2a96e670 (MyApp.exe)\n");
	HAS(r, "Handle 0x8 - OPEN\nThread ID = 0x00000ca4, Process ID = 0x000024b4\n");
	HAS(r, "0x0000000066861404: MyDLL!GetProcHandle+0x20\n");
	HAS(r, "nt!NtOpenProcess+0x22c");
	HAS(r, "Parsed 0x8F stack traces.\nDumped 0x1 stack traces.\n");
	free(r.out);
	r = RUN_JSON(m, ".process 24b4", "!htrace 0");
	OK(r);
	ck_assert_uint_eq(count(r.out, "\"kind\":\"OPEN\""), TM_APP_HANDLES + 3);
	ck_assert_uint_eq(count(r.out, "\"kind\":\"CLOSE\""), TM_APP_HANDLES);
	HAS(r, "\"symbols\":[\"nt!ExpUpdateDebugInfo+0x16d\"");
	free(r.out);
	r = RUN(m, ".process 24b4", "dt _PEB");
	OK(r);
	HAS(r, "ntdll!_PEB at 000000007ffdd000");
	HAS(r, "+0x0bc NtGlobalFlag      : 0x100\n");
	HAS(r, "FLG_APPLICATION_VERIFIER");
	free(r.out);
	r = RUN_JSON(m, "dt _PEB 7ffdd000");
	OK(r);
	HAS(r, "\"nt_global_flag\":256,\"nt_global_flag_names\":[\"FLG_APPLICATION_VERIFIER\"]");
	free(r.out);
	/* no tracing in this process: a fact the dump lacks */
	r = RUN(m, "!htrace 0 4");
	ck_assert_int_eq(r.rc, CMD_READ_FAILED);
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(lm_lists_kernel_and_process_modules)
{
	struct model *m = tm_process_leak();
	struct res r = RUN(m, "lm");

	OK(r);
	HAS(r, "start             end                 module name\n");
	HAS(r, "fffff804`15c50000 fffff804`15c58000   mydriver   mydriver.sys");
	LACKS(r, "MyDLL");
	free(r.out);
	r = RUN(m, ".process 24b4", "lm");
	OK(r);
	HAS(r, "00000000`66860000 00000000`66870000   MyDLL      MyDLL.dll");
	HAS(r, "   nt         ntoskrnl.exe");
	free(r.out);
	r = RUN_JSON(m, ".process 24b4", "lm");
	OK(r);
	HAS(r, "{\"command\":\".process 24b4\",\"rows\":[{\"addr\":\"0xffffb50c2a96e670\","
	    "\"pid\":9396,\"image\":\"MyApp.exe\"}]}\n");
	HAS(r, "{\"base\":\"0x66860000\",\"end\":\"0x66870000\",\"size\":65536,"
	    "\"name\":\"MyDLL.dll\",\"path\":null,\"process\":\"0xffffb50c2a96e670\","
	    "\"pid\":9396,\"symbols\":3}");
	HAS(r, "\"name\":\"mydriver.sys\",\"path\":null,\"process\":null,\"pid\":null");
	free(r.out);
	model_destroy(m);
}
END_TEST

START_TEST(dump_strings_are_escaped)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN(m, "!process 0 0");
	char cmd[64];

	OK(r);
	HAS(r, "Image: evil\\x1b[2Jname\\x0a\\xc2\\x9b.exe\n");
	ck_assert(strchr(r.out, '\x1b') == NULL);
	ck_assert(strstr(r.out, "\xc2\x9b") == NULL);
	free(r.out);
	r = RUN_JSON(m, "!process 0 0");
	OK(r);
	HAS(r, "\"image\":\"evil\\u001b[2Jname\\n\\u009b.exe\"");
	ck_assert(strchr(r.out, '\x1b') == NULL);
	free(r.out);
	r = RUN_CSV(m, "!process 0 0");
	OK(r);
	HAS(r, ",evil\\x1b[2Jname\\x0a\\xc2\\x9b.exe,");
	free(r.out);
	/* and through a thread's owner */
	snprintf(cmd, sizeof(cmd), "!process %x 4", TM_EVIL_PID);
	r = RUN(m, cmd);
	OK(r);
	ck_assert(strchr(r.out, '\x1b') == NULL);
	free(r.out);
	model_destroy(m);
}
END_TEST

/* Every bad command: CMD_USAGE with one line naming the problem. */
START_TEST(bad_commands_are_usage_errors)
{
	static const char *const bad[] = {
		"bogus", "!vm extra args", "!poolused zz", "!poolused 6",
		"!poolused 0 TOOLONG", "!process x y", "!handle zz",
		"!handle 0 3 0 NoSuchType", "!handle 0 100", "!object", "!object zz",
		"!thread", "!thread zz", "!htrace zz", "dt", "dt _TEB", "dt _PEB",
		"lm v", ".process zz", "!triage x", "", "   ",
		"!handle 1 2 3 4 5 6",
	};
	struct model *m = tm_thread_leak();
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct res r = RUN(m, bad[i]);
		ck_assert_msg(r.rc == CMD_USAGE, "'%s' gave %d", bad[i], r.rc);
		ck_assert_msg(r.err[0] && !strchr(r.err, '\n'), "'%s': message '%s'", bad[i], r.err);
		ck_assert_msg(r.out[0] == '\0', "'%s' printed '%s'", bad[i], r.out);
		free(r.out);
	}
	model_destroy(m);
}
END_TEST

START_TEST(error_messages_escape_what_was_typed)
{
	struct model *m = tm_thread_leak();
	struct res r = RUN(m, "bo\x1bgus");

	ck_assert_int_eq(r.rc, CMD_USAGE);
	ck_assert(strstr(r.err, "bo\\x1bgus"));
	ck_assert(!strchr(r.err, '\x1b'));
	free(r.out);
	model_destroy(m);
}
END_TEST

/* A model with nothing in it: each command says what is missing (exit 1)
 * or prints an empty result, in every format. */
START_TEST(empty_model_fails_cleanly)
{
	static const char *const cmds[] = {
		"!vm", "!poolused", "!poolused 3 Th*", "!process 0 0", ".process 4",
		"!handle", "!handle 0 3 0 Thread", "!handle 4 20", "!object ffff800000001000",
		"!object \\Sessions", "!thread ffff800000002000", "!htrace", "dt _PEB 7ffdd000",
		"lm", "!triage",
	};
	struct model *m = model_create();
	struct ls_err err;
	size_t i;
	int f;

	ck_assert_ls_ok(model_finish(m, &err), &err);
	for (f = OUT_TEXT; f <= OUT_JSON; f++)
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
			struct res r = run_fmt(m, (enum out_format)f, cmds[i], (const char *)NULL);

			ck_assert_msg(r.rc == CMD_OK || r.rc == CMD_READ_FAILED || r.rc == CMD_USAGE,
				      "'%s': rc %d", cmds[i], r.rc);
			if (r.rc != CMD_OK)
				ck_assert_msg(r.err[0] && !strchr(r.err, '\n'), "'%s': '%s'", cmds[i], r.err);
			free(r.out);
		}
	model_destroy(m);
}
END_TEST

START_TEST(help_lists_every_command)
{
	static const char *const names[] = {
		"!vm", "!poolused", "!process", ".process", "!handle", "!object",
		"!thread", "!htrace", "dt _PEB", "lm", "!triage",
	};
	struct out o;
	size_t i;

	out_init_buffer(&o);
	cmd_print_help(&o);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(strstr(o.buf, names[i]), "help lacks %s", names[i]);
	out_deinit(&o);
}
END_TEST

static Suite *cmd_suite(void)
{
	Suite *s = suite_create("cmd");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, vm_text_and_json);
	tcase_add_test(tc, vm_missing_lines_say_so);
	tcase_add_test(tc, poolused_sorts_and_filters);
	tcase_add_test(tc, poolused_json_and_csv);
	tcase_add_test(tc, process_list_as_windbg);
	tcase_add_test(tc, dot_process_then_handles);
	tcase_add_test(tc, handle_csv_rows);
	tcase_add_test(tc, thread_as_windbg);
	tcase_add_test(tc, object_by_address_and_path);
	tcase_add_test(tc, htrace_and_peb);
	tcase_add_test(tc, lm_lists_kernel_and_process_modules);
	tcase_add_test(tc, dump_strings_are_escaped);
	tcase_add_test(tc, bad_commands_are_usage_errors);
	tcase_add_test(tc, error_messages_escape_what_was_typed);
	tcase_add_test(tc, empty_model_fails_cleanly);
	tcase_add_test(tc, help_lists_every_command);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(cmd_suite)
