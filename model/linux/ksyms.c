/* model/linux/ksyms.c — VMCOREINFO and System.map. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libkdumpfile/kdumpfile.h>

#include "ksyms.h"

/* System.map files are a few MB; refuse absurd inputs. */
#define LX_MAP_MAX_BYTES (256u << 20)

enum ls_status lx_vmcoreinfo_get(void *kdump_ctx, struct lx_vmcoreinfo *ret,
				 struct ls_err *err)
{
	kdump_attr_t attr;
	size_t len;
	void *data;

	ret->text = NULL;
	if (!kdump_ctx)
		return ls_err_set(err, LS_ERR_NOTFOUND, "no libkdumpfile context");
	/* the raw blob: kdump_vmcoreinfo_raw() would need addrxlat.ostype */
	if (kdump_get_attr(kdump_ctx, "linux.vmcoreinfo.raw", &attr) != KDUMP_OK ||
	    attr.type != KDUMP_BLOB)
		return ls_err_set(err, LS_ERR_NOTFOUND, "the dump has no VMCOREINFO");
	len = kdump_blob_size(attr.val.blob);
	data = kdump_blob_pin(attr.val.blob);
	if (!data || len == 0 || len > (1u << 20) ||
	    !(ret->text = malloc(len + 1))) {
		if (data)
			kdump_blob_unpin(attr.val.blob);
		return ls_err_set(err, len ? LS_ERR_NOMEM : LS_ERR_NOTFOUND,
				  "VMCOREINFO of %zu bytes unusable", len);
	}
	memcpy(ret->text, data, len);
	ret->text[len] = '\0';
	kdump_blob_unpin(attr.val.blob);
	return LS_OK;
}

void lx_vmcoreinfo_free(struct lx_vmcoreinfo *v)
{
	if (v) {
		free(v->text);
		v->text = NULL;
	}
}

bool lx_vmci_str(const struct lx_vmcoreinfo *v, const char *key, char *out,
		 size_t outlen)
{
	size_t klen = strlen(key);
	const char *p;

	if (!v->text || !outlen)
		return false;
	for (p = v->text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (len > klen && !memcmp(p, key, klen) && p[klen] == '=') {
			size_t n = len - klen - 1;
			if (n >= outlen)
				n = outlen - 1;
			memcpy(out, p + klen + 1, n);
			out[n] = '\0';
			return true;
		}
		p += len + (eol ? 1 : 0);
	}
	return false;
}

bool lx_vmci_num(const struct lx_vmcoreinfo *v, const char *key, int base,
		 uint64_t *ret)
{
	char buf[64], *end;

	if (!lx_vmci_str(v, key, buf, sizeof(buf)) || !buf[0])
		return false;
	errno = 0;
	if (buf[0] == '-')
		*ret = (uint64_t)strtoll(buf, &end, base);
	else
		*ret = strtoull(buf, &end, base);
	return errno == 0 && *end == '\0';
}

static int cmp_name(const void *a, const void *b)
{
	const struct lx_ksym *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static char *slurp(const char *path, size_t *len, struct ls_err *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;

	if (!f) {
		ls_err_set(err, LS_ERR_SYSTEM, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 ||
	    (uint64_t)st.st_size > LX_MAP_MAX_BYTES) {
		ls_err_set(err, LS_ERR_FORMAT, "%s: not a System.map (size)", path);
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", path);
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)st.st_size, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

enum ls_status lx_ksyms_load_map(const char *path, uint64_t offset,
				 struct lx_ksyms *k, struct ls_err *err)
{
	size_t len, cap = 0, lines = 0;
	char *text = slurp(path, &len, err), *p, *next;

	memset(k, 0, sizeof(*k));
	if (!text)
		return err ? err->code : LS_ERR_SYSTEM;
	for (p = text; *p; p++)
		if (*p == '\n')
			cap++;
	k->syms = calloc(cap + 1, sizeof(*k->syms));
	if (!k->syms) {
		free(text);
		return ls_err_set(err, LS_ERR_NOMEM, "%s: out of memory", path);
	}
	/* "ffffffff81000000 T _text": names point into text (NULs written) */
	for (p = text; *p; p = next) {
		char *eol = strchr(p, '\n'), *end, *name;
		uint64_t addr;
		char type;

		next = eol ? eol + 1 : p + strlen(p);
		if (eol)
			*eol = '\0';
		lines++;
		addr = strtoull(p, &end, 16);
		if (end == p || *end != ' ' || !isalpha((unsigned char)end[1]) ||
		    end[2] != ' ')
			continue;
		type = end[1];
		name = end + 3;
		name[strcspn(name, " \t\r")] = '\0';
		if (!*name || k->n >= cap + 1)
			continue;
		k->syms[k->n].addr = (type == 'A' || type == 'a') ? addr : addr + offset;
		k->syms[k->n].name = name;
		k->syms[k->n].type = type;
		k->n++;
	}
	if (k->n == 0 || k->n * 2 < lines) {
		free(k->syms);
		free(text);
		memset(k, 0, sizeof(*k));
		return ls_err_set(err, LS_ERR_FORMAT,
				  "%s: not a System.map (no \"ADDR T name\" lines)",
				  path);
	}
	k->strings = text;
	k->offset = offset;
	k->from_map = true;
	qsort(k->syms, k->n, sizeof(*k->syms), cmp_name);
	return LS_OK;
}

enum ls_status lx_ksyms_from_vmcoreinfo(const struct lx_vmcoreinfo *v,
					struct lx_ksyms *k, struct ls_err *err)
{
	size_t cap = 0, used = 0;
	const char *p;

	memset(k, 0, sizeof(*k));
	if (!v->text)
		return ls_err_set(err, LS_ERR_NOTFOUND, "no VMCOREINFO");
	for (p = v->text; (p = strstr(p, "SYMBOL(")); p++)
		cap++;
	k->syms = calloc(cap + 1, sizeof(*k->syms));
	k->strings = malloc(strlen(v->text) + 1);
	if (!k->syms || !k->strings) {
		lx_ksyms_free(k);
		return ls_err_set(err, LS_ERR_NOMEM, "VMCOREINFO symbols: out of memory");
	}
	for (p = v->text; (p = strstr(p, "SYMBOL(")) && k->n < cap; p++) {
		const char *name = p + 7, *close = strchr(name, ')');
		char *end;
		uint64_t addr;

		if (!close || close[1] != '=')
			continue;
		addr = strtoull(close + 2, &end, 16);
		if (end == close + 2)
			continue;
		memcpy(k->strings + used, name, (size_t)(close - name));
		k->syms[k->n].name = k->strings + used;
		used += (size_t)(close - name);
		k->strings[used++] = '\0';
		k->syms[k->n].addr = addr;
		k->syms[k->n].type = 'D';
		k->n++;
	}
	qsort(k->syms, k->n, sizeof(*k->syms), cmp_name);
	return LS_OK;
}

void lx_ksyms_free(struct lx_ksyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->strings);
	memset(k, 0, sizeof(*k));
}

uint64_t lx_ksym(const struct lx_ksyms *k, const char *name)
{
	struct lx_ksym key = { .name = name }, *hit;

	if (!k->n)
		return 0;
	hit = bsearch(&key, k->syms, k->n, sizeof(*k->syms), cmp_name);
	return hit ? hit->addr : 0;
}
