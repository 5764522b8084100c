/* model/profile.h — symbol tables: structure layouts and symbol RVAs.
 *
 * A profile is one kernel build's facts: field offsets (with bitfield
 * positions), structure sizes, enum values and symbol RVAs, looked up by
 * name ("_EPROCESS.ObjectTable", nested: "_KTHREAD.ApcState.Process").
 * Profiles come from ISF files (Volatility 3's symbol-table format, .json or
 * .json.xz) or are built in: the project ships one for the reference build,
 * Windows 10 x64 10.0.19041.3324 (ntkrnlmp.pdb GUID
 * 06564D3477822C7D97F04852CBD5AFD6, age 1), holding exactly the names
 * leakscope reads (model/win/layout.h lists them).
 *
 * A profile set indexes profiles by PDB GUID+age; `--symbols DIR|FILE`
 * adds ISF files to it.
 */
#ifndef LS_PROFILE_H
#define LS_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

struct profile;

struct profile_field {
	int64_t offset;      /* byte offset from the start of the outer struct */
	int bit_position;    /* -1 unless a bitfield */
	int bit_length;      /* 0 unless a bitfield */
	int64_t size;        /* size of the field's type in bytes, -1 unknown */
};

/* Load an ISF file (.json or .json.xz). */
enum ls_status profile_load_isf(const char *path, struct profile **ret,
				struct ls_err *err);
/* The built-in profile of the reference build (static; do not destroy). */
const struct profile *profile_builtin(void);
/* Accepts NULL and the built-in profile (a no-op for it). */
void profile_destroy(struct profile *p);

/* Identity. guid is 32 upper-case hex digits; pdb is "ntkrnlmp.pdb". */
const char *profile_name(const struct profile *p);  /* file name or "built-in ..." */
const char *profile_guid(const struct profile *p);
uint32_t profile_age(const struct profile *p);
const char *profile_pdb(const struct profile *p);

/* Lookups; false / -1 when the name is missing. */
bool profile_field(const struct profile *p, const char *dotted,
		   struct profile_field *ret);
int64_t profile_offset(const struct profile *p, const char *dotted);
int64_t profile_sizeof(const struct profile *p, const char *type);
bool profile_enum(const struct profile *p, const char *enum_name,
		  const char *constant, int64_t *ret);
/* Reverse enum lookup: the constant's name, or NULL. */
const char *profile_enum_name(const struct profile *p, const char *enum_name,
			      int64_t value);
int64_t profile_symbol(const struct profile *p, const char *name); /* RVA */

/* --- a set of profiles indexed by GUID+age ------------------------------ */
struct profile_set;

struct profile_set *profile_set_create(void);
/* Add an ISF file, or every *.json / *.json.xz below a directory (recursive).
 * Files that fail to load are reported through err only when path is a
 * single file. */
enum ls_status profile_set_add_path(struct profile_set *s, const char *path,
				    struct ls_err *err);
/* The built-in profile matches too. NULL if none. */
const struct profile *profile_set_find(struct profile_set *s,
				       const char *guid, uint32_t age);
void profile_set_destroy(struct profile_set *s);

#endif
