/* tui/tui.h — the interactive explorer: event loop, views, keys, prompt.
 *
 * Tests and demos drive it without a keyboard: LEAKSCOPE_KEYS holds a key
 * script (tui/script.h: characters, <Enter>, <Esc>, <dump>, <resize=WxH>,
 * <winch=WxH>), and LEAKSCOPE_SCREEN names a file the screen text is
 * appended to at each <dump> and at exit. Without a tty on stdout a
 * scripted run draws into /dev/null (TERM, LINES, COLUMNS still apply).
 */
#ifndef LS_TUI_H
#define LS_TUI_H

#include "../model/load.h"
#include "../model/tree.h"

struct tui_options {
	const char *dump_path;   /* shown in the title line */
	const char *key_script;  /* LEAKSCOPE_KEYS: keys to replay (tests) */
	int monochrome;          /* NO_COLOR set or --no-color */
	int ascii;               /* ASCII line drawing (--ascii or non-UTF-8 locale) */
	int headless;            /* draw into /dev/null (tests); also when stdout is no tty */
	/* model_load_begin's state: the TUI draws the first screen, then
	 * reads the rest (model_load_rest) and reloads its views; NULL when
	 * the model is already complete */
	struct load_pending *pending;
};

/* Run the TUI on a finished model (complete, or after model_load_begin
 * with o->pending set; tui_run then owns the pending state) until the user quits (q, or the end of
 * the key script). Returns the exit status: 0, or 2 when there is no
 * terminal to run on (no tty and no key script, or an unknown TERM). */
int tui_run(struct model *m, const struct tui_options *o);

#endif
