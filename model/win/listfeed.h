/* model/win/listfeed.h — the elements of one long kernel list, read
 * ahead of the walk on a second core.
 *
 * Walking a process's ~300 000 ETHREADs is latency-bound: each step waits
 * for the page holding the next element (on first touch of the mapped
 * dump, a page fault; then TLB and cache misses) before it knows where
 * the step after it is. A feed runs that chase in a helper thread with a
 * kernel reader of its own and hands the elements to the walk through a
 * ring, their bytes copied by whichever side has time, so the walk's own
 * work (decoding, records, indexes) overlaps the reads instead of
 * following them.
 *
 * A feed is a cache, never the source of truth: the walk still follows
 * its own links and asks the feed for the element it expects, and takes
 * nothing else. Anything the helper cannot read in place (a page not in
 * the mapping, a bad or non-canonical link, the bound reached) ends the
 * feed; the walk reads from there on itself, with its own checks,
 * warnings and errors. No feed runs with one CPU, on a dump that is not
 * mapped (compressed formats), or with LEAKSCOPE_SERIAL=1 in the
 * environment (one core, as before; a comparison point).
 */
#ifndef LS_WIN_LISTFEED_H
#define LS_WIN_LISTFEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../dump.h"

struct list_feed;

struct list_feed_spec {
	uint64_t dtb;          /* the kernel's address space */
	uint64_t head;         /* the list head: the chase ends there */
	uint64_t link;         /* the first link to follow (head's Flink) */
	int64_t entry_off;     /* LIST_ENTRY offset inside the element */
	size_t below;          /* bytes read below the element (its headers) */
	size_t len;            /* bytes read from the element on */
	uint32_t max;          /* elements at most */
};

/* A running feed, or NULL when none would help or can run (see above). */
struct list_feed *list_feed_start(struct dump *d, const struct list_feed_spec *s);

/* If the feed's next element is the one at elem, copy its bytes
 * [elem - below, elem + len) into buf and return true. Otherwise false,
 * and the feed is stopped for good: read the element yourself. May wait
 * for the helper; never longer than its next read. */
bool list_feed_take(struct list_feed *f, uint64_t elem, uint8_t *buf);

/* Stop the helper and free the feed; accepts NULL. */
void list_feed_stop(struct list_feed *f);

#endif
