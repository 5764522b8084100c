#include "lx.h"
enum ls_status lx_read_slabs(struct lx *x, struct ls_err *err) { return LS_OK; }
