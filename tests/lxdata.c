/* tests/lxdata.c — the Linux test dump's ELF form, unpacked on demand. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <lzma.h>

#include "lxdata.h"
#include "testutil.h"

/* Unpack vmcore.elf.xz into build/linux/vmcore.elf once (never beside the
 * read-only data). */
const char *lxdata_elf_path(const char *shared, char *out, size_t len)
{
	char src[512], tmp[600], dir[512];
	uint8_t in[1 << 16], obuf[1 << 16];
	lzma_stream s = LZMA_STREAM_INIT;
	struct stat st;
	FILE *fi, *fo;
	lzma_ret r = LZMA_OK;

	snprintf(out, len, "%s/linux/vmcore.elf", test_build_dir());
	if (stat(out, &st) == 0 && st.st_size == 268702907)
		return out;
	snprintf(src, sizeof(src), "%s/linux/vmcore.elf.xz", shared);
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	snprintf(dir, sizeof(dir), "%s/linux", test_build_dir());
	mkdir(test_build_dir(), 0755);
	mkdir(dir, 0755);
	fi = fopen(src, "rb");
	fo = fopen(tmp, "wb");
	if (!fi || !fo || lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) {
		if (fi)
			fclose(fi);
		if (fo)
			fclose(fo);
		return NULL;
	}
	while (r == LZMA_OK) {
		if (s.avail_in == 0 && !feof(fi)) {
			s.next_in = in;
			s.avail_in = fread(in, 1, sizeof(in), fi);
		}
		s.next_out = obuf;
		s.avail_out = sizeof(obuf);
		r = lzma_code(&s, feof(fi) && s.avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
		fwrite(obuf, 1, sizeof(obuf) - s.avail_out, fo);
	}
	lzma_end(&s);
	fclose(fi);
	if (fclose(fo) != 0 || r != LZMA_STREAM_END || rename(tmp, out) != 0) {
		remove(tmp);
		return NULL;
	}
	return out;
}
