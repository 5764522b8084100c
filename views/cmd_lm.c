/* views/cmd_lm.c — lm: loaded modules (kernel, plus the implicit
 * process's DLLs). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "cmd_priv.h"

static const struct model *lm_model;

static int cmp_base(const void *a, const void *b)
{
	uint64_t x = lm_model->modules[*(const uint32_t *)a].base;
	uint64_t y = lm_model->modules[*(const uint32_t *)b].base;
	return x < y ? -1 : x > y;
}

/* "mydriver.sys" -> "mydriver", "ntoskrnl.exe" -> "nt" (WinDbg's module
 * names), escaped. */
static const char *short_name(const char *name, char *buf, size_t len)
{
	char tmp[128];
	const char *dot;
	size_t n;

	if (!name)
		return "?";
	dot = strrchr(name, '.');
	n = dot ? (size_t)(dot - name) : strlen(name);
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, name, n);
	tmp[n] = '\0';
	/* WinDbg calls every kernel image flavour "nt" */
	if (strcasecmp(tmp, "ntoskrnl") == 0 || strcasecmp(tmp, "ntkrnlmp") == 0 ||
	    strcasecmp(tmp, "ntkrnlpa") == 0 || strcasecmp(tmp, "ntkrpamp") == 0)
		snprintf(tmp, sizeof(tmp), "nt");
	return ls_escape(tmp, buf, len);
}

enum cmd_result cmd_lm(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint32_t *order, n = 0, i, p = e->c->process;
	struct rows r;

	if (argc > 1)
		return cmd_fail(e, CMD_USAGE, "lm: options are not supported (usage: lm)");
	if (m->nmodules == 0)
		return cmd_fail(e, CMD_READ_FAILED, "lm: no module list in the dump");
	order = malloc(m->nmodules * sizeof(*order));
	if (!order)
		return cmd_fail(e, CMD_READ_FAILED, "lm: out of memory");
	for (i = 0; i < m->nmodules; i++)
		if (m->modules[i].process == LS_NONE || (p != LS_NONE && m->modules[i].process == p))
			order[n++] = i;
	lm_model = m;
	qsort(order, n, sizeof(*order), cmp_base);

	if (e->c->fmt != OUT_TEXT)
		rows_begin(&r, e);
	else
		out_printf(e->o, "start             end                 module name\n");
	for (i = 0; i < n; i++) {
		const struct ls_module *mod = &m->modules[order[i]];
		char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX], sn[160];

		if (e->c->fmt != OUT_TEXT) {
			rows_row(&r);
			rows_hex(&r, "base", mod->base);
			rows_hex(&r, "end", mod->base + mod->size);
			rows_u64(&r, "size", mod->size);
			rows_str(&r, "name", mod->name);
			rows_str(&r, "path", mod->path);
			if (mod->process < m->nprocesses) {
				rows_hex(&r, "process", m->processes[mod->process].addr);
				rows_u64(&r, "pid", m->processes[mod->process].pid);
			} else {
				rows_null(&r, "process");
				rows_null(&r, "pid");
			}
			rows_u64(&r, "symbols", mod->nsymbols);
			rows_row_end(&r);
			continue;
		}
		out_printf(e->o, "%s %s   %-10s ", fmt_addr_tick(mod->base, a, sizeof(a)),
			   fmt_addr_tick(mod->base + mod->size, b, sizeof(b)),
			   short_name(mod->name, sn, sizeof(sn)));
		out_str(e->o, mod->path ? mod->path : mod->name);
		out_printf(e->o, "  (%u exports)\n", mod->nsymbols);
	}
	if (e->c->fmt != OUT_TEXT)
		rows_end(&r);
	free(order);
	return CMD_OK;
}
