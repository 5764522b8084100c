/* model/dump_elf.h — sanity checks of an ELF core's headers before
 * libkdumpfile opens it.
 *
 * libkdumpfile 0.5.1 opens an ELF core whose program headers or segments
 * lie beyond the end of the file (a truncated copy) and fails only later,
 * page by page. This check catches that up front. QEMU's ELF headers are
 * unusual but valid (section headers first, e_ehsize 8) and pass.
 */
#ifndef LS_DUMP_ELF_H
#define LS_DUMP_ELF_H

#include <stddef.h>
#include <stdint.h>

/* 0 if fd is not an ELF file or an ELF core whose headers and PT_LOAD
 * segments fit in file_size; -1 with a reason in why otherwise. */
int dump_elf_check(int fd, uint64_t file_size, char *why, size_t whylen);

#endif
