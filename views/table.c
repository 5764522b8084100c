/* views/table.c — the table widget: index array, sort, filter, search,
 * layout and text fitting. No curses here. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <wchar.h>

#include "table.h"

#define MATCH_CACHE_MIN_ROWS 2000          /* smaller tables format as they go */
#define RANK_SLICE (64u << 10)             /* elements a rank slice moves */
#define MATCH_CACHE_MAX_BYTES (256u << 20)   /* offsets stay 32-bit */

/* An empty table in the view's own order, no filter. */
void table_init(struct table *t)
{
	memset(t, 0, sizeof(*t));
	t->sort_col = -1;
	t->rank_col = -1;
}

/* Frees the index; the table is empty and reusable after. */
static size_t fold_copy(char *dst, const char *src);

/* The search text is written front to back into one reservation of
 * MATCH_CACHE_MAX_BYTES of address space: its pages become memory only as
 * they are written, and it never moves. (Grown by realloc, it was copied
 * whole, tens of MB, inside one idle slice: 24 ms at scale 4.) */
static char *text_reserve(void)
{
	void *p = mmap(NULL, MATCH_CACHE_MAX_BYTES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void match_cache_free(struct table *t)
{
	unsigned c;

	if (t->match_text)
		munmap(t->match_text, MATCH_CACHE_MAX_BYTES);
	free(t->match_off);
	t->match_text = NULL;
	t->match_off = NULL;
	t->match_ready = t->match_refused = false;
	t->match_next = 0;
	t->match_used = t->match_cap = 0;
	for (c = 0; c < TABLE_MAX_COLS; c++) {
		free(t->col_key[c]);
		free(t->pass_num[c]);
		free(t->pass_cell[c]);
		t->col_key[c] = t->pass_num[c] = NULL;
		t->pass_cell[c] = NULL;
	}
	free(t->rank_order);
	free(t->rank_tmp);
	free(t->rank_key);
	t->rank_order = t->rank_tmp = NULL;
	t->rank_key = NULL;
	t->rank_col = -1;
}

void table_deinit(struct table *t)
{
	match_cache_free(t);
	free(t->index);
	table_init(t);
}

void table_fetch(const struct table *t, uint32_t row, struct table_row *out)
{
	table_fetch_col(t, row, -1, out);
}

/* Clears *out, then lets the view fill it. The view sees out->want and
 * may fill only that column; text is always NUL-terminated on return. */
void table_fetch_col(const struct table *t, uint32_t row, int col, struct table_row *out)
{
	unsigned c;

	out->style = STYLE_NORMAL;
	out->want = (int8_t)col;
	for (c = 0; c < TABLE_MAX_COLS; c++) {
		out->cell[c].text[0] = '\0';
		out->cell[c].num = 0;
		out->cell[c].style = STYLE_NORMAL;
	}
	if (t->cells && row < t->nrows)
		t->cells(t->ctx, row, out);
	for (c = 0; c < TABLE_MAX_COLS; c++)
		out->cell[c].text[TABLE_CELL_MAX - 1] = '\0';
}

/* Visible position -> view row (the index array is the only indirection). */
uint32_t table_row_at(const struct table *t, uint32_t pos)
{
	return pos < t->nvisible ? t->index[pos] : UINT32_MAX;
}

uint32_t table_selected(const struct table *t)
{
	return table_row_at(t, t->pos.cursor);
}

/* ASCII case folding only: dump strings are mostly ASCII, and a
 * locale-aware fold per cell would cost more than the whole search. */
bool table_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return true;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i]; i++) {
			unsigned char a = (unsigned char)hay[i], b = (unsigned char)needle[i];
			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			if (a != b)
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}


/* Build the lower-cased text of every row once, up to `budget` more rows
 * a call (resumed where it stopped); true when all rows are in. False and
 * not tried again when memory is short or the text too big; false too
 * for small tables, which format as they go. */
