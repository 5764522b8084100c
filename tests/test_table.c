/* tests/test_table.c — the table widget without a terminal: sort (stable,
 * numeric and text, reverse), filter, incremental search, keeping the
 * selection, layout and fitting; and its speed on 143 000 rows. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../views/table.h"
#include "testutil.h"

struct fake_row {
	const char *name;
	uint64_t n;
};

static const struct fake_row fake[] = {
	{ "System", 4 }, { "iexplore.exe", 143428 }, { "explorer.exe", 1200 },
	{ "svchost.exe", 900 }, { "MyApp.exe", 1200 },
};
#define NFAKE (sizeof(fake) / sizeof(fake[0]))

static const struct table_column cols[] = {
	{ "Name", 0, TABLE_LEFT, 0 },
	{ "Handles", 8, TABLE_RIGHT, 1 },
};

static void fake_cells(void *ctx, uint32_t row, struct table_row *out)
{
	const struct fake_row *r = &((const struct fake_row *)ctx)[row];

	snprintf(out->cell[0].text, sizeof(out->cell[0].text), "%s", r->name);
	snprintf(out->cell[1].text, sizeof(out->cell[1].text), "%llu", (unsigned long long)r->n);
	out->cell[1].num = r->n;
}

static void load(struct table *t)
{
	table_init(t);
	ck_assert(table_load(t, cols, 2, NFAKE, fake_cells, (void *)fake));
}

START_TEST(test_sort_numeric_desc_stable)
{
	struct table t;

	load(&t);
	ck_assert_uint_eq(t.nvisible, NFAKE);
	table_sort(&t, 1, true);
	ck_assert_str_eq(fake[table_row_at(&t, 0)].name, "iexplore.exe");
	/* explorer and MyApp tie at 1200: the view's order is kept */
	ck_assert_str_eq(fake[table_row_at(&t, 1)].name, "explorer.exe");
	ck_assert_str_eq(fake[table_row_at(&t, 2)].name, "MyApp.exe");
	ck_assert_str_eq(fake[table_row_at(&t, 4)].name, "System");
	table_sort_reverse(&t);
	ck_assert_str_eq(fake[table_row_at(&t, 0)].name, "System");
	table_deinit(&t);
}
END_TEST

START_TEST(test_sort_text_and_cycle)
{
	struct table t;

	load(&t);
	table_sort_next(&t);      /* Name, ascending, case-insensitive */
	ck_assert_int_eq(t.sort_col, 0);
	ck_assert(!t.sort_desc);
	ck_assert_str_eq(fake[table_row_at(&t, 0)].name, "explorer.exe");
	ck_assert_str_eq(fake[table_row_at(&t, 2)].name, "MyApp.exe");
	table_sort_next(&t);      /* Handles, largest first */
	ck_assert_int_eq(t.sort_col, 1);
	ck_assert(t.sort_desc);
	table_sort_next(&t);      /* back to the view's order */
	ck_assert_int_eq(t.sort_col, -1);
	ck_assert_str_eq(fake[table_row_at(&t, 0)].name, "System");
	table_sort_reverse(&t);   /* S: the view's order backwards */
	ck_assert_str_eq(fake[table_row_at(&t, 0)].name, "MyApp.exe");
	ck_assert_str_eq(fake[table_row_at(&t, NFAKE - 1)].name, "System");
	table_deinit(&t);
}
END_TEST

START_TEST(test_sort_keeps_selection)
{
	struct table t;

	load(&t);
	t.pos.cursor = 3;         /* svchost.exe */
	t.pos.top = 2;
	table_sort(&t, 1, true);
	ck_assert_str_eq(fake[table_selected(&t)].name, "svchost.exe");
	ck_assert_uint_eq(t.pos.cursor, 3);   /* 143428, 1200, 1200, 900 */
	ck_assert_uint_eq(t.pos.top, 0);      /* the first rows show again */
	table_deinit(&t);
}
END_TEST

