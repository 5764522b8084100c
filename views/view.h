/* views/view.h — the contract between a view and the TUI core.
 *
 * A view is one file with one static `struct view_ops`: what it is called,
 * how it loads from a model node (struct view_arg), how many rows it has,
 * the cells of one row, and what it does with an action ("not mine" lets
 * the core handle it). The core (tui/) allocates the view's private state
 * (ops->priv_size), owns its table widget, draws, scrolls, searches and
 * frees. Handlers never draw: they return what should happen next.
 *
 * Actions are named once (VIEW_ACTIONS) with their help text; keys are
 * data: a per-view keymap in the ops, then the generic keymap
 * (views/view_keys.c). The help view is generated from those tables.
 * Views use the model and views/format.h only; never ncurses.
 */
#ifndef LS_VIEW_H
#define LS_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "../model/status.h"
#include "../model/tree.h"
#include "table.h"

/* ---- keys: printable ASCII stands for itself, the rest are these ------- */
enum view_key {
	LSK_NONE = 0,
	LSK_TAB = '\t',
	LSK_ENTER = '\n',
	LSK_ESC = 27,
	LSK_BACKSPACE = 127,
	LSK_UP = 0x1000, LSK_DOWN, LSK_LEFT, LSK_RIGHT,
	LSK_PGUP, LSK_PGDN, LSK_HOME, LSK_END,
	LSK_BTAB,         /* shift-Tab */
	LSK_RESIZE,       /* the terminal changed size */
	LSK_CTRL_L,       /* redraw */
	LSK_EOF,          /* input gone / key script finished */
	LSK_IDLE,         /* no key: deferred work was done, draw again */
	LSK_UNKNOWN,
};

/* ---- actions ------------------------------------------------------------ */
#define VIEW_ACTIONS(X)                                                        \
	X(NONE,          "none",         "")                                   \
	X(UP,            "up",           "Move up one row")                    \
	X(DOWN,          "down",         "Move down one row")                  \
	X(PAGE_UP,       "page-up",      "Move up one page")                   \
	X(PAGE_DOWN,     "page-down",    "Move down one page")                 \
	X(FIRST,         "first",        "Go to the first row")                \
	X(LAST,          "last",         "Go to the last row")                 \
	X(ENTER,         "enter",        "Open the selected row (drill down)") \
	X(BACK,          "back",         "Go back, to the row you came from")  \
	X(NEXT_VIEW,     "next-view",    "Next top-level view (Summary, Pool, Processes, Threads, Triage)") \
	X(PREV_VIEW,     "prev-view",    "Previous top-level view")            \
	X(SUMMARY,       "summary",      "Memory summary (!vm)")               \
	X(POOL,          "pool",         "Pool tags (!poolused)")              \
	X(PROCESSES,     "processes",    "Processes (!process 0 0)")           \
	X(THREADS,       "threads",      "Threads, flat or by start address")  \
	X(SEARCH,        "search",       "Search the visible cells as you type") \
	X(SEARCH_NEXT,   "search-next",  "Next match")                         \
	X(SEARCH_PREV,   "search-prev",  "Previous match")                     \
	X(SORT_NEXT,     "sort",         "Sort by the next column")            \
	X(SORT_REVERSE,  "sort-reverse", "Reverse the sort order")             \
	X(FILTER,        "filter",       "Show only rows containing a text")   \
	X(SCROLL_RIGHT,  "scroll-right", "Scroll wide text right")              \
	X(SCROLL_LEFT,   "scroll-left",  "Scroll wide text left")               \
	X(TOGGLE_GROUP,  "group",        "Toggle grouping (handles by type, threads by start)") \
	X(PROCESS_THREADS, "process-threads", "Threads of the selected process") \
	X(PEB,           "peb",          "PEB of the selected process (dt _PEB)") \
	X(TRACES,        "traces",       "Handle traces of the selected process (!htrace)") \
	X(TRIAGE,        "triage",       "The triage chain")                   \
	X(PROMPT,        "prompt",       "Run a WinDbg-style command (:!handle, :!thread ADDR)") \
	X(HELP,          "help",         "Keys and commands")                  \
	X(REDRAW,        "redraw",       "Redraw the screen")                  \
	X(QUIT,          "quit",         "Quit leakscope")

