/* model/profile_isf.c — Volatility 3 ISF symbol tables: reading .json or
 * .json.xz, converting the JSON into compact indexed tables, and the
 * lookups on them.
 *
 * The JSON is parsed as it streams in (xz decoding and json-c tokenizing
 * chunk by chunk), then converted into flat arrays with hash indexes; the
 * json-c tree is freed before returning. The input is untrusted: every
 * number is range-checked, and any schema violation is one LS_ERR_FORMAT
 * error naming the file and the offending entry.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <lzma.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "profile_isf.h"

#define CHUNK_SIZE        (64 * 1024)
#define JSON_MAX_DEPTH    64
#define XZ_MEMLIMIT       (256ULL << 20)   /* decoder dictionary bound */
#define JSON_MAX_BYTES    (1ULL << 30)     /* decompressed JSON bound */
#define MAX_OFFSET        (1LL << 32)      /* struct offsets and sizes */
#define MAX_ARRAY_BYTES   (1LL << 40)

/* --- string arena and hash index --------------------------------------- */

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct arena_block *head;
};

static const char *arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	struct arena_block *b = a->head;

	if (!b || b->cap - b->used < n) {
		size_t cap = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	memcpy(b->data + b->used, s, n);
	b->used += n;
	return b->data + b->used - n;
}

static void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

/* Open addressing, linear probing: name -> index into a caller's array.
 * Keys are borrowed (they live in the arena). */
struct strmap {
	const char **keys;
	uint32_t *vals;
	size_t mask;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static bool strmap_init(struct strmap *m, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap <<= 1;
	m->keys = calloc(cap, sizeof(*m->keys));
	m->vals = calloc(cap, sizeof(*m->vals));
	m->mask = cap - 1;
	return m->keys && m->vals;
}

/* Returns false if the key is already present (first one wins). */
static bool strmap_put(struct strmap *m, const char *key, uint32_t val)
{
	size_t i = str_hash(key) & m->mask;

	while (m->keys[i]) {
		if (strcmp(m->keys[i], key) == 0)
			return false;
		i = (i + 1) & m->mask;
	}
	m->keys[i] = key;
	m->vals[i] = val;
	return true;
}

static bool strmap_get(const struct strmap *m, const char *key, uint32_t *ret)
{
	size_t i;

	if (!m->keys)
		return false;
	for (i = str_hash(key) & m->mask; m->keys[i]; i = (i + 1) & m->mask) {
		if (strcmp(m->keys[i], key) == 0) {
			*ret = m->vals[i];
			return true;
		}
	}
	return false;
}

static void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
}

/* --- the converted tables ---------------------------------------------- */

struct isf_field {
	const char *name;
	int64_t offset;
	int64_t size;            /* -1 unknown */
	int bit_position;        /* -1 unless a bitfield */
	int bit_length;
	int32_t inner;           /* user type index of a struct/union field, or -1 */
};

struct isf_type {
	const char *name;
	int64_t size;
	uint32_t first_field;    /* fields sorted by name */
	uint32_t nfields;
};

struct isf_symbol {
	const char *name;
	int64_t rva;
};

struct isf_const {
	const char *name;
	int64_t value;
};

struct isf_enum {
	const char *name;
	int64_t size;
	uint32_t first_const;
	uint32_t nconsts;
};

struct isf_base {
	const char *name;
	int64_t size;
};

struct isf_data {
	struct arena strings;
	struct isf_type *types;
	size_t ntypes;
	struct isf_field *fields;
	size_t nfields;
	struct isf_symbol *symbols;
	size_t nsymbols;
	struct isf_enum *enums;
	size_t nenums;
	struct isf_const *consts;
	size_t nconsts;
	struct isf_base *bases;
	size_t nbases;
	struct strmap type_index, symbol_index, enum_index, base_index;
	int64_t pointer_size;
};

void isf_data_free(struct isf_data *d)
{
	if (!d)
		return;
	arena_free(&d->strings);
	free(d->types);
	free(d->fields);
	free(d->symbols);
	free(d->enums);
	free(d->consts);
	free(d->bases);
	strmap_free(&d->type_index);
	strmap_free(&d->symbol_index);
	strmap_free(&d->enum_index);
	strmap_free(&d->base_index);
	free(d);
}

