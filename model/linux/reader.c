/* model/linux/reader.c — probe, discovery (VMCOREINFO, symbols, page
 * tables, BTF) and the order of the passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libkdumpfile/kdumpfile.h>

#include "lx.h"
#include "reader.h"

/* __START_KERNEL_map: kernel image virtual = physical + this - phys_base */
#define LX_START_KERNEL_MAP 0xffffffff80000000ull
/* The kernel's BTF is a few MB; refuse anything absurd. */
#define LX_BTF_MAX_BYTES (64u << 20)

enum ls_status lx_read(struct lx *x, uint64_t va, void *buf, size_t len,
		       const char *what, struct ls_err *err)
{
	return dump_read_kv(x->d, va, buf, len, what, err);
}

bool lx_u64(struct lx *x, uint64_t va, uint64_t *ret)
{
	return dump_read_kv(x->d, va, ret, sizeof(*ret), "u64", NULL) == LS_OK;
}

bool lx_u32(struct lx *x, uint64_t va, uint32_t *ret)
{
	return dump_read_kv(x->d, va, ret, sizeof(*ret), "u32", NULL) == LS_OK;
}

bool lx_cstr(struct lx *x, uint64_t va, char *out, size_t outlen)
{
	out[0] = '\0';
	return dump_read_cstring(x->d, 0, va, outlen - 1, out, outlen,
				 "string", NULL) == LS_OK;
}

uint64_t lx_sym(const struct lx *x, const char *name)
{
	return lx_ksym(&x->ksyms, name);
}

const char *lx_task_state_name(uint32_t state, uint32_t exit_state)
{
	if (exit_state & LX_EXIT_ZOMBIE)
		return "EXIT_ZOMBIE";
	if (exit_state & LX_EXIT_DEAD)
		return state & LX_TASK_DEAD ? "TASK_DEAD/EXIT_DEAD" : "EXIT_DEAD";
	if (state & LX_TASK_DEAD)
		return "TASK_DEAD";
	if (state == 0)
		return "TASK_RUNNING";
	if ((state & (LX_TASK_UNINTERRUPTIBLE | LX_TASK_NOLOAD)) ==
	    (LX_TASK_UNINTERRUPTIBLE | LX_TASK_NOLOAD))
		return "TASK_IDLE";
	if (state & LX_TASK_PARKED)
		return "TASK_PARKED";
	if (state & LX_TASK_INTERRUPTIBLE)
		return "TASK_INTERRUPTIBLE";
	if (state & LX_TASK_UNINTERRUPTIBLE)
		return "TASK_UNINTERRUPTIBLE";
	if (state & LX_TASK_STOPPED)
		return "TASK_STOPPED";
	if (state & LX_TASK_TRACED)
		return "TASK_TRACED";
	if (state & LX_TASK_NEW)
		return "TASK_NEW";
	return "TASK_?";
}

bool linux_probe(struct dump *d)
{
	struct lx_vmcoreinfo v;
	char rel[80];
	bool yes;

	if (lx_vmcoreinfo_get(dump_kdump_ctx(d), &v, NULL) != LS_OK)
		return false;
	yes = lx_vmci_str(&v, "OSRELEASE", rel, sizeof(rel)) && rel[0];
	lx_vmcoreinfo_free(&v);
	return yes;
}

/* What this reader can walk: x86-64 with 4-level page tables. */
static enum ls_status check_machine(struct lx *x, struct ls_err *err)
{
	const struct dump_info *di = dump_info(x->d);
	uint64_t l5 = 0;

	if (di && strcmp(di->arch, "x86_64") && strcmp(di->arch, "unknown"))
		return ls_err_set(err, LS_ERR_FORMAT,
				  "a Linux %s dump: only x86-64 is supported", di->arch);
	if (lx_vmci_num(&x->vmci, "NUMBER(pgtable_l5_enabled)", 10, &l5) && l5)
		return ls_err_set(err, LS_ERR_FORMAT,
				  "the kernel runs with 5-level page tables: not "
				  "supported (4-level only)");
	return LS_OK;
}

