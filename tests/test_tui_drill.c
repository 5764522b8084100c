/* tests/test_tui_drill.c — the TUI loop run in-process, headless (curses
 * drawing into /dev/null at 80x24), on the hand-built leak model, driven by
 * key scripts; assertions read the screen text written at each <dump>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/tree.h"
#include "../tui/tui.h"
#include "test_tui_model.h"
#include "testutil.h"

#define MAX_SCREENS 16

struct screens {
	char *text;
	char *screen[MAX_SCREENS];   /* into text */
	int n;
};

static void run_script(const char *keys, struct screens *s)
{
	struct tui_options o = { .dump_path = "build/fixtures/hand-made.core", .key_script = keys,
				 .monochrome = 1, .headless = 1 };
	struct model *m = test_tui_model();
	char dir[512], path[600];

	test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/screen.txt", dir);
	unlink(path);
	setenv("LEAKSCOPE_SCREEN", path, 1);
	setenv("TERM", "xterm", 1);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	ck_assert_int_eq(tui_run(m, &o), 0);
	model_destroy(m);
	s->n = test_read_screens(path, &s->text, s->screen, MAX_SCREENS);
}

#define ASSERT_SCREEN_HAS(s, i, str)                                        \
	ck_assert_msg(strstr((s)->screen[i], (str)) != NULL,                   \
		      "screen %d lacks \"%s\":\n%s", (i), (str), (s)->screen[i])

START_TEST(test_drill_to_start_address)
{
	struct screens s;

	/* Summary, Tab to Pool, then Enter x4: holders, handles by type, the
	 * Thread handles, the first handle's thread */
	run_script("<dump><Tab><dump><Enter><dump><Enter><dump><Enter><dump><Enter><dump>q", &s);
	ck_assert_int_ge(s.n, 6);
	ASSERT_SCREEN_HAS(&s, 0, "NonPagedPool usage");
	ASSERT_SCREEN_HAS(&s, 0, "99.6%");
	ASSERT_SCREEN_HAS(&s, 1, "Thre");
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 4), "Thre"), "first pool row: %s",
		      test_screen_line(s.screen[1], 4));
	ASSERT_SCREEN_HAS(&s, 2, "iexplore.exe");
	ck_assert_msg(strstr(test_screen_line(s.screen[2], 4), "iexplore.exe"), "first holder: %s",
		      test_screen_line(s.screen[2], 4));
	ASSERT_SCREEN_HAS(&s, 3, "Thread");
	ASSERT_SCREEN_HAS(&s, 4, "0d94");
	ASSERT_SCREEN_HAS(&s, 4, "TERMINATED");
	ASSERT_SCREEN_HAS(&s, 5, "mydriver!StatusWaitThread");
	ASSERT_SCREEN_HAS(&s, 5, "TERMINATED");
	ck_assert_msg(strstr(test_screen_line(s.screen[5], 1),
			     "Pool > Thre > iexplore.exe > Thread handles > 0x0d94"),
		      "breadcrumb: %s", test_screen_line(s.screen[5], 1));
	free(s.text);
}
END_TEST

START_TEST(test_start_address_lists_threads_and_holders)
{
	struct screens s;
	char want[64];

	/* the thread detail opens on its start address: Enter once more;
	 * again after moving away and searching back to it */
	run_script("<Tab><Enter><Enter><Enter><Enter><Enter><dump><Esc>g/Start address<Enter><Enter><dump>", &s);
	ck_assert_int_ge(s.n, 2);
	snprintf(want, sizeof(want), "%d threads started at mydriver!StatusWaitThread", TM_LEAKED);
	ASSERT_SCREEN_HAS(&s, 0, want);
	ASSERT_SCREEN_HAS(&s, 0, "iexplore.exe");     /* the holder column */
	ASSERT_SCREEN_HAS(&s, 1, want);
	free(s.text);
}
END_TEST

START_TEST(test_back_returns_to_the_same_row)
{
	struct screens s;

	/* select the third handle, drill, go back 4 ways: Esc, BS, h, Left */
	run_script("<Tab><Enter><Enter><Enter>jj<Enter><dump><Esc><dump><BS>h<Left><dump>", &s);
	ck_assert_int_ge(s.n, 3);
	ASSERT_SCREEN_HAS(&s, 0, "0x0d9c");           /* the third handle's thread */
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 23), " 3/"), "status: %s", test_screen_line(s.screen[1], 23));
	ck_assert_msg(strstr(test_screen_line(s.screen[2], 1), "Pool") && !strstr(test_screen_line(s.screen[2], 1), ">"),
		      "crumb: %s", test_screen_line(s.screen[2], 1));
	ck_assert_msg(strstr(test_screen_line(s.screen[2], 23), " 1/"), "status: %s", test_screen_line(s.screen[2], 23));
	free(s.text);
}
END_TEST

