/* views/view_text.c — a scrollable pane of text: the output of a ':'
 * command (already escaped by views/out.c). One row per line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

struct text {
	char *text;          /* our copy */
	uint32_t *lines;     /* offsets of line starts */
	uint32_t n;
	uint32_t x;          /* horizontal scroll, in characters */
};

#define SCROLL_STEP 20

static const struct keymap_entry text_keys[] = {
	{ '>', ACT_SCROLL_RIGHT },
	{ '<', ACT_SCROLL_LEFT },
	{ 0, ACT_NONE },
};

static const struct table_column text_cols[] = {
	{ "", 0, TABLE_LEFT, 0 },
};

/* Copy the text and index its lines once. */
static enum ls_status text_load(struct view *v, struct ls_err *err)
{
	struct text *t = v->priv;
	const char *src = v->arg.data ? v->arg.data : "";
	size_t len = strlen(src), i, n = 1;

	if (len > UINT32_MAX - 1)
		len = UINT32_MAX - 1;
	for (i = 0; i < len; i++)
		n += src[i] == '\n';
	t->text = malloc(len + 1);
	t->lines = malloc(n * sizeof(*t->lines));
	if (!t->text || !t->lines)
		return ls_err_set(err, LS_ERR_NOMEM, "out of memory");
	memcpy(t->text, src, len);
	t->text[len] = '\0';
	t->lines[t->n++] = 0;
	for (i = 0; i < len; i++)
		if (t->text[i] == '\n') {
			t->text[i] = '\0';
			if (i + 1 < len)
				t->lines[t->n++] = (uint32_t)(i + 1);
		}
	v->arg.data = NULL;   /* borrowed only during load */
	if (!v->arg.crumb[0])
		strcpy(v->arg.crumb, "Output");
	return LS_OK;
}

static uint32_t text_rows(const struct view *v)
{
	return ((const struct text *)v->priv)->n;
}

static const struct table_column *text_columns(const struct view *v, unsigned *n)
{
	*n = 1;
	return text_cols;
}

/* One line, from the horizontal offset on; tabs expanded. */
static void text_cells(const struct view *v, uint32_t row, struct table_row *out)
{
	const struct text *t = v->priv;
	const char *s;
	size_t o = 0;

	if (row >= t->n)
		return;
	/* tabs to spaces; anything else below ' ' should not be here */
	s = t->text + t->lines[row];
	if (strlen(s) > t->x)
		s += t->x;
	else
		s = "";
	for (; *s && o + 8 < sizeof(out->cell[0].text); s++) {
		if (*s == '\t') {
			do
				out->cell[0].text[o++] = ' ';
			while (o % 8);
		} else {
			out->cell[0].text[o++] = (unsigned char)*s < ' ' ? '?' : *s;
		}
	}
	out->cell[0].text[o] = '\0';
}

static enum view_next text_action(struct view *v, enum view_action a, uint32_t row,
				  struct view_req *req)
{
	struct text *t = v->priv;

	if (a == ACT_SCROLL_RIGHT)
		t->x += SCROLL_STEP;
	else if (a == ACT_SCROLL_LEFT)
		t->x = t->x > SCROLL_STEP ? t->x - SCROLL_STEP : 0;
	else
		return VN_NOT_MINE;
	return VN_REDRAW;
}

static void text_header(const struct view *v, char *buf, size_t len)
{
	const struct text *t = v->priv;

	if (t->x)
		snprintf(buf, len, ":%s  (from column %u; < > scroll, Esc: back)", v->arg.crumb, t->x + 1);
	else
		snprintf(buf, len, ":%s  (< > scroll, Esc: back)", v->arg.crumb);
}

static void text_done(struct view *v)
{
	struct text *t = v->priv;

	free(t->text);
	free(t->lines);
}

const struct view_ops view_text_ops = {
	.name = "Output",
	.command = "",
	.flags = VIEW_DETAIL,
	.priv_size = sizeof(struct text),
	.load = text_load,
	.row_count = text_rows,
	.columns = text_columns,
	.cells = text_cells,
	.on_action = text_action,
	.header = text_header,
	.done = text_done,
	.keys = text_keys,
};
