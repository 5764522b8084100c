/* model/symbols.c — address -> "module!function+0xoff", module lookup,
 * symbol lookup by name, and the user's symbol files (--symfile).
 *
 * Relies on model_finish()'s order: modules by (process, base) with the
 * kernel's (process LS_NONE) last, symbols by (module, addr) with each
 * module's slice, symbols of no module last.
 */
#include "symbols.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tree_internal.h"

/* The NT kernel's image names; WinDbg calls the module "nt". */
static const char *const nt_images[] = {
	"ntoskrnl", "ntkrnlmp", "ntkrnlpa", "ntkrpamp",
};

const char *model_module_short_name(const char *name, char *buf, size_t len)
{
	const char *base, *dot;
	size_t n;

	if (!len)
		return buf;
	if (!name) {
		snprintf(buf, len, "?");
		return buf;
	}
	/* a path may have slipped in: keep the file name */
	base = strrchr(name, '\\');
	base = base ? base + 1 : name;
	if (strrchr(base, '/'))
		base = strrchr(base, '/') + 1;
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	for (size_t i = 0; i < sizeof(nt_images) / sizeof(nt_images[0]); i++)
		if (n == strlen(nt_images[i]) && strncasecmp(base, nt_images[i], n) == 0) {
			snprintf(buf, len, "nt");
			return buf;
		}
	snprintf(buf, len, "%.*s", (int)n, base);
	return buf;
}

