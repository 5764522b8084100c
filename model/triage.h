/* model/triage.h — the automatic leak triage chain, computed as data.
 *
 * The chain an analyst runs by hand (the seed article), each step with the
 * facts it rests on and links back into the model (record indexes, start
 * addresses) so a view can drill from any step:
 *   1. pool       is a pool near its limit, are allocations failing
 *   2. tags       the tags with the most outstanding bytes and allocations
 *   3. holders    for tags that are object types: who holds those handles
 *   4. objects    Thread objects by start address (states, owners, holders);
 *                 Process objects by the process they point at; named
 *                 objects by name and directory
 *   5. traces     handle traces: the most common OPEN stack among the
 *                 handles still open
 *   6. verdict    the suspect module or process and why, or no leak
 * It decides from counts and ratios only (TRIAGE_* thresholds below),
 * never from names of scenarios, processes or drivers. Text and JSON
 * rendering live in views/ (cmd_triage.c); nothing here formats output.
 */
#ifndef LS_TRIAGE_H
#define LS_TRIAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "tree.h"

/* A pool is "near exhaustion" at this share of its maximum (per mille). */
#define TRIAGE_NEAR_PERMILLE 900
/* Fewest handles (or terminated threads, or same-named objects) that can
 * make a leak case: below this, counts are ordinary on any system. */
#define TRIAGE_LEAK_MIN 50
/* A holder is an outlier when it holds at least this many times the median
 * count of the other holders of the same type. */
#define TRIAGE_OUTLIER_RATIO 10

/* Row caps per step (the most significant rows are kept). */
#define TRIAGE_MAX_TAGS    8
#define TRIAGE_MAX_TYPES   4
#define TRIAGE_MAX_HOLDERS 12   /* over all types of step 3 */
#define TRIAGE_MAX_GROUPS  5
#define TRIAGE_MAX_STACKS  3
#define TRIAGE_MAX_ALSO    3    /* other cases besides the verdict */

enum triage_step_id {
	TRIAGE_STEP_POOL, TRIAGE_STEP_TAGS, TRIAGE_STEP_HOLDERS,
	TRIAGE_STEP_OBJECTS, TRIAGE_STEP_TRACES, TRIAGE_STEP_VERDICT,
	TRIAGE_NSTEPS
};

/* How a step came out. */
enum triage_level {
	TRIAGE_OK,       /* looked, nothing abnormal */
	TRIAGE_ALERT,    /* abnormal: this step is part of the case */
	TRIAGE_NODATA,   /* the dump does not hold what the step needs */
};

/* Step 1. Sizes in bytes. */
struct triage_pool {
	struct ls_opt np_used, np_max, p_used, p_max;
	uint32_t np_permille, p_permille;  /* used / max, 0 if unknown */
	bool np_near, p_near;              /* >= TRIAGE_NEAR_PERMILLE */
	struct ls_opt failed_allocs;
	int pressured;   /* pool under pressure: 0 non-paged, 1 paged, -1 none */
};

/* Step 2: one tag in one pool. */
struct triage_tag {
	uint32_t pooltag;      /* link: model.pooltags index */
	uint8_t paged;         /* the numbers are from: 0 non-paged, 1 paged */
	uint64_t outstanding;  /* allocs - frees */
	uint64_t bytes;
	uint32_t permille;     /* of that pool's usage, 0 if unknown */
	uint32_t type;         /* link: object type of this tag, LS_NONE */
	bool most_bytes, most_allocs;  /* first in its pool by bytes / count */
};

/* Step 3: a process holding handles of an object type. */
struct triage_holder {
	uint32_t type;         /* link: model.types index */
	uint32_t process;      /* link: model.processes index */
	uint32_t handles;      /* its handles of this type */
	uint32_t median;       /* median count over the other holders */
	uint32_t type_handles; /* all handles of this type */
	uint32_t nholders;     /* processes holding this type */
	bool outlier;          /* >= TRIAGE_LEAK_MIN and >= RATIO x median */
};

/* Step 4a: threads behind handles, grouped by start address. */
struct triage_thread_group {
	uint64_t start;        /* link: model_threads_by_start() key */
	uint32_t module;       /* link: module holding start, LS_NONE */
	uint32_t threads;      /* threads with this start address */
	uint32_t terminated;
	uint32_t held;         /* with at least one handle to them */
	uint32_t terminated_held;
	uint32_t orphaned;     /* terminated, on no list and behind no handle:
				  found only by a pool/slab scan, so kept by
				  some other reference (Linux get_task_struct) */
	uint32_t handles;      /* handles to these threads */
	uint32_t owner;        /* link: most common owning process */
	uint32_t holder;       /* link: process holding most of the handles */
	uint32_t holder_handles;
	uint32_t example;      /* link: a thread of the group (terminated and
				  kept if there is one) */
};

