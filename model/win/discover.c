/* model/win/discover.c — finding the kernel: the DTB, the kernel base and
 * its PDB identity, the profile, and the dump's facts.
 *
 * DTB: a physical page that is a PML4 mapping itself through exactly one
 * entry (index 0x100..0x1FE), with no large-page bit in any present entry
 * and no entry pointing past the dump, that translates KUSER_SHARED_DATA.
 * Kernel base: a 2 MiB-aligned mapped kernel VA holding an AMD64 PE image
 * whose RSDS record names an NT kernel PDB; found by walking the kernel half
 * of the page tables (so only mapped addresses are tried), the usual range
 * 0xFFFFF800'00000000..0xFFFFF808'00000000 first.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pe.h"
#include "winctx.h"

#define PTE_PRESENT   0x1ULL
#define PTE_PS        0x80ULL
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ULL
#define PTE_2M_MASK   0x000FFFFFFFE00000ULL
#define PTE_1G_MASK   0x000FFFFFC0000000ULL
#define SELFMAP_MIN   0x100
#define SELFMAP_MAX   0x1FE
#define SIZE_2M       0x200000ULL
#define KERNEL_USUAL_LO 0xFFFFF80000000000ULL
#define KERNEL_USUAL_HI 0xFFFFF80800000000ULL
#define SCAN_CHUNK_PAGES 64
#define MAX_KERNEL_CANDIDATES (1u << 20)

/* --- DTB ----------------------------------------------------------------- */

/* Is the page at pa (its 512 entries in e) a self-mapping PML4? */
static bool looks_like_pml4(const uint64_t *e, uint64_t pa, uint64_t phys_end)
{
	unsigned i, self = 0, self_other = 0, present = 0;

	for (i = 0; i < 512; i++) {
		uint64_t v = e[i], target;

		if (!(v & PTE_PRESENT))
			continue;
		if (v & PTE_PS)
			return false;
		target = v & PTE_ADDR_MASK;
		if (phys_end && target >= phys_end)
			return false;
		present++;
		if (target == pa) {
			if (i >= SELFMAP_MIN && i <= SELFMAP_MAX)
				self++;
			else
				self_other++;
		}
	}
	return self == 1 && self_other == 0 && present >= 2;
}

static bool validate_dtb(struct dump *d, uint64_t pa)
{
	struct ls_err err;
	uint64_t kusd_pa;

	if (dump_set_kernel_dtb(d, pa, &err) != LS_OK)
		return false;
	return dump_translate(d, 0, WIN_KUSER_SHARED_DATA_VA, &kusd_pa, &err) == LS_OK &&
	       dump_phys_present(d, kusd_pa);
}

static void decode_page(const uint8_t *p, uint64_t *e)
{
	unsigned i;

	for (i = 0; i < 512; i++)
		e[i] = win_u64(p, WIN_PAGE_SIZE, i * 8);
}

/* Scan [lo, hi) page by page (read in chunks); true with *ret on a hit. */
static bool scan_range(struct dump *d, uint64_t lo, uint64_t hi,
		       uint64_t phys_end, uint8_t *buf, uint64_t *ret)
{
	uint64_t entries[512];
	struct ls_err err;
	uint64_t pa, chunk = SCAN_CHUNK_PAGES * (uint64_t)WIN_PAGE_SIZE;

	lo &= ~(uint64_t)(WIN_PAGE_SIZE - 1);
	for (pa = lo; pa < hi; pa += chunk) {
		uint64_t len = hi - pa < chunk ? hi - pa : chunk;
		uint64_t off;
		bool whole;

		len &= ~(uint64_t)(WIN_PAGE_SIZE - 1);
		if (!len)
			break;
		whole = dump_read_phys(d, pa, buf, len, "page-table scan", &err) == LS_OK;
		for (off = 0; off < len; off += WIN_PAGE_SIZE) {
			uint8_t *page = buf + off;

			if (!whole && dump_read_phys(d, pa + off, page, WIN_PAGE_SIZE,
						     "page-table scan", &err) != LS_OK)
				continue;
			decode_page(page, entries);
			if (looks_like_pml4(entries, pa + off, phys_end) &&
			    validate_dtb(d, pa + off)) {
				*ret = pa + off;
				return true;
			}
		}
	}
	return false;
}