enum view_action {
#define VIEW_ACTION_ENUM(id, name, help) ACT_##id,
	VIEW_ACTIONS(VIEW_ACTION_ENUM)
#undef VIEW_ACTION_ENUM
	ACT_COUNT
};

const char *view_action_name(enum view_action a);
const char *view_action_help(enum view_action a);

struct keymap_entry {
	int key;                  /* enum view_key or a character */
	enum view_action action;
};
/* Keymaps end with { 0, ACT_NONE }. */

/* The generic keymap every view falls back to. */
extern const struct keymap_entry view_generic_keys[];
/* The action bound to key: the view's keymap first, then the generic. */
enum view_action view_key_action(const struct keymap_entry *view_keys, int key);
/* "Enter", "PgDn", "j", "C-l": the name of a key (buf >= 16 bytes). */
const char *view_key_name(int key, char *buf, size_t len);
/* Append to buf (space-separated) the names of the keys of map bound to
 * action a and not overridden by view_keys: "k Up". */
void view_keys_for(const struct keymap_entry *map,
		   const struct keymap_entry *view_keys, enum view_action a,
		   char *buf, size_t len);
/* The generic key table as Markdown rows "| `keys` | help |", one per
 * action (leakscope --keys; README's key table is this output). */
void view_print_key_table(FILE *fp);
/* Parse a key name as written in a key script ("Enter", "Down", "a");
 * returns the key or -1. */
int view_key_parse(const char *name);

/* ---- what a view is opened on: one model node --------------------------- */
struct view_arg {
	uint32_t index;     /* process / type / object / thread index, LS_NONE */
	uint32_t index2;    /* a second index (e.g. the type of a handle group) */
	uint64_t key;       /* a value key (e.g. a start address) */
	bool has_key;       /* key is set (0 can be a real key) */
	int mode;           /* view-specific (e.g. grouped or flat) */
	const void *data;   /* view-specific borrowed data (help tables, text) */
	char crumb[48];     /* breadcrumb label; the view may set it in load() */
};

/* Initialise an argument: indexes LS_NONE, everything else zero. */
void view_arg_init(struct view_arg *a);

/* What the core should do after an action. */
enum view_next {
	VN_NOT_MINE,      /* the view does not handle this action */
	VN_REDRAW,        /* handled; draw again */
	VN_RELOAD,        /* the rows or columns changed (e.g. grouping) */
	VN_PUSH,          /* open req->push_ops on req->push_arg */
	VN_POP,           /* go back */
	VN_QUIT,
};

struct view;

struct view_req {
	const struct view_ops *push_ops;
	struct view_arg push_arg;
	char message[160];     /* a status-line message, "" = none */
};

enum {
	VIEW_TOP = 1,          /* a top-level view (Tab cycles these) */
	VIEW_DETAIL = 2,       /* key/value lines: keep the view's order */
};

struct view_ops {
	const char *name;      /* "Pool tags": title line and help */
	const char *command;   /* the WinDbg command it mirrors, "" if none */
	unsigned flags;
	size_t priv_size;      /* private state the core allocates (zeroed) */
	/* Prepare from v->m and v->arg; may fill v->arg.crumb. */
	enum ls_status (*load)(struct view *v, struct ls_err *err);
	uint32_t (*row_count)(const struct view *v);
	const struct table_column *(*columns)(const struct view *v, unsigned *n);
	void (*cells)(const struct view *v, uint32_t row, struct table_row *out);
	/* row: the selected view row (UINT32_MAX if none). */
	enum view_next (*on_action)(struct view *v, enum view_action a, uint32_t row,
				    struct view_req *req);
	/* A one-line summary shown above the table ("" = none). */
	void (*header)(const struct view *v, char *buf, size_t len);
	void (*done)(struct view *v);   /* frees what load allocated; may be NULL */
	/* The process the selected row is about (LS_NONE if none): the ':'
	 * prompt makes it the implicit process, as .process would. May be NULL. */
	uint32_t (*process_of)(const struct view *v, uint32_t row);
	const struct keymap_entry *keys; /* the view's own keys, or NULL */
};

