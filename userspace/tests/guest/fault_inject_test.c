// SPDX-License-Identifier: GPL-2.0
/*
 * The module's error paths, reached the way syzkaller reaches a kernel's:
 * each allocation of one call failed in turn (fault injection's
 * /proc/thread-self/fail-nth, on a kernel with CONFIG_FAULT_INJECTION,
 * CONFIG_FAILSLAB and CONFIG_FAIL_PAGE_ALLOC: the debug kernel).  For
 * N = 1, 2, ... the Nth allocation the call makes fails, until the call
 * makes fewer than N: then every one of them has failed once.
 * - Loading the module: a load that fails leaves no module behind, with
 *   ENOMEM; a load that succeeds although an allocation failed (one whose
 *   failure the module tolerates) leaves a module that works whole.
 * - A lookup with each engine, and each mirror command: ENOMEM or results
 *   that check out, and the module works afterwards.
 * - An open of the device, a process's first mirror and first hmm lookup
 *   (in a new process) and accesses that give their mm back: ENOMEM, or a
 *   file, a mirror and a lookup that work.
 * Only allocations with the module's code on the stack count (the stack
 * filter, require-start), so that the loader's and the syscalls' own go on.
 * The test bed fails the run on any kernel report; tests/kmemleak.sh, later
 * in the run, on any leak of gupnuma's.  Failures are silent
 * (failslab/verbose = 0), and allocations that may sleep fail too
 * (ignore-gfp-wait = N).  The module is loaded at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"

#define KO		"/lib/gupnuma/gupnuma.ko"
#define MAX_NTH		20000	/* more allocations than any call here makes */
#define NPAGES		16	/* results of 16 pages: one kmalloc, never vmalloc */
#define ACCESS_PAGES	1024	/* two of a mirror access's batches (MIRROR_BATCH, 512) */
/* the states of a page found that a NUMA scan does not change */
#define STABLE_STATES	(GUPNUMA_PAGE_PRESENT | GUPNUMA_PAGE_THP)

/*
 * Failures silent, GFP_KERNEL allocations failed too, and only those with
 * module code on the stack: on x86-64 every module lies above the kernel
 * image (its _end).  The kernel's own allocations (the module loader's,
 * the syscalls') go on, and warn_alloc() never reports a failure of theirs.
 * 0, or -1 with @why set.
 */
static int fault_injection_setup(const char **why)
{
	static const char * const dirs[] = { "failslab", "fail_page_alloc" };
	char path[96], line[256], end[32] = "";
	unsigned int i;
	FILE *f;

	*why = "no fault injection (CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC, "
	       "FAULT_INJECTION_DEBUG_FS, FAULT_INJECTION_STACKTRACE_FILTER)";
	if (access("/proc/thread-self/fail-nth", W_OK) ||
	    access("/sys/kernel/debug/failslab/require-start", W_OK))
		return -1;
#ifndef __x86_64__
	*why = "the module area is found above the kernel image on x86-64 only";
	return -1;
#endif
	f = fopen("/proc/kallsyms", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " _end\n"))	/* "ffffffff82e00000 B _end" */
			snprintf(end, sizeof(end), "0x%.16s", line);
	if (f)
		fclose(f);
	*why = "no address of _end in /proc/kallsyms";
	if (strlen(end) != 18 || !strcmp(end, "0x0000000000000000"))
		return -1;
	*why = "cannot configure failslab and fail_page_alloc in debugfs";
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/%s/verbose", dirs[i]);
		if (gn_write_file(path, "0"))
			return -1;
		snprintf(path, sizeof(path), "/sys/kernel/debug/%s/ignore-gfp-wait", dirs[i]);
		if (gn_write_file(path, "N"))
			return -1;
		snprintf(path, sizeof(path), "/sys/kernel/debug/%s/require-start", dirs[i]);
		if (gn_write_file(path, end))
			return -1;
	}
	return 0;
}

/*
 * This thread's /proc/thread-self/fail-nth, opened once: its reads and
 * writes allocate nothing, so they do not count.
 */
