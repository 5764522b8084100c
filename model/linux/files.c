/* model/linux/files.c — handles from file descriptor tables.
 *
 * Each process's files_struct -> fdtable -> fd[] gives its open files; each
 * struct file becomes one object (shared between fds and processes that
 * share it), typed by what it is:
 *   anon inode files ("[pidfd]", "[eventfd]", "[eventpoll]", ...): the kind
 *       in the brackets; a pidfd's name is "pid N", its target the struct
 *       pid, its process the process with that pid
 *   by inode mode: "Directory", "File" (full path through dentries and
 *       mounts), "CharDevice", "BlockDevice", "Symlink", "Pipe"
 *       ("pipe:[ino]"), "Socket" ("socket:[ino]"); target = the inode
 * So fds that reach the same thing through their own struct files (each
 * open() makes one) share name and target; objects_by_name groups them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lx.h"

#define LX_S_IFMT   0170000
#define LX_S_IFSOCK 0140000
#define LX_S_IFLNK  0120000
#define LX_S_IFREG  0100000
#define LX_S_IFBLK  0060000
#define LX_S_IFDIR  0040000
#define LX_S_IFCHR  0020000
#define LX_S_IFIFO  0010000

#define LX_MAX_KINDS 64
#define LX_PATH_MAX 1024
#define LX_PATH_CACHE 4096

struct files_ctx {
	struct lx *x;
	struct lx_map *objects;    /* struct file -> object index */
	struct lx_map *paths;      /* dentry -> index in path_cache */
	struct {
		uint64_t mnt;
		const char *path;
	} path_cache[LX_PATH_CACHE];
	uint32_t npaths;
	uint64_t anon_inode;       /* anon_inode_inode */
	struct {
		const char *name;
		uint32_t type;
	} kinds[LX_MAX_KINDS];
	uint32_t nkinds;
	uint8_t *fbuf;             /* struct file */
	uint8_t *dbuf;             /* struct dentry */
	uint8_t *mbuf;             /* struct mount */
};

/* The type record for a kind, made on first use. */
static uint32_t kind_type(struct files_ctx *c, const char *name)
{
	struct ls_type t = { 0 };
	uint32_t i;

	for (i = 0; i < c->nkinds; i++)
		if (!strcmp(c->kinds[i].name, name))
			return c->kinds[i].type;
	if (c->nkinds == LX_MAX_KINDS)
		name = "anon_inode";      /* a dump inventing kinds: lump them */
	for (i = 0; i < c->nkinds; i++)
		if (!strcmp(c->kinds[i].name, name))
			return c->kinds[i].type;
	t.name = model_strdup(c->x->m, name);
	t.index = c->x->m->ntypes;
	i = model_add_type(c->x->m, &t);
	if (i != LS_NONE && c->nkinds < LX_MAX_KINDS) {
		c->kinds[c->nkinds].name = t.name;
		c->kinds[c->nkinds].type = i;
		c->nkinds++;
	}
	return i;
}

/* A dentry's name into out; false if unreadable. Reads the dentry into
 * c->dbuf. */
static bool dentry_name(struct files_ctx *c, uint64_t dentry, char *out,
			size_t outlen)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	size_t dlen = (size_t)l->size.dentry;
	uint64_t name, len;

	out[0] = '\0';
	if (lx_read(x, dentry, c->dbuf, dlen, "dentry", NULL) != LS_OK)
		return false;
	name = lx_get(c->dbuf, dlen, &l->dentry_name);
	len = lx_get(c->dbuf, dlen, &l->dentry_name_len);
	if (!name || len == 0 || len >= outlen)
		return false;
	if (lx_read(x, name, out, len, "dentry name", NULL) != LS_OK)
		return false;
	out[len] = '\0';
	return true;
}

/* The full path of (mnt, dentry): dentries up to the mount's root, then
 * the mount's mountpoint in its parent, up to the namespace's root. A walk
 * cut short (unreadable dentry, too deep, too long) starts with "?/" so a
 * partial path never passes for a whole one. Paths are cached per dentry
 * (with the mount they were made under). */
