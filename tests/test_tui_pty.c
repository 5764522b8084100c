/* tests/test_tui_pty.c — the real leakscope binary in a pseudo-terminal
 * (80x24, TERM=xterm, C.UTF-8) on the thread-handle-leak fixture, driven
 * by a key script (LEAKSCOPE_KEYS); the screen text is read back from
 * LEAKSCOPE_SCREEN. Skips when the fixture has not been made. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define MAX_SCREENS 16

struct screens {
	char *text;
	char *screen[MAX_SCREENS];
	int n;
	int status;
};

/* Run leakscope DUMP in a pty, driven by the key script `keys`, or (keys
 * NULL) by `typed` written to the terminal at once, as a fast typist
 * would, then q a second later; the screen at exit is read back. False if
 * the fixture is missing (skip). */
static bool run_pty_as(const char *keys, const char *typed, struct screens *s,
		       const char *extra_arg)
{
	char fixture[512], dir[512], path[600], buf[4096];
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int master, status = -1;
	pid_t pid;
	time_t deadline, quit_at;

	if (!test_fixture("thread-handle-leak", fixture, sizeof(fixture)))
		return false;
	test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/pty-screen.txt", dir);
	unlink(path);
	pid = forkpty(&master, NULL, NULL, &ws);
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("TZ", "UTC", 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		unsetenv("NO_COLOR");
		if (keys)
			setenv("LEAKSCOPE_KEYS", keys, 1);
		else
			unsetenv("LEAKSCOPE_KEYS");
		setenv("LEAKSCOPE_SCREEN", path, 1);
		if (extra_arg)
			execl(test_leakscope_bin(), "leakscope", fixture, extra_arg, (char *)NULL);
		else
			execl(test_leakscope_bin(), "leakscope", fixture, (char *)NULL);
		_exit(127);
	}
	if (typed)
		ck_assert(write(master, typed, strlen(typed)) == (ssize_t)strlen(typed));
	/* drain the terminal output until the child is gone (or 30 s) */
	deadline = time(NULL) + 30;
	quit_at = time(NULL) + 2;
	for (;;) {
		struct pollfd pfd = { master, POLLIN, 0 };
		int r = poll(&pfd, 1, 200);

		if (typed && quit_at && time(NULL) >= quit_at) {
			ck_assert(write(master, "q", 1) == 1);
			quit_at = 0;
		}
		if (r > 0 && read(master, buf, sizeof(buf)) <= 0)
			break;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			pid = -1;
			break;
		}
		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			break;
		}
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	close(master);
	s->status = status;
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "leakscope exited with status 0x%x", status);
	s->n = test_read_screens(path, &s->text, s->screen, MAX_SCREENS);
	return true;
}

static bool run_pty(const char *keys, struct screens *s, const char *extra_arg)
{
	return run_pty_as(keys, NULL, s, extra_arg);
}

/* The cursor position "N/M" of the status line (last screen row). */
static int cursor_of(const char *screen, int lines)
{
	const char *l = test_screen_line(screen, lines - 1);
	const char *slash = strrchr(l, '/');
	const char *p = slash;

	if (!slash)
		return -1;
	while (p > l && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return atoi(p);
}

#define ASSERT_SCREEN_HAS(s, i, str)                                        \
	ck_assert_msg((i) < (s)->n && strstr((s)->screen[i], (str)) != NULL,   \
		      "screen %d lacks \"%s\":\n%s", (i), (str),              \
		      (i) < (s)->n ? (s)->screen[i] : "(none)")

/* Pool: find Thre, Enter: holders (iexplore.exe first), Enter: its handles
 * by type (Thread first), Enter: the Thread handles, Enter: the thread. */
START_TEST(test_pty_drill_reaches_start_address)
{
	struct screens s;

	if (!run_pty("<Tab>/Thre<Enter><dump><Enter><dump><Enter><dump><Enter><dump><Enter><dump>", &s, NULL))
		return;
	ck_assert_int_ge(s.n, 5);
	ck_assert_msg(strstr(s.screen[0], "--- screen 80x24"), "%s", s.screen[0]);
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 4), "iexplore.exe"), "first holder: %s",
		      test_screen_line(s.screen[1], 4));
	ck_assert_msg(strstr(test_screen_line(s.screen[2], 4), "Thread"), "first type: %s",
		      test_screen_line(s.screen[2], 4));
	ASSERT_SCREEN_HAS(&s, 3, "TERMINATED");
	ASSERT_SCREEN_HAS(&s, 4, "mydriver!StatusWaitThread");
	ASSERT_SCREEN_HAS(&s, 4, "TERMINATED");
	ASSERT_SCREEN_HAS(&s, 4, "System");
	ck_assert_msg(strstr(test_screen_line(s.screen[4], 1), "Pool > Thre > iexplore.exe > Thread handles > 0x"),
		      "breadcrumb: %s", test_screen_line(s.screen[4], 1));
	free(s.text);
}
END_TEST