static int nth_fd = -1;

/* Fail this thread's @n-th allocation from now on (0: none). */
static void fail_nth(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, len, 0) != len)
		abort();
}

/*
 * How many allocations of the last fail_nth() are left uncounted, and stop:
 * nonzero when the call made fewer than n.
 */
static unsigned int fail_nth_left(void)
{
	char buf[16] = "";

	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) < 0)
		abort();
	fail_nth(0);
	return strtoul(buf, NULL, 10);
}

/*
 * In a child after fork(): this thread's own fail-nth, in place of the
 * parent's it inherited.  The fd, or -1.
 */
static int reopen_nth(void)
{
	close(nth_fd);
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	return nth_fd;
}

/* The test's setup: fault injection as above, this thread's fail-nth open. */
static int setup(const char **why)
{
	if (fault_injection_setup(why))
		return -1;
	if (nth_fd < 0)
		nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	*why = "cannot open /proc/thread-self/fail-nth";
	return nth_fd < 0 ? -1 : 0;
}

static int load(void)
{
	int fd = open(KO, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		err = errno;
	close(fd);
	return err;
}

static int unload(void)
{
	return syscall(SYS_delete_module, "gupnuma", O_NONBLOCK) ? errno : 0;
}

static bool loaded(void)
{
	return !access("/sys/module/gupnuma", F_OK);
}

/*
 * A module that works whole: every policy registered, with its sysfs
 * directory (policies/<name>/index), the stats group (stats/reset), the
 * device, a lookup.
 */
static bool works(struct __test_metadata *_metadata, int npolicies)
{
	char policies[GN_MAX_POLICIES][GN_POLICY_NAME_LEN], path[128];
	struct gupnuma_lookup_args a;
	static char page[4096] __attribute__((aligned(4096)));
	int fd, n, i, err;

	n = gn_policies(policies, GN_MAX_POLICIES, NULL);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), GUPNUMA_SYSFS_DIR "/policies/%.*s/index",
			 GN_POLICY_NAME_LEN, policies[i]);
		if (access(path, R_OK)) {
			TH_LOG("no %s", path);
			return false;
		}
	}
	if (access(GUPNUMA_SYSFS_DIR "/stats/reset", W_OK)) {
		TH_LOG("no " GUPNUMA_SYSFS_DIR "/stats/reset");
		return false;
	}
	fd = gn_open();
	page[0] = 1;
	err = fd < 0 ? -errno : gn_lookup(fd, &a, page, 1, GUPNUMA_CALLER_INSPECT, 0,
					   GUPNUMA_ACTIVE, GUPNUMA_ACTIVE, NULL);
	if (fd >= 0)
		close(fd);
	if (n == npolicies && !err && a.found == 1)
		return true;
	TH_LOG("%d of %d policies, /dev/gupnuma %s, lookup: %s", n, npolicies,
	       fd < 0 ? "missing" : "there", strerror(-err));
	return false;
}

FIXTURE(fi) {
	int npolicies;
};

