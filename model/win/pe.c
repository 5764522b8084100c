/* model/win/pe.c — PE headers, CodeView record and export table. */
#include "pe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

#define PE_HEADER_READ      0x1000
#define PE_MACHINE_AMD64    0x8664
#define PE_MAGIC_PE32PLUS   0x20b
#define PE_DIR_EXPORT       0
#define PE_DIR_DEBUG        6
#define PE_DEBUG_CODEVIEW   2
#define PE_DEBUG_ENTRY_SIZE 28
#define PE_MAX_DEBUG_ENTRIES 32
#define PE_MAX_EXPORT_BLOB  (16u << 20)
#define PE_NAME_MAX         256

/* What the reader needs of an image's headers: its size (every RVA is
 * checked against it) and the data directories (exports, debug). */
struct pe_headers {
	uint32_t size_of_image;
	uint32_t dir_rva[16];
	uint32_t dir_size[16];
};

/* DOS header -> e_lfanew -> "PE\0\0", AMD64 machine, PE32+ optional
 * header. All of it lies in the first page, read once; e_lfanew is bounded
 * so the optional header and its 16 directories fit in that page. */
static enum ls_status read_headers(struct dump *d, uint64_t dtb, uint64_t base,
				   struct pe_headers *h, struct ls_err *err)
{
	uint8_t buf[PE_HEADER_READ];
	uint32_t lfanew, ndirs, i;
	uint64_t opt;
	enum ls_status st;

	st = dump_read_va(d, dtb, base, buf, sizeof(buf), "PE header", err);
	if (st != LS_OK)
		return st;
	if (buf[0] != 'M' || buf[1] != 'Z')
		return ls_err_set(err, LS_ERR_FORMAT, "no MZ image at 0x%llx",
				  (unsigned long long)base);
	lfanew = win_u32(buf, sizeof(buf), 0x3c);
	if (lfanew < 0x40 || lfanew > PE_HEADER_READ - 0x108 ||
	    memcmp(buf + lfanew, "PE\0\0", 4) != 0)
		return ls_err_set(err, LS_ERR_FORMAT, "no PE header in the image at 0x%llx",
				  (unsigned long long)base);
	if (win_u16(buf, sizeof(buf), lfanew + 4) != PE_MACHINE_AMD64)
		return ls_err_set(err, LS_ERR_FORMAT, "image at 0x%llx is not AMD64",
				  (unsigned long long)base);
	opt = lfanew + 24;
	if (win_u16(buf, sizeof(buf), opt) != PE_MAGIC_PE32PLUS)
		return ls_err_set(err, LS_ERR_FORMAT, "image at 0x%llx is not PE32+",
				  (unsigned long long)base);
	memset(h, 0, sizeof(*h));
	h->size_of_image = win_u32(buf, sizeof(buf), opt + 56);
	ndirs = win_u32(buf, sizeof(buf), opt + 108);
	if (ndirs > 16)
		ndirs = 16;
	for (i = 0; i < ndirs; i++) {
		h->dir_rva[i] = win_u32(buf, sizeof(buf), opt + 112 + i * 8);
		h->dir_size[i] = win_u32(buf, sizeof(buf), opt + 116 + i * 8);
	}
	return LS_OK;
}

enum ls_status pe_image_size(struct dump *d, uint64_t dtb, uint64_t base,
			     uint32_t *ret, struct ls_err *err)
{
	struct pe_headers h;
	enum ls_status st = read_headers(d, dtb, base, &h, err);

	if (st == LS_OK)
		*ret = h.size_of_image;
	return st;
}

/* The debug directory is an array of IMAGE_DEBUG_DIRECTORY (28 bytes:
 * Type at +12, SizeOfData at +16, AddressOfRawData at +20); the CodeView
 * entry's data is "RSDS", the PDB GUID, the age and the PDB path. The GUID
 * is printed as the symbol servers spell it: Data1-3 as numbers, Data4 as
 * bytes, no dashes. */
enum ls_status pe_read_codeview(struct dump *d, uint64_t dtb, uint64_t base,
				struct pe_codeview *ret, struct ls_err *err)
{
	uint8_t dir[PE_MAX_DEBUG_ENTRIES * PE_DEBUG_ENTRY_SIZE];
	uint8_t rec[24 + sizeof(ret->pdb)];
	struct pe_headers h;
	uint32_t n, i, j, rva, size;
	enum ls_status st;

