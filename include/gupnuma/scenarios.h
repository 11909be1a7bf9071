/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The canonical queries: each caller class with the flags the 6.12
 * kernel (or the historical kernel) passes, in accessible and PROT_NONE VMAs,
 * at PTE and THP level, and (7.3) in userfaultfd RWP VMAs, at markers and at
 * NUMA hints.  Inputs only: `gupnuma table` prints every policy's
 * decision for them, and the tests hold their own expectations.
 */
#ifndef _GUPNUMA_SCENARIOS_H
#define _GUPNUMA_SCENARIOS_H

#include <linux/kernel.h>
#include <linux/string.h>

#include <gupnuma/policy.h>

/**
 * struct gupnuma_scenario - a canonical query.
 * @name: its name in `gupnuma table`.
 * @doc: who makes it.
 * @in: the query.
 * @observed_by: the `gupnuma compare` workloads (space-separated) whose
 *	figures change where policies decide it differently (run with --thp for
 *	a PMD-level query), or NULL where no difference is observable.
 */
struct gupnuma_scenario {
	const char *name;
	const char *doc;
	struct gupnuma_query in;
	const char *observed_by;
};

#define GN_SCN(_name, _doc, _caller, _flags, _acc, _level, _pinned, _observed)	\
	{ .name = _name, .doc = _doc, .in = { .caller = GUPNUMA_CALLER_##_caller, \
	  .flags = _flags, .vma_accessible = _acc, .level = GUPNUMA_LEVEL_##_level, \
	  .maybe_dma_pinned = _pinned }, .observed_by = _observed }
/* A query in a userfaultfd RWP VMA (7.3): at a marker, or at a NUMA hint. */
#define GN_RWP(_name, _doc, _caller, _flags, _acc, _marker)			\
	{ .name = _name, .doc = _doc, .in = { .caller = GUPNUMA_CALLER_##_caller, \
	  .flags = _flags, .vma_accessible = _acc, .level = GUPNUMA_LEVEL_PTE,	\
	  .uffd_rwp = true, .rwp_marker = _marker }, .observed_by = NULL }
#define GN_GET		GUPNUMA_LOOKUP_GET
#define GN_PIN		GUPNUMA_LOOKUP_PIN
#define GN_WRITE	GUPNUMA_LOOKUP_WRITE
#define GN_FORCE	GUPNUMA_LOOKUP_FORCE
#define GN_HONOR	GUPNUMA_LOOKUP_HONOR_NUMA_FAULT
#define GN_LONGTERM	GUPNUMA_LOOKUP_LONGTERM
#define GN_REMOTE	GUPNUMA_LOOKUP_REMOTE

