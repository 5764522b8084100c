/* model/linux/modules.c — the kernel ("vmlinux", System.map symbols) and
 * loaded modules (the `modules` list) with the symbols of each module's
 * in-memory kallsyms (struct module.kallsyms: symtab + strtab), so module
 * functions resolve without the .ko. */
#include <stdlib.h>
#include <string.h>

#include "lx.h"

#define LX_MAX_MODULE_SYMS 200000u
#define LX_STT_SECTION 3
#define LX_STT_FILE 4

static bool kernel_symbol_type(char t)
{
	return strchr("TtDdBbRrWwVv", t) != NULL;
}

static enum ls_status add_kernel(struct lx *x)
{
	struct ls_module mod = { 0 };
	uint64_t text = lx_sym(x, "_text"), end = lx_sym(x, "_end");
	size_t i;

	if (!text) {
		uint64_t a;
		if (lx_vmci_num(&x->vmci, "SYMBOL(_stext)", 16, &a))
			text = a;
	}
	mod.base = text;
	mod.size = end > text ? end - text : 0;
	mod.name = "vmlinux";
	mod.process = LS_NONE;
	x->kernel_module = model_add_module(x->m, &mod);
	if (x->kernel_module == LS_NONE)
		return LS_ERR_NOMEM;
	for (i = 0; i < x->ksyms.n; i++) {
		const struct lx_ksym *k = &x->ksyms.syms[i];
		struct ls_symbol s;

		if (!kernel_symbol_type(k->type) || k->addr < text ||
		    (mod.size && k->addr >= end))
			continue;
		s.addr = k->addr;
		s.module = x->kernel_module;
		s.name = model_strdup(x->m, k->name);
		if (!s.name || model_add_symbol(x->m, &s) == LS_NONE)
			return LS_ERR_NOMEM;
	}
	return LS_OK;
}

/* The symbols of one module's kallsyms. */
static enum ls_status add_module_symbols(struct lx *x, uint32_t mi,
					 uint64_t kallsyms, const char *mname)
{
	const struct lx_layout *l = &x->l;
	uint8_t mk[64];
	uint64_t symtab, strtab, num, i, symsz;
	uint8_t *tab;

	if (l->size.mod_kallsyms <= 0 || l->size.mod_kallsyms > (int64_t)sizeof(mk) ||
	    l->size.elf64_sym <= 0 ||
	    lx_read(x, kallsyms, mk, (size_t)l->size.mod_kallsyms,
		    "mod_kallsyms", NULL) != LS_OK) {
		model_warn(x->m, "module %s: kallsyms unreadable", mname);
		return LS_OK;
	}
	symtab = lx_get(mk, sizeof(mk), &l->modks_symtab);
	strtab = lx_get(mk, sizeof(mk), &l->modks_strtab);
	num = lx_get(mk, sizeof(mk), &l->modks_num_symtab);
	symsz = (uint64_t)l->size.elf64_sym;
	if (!symtab || !strtab || num == 0 || num > LX_MAX_MODULE_SYMS) {
		model_warn(x->m, "module %s: kallsyms has %llu symbols", mname,
			   (unsigned long long)num);
		return LS_OK;
	}
	tab = malloc(num * symsz);
	if (!tab)
		return LS_ERR_NOMEM;
	if (lx_read(x, symtab, tab, num * symsz, "module symtab", NULL) != LS_OK) {
		model_warn(x->m, "module %s: symtab at 0x%llx unreadable", mname,
			   (unsigned long long)symtab);
		free(tab);
		return LS_OK;
	}
	for (i = 0; i < num; i++) {
		const uint8_t *e = tab + i * symsz;
		uint64_t value = lx_get(e, symsz, &l->sym_value);
		uint32_t name = (uint32_t)lx_get(e, symsz, &l->sym_name);
		uint8_t info = (uint8_t)lx_get(e, symsz, &l->sym_info);
		uint16_t shndx = (uint16_t)lx_get(e, symsz, &l->sym_shndx);
		char buf[128];
		struct ls_symbol s;

		if (!value || !name || shndx == 0 ||
		    (info & 0xf) == LX_STT_SECTION || (info & 0xf) == LX_STT_FILE)
			continue;
		if (!lx_cstr(x, strtab + name, buf, sizeof(buf)) || !buf[0])
			continue;
		s.addr = value;
		s.name = model_strdup(x->m, buf);
		s.module = mi;
		if (!s.name || model_add_symbol(x->m, &s) == LS_NONE) {
			free(tab);
			return LS_ERR_NOMEM;
		}
	}
	free(tab);
	return LS_OK;
}

enum ls_status lx_read_modules(struct lx *x, struct ls_err *err)
{
	const struct lx_layout *l = &x->l;
	uint64_t head = lx_sym(x, "modules"), link;
	uint32_t n = 0;
	uint8_t *buf;
	struct lx_set *seen;
	enum ls_status st;
	bool nomem = false;

	if (add_kernel(x) != LS_OK)
		return ls_err_set(err, LS_ERR_NOMEM, "modules: out of memory");
	if (!head)
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "modules: no `modules` symbol (give --system-map)");
	if (!lx_u64(x, head, &link))
		return ls_err_set(err, LS_ERR_NODATA,
				  "modules: list head at 0x%llx unreadable",
				  (unsigned long long)head);
	buf = malloc((size_t)l->size.module);
	seen = lx_set_create();
	if (!buf || !seen) {
		free(buf);
		lx_set_destroy(seen);
		return ls_err_set(err, LS_ERR_NOMEM, "modules: out of memory");
	}
	st = LS_OK;
	while (link != head && n < LX_MAX_MODULES) {
		uint64_t mod = link - (uint64_t)l->module_list.off;
		size_t len = (size_t)l->size.module;
		struct ls_module m = { 0 };
		char name[57];
		uint32_t mi;

		if (!lx_set_add(seen, mod, &nomem)) {
			if (!nomem)
				model_warn(x->m, "module list loops at 0x%llx",
					   (unsigned long long)mod);
			break;
		}
		if (lx_read(x, mod, buf, len, "struct module", err) != LS_OK) {
			ls_err_prepend(err, "module list after %u modules", n);
			model_warn(x->m, "%s", err->msg);
			break;
		}
		memset(name, 0, sizeof(name));
		if (l->module_name.size && l->module_name.size < sizeof(name))
			memcpy(name, buf + l->module_name.off, l->module_name.size);
		m.base = lx_get(buf, len, &l->module_core_base);
		m.size = lx_get(buf, len, &l->module_core_size);
		m.name = model_strdup(x->m, name);
		m.process = LS_NONE;
		mi = model_add_module(x->m, &m);
		if (mi == LS_NONE) {
			st = LS_ERR_NOMEM;
			break;
		}
		if (l->module_kallsyms.off >= 0) {
			uint64_t ks = lx_get(buf, len, &l->module_kallsyms);
			if (ks && add_module_symbols(x, mi, ks, name) == LS_ERR_NOMEM) {
				st = LS_ERR_NOMEM;
				break;
			}
		}
		n++;
		link = lx_get(buf, len, &l->module_list);
	}
	free(buf);
	lx_set_destroy(seen);
	if (st == LS_ERR_NOMEM || nomem)
		return ls_err_set(err, LS_ERR_NOMEM, "modules: out of memory");
	ls_err_clear(err);
	return LS_OK;
}
