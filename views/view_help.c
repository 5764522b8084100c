/* views/view_help.c — Help, generated from the keymaps and the action
 * table (views/view_keys.c) and the command list (views/cmd.h): what the
 * screen says is what the keys do. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "view.h"

struct help {
	struct detail d;
};
DETAIL_FIRST(struct help);

/* Keys of the view, keys everywhere, prompt keys, then the commands. */
static enum ls_status help_load(struct view *v, struct ls_err *err)
{
	struct help *h = v->priv;
	const struct view_help_data *hd = v->arg.data;
	const struct keymap_entry *vk = hd ? hd->view_keys : NULL;
	struct out o;
	char keys[TABLE_CELL_MAX];
	int a;

	snprintf(v->arg.crumb, sizeof(v->arg.crumb), "Help");
	if (vk && vk->key) {
		detail_add(&h->d, STYLE_HEADING, "Keys of this view", "%s",
			   hd->view_name ? hd->view_name : "");
		for (a = 1; a < ACT_COUNT; a++) {
			keys[0] = '\0';
			view_keys_for(vk, vk, (enum view_action)a, keys, sizeof(keys));
			if (keys[0])
				detail_add(&h->d, STYLE_NORMAL, keys, "%s",
					   view_action_help((enum view_action)a));
		}
	}
	detail_add(&h->d, STYLE_HEADING, "Keys", "%s", "everywhere");
	for (a = 1; a < ACT_COUNT; a++) {
		keys[0] = '\0';
		view_keys_for(view_generic_keys, vk, (enum view_action)a, keys, sizeof(keys));
		if (keys[0])
			detail_add(&h->d, STYLE_NORMAL, keys, "%s", view_action_help((enum view_action)a));
	}
	detail_add(&h->d, STYLE_HEADING, "Prompt", "%s", "keys while typing after / f :");
	detail_add(&h->d, STYLE_NORMAL, "Enter", "%s", "accept (search: stay on the match)");
	detail_add(&h->d, STYLE_NORMAL, "Esc", "%s", "cancel");
	detail_add(&h->d, STYLE_NORMAL, "BS", "%s", "delete a character");
	detail_add(&h->d, STYLE_NORMAL, "Up Down", "%s", "earlier commands (: only)");
	detail_add(&h->d, STYLE_HEADING, "Commands", "%s", "after :, as with -c on the command line");
	out_init_buffer(&o);
	cmd_print_help(&o);
	if (o.buf) {
		char *line = o.buf, *nl;

		while (*line) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			detail_add(&h->d, STYLE_NORMAL, "", "%s", line);
			if (!nl)
				break;
			line = nl + 1;
		}
	}
	out_deinit(&o);
	if (h->d.failed)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	return LS_OK;
}

static void help_header(const struct view *v, char *buf, size_t len)
{
	snprintf(buf, len, "leakscope keys and commands (Esc: back, q: quit)");
}

const struct view_ops view_help_ops = {
	.name = "Help",
	.command = "",
	.flags = VIEW_DETAIL,
	.priv_size = sizeof(struct help),
	.load = help_load,
	.row_count = detail_view_rows,
	.columns = detail_view_columns,
	.cells = detail_view_cells,
	.header = help_header,
	.done = detail_view_done,
};
