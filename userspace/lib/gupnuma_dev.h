/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers around /dev/gupnuma and the NUMA-balancing knobs, shared by
 * the gupnuma CLI, its tests and benchmarks.
 */
#ifndef GUPNUMA_DEV_H
#define GUPNUMA_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/gupnuma.h>

#include "clock.h"
#include "numa_balancing.h"
#include "numa_node.h"

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
int gn_sysfs_write(const char *file, const char *value);
/* The whole of GUPNUMA_SYSFS_DIR/@file; 0, -errno, or -E2BIG if @len is too small. */
int gn_sysfs_read(const char *file, char *buf, size_t len);
/* The first line of a sysfs file, without its newline; 0 or -errno. */
int gn_sysfs_read_line(const char *file, char *buf, size_t len);
int gn_set_policy(const char *name);
int gn_policy_index(const char *name);
/*
 * The entries of sysfs list @file ("policy", "engine": names, the active one
 * bracketed): up to @max names into @names (if not NULL) and the active one's
 * position into @active (if not NULL; -1 if none).  Return: their number, or
 * -errno (-E2BIG: more than @max).
 */
#define GN_MAX_POLICIES 16
#define GN_POLICY_NAME_LEN 32
int gn_sysfs_list(const char *file, char (*names)[GN_POLICY_NAME_LEN], int max, int *active);
/* The active (bracketed) entry of sysfs list @file; 0, or -errno (-EINVAL: none bracketed). */
int gn_sysfs_active(const char *file, char *buf, size_t len);
/* The module's policies, in registry order: gn_sysfs_list("policy", ...). */
int gn_policies(char (*names)[GN_POLICY_NAME_LEN], int max, int *active);
/* The active policy's name: gn_sysfs_active("policy", ...). */
int gn_active_policy(char *buf, size_t len);
/* The stats tables (decisions, nodes, divergences) are in debugfs. */
#define GUPNUMA_STATS_DIR "/sys/kernel/debug/gupnuma"
/* The whole of stats table @table; 0, -errno, or -E2BIG if @len is too small. */
int gn_stats_read(const char *table, char *buf, size_t len);
/* The number in column @col (0: the first after @row) of stats table @table's row @row; -1 if none. */
long long gn_stat(const char *file, const char *row, int col);
int gn_count_protnone(int fd, void *addr, size_t npages, struct gupnuma_page *pages);
int gn_wait_protnone(int fd, void *addr, size_t npages, size_t want, double timeout_s,
		     int spin_node, struct gupnuma_page *pages);
uint64_t gn_pagemap_pfn(void *addr);
#define GN_THP_SIZE (2UL << 20)
/*
 * @size bytes of anonymous memory, aligned to a THP, with MADV_HUGEPAGE or
 * MADV_NOHUGEPAGE; NULL and errno on failure.  *@raw (if not NULL) is the
 * mapping to munmap, @size + GN_THP_SIZE bytes.
 */
char *gn_map_aligned(size_t size, bool thp, char **raw);
char *gn_map_on_node(size_t size, bool thp, int node);
long gn_smaps_rss_kb(void *addr);
int gn_ksm_write(const char *file, const char *value);
long gn_ksm_full_scans(void);
int gn_shared_pages(char *map, int npages);

#endif
