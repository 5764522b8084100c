/* model/linux/reader.h — the Linux x86-64 reader: from a vmcore to the
 * OS-neutral model.
 *
 * Discovery: VMCOREINFO (KERNELOFFSET, phys_base, init_top_pgt) gives the
 * kernel page tables; symbols come from System.map (+ KERNELOFFSET) or
 * VMCOREINFO alone; types from BTF (--btf, else the kernel's own BTF read
 * out of the dump between __start_BTF and __stop_BTF).
 *
 * How Linux lands in the model:
 *   process     one per thread group (pid = tgid), name = comm of the leader
 *   thread      one per task_struct (tid = pid); kernel threads carry their
 *               kthread function as start; task_structs found only in the
 *               task_struct slab (allocated, on no task list) are threads
 *               with found = LS_FOUND_SCAN, terminated, process LS_NONE
 *   handle      one per open file descriptor (value = fd number)
 *   object      one per struct file (body = struct file address). Its type
 *               is the file kind ("File", "Directory", "Pipe", "Socket",
 *               "pidfd", "eventfd", ... see files.c). name is what the fd
 *               refers to ("/var/lib/dirleak", "pid 3118", "pipe:[1234]"),
 *               so objects_by_name groups fds that reach the same thing
 *               through separate struct files; target is the address of
 *               that thing (struct pid for pidfds, the inode otherwise),
 *               and a pidfd's process is the process it refers to.
 *   pool tag    one per slab cache (tag 0, name = cache name): np_allocs =
 *               object slots in its slabs, np_frees = free slots,
 *               np_bytes = in-use objects * slot size, object_size = slot
 *   module      "vmlinux" (the kernel, System.map symbols) and each loaded
 *               module with the symbols of its in-memory kallsyms
 *   memory      physical = totalram pages, available = NR_FREE_PAGES,
 *               slab_reclaimable / slab_unreclaimable from vm_node_stat
 */
#ifndef LS_LX_READER_H
#define LS_LX_READER_H

#include <stdbool.h>

#include "../dump.h"
#include "../load.h"
#include "../tree.h"

/* True if the dump carries a Linux VMCOREINFO (OSRELEASE=...). */
bool linux_probe(struct dump *d);

/* Fill m (not finished) from d. */
enum ls_status linux_read(struct dump *d, const struct load_options *o,
			  struct model *m, struct ls_err *err);

#endif