static bool match_cache_step(struct table *t, uint32_t budget)
{
	struct table_row *row;
	size_t used = t->match_used, cap = t->match_cap;
	uint32_t r, end;
	unsigned c;

	if (t->match_ready)
		return true;
	if (t->match_refused || t->nrows < MATCH_CACHE_MIN_ROWS)
		return false;
	row = malloc(sizeof(*row));
	if (!t->match_text) {
		cap = MATCH_CACHE_MAX_BYTES;
		t->match_off = malloc((size_t)t->nrows * sizeof(*t->match_off));
		t->match_text = text_reserve();
		t->match_next = 0;
		used = 0;
		/* sort keys come along: numbers, and where each text cell starts */
		for (c = 0; c < t->ncols && c < TABLE_MAX_COLS; c++)
			if (t->cols[c].numeric)
				t->pass_num[c] = malloc((size_t)t->nrows * sizeof(uint64_t));
			else
				t->pass_cell[c] = malloc((size_t)t->nrows * sizeof(uint32_t));
	}
	if (!row || !t->match_off || !t->match_text)
		goto refuse;
	end = t->nrows - t->match_next > budget ? t->match_next + budget : t->nrows;
	for (r = t->match_next; r < end; r++) {
		table_fetch(t, r, row);
		t->match_off[r] = (uint32_t)used;
		for (c = 0; c < t->ncols && c < TABLE_MAX_COLS; c++) {
			size_t n = strlen(row->cell[c].text);

			if (t->pass_num[c])
				t->pass_num[c][r] = row->cell[c].num;
			if (t->pass_cell[c])
				t->pass_cell[c][r] = (uint32_t)used;
			if (used + n + 2 > cap)
				goto refuse;   /* offsets stay 32-bit */
			used += fold_copy(t->match_text + used, row->cell[c].text);
			t->match_text[used - 1] = '\x1f';   /* cells never match across */
		}
		t->match_text[used++] = '\0';
	}
	free(row);
	t->match_next = end;
	t->match_used = used;
	t->match_cap = cap;
	t->match_ready = end == t->nrows;
	if (t->match_ready)
		for (c = 0; c < TABLE_MAX_COLS; c++) {
			if (t->pass_num[c] && !t->col_key[c]) {
				t->col_key[c] = t->pass_num[c];   /* numeric keys: done */
				t->pass_num[c] = NULL;
			}
			free(t->pass_num[c]);
			t->pass_num[c] = NULL;
		}
	return t->match_ready;
refuse:
	free(row);
	match_cache_free(t);
	t->match_refused = true;
	return false;
}

static bool match_cache_build(struct table *t)
{
	return match_cache_step(t, UINT32_MAX);
}

/* Does any cell of view row `row` contain text? `lower` is text folded to
 * lower case (for the cache); scratch is reused. */
static bool row_matches(const struct table *t, uint32_t row, const char *text,
			const char *lower, struct table_row *scratch)
{
	unsigned c;

	if (t->match_ready)
		return strstr(t->match_text + t->match_off[row], lower) != NULL;
	table_fetch(t, row, scratch);
	for (c = 0; c < t->ncols && c < TABLE_MAX_COLS; c++)
		if (table_contains(scratch->cell[c].text, text))
			return true;
	return false;
}

/* ---- sorting: keys computed once per row, stable merge sort of indexes -- */

struct sort_key {
	uint64_t num;
	uint32_t text;     /* offset into the text pool */
};

struct sort_ctx {
	const struct sort_key *keys;   /* by view row */
	const char *pool;
	bool numeric, desc;
};

/* Compare two view rows by their precomputed keys, honouring desc. */
static int key_cmp(const struct sort_ctx *s, uint32_t a, uint32_t b)
{
	int r;

	if (s->numeric)
		r = s->keys[a].num < s->keys[b].num ? -1 : s->keys[a].num > s->keys[b].num;
	else
		r = strcmp(s->pool + s->keys[a].text, s->pool + s->keys[b].text);
	return s->desc ? -r : r;
}

/* Stable, bottom-up merge sort of view-row numbers: ties keep the order
 * they had, so sorting by one column then another nests naturally. */
