// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA balancing works in the test bed: with the debugfs scan knobs turned
 * down, a task on node 1 that keeps touching its memory on node 0 raises
 * numa_pte_updates and numa_hint_faults in /proc/vmstat.  (Memory on the
 * node a single-threaded task runs on is not made protnone at all:
 * change_pte_range() skips it.)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <numa.h>

#include "kselftest_harness.h"
#include "../../userspace/lib/gupnuma_dev.h"
#include "../../userspace/lib/numa_mem.h"

#define AREA_SIZE (64UL << 20)
#define MAX_SECONDS 20	/* the harness kills a test after 30 s */

TEST(touching_memory_raises_numa_hint_faults)
{
	long pte0, hint0, pte1 = 0, hint1 = 0;
	double start;
	char *area;

	if (gn_numa_knobs_fast())
		SKIP(return, "no NUMA-balancing scan knobs (" NUMA_KNOBS " needs SCHED_DEBUG, debugfs)");

	if (numa_available() < 0 || numa_max_node() < 1)
		SKIP(return, "needs 2 NUMA nodes");
	ASSERT_EQ(0, numa_run_on_node(1));
	area = mmap(NULL, AREA_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, gn_place(area, AREA_SIZE, 0, 1));

	pte0 = gn_vmstat("numa_pte_updates");
	hint0 = gn_vmstat("numa_hint_faults");
	ASSERT_GE(pte0, 0);
	ASSERT_GE(hint0, 0);
	start = gn_now();
	while (gn_now() - start < MAX_SECONDS) {
		for (size_t i = 0; i < AREA_SIZE; i += 4096)
			area[i]++;
		pte1 = gn_vmstat("numa_pte_updates");
		hint1 = gn_vmstat("numa_hint_faults");
		if (hint1 - hint0 >= 10 && pte1 - pte0 > 0)
			break;
	}
	TH_LOG("%.1f s: numa_pte_updates +%ld, numa_hint_faults +%ld",
	       gn_now() - start, pte1 - pte0, hint1 - hint0);
	EXPECT_GT(pte1 - pte0, 0);
	EXPECT_GE(hint1 - hint0, 10);
	munmap(area, AREA_SIZE);
}

TEST_HARNESS_MAIN
