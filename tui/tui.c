/* tui/tui.c — the event loop: read a key (or a scripted one), turn it into
 * an action through the keymaps, ask the view, then the core, and act on
 * what the handler returns. The screen is drawn once per iteration. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../views/format.h"
#include "../views/out.h"
#include "ui.h"

static const struct view_ops *const top_ops[TOP_COUNT] = {
	[TOP_SUMMARY] = &view_summary_ops,
	[TOP_POOL] = &view_pool_ops,
	[TOP_PROCESSES] = &view_processes_ops,
	[TOP_THREADS] = &view_threads_ops,
	[TOP_TRIAGE] = &view_triage_ops,
};

/* Put a message on the status line until the next key. */
static void say(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof(ui->message), fmt, ap);
	va_end(ap);
	ui->message_is_error = error;
}

/* The view on top of the stack: the one keys go to. */
static struct view *top_view(struct ui *ui)
{
	return view_stack_top(&ui->stack);
}

/* A deferred operation belongs to the view on top: a new top drops it. */
static void drop_deferred(struct ui *ui)
{
	ui->deferred.kind = DEFER_NONE;
}

/* Drop everything above the root; the roots (tops[]) stay alive. */
static void unwind(struct ui *ui)
{
	drop_deferred(ui);
	while (ui->stack.depth > 1)
		view_destroy(view_stack_pop(&ui->stack));
}

/* Make top-level view `top` the root of the stack, creating it on first
 * use; it stays alive so its selection survives Tab round trips. */
static void switch_top(struct ui *ui, int top)
{
	struct ls_err err;

	if (!ui->tops[top]) {
		ls_err_clear(&err);
		ui->tops[top] = view_create(top_ops[top], ui->m, NULL, &err);
		if (!ui->tops[top]) {
			say(ui, true, "%s", err.msg);
			return;
		}
	}
	unwind(ui);
	ui->stack.depth = 0;
	view_stack_push(&ui->stack, ui->tops[top]);
	drop_deferred(ui);
	ui->top = top;
}

/* Create a view on arg and push it; errors go to the status line. */
static void push_view(struct ui *ui, const struct view_ops *ops, const struct view_arg *arg)
{
	struct ls_err err;
	struct view *v;

	ls_err_clear(&err);
	v = view_create(ops, ui->m, arg, &err);
	if (!v) {
		say(ui, true, "%s", err.msg);
		return;
	}
	drop_deferred(ui);
	if (!view_stack_push(&ui->stack, v)) {
		view_destroy(v);
		say(ui, true, "too deep: go back first (Esc)");
	}
}

/* Back: destroy the top view; the one below still has its cursor. */
static void pop_view(struct ui *ui)
{
	if (ui->stack.depth <= 1) {
		say(ui, false, "at the top: Tab changes view, q quits");
		return;
	}
	drop_deferred(ui);
	view_destroy(view_stack_pop(&ui->stack));
}

/* Show text (command output) in a scrollable pane. */
static void push_text(struct ui *ui, const char *crumb, const char *text)
{
	struct view_arg a;

	view_arg_init(&a);
	a.data = text;
	snprintf(a.crumb, sizeof(a.crumb), "%s", crumb);
	push_view(ui, &view_text_ops, &a);
}

/* ':' Enter: run the line through the -c command set into a buffer. */
static void run_command(struct ui *ui, const char *line)
{
	char errmsg[256] = "";
	enum cmd_result r;
	struct out o;

	while (*line == ' ')
		line++;
	if (!*line)
		return;
	out_init_buffer(&o);
	r = cmd_run(&ui->cmd, line, &o, errmsg, sizeof(errmsg));
	if (o.buf && o.len)
		push_text(ui, line, o.buf);
	if (r != CMD_OK)
		say(ui, true, "%s", errmsg[0] ? errmsg : "command failed");
	out_deinit(&o);
}

/* Help for the view on top: its own keys first, then the generic ones. */
static void open_help(struct ui *ui)
{
	static struct view_help_data data;
	struct view *v = top_view(ui);
	struct view_arg a;

	data.view_name = v->ops->name;
	data.view_keys = v->ops->keys;
	view_arg_init(&a);
	a.data = &data;
	push_view(ui, &view_help_ops, &a);
}

/* ---- sort, search and filter: now, or once the table is prepared -------- */

/* A large table's first sort, search or filter would format every row
 * (tens of ms at the seed's size, more beyond): while its idle work runs,
 * they wait for it instead (next_key). Key scripts do everything at once,
 * in order, as before. */
