// SPDX-License-Identifier: GPL-2.0
/*
 * A structure-aware fuzzer of gupnuma's user interfaces: /dev/gupnuma's
 * ioctls and every writable file under /sys/kernel/mm/gupnuma/.
 *
 *   fuzz_test [-s SEED] [-n CALLS] [-t THREADS] [-w SYSFS_WRITES]
 *
 * THREADS threads share three open files and make CALLS ioctls in all:
 * valid and invalid commands and sizes; every field of the arguments at
 * random and at its boundaries; arguments and result buffers that are
 * unmapped, read-only, short, or kernel addresses; ranges over populated,
 * THP, PROT_NONE (of 4K pages and of THPs), read-only, unmapped, shared,
 * file (memfd) and userfaultfd-registered memory, which another thread keeps changing
 * (MADV_DONTNEED, mprotect, remapping); mirror create/access/stats/destroy in
 * any order.  Each thread's every HUGE_EVERY-th call (25,000) is a lookup
 * of GUPNUMA_MAX_PAGES pages, its other fields valid: seconds each on the
 * debug kernel, so their number is fixed, not drawn (a run of 100,000 calls
 * took 145 to 249 s there as 4 to 20 of them fell).  One range in eight, at
 * most 32 pages long, starts near an edge
 * of the address space as /proc/self/maps shows it at the start: within 16
 * pages of a VMA's start or end, below the stack (its guard gap), at the
 * vsyscall page where there is one (a kernel address: EFAULT).  Meanwhile a
 * thread writes random and edge strings to the sysfs files, SYSFS_WRITES in
 * all.
 *
 * A call passes if it succeeds with results that check out (counts within
 * the range, per-page states that agree with the counts, no page found in a
 * hole, no hinting fault in a PROT_NONE VMA) or fails with an errno that
 * docs/admin-guide.md lists for that command.  Each thread's choices come
 * from SEED (printed; -s replays it), though the interleaving of the threads
 * does not.  Prints TAP and the count of each return.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <numa.h>

#include "../../lib/gupnuma_dev.h"
#include "../../lib/tied_child.h"

#define PAGE		4096UL
#define REGION_PAGES	64
#define KERNEL_ADDR	0xffff888000000000UL
#define NFDS		3
#define MAX_THREADS	8
#define MAX_BUF_PAGES	1024	/* result buffers up to this many entries */

/* Every errno docs/admin-guide.md ("Errors:") lists, per command. */
enum cmd { C_LOOKUP, C_CREATE, C_ACCESS, C_DESTROY, C_STATS, C_OTHER, NR_CMDS };
static const char * const cmd_name[NR_CMDS] = {
	"LOOKUP", "MIRROR_CREATE", "MIRROR_ACCESS", "MIRROR_DESTROY", "MIRROR_STATS", "unknown",
};
static const int documented[NR_CMDS][8] = {
	[C_LOOKUP] = { EINVAL, EFAULT, EPERM, ESRCH, EOPNOTSUPP, ENOMEM },
	[C_CREATE] = { EINVAL, EFAULT, EBUSY, EOPNOTSUPP, ENOMEM },
	[C_ACCESS] = { EINVAL, EFAULT, ENOENT, EBUSY, ENOMEM },
	[C_DESTROY] = { ENOENT },
	[C_STATS] = { ENOENT, EFAULT },
	[C_OTHER] = { ENOTTY },
};

/* The memory the calls point into: one region of each kind. */
enum kind { K_ANON, K_THP, K_PROTNONE, K_THP_PROTNONE, K_RDONLY, K_HOLE, K_SHARED, K_FILE,
	    K_UFFD, NR_KINDS };
static const char * const kind_name[NR_KINDS] = {
	"anon", "thp", "prot_none", "thp_prot_none", "read-only", "hole", "shared", "memfd",
	"userfaultfd",
};
/* the kinds of PROT_NONE VMAs, where no lookup may take a hinting fault */
#define prot_none_kind(k) ((k) == K_PROTNONE || (k) == K_THP_PROTNONE)
/* the kinds whose memory is THPs */
#define thp_kind(k) ((k) == K_THP || (k) == K_THP_PROTNONE)
static struct region {
	char *addr;
	size_t pages;
} regions[NR_KINDS];
#define MAX_EDGES	1024	/* 512 VMAs */
static uint64_t edges[MAX_EDGES];	/* VMA starts and ends at the start */
static unsigned int nedges;
static int memfd = -1, uffd = -1;
static char *unmapped, *rdonly_buf, *short_buf;	/* bad buffers */
static size_t short_entries;

static int fds[NFDS];
static unsigned int npolicies;
static int nr_nodes;
static pid_t child = -1;
static atomic_bool stop;

