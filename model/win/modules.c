/* model/win/modules.c — kernel modules (PsLoadedModuleList), a process's
 * DLLs (PEB.Ldr, read through the process's own DTB), and the exports of
 * every image in memory as module symbols (module!export).
 *
 * A DLL mapped at the same base with the same size and name in several
 * processes is parsed once; later copies reuse its exports.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "winctx.h"

#define MOD_NAME_MAX 260
#define MOD_PATH_MAX 1024

struct export_sink {
	struct model *m;
	uint32_t module;
};

static void add_export(void *arg, const char *name, uint64_t addr)
{
	struct export_sink *s = arg;
	struct ls_symbol sym;

	sym.addr = addr;
	sym.name = model_strdup(s->m, name);
	sym.module = s->module;
	model_add_symbol(s->m, &sym);
}

/* Where each module's exports sit in model.symbols (before model_finish
 * symbols stay in the order they were added, one run per module). */
static bool note_symbols(struct win_ctx *c, uint32_t mod, uint32_t first, uint32_t n)
{
	if (!win_table_reserve((void **)&c->mod_syms, &c->mod_syms_cap, mod,
			       sizeof(*c->mod_syms), 256))
		return false;
	c->mod_syms[mod].first = first;
	c->mod_syms[mod].count = n;
	return true;
}

/* Exports of the same image already parsed for another process, if any. */
static bool reuse_exports(struct win_ctx *c, uint32_t mod)
{
	const struct ls_module *nm = &c->m->modules[mod];
	uint32_t src = addrmap_get(&c->dll_by_base, nm->base), s, first, n;
	const struct ls_module *om;

	if (src == UINT32_MAX || src >= c->mod_syms_cap) {
		addrmap_put(&c->dll_by_base, nm->base, mod);
		return false;
	}
	om = &c->m->modules[src];
	if (om->size != nm->size || !om->name || !nm->name || strcmp(om->name, nm->name))
		return false;
	first = c->m->nsymbols;
	n = c->mod_syms[src].count;
	for (s = c->mod_syms[src].first; s < c->mod_syms[src].first + n; s++) {
		struct ls_symbol copy = c->m->symbols[s];

		copy.module = mod;
		model_add_symbol(c->m, &copy);
	}
	note_symbols(c, mod, first, n);
	return true;
}

static void read_exports(struct win_ctx *c, uint32_t mod, uint64_t dtb)
{
	struct export_sink sink = { c->m, mod };
	const struct ls_module *md = &c->m->modules[mod];
	uint64_t base = md->base, size = md->size;
	const char *name = md->name ? md->name : "?";
	uint32_t first = c->m->nsymbols;
	struct ls_err err;
	uint32_t count;

	if (dtb && reuse_exports(c, mod))
		return;
	if (pe_read_exports(c->d, dtb, base, size, add_export, &sink, &count,
			    &err) != LS_OK)
		model_warn(c->m, "exports of %s at 0x%" PRIx64 ": %s", name, base, err.msg);
	note_symbols(c, mod, first, c->m->nsymbols - first);
}

/* Walk a loader list of entries whose layout is given; dtb 0 = kernel. */
/* Kernel (KLDR) and user (LDR) loader entries share the fields used, at
 * offsets the profile gives for each. The walk stops at the head, at a link
 * seen before (a cycle), at a bad link or after WIN_MAX_MODULES entries;
 * entries with no DllBase (the list's own bookkeeping) are skipped. */
static void walk_ldr_list(struct win_ctx *c, uint64_t dtb, uint64_t head,
			  uint32_t process, bool kernel, const char *what)
{
	const struct win_layout *L = &c->L;
	const struct profile_field *links = kernel ? &L->kldr_links : &L->ldr_links;
	const struct profile_field *f_base = kernel ? &L->kldr_dll_base : &L->ldr_dll_base;
	const struct profile_field *f_size = kernel ? &L->kldr_size : &L->ldr_size;
	const struct profile_field *f_full = kernel ? &L->kldr_full_name : &L->ldr_full_name;
	const struct profile_field *f_base_name = kernel ? &L->kldr_base_name : &L->ldr_base_name;
	size_t len = (size_t)(kernel ? L->size.kldr_entry : L->size.ldr_entry);
	char name[MOD_NAME_MAX], path[MOD_PATH_MAX];
	uint8_t buf[0x400], h[16];
	struct addrmap seen;
	struct ls_err err;
	uint64_t link;
	uint32_t count = 0;

	if (len > sizeof(buf) || len < (size_t)win_field_end(f_base_name))
		len = sizeof(buf) < (size_t)win_field_end(f_base_name) ? sizeof(buf)
			: (size_t)win_field_end(f_base_name);
	if (dump_read_va(c->d, dtb, head, h, sizeof(h), what, &err) != LS_OK) {
		model_warn(c->m, "%s", err.msg);
		return;
	}
	addrmap_init(&seen);
	link = win_get(h, 16, &L->list_flink);
	while (link != head) {
		uint64_t entry = link - (uint64_t)links->offset;
		struct ls_module r;
		uint32_t mod;

		if (count++ >= WIN_MAX_MODULES || !link || !dump_va_canonical(link) ||
		    addrmap_get(&seen, link) != UINT32_MAX) {
			model_warn(c->m, "%s: bad link, cycle or too many entries at 0x%"
				   PRIx64 "; stopped", what, link);
			break;
		}
		addrmap_put(&seen, link, 1);
		if (dump_read_va(c->d, dtb, entry, buf, len, what, &err) != LS_OK) {
			model_warn(c->m, "%s", err.msg);
			break;
		}
		memset(&r, 0, sizeof(r));
		r.base = win_get(buf, len, f_base);
		r.size = win_get(buf, len, f_size);
		r.process = process;
		if (win_ustr(c, dtb, buf, len, f_base_name->offset, name, sizeof(name),
			     "module name", &err) != LS_OK)
			model_warn(c->m, "%s at 0x%" PRIx64 ": %s", what, entry, err.msg);
		if (win_ustr(c, dtb, buf, len, f_full->offset, path, sizeof(path),
			     "module path", &err) != LS_OK)
			path[0] = '\0';
		r.name = model_strdup(c->m, name[0] ? name : "?");
		r.path = path[0] ? model_strdup(c->m, path) : NULL;
		link = win_get_at(buf, len, links->offset, &L->list_flink);
		if (!r.base)
			continue;
		mod = model_add_module(c->m, &r);
		if (mod != LS_NONE)
			read_exports(c, mod, dtb);
	}
	addrmap_deinit(&seen);
}

void win_read_kernel_modules(struct win_ctx *c)
{
	uint64_t head = win_sym(c, c->L.sym.PsLoadedModuleList);
	uint32_t before = c->m->nmodules;

	walk_ldr_list(c, 0, head, LS_NONE, true, "PsLoadedModuleList");
	if (c->m->nmodules > before && c->m->modules[before].base != c->kbase)
		model_warn(c->m, "the first loaded module is at 0x%" PRIx64
			   ", not at the kernel base 0x%" PRIx64,
			   c->m->modules[before].base, c->kbase);
}

void win_read_process_modules(struct win_ctx *c, uint32_t p, uint64_t ldr)
{
	const struct ls_process *pr = &c->m->processes[p];
	char what[64];

	if (!ldr || !pr->dtb)
		return;
	snprintf(what, sizeof(what), "DLL list of pid %" PRIu64, pr->pid);
	walk_ldr_list(c, pr->dtb, ldr + (uint64_t)c->L.pldr_load_order.offset, p, false,
		      what);
}
