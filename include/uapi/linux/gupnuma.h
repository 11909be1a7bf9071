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

#include <linux/ioctl.h>
#include <linux/types.h>

#define GUPNUMA_VERSION		"0.5.0"
#define GUPNUMA_SYSFS_DIR	"/sys/kernel/mm/gupnuma"

/*
 * Policies are known by name (the ABI: sysfs, the trace, the CLI).  The
 * ioctls take a policy's registry index, which the module publishes in
 * /sys/kernel/mm/gupnuma/policies/NAME/index; it may change from one
 * version of the module to the next.
 */

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
 * enum gupnuma_reason - why a policy decided what it decided.
 * @GUPNUMA_REASON_FOLL_NUMA: v3.8: GUP without FOLL_FORCE sets FOLL_NUMA.
 * @GUPNUMA_REASON_FORCE_FOLLOWS: FOLL_FORCE lookups follow protnone entries.
 * @GUPNUMA_REASON_FORCE_ONLY: v6.1: only FOLL_FORCE lookups follow protnone.
 * @GUPNUMA_REASON_HONOR_DEFAULT: GUP sets FOLL_HONOR_NUMA_FAULT for this lookup
 *	by default (v6.5: every external GUP call).
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
 * @GUPNUMA_REASON_UFFD_RWP: userfaultfd RWP (7.3): a lookup that faults must
 *	fault at an RWP marker so that userfaultfd sees the access, and 7.3's GUP
 *	faults at every protnone entry of an accessible RWP VMA.
 * @GUPNUMA_NR_REASONS: number of reasons.
 */