static const struct gupnuma_scenario gupnuma_scenarios[] = {
	GN_SCN("gup", "get_user_pages(), read", GUP, GN_GET, true, PTE, false, NULL),
	GN_SCN("gup-pin", "pin_user_pages(), read: process_vm_readv(), O_DIRECT write source",
	       GUP, GN_PIN, true, PTE, false, "remote-read direct-io"),
	GN_SCN("gup-write", "get_user_pages(FOLL_WRITE)", GUP, GN_GET | GN_WRITE, true, PTE, false, NULL),
	GN_SCN("gup-pin-longterm", "pin_user_pages(FOLL_LONGTERM) (RDMA, vfio)",
	       GUP, GN_PIN | GN_LONGTERM | GN_WRITE, true, PTE, false, NULL),
	GN_SCN("gup-thp", "get_user_pages() of a THP", GUP, GN_GET, true, PMD, false, NULL),
	GN_SCN("gup-pin-thp", "pin_user_pages() of a THP, read", GUP, GN_PIN, true, PMD, false,
	       "remote-read direct-io"),
	GN_SCN("gup-force", "ptrace, /proc/PID/mem (FOLL_FORCE)",
	       GUP, GN_GET | GN_FORCE | GN_REMOTE, true, PTE, false, "debugger"),
	GN_SCN("gup-force-protnone-vma", "FOLL_FORCE in an mprotect(PROT_NONE) VMA",
	       GUP, GN_GET | GN_FORCE | GN_REMOTE, false, PTE, false, NULL),
	GN_SCN("gup-honor", "a GUP user passing FOLL_HONOR_NUMA_FAULT",
	       GUP, GN_GET | GN_HONOR, true, PTE, false, "gup"),
	GN_SCN("kvm", "KVM hva_to_pfn_slow() (FOLL_HONOR_NUMA_FAULT since 6.6)",
	       SECONDARY_MMU, GN_GET | GN_HONOR, true, PTE, false, "kvm-read mirror"),
	GN_SCN("kvm-thp", "KVM fault on a THP", SECONDARY_MMU, GN_GET | GN_HONOR, true, PMD, false, "kvm-read mirror"),
	GN_SCN("kvm-pinned", "KVM fault on a maybe-DMA-pinned folio (vfio)",
	       SECONDARY_MMU, GN_GET | GN_HONOR, true, PTE, true, "pinned"),
	GN_SCN("kvm-protnone-vma", "KVM fault in a PROT_NONE VMA",
	       SECONDARY_MMU, GN_GET | GN_HONOR, false, PTE, false, NULL),
	GN_SCN("gup-fast", "get_user_pages_fast()", GUP_FAST, GN_GET, true, PTE, false, NULL),
	GN_SCN("gup-fast-force", "GUP-fast with FOLL_FORCE", GUP_FAST, GN_GET | GN_FORCE, true, PTE, false, NULL),
	GN_SCN("inspect", "follow_page/folio_walk: KSM, move_pages", INSPECT, 0, true, PTE, false, "move-pages"),
	GN_SCN("inspect-thp", "folio_walk of a THP", INSPECT, 0, true, PMD, false, "move-pages"),
	GN_SCN("inspect-protnone-vma", "KSM (un)merge in a PROT_NONE VMA", INSPECT, 0, false, PTE, false, "ksm"),
	GN_SCN("smaps-pte", "smaps, 4K page", SMAPS, 0, true, PTE, false, "smaps"),
	GN_SCN("smaps-thp", "smaps, THP", SMAPS, 0, true, PMD, false, "smaps"),
	GN_SCN("smaps-thp-protnone-vma", "smaps, THP in a PROT_NONE VMA", SMAPS, 0, false, PMD, false, "smaps"),
	GN_SCN("dump", "get_dump_page() (FOLL_FORCE | FOLL_DUMP)", DUMP, GN_GET | GN_FORCE, true, PTE, false, NULL),
	GN_SCN("populate", "mlock / MAP_POPULATE (FOLL_FORCE)", POPULATE, GN_FORCE, true, PTE, false, NULL),
	GN_SCN("populate-protnone-vma", "populate of a PROT_NONE VMA (no FOLL_FORCE)",
	       POPULATE, 0, false, PTE, false, NULL),
	GN_SCN("hmm", "hmm_range_fault(HMM_PFN_REQ_FAULT)", HMM, 0, true, PTE, false, "pinned-hmm"),
	GN_SCN("hmm-pinned", "hmm_range_fault on a maybe-DMA-pinned folio", HMM, 0, true, PTE, true, "pinned-hmm"),
	GN_SCN("hmm-protnone-vma", "hmm_range_fault in a PROT_NONE VMA", HMM, 0, false, PTE, false, NULL),
	GN_RWP("gup-pin-rwp-marker", "process_vm_readv() at a userfaultfd RWP marker",
	       GUP, GN_PIN, true, true),
	GN_RWP("gup-force-rwp-marker", "/proc/PID/mem, ptrace at an RWP marker",
	       GUP, GN_GET | GN_FORCE | GN_REMOTE, true, true),
	GN_RWP("gup-pin-rwp-hint", "process_vm_readv() at a NUMA hint in an RWP VMA",
	       GUP, GN_PIN, true, false),
	GN_RWP("gup-rwp-protnone-vma", "FOLL_FORCE at an RWP marker in a PROT_NONE VMA",
	       GUP, GN_GET | GN_FORCE | GN_REMOTE, false, true),
	GN_RWP("kvm-rwp-marker", "KVM fault at an RWP marker (the series' VMM use case)",
	       SECONDARY_MMU, GN_GET | GN_HONOR, true, true),
	GN_RWP("kvm-rwp-hint", "KVM fault at a NUMA hint in an RWP VMA",
	       SECONDARY_MMU, GN_GET | GN_HONOR, true, false),
	GN_RWP("gup-fast-rwp-marker", "GUP-fast at an RWP marker", GUP_FAST, GN_GET, true, true),
	GN_RWP("inspect-rwp-marker", "folio_walk (KSM, move_pages) at an RWP marker",
	       INSPECT, 0, true, true),
	GN_RWP("smaps-rwp-marker", "smaps at an RWP marker", SMAPS, 0, true, true),
	GN_RWP("dump-rwp-marker", "get_dump_page() at an RWP marker", DUMP, GN_GET | GN_FORCE,
	       true, true),
	GN_RWP("hmm-rwp-marker", "hmm_range_fault at an RWP marker", HMM, 0, true, true),
};

#define GUPNUMA_NR_SCENARIOS ARRAY_SIZE(gupnuma_scenarios)

static inline const struct gupnuma_scenario *gupnuma_find_scenario(const char *name)
{
	size_t i;

	for (i = 0; i < GUPNUMA_NR_SCENARIOS; i++)
		if (!strcmp(gupnuma_scenarios[i].name, name))
			return &gupnuma_scenarios[i];
	return NULL;
}

#endif /* _GUPNUMA_SCENARIOS_H */
