/* tests/lxdata.h — where the Linux reader tests find their dump forms. */
#ifndef LS_TEST_LXDATA_H
#define LS_TEST_LXDATA_H

#include <stddef.h>

/* build/linux/vmcore.elf, unpacked from SHARED/linux/vmcore.elf.xz if it
 * is missing (never beside the read-only data); NULL on failure. */
const char *lxdata_elf_path(const char *shared, char *out, size_t len);

#endif