/* Symbols: System.map + KERNELOFFSET if given, else VMCOREINFO's. */
static enum ls_status load_symbols(struct lx *x, struct ls_err *err)
{
	uint64_t off = 0;

	if (!lx_vmci_num(&x->vmci, "KERNELOFFSET", 16, &off))
		model_warn(x->m, "VMCOREINFO has no KERNELOFFSET: assuming 0 (no KASLR)");
	x->kaslr = off;
	if (x->o && x->o->system_map) {
		enum ls_status st = lx_ksyms_load_map(x->o->system_map, off,
						      &x->ksyms, err);
		if (st != LS_OK)
			return st;
		/* the map must belong to this kernel; if not, do without it */
		uint64_t a = lx_ksym(&x->ksyms, "init_uts_ns"), b = 0;
		if (!lx_vmci_num(&x->vmci, "SYMBOL(init_uts_ns)", 16, &b) || a == b)
			return LS_OK;
		model_warn(x->m, "System.map does not match the dump (init_uts_ns "
			   "at 0x%llx, VMCOREINFO says 0x%llx): using the kernel's "
			   "kallsyms instead", (unsigned long long)a,
			   (unsigned long long)b);
		lx_ksyms_free(&x->ksyms);
	}
	/* no System.map: the kernel's own kallsyms */
	struct ls_err kerr = { 0 };
	if (lx_ksyms_from_kallsyms(x->d, &x->vmci, &x->ksyms, &kerr) == LS_OK &&
	    lx_ksym(&x->ksyms, "init_task"))
		return LS_OK;
	lx_ksyms_free(&x->ksyms);
	model_warn(x->m, "no --system-map and no usable kallsyms (%s): kernel "
		   "symbols limited to VMCOREINFO's", kerr.msg[0] ? kerr.msg :
		   "no init_task");
	return lx_ksyms_from_vmcoreinfo(&x->vmci, &x->ksyms, err);
}

/* The kernel page tables: init_top_pgt's physical address. */
static enum ls_status set_dtb(struct lx *x, struct ls_err *err)
{
	uint64_t pgd = 0, phys_base = 0, dtb;

	if (x->o && x->o->dtb) {
		dtb = x->o->dtb;
	} else {
		if (!lx_vmci_num(&x->vmci, "SYMBOL(init_top_pgt)", 16, &pgd) &&
		    !lx_vmci_num(&x->vmci, "SYMBOL(swapper_pg_dir)", 16, &pgd))
			return ls_err_set(err, LS_ERR_NOTFOUND,
					  "no init_top_pgt in VMCOREINFO (give --dtb)");
		if (!lx_vmci_num(&x->vmci, "NUMBER(phys_base)", 10, &phys_base))
			model_warn(x->m, "VMCOREINFO has no phys_base: assuming 0");
		dtb = pgd - LX_START_KERNEL_MAP + phys_base;
	}
	x->m->facts.dtb = dtb;
	return dump_set_kernel_dtb(x->d, dtb, err);
}

static enum ls_status load_btf(struct lx *x, struct ls_err *err)
{
	uint64_t start, stop;
	enum ls_status st;
	void *buf;

	if (x->o && x->o->btf) {
		st = lx_btf_from_file(x->o->btf, &x->btf, err);
		if (st == LS_OK)
			snprintf(x->m->facts.profile, sizeof(x->m->facts.profile),
				 "BTF %s", x->o->btf);
		return st;
	}
	start = lx_sym(x, "__start_BTF");
	stop = lx_sym(x, "__stop_BTF");
	if (!start || stop <= start || stop - start > LX_BTF_MAX_BYTES)
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "no BTF: give --btf FILE, or --system-map so the "
				  "kernel's own BTF (__start_BTF) can be read");
	buf = malloc(stop - start);
	if (!buf)
		return ls_err_set(err, LS_ERR_NOMEM, "BTF: out of memory");
	st = lx_read(x, start, buf, stop - start, "kernel BTF", err);
	if (st == LS_OK)
		st = lx_btf_from_buf(buf, stop - start, &x->btf, err);
	free(buf);
	if (st != LS_OK)
		return ls_err_prepend(err, "reading the kernel's BTF (give --btf)");
	snprintf(x->m->facts.profile, sizeof(x->m->facts.profile),
		 "BTF from the dump (%llu bytes at __start_BTF)",
		 (unsigned long long)(stop - start));
	return LS_OK;
}

