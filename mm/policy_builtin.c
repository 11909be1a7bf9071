// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in protnone policies, each reproducing one kernel's behaviour.
 * docs/decision-tables.md is generated from these functions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>

#include <gupnuma/policy.h>

#include "policy_internal.h"

static struct gupnuma_verdict verdict(enum gupnuma_decision d,
				      enum gupnuma_reason r)
{
	return (struct gupnuma_verdict){ .decision = d, .reason = r };
}

/*
 * hmm_range_fault() has never asked GUP: pte_to_hmm_pfn_flags() treats a
 * protnone entry as not present, so a fault is required; VMAs without
 * VM_READ are refused (-EFAULT) before any entry is looked at.
 */
static struct gupnuma_verdict hmm_verdict(const struct gupnuma_query *in)
{
	if (!in->vma_accessible)
		return verdict(GUPNUMA_NOPAGE, GUPNUMA_REASON_INACCESSIBLE_VMA);
	return verdict(GUPNUMA_FAULT, GUPNUMA_REASON_HMM);
}

/*
 * GUP-fast has always left protnone entries to slow GUP (0b9d705297b2, again
 * d74943a2f3cd).  In v6.1 its protnone check let FOLL_FORCE through, but
 * pte_access_permitted() refused the entry right after (no present bit), so
 * it fell back there too (docs/design.md, correction 1).
 */
static struct gupnuma_verdict gup_fast_verdict(void)
{
	return verdict(GUPNUMA_FALLBACK, GUPNUMA_REASON_GUP_FAST);
}

/*
 * userfaultfd RWP (7.3): a lookup that can fault must fault at an RWP marker
 * in an accessible VMA, so that userfaultfd reports the access
 * (gupnuma_rwp_must_fault()).  Every built-in decides so: before 7.3 no
 * entry was a marker, and the 7.3 series enforces it below any policy.
 * Return: true if @v holds the verdict.
 */
static bool rwp_marker_verdict(const struct gupnuma_query *in, struct gupnuma_verdict *v)
{
	if (!gupnuma_rwp_must_fault(in))
		return false;
	*v = verdict(GUPNUMA_FAULT, GUPNUMA_REASON_UFFD_RWP);
	return true;
}

/*
 * The verdicts no kernel's rule ever changed, so every built-in policy has
 * them: at RWP markers, for GUP-fast and for HMM.
 * Return: true if @v holds the verdict.
 */
static bool fixed_verdict(const struct gupnuma_query *in, struct gupnuma_verdict *v)
{
	if (rwp_marker_verdict(in, v))
		return true;
	if (gupnuma_caller_classes[in->caller].lockless)
		*v = gup_fast_verdict();
	else if (in->caller == GUPNUMA_CALLER_HMM)
		*v = hmm_verdict(in);
	else
		return false;
	return true;
}

/*
 * fixed_verdict(), and (all built-ins but v6.1 and never) inspection
 * (follow_page/folio_walk, smaps), which never honors hinting.
 * Return: true if @v holds the verdict.
 */
static bool common_verdict(const struct gupnuma_query *in, struct gupnuma_verdict *v)
{
	if (fixed_verdict(in, v))
		return true;
	if (gupnuma_caller_classes[in->caller].via_gup)
		return false;
	*v = verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_INSPECT_FOLLOWS);
	return true;
}

/*
 * From v6.5 on, a lookup that honors hinting faults for @why, except in an
 * inaccessible VMA: gup_can_follow_protnone() follows there, since a
 * PROT_NONE VMA's entries are no hint (never a hinting fault there).
 */
static struct gupnuma_verdict honor_hint(const struct gupnuma_query *in,
					 enum gupnuma_reason why)
{
	if (!in->vma_accessible)
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_INACCESSIBLE_VMA);
	return verdict(GUPNUMA_FAULT, why);
}

/*
 * v3.8 .. v6.0 -- 0b9d705297b2 "mm: numa: Support NUMA hinting page faults
 * from gup/gup_fast": __get_user_pages() sets FOLL_NUMA unless FOLL_FORCE,
 * follow_page_pte() returns no page at protnone with FOLL_NUMA, GUP-fast bails
 * out.  follow_page() callers (KSM, move_pages), smaps (FOLL_DUMP), dump and
 * populate (both FOLL_FORCE) follow.  Without FOLL_FORCE an inaccessible VMA
 * is refused by check_vma_flags() before any entry is looked at: NOPAGE.
 */
