/* model/tree.h — the OS-neutral model of a dump: flat arrays with indexes.
 *
 * A reader (model/win/, model/linux/) fills the model through the model_add_*
 * builders, then calls model_finish() once, which sorts and indexes:
 *   - handles sorted by (process, value); each process gets its slice
 *   - threads sorted by (process, tid); each process gets its slice
 *   - the reverse index object -> handles that refer to it (object_refs)
 *   - symbols sorted by address; modules sorted by (process, base)
 *     (symbols by (module, addr), each module its slice; kernel modules,
 *     process LS_NONE, come LAST, after every process's modules)
 *   - pool tag -> object type whose pool tag it is
 * Records refer to each other by uint32_t index into these arrays, LS_NONE
 * when absent. All pointers the model hands out (records, strings) are
 * borrowed and valid until model_destroy(). Strings are stored as read from
 * the dump (UTF-8) and may contain control characters: views escape them.
 * Groupings (model/query.h) are computed on demand and cached.
 *
 * The model never includes ncurses and never reads the dump itself.
 */
#ifndef LS_TREE_H
#define LS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define LS_NONE UINT32_MAX

enum ls_os { LS_OS_UNKNOWN, LS_OS_WINDOWS, LS_OS_LINUX };

/* A number the dump may or may not hold ("not available" is shown). */
struct ls_opt {
	uint64_t value;
	bool valid;
};

/* What the reader found about the dump itself (--info, Summary header). */
struct ls_dump_facts {
	enum ls_os os;
	uint64_t dtb;
	uint64_t kernel_base;
	char build[96];        /* "Windows 10 x64 10.0.19041" / "Linux 6.1.0-..." */
	char profile[160];     /* profile name in use */
	char pdb_guid[40];     /* 32 hex digits, "" if not Windows */
	uint32_t pdb_age;
	uint32_t cpus;
	uint64_t system_time;  /* FILETIME at dump time, 0 if unknown */
	uint64_t tick_count;   /* ticks at dump time */
	uint32_t tick_multiplier; /* 8.24 fixed-point ms per tick (Windows) */
	uint32_t nt_global_flag;  /* system-wide, Windows */
};

/* !vm: counts in pages of page_size bytes, except failed_allocs. */
struct ls_memsum {
	uint32_t page_size;
	struct ls_opt physical_pages, available_pages, resavail_pages;
	struct ls_opt nonpaged_used, nonpaged_max;
	struct ls_opt paged_used, paged_max;
	struct ls_opt committed, commit_limit;
	struct ls_opt failed_allocs;
	/* Linux: slab pages (vm_node_stat NR_SLAB_[UN]RECLAIMABLE_B) */
	struct ls_opt slab_reclaimable, slab_unreclaimable;
};

/* One pool tag (Windows) or slab cache (Linux). */
struct ls_pooltag {
	uint32_t tag;          /* 4 ASCII bytes, first char in the low byte; 0 for Linux */
	const char *name;      /* "Thre", or a slab cache name */
	uint64_t np_allocs, np_frees, np_bytes;   /* non-paged / slab */
	uint64_t p_allocs, p_frees, p_bytes;      /* paged */
	uint32_t object_size;  /* slab object size, 0 if n/a */
	uint32_t type;         /* object type whose pool tag this is, or LS_NONE */
	const char *desc;      /* "Thread objects", NULL if unknown */
	const char *binary;    /* "nt!ps", NULL if unknown */
	uint64_t addr;         /* Linux: the kmem_cache address; 0 if n/a */
};

/* An object type (Windows _OBJECT_TYPE; Linux: file kinds). */
struct ls_type {
	const char *name;      /* "Thread" */
	uint64_t addr;         /* _OBJECT_TYPE address, 0 if none */
	uint32_t index;        /* the OS's type index */
	uint32_t pool_tag;     /* _OBJECT_TYPE.Key, 0 if none */
	uint32_t total_objects, total_handles;  /* as the OS counts them */
};