START_TEST(test_pty_back_keeps_thre_selected)
{
	struct screens s;
	int before, after;

	if (!run_pty("<Tab>/Thre<Enter><dump><Enter><Enter><Enter><Enter><Esc><BS>h<Left><dump>", &s, NULL))
		return;
	ck_assert_int_ge(s.n, 2);
	before = cursor_of(s.screen[0], 24);
	after = cursor_of(s.screen[1], 24);
	ck_assert_int_gt(before, 0);
	ck_assert_int_eq(before, after);
	ck_assert_msg(strncmp(test_screen_line(s.screen[1], 1), " Pool ", 6) == 0 &&
		      !strchr(test_screen_line(s.screen[1], 1), '>'), "crumb: %s", test_screen_line(s.screen[1], 1));
	/* the pool table fits on one screen at fixture scale or scrolls so
	 * that the selected row is visible; find Thre on the screen */
	ASSERT_SCREEN_HAS(&s, 1, "Thre ");
	free(s.text);
}
END_TEST

START_TEST(test_pty_search_finds_process)
{
	struct screens s;
	int pos;

	if (!run_pty("3/iexplore<Enter><dump>", &s, NULL))
		return;
	pos = cursor_of(s.screen[0], 24);
	ck_assert_int_gt(pos, 0);
	/* the selected row is on screen and holds the name */
	ASSERT_SCREEN_HAS(&s, 0, "iexplore.exe");
	free(s.text);
}
END_TEST

START_TEST(test_pty_sort_changes_first_row)
{
	struct screens s;

	/* Processes sorted by Handles (s s s s s: Image, PID, PPID, Sess,
	 * Handles, largest first): iexplore.exe holds the most */
	if (!run_pty("3<dump>sssss<dump>S<dump>", &s, NULL))
		return;
	ck_assert_int_ge(s.n, 3);
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 4), "iexplore.exe"), "first row sorted: %s",
		      test_screen_line(s.screen[1], 4));
	ck_assert_msg(strstr(test_screen_line(s.screen[1], 3), "Handles"), "header: %s",
		      test_screen_line(s.screen[1], 3));
	ck_assert_msg(!strstr(test_screen_line(s.screen[2], 4), "iexplore.exe"), "reversed: %s",
		      test_screen_line(s.screen[2], 4));
	free(s.text);
}
END_TEST

START_TEST(test_pty_resize_keeps_selection)
{
	struct screens s;
	int before, after;

	if (!run_pty("3/iexplore<Enter><dump><resize=100x30><dump><resize=80x12><dump>", &s, NULL))
		return;
	ck_assert_int_ge(s.n, 3);
	ck_assert_msg(strstr(s.screen[1], "--- screen 100x30"), "%s", s.screen[1]);
	before = cursor_of(s.screen[0], 24);
	after = cursor_of(s.screen[1], 30);
	ck_assert_int_eq(before, after);
	ck_assert_int_eq(before, cursor_of(s.screen[2], 12));
	ASSERT_SCREEN_HAS(&s, 2, "iexplore.exe");
	free(s.text);
}
END_TEST