static struct gupnuma_verdict v3_8_decide(const struct gupnuma_query *in)
{
	struct gupnuma_verdict v;

	if (common_verdict(in, &v))
		return v;
	if (in->flags & GUPNUMA_LOOKUP_FORCE)
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_FORCE_FOLLOWS);
	if (!in->vma_accessible)
		return verdict(GUPNUMA_NOPAGE, GUPNUMA_REASON_INACCESSIBLE_VMA);
	return verdict(GUPNUMA_FAULT, GUPNUMA_REASON_FOLL_NUMA);
}

/*
 * v6.1 .. v6.5-rc -- 474098edac26 "mm/gup: replace FOLL_NUMA by
 * gup_can_follow_protnone()", merged for 6.1 (its fallout was found only in
 * July 2023, during 6.5-rc; Debian's 6.1.192 still shows it):
 * gup_can_follow_protnone(flags) is
 * flags & FOLL_FORCE, in follow_page_pte(), follow_pmd_mask(),
 * follow_trans_huge_pmd() and (0cf459866a91 era) GUP-fast, where
 * pte_access_permitted() then refused protnone entries anyway.  follow_page()
 * callers and smaps' THP path (follow_trans_huge_pmd(FOLL_DUMP)) get no page:
 * the smaps Rss undercount and KSM failing on PROT_NONE VMAs.  smaps' PTE path
 * uses vm_normal_page() and was not affected.
 */
static struct gupnuma_verdict v6_1_decide(const struct gupnuma_query *in)
{
	bool force = in->flags & GUPNUMA_LOOKUP_FORCE;
	struct gupnuma_verdict v;

	if (fixed_verdict(in, &v))
		return v;
	if (in->caller == GUPNUMA_CALLER_SMAPS && in->level == GUPNUMA_LEVEL_PTE)
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_SMAPS_PTE);
	if (force)
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_FORCE_FOLLOWS);
	if (!gupnuma_caller_classes[in->caller].via_gup)
		return verdict(GUPNUMA_NOPAGE, GUPNUMA_REASON_FORCE_ONLY);
	if (!in->vma_accessible)
		return verdict(GUPNUMA_NOPAGE, GUPNUMA_REASON_INACCESSIBLE_VMA);
	return verdict(GUPNUMA_FAULT, GUPNUMA_REASON_FORCE_ONLY);
}

/*
 * v6.5 -- d74943a2f3cd "mm/gup: reintroduce FOLL_NUMA as
 * FOLL_HONOR_NUMA_FAULT": is_valid_gup_args() sets FOLL_HONOR_NUMA_FAULT for
 * every external GUP call, FOLL_FORCE ones included; get_dump_page() and
 * populate do not pass there; follow_page() never sets it; smaps uses
 * vm_normal_page_pmd() (8b9c1cc0418a).  gup_can_follow_protnone() follows in
 * inaccessible VMAs, and GUP-fast always falls back.
 */
static struct gupnuma_verdict v6_5_decide(const struct gupnuma_query *in)
{
	enum gupnuma_reason why;
	struct gupnuma_verdict v;

	if (common_verdict(in, &v))
		return v;
	if (in->flags & GUPNUMA_LOOKUP_HONOR_NUMA_FAULT)
		why = GUPNUMA_REASON_HONOR_FLAG;
	else if (in->caller == GUPNUMA_CALLER_GUP ||
		 in->caller == GUPNUMA_CALLER_SECONDARY_MMU)
		why = GUPNUMA_REASON_HONOR_DEFAULT;
	else
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_NO_HONOR);
	return honor_hint(in, why);
}

/*
 * v6.6 .. 6.12 (the default) -- b1e1296d7c6a "mm/gup: adjust
 * FOLL_HONOR_NUMA_FAULT ..." + 7acddcc1ae30 "mm/gup: don't implicitly set
 * FOLL_HONOR_NUMA_FAULT": only callers that pass FOLL_HONOR_NUMA_FAULT honor
 * hinting, and in 6.12 that is KVM's hva_to_pfn_slow().  folio_walk_start()
 * (KSM, move_pages) and smaps follow.
 */