static void merge_sort(const struct sort_ctx *s, uint32_t *v, uint32_t *tmp, uint32_t n)
{
	uint32_t *src = v, *dst = tmp, *x;
	uint32_t width, i;

	/* bottom-up, so no recursion depth to worry about; the two buffers
	 * swap roles each pass instead of copying back */
	for (width = 1; width < n; width *= 2) {
		for (i = 0; i < n; i += 2 * width) {
			uint32_t lo = i, mid = i + width < n ? i + width : n;
			uint32_t hi = i + 2 * width < n ? i + 2 * width : n;
			uint32_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				dst[k++] = key_cmp(s, src[b], src[a]) < 0 ? src[b++] : src[a++];
			while (a < mid)
				dst[k++] = src[a++];
			while (b < hi)
				dst[k++] = src[b++];
		}
		x = src;
		src = dst;
		dst = x;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/* Lower-cased copy for case-insensitive text order. */
static size_t fold_copy(char *dst, const char *src)
{
	size_t i;

	for (i = 0; src[i]; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? src[i] + ('a' - 'A') : src[i];
	dst[i] = '\0';
	return i + 1;
}

static bool column_keys(const struct table *t, uint32_t n, const uint32_t *rows,
			struct sort_ctx *s);

/* Column col of a large table: every view row's key, computed once until
 * the rows change (one cells call per row asking for that column only):
 * the number, or for a text column its rank in text order (equal texts,
 * equal ranks), so every later sort is a radix sort of integers. */
static bool col_keys_build(struct table *t, unsigned col)
{
	struct sort_ctx s = { 0 };
	uint32_t *order = malloc((size_t)t->nrows * sizeof(*order));
	uint32_t *tmp = malloc((size_t)t->nrows * sizeof(*tmp));
	uint64_t *key = malloc((size_t)t->nrows * sizeof(*key));
	uint64_t rank = 0;
	uint32_t i;
	bool ok = false;

	if (!order || !tmp || !key)
		goto out;
	for (i = 0; i < t->nrows; i++)
		order[i] = i;
	if (!column_keys(t, t->nrows, order, &s))
		goto out;
	if (s.numeric) {
		for (i = 0; i < t->nrows; i++)
			key[i] = s.keys[i].num;
	} else {
		merge_sort(&s, order, tmp, t->nrows);
		for (i = 0; i < t->nrows; i++) {
			if (i > 0 && key_cmp(&s, order[i - 1], order[i]) != 0)
				rank++;
			key[order[i]] = rank;
		}
	}
	t->col_key[col] = key;
	key = NULL;
	ok = true;
out:
	free((void *)s.keys);
	free((void *)s.pool);
	free(order);
	free(tmp);
	free(key);
	return ok;
}

/* Stable LSD radix sort of the visible index by col_key[col] (inverted
 * for descending, so ties keep their order either way), 16 bits a pass;
 * a pass where every key has the same digit is skipped. */
static bool radix_sort_index(struct table *t, unsigned col)
{
	const uint64_t *key = t->col_key[col];
	uint64_t flip = t->sort_desc ? UINT64_MAX : 0;
	uint32_t *tmp = malloc((size_t)t->nvisible * sizeof(*tmp));
	uint32_t *count = malloc(65536 * sizeof(*count));
	uint32_t *src = t->index, *dst = tmp, *x, i, sum;
	unsigned shift, d;

	if (!tmp || !count) {
		free(tmp);
		free(count);
		return false;
	}
	for (shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < t->nvisible; i++)
			count[((key[src[i]] ^ flip) >> shift) & 0xffff]++;
		if (count[((key[src[0]] ^ flip) >> shift) & 0xffff] == t->nvisible)
			continue;
		for (d = 0, sum = 0; d < 65536; d++) {
			uint32_t c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (i = 0; i < t->nvisible; i++)
			dst[count[((key[src[i]] ^ flip) >> shift) & 0xffff]++] = src[i];
		x = src;
		src = dst;
		dst = x;
	}
	if (src != t->index)
		memcpy(t->index, src, t->nvisible * sizeof(*src));
	free(tmp);
	free(count);
	return true;
}

/* Keys of the given view rows for sort_col: s->keys by view row (numbers
 * and offsets of folded text in s->pool), s->numeric set; the caller
 * frees s->keys and s->pool. False on out of memory. */
static bool column_keys(const struct table *t, uint32_t n, const uint32_t *rows,
			struct sort_ctx *s)
{
	struct sort_key *keys = calloc(t->nrows, sizeof(*keys));
	struct table_row *row = malloc(sizeof(*row));
	int col = t->sort_col;
	char *pool = NULL;
	size_t used = 0, cap = 0;
	uint32_t i;

	s->numeric = t->cols[col].numeric;
	s->keys = keys;
	s->pool = NULL;
	if (!keys || !row)
		goto fail;
	for (i = 0; i < n; i++) {
		uint32_t r = rows[i];

		table_fetch_col(t, r, col, row);
		keys[r].num = row->cell[col].num;
		if (!s->numeric) {
			size_t len = strlen(row->cell[col].text) + 1;

			if (used + len > cap) {
				size_t ncap = cap ? cap * 2 : 65536;
				char *np;

				while (ncap < used + len)
					ncap *= 2;
				np = realloc(pool, ncap);
				if (!np)
					goto fail;
				pool = np;
				cap = ncap;
			}
			keys[r].text = (uint32_t)used;
			used += fold_copy(pool + used, row->cell[col].text);
		}
	}
	if (!s->numeric && !pool)
		goto fail;
	free(row);
	s->pool = pool;
	return true;
fail:
	free(keys);
	free(row);
	free(pool);
	s->keys = NULL;
	return false;
}

/* Sort the visible index by sort_col. Large tables keep each column's
 * keys as integers (col_keys_build) and radix sort; small ones compute
 * each row's key once (one cells call asking for that column only) and
 * merge sort. On out of memory the order is left as it was. */
static void sort_index(struct table *t)
{
	struct sort_ctx s = { 0 };
	uint32_t *tmp = NULL;
	uint32_t i;

	if (t->nvisible < 2)
		return;
	if (t->sort_col < 0 || (unsigned)t->sort_col >= t->ncols) {
		/* the view's own order, reversed with S */
		if (t->sort_desc)
			for (i = 0; i < t->nvisible / 2; i++) {
				uint32_t x = t->index[i];

				t->index[i] = t->index[t->nvisible - 1 - i];
				t->index[t->nvisible - 1 - i] = x;
			}
		return;
	}
	/* large tables: integer keys kept per column, radix sorted */
	if (t->nrows >= MATCH_CACHE_MIN_ROWS &&
	    (t->col_key[t->sort_col] || col_keys_build(t, (unsigned)t->sort_col)) &&
	    radix_sort_index(t, (unsigned)t->sort_col))
		return;
	tmp = malloc(t->nvisible * sizeof(*tmp));
	if (tmp && column_keys(t, t->nvisible, t->index, &s)) {
		s.desc = t->sort_desc;
		merge_sort(&s, t->index, tmp, t->nvisible);
	}
	free(tmp);
	free((void *)s.keys);
	free((void *)s.pool);
}

/* strcmp of two cells in the search text, where '\x1f' ends a cell. */
static int cell_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = *a == '\x1f' ? 0 : (unsigned char)*a;
		unsigned char y = *b == '\x1f' ? 0 : (unsigned char)*b;

		if (x != y)
			return x < y ? -1 : 1;
		if (!x)
			return 0;
	}
}

/* The text column whose rank idle time should compute next, or -1. */
static int idle_text_col(const struct table *t)
{
	unsigned c;

	if (!t->match_ready)
		return -1;
	for (c = 0; c < t->ncols && c < TABLE_MAX_COLS; c++)
		if (t->pass_cell[c] && !t->col_key[c])
			return (int)c;
	return -1;
}

/* Idle time (no key waiting): first the search text, `rows` rows a slice,
 * then each text column's rank, one bottom-up merge pass a slice (the
 * same order col_keys_build gives), so the first search, filter or sort
 * on a large table finds its work done. */
bool table_idle_pending(const struct table *t)
{
	if (!t->cells || t->nrows < MATCH_CACHE_MIN_ROWS || t->match_refused)
		return false;
	return !t->match_ready || idle_text_col(t) >= 0;
}

/* Merge the run pair starting at t->rank_pair of width w from src into
 * dst, resuming where the last slice stopped; at most budget elements.
 * True when the pair is done. */
static bool merge_pair(struct table *t, const uint32_t *at, const uint32_t *src,
		       uint32_t *dst, uint32_t w, uint32_t *budget)
{
	uint32_t n = t->nrows, i = t->rank_pair;
	uint32_t mid = i + w < n ? i + w : n, hi = i + 2 * w < n ? i + 2 * w : n;
	uint32_t a = t->rank_in_pair ? t->rank_a : i, b = t->rank_in_pair ? t->rank_b : mid;
	uint32_t k = t->rank_in_pair ? t->rank_k : i;

	while (*budget && a < mid && b < hi) {
		dst[k++] = cell_cmp(t->match_text + at[src[b]],
				    t->match_text + at[src[a]]) < 0 ? src[b++] : src[a++];
		(*budget)--;
	}
	while (*budget && a < mid) {
		dst[k++] = src[a++];
		(*budget)--;
	}
	while (*budget && b < hi) {
		dst[k++] = src[b++];
		(*budget)--;
	}
	t->rank_in_pair = k < hi;
	t->rank_a = a;
	t->rank_b = b;
	t->rank_k = k;
	return !t->rank_in_pair;
}

static void rank_done(struct table *t, unsigned col)
{
	t->col_key[col] = t->rank_key;
	t->rank_key = NULL;
	free(t->pass_cell[col]);
	t->pass_cell[col] = NULL;
	free(t->rank_order);
	free(t->rank_tmp);
	t->rank_order = t->rank_tmp = NULL;
	t->rank_col = -1;
}

/* One slice of ranking text column col: bottom-up merge passes of the
 * row order by the column's text, then ranks in that order (equal texts,
 * equal ranks); at most RANK_SLICE elements moved or ranked, so a slice
 * takes the same short time however large the table. */
static void idle_rank_step(struct table *t, unsigned col)
{
	const uint32_t *at = t->pass_cell[col];
	uint32_t n = t->nrows, i, *x, budget = RANK_SLICE;

	if (t->rank_col != (int)col) {
		free(t->rank_order);
		free(t->rank_tmp);
		free(t->rank_key);
		t->rank_order = malloc((size_t)n * sizeof(uint32_t));
		t->rank_tmp = malloc((size_t)n * sizeof(uint32_t));
		t->rank_key = malloc((size_t)n * sizeof(*t->rank_key));
		if (!t->rank_order || !t->rank_tmp || !t->rank_key) {
			free(t->pass_cell[col]);   /* give up: sorting builds it */
			t->pass_cell[col] = NULL;
			free(t->rank_key);
			t->rank_key = NULL;
			return;
		}
		for (i = 0; i < n; i++)
			t->rank_order[i] = i;
		t->rank_width = 1;
		t->rank_pair = 0;
		t->rank_in_pair = false;
		t->rank_next = 0;
		t->rank_col = (int)col;
	}
	while (budget && t->rank_width < n) {
		uint32_t w = t->rank_width;

		if (!merge_pair(t, at, t->rank_order, t->rank_tmp, w, &budget))
			return;   /* the budget ran out inside the pair */
		t->rank_pair += 2 * w;
		if (t->rank_pair < n)
			continue;
		/* the pass is done: its output is the next pass's input */
		x = t->rank_order;
		t->rank_order = t->rank_tmp;
		t->rank_tmp = x;
		t->rank_width = w > n / 2 ? n : w * 2;
		t->rank_pair = 0;
	}
	/* sorted: equal texts, equal ranks (rank_pair counts rows ranked) */
	for (i = t->rank_pair; budget && i < n; i++, budget--) {
		if (i > 0 && cell_cmp(t->match_text + at[t->rank_order[i - 1]],
				      t->match_text + at[t->rank_order[i]]) != 0)
			t->rank_next++;
		t->rank_key[t->rank_order[i]] = t->rank_next;
	}
	t->rank_pair = i;
	if (i == n && t->rank_width >= n)
		rank_done(t, col);
}

void table_idle_step(struct table *t, uint32_t rows)
{
	int col;

	if (!table_idle_pending(t))
		return;
	if (!t->match_ready) {
		match_cache_step(t, rows ? rows : 1);
		return;
	}
	col = idle_text_col(t);
	if (col >= 0)
		idle_rank_step(t, (unsigned)col);
}

/* Rebuild the visible index: the view's order, filtered, then sorted. */
static void rebuild(struct table *t)
{
	struct table_row *row = NULL;
	char lower[TABLE_TEXT_MAX];
	uint32_t r;

	t->nvisible = 0;
	if (t->filter[0]) {
		row = malloc(sizeof(*row));
		if (!row) {
			t->failed = true;
			return;
		}
		fold_copy(lower, t->filter);
		match_cache_build(t);
	}
	for (r = 0; r < t->nrows; r++)
		if (!row || row_matches(t, r, t->filter, lower, row))
			t->index[t->nvisible++] = r;
	free(row);
	sort_index(t);
}

/* Rebuild, keeping the selected view row under the cursor if still shown. */
static void rebuild_keep(struct table *t)
{
	uint32_t sel = table_selected(t);
	uint32_t i;

	rebuild(t);
	/* the old window means nothing in the new order: from the top, so the
	 * first rows show whenever the selection is among them */
	t->pos.top = 0;
	if (sel != UINT32_MAX)
		for (i = 0; i < t->nvisible; i++)
			if (t->index[i] == sel) {
				t->pos.cursor = i;
				return;
			}
	if (t->pos.cursor >= t->nvisible)
		t->pos.cursor = t->nvisible ? t->nvisible - 1 : 0;
}

/* A fresh row set from the view. Sort and filter are re-applied; the
 * cursor goes back to the same view row when it is still there. */
bool table_load(struct table *t, const struct table_column *cols, unsigned ncols,
		uint32_t nrows, table_cells_fn cells, void *ctx)
{
	uint32_t sel = table_selected(t);
	uint32_t i;

	match_cache_free(t);    /* the rows may say something else now */
	t->cols = cols;
	t->ncols = ncols > TABLE_MAX_COLS ? TABLE_MAX_COLS : ncols;
	t->cells = cells;
	t->ctx = ctx;
	if (t->sort_col >= (int)t->ncols)
		t->sort_col = -1;
	if (nrows > t->cap) {
		uint32_t *n = realloc(t->index, (size_t)nrows * sizeof(*n));

		if (!n) {
			t->nrows = t->nvisible = 0;
			t->failed = true;
			return false;
		}
		t->index = n;
		t->cap = nrows;
	}
	t->nrows = nrows;
	t->failed = false;
	rebuild(t);
	t->pos.cursor = 0;
	if (sel != UINT32_MAX)
		for (i = 0; i < t->nvisible; i++)
			if (t->index[i] == sel) {
				t->pos.cursor = i;
				break;
			}
	return true;
}

/* Re-sort keeping the selected row under the cursor. */
void table_sort(struct table *t, int col, bool desc)
{
	t->sort_col = col < (int)t->ncols ? col : -1;
	t->sort_desc = desc;
	rebuild_keep(t);
}

void table_sort_after(const struct table *t, int col, int *next, bool *desc)
{
	*next = col + 1;
	if (*next >= (int)t->ncols)
		*next = -1;
	/* numbers read best largest first, names from A; after the last
	 * column, the view's own order */
	*desc = *next >= 0 && t->cols[*next].numeric;
}

void table_sort_next(struct table *t)
{
	int col;
	bool desc;

	table_sort_after(t, t->sort_col, &col, &desc);
	table_sort(t, col, desc);
}

void table_sort_reverse(struct table *t)
{
	table_sort(t, t->sort_col, !t->sort_desc);
}

/* Set the filter text and rebuild the visible rows from scratch. */
void table_set_filter(struct table *t, const char *text)
{
	strncpy(t->filter, text ? text : "", sizeof(t->filter) - 1);
	t->filter[sizeof(t->filter) - 1] = '\0';
	rebuild_keep(t);
}

/* Linear scan from `from`, wrapping; each row is formatted once. */
int64_t table_search(struct table *t, const char *text, uint32_t from, int dir)
{
	struct table_row *row;
	char lower[TABLE_TEXT_MAX];
	uint32_t i, pos;
	int64_t found = -1;

	if (t->nvisible == 0 || !text[0] || strlen(text) >= sizeof(lower))
		return -1;
	row = malloc(sizeof(*row));
	if (!row)
		return -1;
	fold_copy(lower, text);
	match_cache_build(t);
	if (from >= t->nvisible)
		from = 0;
	for (i = 0; i < t->nvisible; i++) {
		if (dir >= 0)
			pos = (from + i) % t->nvisible;
		else
			pos = (from + t->nvisible - i % t->nvisible) % t->nvisible;
		if (row_matches(t, t->index[pos], text, lower, row)) {
			found = pos;
			break;
		}
	}
	free(row);
	return found;
}

/* Find view row `row` among the visible ones and move there. */
bool table_select_row(struct table *t, uint32_t row, uint32_t height)
{
	uint32_t i;

	for (i = 0; i < t->nvisible; i++)
		if (t->index[i] == row) {
			nav_goto(&t->pos, i, t->nvisible, height);
			return true;
		}
	return false;
}

/* ---- layout and text fitting ------------------------------------------- */

void table_layout(const struct table *t, int width, int x[], int w[])
{
	int fixed = 0, flex = -1, pos = 0;
	unsigned c;

	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].width == 0 && flex < 0)
			flex = (int)c;
		else
			fixed += t->cols[c].width ? t->cols[c].width : 8;
		if (c > 0)
			fixed += 1;
	}
	for (c = 0; c < t->ncols; c++) {
		int want = t->cols[c].width ? t->cols[c].width : 8;

		if ((int)c == flex) {
			want = width - fixed;
			if (want < 8)
				want = 8;
		}
		if (pos >= width) {
			x[c] = width;
			w[c] = 0;
			continue;
		}
		if (pos + want > width)
			want = width - pos;
		x[c] = pos;
		w[c] = want;
		pos += want + 1;
	}
}

