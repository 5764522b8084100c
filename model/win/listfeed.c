/* model/win/listfeed.c — a list's elements read ahead in a helper thread.
 *
 * One producer (the helper) and one consumer (the walk) share a ring of
 * FEED_SLOTS elements. The helper fills slot n % FEED_SLOTS, then
 * publishes n + 1 in `produced` (release); the walk takes a slot, then
 * publishes its count in `consumed` (release), which frees the slot. Each
 * side only waits for the other's counter, spinning briefly and then
 * yielding the CPU, so a helper that shares one CPU with the walk (a busy
 * machine) still gets to run.
 *
 * The work balances itself. Following a link costs the helper one read
 * of the page that holds it (the page fault, the TLB and cache misses);
 * copying the rest of the element is work either side can do once that
 * page is in. When the helper is well ahead (COPY_AHEAD elements or more
 * not yet taken) it copies the whole element into the slot; when the
 * walk is catching up it only follows the link, and the walk copies the
 * element itself from the page the helper brought in. Measured at scale
 * 1 (309 082 ETHREADs): copying always left the walk waiting ~130 ms;
 * following links only left the helper waiting ~100 ms; balanced, each
 * waits ~20-30 ms.
 */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
#include "listfeed.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "kread.h"

#define FEED_SLOTS   256u     /* elements the helper may run ahead */
#define COPY_AHEAD   32u      /* this far ahead, the helper copies elements */
#define PREFETCH_AT  8u       /* the walk prefetches this many slots ahead */
#define SPIN_LIMIT   256u     /* busy waits before yielding the CPU */

struct list_feed {
	struct list_feed_spec s;
	struct win_kread *kr;     /* the helper's own reader */
	struct win_kread *own;    /* the walk's, for elements it copies */
	size_t need, stride;      /* bytes per element, and per slot */
	uint8_t *slots;
	uint64_t elem[FEED_SLOTS];
	bool copied[FEED_SLOTS];  /* the slot holds the element's bytes */
	atomic_ullong produced;   /* written by the helper */
	atomic_ullong consumed;   /* written by the walk */
	atomic_bool stop;         /* the walk asks the helper to end */
	atomic_bool done;         /* the helper has ended */
	bool given_up;            /* the walk's side: no more takes */
	pthread_t helper;
};

static void relax(unsigned *spins)
{
	if (++*spins < SPIN_LIMIT) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#elif defined(__aarch64__)
		__asm__ volatile("yield");
#endif
		return;
	}
	sched_yield();
}

static bool two_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) >= 2;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Wait until slot n is free; false if asked to stop meanwhile. */
static bool wait_for_room(struct list_feed *f, uint64_t n)
{
	unsigned spins = 0;

	while (n - atomic_load_explicit(&f->consumed, memory_order_acquire) >= FEED_SLOTS) {
		if (atomic_load_explicit(&f->stop, memory_order_relaxed))
			return false;
		relax(&spins);
	}
	return !atomic_load_explicit(&f->stop, memory_order_relaxed);
}

static void *chase(void *arg)
{
	struct list_feed *f = arg;
	const struct list_feed_spec *s = &f->s;
	uint64_t link = s->link, n = 0;

	while (n < s->max && link != s->head && link && dump_va_canonical(link) &&
	       wait_for_room(f, n)) {
		uint64_t elem = link - (uint64_t)s->entry_off;
		unsigned at = (unsigned)(n % FEED_SLOTS);
		uint8_t *slot = f->slots + at * f->stride;
		bool copy = n - atomic_load_explicit(&f->consumed, memory_order_relaxed) >=
			    COPY_AHEAD;

		if (copy) {
			if (!win_kread_mapped(f->kr, elem - s->below, slot, f->need))
				break;
			link = le64(slot + s->below + (size_t)s->entry_off);
		} else {
			uint8_t next[8];

			/* the walk copies it, from the page this read brings in */
			if (!win_kread_mapped(f->kr, link, next, sizeof(next)))
				break;
			link = le64(next);
		}
		f->elem[at] = elem;
		f->copied[at] = copy;
		atomic_store_explicit(&f->produced, ++n, memory_order_release);
	}
	atomic_store_explicit(&f->done, true, memory_order_release);
	return NULL;
}