struct ls_process {
	uint64_t addr;         /* EPROCESS / task_struct */
	uint64_t pid, ppid;
	int64_t session;       /* -1 = none */
	uint64_t peb, dtb, handle_table;
	const char *name;      /* ImageFileName / comm */
	const char *path;      /* full image path, NULL if unknown */
	uint64_t create_time, exit_time;  /* FILETIME, 0 = not set */
	struct ls_opt handle_count;       /* as the kernel computes it */
	uint32_t active_threads;          /* as the kernel counts them */
	struct ls_opt global_flag;        /* PEB.NtGlobalFlag */
	uint64_t trace_db;     /* handle-trace database address, 0 = tracing off */
	bool exited;           /* ExitTime set / task dead */
	bool kernel_thread;    /* Linux: the leader is a kernel thread (PF_KTHREAD) */
	/* filled by model_finish(): */
	uint32_t first_handle, nhandles;   /* slice of model.handles */
	uint32_t first_thread, nthreads;   /* slice of model.threads */
	uint32_t first_module, nmodules;   /* slice of model.modules */
	uint32_t first_trace, ntraces;     /* slice of model.traces */
	uint32_t object;       /* object record of this process, LS_NONE if none */
};

struct ls_handle {
	uint64_t value;        /* handle value / fd number */
	uint64_t entry;        /* HANDLE_TABLE_ENTRY address, 0 if n/a */
	uint32_t access;       /* GrantedAccess */
	uint8_t attributes;    /* OBJ_PROTECT_CLOSE 1, OBJ_INHERIT 2, AUDIT 4 */
	uint32_t process;      /* owner */
	uint32_t object;
};

struct ls_object {
	uint64_t header;       /* OBJECT_HEADER, 0 if n/a */
	uint64_t body;         /* object address (body / struct file) */
	uint32_t type;         /* LS_NONE if the type could not be decoded */
	int64_t pointer_count, handle_count;
	const char *name;      /* NULL if unnamed */
	const char *path;      /* full path (\Sessions\1\Windows\WindowStations), NULL if none */
	uint64_t directory;    /* parent directory object body, 0 if none */
	uint64_t creator_pid;  /* CREATOR_INFO, 0 if absent */
	uint32_t thread;       /* the thread record this object is, or LS_NONE */
	uint32_t process;      /* the process record this object is, or LS_NONE */
	uint64_t target;       /* Linux: what the fd reaches through this struct
				* file: the struct pid (pidfd), else the inode
				* (files, dirs, pipes, sockets) or the anon
				* inode's private data; objects with one target
				* are one thing (name says it: "pid 3118",
				* "/var/lib/dirleak"). Windows: 0 */
	/* filled by model_finish(): */
	uint32_t first_ref, nrefs;   /* slice of model.object_refs (handle indexes) */
};

/* Where a thread record was found (bits). */
enum {
	LS_FOUND_LIST        = 1,  /* the process's thread list (executive) */
	LS_FOUND_ACTIVE_LIST = 2,  /* the kernel's active list (KPROCESS) */
	LS_FOUND_HANDLE      = 4,  /* a handle's object */
	LS_FOUND_SCAN        = 8,  /* a pool/slab scan */
};

struct ls_thread {
	uint64_t addr;         /* ETHREAD / task_struct */
	uint64_t pid, tid;     /* Cid */
	uint32_t process;      /* owning process record, LS_NONE if unknown */
	uint8_t state;         /* OS value */
	const char *state_name;  /* "Waiting", "Terminated", static string */
	bool terminated;
	uint8_t wait_reason;
	uint64_t teb, win32_thread;
	uint64_t start, win32_start;   /* StartAddress, Win32StartAddress */
	uint32_t wait_time;            /* tick count when the wait started */
	uint32_t context_switches, kernel_time, user_time;
	int8_t priority, base_priority, priority_decrement;
	uint64_t stack_init, stack_base, stack_limit, kernel_stack;
	uint64_t create_time, exit_time;
	uint8_t found;         /* LS_FOUND_* bits */
	uint64_t ppid;         /* Linux: real_parent's pid (kthreadd = 2); 0 = n/a */
	const char *name;      /* Linux: the task's comm; NULL if n/a */
	bool kernel_thread;    /* Linux: PF_KTHREAD */
	uint32_t object;       /* filled by model_finish(): object record, LS_NONE */
};

struct ls_module {
	uint64_t base;
	uint64_t size;
	const char *name;      /* "mydriver.sys" */
	const char *path;      /* full path, NULL if unknown */
	uint32_t process;      /* LS_NONE = kernel module */
	/* filled by model_finish(): */
	uint32_t first_symbol, nsymbols;  /* slice of model.symbols */
};

struct ls_symbol {
	uint64_t addr;
	const char *name;      /* "StatusWaitThread" */
	uint32_t module;       /* index into model.modules (before finish: as added) */
};

