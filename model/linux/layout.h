/* model/linux/layout.h — every Linux structure offset, size and enum value
 * the Linux reader uses, resolved once from the kernel's BTF (libbpf).
 *
 * The lists below are the single source of names. A field path is
 * "struct.member[.member...]"; anonymous unions/structs are searched
 * through, arrays stand for their first element, and "a|b" names
 * alternatives tried in order (fields renamed between kernel versions:
 * task_struct.__state|state; an alternative with a dot is a full path:
 * slab.inuse|page.inuse for kernels before struct slab). A missing LX_REQ
 * name fails resolution naming every missing field; an LX_OPT name
 * resolves to off = -1 and the reader does without it (the slab pass, for
 * one, checks its own fields and is skipped with a warning).
 *
 * BTF comes from --btf FILE or from the dump itself (the kernel's
 * __start_BTF..__stop_BTF, found through System.map or VMCOREINFO).
 */
#ifndef LS_LX_LAYOUT_H
#define LS_LX_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "../status.h"

#define LX_REQ 1
#define LX_OPT 0

/* X(member, "struct.path", LX_REQ|LX_OPT) */
#define LX_FIELD_LIST(X)                                                      \
	X(task_state,          "task_struct.__state|state", LX_REQ)           \
	X(task_exit_state,     "task_struct.exit_state", LX_REQ)              \
	X(task_flags,          "task_struct.flags", LX_REQ)                   \
	X(task_tasks,          "task_struct.tasks", LX_REQ)                   \
	X(task_pid,            "task_struct.pid", LX_REQ)                     \
	X(task_tgid,           "task_struct.tgid", LX_REQ)                    \
	X(task_real_parent,    "task_struct.real_parent", LX_REQ)             \
	X(task_group_leader,   "task_struct.group_leader", LX_REQ)            \
	X(task_thread_node,    "task_struct.thread_node", LX_OPT)             \
	X(task_thread_group,   "task_struct.thread_group", LX_OPT)            \
	X(task_signal,         "task_struct.signal", LX_REQ)                  \
	X(task_comm,           "task_struct.comm", LX_REQ)                    \
	X(task_files,          "task_struct.files", LX_REQ)                   \
	X(task_mm,             "task_struct.mm", LX_REQ)                      \
	X(task_kthread,        "task_struct.worker_private|set_child_tid", LX_OPT) \
	X(task_start_time,     "task_struct.start_time", LX_OPT)              \
	X(task_start_boottime, "task_struct.start_boottime|real_start_time", LX_OPT) \
	X(task_stack,          "task_struct.stack", LX_OPT)                   \
	X(task_usage,          "task_struct.usage", LX_OPT)                   \
	X(task_prio,           "task_struct.prio", LX_OPT)                    \
	X(task_static_prio,    "task_struct.static_prio", LX_OPT)             \
	X(task_nvcsw,          "task_struct.nvcsw", LX_OPT)                   \
	X(task_nivcsw,         "task_struct.nivcsw", LX_OPT)                  \
	X(task_utime,          "task_struct.utime", LX_OPT)                   \
	X(task_stime,          "task_struct.stime", LX_OPT)                   \
	X(task_thread_sp,      "task_struct.thread.sp", LX_OPT)               \
	X(signal_thread_head,  "signal_struct.thread_head", LX_OPT)           \
	X(mm_pgd,              "mm_struct.pgd", LX_OPT)                       \
	X(mm_exe_file,         "mm_struct.exe_file", LX_OPT)                  \
	X(pcpu_counter_count,  "percpu_counter.count", LX_OPT)                \
	X(tk_xtime_sec,        "timekeeper.xtime_sec", LX_OPT)                \
	X(tk_offs_real,        "timekeeper.offs_real", LX_OPT)                \
	X(tk_offs_boot,        "timekeeper.offs_boot", LX_OPT)                \
	X(signal_nr_threads,   "signal_struct.nr_threads", LX_OPT)            \
	X(kthread_threadfn,    "kthread.threadfn", LX_OPT)                    \
	X(files_fdt,           "files_struct.fdt", LX_REQ)                    \
	X(files_count,         "files_struct.count", LX_OPT)                  \
	X(fdt_max_fds,         "fdtable.max_fds", LX_REQ)                     \
	X(fdt_fd,              "fdtable.fd", LX_REQ)                          \
	X(fdt_open_fds,        "fdtable.open_fds", LX_OPT)                    \
	X(file_mnt,            "file.f_path.mnt", LX_REQ)                     \
	X(file_dentry,         "file.f_path.dentry", LX_REQ)                  \
	X(file_inode,          "file.f_inode", LX_REQ)                        \
	X(file_op,             "file.f_op", LX_REQ)                           \
	X(file_count,          "file.f_count", LX_REQ)                        \
	X(file_flags,          "file.f_flags", LX_OPT)                        \
	X(file_mode,           "file.f_mode", LX_OPT)                         \
	X(file_private,        "file.private_data", LX_REQ)                   \
	X(dentry_parent,       "dentry.d_parent", LX_REQ)                     \
	X(dentry_name_len,     "dentry.d_name.len", LX_REQ)                   \
	X(dentry_name,         "dentry.d_name.name", LX_REQ)                  \
	X(dentry_inode,        "dentry.d_inode", LX_REQ)                      \
	X(inode_mode,          "inode.i_mode", LX_REQ)                        \
	X(inode_ino,           "inode.i_ino", LX_REQ)                         \
	X(inode_count,         "inode.i_count", LX_OPT)                       \
	X(mount_parent,        "mount.mnt_parent", LX_REQ)                    \
	X(mount_mountpoint,    "mount.mnt_mountpoint", LX_REQ)                \
	X(mount_mnt,           "mount.mnt", LX_REQ)                           \
	X(vfsmount_root,       "vfsmount.mnt_root", LX_REQ)                   \
	X(pid_count,           "pid.count", LX_OPT)                           \
	X(pid_level,           "pid.level", LX_OPT)                           \
	X(pid_numbers,         "pid.numbers", LX_REQ)                         \
	X(upid_nr,             "upid.nr", LX_REQ)                             \
	X(module_state,        "module.state", LX_REQ)                        \
	X(module_list,         "module.list", LX_REQ)                         \
	X(module_name,         "module.name", LX_REQ)                         \
	X(module_core_base,    "module.core_layout.base|module.mem.base", LX_OPT)             \
	X(module_core_size,    "module.core_layout.size|module.mem.size", LX_OPT)             \
	X(module_kallsyms,     "module.kallsyms", LX_OPT)                     \
	X(modks_symtab,        "mod_kallsyms.symtab", LX_OPT)                 \
	X(modks_num_symtab,    "mod_kallsyms.num_symtab", LX_OPT)             \
	X(modks_strtab,        "mod_kallsyms.strtab", LX_OPT)                 \
	X(cache_cpu_slab,      "kmem_cache.cpu_slab", LX_OPT)                 \
	X(cache_flags,         "kmem_cache.flags", LX_OPT)                    \
	X(cache_size,          "kmem_cache.size", LX_OPT)                     \
	X(cache_object_size,   "kmem_cache.object_size", LX_OPT)              \
	X(cache_offset,        "kmem_cache.offset", LX_OPT)                   \
	X(cache_name,          "kmem_cache.name", LX_OPT)                     \
	X(cache_list,          "kmem_cache.list", LX_OPT)                     \
	X(cache_random,        "kmem_cache.random", LX_OPT)                   \
	X(cache_red_left_pad,  "kmem_cache.red_left_pad", LX_OPT)             \
	X(cache_oo,            "kmem_cache.oo", LX_OPT)                       \
	X(cache_node,          "kmem_cache.node", LX_OPT)                     \
	X(ccpu_freelist,       "kmem_cache_cpu.freelist", LX_OPT)             \
	X(ccpu_slab,           "kmem_cache_cpu.slab|page", LX_OPT)            \
	X(ccpu_partial,        "kmem_cache_cpu.partial", LX_OPT)              \
	X(cnode_nr_partial,    "kmem_cache_node.nr_partial", LX_OPT)          \
	X(cnode_partial,       "kmem_cache_node.partial", LX_OPT)             \
	X(cnode_nr_slabs,      "kmem_cache_node.nr_slabs", LX_OPT)            \
	X(cnode_total_objects, "kmem_cache_node.total_objects", LX_OPT)       \
	X(slab_flags,          "slab.__page_flags|page.flags", LX_OPT)                   \
	X(slab_list,           "slab.slab_list", LX_OPT)                      \
	X(slab_next,           "slab.next", LX_OPT)                           \
	X(slab_cache,          "slab.slab_cache|page.slab_cache", LX_OPT)                     \
	X(slab_freelist,       "slab.freelist|page.freelist", LX_OPT)                       \
	X(slab_inuse,          "slab.inuse|page.inuse", LX_OPT)                          \
	X(slab_objects,        "slab.objects|page.objects", LX_OPT)                        \
	X(slab_frozen,         "slab.frozen|page.frozen", LX_OPT)                         \
	X(page_flags,          "page.flags", LX_OPT)                          \
	X(page_compound_head,  "page.compound_head", LX_OPT)                  \
	X(uts_sysname,         "new_utsname.sysname", LX_REQ)                 \
	X(uts_nodename,        "new_utsname.nodename", LX_REQ)                \
	X(uts_release,         "new_utsname.release", LX_REQ)                 \
	X(uts_version,         "new_utsname.version", LX_REQ)                 \
	X(uts_machine,         "new_utsname.machine", LX_REQ)                 \
	X(utsns_name,          "uts_namespace.name", LX_REQ)                  \
	X(sym_name,            "elf64_sym.st_name", LX_OPT)                   \
	X(sym_info,            "elf64_sym.st_info", LX_OPT)                   \
	X(sym_shndx,           "elf64_sym.st_shndx", LX_OPT)                  \
	X(sym_value,           "elf64_sym.st_value", LX_OPT)                  \
	X(sym_size,            "elf64_sym.st_size", LX_OPT)