bool win_find_dtb(struct dump *d, uint64_t *ret)
{
	static const uint64_t usual[][2] = {
		{ 0x150000, 0x2A0000 }, { 0x650000, 0x6F0000 },
	};
	const struct dump_info *info = dump_info(d);
	uint8_t *buf;
	bool found = false;
	size_t i, r;

	if (!info)
		return false;
	buf = malloc(SCAN_CHUNK_PAGES * WIN_PAGE_SIZE);
	if (!buf)
		return false;
	/* the usual windows first, clipped to what the dump holds */
	for (i = 0; !found && i < sizeof(usual) / sizeof(usual[0]); i++)
		for (r = 0; !found && r < info->nranges; r++) {
			uint64_t lo = info->ranges[r].start;
			uint64_t hi = lo + info->ranges[r].size;

			if (lo < usual[i][0])
				lo = usual[i][0];
			if (hi > usual[i][1])
				hi = usual[i][1];
			if (lo < hi)
				found = scan_range(d, lo, hi, info->phys_end, buf, ret);
		}
	for (r = 0; !found && r < info->nranges; r++)
		found = scan_range(d, info->ranges[r].start,
				   info->ranges[r].start + info->ranges[r].size,
				   info->phys_end, buf, ret);
	free(buf);
	return found;
}

/* --- kernel base ----------------------------------------------------------- */

struct candidates {
	uint64_t *va;
	size_t n, cap;
};

static void add_candidate(struct candidates *cs, uint64_t va)
{
	if (cs->n == cs->cap) {
		size_t ncap = cs->cap ? cs->cap * 2 : 256;
		uint64_t *nva;

		if (ncap > MAX_KERNEL_CANDIDATES)
			return;
		nva = realloc(cs->va, ncap * sizeof(*nva));
		if (!nva)
			return;
		cs->va = nva;
		cs->cap = ncap;
	}
	cs->va[cs->n++] = va;
}

static uint64_t canonical(uint64_t va)
{
	return (va & (1ULL << 47)) ? va | 0xFFFF000000000000ULL : va;
}

static bool read_table(struct dump *d, uint64_t pa, uint64_t *e)
{
	uint8_t page[WIN_PAGE_SIZE];
	struct ls_err err;

	if (dump_read_phys(d, pa, page, sizeof(page), "page table", &err) != LS_OK)
		return false;
	decode_page(page, e);
	return true;
}

/* Every 2 MiB-aligned kernel VA in [lo, hi) whose first page is mapped. */
static void collect_candidates(struct dump *d, uint64_t dtb, uint64_t lo,
			       uint64_t hi, struct candidates *cs)
{
	uint64_t *pml4 = malloc(3 * 512 * sizeof(uint64_t));
	uint64_t *pdpt = pml4 + 512, *pd = pml4 + 1024;
	uint64_t pt0[512];
	unsigned i, j, k, l;

	if (!pml4)
		return;
	if (!read_table(d, dtb & PTE_ADDR_MASK, pml4))
		goto out;
	for (i = 256; i < 512; i++) {
		uint64_t va_i = canonical((uint64_t)i << 39);

		if (!(pml4[i] & PTE_PRESENT) || (pml4[i] & PTE_ADDR_MASK) == (dtb & PTE_ADDR_MASK))
			continue;
		if (va_i + (1ULL << 39) <= lo || va_i >= hi)
			continue;
		if (!read_table(d, pml4[i] & PTE_ADDR_MASK, pdpt))
			continue;
		for (j = 0; j < 512; j++) {
			uint64_t va_j = va_i + ((uint64_t)j << 30);

			if (!(pdpt[j] & PTE_PRESENT) || va_j + (1ULL << 30) <= lo || va_j >= hi)
				continue;
			if (pdpt[j] & PTE_PS) {
				for (l = 0; l < 512; l++)
					if (va_j + l * SIZE_2M >= lo && va_j + l * SIZE_2M < hi)
						add_candidate(cs, va_j + l * SIZE_2M);
				continue;
			}
			if (!read_table(d, pdpt[j] & PTE_ADDR_MASK, pd))
				continue;
			for (k = 0; k < 512; k++) {
				uint64_t va_k = va_j + (uint64_t)k * SIZE_2M;

				if (!(pd[k] & PTE_PRESENT) || va_k < lo || va_k >= hi)
					continue;
				if (pd[k] & PTE_PS) {
					add_candidate(cs, va_k);
					continue;
				}
				/* only the PT's first entry matters: read it alone */
				if (dump_read_phys(d, pd[k] & PTE_ADDR_MASK, pt0, 8,
						   "page table", &(struct ls_err){0}) == LS_OK &&
				    (win_u64(pt0, 8, 0) & PTE_PRESENT))
					add_candidate(cs, va_k);
			}
		}
	}
out:
	free(pml4);
}

