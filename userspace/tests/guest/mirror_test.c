// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror, a software secondary MMU, under NUMA balancing: the NUMA scan
 * invalidates it (MMU_NOTIFY_PROTECTION_VMA), and its re-faults, which pass
 * FOLL_HONOR_NUMA_FAULT as KVM does, take hinting faults under policies that
 * honor them for secondary MMUs and none under `never`.  Memory is on node 0,
 * the accesses come from a CPU of node 1.
 */
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"

#define PAGE 4096UL
#define NPAGES 4096UL

FIXTURE(mirror) {
	int fd;
	char *area;
	int cpu1;
};

FIXTURE_VARIANT(mirror) {
	const char *policy;
	bool hints;
};

FIXTURE_VARIANT_ADD(mirror, v6_6) { .policy = "v6.6", .hints = true };
FIXTURE_VARIANT_ADD(mirror, v3_8) { .policy = "v3.8", .hints = true };
FIXTURE_VARIANT_ADD(mirror, never) { .policy = "never", .hints = false };

FIXTURE_SETUP(mirror)
{
	const char *why;

	self->fd = gn_open_numa(variant->policy, &why);
	if (self->fd < 0)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, gn_sysfs_write("engine", "walk"));
	ASSERT_EQ(0, gn_numa_knobs_fast());
	self->cpu1 = gn_first_cpu(1);
	ASSERT_GE(self->cpu1, 0);
	self->area = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->area);
	madvise(self->area, NPAGES * PAGE, MADV_NOHUGEPAGE);
	numa_run_on_node(0);
	memset(self->area, 1, NPAGES * PAGE);
	numa_run_on_node(1);
}

FIXTURE_TEARDOWN(mirror)
{
	if (self->fd >= 0) {
		gn_sysfs_write("policy", "v6.6");
		close(self->fd);
	}
}

static int pages_on_node(char *area, int node)
{
	static void *addrs[NPAGES];
	static int status[NPAGES];
	unsigned long i;
	int n = 0;

	for (i = 0; i < NPAGES; i++)
		addrs[i] = area + i * PAGE;
	if (move_pages(0, NPAGES, addrs, NULL, status, 0))
		return -1;
	for (i = 0; i < NPAGES; i++)
		n += status[i] == node;
	return n;
}

TEST_F_TIMEOUT(mirror, numa_scan_invalidates_and_refaults_follow_the_policy, 150)
{
	struct gupnuma_mirror_args a = { .addr = (unsigned long)self->area, .npages = NPAGES,
					 .engine = GUPNUMA_ACTIVE, .cpu = GUPNUMA_CPU_ANY };
	struct gupnuma_mirror_stats st;
	unsigned long long hint_faults = 0, faults = 0, rounds = 0;
	double end = gn_now() + 90;
	volatile unsigned long spin = 0;

	ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_CREATE, &a));
	do {
		double t = gn_now() + 0.1;

		memset(&a, 0, sizeof(a));
		a.npages = NPAGES;
		a.cpu = self->cpu1;
		ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_ACCESS, &a));
		/*
		 * Every page is a hit or in a batch that faulted (a batch lost
		 * to an invalidation counts its faults again)
		 */
		ASSERT_GE(a.hits + a.faults, NPAGES)
			TH_LOG("round %llu: %llu hits, %llu faults", rounds,
			       (unsigned long long)a.hits, (unsigned long long)a.faults);
		hint_faults += a.hint_faults;
		faults += a.faults;
		rounds++;
		ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_STATS, &st));
		if (st.invalidations[GUPNUMA_MMU_PROTECTION_VMA] >= 3 &&
		    (!variant->hints || hint_faults > 0))
			break;
		while (gn_now() < t)	/* let this task's NUMA scan run */
			spin++;
	} while (gn_now() < end);

	TH_LOG("%s: %llu rounds, %llu mirror faults, %llu hinting faults, "
	       "%llu NUMA-scan invalidations (%llu pages), %d of %lu pages on node 1",
	       variant->policy, rounds, faults, hint_faults,
	       (unsigned long long)st.invalidations[GUPNUMA_MMU_PROTECTION_VMA],
	       (unsigned long long)st.pages_invalidated, pages_on_node(self->area, 1), NPAGES);
	EXPECT_GE(st.invalidations[GUPNUMA_MMU_PROTECTION_VMA], 1);
	EXPECT_GT(faults, NPAGES);
	EXPECT_EQ(hint_faults, st.hint_faults);
	if (variant->hints) {
		EXPECT_GT(hint_faults, 0);
	} else {
		EXPECT_EQ(0, hint_faults);
	}
	ASSERT_EQ(0, ioctl(self->fd, GUPNUMA_IOC_MIRROR_DESTROY));
}

TEST_HARNESS_MAIN