static const char *full_path(struct files_ctx *c, uint64_t vfsmnt,
			     uint64_t dentry)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	size_t mlen = (size_t)l->size.mount, dlen = (size_t)l->size.dentry;
	uint64_t start = dentry, cached;
	char path[LX_PATH_MAX], name[256];
	size_t pos = sizeof(path) - 1;
	uint64_t mnt = vfsmnt ? vfsmnt - (uint64_t)l->mount_mnt.off : 0;
	uint64_t mnt_root = 0;
	unsigned depth;
	bool whole = false;
	const char *s;

	if (lx_map_get(c->paths, start, &cached) &&
	    c->path_cache[cached].mnt == vfsmnt)
		return c->path_cache[cached].path;
	path[pos] = '\0';
	if (mnt && lx_read(x, mnt, c->mbuf, mlen, "mount", NULL) == LS_OK)
		mnt_root = lx_get(c->mbuf + l->mount_mnt.off,
				  mlen - (size_t)l->mount_mnt.off, &l->vfsmount_root);
	else
		mnt = 0;
	for (depth = 0; depth < LX_MAX_PATH_DEPTH; depth++) {
		if (dentry == mnt_root && mnt) {
			uint64_t parent = lx_get(c->mbuf, mlen, &l->mount_parent);
			if (!parent || parent == mnt) {
				whole = true;   /* the namespace's root mount */
				break;
			}
			dentry = lx_get(c->mbuf, mlen, &l->mount_mountpoint);
			mnt = parent;
			if (lx_read(x, mnt, c->mbuf, mlen, "mount", NULL) != LS_OK)
				break;
			mnt_root = lx_get(c->mbuf + l->mount_mnt.off,
					  mlen - (size_t)l->mount_mnt.off,
					  &l->vfsmount_root);
			continue;
		}
		if (!dentry_name(c, dentry, name, sizeof(name)))
			break;
		uint64_t parent = lx_get(c->dbuf, dlen, &l->dentry_parent);
		if (parent == dentry || !parent) {
			whole = true;           /* a filesystem's root */
			break;
		}
		size_t n = strlen(name);
		if (n + 3 > pos)
			break;
		pos -= n;
		memcpy(path + pos, name, n);
		path[--pos] = '/';
		dentry = parent;
	}
	if (!whole)
		path[--pos] = '?';      /* "?/dir/name", or "?" */
	else if (!path[pos])
		path[--pos] = '/';
	s = model_strdup(x->m, path + pos);
	if (s && c->npaths < LX_PATH_CACHE) {
		c->path_cache[c->npaths].mnt = vfsmnt;
		c->path_cache[c->npaths].path = s;
		if (lx_map_put(c->paths, start, c->npaths))
			c->npaths++;
	}
	return s;
}

/* The process record with this pid, LS_NONE if none. */
static uint32_t process_by_pid(struct model *m, uint64_t pid)
{
	for (uint32_t i = 0; i < m->nprocesses; i++)
		if (m->processes[i].pid == pid)
			return i;
	return LS_NONE;
}

/* Decode the struct file at addr into a new object; its index or
 * LS_NONE. */
static uint32_t add_file_object(struct files_ctx *c, uint64_t file)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	size_t flen = (size_t)l->size.file;
	struct ls_object o = { 0 };
	uint8_t ib[256];
	size_t ilen = (size_t)(l->inode_ino.off + 8 > l->inode_mode.off + 2
			       ? l->inode_ino.off + 8 : l->inode_mode.off + 2);
	char buf[LX_PATH_MAX + 32], dname[64];
	uint64_t inode, dentry, mnt, priv, ino = 0;
	uint32_t mode = 0;
	const char *kind = "File";

	o.body = file;
	o.type = LS_NONE;
	o.thread = LS_NONE;
	o.process = LS_NONE;
	if (lx_read(x, file, c->fbuf, flen, "struct file", NULL) != LS_OK) {
		model_warn(x->m, "struct file at 0x%llx unreadable",
			   (unsigned long long)file);
		return model_add_object(x->m, &o);
	}
	inode = lx_get(c->fbuf, flen, &l->file_inode);
	dentry = lx_get(c->fbuf, flen, &l->file_dentry);
	mnt = lx_get(c->fbuf, flen, &l->file_mnt);
	priv = lx_get(c->fbuf, flen, &l->file_private);
	o.pointer_count = (int64_t)lx_get(c->fbuf, flen, &l->file_count);
	if (ilen > sizeof(ib))
		ilen = sizeof(ib);
	if (inode && lx_read(x, inode, ib, ilen, "inode", NULL) == LS_OK) {
		mode = (uint32_t)lx_get(ib, ilen, &l->inode_mode);
		ino = lx_get(ib, ilen, &l->inode_ino);
	}
	o.target = inode;

	if (inode && inode == c->anon_inode) {
		/* anon inode: the kind is the dentry's "[name]" */
		size_t n;
		if (!dentry_name(c, dentry, dname, sizeof(dname)))
			snprintf(dname, sizeof(dname), "[?]");
		n = strlen(dname);
		if (n > 2 && dname[0] == '[' && dname[n - 1] == ']') {
			dname[n - 1] = '\0';
			kind = dname + 1;
		} else {
			kind = "anon_inode";
		}
		o.target = priv;
		if (!strcmp(kind, "pidfd") && priv) {
			uint32_t nr = 0;
			lx_u32(x, priv + (uint64_t)l->pid_numbers.off +
			       (uint64_t)l->upid_nr.off, &nr);
			snprintf(buf, sizeof(buf), "pid %u", nr);
			o.process = process_by_pid(x->m, nr);
		} else {
			snprintf(buf, sizeof(buf), "anon_inode:[%s]", kind);
		}
		o.name = model_strdup(x->m, buf);
	} else {
		switch (mode & LX_S_IFMT) {
		case LX_S_IFIFO:
			kind = "Pipe";
			snprintf(buf, sizeof(buf), "pipe:[%llu]", (unsigned long long)ino);
			o.name = model_strdup(x->m, buf);
			break;
		case LX_S_IFSOCK:
			kind = "Socket";
			snprintf(buf, sizeof(buf), "socket:[%llu]", (unsigned long long)ino);
			o.name = model_strdup(x->m, buf);
			break;
		case LX_S_IFDIR: kind = "Directory"; break;
		case LX_S_IFCHR: kind = "CharDevice"; break;
		case LX_S_IFBLK: kind = "BlockDevice"; break;
		case LX_S_IFLNK: kind = "Symlink"; break;
		default: kind = "File"; break;
		}
		if (!o.name && dentry) {
			o.name = full_path(c, mnt, dentry);
			o.path = o.name;
		}
	}
	o.type = kind_type(c, kind);
	return model_add_object(x->m, &o);
}

