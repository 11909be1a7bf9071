/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NUMA balancing from userspace: /proc/vmstat and the scan knobs (no
 * libnuma).  See numa_balancing.c.
 */
#ifndef GUPNUMA_NUMA_BALANCING_H
#define GUPNUMA_NUMA_BALANCING_H

#define NUMA_KNOBS "/sys/kernel/debug/sched/numa_balancing/"
/* The same scan knobs before 5.13: NUMA_KNOBS_SYSCTL "scan_delay_ms" etc. */
#define NUMA_KNOBS_SYSCTL "/proc/sys/kernel/numa_balancing_"

/* The /proc/vmstat counter @name, or -1. */
long gn_vmstat(const char *name);
/* Scan early and often (0/100/200 ms); 0 or -errno (no knobs, not root). */
int gn_numa_knobs_fast(void);

#endif /* GUPNUMA_NUMA_BALANCING_H */
