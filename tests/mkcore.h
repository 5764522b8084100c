/* tests/mkcore.h — a small ELF64 core builder for tests.
 *
 * Holds a sparse set of 4 KiB physical pages and x86-64 4-level page
 * tables over them (4 KiB, 2 MiB and 1 GiB mappings), then writes an
 * ET_CORE / EM_X86_64 file: notes in a PT_NOTE, one page-aligned PT_LOAD
 * per run of stored pages, program headers sorted by p_paddr, segment data optionally laid
 * out in the file in reverse order. Pages never touched are holes. Aborts
 * on misuse or I/O errors (it is test code).
 */
#ifndef LS_TEST_MKCORE_H
#define LS_TEST_MKCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MKCORE_4K (UINT64_C(1) << 12)
#define MKCORE_2M (UINT64_C(1) << 21)
#define MKCORE_1G (UINT64_C(1) << 30)

struct mkcore;

/* Page tables are allocated upward from table_base (page aligned). */
struct mkcore *mkcore_new(uint64_t table_base);
void mkcore_free(struct mkcore *c);

/* The stored page holding pa, zero-filled on first use. */
uint8_t *mkcore_page(struct mkcore *c, uint64_t pa);
bool mkcore_has_page(const struct mkcore *c, uint64_t pa);
void mkcore_write(struct mkcore *c, uint64_t pa, const void *buf, size_t len);
void mkcore_write_u64(struct mkcore *c, uint64_t pa, uint64_t v);
/* 0 if the page is not stored. */
uint64_t mkcore_read_u64(const struct mkcore *c, uint64_t pa);

/* A fresh zeroed page from the table pool; a new PML4 is a new DTB. */
uint64_t mkcore_alloc_page(struct mkcore *c);

/* Map va -> pa (size MKCORE_4K, _2M or _1G, both aligned to it) in the
 * space rooted at dtb, creating missing tables. */
void mkcore_map(struct mkcore *c, uint64_t dtb, uint64_t va, uint64_t pa,
		uint64_t size);
/* Physical address of the entry for va at level 0..3 (PML4E, PDPTE, PDE,
 * PTE); 0 if a table above it is missing. */
uint64_t mkcore_entry_pa(const struct mkcore *c, uint64_t dtb, uint64_t va,
			 int level);
/* Write through the mapping of va (must be mapped); stores the pages. */
void mkcore_write_va(struct mkcore *c, uint64_t dtb, uint64_t va,
		     const void *buf, size_t len);

/* Read back through the mapping of va (must be mapped); bytes of pages
 * not stored read as 0. What a dump reader must return. */
void mkcore_read_va(const struct mkcore *c, uint64_t dtb, uint64_t va,
		    void *buf, size_t len);

/* Add an ELF note (e.g. name "VMCOREINFO", type 0, the text as desc);
 * notes go into one PT_NOTE, the first program header. */
void mkcore_add_note(struct mkcore *c, const char *name, uint32_t type,
		     const void *desc, size_t len);

/* Write the core. reverse_data puts the last segment's data first. */
void mkcore_save(const struct mkcore *c, const char *path, bool reverse_data);

#endif
