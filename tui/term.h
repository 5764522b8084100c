/* tui/term.h — the terminal: ncurses set-up, colours and glyphs, the one
 * function that reads raw keys, and the screen dump the tests read.
 * Everything else in tui/ talks to the terminal through this and draw.c. */
#ifndef LS_TERM_H
#define LS_TERM_H

#include <stdbool.h>
#include <stdio.h>

#include "../views/table.h"

/* Characters that differ between UTF-8 and ASCII terminals. */
struct term_glyphs {
	const char *ellipsis;     /* a cut cell: "…" / "~" */
	const char *sort_up, *sort_down;
	const char *crumb_sep;    /* " > " in both (as the docs write it) */
	const char *hline;        /* one column of a horizontal rule: "─" / "-" */
};

struct term {
	bool color;               /* colours in use (else bold / reverse) */
	bool ascii;
	bool headless;            /* output goes to /dev/null (key script, no tty) */
	struct term_glyphs g;
	FILE *null_out, *null_in;
};

/* Start curses. headless draws into /dev/null (tests without a tty).
 * Returns false if the terminal cannot be set up. */
bool term_open(struct term *t, bool monochrome, bool ascii, bool headless);
void term_close(struct term *t);

/* The curses attribute for a table style (and for the selected row). */
int term_attr(const struct term *t, enum table_style style, bool selected);
int term_attr_title(const struct term *t);
int term_attr_header(const struct term *t);

/* Wait for a key and return it as an enum view_key / character; this is the
 * only place raw getch() values are seen. */
int term_read_key(void);
/* True if a key is waiting (it stays waiting for term_read_key). */
bool term_key_waiting(void);

/* Repaint every cell at the next refresh (C-l, resize). */
void term_redraw_all(void);

/* Change the size curses believes the screen has (key scripts). */
void term_resize(int cols, int lines);
/* Change the terminal's own size (TIOCSWINSZ) and wait up to 2 s for the
 * KEY_RESIZE that the kernel's SIGWINCH makes ncurses report: the real
 * resize path, for key scripts in a pty. false if there is no tty or no
 * resize came. */
bool term_resize_tty(int cols, int lines);

/* Append the text of the screen to path (one line per screen row, a
 * "--- screen COLSxLINES ---" line first). false if it cannot be written. */
bool term_dump_screen(const char *path);

#endif
