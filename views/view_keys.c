/* views/view_keys.c — the actions' names and help, the generic keymap, and
 * key names (for the help view and key scripts). Keys are data: change a
 * binding here and the help screen follows. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "view.h"

static const char *const action_names[] = {
#define VIEW_ACTION_NAME(id, name, help) name,
	VIEW_ACTIONS(VIEW_ACTION_NAME)
#undef VIEW_ACTION_NAME
};

static const char *const action_help[] = {
#define VIEW_ACTION_HELP(id, name, help) help,
	VIEW_ACTIONS(VIEW_ACTION_HELP)
#undef VIEW_ACTION_HELP
};

const char *view_action_name(enum view_action a)
{
	return a < ACT_COUNT ? action_names[a] : "?";
}

const char *view_action_help(enum view_action a)
{
	return a < ACT_COUNT ? action_help[a] : "";
}

/* htop / tig / less habits. */
const struct keymap_entry view_generic_keys[] = {
	{ LSK_UP, ACT_UP },             { 'k', ACT_UP },
	{ LSK_DOWN, ACT_DOWN },         { 'j', ACT_DOWN },
	{ LSK_PGUP, ACT_PAGE_UP },      { 'b', ACT_PAGE_UP },
	{ LSK_PGDN, ACT_PAGE_DOWN },    { ' ', ACT_PAGE_DOWN },
	{ 'g', ACT_FIRST },             { LSK_HOME, ACT_FIRST },
	{ 'G', ACT_LAST },              { LSK_END, ACT_LAST },
	{ LSK_ENTER, ACT_ENTER },       { LSK_RIGHT, ACT_ENTER },
	{ 'l', ACT_ENTER },
	{ LSK_ESC, ACT_BACK },          { LSK_BACKSPACE, ACT_BACK },
	{ 'h', ACT_BACK },              { LSK_LEFT, ACT_BACK },
	{ LSK_TAB, ACT_NEXT_VIEW },     { LSK_BTAB, ACT_PREV_VIEW },
	{ '1', ACT_SUMMARY },           { '2', ACT_POOL },
	{ '3', ACT_PROCESSES },         { '4', ACT_THREADS },
	{ '5', ACT_TRIAGE },
	{ '/', ACT_SEARCH },            { 'n', ACT_SEARCH_NEXT },
	{ 'N', ACT_SEARCH_PREV },
	{ 's', ACT_SORT_NEXT },         { 'S', ACT_SORT_REVERSE },
	{ 'f', ACT_FILTER },            { 'm', ACT_TOGGLE_GROUP },
	{ 't', ACT_TRIAGE },            { ':', ACT_PROMPT },
	{ '?', ACT_HELP },              { LSK_CTRL_L, ACT_REDRAW },
	{ 'q', ACT_QUIT },
	{ 0, ACT_NONE },
};

void view_keys_for(const struct keymap_entry *map,
		   const struct keymap_entry *view_keys, enum view_action a,
		   char *buf, size_t len)
{
	const struct keymap_entry *e;
	char name[16];
	size_t o = strlen(buf);

	for (e = map; e && e->key; e++) {
		if (e->action != a || view_key_action(view_keys, e->key) != a)
			continue;
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? " " : "",
				      view_key_name(e->key, name, sizeof(name)));
		if (o >= len)
			return;
	}
}

void view_print_key_table(FILE *fp)
{
	char keys[128];
	int a;

	fprintf(fp, "| keys | action |\n|---|---|\n");
	for (a = 1; a < ACT_COUNT; a++) {
		keys[0] = '\0';
		view_keys_for(view_generic_keys, NULL, (enum view_action)a, keys, sizeof(keys));
		if (keys[0])
			fprintf(fp, "| `%s` | %s |\n", keys, view_action_help((enum view_action)a));
	}
}

/* The view's keymap first, then the generic one. */
enum view_action view_key_action(const struct keymap_entry *view_keys, int key)
{
	const struct keymap_entry *e;

	for (e = view_keys; e && e->key; e++)
		if (e->key == key)
			return e->action;
	for (e = view_generic_keys; e->key; e++)
		if (e->key == key)
			return e->action;
	return ACT_NONE;
}

struct key_name {
	int key;
	const char *name;
};

/* The first name of a key is the one shown; the others are accepted. */
static const struct key_name key_names[] = {
	{ LSK_ENTER, "Enter" },    { LSK_ENTER, "Return" },
	{ LSK_TAB, "Tab" },        { LSK_BTAB, "S-Tab" },
	{ LSK_ESC, "Esc" },        { LSK_BACKSPACE, "BS" },
	{ LSK_BACKSPACE, "Backspace" },
	{ LSK_UP, "Up" },          { LSK_DOWN, "Down" },
	{ LSK_LEFT, "Left" },      { LSK_RIGHT, "Right" },
	{ LSK_PGUP, "PgUp" },      { LSK_PGDN, "PgDn" },
	{ LSK_HOME, "Home" },      { LSK_END, "End" },
	{ LSK_CTRL_L, "C-l" },     { ' ', "Space" },
	{ '<', "lt" },             { '>', "gt" },
	{ LSK_RESIZE, "Resize" },
	{ 0, NULL },
};

/* The first name listed for a key is its display name. */
const char *view_key_name(int key, char *buf, size_t len)
{
	const struct key_name *k;

	for (k = key_names; k->name; k++)
		if (k->key == key && key != '<' && key != '>') {
			snprintf(buf, len, "%s", k->name);
			return buf;
		}
	if (key > ' ' && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "0x%x", (unsigned)key);
	return buf;
}

/* A single character is itself; otherwise a name from the table. */
int view_key_parse(const char *name)
{
	const struct key_name *k;

	if (name[0] && !name[1])
		return (unsigned char)name[0];
	for (k = key_names; k->name; k++)
		if (strcasecmp(k->name, name) == 0)
			return k->key;
	return -1;
}
