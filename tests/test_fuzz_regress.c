/* tests/test_fuzz_regress.c — replays the fuzz inputs kept in the tree
 * (tests/fuzz/corpus-regress/TARGET/: every crash found, once fixed; and
 * tests/fuzz/seeds/TARGET/) through the fuzz targets' own entry functions,
 * without libFuzzer, so a fixed crash stays fixed in `make check` and
 * `make asan`. The reader target gets a fresh base dump from mkdump.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/fuzz_isf.c"
#include "fuzz/fuzz_reader.c"
#include "fuzz/fuzz_scenario.c"
#include "testutil.h"

/* Feed every file of dir to one; returns how many were fed. */
static int replay_dir(const char *dir, int (*one)(const uint8_t *, size_t))
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!dp)
		return 0;
	while ((e = readdir(dp))) {
		char path[1024];
		struct stat st;
		uint8_t *buf;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		buf = malloc((size_t)st.st_size + 1);
		f = fopen(path, "rb");
		ck_assert(buf && f);
		ck_assert_int_eq(fread(buf, 1, (size_t)st.st_size, f), st.st_size);
		fclose(f);
		one(buf, (size_t)st.st_size);
		free(buf);
		n++;
	}
	closedir(dp);
	return n;
}

static int replay(const char *target, int (*one)(const uint8_t *, size_t))
{
	char dir[256];
	int n;

	snprintf(dir, sizeof(dir), "tests/fuzz/corpus-regress/%s", target);
	n = replay_dir(dir, one);
	snprintf(dir, sizeof(dir), "tests/fuzz/seeds/%s", target);
	n += replay_dir(dir, one);
	return n;
}

START_TEST(test_scenario_inputs)
{
	if (access("tests/fuzz", R_OK) != 0)
		return;
	ck_assert_int_gt(replay("scenario", fuzz_scenario_one), 0);
}
END_TEST

START_TEST(test_isf_inputs)
{
	if (access("tests/fuzz", R_OK) != 0)
		return;
	ck_assert_int_gt(replay("isf", fuzz_isf_one), 0);
}
END_TEST

START_TEST(test_reader_inputs)
{
	char dir[512], core[600];
	char *mk[] = { (char *)test_mkdump_bin(), "--scale", "0.004",
		       "fixtures/scenarios/healthy.scn", core, NULL };
	char *out, *err;

	if (access("tests/fuzz", R_OK) != 0)
		return;
	test_tmpdir(dir, sizeof(dir));
	snprintf(core, sizeof(core), "%s/base.core", dir);
	ck_assert_int_eq(test_run(mk, &out, &err), 0);
	free(out);
	free(err);
	setenv("FUZZ_BASE", core, 1);
	ck_assert_int_gt(replay("reader", fuzz_reader_one), 0);
	ck_assert_msg(rd.ntargets >= 8, "only %d reader targets found", rd.ntargets);
}
END_TEST

static Suite *fuzz_regress_suite(void)
{
	Suite *s = suite_create("fuzz_regress");
	TCase *tc = tcase_create("replay");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_scenario_inputs);
	tcase_add_test(tc, test_isf_inputs);
	tcase_add_test(tc, test_reader_inputs);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(fuzz_regress_suite)
