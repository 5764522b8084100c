/* model/profile_isf.h — internals of the profile module, shared by the ISF
 * loader (profile.c), the built-in profile (profile_builtin.c) and test or
 * fuzz drivers. Not for other modules: they use model/profile.h.
 *
 * A profile is either built in (flat tables of fully dotted names, sorted
 * by name) or loaded from an ISF file (struct isf_data, private to
 * profile.c, which resolves dotted names by walking struct fields).
 */
#ifndef LS_PROFILE_ISF_H
#define LS_PROFILE_ISF_H

#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "status.h"

/* Built-in tables; every array is sorted by name (strcmp order), enums by
 * enum name, then constant. */
struct builtin_field {
	const char *name;      /* "_KTHREAD.ApcState.Process" */
	int64_t offset;
	int bit_position;      /* -1 unless a bitfield */
	int bit_length;        /* 0 unless a bitfield */
	int64_t size;
};

struct builtin_size {
	const char *name;
	int64_t size;
};

struct builtin_symbol {
	const char *name;
	int64_t rva;
};

struct builtin_enum {
	const char *enum_name;
	const char *constant;
	int64_t value;
};

struct isf_data;

struct profile {
	const char *name;
	char guid[33];          /* upper-case hex */
	uint32_t age;
	const char *pdb;
	int builtin;            /* 1 for the static built-in profile */
	struct isf_data *isf;   /* NULL for the built-in profile */
};

/* The built-in tables, for tests that compare them with ISF files. */
struct builtin_tables {
	const struct builtin_field *fields;
	size_t nfields;
	const struct builtin_size *sizes;
	size_t nsizes;
	const struct builtin_symbol *symbols;
	size_t nsymbols;
	const struct builtin_enum *enums;
	size_t nenums;
};
const struct builtin_tables *builtin_tables(void);

/* Number of constants of an enum (0 if absent), built-in or ISF. */
size_t profile_enum_count(const struct profile *p, const char *enum_name);

/* Lookups in the built-in tables (profile_builtin.c). */
bool builtin_field(const char *dotted, struct profile_field *ret);
int64_t builtin_sizeof(const char *type);
int64_t builtin_symbol(const char *name);
bool builtin_enum(const char *enum_name, const char *constant, int64_t *ret);
const char *builtin_enum_name(const char *enum_name, int64_t value);

/* When several constants share a value, reverse lookups name the shortest
 * one, then the first in strcmp order (NonPagedPool, not NonPagedPoolBase):
 * built-in and ISF profiles answer alike. */
bool enum_name_preferred(const char *candidate, const char *current);

/* Lookups in an ISF profile's tables (profile_isf.c). */
bool isf_field(const struct isf_data *d, const char *dotted,
	       struct profile_field *ret);
int64_t isf_sizeof(const struct isf_data *d, const char *type);
int64_t isf_symbol(const struct isf_data *d, const char *name);
bool isf_enum(const struct isf_data *d, const char *enum_name,
	      const char *constant, int64_t *ret);
const char *isf_enum_name(const struct isf_data *d, const char *enum_name,
			  int64_t value);
size_t isf_enum_count(const struct isf_data *d, const char *enum_name);
void isf_data_free(struct isf_data *d);

/* Load an ISF file: xz-compressed or plain JSON, told apart by content. */
enum ls_status isf_load_file(const char *path, struct profile **ret,
			     struct ls_err *err);

/* Parse an ISF document held in memory (len bytes, need not be
 * NUL-terminated); name labels errors and becomes profile_name(). Never
 * crashes on hostile input: errors are LS_ERR_FORMAT naming `name`. */
enum ls_status profile_parse_isf_buffer(const char *buf, size_t len,
					const char *name, struct profile **ret,
					struct ls_err *err);

#endif
