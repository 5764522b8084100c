/* tests/test_out.c — output sinks, escaping of dump strings, formatting. */
#include <stdlib.h>
#include <string.h>

#include "../views/format.h"
#include "../views/out.h"
#include "testutil.h"

/* Render s through one out_* function into a fresh buffer. */
static char *render(void (*fn)(struct out *, const char *), const char *s)
{
	struct out o;
	char *r;

	out_init_buffer(&o);
	fn(&o, s);
	r = strdup(o.buf ? o.buf : "");
	out_deinit(&o);
	return r;
}

START_TEST(buffer_grows_and_stays_terminated)
{
	struct out o;
	int i;

	out_init_buffer(&o);
	for (i = 0; i < 1000; i++)
		out_printf(&o, "%04d,", i);
	ck_assert_uint_eq(o.len, 5000);
	ck_assert_uint_eq(strlen(o.buf), 5000);
	ck_assert(strncmp(o.buf + 4995, "0999,", 5) == 0);
	out_printf(&o, "%s", "");
	ck_assert_int_eq(o.failed, 0);
	out_deinit(&o);
}
END_TEST

START_TEST(terminal_escape_controls_esc_del_c1_backslash)
{
	char *r = render(out_str, "ie\x1b[31mx\nA\x7f\\B\xc2\x9b" "C\\x41");

	/* the literal text \x41 at the end must not read as an escape */
	ck_assert_str_eq(r, "ie\\x1b[31mx\\x0aA\\x7f\\B\\xc2\\x9bC\\\\x41");
	free(r);
	r = render(out_str, "\\Sessions\\1\\Windows");
	ck_assert_str_eq(r, "\\Sessions\\1\\Windows");
	free(r);
}
END_TEST

START_TEST(terminal_escape_keeps_utf8_and_escapes_invalid)
{
	char *r = render(out_str, "caf\xc3\xa9 \xe2\x82\xac \xff\xc3 \xc0\xaf \xed\xa0\x80");

	/* é and € pass; a lone 0xff, a cut sequence, an overlong and a
	 * surrogate come out as \xNN per byte */
	ck_assert_str_eq(r, "caf\xc3\xa9 \xe2\x82\xac \\xff\\xc3 \\xc0\\xaf \\xed\\xa0\\x80");
	free(r);
}
END_TEST

