/* model/pending.c — TEMPORARY weak placeholders so the tree links while the
 * modules are being written in parallel. Every real definition (a strong
 * symbol) replaces its placeholder at link time. This file is deleted once
 * every module has landed; nothing here is a feature. */
#include <stdarg.h>
#include <stddef.h>

#include "dump.h"
#include "load.h"
#include "profile.h"
#include "query.h"
#include "symbols.h"
#include "tree.h"
#include "win/layout.h"
#include "win/reader.h"

#define W __attribute__((weak))
#define PENDING(err) ls_err_set(err, LS_ERR_NOTFOUND, "%s: not built yet", __func__)

W enum ls_status dump_open(const char *p, struct dump **r, struct ls_err *e) { return PENDING(e); }
W void dump_destroy(struct dump *d) { }
W const struct dump_info *dump_info(const struct dump *d) { return NULL; }
W void *dump_kdump_ctx(struct dump *d) { return NULL; }
W enum ls_status dump_read_phys(struct dump *d, uint64_t pa, void *b, size_t l, const char *w, struct ls_err *e) { return PENDING(e); }
W bool dump_phys_present(struct dump *d, uint64_t pa) { return false; }
W enum ls_status dump_set_kernel_dtb(struct dump *d, uint64_t t, struct ls_err *e) { return PENDING(e); }
W uint64_t dump_kernel_dtb(const struct dump *d) { return 0; }
W enum ls_status dump_read_kv(struct dump *d, uint64_t va, void *b, size_t l, const char *w, struct ls_err *e) { return PENDING(e); }
W enum ls_status dump_read_va(struct dump *d, uint64_t t, uint64_t va, void *b, size_t l, const char *w, struct ls_err *e) { return PENDING(e); }
W enum ls_status dump_translate(struct dump *d, uint64_t t, uint64_t va, uint64_t *r, struct ls_err *e) { return PENDING(e); }
W enum ls_status dump_read_u64(struct dump *d, uint64_t t, uint64_t va, uint64_t *r, const char *w, struct ls_err *e) { return PENDING(e); }
W enum ls_status dump_read_u32(struct dump *d, uint64_t t, uint64_t va, uint32_t *r, const char *w, struct ls_err *e) { return PENDING(e); }
W enum ls_status dump_read_utf16(struct dump *d, uint64_t t, uint64_t va, size_t n, char *o, size_t ol, const char *w, struct ls_err *e) { return PENDING(e); }
W enum ls_status dump_read_unicode_string(struct dump *d, uint64_t t, uint64_t va, char *o, size_t ol, const char *w, struct ls_err *e) { return PENDING(e); }
W enum ls_status dump_read_cstring(struct dump *d, uint64_t t, uint64_t va, size_t m, char *o, size_t ol, const char *w, struct ls_err *e) { return PENDING(e); }

W enum ls_status profile_load_isf(const char *p, struct profile **r, struct ls_err *e) { return PENDING(e); }
W const struct profile *profile_builtin(void) { return NULL; }
W void profile_destroy(struct profile *p) { }
W const char *profile_name(const struct profile *p) { return ""; }
W const char *profile_guid(const struct profile *p) { return ""; }
W uint32_t profile_age(const struct profile *p) { return 0; }
W const char *profile_pdb(const struct profile *p) { return ""; }
W bool profile_field(const struct profile *p, const char *d, struct profile_field *r) { return false; }
W int64_t profile_offset(const struct profile *p, const char *d) { return -1; }
W int64_t profile_sizeof(const struct profile *p, const char *t) { return -1; }
W bool profile_enum(const struct profile *p, const char *n, const char *c, int64_t *r) { return false; }
W const char *profile_enum_name(const struct profile *p, const char *n, int64_t v) { return NULL; }
W int64_t profile_symbol(const struct profile *p, const char *n) { return -1; }
W struct profile_set *profile_set_create(void) { return NULL; }
W enum ls_status profile_set_add_path(struct profile_set *s, const char *p, struct ls_err *e) { return PENDING(e); }
W const struct profile *profile_set_find(struct profile_set *s, const char *g, uint32_t a) { return NULL; }
W void profile_set_destroy(struct profile_set *s) { }
W enum ls_status win_layout_resolve(const struct profile *p, struct win_layout *r, struct ls_err *e) { return PENDING(e); }
W int64_t win_layout_opt_header_offset(const struct win_layout *l, uint8_t m, unsigned b) { return 0; }

