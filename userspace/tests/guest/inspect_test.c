// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel's inspection lookups do with protnone memory, as stock
 * 6.12 and 7.3 do it (and the test kernel under its kernel_policy), in both
 * kernels:
 * - smaps counts NUMA-protnone memory (4K and THP), reading it takes no
 *   hinting fault;
 * - FOLL_FORCE reads and writes of an mprotect(PROT_NONE) range (/proc/self/mem,
 *   or a ptracer's /proc/PID/mem where only that forces) succeed, take no
 *   hinting fault, never hang;
 * - KSM merges and unmerges a PROT_NONE range (as upstream's
 *   ksm_functional_tests prot_none case checks, written anew);
 * - move_pages(2) status of protnone pages reports their node.
 */
#include <errno.h>
#include <fcntl.h>
#include <numa.h>
#include <numaif.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"
#include "../../lib/proc_mem.h"

#define PAGE 4096UL
#define THP (2UL << 20)
#define SIZE (16UL << 20)
#define NPAGES (SIZE / PAGE)

FIXTURE(numa) {
	int fd;
	char *area;
	struct gupnuma_page *pages;
};

FIXTURE_VARIANT(numa) {
	bool thp;
};

FIXTURE_VARIANT_ADD(numa, pte) { .thp = false };
FIXTURE_VARIANT_ADD(numa, thp) { .thp = true };

FIXTURE_SETUP(numa)
{
	const char *why;

	self->fd = gn_open_numa("v6.6", &why);
	if (self->fd < 0)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, gn_numa_knobs_fast());
	self->pages = calloc(NPAGES, sizeof(*self->pages));
	self->area = gn_map_on_node(SIZE, variant->thp, 0);
	ASSERT_NE(NULL, self->area);
	ASSERT_GE(gn_wait_protnone(self->fd, self->area, NPAGES, NPAGES / 2, 60, 1, self->pages),
		  (int)NPAGES / 2);
}

FIXTURE_TEARDOWN(numa)
{
	if (self->fd >= 0)
		close(self->fd);
	free(self->pages);
}

TEST_F_TIMEOUT(numa, smaps_counts_protnone_memory_without_hinting, 120)
{
	long vm0 = gn_vmstat("numa_hint_faults"), rss;

	rss = gn_smaps_rss_kb(self->area);
	vm0 = gn_vmstat("numa_hint_faults") - vm0;
	TH_LOG("Rss %ld kB of %lu kB, numa_hint_faults +%ld while reading", rss, SIZE >> 10, vm0);
	EXPECT_EQ((long)(SIZE >> 10), rss);
	EXPECT_LE(vm0, 2);	/* system-wide: this task's own stack may fault */
}

TEST_F_TIMEOUT(numa, move_pages_reports_the_node_of_protnone_pages, 120)
{
	void **addrs = calloc(NPAGES, sizeof(*addrs));
	int *status = calloc(NPAGES, sizeof(*status));
	int protnone = gn_count_protnone(self->fd, self->area, NPAGES, self->pages);
	size_t i, on0 = 0;

	ASSERT_NE(NULL, addrs);
	for (i = 0; i < NPAGES; i++)
		addrs[i] = self->area + i * PAGE;
	ASSERT_EQ(0, move_pages(0, NPAGES, addrs, NULL, status, 0));
	for (i = 0; i < NPAGES; i++)
		on0 += status[i] == 0;
	TH_LOG("%d pages protnone, move_pages: %zu of %lu on node 0", protnone, on0, NPAGES);
	EXPECT_GE(protnone, (int)NPAGES / 2);
	EXPECT_EQ(NPAGES, on0);
	free(addrs);
	free(status);
}

static void on_alarm(int sig)
{
	(void)sig;
	_exit(2);
}

TEST(proc_mem_reaches_prot_none_memory_without_hinting)
{
	char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *buf = malloc(SIZE);
	enum gn_force_how how;
	long vm0;

	ASSERT_NE(MAP_FAILED, map);
	memset(map, 7, SIZE);
	ASSERT_EQ(0, mprotect(map, SIZE, PROT_NONE));
	signal(SIGALRM, on_alarm);
	alarm(30);
	vm0 = gn_vmstat("numa_hint_faults");
	ASSERT_EQ(0, gn_force_read(map, buf, SIZE, &how));
	EXPECT_EQ(7, buf[SIZE - 1]);
	memset(buf, 9, SIZE);
	ASSERT_EQ(0, gn_force_pwrite(map, buf, SIZE, &how));
	vm0 = gn_vmstat("numa_hint_faults") - vm0;
	alarm(0);
	ASSERT_EQ(0, mprotect(map, SIZE, PROT_READ));
	EXPECT_EQ(9, map[0]);
	EXPECT_EQ(9, map[SIZE - 1]);
	TH_LOG("numa_hint_faults +%ld during 16 MiB of FOLL_FORCE reads and writes (via %s)", vm0,
	       gn_force_how_name(how));
	/*
	 * vmstat is system-wide: a bound, far below the 4,096 a fault per page
	 * would be; a ptracer child (PROC_MEM_FORCE_PTRACE) takes some of its
	 * own on the stack and data it shares with us copy-on-write (22 seen
	 * on the debug kernel).
	 */
	EXPECT_LE(vm0, (long)(SIZE / PAGE / 16));
	free(buf);
}

TEST(ksm_merges_and_unmerges_a_prot_none_range)
{
	const int n = 32;
	char *map = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	double end = gn_now() + 60;
	int merged = 0;

	if (access("/sys/kernel/mm/ksm/run", W_OK))
		SKIP(return, "no KSM (CONFIG_KSM)");
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, gn_ksm_write("pages_to_scan", "10000"));
	ASSERT_EQ(0, gn_ksm_write("sleep_millisecs", "0"));
	memset(map, 0x22, n * PAGE);
	ASSERT_EQ(0, mprotect(map, n * PAGE, PROT_NONE));
	ASSERT_EQ(0, madvise(map, n * PAGE, MADV_MERGEABLE));
	ASSERT_EQ(0, gn_ksm_write("run", "1"));
	while (gn_now() < end && (merged = gn_shared_pages(map, n)) < n)
		usleep(100000);
	EXPECT_EQ(n, merged) TH_LOG("KSM merged %d of %d PROT_NONE pages", merged, n);
	ASSERT_EQ(0, madvise(map, n * PAGE, MADV_UNMERGEABLE));
	EXPECT_EQ(0, gn_shared_pages(map, n));
	ASSERT_EQ(0, gn_ksm_write("run", "2"));
	munmap(map, n * PAGE);
}

TEST_HARNESS_MAIN
