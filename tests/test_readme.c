/* tests/test_readme.c — the README's key table and set-up commands are
 * what the program does: the table must be `leakscope --keys` verbatim. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

START_TEST(readme_key_table_is_the_keymap)
{
	char *argv[] = { (char *)test_leakscope_bin(), "--keys", NULL };
	char *out = NULL, *err = NULL, *readme = test_read_file("README.md", NULL);
	char *line, *save = NULL;
	int rc, lines = 0;

	ck_assert_msg(readme != NULL, "README.md not found (run from the source tree)");
	rc = test_run(argv, &out, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(out);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		ck_assert_msg(strstr(readme, line) != NULL,
			      "README.md lacks the key table line: %s", line);
		lines++;
	}
	ck_assert_int_ge(lines, 20);
	free(out);
	free(err);
	free(readme);
}
END_TEST

START_TEST(readme_shows_the_two_setup_commands)
{
	char *readme = test_read_file("README.md", NULL);

	ck_assert_ptr_nonnull(readme);
	ck_assert_ptr_nonnull(strstr(readme, "    make demo "));
	ck_assert_ptr_nonnull(strstr(readme, "    make check "));
	free(readme);
}
END_TEST

static Suite *readme_suite(void)
{
	Suite *s = suite_create("readme");
	TCase *tc = tcase_create("docs");

	tcase_add_test(tc, readme_key_table_is_the_keymap);
	tcase_add_test(tc, readme_shows_the_two_setup_commands);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(readme_suite)
