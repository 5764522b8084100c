/* tui/term.c — ncurses set-up, colours, glyphs, raw keys, screen dumps. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include <ncurses.h>

#include "../views/view.h"
#include "term.h"

enum { PAIR_HOT = 1, PAIR_WARN, PAIR_DIM, PAIR_LINK, PAIR_HEADING, PAIR_TITLE,
       PAIR_HEADER, PAIR_SELECTED };

static const struct term_glyphs utf8_glyphs = {
	"\xe2\x80\xa6", "\xe2\x96\xb2", "\xe2\x96\xbc", " > ",
	"\xe2\x94\x80",
};
static const struct term_glyphs ascii_glyphs = { "~", "^", "v", " > ", "-" };

/* Colours only with a colour terminal and without NO_COLOR/--no-color;
 * ASCII glyphs when asked or when the locale is not UTF-8. */
bool term_open(struct term *t, bool monochrome, bool ascii, bool headless)
{
	const char *cs = nl_langinfo(CODESET);

	memset(t, 0, sizeof(*t));
	/* a locale that is not UTF-8 cannot show the line-drawing glyphs */
	if (!cs || strcmp(cs, "UTF-8") != 0)
		ascii = true;
	t->ascii = ascii;
	t->g = ascii ? ascii_glyphs : utf8_glyphs;
	t->headless = headless;
	if (headless) {
		const char *type = getenv("TERM");

		t->null_out = fopen("/dev/null", "w");
		t->null_in = fopen("/dev/null", "r");
		if (!t->null_out || !t->null_in ||
		    !newterm(type && *type ? type : "xterm", t->null_out, t->null_in)) {
			term_close(t);
			return false;
		}
	} else if (!newterm(NULL, stdout, stdin)) {
		/* unlike initscr(), newterm() returns instead of exiting */
		return false;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	if (!monochrome && has_colors() && start_color() == OK) {
		use_default_colors();
		t->color = true;
		init_pair(PAIR_HOT, COLOR_RED, -1);
		init_pair(PAIR_WARN, COLOR_YELLOW, -1);
		init_pair(PAIR_DIM, COLOR_BLUE, -1);
		init_pair(PAIR_LINK, COLOR_CYAN, -1);
		init_pair(PAIR_HEADING, COLOR_GREEN, -1);
		init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_HEADER, COLOR_BLACK, COLOR_GREEN);
		init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
	}
	return true;
}

/* Restore the terminal; safe to call twice. */
void term_close(struct term *t)
{
	if (!isendwin())
		endwin();
	if (t->null_out)
		fclose(t->null_out);
	if (t->null_in)
		fclose(t->null_in);
	t->null_out = t->null_in = NULL;
}

/* Styles map to colour pairs, or to bold/underline/dim without colour.
 * The selected row is reverse video (or the selection pair). */
int term_attr(const struct term *t, enum table_style style, bool selected)
{
	int a = A_NORMAL;

	if (t->color) {
		switch (style) {
		case STYLE_HOT: a = COLOR_PAIR(PAIR_HOT) | A_BOLD; break;
		case STYLE_WARN: a = COLOR_PAIR(PAIR_WARN) | A_BOLD; break;
		case STYLE_DIM: a = COLOR_PAIR(PAIR_DIM); break;
		case STYLE_LINK: a = COLOR_PAIR(PAIR_LINK); break;
		case STYLE_HEADING: a = COLOR_PAIR(PAIR_HEADING) | A_BOLD; break;
		default: break;
		}
		if (selected)
			a = (a & A_BOLD) | COLOR_PAIR(PAIR_SELECTED);
		return a;
	}
	switch (style) {
	case STYLE_HOT: a = A_BOLD | A_UNDERLINE; break;
	case STYLE_WARN: a = A_BOLD; break;
	case STYLE_DIM: a = A_DIM; break;
	case STYLE_HEADING: a = A_BOLD; break;
	default: break;
	}
	return selected ? (int)(a | A_REVERSE) : a;
}

int term_attr_title(const struct term *t)
{
	return t->color ? (int)COLOR_PAIR(PAIR_TITLE) : (int)A_REVERSE;
}

int term_attr_header(const struct term *t)
{
	return t->color ? (int)(COLOR_PAIR(PAIR_HEADER) | A_BOLD) : (int)(A_BOLD | A_UNDERLINE);
}

/* The one place raw getch() values are seen: everything else works on
 * enum view_key. */
int term_read_key(void)
{
	int c = getch();

	switch (c) {
	case KEY_UP: return LSK_UP;
	case KEY_DOWN: return LSK_DOWN;
	case KEY_LEFT: return LSK_LEFT;
	case KEY_RIGHT: return LSK_RIGHT;
	case KEY_PPAGE: return LSK_PGUP;
	case KEY_NPAGE: return LSK_PGDN;
	case KEY_HOME: return LSK_HOME;
	case KEY_END: return LSK_END;
	case KEY_BTAB: return LSK_BTAB;
	case KEY_RESIZE: return LSK_RESIZE;
	case KEY_ENTER: case '\r': case '\n': return LSK_ENTER;
	case KEY_BACKSPACE: case 8: case 127: return LSK_BACKSPACE;
	case 12: return LSK_CTRL_L;
	case 27: return LSK_ESC;
	case '\t': return LSK_TAB;
	case ERR: return LSK_EOF;
	default:
		return c >= ' ' && c < 127 ? c : LSK_UNKNOWN;
	}
}

/* True if a key is waiting (it stays waiting for term_read_key). */
bool term_key_waiting(void)
{
	int c;

	timeout(0);
	c = getch();
	timeout(-1);
	if (c == ERR)
		return false;
	ungetch(c);
	return true;
}

void term_resize(int cols, int lines)
{
	resizeterm(lines, cols);
}

bool term_resize_tty(int cols, int lines)
{
	struct winsize ws = { .ws_row = (unsigned short)lines, .ws_col = (unsigned short)cols };
	bool got = false;
	int i, c;

	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCSWINSZ, &ws) != 0)
		return false;
	timeout(100);
	for (i = 0; i < 20 && !got; i++) {
		c = getch();
		got = c == KEY_RESIZE;
	}
	timeout(-1);
	return got;
}

/* The text of every screen row (wide characters kept as UTF-8),
 * trailing blanks trimmed, for tests and bug reports. */
bool term_dump_screen(const char *path)
{
	FILE *fp = fopen(path, "a");
	wchar_t *line;
	char *mb;
	int y, x;

	if (!fp)
		return false;
	line = calloc((size_t)COLS + 1, sizeof(*line));
	mb = calloc((size_t)COLS * MB_CUR_MAX + 1, 1);
	if (!line || !mb) {
		free(line);
		free(mb);
		fclose(fp);
		return false;
	}
	fprintf(fp, "--- screen %dx%d ---\n", COLS, LINES);
	for (y = 0; y < LINES; y++) {
		size_t n;

		line[0] = L'\0';
		if (mvinnwstr(y, 0, line, COLS) == ERR)
			line[0] = L'\0';
		n = wcstombs(mb, line, (size_t)COLS * MB_CUR_MAX);
		if (n == (size_t)-1)
			n = 0;
		mb[n] = '\0';
		for (x = (int)n; x > 0 && mb[x - 1] == ' '; x--)
			mb[x - 1] = '\0';
		fprintf(fp, "%s\n", mb);
	}
	free(line);
	free(mb);
	return fclose(fp) == 0;
}

void term_redraw_all(void)
{
	clearok(curscr, TRUE);
}
