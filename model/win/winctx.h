/* model/win/winctx.h — the state the Windows reader's stages share.
 *
 * win_read() (reader.c) creates one struct win_ctx and runs the stages in
 * order: discovery (discover.c), object types and the directory tree
 * (objects.c), kernel modules (modules.c), processes (processes.c) and for
 * each process its threads (threads.c), PEB and DLLs (peb.c, modules.c),
 * handle table (handles.c) and handle traces (traces.c); then the pool
 * tracker (pool.c) and the memory summary (memsum.c). Each stage reads
 * through the dump, adds records to the model and turns every failed read
 * into a model warning; only discovery can fail the whole read.
 *
 * Internal to model/win/.
 */
#ifndef LS_WIN_CTX_H
#define LS_WIN_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../dump.h"
#include "../load.h"
#include "../profile.h"
#include "../tree.h"
#include "addrmap.h"
#include "kread.h"
#include "layout.h"

/* Bounds on what a dump can plausibly hold (untrusted input). */
#define WIN_MAX_PROCESSES     (1u << 20)
#define WIN_MAX_THREADS_LIST  (1u << 24)   /* per list walk */
#define WIN_MAX_MODULES       4096
#define WIN_MAX_EXPORTS       65536
#define WIN_MAX_DIR_DEPTH     16
#define WIN_MAX_DIR_ENTRIES   (1u << 20)
#define WIN_MAX_TRACE_RECORDS (1u << 20)
#define WIN_MAX_FREE_LISTS    4096
#define WIN_PAGE_SIZE         4096u
#define WIN_RESERVE_MAX       (1u << 21)   /* index pre-sizing from counts */

/* An object header decoded without its name: enough to make the object
 * record later without reading it again (thread objects, whose headers sit
 * just below the ETHREAD read anyway). */
struct win_header_info {
	int64_t pointer_count, handle_count;
	uint64_t creator_pid;
	uint8_t type_index;      /* decoded with ObHeaderCookie */
	uint8_t info_mask;
	bool valid;              /* false: read the header the normal way */
};

/* Per thread record, what only the reader needs (list links for the kernel
 * list walk and the visited marks for cycle detection). */
struct win_thread_aux {
	uint64_t kernel_flink;   /* KTHREAD.ThreadListEntry.Flink */
	uint64_t exec_flink;     /* ETHREAD.ThreadListEntry.Flink */
	uint8_t seen;            /* LS_FOUND_LIST / LS_FOUND_ACTIVE_LIST walked */
	struct win_header_info header;   /* its object header, if read with it */
};

/* MM_SESSION_SPACE pointer -> SessionId (a handful of sessions). */
#define WIN_SESSION_CACHE 64
struct win_session_cache {
	uint64_t ptr[WIN_SESSION_CACHE];
	int64_t id[WIN_SESSION_CACHE];
	unsigned n;
};

/* Where a module's exports sit in model.symbols while reading. */
struct win_mod_syms {
	uint32_t first, count;
};

struct win_ctx {
	struct dump *d;
	struct model *m;
	const struct load_options *opt;

	struct win_kread *kr;             /* hot-path kernel reads */

	/* discovery */
	uint64_t dtb;
	uint64_t kbase;
	char guid[40];
	uint32_t age;
	const struct profile *prof;
	struct profile *own_profile;      /* --profile, destroyed at the end */
	struct profile_set *profiles;     /* --symbols and the built-in */
	struct win_layout L;
	uint64_t phys_end;

	/* system-wide values */
	uint32_t free_list_count;         /* ExpFreeListCount, 0 = unknown */
	uint32_t cpus;

	/* objects and types */
	uint8_t header_cookie;
	uint8_t infomask_offset[256];
	uint32_t type_record[256];        /* OS type index -> model type */
	uint32_t type_thread, type_process, type_directory;  /* OS indexes, or 256 */
	size_t ethread_len;               /* bytes of ETHREAD read per thread */
	size_t header_below;              /* object header + optional headers below a body */
	size_t eprocess_len;
	const char *state_names[256];     /* interned _KTHREAD_STATE names */

	/* merge indexes (record indexes before model_finish) */
	struct addrmap proc_by_addr;      /* EPROCESS -> process record */
	struct addrmap thread_by_addr;    /* ETHREAD -> thread record */
	struct addrmap object_by_header;  /* OBJECT_HEADER -> object record */
	struct addrmap dir_by_body;       /* directory body -> object record */
	struct win_thread_aux *thread_aux;
	size_t thread_aux_cap;
	uint64_t root_directory;          /* ObpRootDirectoryObject body */
	struct win_session_cache sessions;
	struct addrmap dll_by_base;       /* DLL base -> first module record */
	struct win_mod_syms *mod_syms;    /* indexed by module record */
	size_t mod_syms_cap;
};

