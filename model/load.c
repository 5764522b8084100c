/* model/load.c — from an open dump to a finished model: pick the reader,
 * run it, add descriptions and user symbols, finish the indexes; in one
 * call or in two phases (first screen, then the rest). */
#include <stdio.h>
#include <stdlib.h>

#include "load.h"
#include "pooltags.h"
#include "symbols.h"
#include "linux/reader.h"
#include "win/reader.h"

/* What begin keeps for rest. */
struct load_pending {
	struct win_load *win;   /* NULL: the reader already read everything */
	const char *symfile;    /* --symfile, added with the rest */
};

void model_load_drop(struct load_pending *pending)
{
	if (!pending)
		return;
	win_read_drop(pending->win);
	free(pending);
}

enum ls_status model_load_begin(struct dump *d, const struct load_options *o,
				struct model **ret, struct load_pending **pending,
				struct ls_err *err)
{
	static const struct load_options none;
	struct load_pending *lp = NULL;
	struct model *m = NULL;
	enum ls_status st;
	struct ls_err e2;
	bool is_linux;

	ls_err_clear(err);
	*ret = NULL;
	*pending = NULL;
	if (!o)
		o = &none;
	/* a Linux VMCOREINFO names the kernel: the Linux reader */
	is_linux = linux_probe(d);
	if (!is_linux && !o->dtb && !win_probe(d)) {
		st = ls_err_set(err, LS_ERR_FORMAT,
				"no Windows kernel found in the dump (no self-mapping "
				"x64 page table), and no Linux VMCOREINFO");
		goto fail;
	}
	m = model_create();
	lp = calloc(1, sizeof(*lp));
	if (!m || !lp) {
		free(lp);
		model_destroy(m);
		return ls_err_set(err, LS_ERR_NOMEM, "model: out of memory");
	}
	lp->symfile = o->symfile;
	if (dump_info(d)->truncated_at)
		model_warn(m, "%s: what lies past the cut is missing",
			   dump_info(d)->truncated_why);
	st = is_linux ? linux_read(d, o, m, err) : win_read_begin(d, o, m, &lp->win, err);
	if (st != LS_OK)
		goto fail;
	ls_err_clear(&e2);
	if (pooltags_describe(m, o->pooltags, &e2) != LS_OK) {
		if (o->pooltags) {
			st = ls_err_set(err, e2.code, "%s", e2.msg);
			goto fail;
		}
		model_warn(m, "pool tag descriptions: %s", e2.msg);
	}
	/* the symfile is checked now (a bad one fails the load before any
	 * screen) but, for Windows, added with the modules it refers to */
	if (o->symfile && !lp->win) {
		st = model_load_symfile(m, o->symfile, err);
		if (st != LS_OK) {
			ls_err_prepend(err, "--symfile %s", o->symfile);
			goto fail;
		}
		lp->symfile = NULL;
	} else if (o->symfile) {
		FILE *f = fopen(o->symfile, "r");

		if (!f) {
			st = ls_err_set(err, LS_ERR_SYSTEM, "--symfile %s: cannot open it",
					o->symfile);
			goto fail;
		}
		fclose(f);
	}
	st = model_finish(m, err);
	if (st != LS_OK)
		goto fail;
	m->loading = lp->win != NULL;
	*ret = m;
	*pending = lp;
	return LS_OK;
fail:
	/* on a cut dump, say so first: it is the likely cause */
	if (dump_info(d)->truncated_at)
		ls_err_prepend(err, "%s", dump_info(d)->truncated_why);
	model_load_drop(lp);
	model_destroy(m);
	return st;
}

enum ls_status model_load_rest(struct model *m, struct load_pending *pending,
			       struct ls_err *err)
{
	enum ls_status st = LS_OK, sym = LS_OK;
	struct ls_err e2;

	ls_err_clear(err);
	if (!pending)
		return LS_OK;
	if (pending->win) {
		win_read_rest(pending->win);
		pending->win = NULL;   /* freed by win_read_rest */
		ls_err_clear(&e2);
		if (pending->symfile) {
			sym = model_load_symfile(m, pending->symfile, &e2);
			if (sym != LS_OK)
				ls_err_prepend(&e2, "--symfile %s", pending->symfile);
		}
		st = model_finish(m, err);
		/* a bad symbol file: the model is whole, the error is reported */
		if (st == LS_OK && sym != LS_OK) {
			st = sym;
			*err = e2;
		}
	}
	m->loading = false;
	model_load_drop(pending);
	return st;
}

enum ls_status model_load(struct dump *d, const struct load_options *o,
			  struct model **ret, struct ls_err *err)
{
	struct load_pending *lp;
	enum ls_status st = model_load_begin(d, o, ret, &lp, err);

	if (st != LS_OK)
		return st;
	st = model_load_rest(*ret, lp, err);
	if (st != LS_OK) {
		model_destroy(*ret);
		*ret = NULL;
	}
	return st;
}
