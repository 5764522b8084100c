/* tests/test_cmd_model.h — small hand-built models for the command and
 * triage tests: the seed's three cases in miniature, a healthy system and
 * a pool-pressure case, each with facts the tests assert.
 */
#ifndef LS_TEST_CMD_MODEL_H
#define LS_TEST_CMD_MODEL_H

#include "../model/tree.h"

/* Addresses and ids the tests check. */
#define TM_NT_BASE      0xfffff80412200000ull
#define TM_DRV_BASE     0xfffff80415c50000ull
#define TM_STATUS_WAIT  (TM_DRV_BASE + 0x1128)      /* mydriver!StatusWaitThread */
#define TM_BALANCE      (TM_NT_BASE + 0x4000)       /* nt!KeBalanceSetManager */
#define TM_SYSTEM_ADDR  0xffffb50c1a2b1040ull
#define TM_IE_ADDR      0xffffb50c1f3c5080ull
#define TM_IE_PID       0x172e4
#define TM_IE_PPID      0x17238
#define TM_EVIL_PID     0x666
#define TM_LEAKED       60       /* terminated driver threads held by iexplore */
#define TM_FIRST_HANDLE 0x0d94   /* iexplore's first Thread handle */
#define TM_THREAD_BASE  0xffffb50c20000080ull  /* leaked ETHREADs, 0x1000 apart */
#define TM_THREAD_TYPE  0xffffb50c1a28ac68ull
#define TM_WAIT_TICK    975361
#define TM_TICKS        980987   /* 0:04:15:27.921 at 15.625 ms */

/* process-handle leak */
#define TM_APP_ADDR     0xffffb50c2a96e670ull
#define TM_APP_PID      0x24b4
#define TM_APP_PEB      0x7ffdd000ull
#define TM_CHILD_ADDR   0xffffb50c2af39978ull   /* the Process object held */
#define TM_APP_HANDLES  70
#define TM_MYDLL_BASE   0x66860000ull
#define TM_GETPROC      (TM_MYDLL_BASE + 0x1404)  /* MyDLL!GetProcHandle+0x20 */

/* directory leak */
#define TM_DIRS         55

struct model *tm_thread_leak(void);     /* also holds the evil-named process */
struct model *tm_process_leak(void);    /* with handle traces and NtGlobalFlag */
struct model *tm_directory_leak(void);
struct model *tm_healthy(void);
struct model *tm_type_pressure(void);   /* pool near limit, one Event hoarder */
/* Linux-shaped: TM_LEAKED dead threads found only by a scan (no handles),
 * and "myapp" holding TM_APP_HANDLES pidfd objects that all are "child". */
struct model *tm_linux_like(void);

/* The escaped-name test's process image: ESC, a newline and a C1 byte. */
extern const char tm_evil_name[];

#endif
