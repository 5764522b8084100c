/* model/dump_diskdump.c — is a kdump-compressed (diskdump) file safe to
 * hand to libkdumpfile? (see dump_check.h) */
#include "dump_check.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* struct disk_dump_header: signature[8], header_version, utsname (6 x 65),
 * struct timeval (8-aligned), status, block_size, ... */
#define DD_VERSION      8
#define DD_BLOCK_SIZE   428
#define DD_SUB_HDR_SIZE 432     /* in blocks */
#define DD_BITMAP_BLOCKS 436
#define DD_NR_CPUS      460
#define DD_HDR_LEN      464
/* More CPUs than any kernel has (NR_CPUS tops out at 8192) */
#define MAX_CPUS        65536
/* struct kdump_sub_header, in the block after the header */
#define SUB_VMCOREINFO  32      /* offset, size (header version >= 3) */
#define SUB_NOTE        48      /* offset, size (header version >= 4) */
/* Bigger than any VMCOREINFO or note area; bounds what is read. */
#define MAX_AREA        (16u << 20)

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Read [off, off+size) of the file and check it as notes or VMCOREINFO. */
static int check_area(int fd, uint64_t file_size, uint64_t off, uint64_t size,
		      bool notes, char *why, size_t whylen)
{
	uint8_t *buf;
	int ret;

	if (size == 0)
		return 0;
	if (off > file_size || size > file_size - off || size > MAX_AREA) {
		snprintf(why, whylen, "truncated diskdump: %s of %" PRIu64 " bytes at "
			 "offset %" PRIu64 ", file has %" PRIu64 " bytes",
			 notes ? "note area" : "VMCOREINFO", size, off, file_size);
		return -1;
	}
	buf = malloc(size);
	if (!buf) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	if (pread(fd, buf, size, (off_t)off) != (ssize_t)size) {
		snprintf(why, whylen, "cannot read the diskdump %s",
			 notes ? "note area" : "VMCOREINFO");
		free(buf);
		return -1;
	}
	ret = notes ? dump_notes_check(buf, size, false, why, whylen)
		    : dump_vmcoreinfo_check((const char *)buf, size, why, whylen);
	free(buf);
	return ret;
}

int dump_diskdump_check(int fd, uint64_t file_size, char *why, size_t whylen)
{
	uint8_t hdr[DD_HDR_LEN], sub[64];
	uint64_t version, block_size, sub_blocks, bitmap_blocks, blocks;

	if (file_size < 8 || pread(fd, hdr, 8, 0) != 8 ||
	    (memcmp(hdr, "KDUMP   ", 8) != 0 && memcmp(hdr, "DISKDUMP", 8) != 0))
		return 0;
	if (file_size < sizeof(hdr) || pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr)) {
		snprintf(why, whylen, "truncated diskdump header: %" PRIu64 " bytes", file_size);
		return -1;
	}
	version = le(hdr + DD_VERSION, 4);
	block_size = le(hdr + DD_BLOCK_SIZE, 4);
	sub_blocks = le(hdr + DD_SUB_HDR_SIZE, 4);
	bitmap_blocks = le(hdr + DD_BITMAP_BLOCKS, 4);
	/* 0.5.1 allocates what these say before reading anything */
	if (block_size < 512 || block_size > (1u << 20) || (block_size & (block_size - 1))) {
		snprintf(why, whylen, "diskdump block size %" PRIu64, block_size);
		return -1;
	}
	blocks = file_size / block_size;
	if (sub_blocks > blocks || bitmap_blocks > blocks - sub_blocks) {
		snprintf(why, whylen, "truncated diskdump: %" PRIu64 " bitmap blocks of %"
			 PRIu64 " bytes, file has %" PRIu64 " bytes", bitmap_blocks,
			 block_size, file_size);
		return -1;
	}
	if (le(hdr + DD_NR_CPUS, 4) > MAX_CPUS) {
		snprintf(why, whylen, "diskdump header claims %" PRIu64 " CPUs",
			 le(hdr + DD_NR_CPUS, 4));
		return -1;
	}
	if (version < 3 || memcmp(hdr, "KDUMP   ", 8) != 0)
		return 0;  /* no sub-header VMCOREINFO */
	if (block_size > file_size ||
	    file_size - block_size < sizeof(sub) ||
	    pread(fd, sub, sizeof(sub), (off_t)block_size) != (ssize_t)sizeof(sub)) {
		snprintf(why, whylen, "truncated diskdump: no sub-header at offset %" PRIu64,
			 block_size);
		return -1;
	}
	if (check_area(fd, file_size, le(sub + SUB_VMCOREINFO, 8),
		       le(sub + SUB_VMCOREINFO + 8, 8), false, why, whylen) != 0)
		return -1;
	if (version >= 4 &&
	    check_area(fd, file_size, le(sub + SUB_NOTE, 8), le(sub + SUB_NOTE + 8, 8),
		       true, why, whylen) != 0)
		return -1;
	return 0;
}
