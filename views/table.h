/* views/table.h — the one table widget behind every list in the TUI.
 *
 * A view describes its columns once and fills the cells of one row at a time
 * through a callback; the table does the rest: widths, truncation, alignment,
 * sorting by any column, incremental search, filtering and the window of
 * visible rows. Sorting and filtering work on an index array of row numbers
 * (rows themselves never move), so a 143 000-row table sorts by computing
 * each row's key once. Drawing formats only the visible rows into one reused
 * struct table_row: no allocation per row.
 *
 * This file is curses-free (tui/ does the painting): everything here is
 * testable without a terminal.
 */
#ifndef LS_TABLE_H
#define LS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TABLE_MAX_COLS 8
#define TABLE_CELL_MAX 160
#define TABLE_TEXT_MAX 64    /* search / filter text */

enum table_align { TABLE_LEFT, TABLE_RIGHT };

/* How a cell or a whole row should stand out; tui maps these to colours
 * (or bold / reverse without colour). */
enum table_style {
	STYLE_NORMAL,
	STYLE_HOT,      /* the anomaly: top tag, terminated thread held by a handle */
	STYLE_WARN,     /* near a limit */
	STYLE_DIM,      /* unavailable, "n/a" */
	STYLE_LINK,     /* Enter opens something */
	STYLE_HEADING,  /* a section line inside a detail view */
};

struct table_column {
	const char *title;
	uint16_t width;        /* preferred width; 0 = takes the remaining space */
	uint8_t align;         /* enum table_align */
	uint8_t numeric;       /* sorts by table_cell.num instead of the text */
};

struct table_cell {
	char text[TABLE_CELL_MAX];  /* already escaped for the terminal */
	uint64_t num;               /* sort key of numeric columns */
	uint8_t style;              /* enum table_style, overrides the row's */
};

struct table_row {
	struct table_cell cell[TABLE_MAX_COLS];
	uint8_t style;              /* enum table_style of the whole row */
	int8_t want;                /* the one column the table needs (a sort
				       key), -1 = all; views may skip the
				       others when computing them is costly */
};

/* Fill out->cell[0..ncols-1] for row (a row number of the view, not a
 * screen position). The table clears *out before each call. */
typedef void (*table_cells_fn)(void *ctx, uint32_t row, struct table_row *out);

/* Cursor and first visible line, in positions of the visible index. */
struct nav_pos {
	uint32_t cursor;
	uint32_t top;
};

struct table {
	const struct table_column *cols;
	unsigned ncols;
	table_cells_fn cells;
	void *ctx;
	uint32_t nrows;        /* rows the view has */
	uint32_t *index;       /* visible rows in display order */
	uint32_t nvisible;
	uint32_t cap;
	int sort_col;          /* -1 = the view's own order */
	bool sort_desc;
	char filter[TABLE_TEXT_MAX];
	struct nav_pos pos;
	bool failed;           /* out of memory: shows the view's order */
	/* Search and filter on large tables: every row's cells, lower-cased,
	 * in one block, built on the first search and kept until the rows
	 * change, so each further keystroke scans text instead of formatting
	 * every row again. */
	char *match_text;
	uint32_t *match_off;   /* view row -> offset in match_text */
	bool match_ready, match_refused;
	uint32_t match_next;   /* rows in so far (built a slice at a time) */
	size_t match_used, match_cap;
	/* Sort keys of large tables, per column once it is sorted by, until
	 * the rows change: per view row the number (numeric columns) or the
	 * rank of its text, so each further sort is a radix sort of integers,
	 * not a pass of formatting and string compares. */
	uint64_t *col_key[TABLE_MAX_COLS];
	/* filled by the search-text pass, for idle time to turn into keys:
	 * numbers, and where each text cell starts in match_text */
	uint64_t *pass_num[TABLE_MAX_COLS];
	uint32_t *pass_cell[TABLE_MAX_COLS];
	int rank_col;                   /* text column being ranked, or -1 */
	uint32_t *rank_order, *rank_tmp, rank_width;
	/* where the merge pass (or the final ranking) stopped last slice:
	 * the pair of runs, both heads and the output position */
	uint32_t rank_pair, rank_a, rank_b, rank_k;
	bool rank_in_pair;
	uint64_t *rank_key, rank_next;  /* the ranks as they are given */
};