	st = read_headers(d, dtb, base, &h, err);
	if (st != LS_OK)
		return st;
	n = h.dir_size[PE_DIR_DEBUG] / PE_DEBUG_ENTRY_SIZE;
	if (n > PE_MAX_DEBUG_ENTRIES)
		n = PE_MAX_DEBUG_ENTRIES;
	if (!n || h.dir_rva[PE_DIR_DEBUG] >= h.size_of_image)
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "image at 0x%llx has no debug directory",
				  (unsigned long long)base);
	st = dump_read_va(d, dtb, base + h.dir_rva[PE_DIR_DEBUG], dir,
			  n * PE_DEBUG_ENTRY_SIZE, "debug directory", err);
	if (st != LS_OK)
		return st;
	for (i = 0; i < n; i++) {
		const uint8_t *e = dir + i * PE_DEBUG_ENTRY_SIZE;

		if (win_u32(e, PE_DEBUG_ENTRY_SIZE, 12) != PE_DEBUG_CODEVIEW)
			continue;
		size = win_u32(e, PE_DEBUG_ENTRY_SIZE, 16);
		rva = win_u32(e, PE_DEBUG_ENTRY_SIZE, 20);
		if (size < 24 || rva >= h.size_of_image)
			continue;
		if (size > sizeof(rec))
			size = sizeof(rec);
		st = dump_read_va(d, dtb, base + rva, rec, size,
				  "CodeView record", err);
		if (st != LS_OK)
			return st;
		if (memcmp(rec, "RSDS", 4) != 0)
			continue;
		/* GUID: Data1 (u32), Data2 (u16), Data3 (u16), Data4[8] */
		snprintf(ret->guid, sizeof(ret->guid), "%08X%04X%04X",
			 win_u32(rec, size, 4), win_u16(rec, size, 8),
			 win_u16(rec, size, 10));
		for (j = 0; j < 8; j++)
			snprintf(ret->guid + 16 + j * 2, 3, "%02X", rec[12 + j]);
		ret->age = win_u32(rec, size, 20);
		for (j = 0; j + 24 < size && j + 1 < sizeof(ret->pdb) && rec[24 + j]; j++)
			ret->pdb[j] = (char)rec[24 + j];
		ret->pdb[j] = '\0';
		return LS_OK;
	}
	return ls_err_set(err, LS_ERR_NOTFOUND,
			  "image at 0x%llx has no RSDS CodeView record",
			  (unsigned long long)base);
}

/* The export directory's data, read once; pieces outside it are read on
 * their own. */
struct export_src {
	struct dump *d;
	uint64_t dtb, base;
	uint8_t *blob;
	uint32_t blob_rva, blob_len;
};

static enum ls_status export_bytes(struct export_src *s, uint32_t rva, void *out,
				   uint32_t len, const char *what, struct ls_err *err)
{
	if (s->blob && rva >= s->blob_rva &&
	    (uint64_t)rva + len <= (uint64_t)s->blob_rva + s->blob_len) {
		memcpy(out, s->blob + (rva - s->blob_rva), len);
		return LS_OK;
	}
	return dump_read_va(s->d, s->dtb, s->base + rva, out, len, what, err);
}

static enum ls_status export_name(struct export_src *s, uint32_t rva, char *out,
				  size_t outlen, struct ls_err *err)
{
	if (s->blob && rva >= s->blob_rva && rva < s->blob_rva + s->blob_len) {
		const char *p = (const char *)s->blob + (rva - s->blob_rva);
		size_t avail = s->blob_rva + s->blob_len - rva;
		size_t n = strnlen(p, avail < outlen - 1 ? avail : outlen - 1);

		memcpy(out, p, n);
		out[n] = '\0';
		return LS_OK;
	}
	return dump_read_cstring(s->d, s->dtb, s->base + rva, outlen - 1, out,
				 outlen, "export name", err);
}

/* IMAGE_EXPORT_DIRECTORY: NumberOfFunctions at +20, NumberOfNames at +24,
 * then the RVAs of the function table (+28), the name table (+32) and the
 * name-ordinal table (+36). Name i names function ords[i]. The directory's
 * data (which holds the tables and the name strings in images made by
 * the usual linkers) is read in one go; pieces outside it, or all of it
 * when a page is missing, are read one by one. */
