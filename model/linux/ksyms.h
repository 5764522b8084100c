/* model/linux/ksyms.h — what the Linux reader knows before reading
 * structures: the VMCOREINFO text of the dump and the kernel's symbols
 * (System.map shifted by KERNELOFFSET, else the kernel's kallsyms read from
 * the dump, else VMCOREINFO's SYMBOL() lines).
 */
#ifndef LS_LX_KSYMS_H
#define LS_LX_KSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../status.h"

/* The VMCOREINFO note: "KEY=value" lines. */
struct lx_vmcoreinfo {
	char *text;            /* malloc'd, NUL-terminated */
};

/* Fetch VMCOREINFO through libkdumpfile (ctx = dump_kdump_ctx()). */
enum ls_status lx_vmcoreinfo_get(void *kdump_ctx, struct lx_vmcoreinfo *ret,
				 struct ls_err *err);
void lx_vmcoreinfo_free(struct lx_vmcoreinfo *v);
/* The value of KEY (e.g. "OSRELEASE", "SYMBOL(init_uts_ns)") into out;
 * false if absent. */
bool lx_vmci_str(const struct lx_vmcoreinfo *v, const char *key, char *out,
		 size_t outlen);
/* A number: base 16 for SYMBOL(), KERNELOFFSET, phys_base-less keys;
 * NUMBER() values are decimal (and may be negative). */
bool lx_vmci_num(const struct lx_vmcoreinfo *v, const char *key, int base,
		 uint64_t *ret);

struct lx_ksym {
	uint64_t addr;         /* run-time address (KERNELOFFSET applied) */
	const char *name;
	char type;             /* System.map letter ('T', 't', 'D', ...) */
};

struct lx_ksyms {
	struct lx_ksym *syms;  /* sorted by name */
	size_t n;
	char *strings;         /* backing store of the names */
	uint64_t offset;       /* KERNELOFFSET applied */
	bool from_map;         /* System.map (else VMCOREINFO only) */
};

/* Parse a System.map; every address gets + offset. */
enum ls_status lx_ksyms_load_map(const char *path, uint64_t offset,
				 struct lx_ksyms *ret, struct ls_err *err);
/* The SYMBOL(name)=hex lines of VMCOREINFO (already relocated). */
enum ls_status lx_ksyms_from_vmcoreinfo(const struct lx_vmcoreinfo *v,
					struct lx_ksyms *ret,
					struct ls_err *err);
/* The kernel's kallsyms tables read out of the dump (kallsyms.c); needs
 * the kernel page tables set. */
struct dump;
enum ls_status lx_ksyms_from_kallsyms(struct dump *d,
				      const struct lx_vmcoreinfo *v,
				      struct lx_ksyms *ret, struct ls_err *err);
void lx_ksyms_free(struct lx_ksyms *k);
/* Address of name, 0 if unknown. */
uint64_t lx_ksym(const struct lx_ksyms *k, const char *name);

#endif
