/* model/pooltags.h — what a pool tag means: description and owning binary.
 *
 * A built-in table of common Windows tags (written for leakscope), and a
 * user's pooltag.txt in the debugger's triage format:
 *     Thre - nt!ps       - Thread objects
 *     // comment            rem comment
 * Tags of 1..4 characters (shorter ones are padded with spaces, as Windows
 * stores them); '?' matches any one character and a trailing '*' any rest
 * ("Gh?5", "Ob*"). Matching is case-sensitive, like pool tags. Order of
 * precedence: user exact, built-in exact, user wildcard, built-in wildcard.
 */
#ifndef LS_POOLTAGS_H
#define LS_POOLTAGS_H

#include <stdint.h>

#include "status.h"
#include "tree.h"

struct pooltag_desc {
	const char *tag;       /* "Thre", "Key " */
	const char *binary;    /* "nt!ps", NULL if unknown */
	const char *desc;      /* "Thread objects" */
};

/* Fill desc and binary of every pool tag of m (Windows tags; tag 0 is
 * skipped). user_file (NULL = none) overrides the built-in table. A missing
 * or malformed user file is an error naming file:line of the first bad
 * line; the built-in descriptions are filled in any case. */
enum ls_status pooltags_describe(struct model *m, const char *user_file,
				 struct ls_err *err);

/* The built-in entry for tag, or NULL. */
const struct pooltag_desc *pooltags_lookup(uint32_t tag);

#endif
