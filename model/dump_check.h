/* model/dump_check.h — checks of a file's headers before libkdumpfile
 * opens it.
 *
 * libkdumpfile 0.5.1 trusts its input in places: it opens an ELF core
 * whose program headers or segments lie beyond the end of the file (a
 * truncated copy), crashes on some section-header tables (e_shentsize 0,
 * e_shnum without e_shoff, counts beyond the file), on a VMCOREINFO line
 * that starts with '.' (in an ELF note or a diskdump sub-header), and it
 * allocates whatever a diskdump header's bitmap and CPU counts say. These
 * checks refuse such files with a reason instead. Found by mutating test
 * cores and with tests/fuzz/fuzz_dump.c; QEMU's unusual but valid ELF
 * headers (section headers first, e_ehsize 8) pass.
 */
#ifndef LS_DUMP_CHECK_H
#define LS_DUMP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each returns 0 if fd is not of its format or passes, -1 with a reason
 * in why otherwise. dump_elf_check returns 1, with the reason in why, for a
 * core whose headers are whole but whose PT_LOAD data runs past the end of
 * the file (a truncated copy): it can be read up to the cut. */
int dump_elf_check(int fd, uint64_t file_size, char *why, size_t whylen);
int dump_diskdump_check(int fd, uint64_t file_size, char *why, size_t whylen);

/* ELF-style notes (namesz, descsz, type, name, desc; 4-byte aligned) as in
 * a PT_NOTE segment or a diskdump note area: every VMCOREINFO note's text
 * must pass dump_vmcoreinfo_check. Notes that do not parse end the walk
 * (libkdumpfile stops there too). */
int dump_notes_check(const uint8_t *notes, size_t len, bool msb, char *why,
		     size_t whylen);
/* VMCOREINFO text: no line may start with '.'. */
int dump_vmcoreinfo_check(const char *text, size_t len, char *why,
			  size_t whylen);

#endif
