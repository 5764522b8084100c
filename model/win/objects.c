/* model/win/objects.c — object types, object headers and the directory tree.
 *
 * Types: ObTypeIndexTable read once (256 pointers), each _OBJECT_TYPE read
 * whole. Objects: one record per distinct _OBJECT_HEADER, read together with
 * its optional headers in one read; the type index is decoded with
 * ObHeaderCookie and the header address; the name comes from NAME_INFO and
 * the full path from the parent directory's path (computed recursively, so
 * directories outside the walked tree still get paths). The directory tree
 * from ObpRootDirectoryObject is walked once, bounded in depth and size, so
 * named objects nobody holds a handle to are in the model too.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

#define OBJ_NAME_MAX   512
#define OBJ_PATH_MAX   2048
#define OPT_HEADERS_MAX 0x100   /* sum of all optional headers is 0xa4 */
#define DIR_BUCKETS    37
#define DIR_CHAIN_MAX  100000

/* --- types ----------------------------------------------------------------- */

static void read_infomask_table(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	struct ls_err err;
	unsigned m, b;

	if (dump_read_kv(c->d, win_sym(c, L->sym.ObpInfoMaskToOffset),
			 c->infomask_offset, sizeof(c->infomask_offset),
			 "ObpInfoMaskToOffset", &err) == LS_OK)
		return;
	model_warn(c->m, "%s; computing it from the optional header sizes", err.msg);
	for (m = 0; m < 256; m++) {
		int64_t sum = 0;

		for (b = 0; b < 8; b++)
			if (m & (1u << b))
				sum += L->opt_header_size[b] > 0 ? L->opt_header_size[b] : 0;
		c->infomask_offset[m] = (uint8_t)(sum > 255 ? 255 : sum);
	}
}

static void add_type(struct win_ctx *c, unsigned index, uint64_t addr)
{
	const struct win_layout *L = &c->L;
	size_t len = (size_t)L->size.object_type;
	uint8_t buf[0x400];
	char name[128];
	struct ls_type t;
	struct ls_err err;
	uint32_t rec;

	if (len > sizeof(buf) || len < 0x40)
		len = sizeof(buf) < 0xd8 ? sizeof(buf) : 0xd8;
	if (dump_read_kv(c->d, addr, buf, len, "OBJECT_TYPE", &err) != LS_OK) {
		model_warn(c->m, "object type %u: %s", index, err.msg);
		return;
	}
	if (win_ustr(c, 0, buf, len, L->ot_name.offset, name, sizeof(name),
		     "object type name", &err) != LS_OK || !name[0]) {
		model_warn(c->m, "object type %u at 0x%" PRIx64 ": %s", index, addr,
			   name[0] ? "" : err.msg);
		snprintf(name, sizeof(name), "Type%u", index);
	}
	if (win_get(buf, len, &L->ot_index) != index)
		model_warn(c->m, "object type %s at 0x%" PRIx64 " says index %u but sits "
			   "in ObTypeIndexTable slot %u", name, addr,
			   (unsigned)win_get(buf, len, &L->ot_index), index);
	memset(&t, 0, sizeof(t));
	t.name = model_strdup(c->m, name);
	t.addr = addr;
	t.index = index;
	t.pool_tag = (uint32_t)win_get(buf, len, &L->ot_key);
	t.total_objects = (uint32_t)win_get(buf, len, &L->ot_total_objects);
	t.total_handles = (uint32_t)win_get(buf, len, &L->ot_total_handles);
	rec = model_add_type(c->m, &t);
	if (rec == LS_NONE)
		return;
	c->type_record[index] = rec;
	if (strcmp(name, "Thread") == 0)
		c->type_thread = index;
	else if (strcmp(name, "Process") == 0)
		c->type_process = index;
	else if (strcmp(name, "Directory") == 0)
		c->type_directory = index;
}

void win_read_types(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	uint8_t table[256 * 8];
	struct ls_err err;
	uint32_t cookie;
	unsigned i;

	for (i = 0; i < 256; i++)
		c->type_record[i] = LS_NONE;
	c->type_thread = c->type_process = c->type_directory = 256;
	if (dump_read_u32(c->d, 0, win_sym(c, L->sym.ObHeaderCookie), &cookie,
			  "ObHeaderCookie", &err) == LS_OK)
		c->header_cookie = (uint8_t)cookie;
	else
		model_warn(c->m, "%s: object types cannot be decoded", err.msg);
	read_infomask_table(c);
	if (dump_read_kv(c->d, win_sym(c, L->sym.ObTypeIndexTable), table,
			 sizeof(table), "ObTypeIndexTable", &err) != LS_OK) {
		model_warn(c->m, "%s: objects will have no types", err.msg);
		return;
	}
	/* slot 0 is NULL and slot 1 is not a type; real types start at 2 */
	for (i = 2; i < 256; i++) {
		uint64_t addr = win_u64(table, sizeof(table), i * 8);

		if (!addr)
			continue;
		if (!dump_va_canonical(addr)) {
			model_warn(c->m, "ObTypeIndexTable[%u] = 0x%" PRIx64 " is not an address",
				   i, addr);
			continue;
		}
		add_type(c, i, addr);
	}
}

