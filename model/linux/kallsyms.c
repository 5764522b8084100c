/* model/linux/kallsyms.c — the kernel's own symbol table read out of the
 * dump, so no System.map is needed: VMCOREINFO names kallsyms_names,
 * kallsyms_token_table/_index, kallsyms_offsets, kallsyms_relative_base
 * and kallsyms_num_syms (since Linux 6.0 for the first ones).
 *
 * Each name is a length byte (two bytes when the high bit is set, 6.1+)
 * followed by token indexes; the tokens' text concatenated is the type
 * letter and then the name. Addresses are base-relative with absolute
 * per-CPU symbols (x86-64): offset >= 0 is absolute, otherwise the address
 * is relative_base - 1 - offset.
 */
#include <stdlib.h>
#include <string.h>

#include "lx.h"

#define LX_KALLSYMS_MAX_SYMS  (1u << 21)
#define LX_KALLSYMS_MAX_NAMES (32u << 20)
#define LX_KALLSYMS_NAME_MAX  512u

static int cmp_name(const void *a, const void *b)
{
	const struct lx_ksym *x = a, *y = b;
	return strcmp(x->name, y->name);
}

struct kallsyms_raw {
	uint8_t *names;        /* [kallsyms_names, kallsyms_token_table) */
	size_t names_len;
	char *tokens;          /* [token_table, token_index) + NUL */
	size_t tokens_len;
	uint16_t index[256];
	int32_t *offsets;
	uint32_t num;
	uint64_t base;
};

static enum ls_status read_raw(struct dump *d, const struct lx_vmcoreinfo *v,
			       struct kallsyms_raw *r, struct ls_err *err)
{
	uint64_t names, tokens, tindex, offsets, nsyms, base;

	if (!lx_vmci_num(v, "SYMBOL(kallsyms_names)", 16, &names) ||
	    !lx_vmci_num(v, "SYMBOL(kallsyms_token_table)", 16, &tokens) ||
	    !lx_vmci_num(v, "SYMBOL(kallsyms_token_index)", 16, &tindex) ||
	    !lx_vmci_num(v, "SYMBOL(kallsyms_offsets)", 16, &offsets) ||
	    !lx_vmci_num(v, "SYMBOL(kallsyms_num_syms)", 16, &nsyms) ||
	    !lx_vmci_num(v, "SYMBOL(kallsyms_relative_base)", 16, &base))
		return ls_err_set(err, LS_ERR_NOTFOUND,
				  "VMCOREINFO does not locate kallsyms");
	if (tokens <= names || tokens - names > LX_KALLSYMS_MAX_NAMES ||
	    tindex <= tokens || tindex - tokens > 65536)
		return ls_err_set(err, LS_ERR_CORRUPT, "kallsyms tables out of order");
	if (dump_read_kv(d, nsyms, &r->num, 4, "kallsyms_num_syms", err) != LS_OK ||
	    dump_read_kv(d, base, &r->base, 8, "kallsyms_relative_base", err) != LS_OK ||
	    dump_read_kv(d, tindex, r->index, sizeof(r->index),
			 "kallsyms_token_index", err) != LS_OK)
		return err ? err->code : LS_ERR_NODATA;
	if (r->num == 0 || r->num > LX_KALLSYMS_MAX_SYMS)
		return ls_err_set(err, LS_ERR_CORRUPT, "kallsyms_num_syms %u", r->num);
	r->names_len = tokens - names;
	r->tokens_len = tindex - tokens;
	r->names = malloc(r->names_len);
	r->tokens = malloc(r->tokens_len + 1);
	r->offsets = malloc(4ull * r->num);
	if (!r->names || !r->tokens || !r->offsets)
		return ls_err_set(err, LS_ERR_NOMEM, "kallsyms: out of memory");
	if (dump_read_kv(d, names, r->names, r->names_len, "kallsyms_names", err) != LS_OK ||
	    dump_read_kv(d, tokens, r->tokens, r->tokens_len, "kallsyms_token_table",
			 err) != LS_OK ||
	    dump_read_kv(d, offsets, r->offsets, 4ull * r->num, "kallsyms_offsets",
			 err) != LS_OK)
		return err ? err->code : LS_ERR_NODATA;
	r->tokens[r->tokens_len] = '\0';
	return LS_OK;
}

/* Expand the symbol at *off into out ("Tname"); advances *off. */
static bool expand(const struct kallsyms_raw *r, size_t *off, char *out,
		   size_t outlen)
{
	size_t len, i, pos = 0;

	if (*off >= r->names_len)
		return false;
	len = r->names[(*off)++];
	if (len & 0x80) {
		if (*off >= r->names_len)
			return false;
		len = (len & 0x7f) | ((size_t)r->names[(*off)++] << 7);
	}
	if (len == 0 || *off + len > r->names_len)
		return false;
	for (i = 0; i < len; i++) {
		uint16_t t = r->index[r->names[*off + i]];
		const char *tok;

		if (t >= r->tokens_len)
			return false;
		for (tok = r->tokens + t; *tok && pos + 1 < outlen; tok++)
			out[pos++] = *tok;
	}
	out[pos] = '\0';
	*off += len;
	return pos >= 2;
}

enum ls_status lx_ksyms_from_kallsyms(struct dump *d,
				      const struct lx_vmcoreinfo *v,
				      struct lx_ksyms *k, struct ls_err *err)
{
	struct kallsyms_raw r = { 0 };
	enum ls_status st;
	size_t off = 0, used = 0, cap;
	uint32_t i;

	memset(k, 0, sizeof(*k));
	st = read_raw(d, v, &r, err);
	if (st != LS_OK)
		goto out;
	/* names are never longer expanded than the token bytes allow; keep
	 * the store bounded anyway */
	cap = r.names_len * 4 + r.num * 2;
	if (cap > (256u << 20))
		cap = 256u << 20;
	k->syms = calloc(r.num, sizeof(*k->syms));
	k->strings = malloc(cap);
	if (!k->syms || !k->strings) {
		st = ls_err_set(err, LS_ERR_NOMEM, "kallsyms: out of memory");
		goto out;
	}
	for (i = 0; i < r.num; i++) {
		char buf[LX_KALLSYMS_NAME_MAX];
		size_t n;
		int32_t o = r.offsets[i];

		if (!expand(&r, &off, buf, sizeof(buf))) {
			st = ls_err_set(err, LS_ERR_CORRUPT,
					"kallsyms_names unreadable at symbol %u", i);
			goto out;
		}
		n = strlen(buf + 1);
		if (used + n + 1 > cap)
			break;
		memcpy(k->strings + used, buf + 1, n + 1);
		k->syms[k->n].name = k->strings + used;
		k->syms[k->n].type = buf[0];
		/* relative_base - 1 - o, o negative */
		k->syms[k->n].addr = o >= 0 ? (uint64_t)o
					    : r.base - 1 + (uint64_t)(-(int64_t)o);
		used += n + 1;
		k->n++;
	}
	qsort(k->syms, k->n, sizeof(*k->syms), cmp_name);
	st = LS_OK;
out:
	if (st != LS_OK)
		lx_ksyms_free(k);
	free(r.names);
	free(r.tokens);
	free(r.offsets);
	return st;
}