START_TEST(test_filter)
{
	struct table t;

	load(&t);
	t.pos.cursor = 2;         /* explorer.exe */
	table_set_filter(&t, "EXE");
	ck_assert_uint_eq(t.nvisible, 4);
	ck_assert_str_eq(fake[table_selected(&t)].name, "explorer.exe");
	table_set_filter(&t, "1200");          /* numbers are cells too */
	ck_assert_uint_eq(t.nvisible, 2);
	table_set_filter(&t, "nothing");
	ck_assert_uint_eq(t.nvisible, 0);
	ck_assert_uint_eq(table_selected(&t), UINT32_MAX);
	table_set_filter(&t, "");
	ck_assert_uint_eq(t.nvisible, NFAKE);
	table_deinit(&t);
}
END_TEST

START_TEST(test_search_wraps_both_ways)
{
	struct table t;

	load(&t);
	ck_assert_int_eq(table_search(&t, "exe", 0, 1), 1);
	ck_assert_int_eq(table_search(&t, "exe", 2, 1), 2);
	ck_assert_int_eq(table_search(&t, "system", 1, 1), 0);   /* wraps */
	ck_assert_int_eq(table_search(&t, "myapp", 0, -1), 4);   /* backwards */
	ck_assert_int_eq(table_search(&t, "absent", 0, 1), -1);
	table_deinit(&t);
}
END_TEST

START_TEST(test_fit_and_layout)
{
	char out[64];
	struct table t;
	int x[TABLE_MAX_COLS], w[TABLE_MAX_COLS];

	ck_assert_int_eq(table_fit("iexplore.exe", 6, TABLE_LEFT, "~", false, out, sizeof(out)), 6);
	ck_assert_str_eq(out, "iexpl~");
	table_fit("42", 5, TABLE_RIGHT, "~", false, out, sizeof(out));
	ck_assert_str_eq(out, "   42");
	table_fit("ab", 4, TABLE_LEFT, "~", false, out, sizeof(out));
	ck_assert_str_eq(out, "ab  ");
	/* UTF-8: two-byte characters count one column each */
	table_fit("\xc3\xa9t\xc3\xa9", 4, TABLE_LEFT, "~", false, out, sizeof(out));
	ck_assert_str_eq(out, "\xc3\xa9t\xc3\xa9 ");
	table_fit("\xc3\xa9t\xc3\xa9", 3, TABLE_LEFT, "~", true, out, sizeof(out));
	ck_assert_str_eq(out, "?t?");
	load(&t);
	table_layout(&t, 80, x, w);
	ck_assert_int_eq(x[0], 0);
	ck_assert_int_eq(w[1], 8);
	ck_assert_int_eq(w[0] + 1 + w[1], 80);   /* the flexible column takes the rest */
	table_deinit(&t);
}
END_TEST

/* 143 000 rows: sort, filter and search by computing each row once.
 * Times are CPU time, so a loaded machine does not fail the test. */
#define BIG 143000
static void big_cells(void *ctx, uint32_t row, struct table_row *out)
{
	uint32_t v = (row * 2654435761u) % 1000003u;

	snprintf(out->cell[0].text, sizeof(out->cell[0].text), "handle %05x", v);
	snprintf(out->cell[1].text, sizeof(out->cell[1].text), "%u", v);
	out->cell[1].num = v;
}

static double since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

