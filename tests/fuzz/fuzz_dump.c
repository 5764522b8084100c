/* tests/fuzz/fuzz_dump.c — fuzz target: model/dump on whole files.
 *
 * The input is the dump file itself (ELF cores and diskdump prefixes up to
 * -max_len): it is written to a temporary file, opened with dump_open, and
 * on success read a little (physical pages, a kernel DTB at the first
 * range, virtual reads and strings through it). The header checks of
 * model/dump_check.h exist because libkdumpfile 0.5.1 crashed or hung on
 * such inputs; this target keeps looking. Seeds: tests/fuzz/seeds/dump/.
 * fuzz_dump_one() is the entry; LLVMFuzzerTestOneInput wraps it with
 * LS_FUZZ_MAIN.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../model/dump.h"

static char fd_path[64];

int fuzz_dump_one(const uint8_t *data, size_t size)
{
	struct dump *d = NULL;
	struct ls_err err;
	const struct dump_info *info;
	uint8_t buf[256];
	char str[128];
	FILE *f;

	if (!fd_path[0]) {
		int fd;

		snprintf(fd_path, sizeof(fd_path), "/tmp/ls-fuzz-dump-XXXXXX");
		fd = mkstemp(fd_path);
		if (fd < 0)
			abort();
		close(fd);
	}
	f = fopen(fd_path, "wb");
	if (!f)
		abort();
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	ls_err_clear(&err);
	if (dump_open(fd_path, &d, &err) != LS_OK)
		return 0;
	info = dump_info(d);
	for (size_t r = 0; r < info->nranges && r < 4; r++) {
		uint64_t pa = info->ranges[r].start;

		dump_read_phys(d, pa, buf, sizeof(buf), "fuzz", &err);
		dump_read_phys(d, pa + info->ranges[r].size - 8, buf, 16, "fuzz", &err);
	}
	if (dump_set_kernel_dtb(d, info->ranges[0].start, &err) == LS_OK) {
		static const uint64_t vas[] = {
			0, 0x1000, 0x7ffffffff000ull, 0xffff800000000000ull,
			0xfffff80000000ff8ull, 0xffffffffff000000ull,
		};

		for (size_t i = 0; i < sizeof(vas) / sizeof(vas[0]); i++) {
			dump_read_kv(d, vas[i], buf, sizeof(buf), "fuzz", &err);
			dump_read_unicode_string(d, 0, vas[i], str, sizeof(str), "fuzz", &err);
			dump_read_cstring(d, 0, vas[i], 300, str, sizeof(str), "fuzz", &err);
		}
	}
	dump_destroy(d);
	return 0;
}

#ifdef LS_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_dump_one(data, size);
}
#endif