/* --- lookups ------------------------------------------------------------ */

static const struct isf_field *type_field(const struct isf_data *d,
					  const struct isf_type *t,
					  const char *name, size_t name_len)
{
	size_t lo = 0, hi = t->nfields;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct isf_field *f = &d->fields[t->first_field + mid];
		int c = strncmp(name, f->name, name_len);

		if (c == 0 && f->name[name_len] != '\0')
			c = -1;   /* name is a proper prefix of f->name */
		if (c == 0)
			return f;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool isf_field(const struct isf_data *d, const char *dotted,
	       struct profile_field *ret)
{
	char type_name[256];
	const char *dot = strchr(dotted, '.');
	const struct isf_field *f = NULL;
	const struct isf_type *t;
	int64_t offset = 0;
	uint32_t ti;

	if (!d || !dot || (size_t)(dot - dotted) >= sizeof(type_name))
		return false;
	memcpy(type_name, dotted, dot - dotted);
	type_name[dot - dotted] = '\0';
	if (!strmap_get(&d->type_index, type_name, &ti))
		return false;
	t = &d->types[ti];
	for (const char *part = dot + 1;; part = dot + 1) {
		dot = strchr(part, '.');
		f = type_field(d, t, part, dot ? (size_t)(dot - part) : strlen(part));
		if (!f)
			return false;
		offset += f->offset;
		if (!dot)
			break;
		if (f->inner < 0)
			return false;   /* only embedded structs are followed */
		t = &d->types[f->inner];
	}
	ret->offset = offset;
	ret->bit_position = f->bit_position;
	ret->bit_length = f->bit_length;
	ret->size = f->size;
	return true;
}

int64_t isf_sizeof(const struct isf_data *d, const char *type)
{
	uint32_t i;

	if (!d)
		return -1;
	if (strmap_get(&d->type_index, type, &i))
		return d->types[i].size;
	if (strmap_get(&d->base_index, type, &i))
		return d->bases[i].size;
	if (strmap_get(&d->enum_index, type, &i))
		return d->enums[i].size;
	return -1;
}

int64_t isf_symbol(const struct isf_data *d, const char *name)
{
	uint32_t i;

	return d && strmap_get(&d->symbol_index, name, &i) ? d->symbols[i].rva : -1;
}

bool isf_enum(const struct isf_data *d, const char *enum_name,
	      const char *constant, int64_t *ret)
{
	const struct isf_enum *e;
	uint32_t i;

	if (!d || !strmap_get(&d->enum_index, enum_name, &i))
		return false;
	e = &d->enums[i];
	for (uint32_t c = 0; c < e->nconsts; c++) {
		if (strcmp(d->consts[e->first_const + c].name, constant) == 0) {
			*ret = d->consts[e->first_const + c].value;
			return true;
		}
	}
	return false;
}

size_t isf_enum_count(const struct isf_data *d, const char *enum_name)
{
	uint32_t i;

	return d && strmap_get(&d->enum_index, enum_name, &i) ? d->enums[i].nconsts : 0;
}

const char *isf_enum_name(const struct isf_data *d, const char *enum_name,
			  int64_t value)
{
	const struct isf_enum *e;
	const char *best = NULL;
	uint32_t i;

	if (!d || !strmap_get(&d->enum_index, enum_name, &i))
		return NULL;
	e = &d->enums[i];
	for (uint32_t c = 0; c < e->nconsts; c++) {
		const struct isf_const *k = &d->consts[e->first_const + c];

		if (k->value == value && (!best || enum_name_preferred(k->name, best)))
			best = k->name;
	}
	return best;
}

/* --- JSON -> tables ------------------------------------------------------ */

/* Conversion context: the file name for messages and the output. */
struct conv {
	const char *file;
	struct isf_data *d;
	struct ls_err *err;
};

static enum ls_status bad(struct conv *c, const char *fmt, const char *what)
{
	return ls_err_set(c->err, LS_ERR_FORMAT, "%s: not a valid ISF file: %s%s",
			  c->file, fmt, what ? what : "");
}

static enum ls_status nomem(struct conv *c)
{
	return ls_err_set(c->err, LS_ERR_NOMEM, "%s: out of memory", c->file);
}

static json_object *member(json_object *o, const char *key, json_type type)
{
	json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, type))
		return NULL;
	return v;
}

