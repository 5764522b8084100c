/* model/win/peb.c — a process's PEB, read through its own DTB: the
 * NtGlobalFlag (Application Verifier, page heap, ...), the image path from
 * the process parameters, and the loader list for its DLLs. User memory may
 * be paged out: what cannot be read stays unknown, with a warning. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winctx.h"

#define PEB_PATH_MAX 1024

static void read_image_path(struct win_ctx *c, uint32_t p, uint64_t dtb, uint64_t params)
{
	const struct win_layout *L = &c->L;
	uint8_t buf[0x100];
	char path[PEB_PATH_MAX];
	size_t len = (size_t)win_field_end(&L->upp_image_path);
	struct ls_err err;

	if (!params || len > sizeof(buf))
		return;
	if (dump_read_va(c->d, dtb, params, buf, len, "RTL_USER_PROCESS_PARAMETERS",
			 &err) != LS_OK ||
	    win_ustr(c, dtb, buf, len, L->upp_image_path.offset, path, sizeof(path),
		     "image path", &err) != LS_OK) {
		model_warn(c->m, "image path of pid %" PRIu64 ": %s",
			   c->m->processes[p].pid, err.msg);
		return;
	}
	if (path[0])
		c->m->processes[p].path = model_strdup(c->m, path);
}

void win_read_peb(struct win_ctx *c, uint32_t p)
{
	const struct win_layout *L = &c->L;
	const struct profile_field *used[] = {
		&L->peb_ldr, &L->peb_params, &L->peb_global_flag,
	};
	uint64_t peb = c->m->processes[p].peb, dtb = c->m->processes[p].dtb;
	uint64_t pid = c->m->processes[p].pid, ldr, params;
	uint8_t buf[0x800];
	size_t len = 0, i;
	struct ls_err err;

	if (!peb || !dtb)
		return;
	for (i = 0; i < sizeof(used) / sizeof(used[0]); i++)
		if ((size_t)win_field_end(used[i]) > len)
			len = (size_t)win_field_end(used[i]);
	if (len > sizeof(buf))
		return;
	if (dump_read_va(c->d, dtb, peb, buf, len, "PEB", &err) != LS_OK) {
		model_warn(c->m, "PEB of pid %" PRIu64 ": %s", pid, err.msg);
		return;
	}
	c->m->processes[p].global_flag.value = win_get(buf, len, &L->peb_global_flag);
	c->m->processes[p].global_flag.valid = true;
	ldr = win_get(buf, len, &L->peb_ldr);
	params = win_get(buf, len, &L->peb_params);
	read_image_path(c, p, dtb, params);
	win_read_process_modules(c, p, ldr);
}
