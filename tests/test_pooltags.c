/* tests/test_pooltags.c — the built-in pool tag table, pooltag.txt parsing
 * (comments, padding, wildcards, overrides, bad lines), and filling the
 * model's pool tags. */
#include <stdio.h>
#include <string.h>

#include "../model/pooltags.h"
#include "testutil.h"

static uint32_t tag(const char *s)
{
	uint32_t t = 0;

	ck_assert_msg(ls_tag_parse(s, &t), "bad tag %s", s);
	return t;
}

static struct model *model_with_tags(const char *const *tags, int n)
{
	struct model *m = model_create();
	struct ls_err err;

	for (int i = 0; i < n; i++) {
		struct ls_pooltag pt = { .tag = tag(tags[i]), .type = LS_NONE };
		model_add_pooltag(m, &pt);
	}
	ck_assert_ls_ok(model_finish(m, &err), &err);
	return m;
}

static const char *write_file(const char *text, char *path, size_t len)
{
	char dir[512];
	FILE *fp;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, len, "%s/pooltag.txt", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

START_TEST(builtin_knows_the_seed_tags)
{
	const struct pooltag_desc *d;

	d = pooltags_lookup(tag("Thre"));
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->desc, "Thread objects");
	ck_assert_str_eq(d->binary, "nt!ps");
	d = pooltags_lookup(tag("MmCm"));
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->desc, "Calls made to MmAllocateContiguousMemory");
	ck_assert_str_eq(d->binary, "nt!mm");
	d = pooltags_lookup(tag("Proc"));
	ck_assert_str_eq(d->desc, "Process objects");
	d = pooltags_lookup(tag("Dire"));
	ck_assert_str_eq(d->desc, "Directory objects");
	d = pooltags_lookup(tag("Key"));     /* "Key " */
	ck_assert_str_eq(d->binary, "nt!cm");
	ck_assert_ptr_null(pooltags_lookup(tag("Zzzz")));
	ck_assert_ptr_null(pooltags_lookup(tag("thre")));   /* case matters */
}
END_TEST

START_TEST(builtin_table_is_well_formed)
{
	/* every object type of the seed's chain and ~60 tags in all */
	const char *must[] = { "Thre", "Proc", "File", "Dire", "Even", "Muta",
			       "Sema", "Toke", "Key", "ObNm", "ObDi", "Ntfx",
			       "Ntff", "CcSc", "Vad", "MmSt", "ObHd", "Obtb",
			       "AlIn", "Icp", "Irp", "Mdl", "NtFs", "Sect",
			       "Symb", "SeTl", "Wind", "Desk" };

	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
		const struct pooltag_desc *d = pooltags_lookup(tag(must[i]));
		ck_assert_msg(d != NULL, "no built-in entry for %s", must[i]);
		ck_assert_msg(d->desc && *d->desc && d->binary && *d->binary,
			      "entry %s lacks text", must[i]);
	}
}
END_TEST

START_TEST(describe_fills_the_model_from_the_builtin_table)
{
	const char *tags[] = { "Thre", "MmCm", "Zzzz" };
	struct model *m = model_with_tags(tags, 3);
	struct ls_err err;

	ck_assert_ls_ok(pooltags_describe(m, NULL, &err), &err);
	ck_assert_str_eq(m->pooltags[0].desc, "Thread objects");
	ck_assert_str_eq(m->pooltags[0].binary, "nt!ps");
	ck_assert_str_eq(m->pooltags[1].binary, "nt!mm");
	ck_assert_ptr_null(m->pooltags[2].desc);
	ck_assert_ptr_null(m->pooltags[2].binary);
	model_destroy(m);
}
END_TEST

START_TEST(user_file_overrides_and_adds_with_wildcards)
{
	const char *tags[] = { "Thre", "MyDr", "Gh05", "Gh15", "ObZz", "Io", "Vad" };
	struct model *m = model_with_tags(tags, 7);
	struct ls_err err;
	char path[600];

	write_file("rem Pooltag.txt for tests\n"
		   "// a comment\n"
		   "\n"
		   " Thre - nt!ps       - Thread objects (user text)\r\n"
		   "MyDr - mydriver.sys - StatusWaitThread contexts - per request\n"
		   "Gh?5 - win32k.sys  - GDI objects\n"
		   "Ob*  - nt!ob       - Object manager, other\n"
		   "Io   - nt!io       - general IO allocations\n"
		   "MyDr - mydriver.sys - later line wins\n"
		   "Vad  - <unknown>   - VAD from the user file\n",
		   path, sizeof(path));
	ck_assert_ls_ok(pooltags_describe(m, path, &err), &err);
	ck_assert_str_eq(m->pooltags[0].desc, "Thread objects (user text)");
	ck_assert_str_eq(m->pooltags[1].desc, "later line wins");
	ck_assert_str_eq(m->pooltags[1].binary, "mydriver.sys");
	ck_assert_str_eq(m->pooltags[2].desc, "GDI objects");
	ck_assert_str_eq(m->pooltags[3].desc, "GDI objects");
	ck_assert_str_eq(m->pooltags[4].desc, "Object manager, other");
	ck_assert_str_eq(m->pooltags[5].desc, "general IO allocations");   /* "Io  " */
	ck_assert_str_eq(m->pooltags[6].desc, "VAD from the user file");
	ck_assert_ptr_null(m->pooltags[6].binary);                         /* <unknown> */
	model_destroy(m);
}
END_TEST

