/* model/pooltags.c — pool tag descriptions: the built-in table, the
 * pooltag.txt parser, and the matching that fills the model's pool tags.
 *
 * The built-in table names tags whose meaning is well established: the
 * object types (an _OBJECT_TYPE's Key is the first four characters of the
 * type name) and the common executive, memory manager, I/O, cache manager,
 * file system and registry allocations. Binaries follow the debugger's
 * convention: "nt!xx" for a kernel component, else the driver file.
 */
#include "pooltags.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct pooltag_desc builtin[] = {
	/* object types */
	{ "ALPC", "nt!alpc", "ALPC port objects" },
	{ "Adap", "nt!io",   "Adapter objects" },
	{ "Call", "nt!ex",   "Callback objects" },
	{ "Cont", "nt!io",   "Controller objects" },
	{ "Debu", "nt!dbgk", "Debug objects" },
	{ "Desk", "win32k.sys", "Desktop objects" },
	{ "Devi", "nt!io",   "Device objects" },
	{ "Dire", "nt!ob",   "Directory objects" },
	{ "Driv", "nt!io",   "Driver objects" },
	{ "EtwR", "nt!etw",  "ETW registration objects" },
	{ "Even", "nt!ex",   "Event objects" },
	{ "File", "nt!io",   "File objects" },
	{ "IoCo", "nt!io",   "I/O completion port objects" },
	{ "Job ", "nt!ps",   "Job objects" },
	{ "Key ", "nt!cm",   "Registry key objects" },
	{ "Keye", "nt!ex",   "Keyed event objects" },
	{ "Muta", "nt!ex",   "Mutant (mutex) objects" },
	{ "Proc", "nt!ps",   "Process objects" },
	{ "Prof", "nt!ex",   "Profile objects" },
	{ "Sect", "nt!mm",   "Section objects" },
	{ "Sema", "nt!ex",   "Semaphore objects" },
	{ "Symb", "nt!ob",   "Symbolic link objects" },
	{ "Thre", "nt!ps",   "Thread objects" },
	{ "Time", "nt!ex",   "Timer objects" },
	{ "Toke", "nt!se",   "Token objects" },
	{ "TpWo", "nt!ex",   "Thread pool worker factory objects" },
	{ "Type", "nt!ob",   "Object type objects" },
	{ "Wind", "win32k.sys", "Window station objects" },
	/* object manager */
	{ "ObCi", "nt!ob",   "Object creation information" },
	{ "ObDi", "nt!ob",   "Object directory entries" },
	{ "ObHd", "nt!ob",   "Object handle count database" },
	{ "ObNm", "nt!ob",   "Object names" },
	{ "Obtb", "nt!ob",   "Object (handle) tables" },
	{ "ObSc", "nt!ob",   "Object security descriptors" },
	/* memory manager */
	{ "MmCa", "nt!mm",   "Control areas of mapped files and images" },
	{ "MmCm", "nt!mm",   "Calls made to MmAllocateContiguousMemory" },
	{ "MmSt", "nt!mm",   "Segment structures and prototype PTEs of sections" },
	{ "MmSm", "nt!mm",   "Segments of mapped data files" },
	{ "Vad ", "nt!mm",   "Virtual address descriptors (VADs)" },
	{ "VadS", "nt!mm",   "Short virtual address descriptors" },
	{ "Mdl ", "nt!io",   "Memory descriptor lists (MDLs)" },
	/* I/O */
	{ "Io  ", "nt!io",   "General I/O allocations" },
	{ "IoNm", "nt!io",   "I/O file name buffers" },
	{ "Icp ", "nt!io",   "I/O completion packets queued to completion ports" },
	{ "Irp ", "nt!io",   "I/O request packets (IRPs)" },
	{ "Irpl", "nt!io",   "I/O request packets from lookaside lists" },
	/* executive, security, processes */
	{ "Pool", "nt!ex",   "Pool tables and descriptors" },
	{ "Se  ", "nt!se",   "General security allocations" },
	{ "SeTl", "nt!se",   "Security token locks" },
	{ "Ps  ", "nt!ps",   "General process and thread allocations" },
	{ "PsCr", "nt!ps",   "Process creation information" },
	{ "EtwB", "nt!etw",  "ETW trace buffers" },
	/* registry, cache manager, file systems */
	{ "CM31", "nt!cm",   "Registry (configuration manager) allocations" },
	{ "CcSc", "nt!cc",   "Cache manager shared cache maps" },
	{ "CcBc", "nt!cc",   "Cache manager buffer control blocks" },
	{ "NtFs", "ntfs.sys", "NTFS general structures" },
	{ "Ntff", "ntfs.sys", "NTFS file control blocks (FCBs)" },
	{ "Ntfx", "ntfs.sys", "NTFS general allocations" },
	{ "FMfn", "fltmgr.sys", "Filter manager file name cache entries" },
	{ "FMsl", "fltmgr.sys", "Filter manager stream list contexts" },
	{ "AlIn", "nt!alpc", "ALPC internal allocations" },
};

