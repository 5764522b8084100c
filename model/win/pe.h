/* model/win/pe.h — PE images in memory: the CodeView (RSDS) record that
 * names a kernel's PDB, and the export table that gives module symbols.
 *
 * Images are read as mapped (RVA = offset from the base) in the address
 * space rooted at dtb (0 = kernel). Every count and RVA from the image is
 * checked against SizeOfImage and fixed bounds: images are untrusted input.
 */
#ifndef LS_WIN_PE_H
#define LS_WIN_PE_H

#include <stdint.h>

#include "../dump.h"
#include "../status.h"

struct pe_codeview {
	char guid[40];          /* 32 upper-case hex digits */
	uint32_t age;
	char pdb[128];          /* "ntkrnlmp.pdb" (as stored, may hold a path) */
};

/* The image's size from its optional header (also validates MZ/PE, AMD64). */
enum ls_status pe_image_size(struct dump *d, uint64_t dtb, uint64_t base,
			     uint32_t *ret, struct ls_err *err);

/* The first CodeView RSDS record of the debug directory. */
enum ls_status pe_read_codeview(struct dump *d, uint64_t dtb, uint64_t base,
				struct pe_codeview *ret, struct ls_err *err);

/* Called for each named, non-forwarded export. */
typedef void (*pe_export_fn)(void *arg, const char *name, uint64_t addr);

/* Enumerate the export table; returns the number of exports reported in
 * *count. Size 0 means "take SizeOfImage from the header". */
enum ls_status pe_read_exports(struct dump *d, uint64_t dtb, uint64_t base,
			       uint64_t size, pe_export_fn fn, void *arg,
			       uint32_t *count, struct ls_err *err);

#endif
