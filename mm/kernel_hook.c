// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma as the kernel's protnone hook (kernel-patches/, CONFIG_PROTNONE_HOOK):
 * the active policy decides for the kernel's own GUP, folio_walk_start(),
 * smaps and hmm_range_fault(), and those decisions are counted and traced
 * like gupnuma's own lookups.  Built only against a kernel with the hook.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/protnone_hook.h>

#include <gupnuma/policy.h>
#include <gupnuma/stats.h>
#include <trace/events/gupnuma.h>

#include "gupnuma_internal.h"

/* The caller class of a kernel lookup, from its site and GUP flags. */
static enum gupnuma_caller site_caller(const struct protnone_query *q)
{
	switch (q->site) {
	case PROTNONE_SITE_FOLIO_WALK:
		return GUPNUMA_CALLER_INSPECT;
	case PROTNONE_SITE_SMAPS:
		return GUPNUMA_CALLER_SMAPS;
	case PROTNONE_SITE_HMM:
		return GUPNUMA_CALLER_HMM;
	case PROTNONE_SITE_GUP:
	default:
		break;
	}
	if (q->gup_flags & FOLL_DUMP)
		return GUPNUMA_CALLER_DUMP;
	/* populate_vma_page_range() and faultin ask for no pages */
	if (!(q->gup_flags & FOLL_GET) && !q->pin)
		return GUPNUMA_CALLER_POPULATE;
	/* in 6.12 only KVM's hva_to_pfn_slow() passes it */
	if (q->gup_flags & FOLL_HONOR_NUMA_FAULT)
		return GUPNUMA_CALLER_SECONDARY_MMU;
	return GUPNUMA_CALLER_GUP;
}

static u32 lookup_flags(const struct protnone_query *q)
{
	u32 f = 0;

	if (q->gup_flags & FOLL_WRITE)
		f |= GUPNUMA_LOOKUP_WRITE;
	if (q->gup_flags & FOLL_FORCE)
		f |= GUPNUMA_LOOKUP_FORCE;
	if (q->gup_flags & FOLL_HONOR_NUMA_FAULT)
		f |= GUPNUMA_LOOKUP_HONOR_NUMA_FAULT;
	if (q->pin)
		f |= GUPNUMA_LOOKUP_PIN;
	else if (q->gup_flags & FOLL_GET)
		f |= GUPNUMA_LOOKUP_GET;
	if (q->gup_flags & FOLL_LONGTERM)
		f |= GUPNUMA_LOOKUP_LONGTERM;
	if (q->remote)
		f |= GUPNUMA_LOOKUP_REMOTE;
	return f;
}

static bool gupnuma_kernel_follow(const struct protnone_query *q, bool dflt)
{
	enum gupnuma_policy_id policy = gupnuma_active_policy();
	struct gupnuma_lookup in = {
		.caller = site_caller(q),
		.flags = lookup_flags(q),
		.vma_accessible = vma_is_accessible(q->vma),
		.level = q->pmd ? GUPNUMA_LEVEL_PMD : GUPNUMA_LEVEL_PTE,
		.maybe_dma_pinned = q->page && folio_maybe_dma_pinned(page_folio(q->page)),
	};
	struct gupnuma_verdict v;

	if (gupnuma_decide(policy, &in, &v))
		return dflt;
	gupnuma_stats_decision(policy, &in, v.decision);
	trace_gupnuma_decision(q->addr, policy, in.caller, in.flags, in.vma_accessible,
			       in.level, in.maybe_dma_pinned, v.decision, v.reason);
	return v.decision == GUPNUMA_FOLLOW;
}

static const struct protnone_hook_ops gupnuma_kernel_hook = {
	.follow = gupnuma_kernel_follow,
};

int gupnuma_kernel_hook_init(void)
{
	int err = protnone_hook_register(&gupnuma_kernel_hook);

	if (err)
		pr_err("cannot register as the kernel's protnone hook: %d\n", err);
	else
		pr_info("deciding for the kernel's own lookups (protnone hook)\n");
	return err;
}

void gupnuma_kernel_hook_exit(void)
{
	protnone_hook_unregister(&gupnuma_kernel_hook);
}

bool gupnuma_kernel_hooked(void)
{
	return true;
}
