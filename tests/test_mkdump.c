/* tests/test_mkdump.c — leakscope-mkdump's dumps read back through
 * model/dump (below the Windows reader): the container, the self-mapping
 * DTB, the RSDS record at the kernel base, process and thread lists, pool
 * headers, handle-table entries; the truth file against the scenarios;
 * scale, determinism, the Win11 build; parser errors with file:line. */
#include <elf.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../fixtures/mkdump/prng.h"
#include "../fixtures/mkdump/scenario.h"
#include "../model/dump.h"
#include "../model/profile.h"
#include "../model/win/layout.h"
#include "testutil.h"

struct fx {
	struct dump *d;
	struct win_layout l;
	json_object *truth;
	uint64_t kbase;
	char path[512];
};

static bool fx_open_path(struct fx *f, const char *core, const struct profile *p)
{
	struct ls_err err;
	char tpath[600];
	uint64_t dtb;
	enum ls_status st;

	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", core);
	snprintf(tpath, sizeof(tpath), "%.*s.truth.json", (int)(strlen(core) - 5), core);
	f->truth = json_object_from_file(tpath);
	ck_assert_msg(f->truth != NULL, "truth file %s unreadable", tpath);
	st = win_layout_resolve(p ? p : profile_builtin(), &f->l, &err);
	ck_assert_ls_ok(st, &err);
	st = dump_open(core, &f->d, &err);
	ck_assert_ls_ok(st, &err);
	dtb = strtoull(json_object_get_string(json_object_object_get(f->truth, "dtb")), NULL, 16);
	st = dump_set_kernel_dtb(f->d, dtb, &err);
	ck_assert_ls_ok(st, &err);
	f->kbase = strtoull(json_object_get_string(json_object_object_get(f->truth, "kernel_base")),
			    NULL, 16);
	return true;
}

static bool fx_open(struct fx *f, const char *name)
{
	char buf[512];

	if (!test_fixture(name, buf, sizeof(buf)))
		return false;
	return fx_open_path(f, buf, NULL);
}

static void fx_close(struct fx *f)
{
	dump_destroy(f->d);
	json_object_put(f->truth);
}