/* Counts: per command, per errno (0: success); failures. */
static atomic_ulong counts[NR_CMDS][134];
static atomic_ulong failures, sysfs_failures, mutations, uffd_faults, sysfs_writes, sysfs_refused;
/* ioctls of SLOW_CALL_S or more: how many, their ms in all, the longest's */
#define SLOW_CALL_S 0.5
static atomic_ulong slow_calls, slow_ms, slowest_ms;
static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;

static void fail_in(atomic_ulong *counter, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void fail_in(atomic_ulong *counter, const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(counter, 1) >= 20)
		return;
	pthread_mutex_lock(&fail_lock);
	printf("# FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pthread_mutex_unlock(&fail_lock);
}

#define fail(...) fail_in(&failures, __VA_ARGS__)
#define sysfs_fail(...) fail_in(&sysfs_failures, __VA_ARGS__)

/* xorshift64*: one stream per thread. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(uint64_t *s, uint64_t n)
{
	return n ? next(s) % n : 0;
}

static bool one_in(uint64_t *s, unsigned int n)
{
	return below(s, n) == 0;
}

/*
 * A third of the calls are to fail: one field of each, chosen as the
 * arguments are built, gets a bad value; every other field is valid, so that
 * the refusal is that field's and the valid calls reach deep.
 */
static __thread bool corrupt;
/* this call is one of the thread's lookups of GUPNUMA_MAX_PAGES pages */
#define HUGE_EVERY	25000
static __thread bool huge_turn;
static atomic_ulong huge_calls;

static bool bad(uint64_t *s)
{
	if (!corrupt || !one_in(s, 3))
		return false;
	corrupt = false;
	return true;
}

/* A u32 field: @special or in [0, @nr); or, if bad, a bound or anything. */
static uint32_t field32(uint64_t *s, uint32_t nr, uint32_t special)
{
	static const uint32_t edge[] = { 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff };

	if (bad(s)) {
		switch (below(s, 3)) {
		case 0:
			return edge[below(s, sizeof(edge) / sizeof(edge[0]))];
		case 1:
			return nr + (uint32_t)below(s, 3);
		default:
			return (uint32_t)next(s) | 0x100;
		}
	}
	return one_in(s, 4) ? special : (uint32_t)below(s, nr);
}

static char *map_kind(enum kind k, char *at)
{
	int fixed = at ? MAP_FIXED : 0, prot = PROT_READ | PROT_WRITE;
	size_t size = regions[k].pages * PAGE;
	char *p;

	if (k == K_SHARED)
		p = mmap(at, size, prot, MAP_SHARED | MAP_ANONYMOUS | fixed, -1, 0);
	else if (k == K_FILE)
		p = mmap(at, size, prot, MAP_SHARED | fixed, memfd, 0);
	else
		p = mmap(at, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | fixed, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (k == K_THP)
		madvise(p, size, MADV_HUGEPAGE);
	if (k != K_UFFD)
		memset(p, 0x5a, size);
	if (k == K_PROTNONE)
		mprotect(p, size, PROT_NONE);
	if (k == K_RDONLY)
		mprotect(p, size, PROT_READ);
	if (k == K_UFFD && uffd >= 0) {
		struct uffdio_register r = {
			.range = { .start = (uintptr_t)p, .len = size },
			.mode = UFFDIO_REGISTER_MODE_MISSING,
		};

		if (ioctl(uffd, UFFDIO_REGISTER, &r))
			memset(p, 0x5a, size);	/* plain memory then */
	}
	return p;
}

/* Resolve every missing fault with a zero page, as a userfaultfd manager would. */
static void *uffd_handler(void *arg)
{
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;

	(void)arg;
	while (!atomic_load(&stop)) {
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		if (read(uffd, &msg, sizeof(msg)) != sizeof(msg) || msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		struct uffdio_zeropage z = {
			.range = { .start = msg.arg.pagefault.address & ~(PAGE - 1), .len = PAGE },
		};
		ioctl(uffd, UFFDIO_ZEROPAGE, &z);
		atomic_fetch_add(&uffd_faults, 1);
	}
	return NULL;
}

static int setup_memory(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	char *raw;
	int k;

	memfd = memfd_create("fuzz", 0);
	if (memfd < 0 || ftruncate(memfd, REGION_PAGES * PAGE))
		return -1;
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd >= 0 && ioctl(uffd, UFFDIO_API, &api)) {
		close(uffd);
		uffd = -1;
	}
	for (k = 0; k < NR_KINDS; k++) {
		regions[k].pages = thp_kind(k) ? 1024 : REGION_PAGES;
		if (thp_kind(k)) {
			raw = gn_map_aligned(regions[k].pages * PAGE, true, NULL);
			if (!raw)
				return -1;
			memset(raw, 0x5a, regions[k].pages * PAGE);
			/* PMDs made protnone: the walk's THP paths at protnone */
			if (k == K_THP_PROTNONE)
				mprotect(raw, regions[k].pages * PAGE, PROT_NONE);
			regions[k].addr = raw;
			continue;
		}
		regions[k].addr = map_kind(k, NULL);
		if (!regions[k].addr)
			return -1;
	}
	rdonly_buf = mmap(NULL, MAX_BUF_PAGES * sizeof(struct gupnuma_page), PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* a buffer of 10 entries followed by an unmapped page */
	raw = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (rdonly_buf == MAP_FAILED || raw == MAP_FAILED)
		return -1;
	munmap(raw + PAGE, PAGE);
	short_entries = 10;
	short_buf = raw + PAGE - short_entries * sizeof(struct gupnuma_page);
	/* last: a later mapping would fill the hole (mmap() reuses the gap) */
	munmap(regions[K_HOLE].addr, regions[K_HOLE].pages * PAGE);
	unmapped = regions[K_HOLE].addr;
	return 0;
}

/* Every VMA's start and end, from /proc/self/maps, into edges[]. */
static void find_edges(void)
{
	unsigned long start, end;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return;
	while (nedges + 2 <= MAX_EDGES && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx", &start, &end) != 2)
			continue;
		edges[nedges++] = start;
		edges[nedges++] = end;
	}
	fclose(f);
}

/* Keep changing the memory under the calls (not the hole, not prot_none's protection). */
static void *mutator(void *arg)
{
	uint64_t s = *(uint64_t *)arg;

	while (!atomic_load(&stop)) {
		enum kind k = below(&s, NR_KINDS);
		struct region *r = &regions[k];
		size_t off = below(&s, r->pages) * PAGE, len = (1 + below(&s, 16)) * PAGE;

		if (k == K_HOLE || k == K_THP_PROTNONE)
			continue;
		if (off + len > r->pages * PAGE)
			len = r->pages * PAGE - off;
		switch (below(&s, 5)) {
		case 0:
			madvise(r->addr + off, len, MADV_DONTNEED);
			break;
		case 1:
			if (k == K_ANON || k == K_SHARED || k == K_FILE) {
				mprotect(r->addr + off, len, PROT_NONE);
				usleep(200);
				mprotect(r->addr + off, len, PROT_READ | PROT_WRITE);
			}
			break;
		case 2:
			if (k == K_ANON || k == K_SHARED || k == K_FILE)
				map_kind(k, r->addr);	/* the same range, a new mapping */
			break;
		case 3:
			if (k == K_THP)
				madvise(r->addr, r->pages * PAGE, 25 /* MADV_COLLAPSE */);
			break;
		default:
			if (k != K_PROTNONE && k != K_RDONLY && k != K_UFFD)
				memset(r->addr + off, 0x33, len);
			break;
		}
		atomic_fetch_add(&mutations, 1);
		usleep(500);
	}
	return NULL;
}

/*
 * call() - ioctl @req, as command @c of the counts; an errno the docs do not
 * list for @c fails the run.  Return: the ioctl's return.
 */
static int call(enum cmd c, int fd, unsigned long req, void *arg)
{
	double t0 = gn_now();
	int ret = ioctl(fd, req, arg), err = errno, e = ret ? err : 0, i;
	unsigned long ms = (gn_now() - t0) * 1000, max;

	atomic_fetch_add(&counts[c][e < 134 ? e : 133], 1);
	if (ms >= SLOW_CALL_S * 1000) {
		atomic_fetch_add(&slow_calls, 1);
		atomic_fetch_add(&slow_ms, ms);
		max = atomic_load(&slowest_ms);
		while (ms > max && !atomic_compare_exchange_weak(&slowest_ms, &max, ms))
			;
	}
	if (!ret)
		return 0;
	for (i = 0; i < 8 && documented[c][i]; i++)
		if (documented[c][i] == err)
			return ret;
	fail("%s returned %s (errno %d), which the docs do not list", cmd_name[c], strerror(err), err);
	return ret;
}

static enum kind kind_of(uint64_t addr)
{
	int k;

	for (k = 0; k < NR_KINDS; k++)
		if (addr >= (uintptr_t)regions[k].addr &&
		    addr < (uintptr_t)regions[k].addr + regions[k].pages * PAGE)
			return k;
	return NR_KINDS;
}

/* Nothing is mapped at @addr (mincore() fails with ENOMEM there). */
static bool still_a_hole(uint64_t addr)
{
	unsigned char vec;

	return mincore((void *)(uintptr_t)addr, PAGE, &vec) && errno == ENOMEM;
}

/* A successful lookup's results must check out. */
static void check_lookup(const struct gupnuma_lookup_args *a, const struct gupnuma_page *pages,
			 uint64_t seed)
{
	uint64_t found = 0, protnone = 0, errors = 0, dsum = 0, i;
	enum kind k = kind_of(a->addr);
	bool in_one = k < NR_KINDS &&
		      a->addr + a->npages * PAGE <= (uintptr_t)regions[k].addr + regions[k].pages * PAGE;

	for (i = 0; i < 4; i++)
		dsum += a->decisions[i];
	if (a->done != a->npages || a->found > a->done || a->protnone > a->done ||
	    a->errors > a->done || dsum > 2 * a->protnone || a->hint_faults > 2 * a->done)
		fail("lookup (seed %llu): counts out of range: npages %llu done %llu found %llu protnone %llu errors %llu decisions %llu hints %llu",
		     (unsigned long long)seed, (unsigned long long)a->npages,
		     (unsigned long long)a->done, (unsigned long long)a->found,
		     (unsigned long long)a->protnone, (unsigned long long)a->errors,
		     (unsigned long long)dsum, (unsigned long long)a->hint_faults);
	if (in_one && prot_none_kind(k) && a->pid == 0 && a->hint_faults)
		fail("lookup (seed %llu): %llu hinting faults in a PROT_NONE VMA",
		     (unsigned long long)seed, (unsigned long long)a->hint_faults);
	if (!pages)
		return;
	for (i = 0; i < a->npages; i++) {
		const struct gupnuma_page *p = &pages[i];

		found += !!(p->state & GUPNUMA_PAGE_PRESENT);
		protnone += !!(p->state & GUPNUMA_PAGE_PROTNONE);
		errors += !!(p->state & GUPNUMA_PAGE_ERROR);
		if ((p->state & ~0xffU) || p->reserved ||
		    ((p->state & GUPNUMA_PAGE_PRESENT) && (p->node < -1 || p->node >= nr_nodes)) ||
		    ((p->state & GUPNUMA_PAGE_ASKED) &&
		     (p->decision >= GUPNUMA_NR_DECISIONS || p->reason >= GUPNUMA_NR_REASONS)) ||
		    ((p->state & GUPNUMA_PAGE_ERROR) ? p->error >= 0 || p->error < -4095 : p->error)) {
			fail("lookup (seed %llu): page %llu: state %#x node %d decision %u reason %u error %d",
			     (unsigned long long)seed, (unsigned long long)i, p->state, p->node,
			     p->decision, p->reason, p->error);
			return;
		}
		if (a->pid == 0 && kind_of(a->addr + i * PAGE) == K_HOLE &&
		    (p->state & GUPNUMA_PAGE_PRESENT) && still_a_hole(a->addr + i * PAGE))
			fail("lookup (seed %llu): a page found in a hole", (unsigned long long)seed);
		if (a->pid == 0 && prot_none_kind(kind_of(a->addr + i * PAGE)) &&
		    (p->state & GUPNUMA_PAGE_HINT_FAULT))
			fail("lookup (seed %llu): a hinting fault in a PROT_NONE VMA",
			     (unsigned long long)seed);
	}
	if (found != a->found || protnone != a->protnone || errors != a->errors)
		fail("lookup (seed %llu): pages say %llu/%llu/%llu found/protnone/errors, counts %llu/%llu/%llu",
		     (unsigned long long)seed, (unsigned long long)found,
		     (unsigned long long)protnone, (unsigned long long)errors,
		     (unsigned long long)a->found, (unsigned long long)a->protnone,
		     (unsigned long long)a->errors);
}

/* A pointer for an argument or result: @good, or, if bad, a bad one. */
static void *pointer(uint64_t *s, void *good)
{
	static void * const kernel = (void *)KERNEL_ADDR;

	if (!bad(s))
		return good;
	switch (below(s, 4)) {
	case 0:
		return NULL;
	case 1:
		return unmapped;
	case 2:
		return kernel;
	default:
		return rdonly_buf;
	}
}

static uint64_t address(uint64_t *s, __u64 *npages)
{
	static const uint64_t edge[] = {
		0, PAGE, 1, KERNEL_ADDR, 0x7ffffffff000ULL, 0xfffffffffffff000ULL,
		0x0000800000000000ULL,
	};
	struct region *r = &regions[below(s, NR_KINDS)];
	uint64_t off;

	if (bad(s))
		return edge[below(s, sizeof(edge) / sizeof(edge[0]))];
	if (nedges && !huge_turn && one_in(s, 8)) {	/* within 16 pages of a VMA's edge */
		/* across the edge, not into the VMA (a bad count stays bad) */
		if (*npages > 32 && *npages <= GUPNUMA_MAX_PAGES)
			*npages = 1 + below(s, 32);
		return edges[below(s, nedges)] + (below(s, 33) - 16) * PAGE;
	}
	off = below(s, r->pages);
	if (*npages <= r->pages && off + *npages > r->pages && !one_in(s, 4))
		off = r->pages - *npages;
	return (uintptr_t)r->addr + off * PAGE + (bad(s) ? 1 + below(s, PAGE - 1) : 0);
}

static uint64_t page_count(uint64_t *s)
{
	static const uint64_t edge[] = { 0, GUPNUMA_MAX_PAGES + 1ULL, 1ULL << 52, ~0ULL };

	if (huge_turn)		/* the most one call takes: seconds */
		return GUPNUMA_MAX_PAGES;
	if (bad(s))
		return edge[below(s, sizeof(edge) / sizeof(edge[0]))];
	if (one_in(s, 8))
		return 1 + below(s, MAX_BUF_PAGES);
	return 1 + below(s, 16);
}

static pid_t target_pid(uint64_t *s)
{
	if (bad(s))
		return one_in(s, 2) ? 0x7ffffff0 /* no such process */ : -1;
	switch (below(s, 16)) {
	case 0:
		return getpid();
	case 1:
		return child;
	case 2:
		return 1;
	default:
		return 0;
	}
}

static void fuzz_lookup(uint64_t *s, int fd, struct gupnuma_page *buf, uint64_t seed)
{
	struct gupnuma_lookup_args a = {}, *arg = &a;
	struct gupnuma_page *pages = NULL;
	int ret;

	a.npages = page_count(s);
	a.addr = address(s, &a.npages);
	a.pid = target_pid(s);
	a.caller = field32(s, GUPNUMA_NR_CALLERS, 0);
	a.flags = (uint32_t)below(s, GUPNUMA_LOOKUP_ALL + 1);
	if ((a.flags & GUPNUMA_LOOKUP_GET) && (a.flags & GUPNUMA_LOOKUP_PIN))
		a.flags &= one_in(s, 2) ? ~GUPNUMA_LOOKUP_GET : ~GUPNUMA_LOOKUP_PIN;
	if (bad(s))
		a.flags = one_in(s, 2) ? (uint32_t)next(s) | 0x80 :
			  GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_PIN;
	a.engine = field32(s, GUPNUMA_NR_ENGINES, GUPNUMA_ACTIVE);
	a.policy = field32(s, npolicies, GUPNUMA_ACTIVE);
	a.cpu = one_in(s, 4) ? field32(s, 2, GUPNUMA_CPU_ANY) : GUPNUMA_CPU_ANY;
	a.reserved = bad(s) ? next(s) | 1 : 0;
	/* the whole of GUPNUMA_MAX_PAGES only into no buffer: 2^20 pages take seconds */
	if (a.npages == 1ULL << 20 || !one_in(s, 3))
		pages = a.npages <= MAX_BUF_PAGES ? buf : NULL;
	if (pages && a.npages > short_entries && bad(s))
		pages = (void *)short_buf;
	else if (pages)
		pages = pointer(s, buf);
	a.pages = (uintptr_t)pages;
	arg = pointer(s, &a);
	ret = call(C_LOOKUP, fd, GUPNUMA_IOC_LOOKUP, arg);
	if (!ret && arg == &a)
		check_lookup(&a, pages == buf ? buf : NULL, seed);
}

/* at_most() - fail the run if a result's count @got exceeds its @npages */
static void at_most(const char *what, unsigned long long got, unsigned long long npages)
{
	if (got > npages)
		fail("%s %llu of %llu pages", what, got, npages);
}

static void fuzz_mirror(uint64_t *s, int fd)
{
	struct gupnuma_mirror_args m = {}, *arg = &m;
	struct gupnuma_mirror_stats st, *sp = &st;
	int ret;

	arg = pointer(s, &m);
	switch (below(s, 8)) {
	case 0:
		/* the most pages a mirror takes, now and then: an 8 MiB table */
		m.npages = one_in(s, 5000) ? GUPNUMA_MAX_PAGES : page_count(s);
		m.addr = address(s, &m.npages);
		m.engine = field32(s, GUPNUMA_NR_ENGINES, GUPNUMA_ACTIVE);
		m.cpu = bad(s) ? (uint32_t)below(s, 2) : GUPNUMA_CPU_ANY;
		m.offset = bad(s) ? next(s) | 1 : 0;
		m.flags = bad(s) ? (uint32_t)next(s) | 1 : 0;
		ret = call(C_CREATE, fd, GUPNUMA_IOC_MIRROR_CREATE, arg);
		break;
	case 1:
		call(C_DESTROY, fd, GUPNUMA_IOC_MIRROR_DESTROY, NULL);
		break;
	case 2:
		sp = pointer(s, &st);
		ret = call(C_STATS, fd, GUPNUMA_IOC_MIRROR_STATS, sp);
		if (!ret && sp == &st)
			at_most("mirror stats: valid", st.valid, st.npages);
		break;
	default:
		m.npages = bad(s) ? page_count(s) | 1ULL << 40 : 1 + below(s, 64);
		m.offset = bad(s) ? next(s) | 1ULL << 40 : below(s, 64);
		m.flags = bad(s) ? (uint32_t)next(s) | 2 : (uint32_t)below(s, 2);
		m.cpu = one_in(s, 4) ? field32(s, 2, GUPNUMA_CPU_ANY) : GUPNUMA_CPU_ANY;
		m.addr = bad(s) ? next(s) | 1 : 0;
		m.engine = bad(s) ? (uint32_t)next(s) | 1 : 0;
		ret = call(C_ACCESS, fd, GUPNUMA_IOC_MIRROR_ACCESS, arg);
		if (!ret && arg == &m && !gn_mirror_counts_ok(&m, m.npages))
			fail("mirror access of %llu pages: %llu hits, %llu faults, %llu retries",
			     (unsigned long long)m.npages, (unsigned long long)m.hits,
			     (unsigned long long)m.faults, (unsigned long long)m.retries);
		break;
	}
}

/* Commands that are not ours: another number, size or direction. */
static void fuzz_other(uint64_t *s, int fd)
{
	static const unsigned long known[] = {
		GUPNUMA_IOC_LOOKUP, GUPNUMA_IOC_MIRROR_CREATE, GUPNUMA_IOC_MIRROR_ACCESS,
		GUPNUMA_IOC_MIRROR_DESTROY, GUPNUMA_IOC_MIRROR_STATS,
	};
	unsigned long cmd;
	unsigned int i;
	char buf[512] = {};

	do {
		cmd = one_in(s, 2) ? known[below(s, 5)] ^ (1UL << below(s, 32)) : (uint32_t)next(s);
		for (i = 0; i < 5 && cmd != known[i]; i++)
			;
	} while (i < 5);
	call(C_OTHER, fd, cmd, buf);
}

struct worker {
	pthread_t thread;
	uint64_t seed;
	unsigned long calls;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	uint64_t s = w->seed;
	struct gupnuma_page *buf = calloc(MAX_BUF_PAGES, sizeof(*buf));
	unsigned long i;

	for (i = 0; i < w->calls && buf; i++) {
		int fd = fds[below(&s, NFDS)];
		uint64_t call_seed = s;

		corrupt = one_in(&s, 3);
		huge_turn = i % HUGE_EVERY == HUGE_EVERY - 1;
		if (huge_turn) {
			corrupt = false;
			atomic_fetch_add(&huge_calls, 1);
			fuzz_lookup(&s, fd, buf, call_seed);
			continue;
		}
		switch (below(&s, 10)) {
		case 0:
			fuzz_other(&s, fd);
			break;
		case 1:
		case 2:
		case 3:
			fuzz_mirror(&s, fd);
			break;
		default:
			fuzz_lookup(&s, fd, buf, call_seed);
			break;
		}
	}
	free(buf);
	return NULL;
}

/* sysfs: every writable file under GUPNUMA_SYSFS_DIR. */
#define MAX_FILES 32
static char files[MAX_FILES][200];
static char saved[MAX_FILES][4096];
/* the active entry of a list file (policy, engine), else empty */
static char saved_active[MAX_FILES][GN_POLICY_NAME_LEN];
static int nfiles;

static void find_writable(const char *dir)	/* @dir: under 200 bytes */
{
	char path[512];
	struct dirent *d;
	struct stat st;
	DIR *dp = opendir(dir);

	while (dp && (d = readdir(dp)) && nfiles < MAX_FILES) {
		if (d->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >= (int)sizeof(path))
			continue;
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			find_writable(path);
		else if (S_ISREG(st.st_mode) && (st.st_mode & 0200) &&
			 strlen(path) < sizeof(files[0]) + strlen(GUPNUMA_SYSFS_DIR))
			strcpy(files[nfiles++], path + strlen(GUPNUMA_SYSFS_DIR) + 1);
	}
	if (dp)
		closedir(dp);
}

static size_t sysfs_value(uint64_t *s, char *v, size_t max)
{
	static const char * const words[] = {
		"v3.8", "v6.1", "v6.5", "v6.6", "never", "skip-pinned", "pin-honors", "custom",
		"kernel", "walk", "gup", "hmm", "0", "1", "-1", "2", "on", "off", "follow", "fault",
		"fail", "gup-fast", "secondary-mmu", "inspect", "smaps", "dump", "populate",
		"\n", ";", " ", "\t", "\0", "\xff", "%s%n", "4294967296",
	};
	size_t len = 0, n = below(s, 8), i;

	if (one_in(s, 50)) {		/* long */
		len = max - 1 - below(s, 16);
		for (i = 0; i < len; i++)
			v[i] = "ab ;\n"[below(s, 5)];
		return len;
	}
	for (i = 0; i < n; i++) {
		const char *w = words[below(s, sizeof(words) / sizeof(words[0]))];
		size_t wl = w[0] ? strlen(w) : 1;

		if (len + wl + 1 >= max)
			break;
		memcpy(v + len, w, wl);
		len += wl;
		if (one_in(s, 2))
			v[len++] = " \n;"[below(s, 3)];
	}
	return len;
}

static void *sysfs_fuzz(void *arg)
{
	uint64_t s = *(uint64_t *)arg;
	unsigned long n = *((unsigned long *)arg + 1), i;
	char v[5000], path[sizeof(files[0]) + sizeof(GUPNUMA_SYSFS_DIR) + 1], back[4096];

	for (i = 0; i < n; i++) {
		int f = below(&s, nfiles), fd;
		size_t len = sysfs_value(&s, v, one_in(&s, 20) ? sizeof(v) : 64);
		ssize_t ret;

		if (!strcmp(files[f], "stats/reset") && !one_in(&s, 20))
			continue;	/* resetting is legal; do it rarely */
		snprintf(path, sizeof(path), "%s/%.199s", GUPNUMA_SYSFS_DIR, files[f]);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			sysfs_fail("sysfs %s: cannot open: %s", files[f], strerror(errno));
			continue;
		}
		ret = write(fd, v, len);
		close(fd);
		atomic_fetch_add(&sysfs_writes, 1);
		if (ret < 0) {
			atomic_fetch_add(&sysfs_refused, 1);
			if (errno != EINVAL && errno != EOPNOTSUPP && errno != E2BIG)
				sysfs_fail("sysfs %s: write of %zu bytes: %s, which the docs do not list",
				     files[f], len, strerror(errno));
		} else if ((size_t)ret != len && len) {
			sysfs_fail("sysfs %s: a write of %zu bytes returned %zd", files[f], len, ret);
		}
		if (gn_sysfs_read(files[f], back, sizeof(back)) && strcmp(files[f], "stats/reset"))
			sysfs_fail("sysfs %s: unreadable after a write", files[f]);
	}
	return NULL;
}

/* Save every writable file's value, or write it back and read it again. */
static int sysfs_save_restore(bool restore)
{
	char back[4096];
	int i, err = 0;

	for (i = 0; i < nfiles; i++) {
		if (!strcmp(files[i], "stats/reset"))
			continue;
		if (!restore) {
			if (gn_sysfs_read(files[i], saved[i], sizeof(saved[i])))
				saved[i][0] = 0;
			if (gn_sysfs_active(files[i], saved_active[i], sizeof(saved_active[i])))
				saved_active[i][0] = 0;
			continue;
		}
		/* a list is restored by writing its active entry */
		if (saved_active[i][0])
			err |= gn_sysfs_write(files[i], saved_active[i]);
		else if (saved[i][0])
			err |= gn_sysfs_write(files[i], saved[i]);
		if (gn_sysfs_read(files[i], back, sizeof(back)) || strcmp(back, saved[i])) {
			printf("# sysfs %s: not restored\n", files[i]);
			err = 1;
		}
	}
	return err;
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32), s;
	unsigned long calls = 100000, writes = 2000, sysarg[2];
	int threads = 2, opt, i, e, c, restored;
	pthread_t mut, uh, sy;
	struct worker w[MAX_THREADS];
	char names[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	double t0;
	int n;

	while ((opt = getopt(argc, argv, "s:n:t:w:")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': calls = strtoul(optarg, NULL, 0); break;
		case 't': threads = atoi(optarg); break;
		case 'w': writes = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: %s [-s SEED] [-n CALLS] [-t THREADS] [-w SYSFS_WRITES]\n",
				argv[0]);
			return 2;
		}
	}
	if (threads < 1 || threads > MAX_THREADS)
		threads = 2;
	printf("TAP version 13\n");
	for (i = 0; i < NFDS; i++) {
		fds[i] = gn_open();
		if (fds[i] < 0) {
			printf("1..0 # SKIP no " GUPNUMA_DEV_PATH " (load gupnuma.ko)\n");
			return 4;
		}
	}
	printf("1..4\n# seed %llu (replay: fuzz_test -s %llu -n %lu -t %d -w %lu)\n",
	       (unsigned long long)seed, (unsigned long long)seed, calls, threads, writes);
	n = gn_policies(names, GN_MAX_POLICIES, NULL);
	nr_nodes = numa_max_node() + 1;
	if (n < 1 || setup_memory()) {
		printf("not ok 1 setup: %d policies, memory: %s\n", n, strerror(errno));
		return 1;
	}
	npolicies = n;
	find_edges();
	printf("# %u VMA edges to aim at (/proc/self/maps)\n", nedges);
	child = gn_fork_tied();
	if (child < 0) {
		printf("not ok 1 setup: fork: %s\n", strerror(errno));
		return 1;
	}
	if (!child) {
		for (;;)
			pause();
	}
	find_writable(GUPNUMA_SYSFS_DIR);
	sysfs_save_restore(false);

	s = seed;
	t0 = gn_now();
	pthread_create(&mut, NULL, mutator, &s);
	if (uffd >= 0)
		pthread_create(&uh, NULL, uffd_handler, NULL);
	sysarg[0] = seed ^ 0x5ca1ab1e;
	sysarg[1] = writes;
	pthread_create(&sy, NULL, sysfs_fuzz, sysarg);
	for (i = 0; i < threads; i++) {
		w[i].seed = seed + 0x9e3779b97f4a7c15ULL * (i + 1);
		w[i].calls = calls / threads + (i < (int)(calls % threads));
		pthread_create(&w[i].thread, NULL, work, &w[i]);
	}
	for (i = 0; i < threads; i++)
		pthread_join(w[i].thread, NULL);
	pthread_join(sy, NULL);
	atomic_store(&stop, true);
	pthread_join(mut, NULL);
	if (uffd >= 0)
		pthread_join(uh, NULL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	printf("# %lu calls in %.1f s by %d threads on %d fds; %lu changes of the memory; %lu userfaultfd faults resolved%s\n",
	       calls, gn_now() - t0, threads, NFDS, atomic_load(&mutations),
	       atomic_load(&uffd_faults), uffd < 0 ? " (no userfaultfd here)" : "");
	printf("# %lu lookups of %u pages; %lu calls took %.1f s or more: %.1f s in all, the longest %.1f s\n",
	       atomic_load(&huge_calls), GUPNUMA_MAX_PAGES, atomic_load(&slow_calls), SLOW_CALL_S,
	       atomic_load(&slow_ms) / 1000.0, atomic_load(&slowest_ms) / 1000.0);
	for (c = 0; c < NR_CMDS; c++) {
		printf("# %-15s", cmd_name[c]);
		for (e = 0; e < 134; e++)
			if (atomic_load(&counts[c][e]))
				printf(" %s %lu", e ? strerrorname_np(e) : "ok",
				       atomic_load(&counts[c][e]));
		printf("\n");
	}
	for (i = 0; i < NR_KINDS; i++)
		printf("# region %s at %p, %zu pages\n", kind_name[i], regions[i].addr, regions[i].pages);
	printf("%s 1 %lu ioctls: each succeeded with results that check out or failed with a documented errno\n",
	       atomic_load(&failures) ? "not ok" : "ok", calls);
	printf("# sysfs: %lu writes to %d files, %lu refused\n", atomic_load(&sysfs_writes), nfiles,
	       atomic_load(&sysfs_refused));
	printf("%s 2 sysfs: %lu writes, each accepted whole or refused with a documented errno\n",
	       atomic_load(&sysfs_failures) ? "not ok" : "ok", atomic_load(&sysfs_writes));
	printf("%s 3 every writable sysfs file was found and written (%d files)\n",
	       nfiles >= 5 && atomic_load(&sysfs_writes) >= writes / 2 ? "ok" : "not ok", nfiles);
	restored = !sysfs_save_restore(true);
	{
		struct gupnuma_lookup_args a;

		e = gn_lookup(fds[0], &a, regions[K_ANON].addr, 4, GUPNUMA_CALLER_GUP,
			      GUPNUMA_LOOKUP_GET, GUPNUMA_ACTIVE, GUPNUMA_ACTIVE, NULL);
		printf("%s 4 the module still works afterwards (settings restored: %s; lookup: %s)\n",
		       restored && !e ? "ok" : "not ok", restored ? "yes" : "no",
		       e ? strerror(-e) : "ok");
	}
	return atomic_load(&failures) || atomic_load(&sysfs_failures) || !restored || e ? 1 : 0;
}