FIXTURE_SETUP(fi)
{
	char policies[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	const char *why;

	if (setup(&why))
		SKIP(return, "%s", why);
	if (!loaded())
		ASSERT_EQ(0, load());
	self->npolicies = gn_policies(policies, GN_MAX_POLICIES, NULL);
	ASSERT_GT(self->npolicies, 0);
}

FIXTURE_TEARDOWN(fi)
{
	if (nth_fd >= 0)
		fail_nth(0);
	if (!loaded())
		load();
}

TEST_F_TIMEOUT(fi, module_load_unwinds_at_each_failed_allocation, 280)
{
	unsigned int n, left = 0, failed = 0, tolerated = 0;
	int err;

	ASSERT_EQ(0, unload()) TH_LOG("gupnuma is in use: the test needs it unloaded");
	for (n = 1; n < MAX_NTH && !left; n++) {
		fail_nth(n);
		err = load();
		left = fail_nth_left();
		if (err) {
			failed++;
			EXPECT_EQ(ENOMEM, err) TH_LOG("allocation %u failed: load: %s", n, strerror(err));
			EXPECT_FALSE(loaded()) TH_LOG("allocation %u failed: a module is left", n);
			if (loaded())
				unload();
			continue;
		}
		if (!left) {
			tolerated++;
			EXPECT_TRUE(works(_metadata, self->npolicies))
				TH_LOG("allocation %u failed, the module loaded: it must work", n);
		}
		ASSERT_EQ(0, unload());
	}
	TH_LOG("%u allocations: %u loads refused, %u loaded without one", n - 1, failed, tolerated);
	EXPECT_NE(0, left) TH_LOG("more than %d allocations", MAX_NTH);
	EXPECT_GT(failed, 0);
	ASSERT_EQ(0, load());
	EXPECT_TRUE(works(_metadata, self->npolicies));
}

FIXTURE(engine) {
	int fd;
	char *area;
	char *pages;	/* 4K pages, populated: the mirror commands' */
};

FIXTURE_VARIANT(engine) {
	unsigned int engine;
};
FIXTURE_VARIANT_ADD(engine, walk) { .engine = GUPNUMA_ENGINE_WALK };
FIXTURE_VARIANT_ADD(engine, gup) { .engine = GUPNUMA_ENGINE_GUP };
FIXTURE_VARIANT_ADD(engine, hmm) { .engine = GUPNUMA_ENGINE_HMM };

FIXTURE_SETUP(engine)
{
	char engines[64] = "";
	const char *why;

	if (setup(&why))
		SKIP(return, "%s", why);
	if (!loaded())
		ASSERT_EQ(0, load());
	gn_sysfs_read_line("engine", engines, sizeof(engines));
	if (!strstr(engines, variant->engine == GUPNUMA_ENGINE_WALK ? "walk" :
		    variant->engine == GUPNUMA_ENGINE_GUP ? "gup" : "hmm"))
		SKIP(return, "no such engine on this kernel (%s)", engines);
	self->fd = gn_open();
	ASSERT_LE(0, self->fd);
	/* the first pages of a THP: the gup and hmm engines learn that from their peek */
	self->area = gn_map_aligned(GN_THP_SIZE, true, NULL);
	ASSERT_NE(NULL, self->area);
	memset(self->area, 1, GN_THP_SIZE);
	self->pages = mmap(NULL, NPAGES * 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, self->pages);
}

FIXTURE_TEARDOWN(engine)
{
	if (nth_fd >= 0)
		fail_nth(0);
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * A lookup that returns 0 although an allocation failed reports what one
 * without a failure does: the pages found and each page's state (a THP's,
 * which the gup and hmm engines take from their peek, whose allocation may
 * fail: then the lookup is ENOMEM, not one without states).  Only the states
 * a NUMA scan meanwhile cannot change are compared, of the pages not reported
 * as errors.
 */
TEST_F(engine, lookup_fails_with_enomem_or_checks_out_at_each_failed_allocation)
{
	struct gupnuma_page pages[NPAGES], want[NPAGES];
	struct gupnuma_lookup_args a;
	unsigned int n, left = 0, failed = 0, i, differ;
	int err;

	ASSERT_EQ(0, gn_lookup(self->fd, &a, self->area, NPAGES, GUPNUMA_CALLER_GUP,
			       GUPNUMA_LOOKUP_GET, variant->engine, GUPNUMA_ACTIVE, want));
	ASSERT_TRUE(want[0].state & GUPNUMA_PAGE_THP) TH_LOG("no THP to look up");
	for (n = 1; n < MAX_NTH && !left; n++) {
		fail_nth(n);
		err = gn_lookup(self->fd, &a, self->area, NPAGES, GUPNUMA_CALLER_GUP,
				GUPNUMA_LOOKUP_GET, variant->engine, GUPNUMA_ACTIVE, pages);
		left = fail_nth_left();
		if (err) {
			failed++;
			EXPECT_EQ(-ENOMEM, err) TH_LOG("allocation %u failed: %s", n, strerror(-err));
		} else {
			/* a failure the engine retried, or a page it reports as an error */
			EXPECT_EQ(NPAGES, a.found + a.errors) TH_LOG("allocation %u failed", n);
			/*
			 * each page found as without the failure (the NUMA
			 * scan may make entries protnone meanwhile)
			 */
			for (i = differ = 0; i < NPAGES; i++)
				differ += !(pages[i].state & GUPNUMA_PAGE_ERROR) &&
					  ((pages[i].state ^ want[i].state) & STABLE_STATES);
			EXPECT_EQ(0, differ) TH_LOG("allocation %u failed: page 0 state %#x, "
						    "%#x without a failure", n, pages[0].state,
						    want[0].state);
		}
	}
	TH_LOG("%u allocations, %u lookups refused", n - 1, failed);
	EXPECT_NE(0, left);
	EXPECT_EQ(0, gn_lookup(self->fd, &a, self->area, NPAGES, GUPNUMA_CALLER_GUP,
			       GUPNUMA_LOOKUP_GET, variant->engine, GUPNUMA_ACTIVE, pages));
	EXPECT_EQ(NPAGES, a.found);
}

/*
 * A lookup refused with ENOMEM faulted nothing in: every allocation of the
 * module comes before the engine looks up the first page (a failed
 * allocation of the kernel's own fault is that page's error instead, and
 * the lookup returns 0).  The range is untouched 4K pages, emptied again
 * before each try, which a GET lookup of the caller class GUP faults in.
 */
TEST_F(engine, a_lookup_refused_with_enomem_faulted_nothing_in)
{
	char *fresh = mmap(NULL, NPAGES * 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct gupnuma_page pages[NPAGES];
	struct gupnuma_lookup_args a;
	unsigned int n, left, failed = 0, i, resident, round, calls = 0;
	unsigned char vec[NPAGES];
	int err;

	ASSERT_NE(MAP_FAILED, fresh);
	ASSERT_EQ(0, madvise(fresh, NPAGES * 4096, MADV_NOHUGEPAGE));
	/* three rounds: which allocation is the nth varies between calls */
	for (round = 0; round < 3; round++) {
		for (n = 1, left = 0; n < MAX_NTH && !left; n++, calls++) {
			ASSERT_EQ(0, madvise(fresh, NPAGES * 4096, MADV_DONTNEED));
			fail_nth(n);
			err = gn_lookup(self->fd, &a, fresh, NPAGES, GUPNUMA_CALLER_GUP,
					GUPNUMA_LOOKUP_GET, variant->engine, GUPNUMA_ACTIVE, pages);
			left = fail_nth_left();
			ASSERT_EQ(0, mincore(fresh, NPAGES * 4096, vec));
			for (i = resident = 0; i < NPAGES; i++)
				resident += vec[i] & 1;
			if (err) {
				failed++;
				EXPECT_EQ(-ENOMEM, err)
					TH_LOG("allocation %u failed: %s", n, strerror(-err));
				EXPECT_EQ(0, resident)
					TH_LOG("allocation %u failed: ENOMEM, %u of %u pages faulted in",
					       n, resident, NPAGES);
			} else {
				EXPECT_EQ(NPAGES, a.found + a.errors) TH_LOG("allocation %u failed", n);
			}
		}
	}
	TH_LOG("%u lookups, %u refused", calls, failed);
	EXPECT_NE(0, left);
	EXPECT_NE(0, failed);
	munmap(fresh, NPAGES * 4096);
}

/*
 * After an access of @npages that returned 0, the mirror holds every page:
 * another access hits each, but for the entries an invalidation (a NUMA
 * scan) dropped meanwhile.  @before: MIRROR_STATS from before the access
 * under test, so that an entry dropped between the two accesses counts.
 */
static bool mirror_whole(struct __test_metadata *_metadata, int fd, unsigned long npages,
			 const struct gupnuma_mirror_stats *before)
{
	struct gupnuma_mirror_stats after;
	struct gupnuma_mirror_args m;

	if (gn_mirror_access(fd, &m, npages, GUPNUMA_CPU_ANY, 0) ||
	    ioctl(fd, GUPNUMA_IOC_MIRROR_STATS, &after))
		return false;
	if (m.hits + after.pages_invalidated - before->pages_invalidated >= npages)
		return true;
	TH_LOG("%llu hits of %lu, %llu pages invalidated meanwhile", (unsigned long long)m.hits,
	       npages, (unsigned long long)(after.pages_invalidated - before->pages_invalidated));
	return false;
}

/* Each mirror command in turn, with each of its allocations failed. */
TEST_F(engine, mirror_commands_fail_with_enomem_or_work_at_each_failed_allocation)
{
	struct gupnuma_mirror_args m = {
		.addr = (unsigned long)self->pages, .npages = NPAGES,
		.engine = variant->engine, .cpu = GUPNUMA_CPU_ANY,
	};
	struct gupnuma_mirror_stats st;
	unsigned int n, left = 0, failed = 0, points = 0;
	int ret, err;
	char *two;

	/* create: ENOMEM and no mirror, or a mirror */
	for (n = 1; n < MAX_NTH && !left; n++) {
		fail_nth(n);
		ret = ioctl(self->fd, GUPNUMA_IOC_MIRROR_CREATE, &m);
		err = errno;
		left = fail_nth_left();
		if (ret) {
			failed++;
			EXPECT_EQ(ENOMEM, err) TH_LOG("create, allocation %u failed: %s", n, strerror(err));
			EXPECT_EQ(-1, ioctl(self->fd, GUPNUMA_IOC_MIRROR_STATS, &st));
			continue;
		}
		if (!left)
			ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_DESTROY));
	}
	points += n - 1;
	EXPECT_NE(0, left);
	/*
	 * access: ENOMEM, or the pages faulted in; each from a new mirror, so
	 * that each faults every page in; two batches, so that a failure in
	 * the first is not hidden by the second's success
	 */
	two = mmap(NULL, ACCESS_PAGES * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, two);
	for (n = 1, left = 0; n < MAX_NTH && !left; n++) {
		ioctl(self->fd, GUPNUMA_IOC_MIRROR_DESTROY);
		ASSERT_EQ(0, gn_mirror_create(self->fd, two, ACCESS_PAGES, variant->engine));
		ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_STATS, &st));
		fail_nth(n);
		ret = gn_mirror_access(self->fd, &m, ACCESS_PAGES, GUPNUMA_CPU_ANY, 0);
		err = -ret;
		left = fail_nth_left();
		if (ret) {
			failed++;
			EXPECT_EQ(ENOMEM, err) TH_LOG("access, allocation %u failed: %s", n, strerror(err));
		} else {
			EXPECT_TRUE(gn_mirror_counts_ok(&m, ACCESS_PAGES))
				TH_LOG("access, allocation %u failed: %llu hits, %llu faults", n,
				       (unsigned long long)m.hits, (unsigned long long)m.faults);
			EXPECT_TRUE(mirror_whole(_metadata, self->fd, ACCESS_PAGES, &st))
				TH_LOG("access, allocation %u failed, returned 0", n);
		}
	}
	points += n - 1;
	EXPECT_NE(0, left);
	ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_STATS, &st));
	EXPECT_EQ(ACCESS_PAGES, st.npages);
	ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_DESTROY));
	munmap(two, ACCESS_PAGES * 4096);
	TH_LOG("%u allocations, %u commands refused", points, failed);
}