/* X(member, "struct name", LX_REQ|LX_OPT) */
#define LX_SIZE_LIST(X)                                 \
	X(task_struct,      "task_struct", LX_REQ)      \
	X(file,             "file", LX_REQ)             \
	X(dentry,           "dentry", LX_REQ)           \
	X(inode,            "inode", LX_REQ)            \
	X(mount,            "mount", LX_REQ)            \
	X(pid,              "pid", LX_REQ)              \
	X(upid,             "upid", LX_REQ)             \
	X(signal_struct,    "signal_struct", LX_REQ)    \
	X(files_struct,     "files_struct", LX_REQ)     \
	X(fdtable,          "fdtable", LX_REQ)          \
	X(module,           "module", LX_REQ)           \
	X(mod_kallsyms,     "mod_kallsyms", LX_OPT)     \
	X(elf64_sym,        "elf64_sym", LX_OPT)        \
	X(kthread,          "kthread", LX_OPT)          \
	X(kmem_cache,       "kmem_cache", LX_OPT)       \
	X(kmem_cache_cpu,   "kmem_cache_cpu", LX_OPT)   \
	X(kmem_cache_node,  "kmem_cache_node", LX_OPT)  \
	X(slab,             "slab", LX_OPT)             \
	X(page,             "page", LX_OPT)             \
	X(new_utsname,      "new_utsname", LX_REQ)

