/* model/win/reader.h — the Windows x64 reader: from dump bytes to the model.
 *
 * Discovery (DTB by the self-map PML4 entry, kernel base by the ntoskrnl
 * image and its RSDS CodeView record, profile by PDB GUID+age), then
 * processes, threads, handle tables, objects and types, names and the
 * object directory, pool tracker tables, the memory summary, kernel
 * modules and process DLLs with their exports, PEBs and handle traces.
 */
#ifndef LS_WIN_READER_H
#define LS_WIN_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "../dump.h"
#include "../load.h"
#include "../tree.h"

/* True if the dump looks like Windows x64 (a self-mapping PML4 exists). */
bool win_probe(struct dump *d);

/* What phase one of the read keeps for phase two (opaque). */
struct win_load;

/* Phase one: fill m (not finished) with what the first screen shows:
 * facts, types, processes (without threads, handles, PEB), pool tags and
 * the memory summary. On LS_OK *ret holds the state for win_read_rest. */
enum ls_status win_read_begin(struct dump *d, const struct load_options *o,
			      struct model *m, struct win_load **ret, struct ls_err *err);
/* Phase two: add the rest (directories, kernel modules, threads, PEBs,
 * handle tables, objects, DLLs, traces); frees w. m may have been
 * finished in between: records are added again, finish it once more. */
void win_read_rest(struct win_load *w);
/* Free w without reading the rest (NULL is fine). */
void win_read_drop(struct win_load *w);

/* Both phases in one call: fill m (not finished) from d. */
enum ls_status win_read(struct dump *d, const struct load_options *o,
			struct model *m, struct ls_err *err);

#endif