/*
 * Opening the device allocates its per-file state: with that allocation
 * failed the open is ENOMEM, else the file works (STATS finds no mirror).
 */
TEST(open_fails_with_enomem_or_works_at_each_failed_allocation)
{
	struct gupnuma_mirror_stats st;
	unsigned int n, left = 0, failed = 0;
	const char *why;
	int fd, err;

	if (setup(&why))
		SKIP(return, "%s", why);
	if (!loaded())
		ASSERT_EQ(0, load());
	for (n = 1; n < MAX_NTH && !left; n++) {
		fail_nth(n);
		fd = open(GUPNUMA_DEV_PATH, O_RDWR | O_CLOEXEC);
		err = errno;
		left = fail_nth_left();
		if (fd < 0) {
			failed++;
			EXPECT_EQ(ENOMEM, err) TH_LOG("allocation %u failed: %s", n, strerror(err));
			continue;
		}
		EXPECT_EQ(-1, ioctl(fd, GUPNUMA_IOC_MIRROR_STATS, &st));
		EXPECT_EQ(ENOENT, errno) TH_LOG("allocation %u failed: STATS", n);
		close(fd);
	}
	TH_LOG("%u allocations, %u opens refused", n - 2, failed);
	EXPECT_GT(failed, 0);
}

/*
 * A mirror access holds its process's mm while it runs (mmget()), and gives
 * it back on every way out, those of a failed allocation included.  A child
 * makes a mirror on its parent's file, runs an access with each of its
 * allocations failed in turn, and exits: its mm then has no user, and an
 * access through the parent's file is ESRCH.  A reference left behind would
 * keep the child's memory mapped, and the access would work.
 */
