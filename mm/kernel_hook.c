// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma as the kernel's protnone hook (kernel-patches/, CONFIG_PROTNONE_HOOK):
 * the active policy decides for the kernel's own GUP, folio_walk_start(),
 * smaps and hmm_range_fault(), and those decisions are counted and traced
 * like gupnuma's own lookups.  Built only against a kernel with the hook.
 *
 * gupnuma takes only the sites where the active policy can decide otherwise
 * than the running kernel (whose decisions are those of the default policy,
 * v7.3 on a kernel with userfaultfd RWP, else v6.6): elsewhere the
 * kernel decides alone, at the cost of a NOP, and the decision is not
 * counted.  In observe mode it takes every site, so that stats/ count every
 * decision the kernel's lookups meet.  Where a site asks in batches (smaps:
 * a page table's protnone PTEs), a verdict that does not depend on the page
 * stands for the whole batch, which is counted in one add.
 *
 * On 7.3 the hook hands over whether the VMA is registered for userfaultfd
 * RWP and whether the entry is an RWP marker (GUPNUMA_HAVE_HOOK_RWP); the
 * kernel faults GUP and hmm_range_fault() at a marker whatever gupnuma says,
 * and gupnuma's policies decide so too (gupnuma_rwp_must_fault()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/protnone_hook.h>

#include <kunit/visibility.h>

#include <gupnuma/kernel_hook.h>
#include <gupnuma/policy.h>
#include <gupnuma/stats.h>
#include <trace/events/gupnuma.h>

#include "gupnuma_internal.h"

/* The policy that decides as the running kernel does at every site. */
#define KERNEL_POLICY	GUPNUMA_DEFAULT_POLICY

static DEFINE_MUTEX(kernel_hook_lock);
static bool kernel_hook_observe;
static unsigned int kernel_hook_sites;

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

#ifdef GUPNUMA_HAVE_HOOK_RWP
static bool query_uffd_rwp(const struct protnone_query *q)
{
	return q->rwp;
}

static bool query_rwp_marker(const struct protnone_query *q)
{
	return q->rwp_marker;
}

static void query_set_rwp(struct protnone_query *q, bool rwp, bool marker)
{
	q->rwp = rwp;
	q->rwp_marker = marker;
}
#else
static bool query_uffd_rwp(const struct protnone_query *q)
{
	return false;
}

static bool query_rwp_marker(const struct protnone_query *q)
{
	return false;
}

static void query_set_rwp(struct protnone_query *q, bool rwp, bool marker)
{
}
#endif

/* The lookup gupnuma's policies see for a kernel query. */
static struct gupnuma_query kernel_query(const struct protnone_query *q, bool accessible,
					   bool pinned)
{
	return (struct gupnuma_query){
		.caller = site_caller(q),
		.flags = lookup_flags(q),
		.vma_accessible = accessible,
		.level = q->pmd ? GUPNUMA_LEVEL_PMD : GUPNUMA_LEVEL_PTE,
		.uffd_rwp = query_uffd_rwp(q),
		.rwp_marker = query_rwp_marker(q),
		.maybe_dma_pinned = pinned,
	};
}

/*
 * A batch's cookie: what gupnuma_kernel_account() needs to count the entries
 * the decision stood for: the query's index, the policy, the decision.
 */
#define BATCH_COOKIE(index, policy, decision) \
	(((unsigned long)(index) << 16) | ((unsigned long)(policy) << 8) | (decision))
#define BATCH_COOKIE_INDEX(cookie)	((cookie) >> 16)
#define BATCH_COOKIE_POLICY(cookie)	(((cookie) >> 8) & 0xff)
#define BATCH_COOKIE_DECISION(cookie)	((cookie) & 0xff)
static_assert(GUPNUMA_MAX_POLICIES <= 256 && GUPNUMA_NR_DECISIONS <= 256);

/*
 * At every protnone entry of a site taken: an index into the active policy's
 * compiled table, and folio_maybe_dma_pinned() only for a policy that reads
 * it.  With @b (the first entry of a kernel batch), the verdict stands for
 * the batch's other entries, which differ only in address and page, unless
 * the policy reads the page's pinning or each decision is traced.
 */
static bool gupnuma_kernel_follow_batch(const struct protnone_query *q, bool dflt,
					struct protnone_batch *b)
{
	int policy = gupnuma_active_policy();
	struct gupnuma_query in = kernel_query(q, vma_is_accessible(q->vma), false);
	struct gupnuma_verdict v;
	bool follow, reads_pinned;