/* --- objects --------------------------------------------------------------- */

static uint32_t object_at_depth(struct win_ctx *c, uint64_t header, unsigned depth,
				struct ls_err *err);

/* Path of the directory whose body is dir_body ("\" for the root). */
static const char *directory_path(struct win_ctx *c, uint64_t dir_body, unsigned depth)
{
	struct ls_err err;
	uint32_t o;

	if (depth >= WIN_MAX_DIR_DEPTH)
		return NULL;
	o = object_at_depth(c, dir_body - (uint64_t)c->L.oh_body.offset, depth + 1, &err);
	if (o == LS_NONE) {
		model_warn(c->m, "directory at 0x%" PRIx64 ": %s", dir_body, err.msg);
		return NULL;
	}
	return c->m->objects[o].path;
}

/* Optional headers sit below the object header, lowest InfoMask bit
 * nearest: CREATOR_INFO (bit 0) at header - offset[mask & 1], NAME_INFO
 * (bit 1) at header - offset[mask & 3], where offset[] is
 * ObpInfoMaskToOffset (the sizes of the headers present up to that bit).
 * The path is the parent directory's path plus the name; the parent is
 * read (and its own parents) on demand, bounded in depth. */
static void decode_names(struct win_ctx *c, struct ls_object *r, const uint8_t *buf,
			 size_t len, int64_t hdr_off, uint8_t mask, unsigned depth)
{
	const struct win_layout *L = &c->L;
	char name[OBJ_NAME_MAX], path[OBJ_PATH_MAX];
	struct ls_err err;
	int64_t off;

	if (mask & 0x01) {
		off = hdr_off - c->infomask_offset[mask & 0x01];
		r->creator_pid = win_get_at(buf, len, off, &L->ohci_creator_pid);
	}
	if (!(mask & 0x02))
		return;
	off = hdr_off - c->infomask_offset[mask & 0x03];
	r->directory = win_get_at(buf, len, off, &L->ohni_directory);
	if (win_ustr(c, 0, buf, len, off + L->ohni_name.offset, name, sizeof(name),
		     "object name", &err) != LS_OK) {
		model_warn(c->m, "name of the object at 0x%" PRIx64 ": %s", r->header, err.msg);
		return;
	}
	r->name = model_strdup(c->m, name);
	if (r->body == c->root_directory) {
		r->path = model_strdup(c->m, "\\");
		r->directory = 0;
	} else if (r->directory) {
		const char *parent = directory_path(c, r->directory, depth);

		/* children of the root need no separator; decided by identity,
		 * so an odd name (empty, or holding "\\") cannot fool it */
		if (parent) {
			snprintf(path, sizeof(path), "%s%s%s", parent,
				 r->directory == c->root_directory ? "" : "\\", name);
			r->path = model_strdup(c->m, path);
		} else {
			model_warn(c->m, "object %s at 0x%" PRIx64 ": directory 0x%" PRIx64
				   " has no path (a loop of NAME_INFO.Directory?)", name, r->body,
				   r->directory);
		}
	}
}

/* Read the header and its optional headers: one read of the window below
 * and including the header; if that fails (the page below is absent), the
 * header alone and then exactly the optional headers it announces. */
static enum ls_status read_header_window(struct win_ctx *c, uint64_t header, uint8_t *buf,
					 size_t *len, int64_t *hdr_off, struct ls_err *err)
{
	size_t hsize = (size_t)c->L.size.object_header;
	size_t below = c->infomask_offset[0xFF];
	enum ls_status st;
	uint8_t mask;

	if (below > OPT_HEADERS_MAX)
		below = OPT_HEADERS_MAX;
	if (win_read_kv(c, header - below, buf, below + hsize, "OBJECT_HEADER",
			err) == LS_OK) {
		*len = below + hsize;
		*hdr_off = (int64_t)below;
		return LS_OK;
	}
	st = dump_read_kv(c->d, header, buf + below, hsize, "OBJECT_HEADER", err);
	if (st != LS_OK)
		return st;
	mask = (uint8_t)win_get_at(buf, below + hsize, (int64_t)below, &c->L.oh_info_mask);
	*len = below + hsize;
	*hdr_off = (int64_t)below;
	if (mask && c->infomask_offset[mask]) {
		size_t need = c->infomask_offset[mask];

		if (need > below)
			need = below;
		if (dump_read_kv(c->d, header - need, buf + below - need, need,
				 "optional object headers", err) != LS_OK) {
			model_warn(c->m, "object at 0x%" PRIx64 ": %s", header, err->msg);
			/* keep the header; the optional headers read as zero */
			memset(buf, 0, below);
		}
	}
	return LS_OK;
}

