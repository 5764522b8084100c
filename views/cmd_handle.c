/* views/cmd_handle.c — !handle [HANDLE [FLAGS [PROCESS [TYPE]]]] and the
 * object lines it shares with !object. */
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "cmd_priv.h"

enum {
	HANDLE_BASIC = 1,
	HANDLE_OBJECT = 2,
	HANDLE_FREE = 4,
	HANDLE_KERNEL = 0x10,
	HANDLE_BY_ID = 0x20,
};

void cmd_text_object(struct out *o, const struct model *m, uint32_t obj,
		     const char *indent)
{
	const struct ls_object *ob;
	char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX];

	if (obj >= m->nobjects) {
		out_printf(o, "%sObject: <not in the dump>\n", indent);
		return;
	}
	ob = &m->objects[obj];
	out_printf(o, "%sObject: %s  Type: ", indent, fmt_addr(ob->body, a, sizeof(a)));
	if (ob->type < m->ntypes) {
		out_printf(o, "(%s) ", fmt_addr(m->types[ob->type].addr, b, sizeof(b)));
		out_str(o, m->types[ob->type].name);
	} else {
		out_printf(o, "<unknown>");
	}
	out_printf(o, "\n%s    ObjectHeader: %s (new version)\n", indent,
		   fmt_addr(ob->header, a, sizeof(a)));
	out_printf(o, "%s    HandleCount: %" PRId64 "  PointerCount: %" PRId64 "\n",
		   indent, ob->handle_count, ob->pointer_count);
	if (ob->name) {
		out_printf(o, "%s    Directory Object: %s  Name: ", indent,
			   fmt_addr(ob->directory, a, sizeof(a)));
		out_str(o, ob->name);
		out_printf(o, "\n");
	}
}

/* Does handle h pass the TYPE filter (LS_NONE = no filter)? */
static bool type_ok(const struct model *m, uint32_t h, uint32_t type)
{
	uint32_t o = m->handles[h].object;

	return type == LS_NONE || (o < m->nobjects && m->objects[o].type == type);
}

static void text_handle(struct out *o, const struct model *m, uint32_t h, int flags)
{
	const struct ls_handle *hd = &m->handles[h];
	char a[FMT_ADDR_MAX], b[FMT_ADDR_MAX];
	uint64_t body = hd->object < m->nobjects ? m->objects[hd->object].body : 0;

	out_printf(o, "%04" PRIx64 ": ", hd->value);
	if (flags & HANDLE_BASIC)
		out_printf(o, "Object: %s  GrantedAccess: %08" PRIx32 " Entry: %s",
			   fmt_addr(body, a, sizeof(a)), hd->access,
			   fmt_addr(hd->entry, b, sizeof(b)));
	if (hd->attributes & 1)
		out_printf(o, " (Protected)");
	if (hd->attributes & 2)
		out_printf(o, " (Inherit)");
	if (hd->attributes & 4)
		out_printf(o, " (Audit)");
	out_printf(o, "\n");
	if (flags & HANDLE_OBJECT)
		cmd_text_object(o, m, hd->object, "");
	out_printf(o, "\n");
}

static void json_handle(struct rows *r, const struct model *m, uint32_t h)
{
	const struct ls_handle *hd = &m->handles[h];
	const struct ls_object *ob = hd->object < m->nobjects ? &m->objects[hd->object] : NULL;
	const struct ls_type *ty = ob && ob->type < m->ntypes ? &m->types[ob->type] : NULL;

	rows_row(r);
	rows_process(r, m, hd->process);
	rows_hex(r, "handle", hd->value);
	rows_hex(r, "entry", hd->entry);
	rows_hex(r, "access", hd->access);
	rows_u64(r, "attributes", hd->attributes);
	if (ob) {
		rows_hex(r, "object", ob->body);
		rows_hex(r, "object_header", ob->header);
	} else {
		rows_null(r, "object");
		rows_null(r, "object_header");
	}
	rows_str(r, "type", ty ? ty->name : NULL);
	if (ty)
		rows_hex(r, "type_addr", ty->addr);
	else
		rows_null(r, "type_addr");
	if (ob) {
		rows_i64(r, "handle_count", ob->handle_count);
		rows_i64(r, "pointer_count", ob->pointer_count);
	} else {
		rows_null(r, "handle_count");
		rows_null(r, "pointer_count");
	}
	rows_str(r, "name", ob ? ob->name : NULL);
	rows_str(r, "path", ob ? ob->path : NULL);
	rows_row_end(r);
}

