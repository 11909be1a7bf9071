/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of gupnuma's KVM selftests: node placement, on top of the
 * selftests/kvm library; vmstat and the scan knobs come from gupnuma's
 * userspace library (userspace/lib/numa_balancing.c, no libnuma).
 */
#ifndef GUPNUMA_NUMA_TEST_UTIL_H
#define GUPNUMA_NUMA_TEST_UTIL_H

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "numa_balancing.h"
#include "numa_node.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"

/* The scan knobs, fast; a kernel without them cannot run these tests. */
static inline void numa_knobs_fast(void)
{
	__TEST_REQUIRE(!gn_numa_knobs_fast(), "no NUMA balancing scan knobs (SCHED_DEBUG, debugfs)");
}

static inline void run_on_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	TEST_ASSERT(!sched_setaffinity(0, sizeof(set), &set), "pin to CPU %d", cpu);
}

/* Pages of [hva, hva + size) on @node, by move_pages(2) status queries. */
static inline long pages_on_node(void *hva, size_t size, int node)
{
	size_t n = size / getpagesize(), i;
	void **addrs = calloc(n, sizeof(*addrs));
	int *status = calloc(n, sizeof(*status));
	long on = 0;

	TEST_ASSERT(addrs && status, "calloc");
	for (i = 0; i < n; i++)
		addrs[i] = (char *)hva + i * getpagesize();
	TEST_ASSERT(!syscall(__NR_move_pages, 0, n, addrs, NULL, status, 0), "move_pages");
	for (i = 0; i < n; i++)
		on += status[i] == node;
	free(addrs);
	free(status);
	return on;
}

/*
 * The guest reads one word of every 4 KiB: each page of a 4K host (x86,
 * Debian's arm64).  PAGE_SIZE is x86's only in the selftests' library.
 */
#define GUEST_STRIDE	4096

/* Guest code: read every page of [gva, gva + size), report, and stop. */
static inline void guest_read_all(uint64_t gva, uint64_t size)
{
	uint64_t i, sum = 0;

	for (i = 0; i < size; i += GUEST_STRIDE)
		sum += READ_ONCE(*(uint64_t *)(gva + i));
	GUEST_SYNC1(sum);
	GUEST_DONE();
}

#endif
