/* model/dump_map.h — physical reads of an uncompressed ELF core served
 * straight from one read-only mapping of the whole file.
 *
 * libkdumpfile 0.5.1 maps and unmaps a piece of the file on reads of new
 * pages; on the seed-sized dump (1.8 GB, ~400 000 structures read) that
 * mmap/munmap churn was most of the load time and grew faster than the
 * dump (27x the time at 4x the size). An ELF core stores each PT_LOAD
 * segment's bytes as they are, so a physical address is a pointer: find
 * the segment, add the offset. libkdumpfile still opens the file, detects
 * its format, and serves every read this map cannot (bytes past p_filesz,
 * other formats).
 */
#ifndef LS_DUMP_MAP_H
#define LS_DUMP_MAP_H

#include <stddef.h>
#include <stdint.h>

struct dump_map;

/* A map of fd's PT_LOAD segments by physical address, or NULL when the
 * file is not a little-endian ELF64 core whose segments lie inside the
 * file without overlapping (then reads go through libkdumpfile). */
struct dump_map *dump_map_open(int fd, uint64_t file_size);
void dump_map_close(struct dump_map *m);   /* accepts NULL */

/* The bytes at physical [pa, pa + len) if one segment's file part holds
 * them all, else NULL. Valid until dump_map_close. *hint is the caller's
 * (the last segment found); the map itself is never written, so threads
 * with hints of their own may look up at the same time. */
const uint8_t *dump_map_ptr(const struct dump_map *m, size_t *hint, uint64_t pa,
			    size_t len);

#endif