static json_object *jget(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

static uint64_t jhex(json_object *o, const char *key)
{
	return strtoull(json_object_get_string(jget(o, key)), NULL, 16);
}

static int64_t jint(json_object *o, const char *key)
{
	return json_object_get_int64(jget(o, key));
}

static json_object *process_by_name(struct fx *f, const char *name)
{
	json_object *procs = jget(f->truth, "processes");

	for (size_t i = 0; i < json_object_array_length(procs); i++) {
		json_object *p = json_object_array_get_idx(procs, i);

		if (!strcmp(json_object_get_string(jget(p, "name")), name))
			return p;
	}
	return NULL;
}

static uint64_t kv64(struct fx *f, uint64_t va)
{
	struct ls_err err;
	uint64_t v = 0;
	enum ls_status st = dump_read_u64(f->d, 0, va, &v, "test", &err);

	ck_assert_ls_ok(st, &err);
	return v;
}

/* --- the container and the DTB ------------------------------------------- */

START_TEST(elf_core_is_sorted_page_aligned_and_page0_zero)
{
	char buf[512];
	FILE *fp;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[8];
	uint8_t page[4096], zero[4096] = { 0 };

	if (!test_fixture("thread-handle-leak", buf, sizeof(buf)))
		return;
	fp = fopen(buf, "rb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fread(&eh, sizeof(eh), 1, fp), 1);
	ck_assert_int_eq(eh.e_type, ET_CORE);
	ck_assert_int_eq(eh.e_machine, EM_X86_64);
	ck_assert_int_le(eh.e_phnum, 8);
	fseek(fp, (long)eh.e_phoff, SEEK_SET);
	ck_assert_int_eq(fread(ph, sizeof(ph[0]), eh.e_phnum, fp), eh.e_phnum);
	for (int i = 0; i < eh.e_phnum; i++) {
		ck_assert_int_eq(ph[i].p_type, PT_LOAD);
		ck_assert_int_eq(ph[i].p_paddr % 4096, 0);
		ck_assert_int_eq(ph[i].p_filesz % 4096, 0);
		ck_assert_uint_eq(ph[i].p_filesz, ph[i].p_memsz);
		if (i)
			ck_assert_uint_ge(ph[i].p_paddr, ph[i - 1].p_paddr + ph[i - 1].p_memsz);
	}
	ck_assert_uint_eq(ph[0].p_paddr, 0);
	fseek(fp, (long)ph[0].p_offset, SEEK_SET);
	ck_assert_int_eq(fread(page, 4096, 1, fp), 1);
	ck_assert(memcmp(page, zero, 4096) == 0);
	fclose(fp);
}
END_TEST

/* Volatility's self-reference test on one physical page. */
static bool self_ref_page(struct fx *f, uint64_t pa, int *index)
{
	uint64_t e[512];
	struct ls_err err;
	int hits = 0;

	if (dump_read_phys(f->d, pa, e, sizeof(e), "page", &err) != LS_OK)
		return false;
	for (int i = 0; i < 512; i++) {
		if ((e[i] & 1) && (e[i] & 0x80))
			return false;
		if ((e[i] & 1) && (e[i] & 0x3FFFFFFFFFF000ULL) == pa) {
			hits++;
			*index = i;
		}
	}
	return hits == 1 && *index >= 0x100 && *index <= 0x1FE;
}

START_TEST(kernel_dtb_is_the_lowest_self_map_in_the_scan_window)
{
	struct fx f;
	uint64_t dtb;
	int index = -1;

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	dtb = jhex(f.truth, "dtb");
	ck_assert_uint_ge(dtb, 0x150000);
	ck_assert_uint_lt(dtb, 0x2A0000);
	ck_assert(self_ref_page(&f, dtb, &index));
	ck_assert_int_eq(index, jint(f.truth, "self_map_index"));
	for (uint64_t pa = 0x150000; pa < dtb; pa += 4096) {
		int i;

		ck_assert_msg(!self_ref_page(&f, pa, &i), "page 0x%llx also self-maps",
			      (unsigned long long)pa);
	}
	fx_close(&f);
}
END_TEST

/* Every address the truth file names translates in its address space. */
static void translate_all(struct fx *f, const char *array, const char *key)
{
	json_object *a = jget(f->truth, array);
	struct ls_err err;

	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *o = json_object_array_get_idx(a, i);
		uint64_t va = jhex(o, key), pa;
		enum ls_status st = dump_translate(f->d, 0, va, &pa, &err);

		ck_assert_msg(st == LS_OK, "%s[%zu].%s 0x%llx: %s", array, i, key,
			      (unsigned long long)va, err.msg);
	}
}

START_TEST(every_placed_structure_translates)
{
	static const char *const names[] = { "thread-handle-leak", "process-handle-leak",
					     "directory-handle-leak", "healthy" };

	for (int n = 0; n < 4; n++) {
		struct fx f;
		json_object *mods, *procs;
		struct ls_err err;
		uint64_t pa;

		if (!fx_open(&f, names[n]))
			return;
		translate_all(&f, "processes", "eprocess");
		translate_all(&f, "threads", "ethread");
		translate_all(&f, "handles", "object");
		translate_all(&f, "named_objects", "body");
		translate_all(&f, "types", "object_type");
		ck_assert_int_eq(dump_translate(f.d, 0, 0xFFFFF78000000000ULL, &pa, &err), LS_OK);
		/* modules: kernel ones in the kernel space, DLLs in their process's */
		mods = jget(f.truth, "modules");
		procs = jget(f.truth, "processes");
		for (size_t i = 0; i < json_object_array_length(mods); i++) {
			json_object *m = json_object_array_get_idx(mods, i);
			uint64_t dtb = 0;

			if (jget(m, "pid"))
				for (size_t k = 0; k < json_object_array_length(procs); k++)
					if (jint(json_object_array_get_idx(procs, k), "pid") == jint(m, "pid"))
						dtb = jhex(json_object_array_get_idx(procs, k), "dtb");
			ck_assert_int_eq(dump_translate(f.d, dtb, jhex(m, "base"), &pa, &err), LS_OK);
			ck_assert_int_eq(dump_translate(f.d, dtb, jhex(m, "base") + 0x1000, &pa, &err), LS_OK);
		}
		/* PEBs in their own spaces, and not in the kernel's */
		for (size_t k = 0; k < json_object_array_length(procs); k++) {
			json_object *p = json_object_array_get_idx(procs, k);

			if (!jhex(p, "peb"))
				continue;
			ck_assert_int_eq(dump_translate(f.d, jhex(p, "dtb"), jhex(p, "peb"), &pa, &err), LS_OK);
			ck_assert_int_ne(dump_translate(f.d, 0, jhex(p, "peb"), &pa, &err), LS_OK);
		}
		fx_close(&f);
	}
}
END_TEST

/* --- the kernel image ------------------------------------------------------ */

START_TEST(rsds_record_sits_at_the_kernel_base)
{
	struct fx f;
	uint8_t mz[0x200], rd[0x1000];
	uint32_t lfanew, dbg_rva, cv_rva;
	const char *guid;
	char text[33];

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	ck_assert_uint_eq(f.kbase & 0x1FFFFF, 0);
	ck_assert_uint_ge(f.kbase, 0xFFFFF80000000000ULL);
	ck_assert_int_eq(dump_read_kv(f.d, f.kbase, mz, sizeof(mz), "MZ", NULL), LS_OK);
	ck_assert(mz[0] == 'M' && mz[1] == 'Z');
	memcpy(&lfanew, mz + 0x3C, 4);
	ck_assert(memcmp(mz + lfanew, "PE\0\0", 4) == 0);
	ck_assert_int_eq(mz[lfanew + 4] | mz[lfanew + 5] << 8, 0x8664);
	ck_assert_int_eq(mz[lfanew + 24] | mz[lfanew + 25] << 8, 0x20B);
	memcpy(&dbg_rva, mz + lfanew + 24 + 112 + 6 * 8, 4);
	ck_assert_int_eq(dump_read_kv(f.d, f.kbase + (dbg_rva & ~0xFFFu), rd, sizeof(rd), "rdata", NULL),
			 LS_OK);
	memcpy(&cv_rva, rd + (dbg_rva & 0xFFF) + 20, 4);
	ck_assert(memcmp(rd + (cv_rva & 0xFFF), "RSDS", 4) == 0);
	ck_assert_str_eq((const char *)rd + (cv_rva & 0xFFF) + 24, "ntkrnlmp.pdb");
	/* Data1 is little-endian: its first byte is the GUID's 4th. */
	guid = json_object_get_string(jget(jget(f.truth, "pdb"), "guid"));
	snprintf(text, sizeof(text), "%02X%02X%02X%02X", rd[(cv_rva & 0xFFF) + 7],
		 rd[(cv_rva & 0xFFF) + 6], rd[(cv_rva & 0xFFF) + 5], rd[(cv_rva & 0xFFF) + 4]);
	ck_assert(strncmp(guid, text, 8) == 0);
	ck_assert_str_eq(guid, "06564D3477822C7D97F04852CBD5AFD6");
	/* KdVersionBlock names the same base. */
	ck_assert_uint_eq(kv64(&f, f.kbase + (uint64_t)f.l.sym.KdVersionBlock +
			       (uint64_t)f.l.kdv_kern_base.offset), f.kbase);
	ck_assert_uint_eq(kv64(&f, f.kbase + (uint64_t)f.l.sym.PsNtosImageBase), f.kbase);
	fx_close(&f);
}
END_TEST

/* --- processes, threads, pool headers ------------------------------------ */

START_TEST(process_list_holds_every_placed_process)
{
	struct fx f;
	json_object *procs;
	uint64_t head, link;
	size_t n = 0;

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	procs = jget(f.truth, "processes");
	head = f.kbase + (uint64_t)f.l.sym.PsActiveProcessHead;
	for (link = kv64(&f, head); link != head && n < 1000; link = kv64(&f, link), n++) {
		uint64_t ep = link - (uint64_t)f.l.eproc_links.offset;
		json_object *p = json_object_array_get_idx(procs, n);

		ck_assert_uint_eq(ep, jhex(p, "eprocess"));
		ck_assert_uint_eq(kv64(&f, ep + (uint64_t)f.l.eproc_pid.offset) , (uint64_t)jint(p, "pid"));
	}
	ck_assert_uint_eq(n, json_object_array_length(procs));
	ck_assert_ptr_nonnull(process_by_name(&f, "iexplore.exe"));
	ck_assert_int_eq(jint(process_by_name(&f, "iexplore.exe"), "pid"), 0x172e4);
	ck_assert_int_eq(jint(process_by_name(&f, "iexplore.exe"), "session"), 7);
	ck_assert_int_eq(jint(process_by_name(&f, "System"), "pid"), 4);
	fx_close(&f);
}
END_TEST

static size_t walk(struct fx *f, uint64_t head, size_t max)
{
	size_t n = 0;

	for (uint64_t l = kv64(f, head); l != head && n <= max; l = kv64(f, l))
		n++;
	return n;
}

START_TEST(terminated_threads_stay_on_the_executive_list_only)
{
	struct fx f;
	json_object *sys, *threads;
	uint64_t ep;
	size_t exec, kern, term = 0, total = 0;

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	sys = process_by_name(&f, "System");
	ep = jhex(sys, "eprocess");
	exec = walk(&f, ep + (uint64_t)f.l.eproc_thread_list.offset, 1000000);
	kern = walk(&f, ep + (uint64_t)f.l.kproc_thread_list.offset, 1000000);
	threads = jget(f.truth, "threads");
	for (size_t i = 0; i < json_object_array_length(threads); i++) {
		json_object *t = json_object_array_get_idx(threads, i);

		if (jint(t, "pid") != 4)
			continue;
		total++;
		if (!strcmp(json_object_get_string(jget(t, "state")), "Terminated")) {
			term++;
			ck_assert_str_eq(json_object_get_string(jget(t, "start")),
					 "mydriver!StatusWaitThread");
			ck_assert(!json_object_get_boolean(jget(t, "on_kernel_list")));
		}
	}
	ck_assert_uint_eq(exec, total);
	ck_assert_uint_eq(kern, total - term);
	ck_assert_uint_eq(kern, (uint64_t)jint(sys, "active_threads"));
	ck_assert_uint_gt(term, 1434);
	/* every ETHREAD is an outstanding Thre allocation */
	ck_assert_uint_eq(json_object_array_length(threads), 7727 - 4636);
	fx_close(&f);
}
END_TEST

/* The object whose header is at header sits in a pool block tagged tag:
 * the pool header lies before the optional headers its InfoMask names. */
static void assert_pool_tag(const struct fx *f, uint64_t header, const char *tag)
{
	uint8_t hdr[0x80];
	uint8_t mask;
	int64_t opt = 0;

	ck_assert_int_eq(dump_read_kv(f->d, header - 0x40, hdr, sizeof(hdr), "hdr", NULL), LS_OK);
	mask = hdr[0x40 + f->l.oh_info_mask.offset];
	for (unsigned b = 0; b < 8; b++)
		if (mask & (1u << b))
			opt += f->l.opt_header_size[b];
	ck_assert(memcmp(hdr + 0x40 - opt - f->l.size.pool_header + f->l.ph_tag.offset,
			 tag, 4) == 0);
}

START_TEST(pool_headers_carry_the_type_tags)
{
	struct fx f;
	json_object *threads, *procs;

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	threads = jget(f.truth, "threads");
	procs = jget(f.truth, "processes");
	for (size_t i = 0; i < json_object_array_length(threads); i += 97) {
		uint64_t body = jhex(json_object_array_get_idx(threads, i), "ethread");

		assert_pool_tag(&f, body - (uint64_t)f.l.oh_body.offset, "Thre");
	}
	for (size_t i = 0; i < json_object_array_length(procs); i++) {
		uint64_t header = jhex(json_object_array_get_idx(procs, i), "eprocess") -
				  (uint64_t)f.l.oh_body.offset;

		assert_pool_tag(&f, header, "Proc");
	}
	fx_close(&f);
}
END_TEST

/* --- handle tables --------------------------------------------------------- */

static uint64_t entry_address(struct fx *f, uint64_t table, uint32_t h)
{
	uint64_t code = kv64(f, table + (uint64_t)f->l.ht_table_code.offset);
	uint64_t base = code & ~3ULL;

	switch (code & 3) {
	case 0:
		return base + (h >> 2) * 16;
	case 1:
		return kv64(f, base + 8 * (h >> 10)) + ((h & 0x3FF) >> 2) * 16;
	default:
		return kv64(f, kv64(f, base + 8 * (h >> 19)) + 8 * ((h >> 10) & 0x1FF)) +
		       ((h & 0x3FF) >> 2) * 16;
	}
}

static void check_handles(struct fx *f, const char *name, int want_level)
{
	json_object *p = process_by_name(f, name);
	json_object *handles = jget(f->truth, "handles");
	uint64_t table = jhex(p, "handle_table");
	uint64_t pid = (uint64_t)jint(p, "pid");
	uint64_t ep = jhex(p, "eprocess");
	uint32_t ncpu = 0;
	int64_t sum = 0;
	size_t n = 0;

	ck_assert_uint_eq(kv64(f, ep + (uint64_t)f->l.eproc_object_table.offset), table);
	ck_assert_int_eq((int)(kv64(f, table + (uint64_t)f->l.ht_table_code.offset) & 3), want_level);
	ck_assert_int_eq(jint(p, "table_level"), want_level);
	for (size_t i = 0; i < json_object_array_length(handles); i++) {
		json_object *h = json_object_array_get_idx(handles, i);
		uint64_t e, low, high, hdr;

		if ((uint64_t)jint(h, "pid") != pid)
			continue;
		n++;
		e = entry_address(f, table, (uint32_t)jint(h, "value"));
		low = kv64(f, e);
		high = kv64(f, e + 8);
		hdr = (uint64_t)((int64_t)low >> 16) & ~0xFULL;
		ck_assert_uint_eq(hdr + (uint64_t)f->l.oh_body.offset, jhex(h, "object"));
		ck_assert_uint_eq(high & 0x1FFFFFF, (uint64_t)jint(h, "access"));
		ck_assert_uint_eq((low >> 17) & 7, (uint64_t)jint(h, "attributes"));
		ck_assert_uint_eq(low & 1, 1);
	}
	ck_assert_uint_eq(n, (uint64_t)jint(p, "handle_count"));
	/* per-CPU free-list counts sum to the handle count */
	ck_assert_int_eq(dump_read_u32(f->d, 0, f->kbase + (uint64_t)f->l.sym.ExpFreeListCount,
				       &ncpu, "n", NULL), LS_OK);
	for (uint32_t i = 0; i < ncpu; i++) {
		uint32_t c = 0;

		dump_read_u32(f->d, 0, table + (uint64_t)f->l.ht_free_lists.offset +
			      i * (uint64_t)f->l.size.handle_free_list +
			      (uint64_t)f->l.htfl_handle_count.offset, &c, "count", NULL);
		sum += (int32_t)c;
	}
	ck_assert_int_eq(sum, (int64_t)n);
}

START_TEST(handle_entries_decode_to_the_placed_objects)
{
	struct fx f;

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	check_handles(&f, "iexplore.exe", 2);
	check_handles(&f, "explorer.exe", 0);
	/* PspCidTable: every pid and tid, level 1 at test scale */
	{
		uint64_t cid = kv64(&f, f.kbase + (uint64_t)f.l.sym.PspCidTable);
		json_object *t = json_object_array_get_idx(jget(f.truth, "threads"), 100);
		uint64_t e = entry_address(&f, cid, (uint32_t)jint(t, "tid"));

		ck_assert_uint_eq(cid, jhex(f.truth, "cid_table"));
		ck_assert_int_eq((int)(kv64(&f, cid + (uint64_t)f.l.ht_table_code.offset) & 3), 1);
		ck_assert_uint_eq((uint64_t)((int64_t)kv64(&f, e) >> 16) & ~0xFULL, jhex(t, "ethread"));
	}
	fx_close(&f);
	if (!fx_open(&f, "directory-handle-leak"))
		return;
	check_handles(&f, "System", 0);
	ck_assert_uint_eq(kv64(&f, f.kbase + (uint64_t)f.l.sym.ObpKernelHandleTable),
			  jhex(process_by_name(&f, "System"), "handle_table"));
	fx_close(&f);
}
END_TEST

/* --- the truth file against the scenarios --------------------------------- */

START_TEST(truth_matches_the_thread_leak_scenario)
{
	struct fx f;
	json_object *handles, *tags;
	size_t leak = 0;
	json_object *ie;

	if (!fx_open(&f, "thread-handle-leak"))
		return;
	ie = process_by_name(&f, "iexplore.exe");
	handles = jget(f.truth, "handles");
	for (size_t i = 0; i < json_object_array_length(handles); i++) {
		json_object *h = json_object_array_get_idx(handles, i);

		if (jint(h, "pid") == 0x172e4 && !strcmp(json_object_get_string(jget(h, "type")), "Thread"))
			leak++;
	}
	ck_assert_uint_ge(leak, 1434);
	ck_assert_int_ge(jint(ie, "handle_count"), 1434);
	tags = jget(f.truth, "pool_tags");
	for (size_t i = 0; i < json_object_array_length(tags); i++) {
		json_object *t = json_object_array_get_idx(tags, i);
		const char *tag = json_object_get_string(jget(t, "tag"));

		if (!strcmp(tag, "Thre")) {
			ck_assert_int_eq(jint(t, "np_allocs"), 7727);
			ck_assert_int_eq(jint(t, "np_frees"), 4636);
		}
		if (!strcmp(tag, "MmCm")) {
			ck_assert_int_eq(jint(t, "np_allocs"), 42);
			ck_assert_int_eq(jint(t, "np_frees"), 9);
		}
	}
	ck_assert_int_eq(jint(jget(f.truth, "memory"), "failures"), 184);
	ck_assert_int_eq(jint(jget(f.truth, "memory"), "nonpaged-used"), 183000);
	fx_close(&f);
}
END_TEST

START_TEST(truth_matches_the_process_leak_scenario)
{
	struct fx f;
	json_object *app, *traces, *handles;
	size_t to_target = 0, opens = 0;
	uint64_t target;
	uint32_t flag = 0;

	if (!fx_open(&f, "process-handle-leak"))
		return;
	app = process_by_name(&f, "MyApp.exe");
	ck_assert_int_eq(jint(app, "pid"), 0x24b4);
	ck_assert_int_eq(jint(app, "global_flag"), 0x100);
	/* NtGlobalFlag in the PEB, read in MyApp's own address space */
	ck_assert_int_eq(dump_read_u32(f.d, jhex(app, "dtb"), jhex(app, "peb") +
				       (uint64_t)f.l.peb_global_flag.offset, &flag, "peb", NULL), LS_OK);
	ck_assert_uint_eq(flag, 0x100);
	target = jhex(process_by_name(&f, "target.exe"), "eprocess");
	handles = jget(f.truth, "handles");
	for (size_t i = 0; i < json_object_array_length(handles); i++) {
		json_object *h = json_object_array_get_idx(handles, i);

		if (jint(h, "pid") == 0x24b4 && jhex(h, "object") == target)
			to_target++;
	}
	ck_assert_uint_eq(to_target, 85);       /* 8 459 at scale 0.01 */
	traces = jget(f.truth, "traces");
	for (size_t i = 0; i < json_object_array_length(traces); i++) {
		json_object *t = json_object_array_get_idx(traces, i);
		json_object *stack = jget(t, "stack");

		if (strcmp(json_object_get_string(jget(t, "kind")), "OPEN"))
			continue;
		opens++;
		ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(stack, 7)),
				 "MyDLL!GetProcHandle+0x20");
		ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(stack, 8)),
				 "MyDLL!MainWndProc+0x1cc");
	}
	ck_assert_uint_ge(opens, 85);
	/* the trace database hangs off the handle table */
	ck_assert_uint_ne(kv64(&f, jhex(app, "handle_table") + (uint64_t)f.l.ht_debug_info.offset), 0);
	fx_close(&f);
}
END_TEST

