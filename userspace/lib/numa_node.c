// SPDX-License-Identifier: GPL-2.0
/*
 * A NUMA node's CPUs, from /sys/devices/system/node/nodeN/cpulist.
 */
#include <stdio.h>

#include "numa_node.h"

int gn_first_cpu(int node)
{
	char path[64];
	int cpu = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/cpulist", node);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &cpu) != 1)
			cpu = -1;
		fclose(f);
	}
	return cpu;
}
