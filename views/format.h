/* views/format.h — how numbers, sizes, times, addresses, tags and flags are
 * written, shared by the command output (views/cmd_*.c) and the TUI views.
 *
 * Every function writes into a caller's buffer (always NUL-terminated,
 * truncated if short) and returns that buffer, so calls can be used as
 * printf arguments. No function here reads the model or allocates; strings
 * from the dump are NOT escaped here (use ls_escape / out_str for those).
 */
#ifndef LS_FORMAT_H
#define LS_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Buffer sizes large enough for any result of the matching function. */
#define FMT_NUM_MAX    32   /* "18,446,744,073,709,551,615" */
#define FMT_ADDR_MAX   24   /* "ffffc50c`12345678" */
#define FMT_TIME_MAX   32   /* "2026-11-25 21:33:19" / "1:04:15:27.921" */
#define FMT_FLAGS_MAX  512  /* every flag name of a 32-bit mask */

/* 143428 -> "143,428" (thousands grouped with ','). */
const char *fmt_count(uint64_t n, char *buf, size_t len);

/* Bytes in a short human unit: 1023 -> "1023 B", 192867168 -> "183.9 MB",
 * using 1024 steps (B, KB, MB, GB, TB) and one decimal above bytes. */
const char *fmt_bytes(uint64_t bytes, char *buf, size_t len);

/* Bytes as WinDbg's whole kilobytes: 4096 -> "4 Kb" (rounded down). */
const char *fmt_kb(uint64_t bytes, char *buf, size_t len);

/* A percentage with one decimal, "99.6%"; "-" when whole is 0. */
const char *fmt_percent(uint64_t part, uint64_t whole, char *buf, size_t len);

/* A kernel address, 16 hex digits, no prefix: "ffffc50c12345678"
 * (as WinDbg prints EPROCESS / object addresses in !process and !handle). */
const char *fmt_addr(uint64_t addr, char *buf, size_t len);
/* With WinDbg's backtick between the halves: "ffffc50c`12345678". */
const char *fmt_addr_tick(uint64_t addr, char *buf, size_t len);
/* "0x" + minimal hex: "0x1f03ff", "0x0"; the JSON / CSV form of addresses. */
const char *fmt_hex(uint64_t v, char *buf, size_t len);
/* Hex without prefix, zero-padded to at least width digits: (0x4c, 4) ->
 * "004c", (0x1f0003, 6) -> "1f0003" (printf's "%0*llx"). */
const char *fmt_hex_pad(uint64_t v, int width, char *buf, size_t len);

/* A Windows FILETIME (100 ns since 1601-01-01 UTC) as
 * "2026-11-25 21:33:19"; 0 -> "-". */
const char *fmt_filetime(uint64_t filetime, char *buf, size_t len);

/* Ticks (with the 8.24 fixed-point ms-per-tick multiplier) as WinDbg shows
 * a wait age: "0:04:15:27.921" (days:hh:mm:ss.mmm). A multiplier of 0 means
 * unknown and uses the usual 15.625 ms tick. */
const char *fmt_tick_age(uint64_t ticks, uint32_t multiplier, char *buf, size_t len);

/* Ticks as WinDbg's UserTime / KernelTime: "00:00:01.2500"
 * (hh:mm:ss.ffff, hours may exceed 99). */
const char *fmt_tick_time(uint64_t ticks, uint32_t multiplier, char *buf, size_t len);

/* Milliseconds a tick count stands for (multiplier 0 = 15.625 ms/tick). */
uint64_t fmt_ticks_to_ms(uint64_t ticks, uint32_t multiplier);

/* A pool tag as its 4 characters ("Thre", "Ob  "); bytes that are not
 * printable ASCII become '?'. buf must hold at least 5 bytes. */
const char *fmt_tag(uint32_t tag, char *buf, size_t len);

/* One named bit of a flag word. */
struct fmt_flag {
	uint32_t bit;
	const char *name;   /* "FLG_APPLICATION_VERIFIER" */
	const char *abbrev; /* gflags abbreviation "vrf", or NULL */
};

/* The NtGlobalFlag bits leakscope names (FLG_*), ordered by bit; n = count. */
const struct fmt_flag *fmt_gflag_table(size_t *n);

/* Names of the set bits of mask from a table, joined by " | "; bits not in
 * the table are added as one "0x..." item; 0 -> "none". */
const char *fmt_flags(uint32_t mask, const struct fmt_flag *table, size_t n,
		      char *buf, size_t len);

/* NtGlobalFlag names: 0x100 -> "FLG_APPLICATION_VERIFIER". */
const char *fmt_gflags(uint32_t mask, char *buf, size_t len);

/* Handle attributes: 1 -> "Protect", 2 -> "Inherit", 4 -> "Audit",
 * joined by " | "; 0 -> "none". */
const char *fmt_handle_attrs(uint8_t attributes, char *buf, size_t len);

/* A Windows KWAIT_REASON as WinDbg names it ("Executive", "WrQueue");
 * "WaitReason<N>" (in buf) for values past the table. */
const char *fmt_wait_reason(uint8_t reason, char *buf, size_t len);

#endif