struct view {
	const struct view_ops *ops;
	struct model *m;
	struct view_arg arg;
	void *priv;
	struct table table;    /* owned by the core */
	uint32_t select;       /* row to select first; load() may set it
				  (UINT32_MAX = the first row) */
};

/* Create a view on arg (NULL = default argument): allocates priv, calls
 * load. NULL on failure (err says why). */
struct view *view_create(const struct view_ops *ops, struct model *m,
			 const struct view_arg *arg, struct ls_err *err);
/* (Re)load the table from the view's columns and rows. */
bool view_refresh_table(struct view *v);
void view_destroy(struct view *v);   /* accepts NULL */

/* ---- the views ------------------------------------------------------------ */
extern const struct view_ops view_summary_ops;   /* !vm */
extern const struct view_ops view_pool_ops;      /* !poolused */
extern const struct view_ops view_holders_ops;   /* processes holding a type */
extern const struct view_ops view_processes_ops; /* !process 0 0 */
extern const struct view_ops view_handles_ops;   /* !handle, flat or by type */
extern const struct view_ops view_object_ops;    /* !object */
extern const struct view_ops view_threads_ops;   /* threads, flat or by start */
extern const struct view_ops view_thread_ops;    /* !thread */
extern const struct view_ops view_traces_ops;    /* !htrace */
extern const struct view_ops view_peb_ops;       /* dt _PEB */
extern const struct view_ops view_text_ops;      /* a text pane (':' output) */
extern const struct view_ops view_help_ops;      /* keys and commands */
extern const struct view_ops view_triage_ops;    /* the triage chain */

/* view_help_ops's arg.data: whose keys to list first. */
struct view_help_data {
	const char *view_name;
	const struct keymap_entry *view_keys;
};

/* view_text_ops's arg.data is the text (copied in load); arg.crumb names it. */

/* Modes of view_handles_ops / view_threads_ops. */
enum { VIEW_MODE_GROUPED = 0, VIEW_MODE_FLAT = 1 };