enum ls_trace_kind { LS_TRACE_OPEN = 1, LS_TRACE_CLOSE = 2, LS_TRACE_BADREF = 3 };

#define LS_TRACE_MAX_FRAMES 16

struct ls_trace {
	uint32_t process;      /* whose handle table */
	uint32_t seq;          /* newest first: 0 = most recent record */
	uint64_t handle;
	uint8_t kind;          /* enum ls_trace_kind */
	uint64_t pid, tid;     /* who did it */
	uint8_t nframes;
	uint64_t frames[LS_TRACE_MAX_FRAMES];
};

struct model_query_cache;  /* model/query.c */
struct model_arena;        /* model/tree.c */
struct model_index;        /* model/tree_internal.h */

struct model {
	struct ls_dump_facts facts;
	struct ls_memsum mem;

	struct ls_pooltag *pooltags; uint32_t npooltags;
	struct ls_type *types;       uint32_t ntypes;
	struct ls_process *processes; uint32_t nprocesses;
	struct ls_handle *handles;   uint32_t nhandles;
	struct ls_object *objects;   uint32_t nobjects;
	uint32_t *object_refs;       /* handle indexes, grouped by object */
	struct ls_thread *threads;   uint32_t nthreads;
	struct ls_module *modules;   uint32_t nmodules;
	struct ls_symbol *symbols;   uint32_t nsymbols;
	struct ls_trace *traces;     uint32_t ntraces;

	char **warnings;             uint32_t nwarnings;
	uint32_t warnings_dropped;   /* beyond the cap */

	/* private */
	uint32_t cap_pooltags, cap_types, cap_processes, cap_handles,
		 cap_objects, cap_threads, cap_modules, cap_symbols,
		 cap_traces, cap_warnings;
	struct model_arena *arena;
	struct model_query_cache *cache;
	struct model_index *index;   /* lookups built by model_finish() */
	bool finished;
	bool loading;   /* model_load_begin done, model_load_rest not yet: threads,
			 * handles, objects, modules, PEBs, traces not read */
};

struct model *model_create(void);
void model_destroy(struct model *m);  /* accepts NULL */

/* Copy a string into the model's arena (NULL stays NULL). */
const char *model_strdup(struct model *m, const char *s);
const char *model_strndup(struct model *m, const char *s, size_t n);

/* Builders: copy the record in, return its index (LS_NONE on out of
 * memory). Indexes of handles, threads, modules, symbols and traces change
 * in model_finish(); processes, objects, types and pool tags keep theirs. */
uint32_t model_add_pooltag(struct model *m, const struct ls_pooltag *r);
uint32_t model_add_type(struct model *m, const struct ls_type *r);
uint32_t model_add_process(struct model *m, const struct ls_process *r);
uint32_t model_add_handle(struct model *m, const struct ls_handle *r);
uint32_t model_add_object(struct model *m, const struct ls_object *r);
uint32_t model_add_thread(struct model *m, const struct ls_thread *r);
uint32_t model_add_module(struct model *m, const struct ls_module *r);
uint32_t model_add_symbol(struct model *m, const struct ls_symbol *r);
uint32_t model_add_trace(struct model *m, const struct ls_trace *r);

/* A warning: what could not be read, and where. Capped at 10 000 (the rest
 * are counted in warnings_dropped). */
void model_warn(struct model *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sort, link and index; call once after the reader is done. */
enum ls_status model_finish(struct model *m, struct ls_err *err);

/* Lookups by address or id (binary search / hash; after finish). */
uint32_t model_process_by_addr(const struct model *m, uint64_t addr);
uint32_t model_process_by_pid(const struct model *m, uint64_t pid);
uint32_t model_thread_by_addr(const struct model *m, uint64_t addr);
uint32_t model_object_by_body(const struct model *m, uint64_t body);
uint32_t model_object_by_header(const struct model *m, uint64_t header);
uint32_t model_type_by_name(const struct model *m, const char *name);
uint32_t model_pooltag_by_tag(const struct model *m, uint32_t tag);
/* The handle of process p with this value, or LS_NONE. */
uint32_t model_handle_by_value(const struct model *m, uint32_t p, uint64_t value);

/* "Thre" from 0x65726854; out must hold 5 bytes. Non-printable bytes
 * become '?'. */
void ls_tag_str(uint32_t tag, char out[5]);
/* Parse a 1..4 character tag ("Thre", "Ob") into its value. */
bool ls_tag_parse(const char *s, uint32_t *ret);

#endif