enum ls_status pe_read_exports(struct dump *d, uint64_t dtb, uint64_t base,
			       uint64_t size, pe_export_fn fn, void *arg,
			       uint32_t *count, struct ls_err *err)
{
	struct export_src s = { .d = d, .dtb = dtb, .base = base };
	uint8_t dir[40];
	uint32_t *funcs = NULL, *names = NULL;
	uint16_t *ords = NULL;
	uint32_t nfuncs, nnames, i, reported = 0;
	struct pe_headers h;
	char name[PE_NAME_MAX];
	enum ls_status st;

	*count = 0;
	st = read_headers(d, dtb, base, &h, err);
	if (st != LS_OK)
		return st;
	if (!size || size > h.size_of_image)
		size = h.size_of_image;
	if (!h.dir_rva[PE_DIR_EXPORT] || !h.dir_size[PE_DIR_EXPORT])
		return LS_OK;   /* no exports: nothing to report */
	if ((uint64_t)h.dir_rva[PE_DIR_EXPORT] + 40 > size)
		return ls_err_set(err, LS_ERR_CORRUPT,
				  "export directory RVA 0x%x outside the image",
				  h.dir_rva[PE_DIR_EXPORT]);
	s.blob_rva = h.dir_rva[PE_DIR_EXPORT];
	s.blob_len = h.dir_size[PE_DIR_EXPORT];
	if ((uint64_t)s.blob_rva + s.blob_len > size)
		s.blob_len = (uint32_t)(size - s.blob_rva);
	if (s.blob_len > PE_MAX_EXPORT_BLOB)
		s.blob_len = PE_MAX_EXPORT_BLOB;
	s.blob = malloc(s.blob_len);
	if (s.blob && dump_read_va(d, dtb, base + s.blob_rva, s.blob, s.blob_len,
				   "export directory", err) != LS_OK) {
		free(s.blob);   /* holes: fall back to piecewise reads */
		s.blob = NULL;
	}
	st = export_bytes(&s, h.dir_rva[PE_DIR_EXPORT], dir, sizeof(dir),
			  "export directory", err);
	if (st != LS_OK)
		goto out;
	nfuncs = win_u32(dir, sizeof(dir), 20);
	nnames = win_u32(dir, sizeof(dir), 24);
	if (nfuncs > WIN_MAX_EXPORTS || nnames > WIN_MAX_EXPORTS) {
		st = ls_err_set(err, LS_ERR_CORRUPT,
				"export table claims %u functions, %u names",
				nfuncs, nnames);
		goto out;
	}
	funcs = malloc((size_t)nfuncs * 4 + 4);
	names = malloc((size_t)nnames * 4 + 4);
	ords = malloc((size_t)nnames * 2 + 2);
	if (!funcs || !names || !ords) {
		st = ls_err_set(err, LS_ERR_NOMEM, "export table: out of memory");
		goto out;
	}
	if ((st = export_bytes(&s, win_u32(dir, 40, 28), funcs, nfuncs * 4,
			       "export functions", err)) != LS_OK ||
	    (st = export_bytes(&s, win_u32(dir, 40, 32), names, nnames * 4,
			       "export names", err)) != LS_OK ||
	    (st = export_bytes(&s, win_u32(dir, 40, 36), ords, nnames * 2,
			       "export ordinals", err)) != LS_OK)
		goto out;
	for (i = 0; i < nnames; i++) {
		uint16_t ord = win_u16(&ords[i], 2, 0);
		uint32_t nrva = win_u32(&names[i], 4, 0), frva;

		if (ord >= nfuncs || nrva >= size)
			continue;
		frva = win_u32(&funcs[ord], 4, 0);
		if (!frva || frva >= size)
			continue;
		/* forwarder strings live inside the export directory */
		if (frva >= h.dir_rva[PE_DIR_EXPORT] &&
		    frva < h.dir_rva[PE_DIR_EXPORT] + h.dir_size[PE_DIR_EXPORT])
			continue;
		if (export_name(&s, nrva, name, sizeof(name), err) != LS_OK || !name[0])
			continue;
		fn(arg, name, base + frva);
		reported++;
	}
	*count = reported;
	st = LS_OK;
out:
	free(s.blob);
	free(funcs);
	free(names);
	free(ords);
	return st;
}