START_TEST(test_pty_ascii_no_color)
{
	struct screens s;

	if (!run_pty("<Tab>s<dump>", &s, "--ascii"))
		return;
	/* ASCII sort marker on the sorted column */
	ck_assert_msg(strstr(test_screen_line(s.screen[0], 3), "Tag^"), "header: %s", test_screen_line(s.screen[0], 3));
	free(s.text);
}
END_TEST

/* The real SIGWINCH path: the tty itself changes size. */
START_TEST(test_pty_sigwinch_keeps_selection)
{
	struct screens s;

	if (!run_pty("3/iexplore<Enter><dump><winch=120x40><dump><winch=80x24><dump>", &s, NULL))
		return;
	ck_assert_int_ge(s.n, 3);
	ck_assert_msg(strstr(s.screen[1], "--- screen 120x40"), "%s", s.screen[1]);
	ck_assert_msg(strstr(s.screen[2], "--- screen 80x24"), "%s", s.screen[2]);
	ck_assert_int_eq(cursor_of(s.screen[0], 24), cursor_of(s.screen[1], 40));
	ck_assert_int_eq(cursor_of(s.screen[0], 24), cursor_of(s.screen[2], 24));
	ASSERT_SCREEN_HAS(&s, 1, "iexplore.exe");
	ck_assert_msg(!strstr(s.screen[1], "no SIGWINCH"), "%s", s.screen[1]);
	free(s.text);
}
END_TEST

/* Type keys at once, then check lines of the screen at exit. */
struct screen_want {
	int line;
	const char *text;
};

static void typed_screen_shows(const char *typed, const struct screen_want *w, size_t n)
{
	struct screens s;
	const char *l;

	if (!run_pty_as(NULL, typed, &s, NULL))
		return;
	ck_assert_int_ge(s.n, 1);
	for (size_t i = 0; i < n; i++) {
		l = test_screen_line(s.screen[s.n - 1], w[i].line);
		ck_assert_msg(strstr(l, w[i].text), "line %d lacks \"%s\": %s", w[i].line,
			      w[i].text, l);
	}
	free(s.text);
}

/* Keys typed faster than a 3 091-row table prepares its sort keys and
 * search text: the sort waits for them (the keys do not), and ends as if
 * typed slowly: threads flat (m), sorted by Owner (s s), then reversed;
 * the last process name, case folded, comes first. */
START_TEST(test_pty_typed_sort_waits_for_the_table)
{
	static const struct screen_want w[] = {
		{ 3, "Owner\u25bc" }, { 4, "winlogon.exe" },
	};

	typed_screen_shows("4mssS", w, sizeof(w) / sizeof(w[0]));
}
END_TEST

/* A typed filter right after opening the table: applied once prepared. */
START_TEST(test_pty_typed_filter_waits_for_the_table)
{
	static const struct screen_want w[] = {
		{ 23, "[f:iexplore]" }, { 4, "iexplore.exe" },
	};

	typed_screen_shows("4mfiexplore\n", w, sizeof(w) / sizeof(w[0]));
}
END_TEST

static Suite *tui_pty_suite(void)
{
	Suite *s = suite_create("tui_pty");
	TCase *tc = tcase_create("pty");

	tcase_add_test(tc, test_pty_drill_reaches_start_address);
	tcase_add_test(tc, test_pty_back_keeps_thre_selected);
	tcase_add_test(tc, test_pty_search_finds_process);
	tcase_add_test(tc, test_pty_sort_changes_first_row);
	tcase_add_test(tc, test_pty_resize_keeps_selection);
	tcase_add_test(tc, test_pty_ascii_no_color);
	tcase_add_test(tc, test_pty_sigwinch_keeps_selection);
	tcase_add_test(tc, test_pty_typed_sort_waits_for_the_table);
	tcase_add_test(tc, test_pty_typed_filter_waits_for_the_table);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(tui_pty_suite)