#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

/* A tag pattern: bytes where mask is 0xff must equal tag's. */
struct pattern {
	uint32_t tag, mask;
	uint32_t seq;          /* line order in its file */
	const char *binary, *desc;
};

struct table {
	struct pattern *exact;     /* sorted by tag */
	uint32_t nexact;
	struct pattern *wild;      /* in file order */
	uint32_t nwild;
};

/* "Thre" / "Key" / "Gh?5" / "Ob*" into a pattern; false if not a tag. */
static bool parse_tag(const char *s, size_t len, uint32_t *ret_tag, uint32_t *ret_mask)
{
	uint32_t tag = 0, mask = 0;
	bool star = false;

	if (len < 1 || len > 4)
		return false;
	for (size_t i = 0; i < 4; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : ' ';

		if (star)
			continue;
		if (c == '*') {
			if (i != len - 1)
				return false;   /* '*' only at the end */
			star = true;
			continue;
		}
		if (c < 0x20 || c >= 0x7f)
			return false;
		if (c != '?') {
			tag |= (uint32_t)c << (8 * i);
			mask |= 0xffu << (8 * i);
		}
	}
	*ret_tag = tag;
	*ret_mask = mask;
	return true;
}

static bool matches(const struct pattern *p, uint32_t tag)
{
	return (tag & p->mask) == p->tag;
}

static int pattern_cmp(const void *a, const void *b)
{
	const struct pattern *x = a, *y = b;

	return x->tag < y->tag ? -1 : x->tag > y->tag;
}

static const struct pattern *find_exact(const struct table *t, uint32_t tag)
{
	struct pattern key = { .tag = tag };

	if (!t->nexact)
		return NULL;
	return bsearch(&key, t->exact, t->nexact, sizeof(key), pattern_cmp);
}

static const struct pattern *find_wild(const struct table *t, uint32_t tag)
{
	for (uint32_t i = 0; i < t->nwild; i++)
		if (matches(&t->wild[i], tag))
			return &t->wild[i];
	return NULL;
}

static void table_free(struct table *t)
{
	free(t->exact);
	free(t->wild);
	memset(t, 0, sizeof(*t));
}

static bool table_add(struct table *t, const struct pattern *p, uint32_t *cap_exact,
		      uint32_t *cap_wild)
{
	bool exact = p->mask == 0xffffffffu;
	struct pattern **arr = exact ? &t->exact : &t->wild;
	uint32_t *n = exact ? &t->nexact : &t->nwild;
	uint32_t *cap = exact ? cap_exact : cap_wild;

	if (*n == *cap) {
		uint32_t ncap = *cap ? *cap * 2 : 256;
		struct pattern *np = realloc(*arr, ncap * sizeof(*np));

		if (!np)
			return false;
		*arr = np;
		*cap = ncap;
	}
	(*arr)[(*n)++] = *p;
	return true;
}

/* The built-in table as patterns, built once. */
static struct table builtin_table;

static const struct table *builtin_patterns(void)
{
	static bool built;
	uint32_t ce = 0, cw = 0;

	if (built)
		return &builtin_table;
	for (size_t i = 0; i < NBUILTIN; i++) {
		struct pattern p = { .binary = builtin[i].binary, .desc = builtin[i].desc };

		if (parse_tag(builtin[i].tag, strlen(builtin[i].tag), &p.tag, &p.mask) &&
		    !table_add(&builtin_table, &p, &ce, &cw))
			return &builtin_table;   /* out of memory: partial */
	}
	qsort(builtin_table.exact, builtin_table.nexact, sizeof(struct pattern), pattern_cmp);
	built = true;
	return &builtin_table;
}

const struct pooltag_desc *pooltags_lookup(uint32_t tag)
{
	const struct table *t = builtin_patterns();
	const struct pattern *p = find_exact(t, tag);

	if (!p)
		p = find_wild(t, tag);
	if (!p)
		return NULL;
	/* patterns point at the table's own strings: find the entry */
	for (size_t i = 0; i < NBUILTIN; i++)
		if (builtin[i].desc == p->desc)
			return &builtin[i];
	return NULL;
}

