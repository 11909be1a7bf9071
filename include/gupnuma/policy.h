/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma policy core: the protnone decision of software page lookups as
 * named, registered policies.
 *
 * A lookup that meets a protnone entry (NUMA balancing made it PROT_NONE, the
 * VMA itself is PROT_NONE, or, since 7.3, userfaultfd RWP armed it as an
 * access-tracking marker) asks about it with a query (struct
 * gupnuma_query, the kernel patches' struct protnone_query): gupnuma_decide()
 * answers with a struct gupnuma_verdict.  The core knows no
 * policy: policies are ops entries in a registry, with their names and what
 * they reproduce (DAMON-like: ids inside, names at the edge).  This header and
 * the core also compile in userspace (userspace/shim/), for `gupnuma table`.
 */
#ifndef _GUPNUMA_POLICY_H
#define _GUPNUMA_POLICY_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <uapi/linux/gupnuma.h>

/**
 * struct gupnuma_query - one protnone entry a lookup meets, as the policy sees it.
 *	A "lookup" is a whole range (GUPNUMA_IOC_LOOKUP, an engine's request);
 *	each protnone entry in it is a query.
 * @caller: who looks the page up.
 * @flags: GUPNUMA_LOOKUP_* flags the caller passes (its FOLL_* flags).
 * @vma_accessible: vma_is_accessible(): false for mprotect(PROT_NONE) VMAs.
 * @level: PTE or PMD (THP) entry.
 * @uffd_rwp: the VMA is registered for userfaultfd RWP (userfaultfd_rwp(),
 *	7.3); false on kernels without RWP.
 * @rwp_marker: the entry is an RWP marker (the uffd bit in such a VMA), not
 *	a NUMA hint; only with @uffd_rwp.
 * @maybe_dma_pinned: folio_maybe_dma_pinned() of the folio behind the entry.
 */
struct gupnuma_query {
	enum gupnuma_caller caller;
	u32 flags;
	bool vma_accessible;
	enum gupnuma_level level;
	bool uffd_rwp;
	bool rwp_marker;
	bool maybe_dma_pinned;
};

/**
 * struct gupnuma_verdict - a policy's answer.
 * @decision: what the lookup does at the entry.
 * @reason: why, for stats, traces and humans.
 */
struct gupnuma_verdict {
	enum gupnuma_decision decision;
	enum gupnuma_reason reason;
};

/**
 * struct gupnuma_policy_ops - a protnone policy: everything the module, the
 *	tests, the trace, sysfs, the CLI and the docs know about it.
 * @name: its name, the ABI (sysfs, trace, CLI); unique.
 * @alias: an older name still accepted on input, or NULL.
 * @doc: one line: what it decides.
 * @kernels: the Linux versions whose decisions it reproduces ("6.6 .. 6.12"),
 *	or "" if no kernel ever decided so.
 * @source: where its rule comes from: commits ("b1e1296d7c6a 7acddcc1ae30"),
 *	or the public proposal it implements.
 * @builtin: its decisions are fixed at build time and checked against an
 *	expectations column (kunit/policy_expectations.h); false for a policy
 *	the user configures (custom).
 * @reads_flags: the GUPNUMA_LOOKUP_* flags its verdicts (decision and
 *	reason) may depend on: the core asks @decide with no other flag set
 *	but GET or PIN and copies the answer to the queries with them
 *	(compile_policy()); the tests check that no other flag changes one.
 * @decide: the verdict for a query, already validated by the core.  A pure
 *	function of the query (and, for custom, of its matrix): the core calls
 *	it for every possible query when the policy registers (and when
 *	gupnuma_policy_recompile() says it changed) and keeps the answers in a
 *	table, so that a decision at a protnone entry is an index.  Must not
 *	sleep.
 */
struct gupnuma_policy_ops {
	const char *name;
	const char *alias;
	const char *doc;
	const char *kernels;
	const char *source;
	bool builtin;
	u32 reads_flags;
	struct gupnuma_verdict (*decide)(const struct gupnuma_query *in);
};

/*
 * Policies are known by their index in the registry, given at registration
 * (the built-ins in the order of their table, at module init); names are
 * what leaves the module.
 */
#define GUPNUMA_MAX_POLICIES	16

/* Every query, valid or not, has an index into a compiled policy. */
#define GUPNUMA_NR_QUERIES \
	(GUPNUMA_NR_CALLERS * (GUPNUMA_LOOKUP_ALL + 1) * 2 * GUPNUMA_NR_LEVELS * 2 * 2 * 2)

/**
 * gupnuma_query_index() - where a query's verdict is in a compiled policy.
 * @in: a query whose fields are in range (flags within %GUPNUMA_LOOKUP_ALL).
 *
 * Return: an index below %GUPNUMA_NR_QUERIES.
 */
static inline unsigned int gupnuma_query_index(const struct gupnuma_query *in)
{
	unsigned int i = in->caller;

	i = i * (GUPNUMA_LOOKUP_ALL + 1) + in->flags;
	i = i * 2 + in->vma_accessible;
	i = i * GUPNUMA_NR_LEVELS + in->level;
	i = i * 2 + in->uffd_rwp;
	i = i * 2 + in->rwp_marker;
	return i * 2 + in->maybe_dma_pinned;
}

void gupnuma_query_of_index(unsigned int i, struct gupnuma_query *in);

/*
 * A compiled verdict: the decision in bits 0-1, the reason above; 0xff: invalid
 * query (GET with PIN, an RWP marker outside an RWP VMA).
 */
#define GUPNUMA_VERDICT_INVALID	0xff

/**
 * struct gupnuma_compiled - a policy's verdict for every query.
 * @verdict: by gupnuma_query_index().
 * @reads_pinned: some verdict depends on maybe_dma_pinned, so a caller must
 *	find it out (folio_maybe_dma_pinned()); false: pass false.
 */
struct gupnuma_compiled {
	u8 verdict[GUPNUMA_NR_QUERIES];
	bool reads_pinned;
};

extern struct gupnuma_compiled gupnuma_compiled_policies[GUPNUMA_MAX_POLICIES];

/**
 * struct gupnuma_caller_class - what a caller class is, for the policies and
 *	the engines: one row per enum gupnuma_caller, in mm/callers.c.
 * @doc: one line: who calls.
 * @via_gup: it reaches follow_page_pte() through __get_user_pages(), so its
 *	flags may carry FOLL_NUMA/FOLL_HONOR_NUMA_FAULT.
 * @faults: it runs handle_mm_fault() when it finds no page (none, swapped,
 *	migrating or, if the policy says so, protnone entries).
 * @checks_vma: it refuses VMAs its access may not touch (check_vma_flags(),
 *	or hmm_range_fault()'s VM_READ check) before looking at any entry.
 * @lockless: GUP-fast: it walks without mmap_lock, cannot fault, and leaves
 *	protnone entries to slow GUP (%GUPNUMA_FALLBACK).
 */
struct gupnuma_caller_class {
	const char *doc;
	bool via_gup;
	bool faults;
	bool checks_vma;
	bool lockless;
};

extern const struct gupnuma_caller_class gupnuma_caller_classes[GUPNUMA_NR_CALLERS];

/* The custom policy's matrix: a decision per caller x VMA accessibility. */
#define GUPNUMA_VMA_ACCESSIBLE		0
#define GUPNUMA_VMA_INACCESSIBLE	1
struct gupnuma_custom_matrix {
	u8 cell[GUPNUMA_NR_CALLERS][2];
};

/*
 * The policy active at load: the running kernel's own, Linux 7.3 where the
 * kernel has userfaultfd RWP (Kbuild probes it), else 6.6 .. 7.2.
 */
#ifdef GUPNUMA_HAVE_UFFD_RWP
#define GUPNUMA_DEFAULT_POLICY	"v7.3"
#else
#define GUPNUMA_DEFAULT_POLICY	"v6.6"
#endif

int gupnuma_register_policy(const struct gupnuma_policy_ops *ops);
void gupnuma_unregister_policy(const struct gupnuma_policy_ops *ops);
const struct gupnuma_policy_ops *gupnuma_policy(int id);
const char *gupnuma_policy_name(int id);
int gupnuma_policy_parse(const char *s, size_t len);
int gupnuma_active_policy(void);
int gupnuma_set_active_policy(int id);

int gupnuma_next_policy(int id);

/* Every registered policy's index, in order. */
#define gupnuma_for_each_policy(id)					\
	for ((id) = gupnuma_next_policy(-1); (id) >= 0; (id) = gupnuma_next_policy(id))

int gupnuma_check_query(const struct gupnuma_query *in);
bool gupnuma_decision_allowed(const struct gupnuma_query *in,
			      enum gupnuma_decision decision, const char **why);
bool gupnuma_rwp_must_fault(const struct gupnuma_query *in);
int gupnuma_decide(int id, const struct gupnuma_query *in,
		   struct gupnuma_verdict *out);
struct gupnuma_verdict gupnuma_invariant_verdict(const struct gupnuma_query *in);
void gupnuma_policy_recompile(const struct gupnuma_policy_ops *ops);

/**
 * gupnuma_compiled_verdict() - policy @id's verdict for query @in, from its
 *	compiled table: an index, for the hot paths that build @in themselves.
 * @id: a policy index that gupnuma_policy() returned an entry for.
 * @in: a query whose fields are in range.
 * @out: the verdict.
 *
 * Any context.
 *
 * Return: false if @in is not a valid query (GET with PIN): @out untouched.
 */
static inline bool gupnuma_compiled_verdict(int id, const struct gupnuma_query *in,
					    struct gupnuma_verdict *out)
{
	u8 v = READ_ONCE(gupnuma_compiled_policies[id].verdict[gupnuma_query_index(in)]);

	if (v == GUPNUMA_VERDICT_INVALID)
		return false;
	out->decision = v & 3;
	out->reason = v >> 2;
	return true;
}

/* Whether policy @id's verdicts depend on maybe_dma_pinned. */
static inline bool gupnuma_policy_reads_pinned(int id)
{
	return READ_ONCE(gupnuma_compiled_policies[id].reads_pinned);
}

int gupnuma_custom_check(const struct gupnuma_custom_matrix *m,
			 char *err, size_t errlen);
int gupnuma_custom_set(const struct gupnuma_custom_matrix *m,
		       char *err, size_t errlen);
int gupnuma_custom_update(const char *text, char *err, size_t errlen);
void gupnuma_custom_get(struct gupnuma_custom_matrix *m);
void gupnuma_custom_default(struct gupnuma_custom_matrix *m);

int gupnuma_builtin_policies_init(void);
void gupnuma_builtin_policies_exit(void);

#endif /* _GUPNUMA_POLICY_H */
