/* tests/fuzz/fuzz_scenario.c — fuzz target: the scenario parser
 * (fixtures/mkdump/scenario.h) on arbitrary bytes, through a memfd so the
 * parser reads a real file as mkdump does.
 * fuzz_scenario_one() is the entry; LLVMFuzzerTestOneInput wraps it when
 * built with LS_FUZZ_MAIN (make fuzz); tests/test_fuzz_regress.c replays
 * tests/fuzz/corpus-regress/scenario/ through it without libFuzzer.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../fixtures/mkdump/scenario.h"

int fuzz_scenario_one(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	char path[64];
	struct scenario *s;
	int fd = memfd_create("fuzz.scn", 0);

	if (fd < 0)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		s = scenario_load(path, devnull ? devnull : stderr);
		scenario_destroy(s);
	}
	close(fd);
	return 0;
}

#ifdef LS_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_scenario_one(data, size);
}
#endif
