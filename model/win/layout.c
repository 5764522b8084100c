/* model/win/layout.c — resolve struct win_layout from a profile. */
#include "layout.h"

/* The optional object headers in InfoMask bit order (bit 0 first). */
static const char *const opt_header_types[8] = {
	"_OBJECT_HEADER_CREATOR_INFO",
	"_OBJECT_HEADER_NAME_INFO",
	"_OBJECT_HEADER_HANDLE_INFO",
	"_OBJECT_HEADER_QUOTA_INFO",
	"_OBJECT_HEADER_PROCESS_INFO",
	"_OBJECT_HEADER_AUDIT_INFO",
	"_OBJECT_HEADER_EXTENDED_INFO",
	"_OBJECT_HEADER_PADDING_INFO",
};

static enum ls_status missing(const struct profile *p, const char *name,
			      struct ls_err *err)
{
	return ls_err_set(err, LS_ERR_NOTFOUND, "profile %s lacks %s",
			  profile_name(p), name);
}

enum ls_status win_layout_resolve(const struct profile *p,
				  struct win_layout *ret, struct ls_err *err)
{
	struct win_layout l;

	ls_err_clear(err);
	if (!p)
		return ls_err_set(err, LS_ERR_INVALID, "no profile");

#define RESOLVE_FIELD(member, name, req)                                    \
	if (!profile_field(p, name, &l.member)) {                           \
		if (req)                                                    \
			return missing(p, name, err);                       \
		l.member = (struct profile_field){ -1, -1, 0, -1 };         \
	}
	WIN_FIELD_LIST(RESOLVE_FIELD)
#undef RESOLVE_FIELD

#define RESOLVE_SIZE(member, name, req)                                     \
	l.size.member = profile_sizeof(p, name);                            \
	if (l.size.member < 0 && req)                                       \
		return missing(p, name, err);
	WIN_SIZE_LIST(RESOLVE_SIZE)
#undef RESOLVE_SIZE

#define RESOLVE_SYM(member, name, req)                                      \
	l.sym.member = profile_symbol(p, name);                             \
	if (l.sym.member < 0 && req)                                        \
		return missing(p, name, err);
	WIN_SYMBOL_LIST(RESOLVE_SYM)
#undef RESOLVE_SYM

	for (unsigned bit = 0; bit < 8; bit++) {
		l.opt_header_size[bit] = profile_sizeof(p, opt_header_types[bit]);
		if (l.opt_header_size[bit] < 0)
			return missing(p, opt_header_types[bit], err);
	}
	l.profile = p;
	*ret = l;
	return LS_OK;
}

int64_t win_layout_opt_header_offset(const struct win_layout *l,
				     uint8_t info_mask, unsigned bit)
{
	int64_t off = 0;

	if (bit > 7 || !(info_mask & (1u << bit)))
		return 0;
	for (unsigned b = 0; b <= bit; b++)
		if (info_mask & (1u << b))
			off += l->opt_header_size[b];
	return off;
}