/* ---- helpers for view files (views/view_common.c) ------------------------ */
/* Set a cell's text printf-style (for text the view made itself). */
void cell_printf(struct table_cell *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set a cell to a dump string, escaped; NULL -> "-". */
void cell_dump_str(struct table_cell *c, const char *s);
/* A numeric cell: grouped count, sort key n. */
void cell_count(struct table_cell *c, uint64_t n);
/* A numeric cell: an address in 16 hex digits, sort key addr. */
void cell_addr(struct table_cell *c, uint64_t addr);
/* A numeric cell: an optional value, "n/a" (dim) when absent. */
void cell_opt_count(struct table_cell *c, struct ls_opt v);

/* Requests the views share: open handles of process p (type t or LS_NONE,
 * mode VIEW_MODE_*), a thread's detail, an object, or what a handle refers
 * to (its thread's detail for a Thread, else the object). All return
 * VN_PUSH, or VN_REDRAW with a message when there is nothing to open. */
enum view_next view_open_handles(const struct model *m, uint32_t p, uint32_t t,
				 int mode, struct view_req *req);
enum view_next view_open_thread(const struct model *m, uint32_t th, const char *crumb,
				struct view_req *req);
enum view_next view_open_object(const struct model *m, uint32_t o, const char *crumb,
				struct view_req *req);
enum view_next view_open_handle(const struct model *m, uint32_t h, struct view_req *req);
/* Threads with start address start (all processes), flat. */
enum view_next view_open_start(const struct model *m, uint64_t start, struct view_req *req);
/* The PEB / handle traces / threads of process p (ACT_PEB, ACT_TRACES,
 * ACT_PROCESS_THREADS); VN_NOT_MINE for other actions. */
enum view_next view_process_action(const struct model *m, enum view_action a,
				   uint32_t p, struct view_req *req);
/* The process-context keys (p PEB, H traces, T threads). */
extern const struct keymap_entry view_process_keys[];
/* process_of for the views of one process (v->arg.index), whatever the row. */
uint32_t view_arg_process(const struct view *v, uint32_t row);

/* A pid or handle value as the OS's tools write it: hex on Windows
 * (WinDbg), decimal on Linux. Returns one of 8 rotating static buffers, so
 * up to 8 calls can appear in one printf. */
const char *view_id(const struct model *m, uint64_t v);

/* Cid as WinDbg writes it: "0004.1885c". */
const char *view_cid(uint64_t pid, uint64_t tid, char *buf, size_t len);
/* The strings after sep (a NULL ends them) joined by sep into buf
 * (truncated, always terminated): what a cell would snprintf, faster. */
const char *view_join(char *buf, size_t len, const char *sep, ...);
/* Handle value as WinDbg writes it: "0d94" (Linux: the fd, "3"). */
const char *view_handle_value(const struct model *m, uint64_t v, char *buf, size_t len);
/* "iexplore.exe" + ", +2 more" for the processes holding object o. */
const char *view_holders_text(const struct model *m, uint32_t o, char *buf, size_t len);

/* ---- detail views: key/value lines built once in load() ------------------ */
enum detail_link {
	LINK_NONE,
	LINK_HANDLES,     /* handles of process index, type index2, flat */
	LINK_THREAD,      /* thread detail of index */
	LINK_OBJECT,      /* object index */
	LINK_START,       /* threads with start address key */
	LINK_HOLDERS,     /* processes holding type index */
	LINK_PROCESS,     /* process index: its handles by type */
	LINK_TRACES,      /* process index: its handle traces */
};

struct detail_line {
	char field[40];
	char value[TABLE_CELL_MAX];   /* escaped text */
	uint8_t style;
	uint8_t link;                 /* enum detail_link */
	uint32_t index, index2;
	uint64_t key;
};

struct detail {
	struct detail_line *lines;
	uint32_t n, cap;
	bool failed;                  /* out of memory: lines are missing */
};

/* Append a line (value printf-style); NULL when out of memory. Dump
 * strings in the value must be escaped by the caller. */
struct detail_line *detail_add(struct detail *d, enum table_style style,
			       const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void detail_free(struct detail *d);
const struct table_column *detail_columns(unsigned *n);
void detail_cells(const struct detail *d, uint32_t row, struct table_row *out);
/* Enter on a line: follow its link. */
enum view_next detail_follow(const struct model *m, const struct detail *d,
			     uint32_t row, struct view_req *req);

/* view_ops of a detail view whose priv begins with its struct detail
 * (check with DETAIL_FIRST): the lines as rows, Enter follows a line's
 * link, done frees the lines. */
#define DETAIL_FIRST(priv_type) \
	_Static_assert(offsetof(priv_type, d) == 0, #priv_type ": struct detail d must come first")
uint32_t detail_view_rows(const struct view *v);
const struct table_column *detail_view_columns(const struct view *v, unsigned *n);
void detail_view_cells(const struct view *v, uint32_t row, struct table_row *out);
enum view_next detail_view_action(struct view *v, enum view_action a, uint32_t row,
				  struct view_req *req);
void detail_view_done(struct view *v);

/* The "Held by" section of object o: one line per handle (linked to that
 * process's handles of the object's type). */
void view_add_holders(const struct model *m, struct detail *d, uint32_t o);

/* model_symbolize, escaped for the terminal (module and export names come
 * from the dump). Returns buf. */
const char *view_symbolize(const struct model *m, uint64_t addr, uint32_t p,
			   char *buf, size_t len);

/* Display name of a process index: "iexplore.exe", escaped; "?" if none. */
const char *view_process_name(const struct model *m, uint32_t p, char *buf, size_t len);
/* Name of a type index: "Thread", escaped; "?" if LS_NONE. */
const char *view_type_name(const struct model *m, uint32_t t, char *buf, size_t len);

#endif