TEST(failed_mirror_accesses_give_the_mm_back)
{
	struct gupnuma_mirror_args m;
	const char *why;
	int fd, status;
	pid_t pid;

	if (setup(&why))
		SKIP(return, "%s", why);
	if (!loaded())
		ASSERT_EQ(0, load());
	fd = gn_open();
	ASSERT_LE(0, fd);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		char *p = mmap(NULL, NPAGES * 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		unsigned int n, left = 0, failed = 0;

		if (p == MAP_FAILED || reopen_nth() < 0 ||
		    gn_mirror_create(fd, p, NPAGES, GUPNUMA_ENGINE_WALK))
			_exit(1);
		for (n = 1; n < MAX_NTH && !left; n++) {
			int ret;

			fail_nth(n);
			ret = gn_mirror_access(fd, &m, NPAGES, GUPNUMA_CPU_ANY, 0);
			left = fail_nth_left();
			if (ret && ret != -ENOMEM)
				_exit(2);
			failed += !!ret;
		}
		_exit(failed ? 0 : 3);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status))
		TH_LOG("the child failed at step %d (3: no access was refused)", WEXITSTATUS(status));
	EXPECT_EQ(-ESRCH, gn_mirror_access(fd, &m, NPAGES, GUPNUMA_CPU_ANY, 0))
		TH_LOG("the exited child's mm still has a user: %llu hits, %llu faults",
		       (unsigned long long)m.hits, (unsigned long long)m.faults);
	EXPECT_EQ(0, ioctl(fd, GUPNUMA_IOC_MIRROR_DESTROY));
	close(fd);
}