/* A user process's page tables (mm->pgd, direct-mapped) and image path
 * (mm->exe_file). */
static void read_mm(struct files_ctx *c, uint32_t p, uint64_t mm)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	struct ls_process *pr = &x->m->processes[p];
	uint64_t pgd, exe, mnt, dentry;

	if (l->mm_pgd.off >= 0 && lx_u64(x, mm + (uint64_t)l->mm_pgd.off, &pgd) &&
	    pgd >= x->page_offset)
		pr->dtb = pgd - x->page_offset;
	if (l->mm_exe_file.off < 0 ||
	    !lx_u64(x, mm + (uint64_t)l->mm_exe_file.off, &exe) || !exe ||
	    !lx_u64(x, exe + (uint64_t)l->file_mnt.off, &mnt) ||
	    !lx_u64(x, exe + (uint64_t)l->file_dentry.off, &dentry) || !dentry)
		return;
	pr->path = full_path(c, mnt, dentry);
}

/* The fdtable's open_fds bitmap (max bits): the kernel's own record of
 * which fds are open; NULL if unreadable. */
static uint64_t *read_open_fds(struct lx *x, uint64_t bitmap, uint64_t max)
{
	uint64_t words = (max + 63) / 64, *bits;

	if (!bitmap || !words)
		return NULL;
	bits = malloc(words * 8);
	if (bits && lx_read(x, bitmap, bits, words * 8, "open_fds", NULL) != LS_OK) {
		free(bits);
		bits = NULL;
	}
	return bits;
}

