/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where memory is, measured without asking the kernel's protnone decision:
 * placement on a node that NUMA balancing may still move, and the node of
 * every page through /proc/PID/pagemap (never GUP, so a protnone page is
 * counted where it is on every kernel; move_pages(2) status is not, on 6.1).
 */
#ifndef GUPNUMA_NUMA_MEM_H
#define GUPNUMA_NUMA_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * gn_populate() - populate [@area, @area + @size) on node @from only:
 * mbind(MPOL_BIND, {from}) and a write to every page.  NUMA balancing does
 * not scan the range yet (the policy lacks MOF).  Return: 0 or -errno.
 */
int gn_populate(void *area, size_t size, int from);
/*
 * gn_let_balance() - let NUMA balancing move [@area, @area + @size) from
 * node @from toward node @to: MPOL_BIND {from, to} with MPOL_F_NUMA_BALANCING
 * (5.12+), else (Linux 5.10) MPOL_DEFAULT.  NUMA balancing skips VMAs whose
 * policy lacks MOF, and a VMA policy overrides the task's (numactl
 * --membind).  Return: 0 or -errno.
 */
int gn_let_balance(void *area, size_t size, int from, int to);
/* gn_place() - gn_populate() then gn_let_balance().  Return: 0 or -errno. */
int gn_place(void *area, size_t size, int from, int to);
/*
 * gn_node_fraction() - the fraction of @pid's pages in [@area, @area +
 * @npages pages) that are present on @node (root: pagemap has PFNs).
 * @pid: 0 for the caller.  Return: 0..1, or -1 with errno set.
 */
double gn_node_fraction(pid_t pid, const void *area, size_t npages, int node);
/* gn_pfn_node() - the node of @pfn (from /proc/zoneinfo), or -1. */
int gn_pfn_node(unsigned long long pfn);
/*
 * gn_node_free_kb() - the free memory of @node in KiB: its zones' free pages
 * and the pages on their per-CPU lists, which MemFree leaves out (a freed
 * THP may wait there).  From /proc/zoneinfo; -1 if it cannot be read.
 */
long long gn_node_free_kb(int node);

/* the pfn /proc/self/pagemap reports for @addr (0 if none) */
uint64_t gn_pagemap_pfn(void *addr);
/*
 * gn_pfn_is_thp() - whether page frame @pfn is part of a transparent huge
 * page, as /proc/kpageflags says (KPF_THP; root only): 1 or 0, -1 with errno
 * if it cannot be read.
 */
int gn_pfn_is_thp(uint64_t pfn);
#define GN_THP_SIZE (2UL << 20)
/*
 * @size bytes of anonymous memory, aligned to a THP, with MADV_HUGEPAGE or
 * MADV_NOHUGEPAGE; NULL and errno on failure.  *@raw (if not NULL) is the
 * mapping to munmap, @size + GN_THP_SIZE bytes.
 */
char *gn_map_aligned(size_t size, bool thp, char **raw);
/* gn_map_aligned() placed on @node by first touch; see numa_mem.c. */
char *gn_map_on_node(size_t size, bool thp, int node);

#endif
