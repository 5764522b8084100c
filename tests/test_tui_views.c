/* tests/test_tui_views.c — the views on their own, without curses: what
 * rows they produce from a model, how they stand anomalies out, and what
 * Enter and m ask the core to do. */
#include <stdio.h>
#include <string.h>

#include "../model/tree.h"
#include "../views/view.h"
#include "test_tui_model.h"
#include "testutil.h"

static struct view *open_view(const struct view_ops *ops, struct model *m,
			      const struct view_arg *a)
{
	struct ls_err err;
	struct view *v;

	ls_err_clear(&err);
	v = view_create(ops, m, a, &err);
	ck_assert_msg(v != NULL, "%s: %s", ops->name, err.msg);
	return v;
}

/* The text of visible row pos, column c (static buffer). */
static const char *cell(struct view *v, uint32_t pos, unsigned c, uint8_t *style)
{
	static struct table_row row;

	table_fetch(&v->table, table_row_at(&v->table, pos), &row);
	if (style)
		*style = row.cell[c].style ? row.cell[c].style : row.style;
	return row.cell[c].text;
}

/* The first visible row whose column c contains text, or -1. */
static int find_row(struct view *v, unsigned c, const char *text)
{
	uint32_t i;

	for (i = 0; i < v->table.nvisible; i++)
		if (strstr(cell(v, i, c, NULL), text))
			return (int)i;
	return -1;
}

START_TEST(test_summary_na_when_absent)
{
	struct model *m = test_tui_model();
	struct view *v;
	uint8_t st;
	int r;

	m->mem.nonpaged_max.valid = false;
	m->mem.failed_allocs.valid = false;
	v = open_view(&view_summary_ops, m, NULL);
	r = find_row(v, 0, "NonPagedPool maximum");
	ck_assert_int_ge(r, 0);
	ck_assert_str_eq(cell(v, (uint32_t)r, 1, &st), "n/a");
	ck_assert_int_eq(st, STYLE_DIM);
	r = find_row(v, 0, "Failed allocations");
	ck_assert_str_eq(cell(v, (uint32_t)r, 1, NULL), "n/a");
	/* without a maximum there is no percentage and no warning */
	ck_assert_int_lt(find_row(v, 1, "Excessive"), 0);
	view_destroy(v);
	model_destroy(m);
}
END_TEST

START_TEST(test_summary_warns_near_limit)
{
	struct model *m = test_tui_model();
	struct view *v = open_view(&view_summary_ops, m, NULL);
	uint8_t st;
	int r = find_row(v, 1, "Excessive");

	ck_assert_int_ge(r, 0);
	cell(v, (uint32_t)r, 1, &st);
	ck_assert_int_eq(st, STYLE_WARN);
	ck_assert_int_ge(find_row(v, 1, "184"), 0);
	view_destroy(v);
	model_destroy(m);
}
END_TEST

START_TEST(test_pool_top_tag_and_enter)
{
	struct model *m = test_tui_model();
	struct view *v = open_view(&view_pool_ops, m, NULL);
	struct view_req req;
	uint8_t st;

	ck_assert_str_eq(cell(v, 0, 0, NULL), "Thre");
	cell(v, 0, 1, &st);
	ck_assert_int_eq(st, STYLE_HOT);
	ck_assert_str_eq(cell(v, 0, 3, NULL), "309,082");     /* NP Diff */
	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(v->ops->on_action(v, ACT_ENTER, table_row_at(&v->table, 0), &req), VN_PUSH);
	ck_assert_ptr_eq(req.push_ops, &view_holders_ops);
	ck_assert_str_eq(req.push_arg.crumb, "Thre");
	/* MmCm is no type's tag: nothing to push, a message instead */
	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(v->ops->on_action(v, ACT_ENTER, table_row_at(&v->table, 1), &req), VN_REDRAW);
	ck_assert(strstr(req.message, "MmCm") != NULL);
	view_destroy(v);
	model_destroy(m);
}
END_TEST

START_TEST(test_holders_most_first)
{
	struct model *m = test_tui_model();
	struct view_arg a;
	struct view *v;
	char n[16];

	view_arg_init(&a);
	a.index = model_type_by_name(m, "Thread");
	v = open_view(&view_holders_ops, m, &a);
	ck_assert_uint_eq(v->table.nvisible, 2);
	ck_assert_str_eq(cell(v, 0, 0, NULL), "iexplore.exe");
	snprintf(n, sizeof(n), "%d", TM_LEAKED);
	ck_assert_str_eq(cell(v, 0, 2, NULL), n);
	ck_assert_str_eq(cell(v, 1, 0, NULL), "explorer.exe");
	view_destroy(v);
	model_destroy(m);
}
END_TEST

