// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma mirror: a software secondary MMU.  It keeps its own "page table"
 * (one pfn per page) for a range of a process, and an mmu_interval_notifier
 * whose invalidations drop entries and are counted by event, NUMA balancing's
 * protection changes (MMU_NOTIFY_PROTECTION_VMA) among them.  An access to an
 * entry that is not mirrored faults it through the selected engine as a
 * secondary-MMU caller passing FOLL_HONOR_NUMA_FAULT, as KVM's
 * hva_to_pfn_slow() does: the policy decides whether that fault takes the
 * NUMA hinting fault.  The fault loop is the standard one:
 * mmu_interval_read_begin() -> look up -> take the mirror lock ->
 * mmu_interval_read_retry() -> retry or commit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include <gupnuma/compat.h>
#include <gupnuma/engine.h>
#include <gupnuma/mirror.h>

#include "gupnuma_internal.h"

#define MIRROR_BATCH	512
#define MIRROR_RETRIES	64

struct gupnuma_mirror {
	struct mmu_interval_notifier notifier;
	struct mm_struct *mm;
	unsigned long start;
	unsigned long npages;
	enum gupnuma_engine_id engine;
	struct mutex lock;		/* protects everything below */
	unsigned long *pfns;		/* 0: not mirrored */
	struct gupnuma_mirror_stats st;
};

static enum gupnuma_mmu_event mirror_event(enum mmu_notifier_event event)
{
	switch (event) {
	case MMU_NOTIFY_UNMAP: return GUPNUMA_MMU_UNMAP;
	case MMU_NOTIFY_CLEAR: return GUPNUMA_MMU_CLEAR;
	case MMU_NOTIFY_PROTECTION_VMA: return GUPNUMA_MMU_PROTECTION_VMA;
	case MMU_NOTIFY_PROTECTION_PAGE: return GUPNUMA_MMU_PROTECTION_PAGE;
	case MMU_NOTIFY_SOFT_DIRTY: return GUPNUMA_MMU_SOFT_DIRTY;
	case MMU_NOTIFY_RELEASE: return GUPNUMA_MMU_RELEASE;
	case MMU_NOTIFY_MIGRATE: return GUPNUMA_MMU_MIGRATE;
	case MMU_NOTIFY_EXCLUSIVE: return GUPNUMA_MMU_EXCLUSIVE;
	default: return GUPNUMA_MMU_OTHER;
	}
}

static bool mirror_invalidate(struct mmu_interval_notifier *mni,
			      const struct mmu_notifier_range *range,
			      unsigned long cur_seq)
{
	struct gupnuma_mirror *m = container_of(mni, struct gupnuma_mirror, notifier);
	unsigned long start = max(range->start, m->start);
	unsigned long end = min(range->end, m->start + (m->npages << PAGE_SHIFT));
	unsigned long idx, last;

	if (mmu_notifier_range_blockable(range))
		mutex_lock(&m->lock);
	else if (!mutex_trylock(&m->lock))
		return false;
	mmu_interval_set_seq(mni, cur_seq);
	m->st.invalidations[mirror_event(range->event)]++;
	last = start < end ? DIV_ROUND_UP(end - m->start, PAGE_SIZE) : 0;
	for (idx = start < end ? (start - m->start) >> PAGE_SHIFT : 0; idx < last; idx++) {
		if (m->pfns[idx]) {
			m->pfns[idx] = 0;
			m->st.valid--;
			m->st.pages_invalidated++;
		}
	}
	mutex_unlock(&m->lock);
	return true;
}

static const struct mmu_interval_notifier_ops mirror_notifier_ops = {
	.invalidate = mirror_invalidate,
};

/**
 * gupnuma_mirror_create() - mirror [@start, @start + @npages pages) of @mm.
 * @mm: the process's mm.
 * @start: page-aligned start.
 * @npages: pages, at least 1.
 * @engine: the engine faults go through.
 *
 * Return: the mirror or an ERR_PTR.
 */
struct gupnuma_mirror *gupnuma_mirror_create(struct mm_struct *mm, unsigned long start,
					     unsigned long npages,
					     enum gupnuma_engine_id engine)
{
	struct gupnuma_mirror *m;
	int err;

