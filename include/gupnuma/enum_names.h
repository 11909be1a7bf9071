/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of the uapi enums, one list per enum, in the EM()/EMe() form of
 * include/trace/events/migrate.h: the tracepoint, names.c (sysfs, the
 * device's messages) and the CLI expand the same lists.  Reason names are
 * short; their sentences are in names.c (gupnuma_reason_doc()).  Policies
 * have no list: their names are in their ops entries.
 */
#ifndef _GUPNUMA_ENUM_NAMES_H
#define _GUPNUMA_ENUM_NAMES_H

#define GUPNUMA_CALLER_NAMES					\
	EM(GUPNUMA_CALLER_GUP, "gup")				\
	EM(GUPNUMA_CALLER_GUP_FAST, "gup-fast")			\
	EM(GUPNUMA_CALLER_SECONDARY_MMU, "secondary-mmu")	\
	EM(GUPNUMA_CALLER_INSPECT, "inspect")			\
	EM(GUPNUMA_CALLER_SMAPS, "smaps")			\
	EM(GUPNUMA_CALLER_DUMP, "dump")				\
	EM(GUPNUMA_CALLER_POPULATE, "populate")			\
	EMe(GUPNUMA_CALLER_HMM, "hmm")

#define GUPNUMA_DECISION_NAMES					\
	EM(GUPNUMA_FOLLOW, "follow")				\
	EM(GUPNUMA_FAULT, "fault")				\
	EM(GUPNUMA_NOPAGE, "nopage")				\
	EMe(GUPNUMA_FALLBACK, "fallback")

#define GUPNUMA_LEVEL_NAMES					\
	EM(GUPNUMA_LEVEL_PTE, "pte")				\
	EMe(GUPNUMA_LEVEL_PMD, "pmd")

#define GUPNUMA_ENGINE_NAMES					\
	EM(GUPNUMA_ENGINE_WALK, "walk")				\
	EM(GUPNUMA_ENGINE_GUP, "gup")				\
	EMe(GUPNUMA_ENGINE_HMM, "hmm")

#define GUPNUMA_REASON_NAMES					\
	EM(GUPNUMA_REASON_FOLL_NUMA, "foll_numa")		\
	EM(GUPNUMA_REASON_FORCE_FOLLOWS, "force_follows")	\
	EM(GUPNUMA_REASON_FORCE_ONLY, "force_only")		\
	EM(GUPNUMA_REASON_HONOR_DEFAULT, "honor_default")	\
	EM(GUPNUMA_REASON_HONOR_FLAG, "honor_flag")		\
	EM(GUPNUMA_REASON_NO_HONOR, "no_honor")			\
	EM(GUPNUMA_REASON_INSPECT_FOLLOWS, "inspect_follows")	\
	EM(GUPNUMA_REASON_INACCESSIBLE_VMA, "inaccessible_vma")	\
	EM(GUPNUMA_REASON_GUP_FAST, "gup_fast")			\
	EM(GUPNUMA_REASON_SMAPS_PTE, "smaps_pte")		\
	EM(GUPNUMA_REASON_HMM, "hmm")				\
	EM(GUPNUMA_REASON_NEVER, "never")			\
	EM(GUPNUMA_REASON_PINNED, "pinned")			\
	EM(GUPNUMA_REASON_CUSTOM, "custom")			\
	EM(GUPNUMA_REASON_INVARIANT, "invariant")		\
	EMe(GUPNUMA_REASON_UFFD_RWP, "uffd_rwp")

/* The GUPNUMA_PAGE_* state bits of a looked-up page, lowest bit first. */
#define GUPNUMA_PAGE_STATE_NAMES				\
	EM(GUPNUMA_PAGE_PRESENT, "present")			\
	EM(GUPNUMA_PAGE_PROTNONE, "protnone")			\
	EM(GUPNUMA_PAGE_THP, "thp")				\
	EM(GUPNUMA_PAGE_FAULTED, "faulted")			\
	EM(GUPNUMA_PAGE_HINT_FAULT, "hint")			\
	EM(GUPNUMA_PAGE_ASKED, "asked")				\
	EM(GUPNUMA_PAGE_ERROR, "error")				\
	EM(GUPNUMA_PAGE_INFERRED, "inferred")			\
	EMe(GUPNUMA_PAGE_RWP_MARKER, "rwp-marker")

#endif /* _GUPNUMA_ENUM_NAMES_H */
