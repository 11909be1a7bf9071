/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma policy core: the protnone decision of software page lookups as
 * named, registered policies.
 *
 * A lookup that meets a protnone entry (NUMA balancing made it PROT_NONE, or
 * the VMA itself is PROT_NONE) describes itself in a struct gupnuma_lookup and
 * asks gupnuma_decide() for a struct gupnuma_verdict.  The core knows no
 * policy by name: policies are ops tables registered by id.  This header and
 * the core also compile in userspace (userspace/shim/), for `gupnuma table`.
 */
#ifndef _GUPNUMA_POLICY_H
#define _GUPNUMA_POLICY_H

#include <linux/types.h>
#include <uapi/linux/gupnuma.h>

/**
 * enum gupnuma_reason - why a policy decided what it decided.
 * @GUPNUMA_REASON_FOLL_NUMA: v3.8: GUP without FOLL_FORCE sets FOLL_NUMA.
 * @GUPNUMA_REASON_FORCE_FOLLOWS: FOLL_FORCE lookups follow protnone entries.
 * @GUPNUMA_REASON_FORCE_ONLY: v6.1: only FOLL_FORCE lookups follow protnone.
 * @GUPNUMA_REASON_HONOR_DEFAULT: v6.5: every external GUP call honors hinting.
 * @GUPNUMA_REASON_HONOR_FLAG: the caller passed FOLL_HONOR_NUMA_FAULT.
 * @GUPNUMA_REASON_NO_HONOR: the caller did not ask to honor hinting faults.
 * @GUPNUMA_REASON_INSPECT_FOLLOWS: inspection lookups never honor hinting.
 * @GUPNUMA_REASON_INACCESSIBLE_VMA: a PROT_NONE VMA cannot take hinting faults.
 * @GUPNUMA_REASON_GUP_FAST: GUP-fast cannot fault; slow GUP decides.
 * @GUPNUMA_REASON_SMAPS_PTE: smaps' PTE walk uses vm_normal_page(), never GUP.
 * @GUPNUMA_REASON_HMM: hmm_range_fault() treats protnone as not present.
 * @GUPNUMA_REASON_NEVER: this policy never takes hinting faults from lookups.
 * @GUPNUMA_REASON_PINNED: maybe DMA-pinned: a hint could not migrate it.
 * @GUPNUMA_REASON_CUSTOM: a cell of the custom matrix.
 * @GUPNUMA_REASON_INVARIANT: the core overrode a verdict that broke an invariant.
 * @GUPNUMA_NR_REASONS: number of reasons.
 */
enum gupnuma_reason {
	GUPNUMA_REASON_FOLL_NUMA,
	GUPNUMA_REASON_FORCE_FOLLOWS,
	GUPNUMA_REASON_FORCE_ONLY,
	GUPNUMA_REASON_HONOR_DEFAULT,
	GUPNUMA_REASON_HONOR_FLAG,
	GUPNUMA_REASON_NO_HONOR,
	GUPNUMA_REASON_INSPECT_FOLLOWS,
	GUPNUMA_REASON_INACCESSIBLE_VMA,
	GUPNUMA_REASON_GUP_FAST,
	GUPNUMA_REASON_SMAPS_PTE,
	GUPNUMA_REASON_HMM,
	GUPNUMA_REASON_NEVER,
	GUPNUMA_REASON_PINNED,
	GUPNUMA_REASON_CUSTOM,
	GUPNUMA_REASON_INVARIANT,
	GUPNUMA_NR_REASONS
};

/**
 * struct gupnuma_lookup - a lookup at a protnone entry, as the policy sees it.
 * @caller: who looks the page up.
 * @flags: GUPNUMA_LOOKUP_* flags the caller passes (its FOLL_* flags).
 * @vma_accessible: vma_is_accessible(): false for mprotect(PROT_NONE) VMAs.
 * @level: PTE or PMD (THP) entry.
 * @maybe_dma_pinned: folio_maybe_dma_pinned() of the folio behind the entry.
 */
struct gupnuma_lookup {
	enum gupnuma_caller caller;
	u32 flags;
	bool vma_accessible;
	enum gupnuma_level level;
	bool maybe_dma_pinned;
};

/**
 * struct gupnuma_verdict - a policy's answer.
 * @decision: what the lookup does.
 * @reason: why, for stats, traces and humans.
 */
struct gupnuma_verdict {
	enum gupnuma_decision decision;
	enum gupnuma_reason reason;
};

/**
 * struct gupnuma_policy_ops - a protnone policy.
 * @id: the id it registers under.
 * @decide: called for every protnone entry a lookup meets, with the lookup
 *	already validated by the core; may run in atomic context (under a
 *	page-table lock), so it must not sleep.  Returns the verdict.
 */
struct gupnuma_policy_ops {
	enum gupnuma_policy_id id;
	struct gupnuma_verdict (*decide)(const struct gupnuma_lookup *in);
};

/* The custom policy's matrix: a decision per caller x VMA accessibility. */
#define GUPNUMA_VMA_ACCESSIBLE		0
#define GUPNUMA_VMA_INACCESSIBLE	1
struct gupnuma_custom_matrix {
	u8 cell[GUPNUMA_NR_CALLERS][2];
};

#define GUPNUMA_DEFAULT_POLICY	GUPNUMA_POLICY_V6_6

int gupnuma_register_policy(const struct gupnuma_policy_ops *ops);
void gupnuma_unregister_policy(const struct gupnuma_policy_ops *ops);
bool gupnuma_policy_registered(enum gupnuma_policy_id id);
enum gupnuma_policy_id gupnuma_active_policy(void);
int gupnuma_set_active_policy(enum gupnuma_policy_id id);
int gupnuma_check_lookup(const struct gupnuma_lookup *in);
bool gupnuma_decision_allowed(const struct gupnuma_lookup *in,
			      enum gupnuma_decision decision, const char **why);
int gupnuma_decide(enum gupnuma_policy_id id, const struct gupnuma_lookup *in,
		   struct gupnuma_verdict *out);

int gupnuma_custom_check(const struct gupnuma_custom_matrix *m,
			 char *err, size_t errlen);
int gupnuma_custom_set(const struct gupnuma_custom_matrix *m,
		       char *err, size_t errlen);
void gupnuma_custom_get(struct gupnuma_custom_matrix *m);
void gupnuma_custom_default(struct gupnuma_custom_matrix *m);

int gupnuma_builtin_policies_init(void);
void gupnuma_builtin_policies_exit(void);

#endif /* _GUPNUMA_POLICY_H */
