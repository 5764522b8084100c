/* model/linux/lx.h — the Linux reader's private state, shared by its
 * passes (tasks.c, files.c, slab.c, modules.c) and reader.c, which runs
 * them in order. Not for use outside model/linux/.
 */
#ifndef LS_LX_H
#define LS_LX_H

#include <stdbool.h>
#include <stdint.h>

#include "../dump.h"
#include "../load.h"
#include "../tree.h"
#include "ksyms.h"
#include "layout.h"

/* Bounds a dump cannot make us exceed. */
#define LX_MAX_TASKS     (1u << 22)   /* task list walk */
#define LX_MAX_FDS       (1u << 20)   /* per process */
#define LX_MAX_CPUS      64u
#define LX_MAX_PATH_DEPTH 64u
#define LX_MAX_MODULES   4096u

/* __state and exit_state bits (include/linux/sched.h, stable since 5.14) */
#define LX_TASK_INTERRUPTIBLE   0x0001
#define LX_TASK_UNINTERRUPTIBLE 0x0002
#define LX_TASK_STOPPED         0x0004
#define LX_TASK_TRACED          0x0008
#define LX_EXIT_DEAD            0x0010
#define LX_EXIT_ZOMBIE          0x0020
#define LX_TASK_PARKED          0x0040
#define LX_TASK_DEAD            0x0080
#define LX_TASK_NOLOAD          0x0400
#define LX_TASK_NEW             0x0800
#define LX_PF_KTHREAD           0x00200000u
#define LX_PF_EXITING           0x00000004u
#define LX_THREAD_SIZE          16384u   /* x86-64 kernel stack */

/* A set of addresses (open addressing), for cycle detection and
 * membership tests. */
struct lx_set {
	uint64_t *slots;       /* 0 = empty; address 0 is never stored */
	uint32_t cap, n;
};
struct lx_set *lx_set_create(void);
void lx_set_destroy(struct lx_set *s);
/* Add a; false if it was there already or memory ran out (*nomem set). */
bool lx_set_add(struct lx_set *s, uint64_t a, bool *nomem);
bool lx_set_has(const struct lx_set *s, uint64_t a);

/* A map from addresses to 64-bit values (caches: file -> object index,
 * dentry -> path). */
struct lx_map {
	struct lx_set *keys;
	uint64_t *vals;        /* parallel to keys->slots */
	uint32_t cap;
};
struct lx_map *lx_map_create(void);
void lx_map_destroy(struct lx_map *m);
bool lx_map_get(const struct lx_map *m, uint64_t key, uint64_t *val);
/* false on out of memory */
bool lx_map_put(struct lx_map *m, uint64_t key, uint64_t val);

struct lx {
	struct dump *d;
	struct model *m;
	const struct load_options *o;
	struct lx_vmcoreinfo vmci;
	struct lx_ksyms ksyms;
	struct lx_layout l;
	struct btf *btf;
	uint64_t kaslr;            /* KERNELOFFSET */
	uint64_t page_offset;      /* page_offset_base (direct map) */
	uint64_t vmemmap;          /* vmemmap_base */
	uint32_t ncpus;
	uint64_t percpu[LX_MAX_CPUS]; /* __per_cpu_offset[] */
	uint32_t kernel_module;    /* model module "vmlinux" */
	/* wall clock: realtime = boottime - offs_boot + offs_real (ns) */
	bool have_clock;
	int64_t offs_real, offs_boot;

	/* task_struct addresses found on the task list (tasks.c) */
	struct lx_set *tasks_seen;
	/* per model process (index as added): its files_struct and mm_struct
	 * (tasks.c) */
	uint64_t *proc_files, *proc_mm;
	uint32_t cap_proc_files;
	uint64_t task_cache;       /* kmem_cache of task_struct (slab.c) */
	uint32_t task_cache_size;  /* its object stride */
};

/* Kernel-virtual reads with a uniform "what". */
enum ls_status lx_read(struct lx *x, uint64_t va, void *buf, size_t len,
		       const char *what, struct ls_err *err);
bool lx_u64(struct lx *x, uint64_t va, uint64_t *ret);
bool lx_u32(struct lx *x, uint64_t va, uint32_t *ret);
/* A kernel C string (bounded); "" on failure. */
bool lx_cstr(struct lx *x, uint64_t va, char *out, size_t outlen);
/* Address of a kernel symbol (0 = unknown). */
uint64_t lx_sym(const struct lx *x, const char *name);

/* A boottime in ns as a FILETIME (100 ns since 1601), 0 if unknown. */
uint64_t lx_filetime(const struct lx *x, uint64_t boot_ns);

/* A task's state name ("S (sleeping)" style names, static). */
const char *lx_task_state_name(uint32_t state, uint32_t exit_state);

/* The passes; each adds to x->m and warns about what it cannot read. */
enum ls_status lx_read_modules(struct lx *x, struct ls_err *err);
enum ls_status lx_read_tasks(struct lx *x, struct ls_err *err);
enum ls_status lx_read_files(struct lx *x, struct ls_err *err);
enum ls_status lx_read_slabs(struct lx *x, struct ls_err *err);

/* Decode one thread record from a task_struct buffer (tasks.c); used for
 * task_structs found by the slab scan too. */
void lx_thread_from_task(struct lx *x, uint64_t addr, const uint8_t *buf,
			 size_t len, struct ls_thread *t);

#endif
