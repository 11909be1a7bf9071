// SPDX-License-Identifier: GPL-2.0
/*
 * The walk engine: gupnuma's own follow_page.  Walks the target mm's page
 * tables under mmap_lock and the page-table locks, and at each protnone entry
 * asks the policy: FOLLOW returns the page, FAULT runs handle_mm_fault() (a
 * NUMA hinting fault in an accessible VMA) and looks again, NOPAGE reports a
 * hole.
 *
 * Stock kernels export neither __pte_offset_map_lock() nor vm_normal_page(),
 * so the PTE level does what __pte_offset_map_lock() does with inline
 * accessors: read the PMD locklessly under RCU (PTE tables are freed by RCU,
 * pte_free_defer()), take the PTE lock and recheck the PMD under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/userfaultfd_k.h>

#include <gupnuma/compat.h>
#include <gupnuma/engine.h>

#include "engine_walk.h"

#define WALK_MAX_TRIES		16
#define WALK_RESCHED_PAGES	512

/*
 * One sleep, in microseconds, between a walk's lockless read of a huge PMD
 * and the PMD lock: 0 unless debugfs' walk_pmd_delay_us sets it, and 0 again
 * once the next walk to read a huge PMD took it.  Tests widen that race
 * window with it (lookup_test's thp_split_race), which is a few instructions
 * wide otherwise.  Every caller may sleep there: no spinlock is held, nor RCU.
 */
u32 gupnuma_walk_pmd_delay_us;

enum walk_kind {
	WALK_NONE,		/* nothing mapped */
	WALK_NOT_PRESENT,	/* swap or migration entry */
	WALK_PRESENT,		/* a page; the lock is held */
	WALK_UNSUPPORTED,	/* special mapping, PUD leaf */
	WALK_AGAIN,		/* raced with a change of the table: look again */
};

struct walk_entry {
	enum walk_kind kind;
	struct page *page;
	pte_t *ptep;		/* PTE level: the entry, for batching */
	spinlock_t *ptl;
	bool rcu;
	bool protnone;
	bool uffd;		/* the uffd bit: an RWP marker in an RWP VMA */
	bool writable;
	enum gupnuma_level level;
};

/* Find the entry mapping @addr; on WALK_PRESENT its lock is held. */
static void walk_locate(struct mm_struct *mm, unsigned long addr, struct walk_entry *e)
{
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud, pudval;
	pmd_t *pmdp, pmd;
	pte_t *ptep, pte;

	memset(e, 0, sizeof(*e));
	pgd = pgd_offset(mm, addr);
	if (pgd_none(READ_ONCE(*pgd)))
		return;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(READ_ONCE(*p4d)))
		return;
	pud = pud_offset(p4d, addr);
	pudval = READ_ONCE(*pud);
	if (pud_none(pudval))
		return;
	if (pud_leaf(pudval) || !pud_present(pudval)) {
		e->kind = WALK_UNSUPPORTED;
		return;
	}
	pmdp = pmd_offset(pud, addr);
	/*
	 * Under RCU from the PMD's read on, as __pte_offset_map() does: a PTE
	 * table detached meanwhile under mmap_lock for read (khugepaged's
	 * retract_page_tables(), PT_RECLAIM) is freed after a grace period, so
	 * that its lock stays valid until the pmd_same() below.
	 */
	rcu_read_lock();
	pmd = pmdp_get_lockless(pmdp);
	if (pmd_none(pmd)) {
		rcu_read_unlock();
		return;
	}
	if (!pmd_present(pmd)) {
		rcu_read_unlock();
		e->kind = WALK_NOT_PRESENT;
		return;
	}
	if (pmd_trans_huge(pmd) || pmd_devmap(pmd)) {
		u32 delay_us = 0;

		if (unlikely(READ_ONCE(gupnuma_walk_pmd_delay_us)))
			delay_us = xchg(&gupnuma_walk_pmd_delay_us, 0);
		rcu_read_unlock();
		if (delay_us)
			fsleep(delay_us);
		e->ptl = pmd_lock(mm, pmdp);
		pmd = pmdp_get(pmdp);
		if (!pmd_present(pmd) || !pmd_trans_huge(pmd)) {
			spin_unlock(e->ptl);
			e->kind = WALK_AGAIN;
			return;
		}
		e->kind = WALK_PRESENT;
		e->level = GUPNUMA_LEVEL_PMD;
		e->page = pmd_page(pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);
		e->protnone = pmd_protnone(pmd);
		e->uffd = gupnuma_pmd_uffd(pmd);
		e->writable = pmd_write(pmd);
		__release(e->ptl);	/* held for the caller: walk_unlock() */
		return;
	}

	ptep = pte_offset_kernel(&pmd, addr);
	e->ptl = pte_lockptr(mm, &pmd);
	spin_lock(e->ptl);
	if (unlikely(!pmd_same(pmd, pmdp_get_lockless(pmdp)))) {
		spin_unlock(e->ptl);
		rcu_read_unlock();
		e->kind = WALK_AGAIN;
		return;
	}
	pte = ptep_get(ptep);
	if (pte_none(pte) || !pte_present(pte)) {
		e->kind = pte_none(pte) ? WALK_NONE : WALK_NOT_PRESENT;
	} else if (pte_special(pte) && !is_zero_pfn(pte_pfn(pte))) {
		e->kind = WALK_UNSUPPORTED;
	} else {
		e->kind = WALK_PRESENT;
		e->level = GUPNUMA_LEVEL_PTE;
		e->ptep = ptep;
		e->page = pte_page(pte);
		e->protnone = pte_protnone(pte);
		e->uffd = gupnuma_pte_uffd(pte);
		e->writable = pte_write(pte);
		e->rcu = true;
		__release(e->ptl);	/* held for the caller: walk_unlock() */
		__release(RCU);
		return;		/* keep the lock */
	}
	spin_unlock(e->ptl);
	rcu_read_unlock();
}

