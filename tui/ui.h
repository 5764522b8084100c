/* tui/ui.h — the state of a running TUI, shared by the loop (tui.c) and
 * the painter (draw.c). */
#ifndef LS_UI_H
#define LS_UI_H

#include <stdbool.h>

#include "../views/cmd.h"
#include "../views/view.h"
#include "script.h"
#include "term.h"
#include "tui.h"

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_FILTER, PROMPT_COMMAND };

struct prompt {
	enum prompt_kind kind;
	char buf[256];
	size_t len;
	struct nav_pos saved;     /* where an incremental search started */
	int recall;               /* ':' history entry shown (Up/Down), -1 none */
};

#define PROMPT_HISTORY 32

/* Commands run from ':', oldest first; Up/Down recall them. */
struct prompt_history {
	char line[PROMPT_HISTORY][256];
	int n;
};

/* A sort, search or filter asked of a large table before it has its keys
 * and search text (its first tenth of a second or so at the seed's size):
 * it waits for the idle work, so no key waits for it (tui.c next_key). */
enum deferred_kind { DEFER_NONE, DEFER_SORT, DEFER_SEARCH, DEFER_FILTER };

struct deferred {
	enum deferred_kind kind;
	int col;                      /* DEFER_SORT: the column, -1 the view's order */
	bool desc;
	char text[TABLE_TEXT_MAX];    /* DEFER_SEARCH, DEFER_FILTER */
	uint32_t from;                /* DEFER_SEARCH: start and direction */
	int dir;
};

/* The top-level views Tab cycles through. */
enum { TOP_SUMMARY, TOP_POOL, TOP_PROCESSES, TOP_THREADS, TOP_TRIAGE, TOP_COUNT };

struct ui {
	struct model *m;
	const struct tui_options *o;
	struct term term;
	struct view_stack stack;     /* stack.v[0] is tops[top] */
	struct view *tops[TOP_COUNT];
	int top;
	struct key_script script;
	bool scripted;
	const char *screen_path;     /* LEAKSCOPE_SCREEN */
	struct prompt prompt;
	struct prompt_history history;
	char search[TABLE_TEXT_MAX]; /* the last search, for n / N */
	struct deferred deferred;    /* of the top view's table */
	char message[256];           /* status line; cleared by the next key */
	bool message_is_error;
	bool keep_message;           /* survive the next key (script notes) */
	struct cmd_ctx cmd;
	struct table_row row;        /* reused while drawing */
	bool quit;
};

/* Rows of the table area at the current screen size. */
int ui_table_height(void);
/* Paint the whole screen once. */
void ui_draw(struct ui *ui);

#endif