/* The open fds of process p (files_struct at files). */
static enum ls_status read_fd_table(struct files_ctx *c, uint32_t p,
				    uint64_t files)
{
	struct lx *x = c->x;
	const struct lx_layout *l = &x->l;
	struct ls_process *pr = &x->m->processes[p];
	uint8_t fdtb[64];
	uint64_t fdt = 0, fdarr, max, *fds, *open, i, nopen = 0, bad = 0;
	uint64_t lo = x->page_offset, hi;
	const struct dump_info *di = dump_info(x->d);
	enum ls_status st = LS_OK;

	if (!lx_u64(x, files + (uint64_t)l->files_fdt.off, &fdt) || !fdt ||
	    (size_t)l->size.fdtable > sizeof(fdtb) ||
	    lx_read(x, fdt, fdtb, (size_t)l->size.fdtable, "fdtable", NULL) != LS_OK) {
		model_warn(x->m, "pid %llu: fd table of files_struct 0x%llx unreadable",
			   (unsigned long long)pr->pid, (unsigned long long)files);
		return LS_OK;
	}
	max = lx_get(fdtb, sizeof(fdtb), &l->fdt_max_fds);
	fdarr = lx_get(fdtb, sizeof(fdtb), &l->fdt_fd);
	if (max > LX_MAX_FDS) {
		model_warn(x->m, "pid %llu: max_fds %llu, reading the first %u",
			   (unsigned long long)pr->pid, (unsigned long long)max,
			   LX_MAX_FDS);
		max = LX_MAX_FDS;
	}
	if (!max || !fdarr)
		return LS_OK;
	/* a struct file lives in the direct map */
	hi = lo + (di && di->phys_end ? di->phys_end : (1ull << 46));
	open = read_open_fds(x, lx_get(fdtb, sizeof(fdtb), &l->fdt_open_fds), max);
	if (open) {
		for (i = 0; i < (max + 63) / 64; i++)
			nopen += (uint64_t)__builtin_popcountll(open[i]);
		pr->handle_count = (struct ls_opt){ nopen, true };
	}
	fds = malloc(max * 8);
	if (!fds) {
		free(open);
		return LS_ERR_NOMEM;
	}
	if (lx_read(x, fdarr, fds, max * 8, "fd array", NULL) != LS_OK) {
		model_warn(x->m, "pid %llu: fd array at 0x%llx (%llu fds) unreadable",
			   (unsigned long long)pr->pid, (unsigned long long)fdarr,
			   (unsigned long long)max);
		free(fds);
		free(open);
		return LS_OK;
	}
	for (i = 0; i < max; i++) {
		struct ls_handle h = { 0 };
		uint64_t obj;
		uint32_t flags = 0;

		if (!fds[i])
			continue;
		/* only fds the kernel marks open, pointing where files live */
		if ((open && !(open[i / 64] & (1ull << (i % 64)))) ||
		    fds[i] < lo || fds[i] >= hi || (fds[i] & 7)) {
			bad++;
			continue;
		}
		if (!lx_map_get(c->objects, fds[i], &obj)) {
			obj = add_file_object(c, fds[i]);
			if (obj == LS_NONE || !lx_map_put(c->objects, fds[i], obj)) {
				st = LS_ERR_NOMEM;
				break;
			}
			flags = (uint32_t)lx_get(c->fbuf, (size_t)l->size.file,
						 &l->file_flags);
		} else if (l->file_flags.off >= 0) {
			lx_u32(x, fds[i] + (uint64_t)l->file_flags.off, &flags);
		}
		h.value = i;
		h.entry = fdarr + 8 * i;
		h.process = p;
		h.object = (uint32_t)obj;
		h.access = flags;       /* the file's open flags (O_*) */
		if (model_add_handle(x->m, &h) == LS_NONE) {
			st = LS_ERR_NOMEM;
			break;
		}
		x->m->objects[obj].handle_count++;
	}
	if (bad)
		model_warn(x->m, "pid %llu: %llu fd slots not open or not pointing "
			   "at a struct file: skipped", (unsigned long long)pr->pid,
			   (unsigned long long)bad);
	free(fds);
	free(open);
	return st;
}

enum ls_status lx_read_files(struct lx *x, struct ls_err *err)
{
	const struct lx_layout *l = &x->l;
	struct files_ctx c = { .x = x };
	uint64_t a;
	enum ls_status st = LS_OK;
	uint32_t p, nprocs = x->m->nprocesses;

	if ((a = lx_sym(x, "anon_inode_inode")))
		lx_u64(x, a, &c.anon_inode);
	c.objects = lx_map_create();
	c.paths = lx_map_create();
	c.fbuf = malloc((size_t)l->size.file);
	c.dbuf = malloc((size_t)l->size.dentry);
	c.mbuf = malloc((size_t)l->size.mount);
	if (!c.objects || !c.paths || !c.fbuf || !c.dbuf || !c.mbuf)
		st = LS_ERR_NOMEM;
	for (p = 0; st == LS_OK && p < nprocs && p < x->cap_proc_files; p++) {
		if (x->proc_mm[p])
			read_mm(&c, p, x->proc_mm[p]);
		if (x->proc_files[p])
			st = read_fd_table(&c, p, x->proc_files[p]);
	}
	/* per kind: objects and fds, as counted here */
	for (uint32_t i = 0; i < x->m->nobjects; i++) {
		const struct ls_object *o = &x->m->objects[i];
		if (o->type != LS_NONE && o->type < x->m->ntypes) {
			x->m->types[o->type].total_objects++;
			x->m->types[o->type].total_handles += (uint32_t)o->handle_count;
		}
	}
	lx_map_destroy(c.objects);
	lx_map_destroy(c.paths);
	free(c.fbuf);
	free(c.dbuf);
	free(c.mbuf);
	if (st == LS_ERR_NOMEM)
		return ls_err_set(err, st, "file descriptors: out of memory");
	ls_err_clear(err);
	return LS_OK;
}
