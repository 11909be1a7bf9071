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
#include <linux/slab.h>

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
		v.decision = gupnuma_caller_classes[in->caller].lockless ?
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
 * gupnuma_engine_peek() - peek at the request's range, when per-page results
 * are wanted, for engines that cannot see entries themselves (gup, hmm).
 * @req: the request.
 * @peek: set to a kvcalloc()ed array of GUPNUMA_PEEK_* bits (kvfree() it),
 *	or NULL when @req wants no per-page results.
 *
 * Return: 0, -ENOMEM or -EINTR.
 */
int gupnuma_engine_peek(struct gupnuma_req *req, u8 **peek)
{
	int err;

	*peek = NULL;
	if (!req->pages)
		return 0;
	*peek = kvcalloc(req->npages, sizeof(**peek), GFP_KERNEL);
	if (!*peek)
		return -ENOMEM;
	err = gupnuma_walk_peek(req->mm, req->start, req->npages, *peek);
	if (err) {
		kvfree(*peek);
		*peek = NULL;
	}
	return err;
}

/**
 * gupnuma_engine_peeked_page() - record page @idx that kernel code (GUP, HMM)
 * found, with the decision that code took if its entry was protnone.
 * @req: the request.
 * @idx: page index.
 * @page: the page found, or NULL.
 * @peek: GUPNUMA_PEEK_* bits of the page, seen before the lookup.
 * @v: the decision at a protnone entry of an accessible VMA.
 * @v_inaccessible: the decision at one of an inaccessible VMA.
 *
 * A protnone THP is one entry: its decision, and the hinting fault a FAULT
 * implies, are accounted at its first page in the range only.
 */
void gupnuma_engine_peeked_page(struct gupnuma_req *req, unsigned long idx,
				struct page *page, u8 peek, struct gupnuma_verdict v,
				struct gupnuma_verdict v_inaccessible)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);
	unsigned int state = (peek & GUPNUMA_PEEK_THP) ? GUPNUMA_PAGE_THP : 0;
	struct gupnuma_lookup in = {
		.caller = req->caller,
		.flags = req->flags,
		.vma_accessible = peek & GUPNUMA_PEEK_ACCESSIBLE,
		.level = (peek & GUPNUMA_PEEK_THP) ? GUPNUMA_LEVEL_PMD : GUPNUMA_LEVEL_PTE,
		.maybe_dma_pinned = peek & GUPNUMA_PEEK_PINNED,
	};

	if (!(peek & GUPNUMA_PEEK_PROTNONE)) {
		gupnuma_engine_page(req, idx, page, 0, 0);
		return;
	}
	state |= GUPNUMA_PAGE_PROTNONE;
	if ((peek & GUPNUMA_PEEK_THP) && idx && (addr & ~PMD_MASK)) {
		gupnuma_engine_page(req, idx, page, state, 0);
		return;
	}
	if (!in.vma_accessible)
		v = v_inaccessible;
	if (v.decision == GUPNUMA_FAULT)
		state |= GUPNUMA_PAGE_FAULTED | GUPNUMA_PAGE_HINT_FAULT;
	gupnuma_engine_account(req, idx, &in, v);
	gupnuma_engine_page(req, idx, page, state, 0);
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