START_TEST(truth_matches_the_directory_leak_scenario)
{
	struct fx f;
	json_object *names;
	size_t winsta = 0;

	if (!fx_open(&f, "directory-handle-leak"))
		return;
	names = jget(f.truth, "named_objects");
	for (size_t i = 0; i < json_object_array_length(names); i++) {
		json_object *n = json_object_array_get_idx(names, i);

		if (!strcmp(json_object_get_string(jget(n, "name")), "WindowStations") &&
		    !strncmp(json_object_get_string(jget(n, "path")), "\\Sessions\\", 10) &&
		    jint(n, "handles") == 1)
			winsta++;
	}
	ck_assert_uint_ge(winsta, 109);          /* 10 879 at scale 0.01 */
	ck_assert_uint_eq(kv64(&f, f.kbase + (uint64_t)f.l.sym.ObpRootDirectoryObject),
			  jhex(f.truth, "root_directory"));
	fx_close(&f);
}
END_TEST

/* --- scale, determinism, Win11 ---------------------------------------------- */

static int run_mkdump(const char *scn, const char *out, const char *scale,
		      const char *extra1, const char *extra2, char **err)
{
	char *argv[10];
	int i = 0;

	argv[i++] = (char *)test_mkdump_bin();
	argv[i++] = "--scale";
	argv[i++] = (char *)scale;
	if (extra1)
		argv[i++] = (char *)extra1;
	if (extra2)
		argv[i++] = (char *)extra2;
	argv[i++] = (char *)scn;
	argv[i++] = (char *)out;
	argv[i] = NULL;
	return test_run(argv, NULL, err);
}