/* page_offset_base, vmemmap_base, per-CPU offsets. */
static void read_globals(struct lx *x)
{
	uint64_t a, v;
	uint32_t n = 0;

	x->page_offset = 0xffff888000000000ull;   /* default without KASLR */
	if ((a = lx_sym(x, "page_offset_base")) && lx_u64(x, a, &v))
		x->page_offset = v;
	x->vmemmap = 0xffffea0000000000ull;
	if ((a = lx_sym(x, "vmemmap_base")) && lx_u64(x, a, &v))
		x->vmemmap = v;
	if ((a = lx_sym(x, "nr_cpu_ids")))
		lx_u32(x, a, &n);
	if (n == 0 || n > LX_MAX_CPUS) {
		if (n > LX_MAX_CPUS)
			model_warn(x->m, "nr_cpu_ids %u: reading the first %u CPUs",
				   n, LX_MAX_CPUS);
		n = n ? LX_MAX_CPUS : 1;
	}
	x->ncpus = n;
	a = lx_sym(x, "__per_cpu_offset");
	for (uint32_t i = 0; i < n; i++)
		if (!a || !lx_u64(x, a + 8ull * i, &x->percpu[i]))
			x->percpu[i] = 0;
	x->m->facts.cpus = n;
}

/* FILETIME of the Unix epoch */
#define LX_FILETIME_EPOCH 116444736000000000ull

uint64_t lx_filetime(const struct lx *x, uint64_t boot_ns)
{
	int64_t wall;

	if (!x->have_clock || !boot_ns)
		return 0;
	wall = (int64_t)boot_ns - x->offs_boot + x->offs_real;
	return wall > 0 ? (uint64_t)wall / 100 + LX_FILETIME_EPOCH : 0;
}

/* The wall clock at the last timekeeping update (shadow_timekeeper is a
 * plain struct timekeeper, kept equal to tk_core's). */
static void read_clock(struct lx *x)
{
	const struct lx_layout *l = &x->l;
	uint64_t a = lx_sym(x, "shadow_timekeeper");
	uint8_t tk[512];
	uint64_t sec;

	if (!a || l->tk_xtime_sec.off < 0 || l->tk_offs_real.off < 0 ||
	    l->tk_offs_boot.off < 0 || l->tk_offs_boot.off + 8 > (int32_t)sizeof(tk) ||
	    lx_read(x, a, tk, (size_t)l->tk_offs_boot.off + 8, "timekeeper",
		    NULL) != LS_OK)
		return;
	sec = lx_get(tk, sizeof(tk), &l->tk_xtime_sec);
	/* 2000-01-01 .. 2200-01-01, else not a clock */
	if (sec < 946684800ull || sec > 7258118400ull)
		return;
	x->offs_real = (int64_t)lx_get(tk, sizeof(tk), &l->tk_offs_real);
	x->offs_boot = (int64_t)lx_get(tk, sizeof(tk), &l->tk_offs_boot);
	x->have_clock = true;
	x->m->facts.system_time = sec * 10000000ull + LX_FILETIME_EPOCH;
}

static void read_facts(struct lx *x)
{
	struct ls_dump_facts *f = &x->m->facts;
	uint8_t uts[512];
	uint64_t a = lx_sym(x, "init_uts_ns");
	char rel[66] = "", mach[66] = "";

	f->os = LS_OS_LINUX;
	f->kernel_base = lx_sym(x, "_text");
	if (!a)
		lx_vmci_num(&x->vmci, "SYMBOL(init_uts_ns)", 16, &a);
	if (a && x->l.size.new_utsname > 0 &&
	    x->l.size.new_utsname <= (int64_t)sizeof(uts) &&
	    lx_read(x, a + (uint64_t)x->l.utsns_name.off, uts,
		    (size_t)x->l.size.new_utsname, "init_uts_ns", NULL) == LS_OK) {
		memcpy(rel, uts + x->l.uts_release.off, 65);
		memcpy(mach, uts + x->l.uts_machine.off, 65);
	} else {
		lx_vmci_str(&x->vmci, "OSRELEASE", rel, sizeof(rel));
		model_warn(x->m, "init_uts_ns unreadable: release from VMCOREINFO");
	}
	snprintf(f->build, sizeof(f->build), "Linux %s%s%s", rel,
		 mach[0] ? " " : "", mach);
}

