/* tests/test_tui_keys.c — keys are data: keymap lookup (the view's, then
 * the generic one), key names, key scripts, and the help view generated
 * from the same tables. */
#include <string.h>

#include "../tui/script.h"
#include "../views/view.h"
#include "testutil.h"

START_TEST(test_keymap_fallback)
{
	static const struct keymap_entry mine[] = { { 'p', ACT_PEB }, { 'j', ACT_TRACES }, { 0, ACT_NONE } };

	ck_assert_int_eq(view_key_action(NULL, 'j'), ACT_DOWN);
	ck_assert_int_eq(view_key_action(NULL, LSK_DOWN), ACT_DOWN);
	ck_assert_int_eq(view_key_action(mine, 'j'), ACT_TRACES);   /* the view's wins */
	ck_assert_int_eq(view_key_action(mine, 'p'), ACT_PEB);
	ck_assert_int_eq(view_key_action(mine, 'k'), ACT_UP);       /* generic fallback */
	ck_assert_int_eq(view_key_action(NULL, LSK_ESC), ACT_BACK);
	ck_assert_int_eq(view_key_action(NULL, LSK_BACKSPACE), ACT_BACK);
	ck_assert_int_eq(view_key_action(NULL, 'h'), ACT_BACK);
	ck_assert_int_eq(view_key_action(NULL, LSK_LEFT), ACT_BACK);
	ck_assert_int_eq(view_key_action(NULL, LSK_TAB), ACT_NEXT_VIEW);
	ck_assert_int_eq(view_key_action(NULL, 's'), ACT_SORT_NEXT);
	ck_assert_int_eq(view_key_action(NULL, 'S'), ACT_SORT_REVERSE);
	ck_assert_int_eq(view_key_action(NULL, 'q'), ACT_QUIT);
	ck_assert_int_eq(view_key_action(NULL, 'Z'), ACT_NONE);
}
END_TEST

START_TEST(test_every_action_has_name_and_help)
{
	int a;

	for (a = 1; a < ACT_COUNT; a++) {
		ck_assert(view_action_name(a)[0]);
		ck_assert(view_action_help(a)[0]);
	}
}
END_TEST

START_TEST(test_key_names_round_trip)
{
	static const int keys[] = { LSK_ENTER, LSK_TAB, LSK_ESC, LSK_UP, LSK_PGDN, LSK_BTAB, 'j', '/' };
	char buf[16];
	unsigned i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_int_eq(view_key_parse(view_key_name(keys[i], buf, sizeof(buf))), keys[i]);
	ck_assert_int_eq(view_key_parse("nonsense"), -1);
}
END_TEST

START_TEST(test_script)
{
	struct key_script s;
	struct script_event e;

	script_init(&s, "j<Enter>\n<dump><resize=100x30><winch=90x20><lt>x<bogus>");
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_KEY && e.key == 'j');
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_KEY && e.key == LSK_ENTER);
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_DUMP);
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_RESIZE && e.cols == 100 && e.lines == 30);
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_WINCH && e.cols == 90 && e.lines == 20);
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_KEY && e.key == '<');
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_KEY && e.key == 'x');
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_ERROR);
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_END);
	/* a lone '<' is a key */
	script_init(&s, "<");
	e = script_next(&s);
	ck_assert(e.kind == SCRIPT_KEY && e.key == '<');
}
END_TEST

/* The help view lists every generic binding, from the tables. */
START_TEST(test_help_from_tables)
{
	struct view_help_data hd = { "Processes", view_process_keys };
	struct view_arg a;
	struct ls_err err;
	struct view *v;
	struct table_row row;
	const struct keymap_entry *e;
	uint32_t r;
	bool found_peb = false;

	view_arg_init(&a);
	a.data = &hd;
	ls_err_clear(&err);
	v = view_create(&view_help_ops, NULL, &a, &err);
	ck_assert_msg(v != NULL, "%s", err.msg);
	for (e = view_generic_keys; e->key; e++) {
		bool seen = false;

		for (r = 0; r < v->table.nvisible && !seen; r++) {
			table_fetch(&v->table, table_row_at(&v->table, r), &row);
			seen = strstr(row.cell[1].text, view_action_help(e->action)) != NULL;
		}
		ck_assert_msg(seen, "help lacks %s", view_action_name(e->action));
	}
	for (r = 0; r < v->table.nvisible; r++) {
		table_fetch(&v->table, table_row_at(&v->table, r), &row);
		if (strcmp(row.cell[0].text, "p") == 0 &&
		    strstr(row.cell[1].text, view_action_help(ACT_PEB)))
			found_peb = true;
	}
	ck_assert(found_peb);
	view_destroy(v);
}
END_TEST

static Suite *tui_keys_suite(void)
{
	Suite *s = suite_create("tui_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, test_keymap_fallback);
	tcase_add_test(tc, test_every_action_has_name_and_help);
	tcase_add_test(tc, test_key_names_round_trip);
	tcase_add_test(tc, test_script);
	tcase_add_test(tc, test_help_from_tables);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(tui_keys_suite)
