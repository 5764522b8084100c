/* model/dump_elf.c — is an ELF core safe to hand to libkdumpfile? (see
 * dump_check.h) */
#include "dump_check.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EI_CLASS     4
#define EI_DATA      5
#define ELFCLASS32   1
#define ELFCLASS64   2
#define ELFDATA2MSB  2
#define ET_CORE      4
#define PT_LOAD      1
#define PT_NOTE      4
/* Bigger than any note segment; bounds what is read. */
#define MAX_NOTES    (16u << 20)
#define PN_XNUM      0xffff
#define SHN_XINDEX   0xffff
#define SHT_NOBITS   8
/* More sections than any dump has; bounds the header check's reads. */
#define MAX_SECTIONS 65536

/* Field reader for either byte order. */
struct elf_view {
	const uint8_t *p;
	bool msb;
};

static uint64_t get(const struct elf_view *v, size_t off, unsigned n)
{
	uint64_t x = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		x |= (uint64_t)v->p[off + (v->msb ? n - 1 - i : i)] << (8 * i);
	return x;
}

static int fail(char *why, size_t whylen, const char *fmt, uint64_t a,
		uint64_t b, uint64_t c)
{
	snprintf(why, whylen, fmt, a, b, c);
	return -1;
}

/* With more than 0xfffe program headers, e_phnum is PN_XNUM and the real
 * count is section header 0's sh_info. */
static int real_phnum(int fd, const struct elf_view *eh, bool is64,
		      uint64_t file_size, uint64_t *phnum)
{
	uint64_t shoff = is64 ? get(eh, 40, 8) : get(eh, 32, 4);
	uint8_t sh[64];
	struct elf_view v = { sh, eh->msb };
	size_t shsize = is64 ? 64 : 40;

	if (shoff == 0 || shoff > file_size || file_size - shoff < shsize ||
	    pread(fd, sh, shsize, (off_t)shoff) != (ssize_t)shsize)
		return -1;
	*phnum = is64 ? get(&v, 44, 4) : get(&v, 28, 4);
	return 0;
}

/* libkdumpfile 0.5.1 reads the section headers whenever e_shoff or
 * e_shnum is set (with ELF extended numbering: count in section 0's
 * sh_size, string table index in its sh_link) and crashes on a table or a
 * section that is not in the file. Each section header must fit, and each
 * section's data too (SHT_NOBITS aside). */
static int check_sections(int fd, const struct elf_view *eh, bool is64,
			  uint64_t file_size, char *why, size_t whylen)
{
	uint64_t shoff = is64 ? get(eh, 40, 8) : get(eh, 32, 4);
	uint64_t shentsize = is64 ? get(eh, 58, 2) : get(eh, 46, 2);
	uint64_t shnum = is64 ? get(eh, 60, 2) : get(eh, 48, 2);
	uint64_t shstrndx = is64 ? get(eh, 62, 2) : get(eh, 50, 2);
	uint64_t i, minsize = is64 ? 64 : 40;
	uint8_t sh[64];
	struct elf_view v = { sh, eh->msb };

	if (!shoff && !shnum)
		return 0;
	if (!shoff)
		return fail(why, whylen, "%" PRIu64 " ELF section headers at offset 0",
			    shnum, 0, 0);
	if (shentsize < minsize)
		return fail(why, whylen, "ELF section header size %" PRIu64 " too small",
			    shentsize, 0, 0);
	if (shoff > file_size || file_size - shoff < shentsize)
		return fail(why, whylen, "truncated ELF core: section headers at offset %"
			    PRIu64 ", file has %" PRIu64 " bytes", shoff, file_size, 0);
	if (pread(fd, sh, minsize, (off_t)shoff) != (ssize_t)minsize)
		return fail(why, whylen, "cannot read ELF section header 0", 0, 0, 0);
	if (shnum == 0)
		shnum = is64 ? get(&v, 32, 8) : get(&v, 20, 4);
	if (shstrndx == SHN_XINDEX)
		shstrndx = is64 ? get(&v, 40, 4) : get(&v, 24, 4);
	if (shnum == 0 || shnum > MAX_SECTIONS ||
	    shnum > (file_size - shoff) / shentsize)
		return fail(why, whylen, "truncated ELF core: %" PRIu64 " section headers "
			    "at offset %" PRIu64 ", file has %" PRIu64 " bytes",
			    shnum, shoff, file_size);
	if (shstrndx >= shnum)
		return fail(why, whylen, "ELF section name table %" PRIu64 " of %" PRIu64,
			    shstrndx, shnum, 0);
	for (i = 0; i < shnum; i++) {
		uint64_t off, size;

		if (pread(fd, sh, minsize, (off_t)(shoff + i * shentsize)) != (ssize_t)minsize)
			return fail(why, whylen, "cannot read ELF section header %" PRIu64,
				    i, 0, 0);
		if (get(&v, 4, 4) == SHT_NOBITS)
			continue;
		off = is64 ? get(&v, 24, 8) : get(&v, 16, 4);
		size = is64 ? get(&v, 32, 8) : get(&v, 20, 4);
		if (i == 0)
			continue;  /* its fields hold the extended counts */
		if (off > file_size || size > file_size - off)
			return fail(why, whylen, "truncated ELF core: section %" PRIu64
				    " ends at offset %" PRIu64 ", file has %" PRIu64 " bytes",
				    i, off + size, file_size);
	}
	return 0;
}

