/* tests/test_tui_model.h — a small hand-built model of the seed's
 * thread-handle leak, for the view and TUI tests: iexplore.exe holds
 * handles 0x0d94.. to terminated System threads that started at
 * mydriver!StatusWaitThread; Thre is the top non-paged tag. */
#ifndef LS_TEST_TUI_MODEL_H
#define LS_TEST_TUI_MODEL_H

#include "../model/tree.h"

#define TM_LEAKED 300             /* terminated threads held by iexplore */
#define TM_IE_PID 0x172e4
#define TM_START  0xfffff80012341128ull   /* mydriver!StatusWaitThread */

struct model *test_tui_model(void);

#endif