/* Decode one UTF-8 sequence: its length in bytes (1 for invalid bytes) and
 * display width. */
static int utf8_step(const char *s, int *cols)
{
	const unsigned char *u = (const unsigned char *)s;
	wchar_t wc;
	int len, i, wcw;

	if (u[0] < 0x80) {
		*cols = 1;
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		wc = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		wc = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		wc = u[0] & 0x07;
	} else {
		*cols = 1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cols = 1;
			return 1;
		}
		wc = (wc << 6) | (u[i] & 0x3f);
	}
	wcw = wcwidth(wc);
	*cols = wcw < 0 ? 1 : wcw;
	return len;
}

/* Sum of display widths, decoding UTF-8 as it goes. */
int table_text_width(const char *text)
{
	int w = 0, c;

	while (*text) {
		text += utf8_step(text, &c);
		w += c;
	}
	return w;
}

/* Pads or cuts to exactly width columns, never splitting a UTF-8 sequence. */
int table_fit(const char *text, int width, enum table_align align,
	      const char *ellipsis, bool ascii, char *out, size_t outlen)
{
	int tw = table_text_width(text);
	int room = tw > width ? width - 1 : width;   /* keep one for the ellipsis */
	int used = 0, pad = 0, c, i;
	size_t o = 0;

	if (outlen == 0)
		return 0;
	if (width <= 0) {
		out[0] = '\0';
		return 0;
	}
	if (tw < width && align == TABLE_RIGHT)
		pad = width - tw;
	for (i = 0; i < pad && o + 1 < outlen; i++)
		out[o++] = ' ';
	while (*text) {
		int len = utf8_step(text, &c);

		if (used + c > room || o + (size_t)len + 1 >= outlen)
			break;
		if (ascii && (unsigned char)*text >= 0x80) {
			out[o++] = '?';
			c = 1;
		} else {
			memcpy(out + o, text, (size_t)len);
			o += (size_t)len;
		}
		used += c;
		text += len;
	}
	if (tw > width) {
		size_t el = strlen(ellipsis);

		if (o + el + 1 < outlen) {
			memcpy(out + o, ellipsis, el);
			o += el;
			used++;
		}
	}
	while (pad + used < width && o + 1 < outlen) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return pad + used;
}