static void walk_unlock(struct walk_entry *e)
{
	__acquire(e->ptl);	/* taken by walk_locate() */
	spin_unlock(e->ptl);
	if (e->rcu) {
		__acquire(RCU);
		rcu_read_unlock();
	}
}

/* check_vma_flags() for the callers that go through GUP. */
static int walk_check_vma(struct vm_area_struct *vma, struct gupnuma_req *req)
{
	vm_flags_t vm_flags = vma->vm_flags;
	bool force = req->flags & GUPNUMA_LOOKUP_FORCE;

	if (vm_flags & (VM_IO | VM_PFNMAP))
		return -EFAULT;
	if (is_vm_hugetlb_page(vma))
		return -EOPNOTSUPP;
	if (!gupnuma_caller_classes[req->caller].checks_vma)
		return 0;	/* folio_walk and smaps do not check permissions */
	if (req->flags & GUPNUMA_LOOKUP_WRITE) {
		if (!(vm_flags & VM_WRITE) &&
		    (!force || !(vm_flags & VM_MAYWRITE) || !gupnuma_vma_is_cow_mapping(vma)))
			return -EFAULT;
	} else if (!(vm_flags & VM_READ) && (!force || !(vm_flags & VM_MAYREAD))) {
		return -EFAULT;
	}
	return 0;
}

enum walk_outcome { WALK_FOUND, WALK_HOLE, WALK_FAULT, WALK_RETRY, WALK_ERROR };

struct walk_page_state {
	unsigned int state;	/* GUPNUMA_PAGE_* */
	bool write_fault;
	bool hint;		/* the fault to take is a NUMA hinting fault */
	struct page *page;
	bool ref;
};

/*
 * can_follow_write_pte()/_pmd(): FOLL_FORCE may write through an unwritable entry of
 * a private mapping without VM_WRITE (ptrace pokes) once the page is an
 * exclusive anonymous page, which the preceding write fault made it.
 */
static bool walk_can_force_write(struct gupnuma_req *req, struct vm_area_struct *vma,
				 struct walk_entry *e)
{
	vm_flags_t vm_flags = vma->vm_flags;
	/* A PMD-mapped THP keeps PG_anon_exclusive on its head page. */
	struct page *page = e->level == GUPNUMA_LEVEL_PMD ? compound_head(e->page) : e->page;

	if (!(req->flags & GUPNUMA_LOOKUP_FORCE))
		return false;
	if ((vm_flags & (VM_MAYSHARE | VM_SHARED)) || !(vm_flags & VM_MAYWRITE) ||
	    (vm_flags & VM_WRITE))
		return false;
	return folio_test_anon(page_folio(page)) && PageAnonExclusive(page);
}

/* At a present entry, with its lock held. */
static enum walk_outcome walk_present(struct gupnuma_req *req, unsigned long idx,
				      struct vm_area_struct *vma, struct walk_entry *e,
				      struct walk_page_state *ws)
{
	struct folio *folio = page_folio(e->page);
	bool faults = gupnuma_caller_classes[req->caller].faults;

