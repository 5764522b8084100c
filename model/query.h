/* model/query.h — the groupings the views need, computed once and cached.
 *
 * Each query returns a borrowed array of groups owned by the model's cache
 * (valid until model_destroy). A group names its key and lists the indexes
 * of its members; groups come sorted by count, most first, ties by key.
 * All queries are O(n log n) or better and need model_finish() first.
 */
#ifndef LS_QUERY_H
#define LS_QUERY_H

#include <stdint.h>

#include "tree.h"

struct ls_group {
	uint64_t key;          /* type index, process index, start address, ... */
	const char *label;     /* display text of the key ("Thread", "iexplore.exe") */
	uint32_t count;
	const uint32_t *items; /* member indexes (handles, processes, threads) */
	uint32_t nitems;       /* == count */
	/* per-group extras; meaning depends on the query */
	uint32_t aux[4];
};

struct ls_groups {
	const struct ls_group *groups;
	uint32_t ngroups;
};

/* Handles of process p grouped by object type (key = type index or
 * LS_NONE; items = handle indexes in value order). */
struct ls_groups model_handles_by_type(struct model *m, uint32_t p);

/* Processes holding handles to objects of type t (key = process index;
 * items = that process's handle indexes of type t). */
struct ls_groups model_holders_of_type(struct model *m, uint32_t t);

/* All threads grouped by start address (key = start address; label =
 * symbolized start; items = thread indexes). aux[0] = terminated count,
 * aux[1] = threads held by at least one handle, aux[2] = number of
 * distinct owning processes, aux[3] = handles referring to these threads. */
struct ls_groups model_threads_by_start(struct model *m);

/* Threads of process p grouped by start address, as above. */
struct ls_groups model_process_threads_by_start(struct model *m, uint32_t p);

/* Objects grouped by name (key = index of the first object; label = name;
 * items = object indexes, unnamed objects excluded). aux[0] = total handle
 * references to the group's objects. */
struct ls_groups model_objects_by_name(struct model *m);

/* Pool tag indexes sorted by outstanding bytes, non-paged (paged == 0) or
 * paged (paged == 1), most first. n is the count of the array. */
const uint32_t *model_top_tags(struct model *m, int paged, uint32_t *n);

/* Processes that hold a handle to object o (key = process index; items =
 * handle indexes). */
struct ls_groups model_holders_of_object(struct model *m, uint32_t o);

#endif
