/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma statistics: decisions per policy x caller class, hinting faults,
 * pages found per node, and shadow-mode divergences between policies.
 */
#ifndef _GUPNUMA_STATS_H
#define _GUPNUMA_STATS_H

#include <linux/types.h>

#include <gupnuma/policy.h>

/* Pages found are counted per node for the first GUPNUMA_STATS_NODES nodes. */
#define GUPNUMA_STATS_NODES	16

int gupnuma_stats_init(void);
void gupnuma_stats_exit(void);
void gupnuma_stats_reset(void);
void gupnuma_stats_decision(int policy,
			    const struct gupnuma_query *in,
			    enum gupnuma_decision decision, unsigned int nr);
void gupnuma_stats_pages(int policy, enum gupnuma_caller caller,
			 const u64 *node_pages, u64 hint_faults);
u64 gupnuma_stats_decisions(int policy, enum gupnuma_caller caller,
			    enum gupnuma_decision decision);
u64 gupnuma_stats_hint_faults(int policy, enum gupnuma_caller caller);
u64 gupnuma_stats_node_pages(int policy, enum gupnuma_caller caller,
			     int nid);
u64 gupnuma_stats_divergences(int active, int other);
bool gupnuma_shadow_enabled(void);
void gupnuma_set_shadow(bool on);

#endif /* _GUPNUMA_STATS_H */
