/* tests/test_linux_corrupt.c — the Linux reader on a damaged copy of the
 * real dump: loops in kernel lists, an absurd fd table size, a module name
 * without its NUL. The reader must finish, keep what it could read and say
 * what it could not (warnings), never crash or hang. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/dump.h"
#include "../model/linux/layout.h"
#include "../model/linux/reader.h"
#include "../model/symbols.h"
#include "../model/tree.h"
#include "lxdata.h"
#include "testutil.h"

/* The file offset of physical address pa in an ELF core; -1 if none. */
static long long elf_offset(FILE *f, uint64_t pa)
{
	uint8_t eh[64], ph[56];
	uint64_t phoff;
	uint16_t phentsize, phnum;

	if (fseek(f, 0, SEEK_SET) || fread(eh, 1, 64, f) != 64)
		return -1;
	memcpy(&phoff, eh + 32, 8);
	memcpy(&phentsize, eh + 54, 2);
	memcpy(&phnum, eh + 56, 2);
	for (uint16_t i = 0; i < phnum && phentsize >= 56; i++) {
		uint32_t type;
		uint64_t off, paddr, filesz;
		if (fseek(f, (long)(phoff + (uint64_t)i * phentsize), SEEK_SET) ||
		    fread(ph, 1, 56, f) != 56)
			return -1;
		memcpy(&type, ph, 4);
		memcpy(&off, ph + 8, 8);
		memcpy(&paddr, ph + 24, 8);
		memcpy(&filesz, ph + 32, 8);
		if (type == 1 && pa >= paddr && pa - paddr < filesz)
			return (long long)(off + (pa - paddr));
	}
	return -1;
}

/* Write len bytes at kernel address va of the copy (translated with the
 * clean dump's page tables). */
static void patch(struct dump *clean, FILE *f, uint64_t va, const void *buf,
		  size_t len)
{
	struct ls_err err = { 0 };
	uint64_t pa;
	long long off;

	ck_assert_ls_ok(dump_translate(clean, 0, va, &pa, &err), &err);
	off = elf_offset(f, pa);
	ck_assert_int_ge(off, 0);
	ck_assert_int_eq(fseek(f, (long)off, SEEK_SET), 0);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
}

static bool warned(const struct model *m, const char *what)
{
	for (uint32_t i = 0; i < m->nwarnings; i++)
		if (strstr(m->warnings[i], what))
			return true;
	return false;
}

static uint32_t proc_by_pid(const struct model *m, uint64_t pid)
{
	return model_process_by_pid(m, pid);
}