static bool is_kernel_pdb(const char *pdb)
{
	static const char *const names[] = {
		"ntkrnlmp.pdb", "ntoskrnl.pdb", "ntkrnlpa.pdb", "ntkrpamp.pdb",
	};
	const char *base = strrchr(pdb, '\\');
	size_t i;

	base = base ? base + 1 : pdb;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(base, names[i]) == 0)
			return true;
	return false;
}

/* The first candidate holding an AMD64 image whose CodeView record names
 * an NT kernel PDB; other images (drivers, hal) are passed over. */
static bool try_candidates(struct dump *d, const struct candidates *cs,
			   uint64_t *ret, struct pe_codeview *cv)
{
	struct ls_err err;
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (pe_read_codeview(d, 0, cs->va[i], cv, &err) == LS_OK &&
		    is_kernel_pdb(cv->pdb)) {
			*ret = cs->va[i];
			return true;
		}
	return false;
}

static bool find_kernel_base(struct dump *d, uint64_t dtb, uint64_t *ret,
			     struct pe_codeview *cv)
{
	struct candidates usual = { 0 }, rest = { 0 };
	bool found;
	size_t i;

	collect_candidates(d, dtb, KERNEL_USUAL_LO, KERNEL_USUAL_HI, &usual);
	found = try_candidates(d, &usual, ret, cv);
	if (!found) {
		collect_candidates(d, dtb, 0xFFFF800000000000ULL, UINT64_MAX, &rest);
		/* drop what the first pass already tried */
		for (i = 0; i < rest.n; i++)
			if (rest.va[i] >= KERNEL_USUAL_LO && rest.va[i] < KERNEL_USUAL_HI)
				rest.va[i] = 0;
		found = try_candidates(d, &rest, ret, cv);
	}
	free(usual.va);
	free(rest.va);
	return found;
}

/* --- profile ------------------------------------------------------------- */

/* --profile wins (a GUID mismatch is only a warning: the user asked for
 * it); otherwise the set of --symbols files plus the built-in profile is
 * searched by the kernel's GUID and age. --symbols paths that fail to load
 * are warnings, since another path may still hold the right file. */
static enum ls_status choose_profile(struct win_ctx *c, const struct pe_codeview *cv,
				     bool have_cv, struct ls_err *err)
{
	const struct load_options *o = c->opt;
	enum ls_status st;
	unsigned i;

	if (o && o->profile) {
		st = profile_load_isf(o->profile, &c->own_profile, err);
		if (st != LS_OK)
			return ls_err_prepend(err, "--profile %s", o->profile);
		c->prof = c->own_profile;
		if (have_cv && (strcasecmp(profile_guid(c->prof), cv->guid) != 0 ||
				profile_age(c->prof) != cv->age))
			model_warn(c->m, "profile %s is for GUID %s age %u but the kernel's "
				   "RSDS record says GUID %s age %u; using it as asked",
				   profile_name(c->prof), profile_guid(c->prof),
				   profile_age(c->prof), cv->guid, cv->age);
		return LS_OK;
	}
	if (!have_cv)
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "the kernel image at 0x%" PRIx64 " has no readable RSDS record: "
				  "pass --profile with its ISF", c->kbase);
	c->profiles = profile_set_create();
	if (!c->profiles)
		return ls_err_set(err, LS_ERR_NOMEM, "profile set: out of memory");
	for (i = 0; o && i < o->nsymbols && i < LOAD_MAX_PATHS; i++) {
		struct ls_err e2;

		ls_err_clear(&e2);
		if (profile_set_add_path(c->profiles, o->symbols[i], &e2) != LS_OK)
			model_warn(c->m, "--symbols %s: %s", o->symbols[i], e2.msg);
	}
	c->prof = profile_set_find(c->profiles, cv->guid, cv->age);
	if (!c->prof)
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "no profile for %s GUID %s age %u: pass --symbols with its "
				  "ISF (Volatility 3 symbol packs have them)",
				  cv->pdb[0] ? cv->pdb : "ntkrnlmp.pdb", cv->guid, cv->age);
	return LS_OK;
}