	m = kzalloc_obj(*m, GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->pfns = kvcalloc(npages, sizeof(*m->pfns), GFP_KERNEL);
	if (!m->pfns) {
		err = -ENOMEM;
		goto err_free;
	}
	mutex_init(&m->lock);
	m->mm = mm;
	m->start = start;
	m->npages = npages;
	m->engine = engine;
	m->st.npages = npages;
	err = mmu_interval_notifier_insert(&m->notifier, mm, start, npages << PAGE_SHIFT,
					   &mirror_notifier_ops);
	if (err)
		goto err_free_pfns;
	return m;

err_free_pfns:
	kvfree(m->pfns);
err_free:
	kfree(m);
	return ERR_PTR(err);
}

void gupnuma_mirror_destroy(struct gupnuma_mirror *m)
{
	if (!m)
		return;
	mmu_interval_notifier_remove(&m->notifier);
	kvfree(m->pfns);
	kfree(m);
}

unsigned long gupnuma_mirror_npages(struct gupnuma_mirror *m)
{
	return m->npages;
}

/* Fault pages [idx, idx + n) of the mirror in; none of them is mirrored. */
static int mirror_fault(struct gupnuma_mirror *m, unsigned long idx, unsigned long n,
			u32 flags, struct gupnuma_mirror_args *args, unsigned long *pfns,
			const bool *stop)
{
	int tries, err;
	unsigned long i;

	for (tries = 0; tries < MIRROR_RETRIES; tries++) {
		struct gupnuma_req req = {
			.mm = m->mm,
			.start = m->start + (idx << PAGE_SHIFT),
			.npages = n,
			.caller = GUPNUMA_CALLER_SECONDARY_MMU,
			.flags = flags,
			.policy = gupnuma_active_policy(),
			.pfns = pfns,
			.stop = stop,
		};
		unsigned long seq = mmu_interval_read_begin(&m->notifier);

		err = gupnuma_engine_lookup(m->engine, &req);
		if (err)
			return err;
		args->faults += n;
		args->hint_faults += req.hint_faults;
		mutex_lock(&m->lock);
		m->st.faults += n;
		m->st.hint_faults += req.hint_faults;
		if (mmu_interval_read_retry(&m->notifier, seq)) {
			mutex_unlock(&m->lock);
			args->retries++;
			continue;
		}
		for (i = 0; i < n; i++) {
			if (pfns[i] && !m->pfns[idx + i])
				m->st.valid++;
			if (pfns[i])
				m->pfns[idx + i] = pfns[i];
		}
		mutex_unlock(&m->lock);
		return 0;
	}
	return -EBUSY;
}

/**
 * gupnuma_mirror_access() - access pages of the mirror, faulting those that
 * are not mirrored.
 * @m: the mirror.
 * @args: offset, npages and flags in; counts out (added to).
 * @stop: if not NULL, set when the access must stop (struct gupnuma_req).
 *
 * Context: process context, may sleep; not under the mirror's lock.
 * Return: 0, -EINTR (a fatal signal, or @stop), -EBUSY (%MIRROR_RETRIES
 * faults in a row lost to invalidations), -ESRCH (the mm is gone), -ENOMEM,
 * or the engine's error.
 */
int gupnuma_mirror_access(struct gupnuma_mirror *m, struct gupnuma_mirror_args *args,
			  const bool *stop)
{
	u32 flags = GUPNUMA_LOOKUP_HONOR_NUMA_FAULT | GUPNUMA_LOOKUP_GET |
		    (args->flags & GUPNUMA_LOOKUP_WRITE);
	unsigned long idx = args->offset, end = args->offset + args->npages;
	unsigned long *pfns;
	u64 t0 = ktime_get_ns();
	int err = 0;

	if (!mmget_not_zero(m->mm))
		return -ESRCH;
	pfns = kmalloc_array(MIRROR_BATCH, sizeof(*pfns), GFP_KERNEL);
	if (!pfns) {
		mmput(m->mm);
		return -ENOMEM;
	}
	while (idx < end) {
		unsigned long n = 0;

		mutex_lock(&m->lock);
		while (idx < end && m->pfns[idx]) {
			args->hits++;
			m->st.hits++;
			idx++;
		}
		while (idx + n < end && n < MIRROR_BATCH && !m->pfns[idx + n])
			n++;
		mutex_unlock(&m->lock);
		if (!n)
			continue;
		err = mirror_fault(m, idx, n, flags, args, pfns, stop);
		if (err)
			break;
		idx += n;
		if (gupnuma_interrupted(stop)) {
			err = -EINTR;
			break;
		}
		cond_resched();
	}
	kfree(pfns);
	mmput(m->mm);
	args->elapsed_ns = ktime_get_ns() - t0;
	return err;
}

void gupnuma_mirror_stats(struct gupnuma_mirror *m, struct gupnuma_mirror_stats *st)
{
	mutex_lock(&m->lock);
	*st = m->st;
	mutex_unlock(&m->lock);
}