bool win_header_summarize(const struct win_ctx *c, uint64_t header, const uint8_t *buf,
			  size_t len, int64_t hdr_off, struct win_header_info *ret)
{
	const struct win_layout *L = &c->L;
	uint8_t stored, mask;

	memset(ret, 0, sizeof(*ret));
	if (hdr_off < 0 || (uint64_t)hdr_off + (uint64_t)L->size.object_header > len)
		return false;
	ret->pointer_count = (int64_t)win_get_at(buf, len, hdr_off, &L->oh_pointer_count);
	ret->handle_count = (int64_t)win_get_at(buf, len, hdr_off, &L->oh_handle_count);
	stored = (uint8_t)win_get_at(buf, len, hdr_off, &L->oh_type_index);
	ret->type_index = stored ^ c->header_cookie ^ (uint8_t)(header >> 8);
	mask = (uint8_t)win_get_at(buf, len, hdr_off, &L->oh_info_mask);
	ret->info_mask = mask;
	/* a name needs its string read; such headers are read again */
	if (mask & 0x02)
		return false;
	if (mask & 0x01) {
		int64_t off = hdr_off - c->infomask_offset[mask & 0x01];

		if (off < 0)
			return false;
		ret->creator_pid = win_get_at(buf, len, off, &L->ohci_creator_pid);
	}
	ret->valid = true;
	return true;
}

/* The object record from a decoded header; names come from the window. */
static uint32_t add_object(struct win_ctx *c, uint64_t header, const struct win_header_info *h,
			   const uint8_t *buf, size_t len, int64_t hdr_off, unsigned depth)
{
	struct ls_object r;
	uint32_t o;

	memset(&r, 0, sizeof(r));
	r.header = header;
	r.body = header + (uint64_t)c->L.oh_body.offset;
	r.pointer_count = h->pointer_count;
	r.handle_count = h->handle_count;
	r.creator_pid = h->creator_pid;
	r.thread = r.process = LS_NONE;
	r.type = c->type_record[h->type_index];
	if (r.type == LS_NONE)
		model_warn(c->m, "object at 0x%" PRIx64 ": type index %u decodes to "
			   "no known type", header, h->type_index);
	/* register before following names, so cycles end here */
	o = model_add_object(c->m, &r);
	if (o == LS_NONE)
		return LS_NONE;
	addrmap_put(&c->object_by_header, header, o);
	if (h->type_index == c->type_directory)
		addrmap_put(&c->dir_by_body, r.body, o);
	if (buf)
		decode_names(c, &r, buf, len, hdr_off, h->info_mask, depth);
	if (r.body == c->root_directory && !r.path)
		r.path = model_strdup(c->m, "\\");
	c->m->objects[o] = r;
	return o;
}

uint32_t win_object_from_summary(struct win_ctx *c, uint64_t header,
				 const struct win_header_info *h)
{
	return add_object(c, header, h, NULL, 0, 0, 0);
}

static uint32_t object_at_depth(struct win_ctx *c, uint64_t header, unsigned depth,
				struct ls_err *err)
{
	const struct win_layout *L = &c->L;
	uint8_t buf[OPT_HEADERS_MAX + 0x100];
	struct win_header_info h;
	int64_t hdr_off;
	size_t len;
	uint32_t o;

	o = addrmap_get(&c->object_by_header, header);
	if (o != UINT32_MAX)
		return o;
	if ((size_t)L->size.object_header > 0x100 || !dump_va_canonical(header) || !header) {
		ls_err_set(err, LS_ERR_INVALID, "object header address 0x%" PRIx64
			   " is not a kernel address", header);
		return LS_NONE;
	}
	memset(buf, 0, sizeof(buf));
	if (read_header_window(c, header, buf, &len, &hdr_off, err) != LS_OK)
		return LS_NONE;
	win_header_summarize(c, header, buf, len, hdr_off, &h);
	if (h.info_mask & 0x01)   /* summarize stops early for named objects */
		h.creator_pid = win_get_at(buf, len, hdr_off - c->infomask_offset[h.info_mask & 0x01],
					   &L->ohci_creator_pid);
	return add_object(c, header, &h, buf, len, hdr_off, depth);
}

