/* model/win/kread.h — fast kernel-space reads for the reader's hot paths.
 *
 * The reader touches a few hundred thousand pages once each (every ETHREAD,
 * every object header behind a handle). Through dump_read_kv each new page
 * costs a full page-table walk (four physical reads) plus the data read.
 * Here the walk goes through a small cache of whole page-table pages (one
 * PT page serves 2 MiB of consecutive pool) and data pages are kept in a
 * small cache, so a new page costs about one physical read and structures
 * that share a page cost none. Anything this path cannot serve (a table or
 * page not present, not in the dump) is retried through dump_read_kv, so
 * errors read exactly as the dump layer words them.
 */
#ifndef LS_WIN_KREAD_H
#define LS_WIN_KREAD_H

#include <stddef.h>
#include <stdint.h>

#include "../dump.h"
#include "../status.h"

struct win_kread;

/* A reader over the kernel space rooted at dtb; NULL on out of memory. */
struct win_kread *win_kread_create(struct dump *d, uint64_t dtb);
void win_kread_destroy(struct win_kread *k);   /* accepts NULL */

/* Like dump_read_kv(d, va, buf, len, what, err). */
enum ls_status win_kread(struct win_kread *k, uint64_t va, void *buf, size_t len,
			 const char *what, struct ls_err *err);

/* The bytes at va only if every page table and page on the way is stored
 * in place in the dump's mapping (dump_phys_ptr_at); false otherwise, with
 * no fallback and no error text. It writes nothing but this reader's own
 * state, so two readers on one dump may read this way in two threads at
 * once while the dump is not changed. */
bool win_kread_mapped(struct win_kread *k, uint64_t va, void *buf, size_t len);

/* Start loading the cache lines of [va, va + len) where the way there is
 * mapped in place (as win_kread_mapped); a hint, it reads nothing. */
void win_kread_prefetch(struct win_kread *k, uint64_t va, size_t len);

#endif
