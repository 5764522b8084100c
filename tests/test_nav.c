/* tests/test_nav.c — navigation as arithmetic on (cursor, top), and the
 * view stack with its breadcrumb, without a terminal. */
#include <stdio.h>
#include <string.h>

#include "../tui/script.h"
#include "../views/table.h"
#include "testutil.h"

START_TEST(test_line_moves_scroll_minimally)
{
	struct nav_pos p = { 0, 0 };

	nav_move(&p, 1, 100, 10);
	ck_assert_uint_eq(p.cursor, 1);
	ck_assert_uint_eq(p.top, 0);
	nav_goto(&p, 9, 100, 10);
	ck_assert_uint_eq(p.top, 0);
	nav_move(&p, 1, 100, 10);          /* one past the window: scroll by one */
	ck_assert_uint_eq(p.cursor, 10);
	ck_assert_uint_eq(p.top, 1);
	nav_move(&p, -1000, 100, 10);      /* clamped at the start */
	ck_assert_uint_eq(p.cursor, 0);
	ck_assert_uint_eq(p.top, 0);
}
END_TEST

START_TEST(test_pages_and_ends)
{
	struct nav_pos p = { 0, 0 };

	nav_move(&p, 10, 100, 10);         /* PgDn moves cursor and window */
	ck_assert_uint_eq(p.cursor, 10);
	ck_assert_uint_eq(p.top, 10);
	nav_move(&p, -10, 100, 10);
	ck_assert_uint_eq(p.cursor, 0);
	ck_assert_uint_eq(p.top, 0);
	nav_last(&p, 100, 10);
	ck_assert_uint_eq(p.cursor, 99);
	ck_assert_uint_eq(p.top, 90);
	nav_move(&p, 10, 100, 10);         /* PgDn at the end stays */
	ck_assert_uint_eq(p.cursor, 99);
	ck_assert_uint_eq(p.top, 90);
	nav_first(&p);
	ck_assert_uint_eq(p.cursor, 0);
	ck_assert_uint_eq(p.top, 0);
}
END_TEST

START_TEST(test_clamp_on_resize_keeps_cursor)
{
	struct nav_pos p = { 50, 45 };

	nav_clamp(&p, 100, 3);             /* the screen got smaller */
	ck_assert_uint_eq(p.cursor, 50);
	ck_assert(p.top <= 50 && p.top + 3 > 50);
	nav_clamp(&p, 100, 60);            /* larger: no empty space at the end */
	ck_assert_uint_eq(p.cursor, 50);
	ck_assert_uint_eq(p.top, 40);
	nav_clamp(&p, 20, 10);             /* fewer rows: cursor on the last */
	ck_assert_uint_eq(p.cursor, 19);
	nav_clamp(&p, 0, 10);
	ck_assert_uint_eq(p.cursor, 0);
	ck_assert_uint_eq(p.top, 0);
}
END_TEST

START_TEST(test_stack_and_crumbs)
{
	struct view_stack s = { .depth = 0 };
	struct view v[TUI_STACK_MAX + 1];
	char buf[256];
	unsigned i;
	static const char *const crumbs[] = { "Pool", "Thre", "iexplore.exe",
					      "Thread handles", "0x0d94" };

	memset(v, 0, sizeof(v));
	for (i = 0; i < 5; i++) {
		snprintf(v[i].arg.crumb, sizeof(v[i].arg.crumb), "%s", crumbs[i]);
		ck_assert(view_stack_push(&s, &v[i]));
	}
	view_stack_crumbs(&s, " > ", 200, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Pool > Thre > iexplore.exe > Thread handles > 0x0d94");
	/* narrow: the oldest crumbs give way */
	view_stack_crumbs(&s, " > ", 30, buf, sizeof(buf));
	ck_assert_str_eq(buf, ".. > Thread handles > 0x0d94");
	ck_assert_ptr_eq(view_stack_pop(&s), &v[4]);
	ck_assert_ptr_eq(view_stack_top(&s), &v[3]);
	while (view_stack_pop(&s))
		;
	for (i = 0; i < TUI_STACK_MAX; i++)
		ck_assert(view_stack_push(&s, &v[i]));
	ck_assert(!view_stack_push(&s, &v[TUI_STACK_MAX]));   /* full: refused */
}
END_TEST

static Suite *nav_suite(void)
{
	Suite *s = suite_create("nav");
	TCase *tc = tcase_create("nav");

	tcase_add_test(tc, test_line_moves_scroll_minimally);
	tcase_add_test(tc, test_pages_and_ends);
	tcase_add_test(tc, test_clamp_on_resize_keeps_cursor);
	tcase_add_test(tc, test_stack_and_crumbs);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(nav_suite)
