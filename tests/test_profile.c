/* tests/test_profile.c — the built-in profile, ISF loading, profile sets
 * and the Windows layout resolved from them. Facts come from the PDBs of
 * the two reference builds (../shared/docs/windows-x64-layouts.md). */
#include <string.h>

#include "../model/profile.h"
#include "../model/win/layout.h"
#include "testutil.h"

/* --- the built-in profile ----------------------------------------------- */

START_TEST(builtin_identity)
{
	const struct profile *p = profile_builtin();

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(profile_guid(p), "06564D3477822C7D97F04852CBD5AFD6");
	ck_assert_uint_eq(profile_age(p), 1);
	ck_assert_str_eq(profile_pdb(p), "ntkrnlmp.pdb");
	ck_assert_ptr_nonnull(strstr(profile_name(p), "built-in"));
	profile_destroy((struct profile *)p); /* a no-op for the built-in */
	ck_assert_str_eq(profile_guid(profile_builtin()),
			 "06564D3477822C7D97F04852CBD5AFD6");
}
END_TEST

START_TEST(builtin_spot_facts)
{
	const struct profile *p = profile_builtin();
	struct profile_field f;
	int64_t v;

	ck_assert_int_eq(profile_offset(p, "_EPROCESS.ObjectTable"), 0x570);
	ck_assert_int_eq(profile_offset(p, "_ETHREAD.Cid"), 0x478);
	ck_assert_int_eq(profile_sizeof(p, "_POOL_TRACKER_TABLE"), 0x38);
	ck_assert_int_eq(profile_sizeof(p, "_EPROCESS"), 0xa40);
	ck_assert(profile_field(p, "_HANDLE_TABLE_ENTRY.GrantedAccessBits", &f));
	ck_assert_int_eq(f.offset, 0x8);
	ck_assert_int_eq(f.bit_position, 0);
	ck_assert_int_eq(f.bit_length, 25);
	ck_assert_int_eq(f.size, 4);
	ck_assert(profile_field(p, "_HANDLE_TABLE_ENTRY.ObjectPointerBits", &f));
	ck_assert_int_eq(f.bit_position, 20);
	ck_assert_int_eq(f.bit_length, 44);
	ck_assert(profile_field(p, "_KTHREAD.ApcState.Process", &f));
	ck_assert_int_eq(f.offset, 0xb8);
	ck_assert_int_eq(f.bit_position, -1);
	ck_assert_int_eq(f.size, 8);
	ck_assert(profile_field(p, "_EPROCESS.ImageFileName", &f));
	ck_assert_int_eq(f.size, 15);
	ck_assert_int_eq(profile_offset(p, "_OBJECT_TYPE.TypeInfo.PoolType"), 0x40 + 0x24);
	ck_assert_int_eq(profile_symbol(p, "ObTypeIndexTable"), 0xcfce60);
	ck_assert(profile_enum(p, "_KTHREAD_STATE", "Terminated", &v));
	ck_assert_int_eq(v, 4);
	ck_assert_int_eq(v, WIN_THREAD_STATE_TERMINATED);
	ck_assert_str_eq(profile_enum_name(p, "_KTHREAD_STATE", 5), "Waiting");
	ck_assert_str_eq(profile_enum_name(p, "_KWAIT_REASON", 22), "WrTerminated");
	ck_assert_str_eq(profile_enum_name(p, "_POOL_TYPE", 0), "NonPagedPool");
	ck_assert_str_eq(profile_enum_name(p, "_POOL_TYPE", 512), "NonPagedPoolNx");
	ck_assert_ptr_null(profile_enum_name(p, "_KTHREAD_STATE", 99));
}
END_TEST

START_TEST(builtin_missing_names)
{
	const struct profile *p = profile_builtin();
	int64_t v;

	ck_assert_int_eq(profile_offset(p, "_EPROCESS.NoSuchField"), -1);
	ck_assert_int_eq(profile_offset(p, "_EPROCESS"), -1);
	ck_assert_int_eq(profile_sizeof(p, "_NO_SUCH_TYPE"), -1);
	ck_assert_int_eq(profile_symbol(p, "NoSuchSymbol"), -1);
	ck_assert(!profile_enum(p, "_KTHREAD_STATE", "Sleeping", &v));
	ck_assert(!profile_field(NULL, "_EPROCESS.ObjectTable", NULL));
}
END_TEST

/* --- the Windows layout -------------------------------------------------- */

START_TEST(builtin_resolves_layout)
{
	struct win_layout l;
	struct ls_err err;
	enum ls_status st;

	st = win_layout_resolve(profile_builtin(), &l, &err);
	ck_assert_ls_ok(st, &err);
	ck_assert_ptr_eq(l.profile, profile_builtin());
	ck_assert_int_eq(l.eproc_object_table.offset, 0x570);
	ck_assert_int_eq(l.ethr_cid.offset, 0x478);
	ck_assert_int_eq(l.hte_access.bit_length, 25);
	ck_assert_int_eq(l.size.pool_tracker, 0x38);
	ck_assert_int_eq(l.size.ethread, 0x898);
	ck_assert_int_eq(l.sym.ObTypeIndexTable, 0xcfce60);
	ck_assert_int_eq(l.kthr_apc_process.offset, 0xb8);
	ck_assert_int_eq(l.opt_header_size[0], 0x20);  /* CREATOR */
	ck_assert_int_eq(l.opt_header_size[7], 0x4);   /* PADDING */
}
END_TEST

/* ObpInfoMaskToOffset facts (isf_facts.py --infomask, both builds). */
START_TEST(opt_header_offsets)
{
	static const struct { uint8_t mask; unsigned bit; int64_t off; } cases[] = {
		{ 0x07, 2, 0x50 }, { 0x0f, 3, 0x70 }, { 0x1f, 4, 0x80 },
		{ 0x3f, 5, 0x90 }, { 0x7f, 6, 0xa0 }, { 0xff, 7, 0xa4 },
		{ 0x0a, 3, 0x40 }, { 0x42, 6, 0x30 }, { 0x48, 6, 0x30 },
		{ 0xc2, 7, 0x34 }, { 0x82, 1, 0x20 }, { 0x48, 3, 0x20 },
		{ 0x01, 0, 0x20 }, { 0x04, 2, 0x10 }, { 0x42, 0, 0 },
		{ 0x00, 1, 0 },
	};
	struct win_layout l;
	struct ls_err err;

	ck_assert_ls_ok(win_layout_resolve(profile_builtin(), &l, &err), &err);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(win_layout_opt_header_offset(&l, cases[i].mask, cases[i].bit)
			      == cases[i].off, "mask 0x%02x bit %u: got 0x%llx, want 0x%llx",
			      cases[i].mask, cases[i].bit,
			      (unsigned long long)win_layout_opt_header_offset(&l, cases[i].mask, cases[i].bit),
			      (unsigned long long)cases[i].off);
}
END_TEST

static Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("builtin");

	tcase_add_test(tc, builtin_identity);
	tcase_add_test(tc, builtin_spot_facts);
	tcase_add_test(tc, builtin_missing_names);
	tcase_add_test(tc, builtin_resolves_layout);
	tcase_add_test(tc, opt_header_offsets);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(profile_suite)
