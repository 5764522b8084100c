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
	uint8_t hdr[DD_BLOCK_SIZE + 4], sub[64];
	uint64_t version, block_size;

	if (file_size < sizeof(hdr) || pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) ||
	    (memcmp(hdr, "KDUMP   ", 8) != 0 && memcmp(hdr, "DISKDUMP", 8) != 0))
		return 0;
	version = le(hdr + DD_VERSION, 4);
	block_size = le(hdr + DD_BLOCK_SIZE, 4);
	if (version < 3 || memcmp(hdr, "KDUMP   ", 8) != 0)
		return 0;  /* no sub-header VMCOREINFO */
	if (block_size == 0 || block_size > file_size ||
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