/* ---- navigation --------------------------------------------------------- */

void nav_clamp(struct nav_pos *p, uint32_t n, uint32_t height)
{
	if (height == 0)
		height = 1;
	if (n == 0) {
		p->cursor = p->top = 0;
		return;
	}
	if (p->cursor >= n)
		p->cursor = n - 1;
	if (p->top > p->cursor)
		p->top = p->cursor;
	if (p->cursor >= p->top + height)
		p->top = p->cursor - height + 1;
	/* no empty space below the last row when the table could fill it */
	if (n >= height && p->top > n - height)
		p->top = n - height;
	if (n < height)
		p->top = 0;
}

/* Line and page moves. A page move shifts the window by the same amount
 * (less/htop behaviour); a line move scrolls only when the cursor leaves it. */
void nav_move(struct nav_pos *p, int64_t delta, uint32_t n, uint32_t height)
{
	int64_t c = (int64_t)p->cursor + delta;

	if (c < 0)
		c = 0;
	if (n == 0)
		c = 0;
	else if (c >= (int64_t)n)
		c = n - 1;
	/* a page move scrolls the window with the cursor, like less */
	if (delta >= (int64_t)height || -delta >= (int64_t)height) {
		int64_t top = (int64_t)p->top + delta;

		p->top = top < 0 ? 0 : (uint32_t)top;
	}
	p->cursor = (uint32_t)c;
	nav_clamp(p, n, height);
}

void nav_first(struct nav_pos *p)
{
	p->cursor = p->top = 0;
}

void nav_last(struct nav_pos *p, uint32_t n, uint32_t height)
{
	p->cursor = n ? n - 1 : 0;
	nav_clamp(p, n, height);
}

void nav_goto(struct nav_pos *p, uint32_t pos, uint32_t n, uint32_t height)
{
	p->cursor = pos;
	nav_clamp(p, n, height);
}
