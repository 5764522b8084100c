/* model/tree_internal.h — what tree.c, symbols.c and query.c share and no
 * other module needs: the lookup indexes model_finish() builds, the sort
 * helper they all use, and the hooks that keep indexes right when symbols
 * are added after finish (--symfile).
 */
#ifndef LS_TREE_INTERNAL_H
#define LS_TREE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tree.h"

/* One entry of a sorted lookup array: a key and the record it leads to.
 * Sorted by (key, lo); 16 bytes, so sorts move little memory. */
struct ls_key {
	uint64_t key;
	uint32_t lo;           /* low-order sort key (ties), 0 if unused */
	uint32_t idx;
};

struct model_index {
	struct ls_key *proc_by_addr;   uint32_t nproc_by_addr;
	struct ls_key *proc_by_pid;    uint32_t nproc_by_pid;
	struct ls_key *thread_by_addr; uint32_t nthread_by_addr;
	struct ls_key *obj_by_body;    uint32_t nobj_by_body;
	struct ls_key *obj_by_header;  uint32_t nobj_by_header;
	struct ls_key *tag_by_tag;     uint32_t ntag_by_tag;
	/* kernel modules (process LS_NONE) sit at the end of model.modules */
	uint32_t first_kmodule, nkmodules;
	/* symbols with no module (module LS_NONE) sit at the end of symbols */
	uint32_t first_free_symbol, nfree_symbols;
	/* symbol indexes sorted by name (strcmp), then index */
	uint32_t *sym_by_name;         uint32_t nsym_by_name;
};

/* Sort keys by (key, lo) ascending; stable, so arrays built in idx order
 * get ties by idx (keysort.c). ls_sort_keys_buf uses tmp (n keys) as its
 * work space, ls_sort_keys allocates its own. */
void ls_sort_keys(struct ls_key *k, size_t n);
void ls_sort_keys_buf(struct ls_key *k, size_t n, struct ls_key *tmp);

/* First entry whose key equals key, or LS_NONE; the array is sorted. */
uint32_t ls_key_find(const struct ls_key *k, uint32_t n, uint64_t key);

/* Free the lookups (tree.c). */
void model_index_free(struct model_index *ix);

/* Sort model.symbols by (module, addr), set every module's symbol slice and
 * rebuild the by-name index. Needs modules already in their final order. */
enum ls_status model_index_symbols(struct model *m);

/* Bytes the model uses: records (by count, not by the capacity reserved
 * while growing), string arena chunks, indexes; not the query cache. For
 * `make bench`. */
size_t model_memory(const struct model *m);

/* Refresh labels that depend on symbols (query.c); after a symfile load. */
void model_query_relabel(struct model *m);

/* Free the query cache (query.c). */
void model_query_free(struct model *m);

/* "mydriver" from "mydriver.sys", "nt" for the NT kernel images: the module
 * name as WinDbg shows it, into buf (symbols.c). */
const char *model_module_short_name(const char *name, char *buf, size_t len);

#endif
