/* tests/fuzz/fuzz_isf.c — fuzz target: the ISF loader
 * (model/profile_isf.h: profile_parse_isf_buffer) on arbitrary bytes, then
 * resolving the Windows layout from whatever profile it accepted.
 * fuzz_isf_one() is the entry; LLVMFuzzerTestOneInput wraps it with
 * LS_FUZZ_MAIN; tests/test_fuzz_regress.c replays corpus-regress/isf/.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../model/profile.h"
#include "../../model/profile_isf.h"
#include "../../model/win/layout.h"

int fuzz_isf_one(const uint8_t *data, size_t size)
{
	struct profile *p = NULL;
	struct win_layout *l = malloc(sizeof(*l));
	struct ls_err err;

	if (profile_parse_isf_buffer((const char *)data, size, "fuzz.json", &p, &err) == LS_OK &&
	    l)
		win_layout_resolve(p, l, &err);
	profile_destroy(p);
	free(l);
	return 0;
}

#ifdef LS_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_isf_one(data, size);
}
#endif
