// SPDX-License-Identifier: GPL-2.0
/*
 * The gup engine: the kernel's own get_user_pages_remote() /
 * pin_user_pages_remote().  The policy cannot be asked per entry inside GUP;
 * instead FOLL_HONOR_NUMA_FAULT is passed exactly when the policy has this
 * caller honor hinting (in an accessible VMA, for an unpinned 4K page), and
 * GUP's gup_can_follow_protnone() does the rest.  When per-page results are
 * wanted, a peek beforehand tells which entries were protnone, so that the
 * decision GUP took there and the hinting fault it implies can be reported.
 * GUP is handed one VMA's pages at a time, never an address outside a VMA
 * (as the mmap lock shows it: GUP looks the VMA up again after it dropped the
 * lock for a fault, and a VMA that shrank meanwhile is GUP's own concern).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include <gupnuma/compat.h>
#include <gupnuma/engine.h>

#include "engine_walk.h"

#define GUP_BATCH	512

static unsigned int gup_foll_flags(u32 flags, bool honor)
{
	unsigned int foll = 0;

	if (flags & GUPNUMA_LOOKUP_WRITE)
		foll |= FOLL_WRITE;
	if (flags & GUPNUMA_LOOKUP_FORCE)
		foll |= FOLL_FORCE;
	if (flags & GUPNUMA_LOOKUP_LONGTERM)
		foll |= FOLL_LONGTERM;
	if (honor)
		foll |= GUPNUMA_FOLL_HONOR_NUMA_FAULT;
	return foll;
}

/* Does the policy have this caller honor hinting faults? */
static bool gup_honors(struct gupnuma_req *req)
{
	struct gupnuma_query in = {
		.caller = req->caller,
		.flags = req->flags,
		.vma_accessible = true,
		.level = GUPNUMA_LEVEL_PTE,
	};
	struct gupnuma_verdict v;

	return !gupnuma_decide(req->policy, &in, &v) && v.decision == GUPNUMA_FAULT;
}

/*
 * The pages from @addr (at most @max) that one GUP call may be handed: those
 * of the VMA that maps @addr.  Where no VMA maps @addr, *@hole is set and the
 * pages up to the next VMA (at most @max) are returned: GUP must not see
 * them.  Below a VM_GROWSDOWN VMA, gup_vma_lookup() (since 6.5) would print
 * "GUP no longer grows the stack" and a stack dump; elsewhere it fails each
 * with -EFAULT, one call per page (2^20 calls took 15 s).  Context: the mmap
 * lock held for reading.
 */
static unsigned long gup_span(struct mm_struct *mm, unsigned long addr,
			      unsigned long max, bool *hole)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*hole = !vma || vma->vm_start > addr;
	if (!vma)
		return max;
	if (*hole)
		return min(max, (vma->vm_start - addr) >> PAGE_SHIFT);
	return min(max, (vma->vm_end - addr) >> PAGE_SHIFT);
}

static int gup_lookup(struct gupnuma_req *req)
{
	bool pin = req->flags & GUPNUMA_LOOKUP_PIN;
	bool honor = gup_honors(req);
	unsigned int foll = gup_foll_flags(req->flags, honor);
	/* what gup_can_follow_protnone() does with the flags we pass */
	struct gupnuma_verdict v = honor ?
		(struct gupnuma_verdict){ GUPNUMA_FAULT, GUPNUMA_REASON_HONOR_FLAG } :
		(struct gupnuma_verdict){ GUPNUMA_FOLLOW, GUPNUMA_REASON_NO_HONOR };
	struct gupnuma_verdict v_inaccessible = {
		GUPNUMA_FOLLOW, honor ? GUPNUMA_REASON_INACCESSIBLE_VMA : GUPNUMA_REASON_NO_HONOR
	};
	struct page **pages;
	unsigned long done = 0;
	u8 *peek = NULL;
	int err = 0;

	if ((req->flags & GUPNUMA_LOOKUP_LONGTERM) && !pin)
		return -EINVAL;
	pages = kmalloc_array(GUP_BATCH, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	err = gupnuma_walk_peek_req(req, &peek);
	if (err)
		goto out;
	while (done < req->npages) {
		unsigned long addr = req->start + (done << PAGE_SHIFT);
		unsigned long n;
		int locked = 1;
		bool hole;
		long ret, i;

		if (gupnuma_req_interrupted(req)) {
			err = -EINTR;
			break;
		}
		if (mmap_read_lock_killable(req->mm)) {
			err = -EINTR;
			break;
		}
		n = gup_span(req->mm, addr, req->npages - done, &hole);
		if (hole) {
			mmap_read_unlock(req->mm);
			while (n--)
				gupnuma_engine_page(req, done++, NULL, 0, -EFAULT);
			cond_resched();
			continue;
		}
		n = min_t(unsigned long, n, GUP_BATCH);
		if (pin)
			ret = gupnuma_pin_user_pages_remote(req->mm, addr, n, foll, pages, &locked);
		else
			ret = gupnuma_get_user_pages_remote(req->mm, addr, n, foll, pages, &locked);
		if (locked)
			mmap_read_unlock(req->mm);
		if (ret <= 0) {
			gupnuma_engine_page(req, done++, NULL, 0, ret ? (int)ret : -EFAULT);
			continue;
		}
		for (i = 0; i < ret; i++)
			gupnuma_walk_peeked_page(req, done + i, pages[i],
						   peek ? peek[done + i] : 0, v, v_inaccessible);
		if (pin) {
			unpin_user_pages(pages, ret);
		} else {
			for (i = 0; i < ret; i++)
				put_page(pages[i]);
		}
		done += ret;
		cond_resched();
	}
out:
	kvfree(peek);
	kfree(pages);
	return err;
}

/* Without FOLL_HONOR_NUMA_FAULT (Linux < 6.5) GUP cannot carry a policy's decision. */
const struct gupnuma_engine_ops gupnuma_gup_engine_ops = {
	.id = GUPNUMA_ENGINE_GUP,
	.lookup = gupnuma_compat_honor_flag ? gup_lookup : NULL,
};
