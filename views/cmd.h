/* views/cmd.h — the WinDbg-style command set shared by -c and the TUI's ':'.
 *
 * Commands: !vm, !poolused [FLAGS [TAG]], !process 0 0 [NAME], .process ADDR,
 * !handle [HANDLE [FLAGS [PROCESS [TYPE]]]], !object ADDR|\path,
 * !thread ADDR, !htrace [HANDLE [PROCESS]], dt _PEB [ADDR], lm, plus the
 * triage chain. Each renders from the model only, as WinDbg-like text, JSON
 * (one object per row, addresses as hex strings) or CSV.
 */
#ifndef LS_CMD_H
#define LS_CMD_H

#include <stdint.h>

#include "../model/tree.h"
#include "out.h"

/* Exit statuses, as the command line returns them. */
enum cmd_result {
	CMD_OK = 0,
	CMD_READ_FAILED = 1,   /* the facts asked for could not be read from the dump */
	CMD_USAGE = 2,         /* unknown command or bad argument */
};

struct cmd_ctx {
	struct model *m;
	uint32_t process;      /* the implicit process (.process), LS_NONE = none */
	enum out_format fmt;
};

void cmd_ctx_init(struct cmd_ctx *c, struct model *m, enum out_format fmt);

/* Run one command line. On CMD_USAGE / CMD_READ_FAILED, errmsg holds one
 * line (no newline) saying what is wrong. */
enum cmd_result cmd_run(struct cmd_ctx *c, const char *line, struct out *o,
			char *errmsg, size_t errlen);

/* The triage chain (--triage), rendered in c->fmt. */
enum cmd_result cmd_triage(struct cmd_ctx *c, struct out *o);

/* One line per command for --help and the TUI help: "!vm  memory summary". */
void cmd_print_help(struct out *o);

#endif
