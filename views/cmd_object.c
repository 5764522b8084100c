/* views/cmd_object.c — !object ADDR|\PATH: one object, its directory
 * entries and the handles that refer to it. */
#include <inttypes.h>
#include <strings.h>

#include "format.h"
#include "cmd_priv.h"

/* At most this many handles are listed in text (JSON lists them all). */
#define OBJECT_TEXT_HANDLES 20

static uint32_t find_by_path(const struct model *m, const char *path)
{
	uint32_t o;

	for (o = 0; o < m->nobjects; o++)
		if (m->objects[o].path && strcasecmp(m->objects[o].path, path) == 0)
			return o;
	return LS_NONE;
}

static void text_object(struct cmd_env *e, uint32_t obj)
{
	const struct model *m = e->m;
	const struct ls_object *ob = &m->objects[obj];
	struct out *o = e->o;
	char a[FMT_ADDR_MAX], name[128];
	uint32_t i, n = 0;

	cmd_text_object(o, m, obj, "");
	if (ob->path) {
		out_printf(o, "    Path: ");
		out_str(o, ob->path);
		out_printf(o, "\n");
	}
	if (ob->thread != LS_NONE)
		out_printf(o, "    Thread: %s (see !thread)\n",
			   fmt_addr(m->threads[ob->thread].addr, a, sizeof(a)));
	if (ob->process != LS_NONE) {
		out_printf(o, "    Process: %s Cid: %04" PRIx64 " Image: ",
			   fmt_addr(m->processes[ob->process].addr, a, sizeof(a)),
			   m->processes[ob->process].pid);
		cmd_text_image(o, m, ob->process);
		out_printf(o, "%s\n", m->processes[ob->process].exited ? " (exited)" : "");
	}
	/* directory entries: the objects whose parent this is */
	for (i = 0; i < m->nobjects; i++) {
		const struct ls_object *c = &m->objects[i];
		const char *tn;
		if (c->directory != ob->body || !c->name || ob->body == 0)
			continue;
		if (n++ == 0)
			out_printf(o, "\n    Hash Address          Type                      Name\n"
				   "    ---- -------          ----                      ----\n");
		tn = c->type < m->ntypes && m->types[c->type].name ? m->types[c->type].name : "?";
		ls_escape(tn, name, sizeof(name));
		out_printf(o, "         %s %-25s ", fmt_addr(c->body, a, sizeof(a)), name);
		out_str(o, c->name);
		out_printf(o, "\n");
	}
	if (ob->nrefs) {
		out_printf(o, "\n    Handles to this object: %u\n", ob->nrefs);
		cmd_text_holders(o, m, ob, OBJECT_TEXT_HANDLES);
		if (ob->nrefs > OBJECT_TEXT_HANDLES)
			out_printf(o, "        ... %u more (--json lists all)\n",
				   ob->nrefs - OBJECT_TEXT_HANDLES);
	}
}

static void json_object(struct cmd_env *e, uint32_t obj)
{
	const struct model *m = e->m;
	const struct ls_object *ob = &m->objects[obj];
	const struct ls_type *ty = ob->type < m->ntypes ? &m->types[ob->type] : NULL;
	struct rows r;
	char buf[64];
	uint32_t i;

	rows_begin(&r, e);
	rows_row(&r);
	rows_hex(&r, "object", ob->body);
	rows_hex(&r, "object_header", ob->header);
	rows_str(&r, "type", ty ? ty->name : NULL);
	if (ty)
		rows_hex(&r, "type_addr", ty->addr);
	else
		rows_null(&r, "type_addr");
	rows_i64(&r, "handle_count", ob->handle_count);
	rows_i64(&r, "pointer_count", ob->pointer_count);
	rows_str(&r, "name", ob->name);
	rows_str(&r, "path", ob->path);
	if (ob->directory)
		rows_hex(&r, "directory", ob->directory);
	else
		rows_null(&r, "directory");
	if (ob->thread != LS_NONE)
		rows_hex(&r, "thread", m->threads[ob->thread].addr);
	else
		rows_null(&r, "thread");
	if (ob->process != LS_NONE)
		rows_hex(&r, "process", m->processes[ob->process].addr);
	else
		rows_null(&r, "process");
	/* the handles to it, as "pid:handle" in hex */
	rows_list_begin(&r, "handles");
	for (i = 0; i < ob->nrefs; i++) {
		const struct ls_handle *h = &m->handles[m->object_refs[ob->first_ref + i]];
		snprintf(buf, sizeof(buf), "0x%" PRIx64 ":0x%" PRIx64,
			 h->process < m->nprocesses ? m->processes[h->process].pid : 0, h->value);
		rows_list_str(&r, buf);
	}
	rows_list_end(&r);
	rows_row_end(&r);
	rows_end(&r);
}

enum cmd_result cmd_object(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint32_t obj;
	uint64_t addr;
	char shown[128];

	if (argc != 2)
		return cmd_fail(e, CMD_USAGE, "!object: give one object address or \\path (usage: !object ADDR|\\PATH)");
	if (argv[1][0] == '\\') {
		obj = find_by_path(m, argv[1]);
		if (obj == LS_NONE)
			return cmd_fail(e, CMD_READ_FAILED, "!object: no object named %s in the dump",
					ls_escape(argv[1], shown, sizeof(shown)));
	} else {
		if (!cmd_parse_num(argv[1], &addr) || addr == CMD_CURRENT)
			return cmd_fail(e, CMD_USAGE, "!object: ADDR must be a hex address or a \\path");
		obj = model_object_by_body(m, addr);
		if (obj == LS_NONE)
			obj = model_object_by_header(m, addr);
		if (obj == LS_NONE)
			return cmd_fail(e, CMD_READ_FAILED, "!object: no object at 0x%" PRIx64 " in the dump", addr);
	}
	if (e->c->fmt != OUT_TEXT)
		json_object(e, obj);
	else
		text_object(e, obj);
	return CMD_OK;
}
