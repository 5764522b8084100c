/* views/cmd.c — the command dispatcher: split a line into words, find the
 * command, run it; plus the helpers every command file uses and the help. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_priv.h"

#define CMD_LINE_MAX 1024

struct cmd_def {
	const char *name;      /* as typed, matched without case */
	const char *synopsis;  /* for help */
	const char *help;
	enum cmd_result (*run)(struct cmd_env *e, int argc, char **argv);
};

static const struct cmd_def commands[] = {
	{ "!vm", "!vm", "memory summary: physical memory, pool usage and limits, "
	  "failed pool allocations, commit", cmd_vm },
	{ "!poolused", "!poolused [FLAGS [TAG]]", "pool use by tag; FLAGS: 1 verbose "
	  "(Frees, Diff), 2 sort by non-paged bytes, 4 sort by paged bytes; TAG "
	  "with * and ? wildcards", cmd_poolused },
	{ "!process", "!process [PROCESS [FLAGS [NAME]]]", "processes (0 0 = all): "
	  "address, session, Cid, PEB, parent, DirBase, handle table, HandleCount, "
	  "image; FLAGS 2 or 4 list threads; NAME filters by image name", cmd_process },
	{ ".process", ".process [ADDR]", "set the implicit process (address or pid) "
	  "for the commands that follow; 0 clears it", cmd_dot_process },
	{ "!handle", "!handle [HANDLE [FLAGS [PROCESS [TYPE]]]]", "handles; HANDLE "
	  "0 = all; FLAGS 1 basic, 2 object (default 3), 0x10 kernel handle table, "
	  "0x20 HANDLE is a pid or tid; PROCESS an address or pid, or 0, -1 or "
	  "omitted for the implicit process (every process if none is set); TYPE "
	  "e.g. Thread", cmd_handle },
	{ "!object", "!object ADDR|\\PATH", "an object: type, header, handle and "
	  "pointer counts, name, directory, entries, the handles to it", cmd_object },
	{ "!thread", "!thread ADDR", "a thread: Cid, state, owning process, wait "
	  "ticks, times, start address, stack bounds, priority, handles to it",
	  cmd_thread },
	{ "!htrace", "!htrace [HANDLE [PROCESS]]", "handle traces (Application "
	  "Verifier / gflags): OPEN, CLOSE and BADREF records with their stacks; "
	  "HANDLE 0 = all; PROCESS as for !handle", cmd_htrace },
	{ "dt", "dt _PEB [ADDR]", "the PEB fields leakscope reads (NtGlobalFlag with "
	  "flag names) of the implicit process or the process with that PEB", cmd_dt },
	{ "lm", "lm", "loaded kernel modules; after .process also that "
	  "process's DLLs", cmd_lm },
	{ "!triage", "!triage", "the automatic leak triage chain (as --triage)",
	  cmd_triage_cmd },
	/* Linux dumps: crash-utility style */
	{ "ps", "ps", "Linux: one line per process, as crash's ps: PID and PPID in "
	  "decimal, state (RU IN UN ZO ...), task address, threads, open fds, "
	  "command ([kernel threads] in brackets)", cmd_ps },
	{ "files", "files PID", "Linux: the open fds of a process (decimal pid "
	  "or 0xTASK): fd, struct file address, type (File, Directory, pidfd, "
	  "Pipe, Socket, eventfd...) and what it reaches (path, \"pid 3118\")",
	  cmd_files },
	{ "kmem", "kmem -s [NAME]", "Linux: slab caches, as crash's kmem -s: "
	  "object size, allocated and total objects, bytes in use, sorted by "
	  "bytes; NAME with * and ? wildcards", cmd_kmem },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

void cmd_ctx_init(struct cmd_ctx *c, struct model *m, enum out_format fmt)
{
	c->m = m;
	c->process = LS_NONE;
	c->fmt = fmt;
}

enum cmd_result cmd_fail(struct cmd_env *e, enum cmd_result r, const char *fmt, ...)
{
	va_list ap;
	char *nl;

	if (e->err && e->errlen) {
		va_start(ap, fmt);
		vsnprintf(e->err, e->errlen, fmt, ap);
		va_end(ap);
		/* one line, whatever the arguments held */
		while ((nl = strpbrk(e->err, "\r\n")) != NULL)
			*nl = ' ';
	}
	return r;
}

bool cmd_parse_num(const char *s, uint64_t *ret)
{
	char buf[64], *end;
	size_t i, j = 0;
	int base = 16;

	if (!s || !*s)
		return false;
	if (strcmp(s, "-1") == 0) {
		*ret = CMD_CURRENT;
		return true;
	}
	if (s[0] == '0' && (s[1] == 'n' || s[1] == 'N')) {
		base = 10;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (i = 0; s[i]; i++) {
		if (s[i] == '`')
			continue;
		if (j + 1 >= sizeof(buf) || !isxdigit((unsigned char)s[i]) ||
		    (base == 10 && !isdigit((unsigned char)s[i])))
			return false;
		buf[j++] = s[i];
	}
	if (j == 0 || j > (base == 16 ? 16 : 20))
		return false;
	buf[j] = '\0';
	errno = 0;
	*ret = strtoull(buf, &end, base);
	return errno == 0 && *end == '\0';
}

uint32_t cmd_find_process(const struct model *m, uint64_t v)
{
	uint32_t p = model_process_by_addr(m, v);

	if (p == LS_NONE)
		p = model_process_by_pid(m, v);
	return p;
}

void cmd_text_image(struct out *o, const struct model *m, uint32_t p)
{
	if (p < m->nprocesses && m->processes[p].name)
		out_str(o, m->processes[p].name);
	else
		out_printf(o, "?");
}

void cmd_text_holders(struct out *o, const struct model *m, const struct ls_object *ob,
		      uint32_t max)
{
	uint32_t i;

	for (i = 0; i < ob->nrefs && i < max; i++) {
		const struct ls_handle *h = &m->handles[m->object_refs[ob->first_ref + i]];
		out_printf(o, "        ");
		cmd_text_image(o, m, h->process);
		out_printf(o, " (Cid %04" PRIx64 ") handle %04" PRIx64 "\n",
			   h->process < m->nprocesses ? m->processes[h->process].pid : 0,
			   h->value);
	}
}

void rows_process(struct rows *r, const struct model *m, uint32_t p)
{
	const struct ls_process *pr = p < m->nprocesses ? &m->processes[p] : NULL;

	if (pr) {
		rows_hex(r, "process", pr->addr);
		rows_u64(r, "pid", pr->pid);
		rows_str(r, "image", pr->name);
	} else {
		rows_null(r, "process");
		rows_null(r, "pid");
		rows_null(r, "image");
	}
}

/* Split line into words (double quotes group, backslashes are literal so
 * object paths survive). Returns the count, or -1 if there are too many. */
static int split_words(char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return argc;
		if (argc == CMD_MAX_ARGS)
			return -1;
		if (*p == '"') {
			argv[argc++] = ++p;
			while (*p && *p != '"')
				p++;
		} else {
			argv[argc++] = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
		}
		if (*p)
			*p++ = '\0';
	}
}

enum cmd_result cmd_run(struct cmd_ctx *c, const char *line, struct out *o,
			char *errmsg, size_t errlen)
{
	struct cmd_env e = { c, c->m, o, NULL, errmsg, errlen };
	char buf[CMD_LINE_MAX], typed[CMD_LINE_MAX], shown[80], *argv[CMD_MAX_ARGS];
	size_t len, i;
	int argc;

	if (errmsg && errlen)
		errmsg[0] = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	len = strlen(line);
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
		       line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len >= sizeof(buf))
		return cmd_fail(&e, CMD_USAGE, "command too long (%zu characters, at most %d)",
				len, CMD_LINE_MAX - 1);
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (strpbrk(buf, "\r\n"))
		return cmd_fail(&e, CMD_USAGE, "one command per -c (the line holds a newline)");
	memcpy(typed, buf, len + 1);   /* the typed text, for JSON's "command" */
	e.line = typed;
	argc = split_words(buf, argv);
	if (argc < 0)
		return cmd_fail(&e, CMD_USAGE, "too many arguments (at most %d)", CMD_MAX_ARGS - 1);
	if (argc == 0)
		return cmd_fail(&e, CMD_USAGE, "empty command (known: !vm !poolused !process "
				".process !handle !object !thread !htrace dt lm !triage; Linux: ps files kmem)");
	if (!c->m)
		return cmd_fail(&e, CMD_READ_FAILED, "no model loaded");
	for (i = 0; i < NCOMMANDS; i++)
		if (strcasecmp(argv[0], commands[i].name) == 0)
			return commands[i].run(&e, argc, argv);
	if (strcasecmp(argv[0], "triage") == 0)
		return cmd_triage_cmd(&e, argc, argv);
	return cmd_fail(&e, CMD_USAGE, "unknown command '%s' (known: !vm !poolused !process "
			".process !handle !object !thread !htrace dt lm !triage; Linux: ps files kmem)",
			ls_escape(argv[0], shown, sizeof(shown)));
}

void cmd_print_help(struct out *o)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		const char *h = commands[i].help;
		int col = 6, width = 78;

		out_printf(o, "  %s\n      ", commands[i].synopsis);
		/* wrap the description at word boundaries */
		while (*h) {
			const char *sp = strchr(h, ' ');
			int w = sp ? (int)(sp - h) : (int)strlen(h);

			if (col > 6 && col + 1 + w > width) {
				out_printf(o, "\n      ");
				col = 6;
			} else if (col > 6) {
				out_write(o, " ", 1);
				col++;
			}
			out_write(o, h, (size_t)w);
			col += w;
			h += w;
			while (*h == ' ')
				h++;
		}
		out_write(o, "\n", 1);
	}
}