/* --- facts ----------------------------------------------------------------- */

/* The facts --info and the Summary show. KUSER_SHARED_DATA (read whole)
 * gives the version, CPU count, time and tick count; the NtBuildNumber and
 * KeNumberProcessors globals stand in if it is missing. The build number's
 * top nibble is 0xF for free builds: only the low 16 bits are the build. */
static void read_facts(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	struct ls_dump_facts *f = &c->m->facts;
	size_t klen = L->size.kuser_shared_data > 0 ? (size_t)L->size.kuser_shared_data : 0x720;
	uint8_t *k = malloc(klen);
	uint32_t build = 0, major = 10, minor = 0, product = 1, v32;
	struct ls_err err;
	const char *family;

	f->os = LS_OS_WINDOWS;
	f->dtb = c->dtb;
	f->kernel_base = c->kbase;
	snprintf(f->profile, sizeof(f->profile), "%s", profile_name(c->prof));
	snprintf(f->pdb_guid, sizeof(f->pdb_guid), "%s", c->guid);
	f->pdb_age = c->age;

	if (k && dump_read_kv(c->d, WIN_KUSER_SHARED_DATA_VA, k, klen,
			      "KUSER_SHARED_DATA", &err) == LS_OK) {
		build = (uint32_t)win_get(k, klen, &L->kusd_build_number);
		major = (uint32_t)win_get(k, klen, &L->kusd_major);
		minor = (uint32_t)win_get(k, klen, &L->kusd_minor);
		product = (uint32_t)win_get(k, klen, &L->kusd_product_type);
		f->cpus = (uint32_t)win_get(k, klen, &L->kusd_cpu_count);
		f->tick_multiplier = (uint32_t)win_get(k, klen, &L->kusd_tick_multiplier);
		/* _KSYSTEM_TIME: LowPart at +0, High1Time at +4 */
		f->system_time = win_u64(k, klen, L->kusd_system_time.offset);
		f->tick_count = win_u64(k, klen, L->kusd_tick_count.offset);
	} else {
		model_warn(c->m, "%s", err.msg);
	}
	free(k);
	if (!build && dump_read_u32(c->d, 0, win_sym(c, L->sym.NtBuildNumber), &v32,
				    "NtBuildNumber", &err) == LS_OK)
		build = v32;
	build &= 0xFFFF;
	if (!f->cpus && dump_read_u32(c->d, 0, win_sym(c, L->sym.KeNumberProcessors),
				      &v32, "KeNumberProcessors", &err) == LS_OK)
		f->cpus = v32 & 0xFFFF;
	if (dump_read_u32(c->d, 0, win_sym(c, L->sym.NtGlobalFlag), &v32,
			  "NtGlobalFlag", &err) == LS_OK)
		f->nt_global_flag = v32;
	else
		model_warn(c->m, "%s", err.msg);
	if (product != 1)
		family = "Windows Server";
	else if (major == 10 && build >= 22000)
		family = "Windows 11";
	else if (major == 10)
		family = "Windows 10";
	else
		family = "Windows";
	snprintf(f->build, sizeof(f->build), "%s x64 %u.%u.%u", family, major,
		 minor, build);
	c->cpus = f->cpus;

	if (dump_read_u32(c->d, 0, win_sym(c, L->sym.ExpFreeListCount), &v32,
			  "ExpFreeListCount", &err) == LS_OK && v32 <= WIN_MAX_FREE_LISTS)
		c->free_list_count = v32;
	else
		model_warn(c->m, "ExpFreeListCount unreadable or absurd: handle counts "
			   "fall back to counting live entries");
}