	if (!gupnuma_policy(policy))
		return dflt;
	reads_pinned = gupnuma_policy_reads_pinned(policy);
	if (q->page && reads_pinned)
		in.maybe_dma_pinned = folio_maybe_dma_pinned(page_folio(q->page));
	if (!gupnuma_compiled_verdict(policy, &in, &v))
		return dflt;
	gupnuma_stats_decision(policy, &in, v.decision, 1);
	trace_gupnuma_decision(q->addr, policy, in.caller, in.flags, in.vma_accessible,
			       in.level, in.maybe_dma_pinned, v.decision, v.reason);
	follow = v.decision == GUPNUMA_FOLLOW;
	if (b && !reads_pinned && !trace_gupnuma_decision_enabled()) {
		b->state = follow ? PROTNONE_BATCH_FOLLOW : PROTNONE_BATCH_SKIP;
		b->cookie = BATCH_COOKIE(gupnuma_query_index(&in), policy, v.decision);
	}
	return follow;
}

static bool gupnuma_kernel_follow(const struct protnone_query *q, bool dflt)
{
	return gupnuma_kernel_follow_batch(q, dflt, NULL);
}

/* The end of a batch: its other b->nr entries are counted in one add. */
static void gupnuma_kernel_account(const struct protnone_batch *b)
{
	struct gupnuma_query in;

	gupnuma_query_of_index(BATCH_COOKIE_INDEX(b->cookie), &in);
	gupnuma_stats_decision(BATCH_COOKIE_POLICY(b->cookie), &in,
			       BATCH_COOKIE_DECISION(b->cookie), b->nr);
}

static const struct protnone_hook_ops gupnuma_kernel_hook = {
	.follow = gupnuma_kernel_follow,
	.follow_batch = gupnuma_kernel_follow_batch,
	.account = gupnuma_kernel_account,
};

/**
 * gupnuma_kernel_hook_registrant() - the ops gupnuma.ko registers with the
 * kernel's protnone hook.
 *
 * For the KUnit suite gupnuma_kernel_hook, which checks what the hook
 * refuses its registrant (exported to KUnit tests only).  Any context.
 *
 * Return: the ops, registered or not.
 */
#if IS_ENABLED(CONFIG_KUNIT)
const struct protnone_hook_ops *gupnuma_kernel_hook_registrant(void)
{
	return &gupnuma_kernel_hook;
}
EXPORT_SYMBOL_IF_KUNIT(gupnuma_kernel_hook_registrant);
#endif

/*
 * What the kernel does at @q under @policy: follow or not.  GUP follows in an
 * inaccessible VMA whatever the hook says (kernel-patches/, the GUP patch);
 * GUP and hmm_range_fault() fault at an RWP marker in an accessible one.
 */
static bool kernel_follows(int policy, const struct protnone_query *q,
			   const struct gupnuma_query *in)
{
	struct gupnuma_verdict v;

	if (q->site == PROTNONE_SITE_GUP && !in->vma_accessible)
		return true;
	if ((q->site == PROTNONE_SITE_GUP || q->site == PROTNONE_SITE_HMM) &&
	    in->rwp_marker && in->vma_accessible)
		return false;
	return !gupnuma_decide(policy, in, &v) && v.decision == GUPNUMA_FOLLOW;
}

/* The external FOLL_* flags that tell GUP lookups apart for a policy. */
static const unsigned int gup_flag_bits[] = {
	FOLL_WRITE, FOLL_FORCE, FOLL_HONOR_NUMA_FAULT, FOLL_GET, FOLL_LONGTERM, FOLL_DUMP,
};

/*
 * Whether @policy decides otherwise than the running kernel for some lookup
 * @site can make: every combination of the flags a site passes (GUP: those
 * above, FOLL_PIN and FOLL_REMOTE), VMA accessibility, level, DMA pinning
 * and, on 7.3, userfaultfd RWP, as kernel_query() maps them.
 */
