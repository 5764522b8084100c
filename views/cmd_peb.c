/* views/cmd_peb.c — dt _PEB [ADDR]: the PEB fields the model holds. */
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "cmd_priv.h"

/* _PEB.NtGlobalFlag, the same on every x64 build in the profiles. */
#define PEB_NTGLOBALFLAG_OFFSET 0xbc

static bool is_peb_type(const char *s)
{
	const char *bang = strchr(s, '!');

	return strcasecmp(bang ? bang + 1 : s, "_PEB") == 0;
}

static void text_peb(struct cmd_env *e, uint32_t p)
{
	const struct model *m = e->m;
	const struct ls_process *pr = &m->processes[p];
	struct out *o = e->o;
	char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX], flags[FMT_FLAGS_MAX];
	const struct fmt_flag *tab;
	size_t n, i;
	uint32_t v = (uint32_t)pr->global_flag.value;

	out_printf(o, "ntdll!_PEB at %s (process %s Cid %04" PRIx64 " Image: ",
		   fmt_addr(pr->peb, a, sizeof(a)), fmt_addr(pr->addr, b, sizeof(b)), pr->pid);
	cmd_text_image(o, m, p);
	out_printf(o, ")\n");
	out_printf(o, "   +0x%03x NtGlobalFlag      : 0x%" PRIx32 "\n", PEB_NTGLOBALFLAG_OFFSET, v);
	/* one flag name per line, as !gflag lists them */
	tab = fmt_gflag_table(&n);
	for (i = 0; i < n; i++)
		if (v & tab[i].bit)
			out_printf(o, "           %-32s (%s)\n", tab[i].name, tab[i].abbrev);
	fmt_gflags(v, flags, sizeof(flags));
	if (v == 0)
		out_printf(o, "           (no flags set)\n");
	else if (strstr(flags, "0x"))
		out_printf(o, "           other bits: %s\n", strrchr(flags, ' ') ? strrchr(flags, ' ') + 1 : flags);
}

static void json_peb(struct cmd_env *e, uint32_t p)
{
	const struct model *m = e->m;
	const struct ls_process *pr = &m->processes[p];
	const struct fmt_flag *tab;
	struct rows r;
	size_t n, i;

	rows_begin(&r, e);
	rows_row(&r);
	rows_hex(&r, "process", pr->addr);
	rows_u64(&r, "pid", pr->pid);
	rows_str(&r, "image", pr->name);
	rows_hex(&r, "peb", pr->peb);
	rows_u64(&r, "nt_global_flag", pr->global_flag.value);
	rows_list_begin(&r, "nt_global_flag_names");
	tab = fmt_gflag_table(&n);
	for (i = 0; i < n; i++)
		if (pr->global_flag.value & tab[i].bit)
			rows_list_str(&r, tab[i].name);
	rows_list_end(&r);
	rows_row_end(&r);
	rows_end(&r);
}

enum cmd_result cmd_dt(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint32_t p = LS_NONE, i;
	uint64_t addr;
	char name[64];

	if (argc < 2 || argc > 3)
		return cmd_fail(e, CMD_USAGE, "dt: usage: dt _PEB [ADDR]");
	if (!is_peb_type(argv[1]))
		return cmd_fail(e, CMD_USAGE, "dt: only _PEB is known to leakscope (usage: dt _PEB [ADDR])");
	if (argc == 2) {
		p = e->c->process;
		if (p == LS_NONE)
			return cmd_fail(e, CMD_USAGE, "dt _PEB: no implicit process; use .process ADDR first or give the PEB address");
	} else {
		if (!cmd_parse_num(argv[2], &addr) || addr == CMD_CURRENT)
			return cmd_fail(e, CMD_USAGE, "dt _PEB: ADDR must be a hex address");
		/* PEBs are user addresses: the implicit process's first */
		if (e->c->process != LS_NONE && m->processes[e->c->process].peb == addr)
			p = e->c->process;
		for (i = 0; p == LS_NONE && i < m->nprocesses; i++)
			if (m->processes[i].peb == addr && addr)
				p = i;
		if (p == LS_NONE)
			return cmd_fail(e, CMD_READ_FAILED, "dt _PEB: no process has its PEB at 0x%" PRIx64, addr);
	}
	if (m->processes[p].peb == 0)
		return cmd_fail(e, CMD_READ_FAILED, "dt _PEB: %s has no PEB",
				ls_escape(m->processes[p].name ? m->processes[p].name : "the process", name, sizeof(name)));
	if (!m->processes[p].global_flag.valid)
		return cmd_fail(e, CMD_READ_FAILED, "dt _PEB: the PEB of %s is not in the dump (paged out)",
				ls_escape(m->processes[p].name ? m->processes[p].name : "the process", name, sizeof(name)));
	if (e->c->fmt != OUT_TEXT)
		json_peb(e, p);
	else
		text_peb(e, p);
	return CMD_OK;
}
