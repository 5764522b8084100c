/* views/pending.c — TEMPORARY weak placeholders (see model/pending.c). */
#include "cmd.h"
#include "out.h"

#define W __attribute__((weak))

W void out_init_file(struct out *o, FILE *fp) { o->fp = fp; }
W void out_init_buffer(struct out *o) { o->fp = NULL; }
W void out_deinit(struct out *o) { }
W void out_printf(struct out *o, const char *fmt, ...) { }
W void out_write(struct out *o, const char *s, size_t n) { }
W void out_str(struct out *o, const char *s) { }
W void out_json_str(struct out *o, const char *s) { }
W void out_csv_str(struct out *o, const char *s) { }
W const char *ls_escape(const char *s, char *buf, size_t len) { if (len) buf[0] = 0; return buf; }
W void cmd_ctx_init(struct cmd_ctx *c, struct model *m, enum out_format f) { c->m = m; c->fmt = f; }
W enum cmd_result cmd_run(struct cmd_ctx *c, const char *l, struct out *o, char *e, size_t n) { return CMD_USAGE; }
W enum cmd_result cmd_triage(struct cmd_ctx *c, struct out *o) { return CMD_USAGE; }
W void cmd_print_help(struct out *o) { }
