/* views/cmd_triage.h — words for the triage chain (model/triage.h), shared
 * by --triage / !triage and the TUI's Triage view so both say the same.
 * Every text here is already escaped for a terminal (dump strings go
 * through ls_escape), so it can be drawn as is.
 */
#ifndef LS_CMD_TRIAGE_H
#define LS_CMD_TRIAGE_H

#include <stddef.h>

#include "../model/triage.h"

/* "Pool usage", "Top pool tags", ... */
const char *triage_step_title(enum triage_step_id step);
/* "ok", "ALERT", "no data" */
const char *triage_level_name(enum triage_level level);
/* "thread_start", "object_holder", ... (the JSON "kind") */
const char *triage_kind_name(enum triage_culprit kind);

/* The suspect in a few words: "mydriver.sys (StatusWaitThread)",
 * "MyApp.exe (stack MyDLL!GetProcHandle+0x20)", "no leak found". */
const char *triage_suspect_text(const struct model *m, const struct triage *t,
				char *buf, size_t len);
/* Why, in one sentence built from the step facts. */
const char *triage_verdict_text(const struct model *m, const struct triage *t,
				char *buf, size_t len);

/* The same for any case (the verdict or one of triage.also). */
const char *triage_case_suspect(const struct model *m, const struct triage *t,
				const struct triage_verdict *v, char *buf, size_t len);
const char *triage_case_text(const struct model *m, const struct triage *t,
			     const struct triage_verdict *v, char *buf, size_t len);

#endif
