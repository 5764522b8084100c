/* tests/testutil.h — the Check harness: suite registration, assertions that
 * print leakscope's own error text, and where test data lives.
 *
 * A test file registers its suite with LS_SUITE(fn); tests/check_main.c
 * runs every registered suite. Paths come from the environment the Makefile
 * sets (LEAKSCOPE_BUILD, LEAKSCOPE, MKDUMP); ../shared may be absent, and
 * tests that need it skip with a message (test_shared_dir() == NULL).
 */
#ifndef LS_TESTUTIL_H
#define LS_TESTUTIL_H

#include <check.h>

#include "../model/status.h"

typedef Suite *(*test_suite_fn)(void);
void test_register(test_suite_fn fn);

#define LS_SUITE(fn)                                                   \
	static void __attribute__((constructor)) register_##fn(void)   \
	{                                                              \
		test_register(fn);                                     \
	}

/* Assert a status is LS_OK; on failure show the code and err's message. */
#define ck_assert_ls_ok(status, err)                                       \
	ck_assert_msg((status) == LS_OK, "expected LS_OK, got %s: %s",     \
		      ls_status_str(status), (err)->msg)

/* Assert a status and that err's message contains a substring. */
#define ck_assert_ls_err(status, code, err, substr)                        \
	do {                                                               \
		ck_assert_msg((status) == (code), "expected %s, got %s: %s", \
			      ls_status_str(code), ls_status_str(status),  \
			      (err)->msg);                                 \
		ck_assert_msg(strstr((err)->msg, (substr)) != NULL,        \
			      "error \"%s\" lacks \"%s\"", (err)->msg, (substr)); \
	} while (0)

/* Directory of build outputs (LEAKSCOPE_BUILD, default "build"). */
const char *test_build_dir(void);
/* Path of the leakscope and mkdump binaries. */
const char *test_leakscope_bin(void);
const char *test_mkdump_bin(void);
/* ../shared if present (LEAKSCOPE_SHARED overrides), else NULL after
 * printing "skipped: ../shared is absent (WHY)" once per call site. */
const char *test_shared_dir(const char *why);
/* A fixture dump made by `make fixtures`: build/fixtures/NAME.core; NULL
 * (with a message) if it is missing. */
const char *test_fixture(const char *name, char *buf, size_t len);
/* A fresh temporary directory under build/tmp (created). */
const char *test_tmpdir(char *buf, size_t len);

/* The whole file at path, NUL-terminated, in a malloc'd buffer (caller
 * frees); *len (if not NULL) gets its size. NULL if it cannot be read. */
char *test_read_file(const char *path, size_t *len);
/* Everything fd holds from its start, NUL-terminated and malloc'd (""
 * if fd cannot be rewound). */
char *test_slurp_fd(int fd);

/* Run argv (NULL-terminated) capturing stdout and stderr into malloc'd
 * strings (caller frees); returns the exit status, or -1. */
int test_run(char *const argv[], char **out, char **err);
/* Lines of leakscope's stderr that are not load warnings ("leakscope:
 * warning: ..." and the "... more warnings" line). */
int test_error_lines(const char *err);

/* The TUI tests' screen file (LEAKSCOPE_SCREEN): read path into *text
 * (caller frees) and point screen[0..n) at its "--- screen" blocks, each
 * ended by a NUL; returns n (at most max). Fails the test if the file is
 * missing. */
int test_read_screens(const char *path, char **text, char *screen[], int max);
/* Row y (0-based, below the "--- screen" line) of one screen block, in a
 * static buffer ("" past the end). The selection is not marked in the
 * text: tests find rows by content. */
const char *test_screen_line(const char *screen, int y);

#endif