static bool must_defer(const struct ui *ui, const struct table *t)
{
	return !ui->scripted && table_idle_pending(t);
}

static void search_now(struct ui *ui, const char *text, uint32_t from, int dir)
{
	struct view *v = top_view(ui);
	int64_t pos = table_search(&v->table, text, from, dir);

	if (pos < 0) {
		say(ui, true, "not found: %s", text);
		return;
	}
	nav_goto(&v->table.pos, (uint32_t)pos, v->table.nvisible, (uint32_t)ui_table_height());
}

static void sort_now(struct ui *ui, int col, bool desc)
{
	struct table *t = &top_view(ui)->table;

	table_sort(t, col, desc);
	nav_clamp(&t->pos, t->nvisible, (uint32_t)ui_table_height());
	if (t->sort_col < 0)
		say(ui, false, "sorted as the view orders it");
	else
		say(ui, false, "sorted by %s, %s", t->cols[t->sort_col].title,
		    t->sort_desc ? "descending" : "ascending");
}

static void filter_now(struct ui *ui, const char *text)
{
	struct table *t = &top_view(ui)->table;

	table_set_filter(t, text);
	nav_clamp(&t->pos, t->nvisible, (uint32_t)ui_table_height());
	if (text[0])
		say(ui, false, "%u rows contain \"%s\"", t->nvisible, text);
}

static void defer(struct ui *ui, enum deferred_kind kind, const char *text, const char *doing)
{
	struct deferred *d = &ui->deferred;
	char rows[32];

	d->kind = kind;
	if (text)
		snprintf(d->text, sizeof(d->text), "%s", text);
	say(ui, false, "%s (preparing %s rows)...", doing,
	    fmt_count(top_view(ui)->table.nrows, rows, sizeof(rows)));
}

/* Move to the next match of text from `from` in direction dir. */
static void search(struct ui *ui, const char *text, uint32_t from, int dir)
{
	if (!must_defer(ui, &top_view(ui)->table)) {
		search_now(ui, text, from, dir);
		return;
	}
	ui->deferred.from = from;
	ui->deferred.dir = dir;
	defer(ui, DEFER_SEARCH, text, "searching");
}

/* s (next column) or S (reverse), from the sort asked for last. */
static void sort_step(struct ui *ui, bool reverse)
{
	struct table *t = &top_view(ui)->table;
	bool pending = ui->deferred.kind == DEFER_SORT;
	int col = pending ? ui->deferred.col : t->sort_col;
	bool desc = pending ? ui->deferred.desc : t->sort_desc;
	char doing[96];

	if (reverse)
		desc = !desc;
	else
		table_sort_after(t, col, &col, &desc);
	if (!must_defer(ui, t)) {
		sort_now(ui, col, desc);
		return;
	}
	ui->deferred.col = col;
	ui->deferred.desc = desc;
	if (col < 0)
		snprintf(doing, sizeof(doing), "back to the view's order");
	else
		snprintf(doing, sizeof(doing), "sorting by %s", t->cols[col].title);
	defer(ui, DEFER_SORT, NULL, doing);
}

static void filter(struct ui *ui, const char *text)
{
	if (!must_defer(ui, &top_view(ui)->table))
		filter_now(ui, text);
	else
		defer(ui, DEFER_FILTER, text, "filtering");
}

/* The top table is prepared: do what was asked meanwhile. */
static void run_deferred(struct ui *ui)
{
	struct deferred d = ui->deferred;

	ui->deferred.kind = DEFER_NONE;
	switch (d.kind) {
	case DEFER_SORT: sort_now(ui, d.col, d.desc); break;
	case DEFER_SEARCH: search_now(ui, d.text, d.from, d.dir); break;
	case DEFER_FILTER: filter_now(ui, d.text); break;
	case DEFER_NONE: break;
	}
}

/* ---- the prompt line: search, filter, command ---------------------------- */

static void start_prompt(struct ui *ui, enum prompt_kind kind)
{
	struct view *v = top_view(ui);

	memset(&ui->prompt, 0, sizeof(ui->prompt));
	ui->prompt.kind = kind;
	ui->prompt.recall = -1;
	ui->prompt.saved = v->table.pos;
	if (kind == PROMPT_FILTER) {
		snprintf(ui->prompt.buf, sizeof(ui->prompt.buf), "%s", v->table.filter);
		ui->prompt.len = strlen(ui->prompt.buf);
	}
}

/* A key while the prompt is open. Printable keys edit, Enter accepts,
 * Esc cancels (a search goes back to where it started). */