START_TEST(test_big_table_speed)
{
	struct table t;
	struct timespec a;
	double ts, tt, tf, tsr;
	uint32_t i;

	table_init(&t);
	ck_assert(table_load(&t, cols, 2, BIG, big_cells, NULL));
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	table_sort(&t, 1, true);
	ts = since(&a);
	for (i = 1; i < t.nvisible; i++) {
		struct table_row r1, r2;

		big_cells(NULL, table_row_at(&t, i - 1), &r1);
		big_cells(NULL, table_row_at(&t, i), &r2);
		ck_assert_uint_ge(r1.cell[1].num, r2.cell[1].num);
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	table_sort(&t, 0, false);
	tt = since(&a);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	ck_assert_int_ge(table_search(&t, "zzz", 0, 1), -1);
	tsr = since(&a);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	table_set_filter(&t, "HANDLE 0");
	tf = since(&a);
	ck_assert_uint_gt(t.nvisible, 0);
	ck_assert_uint_lt(t.nvisible, BIG);
	ck_assert(t.match_ready);            /* large: matched on cached text */
	/* the cached filter keeps exactly the rows whose cells match */
	{
		struct table_row r;
		uint32_t kept = 0, row;

		for (row = 0; row < BIG; row++) {
			big_cells(NULL, row, &r);
			kept += table_contains(r.cell[0].text, "HANDLE 0") ||
				table_contains(r.cell[1].text, "HANDLE 0");
		}
		ck_assert_uint_eq(kept, t.nvisible);
		for (i = 0; i < t.nvisible; i++) {
			big_cells(NULL, table_row_at(&t, i), &r);
			ck_assert(strstr(r.cell[0].text, "handle 0"));
		}
	}
	/* and search finds the same first match either way */
	ck_assert_int_eq(table_search(&t, "Handle 0", 0, 1), 0);
	printf("table: %u rows (CPU time): numeric sort %.0f ms, text sort %.0f ms, "
	       "full search %.0f ms, filter %.0f ms\n", BIG, ts * 1e3, tt * 1e3, tsr * 1e3, tf * 1e3);
	ck_assert(ts < 1.0 && tt < 1.0 && tsr < 1.0 && tf < 1.0);
	table_deinit(&t);
}
END_TEST

/* Keys built in idle time (search text, then each text column's rank a
 * bounded slice at a time: merge passes and ranking stop and resume
 * mid-way on big tables) sort exactly as keys built by the first sort:
 * same order both ways, ties in view order; and search works meanwhile. */
static void dup_cells(void *ctx, uint32_t row, struct table_row *out)
{
	uint32_t v = (row * 2654435761u) % 977u;   /* many equal texts */

	snprintf(out->cell[0].text, sizeof(out->cell[0].text), "%s %03u",
		 v & 1 ? "Event" : "thread", v % 100);
	snprintf(out->cell[1].text, sizeof(out->cell[1].text), "%u", v);
	out->cell[1].num = v;
}

static const uint32_t idle_sizes[] = { 5000, 200000 };

START_TEST(test_idle_keys_sort_alike)
{
	const uint32_t N = idle_sizes[_i];
	struct table cold, idle;
	uint32_t i, steps = 0;
	int col, desc;

	table_init(&cold);
	table_init(&idle);
	ck_assert(table_load(&cold, cols, 2, N, dup_cells, NULL));
	ck_assert(table_load(&idle, cols, 2, N, dup_cells, NULL));
	ck_assert(table_idle_pending(&idle));
	/* a search in the middle of the idle build finds the first match */
	table_idle_step(&idle, 1000);
	ck_assert_int_eq(table_search(&idle, "EVENT", 0, 1),
			 table_search(&cold, "event", 0, 1));
	while (table_idle_pending(&idle) && steps++ < 100000)
		table_idle_step(&idle, 1000);
	ck_assert(!table_idle_pending(&idle));
	ck_assert(idle.col_key[0] && idle.col_key[1]);   /* both ready */
	for (col = 0; col < 2; col++)
		for (desc = 0; desc < 2; desc++) {
			table_sort(&cold, col, desc);
			table_sort(&idle, col, desc);
			for (i = 0; i < N; i++)
				ck_assert_uint_eq(table_row_at(&cold, i), table_row_at(&idle, i));
		}
	/* text order, ties in view order */
	table_sort(&idle, -1, false);
	table_sort(&idle, 0, false);
	for (i = 1; i < N; i++) {
		struct table_row a, b;
		int r;

		table_fetch(&idle, table_row_at(&idle, i - 1), &a);
		table_fetch(&idle, table_row_at(&idle, i), &b);
		r = strcmp(a.cell[0].text, b.cell[0].text);
		ck_assert_int_le(r, 0);
		if (r == 0)
			ck_assert_uint_lt(table_row_at(&idle, i - 1), table_row_at(&idle, i));
	}
	table_deinit(&cold);
	table_deinit(&idle);
}
END_TEST

static Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_sort_numeric_desc_stable);
	tcase_add_test(tc, test_sort_text_and_cycle);
	tcase_add_test(tc, test_sort_keeps_selection);
	tcase_add_test(tc, test_filter);
	tcase_add_test(tc, test_search_wraps_both_ways);
	tcase_add_test(tc, test_fit_and_layout);
	tcase_add_test(tc, test_big_table_speed);
	tcase_add_loop_test(tc, test_idle_keys_sort_alike, 0,
			    (int)(sizeof(idle_sizes) / sizeof(idle_sizes[0])));
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(table_suite)