	if (e->level == GUPNUMA_LEVEL_PMD)
		ws->state |= GUPNUMA_PAGE_THP;
	if (e->protnone) {
		struct gupnuma_query in = {
			.caller = req->caller,
			.flags = req->flags,
			.vma_accessible = vma_is_accessible(vma),
			.level = e->level,
			.uffd_rwp = gupnuma_vma_uffd_rwp(vma),
			.rwp_marker = gupnuma_vma_uffd_rwp(vma) && e->uffd,
			.maybe_dma_pinned = folio_maybe_dma_pinned(folio),
		};
		struct gupnuma_verdict v;

		ws->state |= GUPNUMA_PAGE_PROTNONE;
		if (in.rwp_marker)
			ws->state |= GUPNUMA_PAGE_RWP_MARKER;
		v = gupnuma_engine_decide(req, idx, &in);
		if (v.decision == GUPNUMA_FAULT) {
			/* a marker's fault reports the access: no hinting fault */
			ws->hint = in.vma_accessible && !in.rwp_marker;
			return WALK_FAULT;
		}
		if (v.decision != GUPNUMA_FOLLOW)
			return WALK_HOLE;
	}
	/*
	 * A write needs a writable entry; a protnone one never is, so the write
	 * fault that follows is a hinting fault too (FOLL_WRITE implicitly
	 * honors NUMA faults).  Inspection does not write.
	 */
	if ((req->flags & GUPNUMA_LOOKUP_WRITE) && !e->writable && faults &&
	    !walk_can_force_write(req, vma, e)) {
		ws->write_fault = true;
		ws->hint = e->protnone && vma_is_accessible(vma);
		return WALK_FAULT;
	}
	ws->page = e->page;
	if ((req->flags & GUPNUMA_LOOKUP_GET) && !is_zero_pfn(page_to_pfn(e->page))) {
		folio_get(folio);
		ws->ref = true;
	}
	return WALK_FOUND;
}

static enum walk_outcome walk_once(struct gupnuma_req *req, unsigned long idx,
				   struct vm_area_struct *vma, struct walk_page_state *ws)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);
	enum walk_outcome out;
	struct walk_entry e;

	walk_locate(req->mm, addr, &e);
	switch (e.kind) {
	case WALK_PRESENT:
		out = walk_present(req, idx, vma, &e, ws);
		walk_unlock(&e);
		return out;
	case WALK_AGAIN:
		return WALK_RETRY;
	case WALK_UNSUPPORTED:
		return WALK_ERROR;
	default:
		return gupnuma_caller_classes[req->caller].faults ? WALK_FAULT : WALK_HOLE;
	}
}

/* Record a page the lookup simply follows; its lock is held. */
static void walk_take(struct gupnuma_req *req, unsigned long idx, struct page *page,
		      unsigned int state)
{
	struct folio *folio = page_folio(page);
	bool ref = (req->flags & GUPNUMA_LOOKUP_GET) && !is_zero_pfn(page_to_pfn(page));

	/* GET as GUP does it: a reference taken, and dropped once reported. */
	if (ref)
		folio_get(folio);
	gupnuma_engine_page(req, idx, page, state, 0);
	if (ref)
		folio_put(folio);
}

/*
 * May the fast path take this present entry?  Yes if it needs no fault: not
 * protnone, or protnone and the policy follows it (then the decision is
 * accounted here, once per entry, as GUP checks once per PMD), and writable
 * if the lookup writes.  A protnone entry the policy does not follow is left
 * to the slow path, which asks again and accounts there, and so is every
 * protnone entry of a userfaultfd RWP VMA (the slow path tells markers from
 * hints).
 */
static bool walk_fast_ok(struct gupnuma_req *req, unsigned long idx,
			 struct vm_area_struct *vma, struct page *page, bool protnone,
			 bool writable, enum gupnuma_level level, struct gupnuma_verdict *v)
{
	struct gupnuma_query in = {
		.caller = req->caller,
		.flags = req->flags,
		.vma_accessible = vma_is_accessible(vma),
		.level = level,
	};

	if ((req->flags & GUPNUMA_LOOKUP_WRITE) && !writable)
		return false;
	if (!protnone)
		return true;
	if (gupnuma_vma_uffd_rwp(vma))
		return false;
	in.maybe_dma_pinned = folio_maybe_dma_pinned(page_folio(page));
	if (gupnuma_decide(req->policy, &in, v) || v->decision != GUPNUMA_FOLLOW)
		return false;
	gupnuma_engine_account(req, idx, &in, *v);
	return true;
}