/* Remember a command line (not twice in a row; the oldest goes first). */
static void history_add(struct prompt_history *h, const char *line)
{
	if (!line[0] || (h->n && strcmp(h->line[h->n - 1], line) == 0))
		return;
	if (h->n == PROMPT_HISTORY) {
		memmove(h->line[0], h->line[1], sizeof(h->line[0]) * (PROMPT_HISTORY - 1));
		h->n--;
	}
	snprintf(h->line[h->n++], sizeof(h->line[0]), "%s", line);
}

/* Up / Down in the ':' prompt: step through earlier commands. */
static void history_recall(struct ui *ui, int dir)
{
	struct prompt *p = &ui->prompt;
	int r = p->recall < 0 ? ui->history.n : p->recall;

	r += dir;
	if (r < 0 || ui->history.n == 0)
		return;
	if (r >= ui->history.n) {
		p->recall = -1;
		p->buf[0] = '\0';
	} else {
		p->recall = r;
		snprintf(p->buf, sizeof(p->buf), "%s", ui->history.line[r]);
	}
	p->len = strlen(p->buf);
}

/* A search given up (Esc, or its text erased): back where it began, and
 * a search still waiting for the table is dropped. */
static void cancel_search(struct ui *ui)
{
	top_view(ui)->table.pos = ui->prompt.saved;
	drop_deferred(ui);
}

static void prompt_key(struct ui *ui, int key)
{
	struct prompt *p = &ui->prompt;
	struct view *v = top_view(ui);
	bool changed = false;
	size_t max = p->kind == PROMPT_COMMAND ? sizeof(p->buf) - 1 : TABLE_TEXT_MAX - 1;

	if (key == LSK_ESC) {
		if (p->kind == PROMPT_SEARCH)
			cancel_search(ui);
		p->kind = PROMPT_NONE;
		return;
	}
	if (key == LSK_ENTER) {
		enum prompt_kind kind = p->kind;

		p->kind = PROMPT_NONE;
		if (kind == PROMPT_SEARCH && p->len)
			snprintf(ui->search, sizeof(ui->search), "%s", p->buf);
		else if (kind == PROMPT_FILTER)
			filter(ui, p->buf);
		else if (kind == PROMPT_COMMAND) {
			history_add(&ui->history, p->buf);
			run_command(ui, p->buf);
		}
		return;
	}
	if (p->kind == PROMPT_COMMAND && (key == LSK_UP || key == LSK_DOWN)) {
		history_recall(ui, key == LSK_UP ? -1 : +1);
		return;
	}
	if (key == LSK_BACKSPACE) {
		if (p->len == 0) {
			if (p->kind == PROMPT_SEARCH)
				cancel_search(ui);
			p->kind = PROMPT_NONE;
			return;
		}
		p->buf[--p->len] = '\0';
		changed = true;
	} else if (key >= ' ' && key < 127 && p->len < max) {
		p->buf[p->len++] = (char)key;
		p->buf[p->len] = '\0';
		changed = true;
	}
	/* incremental search: every change searches again from where it began */
	if (changed && p->kind == PROMPT_SEARCH) {
		v->table.pos = p->saved;
		if (p->len)
			search(ui, p->buf, p->saved.cursor, +1);
		else
			drop_deferred(ui);
	}
}

/* ---- actions the core handles when the view does not -------------------- */

