/* tui/script.h — key scripts (LEAKSCOPE_KEYS) and the view stack; both
 * curses-free, so key handling and navigation are tested without a tty.
 *
 * A key script is text: each character is a key, except <Name> tokens
 * (<Enter> <Esc> <Tab> <S-Tab> <BS> <Up> <Down> <Left> <Right> <PgUp>
 * <PgDn> <Home> <End> <Space> <lt> <gt> <C-l>), <dump> (write the screen to
 * LEAKSCOPE_SCREEN), <resize=COLSxLINES> (tell curses the new size) and
 * <winch=COLSxLINES> (resize the tty itself and take the SIGWINCH path).
 * Newlines are ignored. When the
 * script ends the TUI quits as if q had been pressed. */
#ifndef LS_SCRIPT_H
#define LS_SCRIPT_H

#include <stdbool.h>

#include "../views/view.h"

enum script_event_kind { SCRIPT_KEY, SCRIPT_DUMP, SCRIPT_RESIZE, SCRIPT_WINCH,
			 SCRIPT_END, SCRIPT_ERROR };

struct script_event {
	enum script_event_kind kind;
	int key;                /* SCRIPT_KEY */
	int cols, lines;        /* SCRIPT_RESIZE, SCRIPT_WINCH */
};

struct key_script {
	const char *p;
};

void script_init(struct key_script *s, const char *text);
/* The next event; SCRIPT_ERROR for an unknown <token> (skipped). */
struct script_event script_next(struct key_script *s);

/* ---- the view stack: drilling pushes, back pops ------------------------- */
#define TUI_STACK_MAX 32

struct view_stack {
	struct view *v[TUI_STACK_MAX];
	unsigned depth;
};

/* false when full (the caller keeps ownership of v). */
bool view_stack_push(struct view_stack *s, struct view *v);
/* The popped view (the caller owns it), NULL if empty. */
struct view *view_stack_pop(struct view_stack *s);
struct view *view_stack_top(const struct view_stack *s);

/* "Pool > Thre > iexplore.exe": the crumbs of the stack, joined by sep,
 * cut from the left (keeping the newest) to fit width display columns. */
void view_stack_crumbs(const struct view_stack *s, const char *sep, int width,
		       char *buf, size_t len);

#endif
