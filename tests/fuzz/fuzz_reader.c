/* tests/fuzz/fuzz_reader.c — fuzz target: the Windows structure readers
 * fed raw bytes. A base dump made by mkdump (FUZZ_BASE, its truth file
 * beside it) is patched in place at the places the reader reads — the
 * busiest process's EPROCESS (a process list node), its HANDLE_TABLE and
 * the table's top page, an ETHREAD, an object header, the Thread
 * OBJECT_TYPE, the pool tracker table, the root directory and the CID
 * table — then opened and loaded (model_load), then restored.
 *
 * Input: records of [target][offset lo][offset hi][length] + length bytes;
 * the offset is taken modulo a 4 KiB window that starts 0x800 below the
 * target (headers sit below bodies). At most 32 records are applied.
 * fuzz_reader_one() is the entry; LLVMFuzzerTestOneInput wraps it with
 * LS_FUZZ_MAIN; tests/test_fuzz_regress.c replays corpus-regress/reader/.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../model/dump.h"
#include "../../model/load.h"
#include "../../model/tree.h"
#include "../../model/win/layout.h"

#define RD_MAX_TARGETS 16
#define RD_WINDOW 0x1000
#define RD_BELOW 0x800
#define RD_MAX_RECORDS 32

static struct {
	char path[512];
	int fd;
	struct load_options lo;
	uint64_t target_off[RD_MAX_TARGETS];   /* file offset of each window */
	int ntargets;
	bool ready, failed;
} rd;

static uint64_t rd_hex(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ?
	       strtoull(json_object_get_string(v), NULL, 16) : 0;
}

/* File offset of physical address pa (from the ELF program headers). */
static uint64_t rd_file_offset(uint64_t pa)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;

	if (pread(rd.fd, &eh, sizeof(eh), 0) != sizeof(eh))
		return 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (pread(rd.fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) !=
		    sizeof(ph))
			return 0;
		if (ph.p_type == PT_LOAD && pa >= ph.p_paddr && pa < ph.p_paddr + ph.p_filesz)
			return ph.p_offset + (pa - ph.p_paddr);
	}
	return 0;
}

/* The window of va (it and the page below must be present together). */
static void rd_add_target(struct dump *d, uint64_t va)
{
	uint64_t start = va - RD_BELOW, pa, off;
	struct ls_err err;

	if (!va || rd.ntargets == RD_MAX_TARGETS)
		return;
	/* the window may cross a page: keep the part in va's page */
	if ((start & ~0xFFFULL) != (va & ~0xFFFULL))
		start = va & ~0xFFFULL;
	if (dump_translate(d, 0, start, &pa, &err) != LS_OK || !(off = rd_file_offset(pa)))
		return;
	rd.target_off[rd.ntargets++] = off;
}

static bool rd_setup(void)
{
	const char *base = getenv("FUZZ_BASE") ? getenv("FUZZ_BASE") : "build-fuzz/base.core";
	char truth_path[600];
	json_object *t, *procs, *busiest = NULL, *v;
	struct win_layout L;
	struct dump *d;
	struct ls_err err;
	uint64_t tc = 0, ptt = 0;
	size_t n = strlen(base);

	rd.ready = true;
	snprintf(rd.path, sizeof(rd.path), "%s", base);
	snprintf(truth_path, sizeof(truth_path), "%.*s.truth.json",
		 (int)(n > 5 ? n - 5 : n), base);
	t = json_object_from_file(truth_path);
	rd.fd = open(base, O_RDWR);
	if (!t || rd.fd < 0 || dump_open(base, &d, &err) != LS_OK) {
		fprintf(stderr, "fuzz_reader: no base dump %s (make it with leakscope-mkdump)\n", base);
		rd.failed = true;
		return false;
	}
	rd.lo.dtb = rd_hex(t, "dtb");
	rd.lo.kernel_base = rd_hex(t, "kernel_base");
	dump_set_kernel_dtb(d, rd.lo.dtb, &err);
	win_layout_resolve(profile_builtin(), &L, &err);
	procs = json_object_object_get_ex(t, "processes", &v) ? v : NULL;
	for (size_t i = 0; procs && i < json_object_array_length(procs); i++) {
		json_object *p = json_object_array_get_idx(procs, i), *hc;

		json_object_object_get_ex(p, "handle_count", &hc);
		if (!busiest || json_object_get_int(hc) >
				json_object_get_int(json_object_object_get(busiest, "handle_count")))
			busiest = p;
	}
	if (busiest) {
		uint64_t ht = rd_hex(busiest, "handle_table");

		rd_add_target(d, rd_hex(busiest, "eprocess"));
		rd_add_target(d, ht);
		if (dump_read_u64(d, 0, ht + (uint64_t)L.ht_table_code.offset, &tc, "", &err) == LS_OK)
			rd_add_target(d, (tc & ~3ULL) + RD_BELOW);
	}
	if (json_object_object_get_ex(t, "threads", &v) && json_object_array_length(v))
		rd_add_target(d, rd_hex(json_object_array_get_idx(v, json_object_array_length(v) / 2),
					"ethread"));
	if (json_object_object_get_ex(t, "handles", &v) && json_object_array_length(v))
		rd_add_target(d, rd_hex(json_object_array_get_idx(v, json_object_array_length(v) / 2),
					"object"));
	if (json_object_object_get_ex(t, "types", &v) && json_object_array_length(v) > 6)
		rd_add_target(d, rd_hex(json_object_array_get_idx(v, 6), "object_type"));
	if (dump_read_u64(d, 0, rd.lo.kernel_base + (uint64_t)L.sym.PoolTrackTable, &ptt, "",
			  &err) == LS_OK)
		rd_add_target(d, ptt + RD_BELOW);
	rd_add_target(d, rd_hex(t, "root_directory"));
	rd_add_target(d, rd_hex(t, "cid_table"));
	rd_add_target(d, rd.lo.kernel_base + (uint64_t)L.sym.PsActiveProcessHead);
	dump_destroy(d);
	json_object_put(t);
	return rd.ntargets > 0;
}

int fuzz_reader_one(const uint8_t *data, size_t size)
{
	static uint8_t saved[RD_MAX_RECORDS][256];
	uint64_t at[RD_MAX_RECORDS];
	size_t len[RD_MAX_RECORDS];
	int nrec = 0;
	struct dump *d;
	struct model *m = NULL;
	struct ls_err err;

	if (!rd.ready)
		rd_setup();
	if (rd.failed || !rd.ntargets)
		return 0;
	while (size >= 4 && nrec < RD_MAX_RECORDS) {
		uint64_t off = (uint64_t)(data[1] | data[2] << 8) % RD_WINDOW;
		size_t n = data[3];

		at[nrec] = rd.target_off[data[0] % rd.ntargets] + off;
		data += 4;
		size -= 4;
		if (n > size)
			n = size;
		len[nrec] = n;
		if (pread(rd.fd, saved[nrec], n, (off_t)at[nrec]) != (ssize_t)n ||
		    pwrite(rd.fd, data, n, (off_t)at[nrec]) != (ssize_t)n)
			break;
		nrec++;
		data += n;
		size -= n;
	}
	if (dump_open(rd.path, &d, &err) == LS_OK) {
		if (model_load(d, &rd.lo, &m, &err) == LS_OK)
			model_destroy(m);
		dump_destroy(d);
	}
	/* undo in reverse order: overlapping records restore the original */
	while (nrec-- > 0)
		if (pwrite(rd.fd, saved[nrec], len[nrec], (off_t)at[nrec]) != (ssize_t)len[nrec])
			abort();
	return 0;
}

#ifdef LS_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader_one(data, size);
}
#endif
