// SPDX-License-Identifier: GPL-2.0
/* Placement and per-node accounting of memory; see numa_mem.h. */
#include <errno.h>
#include <fcntl.h>
#include <numaif.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <numa.h>
#include <sys/mman.h>

#include "numa_mem.h"

#ifndef MPOL_F_NUMA_BALANCING
#define MPOL_F_NUMA_BALANCING	(1 << 13)
#endif

int gn_populate(void *area, size_t size, int from)
{
	unsigned long nodes = 1UL << from;

	if (mbind(area, size, MPOL_BIND, &nodes, sizeof(nodes) * 8, 0))
		return -errno;
	memset(area, 1, size);
	return 0;
}

int gn_let_balance(void *area, size_t size, int from, int to)
{
	unsigned long nodes = 1UL << from | 1UL << to;

	if (!mbind(area, size, MPOL_BIND | MPOL_F_NUMA_BALANCING, &nodes, sizeof(nodes) * 8, 0))
		return 0;
	if (errno != EINVAL)
		return -errno;
	return mbind(area, size, MPOL_DEFAULT, NULL, 0, 0) ? -errno : 0;
}

int gn_place(void *area, size_t size, int from, int to)
{
	int err = gn_populate(area, size, from);

	return err ? err : gn_let_balance(area, size, from, to);
}

/* Each zone's [start_pfn, start_pfn + spanned) and node, from /proc/zoneinfo. */
static struct zone_span {
	unsigned long long start, end;
	int node;
} spans[64];
static int nspans = -1;

static void read_zoneinfo(void)
{
	unsigned long long spanned = 0, start;
	char line[256];
	int node = -1;
	FILE *f = fopen("/proc/zoneinfo", "r");

	nspans = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone", &node) == 1)
			spanned = 0;
		else if (sscanf(line, " spanned %llu", &spanned) == 1)
			;
		else if (sscanf(line, " start_pfn: %llu", &start) == 1 && spanned &&
			 nspans < (int)(sizeof(spans) / sizeof(spans[0])))
			spans[nspans++] = (struct zone_span){ start, start + spanned, node };
	}
	fclose(f);
}

int gn_pfn_node(unsigned long long pfn)
{
	int i;

	if (nspans < 0)
		read_zoneinfo();
	for (i = 0; i < nspans; i++)
		if (spans[i].start <= pfn && pfn < spans[i].end)
			return spans[i].node;
	return -1;
}

long long gn_node_free_kb(int node)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	long long pages = 0, n;
	char line[256];
	int at = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone", &at) == 1)
			continue;
		if (at != node)
			continue;
		/* the zone's free pages, then each CPU's list of them */
		if (sscanf(line, " pages free %lld", &n) == 1 ||
		    sscanf(line, " count: %lld", &n) == 1)
			pages += n;
	}
	fclose(f);
	return pages * (getpagesize() >> 10);
}

double gn_node_fraction(pid_t pid, const void *area, size_t npages, int node)
{
	char path[64];
	uint64_t e[512];
	size_t i = 0, on = 0, n, j;
	int fd, saved;

	snprintf(path, sizeof(path), pid ? "/proc/%d/pagemap" : "/proc/self/pagemap", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (i < npages) {
		off_t off = ((uintptr_t)area / 4096 + i) * sizeof(e[0]);
		ssize_t got;

		n = npages - i < 512 ? npages - i : 512;
		got = pread(fd, e, n * sizeof(e[0]), off);
		if (got != (ssize_t)(n * sizeof(e[0]))) {
			saved = got < 0 ? errno : EIO;
			close(fd);
			errno = saved;
			return -1;
		}
		for (j = 0; j < n; j++)
			/* bit 63: present; bits 0-54: PFN (zero without CAP_SYS_ADMIN) */
			on += (e[j] >> 63) && gn_pfn_node(e[j] & ((1ULL << 55) - 1)) == node;
		i += n;
	}
	close(fd);
	return (double)on / npages;
}

/* The pfn /proc/self/pagemap reports for addr (0 if none). */
uint64_t gn_pagemap_pfn(void *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), ((uintptr_t)addr / 4096) * sizeof(e)) != sizeof(e))
		e = 0;
	close(fd);
	return (e >> 63) & 1 ? e & ((1ULL << 55) - 1) : 0;
}

/* KPF_THP of /proc/kpageflags (include/uapi/linux/kernel-page-flags.h) */
#define GN_KPF_THP 22

int gn_pfn_is_thp(uint64_t pfn)
{
	uint64_t flags;
	int fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return -1;
	got = pread(fd, &flags, sizeof(flags), pfn * sizeof(flags));
	close(fd);
	if (got != sizeof(flags))
		return -1;
	return (flags >> GN_KPF_THP) & 1;
}

char *gn_map_aligned(size_t size, bool thp, char **raw)
{
	char *map, *p;

	map = mmap(NULL, size + GN_THP_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	p = (char *)(((unsigned long)map + GN_THP_SIZE - 1) & ~(GN_THP_SIZE - 1));
	madvise(p, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	if (raw)
		*raw = map;
	return p;
}

/*
 * @size bytes, THP-aligned, placed on @node by first touch from its CPUs
 * (-1: anywhere); afterwards this thread runs on node 1's CPUs when @node is
 * 0, else anywhere.  Not mbind(): NUMA balancing does not scan bound VMAs.
 */
char *gn_map_on_node(size_t size, bool thp, int node)
{
	char *p = gn_map_aligned(size, thp, NULL);

	if (!p)
		return NULL;
	if (node >= 0)
		numa_run_on_node(node);
	memset(p, 1, size);
	numa_run_on_node(node == 0 ? 1 : -1);
	return p;
}