START_TEST(description_may_contain_separators)
{
	const char *tags[] = { "MyDr" };
	struct model *m = model_with_tags(tags, 1);
	struct ls_err err;
	char path[600];

	write_file("MyDr - mydriver.sys - contexts - one per request\n", path, sizeof(path));
	ck_assert_ls_ok(pooltags_describe(m, path, &err), &err);
	ck_assert_str_eq(m->pooltags[0].desc, "contexts - one per request");
	model_destroy(m);
}
END_TEST

START_TEST(bad_line_is_an_error_naming_file_and_line)
{
	const char *tags[] = { "Thre", "MyDr" };
	struct model *m = model_with_tags(tags, 2);
	struct ls_err err;
	char path[600], where[700];
	enum ls_status st;

	write_file("MyDr - mydriver.sys - contexts\n"
		   "// fine\n"
		   "TooLongTag - x.sys - nope\n"
		   "also bad\n", path, sizeof(path));
	st = pooltags_describe(m, path, &err);
	snprintf(where, sizeof(where), "%s:3:", path);
	ck_assert_ls_err(st, LS_ERR_FORMAT, &err, where);
	/* the built-in descriptions are there all the same */
	ck_assert_str_eq(m->pooltags[0].desc, "Thread objects");
	ck_assert_ptr_null(m->pooltags[1].desc);

	write_file("just words\n", path, sizeof(path));
	st = pooltags_describe(m, path, &err);
	snprintf(where, sizeof(where), "%s:1:", path);
	ck_assert_ls_err(st, LS_ERR_FORMAT, &err, where);

	write_file("Ab*c - x.sys - star in the middle\n", path, sizeof(path));
	st = pooltags_describe(m, path, &err);
	ck_assert_ls_err(st, LS_ERR_FORMAT, &err, ":1:");
	model_destroy(m);
}
END_TEST

START_TEST(missing_user_file_is_an_error)
{
	const char *tags[] = { "Thre" };
	struct model *m = model_with_tags(tags, 1);
	struct ls_err err;
	enum ls_status st;

	st = pooltags_describe(m, "/nonexistent/pooltag.txt", &err);
	ck_assert_ls_err(st, LS_ERR_SYSTEM, &err, "/nonexistent/pooltag.txt");
	ck_assert_str_eq(m->pooltags[0].desc, "Thread objects");
	model_destroy(m);
}
END_TEST

START_TEST(linux_slab_caches_are_left_alone)
{
	struct model *m = model_create();
	struct ls_pooltag pt = { .tag = 0, .name = "task_struct", .type = LS_NONE };
	struct ls_err err;

	model_add_pooltag(m, &pt);
	ck_assert_ls_ok(model_finish(m, &err), &err);
	ck_assert_ls_ok(pooltags_describe(m, NULL, &err), &err);
	ck_assert_ptr_null(m->pooltags[0].desc);
	model_destroy(m);
}
END_TEST

START_TEST(long_lines_and_junk_are_errors_not_crashes)
{
	const char *tags[] = { "Thre" };
	struct model *m = model_with_tags(tags, 1);
	struct ls_err err;
	static char text[4096];
	char path[600];
	enum ls_status st;

	memset(text, 'x', 3000);
	text[3000] = '\n';
	write_file(text, path, sizeof(path));
	st = pooltags_describe(m, path, &err);
	ck_assert_ls_err(st, LS_ERR_FORMAT, &err, ":1: line too long");

	write_file("\x01\x02 - \xff - x\n", path, sizeof(path));
	st = pooltags_describe(m, path, &err);
	ck_assert_ls_err(st, LS_ERR_FORMAT, &err, ":1:");

	write_file(" - nt!ps - no tag\n", path, sizeof(path));
	st = pooltags_describe(m, path, &err);
	ck_assert_ls_err(st, LS_ERR_FORMAT, &err, ":1:");
	ck_assert_str_eq(m->pooltags[0].desc, "Thread objects");
	model_destroy(m);
}
END_TEST

static Suite *pooltags_suite(void)
{
	Suite *s = suite_create("pooltags");
	TCase *tc = tcase_create("describe");

	tcase_add_test(tc, builtin_knows_the_seed_tags);
	tcase_add_test(tc, builtin_table_is_well_formed);
	tcase_add_test(tc, describe_fills_the_model_from_the_builtin_table);
	tcase_add_test(tc, user_file_overrides_and_adds_with_wildcards);
	tcase_add_test(tc, description_may_contain_separators);
	tcase_add_test(tc, bad_line_is_an_error_naming_file_and_line);
	tcase_add_test(tc, missing_user_file_is_an_error);
	tcase_add_test(tc, linux_slab_caches_are_left_alone);
	tcase_add_test(tc, long_lines_and_junk_are_errors_not_crashes);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(pooltags_suite)