START_TEST(test_handles_group_toggle)
{
	struct model *m = test_tui_model();
	struct view_arg a;
	struct view_req req;
	struct view *v;

	view_arg_init(&a);
	a.index = model_process_by_pid(m, TM_IE_PID);
	v = open_view(&view_handles_ops, m, &a);
	ck_assert_str_eq(cell(v, 0, 0, NULL), "Thread");      /* most first */
	ck_assert_str_eq(cell(v, 1, 0, NULL), "Event");
	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(v->ops->on_action(v, ACT_TOGGLE_GROUP, 0, &req), VN_RELOAD);
	view_refresh_table(v);
	ck_assert_uint_eq(v->table.nvisible, TM_LEAKED + 1);  /* flat: all of them */
	ck_assert_str_eq(cell(v, 0, 0, NULL), "0008");         /* by value */
	ck_assert_str_eq(cell(v, 1, 0, NULL), "0d94");
	/* Enter on a Thread handle opens the thread's detail */
	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(v->ops->on_action(v, ACT_ENTER, table_row_at(&v->table, 1), &req), VN_PUSH);
	ck_assert_ptr_eq(req.push_ops, &view_thread_ops);
	ck_assert_str_eq(req.push_arg.crumb, "0x0d94");
	view_destroy(v);
	model_destroy(m);
}
END_TEST

START_TEST(test_threads_terminated_held_stand_out)
{
	struct model *m = test_tui_model();
	struct view_arg a;
	struct view *v;
	uint8_t st;
	int r;

	view_arg_init(&a);
	a.mode = VIEW_MODE_FLAT;
	v = open_view(&view_threads_ops, m, &a);
	r = find_row(v, 5, "mydriver!StatusWaitThread");
	ck_assert_int_ge(r, 0);
	ck_assert_str_eq(cell(v, (uint32_t)r, 2, &st), "TERMINATED");
	ck_assert_int_eq(st, STYLE_HOT);
	ck_assert_str_eq(cell(v, (uint32_t)r, 4, NULL), "iexplore.exe");
	r = find_row(v, 2, "Waiting");
	cell(v, (uint32_t)r, 2, &st);
	ck_assert_int_eq(st, STYLE_NORMAL);
	view_destroy(v);
	model_destroy(m);
}
END_TEST

START_TEST(test_object_lists_holders)
{
	struct model *m = test_tui_model();
	struct view_arg a;
	struct view *v;
	uint32_t h;
	int r;

	h = model_handle_by_value(m, model_process_by_pid(m, TM_IE_PID), 0x8);
	ck_assert_uint_ne(h, LS_NONE);
	view_arg_init(&a);
	a.index = m->handles[h].object;
	v = open_view(&view_object_ops, m, &a);
	ck_assert_int_ge(find_row(v, 1, "IeEvent"), 0);
	r = find_row(v, 0, "handle 0008");
	ck_assert_int_ge(r, 0);
	ck_assert(strstr(cell(v, (uint32_t)r, 1, NULL), "iexplore.exe") != NULL);
	view_destroy(v);
	model_destroy(m);
}
END_TEST

START_TEST(test_summary_warnings_open_in_a_pane)
{
	struct model *m = test_tui_model();
	struct view_req req;
	struct view *v, *pane;
	int r;

	model_warn(m, "reading EPROCESS at 0x%x: page not in the dump \x1b[2J", 0x1000);
	v = open_view(&view_summary_ops, m, NULL);
	r = find_row(v, 0, "Warnings");
	ck_assert_int_ge(r, 0);
	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(v->ops->on_action(v, ACT_ENTER, table_row_at(&v->table, (uint32_t)r), &req),
			 VN_PUSH);
	ck_assert_ptr_eq(req.push_ops, &view_text_ops);
	pane = open_view(req.push_ops, m, &req.push_arg);
	ck_assert(strstr(cell(pane, 0, 0, NULL), "page not in the dump \\x1b[2J") != NULL);
	view_destroy(pane);
	view_destroy(v);
	model_destroy(m);
}
END_TEST

static Suite *tui_views_suite(void)
{
	Suite *s = suite_create("tui_views");
	TCase *tc = tcase_create("views");

	tcase_add_test(tc, test_summary_na_when_absent);
	tcase_add_test(tc, test_summary_warns_near_limit);
	tcase_add_test(tc, test_pool_top_tag_and_enter);
	tcase_add_test(tc, test_holders_most_first);
	tcase_add_test(tc, test_handles_group_toggle);
	tcase_add_test(tc, test_threads_terminated_held_stand_out);
	tcase_add_test(tc, test_object_lists_holders);
	tcase_add_test(tc, test_summary_warnings_open_in_a_pane);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(tui_views_suite)