uint32_t win_object_at(struct win_ctx *c, uint64_t header, struct ls_err *err)
{
	return object_at_depth(c, header, 0, err);
}

/* --- directory tree -------------------------------------------------------- */

struct dir_walk {
	struct addrmap walked;   /* directory bodies already enumerated */
	uint32_t entries;
};

/* An _OBJECT_DIRECTORY is 37 hash buckets, each a chain of
 * _OBJECT_DIRECTORY_ENTRY {ChainLink, Object (a body), HashValue}. Every
 * object met becomes a record; sub-directories are walked in turn. Chains
 * are bounded and each directory is walked once, so loops end. */
static void walk_directory(struct win_ctx *c, struct dir_walk *w, uint64_t body,
			   unsigned depth)
{
	const struct win_layout *L = &c->L;
	size_t dlen = (size_t)L->size.object_directory;
	uint8_t dir[0x400], ent[0x40];
	size_t elen = (size_t)L->size.object_dir_entry;
	struct ls_err err;
	unsigned b, chain;

	if (depth > WIN_MAX_DIR_DEPTH || addrmap_get(&w->walked, body) != UINT32_MAX)
		return;
	addrmap_put(&w->walked, body, 1);
	if (dlen > sizeof(dir) || dlen < DIR_BUCKETS * 8)
		dlen = DIR_BUCKETS * 8;
	if (elen > sizeof(ent) || elen < 0x18)
		elen = 0x18;
	if (dump_read_kv(c->d, body, dir, dlen, "OBJECT_DIRECTORY", &err) != LS_OK) {
		model_warn(c->m, "directory at 0x%" PRIx64 ": %s", body, err.msg);
		return;
	}
	for (b = 0; b < DIR_BUCKETS; b++) {
		uint64_t e = win_u64(dir, dlen, L->od_buckets.offset + b * 8);

		for (chain = 0; e && chain < DIR_CHAIN_MAX; chain++) {
			uint64_t obj;
			uint32_t o;

			if (++w->entries > WIN_MAX_DIR_ENTRIES) {
				model_warn(c->m, "object directory tree: more than %u entries; "
					   "stopped", WIN_MAX_DIR_ENTRIES);
				return;
			}
			if (dump_read_kv(c->d, e, ent, elen, "OBJECT_DIRECTORY_ENTRY",
					 &err) != LS_OK) {
				model_warn(c->m, "directory at 0x%" PRIx64 " bucket %u: %s",
					   body, b, err.msg);
				break;
			}
			obj = win_get(ent, elen, &L->ode_object);
			e = win_get(ent, elen, &L->ode_chain);
			if (!obj)
				continue;
			o = win_object_at(c, obj - (uint64_t)L->oh_body.offset, &err);
			if (o == LS_NONE)
				model_warn(c->m, "directory at 0x%" PRIx64 " bucket %u: %s",
					   body, b, err.msg);
			if (o != LS_NONE && c->type_directory < 256 &&
			    c->m->objects[o].type == c->type_record[c->type_directory])
				walk_directory(c, w, obj, depth + 1);
		}
		if (chain >= DIR_CHAIN_MAX)
			model_warn(c->m, "directory at 0x%" PRIx64 " bucket %u: chain longer "
				   "than %u (a cycle?)", body, b, DIR_CHAIN_MAX);
	}
}

void win_read_directories(struct win_ctx *c)
{
	struct dir_walk w = { .entries = 0 };
	struct ls_err err;
	uint64_t root;

	if (dump_read_u64(c->d, 0, win_sym(c, c->L.sym.ObpRootDirectoryObject), &root,
			  "ObpRootDirectoryObject", &err) != LS_OK) {
		model_warn(c->m, "%s: object paths unavailable", err.msg);
		return;
	}
	if (!root || !dump_va_canonical(root)) {
		model_warn(c->m, "ObpRootDirectoryObject is 0x%" PRIx64 ": object paths "
			   "unavailable", root);
		return;
	}
	c->root_directory = root;
	addrmap_init(&w.walked);
	if (win_object_at(c, root - (uint64_t)c->L.oh_body.offset, &err) == LS_NONE)
		model_warn(c->m, "root directory: %s", err.msg);
	walk_directory(c, &w, root, 0);
	addrmap_deinit(&w.walked);
}