/* An integer member within [lo, hi]. */
static bool int_member(json_object *o, const char *key, int64_t lo, int64_t hi,
		       int64_t *ret)
{
	json_object *v = member(o, key, json_type_int);
	int64_t x;

	if (!v)
		return false;
	errno = 0;
	x = json_object_get_int64(v);
	if (errno || x < lo || x > hi)
		return false;
	*ret = x;
	return true;
}

static int cmp_field(const void *a, const void *b)
{
	return strcmp(((const struct isf_field *)a)->name,
		      ((const struct isf_field *)b)->name);
}

static bool is_aggregate(const char *kind)
{
	return strcmp(kind, "struct") == 0 || strcmp(kind, "union") == 0 ||
	       strcmp(kind, "class") == 0;
}

/* Size in bytes of an ISF type descriptor, -1 if unknown; depth bounds the
 * recursion through array and bitfield subtypes. */
static int64_t type_size(const struct isf_data *d, json_object *t, int depth)
{
	json_object *kind = member(t, "kind", json_type_string);
	json_object *name = member(t, "name", json_type_string);
	const char *k;
	int64_t count, elem;
	uint32_t i;

	if (!kind || depth > 16)
		return -1;
	k = json_object_get_string(kind);
	if (strcmp(k, "pointer") == 0)
		return d->pointer_size;
	if (strcmp(k, "array") == 0) {
		if (!int_member(t, "count", 0, MAX_ARRAY_BYTES, &count))
			return -1;
		elem = type_size(d, member(t, "subtype", json_type_object), depth + 1);
		if (elem < 0 || (elem > 0 && count > MAX_ARRAY_BYTES / elem))
			return -1;
		return count * elem;
	}
	if (strcmp(k, "bitfield") == 0)
		return type_size(d, member(t, "type", json_type_object), depth + 1);
	if (!name)
		return -1;
	if (strcmp(k, "base") == 0 &&
	    strmap_get(&d->base_index, json_object_get_string(name), &i))
		return d->bases[i].size;
	if (is_aggregate(k) &&
	    strmap_get(&d->type_index, json_object_get_string(name), &i))
		return d->types[i].size;
	if (strcmp(k, "enum") == 0 &&
	    strmap_get(&d->enum_index, json_object_get_string(name), &i))
		return d->enums[i].size;
	return -1;   /* function, void or an unknown name */
}

static enum ls_status conv_field(struct conv *c, const char *type_name,
				 const char *name, json_object *fj,
				 struct isf_field *f)
{
	struct isf_data *d = c->d;
	json_object *t = member(fj, "type", json_type_object);
	json_object *kind = member(t, "kind", json_type_string);
	json_object *tname = member(t, "name", json_type_string);
	char what[300];
	int64_t pos, len;
	uint32_t i;

	snprintf(what, sizeof(what), "%s.%s", type_name, name);
	if (!int_member(fj, "offset", 0, MAX_OFFSET, &f->offset))
		return bad(c, "bad or missing offset of ", what);
	if (!kind)
		return bad(c, "bad or missing type of ", what);
	f->name = arena_strdup(&d->strings, name);
	if (!f->name)
		return nomem(c);
	f->size = type_size(d, t, 0);
	f->bit_position = -1;
	f->bit_length = 0;
	f->inner = -1;
	if (strcmp(json_object_get_string(kind), "bitfield") == 0) {
		if (!int_member(t, "bit_position", 0, 63, &pos) ||
		    !int_member(t, "bit_length", 1, 64, &len) || pos + len > 64)
			return bad(c, "bad bit position or length of ", what);
		f->bit_position = (int)pos;
		f->bit_length = (int)len;
	} else if (tname && is_aggregate(json_object_get_string(kind)) &&
		   strmap_get(&d->type_index, json_object_get_string(tname), &i)) {
		f->inner = (int32_t)i;   /* embedded: dotted names continue here */
	}
	return LS_OK;
}

