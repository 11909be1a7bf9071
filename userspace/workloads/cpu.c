// SPDX-License-Identifier: GPL-2.0
/*
 * cpu: the process's own CPU reads the memory from node B: the ordinary NUMA
 * hinting fault of a page the CPU touches (do_numa_page()), no lookup
 * involved.  The baseline every other workload is compared with.
 */
#include "workload.h"

static int cpu_prepare(struct wl_run *r)
{
	return wl_map_placed(r, NULL);
}

static int cpu_access(struct wl_run *r)
{
	volatile unsigned long sum = 0;
	size_t i;

	for (i = 0; i < r->npages; i++)
		sum += ((volatile char *)r->area)[i * 4096];
	r->accesses++;
	return 0;
}

const struct workload wl_cpu = {
	.name = "cpu",
	.doc = "the CPU itself reads the memory (ordinary hinting faults; the baseline)",
	.kind = WL_MIGRATES,
	.prepare = cpu_prepare,
	.access = cpu_access,
	.teardown = wl_unmap,
};