/*
 * A process's first mmu interval notifier also makes its mm's notifier
 * subscriptions (mmu_notifier_register()), whose allocation the fixture's
 * process has done before.  So each allocation of the first such call, a
 * MIRROR_CREATE or an hmm-engine lookup, is failed in a new process: it is
 * ENOMEM, or it worked whole: a mirror that an access and DESTROY use, a
 * lookup that found every page.  The child's exit code: 0 worked, 1 refused
 * with ENOMEM, 2 the call made fewer than n allocations, 3 and up a failure.
 */
enum first_notifier { FIRST_MIRROR_CREATE, FIRST_HMM_LOOKUP };

static int first_notifier_call(int fd, enum first_notifier call, unsigned int n)
{
	char *p = mmap(NULL, NPAGES * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	struct gupnuma_page pages[NPAGES];
	struct gupnuma_lookup_args a;
	struct gupnuma_mirror_args m;
	int ret, i;

	if (p == MAP_FAILED || reopen_nth() < 0)
		return 3;
	fail_nth(n);
	if (call == FIRST_MIRROR_CREATE)
		ret = gn_mirror_create(fd, p, NPAGES, GUPNUMA_ENGINE_WALK);
	else
		ret = gn_lookup(fd, &a, p, NPAGES, GUPNUMA_CALLER_HMM, 0, GUPNUMA_ENGINE_HMM,
				GUPNUMA_ACTIVE, pages);
	if (fail_nth_left())
		return 2;
	if (ret)
		return ret == -ENOMEM ? 1 : 4;
	if (call == FIRST_HMM_LOOKUP) {
		for (i = 0; i < NPAGES; i++)
			if (!(pages[i].state & GUPNUMA_PAGE_PRESENT))
				return 5;
		return 0;
	}
	if (gn_mirror_access(fd, &m, NPAGES, GUPNUMA_CPU_ANY, 0) || !gn_mirror_counts_ok(&m, NPAGES))
		return 5;
	return ioctl(fd, GUPNUMA_IOC_MIRROR_DESTROY) ? 6 : 0;
}

static void each_first_notifier_allocation(struct __test_metadata *_metadata,
					   enum first_notifier call)
{
	unsigned int n, failed = 0, code = 0;
	char refused[256] = "";
	int status;
	pid_t pid;

	for (n = 1; n < MAX_NTH && code != 2; n++) {
		int fd = gn_open();

		ASSERT_LE(0, fd);
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid)
			_exit(first_notifier_call(fd, call, n));
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		close(fd);
		ASSERT_TRUE(WIFEXITED(status)) TH_LOG("allocation %u failed: the child died", n);
		code = WEXITSTATUS(status);
		ASSERT_GT(3, code) TH_LOG("allocation %u failed: the child failed at step %u",
					  n, code);
		if (code == 1 && strlen(refused) < sizeof(refused) - 8)
			snprintf(refused + strlen(refused), 8, " %u", n);
		failed += code == 1;
	}
	TH_LOG("%u allocations, %u calls refused (at allocations:%s)", n - 2, failed,
	       failed ? refused : " none");
	EXPECT_GT(failed, 0);
}