START_TEST(test_search_sort_filter)
{
	struct screens s;

	/* Processes: search explorer; sort by the next column (Image, A-Z);
	 * filter "iex" */
	run_script("3/explorer<Enter><dump>s<dump>fiex<Enter><dump>", &s);
	ck_assert_int_ge(s.n, 3);
	ck_assert_msg(strstr(test_screen_line(s.screen[0], 23), " 3/3"), "status: %s", test_screen_line(s.screen[0], 23));
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 4), "explorer.exe"), "first row: %s",
		      test_screen_line(s.screen[1], 4));
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 23), " 1/3"), "selection kept: %s",
		      test_screen_line(s.screen[1], 23));
	ck_assert_msg(strstr(test_screen_line(s.screen[2], 4), "iexplore.exe"), "filtered: %s",
		      test_screen_line(s.screen[2], 4));
	ck_assert_msg(strstr(test_screen_line(s.screen[2], 23), "1/1"), "status: %s", test_screen_line(s.screen[2], 23));
	free(s.text);
}
END_TEST

START_TEST(test_resize_keeps_selection)
{
	struct screens s;

	/* Thread handles, 40 rows down, shrink and grow */
	run_script("<Tab><Enter><Enter><Enter><PgDn><PgDn>jj<dump><resize=80x12><dump><resize=120x40><dump>", &s);
	ck_assert_int_ge(s.n, 3);
	ck_assert_msg(strstr(s.screen[1], "--- screen 80x12"), "%s", s.screen[1]);
	ck_assert_msg(strstr(s.screen[2], "--- screen 120x40"), "%s", s.screen[2]);
	ck_assert_msg(strstr(test_screen_line(s.screen[0], 23), " 41/"), "%s", test_screen_line(s.screen[0], 23));
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 11), " 41/"), "%s", test_screen_line(s.screen[1], 11));
	ck_assert_msg(strstr(test_screen_line(s.screen[2], 39), " 41/"), "%s", test_screen_line(s.screen[2], 39));
	/* handle 41 is 0x0d94 + 40*4 = 0x0e34: on screen in all three */
	ASSERT_SCREEN_HAS(&s, 0, "0e34");
	ASSERT_SCREEN_HAS(&s, 1, "0e34");
	ASSERT_SCREEN_HAS(&s, 2, "0e34");
	free(s.text);
}
END_TEST

START_TEST(test_grouping_toggle_and_escaping)
{
	struct screens s;

	/* Threads view grouped by start, m flat; explorer's handles show an
	 * event name with an escape sequence, escaped */
	run_script("4<dump>m<dump>3/explorer<Enter><Enter>m<dump>", &s);
	ck_assert_int_ge(s.n, 3);
	ASSERT_SCREEN_HAS(&s, 0, "mydriver!StatusWaitThread");
	ASSERT_SCREEN_HAS(&s, 0, "Start address");
	/* an export name with escape sequences is shown escaped */
	ASSERT_SCREEN_HAS(&s, 0, "Bad\\x1b]0;pwned\\x07Start");
	ck_assert(strchr(s.screen[0], 0x1b) == NULL && strchr(s.screen[0], 0x07) == NULL);
	ASSERT_SCREEN_HAS(&s, 1, "Bad\\x1b");
	ck_assert(strchr(s.screen[1], 0x1b) == NULL);
	ASSERT_SCREEN_HAS(&s, 1, "Cid");
	ASSERT_SCREEN_HAS(&s, 2, "\\x1b[31mEvil");
	ck_assert(strchr(s.screen[2], 0x1b) == NULL);
	free(s.text);
}
END_TEST

START_TEST(test_help_and_unknown_key)
{
	struct screens s;

	run_script("Z<dump>?<dump>", &s);
	ck_assert_int_ge(s.n, 2);
	ASSERT_SCREEN_HAS(&s, 0, "Z: no action");
	ASSERT_SCREEN_HAS(&s, 1, "Sort by the next column");
	ASSERT_SCREEN_HAS(&s, 1, "PgDn");
	free(s.text);
}
END_TEST

