// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma engine core: engines registered by id, the active engine, and the
 * accounting every engine shares (per-page results, stats, shadow mode,
 * tracepoint).  Never names an engine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/mutex.h>

#include <gupnuma/engine.h>
#include <gupnuma/stats.h>
#include <trace/events/gupnuma.h>

static const struct gupnuma_engine_ops *gupnuma_engines[GUPNUMA_NR_ENGINES];
static DEFINE_MUTEX(gupnuma_engines_lock);
static enum gupnuma_engine_id gupnuma_active = GUPNUMA_ENGINE_WALK;

/**
 * gupnuma_register_engine() - make an engine available under its id.
 * @ops: the engine.
 *
 * Return: 0, -EINVAL for a bad @ops, -EBUSY if the id is taken.
 */
int gupnuma_register_engine(const struct gupnuma_engine_ops *ops)
{
	int err = 0;

	if (!ops || !ops->lookup || (unsigned int)ops->id >= GUPNUMA_NR_ENGINES)
		return -EINVAL;
	mutex_lock(&gupnuma_engines_lock);
	if (gupnuma_engines[ops->id])
		err = -EBUSY;
	else
		WRITE_ONCE(gupnuma_engines[ops->id], ops);
	mutex_unlock(&gupnuma_engines_lock);
	return err;
}

/**
 * gupnuma_unregister_engine() - remove an engine.
 * @ops: the engine given to gupnuma_register_engine().
 */
void gupnuma_unregister_engine(const struct gupnuma_engine_ops *ops)
{
	if (!ops || (unsigned int)ops->id >= GUPNUMA_NR_ENGINES)
		return;
	mutex_lock(&gupnuma_engines_lock);
	if (gupnuma_engines[ops->id] == ops)
		WRITE_ONCE(gupnuma_engines[ops->id], NULL);
	mutex_unlock(&gupnuma_engines_lock);
}

bool gupnuma_engine_registered(enum gupnuma_engine_id id)
{
	return (unsigned int)id < GUPNUMA_NR_ENGINES && READ_ONCE(gupnuma_engines[id]);
}

enum gupnuma_engine_id gupnuma_active_engine(void)
{
	return READ_ONCE(gupnuma_active);
}

int gupnuma_set_active_engine(enum gupnuma_engine_id id)
{
	int err = 0;

	if ((unsigned int)id >= GUPNUMA_NR_ENGINES)
		return -EINVAL;
	mutex_lock(&gupnuma_engines_lock);
	if (gupnuma_engines[id])
		WRITE_ONCE(gupnuma_active, id);
	else
		err = -ENOENT;
	mutex_unlock(&gupnuma_engines_lock);
	return err;
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
	ops = READ_ONCE(gupnuma_engines[id]);
	if (!ops)
		return -ENOENT;
	memset(req->node_pages, 0, sizeof(req->node_pages));
	err = ops->lookup(req);
	gupnuma_stats_pages(req->policy, req->caller, req->node_pages,
			    req->hint_faults - hint_faults);
	return err;
}
EXPORT_SYMBOL_GPL(gupnuma_engine_lookup);

/**
 * gupnuma_caller_faults() - whether a caller class faults pages in (none,
 * swapped, migrating entries) or only inspects what is mapped.
 * @caller: the caller class.
 *
 * Return: true for GUP, secondary MMUs, populate and HMM.
 */
bool gupnuma_caller_faults(enum gupnuma_caller caller)
{
	return caller == GUPNUMA_CALLER_GUP ||
	       caller == GUPNUMA_CALLER_SECONDARY_MMU ||
	       caller == GUPNUMA_CALLER_POPULATE ||
	       caller == GUPNUMA_CALLER_HMM;
}

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
					     const struct gupnuma_lookup *in)
{
	struct gupnuma_verdict v;

	if (gupnuma_decide(req->policy, in, &v)) {
		v.decision = in->caller == GUPNUMA_CALLER_GUP_FAST ?
			     GUPNUMA_FALLBACK : GUPNUMA_FOLLOW;
		v.reason = GUPNUMA_REASON_INVARIANT;
	}
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
			    const struct gupnuma_lookup *in, struct gupnuma_verdict v)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);

	req->decisions[v.decision]++;
	gupnuma_stats_decision(req->policy, in, v.decision);
	trace_gupnuma_decision(addr, req->policy, in->caller, in->flags, in->vma_accessible,
			       in->level, in->maybe_dma_pinned, v.decision, v.reason);
	if (req->pages) {
		req->pages[idx].decision = v.decision;
		req->pages[idx].reason = v.reason;
		req->pages[idx].state |= GUPNUMA_PAGE_ASKED;
	}
}

/**
 * gupnuma_peek_first() - whether page @idx is the first of its protnone
 * entry in @req: always for a PTE, for a THP the first of its pages in range.
 * @req: the request.
 * @idx: page index.
 * @peek: GUPNUMA_PEEK_* bits of the page.
 *
 * Return: true if a decision for the entry is to be accounted at @idx.
 */
bool gupnuma_peek_first(struct gupnuma_req *req, unsigned long idx, u8 peek)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);

	return !(peek & GUPNUMA_PEEK_THP) || idx == 0 || !(addr & ~PMD_MASK);
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