static struct gupnuma_verdict v6_6_decide(const struct gupnuma_query *in)
{
	struct gupnuma_verdict v;

	if (common_verdict(in, &v))
		return v;
	if (!(in->flags & GUPNUMA_LOOKUP_HONOR_NUMA_FAULT))
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_NO_HONOR);
	return honor_hint(in, GUPNUMA_REASON_HONOR_FLAG);
}

/*
 * v7.3 -- userfaultfd RWP ("userfaultfd: working set tracking for VM guest
 * memory", Kiryl Shutsemau, 2026; CONFIG_USERFAULTFD_RWP):
 * gup_can_follow_protnone() returns false in an accessible VM_UFFD_RWP VMA
 * before it looks at FOLL_HONOR_NUMA_FAULT, so every lookup through GUP
 * faults there, at RWP markers and NUMA hints alike (handle_pte_fault() then
 * tells them apart by the uffd bit: do_uffd_rwp() or do_numa_page()).  In an
 * inaccessible RWP VMA it falls through to the 6.6 rule.  folio_walk_start()
 * and smaps still follow, hmm_range_fault() still faults, GUP-fast still
 * falls back.  Elsewhere v6.6.
 */
static struct gupnuma_verdict v7_3_decide(const struct gupnuma_query *in)
{
	struct gupnuma_verdict v;

	if (rwp_marker_verdict(in, &v))
		return v;
	if (in->uffd_rwp && in->vma_accessible && gupnuma_caller_classes[in->caller].via_gup)
		return verdict(GUPNUMA_FAULT, GUPNUMA_REASON_UFFD_RWP);
	return v6_6_decide(in);
}

/*
 * never -- Linus Torvalds, 2023-07-28: "GUP and follow_page always ignore
 * NUMA hinting"; never merged.  GUP-fast still falls back (x86's
 * pte_access_permitted() rejects protnone entries anyway), and HMM, which is
 * not GUP, still faults.
 */
static struct gupnuma_verdict never_decide(const struct gupnuma_query *in)
{
	struct gupnuma_verdict v;

	if (fixed_verdict(in, &v))
		return v;
	return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_NEVER);
}

/*
 * skip-pinned -- v6.6, but a folio that is maybe DMA-pinned
 * (folio_maybe_dma_pinned()) is followed: the hinting fault could not migrate
 * it (migration refuses pinned folios), so it would only cost a fault and,
 * for secondary MMUs, an invalidation.  A user wish, never proposed upstream.
 */
static struct gupnuma_verdict skip_pinned_decide(const struct gupnuma_query *in)
{
	struct gupnuma_verdict v = v6_6_decide(in);

	if (v.decision == GUPNUMA_FAULT && in->maybe_dma_pinned && !in->rwp_marker)
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_PINNED);
	return v;
}

/*
 * pin-honors -- v6.6, and FOLL_PIN lookups honor hinting too: a pin stands
 * for the application's own accesses (O_DIRECT, process_vm_readv(), io_uring
 * fixed buffers, RDMA), as a KVM fault stands for the guest's, while
 * FOLL_GET lookups and inspection follow.  As if is_valid_gup_args() set
 * FOLL_HONOR_NUMA_FAULT for FOLL_PIN only.  Raised in the 2023-07-28 replies
 * of the "smaps / mm/gup: fix gup_can_follow_protnone fallout" thread
 * (linux-mm), never merged.  Callers that pass FOLL_HONOR_NUMA_FAULT
 * themselves (KVM) honor it as in v6.6.
 */
static struct gupnuma_verdict pin_honors_decide(const struct gupnuma_query *in)
{
	struct gupnuma_verdict v;

	if (common_verdict(in, &v))
		return v;
	if (in->flags & GUPNUMA_LOOKUP_HONOR_NUMA_FAULT)
		return v6_6_decide(in);
	if (!(in->flags & GUPNUMA_LOOKUP_PIN))
		return verdict(GUPNUMA_FOLLOW, GUPNUMA_REASON_NO_HONOR);
	return honor_hint(in, GUPNUMA_REASON_HONOR_DEFAULT);
}

/*
 * The registry's built-ins, in the order of their indexes: history first.
 * A new policy is an entry here, its column in kunit/policy_expectations.h
 * and `make docs` (docs/design.md, "Adding a policy").
 */