/* The module of slice [first, first + n) (sorted by base) holding addr. */
static uint32_t module_in_slice(const struct model *m, uint32_t first,
				uint32_t n, uint64_t addr)
{
	uint32_t lo = first, hi = first + n;

	/* last module whose base <= addr */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->modules[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* modules may nest or overlap (bad data): look back a little */
	for (uint32_t i = lo, tries = 0; i > first && tries < 4; i--, tries++) {
		const struct ls_module *mod = &m->modules[i - 1];

		if (addr - mod->base < mod->size)
			return i - 1;
	}
	return LS_NONE;
}

uint32_t model_module_at(const struct model *m, uint64_t addr, uint32_t p)
{
	uint32_t i;

	if (!m || !m->index)
		return LS_NONE;
	i = module_in_slice(m, m->index->first_kmodule, m->index->nkmodules, addr);
	if (i == LS_NONE && p < m->nprocesses)
		i = module_in_slice(m, m->processes[p].first_module,
				    m->processes[p].nmodules, addr);
	return i;
}

/* The last symbol of slice [first, first + n) (sorted by addr) at or before
 * addr, or LS_NONE. */
static uint32_t symbol_before(const struct model *m, uint32_t first,
			      uint32_t n, uint64_t addr)
{
	uint32_t lo = first, hi = first + n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->symbols[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > first ? lo - 1 : LS_NONE;
}

/* Symbols of no module (a System.map without a kernel module record) are
 * used only between two of them and within this distance of the first. */
#define FREE_SYMBOL_REACH 0x100000

const char *model_symbolize(const struct model *m, uint64_t addr, uint32_t p,
			    char *buf, size_t len)
{
	char mod[128];
	uint32_t mi, si;

	if (!buf || !len)
		return buf;
	mi = model_module_at(m, addr, p);
	if (mi != LS_NONE) {
		const struct ls_module *md = &m->modules[mi];

		model_module_short_name(md->name, mod, sizeof(mod));
		si = symbol_before(m, md->first_symbol, md->nsymbols, addr);
		if (si == LS_NONE)
			snprintf(buf, len, "%s+0x%" PRIx64, mod, addr - md->base);
		else if (m->symbols[si].addr == addr)
			snprintf(buf, len, "%s!%s", mod, m->symbols[si].name);
		else
			snprintf(buf, len, "%s!%s+0x%" PRIx64, mod,
				 m->symbols[si].name, addr - m->symbols[si].addr);
		return buf;
	}
	if (m && m->index && m->index->nfree_symbols) {
		const struct model_index *ix = m->index;

		si = symbol_before(m, ix->first_free_symbol, ix->nfree_symbols, addr);
		if (si != LS_NONE && si + 1 < ix->first_free_symbol + ix->nfree_symbols &&
		    addr - m->symbols[si].addr < FREE_SYMBOL_REACH) {
			if (m->symbols[si].addr == addr)
				snprintf(buf, len, "%s", m->symbols[si].name);
			else
				snprintf(buf, len, "%s+0x%" PRIx64, m->symbols[si].name,
					 addr - m->symbols[si].addr);
			return buf;
		}
	}
	snprintf(buf, len, "0x%" PRIx64, addr);
	return buf;
}

/* Does module mi's WinDbg name (or file name) equal want (case-insensitive)? */
static bool module_named(const struct model *m, uint32_t mi, const char *want,
			 size_t wlen)
{
	char shortname[128];
	const char *full;

	if (mi == LS_NONE || mi >= m->nmodules)
		return false;
	full = m->modules[mi].name ? m->modules[mi].name : "";
	model_module_short_name(full, shortname, sizeof(shortname));
	if (strlen(shortname) == wlen && strncasecmp(shortname, want, wlen) == 0)
		return true;
	if (strlen(full) == wlen && strncasecmp(full, want, wlen) == 0)
		return true;
	/* "ntoskrnl!X" still finds nt's symbols */
	if (strcmp(shortname, "nt") == 0) {
		const char *dot = strrchr(full, '.');
		size_t n = dot ? (size_t)(dot - full) : strlen(full);
		return n == wlen && strncasecmp(full, want, wlen) == 0;
	}
	return false;
}

uint32_t model_symbol_by_name(const struct model *m, const char *qualified)
{
	const struct model_index *ix;
	const char *bang, *name;
	uint32_t lo, hi;

	if (!m || !(ix = m->index) || !qualified)
		return LS_NONE;
	bang = strchr(qualified, '!');
	name = bang ? bang + 1 : qualified;
	lo = 0;
	hi = ix->nsym_by_name;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = m->symbols[ix->sym_by_name[mid]].name;

		if (strcmp(s ? s : "", name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->nsym_by_name; lo++) {
		uint32_t si = ix->sym_by_name[lo];
		const char *s = m->symbols[si].name;

		if (strcmp(s ? s : "", name) != 0)
			break;
		if (!bang || module_named(m, m->symbols[si].module, qualified,
					  (size_t)(bang - qualified)))
			return si;
	}
	return LS_NONE;
}

/* ---- symbol files ------------------------------------------------------ */

/* Parse a hex address: "0xfffff804...", "fffff804`12345678", "FFFF...". */
static bool parse_addr(const char *s, uint64_t *ret)
{
	uint64_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int d;

		if (*s == '`')
			continue;
		if (!isxdigit((unsigned char)*s))
			return false;
		d = isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10;
		if (++digits > 16)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	if (!digits)
		return false;
	*ret = v;
	return true;
}

/* Add name at addr to every module that holds addr and matches modname
 * (NULL: any). Without modname, an address in no module becomes a symbol
 * of no module. Returns how many were added, or -1 on out of memory. */
static int add_file_symbol(struct model *m, const char *modname, size_t modlen,
			   const char *name, uint64_t addr)
{
	struct ls_symbol s = { .addr = addr };
	int added = 0;

	s.name = model_strdup(m, name);
	if (!s.name)
		return -1;
	/* modules are few next to symbols; a scan keeps this simple and
	 * correct for DLLs loaded at the same base in many processes */
	for (uint32_t i = 0; i < m->nmodules; i++) {
		const struct ls_module *md = &m->modules[i];

		if (addr - md->base >= md->size)
			continue;
		if (modname && !module_named(m, i, modname, modlen))
			continue;
		s.module = i;
		if (model_add_symbol(m, &s) == LS_NONE)
			return -1;
		added++;
		/* a kernel module is unique; stop at the first hit */
		if (md->process == LS_NONE)
			break;
	}
	if (!added && !modname) {
		s.module = LS_NONE;
		if (model_add_symbol(m, &s) == LS_NONE)
			return -1;
		added = 1;
	}
	return added;
}

/* One line of a symbol file; false (with *why) if it is not understood. */
static bool parse_symfile_line(char *line, char **ret_mod, char **ret_name,
			       uint64_t *ret_addr, const char **why)
{
	char *tok[3];
	int n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " \t", &save); t && n < 3;
	     t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	if (t || (n == 3 && strtok_r(NULL, " \t", &save))) {
		*why = "too many fields";
		return false;
	}
	if (n == 2) {
		/* module!name ADDR */
		char *bang = strchr(tok[0], '!');

		if (!bang || bang == tok[0] || !bang[1]) {
			*why = "expected \"module!name 0xADDR\"";
			return false;
		}
		if (!parse_addr(tok[1], ret_addr)) {
			*why = "bad address";
			return false;
		}
		*bang = '\0';
		*ret_mod = tok[0];
		*ret_name = bang + 1;
		return true;
	}
	if (n == 3) {
		/* nm: ADDR TYPE name */
		if (!parse_addr(tok[0], ret_addr)) {
			*why = "bad address";
			return false;
		}
		if (strlen(tok[1]) != 1 || !isalpha((unsigned char)tok[1][0])) {
			*why = "bad nm symbol type";
			return false;
		}
		*ret_mod = NULL;
		*ret_name = tok[2];
		return true;
	}
	*why = "expected \"module!name 0xADDR\" or \"ADDR T name\"";
	return false;
}

enum ls_status model_load_symfile(struct model *m, const char *path,
				  struct ls_err *err)
{
	char line[1024];
	unsigned lineno = 0, bad = 0;
	enum ls_status st = LS_OK;
	FILE *f;

	ls_err_clear(err);
	if (!m || !path)
		return ls_err_set(err, LS_ERR_INVALID, "symbol file: no model or path");
	f = fopen(path, "r");
	if (!f)
		return ls_err_set(err, LS_ERR_SYSTEM, "symbol file %s: %s", path,
				  strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *mod, *name, *end;
		const char *why = NULL;
		uint64_t addr;
		int added;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			int c;
			/* overlong line: skip the rest of it */
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			model_warn(m, "%s:%u: line too long, ignored", path, lineno);
			bad++;
			continue;
		}
		while (isspace((unsigned char)*s))
			s++;
		end = s + strlen(s);
		while (end > s && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (!*s || *s == '#')
			continue;
		if (!parse_symfile_line(s, &mod, &name, &addr, &why)) {
			model_warn(m, "%s:%u: %s, line ignored", path, lineno, why);
			bad++;
			continue;
		}
		added = add_file_symbol(m, mod, mod ? strlen(mod) : 0, name, addr);
		if (added < 0) {
			st = ls_err_set(err, LS_ERR_NOMEM, "symbol file %s:%u", path, lineno);
			break;
		}
		if (!added) {
			model_warn(m, "%s:%u: no loaded module %s holds 0x%" PRIx64 ", ignored",
				   path, lineno, mod, addr);
			bad++;
		}
	}
	if (st == LS_OK && ferror(f))
		st = ls_err_set(err, LS_ERR_SYSTEM, "symbol file %s: read error", path);
	fclose(f);
	/* after finish the new symbols need their places in the sorted array */
	if (m->finished) {
		enum ls_status ist = model_index_symbols(m);

		if (ist != LS_OK && st == LS_OK)
			st = ls_err_set(err, ist, "symbol file %s: indexing", path);
		model_query_relabel(m);
	}
	return st;
}
