/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The walk engine's own API, beyond its ops: a peek at what is mapped, for
 * the engines that hand the walk to kernel code (gup, hmm) and so cannot see
 * the entries they met.  They infer the verdict at each protnone entry from
 * the peek and say so (%GUPNUMA_PAGE_INFERRED).  Not for the engine core.
 */
#ifndef _GUPNUMA_ENGINE_WALK_H
#define _GUPNUMA_ENGINE_WALK_H

#include <linux/time64.h>

#include <gupnuma/engine.h>

/* What gupnuma_walk_peek() reports per page, without deciding or faulting. */
#define GUPNUMA_PEEK_PRESENT	(1U << 0)
#define GUPNUMA_PEEK_PROTNONE	(1U << 1)
#define GUPNUMA_PEEK_ACCESSIBLE	(1U << 2)
#define GUPNUMA_PEEK_THP	(1U << 3)
#define GUPNUMA_PEEK_PINNED	(1U << 4)
#define GUPNUMA_PEEK_UFFD_RWP	(1U << 5)	/* the VMA is registered for RWP */
#define GUPNUMA_PEEK_RWP_MARKER	(1U << 6)	/* the entry is an RWP marker */

/*
 * One sleep of the next walk between reading a huge PMD and locking it, in
 * microseconds (debugfs' walk_pmd_delay_us, at most this): for tests only.
 */
#define GUPNUMA_WALK_PMD_DELAY_MAX_US	USEC_PER_SEC
extern u32 gupnuma_walk_pmd_delay_us;

int gupnuma_walk_peek(const struct gupnuma_req *req, u8 *peek);
int gupnuma_walk_peek_req(struct gupnuma_req *req, u8 **peek);
void gupnuma_walk_peeked_page(struct gupnuma_req *req, unsigned long idx,
			      struct page *page, u8 peek, struct gupnuma_verdict v,
			      struct gupnuma_verdict v_inaccessible);

#endif /* _GUPNUMA_ENGINE_WALK_H */