/*
 * The fast path: consecutive entries of one page table (or one THP) that need
 * no fault are taken under one lock.  Return: pages done, 0 if page @idx
 * needs the slow path.
 */
static unsigned long walk_batch(struct gupnuma_req *req, unsigned long idx,
				struct vm_area_struct *vma)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);
	unsigned long end = min3(vma->vm_end, req->start + (req->npages << PAGE_SHIFT),
				 pmd_addr_end(addr, vma->vm_end));
	struct gupnuma_verdict v;
	unsigned long n = 0;
	struct walk_entry e;

	walk_locate(req->mm, addr, &e);
	if (e.kind != WALK_PRESENT)
		return 0;
	if (e.level == GUPNUMA_LEVEL_PMD) {
		struct folio *folio = page_folio(e.page);
		unsigned long nr = (end - addr) >> PAGE_SHIFT;
		unsigned int state = GUPNUMA_PAGE_THP | (e.protnone ? GUPNUMA_PAGE_PROTNONE : 0);
		bool ref = req->flags & GUPNUMA_LOOKUP_GET;

		if (walk_fast_ok(req, idx, vma, e.page, e.protnone, e.writable,
				 GUPNUMA_LEVEL_PMD, &v)) {
			/* One reference per subpage, as GUP takes them: in one go. */
			if (ref)
				folio_ref_add(folio, nr);
			for (; n < nr; n++) {
				if (e.protnone && n)
					gupnuma_engine_mark(req, idx + n, v);
				gupnuma_engine_page(req, idx + n, e.page + n, state, 0);
			}
			if (ref)
				folio_put_refs(folio, nr);
		}
		walk_unlock(&e);
		return n;
	}
	for (; addr + (n << PAGE_SHIFT) < end; n++) {
		pte_t pte = ptep_get(e.ptep + n);
		struct page *page;

		if (!pte_present(pte) || (pte_special(pte) && !is_zero_pfn(pte_pfn(pte))))
			break;
		page = pte_page(pte);
		if (!walk_fast_ok(req, idx + n, vma, page, pte_protnone(pte), pte_write(pte),
				  GUPNUMA_LEVEL_PTE, &v))
			break;
		walk_take(req, idx + n, page, pte_protnone(pte) ? GUPNUMA_PAGE_PROTNONE : 0);
	}
	walk_unlock(&e);
	return n;
}

/* The slow path, for page @idx in @vma: decisions, faults, retries. */
static void walk_one_page(struct gupnuma_req *req, unsigned long idx,
			  struct vm_area_struct *vma)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);
	struct walk_page_state ws = {};
	unsigned int fault_flags;
	unsigned int faulted = 0;
	vm_fault_t ret;
	int tries, err;

	for (tries = 0; tries < WALK_MAX_TRIES; tries++) {
		memset(&ws, 0, sizeof(ws));
		switch (walk_once(req, idx, vma, &ws)) {
		case WALK_FOUND:
			gupnuma_engine_page(req, idx, ws.page, ws.state | faulted, 0);
			if (ws.ref)
				folio_put(page_folio(ws.page));
			return;
		case WALK_HOLE:
			gupnuma_engine_page(req, idx, NULL, ws.state | faulted, 0);
			return;
		case WALK_ERROR:
			gupnuma_engine_page(req, idx, NULL, ws.state | faulted, -EFAULT);
			return;
		case WALK_RETRY:
			continue;
		case WALK_FAULT:
			break;
		}
		/*
		 * This engine faults under mmap_lock without FAULT_FLAG_ALLOW_RETRY,
		 * so it cannot wait for a userfaultfd handler (handle_userfault()
		 * would warn and fail): such pages are refused, the gup engine
		 * faults them as GUP does.
		 */
		if (userfaultfd_armed(vma)) {
			gupnuma_engine_page(req, idx, NULL, ws.state | faulted, -EOPNOTSUPP);
			return;
		}
		fault_flags = 0;
		if (ws.write_fault || (req->flags & GUPNUMA_LOOKUP_WRITE))
			fault_flags |= FAULT_FLAG_WRITE;
		if (req->mm != current->mm || (req->flags & GUPNUMA_LOOKUP_REMOTE))
			fault_flags |= FAULT_FLAG_REMOTE;
		ret = handle_mm_fault(vma, addr, fault_flags, NULL);
		faulted |= GUPNUMA_PAGE_FAULTED | (ws.state & GUPNUMA_PAGE_PROTNONE);
		if (ws.hint && !(ret & VM_FAULT_ERROR))
			faulted |= GUPNUMA_PAGE_HINT_FAULT;
		if (ret & VM_FAULT_ERROR) {
			err = vm_fault_to_errno(ret, 0);
			gupnuma_engine_page(req, idx, NULL, faulted, err ? err : -EFAULT);
			return;
		}
	}
	gupnuma_engine_page(req, idx, NULL, ws.state | faulted, -EAGAIN);
}

