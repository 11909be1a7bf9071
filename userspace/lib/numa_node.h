/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A NUMA node's CPUs, from sysfs (no libnuma: the KVM selftests link this
 * too).  See numa_node.c.
 */
#ifndef GUPNUMA_NUMA_NODE_H
#define GUPNUMA_NUMA_NODE_H

/* The first CPU of @node (its sysfs cpulist), or -1. */
int gn_first_cpu(int node);

#endif /* GUPNUMA_NUMA_NODE_H */