static bool site_differs(int policy, int kernel, enum protnone_site site)
{
	const unsigned int nflags = ARRAY_SIZE(gup_flag_bits);
	unsigned int combos = site == PROTNONE_SITE_GUP ? BIT(nflags + 2) : 1;
	unsigned int c, b, rest;

	for (c = 0; c < combos; c++) {
		struct protnone_query q = {
			.site = site,
			.pin = c & BIT(nflags),
			.remote = c & BIT(nflags + 1),
		};

		for (b = 0; b < nflags; b++)
			if (c & BIT(b))
				q.gup_flags |= gup_flag_bits[b];
		/*
		 * bit 0: accessible VMA, bit 1: PMD leaf, bit 2: maybe DMA-pinned,
		 * bit 3: RWP VMA, bit 4: RWP marker
		 */
		for (rest = 0; rest < 32; rest++) {
			struct gupnuma_query in;

			q.pmd = rest & 2;
			query_set_rwp(&q, rest & 8, rest & 16);
			in = kernel_query(&q, rest & 1, rest & 4);
			/* the hook leaves a lookup no policy takes to the kernel */
			if (gupnuma_check_query(&in))
				continue;
			if (kernel_follows(policy, &q, &in) != kernel_follows(kernel, &q, &in))
				return true;
		}
	}
	return false;
}

/*
 * The sites the settings ask for now.  Under kernel_hook_lock from reading the
 * settings to setting the sites, so that updates set them in the order they
 * read the settings: of two policy switches racing without it, the earlier
 * one's sites could be set last, and stay.
 */
static unsigned int wanted_sites(void)
{
	int policy, kernel = gupnuma_policy_parse(KERNEL_POLICY, strlen(KERNEL_POLICY));
	unsigned int sites = 0;
	int site;

	lockdep_assert_held(&kernel_hook_lock);
	policy = gupnuma_active_policy();
	for (site = 0; site < PROTNONE_NR_SITES; site++)
		if (kernel_hook_observe || kernel < 0 || site_differs(policy, kernel, site))
			sites |= BIT(site);
	return sites;
}

/**
 * gupnuma_kernel_hook_update() - take the sites the active policy needs.
 *
 * Every site in observe mode; else those where the active policy can decide
 * otherwise than the kernel.  Call after the active policy, the custom
 * matrix or observe mode changed.
 *
 * Context: process context, may sleep.
 * Return: 0 or the hook's error.
 */
int gupnuma_kernel_hook_update(void)
{
	unsigned int sites;
	int err;

	mutex_lock(&kernel_hook_lock);
	sites = wanted_sites();
	err = protnone_hook_set_sites(&gupnuma_kernel_hook, sites);
	if (!err)
		WRITE_ONCE(kernel_hook_sites, sites);
	mutex_unlock(&kernel_hook_lock);
	return err;
}

/**
 * gupnuma_kernel_hook_sites() - the sites gupnuma decides at now.
 *
 * Return: BIT(PROTNONE_SITE_*) for each.
 */
unsigned int gupnuma_kernel_hook_sites(void)
{
	return READ_ONCE(kernel_hook_sites);
}

/**
 * gupnuma_kernel_hook_observing() - whether observe mode is on.
 *
 * Return: true if gupnuma takes every site.
 */
bool gupnuma_kernel_hook_observing(void)
{
	return READ_ONCE(kernel_hook_observe);
}

/**
 * gupnuma_kernel_hook_observe() - take every site, or only those needed.
 * @on: true to take every site (count every kernel decision).
 *
 * Context: process context, may sleep.
 * Return: 0 or the hook's error.
 */
int gupnuma_kernel_hook_observe(bool on)
{
	WRITE_ONCE(kernel_hook_observe, on);
	return gupnuma_kernel_hook_update();
}

int gupnuma_kernel_hook_init(void)
{
	int err = protnone_hook_register(&gupnuma_kernel_hook, 0);

	if (!err)
		err = gupnuma_kernel_hook_update();
	if (err) {
		protnone_hook_unregister(&gupnuma_kernel_hook);
		pr_err("cannot register as the kernel's protnone hook: %d\n", err);
		return err;
	}
	pr_info("deciding for the kernel's own lookups (protnone hook)\n");
	return 0;
}

void gupnuma_kernel_hook_exit(void)
{
	protnone_hook_unregister(&gupnuma_kernel_hook);
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * gupnuma_kernel_query() - the lookup gupnuma's policies see for a query of
 * the kernel's protnone hook: its caller class, from the site and the GUP
 * flags, and its GUPNUMA_LOOKUP_* flags.
 * @q: the kernel's query.
 * @accessible: whether its VMA is accessible.
 * @pinned: whether the folio may be DMA-pinned.
 *
 * For the KUnit suite gupnuma_kernel_hook (exported to KUnit tests only).
 * Any context.
 *
 * Return: the query.
 */
struct gupnuma_query gupnuma_kernel_query(const struct protnone_query *q, bool accessible,
					  bool pinned)
{
	return kernel_query(q, accessible, pinned);
}
EXPORT_SYMBOL_IF_KUNIT(gupnuma_kernel_query);
#endif