/* Start the helper with every signal blocked (it inherits the mask), so
 * signals (SIGWINCH, SIGINT) keep going to the thread that handles them. */
static bool start_helper(struct list_feed *f)
{
	sigset_t all, old;
	bool ok;

	sigfillset(&all);
	if (pthread_sigmask(SIG_SETMASK, &all, &old) != 0)
		return false;
	ok = pthread_create(&f->helper, NULL, chase, f) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ok;
}

/* The first link can be followed in place. */
static bool in_place(struct list_feed *f)
{
	uint8_t next[8];

	return f->s.link && dump_va_canonical(f->s.link) &&
	       win_kread_mapped(f->kr, f->s.link, next, sizeof(next));
}

struct list_feed *list_feed_start(struct dump *d, const struct list_feed_spec *s)
{
	const char *serial = getenv("LEAKSCOPE_SERIAL");
	struct list_feed *f;

	if ((serial && strcmp(serial, "0") != 0) || s->entry_off < 0 ||
	    (size_t)s->entry_off + 8 > s->len || !two_cpus())
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->s = *s;
	f->need = s->below + s->len;
	f->stride = (f->need + 63) & ~(size_t)63;
	f->kr = win_kread_create(d, s->dtb);
	f->own = win_kread_create(d, s->dtb);
	f->slots = malloc(FEED_SLOTS * f->stride);
	atomic_init(&f->produced, 0);
	atomic_init(&f->consumed, 0);
	atomic_init(&f->stop, false);
	atomic_init(&f->done, false);
	/* a dump not read in place (compressed) would end the feed at once:
	 * then no thread at all */
	if (!f->kr || !f->own || !f->slots || !in_place(f) || !start_helper(f)) {
		win_kread_destroy(f->kr);
		win_kread_destroy(f->own);
		free(f->slots);
		free(f);
		return NULL;
	}
	return f;
}

/* The walk side gives up: the helper is told to end. */
static bool give_up(struct list_feed *f)
{
	f->given_up = true;
	atomic_store_explicit(&f->stop, true, memory_order_relaxed);
	return false;
}

bool list_feed_take(struct list_feed *f, uint64_t elem, uint8_t *buf)
{
	uint64_t i, produced;
	unsigned spins = 0, at;

	if (!f || f->given_up)
		return false;
	i = atomic_load_explicit(&f->consumed, memory_order_relaxed);
	while ((produced = atomic_load_explicit(&f->produced, memory_order_acquire)) <= i) {
		if (atomic_load_explicit(&f->done, memory_order_acquire) &&
		    atomic_load_explicit(&f->produced, memory_order_acquire) <= i)
			return give_up(f);
		relax(&spins);
	}
	at = (unsigned)(i % FEED_SLOTS);
	if (f->elem[at] != elem)
		return give_up(f);   /* the walk went elsewhere (it judged a link bad) */
	if (i + PREFETCH_AT < produced) {
		unsigned ahead = (unsigned)((i + PREFETCH_AT) % FEED_SLOTS);

		if (!f->copied[ahead])
			win_kread_prefetch(f->own, f->elem[ahead] - f->s.below, f->need);
	}
	if (f->copied[at])
		memcpy(buf, f->slots + at * f->stride, f->need);
	else if (!win_kread_mapped(f->own, elem - f->s.below, buf, f->need))
		return give_up(f);
	atomic_store_explicit(&f->consumed, i + 1, memory_order_release);
	return true;
}

void list_feed_stop(struct list_feed *f)
{
	if (!f)
		return;
	atomic_store_explicit(&f->stop, true, memory_order_relaxed);
	pthread_join(f->helper, NULL);
	win_kread_destroy(f->kr);
	win_kread_destroy(f->own);
	free(f->slots);
	free(f);
}
