/* model/win/fields.c — decoding profile fields from structures read whole. */
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

/* Scalars are assembled byte by byte: the dump is little-endian whatever
 * the host is, and offsets come from the profile (never trusted to be in
 * range, hence the bounds check returning 0). */
uint64_t win_u64(const void *buf, size_t len, int64_t off)
{
	const uint8_t *p = buf;
	uint64_t v = 0;
	int i;

	if (off < 0 || (uint64_t)off + 8 > len)
		return 0;
	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[off + i];
	return v;
}

uint32_t win_u32(const void *buf, size_t len, int64_t off)
{
	const uint8_t *p = buf;

	if (off < 0 || (uint64_t)off + 4 > len)
		return 0;
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 |
	       (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
}

uint16_t win_u16(const void *buf, size_t len, int64_t off)
{
	const uint8_t *p = buf;

	if (off < 0 || (uint64_t)off + 2 > len)
		return 0;
	return (uint16_t)(p[off] | p[off + 1] << 8);
}

/* A field of an embedded structure at base: nested offsets in the profile
 * are already relative to the outer structure, but lists such as
 * HANDLE_TABLE.FreeLists[i] or a CLIENT_ID inside an ETHREAD need one. */
uint64_t win_get_at(const void *buf, size_t len, int64_t base,
		    const struct profile_field *f)
{
	const uint8_t *p = buf;
	int64_t off = base + f->offset;
	size_t size;
	uint64_t v = 0;
	size_t i;

	if (f->offset < 0)
		return 0;
	switch (f->size) {
	case 1: case 2: case 4: case 8:
		size = (size_t)f->size;
		break;
	default:
		size = 8;
	}
	if (off < 0 || (uint64_t)off + size > len)
		return 0;
	for (i = size; i > 0; i--)
		v = (v << 8) | p[off + i - 1];
	/* bitfields (HANDLE_TABLE_ENTRY.Attributes, POOL_HEADER.BlockSize):
	 * the storage unit was read whole, now cut the bits out */
	if (f->bit_position >= 0 && f->bit_length > 0) {
		v >>= f->bit_position;
		if (f->bit_length < 64)
			v &= (1ULL << f->bit_length) - 1;
	}
	return v;
}

uint64_t win_get(const void *buf, size_t len, const struct profile_field *f)
{
	return win_get_at(buf, len, 0, f);
}

int64_t win_field_end(const struct profile_field *f)
{
	if (f->offset < 0)
		return 0;
	return f->offset + (f->size > 0 ? f->size : 8);
}

uint64_t win_sym(const struct win_ctx *c, int64_t rva)
{
	if (rva < 0)
		return 0;
	return c->kbase + (uint64_t)rva;
}

bool win_table_reserve(void **arr, size_t *cap, size_t i, size_t elem, size_t first_cap)
{
	size_t ncap;
	char *n;

	if (i < *cap)
		return true;
	ncap = *cap ? *cap * 2 : first_cap;
	while (ncap <= i)
		ncap *= 2;
	n = realloc(*arr, ncap * elem);
	if (!n)
		return false;
	memset(n + *cap * elem, 0, (ncap - *cap) * elem);
	*arr = n;
	*cap = ncap;
	return true;
}

/* The UNICODE_STRING header comes from the structure already read, so a
 * name costs one read (its buffer) instead of two. Length must be even and
 * no more than MaximumLength; anything else is a damaged string. */
enum ls_status win_ustr(struct win_ctx *c, uint64_t dtb, const void *buf,
			size_t len, int64_t off, char *out, size_t outlen,
			const char *what, struct ls_err *err)
{
	const struct win_layout *L = &c->L;
	uint64_t length = win_get_at(buf, len, off, &L->ustr_length);
	uint64_t maxlen = win_get_at(buf, len, off, &L->ustr_maxlength);
	uint64_t ptr = win_get_at(buf, len, off, &L->ustr_buffer);

	out[0] = '\0';
	if (off < 0 || (uint64_t)off + 16 > len)
		return ls_err_set(err, LS_ERR_INVALID, "%s: outside the structure read", what);
	if (length == 0)
		return LS_OK;
	if (length > maxlen || (length & 1) || !ptr)
		return ls_err_set(err, LS_ERR_CORRUPT,
				  "%s: bad UNICODE_STRING (Length %u, MaximumLength %u, Buffer 0x%llx)",
				  what, (unsigned)length, (unsigned)maxlen,
				  (unsigned long long)ptr);
	return dump_read_utf16(c->d, dtb, ptr, (size_t)length, out, outlen, what, err);
}

/* Hot paths go through kread.c when it could be set up (it needs the
 * kernel DTB); otherwise, and for everything else, the dump layer. */
enum ls_status win_read_kv(struct win_ctx *c, uint64_t va, void *buf, size_t len,
			   const char *what, struct ls_err *err)
{
	if (c->kr)
		return win_kread(c->kr, va, buf, len, what, err);
	return dump_read_kv(c->d, va, buf, len, what, err);
}
