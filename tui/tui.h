/* tui/tui.h — the interactive explorer: event loop, views, keys, prompt. */
#ifndef LS_TUI_H
#define LS_TUI_H

#include "../model/tree.h"

struct tui_options {
	const char *dump_path;   /* shown in the title line */
	const char *key_script;  /* LEAKSCOPE_KEYS: keys to replay (tests) */
	int monochrome;          /* NO_COLOR set or --no-color */
	int ascii;               /* ASCII line drawing (--ascii or non-UTF-8 locale) */
	int headless;            /* draw into /dev/null (tests); also when stdout is no tty */
};

/* Run the TUI on a finished model until the user quits. Returns the exit
 * status (0). Needs a terminal on stdin/stdout. */
int tui_run(struct model *m, const struct tui_options *o);

#endif
