// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/gupnuma/: the statistics as tables, one row per policy x
 * caller class (or policy pair), through seq_file, so that no table is cut
 * at a page however many policies and nodes there are.  sysfs keeps one
 * value per file (stats/reset); the tables are for people and the CLI.
 * Beside them, one knob for tests: walk_pmd_delay_us.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>
#include <gupnuma/stats.h>

#include "engine_walk.h"
#include "gupnuma_internal.h"

static struct dentry *gupnuma_debugfs;

/* decisions: per policy x caller: decisions and hinting faults. */
static int decisions_show(struct seq_file *m, void *unused)
{
	int p, c, d;

	seq_puts(m, "policy caller follow fault nopage fallback hint_faults\n");
	gupnuma_for_each_policy(p) {
		for (c = 0; c < GUPNUMA_NR_CALLERS; c++) {
			seq_printf(m, "%s %s", gupnuma_policy_name(p), gupnuma_caller_name(c));
			for (d = 0; d < GUPNUMA_NR_DECISIONS; d++)
				seq_printf(m, " %llu", gupnuma_stats_decisions(p, c, d));
			seq_printf(m, " %llu\n", gupnuma_stats_hint_faults(p, c));
		}
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(decisions);

/* nodes: per policy x caller: pages found on each online node (first 16 counted). */
static int nodes_show(struct seq_file *m, void *unused)
{
	int p, c, nid;

	seq_puts(m, "policy caller");
	for_each_online_node(nid)
		if (nid < GUPNUMA_STATS_NODES)
			seq_printf(m, " node%d", nid);
	seq_putc(m, '\n');
	gupnuma_for_each_policy(p) {
		for (c = 0; c < GUPNUMA_NR_CALLERS; c++) {
			seq_printf(m, "%s %s", gupnuma_policy_name(p), gupnuma_caller_name(c));
			for_each_online_node(nid)
				if (nid < GUPNUMA_STATS_NODES)
					seq_printf(m, " %llu", gupnuma_stats_node_pages(p, c, nid));
			seq_putc(m, '\n');
		}
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nodes);

/* divergences: shadow mode: decisions where another policy differed. */
static int divergences_show(struct seq_file *m, void *unused)
{
	int a, o;

	seq_puts(m, "active other divergences\n");
	gupnuma_for_each_policy(a)
		gupnuma_for_each_policy(o)
			if (a != o)
				seq_printf(m, "%s %s %llu\n", gupnuma_policy_name(a),
					   gupnuma_policy_name(o), gupnuma_stats_divergences(a, o));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(divergences);

/*
 * walk_pmd_delay_us: one sleep of the next walk that reads a huge PMD, between
 * that lockless read and the PMD lock (engine_walk.c), 0 to
 * GUPNUMA_WALK_PMD_DELAY_MAX_US microseconds, else EINVAL; it reads 0 again
 * once that walk took it.  For tests that race a THP's split against it.
 */
static int walk_pmd_delay_get(void *data, u64 *val)
{
	*val = READ_ONCE(gupnuma_walk_pmd_delay_us);
	return 0;
}

static int walk_pmd_delay_set(void *data, u64 val)
{
	if (val > GUPNUMA_WALK_PMD_DELAY_MAX_US)
		return -EINVAL;
	WRITE_ONCE(gupnuma_walk_pmd_delay_us, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(walk_pmd_delay_fops, walk_pmd_delay_get, walk_pmd_delay_set, "%llu\n");

/**
 * gupnuma_debugfs_init() - create /sys/kernel/debug/gupnuma/.
 *
 * Without debugfs the tables and the test knob are missing and nothing else
 * is: as every debugfs user, errors are not checked.  May sleep.
 */
void gupnuma_debugfs_init(void)
{
	gupnuma_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("decisions", 0400, gupnuma_debugfs, NULL, &decisions_fops);
	debugfs_create_file("nodes", 0400, gupnuma_debugfs, NULL, &nodes_fops);
	debugfs_create_file("divergences", 0400, gupnuma_debugfs, NULL, &divergences_fops);
	debugfs_create_file_unsafe("walk_pmd_delay_us", 0600, gupnuma_debugfs, NULL,
				   &walk_pmd_delay_fops);
}

/**
 * gupnuma_debugfs_exit() - remove /sys/kernel/debug/gupnuma/.  May sleep.
 */
void gupnuma_debugfs_exit(void)
{
	debugfs_remove_recursive(gupnuma_debugfs);
	gupnuma_debugfs = NULL;
}
