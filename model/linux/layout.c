/* model/linux/layout.c — resolve the Linux layout lists from BTF. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

#include "layout.h"

enum ls_status lx_btf_from_file(const char *path, struct btf **ret,
				struct ls_err *err)
{
	struct btf *btf = btf__parse_raw(path);

	if (!btf)
		return ls_err_set(err, LS_ERR_FORMAT,
				  "%s: not raw BTF libbpf can read (%s)", path,
				  strerror(errno));
	*ret = btf;
	return LS_OK;
}

enum ls_status lx_btf_from_buf(const void *buf, size_t len, struct btf **ret,
			       struct ls_err *err)
{
	struct btf *btf;

	if (len < 24 || len > UINT32_MAX)
		return ls_err_set(err, LS_ERR_FORMAT, "BTF of %zu bytes", len);
	btf = btf__new(buf, (uint32_t)len);
	if (!btf)
		return ls_err_set(err, LS_ERR_FORMAT,
				  "BTF in the dump is not valid (%s)",
				  strerror(errno));
	*ret = btf;
	return LS_OK;
}

void lx_btf_free(struct btf *btf)
{
	btf__free(btf);
}

/* Strip typedefs and qualifiers, and arrays down to their element;
 * returns the type id. */
static int32_t skip_mods(const struct btf *btf, int32_t id)
{
	int guard = 0;

	while (id > 0 && guard++ < 32) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (!t)
			return -1;
		if (btf_is_array(t)) {
			id = (int32_t)btf_array(t)->type;
			continue;
		}
		if (!btf_is_typedef(t) && !btf_is_const(t) &&
		    !btf_is_volatile(t) && !btf_is_restrict(t) &&
		    !btf_is_type_tag(t))
			return id;
		id = (int32_t)t->type;
	}
	return id;
}

/* Find member name in composite type id, searching anonymous members.
 * On success sets *bitpos (from the start of id), *member_type and the
 * bitfield size. */
static bool find_member(const struct btf *btf, int32_t id, const char *name,
			size_t namelen, uint64_t *bitpos, int32_t *member_type,
			uint32_t *bitsize, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m;
	int i, n;

	if (!t || !btf_is_composite(t) || depth > 8)
		return false;
	m = btf_members(t);
	n = btf_vlen(t);
	for (i = 0; i < n; i++, m++) {
		const char *mn = btf__name_by_offset(btf, m->name_off);
		uint64_t off = btf_member_bit_offset(t, (uint32_t)i);

		if (mn && *mn) {
			if (strlen(mn) == namelen && !memcmp(mn, name, namelen)) {
				*bitpos = off;
				*member_type = (int32_t)m->type;
				*bitsize = btf_member_bitfield_size(t, (uint32_t)i);
				return true;
			}
			continue;
		}
		/* anonymous union/struct: look inside */
		int32_t sub = skip_mods(btf, (int32_t)m->type);
		uint64_t inner;
		if (sub > 0 && find_member(btf, sub, name, namelen, &inner,
					   member_type, bitsize, depth + 1)) {
			*bitpos = off + inner;
			return true;
		}
	}
	return false;
}

static int32_t find_struct(const struct btf *btf, const char *name, size_t len)
{
	char buf[96];
	int32_t id;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	id = btf__find_by_name_kind(btf, buf, BTF_KIND_STRUCT);
	if (id < 0)
		id = btf__find_by_name_kind(btf, buf, BTF_KIND_UNION);
	return id;
}

/* Resolve one alternative "struct.m1.m2" (no '|'). */
static bool resolve_one(const struct btf *btf, const char *path, size_t len,
			struct lx_field *f)
{
	const char *dot = memchr(path, '.', len), *end = path + len, *p;
	uint64_t bitpos = 0;
	uint32_t bitsize = 0;
	int32_t id;

	if (!dot)
		return false;
	id = find_struct(btf, path, (size_t)(dot - path));
	if (id < 0)
		return false;
	for (p = dot + 1; p < end;) {
		const char *q = memchr(p, '.', (size_t)(end - p));
		size_t n = (size_t)((q ? q : end) - p);
		uint64_t inner;
		int32_t mtype;

		id = skip_mods(btf, id);
		if (id <= 0 || !find_member(btf, id, p, n, &inner, &mtype,
					    &bitsize, 0))
			return false;
		bitpos += inner;
		id = mtype;
		p = q ? q + 1 : end;
	}
	if (bitsize) {
		f->off = (int32_t)(bitpos / 8);
		f->bit_off = (uint16_t)(bitpos % 8);
		f->bit_size = (uint16_t)bitsize;
		f->size = (bitsize + f->bit_off + 7) / 8;
	} else {
		int64_t sz = btf__resolve_size(btf, (uint32_t)id);
		if (bitpos % 8)
			return false;
		f->off = (int32_t)(bitpos / 8);
		f->size = sz > 0 ? (uint32_t)sz : 0;
		f->bit_off = f->bit_size = 0;
	}
	return true;
}

