/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma engines: ways to look a range of a process's memory up under a
 * policy.  Kernel only.
 */
#ifndef _GUPNUMA_ENGINE_H
#define _GUPNUMA_ENGINE_H

#include <linux/mm_types.h>
#include <linux/sched/signal.h>
#include <linux/types.h>

#include <gupnuma/policy.h>
#include <gupnuma/stats.h>

/**
 * struct gupnuma_req - one lookup of a range.
 * @mm: target mm; the caller holds a reference (mmget) for the whole call.
 * @start: page-aligned start address.
 * @npages: number of pages.
 * @caller: the caller class the lookup acts as.
 * @flags: GUPNUMA_LOOKUP_* flags.
 * @policy: index of the policy deciding at protnone entries.
 * @pages: if not NULL, @npages per-page results, filled in by the engine.
 * @pfns: if not NULL, receives each present page's pfn or 0 (mirror faults).
 * @found: pages present.
 * @protnone: protnone entries met.
 * @errors: pages that failed.
 * @decisions: decisions taken, by enum gupnuma_decision.
 * @hint_faults: NUMA hinting faults taken.
 * @node_pages: pages found per node (first %GUPNUMA_STATS_NODES nodes).
 * @stop: if not NULL, set when the lookup must stop: the process that asked
 *	for it, which waits for a work item running it on another CPU, got a
 *	fatal signal (gupnuma_req_interrupted()).
 */
struct gupnuma_req {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long npages;
	enum gupnuma_caller caller;
	u32 flags;
	int policy;
	struct gupnuma_page *pages;
	unsigned long *pfns;
	u64 found;
	u64 protnone;
	u64 errors;
	u64 decisions[GUPNUMA_NR_DECISIONS];
	u64 hint_faults;
	u64 node_pages[GUPNUMA_STATS_NODES];
	const bool *stop;
};

/**
 * gupnuma_interrupted() - should a lookup or mirror access stop (and return
 * -EINTR)?
 * @stop: if not NULL, set by the task it runs for (struct gupnuma_req).
 *
 * A fatal signal to the task running it, or to the task it runs for.
 *
 * Return: true if it should stop.
 */
static inline bool gupnuma_interrupted(const bool *stop)
{
	return fatal_signal_pending(current) || (stop && READ_ONCE(*stop));
}

/**
 * gupnuma_req_interrupted() - gupnuma_interrupted() for a request; engines
 * check it between batches.
 * @req: the request.
 *
 * Return: true if the lookup should stop.
 */
static inline bool gupnuma_req_interrupted(const struct gupnuma_req *req)
{
	return gupnuma_interrupted(req->stop);
}

/**
 * struct gupnuma_engine_ops - an engine: built in, one per enum
 *	gupnuma_engine_id, in the core's table (mm/engine.c).
 * @id: its id.
 * @lookup: look every page of @req up; called in process context, may sleep,
 *	with no mmap_lock held (the engine takes it).  Per-page failures are
 *	recorded in @req and do not stop the lookup.  Return: 0 or a negative
 *	errno if the lookup as a whole could not run.
 */
struct gupnuma_engine_ops {
	enum gupnuma_engine_id id;
	int (*lookup)(struct gupnuma_req *req);
};

/* The engines; the hmm engine's @lookup is NULL without CONFIG_HMM_MIRROR. */
extern const struct gupnuma_engine_ops gupnuma_walk_engine_ops;
extern const struct gupnuma_engine_ops gupnuma_gup_engine_ops;
extern const struct gupnuma_engine_ops gupnuma_hmm_engine_ops;

bool gupnuma_engine_available(enum gupnuma_engine_id id);
enum gupnuma_engine_id gupnuma_active_engine(void);
int gupnuma_set_active_engine(enum gupnuma_engine_id id);
int gupnuma_engine_lookup(enum gupnuma_engine_id id, struct gupnuma_req *req);

/* For engines. */
struct gupnuma_verdict gupnuma_engine_decide(struct gupnuma_req *req, unsigned long idx,
					     const struct gupnuma_query *in);
void gupnuma_engine_account(struct gupnuma_req *req, unsigned long idx,
			    const struct gupnuma_query *in, struct gupnuma_verdict v);
void gupnuma_engine_mark(struct gupnuma_req *req, unsigned long idx, struct gupnuma_verdict v);
void gupnuma_engine_page(struct gupnuma_req *req, unsigned long idx,
			 struct page *page, unsigned int state, int error);


#endif /* _GUPNUMA_ENGINE_H */
