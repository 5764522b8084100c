/* views/format.c — number, size, time, address, tag and flag formatting. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"

/* 100 ns intervals between 1601-01-01 and 1970-01-01. */
#define FILETIME_UNIX_EPOCH 116444736000000000ULL
/* 15.625 ms in 8.24 fixed point: the default clock tick. */
#define DEFAULT_TICK_MULTIPLIER 262144000u

/* Copy the NUL-terminated text into buf, truncated to len - 1 bytes. */
static const char *put(const char *text, char *buf, size_t len)
{
	size_t n = strlen(text);

	if (!len)
		return buf;
	if (n >= len)
		n = len - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

/* Table cells format hundreds of thousands of numbers at a time: these
 * write digits by hand, several times faster than snprintf. */
static char *hex_digits(uint64_t v, int width, char *end)
{
	char *p = end;

	*p = '\0';
	do {
		*--p = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (end - p < width)
		*--p = '0';
	return p;
}

const char *fmt_hex_pad(uint64_t v, int width, char *buf, size_t len)
{
	char digits[FMT_NUM_MAX];

	if (width > (int)sizeof(digits) - 1)
		width = (int)sizeof(digits) - 1;
	return put(hex_digits(v, width, digits + sizeof(digits) - 1), buf, len);
}

const char *fmt_count(uint64_t n, char *buf, size_t len)
{
	char grouped[FMT_NUM_MAX];
	char *p = grouped + sizeof(grouped) - 1;
	int nd = 0;

	*p = '\0';
	do {
		if (nd && nd % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + n % 10);
		n /= 10;
		nd++;
	} while (n);
	return put(p, buf, len);
}

const char *fmt_bytes(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KB", "MB", "GB", "TB", "PB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 " B", bytes);
		return buf;
	}
	v /= 1024.0;
	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

const char *fmt_kb(uint64_t bytes, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 " Kb", bytes / 1024);
	return buf;
}

const char *fmt_percent(uint64_t part, uint64_t whole, char *buf, size_t len)
{
	if (whole == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * (double)part / (double)whole);
	return buf;
}

const char *fmt_addr(uint64_t addr, char *buf, size_t len)
{
	return fmt_hex_pad(addr, 16, buf, len);
}

const char *fmt_addr_tick(uint64_t addr, char *buf, size_t len)
{
	snprintf(buf, len, "%08" PRIx64 "`%08" PRIx64, addr >> 32, addr & 0xffffffffu);
	return buf;
}

const char *fmt_hex(uint64_t v, char *buf, size_t len)
{
	char digits[FMT_NUM_MAX];
	char *p = hex_digits(v, 0, digits + sizeof(digits) - 1);

	*--p = 'x';
	*--p = '0';
	return put(p, buf, len);
}

const char *fmt_filetime(uint64_t filetime, char *buf, size_t len)
{
	struct tm tm;
	time_t t;

	if (filetime == 0 || filetime < FILETIME_UNIX_EPOCH) {
		snprintf(buf, len, filetime ? "%" PRIu64 : "-", filetime);
		return buf;
	}
	t = (time_t)((filetime - FILETIME_UNIX_EPOCH) / 10000000ULL);
	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, len, "%" PRIu64, filetime);
		return buf;
	}
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

uint64_t fmt_ticks_to_ms(uint64_t ticks, uint32_t multiplier)
{
	uint64_t m = multiplier ? multiplier : DEFAULT_TICK_MULTIPLIER;

	/* split to avoid overflow for large tick counts */
	return (ticks >> 24) * m + (((ticks & 0xffffffu) * m) >> 24);
}

const char *fmt_tick_age(uint64_t ticks, uint32_t multiplier, char *buf, size_t len)
{
	uint64_t ms = fmt_ticks_to_ms(ticks, multiplier);
	uint64_t s = ms / 1000;

	snprintf(buf, len, "%" PRIu64 ":%02u:%02u:%02u.%03u", s / 86400,
		 (unsigned)(s / 3600 % 24), (unsigned)(s / 60 % 60),
		 (unsigned)(s % 60), (unsigned)(ms % 1000));
	return buf;
}

const char *fmt_tick_time(uint64_t ticks, uint32_t multiplier, char *buf, size_t len)
{
	uint64_t ms = fmt_ticks_to_ms(ticks, multiplier);
	uint64_t s = ms / 1000;

	snprintf(buf, len, "%02" PRIu64 ":%02u:%02u.%04u", s / 3600,
		 (unsigned)(s / 60 % 60), (unsigned)(s % 60),
		 (unsigned)(ms % 1000) * 10);
	return buf;
}

const char *fmt_tag(uint32_t tag, char *buf, size_t len)
{
	char t[5];
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)(tag >> (8 * i));
		t[i] = (c >= 0x20 && c < 0x7f) ? (char)c : (c == 0 ? ' ' : '?');
	}
	t[4] = '\0';
	snprintf(buf, len, "%s", t);
	return buf;
}