START_TEST(test_triage_view_links_to_the_suspect)
{
	struct screens s;
	char want[64];

	/* t opens the chain; Enter on the suspect lists the threads */
	run_script("t<dump>/Suspect<Enter><Enter><dump><Esc><Tab><dump>", &s);
	ck_assert_int_ge(s.n, 3);
	ASSERT_SCREEN_HAS(&s, 0, "Triage");
	ASSERT_SCREEN_HAS(&s, 0, "ALERT");
	ASSERT_SCREEN_HAS(&s, 0, "iexplore.exe");
	ASSERT_SCREEN_HAS(&s, 0, "mydriver");
	snprintf(want, sizeof(want), "%d threads started at mydriver!StatusWaitThread", TM_LEAKED);
	ASSERT_SCREEN_HAS(&s, 1, want);
	/* Tab from Triage wraps to Summary */
	ASSERT_SCREEN_HAS(&s, 2, "Summary (!vm)");
	free(s.text);
}
END_TEST

START_TEST(test_prompt_runs_commands)
{
	struct screens s;

	/* ':' runs the -c command set and shows its output in a pane; a bad
	 * command leaves a one-line error */
	run_script(":!process 0 0<Enter><dump><Esc>:!bogus<Enter><dump>", &s);
	ck_assert_int_ge(s.n, 2);
	ASSERT_SCREEN_HAS(&s, 0, "!process 0 0");
	ASSERT_SCREEN_HAS(&s, 0, "iexplore.exe");
	ASSERT_SCREEN_HAS(&s, 0, "172e4");
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 23), "bogus"), "status: %s", test_screen_line(s.screen[1], 23));
	free(s.text);
	/* from a process's row, commands apply to that process */
	run_script("3/iexplore<Enter>:<dump>!handle 0 0<Enter><dump>", &s);
	ck_assert_int_ge(s.n, 2);
	ck_assert_msg(strstr(test_screen_line(s.screen[0], 23), "iexplore.exe:_"), "prompt: %s",
		      test_screen_line(s.screen[0], 23));
	ASSERT_SCREEN_HAS(&s, 1, "Image: iexplore.exe");
	free(s.text);
	/* Up recalls the previous command line */
	run_script(":!vm<Enter><Esc>:!process 0 0<Enter><Esc>:<Up><Up><dump><Down><dump>", &s);
	ck_assert_int_ge(s.n, 2);
	ck_assert_msg(strstr(test_screen_line(s.screen[0], 23), ":!vm_"), "%s", test_screen_line(s.screen[0], 23));
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 23), ":!process 0 0_"), "%s", test_screen_line(s.screen[1], 23));
	free(s.text);
}
END_TEST

START_TEST(test_peb_and_traces)
{
	struct screens s;

	/* p: the PEB with NtGlobalFlag named; H: the traces; Enter on the
	 * OPEN record of a handle still open: its thread; on the CLOSE of a
	 * gone one: a message */
	run_script("3/iexplore<Enter>p<dump><Esc>H<dump>/OPEN<Enter><Enter><dump><Esc>g<Enter><dump>", &s);
	ck_assert_int_ge(s.n, 4);
	ASSERT_SCREEN_HAS(&s, 0, "0x100");
	ASSERT_SCREEN_HAS(&s, 0, "FLG_APPLICATION_VERIFIER");
	ASSERT_SCREEN_HAS(&s, 0, "vrf");
	ASSERT_SCREEN_HAS(&s, 1, "OPEN");
	ASSERT_SCREEN_HAS(&s, 1, "CLOSE");
	ASSERT_SCREEN_HAS(&s, 1, "mydriver!StatusWaitThread+0xd8");
	ASSERT_SCREEN_HAS(&s, 2, "iexplore.exe handle traces > 0x0d94");
	ASSERT_SCREEN_HAS(&s, 2, "TERMINATED");
	ASSERT_SCREEN_HAS(&s, 3, "0x9999 is not open any more");
	free(s.text);
}
END_TEST

static Suite *tui_drill_suite(void)
{
	Suite *s = suite_create("tui_drill");
	TCase *tc = tcase_create("drill");

	tcase_add_test(tc, test_drill_to_start_address);
	tcase_add_test(tc, test_start_address_lists_threads_and_holders);
	tcase_add_test(tc, test_back_returns_to_the_same_row);
	tcase_add_test(tc, test_search_sort_filter);
	tcase_add_test(tc, test_resize_keeps_selection);
	tcase_add_test(tc, test_grouping_toggle_and_escaping);
	tcase_add_test(tc, test_help_and_unknown_key);
	tcase_add_test(tc, test_triage_view_links_to_the_suspect);
	tcase_add_test(tc, test_prompt_runs_commands);
	tcase_add_test(tc, test_peb_and_traces);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(tui_drill_suite)