static bool same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	char x[65536], y[65536];
	bool same = fa && fb;

	while (same) {
		size_t na = fread(x, 1, sizeof(x), fa), nb = fread(y, 1, sizeof(y), fb);

		if (na != nb || memcmp(x, y, na))
			same = false;
		if (na == 0)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

START_TEST(same_scenario_same_bytes_and_scale_grows_counts)
{
	char dir[512], a[600], b[600], c[600], ta[700], tb[700], tc[700];
	char *err = NULL;
	json_object *ja, *jc;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(a, sizeof(a), "%s/a.core", dir);
	snprintf(b, sizeof(b), "%s/b.core", dir);
	snprintf(c, sizeof(c), "%s/c", dir);
	ck_assert_int_eq(run_mkdump("fixtures/scenarios/process-handle-leak.scn", a, "0.01",
				    NULL, NULL, &err), 0);
	free(err);
	ck_assert_int_eq(run_mkdump("fixtures/scenarios/process-handle-leak.scn", b, "0.01",
				    NULL, NULL, &err), 0);
	free(err);
	ck_assert_int_eq(run_mkdump("fixtures/scenarios/process-handle-leak.scn", c, "0.03",
				    "--seed", "5", &err), 0);
	free(err);
	snprintf(ta, sizeof(ta), "%s/a.truth.json", dir);
	snprintf(tb, sizeof(tb), "%s/b.truth.json", dir);
	snprintf(tc, sizeof(tc), "%s/c.truth.json", dir);
	ck_assert(same_file(a, b));
	ck_assert(same_file(ta, tb));
	ja = json_object_from_file(ta);
	jc = json_object_from_file(tc);
	ck_assert_ptr_nonnull(jc);
	{
		struct fx fa = { .truth = ja }, fc = { .truth = jc };

		ck_assert_int_eq(jint(process_by_name(&fa, "MyApp.exe"), "handle_count"), 85 + 3);
		ck_assert_int_eq(jint(process_by_name(&fc, "MyApp.exe"), "handle_count"), 254 + 8);
	}
	ck_assert_int_eq(jint(jc, "seed"), 5);
	json_object_put(ja);
	json_object_put(jc);
	unlink(a); unlink(b); unlink(c); unlink(ta); unlink(tb); unlink(tc);
}
END_TEST

START_TEST(win11_build_uses_the_win11_layouts)
{
	char dir[512], out[600];
	char *err = NULL;
	const char *shared = test_shared_dir("the Win11 ISF");
	struct profile *p = NULL;
	struct ls_err lerr;
	struct fx f;
	json_object *sys;

	if (!shared)
		return;
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(out, sizeof(out), "%s/w11.core", dir);
	ck_assert_int_eq(run_mkdump("fixtures/scenarios/thread-handle-leak.scn", out, "0.005",
				    "--build", "win11-22000-x64", &err), 0);
	free(err);
	ck_assert_int_eq(profile_load_isf("../shared/isf/ntkrnlmp.pdb-0CE4A95C0CD782A7596B034D8648E585-1.json.xz",
					  &p, &lerr), LS_OK);
	fx_open_path(&f, out, p);
	ck_assert_str_eq(json_object_get_string(jget(jget(f.truth, "pdb"), "guid")),
			 "0CE4A95C0CD782A7596B034D8648E585");
	sys = process_by_name(&f, "System");
	/* Win11's ETHREAD.ThreadListEntry moved: the walk uses its offset */
	ck_assert_int_eq(f.l.ethr_list_entry.offset, 0x538);
	ck_assert_uint_gt(walk(&f, jhex(sys, "eprocess") + (uint64_t)f.l.eproc_thread_list.offset,
			       1000000), (uint64_t)jint(sys, "active_threads"));
	check_handles(&f, "iexplore.exe", 2);
	fx_close(&f);
	profile_destroy(p);
	unlink(out);
	snprintf(out, sizeof(out), "%s/w11.truth.json", dir);
	unlink(out);
}
END_TEST

/* --- parser errors ------------------------------------------------------------ */

static void expect_error(const char *text, const char *want)
{
	char dir[512], scn[600], out[600];
	char *err = NULL;
	FILE *fp;
	int rc;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(scn, sizeof(scn), "%s/bad.scn", dir);
	snprintf(out, sizeof(out), "%s/bad.core", dir);
	fp = fopen(scn, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	rc = run_mkdump(scn, out, "0.01", NULL, NULL, &err);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(err, want) && strstr(err, scn), "stderr \"%s\" lacks \"%s\"", err, want);
	free(err);
	unlink(scn);
	unlink(out);
}

START_TEST(mistakes_are_reported_with_file_and_line)
{
	expect_error("# ok\nseed 3\nfrobnicate 1\n", ".scn:3: unknown statement \"frobnicate\"");
	expect_error("process a.exe pid 7\n", ".scn:1: pid 7 is not a non-zero multiple of 4");
	expect_error("\n\nhandles nobody.exe count 3 to new:Event\n",
		     ".scn:3: handles: no process \"nobody.exe\"");
	expect_error("threads System label x count fill\n",
		     ".scn:1: count fill needs a \"pool Thre");
	expect_error("process a.exe\nhandles a.exe count 2 to new:Gizmo\n",
		     ".scn:2: to: new:Gizmo is not a type");
	expect_error("module m.sys export F 0x100\n", ".scn:1: export F: rva 0x100 is inside the headers");
	expect_error("pool Thre nonpaged allocs 3 frees 5\n", ".scn:1: pool: frees exceed allocs");
	expect_error("object Event \"\\\\A\\\\{i}\" count 2 holder ghost\n",
		     ".scn:1: holder: no process \"ghost\"");
}
END_TEST

START_TEST(numbers_accept_underscores_and_hex)
{
	uint64_t v;

	ck_assert(scn_parse_u64("772_672", &v));
	ck_assert_uint_eq(v, 772672);
	ck_assert(scn_parse_u64("0x172e4", &v));
	ck_assert_uint_eq(v, 0x172e4);
	ck_assert(!scn_parse_u64("-3", &v));
	ck_assert(!scn_parse_u64("12abc", &v));
	ck_assert(!scn_parse_u64("", &v));
}
END_TEST

/* Mutated scenario text never crashes the parser or the generator: it
 * either loads or fails with a message and exit status 2. */
START_TEST(mutated_scenarios_fail_cleanly)
{
	static const char *const names[] = { "thread-handle-leak", "process-handle-leak",
					     "directory-handle-leak", "healthy" };
	static const char junk[] = " \"\\#_0x9{}!+:-fill";
	char dir[512], scn[600], out[600], src[128], text[16384];
	struct prng r;
	FILE *fp, *devnull = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	ck_assert_ptr_nonnull(devnull);
	snprintf(scn, sizeof(scn), "%s/m.scn", dir);
	snprintf(out, sizeof(out), "%s/m.core", dir);
	prng_seed(&r, 7);
	for (int round = 0; round < 400; round++) {
		size_t n;
		struct scenario *sc;

		snprintf(src, sizeof(src), "fixtures/scenarios/%s.scn", names[round % 4]);
		fp = fopen(src, "r");
		ck_assert_ptr_nonnull(fp);
		n = fread(text, 1, sizeof(text) - 1, fp);
		fclose(fp);
		for (int k = 0; k < 1 + round % 5; k++) {
			size_t at = prng_below(&r, n);

			switch (prng_below(&r, 3)) {
			case 0:
				text[at] = junk[prng_below(&r, sizeof(junk) - 1)];
				break;
			case 1:
				text[at] = (char)prng_range(&r, 1, 255);
				break;
			default:
				n = at;     /* truncate */
			}
		}
		fp = fopen(scn, "w");
		fwrite(text, 1, n, fp);
		fclose(fp);
		sc = scenario_load(scn, devnull);
		scenario_destroy(sc);
		if (round % 40 == 0) {
			char *err = NULL;
			int rc = run_mkdump(scn, out, "0.002", NULL, NULL, &err);

			ck_assert_msg(rc == 0 || rc == 2, "mkdump exit %d: %s", rc, err);
			if (rc == 2)
				ck_assert_msg(strstr(err, "m.scn:") || strstr(err, "leakscope-mkdump:"),
					      "no file:line in \"%s\"", err);
			free(err);
		}
	}
	fclose(devnull);
	unlink(scn);
	unlink(out);
	snprintf(out, sizeof(out), "%s/m.truth.json", dir);
	unlink(out);
}
END_TEST

static Suite *mkdump_suite(void)
{
	Suite *s = suite_create("mkdump");
	TCase *tc = tcase_create("dumps");
	TCase *tp = tcase_create("parser");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, elf_core_is_sorted_page_aligned_and_page0_zero);
	tcase_add_test(tc, kernel_dtb_is_the_lowest_self_map_in_the_scan_window);
	tcase_add_test(tc, rsds_record_sits_at_the_kernel_base);
	tcase_add_test(tc, every_placed_structure_translates);
	tcase_add_test(tc, process_list_holds_every_placed_process);
	tcase_add_test(tc, terminated_threads_stay_on_the_executive_list_only);
	tcase_add_test(tc, pool_headers_carry_the_type_tags);
	tcase_add_test(tc, handle_entries_decode_to_the_placed_objects);
	tcase_add_test(tc, truth_matches_the_thread_leak_scenario);
	tcase_add_test(tc, truth_matches_the_process_leak_scenario);
	tcase_add_test(tc, truth_matches_the_directory_leak_scenario);
	tcase_add_test(tc, same_scenario_same_bytes_and_scale_grows_counts);
	tcase_add_test(tc, win11_build_uses_the_win11_layouts);
	suite_add_tcase(s, tc);
	tcase_add_test(tp, mistakes_are_reported_with_file_and_line);
	tcase_add_test(tp, numbers_accept_underscores_and_hex);
	tcase_add_test(tp, mutated_scenarios_fail_cleanly);
	tcase_set_timeout(tp, 60);
	suite_add_tcase(s, tp);
	return s;
}
LS_SUITE(mkdump_suite)
