/* model/profile.c — profiles: public lookups (built-in or ISF), the ISF
 * loader and profile sets. */
#include <stdlib.h>
#include <string.h>

#include "profile_isf.h"

/* ISF lookups; filled in by the loader step. */
static bool isf_field(const struct isf_data *d, const char *dotted,
		      struct profile_field *ret)
{
	return false;
}

static int64_t isf_sizeof(const struct isf_data *d, const char *type)
{
	return -1;
}

static int64_t isf_symbol(const struct isf_data *d, const char *name)
{
	return -1;
}

static bool isf_enum(const struct isf_data *d, const char *enum_name,
		     const char *constant, int64_t *ret)
{
	return false;
}

static const char *isf_enum_name(const struct isf_data *d,
				 const char *enum_name, int64_t value)
{
	return NULL;
}

/* --- identity and lookups ---------------------------------------------- */

const char *profile_name(const struct profile *p)
{
	return p ? p->name : "";
}

const char *profile_guid(const struct profile *p)
{
	return p ? p->guid : "";
}

uint32_t profile_age(const struct profile *p)
{
	return p ? p->age : 0;
}

const char *profile_pdb(const struct profile *p)
{
	return p && p->pdb ? p->pdb : "";
}

bool enum_name_preferred(const char *candidate, const char *current)
{
	size_t a = strlen(candidate), b = strlen(current);

	return a != b ? a < b : strcmp(candidate, current) < 0;
}

bool profile_field(const struct profile *p, const char *dotted,
		   struct profile_field *ret)
{
	struct profile_field f;
	bool found;

	if (!p || !dotted)
		return false;
	found = p->builtin ? builtin_field(dotted, &f)
			   : isf_field(p->isf, dotted, &f);
	if (found && ret)
		*ret = f;
	return found;
}

int64_t profile_offset(const struct profile *p, const char *dotted)
{
	struct profile_field f;

	return profile_field(p, dotted, &f) ? f.offset : -1;
}

int64_t profile_sizeof(const struct profile *p, const char *type)
{
	if (!p || !type)
		return -1;
	return p->builtin ? builtin_sizeof(type) : isf_sizeof(p->isf, type);
}

bool profile_enum(const struct profile *p, const char *enum_name,
		  const char *constant, int64_t *ret)
{
	int64_t v;
	bool found;

	if (!p || !enum_name || !constant)
		return false;
	found = p->builtin ? builtin_enum(enum_name, constant, &v)
			   : isf_enum(p->isf, enum_name, constant, &v);
	if (found && ret)
		*ret = v;
	return found;
}

const char *profile_enum_name(const struct profile *p, const char *enum_name,
			      int64_t value)
{
	if (!p || !enum_name)
		return NULL;
	return p->builtin ? builtin_enum_name(enum_name, value)
			  : isf_enum_name(p->isf, enum_name, value);
}

int64_t profile_symbol(const struct profile *p, const char *name)
{
	if (!p || !name)
		return -1;
	return p->builtin ? builtin_symbol(name) : isf_symbol(p->isf, name);
}