static void text_table_header(struct out *o, const struct model *m, uint32_t p,
			      bool kernel, uint32_t shown)
{
	const struct ls_process *pr = &m->processes[p];
	char a[FMT_ADDR_MAX];

	if (!kernel) {
		/* the process block, as !process prints it */
		cmd_text_process(o, m, p);
		out_printf(o, "\n");
	}
	out_printf(o, "%sandle table at %s with %u entries in use\n\n",
		   kernel ? "Kernel h" : "H", fmt_addr(pr->handle_table, a, sizeof(a)),
		   pr->handle_count.valid ? (uint32_t)pr->handle_count.value : shown);
}

/* !handle ID 0x20: the process or thread with that id. Its object record
 * exists only when some handle refers to it; otherwise the process or
 * thread record itself is shown (same address: the object body). */
static enum cmd_result by_id(struct cmd_env *e, uint64_t id)
{
	struct model *m = e->m;
	uint32_t p = model_process_by_pid(m, id), t = LS_NONE, i, obj = LS_NONE;
	const struct ls_object *ob;
	uint64_t body;
	char a[FMT_ADDR_MAX], st[48];

	if (p == LS_NONE)
		for (i = 0; i < m->nthreads && t == LS_NONE; i++)
			if (m->threads[i].tid == id)
				t = i;
	if (p == LS_NONE && t == LS_NONE)
		return cmd_fail(e, CMD_READ_FAILED, "!handle: no process or thread with id 0x%" PRIx64 " in the dump", id);
	obj = p != LS_NONE ? m->processes[p].object : m->threads[t].object;
	ob = obj != LS_NONE ? &m->objects[obj] : NULL;
	body = p != LS_NONE ? m->processes[p].addr : m->threads[t].addr;
	if (e->c->fmt != OUT_TEXT) {
		struct rows r;

		rows_begin(&r, e);
		rows_row(&r);
		rows_hex(&r, "id", id);
		rows_hex(&r, "object", body);
		if (ob)
			rows_hex(&r, "object_header", ob->header);
		else
			rows_null(&r, "object_header");
		rows_str(&r, "type", p != LS_NONE ? "Process" : "Thread");
		if (ob) {
			rows_i64(&r, "handle_count", ob->handle_count);
			rows_i64(&r, "pointer_count", ob->pointer_count);
		} else {
			rows_null(&r, "handle_count");
			rows_null(&r, "pointer_count");
		}
		rows_row_end(&r);
		rows_end(&r);
		return CMD_OK;
	}
	if (ob) {
		cmd_text_object(e->o, m, obj, "");
	} else if (p != LS_NONE) {
		cmd_text_process(e->o, m, p);
	} else {
		const struct ls_thread *th = &m->threads[t];
		out_printf(e->o, "THREAD %s  Cid %04" PRIx64 ".%04" PRIx64 "  %s  (no handle refers to it)\n",
			   fmt_addr(th->addr, a, sizeof(a)), th->pid, th->tid,
			   cmd_thread_state(th, st, sizeof(st)));
	}
	return CMD_OK;
}

/* Resolve the TYPE argument; LS_NONE with an error filled if unknown. */
static bool find_type(struct cmd_env *e, const char *name, uint32_t *ret)
{
	struct model *m = e->m;
	char shown[64];
	uint32_t t;

	for (t = 0; t < m->ntypes; t++)
		if (m->types[t].name && strcasecmp(m->types[t].name, name) == 0) {
			*ret = t;
			return true;
		}
	cmd_fail(e, CMD_USAGE, "!handle: unknown object type '%s' (e.g. Thread, Process, Directory)",
		 ls_escape(name, shown, sizeof(shown)));
	return false;
}