START_TEST(ls_escape_truncates_on_whole_escapes)
{
	char buf[8];

	ls_escape("ab\x1b" "cd", buf, sizeof(buf));
	ck_assert_str_eq(buf, "ab\\x1bc");
	ls_escape("abc\x1b", buf, 6);
	ck_assert_str_eq(buf, "abc");   /* "\x1b" does not fit: dropped whole */
	ls_escape(NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(json_string_escapes)
{
	char *r = render(out_json_str, "a\"b\\c\n\x1b\x7f\xc2\x85\t\xff\xc3\xa9");

	ck_assert_str_eq(r, "\"a\\\"b\\\\c\\n\\u001b\\u007f\\u0085\\t\xef\xbf\xbd\xc3\xa9\"");
	free(r);
	r = render(out_json_str, NULL);
	ck_assert_str_eq(r, "null");
	free(r);
}
END_TEST

START_TEST(csv_field_quotes_and_escapes)
{
	char *r = render(out_csv_str, "plain.exe");

	ck_assert_str_eq(r, "plain.exe");
	free(r);
	r = render(out_csv_str, "a,\"b\"");
	ck_assert_str_eq(r, "\"a,\"\"b\"\"\"");
	free(r);
	r = render(out_csv_str, "x\ny\x1b");
	ck_assert_str_eq(r, "x\\x0ay\\x1b");
	free(r);
}
END_TEST

START_TEST(file_sink_writes)
{
	struct out o;
	FILE *fp = tmpfile();
	char buf[64] = "";

	ck_assert_ptr_nonnull(fp);
	out_init_file(&o, fp);
	out_printf(&o, "n=%d ", 7);
	out_str(&o, "\x1b");
	rewind(fp);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
	ck_assert_str_eq(buf, "n=7 \\x1b");
	fclose(fp);
}
END_TEST

START_TEST(numbers_and_sizes)
{
	char b[FMT_NUM_MAX];

	ck_assert_str_eq(fmt_count(0, b, sizeof(b)), "0");
	ck_assert_str_eq(fmt_count(999, b, sizeof(b)), "999");
	ck_assert_str_eq(fmt_count(143428, b, sizeof(b)), "143,428");
	ck_assert_str_eq(fmt_count(1234567, b, sizeof(b)), "1,234,567");
	ck_assert_str_eq(fmt_count(123456, b, sizeof(b)), "123,456");
	ck_assert_str_eq(fmt_count(UINT64_MAX, b, sizeof(b)), "18,446,744,073,709,551,615");
	ck_assert_str_eq(fmt_count(1234567, b, 4), "1,2");   /* truncated, terminated */
	ck_assert_str_eq(fmt_bytes(1023, b, sizeof(b)), "1023 B");
	ck_assert_str_eq(fmt_bytes(2048, b, sizeof(b)), "2.0 KB");
	ck_assert_str_eq(fmt_bytes(192867168, b, sizeof(b)), "183.9 MB");
	ck_assert_str_eq(fmt_kb(65244ULL * 4096, b, sizeof(b)), "260976 Kb");
	ck_assert_str_eq(fmt_percent(65244, 65503, b, sizeof(b)), "99.6%");
	ck_assert_str_eq(fmt_percent(1, 0, b, sizeof(b)), "-");
}
END_TEST

START_TEST(addresses_tags_times)
{
	char b[FMT_TIME_MAX];

	ck_assert_str_eq(fmt_addr(0xffffc50c12345678ULL, b, sizeof(b)), "ffffc50c12345678");
	ck_assert_str_eq(fmt_addr_tick(0xfffff80412345678ULL, b, sizeof(b)), "fffff804`12345678");
	ck_assert_str_eq(fmt_hex(0x1f03ff, b, sizeof(b)), "0x1f03ff");
	ck_assert_str_eq(fmt_hex(0, b, sizeof(b)), "0x0");
	ck_assert_str_eq(fmt_hex(UINT64_MAX, b, sizeof(b)), "0xffffffffffffffff");
	ck_assert_str_eq(fmt_addr(0x1000, b, sizeof(b)), "0000000000001000");
	ck_assert_str_eq(fmt_hex_pad(0x4c, 4, b, sizeof(b)), "004c");
	ck_assert_str_eq(fmt_hex_pad(0x1f0003, 6, b, sizeof(b)), "1f0003");
	ck_assert_str_eq(fmt_hex_pad(0x12345, 4, b, sizeof(b)), "12345");
	ck_assert_str_eq(fmt_hex_pad(0, 0, b, sizeof(b)), "0");
	ck_assert_str_eq(fmt_tag(0x65726854, b, sizeof(b)), "Thre");
	ck_assert_str_eq(fmt_tag(0x00006f4d | (0x1bu << 24), b, sizeof(b)), "Mo ?");
	/* 2026-11-25 00:00:00 UTC = unix 1795564800 */
	ck_assert_str_eq(fmt_filetime(1795564800ULL * 10000000ULL + 116444736000000000ULL,
				      b, sizeof(b)), "2026-11-25 00:00:00");
	ck_assert_str_eq(fmt_filetime(0, b, sizeof(b)), "-");
	/* the seed: 980987 ticks of 15.625 ms = 0:04:15:27.921 */
	ck_assert_str_eq(fmt_tick_age(980987, 0, b, sizeof(b)), "0:04:15:27.921");
	ck_assert_str_eq(fmt_tick_age(980987, 262144000u, b, sizeof(b)), "0:04:15:27.921");
	ck_assert_str_eq(fmt_tick_time(0, 0, b, sizeof(b)), "00:00:00.0000");
	ck_assert_str_eq(fmt_tick_time(80, 0, b, sizeof(b)), "00:00:01.2500");
}
END_TEST

START_TEST(flag_names)
{
	char b[FMT_FLAGS_MAX];

	ck_assert_str_eq(fmt_gflags(0x100, b, sizeof(b)), "FLG_APPLICATION_VERIFIER");
	ck_assert_str_eq(fmt_gflags(0x1100, b, sizeof(b)),
			 "FLG_APPLICATION_VERIFIER | FLG_USER_STACK_TRACE_DB");
	ck_assert_str_eq(fmt_gflags(0, b, sizeof(b)), "none");
	ck_assert_str_eq(fmt_gflags(0x200 | 0x10, b, sizeof(b)),
			 "FLG_HEAP_ENABLE_TAIL_CHECK | 0x200");
	ck_assert_str_eq(fmt_handle_attrs(3, b, sizeof(b)), "Protect | Inherit");
	ck_assert_str_eq(fmt_gflags(0xffffffffu, b, 12), "FLG_STOP_ON");
}
END_TEST

static Suite *out_suite(void)
{
	Suite *s = suite_create("out");
	TCase *tc = tcase_create("escape");
	TCase *tf = tcase_create("format");

	tcase_add_test(tc, buffer_grows_and_stays_terminated);
	tcase_add_test(tc, terminal_escape_controls_esc_del_c1_backslash);
	tcase_add_test(tc, terminal_escape_keeps_utf8_and_escapes_invalid);
	tcase_add_test(tc, ls_escape_truncates_on_whole_escapes);
	tcase_add_test(tc, json_string_escapes);
	tcase_add_test(tc, csv_field_quotes_and_escapes);
	tcase_add_test(tc, file_sink_writes);
	tcase_add_test(tf, numbers_and_sizes);
	tcase_add_test(tf, addresses_tags_times);
	tcase_add_test(tf, flag_names);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tf);
	return s;
}
LS_SUITE(out_suite)