START_TEST(test_damaged_lists_and_tables)
{
	const char *shared = test_shared_dir("needs ../shared/linux");
	char elf[512], bad[600], btfp[512];
	struct load_options o = { 0 };
	struct ls_err err = { 0 };
	struct dump *clean = NULL, *d = NULL;
	struct model *m, *m2;
	struct lx_layout *l = malloc(sizeof(*l));
	struct btf *btf = NULL;
	FILE *in, *out;
	char chunk[1 << 16];
	size_t n;
	uint64_t child, app, files, fdt, cache, mod, v;
	uint32_t big = 0x7fffffff, mi;
	char name[56];

	ck_assert_ptr_nonnull(l);
	if (!shared) {
		free(l);
		return;
	}
	ck_assert_ptr_nonnull(lxdata_elf_path(shared, elf, sizeof(elf)));
	snprintf(btfp, sizeof(btfp), "%s/linux/btf-vmlinux-6.1.0-56-amd64", shared);
	ck_assert_ls_ok(lx_btf_from_file(btfp, &btf, &err), &err);
	ck_assert_ls_ok(lx_layout_resolve(btf, l, &err), &err);

	/* the clean model: where the things to damage are */
	ck_assert_ls_ok(dump_open(elf, &clean, &err), &err);
	m = model_create();
	ck_assert_ls_ok(linux_read(clean, &o, m, &err), &err);
	ck_assert_ls_ok(model_finish(m, &err), &err);
	child = m->processes[proc_by_pid(m, 3118)].addr;
	app = m->processes[proc_by_pid(m, 3111)].addr;
	mi = model_symbol_by_name(m, "vmlinux!slab_caches");
	ck_assert_uint_ne(mi, LS_NONE);
	ck_assert_ls_ok(dump_read_kv(clean, m->symbols[mi].addr, &cache, 8, "", &err), &err);
	mi = model_module_at(m, 0xffffffffc0340000ull, LS_NONE);
	ck_assert_uint_ne(mi, LS_NONE);

	/* a copy to damage */
	snprintf(bad, sizeof(bad), "%s/linux/vmcore-damaged.elf", test_build_dir());
	in = fopen(elf, "rb");
	out = fopen(bad, "wb");
	ck_assert(in && out);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		ck_assert_uint_eq(fwrite(chunk, 1, n, out), n);
	fclose(in);
	fclose(out);
	out = fopen(bad, "r+b");
	ck_assert_ptr_nonnull(out);

	/* 1. myapp-child's tasks.next points at itself: a loop off the list
	 * head (3317 and 3323 come after it) */
	v = child + (uint64_t)l->task_tasks.off;
	patch(clean, out, v, &v, 8);
	/* 2. myapp's fd table claims 2^31 fds */
	ck_assert_ls_ok(dump_read_kv(clean, app + (uint64_t)l->task_files.off,
				     &files, 8, "", &err), &err);
	ck_assert_ls_ok(dump_read_kv(clean, files + (uint64_t)l->files_fdt.off,
				     &fdt, 8, "", &err), &err);
	patch(clean, out, fdt + (uint64_t)l->fdt_max_fds.off, &big, 4);
	/* 3. the second slab cache's list.next points back at the first
	 * cache's list: a loop */
	{
		uint64_t first = cache, second;
		ck_assert_ls_ok(dump_read_kv(clean, first, &second, 8, "", &err), &err);
		patch(clean, out, second, &first, 8);
	}
	/* 4. mydriver's name fills its array: no NUL, an escape inside */
	mod = 0;
	memset(name, 'A', sizeof(name));
	name[3] = '\x1b';
	{
		/* struct module.list is in the modules list; find mydriver's */
		uint64_t head = m->symbols[model_symbol_by_name(m, "vmlinux!modules")].addr;
		uint64_t link;
		char nm[57];
		ck_assert_ls_ok(dump_read_kv(clean, head, &link, 8, "", &err), &err);
		for (int i = 0; i < 64 && link != head; i++) {
			uint64_t mp = link - (uint64_t)l->module_list.off;
			memset(nm, 0, sizeof(nm));
			ck_assert_ls_ok(dump_read_kv(clean, mp + (uint64_t)l->module_name.off,
						     nm, 56, "", &err), &err);
			if (!strcmp(nm, "mydriver")) {
				mod = mp;
				break;
			}
			ck_assert_ls_ok(dump_read_kv(clean, link, &link, 8, "", &err), &err);
		}
	}
	ck_assert_uint_ne(mod, 0);
	patch(clean, out, mod + (uint64_t)l->module_name.off, name, sizeof(name));
	/* 5. the name of /var/lib (the parent of dirleak's directory) points
	 * nowhere: its paths must not pass for whole ones */
	{
		uint32_t p = proc_by_pid(m, 3112);
		uint32_t h = model_handle_by_value(m, p, 3);
		uint64_t file = m->objects[m->handles[h].object].body, dent, parent;
		uint64_t zero = 0;
		ck_assert_ls_ok(dump_read_kv(clean, file + (uint64_t)l->file_dentry.off,
					     &dent, 8, "", &err), &err);
		ck_assert_ls_ok(dump_read_kv(clean, dent + (uint64_t)l->dentry_parent.off,
					     &parent, 8, "", &err), &err);
		patch(clean, out, parent + (uint64_t)l->dentry_name.off, &zero, 8);
	}
	fclose(out);

	/* the damaged dump loads, partially, with warnings */
	ck_assert_ls_ok(dump_open(bad, &d, &err), &err);
	m2 = model_create();
	ck_assert_ls_ok(linux_read(d, &o, m2, &err), &err);
	ck_assert_ls_ok(model_finish(m2, &err), &err);
	ck_assert_msg(warned(m2, "task list loops"), "no task-list warning");
	ck_assert_uint_ne(proc_by_pid(m2, 3118), LS_NONE);   /* kept */
	ck_assert_uint_eq(proc_by_pid(m2, 3323), LS_NONE);   /* beyond the loop */
	/* myapp's absurd fd table: bounded, said */
	ck_assert_msg(warned(m2, "max_fds 2147483647"), "no max_fds warning");
	ck_assert_msg(warned(m2, "slab_caches loops"), "no slab-list warning");
	ck_assert_uint_le(m2->npooltags, 2);
	/* mydriver's symbols still resolve; its name is bounded */
	mi = model_module_at(m2, 0xffffffffc0340000ull, LS_NONE);
	ck_assert_uint_ne(mi, LS_NONE);
	ck_assert_uint_eq(strlen(m2->modules[mi].name), 56);
	/* dirleak's directory: only what could be read, marked */
	{
		uint32_t p = proc_by_pid(m2, 3112);
		ck_assert_uint_ne(p, LS_NONE);
		uint32_t h = model_handle_by_value(m2, p, 3);
		ck_assert_uint_ne(h, LS_NONE);
		ck_assert_str_eq(m2->objects[m2->handles[h].object].path, "?/dirleak");
	}
	/* the task_struct slab is no longer known: no scan, and it says so */
	ck_assert(warned(m2, "no task_struct cache"));

	model_destroy(m2);
	dump_destroy(d);
	model_destroy(m);
	dump_destroy(clean);
	lx_btf_free(btf);
	free(l);
	remove(bad);
}
END_TEST

static Suite *linux_corrupt_suite(void)
{
	Suite *s = suite_create("linux_corrupt");
	TCase *tc = tcase_create("damaged");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_damaged_lists_and_tables);
	suite_add_tcase(s, tc);
	return s;
}

LS_SUITE(linux_corrupt_suite)