/* Copy key into the string arena as *name and index it as record i. */
static bool name_record(struct isf_data *d, struct strmap *index, const char *key,
			uint32_t i, const char **name)
{
	*name = arena_strdup(&d->strings, key);
	if (!*name)
		return false;
	strmap_put(index, *name, i);
	return true;
}

/* First pass: name and size of every user type; second: their fields. */
static enum ls_status conv_user_types(struct conv *c, json_object *ut)
{
	struct isf_data *d = c->d;
	size_t n = json_object_object_length(ut), nf = 0, ti = 0;
	enum ls_status st;

	d->types = calloc(n ? n : 1, sizeof(*d->types));
	if (!d->types || !strmap_init(&d->type_index, n))
		return nomem(c);
	json_object_object_foreach(ut, key, val) {
		json_object *fields = member(val, "fields", json_type_object);
		struct isf_type *t = &d->types[ti];

		if (!fields || !int_member(val, "size", 0, MAX_OFFSET, &t->size))
			return bad(c, "bad size or fields of user type ", key);
		if (!name_record(d, &d->type_index, key, (uint32_t)ti, &t->name))
			return nomem(c);
		nf += json_object_object_length(fields);
		ti++;
	}
	d->ntypes = ti;
	if (nf > UINT32_MAX)
		return bad(c, "too many fields", NULL);
	d->fields = calloc(nf ? nf : 1, sizeof(*d->fields));
	if (!d->fields)
		return nomem(c);
	ti = 0;
	json_object_object_foreach(ut, tkey, tval) {
		struct isf_type *t = &d->types[ti++];

		t->first_field = (uint32_t)d->nfields;
		json_object_object_foreach(member(tval, "fields", json_type_object), fkey, fval) {
			st = conv_field(c, tkey, fkey, fval, &d->fields[d->nfields]);
			if (st != LS_OK)
				return st;
			d->nfields++;
		}
		t->nfields = (uint32_t)(d->nfields - t->first_field);
		qsort(&d->fields[t->first_field], t->nfields, sizeof(*d->fields),
		      cmp_field);
	}
	return LS_OK;
}

static enum ls_status conv_base_types(struct conv *c, json_object *bt)
{
	struct isf_data *d = c->d;
	size_t n = json_object_object_length(bt);

	d->bases = calloc(n ? n : 1, sizeof(*d->bases));
	if (!d->bases || !strmap_init(&d->base_index, n))
		return nomem(c);
	json_object_object_foreach(bt, key, val) {
		struct isf_base *b = &d->bases[d->nbases];

		if (!int_member(val, "size", 0, MAX_OFFSET, &b->size))
			return bad(c, "bad size of base type ", key);
		if (!name_record(d, &d->base_index, key, (uint32_t)d->nbases, &b->name))
			return nomem(c);
		d->nbases++;
	}
	d->pointer_size = isf_sizeof(d, "pointer");
	if (d->pointer_size <= 0)
		d->pointer_size = 8;   /* x64: the base type is optional */
	return LS_OK;
}

static enum ls_status conv_enums(struct conv *c, json_object *en)
{
	struct isf_data *d = c->d;
	size_t n = en ? json_object_object_length(en) : 0, nc = 0;

	d->enums = calloc(n ? n : 1, sizeof(*d->enums));
	if (!d->enums || !strmap_init(&d->enum_index, n))
		return nomem(c);
	if (!en)
		return LS_OK;
	json_object_object_foreach(en, key, val) {
		json_object *consts = member(val, "constants", json_type_object);

		if (!consts)
			return bad(c, "bad constants of enum ", key);
		nc += json_object_object_length(consts);
	}
	if (nc > UINT32_MAX)
		return bad(c, "too many enum constants", NULL);
	d->consts = calloc(nc ? nc : 1, sizeof(*d->consts));
	if (!d->consts)
		return nomem(c);
	json_object_object_foreach(en, ekey, eval) {
		struct isf_enum *e = &d->enums[d->nenums];

		if (!int_member(eval, "size", 0, 16, &e->size))
			return bad(c, "bad size of enum ", ekey);
		e->name = arena_strdup(&d->strings, ekey);
		if (!e->name)
			return nomem(c);
		e->first_const = (uint32_t)d->nconsts;
		json_object_object_foreach(member(eval, "constants", json_type_object),
					   ckey, cval) {
			struct isf_const *k = &d->consts[d->nconsts];

			if (!json_object_is_type(cval, json_type_int))
				return bad(c, "non-integer constant in enum ", ekey);
			k->value = json_object_get_int64(cval);
			k->name = arena_strdup(&d->strings, ckey);
			if (!k->name)
				return nomem(c);
			d->nconsts++;
		}
		e->nconsts = (uint32_t)(d->nconsts - e->first_const);
		strmap_put(&d->enum_index, e->name, (uint32_t)d->nenums++);
	}
	return LS_OK;
}

