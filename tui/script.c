/* tui/script.c — key scripts and the view stack. */
#include <stdio.h>
#include <string.h>

#include "script.h"

void script_init(struct key_script *s, const char *text)
{
	s->p = text ? text : "";
}

/* <Name> tokens, <dump>, <resize=WxH>; any other character is a key. */
struct script_event script_next(struct key_script *s)
{
	struct script_event ev = { SCRIPT_END, 0, 0, 0 };
	const char *end;
	char name[32];
	size_t n;

	while (*s->p == '\n' || *s->p == '\r')
		s->p++;
	if (!*s->p)
		return ev;
	if (*s->p != '<' || !(end = strchr(s->p + 1, '>')) || end == s->p + 1) {
		ev.kind = SCRIPT_KEY;
		ev.key = (unsigned char)*s->p++;
		return ev;
	}
	n = (size_t)(end - s->p - 1);
	s->p = end + 1;
	if (n >= sizeof(name)) {
		ev.kind = SCRIPT_ERROR;
		return ev;
	}
	memcpy(name, end - n, n);
	name[n] = '\0';
	if (strcmp(name, "dump") == 0) {
		ev.kind = SCRIPT_DUMP;
	} else if (sscanf(name, "resize=%dx%d", &ev.cols, &ev.lines) == 2 &&
		   ev.cols > 0 && ev.lines > 0 && ev.cols <= 1000 && ev.lines <= 1000) {
		ev.kind = SCRIPT_RESIZE;
	} else if (sscanf(name, "winch=%dx%d", &ev.cols, &ev.lines) == 2 &&
		   ev.cols > 0 && ev.lines > 0 && ev.cols <= 1000 && ev.lines <= 1000) {
		ev.kind = SCRIPT_WINCH;
	} else if ((ev.key = view_key_parse(name)) > 0) {
		ev.kind = SCRIPT_KEY;
	} else {
		ev.kind = SCRIPT_ERROR;
	}
	return ev;
}

bool view_stack_push(struct view_stack *s, struct view *v)
{
	if (s->depth >= TUI_STACK_MAX)
		return false;
	s->v[s->depth++] = v;
	return true;
}

struct view *view_stack_pop(struct view_stack *s)
{
	return s->depth ? s->v[--s->depth] : NULL;
}

struct view *view_stack_top(const struct view_stack *s)
{
	return s->depth ? s->v[s->depth - 1] : NULL;
}

/* Drop the oldest crumbs ("..") until the path fits. */
void view_stack_crumbs(const struct view_stack *s, const char *sep, int width,
		       char *buf, size_t len)
{
	unsigned first = 0, i;
	size_t o;

	if (len == 0)
		return;
	for (;;) {
		o = 0;
		buf[0] = '\0';
		if (first > 0)
			o += (size_t)snprintf(buf, len, "..%s", sep);
		for (i = first; i < s->depth && o < len; i++)
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
					      i > first ? sep : "", s->v[i]->arg.crumb);
		if (o >= len)
			buf[len - 1] = '\0';
		if (table_text_width(buf) <= width || first + 1 >= s->depth)
			return;
		first++;
	}
}
