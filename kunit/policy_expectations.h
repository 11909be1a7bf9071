/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected protnone decisions per built-in policy, written from the commits
 * (see docs/design.md), not from the code: the table of
 * ../shared/kernel-history.md checked cell by cell, corrected where the
 * commits say otherwise, and extended to every canonical query of
 * include/gupnuma/scenarios.h.  Shared by the KUnit suite gupnuma_policy and
 * the userspace test userspace/tests/policy_test.c.
 */
#ifndef _GUPNUMA_POLICY_EXPECTATIONS_H
#define _GUPNUMA_POLICY_EXPECTATIONS_H

#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <uapi/linux/gupnuma.h>

/*
 * One column per built-in policy, found by name: a built-in policy without a
 * column, a column without a policy, or a row without a value for a column
 * fails both tests.  Values are decisions + 1, so that 0 means "missing".
 */
#define GUPNUMA_EXPECTATION_COLUMNS 16

static const char * const gupnuma_expectation_policies[] = {
	"v3.8", "v6.1", "v6.5", "v6.6", "v7.3", "never", "skip-pinned", "pin-honors",
};

static_assert(ARRAY_SIZE(gupnuma_expectation_policies) <= GUPNUMA_EXPECTATION_COLUMNS);

struct gupnuma_expectation {
	const char *query;
	unsigned char expect[GUPNUMA_EXPECTATION_COLUMNS];
};

#define FO (GUPNUMA_FOLLOW + 1)
#define FA (GUPNUMA_FAULT + 1)
#define NP (GUPNUMA_NOPAGE + 1)
#define FB (GUPNUMA_FALLBACK + 1)

static const struct gupnuma_expectation gupnuma_expectations[] = {
	/*                            v3.8 v6.1   v6.5 v6.6 v7.3 never skip-pinned pin-honors */
	{ "gup",                    { FA,  FA,  FA,  FO,  FO,  FO,  FO,  FO } },
	{ "gup-pin",                { FA,  FA,  FA,  FO,  FO,  FO,  FO,  FA } },
	{ "gup-write",              { FA,  FA,  FA,  FO,  FO,  FO,  FO,  FO } },
	{ "gup-pin-longterm",       { FA,  FA,  FA,  FO,  FO,  FO,  FO,  FA } },
	{ "gup-thp",                { FA,  FA,  FA,  FO,  FO,  FO,  FO,  FO } },
	{ "gup-pin-thp",            { FA,  FA,  FA,  FO,  FO,  FO,  FO,  FA } },
	{ "gup-force",              { FO,  FO,  FA,  FO,  FO,  FO,  FO,  FO } },
	{ "gup-force-protnone-vma", { FO,  FO,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "gup-honor",              { FA,  FA,  FA,  FA,  FA,  FO,  FA,  FA } },
	{ "kvm",                    { FA,  FA,  FA,  FA,  FA,  FO,  FA,  FA } },
	{ "kvm-thp",                { FA,  FA,  FA,  FA,  FA,  FO,  FA,  FA } },
	{ "kvm-pinned",             { FA,  FA,  FA,  FA,  FA,  FO,  FO,  FA } },
	{ "kvm-protnone-vma",       { NP,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "gup-fast",               { FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB } },
	{ "gup-fast-force",         { FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB } },
	{ "inspect",                { FO,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "inspect-thp",            { FO,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "inspect-protnone-vma",   { FO,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "smaps-pte",              { FO,  FO,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "smaps-thp",              { FO,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "smaps-thp-protnone-vma", { FO,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "dump",                   { FO,  FO,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "populate",               { FO,  FO,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "populate-protnone-vma",  { NP,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "hmm",                    { FA,  FA,  FA,  FA,  FA,  FA,  FA,  FA } },
	{ "hmm-pinned",             { FA,  FA,  FA,  FA,  FA,  FA,  FO,  FA } },
	{ "hmm-protnone-vma",       { NP,  NP,  NP,  NP,  NP,  NP,  NP,  NP } },
	/* userfaultfd RWP (7.3): markers fault wherever a lookup faults */
	{ "gup-pin-rwp-marker",     { FA,  FA,  FA,  FA,  FA,  FA,  FA,  FA } },
	{ "gup-force-rwp-marker",   { FA,  FA,  FA,  FA,  FA,  FA,  FA,  FA } },
	{ "gup-pin-rwp-hint",       { FA,  FA,  FA,  FO,  FA,  FO,  FO,  FA } },
	{ "gup-rwp-protnone-vma",   { FO,  FO,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "kvm-rwp-marker",         { FA,  FA,  FA,  FA,  FA,  FA,  FA,  FA } },
	{ "kvm-rwp-hint",           { FA,  FA,  FA,  FA,  FA,  FO,  FA,  FA } },
	{ "gup-fast-rwp-marker",    { FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB } },
	{ "inspect-rwp-marker",     { FO,  NP,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "smaps-rwp-marker",       { FO,  FO,  FO,  FO,  FO,  FO,  FO,  FO } },
	{ "dump-rwp-marker",        { FA,  FA,  FA,  FA,  FA,  FA,  FA,  FA } },
	{ "hmm-rwp-marker",         { FA,  FA,  FA,  FA,  FA,  FA,  FA,  FA } },
};

#undef FO
#undef FA
#undef NP
#undef FB

#define GUPNUMA_NR_EXPECTATIONS ARRAY_SIZE(gupnuma_expectations)
#define GUPNUMA_NR_EXPECTATION_POLICIES ARRAY_SIZE(gupnuma_expectation_policies)

/* The column of policy @name, or -1. */
static inline int gupnuma_expectation_column(const char *name)
{
	size_t i;

	for (i = 0; i < GUPNUMA_NR_EXPECTATION_POLICIES; i++)
		if (!strcmp(gupnuma_expectation_policies[i], name))
			return i;
	return -1;
}

/*
 * What @row expects of the policy in @column: a decision, or -1 if the row
 * has no value there.
 */
static inline int gupnuma_expected(const struct gupnuma_expectation *row, int column)
{
	return (int)row->expect[column] - 1;
}

#endif /* _GUPNUMA_POLICY_EXPECTATIONS_H */