static void core_action(struct ui *ui, enum view_action a)
{
	struct view *v = top_view(ui);
	struct table *t = &v->table;
	uint32_t h = (uint32_t)ui_table_height();

	switch (a) {
	case ACT_UP: nav_move(&t->pos, -1, t->nvisible, h); break;
	case ACT_DOWN: nav_move(&t->pos, 1, t->nvisible, h); break;
	case ACT_PAGE_UP: nav_move(&t->pos, -(int64_t)h, t->nvisible, h); break;
	case ACT_PAGE_DOWN: nav_move(&t->pos, h, t->nvisible, h); break;
	case ACT_FIRST: nav_first(&t->pos); break;
	case ACT_LAST: nav_last(&t->pos, t->nvisible, h); break;
	case ACT_BACK: pop_view(ui); break;
	case ACT_NEXT_VIEW: switch_top(ui, (ui->top + 1) % TOP_COUNT); break;
	case ACT_PREV_VIEW: switch_top(ui, (ui->top + TOP_COUNT - 1) % TOP_COUNT); break;
	case ACT_SUMMARY: switch_top(ui, TOP_SUMMARY); break;
	case ACT_POOL: switch_top(ui, TOP_POOL); break;
	case ACT_PROCESSES: switch_top(ui, TOP_PROCESSES); break;
	case ACT_THREADS: switch_top(ui, TOP_THREADS); break;
	case ACT_SEARCH: start_prompt(ui, PROMPT_SEARCH); break;
	case ACT_FILTER: start_prompt(ui, PROMPT_FILTER); break;
	case ACT_PROMPT:
		start_prompt(ui, PROMPT_COMMAND);
		/* in a process's views, commands apply to that process */
		if (v->ops->process_of) {
			uint32_t p = v->ops->process_of(v, table_selected(t));

			if (p != LS_NONE && p < ui->m->nprocesses)
				ui->cmd.process = p;
		}
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (!ui->search[0])
			say(ui, false, "no search yet: / starts one");
		else if (t->nvisible)
			search(ui, ui->search,
			       a == ACT_SEARCH_NEXT ? (t->pos.cursor + 1) % t->nvisible
						    : (t->pos.cursor + t->nvisible - 1) % t->nvisible,
			       a == ACT_SEARCH_NEXT ? 1 : -1);
		break;
	case ACT_SORT_NEXT:
	case ACT_SORT_REVERSE:
		if (v->ops->flags & VIEW_DETAIL) {
			say(ui, false, "this view keeps its order");
			break;
		}
		sort_step(ui, a == ACT_SORT_REVERSE);
		break;
	case ACT_TOGGLE_GROUP: say(ui, false, "no grouping in this view"); break;
	case ACT_ENTER: say(ui, false, "nothing to open on this row"); break;
	case ACT_TRIAGE: switch_top(ui, TOP_TRIAGE); break;
	case ACT_HELP: open_help(ui); break;
	case ACT_REDRAW: term_redraw_all(); break;
	case ACT_QUIT: ui->quit = true; break;
	case ACT_PROCESS_THREADS:
	case ACT_PEB:
	case ACT_TRACES:
		say(ui, false, "select a process first (3: Processes)");
		break;
	default: break;
	}
}

/* The chain: the view first, then the core. The view's answer says
 * what happens next; nothing here draws. */
static void dispatch(struct ui *ui, enum view_action a)
{
	struct view *v = top_view(ui);
	struct view_req req;
	enum view_next next = VN_NOT_MINE;

	memset(&req, 0, sizeof(req));
	view_arg_init(&req.push_arg);
	if (v->ops->on_action)
		next = v->ops->on_action(v, a, table_selected(&v->table), &req);
	if (req.message[0])
		say(ui, false, "%s", req.message);
	switch (next) {
	case VN_NOT_MINE: core_action(ui, a); break;
	case VN_REDRAW: break;
	case VN_RELOAD:
		/* the rows mean something else now: start over at the top */
		table_deinit(&v->table);
		table_init(&v->table);
		if (!view_refresh_table(v))
			say(ui, true, "out of memory");
		break;
	case VN_PUSH: push_view(ui, req.push_ops, &req.push_arg); break;
	case VN_POP: pop_view(ui); break;
	case VN_QUIT: ui->quit = true; break;
	}
}

/* The screen changed size: only the windows move, every cursor stays. */
static void handle_resize(struct ui *ui)
{
	unsigned i;

	/* keep every view's selection; only the window moves */
	for (i = 0; i < ui->stack.depth; i++) {
		struct table *t = &ui->stack.v[i]->table;

		nav_clamp(&t->pos, t->nvisible, (uint32_t)ui_table_height());
	}
	term_redraw_all();
}

/* Phase two of the load, after the first screen is drawn: read the rest
 * of the model, then create the views again (model_finish has moved
 * records and freed query results the views held). It runs before the
 * first key is handled, so only the first top view exists: cursors start
 * where a fresh view starts them. Keys typed meanwhile wait in the
 * terminal's buffer. */
static void finish_loading(struct ui *ui, struct load_pending *pending)
{
	struct ls_err err;
	enum ls_status st;
	int t, top = ui->top;

	say(ui, false, "%s", ui->o->ascii ? "loading handles and threads..."
					  : "loading handles and threads\u2026");
	ui_draw(ui);
	ls_err_clear(&err);
	st = model_load_rest(ui->m, pending, &err);
	unwind(ui);
	ui->stack.depth = 0;
	for (t = 0; t < TOP_COUNT; t++) {
		view_destroy(ui->tops[t]);
		ui->tops[t] = NULL;
	}
	ui->message[0] = '\0';
	switch_top(ui, top);
	if (st != LS_OK) {
		say(ui, true, "%s", err.msg);
		ui->keep_message = true;
	}
}

