/* tui/draw.c — paints the screen from the state: title, breadcrumb, the
 * view's header line, the table (visible rows only) and the status line.
 *
 *   row 0        title: leakscope, dump, build, view name
 *   row 1        breadcrumb: Pool > Thre > iexplore.exe
 *   row 2        the view's one-line header
 *   row 3        column titles (sort marker on the sorted one)
 *   rows 4..L-2  rows
 *   row L-1      status: message or prompt; position, sort, filter
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <string.h>

#include <ncurses.h>

#include "ui.h"

#define TABLE_TOP 4

int ui_table_height(void)
{
	int h = LINES - TABLE_TOP - 1;

	return h < 1 ? 1 : h;
}

/* Text fitted into [x, x+width) with attribute a. */
static void put(struct ui *ui, int y, int x, int width, const char *text,
		enum table_align align, int a)
{
	char buf[TABLE_CELL_MAX * 4];

	if (width <= 0 || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	table_fit(text, width, align, ui->term.g.ellipsis, ui->term.ascii, buf, sizeof(buf));
	attrset(a);
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
}

static void fill_line(int y, int a)
{
	attrset(a);
	mvhline(y, 0, ' ', COLS);
	attrset(A_NORMAL);
}

static void draw_title(struct ui *ui, const struct view *v)
{
	const char *dump = ui->o->dump_path ? ui->o->dump_path : "";
	const char *base = strrchr(dump, '/');
	char esc[128], left[320], right[200];
	int a = term_attr_title(&ui->term);
	int rw;

	ls_escape(base ? base + 1 : dump, esc, sizeof(esc));
	snprintf(left, sizeof(left), " leakscope  %s", esc);
	if (ui->m->facts.build[0]) {
		char b[100];

		ls_escape(ui->m->facts.build, b, sizeof(b));
		snprintf(left + strlen(left), sizeof(left) - strlen(left), "  %s", b);
	}
	if (v->ops->command && v->ops->command[0])
		snprintf(right, sizeof(right), "%s (%s) ", v->ops->name, v->ops->command);
	else
		snprintf(right, sizeof(right), "%s ", v->ops->name);
	fill_line(0, a);
	rw = table_text_width(right);
	put(ui, 0, 0, COLS - rw - 1, left, TABLE_LEFT, a);
	put(ui, 0, COLS - rw, rw, right, TABLE_LEFT, a | A_BOLD);
}

static void draw_crumbs(struct ui *ui)
{
	char buf[512];
	int w, x;

	view_stack_crumbs(&ui->stack, ui->term.g.crumb_sep, COLS - 6, buf, sizeof(buf));
	put(ui, 1, 1, COLS - 1, buf, TABLE_LEFT, A_BOLD);
	/* a rule after the path: line drawing, or '-' on ASCII terminals */
	w = table_text_width(buf);
	attrset(term_attr(&ui->term, STYLE_DIM, false));
	for (x = w + 2; x < COLS - 1; x++)
		mvaddstr(1, x, ui->term.g.hline);
	attrset(A_NORMAL);
}

/* Column titles, then only the visible rows, each fetched into one
 * reused row record. */
static void draw_table(struct ui *ui, struct view *v)
{
	struct table *t = &v->table;
	int x[TABLE_MAX_COLS], w[TABLE_MAX_COLS];
	int height = ui_table_height(), y;
	unsigned c;

	table_layout(t, COLS, x, w);
	nav_clamp(&t->pos, t->nvisible, (uint32_t)height);
	/* column titles */
	fill_line(TABLE_TOP - 1, term_attr_header(&ui->term));
	for (c = 0; c < t->ncols; c++) {
		char title[64];

		snprintf(title, sizeof(title), "%s%s", t->cols[c].title,
			 (int)c != t->sort_col ? "" :
			 t->sort_desc ? ui->term.g.sort_down : ui->term.g.sort_up);
		put(ui, TABLE_TOP - 1, x[c], w[c], title, t->cols[c].align,
		    term_attr_header(&ui->term));
	}
	for (y = 0; y < height; y++) {
		uint32_t pos = t->pos.top + (uint32_t)y;
		bool sel = pos == t->pos.cursor;
		uint32_t row = table_row_at(t, pos);

		if (row == UINT32_MAX)
			break;
		table_fetch(t, row, &ui->row);
		if (sel)
			fill_line(TABLE_TOP + y, term_attr(&ui->term, ui->row.style, true));
		for (c = 0; c < t->ncols; c++) {
			struct table_cell *cell = &ui->row.cell[c];
			enum table_style st = cell->style ? cell->style : ui->row.style;

			put(ui, TABLE_TOP + y, x[c], w[c], cell->text, t->cols[c].align,
			    term_attr(&ui->term, st, sel));
		}
	}
	if (t->nvisible == 0)
		put(ui, TABLE_TOP, 1, COLS - 2,
		    t->filter[0] ? "no row matches the filter (f, then Enter on an empty line clears it)"
				 : "nothing to show", TABLE_LEFT, term_attr(&ui->term, STYLE_DIM, false));
}

/* Prompt or message on the left; filter and position on the right. */
static void draw_status(struct ui *ui, struct view *v)
{
	struct table *t = &v->table;
	char right[160], left[320];
	int y = LINES - 1, rw;
	static const char *const prompts[] = { "", "/", "filter: ", ":" };

	snprintf(right, sizeof(right), "%s%s%s %u/%u  ?:help ",
		 t->filter[0] ? "[f:" : "", t->filter, t->filter[0] ? "] " : "",
		 t->nvisible ? t->pos.cursor + 1 : 0, t->nvisible);
	rw = table_text_width(right);
	if (ui->prompt.kind == PROMPT_COMMAND && ui->cmd.process < ui->m->nprocesses) {
		char name[64];

		view_process_name(ui->m, ui->cmd.process, name, sizeof(name));
		snprintf(left, sizeof(left), "%s:%s_", name, ui->prompt.buf);
		put(ui, y, 0, COLS - rw - 1, left, TABLE_LEFT, A_BOLD);
	} else if (ui->prompt.kind != PROMPT_NONE) {
		snprintf(left, sizeof(left), "%s%s_", prompts[ui->prompt.kind], ui->prompt.buf);
		put(ui, y, 0, COLS - rw - 1, left, TABLE_LEFT, A_BOLD);
	} else if (ui->message[0]) {
		put(ui, y, 0, COLS - rw - 1, ui->message, TABLE_LEFT,
		    ui->message_is_error ? term_attr(&ui->term, STYLE_HOT, false) : (int)A_NORMAL);
	}
	put(ui, y, COLS - rw, rw, right, TABLE_LEFT, term_attr(&ui->term, STYLE_DIM, false));
}

/* Erase and paint everything once; refresh() sends only what changed. */
void ui_draw(struct ui *ui)
{
	struct view *v = view_stack_top(&ui->stack);
	char head[512];

	erase();
	if (!v) {
		refresh();
		return;
	}
	draw_title(ui, v);
	draw_crumbs(ui);
	head[0] = '\0';
	if (v->ops->header)
		v->ops->header(v, head, sizeof(head));
	put(ui, 2, 1, COLS - 1, head, TABLE_LEFT, A_NORMAL);
	draw_table(ui, v);
	draw_status(ui, v);
	refresh();
}