/*
 * Each allocation of the first notifier's call is failed in a child of its
 * own, counting slab allocations only.  A page allocation of order 1 or more
 * (a slab's refill, KASAN's stack depot) happens or not with the state of
 * the caches, so with them the nth allocation is not the same call in every
 * child, and the subscriptions' could be stepped over.  The fixture sets
 * fail_page_alloc's min-order past every order (page allocations are then
 * neither failed nor counted) and restores it.
 */
FIXTURE(first_notifier) {
	char min_order[24];
};

FIXTURE_VARIANT(first_notifier) {
	enum first_notifier call;
};

FIXTURE_VARIANT_ADD(first_notifier, mirror_create) { .call = FIRST_MIRROR_CREATE };
FIXTURE_VARIANT_ADD(first_notifier, hmm_lookup) { .call = FIRST_HMM_LOOKUP };

#define MIN_ORDER "/sys/kernel/debug/fail_page_alloc/min-order"

FIXTURE_SETUP(first_notifier)
{
	const char *why;
	long order;

	if (setup(&why))
		SKIP(return, "%s", why);
	if (!loaded())
		ASSERT_EQ(0, load());
	order = gn_read_long(MIN_ORDER);
	ASSERT_LE(0, order);
	snprintf(self->min_order, sizeof(self->min_order), "%ld", order);
	ASSERT_EQ(0, gn_write_file(MIN_ORDER, "64"));
}

FIXTURE_TEARDOWN(first_notifier)
{
	if (self->min_order[0])
		EXPECT_EQ(0, gn_write_file(MIN_ORDER, self->min_order));
}

/* a timeout would kill the test before its teardown restores min-order: room to spare */
TEST_F_TIMEOUT(first_notifier, fails_whole_at_each_failed_allocation_in_a_new_process, 120)
{
	each_first_notifier_allocation(_metadata, variant->call);
}

TEST_HARNESS_MAIN