/* The notes of one PT_NOTE (already known to be in the file). */
static int check_notes(int fd, uint64_t off, uint64_t size, bool msb,
		       char *why, size_t whylen)
{
	uint8_t *buf = malloc(size ? size : 1);
	int ret;

	if (!buf)
		return fail(why, whylen, "out of memory", 0, 0, 0);
	if (pread(fd, buf, size, (off_t)off) != (ssize_t)size)
		ret = fail(why, whylen, "cannot read the ELF notes", 0, 0, 0);
	else
		ret = dump_notes_check(buf, size, msb, why, whylen);
	free(buf);
	return ret;
}

int dump_elf_check(int fd, uint64_t file_size, char *why, size_t whylen)
{
	uint8_t hdr[64], ph[56];
	struct elf_view eh = { hdr, false }, pv = { ph, false };
	uint64_t phoff, phentsize, phnum, i, nload = 0;
	size_t ehsize;
	bool is64, cut = false;

	if (file_size < 4 || pread(fd, hdr, 4, 0) != 4 ||
	    memcmp(hdr, "\x7f" "ELF", 4) != 0)
		return 0;
	if (file_size < 52)
		return fail(why, whylen, "truncated ELF header: %" PRIu64 " bytes",
			    file_size, 0, 0);
	ehsize = file_size < 64 ? 52 : 64;
	if (pread(fd, hdr, ehsize, 0) != (ssize_t)ehsize)
		return fail(why, whylen, "cannot read the ELF header", 0, 0, 0);
	is64 = hdr[EI_CLASS] == ELFCLASS64;
	if (!is64 && hdr[EI_CLASS] != ELFCLASS32)
		return fail(why, whylen, "ELF class %" PRIu64 " unknown",
			    hdr[EI_CLASS], 0, 0);
	if (is64 && ehsize < 64)
		return fail(why, whylen, "truncated ELF header: %" PRIu64 " bytes",
			    file_size, 0, 0);
	eh.msb = pv.msb = hdr[EI_DATA] == ELFDATA2MSB;
	if (get(&eh, 16, 2) != ET_CORE)
		return fail(why, whylen, "ELF file of type %" PRIu64 ", not a core",
			    get(&eh, 16, 2), 0, 0);
	if (check_sections(fd, &eh, is64, file_size, why, whylen) != 0)
		return -1;
	phoff = is64 ? get(&eh, 32, 8) : get(&eh, 28, 4);
	phentsize = is64 ? get(&eh, 54, 2) : get(&eh, 42, 2);
	phnum = is64 ? get(&eh, 56, 2) : get(&eh, 44, 2);
	if (phnum == PN_XNUM && real_phnum(fd, &eh, is64, file_size, &phnum) != 0)
		return fail(why, whylen, "truncated ELF core: no section header "
			    "with the program header count", 0, 0, 0);
	if (phentsize < (is64 ? 56u : 32u))
		return fail(why, whylen, "ELF program header size %" PRIu64 " too small",
			    phentsize, 0, 0);
	if (phnum == 0)
		return fail(why, whylen, "ELF core without program headers", 0, 0, 0);
	if (phoff > file_size || phnum > (file_size - phoff) / phentsize)
		return fail(why, whylen, "truncated ELF core: %" PRIu64 " program "
			    "headers at offset %" PRIu64 ", file has %" PRIu64 " bytes",
			    phnum, phoff, file_size);
	for (i = 0; i < phnum; i++) {
		uint64_t off, filesz, paddr, type;
		size_t n = is64 ? 56 : 32;

		if (pread(fd, ph, n, (off_t)(phoff + i * phentsize)) != (ssize_t)n)
			return fail(why, whylen, "cannot read ELF program header %" PRIu64,
				    i, 0, 0);
		type = get(&pv, 0, 4);
		if (type != PT_LOAD && type != PT_NOTE)
			continue;
		off = is64 ? get(&pv, 8, 8) : get(&pv, 4, 4);
		paddr = is64 ? get(&pv, 24, 8) : get(&pv, 12, 4);
		filesz = is64 ? get(&pv, 32, 8) : get(&pv, 16, 4);
		if (type == PT_NOTE) {
			if (off > file_size || filesz > file_size - off || filesz > MAX_NOTES)
				return fail(why, whylen, "truncated ELF core: PT_NOTE of %" PRIu64
					    " bytes at offset %" PRIu64 ", file has %" PRIu64 " bytes",
					    filesz, off, file_size);
			if (check_notes(fd, off, filesz, eh.msb, why, whylen) != 0)
				return -1;
			continue;
		}
		nload++;
		if ((off > file_size || filesz > file_size - off) && !cut) {
			cut = true;
			fail(why, whylen, "truncated ELF core: PT_LOAD of physical "
			     "0x%" PRIx64 " ends at offset %" PRIu64 ", file has %"
			     PRIu64 " bytes", paddr, off + filesz, file_size);
		}
	}
	if (nload == 0)
		return fail(why, whylen, "ELF core without PT_LOAD segments", 0, 0, 0);
	return cut ? 1 : 0;
}