static bool resolve_field(const struct btf *btf, const char *path,
			  struct lx_field *f)
{
	const char *alt = path, *bar;
	char strct[96];
	size_t slen;

	/* "task_struct.__state|state": the struct of the first
	 * alternative applies to the following ones */
	slen = strcspn(path, ".");
	if (slen >= sizeof(strct))
		return false;
	memcpy(strct, path, slen);
	strct[slen] = '\0';
	do {
		char buf[160];
		size_t n;

		bar = strchr(alt, '|');
		n = bar ? (size_t)(bar - alt) : strlen(alt);
		if (alt == path || memchr(alt, '.', n))
			snprintf(buf, sizeof(buf), "%.*s", (int)n, alt);
		else
			snprintf(buf, sizeof(buf), "%s.%.*s", strct, (int)n, alt);
		if (resolve_one(btf, buf, strlen(buf), f))
			return true;
		alt = bar ? bar + 1 : NULL;
	} while (alt);
	f->off = -1;
	f->size = 0;
	f->bit_off = f->bit_size = 0;
	return false;
}

/* The value of an enumerator named name in any enum of the BTF. */
static bool find_enumerator(const struct btf *btf, const char *name,
			    int64_t *ret)
{
	uint32_t n = btf__type_cnt(btf), id;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		int i, vlen;

		if (!t)
			continue;
		vlen = btf_vlen(t);
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t);
			for (i = 0; i < vlen; i++)
				if (!strcmp(btf__name_by_offset(btf, e[i].name_off), name)) {
					*ret = e[i].val;
					return true;
				}
		} else if (btf_is_enum64(t)) {
			const struct btf_enum64 *e = btf_enum64(t);
			for (i = 0; i < vlen; i++)
				if (!strcmp(btf__name_by_offset(btf, e[i].name_off), name)) {
					*ret = (int64_t)btf_enum64_value(&e[i]);
					return true;
				}
		}
	}
	return false;
}

/* Append name to the missing list (bounded). */
static void note_missing(char *buf, size_t len, const char *name)
{
	size_t used = strlen(buf);

	if (used + strlen(name) + 3 >= len)
		return;
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
}

enum ls_status lx_layout_resolve(const struct btf *btf, struct lx_layout *l,
				 struct ls_err *err)
{
	char missing[400] = "";
	uint32_t task_end = 0;

	memset(l, 0, sizeof(*l));
#define LX_RESOLVE_FIELD(m, path, req)                                        \
	if (!resolve_field(btf, path, &l->m) && (req))                        \
		note_missing(missing, sizeof(missing), path);                 \
	if (l->m.off >= 0 && !strncmp(path, "task_struct.", 12) &&            \
	    (uint32_t)l->m.off + l->m.size + 8 > task_end)                    \
		task_end = (uint32_t)l->m.off + l->m.size + 8;
	LX_FIELD_LIST(LX_RESOLVE_FIELD)
#undef LX_RESOLVE_FIELD

#define LX_RESOLVE_SIZE(m, name, req)                                         \
	{                                                                     \
		int32_t id = find_struct(btf, name, strlen(name));            \
		l->size.m = id > 0 ? btf__resolve_size(btf, (uint32_t)id) : -1; \
		if (l->size.m < 0 && (req))                                   \
			note_missing(missing, sizeof(missing), "struct " name); \
	}
	LX_SIZE_LIST(LX_RESOLVE_SIZE)
#undef LX_RESOLVE_SIZE

#define LX_RESOLVE_ENUM(m, name, req)                                         \
	if (!find_enumerator(btf, name, &l->enums.m)) {                       \
		l->enums.m = -1;                                              \
		if (req)                                                      \
			note_missing(missing, sizeof(missing), name);         \
	}
	LX_ENUM_LIST(LX_RESOLVE_ENUM)
#undef LX_RESOLVE_ENUM

	l->task_read_len = task_end;
	if (missing[0])
		return ls_err_set(err, LS_ERR_FORMAT,
				  "BTF lacks what the Linux reader needs: %s",
				  missing);
	return LS_OK;
}

uint64_t lx_get(const void *buf, size_t len, const struct lx_field *f)
{
	const unsigned char *p = buf;
	uint64_t v = 0;
	size_t n, i;

	if (f->off < 0 || (size_t)f->off >= len)
		return 0;
	n = f->bit_size ? 8 : f->size;
	if (n > 8)
		n = 8;
	if ((size_t)f->off + n > len)
		n = len - (size_t)f->off;
	for (i = 0; i < n; i++)
		v |= (uint64_t)p[f->off + i] << (8 * i);
	if (f->bit_size) {
		v >>= f->bit_off;
		if (f->bit_size < 64)
			v &= ((uint64_t)1 << f->bit_size) - 1;
	}
	return v;
}
