/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * gupnuma userspace ABI.
 *
 * Fixed values only: every enum below is part of the ABI and never renumbered.
 * The lookup flags are gupnuma's own; the module translates them to the
 * kernel's FOLL_* values, which are not ABI.
 */
#ifndef _UAPI_LINUX_GUPNUMA_H
#define _UAPI_LINUX_GUPNUMA_H

#include <linux/types.h>

#define GUPNUMA_VERSION		"0.2.0"
#define GUPNUMA_SYSFS_DIR	"/sys/kernel/mm/gupnuma"

/**
 * enum gupnuma_policy_id - the built-in protnone policies.
 * @GUPNUMA_POLICY_V3_8: FOLL_NUMA era, 0b9d705297b2 (v3.8) to v6.4.
 * @GUPNUMA_POLICY_V6_5_RC1: 474098edac26, gup_can_follow_protnone() == FOLL_FORCE.
 * @GUPNUMA_POLICY_V6_5: d74943a2f3cd, FOLL_HONOR_NUMA_FAULT set for all external GUP.
 * @GUPNUMA_POLICY_V6_6: b1e1296d7c6a + 7acddcc1ae30, only callers that ask (KVM); 6.12.
 * @GUPNUMA_POLICY_NEVER: lookups never take hinting faults (proposed, never merged).
 * @GUPNUMA_POLICY_SKIP_PINNED: v6.6, but maybe-DMA-pinned folios are followed.
 * @GUPNUMA_POLICY_CUSTOM: a caller x VMA-accessibility matrix set by the user.
 * @GUPNUMA_NR_POLICIES: number of policy ids.
 */
enum gupnuma_policy_id {
	GUPNUMA_POLICY_V3_8 = 0,
	GUPNUMA_POLICY_V6_5_RC1 = 1,
	GUPNUMA_POLICY_V6_5 = 2,
	GUPNUMA_POLICY_V6_6 = 3,
	GUPNUMA_POLICY_NEVER = 4,
	GUPNUMA_POLICY_SKIP_PINNED = 5,
	GUPNUMA_POLICY_CUSTOM = 6,
	GUPNUMA_NR_POLICIES
};

/**
 * enum gupnuma_caller - who looks a user page up in software.
 * @GUPNUMA_CALLER_GUP: get_user_pages()/pin_user_pages() (slow path), ptrace and
 *	/proc/PID/mem included (with %GUPNUMA_LOOKUP_FORCE).
 * @GUPNUMA_CALLER_GUP_FAST: the lockless GUP-fast walk; it cannot fault.
 * @GUPNUMA_CALLER_SECONDARY_MMU: a secondary MMU's fault (KVM hva_to_pfn, mirrors).
 * @GUPNUMA_CALLER_INSPECT: follow_page()/folio_walk_start() users: KSM, move_pages,
 *	migrate; they never fault.
 * @GUPNUMA_CALLER_SMAPS: the /proc/PID/smaps page walk.
 * @GUPNUMA_CALLER_DUMP: get_dump_page() (core dumps).
 * @GUPNUMA_CALLER_POPULATE: populate_vma_page_range()/faultin (mlock, MAP_POPULATE).
 * @GUPNUMA_CALLER_HMM: hmm_range_fault() with fault requested.
 * @GUPNUMA_NR_CALLERS: number of caller classes.
 */
enum gupnuma_caller {
	GUPNUMA_CALLER_GUP = 0,
	GUPNUMA_CALLER_GUP_FAST = 1,
	GUPNUMA_CALLER_SECONDARY_MMU = 2,
	GUPNUMA_CALLER_INSPECT = 3,
	GUPNUMA_CALLER_SMAPS = 4,
	GUPNUMA_CALLER_DUMP = 5,
	GUPNUMA_CALLER_POPULATE = 6,
	GUPNUMA_CALLER_HMM = 7,
	GUPNUMA_NR_CALLERS
};

/**
 * enum gupnuma_decision - what a lookup does at a protnone entry.
 * @GUPNUMA_FOLLOW: treat the entry as present, return the page, no hinting.
 * @GUPNUMA_FAULT: report no page so that the caller runs handle_mm_fault(),
 *	which takes the NUMA hinting fault; then retry.
 * @GUPNUMA_NOPAGE: report no page and do not fault (the lookup fails or skips).
 * @GUPNUMA_FALLBACK: GUP-fast leaves the entry to slow GUP.
 * @GUPNUMA_NR_DECISIONS: number of decisions.
 */
enum gupnuma_decision {
	GUPNUMA_FOLLOW = 0,
	GUPNUMA_FAULT = 1,
	GUPNUMA_NOPAGE = 2,
	GUPNUMA_FALLBACK = 3,
	GUPNUMA_NR_DECISIONS
};

/**
 * enum gupnuma_level - page-table level of the protnone entry.
 * @GUPNUMA_LEVEL_PTE: a PTE.
 * @GUPNUMA_LEVEL_PMD: a PMD leaf (THP).
 * @GUPNUMA_NR_LEVELS: number of levels.
 */
enum gupnuma_level {
	GUPNUMA_LEVEL_PTE = 0,
	GUPNUMA_LEVEL_PMD = 1,
	GUPNUMA_NR_LEVELS
};

/* Lookup flags: gupnuma's own values, translated to FOLL_* by the module. */
#define GUPNUMA_LOOKUP_WRITE		(1U << 0)	/* FOLL_WRITE */
#define GUPNUMA_LOOKUP_FORCE		(1U << 1)	/* FOLL_FORCE */
#define GUPNUMA_LOOKUP_HONOR_NUMA_FAULT	(1U << 2)	/* FOLL_HONOR_NUMA_FAULT */
#define GUPNUMA_LOOKUP_GET		(1U << 3)	/* FOLL_GET */
#define GUPNUMA_LOOKUP_PIN		(1U << 4)	/* FOLL_PIN */
#define GUPNUMA_LOOKUP_LONGTERM		(1U << 5)	/* FOLL_LONGTERM */
#define GUPNUMA_LOOKUP_REMOTE		(1U << 6)	/* FOLL_REMOTE */
#define GUPNUMA_LOOKUP_ALL		((1U << 7) - 1)

#endif /* _UAPI_LINUX_GUPNUMA_H */
