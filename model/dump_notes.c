/* model/dump_notes.c — VMCOREINFO notes that would crash libkdumpfile
 * (see dump_check.h). */
#include "dump_check.h"

#include <stdio.h>
#include <string.h>

int dump_vmcoreinfo_check(const char *text, size_t len, char *why,
			  size_t whylen)
{
	size_t i, line = 1;

	for (i = 0; i < len; i++) {
		if ((i == 0 || text[i - 1] == '\n') && text[i] == '.') {
			snprintf(why, whylen, "VMCOREINFO line %zu starts with '.'", line);
			return -1;
		}
		if (text[i] == '\n')
			line++;
	}
	return 0;
}

static uint32_t get32(const uint8_t *p, bool msb)
{
	return msb ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		   : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

int dump_notes_check(const uint8_t *notes, size_t len, bool msb, char *why,
		     size_t whylen)
{
	size_t off = 0;

	while (len - off >= 12) {
		uint32_t namesz = get32(notes + off, msb);
		uint32_t descsz = get32(notes + off + 4, msb);
		size_t name = off + 12, desc, name_pad, desc_pad;

		name_pad = ((size_t)namesz + 3) & ~(size_t)3;
		desc_pad = ((size_t)descsz + 3) & ~(size_t)3;
		if (name_pad > len - name || desc_pad > len - name - name_pad)
			break;
		desc = name + name_pad;
		/* "VMCOREINFO" and Xen's "VMCOREINFO_XEN" */
		if (namesz >= 10 && memcmp(notes + name, "VMCOREINFO", 10) == 0 &&
		    dump_vmcoreinfo_check((const char *)notes + desc, descsz, why,
					  whylen) != 0)
			return -1;
		off = desc + desc_pad;
	}
	return 0;
}
