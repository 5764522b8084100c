/* model/load.h — from an open dump to a finished model.
 *
 * Picks the reader (Windows or Linux) from what the dump holds, runs it and
 * finishes the model. Options override discovery (--dtb, --kernel-base,
 * --profile) or add data (--symbols, --pooltags, --symfile, --system-map,
 * --btf). A reader that fails part-way leaves warnings in the model and
 * returns LS_OK with what it could read; a non-OK status means nothing
 * useful could be read (err says why in one line).
 */
#ifndef LS_LOAD_H
#define LS_LOAD_H

#include <stdint.h>

#include "dump.h"
#include "status.h"
#include "tree.h"

#define LOAD_MAX_PATHS 8

struct load_options {
	const char *symbols[LOAD_MAX_PATHS];  /* --symbols DIR|FILE (ISF) */
	unsigned nsymbols;
	const char *profile;      /* --profile FILE: use this ISF, no matching */
	const char *pooltags;     /* --pooltags FILE (pooltag.txt format) */
	const char *symfile;      /* --symfile FILE (user symbols) */
	const char *system_map;   /* --system-map FILE (Linux) */
	const char *btf;          /* --btf FILE (Linux) */
	uint64_t dtb;             /* --dtb, 0 = discover */
	uint64_t kernel_base;     /* --kernel-base, 0 = discover */
};

enum ls_status model_load(struct dump *d, const struct load_options *o,
			  struct model **ret, struct ls_err *err);

#endif