static enum ls_status conv_symbols(struct conv *c, json_object *sy)
{
	struct isf_data *d = c->d;
	size_t n = sy ? json_object_object_length(sy) : 0;

	d->symbols = calloc(n ? n : 1, sizeof(*d->symbols));
	if (!d->symbols || !strmap_init(&d->symbol_index, n))
		return nomem(c);
	if (!sy)
		return LS_OK;
	json_object_object_foreach(sy, key, val) {
		struct isf_symbol *s = &d->symbols[d->nsymbols];

		/* Windows ISF addresses are RVAs: non-negative. */
		if (!int_member(val, "address", 0, INT64_MAX, &s->rva))
			return bad(c, "bad address of symbol ", key);
		if (!name_record(d, &d->symbol_index, key, (uint32_t)d->nsymbols, &s->name))
			return nomem(c);
		d->nsymbols++;
	}
	return LS_OK;
}

/* metadata.windows.pdb: GUID (32 hex digits), age, database. Absent for
 * non-Windows ISF files: the profile then has an empty GUID. */
static enum ls_status conv_identity(struct conv *c, json_object *root,
				    struct profile *p)
{
	json_object *pdb = member(member(member(root, "metadata", json_type_object),
					 "windows", json_type_object),
				  "pdb", json_type_object);
	json_object *guid = member(pdb, "GUID", json_type_string);
	json_object *db = member(pdb, "database", json_type_string);
	const char *g;
	int64_t age;

	if (!pdb)
		return LS_OK;
	if (!guid || strlen(json_object_get_string(guid)) != 32)
		return bad(c, "metadata.windows.pdb.GUID is not 32 hex digits", NULL);
	g = json_object_get_string(guid);
	for (int i = 0; i < 32; i++) {
		if (!strchr("0123456789abcdefABCDEF", g[i]) || !g[i])
			return bad(c, "metadata.windows.pdb.GUID is not 32 hex digits", NULL);
		p->guid[i] = (g[i] >= 'a' && g[i] <= 'f') ? g[i] - 'a' + 'A' : g[i];
	}
	p->guid[32] = '\0';
	if (!int_member(pdb, "age", 0, UINT32_MAX, &age))
		return bad(c, "bad metadata.windows.pdb.age", NULL);
	p->age = (uint32_t)age;
	if (db) {
		p->pdb = arena_strdup(&c->d->strings, json_object_get_string(db));
		if (!p->pdb)
			return nomem(c);
	}
	return LS_OK;
}

static enum ls_status convert(struct conv *c, json_object *root,
			      struct profile *p)
{
	json_object *ut = member(root, "user_types", json_type_object);
	json_object *bt = member(root, "base_types", json_type_object);
	json_object *en = member(root, "enums", json_type_object);
	json_object *sy = member(root, "symbols", json_type_object);
	enum ls_status st;

	if (!json_object_is_type(root, json_type_object) ||
	    !member(root, "metadata", json_type_object) || !ut || !bt)
		return ls_err_set(c->err, LS_ERR_FORMAT,
				  "%s: not an ISF symbol table (no metadata, "
				  "base_types or user_types)", c->file);
	/* Order matters: field sizes need base types, enums and type sizes. */
	st = conv_base_types(c, bt);
	if (st == LS_OK)
		st = conv_enums(c, en);
	if (st == LS_OK)
		st = conv_user_types(c, ut);
	if (st == LS_OK)
		st = conv_symbols(c, sy);
	if (st == LS_OK)
		st = conv_identity(c, root, p);
	return st;
}

/* --- streaming input ---------------------------------------------------- */

