// SPDX-License-Identifier: GPL-2.0
/* /dev/gupnuma: opening it, lookups, waiting for protnone entries. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <numa.h>
#include <sys/mman.h>

#include "gupnuma_dev.h"

int gn_open(void)
{
	return open(GUPNUMA_DEV_PATH, O_RDWR | O_CLOEXEC);
}

int gn_open_numa(const char *policy, const char **why)
{
	int fd = gn_open();

	if (fd < 0) {
		*why = "no " GUPNUMA_DEV_PATH " (load gupnuma.ko)";
		return -1;
	}
	if (numa_available() < 0 || numa_max_node() < 1) {
		*why = "needs 2 NUMA nodes";
	} else if (policy && gn_set_policy(policy)) {
		*why = "cannot set the policy (root?)";
	} else {
		*why = NULL;
		return fd;
	}
	close(fd);
	return -1;
}

/* One GUPNUMA_IOC_LOOKUP; returns 0 or -errno. */
int gn_lookup(int fd, struct gupnuma_lookup_args *a, void *addr, size_t npages,
	      unsigned int caller, unsigned int flags, unsigned int engine,
	      unsigned int policy, struct gupnuma_page *pages)
{
	memset(a, 0, sizeof(*a));
	a->addr = (uintptr_t)addr;
	a->npages = npages;
	a->pages = (uintptr_t)pages;
	a->caller = caller;
	a->flags = flags;
	a->engine = engine;
	a->policy = policy;
	a->cpu = GUPNUMA_CPU_ANY;
	return ioctl(fd, GUPNUMA_IOC_LOOKUP, a) ? -errno : 0;
}

/* GUPNUMA_IOC_MIRROR_CREATE of @npages pages at @addr, any CPU; 0 or -errno. */
int gn_mirror_create(int fd, const void *addr, size_t npages, unsigned int engine)
{
	struct gupnuma_mirror_args m = {
		.addr = (uintptr_t)addr, .npages = npages, .engine = engine,
		.cpu = GUPNUMA_CPU_ANY,
	};

	return ioctl(fd, GUPNUMA_IOC_MIRROR_CREATE, &m) ? -errno : 0;
}

/*
 * GUPNUMA_IOC_MIRROR_ACCESS of the mirror's first @npages pages from @cpu
 * (GUPNUMA_CPU_ANY: anywhere) with lookup @flags; the counts in *@m.
 * 0 or -errno.
 */
int gn_mirror_access(int fd, struct gupnuma_mirror_args *m, size_t npages,
		     unsigned int cpu, unsigned int flags)
{
	memset(m, 0, sizeof(*m));
	m->npages = npages;
	m->cpu = cpu;
	m->flags = flags;
	return ioctl(fd, GUPNUMA_IOC_MIRROR_ACCESS, m) ? -errno : 0;
}

/* Protnone entries in a range, seen without faulting (inspect, policy never). */
int gn_count_protnone(int fd, void *addr, size_t npages, struct gupnuma_page *pages)
{
	struct gupnuma_lookup_args a;
	int never = gn_policy_index("never");
	int err = never < 0 ? never :
		  gn_lookup(fd, &a, addr, npages, GUPNUMA_CALLER_INSPECT, 0,
			    GUPNUMA_ENGINE_WALK, never, pages);

	return err ? err : (int)a.protnone;
}

/*
 * Let NUMA balancing scan this task until @want pages of the range are
 * protnone: the scan runs from this task's own ticks, so spin on the CPU
 * without touching the range.  Spin on @spin_node's CPUs (-1: anywhere): the
 * scan skips 4K pages already on the node a single-threaded task runs on.
 */
int gn_wait_protnone(int fd, void *addr, size_t npages, size_t want, double timeout_s,
		     int spin_node, struct gupnuma_page *pages)
{
	double end = gn_now() + timeout_s;
	volatile unsigned long spin = 0;
	int n = 0;

	if (spin_node >= 0)
		numa_run_on_node(spin_node);
	while (gn_now() < end) {
		double t = gn_now() + 0.05;

		while (gn_now() < t)
			spin++;
		n = gn_count_protnone(fd, addr, npages, pages);
		if (n < 0 || (size_t)n >= want)
			return n;
	}
	return n;
}

/*
 * gn_mirror_counts_ok() - do the counts of a MIRROR_ACCESS of @npages pages
 * that returned 0 add up?  Each page is a hit or a fault once, and each retry
 * counts its batch, 1 to @npages pages, again (include/uapi/linux/gupnuma.h):
 * @npages + retries <= hits + faults <= @npages * (1 + retries).
 */
bool gn_mirror_counts_ok(const struct gupnuma_mirror_args *a, unsigned long npages)
{
	unsigned long long n = a->hits + a->faults;

	return n >= npages + a->retries && n <= npages * (1 + a->retries);
}
