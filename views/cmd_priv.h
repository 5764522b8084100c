/* views/cmd_priv.h — what the command files (views/cmd_*.c) share: the
 * invocation environment, argument parsing, and the JSON / CSV writers.
 * Not for use outside views/cmd*.c.
 */
#ifndef LS_CMD_PRIV_H
#define LS_CMD_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "out.h"

#define CMD_MAX_ARGS 16
/* "-1" as a number: WinDbg's "the current one". */
#define CMD_CURRENT UINT64_MAX

/* One command invocation. */
struct cmd_env {
	struct cmd_ctx *c;
	struct model *m;
	struct out *o;
	const char *line;      /* the command as typed, trimmed */
	char *err;
	size_t errlen;
};

/* Fill env->err with one line and return r. */
enum cmd_result cmd_fail(struct cmd_env *e, enum cmd_result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A WinDbg number: hex by default ("3", "12", "fffff804`12345678",
 * "0x1f"), "0n123" decimal, "-1" = CMD_CURRENT. */
bool cmd_parse_num(const char *s, uint64_t *ret);

/* A process by EPROCESS address or pid; LS_NONE if neither. */
uint32_t cmd_find_process(const struct model *m, uint64_t v);

/* Text helpers: a process's image name, escaped, or "?" if unknown. */
void cmd_text_image(struct out *o, const struct model *m, uint32_t p);

/* The first max handles to object ob, one line each: "        IMAGE (Cid PID)
 * handle VALUE" (!object, !thread). */
void cmd_text_holders(struct out *o, const struct model *m, const struct ls_object *ob,
		      uint32_t max);

/* ---- JSON writer: commas and nesting handled; keys are ours (trusted),
 * string values are escaped. key is NULL inside arrays. */
#define JW_MAX_DEPTH 24
struct jw {
	struct out *o;
	int depth;
	bool first[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, struct out *o);
void jw_obj(struct jw *w, const char *key);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w, const char *key);
void jw_arr_end(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *s);
void jw_u64(struct jw *w, const char *key, uint64_t v);
void jw_i64(struct jw *w, const char *key, int64_t v);
void jw_hex(struct jw *w, const char *key, uint64_t v);   /* "0x..." */
void jw_bool(struct jw *w, const char *key, bool v);
void jw_null(struct jw *w, const char *key);
void jw_opt(struct jw *w, const char *key, struct ls_opt v); /* number or null */
void jw_double(struct jw *w, const char *key, double v);
/* An index that may be LS_NONE: number or null. */
void jw_index(struct jw *w, const char *key, uint32_t v);

/* ---- Rows: the --json / --csv form of a command. JSON gives
 * {"command": LINE, "rows": [{...}, ...]}; CSV gives a header line of the
 * first row's field names, then one line per row. Every row of a command
 * must emit the same fields in the same order. */
struct rows {
	struct cmd_env *e;
	enum out_format fmt;
	struct jw jw;
	struct out hdr, line;  /* CSV: header and current line */
	struct out list;       /* CSV: the list being built */
	int col, nlist;
	bool header_done;
	uint32_t nrows;
};

void rows_begin(struct rows *r, struct cmd_env *e);
void rows_row(struct rows *r);
void rows_row_end(struct rows *r);
void rows_end(struct rows *r);
void rows_str(struct rows *r, const char *key, const char *s);
void rows_u64(struct rows *r, const char *key, uint64_t v);
void rows_i64(struct rows *r, const char *key, int64_t v);
void rows_hex(struct rows *r, const char *key, uint64_t v);
void rows_bool(struct rows *r, const char *key, bool v);
void rows_null(struct rows *r, const char *key);
void rows_opt(struct rows *r, const char *key, struct ls_opt v);
void rows_double(struct rows *r, const char *key, double v);
/* A list of strings: a JSON array; in CSV one field joined by "; ". */
void rows_list_begin(struct rows *r, const char *key);
void rows_list_str(struct rows *r, const char *s);
void rows_list_end(struct rows *r);
/* The owning process p as the fields "process", "pid", "image"; all three
 * null when p is not a process (!handle, !htrace). */
void rows_process(struct rows *r, const struct model *m, uint32_t p);

/* ---- the commands (argv[0] is the command word) */
enum cmd_result cmd_vm(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_poolused(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_process(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_dot_process(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_handle(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_object(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_thread(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_htrace(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_dt(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_lm(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_triage_cmd(struct cmd_env *e, int argc, char **argv);
/* Linux (views/cmd_linux.c): crash-style ps, files PID, kmem -s [NAME] */
enum cmd_result cmd_ps(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_files(struct cmd_env *e, int argc, char **argv);
enum cmd_result cmd_kmem(struct cmd_env *e, int argc, char **argv);

/* The three lines of a process: PROCESS addr SessionId Cid Peb ParentCid /
 * DirBase ObjectTable HandleCount / Image (!process and !handle). */
void cmd_text_process(struct out *o, const struct model *m, uint32_t p);

/* A thread's state as WinDbg shows it: "TERMINATED", "WAIT: (WrQueue)",
 * "RUNNING" (!thread, !process FLAGS 4). */
const char *cmd_thread_state(const struct ls_thread *th, char *buf, size_t len);

/* Shared between !handle and !object: the object lines of WinDbg
 * ("Object: ... Type: (...) Thread", "ObjectHeader:", counts, name). */
void cmd_text_object(struct out *o, const struct model *m, uint32_t obj,
		     const char *indent);

#endif
