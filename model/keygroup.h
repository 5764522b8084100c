/* model/keygroup.h — members grouped by an integer key in linear time.
 *
 * The groupings the views ask for (threads by start address, handles by
 * type, holders by process) have few distinct keys over many members. A
 * sort of 1.2 million (key, member) pairs walks arrays bigger than the
 * cache several times; numbering the distinct keys in a small hash table
 * and placing each member in its group's run takes two passes, and the
 * table stays in the cache. Members keep their order inside a group.
 */
#ifndef LS_KEYGROUP_H
#define LS_KEYGROUP_H

#include <stdbool.h>
#include <stdint.h>

struct keygroup {
	uint32_t ngroups;
	uint64_t *key;        /* [ngroups] in order of first appearance */
	uint32_t *first;      /* [ngroups + 1] run starts in items */
	uint32_t *items;      /* [n] members, group after group */
};

/* Group members[0..n) by key(ctx, member). False on out of memory (g
 * is then empty). */
bool keygroup_build(struct keygroup *g, uint64_t (*key)(const void *ctx, uint32_t member),
		    const void *ctx, const uint32_t *members, uint32_t n);
void keygroup_free(struct keygroup *g);   /* accepts an empty one */

#endif
