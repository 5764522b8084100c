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

/* Parse an ISF document held in memory (len bytes, need not be
 * NUL-terminated); name labels errors and becomes profile_name(). Never
 * crashes on hostile input: errors are LS_ERR_FORMAT naming `name`. */
enum ls_status profile_parse_isf_buffer(const char *buf, size_t len,
					const char *name, struct profile **ret,
					struct ls_err *err);

#endif