/* X(member, "ENUMERATOR", LX_REQ|LX_OPT) */
#define LX_ENUM_LIST(X)                                                 \
	X(nr_free_pages,          "NR_FREE_PAGES", LX_OPT)              \
	X(nr_slab_reclaimable,    "NR_SLAB_RECLAIMABLE_B", LX_OPT)      \
	X(nr_slab_unreclaimable,  "NR_SLAB_UNRECLAIMABLE_B", LX_OPT)    \
	X(nr_vm_node_stat_items,  "NR_VM_NODE_STAT_ITEMS", LX_OPT)      \
	X(nr_vm_zone_stat_items,  "NR_VM_ZONE_STAT_ITEMS", LX_OPT)      \
	X(pg_slab,                "PG_slab", LX_OPT)

/* A resolved member: byte offset (-1 = absent), its size in bytes, and for
 * bitfields the bit offset within the containing byte-aligned word. */
struct lx_field {
	int32_t off;
	uint32_t size;
	uint16_t bit_off;      /* bits from off (0..63), bitfields only */
	uint16_t bit_size;     /* 0 = not a bitfield */
};

struct lx_layout {
#define LX_FIELD_MEMBER(m, path, req) struct lx_field m;
	LX_FIELD_LIST(LX_FIELD_MEMBER)
#undef LX_FIELD_MEMBER
	struct {
#define LX_SIZE_MEMBER(m, name, req) int64_t m;
		LX_SIZE_LIST(LX_SIZE_MEMBER)
#undef LX_SIZE_MEMBER
	} size;                /* sizeof, -1 if absent */
	struct {
#define LX_ENUM_MEMBER(m, name, req) int64_t m;
		LX_ENUM_LIST(LX_ENUM_MEMBER)
#undef LX_ENUM_MEMBER
	} enums;               /* value, -1 if absent */
	/* bytes of task_struct the reader needs (end of its last field) */
	uint32_t task_read_len;
};

struct btf;

/* Parse raw BTF from a file or a buffer (libbpf). */
enum ls_status lx_btf_from_file(const char *path, struct btf **ret,
				struct ls_err *err);
enum ls_status lx_btf_from_buf(const void *buf, size_t len, struct btf **ret,
			       struct ls_err *err);
void lx_btf_free(struct btf *btf);

/* Resolve every name of the lists above. */
enum ls_status lx_layout_resolve(const struct btf *btf, struct lx_layout *ret,
				 struct ls_err *err);

/* A field's value from a buffer holding the structure at offset 0; 0 if
 * the field is absent or lies beyond len. Bitfields are extracted. */
uint64_t lx_get(const void *buf, size_t len, const struct lx_field *f);

#endif
