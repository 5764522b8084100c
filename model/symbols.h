/* model/symbols.h — address -> "module!function+0xoff".
 *
 * Symbols come from PE export tables read from memory (kernel modules and a
 * process's DLLs), from System.map / kallsyms on Linux, and from a user's
 * symbol files (--symfile, "module!name address" or nm-style lines).
 * Lookup is a binary search in the model's sorted symbol array after a
 * module lookup by address (kernel modules, then the given process's).
 */
#ifndef LS_SYMBOLS_H
#define LS_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "tree.h"

/* Format addr for process p (LS_NONE = kernel only) into buf:
 *   "mydriver!StatusWaitThread"        exact hit
 *   "mydriver!StatusWaitThread+0x20"   inside a function
 *   "mydriver+0x1128"                  inside a module, no symbol before it
 *   "0xfffff80412345678"               nowhere known
 * The module name is shown without its extension (WinDbg style).
 * Returns buf. */
const char *model_symbolize(const struct model *m, uint64_t addr, uint32_t p,
			    char *buf, size_t len);

/* The module containing addr (kernel, then process p's), or LS_NONE. */
uint32_t model_module_at(const struct model *m, uint64_t addr, uint32_t p);

/* Find a symbol by "module!name" (or "name"); LS_NONE if unknown. */
uint32_t model_symbol_by_name(const struct model *m, const char *qualified);

/* Load a user symbol file: lines "module!name 0xADDR" or nm-style
 * "ADDR T name". Added as symbols of the modules that contain them. */
enum ls_status model_load_symfile(struct model *m, const char *path,
				  struct ls_err *err);

#endif
