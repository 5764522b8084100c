#include "lx.h"
enum ls_status lx_read_files(struct lx *x, struct ls_err *err) { return LS_OK; }