/* NtGlobalFlag bits, from the GFlags flag table. */
static const struct fmt_flag gflags[] = {
	{ 0x00000001, "FLG_STOP_ON_EXCEPTION", "soe" },
	{ 0x00000002, "FLG_SHOW_LDR_SNAPS", "sls" },
	{ 0x00000004, "FLG_DEBUG_INITIAL_COMMAND", "dic" },
	{ 0x00000008, "FLG_STOP_ON_HUNG_GUI", "shg" },
	{ 0x00000010, "FLG_HEAP_ENABLE_TAIL_CHECK", "htc" },
	{ 0x00000020, "FLG_HEAP_ENABLE_FREE_CHECK", "hfc" },
	{ 0x00000040, "FLG_HEAP_VALIDATE_PARAMETERS", "hpc" },
	{ 0x00000080, "FLG_HEAP_VALIDATE_ALL", "hvc" },
	{ 0x00000100, "FLG_APPLICATION_VERIFIER", "vrf" },
	{ 0x00000400, "FLG_POOL_ENABLE_TAGGING", "ptg" },
	{ 0x00000800, "FLG_HEAP_ENABLE_TAGGING", "htg" },
	{ 0x00001000, "FLG_USER_STACK_TRACE_DB", "ust" },
	{ 0x00002000, "FLG_KERNEL_STACK_TRACE_DB", "kst" },
	{ 0x00004000, "FLG_MAINTAIN_OBJECT_TYPELIST", "otl" },
	{ 0x00008000, "FLG_HEAP_ENABLE_TAG_BY_DLL", "htd" },
	{ 0x00010000, "FLG_DISABLE_STACK_EXTENSION", "dse" },
	{ 0x00020000, "FLG_ENABLE_CSRDEBUG", "d32" },
	{ 0x00040000, "FLG_ENABLE_KDEBUG_SYMBOL_LOAD", "ksl" },
	{ 0x00080000, "FLG_DISABLE_PAGE_KERNEL_STACKS", "dps" },
	{ 0x00100000, "FLG_ENABLE_SYSTEM_CRIT_BREAKS", "scb" },
	{ 0x00200000, "FLG_HEAP_DISABLE_COALESCING", "dhc" },
	{ 0x00400000, "FLG_ENABLE_CLOSE_EXCEPTIONS", "ece" },
	{ 0x00800000, "FLG_ENABLE_EXCEPTION_LOGGING", "eel" },
	{ 0x01000000, "FLG_ENABLE_HANDLE_TYPE_TAGGING", "eot" },
	{ 0x02000000, "FLG_HEAP_PAGE_ALLOCS", "hpa" },
	{ 0x04000000, "FLG_DEBUG_INITIAL_COMMAND_EX", "dwl" },
	{ 0x08000000, "FLG_DISABLE_DBGPRINT", "ddp" },
	{ 0x10000000, "FLG_CRITSEC_EVENT_CREATION", "cse" },
	{ 0x40000000, "FLG_ENABLE_HANDLE_EXCEPTIONS", "bhd" },
	{ 0x80000000, "FLG_DISABLE_PROTDLLS", "dpd" },
};

static const struct fmt_flag handle_attrs[] = {
	{ 1, "Protect", NULL },
	{ 2, "Inherit", NULL },
	{ 4, "Audit", NULL },
};

const struct fmt_flag *fmt_gflag_table(size_t *n)
{
	*n = sizeof(gflags) / sizeof(gflags[0]);
	return gflags;
}

/* Append s to buf at *pos, keeping buf NUL-terminated and never overrunning. */
static void append(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos >= len)
		return;
	if (n > len - 1 - *pos)
		n = len - 1 - *pos;
	memcpy(buf + *pos, s, n);
	*pos += n;
	buf[*pos] = '\0';
}

const char *fmt_flags(uint32_t mask, const struct fmt_flag *table, size_t n,
		      char *buf, size_t len)
{
	uint32_t rest = mask;
	size_t pos = 0, i;
	char hex[16];

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (mask == 0) {
		append(buf, len, &pos, "none");
		return buf;
	}
	for (i = 0; i < n; i++) {
		if (!(mask & table[i].bit))
			continue;
		if (pos)
			append(buf, len, &pos, " | ");
		append(buf, len, &pos, table[i].name);
		rest &= ~table[i].bit;
	}
	if (rest) {
		snprintf(hex, sizeof(hex), "0x%" PRIx32, rest);
		if (pos)
			append(buf, len, &pos, " | ");
		append(buf, len, &pos, hex);
	}
	return buf;
}

const char *fmt_gflags(uint32_t mask, char *buf, size_t len)
{
	return fmt_flags(mask, gflags, sizeof(gflags) / sizeof(gflags[0]), buf, len);
}

const char *fmt_handle_attrs(uint8_t attributes, char *buf, size_t len)
{
	return fmt_flags(attributes, handle_attrs,
			 sizeof(handle_attrs) / sizeof(handle_attrs[0]), buf, len);
}

const char *fmt_wait_reason(uint8_t reason, char *buf, size_t len)
{
	static const char *const names[] = {
		"Executive", "FreePage", "PageIn", "PoolAllocation",
		"DelayExecution", "Suspended", "UserRequest", "WrExecutive",
		"WrFreePage", "WrPageIn", "WrPoolAllocation", "WrDelayExecution",
		"WrSuspended", "WrUserRequest", "WrSpare0", "WrQueue",
		"WrLpcReceive", "WrLpcReply", "WrVirtualMemory", "WrPageOut",
		"WrRendezvous", "WrKeyedEvent", "WrTerminated", "WrProcessInSwap",
		"WrCpuRateControl", "WrCalloutStack", "WrKernel", "WrResource",
		"WrPushLock", "WrMutex", "WrQuantumEnd", "WrDispatchInt",
		"WrPreempted", "WrYieldExecution", "WrFastMutex", "WrGuardedMutex",
		"WrRundown", "WrAlertByThreadId", "WrDeferredPreempt",
		"WrPhysicalFault",
	};

	if (reason < sizeof(names) / sizeof(names[0]))
		snprintf(buf, len, "%s", names[reason]);
	else
		snprintf(buf, len, "WaitReason%u", reason);
	return buf;
}