/* Feeds chunks of JSON text to json-c and keeps the finished document. */
struct json_feed {
	json_tokener *tok;
	json_object *root;
	uint64_t total;
	const char *file;
	struct ls_err *err;
};

static bool only_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]) || !s[i])
			return false;
	return true;
}

static enum ls_status feed(struct json_feed *jf, const char *buf, size_t len)
{
	enum json_tokener_error e;
	json_object *o;

	jf->total += len;
	if (jf->total > JSON_MAX_BYTES)
		return ls_err_set(jf->err, LS_ERR_FORMAT,
				  "%s: JSON larger than %llu bytes", jf->file,
				  (unsigned long long)JSON_MAX_BYTES);
	while (len > 0) {
		int n = len > CHUNK_SIZE ? CHUNK_SIZE : (int)len;

		if (jf->root) {
			if (!only_space(buf, len))
				goto trailing;
			return LS_OK;
		}
		o = json_tokener_parse_ex(jf->tok, buf, n);
		e = json_tokener_get_error(jf->tok);
		if (o) {
			size_t end = json_tokener_get_parse_end(jf->tok);

			jf->root = o;
			if (!only_space(buf + end, n - end))
				goto trailing;
		} else if (e != json_tokener_continue) {
			return ls_err_set(jf->err, LS_ERR_FORMAT,
					  "%s: not JSON: %s near byte %llu", jf->file,
					  json_tokener_error_desc(e),
					  (unsigned long long)(jf->total - len +
							       json_tokener_get_parse_end(jf->tok)));
		}
		buf += n;
		len -= n;
	}
	return LS_OK;
trailing:
	return ls_err_set(jf->err, LS_ERR_FORMAT,
			  "%s: not JSON: data after the document", jf->file);
}

static enum ls_status feed_finish(struct json_feed *jf)
{
	if (!jf->root)
		return ls_err_set(jf->err, LS_ERR_FORMAT,
				  "%s: not JSON: %s", jf->file,
				  jf->total ? "document ends early" : "empty file");
	return LS_OK;
}

static enum ls_status feed_xz(struct json_feed *jf, FILE *fp, const char *path)
{
	static const char *const xz_errors[] = {
		[LZMA_MEM_ERROR] = "out of memory",
		[LZMA_MEMLIMIT_ERROR] = "needs too much memory",
		[LZMA_FORMAT_ERROR] = "not xz data",
		[LZMA_OPTIONS_ERROR] = "unsupported xz options",
		[LZMA_DATA_ERROR] = "corrupt xz data",
		[LZMA_BUF_ERROR] = "truncated xz data",
	};
	unsigned char *in = malloc(CHUNK_SIZE), *out = malloc(CHUNK_SIZE);
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_action action = LZMA_RUN;
	enum ls_status st = LS_OK;
	lzma_ret r;

	if (!in || !out) {
		st = ls_err_set(jf->err, LS_ERR_NOMEM, "%s: out of memory", path);
		goto out;
	}
	if (lzma_stream_decoder(&s, XZ_MEMLIMIT, 0) != LZMA_OK) {
		st = ls_err_set(jf->err, LS_ERR_SYSTEM, "%s: cannot start xz decoder", path);
		goto out;
	}
	do {
		if (s.avail_in == 0 && action == LZMA_RUN) {
			s.next_in = in;
			s.avail_in = fread(in, 1, CHUNK_SIZE, fp);
			if (ferror(fp)) {
				st = ls_err_set(jf->err, LS_ERR_SYSTEM, "%s: %s",
						path, strerror(errno));
				goto out;
			}
			if (feof(fp))
				action = LZMA_FINISH;
		}
		s.next_out = out;
		s.avail_out = CHUNK_SIZE;
		r = lzma_code(&s, action);
		st = feed(jf, (const char *)out, CHUNK_SIZE - s.avail_out);
		if (st != LS_OK)
			goto out;
		if (r != LZMA_OK && r != LZMA_STREAM_END) {
			const char *why = (unsigned)r < sizeof(xz_errors) / sizeof(xz_errors[0]) &&
					  xz_errors[r] ? xz_errors[r] : "xz decoding failed";

			st = ls_err_set(jf->err, LS_ERR_FORMAT, "%s: %s", path, why);
			goto out;
		}
	} while (r != LZMA_STREAM_END);
	/* Bytes after the xz stream (e.g. a second stream) are not read. */
out:
	lzma_end(&s);
	free(in);
	free(out);
	return st;
}

