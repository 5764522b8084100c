/* tests/test_profile.c — the built-in profile, ISF loading, profile sets
 * and the Windows layout resolved from them. Facts come from the PDBs of
 * the two reference builds (../shared/docs/windows-x64-layouts.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json.h>
#include <lzma.h>

#include "../model/profile.h"
#include "../model/profile_isf.h"
#include "../model/win/layout.h"
#include "testutil.h"

#define WIN10_GUID "06564D3477822C7D97F04852CBD5AFD6"
#define WIN11_GUID "0CE4A95C0CD782A7596B034D8648E585"
#define WIN10_ISF  "isf/ntkrnlmp.pdb-" WIN10_GUID "-1.json.xz"
#define WIN11_ISF  "isf/ntkrnlmp.pdb-" WIN11_GUID "-1.json.xz"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --- helpers --------------------------------------------------------------- */

/* Load ../shared/REL, or return NULL (skipping) when ../shared is absent. */
static struct profile *load_shared(const char *rel)
{
	const char *shared = test_shared_dir("the reference ISF files");
	struct profile *p = NULL;
	struct ls_err err;
	char path[512];

	if (!shared)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", shared, rel);
	ck_assert_ls_ok(profile_load_isf(path, &p, &err), &err);
	return p;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_msg(fp != NULL, "cannot create %s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

static char *read_file(const char *path, size_t *len)
{
	char *buf = test_read_file(path, len);

	ck_assert_msg(buf != NULL, "cannot read %s", path);
	return buf;
}

/* Decompress an .xz file (one-shot liblzma, the test needs no xz tool). */
static void xz_decompress(const char *src, const char *dst)
{
	size_t in_len, out_cap = 64 << 20, in_pos = 0, out_pos = 0;
	uint64_t memlimit = UINT64_MAX;
	char *in = read_file(src, &in_len);
	uint8_t *out = malloc(out_cap);

	ck_assert_int_eq(lzma_stream_buffer_decode(&memlimit, 0, NULL,
						   (uint8_t *)in, &in_pos, in_len,
						   out, &out_pos, out_cap), LZMA_OK);
	write_file(dst, out, out_pos);
	free(in);
	free(out);
}

/* A profile's value of a built-in field, compared in full. */
static void assert_same_field(const struct profile *p, const struct builtin_field *b)
{
	struct profile_field f;

	ck_assert_msg(profile_field(p, b->name, &f), "%s lacks %s",
		      profile_name(p), b->name);
	ck_assert_msg(f.offset == b->offset && f.bit_position == b->bit_position &&
		      f.bit_length == b->bit_length && f.size == b->size,
		      "%s: built-in 0x%llx bits %d/%d size %lld, %s 0x%llx bits %d/%d size %lld",
		      b->name, (long long)b->offset, b->bit_position, b->bit_length,
		      (long long)b->size, profile_name(p), (long long)f.offset,
		      f.bit_position, f.bit_length, (long long)f.size);
}

/* Every entry of the built-in tables answers the same from p. */
static void assert_matches_builtin(const struct profile *p)
{
	const struct builtin_tables *t = builtin_tables();
	const char *last_enum = "";
	int64_t v;

	for (size_t i = 0; i < t->nfields; i++)
		assert_same_field(p, &t->fields[i]);
	for (size_t i = 0; i < t->nsizes; i++)
		ck_assert_msg(profile_sizeof(p, t->sizes[i].name) == t->sizes[i].size,
			      "sizeof(%s): built-in 0x%llx, %s 0x%llx", t->sizes[i].name,
			      (long long)t->sizes[i].size, profile_name(p),
			      (long long)profile_sizeof(p, t->sizes[i].name));
	for (size_t i = 0; i < t->nsymbols; i++)
		ck_assert_msg(profile_symbol(p, t->symbols[i].name) == t->symbols[i].rva,
			      "%s: built-in 0x%llx, %s 0x%llx", t->symbols[i].name,
			      (long long)t->symbols[i].rva, profile_name(p),
			      (long long)profile_symbol(p, t->symbols[i].name));
	for (size_t i = 0; i < t->nenums; i++) {
		const struct builtin_enum *e = &t->enums[i];

		ck_assert_msg(profile_enum(p, e->enum_name, e->constant, &v) &&
			      v == e->value, "%s.%s differs", e->enum_name, e->constant);
		ck_assert_str_eq(profile_enum_name(p, e->enum_name, e->value),
				 profile_enum_name(profile_builtin(), e->enum_name, e->value));
		if (strcmp(e->enum_name, last_enum) != 0) {
			/* all constants, not a subset */
			ck_assert_uint_eq(profile_enum_count(p, e->enum_name),
					  profile_enum_count(profile_builtin(), e->enum_name));
			last_enum = e->enum_name;
		}
	}
}

/* --- the built-in profile ----------------------------------------------- */

START_TEST(builtin_identity)
{
	const struct profile *p = profile_builtin();

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(profile_guid(p), "06564D3477822C7D97F04852CBD5AFD6");
	ck_assert_uint_eq(profile_age(p), 1);
	ck_assert_str_eq(profile_pdb(p), "ntkrnlmp.pdb");
	ck_assert_ptr_nonnull(strstr(profile_name(p), "built-in"));
	profile_destroy((struct profile *)p); /* a no-op for the built-in */
	ck_assert_str_eq(profile_guid(profile_builtin()),
			 "06564D3477822C7D97F04852CBD5AFD6");
}
END_TEST

START_TEST(builtin_spot_facts)
{
	const struct profile *p = profile_builtin();
	struct profile_field f;
	int64_t v;

	ck_assert_int_eq(profile_offset(p, "_EPROCESS.ObjectTable"), 0x570);
	ck_assert_int_eq(profile_offset(p, "_ETHREAD.Cid"), 0x478);
	ck_assert_int_eq(profile_sizeof(p, "_POOL_TRACKER_TABLE"), 0x38);
	ck_assert_int_eq(profile_sizeof(p, "_EPROCESS"), 0xa40);
	ck_assert(profile_field(p, "_HANDLE_TABLE_ENTRY.GrantedAccessBits", &f));
	ck_assert_int_eq(f.offset, 0x8);
	ck_assert_int_eq(f.bit_position, 0);
	ck_assert_int_eq(f.bit_length, 25);
	ck_assert_int_eq(f.size, 4);
	ck_assert(profile_field(p, "_HANDLE_TABLE_ENTRY.ObjectPointerBits", &f));
	ck_assert_int_eq(f.bit_position, 20);
	ck_assert_int_eq(f.bit_length, 44);
	ck_assert(profile_field(p, "_KTHREAD.ApcState.Process", &f));
	ck_assert_int_eq(f.offset, 0xb8);
	ck_assert_int_eq(f.bit_position, -1);
	ck_assert_int_eq(f.size, 8);
	ck_assert(profile_field(p, "_EPROCESS.ImageFileName", &f));
	ck_assert_int_eq(f.size, 15);
	ck_assert_int_eq(profile_offset(p, "_OBJECT_TYPE.TypeInfo.PoolType"), 0x40 + 0x24);
	ck_assert_int_eq(profile_symbol(p, "ObTypeIndexTable"), 0xcfce60);
	ck_assert(profile_enum(p, "_KTHREAD_STATE", "Terminated", &v));
	ck_assert_int_eq(v, 4);
	ck_assert_int_eq(v, WIN_THREAD_STATE_TERMINATED);
	ck_assert_str_eq(profile_enum_name(p, "_KTHREAD_STATE", 5), "Waiting");
	ck_assert_str_eq(profile_enum_name(p, "_KWAIT_REASON", 22), "WrTerminated");
	ck_assert_str_eq(profile_enum_name(p, "_POOL_TYPE", 0), "NonPagedPool");
	ck_assert_str_eq(profile_enum_name(p, "_POOL_TYPE", 512), "NonPagedPoolNx");
	ck_assert_ptr_null(profile_enum_name(p, "_KTHREAD_STATE", 99));
}
END_TEST

/* The built-in tables hold exactly the names of model/win/layout.h. */
START_TEST(builtin_holds_exactly_the_layout_names)
{
	const struct builtin_tables *t = builtin_tables();
	const struct profile *p = profile_builtin();
	size_t nfields = 0, nsizes = 0, nsyms = 0;

#define COUNT_FIELD(member, name, req) \
	ck_assert_msg(profile_field(p, name, NULL), "built-in lacks %s", name); nfields++;
	WIN_FIELD_LIST(COUNT_FIELD)
#undef COUNT_FIELD
#define COUNT_SIZE(member, name, req) \
	ck_assert_msg(profile_sizeof(p, name) > 0, "built-in lacks %s", name); nsizes++;
	WIN_SIZE_LIST(COUNT_SIZE)
#undef COUNT_SIZE
#define COUNT_SYM(member, name, req) \
	ck_assert_msg(profile_symbol(p, name) > 0, "built-in lacks %s", name); nsyms++;
	WIN_SYMBOL_LIST(COUNT_SYM)
#undef COUNT_SYM
	ck_assert_uint_eq(t->nfields, nfields);
	ck_assert_uint_eq(t->nsizes, nsizes);
	ck_assert_uint_eq(t->nsymbols, nsyms);
	for (size_t i = 1; i < t->nfields; i++)   /* sorted: binary search works */
		ck_assert_int_lt(strcmp(t->fields[i - 1].name, t->fields[i].name), 0);
	for (size_t i = 1; i < t->nsizes; i++)
		ck_assert_int_lt(strcmp(t->sizes[i - 1].name, t->sizes[i].name), 0);
	for (size_t i = 1; i < t->nsymbols; i++)
		ck_assert_int_lt(strcmp(t->symbols[i - 1].name, t->symbols[i].name), 0);
	ck_assert_uint_eq(profile_enum_count(p, "_KTHREAD_STATE"), 10);
}
END_TEST

START_TEST(builtin_missing_names)
{
	const struct profile *p = profile_builtin();
	int64_t v;

	ck_assert_int_eq(profile_offset(p, "_EPROCESS.NoSuchField"), -1);
	ck_assert_int_eq(profile_offset(p, "_EPROCESS"), -1);
	ck_assert_int_eq(profile_sizeof(p, "_NO_SUCH_TYPE"), -1);
	ck_assert_int_eq(profile_symbol(p, "NoSuchSymbol"), -1);
	ck_assert(!profile_enum(p, "_KTHREAD_STATE", "Sleeping", &v));
	ck_assert(!profile_field(NULL, "_EPROCESS.ObjectTable", NULL));
}
END_TEST

/* --- the Windows layout -------------------------------------------------- */

START_TEST(builtin_resolves_layout)
{
	struct win_layout l;
	struct ls_err err;
	enum ls_status st;

	st = win_layout_resolve(profile_builtin(), &l, &err);
	ck_assert_ls_ok(st, &err);
	ck_assert_ptr_eq(l.profile, profile_builtin());
	ck_assert_int_eq(l.eproc_object_table.offset, 0x570);
	ck_assert_int_eq(l.ethr_cid.offset, 0x478);
	ck_assert_int_eq(l.hte_access.bit_length, 25);
	ck_assert_int_eq(l.size.pool_tracker, 0x38);
	ck_assert_int_eq(l.size.ethread, 0x898);
	ck_assert_int_eq(l.sym.ObTypeIndexTable, 0xcfce60);
	ck_assert_int_eq(l.kthr_apc_process.offset, 0xb8);
	ck_assert_int_eq(l.opt_header_size[0], 0x20);  /* CREATOR */
	ck_assert_int_eq(l.opt_header_size[7], 0x4);   /* PADDING */
}
END_TEST

/* ObpInfoMaskToOffset facts (isf_facts.py --infomask, both builds). */
START_TEST(opt_header_offsets)
{
	static const struct { uint8_t mask; unsigned bit; int64_t off; } cases[] = {
		{ 0x07, 2, 0x50 }, { 0x0f, 3, 0x70 }, { 0x1f, 4, 0x80 },
		{ 0x3f, 5, 0x90 }, { 0x7f, 6, 0xa0 }, { 0xff, 7, 0xa4 },
		{ 0x0a, 3, 0x40 }, { 0x42, 6, 0x30 }, { 0x48, 6, 0x30 },
		{ 0xc2, 7, 0x34 }, { 0x82, 1, 0x20 }, { 0x48, 3, 0x20 },
		{ 0x01, 0, 0x20 }, { 0x04, 2, 0x10 }, { 0x42, 0, 0 },
		{ 0x00, 1, 0 },
	};
	struct win_layout l;
	struct ls_err err;

	ck_assert_ls_ok(win_layout_resolve(profile_builtin(), &l, &err), &err);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(win_layout_opt_header_offset(&l, cases[i].mask, cases[i].bit)
			      == cases[i].off, "mask 0x%02x bit %u: got 0x%llx, want 0x%llx",
			      cases[i].mask, cases[i].bit,
			      (unsigned long long)win_layout_opt_header_offset(&l, cases[i].mask, cases[i].bit),
			      (unsigned long long)cases[i].off);
}
END_TEST

/* --- ISF files -------------------------------------------------------------- */

START_TEST(builtin_equals_win10_isf)
{
	struct profile *p = load_shared(WIN10_ISF);

	if (!p)
		return;
	ck_assert_str_eq(profile_guid(p), WIN10_GUID);
	ck_assert_uint_eq(profile_age(p), 1);
	ck_assert_str_eq(profile_pdb(p), "ntkrnlmp.pdb");
	ck_assert_ptr_nonnull(strstr(profile_name(p), WIN10_ISF));
	assert_matches_builtin(p);
	profile_destroy(p);
}
END_TEST

START_TEST(win11_isf_resolves_with_its_own_layout)
{
	struct profile *p = load_shared(WIN11_ISF);
	struct win_layout l;
	struct ls_err err;

	if (!p)
		return;
	ck_assert_str_eq(profile_guid(p), WIN11_GUID);
	ck_assert_ls_ok(win_layout_resolve(p, &l, &err), &err);
	ck_assert_ptr_eq(l.profile, p);
	/* Win11 22000 moved the _ETHREAD tail and grew the pool tables. */
	ck_assert_int_eq(l.ethr_cid.offset, 0x4c8);
	ck_assert_int_eq(l.ethr_list_entry.offset, 0x538);
	ck_assert_int_eq(l.size.ethread, 0x8f0);
	ck_assert_int_eq(l.size.kthread, 0x480);
	ck_assert_int_eq(l.size.eprocess, 0xb80);
	ck_assert_int_eq(l.size.pool_tracker, 0x50);
	ck_assert_int_eq(l.size.pool_big_page, 0x20);
	ck_assert_int_eq(l.size.mm_session_space, 0x3c0);
	/* ... and kept these. */
	ck_assert_int_eq(l.eproc_object_table.offset, 0x570);
	ck_assert_int_eq(l.hte_access.bit_position, 0);
	ck_assert_int_eq(l.hte_access.bit_length, 25);
	ck_assert_int_eq(l.ptt_p_frees.offset, 0x30);
	ck_assert_int_eq(l.opt_header_size[7], 0x4);
	ck_assert_int_eq(win_layout_opt_header_offset(&l, 0xff, 7), 0xa4);
	ck_assert_int_eq(profile_offset(p, "_EPROCESS.Machine"), 0x96c);
	ck_assert_int_eq(profile_offset(profile_builtin(), "_EPROCESS.Machine"), -1);
	ck_assert_int_eq(profile_offset(p, "_ETHREAD.Cid.UniqueThread"), 0x4d0);
	profile_destroy(p);
}
END_TEST

START_TEST(plain_json_loads_too)
{
	const char *shared = test_shared_dir("the reference ISF files");
	char dir[512], src[512], dst[600];
	struct profile *p = NULL;
	struct ls_err err;

	if (!shared)
		return;
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(src, sizeof(src), "%s/%s", shared, WIN10_ISF);
	snprintf(dst, sizeof(dst), "%s/win10.json", dir);
	xz_decompress(src, dst);
	ck_assert_ls_ok(profile_load_isf(dst, &p, &err), &err);
	ck_assert_str_eq(profile_guid(p), WIN10_GUID);
	ck_assert_int_eq(profile_offset(p, "_ETHREAD.Cid"), 0x478);
	profile_destroy(p);
}
END_TEST

/* --- a synthetic ISF made from the built-in tables ----------------------- */

/* "T.a.b.c" becomes user type T with field a (offset 0) of type "T.a",
 * which has field b of type "T.a.b", which has c at the real offset. */
static void add_field(json_object *types, const struct builtin_field *f)
{
	const char *part = strchr(f->name, '.') + 1;
	char type[256], field[128], size_name[32];
	json_object *t, *fields, *fj, *tj;

	snprintf(type, sizeof(type), "%.*s", (int)(part - 1 - f->name), f->name);
	snprintf(size_name, sizeof(size_name), "b%lld", (long long)f->size);
	for (;;) {
		const char *dot = strchr(part, '.');

		if (!json_object_object_get_ex(types, type, &t)) {
			t = json_object_new_object();
			json_object_object_add(t, "size", json_object_new_int64(0));
			json_object_object_add(t, "fields", json_object_new_object());
			json_object_object_add(types, type, t);
		}
		json_object_object_get_ex(t, "fields", &fields);
		snprintf(field, sizeof(field), "%.*s",
			 (int)(dot ? (size_t)(dot - part) : strlen(part)), part);
		fj = json_object_new_object();
		tj = json_object_new_object();
		json_object_object_add(fj, "type", tj);
		json_object_object_add(fields, field, fj);
		if (!dot)
			break;
		/* an embedded struct at offset 0, named by the path so far */
		snprintf(type, sizeof(type), "%.*s", (int)(dot - f->name), f->name);
		json_object_object_add(fj, "offset", json_object_new_int64(0));
		json_object_object_add(tj, "kind", json_object_new_string("struct"));
		json_object_object_add(tj, "name", json_object_new_string(type));
		part = dot + 1;
	}
	json_object_object_add(fj, "offset", json_object_new_int64(f->offset));
	if (f->bit_position >= 0) {
		json_object *inner = json_object_new_object();

		json_object_object_add(inner, "kind", json_object_new_string("base"));
		json_object_object_add(inner, "name", json_object_new_string(size_name));
		json_object_object_add(tj, "kind", json_object_new_string("bitfield"));
		json_object_object_add(tj, "bit_position", json_object_new_int(f->bit_position));
		json_object_object_add(tj, "bit_length", json_object_new_int(f->bit_length));
		json_object_object_add(tj, "type", inner);
	} else {
		json_object_object_add(tj, "kind", json_object_new_string("base"));
		json_object_object_add(tj, "name", json_object_new_string(size_name));
	}
}

/* The built-in tables as ISF text, leaving out the field named skip. */
static char *builtin_as_isf(const char *skip)
{
	const struct builtin_tables *t = builtin_tables();
	json_object *root = json_object_new_object();
	json_object *meta = json_object_new_object(), *win = json_object_new_object();
	json_object *pdb = json_object_new_object(), *bases = json_object_new_object();
	json_object *types = json_object_new_object(), *syms = json_object_new_object();
	json_object *enums = json_object_new_object(), *o;
	char *text;

	json_object_object_add(pdb, "GUID", json_object_new_string("06564d3477822c7d97f04852cbd5afd6"));
	json_object_object_add(pdb, "age", json_object_new_int(1));
	json_object_object_add(pdb, "database", json_object_new_string("ntkrnlmp.pdb"));
	json_object_object_add(win, "pdb", pdb);
	json_object_object_add(meta, "windows", win);
	json_object_object_add(meta, "format", json_object_new_string("6.1.0"));
	json_object_object_add(root, "metadata", meta);
	for (size_t i = 0; i < t->nfields; i++) {
		char name[32];

		snprintf(name, sizeof(name), "b%lld", (long long)t->fields[i].size);
		o = json_object_new_object();
		json_object_object_add(o, "kind", json_object_new_string("int"));
		json_object_object_add(o, "size", json_object_new_int64(t->fields[i].size));
		json_object_object_add(bases, name, o);
		if (!skip || strcmp(skip, t->fields[i].name) != 0)
			add_field(types, &t->fields[i]);
	}
	for (size_t i = 0; i < t->nsizes; i++) {
		if (!json_object_object_get_ex(types, t->sizes[i].name, &o)) {
			o = json_object_new_object();
			json_object_object_add(o, "fields", json_object_new_object());
			json_object_object_add(types, t->sizes[i].name, o);
		}
		json_object_object_add(o, "size", json_object_new_int64(t->sizes[i].size));
	}
	for (size_t i = 0; i < t->nsymbols; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "address", json_object_new_int64(t->symbols[i].rva));
		json_object_object_add(syms, t->symbols[i].name, o);
	}
	for (size_t i = 0; i < t->nenums; i++) {
		json_object *consts;

		if (!json_object_object_get_ex(enums, t->enums[i].enum_name, &o)) {
			o = json_object_new_object();
			json_object_object_add(o, "size", json_object_new_int(4));
			json_object_object_add(o, "base", json_object_new_string("int"));
			json_object_object_add(o, "constants", json_object_new_object());
			json_object_object_add(enums, t->enums[i].enum_name, o);
		}
		json_object_object_get_ex(o, "constants", &consts);
		json_object_object_add(consts, t->enums[i].constant,
				       json_object_new_int64(t->enums[i].value));
	}
	json_object_object_add(root, "base_types", bases);
	json_object_object_add(root, "user_types", types);
	json_object_object_add(root, "symbols", syms);
	json_object_object_add(root, "enums", enums);
	text = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
	return text;
}

START_TEST(synthetic_isf_round_trips_the_builtin)
{
	char *text = builtin_as_isf(NULL);
	struct profile *p = NULL;
	struct win_layout l;
	struct ls_err err;

	ck_assert_ls_ok(profile_parse_isf_buffer(text, strlen(text), "synthetic", &p, &err), &err);
	ck_assert_str_eq(profile_name(p), "synthetic");
	ck_assert_str_eq(profile_guid(p), WIN10_GUID);   /* upper-cased */
	assert_matches_builtin(p);
	ck_assert_ls_ok(win_layout_resolve(p, &l, &err), &err);
	ck_assert_int_eq(l.kthr_apc_process.offset, 0xb8);
	profile_destroy(p);
	free(text);
}
END_TEST

START_TEST(missing_names_are_reported_by_name)
{
	char *text = builtin_as_isf("_EPROCESS.ObjectTable");
	struct profile *p = NULL;
	struct win_layout l;
	struct ls_err err;

	ck_assert_ls_ok(profile_parse_isf_buffer(text, strlen(text), "no-objtable.json", &p, &err), &err);
	ck_assert_int_eq(profile_offset(p, "_EPROCESS.ObjectTable"), -1);
	ck_assert_ls_err(win_layout_resolve(p, &l, &err), LS_ERR_NOTFOUND, &err,
			 "profile no-objtable.json lacks _EPROCESS.ObjectTable");
	profile_destroy(p);
	free(text);

	/* An optional name resolves to -1 and resolution goes on. */
	text = builtin_as_isf("_KTHREAD.WaitMode");
	ck_assert_ls_ok(profile_parse_isf_buffer(text, strlen(text), "no-waitmode", &p, &err), &err);
	ck_assert_ls_ok(win_layout_resolve(p, &l, &err), &err);
	ck_assert_int_eq(l.kthr_wait_mode.offset, -1);
	ck_assert_int_eq(l.kthr_wait_mode.size, -1);
	ck_assert_int_eq(l.kthr_state.offset, 0x184);
	profile_destroy(p);
	free(text);
}
END_TEST

/* Type kinds the loader sizes: arrays of arrays, pointers, enums, unions,
 * nested structs; functions and unknown names have no size. */
START_TEST(isf_type_sizes_and_nesting)
{
	static const char isf[] =
		"{\"metadata\": {}, \"symbols\": {\"S\": {\"address\": 16}},"
		" \"base_types\": {\"int\": {\"size\": 4}, \"pointer\": {\"size\": 8}},"
		" \"enums\": {\"E\": {\"size\": 2, \"constants\": {\"B\": 1, \"A\": 1, \"Long\": 2}}},"
		" \"user_types\": {"
		"  \"_U\": {\"kind\": \"union\", \"size\": 8, \"fields\": {"
		"    \"i\": {\"offset\": 4, \"type\": {\"kind\": \"base\", \"name\": \"int\"}}}},"
		"  \"_T\": {\"kind\": \"struct\", \"size\": 64, \"fields\": {"
		"    \"m\": {\"offset\": 0, \"type\": {\"kind\": \"array\", \"count\": 3,"
		"         \"subtype\": {\"kind\": \"array\", \"count\": 2, \"subtype\": {\"kind\": \"base\", \"name\": \"int\"}}}},"
		"    \"p\": {\"offset\": 24, \"type\": {\"kind\": \"pointer\", \"subtype\": {\"kind\": \"struct\", \"name\": \"_U\"}}},"
		"    \"e\": {\"offset\": 32, \"type\": {\"kind\": \"enum\", \"name\": \"E\"}},"
		"    \"u\": {\"offset\": 40, \"type\": {\"kind\": \"union\", \"name\": \"_U\"}},"
		"    \"f\": {\"offset\": 48, \"type\": {\"kind\": \"function\"}},"
		"    \"x\": {\"offset\": 56, \"type\": {\"kind\": \"struct\", \"name\": \"_NOWHERE\"}}}}}}";
	struct profile *p = NULL;
	struct profile_field f;
	struct ls_err err;

	ck_assert_ls_ok(profile_parse_isf_buffer(isf, strlen(isf), "kinds", &p, &err), &err);
	ck_assert_str_eq(profile_guid(p), "");   /* no metadata.windows */
	ck_assert(profile_field(p, "_T.m", &f));
	ck_assert_int_eq(f.size, 24);
	ck_assert(profile_field(p, "_T.p", &f));
	ck_assert_int_eq(f.size, 8);
	ck_assert_int_eq(profile_offset(p, "_T.p.i"), -1);   /* pointers are not followed */
	ck_assert(profile_field(p, "_T.e", &f));
	ck_assert_int_eq(f.size, 2);
	ck_assert(profile_field(p, "_T.u.i", &f));
	ck_assert_int_eq(f.offset, 44);
	ck_assert_int_eq(f.size, 4);
	ck_assert(profile_field(p, "_T.f", &f));
	ck_assert_int_eq(f.size, -1);
	ck_assert(profile_field(p, "_T.x", &f));
	ck_assert_int_eq(f.size, -1);
	ck_assert_int_eq(profile_offset(p, "_T.u.i.j"), -1);
	ck_assert_int_eq(profile_offset(p, "_T.u"), 40);
	ck_assert_int_eq(profile_offset(p, "_T."), -1);
	ck_assert_int_eq(profile_offset(p, "_T"), -1);
	ck_assert_int_eq(profile_sizeof(p, "_U"), 8);
	ck_assert_int_eq(profile_sizeof(p, "int"), 4);
	ck_assert_int_eq(profile_sizeof(p, "E"), 2);
	ck_assert_int_eq(profile_symbol(p, "S"), 16);
	ck_assert_str_eq(profile_enum_name(p, "E", 1), "A");
	ck_assert_str_eq(profile_enum_name(p, "E", 2), "Long");
	ck_assert_ptr_null(profile_enum_name(p, "E", 3));
	profile_destroy(p);
}
END_TEST

/* --- bad input ---------------------------------------------------------------- */

START_TEST(bad_files_name_the_file)
{
	static const char text[] = "This is a README, not a symbol table.\n";
	static const char not_isf[] = "{\"name\": \"package.json\", \"version\": 1}";
	char dir[512], path[600];
	struct profile *p = NULL;
	struct ls_err err;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/readme.json", dir);
	write_file(path, text, strlen(text));
	ck_assert_ls_err(profile_load_isf(path, &p, &err), LS_ERR_FORMAT, &err, path);
	ck_assert_ptr_nonnull(strstr(err.msg, "not JSON"));

	snprintf(path, sizeof(path), "%s/package.json", dir);
	write_file(path, not_isf, strlen(not_isf));
	ck_assert_ls_err(profile_load_isf(path, &p, &err), LS_ERR_FORMAT, &err, path);
	ck_assert_ptr_nonnull(strstr(err.msg, "not an ISF"));

	snprintf(path, sizeof(path), "%s/empty.json", dir);
	write_file(path, "", 0);
	ck_assert_ls_err(profile_load_isf(path, &p, &err), LS_ERR_FORMAT, &err, path);

	snprintf(path, sizeof(path), "%s/absent.json", dir);
	ck_assert_ls_err(profile_load_isf(path, &p, &err), LS_ERR_NOTFOUND, &err, path);
	ck_assert_ptr_null(p);
}
END_TEST

START_TEST(truncated_xz_names_the_file)
{
	const char *shared = test_shared_dir("the reference ISF files");
	char dir[512], src[512], path[600];
	struct profile *p = NULL;
	struct ls_err err;
	size_t len;
	char *data;

	if (!shared)
		return;
	snprintf(src, sizeof(src), "%s/%s", shared, WIN10_ISF);
	data = read_file(src, &len);
	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/cut.json.xz", dir);
	write_file(path, data, len / 2);
	ck_assert_ls_err(profile_load_isf(path, &p, &err), LS_ERR_FORMAT, &err, path);
	/* a flipped byte in the middle of the stream */
	data[len / 2] ^= 0x55;
	snprintf(path, sizeof(path), "%s/flipped.json.xz", dir);
	write_file(path, data, len);
	ck_assert_ls_err(profile_load_isf(path, &p, &err), LS_ERR_FORMAT, &err, path);
	ck_assert_ptr_null(p);
	free(data);
}
END_TEST

/* Schema violations through the memory parser (the fuzzing entry point). */
START_TEST(hostile_documents_are_rejected)
{
	static const struct { const char *doc, *why; } cases[] = {
		{ "[1, 2, 3]", "not an ISF" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {\"_A\": {\"size\": 8, \"fields\":"
		  " {\"x\": {\"offset\": -8, \"type\": {\"kind\": \"base\", \"name\": \"int\"}}}}}}", "_A.x" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {\"_A\": {\"size\": 8, \"fields\":"
		  " {\"b\": {\"offset\": 0, \"type\": {\"kind\": \"bitfield\", \"bit_position\": 60,"
		  " \"bit_length\": 10, \"type\": {\"kind\": \"base\", \"name\": \"int\"}}}}}}}", "_A.b" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {\"_A\": {\"size\": \"8\", \"fields\": {}}}}", "_A" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {\"_A\": {\"size\": 8, \"fields\":"
		  " {\"x\": {\"offset\": 0, \"type\": 7}}}}}", "_A.x" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {}, \"symbols\": {\"S\": {\"address\": \"0x10\"}}}", "symbol S" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {}, \"enums\": {\"E\": {\"size\": 4, \"constants\": {\"A\": 1.5}}}}", "enum E" },
		{ "{\"metadata\": {\"windows\": {\"pdb\": {\"GUID\": \"not-a-guid\", \"age\": 1}}}, \"base_types\": {}, \"user_types\": {}}", "GUID" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {}} trailing", "after the document" },
		{ "{\"metadata\": {}, \"base_types\": {", "ends early" },
		{ "{\"metadata\": {}, \"base_types\": {}, \"user_types\": {\"_A\": {\"size\": 8, \"fields\":"
		  " {\"x\": {\"offset\": 99999999999999, \"type\": {\"kind\": \"base\", \"name\": \"int\"}}}}}}", "_A.x" },
	};
	char deep[20001];
	struct profile *p = NULL;
	struct ls_err err;

	for (size_t i = 0; i < COUNT(cases); i++) {
		enum ls_status st = profile_parse_isf_buffer(cases[i].doc, strlen(cases[i].doc),
							     "hostile.json", &p, &err);

		ck_assert_msg(st == LS_ERR_FORMAT, "case %zu: %s: %s", i,
			      ls_status_str(st), err.msg);
		ck_assert_msg(strstr(err.msg, "hostile.json") && strstr(err.msg, cases[i].why),
			      "case %zu: \"%s\" lacks \"%s\"", i, err.msg, cases[i].why);
		ck_assert_ptr_null(p);
	}
	/* 10000 nested arrays: a depth error, not a stack overflow */
	memset(deep, '[', 10000);
	memset(deep + 10000, ']', 10000);
	deep[20000] = '\0';
	ck_assert_ls_err(profile_parse_isf_buffer(deep, 20000, "deep.json", &p, &err),
			 LS_ERR_FORMAT, &err, "deep.json");
	/* NUL bytes inside the document */
	ck_assert_ls_err(profile_parse_isf_buffer("{\"a\0\": 1}", 9, "nul.json", &p, &err),
			 LS_ERR_FORMAT, &err, "nul.json");
}
END_TEST

/* --- profile sets -------------------------------------------------------------- */

START_TEST(set_finds_by_guid_and_age)
{
	struct profile_set *s = profile_set_create();
	const char *shared = test_shared_dir("the reference ISF files");
	const struct profile *p;
	char dir[512];
	struct ls_err err;

	/* An empty set still knows the built-in profile. */
	ck_assert_ptr_eq(profile_set_find(s, WIN10_GUID, 1), profile_builtin());
	ck_assert_ptr_eq(profile_set_find(s, "06564d3477822c7d97f04852cbd5afd6", 1),
			 profile_builtin());
	ck_assert_ptr_null(profile_set_find(s, WIN10_GUID, 2));
	ck_assert_ptr_null(profile_set_find(s, WIN11_GUID, 1));
	ck_assert_ptr_null(profile_set_find(s, "06564D34", 1));
	if (shared) {
		snprintf(dir, sizeof(dir), "%s/isf", shared);
		ck_assert_ls_ok(profile_set_add_path(s, dir, &err), &err);
		p = profile_set_find(s, "0ce4a95c0cd782a7596b034d8648e585", 1);
		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(profile_guid(p), WIN11_GUID);
		ck_assert_int_eq(profile_offset(p, "_ETHREAD.Cid"), 0x4c8);
		ck_assert_ptr_eq(profile_set_find(s, WIN11_GUID, 1), p);
		ck_assert_ptr_null(profile_set_find(s, WIN11_GUID, 2));
		/* A user's ISF for the reference build wins over the built-in. */
		p = profile_set_find(s, WIN10_GUID, 1);
		ck_assert_ptr_nonnull(p);
		ck_assert_ptr_ne(p, profile_builtin());
		ck_assert_int_gt(profile_symbol(p, "PsGetCurrentProcessId"), 0);
	}
	profile_set_destroy(s);
	profile_set_destroy(NULL);
}
END_TEST

START_TEST(set_add_path_errors)
{
	static const char isf[] =
		"{\"metadata\": {\"windows\": {\"pdb\": {\"GUID\": \"00112233445566778899AABBCCDDEEFF\","
		" \"age\": 7, \"database\": \"ntkrnlmp.pdb\"}}}, \"base_types\": {}, \"user_types\": {}}";
	struct profile_set *s = profile_set_create();
	char dir[512], sub[600], path[700];
	struct ls_err err;

	ck_assert_ptr_nonnull(test_tmpdir(dir, sizeof(dir)));
	ck_assert_ls_err(profile_set_add_path(s, dir, &err), LS_ERR_NOTFOUND, &err, dir);
	snprintf(path, sizeof(path), "%s/none", dir);
	ck_assert_ls_err(profile_set_add_path(s, path, &err), LS_ERR_NOTFOUND, &err, path);
	/* one good file in a subdirectory (found by content), one bad */
	snprintf(sub, sizeof(sub), "%s/windows", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/mine.json", sub);
	write_file(path, isf, strlen(isf));
	snprintf(path, sizeof(path), "%s/broken.json", dir);
	write_file(path, "{", 1);
	ck_assert_ls_err(profile_set_add_path(s, path, &err), LS_ERR_FORMAT, &err, path);
	ck_assert_ls_ok(profile_set_add_path(s, dir, &err), &err);   /* broken.json is skipped */
	ck_assert_ptr_nonnull(profile_set_find(s, "00112233445566778899aabbccddeeff", 7));
	ck_assert_ptr_null(profile_set_find(s, "00112233445566778899aabbccddeeff", 1));
	profile_set_destroy(s);
}
END_TEST

static Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("builtin");

	tcase_add_test(tc, builtin_identity);
	tcase_add_test(tc, builtin_spot_facts);
	tcase_add_test(tc, builtin_missing_names);
	tcase_add_test(tc, builtin_resolves_layout);
	tcase_add_test(tc, opt_header_offsets);
	tcase_add_test(tc, builtin_holds_exactly_the_layout_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("isf");
	tcase_set_timeout(tc, 60);   /* each reference ISF takes ~0.25 s, more under ASan */
	tcase_add_test(tc, builtin_equals_win10_isf);
	tcase_add_test(tc, win11_isf_resolves_with_its_own_layout);
	tcase_add_test(tc, plain_json_loads_too);
	tcase_add_test(tc, synthetic_isf_round_trips_the_builtin);
	tcase_add_test(tc, missing_names_are_reported_by_name);
	tcase_add_test(tc, isf_type_sizes_and_nesting);
	tcase_add_test(tc, bad_files_name_the_file);
	tcase_add_test(tc, truncated_xz_names_the_file);
	tcase_add_test(tc, hostile_documents_are_rejected);
	suite_add_tcase(s, tc);

	tc = tcase_create("sets");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, set_finds_by_guid_and_age);
	tcase_add_test(tc, set_add_path_errors);
	suite_add_tcase(s, tc);
	return s;
}
LS_SUITE(profile_suite)