enum cmd_result cmd_handle(struct cmd_env *e, int argc, char **argv)
{
	struct model *m = e->m;
	uint64_t value = 0, flags = HANDLE_BASIC | HANDLE_OBJECT, which = CMD_CURRENT;
	uint32_t type = LS_NONE, one = LS_NONE, p, i, found = 0;
	bool all_values, kernel;
	struct rows r;

	if (argc > 5)
		return cmd_fail(e, CMD_USAGE, "!handle: too many arguments (usage: !handle [HANDLE [FLAGS [PROCESS [TYPE]]]])");
	if (argc >= 2 && !cmd_parse_num(argv[1], &value))
		return cmd_fail(e, CMD_USAGE, "!handle: HANDLE must be a number (0 = all)");
	if (argc >= 3 && (!cmd_parse_num(argv[2], &flags) || flags > 0x3f || flags == CMD_CURRENT))
		return cmd_fail(e, CMD_USAGE, "!handle: FLAGS must be a number 0..3f (1 basic, 2 object, 0x10 kernel table, 0x20 by id)");
	if (argc >= 4 && !cmd_parse_num(argv[3], &which))
		return cmd_fail(e, CMD_USAGE, "!handle: PROCESS must be 0, -1, an address or a pid");
	if (argc == 5 && !find_type(e, argv[4], &type))
		return CMD_USAGE;
	if (flags & HANDLE_BY_ID)
		return by_id(e, value);

	kernel = (flags & HANDLE_KERNEL) != 0;
	all_values = value == 0 || value == CMD_CURRENT;
	if (kernel) {
		one = model_process_by_pid(m, 4);
		if (one == LS_NONE)
			return cmd_fail(e, CMD_READ_FAILED, "!handle: the kernel handle table (System, pid 4) is not in the dump");
	} else if (which == CMD_CURRENT || which == 0) {
		/* the implicit process (.process); none set: every process */
		one = e->c->process;
	} else {
		one = cmd_find_process(m, which);
		if (one == LS_NONE)
			return cmd_fail(e, CMD_READ_FAILED, "!handle: no process with address or pid 0x%" PRIx64 " in the dump", which);
	}
	if (m->nprocesses == 0)
		return cmd_fail(e, CMD_READ_FAILED, "!handle: no process list in the dump");

	if (e->c->fmt != OUT_TEXT)
		rows_begin(&r, e);
	for (p = 0; p < m->nprocesses; p++) {
		const struct ls_process *pr = &m->processes[p];
		uint32_t shown = 0;

		if (one != LS_NONE && p != one)
			continue;
		for (i = 0; i < pr->nhandles; i++) {
			uint32_t h = pr->first_handle + i;

			if (!all_values && m->handles[h].value != value)
				continue;
			if (!type_ok(m, h, type))
				continue;
			if (e->c->fmt != OUT_TEXT) {
				json_handle(&r, m, h);
			} else {
				if (shown == 0)
					text_table_header(e->o, m, p, kernel, pr->nhandles);
				text_handle(e->o, m, h, (int)flags);
			}
			shown++;
		}
		/* one process asked for: say what it has even if nothing matched */
		if (shown == 0 && one != LS_NONE && e->c->fmt == OUT_TEXT && all_values)
			text_table_header(e->o, m, p, kernel, pr->nhandles);
		found += shown;
	}
	if (e->c->fmt != OUT_TEXT)
		rows_end(&r);
	if (!all_values && found == 0)
		return cmd_fail(e, CMD_READ_FAILED, "!handle: handle 0x%" PRIx64 " is not in %s handle table",
				value, one == LS_NONE ? "any" : "that process's");
	return CMD_OK;
}