static enum ls_status feed_plain(struct json_feed *jf, FILE *fp,
				 const unsigned char *head, size_t nhead,
				 const char *path)
{
	char *buf = malloc(CHUNK_SIZE);
	enum ls_status st;
	size_t n;

	if (!buf)
		return ls_err_set(jf->err, LS_ERR_NOMEM, "%s: out of memory", path);
	st = feed(jf, (const char *)head, nhead);
	while (st == LS_OK && (n = fread(buf, 1, CHUNK_SIZE, fp)) > 0)
		st = feed(jf, buf, n);
	if (st == LS_OK && ferror(fp))
		st = ls_err_set(jf->err, LS_ERR_SYSTEM, "%s: %s", path, strerror(errno));
	free(buf);
	return st;
}

/* Build a profile from a parsed document; frees root. */
static enum ls_status finish_profile(json_object *root, const char *name,
				     struct profile **ret, struct ls_err *err)
{
	struct profile *p = calloc(1, sizeof(*p));
	struct conv c = { .file = name, .err = err };
	enum ls_status st;

	if (p)
		p->isf = c.d = calloc(1, sizeof(*c.d));
	if (!p || !c.d) {
		free(p);
		json_object_put(root);
		return ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", name);
	}
	st = convert(&c, root, p);
	json_object_put(root);
#ifdef __GLIBC__
	malloc_trim(0);   /* hand the JSON tree's ~80 MB back to the system */
#endif
	if (st == LS_OK) {
		p->name = arena_strdup(&c.d->strings, name);
		if (!p->name)
			st = nomem(&c);
	}
	if (st != LS_OK) {
		isf_data_free(c.d);
		free(p);
		return st;
	}
	if (!p->pdb)
		p->pdb = "";
	*ret = p;
	return LS_OK;
}

static json_tokener *new_tokener(const char *name, struct ls_err *err)
{
	json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);

	if (!tok)
		ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", name);
	return tok;
}

enum ls_status profile_parse_isf_buffer(const char *buf, size_t len,
					const char *name, struct profile **ret,
					struct ls_err *err)
{
	struct json_feed jf = { .file = name, .err = err };
	enum ls_status st;

	ls_err_clear(err);
	jf.tok = new_tokener(name, err);
	if (!jf.tok)
		return LS_ERR_NOMEM;
	st = feed(&jf, buf, len);
	if (st == LS_OK)
		st = feed_finish(&jf);
	json_tokener_free(jf.tok);
	if (st != LS_OK) {
		json_object_put(jf.root);
		return st;
	}
	return finish_profile(jf.root, name, ret, err);
}

enum ls_status isf_load_file(const char *path, struct profile **ret,
			     struct ls_err *err)
{
	static const unsigned char xz_magic[6] = { 0xFD, '7', 'z', 'X', 'Z', 0x00 };
	struct json_feed jf = { .file = path, .err = err };
	unsigned char head[6];
	enum ls_status st;
	size_t nhead;
	FILE *fp;

	ls_err_clear(err);
	fp = fopen(path, "rb");
	if (!fp)
		return ls_err_set(err, errno == ENOENT ? LS_ERR_NOTFOUND : LS_ERR_SYSTEM,
				  "%s: %s", path, strerror(errno));
	jf.tok = new_tokener(path, err);
	if (!jf.tok) {
		fclose(fp);
		return LS_ERR_NOMEM;
	}
	/* The content decides, not the name: xz magic or plain JSON. */
	nhead = fread(head, 1, sizeof(head), fp);
	if (nhead == sizeof(head) && memcmp(head, xz_magic, sizeof(head)) == 0) {
		rewind(fp);
		st = feed_xz(&jf, fp, path);
	} else {
		st = feed_plain(&jf, fp, head, nhead, path);
	}
	fclose(fp);
	if (st == LS_OK)
		st = feed_finish(&jf);
	json_tokener_free(jf.tok);
	if (st != LS_OK) {
		json_object_put(jf.root);
		return st;
	}
	return finish_profile(jf.root, path, ret, err);
}