/* Trim spaces and tabs from both ends of [*s, *e). */
static void trim(const char **s, const char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

/* One line "Tag - binary - description" (the description may be empty or
 * contain " - " itself). Returns false with *why if malformed. */
static bool parse_line(struct model *m, char *line, struct pattern *p, const char **why)
{
	char *sep1 = strstr(line, " - "), *sep2;
	const char *ts = line, *te, *bs, *be, *ds, *de;

	if (!sep1) {
		/* "Tag -" with nothing after */
		*why = "expected \"Tag - binary - description\"";
		return false;
	}
	te = sep1;
	trim(&ts, &te);
	if (!parse_tag(ts, (size_t)(te - ts), &p->tag, &p->mask)) {
		*why = "the tag must be 1 to 4 printable characters";
		return false;
	}
	bs = sep1 + 3;
	sep2 = strstr(bs, " - ");
	be = sep2 ? sep2 : bs + strlen(bs);
	ds = sep2 ? sep2 + 3 : be;
	de = ds + strlen(ds);
	trim(&bs, &be);
	trim(&ds, &de);
	if (bs == be && ds == de) {
		*why = "no binary and no description";
		return false;
	}
	p->binary = bs == be || (be - bs == 9 && strncmp(bs, "<unknown>", 9) == 0)
		    ? NULL : model_strndup(m, bs, (size_t)(be - bs));
	p->desc = ds == de ? NULL : model_strndup(m, ds, (size_t)(de - ds));
	return true;
}

static bool is_comment(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!*s || strncmp(s, "//", 2) == 0 || *s == ';' || *s == '#')
		return true;
	return strncasecmp(s, "rem", 3) == 0 && (!s[3] || isspace((unsigned char)s[3]));
}

static enum ls_status load_user(struct model *m, const char *path, struct table *t,
				struct ls_err *err)
{
	char line[1024];
	unsigned lineno = 0;
	uint32_t ce = 0, cw = 0;
	enum ls_status st = LS_OK;
	FILE *f = fopen(path, "r");

	if (!f)
		return ls_err_set(err, LS_ERR_SYSTEM, "pool tag file %s: %s", path,
				  strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		struct pattern p;
		const char *why;
		size_t len;

		lineno++;
		len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f)) {
			st = ls_err_set(err, LS_ERR_FORMAT, "%s:%u: line too long", path, lineno);
			break;
		}
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (is_comment(line))
			continue;
		p.seq = lineno;
		if (!parse_line(m, line, &p, &why)) {
			st = ls_err_set(err, LS_ERR_FORMAT, "%s:%u: %s", path, lineno, why);
			break;
		}
		if (!table_add(t, &p, &ce, &cw)) {
			st = ls_err_set(err, LS_ERR_NOMEM, "%s:%u", path, lineno);
			break;
		}
	}
	if (st == LS_OK && ferror(f))
		st = ls_err_set(err, LS_ERR_SYSTEM, "pool tag file %s: read error", path);
	fclose(f);
	if (st == LS_OK && t->nexact) {
		/* a tag listed twice: the later line wins */
		uint32_t out = 0;

		qsort(t->exact, t->nexact, sizeof(*t->exact), pattern_cmp);
		for (uint32_t i = 0; i < t->nexact; i++) {
			if (out && t->exact[out - 1].tag == t->exact[i].tag) {
				if (t->exact[i].seq > t->exact[out - 1].seq)
					t->exact[out - 1] = t->exact[i];
				continue;
			}
			t->exact[out++] = t->exact[i];
		}
		t->nexact = out;
	}
	return st;
}

enum ls_status pooltags_describe(struct model *m, const char *user_file,
				 struct ls_err *err)
{
	const struct table *bt = builtin_patterns();
	struct table user = { 0 };
	enum ls_status st = LS_OK;

	ls_err_clear(err);
	if (!m)
		return ls_err_set(err, LS_ERR_INVALID, "pool tags: no model");
	if (user_file)
		st = load_user(m, user_file, &user, err);
	for (uint32_t i = 0; i < m->npooltags; i++) {
		struct ls_pooltag *pt = &m->pooltags[i];
		const struct pattern *p = NULL;

		if (!pt->tag)
			continue;
		/* user exact, built-in exact, user wildcard, built-in wildcard */
		if (st == LS_OK)
			p = find_exact(&user, pt->tag);
		if (!p)
			p = find_exact(bt, pt->tag);
		if (!p && st == LS_OK)
			p = find_wild(&user, pt->tag);
		if (!p)
			p = find_wild(bt, pt->tag);
		if (p) {
			pt->desc = p->desc;
			pt->binary = p->binary;
		}
	}
	table_free(&user);
	return st;
}