enum gupnuma_reason {
	GUPNUMA_REASON_FOLL_NUMA = 0,
	GUPNUMA_REASON_FORCE_FOLLOWS = 1,
	GUPNUMA_REASON_FORCE_ONLY = 2,
	GUPNUMA_REASON_HONOR_DEFAULT = 3,
	GUPNUMA_REASON_HONOR_FLAG = 4,
	GUPNUMA_REASON_NO_HONOR = 5,
	GUPNUMA_REASON_INSPECT_FOLLOWS = 6,
	GUPNUMA_REASON_INACCESSIBLE_VMA = 7,
	GUPNUMA_REASON_GUP_FAST = 8,
	GUPNUMA_REASON_SMAPS_PTE = 9,
	GUPNUMA_REASON_HMM = 10,
	GUPNUMA_REASON_NEVER = 11,
	GUPNUMA_REASON_PINNED = 12,
	GUPNUMA_REASON_CUSTOM = 13,
	GUPNUMA_REASON_INVARIANT = 14,
	GUPNUMA_REASON_UFFD_RWP = 15,
	GUPNUMA_NR_REASONS
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

/**
 * enum gupnuma_engine_id - how a lookup walks the page tables.
 * @GUPNUMA_ENGINE_WALK: gupnuma's own follow_page, asking the policy at each
 *	protnone entry.
 * @GUPNUMA_ENGINE_GUP: get_user_pages_remote()/pin_user_pages_remote(), with
 *	FOLL_HONOR_NUMA_FAULT exactly when the policy has the caller honor hinting.
 * @GUPNUMA_ENGINE_HMM: hmm_range_fault(), which always faults protnone entries.
 * @GUPNUMA_NR_ENGINES: number of engines.
 */
enum gupnuma_engine_id {
	GUPNUMA_ENGINE_WALK = 0,
	GUPNUMA_ENGINE_GUP = 1,
	GUPNUMA_ENGINE_HMM = 2,
	GUPNUMA_NR_ENGINES
};

#define GUPNUMA_ACTIVE		0xffffffffU	/* policy/engine: the sysfs one */
#define GUPNUMA_CPU_ANY		0xffffffffU	/* run on the calling thread */
#define GUPNUMA_MAX_PAGES	(1U << 20)	/* per ioctl: 4 GiB of 4K pages */

/* struct gupnuma_page.state bits */
#define GUPNUMA_PAGE_PRESENT	(1U << 0)	/* a page was found: pfn, node valid */
#define GUPNUMA_PAGE_PROTNONE	(1U << 1)	/* its entry was protnone when met */
#define GUPNUMA_PAGE_THP	(1U << 2)	/* mapped by a PMD leaf */
#define GUPNUMA_PAGE_FAULTED	(1U << 3)	/* the lookup ran handle_mm_fault() */
#define GUPNUMA_PAGE_HINT_FAULT	(1U << 4)	/* ... on a protnone entry: a hint */
#define GUPNUMA_PAGE_ASKED	(1U << 5)	/* the policy was asked: decision valid */
#define GUPNUMA_PAGE_ERROR	(1U << 6)	/* error holds a negative errno */
/*
 * GUPNUMA_PAGE_INFERRED: the decision was inferred from a peek before kernel
 * code (GUP, HMM) walked the entry (gup and hmm engines), not seen there.
 */
#define GUPNUMA_PAGE_INFERRED	(1U << 7)
/*
 * GUPNUMA_PAGE_RWP_MARKER: the protnone entry was a userfaultfd RWP marker
 * (7.3: the uffd bit in a VMA registered for RWP), not a NUMA hint.
 */
#define GUPNUMA_PAGE_RWP_MARKER	(1U << 8)

/**
 * struct gupnuma_page - what a lookup found at one page (all out).
 * @pfn: page frame number, if %GUPNUMA_PAGE_PRESENT.
 * @node: NUMA node of the page, or -1.
 * @decision: enum gupnuma_decision, if %GUPNUMA_PAGE_ASKED.
 * @reason: enum gupnuma_reason of that decision, if %GUPNUMA_PAGE_ASKED.
 * @state: GUPNUMA_PAGE_* bits.
 * @error: negative errno, if %GUPNUMA_PAGE_ERROR.
 * @reserved: zero.
 */
struct gupnuma_page {
	__u64 pfn;
	__s32 node;
	__u8 decision;
	__u8 reason;
	__u16 state;
	__s32 error;
	__u32 reserved;
};

/**
 * struct gupnuma_lookup_args - GUPNUMA_IOC_LOOKUP: look a user range up.
 * @addr: (in) page-aligned start address in the target mm.
 * @npages: (in) number of pages, 1..%GUPNUMA_MAX_PAGES.
 * @pages: (in) user pointer to @npages struct gupnuma_page, or 0 for counts only.
 * @pid: (in) target process, 0 for the caller; another process needs
 *	CAP_SYS_PTRACE.
 * @caller: (in) enum gupnuma_caller the lookup acts as.
 * @flags: (in) GUPNUMA_LOOKUP_* flags.
 * @engine: (in) enum gupnuma_engine_id or %GUPNUMA_ACTIVE.
 * @policy: (in) a policy's index (/sys/kernel/mm/gupnuma/policies/NAME/index)
 *	or %GUPNUMA_ACTIVE.
 * @cpu: (in) CPU to run the lookup on (its node is the accessor's), or
 *	%GUPNUMA_CPU_ANY.
 * @reserved: (in) zero.
 * @done: (out) pages looked up.
 * @found: (out) pages present (refs were taken and dropped for GET/PIN).
 * @protnone: (out) pages whose entry was protnone when the lookup met it.
 * @errors: (out) pages with an error.
 * @decisions: (out) policy decisions, indexed by enum gupnuma_decision: one
 *	per protnone entry met (a PMD counts once for its 512 pages); a page
 *	met again after a fault (COW, a write fault, a retry) is asked again,
 *	so there can be up to two per page, more than @protnone.
 * @hint_faults: (out) NUMA hinting faults this lookup took.
 * @vm_hint_faults: (out) numa_hint_faults in /proc/vmstat during the lookup
 *	(system-wide: other tasks' faults included).
 * @elapsed_ns: (out) time of the lookup itself.
 *
 * A lookup that fails writes none of the (out) fields.
 */
struct gupnuma_lookup_args {
	__u64 addr;
	__u64 npages;
	__u64 pages;
	__u32 pid;
	__u32 caller;
	__u32 flags;
	__u32 engine;
	__u32 policy;
	__u32 cpu;
	__u64 reserved;
	__u64 done;
	__u64 found;
	__u64 protnone;
	__u64 errors;
	__u64 decisions[4];
	__u64 hint_faults;
	__u64 vm_hint_faults;
	__u64 elapsed_ns;
};

/* Why a mirror entry was invalidated: the kernel's mmu_notifier_event. */
enum gupnuma_mmu_event {
	GUPNUMA_MMU_UNMAP = 0,
	GUPNUMA_MMU_CLEAR = 1,
	GUPNUMA_MMU_PROTECTION_VMA = 2,	/* NUMA balancing, mprotect */
	GUPNUMA_MMU_PROTECTION_PAGE = 3,
	GUPNUMA_MMU_SOFT_DIRTY = 4,
	GUPNUMA_MMU_RELEASE = 5,
	GUPNUMA_MMU_MIGRATE = 6,
	GUPNUMA_MMU_EXCLUSIVE = 7,
	GUPNUMA_MMU_OTHER = 8,
	GUPNUMA_NR_MMU_EVENTS = 9
};

/**
 * struct gupnuma_mirror_args - GUPNUMA_IOC_MIRROR_CREATE and _ACCESS.
 * @addr: (in, CREATE) page-aligned start of the mirrored range in the caller's mm.
 * @npages: (in) CREATE: pages mirrored; ACCESS: pages accessed.
 * @offset: (in, ACCESS) first page (index into the mirror) accessed.
 * @engine: (in, CREATE) engine of the mirror's faults, or %GUPNUMA_ACTIVE.
 * @flags: (in, ACCESS) %GUPNUMA_LOOKUP_WRITE for write accesses.
 * @cpu: (in, ACCESS) CPU the accesses come from, or %GUPNUMA_CPU_ANY.
 * @reserved: (in) zero.
 * @hits: (out, ACCESS) pages already mirrored.
 * @faults: (out, ACCESS) pages faulted through the engine and policy; a batch
 *	redone after an invalidation counts again, so @hits + @faults is at
 *	least the pages accessed.  A page its fault could not map (no VMA
 *	there, or the engine's per-page error, -ENOMEM included) counts as
 *	faulted and stays unmirrored: the access still returns 0, and
 *	GUPNUMA_IOC_MIRROR_STATS' @valid tells what is mirrored.
 * @hint_faults: (out, ACCESS) NUMA hinting faults taken by those faults.
 * @retries: (out, ACCESS) faults redone because an invalidation raced.
 * @elapsed_ns: (out, ACCESS) time of the access.
 */
struct gupnuma_mirror_args {
	__u64 addr;
	__u64 npages;
	__u64 offset;
	__u32 engine;
	__u32 flags;
	__u32 cpu;
	__u32 reserved;
	__u64 hits;
	__u64 faults;
	__u64 hint_faults;
	__u64 retries;
	__u64 elapsed_ns;
};

/**
 * struct gupnuma_mirror_stats - GUPNUMA_IOC_MIRROR_STATS (all out), cumulative.
 * @npages: pages in the mirror.
 * @valid: pages mirrored now.
 * @hits: accesses served by the mirror.
 * @faults: mirror faults.
 * @hint_faults: NUMA hinting faults those faults took.
 * @invalidations: invalidate callbacks, indexed by enum gupnuma_mmu_event.
 * @pages_invalidated: mirrored pages dropped by invalidations.
 */
struct gupnuma_mirror_stats {
	__u64 npages;
	__u64 valid;
	__u64 hits;
	__u64 faults;
	__u64 hint_faults;
	__u64 invalidations[GUPNUMA_NR_MMU_EVENTS];
	__u64 pages_invalidated;
};

#define GUPNUMA_IOC_MAGIC	'G'
#define GUPNUMA_IOC_LOOKUP		_IOWR(GUPNUMA_IOC_MAGIC, 0x01, struct gupnuma_lookup_args)
#define GUPNUMA_IOC_MIRROR_CREATE	_IOW(GUPNUMA_IOC_MAGIC, 0x10, struct gupnuma_mirror_args)
#define GUPNUMA_IOC_MIRROR_ACCESS	_IOWR(GUPNUMA_IOC_MAGIC, 0x11, struct gupnuma_mirror_args)
#define GUPNUMA_IOC_MIRROR_DESTROY	_IO(GUPNUMA_IOC_MAGIC, 0x12)
#define GUPNUMA_IOC_MIRROR_STATS	_IOR(GUPNUMA_IOC_MAGIC, 0x13, struct gupnuma_mirror_stats)

#endif /* _UAPI_LINUX_GUPNUMA_H */