/* Step 4b: Process objects, grouped by the process they are (Windows
 * has one object per process; Linux a pidfd file per open). */
struct triage_process_target {
	uint32_t object;       /* link: model.objects index (the first one) */
	uint32_t target;       /* link: the process they are */
	bool target_exited;
	uint32_t objects;      /* objects that are this process */
	uint32_t handles;      /* handles referring to them */
	uint32_t holder, holder_handles;  /* link: who holds most of them */
};

/* Step 4c: named objects with the same name. */
struct triage_name_group {
	const char *name;      /* borrowed from the model */
	uint32_t type;         /* link: type of the first object */
	uint32_t objects;      /* objects with this name */
	uint32_t directories;  /* distinct parent directories */
	uint32_t handles;      /* handles referring to them */
	uint32_t holder, holder_handles;
	uint32_t example;      /* link: model.objects index of one of them */
};

/* Step 5: one OPEN stack among the still-open handles of a process. */
struct triage_stack {
	uint32_t process;      /* link */
	uint32_t count;        /* open handles whose newest record has it */
	uint32_t traced;       /* open handles with an OPEN record at all */
	uint32_t trace;        /* link: model.traces index of one record */
	uint8_t nframes;
	uint64_t frames[LS_TRACE_MAX_FRAMES];
	int suspect_frame;     /* first frame outside OS modules, -1 */
	uint32_t suspect_module;  /* link: its module, LS_NONE */
};

enum triage_culprit {
	TRIAGE_NO_LEAK,
	TRIAGE_THREAD_START,   /* terminated threads kept by handles (or by
				  references a scan finds): their module */
	TRIAGE_OBJECT_HOLDER,  /* one process, many handles to one object or
				  to one process's objects */
	TRIAGE_NAMED_OBJECTS,  /* one process, many objects of one name */
	TRIAGE_TYPE_HOLDER,    /* one process, far more handles of the type
				  whose tag leads a pool near its limit */
};

/* Step 6. */
struct triage_verdict {
	enum triage_culprit kind;
	uint32_t process;      /* the process holding the handles, LS_NONE */
	uint32_t module;       /* suspect module (thread start or stack
				  frame), LS_NONE */
	uint64_t address;      /* thread start or suspect frame address, 0 */
	uint32_t type;         /* object type involved, LS_NONE */
	uint32_t pooltag;      /* tag of that type, LS_NONE */
	uint32_t object;       /* the object (OBJECT_HOLDER) or one of the
				  named ones, LS_NONE */
	uint32_t objects;      /* objects in the case (1 for one object) */
	uint32_t target;       /* OBJECT_HOLDER of Process objects: the process
				  they are, LS_NONE */
	const char *name;      /* NAMED_OBJECTS: the name */
	uint32_t count;        /* the handles (or kept threads) of the case */
	uint32_t stack;        /* index into triage.stacks, LS_NONE */
	bool pool_pressure;    /* the case's tag leads a pool near its limit
				  (most bytes or most allocations) */
};

struct triage {
	enum triage_level level[TRIAGE_NSTEPS];
	struct triage_pool pool;
	struct triage_tag tags[TRIAGE_MAX_TAGS];
	uint32_t ntags;
	struct triage_holder holders[TRIAGE_MAX_HOLDERS];
	uint32_t nholders;
	struct triage_thread_group threads[TRIAGE_MAX_GROUPS];
	uint32_t nthreads;
	struct triage_process_target targets[TRIAGE_MAX_GROUPS];
	uint32_t ntargets;
	struct triage_name_group names[TRIAGE_MAX_GROUPS];
	uint32_t nnames;
	struct triage_stack stacks[TRIAGE_MAX_STACKS];
	uint32_t nstacks;
	uint32_t traced_processes;   /* processes with handle tracing on */
	struct triage_verdict verdict;
	/* other cases that meet the thresholds, strongest first (a dump may
	 * hold more than one leak); never the verdict's own case again */
	struct triage_verdict also[TRIAGE_MAX_ALSO];
	uint32_t nalso;
};

/* Run the chain on a finished model. Fails only for lack of memory. */
enum ls_status triage_run(struct model *m, struct triage *t, struct ls_err *err);

/* Is this module one of the OS's own (ntoskrnl, hal, ntdll, kernel32,
 * kernelbase, user32, verifier, ...)? Compared without extension and case.
 * Used to find the first frame of a stack that belongs to the suspect. */
bool triage_is_os_module(const char *name);

#endif