static int walk_lookup(struct gupnuma_req *req)
{
	struct vm_area_struct *vma = NULL;
	unsigned long idx = 0, since = 0, n;
	int err = 0;

	if (req->flags & GUPNUMA_LOOKUP_PIN)
		return -EOPNOTSUPP;	/* pinning needs GUP's internals: use the gup engine */
	if (mmap_read_lock_killable(req->mm))
		return -EINTR;
	while (idx < req->npages) {
		unsigned long addr = req->start + (idx << PAGE_SHIFT);

		if (!vma || addr >= vma->vm_end) {
			vma = find_vma(req->mm, addr);
			if (!vma || vma->vm_start > addr) {
				gupnuma_engine_page(req, idx++, NULL, 0, -EFAULT);
				vma = NULL;
				continue;
			}
			err = walk_check_vma(vma, req);
			if (err) {
				gupnuma_engine_page(req, idx++, NULL, 0, err);
				vma = NULL;
				err = 0;
				continue;
			}
		}
		n = walk_batch(req, idx, vma);
		if (!n) {
			walk_one_page(req, idx, vma);
			n = 1;
		}
		idx += n;
		since += n;
		if (since >= WALK_RESCHED_PAGES) {
			since = 0;
			if (gupnuma_req_interrupted(req)) {
				err = -EINTR;
				break;
			}
			cond_resched();
		}
	}
	mmap_read_unlock(req->mm);
	return err;
}

/**
 * gupnuma_walk_peek() - what is mapped at each page of a request's range,
 * without asking a policy, faulting or taking references.
 * @req: the request (its mm, start and npages); the caller holds a reference
 *	to the mm, not its mmap_lock.  May sleep.
 * @peek: receives GUPNUMA_PEEK_* bits per page.
 *
 * Return: 0 or -EINTR (gupnuma_req_interrupted()).
 */
int gupnuma_walk_peek(const struct gupnuma_req *req, u8 *peek)
{
	struct mm_struct *mm = req->mm;
	struct vm_area_struct *vma = NULL;
	unsigned long idx;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	for (idx = 0; idx < req->npages; idx++) {
		unsigned long addr = req->start + (idx << PAGE_SHIFT);
		struct walk_entry e;
		int tries = 0;

		if (idx && !(idx % WALK_RESCHED_PAGES)) {
			if (gupnuma_req_interrupted(req)) {
				mmap_read_unlock(mm);
				return -EINTR;
			}
			cond_resched();
		}
		peek[idx] = 0;
		if (!vma || addr >= vma->vm_end)
			vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr)
			continue;
		do {
			walk_locate(mm, addr, &e);
		} while (e.kind == WALK_AGAIN && ++tries < WALK_MAX_TRIES);
		if (e.kind != WALK_PRESENT)
			continue;
		peek[idx] = GUPNUMA_PEEK_PRESENT;
		if (e.protnone)
			peek[idx] |= GUPNUMA_PEEK_PROTNONE;
		if (vma_is_accessible(vma))
			peek[idx] |= GUPNUMA_PEEK_ACCESSIBLE;
		if (e.level == GUPNUMA_LEVEL_PMD)
			peek[idx] |= GUPNUMA_PEEK_THP;
		if (folio_maybe_dma_pinned(page_folio(e.page)))
			peek[idx] |= GUPNUMA_PEEK_PINNED;
		if (gupnuma_vma_uffd_rwp(vma))
			peek[idx] |= GUPNUMA_PEEK_UFFD_RWP |
				     (e.uffd ? GUPNUMA_PEEK_RWP_MARKER : 0);
		walk_unlock(&e);
	}
	mmap_read_unlock(mm);
	return 0;
}

