// SPDX-License-Identifier: GPL-2.0
/*
 * A NUMA node's CPUs, from /sys/devices/system/node/nodeN/cpulist.
 */
#include <stdio.h>

#include "numa_node.h"
#include "sysfile.h"

int gn_first_cpu(int node)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/cpulist", node);
	return (int)gn_read_long(path);
}