#define IDLE_ROWS 4096   /* rows of search text built per idle slice */

/* The next key: from the script (handling its <dump> and <resize>), or
 * from the terminal. */
static int next_key(struct ui *ui)
{
	if (!ui->scripted) {
		/* while the user reads, the top table builds its search text
		 * (a slice of ~2 ms at a time, so a key is never kept waiting) */
		struct table *t = ui->stack.depth ? &ui->stack.v[ui->stack.depth - 1]->table
						  : NULL;

		while (t && table_idle_pending(t) && !term_key_waiting())
			table_idle_step(t, IDLE_ROWS);
		if (t && ui->deferred.kind != DEFER_NONE && !table_idle_pending(t)) {
			run_deferred(ui);
			return LSK_IDLE;
		}
		return term_read_key();
	}
	for (;;) {
		struct script_event ev = script_next(&ui->script);

		switch (ev.kind) {
		case SCRIPT_KEY: return ev.key;
		case SCRIPT_END: return LSK_EOF;
		case SCRIPT_DUMP:
			if (ui->screen_path)
				term_dump_screen(ui->screen_path);
			break;
		case SCRIPT_RESIZE:
			term_resize(ev.cols, ev.lines);
			return LSK_RESIZE;
		case SCRIPT_WINCH:
			if (!term_resize_tty(ev.cols, ev.lines)) {
				term_resize(ev.cols, ev.lines);   /* no tty: as <resize> */
				say(ui, true, "key script: no SIGWINCH came, resized by hand");
				ui->keep_message = true;
			}
			return LSK_RESIZE;
		case SCRIPT_ERROR:
			say(ui, true, "key script: unknown <token>");
			ui_draw(ui);
			break;
		}
	}
}

/* Set up, then loop: draw once, read a key, act. A key script ends with
 * a final screen dump (LEAKSCOPE_SCREEN; typed keys end with one too, for
 * tests) and a normal exit. */
int tui_run(struct model *m, const struct tui_options *o)
{
	struct ui *ui = calloc(1, sizeof(*ui));
	bool headless = o->headless || !isatty(STDOUT_FILENO);
	int t, status = 0;

	if (!ui) {
		fprintf(stderr, "leakscope: out of memory\n");
		return 1;
	}
	ui->m = m;
	ui->o = o;
	ui->scripted = o->key_script != NULL;
	ui->screen_path = getenv("LEAKSCOPE_SCREEN");
	if (ui->scripted)
		script_init(&ui->script, o->key_script);
	cmd_ctx_init(&ui->cmd, m, OUT_TEXT);
	if (headless && !ui->scripted) {
		fprintf(stderr, "leakscope: not a terminal: use -c COMMAND, --triage or --info for text output\n");
		model_load_drop(o->pending);
		free(ui);
		return 2;
	}
	if (!term_open(&ui->term, o->monochrome, o->ascii, headless)) {
		fprintf(stderr, "leakscope: cannot set up the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		model_load_drop(o->pending);
		free(ui);
		return 2;
	}
	switch_top(ui, TOP_SUMMARY);
	if (o->pending)
		finish_loading(ui, o->pending);
	while (!ui->quit && ui->stack.depth) {
		int key;
		enum view_action a;

		ui_draw(ui);
		key = next_key(ui);
		if (key == LSK_EOF)
			break;
		if (key == LSK_IDLE)
			continue;   /* only the screen changed (its message stays) */
		if (!ui->keep_message)
			ui->message[0] = '\0';
		ui->keep_message = false;
		if (key == LSK_RESIZE) {
			handle_resize(ui);
			continue;
		}
		if (ui->prompt.kind != PROMPT_NONE) {
			prompt_key(ui, key);
			continue;
		}
		a = view_key_action(top_view(ui)->ops->keys, key);
		if (a == ACT_NONE) {
			char name[16];

			say(ui, false, "%s: no action (? lists the keys)",
			    view_key_name(key, name, sizeof(name)));
			continue;
		}
		dispatch(ui, a);
	}
	ui_draw(ui);
	if (ui->screen_path)
		term_dump_screen(ui->screen_path);
	unwind(ui);
	ui->stack.depth = 0;
	for (t = 0; t < TOP_COUNT; t++)
		view_destroy(ui->tops[t]);
	term_close(&ui->term);
	free(ui);
	return status;
}