/* KdVersionBlock.KernBase and PsNtosImageBase should both name the base. */
static void cross_check_base(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	uint8_t kdv[0x28];
	uint64_t v;
	struct ls_err err;

	if (dump_read_kv(c->d, win_sym(c, L->sym.KdVersionBlock), kdv, sizeof(kdv),
			 "KdVersionBlock", &err) == LS_OK) {
		v = win_get(kdv, sizeof(kdv), &L->kdv_kern_base);
		if (v != c->kbase)
			model_warn(c->m, "KdVersionBlock.KernBase is 0x%" PRIx64
				   " but the kernel image is at 0x%" PRIx64, v, c->kbase);
	} else {
		model_warn(c->m, "%s", err.msg);
	}
	if (dump_read_u64(c->d, 0, win_sym(c, L->sym.PsNtosImageBase), &v,
			  "PsNtosImageBase", &err) == LS_OK) {
		if (v != c->kbase)
			model_warn(c->m, "PsNtosImageBase is 0x%" PRIx64
				   " but the kernel image is at 0x%" PRIx64, v, c->kbase);
	} else {
		model_warn(c->m, "%s", err.msg);
	}
}

/* The scan may have found any process's PML4 (all map the kernel half);
 * the kernel's own is the System process's DirectoryTableBase. */
static void prefer_system_dtb(struct win_ctx *c)
{
	const struct win_layout *L = &c->L;
	uint64_t sys, dtb;
	struct ls_err err;

	if (dump_read_u64(c->d, 0, win_sym(c, L->sym.PsInitialSystemProcess), &sys,
			  "PsInitialSystemProcess", &err) != LS_OK) {
		model_warn(c->m, "%s", err.msg);
		return;
	}
	if (!sys || !dump_va_canonical(sys)) {
		model_warn(c->m, "PsInitialSystemProcess is 0x%" PRIx64, sys);
		return;
	}
	if (dump_read_u64(c->d, 0, sys + (uint64_t)L->kproc_dtb.offset, &dtb,
			  "System's DirectoryTableBase", &err) != LS_OK) {
		model_warn(c->m, "%s", err.msg);
		return;
	}
	dtb &= PTE_ADDR_MASK;
	if (!dtb || dtb == c->dtb)
		return;
	if (validate_dtb(c->d, dtb)) {
		c->dtb = dtb;
		return;
	}
	model_warn(c->m, "System's DirectoryTableBase 0x%" PRIx64 " does not map the kernel; "
		   "keeping 0x%" PRIx64, dtb, c->dtb);
	dump_set_kernel_dtb(c->d, c->dtb, &err);
}

enum ls_status win_discover(struct win_ctx *c, struct ls_err *err)
{
	const struct load_options *o = c->opt;
	const struct dump_info *info = dump_info(c->d);
	struct pe_codeview cv;
	bool have_cv = false;
	enum ls_status st;

	memset(&cv, 0, sizeof(cv));
	c->phys_end = info ? info->phys_end : 0;
	if (o && o->dtb) {
		c->dtb = o->dtb & PTE_ADDR_MASK;
		st = dump_set_kernel_dtb(c->d, c->dtb, err);
		if (st != LS_OK)
			return ls_err_prepend(err, "--dtb 0x%" PRIx64, o->dtb);
	} else if (!win_find_dtb(c->d, &c->dtb)) {
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "no Windows x64 page-table root (self-mapping PML4) found: "
				  "pass --dtb");
	}

	if (o && o->kernel_base) {
		c->kbase = o->kernel_base;
		have_cv = pe_read_codeview(c->d, 0, c->kbase, &cv, err) == LS_OK;
		if (!have_cv)
			model_warn(c->m, "--kernel-base 0x%" PRIx64 ": %s", c->kbase, err->msg);
	} else {
		if (!find_kernel_base(c->d, c->dtb, &c->kbase, &cv))
			return ls_err_set(err, LS_ERR_NOTFOUND,
					  "no ntoskrnl image (MZ/PE with an RSDS record naming "
					  "ntkrnlmp.pdb) found in kernel memory: pass --kernel-base");
		have_cv = true;
	}

	st = choose_profile(c, &cv, have_cv, err);
	if (st != LS_OK)
		return st;
	st = win_layout_resolve(c->prof, &c->L, err);
	if (st != LS_OK)
		return ls_err_prepend(err, "profile %s", profile_name(c->prof));
	if (have_cv) {
		snprintf(c->guid, sizeof(c->guid), "%s", cv.guid);
		c->age = cv.age;
	} else {
		snprintf(c->guid, sizeof(c->guid), "%s", profile_guid(c->prof));
		c->age = profile_age(c->prof);
	}
	cross_check_base(c);
	if (!(o && o->dtb))
		prefer_system_dtb(c);
	read_facts(c);
	return LS_OK;
}