/**
 * gupnuma_walk_peek_req() - peek at the request's range, for engines that
 * cannot see entries themselves (gup, hmm): its counts (protnone pages,
 * decisions, hinting faults) come from the peek, with per-page results or
 * without (a mirror's).
 * @req: the request.
 * @peek: set to a kvcalloc()ed array of GUPNUMA_PEEK_* bits (kvfree() it),
 *	or NULL on an error.
 *
 * Return: 0, -ENOMEM or -EINTR.
 */
int gupnuma_walk_peek_req(struct gupnuma_req *req, u8 **peek)
{
	int err;

	*peek = kvcalloc(req->npages, sizeof(**peek), GFP_KERNEL);
	if (!*peek)
		return -ENOMEM;
	err = gupnuma_walk_peek(req, *peek);
	if (err) {
		kvfree(*peek);
		*peek = NULL;
	}
	return err;
}

/**
 * gupnuma_walk_peeked_page() - record page @idx that kernel code (GUP, HMM)
 * found, with the decision that code took if its entry was protnone, inferred
 * from the peek (%GUPNUMA_PAGE_INFERRED).
 * @req: the request.
 * @idx: page index.
 * @page: the page found, or NULL.
 * @peek: GUPNUMA_PEEK_* bits of the page, seen before the lookup.
 * @v: the decision at a protnone entry of an accessible VMA.
 * @v_inaccessible: the decision at one of an inaccessible VMA.
 *
 * A page the peek saw mapped by a PMD is reported with %GUPNUMA_PAGE_THP, as
 * the walk engine reports it.  A protnone THP is one entry: its decision, and
 * the hinting fault a FAULT implies, are accounted at its first page in the
 * range only.
 */
void gupnuma_walk_peeked_page(struct gupnuma_req *req, unsigned long idx,
			      struct page *page, u8 peek, struct gupnuma_verdict v,
			      struct gupnuma_verdict v_inaccessible)
{
	unsigned long addr = req->start + (idx << PAGE_SHIFT);
	unsigned int state = (peek & GUPNUMA_PEEK_THP) ? GUPNUMA_PAGE_THP : 0;
	struct gupnuma_query in = {
		.caller = req->caller,
		.flags = req->flags,
		.vma_accessible = peek & GUPNUMA_PEEK_ACCESSIBLE,
		.level = (peek & GUPNUMA_PEEK_THP) ? GUPNUMA_LEVEL_PMD : GUPNUMA_LEVEL_PTE,
		.uffd_rwp = peek & GUPNUMA_PEEK_UFFD_RWP,
		.rwp_marker = peek & GUPNUMA_PEEK_RWP_MARKER,
		.maybe_dma_pinned = peek & GUPNUMA_PEEK_PINNED,
	};

	if (!(peek & GUPNUMA_PEEK_PROTNONE)) {
		gupnuma_engine_page(req, idx, page, state, 0);
		return;
	}
	state |= GUPNUMA_PAGE_PROTNONE | GUPNUMA_PAGE_INFERRED;
	if ((peek & GUPNUMA_PEEK_THP) && idx && (addr & ~PMD_MASK)) {
		gupnuma_engine_page(req, idx, page, state, 0);
		return;
	}
	if (!in.vma_accessible)
		v = v_inaccessible;
	/*
	 * In an accessible RWP VMA 7.3's GUP faults at every protnone entry, as
	 * hmm_range_fault() does anyway, and no hook makes it follow a marker
	 * (a hook may follow a NUMA hint there: not inferred).  A marker's
	 * fault reports the access; it is no hinting fault.
	 */
	if (in.uffd_rwp && in.vma_accessible)
		v = (struct gupnuma_verdict){ GUPNUMA_FAULT, GUPNUMA_REASON_UFFD_RWP };
	if (in.rwp_marker)
		state |= GUPNUMA_PAGE_RWP_MARKER;
	if (v.decision == GUPNUMA_FAULT)
		state |= GUPNUMA_PAGE_FAULTED | (in.rwp_marker ? 0 : GUPNUMA_PAGE_HINT_FAULT);
	gupnuma_engine_account(req, idx, &in, v);
	gupnuma_engine_page(req, idx, page, state, 0);
}

const struct gupnuma_engine_ops gupnuma_walk_engine_ops = {
	.id = GUPNUMA_ENGINE_WALK,
	.lookup = walk_lookup,
};
