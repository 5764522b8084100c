/* model/dump.h — reading memory out of a dump file through libkdumpfile.
 *
 * Owns the libkdumpfile context, the physical ranges the file holds, and the
 * translation of virtual addresses: the kernel address space (once a kernel
 * DTB is known) and any other address space given by its DirectoryTableBase
 * (a process's), walked with addrxlat. The file is opened read-only.
 *
 * Every read names what it reads ("what", e.g. "EPROCESS") so an error reads
 * "reading EPROCESS at 0xffff...: page not in the dump". Statuses:
 *   LS_ERR_NODATA   the page is not stored in the dump (holes are normal)
 *   LS_ERR_INVALID  the address cannot be translated (non-canonical, or a
 *                   page-table entry is not present)
 *   LS_ERR_CORRUPT  the file itself is damaged
 * Reads are whole: on success all len bytes were read. Read whole structures
 * in one call and decode fields from the buffer; calls cost ~100 ns each.
 */
#ifndef LS_DUMP_H
#define LS_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct dump;

/* A run of physical memory the dump holds. */
struct dump_range {
	uint64_t start;
	uint64_t size;
};

struct dump_info {
	char format[48];        /* libkdumpfile's file.format ("elf", "diskdump") */
	char arch[24];          /* "x86_64", or "unknown" */
	char os[24];            /* libkdumpfile's ostype ("linux", "windows", "") */
	uint32_t page_size;
	size_t nranges;
	const struct dump_range *ranges;  /* sorted by start, merged */
	uint64_t phys_bytes;    /* sum of range sizes */
	uint64_t phys_end;      /* end of the highest range */
	uint64_t truncated_at;  /* a truncated ELF core: the file's size (its
				 * segments say more; pages past the cut read
				 * as LS_ERR_NODATA); 0 if whole */
	char truncated_why[160];  /* what the headers promise, for a warning */
};

/* Open path read-only. On failure *ret is untouched and err says why in one
 * line ("FILE: not a dump libkdumpfile can read (...)"). */
enum ls_status dump_open(const char *path, struct dump **ret,
			 struct ls_err *err);
/* Accepts NULL. */
void dump_destroy(struct dump *d);

const struct dump_info *dump_info(const struct dump *d);

/* The libkdumpfile context, for readers that need attributes (Linux:
 * VMCOREINFO). Borrowed; valid until dump_destroy. */
void *dump_kdump_ctx(struct dump *d);

/* Physical (machine) address reads. */
enum ls_status dump_read_phys(struct dump *d, uint64_t pa, void *buf,
			      size_t len, const char *what, struct ls_err *err);

/* The bytes at physical [pa, pa + len) in place, when the dump stores
 * them uncompressed in one piece (an ELF core's segment), else NULL: then
 * use dump_read_phys. Valid until dump_destroy. For hot paths that would
 * only copy the bytes (model/win/kread.c). */
const uint8_t *dump_phys_ptr(struct dump *d, uint64_t pa, size_t len);

/* Where a reader's last in-place lookup landed (zero it to start). With
 * a cursor of its own, dump_phys_ptr_at only reads the dump's tables, so
 * threads may look up in parallel; nothing else here is thread-safe. */
struct dump_cursor {
	size_t range, seg;
};
const uint8_t *dump_phys_ptr_at(const struct dump *d, struct dump_cursor *cur,
				uint64_t pa, size_t len);

/* True if the page holding pa is stored in the dump. */
bool dump_phys_present(struct dump *d, uint64_t pa);

/* Set the kernel address space: x86-64 4-level paging rooted at dtb (a
 * physical address; low 12 bits are ignored). */
enum ls_status dump_set_kernel_dtb(struct dump *d, uint64_t dtb,
				   struct ls_err *err);
uint64_t dump_kernel_dtb(const struct dump *d);

/* Kernel-virtual reads (needs dump_set_kernel_dtb first). */
enum ls_status dump_read_kv(struct dump *d, uint64_t va, void *buf,
			    size_t len, const char *what, struct ls_err *err);

/* Reads in the address space rooted at dtb (e.g. a process's
 * DirectoryTableBase); dtb == 0 means the kernel space. */
enum ls_status dump_read_va(struct dump *d, uint64_t dtb, uint64_t va,
			    void *buf, size_t len, const char *what,
			    struct ls_err *err);

/* Translate va in the space rooted at dtb (0 = kernel) to a physical
 * address. */
enum ls_status dump_translate(struct dump *d, uint64_t dtb, uint64_t va,
			      uint64_t *ret, struct ls_err *err);

/* Little-endian scalars in the kernel space (dtb 0) or another space. */
enum ls_status dump_read_u64(struct dump *d, uint64_t dtb, uint64_t va,
			     uint64_t *ret, const char *what, struct ls_err *err);
enum ls_status dump_read_u32(struct dump *d, uint64_t dtb, uint64_t va,
			     uint32_t *ret, const char *what, struct ls_err *err);

/* A UTF-16LE buffer of nbytes at va, converted to UTF-8 into out (always
 * NUL-terminated, truncated to outlen-1 bytes on a character boundary).
 * Unpaired surrogates become U+FFFD. nbytes is capped at 64 KiB. */
enum ls_status dump_read_utf16(struct dump *d, uint64_t dtb, uint64_t va,
			       size_t nbytes, char *out, size_t outlen,
			       const char *what, struct ls_err *err);

/* A _UNICODE_STRING (Length u16 at +0, Buffer pointer at +8) at va: reads
 * the 16-byte header, checks Length <= MaximumLength and evenness, then the
 * buffer. */
enum ls_status dump_read_unicode_string(struct dump *d, uint64_t dtb,
					uint64_t va, char *out, size_t outlen,
					const char *what, struct ls_err *err);

/* A NUL-terminated ASCII/UTF-8 string of at most maxlen bytes at va. */
enum ls_status dump_read_cstring(struct dump *d, uint64_t dtb, uint64_t va,
				 size_t maxlen, char *out, size_t outlen,
				 const char *what, struct ls_err *err);

/* Canonical x86-64 address (bits 63..48 copy bit 47). */
static inline bool dump_va_canonical(uint64_t va)
{
	uint64_t top = va >> 47;
	return top == 0 || top == 0x1ffff;
}

#endif