W struct model *model_create(void) { return NULL; }
W void model_destroy(struct model *m) { }
W const char *model_strdup(struct model *m, const char *s) { return NULL; }
W const char *model_strndup(struct model *m, const char *s, size_t n) { return NULL; }
W uint32_t model_add_pooltag(struct model *m, const struct ls_pooltag *r) { return LS_NONE; }
W uint32_t model_add_type(struct model *m, const struct ls_type *r) { return LS_NONE; }
W uint32_t model_add_process(struct model *m, const struct ls_process *r) { return LS_NONE; }
W uint32_t model_add_handle(struct model *m, const struct ls_handle *r) { return LS_NONE; }
W uint32_t model_add_object(struct model *m, const struct ls_object *r) { return LS_NONE; }
W uint32_t model_add_thread(struct model *m, const struct ls_thread *r) { return LS_NONE; }
W uint32_t model_add_module(struct model *m, const struct ls_module *r) { return LS_NONE; }
W uint32_t model_add_symbol(struct model *m, const struct ls_symbol *r) { return LS_NONE; }
W uint32_t model_add_trace(struct model *m, const struct ls_trace *r) { return LS_NONE; }
W void model_warn(struct model *m, const char *f, ...) { }
W enum ls_status model_finish(struct model *m, struct ls_err *e) { return PENDING(e); }
W uint32_t model_process_by_addr(const struct model *m, uint64_t a) { return LS_NONE; }
W uint32_t model_process_by_pid(const struct model *m, uint64_t p) { return LS_NONE; }
W uint32_t model_thread_by_addr(const struct model *m, uint64_t a) { return LS_NONE; }
W uint32_t model_object_by_body(const struct model *m, uint64_t b) { return LS_NONE; }
W uint32_t model_object_by_header(const struct model *m, uint64_t h) { return LS_NONE; }
W uint32_t model_type_by_name(const struct model *m, const char *n) { return LS_NONE; }
W uint32_t model_pooltag_by_tag(const struct model *m, uint32_t t) { return LS_NONE; }
W uint32_t model_handle_by_value(const struct model *m, uint32_t p, uint64_t v) { return LS_NONE; }
W void ls_tag_str(uint32_t tag, char out[5]) { out[0] = 0; }
W bool ls_tag_parse(const char *s, uint32_t *r) { return false; }

static const struct ls_groups no_groups;
W struct ls_groups model_handles_by_type(struct model *m, uint32_t p) { return no_groups; }
W struct ls_groups model_holders_of_type(struct model *m, uint32_t t) { return no_groups; }
W struct ls_groups model_threads_by_start(struct model *m) { return no_groups; }
W struct ls_groups model_process_threads_by_start(struct model *m, uint32_t p) { return no_groups; }
W struct ls_groups model_objects_by_name(struct model *m) { return no_groups; }
W const uint32_t *model_top_tags(struct model *m, int paged, uint32_t *n) { *n = 0; return NULL; }
W struct ls_groups model_holders_of_object(struct model *m, uint32_t o) { return no_groups; }
W const char *model_symbolize(const struct model *m, uint64_t a, uint32_t p, char *b, size_t l) { return b; }
W uint32_t model_module_at(const struct model *m, uint64_t a, uint32_t p) { return LS_NONE; }
W uint32_t model_symbol_by_name(const struct model *m, const char *q) { return LS_NONE; }
W enum ls_status model_load_symfile(struct model *m, const char *p, struct ls_err *e) { return PENDING(e); }

W enum ls_status model_load(struct dump *d, const struct load_options *o, struct model **r, struct ls_err *e) { return PENDING(e); }
W bool win_probe(struct dump *d) { return false; }
W enum ls_status win_read(struct dump *d, const struct load_options *o, struct model *m, struct ls_err *e) { return PENDING(e); }
