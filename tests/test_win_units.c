/* tests/test_win_units.c — the Windows reader's building blocks without a
 * dump: the address map and field decoding (bitfields, bounds). */
#include <stdint.h>
#include <string.h>

#include "../model/win/addrmap.h"
#include "../model/win/winctx.h"
#include "testutil.h"

START_TEST(addrmap_keeps_every_key)
{
	struct addrmap am;
	uint64_t base = 0xffffc00012340000ULL, i;

	addrmap_init(&am);
	ck_assert_uint_eq(addrmap_get(&am, base), UINT32_MAX);
	/* aligned kernel addresses sharing their high bits: the worst case */
	for (i = 0; i < 200000; i++)
		ck_assert(addrmap_put(&am, base + i * 0x898, (uint32_t)i));
	ck_assert_uint_eq(am.count, 200000);
	for (i = 0; i < 200000; i++)
		ck_assert_uint_eq(addrmap_get(&am, base + i * 0x898), i);
	ck_assert_uint_eq(addrmap_get(&am, base + 1), UINT32_MAX);
	/* replacing does not add */
	ck_assert(addrmap_put(&am, base, 7));
	ck_assert_uint_eq(addrmap_get(&am, base), 7);
	ck_assert_uint_eq(am.count, 200000);
	/* key 0 is reserved */
	ck_assert(!addrmap_put(&am, 0, 1));
	ck_assert_uint_eq(addrmap_get(&am, 0), UINT32_MAX);
	addrmap_deinit(&am);
}
END_TEST

START_TEST(fields_decode_bitfields_and_bounds)
{
	/* a _HANDLE_TABLE_ENTRY: LowValue with Attributes bits 17..19 and
	 * ObjectPointerBits 20..63; HighValue GrantedAccessBits 0..24 */
	struct profile_field attrs = { 0, 17, 3, 8 };
	struct profile_field access = { 8, 0, 25, 4 };
	struct profile_field whole = { 0, -1, 0, 8 };
	struct profile_field past = { 12, -1, 0, 8 };
	struct profile_field byte = { 9, -1, 0, 1 };
	uint64_t low = 0xffffc0011234567bULL, high = 0x1fffffffULL;
	uint8_t buf[16];

	memcpy(buf, &low, 8);     /* the test host is little-endian x86-64 */
	memcpy(buf + 8, &high, 8);
	ck_assert_uint_eq(win_get(buf, 16, &attrs), (low >> 17) & 7);
	ck_assert_uint_eq(win_get(buf, 16, &access), 0x1ffffff);
	ck_assert_uint_eq(win_get(buf, 16, &whole), low);
	ck_assert_uint_eq(win_get(buf, 16, &past), 0);          /* outside the read */
	ck_assert_uint_eq(win_get(buf, 16, &byte), 0xff);
	ck_assert_uint_eq(win_get_at(buf, 16, 8, &whole), high);
	ck_assert_uint_eq(win_u32(buf, 16, 14), 0);             /* straddles the end */
	/* the kernel's header decoding: arithmetic shift, low 4 bits cleared */
	ck_assert_uint_eq((uint64_t)((int64_t)low >> 16) & ~0xFULL, 0xffffffffc0011230ULL);
}
END_TEST

static Suite *win_units_suite(void)
{
	Suite *s = suite_create("win_units");
	TCase *tc = tcase_create("units");

	tcase_add_test(tc, addrmap_keeps_every_key);
	tcase_add_test(tc, fields_decode_bitfields_and_bounds);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(win_units_suite)
