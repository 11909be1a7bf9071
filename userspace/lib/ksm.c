// SPDX-License-Identifier: GPL-2.0
/* KSM's knobs and what it merged; see ksm.h. */
#include <stdint.h>
#include <stdio.h>

#include "ksm.h"
#include "numa_mem.h"
#include "sysfile.h"

int gn_ksm_write(const char *file, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/mm/ksm/%s", file);
	return gn_write_file(path, value);
}

/* ksmd's full scans so far (/sys/kernel/mm/ksm/full_scans), or -1. */
long gn_ksm_full_scans(void)
{
	return gn_read_long("/sys/kernel/mm/ksm/full_scans");
}

/* Pages of [map, map + npages pages) that share a pfn with another (KSM). */
int gn_shared_pages(char *map, int npages)
{
	uint64_t pfn[64];
	int i, j, shared = 0, n = npages < 64 ? npages : 64;

	for (i = 0; i < n; i++)
		pfn[i] = gn_pagemap_pfn(map + i * 4096);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j && pfn[i] && pfn[i] == pfn[j]) {
				shared++;
				break;
			}
	return shared;
}
