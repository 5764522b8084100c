/* model/load.c — from an open dump to a finished model: pick the reader,
 * run it, add descriptions and user symbols, finish the indexes. */
#include <stdio.h>

#include "load.h"
#include "pooltags.h"
#include "symbols.h"
#include "linux/reader.h"
#include "win/reader.h"

enum ls_status model_load(struct dump *d, const struct load_options *o,
			  struct model **ret, struct ls_err *err)
{
	static const struct load_options none;
	struct model *m;
	enum ls_status st;
	struct ls_err e2;
	bool is_linux;

	ls_err_clear(err);
	if (!o)
		o = &none;
	/* a Linux VMCOREINFO names the kernel: the Linux reader */
	is_linux = linux_probe(d);
	if (!is_linux && !o->dtb && !win_probe(d))
		return ls_err_set(err, LS_ERR_FORMAT,
				  "no Windows kernel found in the dump (no self-mapping "
				  "x64 page table), and no Linux VMCOREINFO");
	m = model_create();
	if (!m)
		return ls_err_set(err, LS_ERR_NOMEM, "model: out of memory");
	st = is_linux ? linux_read(d, o, m, err) : win_read(d, o, m, err);
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
	if (o->symfile) {
		st = model_load_symfile(m, o->symfile, err);
		if (st != LS_OK) {
			ls_err_prepend(err, "--symfile %s", o->symfile);
			goto fail;
		}
	}
	st = model_finish(m, err);
	if (st != LS_OK)
		goto fail;
	*ret = m;
	return LS_OK;
fail:
	model_destroy(m);
	return st;
}
