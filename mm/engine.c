// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma engine core: the table of the built-in engines, the active one, and the
 * accounting every engine shares (per-page results, stats, shadow mode,
 * tracepoint).  Never names an engine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <gupnuma/engine.h>
#include <gupnuma/stats.h>
#include <trace/events/gupnuma.h>

/*
 * The engines are built in: a table, not a registry (policies register; an
 * engine is code of this module, present or not at build time).
 */
static const struct gupnuma_engine_ops *const gupnuma_engines[GUPNUMA_NR_ENGINES] = {
	[GUPNUMA_ENGINE_WALK] = &gupnuma_walk_engine_ops,
	[GUPNUMA_ENGINE_GUP] = &gupnuma_gup_engine_ops,
	[GUPNUMA_ENGINE_HMM] = &gupnuma_hmm_engine_ops,
};
static enum gupnuma_engine_id active_engine = GUPNUMA_ENGINE_WALK;

/**
 * gupnuma_engine_available() - whether engine @id can run lookups.
 * @id: an engine id, checked for range.
 *
 * Return: false out of range, or for the hmm engine without CONFIG_HMM_MIRROR.
 */
bool gupnuma_engine_available(enum gupnuma_engine_id id)
{
	return (unsigned int)id < GUPNUMA_NR_ENGINES && gupnuma_engines[id]->lookup;
}

/**
 * gupnuma_active_engine() - the engine lookups and new mirrors use unless
 * told otherwise.
 *
 * Return: its id.
 */
enum gupnuma_engine_id gupnuma_active_engine(void)
{
	return READ_ONCE(active_engine);
}

/**
 * gupnuma_set_active_engine() - switch the active engine.
 * @id: an available engine.
 *
 * Return: 0, -EINVAL out of range, -ENOENT if it is not available.
 */
int gupnuma_set_active_engine(enum gupnuma_engine_id id)
{
	if ((unsigned int)id >= GUPNUMA_NR_ENGINES)
		return -EINVAL;
	if (!gupnuma_engine_available(id))
		return -ENOENT;
	WRITE_ONCE(active_engine, id);
	return 0;
}

/**
 * gupnuma_engine_lookup() - run a lookup through engine @id.
 * @id: the engine.
 * @req: the request; its counters are added to.
 *
 * Return: 0 (per-page errors are in @req), -EINVAL, -ENOENT if the engine is
 * not available, or the engine's error.
 */
int gupnuma_engine_lookup(enum gupnuma_engine_id id, struct gupnuma_req *req)
{
	const struct gupnuma_engine_ops *ops;
	u64 hint_faults = req->hint_faults;
	int err;

	if ((unsigned int)id >= GUPNUMA_NR_ENGINES || !req->mm || !req->npages ||
	    !PAGE_ALIGNED(req->start))
		return -EINVAL;
	ops = gupnuma_engines[id];
	if (!ops->lookup)
		return -ENOENT;
	memset(req->node_pages, 0, sizeof(req->node_pages));
	err = ops->lookup(req);
	gupnuma_stats_pages(req->policy, req->caller, req->node_pages,
			    req->hint_faults - hint_faults);
	return err;
}
EXPORT_SYMBOL_GPL(gupnuma_engine_lookup);

/**
 * gupnuma_engine_decide() - ask the request's policy about a protnone entry
 * and account the answer.  May run under a page-table lock.
 * @req: the request.
 * @idx: page index in @req.
 * @in: the lookup at that entry.
 *
 * Return: the verdict.  A policy that cannot answer (unregistered) makes the
 * lookup follow, as stock 6.12 does for everyone but KVM.
 */
struct gupnuma_verdict gupnuma_engine_decide(struct gupnuma_req *req, unsigned long idx,
					     const struct gupnuma_query *in)
{
	struct gupnuma_verdict v;

	if (gupnuma_decide(req->policy, in, &v))
		v = gupnuma_invariant_verdict(in);
	gupnuma_engine_account(req, idx, in, v);
	return v;
}

/**
 * gupnuma_engine_account() - account a decision that was taken at page @idx
 * (stats, shadow mode, tracepoint, per-page result).  May run under a
 * page-table lock.
 * @req: the request.
 * @idx: page index in @req.
 * @in: the lookup at that entry.
 * @v: what was decided, by the policy or, for the gup and hmm engines, by
 *	the kernel code they call.
 */
void gupnuma_engine_account(struct gupnuma_req *req, unsigned long idx,
			    const struct gupnuma_query *in, struct gupnuma_verdict v)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);

	req->decisions[v.decision]++;
	gupnuma_stats_decision(req->policy, in, v.decision, 1);
	trace_gupnuma_decision(addr, req->policy, in->caller, in->flags, in->vma_accessible,
			       in->level, in->maybe_dma_pinned, v.decision, v.reason);
	gupnuma_engine_mark(req, idx, v);
}

/**
 * gupnuma_engine_mark() - record decision @v in page @idx's result, if the
 * request wants per-page results; no stats, no trace (a THP's subpages after
 * the first share its accounted decision).  May run under a page-table lock.
 * @req: the request.
 * @idx: page index.
 * @v: the verdict.
 */
void gupnuma_engine_mark(struct gupnuma_req *req, unsigned long idx, struct gupnuma_verdict v)
{
	if (req->pages) {
		req->pages[idx].decision = v.decision;
		req->pages[idx].reason = v.reason;
		req->pages[idx].state |= GUPNUMA_PAGE_ASKED;
	}
}

/**
 * gupnuma_engine_page() - record what a lookup found at page @idx.
 * @req: the request.
 * @idx: page index.
 * @page: the page found, or NULL.
 * @state: GUPNUMA_PAGE_* bits to add.
 * @error: 0 or a negative errno.
 */
void gupnuma_engine_page(struct gupnuma_req *req, unsigned long idx,
			 struct page *page, unsigned int state, int error)
{
	int nid = page ? page_to_nid(page) : NUMA_NO_NODE;

	if (page) {
		state |= GUPNUMA_PAGE_PRESENT;
		req->found++;
	}
	if (error) {
		state |= GUPNUMA_PAGE_ERROR;
		req->errors++;
	}
	if (state & GUPNUMA_PAGE_PROTNONE)
		req->protnone++;
	if (state & GUPNUMA_PAGE_HINT_FAULT)
		req->hint_faults++;
	if (nid >= 0 && nid < GUPNUMA_STATS_NODES)
		req->node_pages[nid]++;
	if (req->pfns)
		req->pfns[idx] = page ? page_to_pfn(page) : 0;
	if (req->pages) {
		struct gupnuma_page *p = &req->pages[idx];

		p->pfn = page ? page_to_pfn(page) : 0;
		p->node = nid;
		p->state |= state;
		p->error = error;
	}
}