/* Memory summary where the kernel keeps it; the rest stays invalid. */
static void read_memsum(struct lx *x)
{
	struct ls_memsum *ms = &x->m->mem;
	uint64_t a, v;

	ms->page_size = 4096;
	if ((a = lx_sym(x, "_totalram_pages")) && lx_u64(x, a, &v))
		ms->physical_pages = (struct ls_opt){ v, true };
	if ((a = lx_sym(x, "vm_zone_stat")) && x->l.enums.nr_free_pages >= 0 &&
	    lx_u64(x, a + 8ull * (uint64_t)x->l.enums.nr_free_pages, &v))
		ms->available_pages = (struct ls_opt){ v, true };
	a = lx_sym(x, "vm_node_stat");
	if (a && x->l.enums.nr_slab_reclaimable >= 0 &&
	    lx_u64(x, a + 8ull * (uint64_t)x->l.enums.nr_slab_reclaimable, &v))
		ms->slab_reclaimable = (struct ls_opt){ v, true };
	if (a && x->l.enums.nr_slab_unreclaimable >= 0 &&
	    lx_u64(x, a + 8ull * (uint64_t)x->l.enums.nr_slab_unreclaimable, &v))
		ms->slab_unreclaimable = (struct ls_opt){ v, true };
	/* vm_committed_as is a percpu_counter: its global count (pages) */
	if ((a = lx_sym(x, "vm_committed_as")) && x->l.pcpu_counter_count.off >= 0 &&
	    lx_u64(x, a + (uint64_t)x->l.pcpu_counter_count.off, &v) &&
	    (int64_t)v >= 0)
		ms->committed = (struct ls_opt){ v, true };
}

static void lx_free(struct lx *x)
{
	lx_vmcoreinfo_free(&x->vmci);
	lx_ksyms_free(&x->ksyms);
	lx_btf_free(x->btf);
	lx_set_destroy(x->tasks_seen);
	free(x->proc_files);
	free(x->proc_mm);
}

enum ls_status linux_read(struct dump *d, const struct load_options *o,
			  struct model *m, struct ls_err *err)
{
	struct lx *x = calloc(1, sizeof(*x));
	enum ls_status st;

	if (!x)
		return ls_err_set(err, LS_ERR_NOMEM, "Linux reader: out of memory");
	x->d = d;
	x->m = m;
	x->o = o;
	m->facts.os = LS_OS_LINUX;
	st = lx_vmcoreinfo_get(dump_kdump_ctx(d), &x->vmci, err);
	if (st == LS_OK)
		st = check_machine(x, err);
	if (st == LS_OK)
		st = set_dtb(x, err);
	if (st == LS_OK)
		st = load_symbols(x, err);
	if (st == LS_OK)
		st = load_btf(x, err);
	if (st == LS_OK)
		st = lx_layout_resolve(x->btf, &x->l, err);
	if (st != LS_OK) {
		lx_free(x);
		free(x);
		return ls_err_prepend(err, "Linux reader");
	}
	read_globals(x);
	read_clock(x);
	read_facts(x);
	read_memsum(x);

	/* Each pass warns and goes on; only out-of-memory stops the read. */
	enum ls_status (*const passes[])(struct lx *, struct ls_err *) = {
		lx_read_modules, lx_read_tasks, lx_read_files, lx_read_slabs,
	};
	for (size_t i = 0; i < sizeof(passes) / sizeof(passes[0]); i++) {
		struct ls_err perr = { 0 };
		st = passes[i](x, &perr);
		if (st == LS_ERR_NOMEM) {
			ls_err_set(err, st, "Linux reader: %s", perr.msg);
			break;
		}
		if (st != LS_OK)
			model_warn(m, "%s", perr.msg);
		st = LS_OK;
	}
	lx_free(x);
	free(x);
	return st;
}
