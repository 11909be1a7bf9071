// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma statistics.  Counters are atomic64, indexed by policy and caller
 * class; pages per node are counted for the first GUPNUMA_STATS_NODES nodes,
 * added once per lookup.
 * In shadow mode every decision is also evaluated under every other
 * registered policy, and each disagreement counted per (active, other) pair,
 * so that policies can be compared on one live workload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/nodemask.h>
#include <linux/slab.h>

#include <gupnuma/stats.h>

struct gupnuma_stats {
	atomic64_t decisions[GUPNUMA_NR_POLICIES][GUPNUMA_NR_CALLERS][GUPNUMA_NR_DECISIONS];
	atomic64_t hint_faults[GUPNUMA_NR_POLICIES][GUPNUMA_NR_CALLERS];
	atomic64_t nodes[GUPNUMA_NR_POLICIES][GUPNUMA_NR_CALLERS][GUPNUMA_STATS_NODES];
	atomic64_t divergences[GUPNUMA_NR_POLICIES][GUPNUMA_NR_POLICIES];
};

static struct gupnuma_stats *gupnuma_stats;
static bool gupnuma_shadow;

int gupnuma_stats_init(void)
{
	gupnuma_stats = kzalloc(sizeof(*gupnuma_stats), GFP_KERNEL);
	return gupnuma_stats ? 0 : -ENOMEM;
}

void gupnuma_stats_exit(void)
{
	kfree(gupnuma_stats);
	gupnuma_stats = NULL;
}

void gupnuma_stats_reset(void)
{
	atomic64_t *c = (atomic64_t *)gupnuma_stats;
	size_t i;

	for (i = 0; i < sizeof(*gupnuma_stats) / sizeof(*c); i++)
		atomic64_set(&c[i], 0);
}

bool gupnuma_shadow_enabled(void)
{
	return READ_ONCE(gupnuma_shadow);
}

void gupnuma_set_shadow(bool on)
{
	WRITE_ONCE(gupnuma_shadow, on);
}

void gupnuma_stats_decision(enum gupnuma_policy_id policy,
			    const struct gupnuma_lookup *in,
			    enum gupnuma_decision decision)
{
	struct gupnuma_verdict other;
	int p;

	atomic64_inc(&gupnuma_stats->decisions[policy][in->caller][decision]);
	if (!gupnuma_shadow_enabled())
		return;
	for (p = 0; p < GUPNUMA_NR_POLICIES; p++) {
		if (p == policy || gupnuma_decide(p, in, &other))
			continue;
		if (other.decision != decision)
			atomic64_inc(&gupnuma_stats->divergences[policy][p]);
	}
}

/* Add a lookup's pages per node and hinting faults, once per lookup. */
void gupnuma_stats_pages(enum gupnuma_policy_id policy, enum gupnuma_caller caller,
			 const u64 *node_pages, u64 hint_faults)
{
	int nid;

	if (hint_faults)
		atomic64_add(hint_faults, &gupnuma_stats->hint_faults[policy][caller]);
	for (nid = 0; nid < GUPNUMA_STATS_NODES; nid++)
		if (node_pages[nid])
			atomic64_add(node_pages[nid], &gupnuma_stats->nodes[policy][caller][nid]);
}

u64 gupnuma_stats_decisions(enum gupnuma_policy_id policy, enum gupnuma_caller caller,
			    enum gupnuma_decision decision)
{
	return atomic64_read(&gupnuma_stats->decisions[policy][caller][decision]);
}

u64 gupnuma_stats_hint_faults(enum gupnuma_policy_id policy, enum gupnuma_caller caller)
{
	return atomic64_read(&gupnuma_stats->hint_faults[policy][caller]);
}

u64 gupnuma_stats_node_pages(enum gupnuma_policy_id policy, enum gupnuma_caller caller,
			     int nid)
{
	if (nid < 0 || nid >= GUPNUMA_STATS_NODES)
		return 0;
	return atomic64_read(&gupnuma_stats->nodes[policy][caller][nid]);
}

u64 gupnuma_stats_divergences(enum gupnuma_policy_id active, enum gupnuma_policy_id other)
{
	return atomic64_read(&gupnuma_stats->divergences[active][other]);
}