static const struct gupnuma_policy_ops gupnuma_builtin_policies[] = {
	{
		.name = "v3.8",
		.doc = "FOLL_NUMA: GUP without FOLL_FORCE honors hinting, follow_page follows",
		.kernels = "3.8 .. 6.0", .source = "0b9d705297b2",
		.builtin = true, .reads_flags = GUPNUMA_LOOKUP_FORCE, .decide = v3_8_decide,
	}, {
		.name = "v6.1", .alias = "v6.5-rc1",
		.doc = "gup_can_follow_protnone() == FOLL_FORCE: only FOLL_FORCE follows",
		.kernels = "6.1 .. 6.5-rc", .source = "474098edac26",
		.builtin = true, .reads_flags = GUPNUMA_LOOKUP_FORCE, .decide = v6_1_decide,
	}, {
		.name = "v6.5",
		.doc = "FOLL_HONOR_NUMA_FAULT set for every external GUP call",
		.kernels = "6.5", .source = "d74943a2f3cd",
		.builtin = true, .reads_flags = GUPNUMA_LOOKUP_HONOR_NUMA_FAULT,
		.decide = v6_5_decide,
	}, {
		.name = "v6.6",
		.doc = "only callers passing FOLL_HONOR_NUMA_FAULT (KVM) honor hinting",
		.kernels = "6.6 .. 7.2", .source = "b1e1296d7c6a 7acddcc1ae30",
		.builtin = true, .reads_flags = GUPNUMA_LOOKUP_HONOR_NUMA_FAULT,
		.decide = v6_6_decide,
	}, {
		.name = "v7.3",
		.doc = "v6.6, and GUP faults at every protnone entry of an accessible userfaultfd RWP VMA",
		.kernels = "7.3 ..",
		.source = "userfaultfd RWP, Kiryl Shutsemau (lore 20260414142354.1465950-1-kas@kernel.org)",
		.builtin = true, .reads_flags = GUPNUMA_LOOKUP_HONOR_NUMA_FAULT,
		.decide = v7_3_decide,
	}, {
		.name = "never",
		.doc = "GUP and follow_page never honor hinting (HMM still faults)",
		.kernels = "", .source = "Linus Torvalds, linux-mm, 2023-07-28 (never merged)",
		.builtin = true, .reads_flags = 0, .decide = never_decide,
	}, {
		.name = "skip-pinned",
		.doc = "v6.6, but maybe-DMA-pinned folios are followed",
		.kernels = "", .source = "a user wish, never proposed upstream",
		.builtin = true, .reads_flags = GUPNUMA_LOOKUP_HONOR_NUMA_FAULT,
		.decide = skip_pinned_decide,
	}, {
		.name = "pin-honors",
		.doc = "v6.6, and FOLL_PIN lookups honor hinting too (the application's own accesses)",
		.kernels = "",
		.source = "linux-mm, 2023-07-28 replies on the gup_can_follow_protnone() fallout (never merged)",
		.builtin = true,
		.reads_flags = GUPNUMA_LOOKUP_HONOR_NUMA_FAULT | GUPNUMA_LOOKUP_PIN,
		.decide = pin_honors_decide,
	},
};

/**
 * gupnuma_builtin_policies_init() - register every built-in policy.
 *
 * Return: 0 or the first registration error (nothing stays registered).
 */
int gupnuma_builtin_policies_init(void)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(gupnuma_builtin_policies); i++) {
		err = gupnuma_register_policy(&gupnuma_builtin_policies[i]);
		if (err < 0)
			goto err_unregister;
	}
	err = gupnuma_custom_policy_init();
	if (err < 0)
		goto err_unregister;
	return 0;

err_unregister:
	while (i--)
		gupnuma_unregister_policy(&gupnuma_builtin_policies[i]);
	return err;
}

/**
 * gupnuma_builtin_policies_exit() - unregister every built-in policy.
 */
void gupnuma_builtin_policies_exit(void)
{
	size_t i;

	gupnuma_custom_policy_exit();
	for (i = 0; i < ARRAY_SIZE(gupnuma_builtin_policies); i++)
		gupnuma_unregister_policy(&gupnuma_builtin_policies[i]);
}
