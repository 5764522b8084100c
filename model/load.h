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

/* Both phases below in one call: a finished, complete model. */
enum ls_status model_load(struct dump *d, const struct load_options *o,
			  struct model **ret, struct ls_err *err);

/* Loading in two phases, so that a first screen can be drawn early.
 * model_load_begin reads what the Summary, Pool and Processes views show
 * (facts, memory summary, pool tags, types, the process list) and
 * finishes the model; m->loading is then true: threads, handles, objects,
 * modules, PEBs and traces are not read yet. model_load_rest reads them
 * and finishes the model again (record indexes of threads, handles,
 * modules, symbols change and query results are freed: views must be
 * loaded again), sets m->loading false, and frees *pending. On failure of
 * begin nothing is returned; rest leaves a usable model either way (a
 * non-OK status means the second finish failed).
 * The Linux reader is single-phase: begin reads everything and rest only
 * releases *pending. d and o must stay valid until rest returns.
 * To give up after begin: model_load_drop(pending), then model_destroy. */
struct load_pending;

enum ls_status model_load_begin(struct dump *d, const struct load_options *o,
				struct model **ret, struct load_pending **pending,
				struct ls_err *err);
enum ls_status model_load_rest(struct model *m, struct load_pending *pending,
			       struct ls_err *err);
void model_load_drop(struct load_pending *pending);

#endif
