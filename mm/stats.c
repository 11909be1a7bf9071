// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma statistics.  Counters are per-CPU, indexed by policy and caller
 * class, summed when read; pages per node are counted for the first
 * GUPNUMA_STATS_NODES nodes, added once per lookup.
 * In shadow mode every decision is also evaluated under every other
 * registered policy, and each disagreement counted per (active, other) pair,
 * so that policies can be compared on one live workload.  Also the kernel's
 * own count of hinting faults (vmstat), which a lookup reports.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmstat.h>

#include <gupnuma/stats.h>

#include "gupnuma_internal.h"

/* Per-CPU, so that a decision costs an increment of a local counter. */
struct gupnuma_stats {
	u64 decisions[GUPNUMA_MAX_POLICIES][GUPNUMA_NR_CALLERS][GUPNUMA_NR_DECISIONS];
	u64 hint_faults[GUPNUMA_MAX_POLICIES][GUPNUMA_NR_CALLERS];
	u64 nodes[GUPNUMA_MAX_POLICIES][GUPNUMA_NR_CALLERS][GUPNUMA_STATS_NODES];
	u64 divergences[GUPNUMA_MAX_POLICIES][GUPNUMA_MAX_POLICIES];
};

static struct gupnuma_stats __percpu *gupnuma_stats;
static bool gupnuma_shadow;

int gupnuma_stats_init(void)
{
	gupnuma_stats = alloc_percpu(struct gupnuma_stats);
	return gupnuma_stats ? 0 : -ENOMEM;
}

void gupnuma_stats_exit(void)
{
	free_percpu(gupnuma_stats);
	gupnuma_stats = NULL;
}

/* Racy against concurrent increments, as any counter reset is. */
void gupnuma_stats_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(gupnuma_stats, cpu), 0, sizeof(struct gupnuma_stats));
}

bool gupnuma_shadow_enabled(void)
{
	return READ_ONCE(gupnuma_shadow);
}

void gupnuma_set_shadow(bool on)
{
	WRITE_ONCE(gupnuma_shadow, on);
}

/*
 * Count @nr decisions @decision of @policy for query @in (@nr entries alike:
 * a kernel batch, see kernel_hook.c) and, in shadow mode, the other
 * policies' divergences from it.  Any context.
 */
void gupnuma_stats_decision(int policy,
			    const struct gupnuma_query *in,
			    enum gupnuma_decision decision, unsigned int nr)
{
	struct gupnuma_verdict other;
	int p;

	this_cpu_add(gupnuma_stats->decisions[policy][in->caller][decision], nr);
	if (!gupnuma_shadow_enabled())
		return;
	gupnuma_for_each_policy(p) {
		if (p == policy || gupnuma_decide(p, in, &other))
			continue;
		if (other.decision != decision)
			this_cpu_add(gupnuma_stats->divergences[policy][p], nr);
	}
}

/* Add a lookup's pages per node and hinting faults, once per lookup. */
void gupnuma_stats_pages(int policy, enum gupnuma_caller caller,
			 const u64 *node_pages, u64 hint_faults)
{
	int nid;

	if (hint_faults)
		this_cpu_add(gupnuma_stats->hint_faults[policy][caller], hint_faults);
	for (nid = 0; nid < GUPNUMA_STATS_NODES; nid++)
		if (node_pages[nid])
			this_cpu_add(gupnuma_stats->nodes[policy][caller][nid], node_pages[nid]);
}

#define gupnuma_stats_sum(field)					\
({									\
	u64 __sum = 0;							\
	int __cpu;							\
									\
	for_each_possible_cpu(__cpu)					\
		__sum += per_cpu_ptr(gupnuma_stats, __cpu)->field;	\
	__sum;								\
})

u64 gupnuma_stats_decisions(int policy, enum gupnuma_caller caller,
			    enum gupnuma_decision decision)
{
	return gupnuma_stats_sum(decisions[policy][caller][decision]);
}

u64 gupnuma_stats_hint_faults(int policy, enum gupnuma_caller caller)
{
	return gupnuma_stats_sum(hint_faults[policy][caller]);
}

u64 gupnuma_stats_node_pages(int policy, enum gupnuma_caller caller,
			     int nid)
{
	if (nid < 0 || nid >= GUPNUMA_STATS_NODES)
		return 0;
	return gupnuma_stats_sum(nodes[policy][caller][nid]);
}

u64 gupnuma_stats_divergences(int active, int other)
{
	return gupnuma_stats_sum(divergences[active][other]);
}

/* numa_hint_faults of /proc/vmstat, system-wide; 0 without NUMA balancing. */
unsigned long gupnuma_vm_numa_hint_faults(void)
{
#ifdef CONFIG_NUMA_BALANCING
	unsigned long *ev = kmalloc_array(NR_VM_EVENT_ITEMS, sizeof(*ev), GFP_KERNEL);
	unsigned long v = 0;

	if (ev) {
		all_vm_events(ev);
		v = ev[NUMA_HINT_FAULTS];
		kfree(ev);
	}
	return v;
#else
	return 0;
#endif
}