void table_init(struct table *t);

/* Work a large table can do while no key is waiting: build its search
 * text (one formatting pass) a slice of `rows` rows at a time, so the
 * first search or filter does not pay for it. Pending until done. */
bool table_idle_pending(const struct table *t);
void table_idle_step(struct table *t, uint32_t rows);
void table_deinit(struct table *t);

/* (Re)load from the view: columns, row count and cell callback. Keeps the
 * sort, the filter and, when possible, the selected row. Returns false on
 * out of memory (the table is then empty). */
bool table_load(struct table *t, const struct table_column *cols, unsigned ncols,
		uint32_t nrows, table_cells_fn cells, void *ctx);

/* Sort by column col (-1 = the view's order), descending if desc. Stable.
 * The selected row stays selected. */
void table_sort(struct table *t, int col, bool desc);
/* s: the next column (after the last: the view's order again); S: reverse. */
void table_sort_next(struct table *t);
void table_sort_reverse(struct table *t);
/* The sort that s makes of a table sorted by col: *next and its direction
 * (numbers largest first, text from A). */
void table_sort_after(const struct table *t, int col, int *next, bool *desc);

/* Keep only rows with a cell containing text (case-insensitive); "" shows
 * all. The selected row stays selected if it is still shown. */
void table_set_filter(struct table *t, const char *text);

/* The first visible position from `from` stepping by dir (+1 / -1,
 * wrapping) whose cells contain text (case-insensitive); -1 if none. */
int64_t table_search(struct table *t, const char *text, uint32_t from, int dir);

/* The view row shown at a visible position; UINT32_MAX if out of range. */
uint32_t table_row_at(const struct table *t, uint32_t pos);
/* The row under the cursor; UINT32_MAX if the table is empty. */
uint32_t table_selected(const struct table *t);
/* Move the cursor to view row `row` if it is visible; false if not. */
bool table_select_row(struct table *t, uint32_t row, uint32_t height);

/* Fill *out with the cells of view row `row` (cleared first). */
void table_fetch(const struct table *t, uint32_t row, struct table_row *out);
/* The same, for one column only (out->want = col). */
void table_fetch_col(const struct table *t, uint32_t row, int col, struct table_row *out);

/* Column layout for a screen width: x[i] and w[i] of every column (w = 0
 * when it does not fit). Columns are separated by one space. */
void table_layout(const struct table *t, int width, int x[], int w[]);

/* Fit UTF-8 text into exactly `width` display columns: padded per align,
 * or cut with `ellipsis` (a one-column glyph, "~" or the UTF-8 "…").
 * With ascii set, non-ASCII bytes become '?'. out gets at most outlen-1
 * bytes. Returns the number of display columns written (== width). */
int table_fit(const char *text, int width, enum table_align align,
	      const char *ellipsis, bool ascii, char *out, size_t outlen);

/* Display columns of UTF-8 text (invalid bytes count as one). */
int table_text_width(const char *text);

/* Case-insensitive substring test (ASCII folding). */
bool table_contains(const char *hay, const char *needle);

/* ---- navigation: pure arithmetic on (cursor, top) ---------------------- */

/* Keep cursor < n and the cursor inside [top, top+height). */
void nav_clamp(struct nav_pos *p, uint32_t n, uint32_t height);
/* Move by delta rows (a page is +-height), clamped to the ends. */
void nav_move(struct nav_pos *p, int64_t delta, uint32_t n, uint32_t height);
void nav_first(struct nav_pos *p);
void nav_last(struct nav_pos *p, uint32_t n, uint32_t height);
/* Put the cursor on pos, scrolling only as much as needed. */
void nav_goto(struct nav_pos *p, uint32_t pos, uint32_t n, uint32_t height);

#endif