/* --- field decoding ---------------------------------------------------- */

/* A field's value from buf (the structure read from its start), or 0 when
 * the field lies outside the len bytes read. Bitfields are extracted;
 * sizes other than 1, 2, 4 and 8 read 8 bytes. */
uint64_t win_get(const void *buf, size_t len, const struct profile_field *f);
/* Same, at an extra offset (a field of an embedded structure). */
uint64_t win_get_at(const void *buf, size_t len, int64_t base,
		    const struct profile_field *f);
/* Little-endian scalars at a byte offset (0 if out of range). */
uint64_t win_u64(const void *buf, size_t len, int64_t off);
uint32_t win_u32(const void *buf, size_t len, int64_t off);
uint16_t win_u16(const void *buf, size_t len, int64_t off);
/* The end (offset + size) of a field, for sizing one-read windows. */
int64_t win_field_end(const struct profile_field *f);

/* A _UNICODE_STRING embedded at off in buf (Length, Buffer decoded from
 * buf), its text read from the space rooted at dtb (0 = kernel) into out.
 * An empty string (Length 0) is LS_OK with out = "". */
enum ls_status win_ustr(struct win_ctx *c, uint64_t dtb, const void *buf,
			size_t len, int64_t off, char *out, size_t outlen,
			const char *what, struct ls_err *err);

/* A kernel read through the reader's page caches (kread.h): for the
 * structures read by the hundred thousand. Same contract as dump_read_kv. */
enum ls_status win_read_kv(struct win_ctx *c, uint64_t va, void *buf, size_t len,
			   const char *what, struct ls_err *err);

/* Kernel VA of a symbol (kernel base + RVA), 0 if the profile lacks it. */
uint64_t win_sym(const struct win_ctx *c, int64_t rva);

/* Room in a zero-filled side table *arr (*cap elements of elem bytes) for
 * element i: the capacity doubles from first_cap, new elements are zeroed.
 * False when out of memory (the table stays as it was). */
bool win_table_reserve(void **arr, size_t *cap, size_t i, size_t elem, size_t first_cap);

/* --- stages ------------------------------------------------------------ */

/* discover.c */
bool win_find_dtb(struct dump *d, uint64_t *ret);
enum ls_status win_discover(struct win_ctx *c, struct ls_err *err);

/* objects.c */
void win_read_types(struct win_ctx *c);
void win_read_directories(struct win_ctx *c);
/* The object record of the object whose header is at header (reading it on
 * first sight); LS_NONE with err set if it cannot be read. */
uint32_t win_object_at(struct win_ctx *c, uint64_t header, struct ls_err *err);
/* Decode the header at buf + hdr_off (optional headers below it); false
 * (ret->valid false) if it is named or outside the buffer. */
bool win_header_summarize(const struct win_ctx *c, uint64_t header, const uint8_t *buf,
			  size_t len, int64_t hdr_off, struct win_header_info *ret);
/* The object record for a header summarized earlier (no read); the caller
 * has checked that header has no record yet. */
uint32_t win_object_from_summary(struct win_ctx *c, uint64_t header,
				 const struct win_header_info *h);

/* processes.c */
void win_read_processes(struct win_ctx *c);
/* The process record of EPROCESS addr; one found some other way than the
 * list (a handle's object, a thread's owner) is read and added. LS_NONE
 * with err set if it cannot be read. */
uint32_t win_process_at(struct win_ctx *c, uint64_t eprocess, struct ls_err *err);

/* threads.c */
void win_read_process_threads(struct win_ctx *c, uint32_t p);
/* The thread record of ETHREAD addr, reading and adding it if new; the
 * found bits are or-ed in. LS_NONE with err set if it cannot be read. */
uint32_t win_thread_at(struct win_ctx *c, uint64_t ethread, uint8_t found,
		       struct ls_err *err);

/* handles.c */
void win_read_handles(struct win_ctx *c, uint32_t p);

/* traces.c */
void win_read_traces(struct win_ctx *c, uint32_t p, uint64_t debug_info);

/* modules.c */
void win_read_kernel_modules(struct win_ctx *c);
void win_read_process_modules(struct win_ctx *c, uint32_t p, uint64_t ldr);

/* peb.c */
void win_read_peb(struct win_ctx *c, uint32_t p);

/* pool.c */
void win_read_pool(struct win_ctx *c);

/* memsum.c */
void win_read_memsum(struct win_ctx *c);

#endif
