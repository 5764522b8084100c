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

/* Fill m (not finished) from d. */
enum ls_status win_read(struct dump *d, const struct load_options *o,
			struct model *m, struct ls_err *err);

#endif
