// SPDX-License-Identifier: GPL-2.0
/*
 * The hmm engine: hmm_range_fault(), as HMM mirror drivers (GPU SVM) use it.
 * It treats protnone entries as not present and always faults them, whatever
 * the policy says; it is here for comparison.  VMAs without VM_READ fail the
 * whole range with -EFAULT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hmm.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/slab.h>
#include <linux/userfaultfd_k.h>

#include <gupnuma/engine.h>

#include "engine_walk.h"

#define HMM_TRIES	64

static bool hmm_engine_invalidate(struct mmu_interval_notifier *mni,
				  const struct mmu_notifier_range *range,
				  unsigned long cur_seq)
{
	mmu_interval_set_seq(mni, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops hmm_engine_notifier_ops = {
	.invalidate = hmm_engine_invalidate,
};

/*
 * hmm_range_fault() faults without FAULT_FLAG_ALLOW_RETRY: it cannot wait for
 * a userfaultfd handler.  Whether [start, end) has a userfaultfd-registered
 * VMA; mmap_lock held.
 */
static bool range_has_userfaultfd(struct mm_struct *mm, unsigned long start,
				  unsigned long end)
{
	VMA_ITERATOR(vmi, mm, start);
	struct vm_area_struct *vma;

	for_each_vma_range(vmi, vma, end)
		if (userfaultfd_armed(vma))
			return true;
	return false;
}

static int hmm_lookup(struct gupnuma_req *req)
{
	struct mmu_interval_notifier notifier = {};
	struct hmm_range range = {};
	unsigned long *hpfns;
	unsigned long idx;
	/* hmm_range_fault() faults protnone entries; VMAs without VM_READ fail */
	const struct gupnuma_verdict fault = { GUPNUMA_FAULT, GUPNUMA_REASON_HMM };
	const struct gupnuma_verdict nopage = { GUPNUMA_NOPAGE, GUPNUMA_REASON_INACCESSIBLE_VMA };
	u8 *peek = NULL;
	int err, tries;

	hpfns = kvcalloc(req->npages, sizeof(*hpfns), GFP_KERNEL);
	if (!hpfns)
		return -ENOMEM;
	err = gupnuma_walk_peek_req(req, &peek);
	if (err)
		goto out_free;
	err = mmu_interval_notifier_insert(&notifier, req->mm, req->start,
					   req->npages << PAGE_SHIFT, &hmm_engine_notifier_ops);
	if (err)
		goto out_free;

	range.notifier = &notifier;
	range.start = req->start;
	range.end = req->start + (req->npages << PAGE_SHIFT);
	range.hmm_pfns = hpfns;
	range.default_flags = HMM_PFN_REQ_FAULT;
	if (req->flags & GUPNUMA_LOOKUP_WRITE)
		range.default_flags |= HMM_PFN_REQ_WRITE;
	for (tries = 0; tries < HMM_TRIES; tries++) {
		range.notifier_seq = mmu_interval_read_begin(&notifier);
		if (gupnuma_req_interrupted(req) || mmap_read_lock_killable(req->mm)) {
			err = -EINTR;
			break;
		}
		if (range_has_userfaultfd(req->mm, range.start, range.end))
			err = -EOPNOTSUPP;
		else
			err = hmm_range_fault(&range);
		mmap_read_unlock(req->mm);
		if (err == -EBUSY)
			continue;
		if (err || !mmu_interval_read_retry(&notifier, range.notifier_seq))
			break;
		err = -EBUSY;
	}
	mmu_interval_notifier_remove(&notifier);

	for (idx = 0; idx < req->npages; idx++) {
		unsigned long hpfn = hpfns[idx];

		if (err)
			gupnuma_engine_page(req, idx, NULL, 0, err);
		else
			gupnuma_walk_peeked_page(req, idx,
						   (hpfn & HMM_PFN_VALID) ? hmm_pfn_to_page(hpfn) : NULL,
						   peek ? peek[idx] : 0, fault, nopage);
	}
	/* Per-page failures are in req; -EINTR stops the caller. */
	if (err != -EINTR)
		err = 0;
out_free:
	kvfree(peek);
	kvfree(hpfns);
	return err;
}

const struct gupnuma_engine_ops gupnuma_hmm_engine_ops = {
	.id = GUPNUMA_ENGINE_HMM,
	.lookup = hmm_lookup,
};
