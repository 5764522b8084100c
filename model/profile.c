/* model/profile.c — profiles: loading, identity, lookups (dispatched to
 * the built-in tables or the ISF tables) and profile sets indexed by PDB
 * GUID+age. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "profile_isf.h"

/* --- loading -------------------------------------------------------------- */

enum ls_status profile_load_isf(const char *path, struct profile **ret,
				struct ls_err *err)
{
	if (!path || !ret)
		return ls_err_set(err, LS_ERR_INVALID, "profile_load_isf: no path");
	return isf_load_file(path, ret, err);
}

void profile_destroy(struct profile *p)
{
	if (!p || p->builtin)
		return;
	isf_data_free(p->isf);   /* owns the name and pdb strings too */
	free(p);
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

size_t profile_enum_count(const struct profile *p, const char *enum_name)
{
	const struct builtin_tables *t = builtin_tables();
	size_t n = 0;

	if (!p || !enum_name)
		return 0;
	if (!p->builtin)
		return isf_enum_count(p->isf, enum_name);
	for (size_t i = 0; i < t->nenums; i++)
		n += strcmp(t->enums[i].enum_name, enum_name) == 0;
	return n;
}

int64_t profile_symbol(const struct profile *p, const char *name)
{
	if (!p || !name)
		return -1;
	return p->builtin ? builtin_symbol(name) : isf_symbol(p->isf, name);
}

/* --- profile sets ---------------------------------------------------------- */

#define SET_MAX_DEPTH 16

/* A file of the set. Files whose names carry "GUID-AGE" (as Volatility's
 * symbol packs do) are loaded only when that GUID is asked for; the others
 * are loaded when added. */
struct set_entry {
	char *path;
	struct profile *p;       /* NULL until loaded */
	bool failed;             /* tried and failed: not tried again */
	bool named;              /* guid/age parsed from the file name */
	char guid[33];
	uint32_t age;
};

struct profile_set {
	struct set_entry *v;
	size_t n, cap;
};

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static char upper(char c)
{
	return c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c;
}

/* 32 hex digits to upper case; false if s is not exactly that. */
static bool normalize_guid(const char *s, char out[33])
{
	for (int i = 0; i < 32; i++) {
		if (!is_hex(s[i]))
			return false;
		out[i] = upper(s[i]);
	}
	out[32] = '\0';
	return s[32] == '\0';
}

/* Find "<32 hex>-<age>" in a file name. */
static bool guid_from_name(const char *name, char guid[33], uint32_t *age)
{
	size_t len = strlen(name);

	for (size_t i = 0; i + 34 <= len; i++) {
		unsigned long a;
		char *end;
		size_t k;

		if (i > 0 && is_hex(name[i - 1]))
			continue;
		for (k = 0; k < 32 && is_hex(name[i + k]); k++)
			;
		if (k < 32 || name[i + 32] != '-' ||
		    !(name[i + 33] >= '0' && name[i + 33] <= '9'))
			continue;
		errno = 0;
		a = strtoul(name + i + 33, &end, 10);
		if (errno || a > UINT32_MAX)
			continue;
		for (k = 0; k < 32; k++)
			guid[k] = upper(name[i + k]);
		guid[32] = '\0';
		*age = (uint32_t)a;
		return true;
	}
	return false;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

struct profile_set *profile_set_create(void)
{
	return calloc(1, sizeof(struct profile_set));
}

void profile_set_destroy(struct profile_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		profile_destroy(s->v[i].p);
	}
	free(s->v);
	free(s);
}

static struct set_entry *set_push(struct profile_set *s, const char *path)
{
	struct set_entry *e;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct set_entry *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->v = v;
		s->cap = cap;
	}
	e = &s->v[s->n];
	memset(e, 0, sizeof(*e));
	e->path = strdup(path);
	if (!e->path)
		return NULL;
	s->n++;
	return e;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect ISF files below dir (sorted, so the order is reproducible). */
static enum ls_status add_dir(struct profile_set *s, const char *dir, int depth,
			      size_t *found, struct ls_err *err)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	enum ls_status st = LS_OK;
	struct dirent *de;
	DIR *d;

	if (depth > SET_MAX_DEPTH)
		return LS_OK;
	d = opendir(dir);
	if (!d)
		return depth == 0 ? ls_err_set(err, LS_ERR_SYSTEM, "%s: %s", dir,
					       strerror(errno))
				  : LS_OK;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			char **v = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*v));

			if (!v)
				goto oom;
			names = v;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			goto oom;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n && st == LS_OK; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(len);
		struct set_entry *e;
		struct stat sb;

		if (!path)
			goto oom;
		snprintf(path, len, "%s/%s", dir, names[i]);
		/* Symlinked directories are not followed (no loops). */
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			st = add_dir(s, path, depth + 1, found, err);
		} else if ((has_suffix(names[i], ".json") ||
			    has_suffix(names[i], ".json.xz")) &&
			   stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			e = set_push(s, path);
			if (!e) {
				free(path);
				goto oom;
			}
			(*found)++;
			e->named = guid_from_name(names[i], e->guid, &e->age);
			if (!e->named && profile_load_isf(path, &e->p, NULL) != LS_OK)
				e->failed = true;
		}
		free(path);
	}
	goto out;
oom:
	st = ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", dir);
out:
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return st;
}

enum ls_status profile_set_add_path(struct profile_set *s, const char *path,
				    struct ls_err *err)
{
	struct set_entry *e;
	struct stat sb;
	size_t found = 0;
	enum ls_status st;

	ls_err_clear(err);
	if (!s || !path)
		return ls_err_set(err, LS_ERR_INVALID, "profile set: no path");
	if (stat(path, &sb) != 0)
		return ls_err_set(err, errno == ENOENT ? LS_ERR_NOTFOUND : LS_ERR_SYSTEM,
				  "%s: %s", path, strerror(errno));
	if (S_ISDIR(sb.st_mode)) {
		st = add_dir(s, path, 0, &found, err);
		if (st == LS_OK && found == 0)
			st = ls_err_set(err, LS_ERR_NOTFOUND,
					"%s: no *.json or *.json.xz files", path);
		return st;
	}
	e = set_push(s, path);
	if (!e)
		return ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", path);
	st = profile_load_isf(path, &e->p, err);
	if (st != LS_OK) {
		free(e->path);
		s->n--;
	}
	return st;
}

static bool matches(const struct profile *p, const char *guid, uint32_t age)
{
	return p && p->age == age && strcmp(p->guid, guid) == 0;
}

const struct profile *profile_set_find(struct profile_set *s,
				       const char *guid, uint32_t age)
{
	char g[33];

	if (!guid || !normalize_guid(guid, g))
		return NULL;
	for (size_t i = 0; s && i < s->n; i++)
		if (matches(s->v[i].p, g, age))
			return s->v[i].p;
	/* Files named after this GUID-AGE, not loaded yet. */
	for (size_t i = 0; s && i < s->n; i++) {
		struct set_entry *e = &s->v[i];

		if (e->p || e->failed || !e->named || e->age != age ||
		    strcmp(e->guid, g) != 0)
			continue;
		if (profile_load_isf(e->path, &e->p, NULL) != LS_OK) {
			e->failed = true;
			continue;
		}
		if (matches(e->p, g, age))
			return e->p;
	}
	return matches(profile_builtin(), g, age) ? profile_builtin() : NULL;
}
