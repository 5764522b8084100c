/* tests/test_status.c — error values and context chaining. */
#include <string.h>

#include "testutil.h"

START_TEST(prepend_builds_a_chain)
{
	struct ls_err err;

	ls_err_clear(&err);
	ls_err_set(&err, LS_ERR_NODATA, "reading EPROCESS at 0x%x", 0x1000);
	ls_err_prepend(&err, "loading process %d", 4);
	ck_assert_int_eq(err.code, LS_ERR_NODATA);
	ck_assert_str_eq(err.msg, "loading process 4: reading EPROCESS at 0x1000");
}
END_TEST

START_TEST(prepend_on_empty_message_uses_status_text)
{
	struct ls_err err;

	ls_err_clear(&err);
	err.code = LS_ERR_CORRUPT;
	ls_err_prepend(&err, "pool tracker");
	ck_assert_str_eq(err.msg, "pool tracker: corrupt data");
	ck_assert_str_eq(ls_status_str(LS_ERR_NODATA), "not in the dump");
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("errors");

	tcase_add_test(tc, prepend_builds_a_chain);
	tcase_add_test(tc, prepend_on_empty_message_uses_status_text);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(status_suite)
