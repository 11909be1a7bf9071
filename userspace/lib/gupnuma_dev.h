/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers around /dev/gupnuma, shared by the gupnuma CLI, its tests and
 * benchmarks; with the headers of the other helpers they use most (sysfs,
 * NUMA balancing and placement, KSM, smaps, the clock).
 */
#ifndef GUPNUMA_DEV_H
#define GUPNUMA_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/gupnuma.h>

#include "clock.h"
#include "gupnuma_sysfs.h"
#include "ksm.h"
#include "numa_balancing.h"
#include "numa_mem.h"
#include "numa_node.h"
#include "smaps.h"
#include "sysfile.h"

#define GUPNUMA_DEV_PATH "/dev/gupnuma"

int gn_open(void);
/*
 * The start of a test on a NUMA machine: /dev/gupnuma open, two nodes or
 * more, @policy active (NULL: leave it).  Return: the fd, or -1 with *@why
 * naming what is missing (a SKIP reason).
 */
int gn_open_numa(const char *policy, const char **why);
int gn_lookup(int fd, struct gupnuma_lookup_args *a, void *addr, size_t npages,
	      unsigned int caller, unsigned int flags, unsigned int engine,
	      unsigned int policy, struct gupnuma_page *pages);
int gn_count_protnone(int fd, void *addr, size_t npages, struct gupnuma_page *pages);
int gn_wait_protnone(int fd, void *addr, size_t npages, size_t want, double timeout_s,
		     int spin_node, struct gupnuma_page *pages);
int gn_mirror_create(int fd, const void *addr, size_t npages, unsigned int engine);
int gn_mirror_access(int fd, struct gupnuma_mirror_args *m, size_t npages,
		     unsigned int cpu, unsigned int flags);
bool gn_mirror_counts_ok(const struct gupnuma_mirror_args *a, unsigned long npages);

#endif
