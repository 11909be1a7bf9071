/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's sysfs files (/sys/kernel/mm/gupnuma/) and its debugfs stats
 * tables, read and written by name.
 */
#ifndef GUPNUMA_SYSFS_H
#define GUPNUMA_SYSFS_H

#include <stddef.h>

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

#endif
