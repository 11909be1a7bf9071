/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected protnone decisions per built-in policy, written from the commits
 * (see docs/design.md), not from the code: the table of
 * ../shared/kernel-history.md checked cell by cell, corrected where the
 * commits say otherwise, and extended to every canonical lookup of
 * include/gupnuma/scenarios.h.  Shared by the KUnit suite gupnuma_policy and
 * the userspace test userspace/tests/policy_test.c.
 */
#ifndef _GUPNUMA_POLICY_EXPECTATIONS_H
#define _GUPNUMA_POLICY_EXPECTATIONS_H

#include <linux/kernel.h>
#include <uapi/linux/gupnuma.h>

#define GUPNUMA_NR_BUILTIN_POLICIES GUPNUMA_POLICY_CUSTOM

struct gupnuma_expectation {
	const char *lookup;
	/* indexed by enum gupnuma_policy_id: v3.8 v6.1 v6.5 v6.6 never skip-pinned */
	unsigned char expect[GUPNUMA_NR_BUILTIN_POLICIES];
};

#define FO GUPNUMA_FOLLOW
#define FA GUPNUMA_FAULT
#define NP GUPNUMA_NOPAGE
#define FB GUPNUMA_FALLBACK

static const struct gupnuma_expectation gupnuma_expectations[] = {
	/*                            v3.8 6.5rc1 v6.5 v6.6 never skip-pinned */
	{ "gup",                    { FA,  FA,    FA,  FO,  FO,   FO } },
	{ "gup-write",              { FA,  FA,    FA,  FO,  FO,   FO } },
	{ "gup-pin-longterm",       { FA,  FA,    FA,  FO,  FO,   FO } },
	{ "gup-thp",                { FA,  FA,    FA,  FO,  FO,   FO } },
	{ "gup-force",              { FO,  FO,    FA,  FO,  FO,   FO } },
	{ "gup-force-protnone-vma", { FO,  FO,    FO,  FO,  FO,   FO } },
	{ "gup-honor",              { FA,  FA,    FA,  FA,  FO,   FA } },
	{ "kvm",                    { FA,  FA,    FA,  FA,  FO,   FA } },
	{ "kvm-thp",                { FA,  FA,    FA,  FA,  FO,   FA } },
	{ "kvm-pinned",             { FA,  FA,    FA,  FA,  FO,   FO } },
	{ "kvm-protnone-vma",       { NP,  NP,    FO,  FO,  FO,   FO } },
	{ "gup-fast",               { FB,  FB,    FB,  FB,  FB,   FB } },
	{ "gup-fast-force",         { FB,  FO,    FB,  FB,  FB,   FB } },
	{ "inspect",                { FO,  NP,    FO,  FO,  FO,   FO } },
	{ "inspect-thp",            { FO,  NP,    FO,  FO,  FO,   FO } },
	{ "inspect-protnone-vma",   { FO,  NP,    FO,  FO,  FO,   FO } },
	{ "smaps-pte",              { FO,  FO,    FO,  FO,  FO,   FO } },
	{ "smaps-thp",              { FO,  NP,    FO,  FO,  FO,   FO } },
	{ "smaps-thp-protnone-vma", { FO,  NP,    FO,  FO,  FO,   FO } },
	{ "dump",                   { FO,  FO,    FO,  FO,  FO,   FO } },
	{ "populate",               { FO,  FO,    FO,  FO,  FO,   FO } },
	{ "populate-protnone-vma",  { NP,  NP,    FO,  FO,  FO,   FO } },
	{ "hmm",                    { FA,  FA,    FA,  FA,  FA,   FA } },
	{ "hmm-pinned",             { FA,  FA,    FA,  FA,  FA,   FO } },
	{ "hmm-protnone-vma",       { NP,  NP,    NP,  NP,  NP,   NP } },
};

#undef FO
#undef FA
#undef NP
#undef FB

#define GUPNUMA_NR_EXPECTATIONS ARRAY_SIZE(gupnuma_expectations)

#endif /* _GUPNUMA_POLICY_EXPECTATIONS_H */
