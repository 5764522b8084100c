/* tui/pending.c — TEMPORARY weak placeholder (see model/pending.c). */
#include "tui.h"

__attribute__((weak)) int tui_run(struct model *m, const struct tui_options *o) { return 2; }
