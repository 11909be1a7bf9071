// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma policy core: registration by id, input validation, invariants.
 *
 * Mechanism only: this file never names a policy (but the default's).  It also compiles in
 * userspace through userspace/shim/ (the `gupnuma table` command).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/barrier.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include <gupnuma/policy.h>

static const struct gupnuma_policy_ops *gupnuma_policies[GUPNUMA_MAX_POLICIES];
static DEFINE_MUTEX(gupnuma_policies_lock);
static int active_policy = -1;

/* Each registered policy's verdicts, compiled; 16 x 32 KiB. */
struct gupnuma_compiled gupnuma_compiled_policies[GUPNUMA_MAX_POLICIES];
EXPORT_SYMBOL_GPL(gupnuma_compiled_policies);

static_assert(GUPNUMA_NR_DECISIONS <= 4 && GUPNUMA_NR_REASONS < 63,
	      "a compiled verdict is a decision in 2 bits and a reason in 6");

/**
 * gupnuma_query_of_index() - the query at index @i of a compiled policy,
 *	the inverse of gupnuma_query_index().
 * @i: an index below %GUPNUMA_NR_QUERIES.
 * @in: filled in; it may not be a valid query (GET with PIN, a marker
 *	outside an RWP VMA).
 *
 * Any context.
 */
void gupnuma_query_of_index(unsigned int i, struct gupnuma_query *in)
{
	in->maybe_dma_pinned = i % 2;
	i /= 2;
	in->rwp_marker = i % 2;
	i /= 2;
	in->uffd_rwp = i % 2;
	i /= 2;
	in->level = i % GUPNUMA_NR_LEVELS;
	i /= GUPNUMA_NR_LEVELS;
	in->vma_accessible = i % 2;
	i /= 2;
	in->flags = i % (GUPNUMA_LOOKUP_ALL + 1);
	in->caller = i / (GUPNUMA_LOOKUP_ALL + 1);
}
EXPORT_SYMBOL_GPL(gupnuma_query_of_index);

/**
 * gupnuma_invariant_verdict() - the verdict that stands in for one the core
 *	cannot use: FALLBACK where the caller can fall back, FAULT at an RWP
 *	marker that must fault (gupnuma_rwp_must_fault()), FOLLOW otherwise,
 *	with %GUPNUMA_REASON_INVARIANT.
 * @in: a valid query.
 *
 * Any context.
 *
 * Return: that verdict.
 */
struct gupnuma_verdict gupnuma_invariant_verdict(const struct gupnuma_query *in)
{
	enum gupnuma_decision d = GUPNUMA_FOLLOW;

	if (gupnuma_caller_classes[in->caller].lockless)
		d = GUPNUMA_FALLBACK;
	else if (gupnuma_rwp_must_fault(in))
		d = GUPNUMA_FAULT;
	return (struct gupnuma_verdict){ .decision = d, .reason = GUPNUMA_REASON_INVARIANT };
}
EXPORT_SYMBOL_GPL(gupnuma_invariant_verdict);

/* A policy's verdict as the core returns it: one that breaks an invariant is replaced. */
static struct gupnuma_verdict checked_verdict(const struct gupnuma_policy_ops *ops,
					      const struct gupnuma_query *in)
{
	struct gupnuma_verdict v = ops->decide(in);

	if (!gupnuma_decision_allowed(in, v.decision, NULL) ||
	    (unsigned int)v.reason >= GUPNUMA_NR_REASONS)
		return gupnuma_invariant_verdict(in);
	return v;
}

/*
 * Fill @c with @ops's verdict for every query.  Readers see each byte old or
 * new.  A query with flags that neither @ops (its reads_flags) nor the core
 * (GET with PIN is invalid) reads has the verdict of the same query without
 * them, compiled before it (its index is lower): copied, not asked again.
 * That spares most of the calls to decide() (v6.6: 120 of 128 flag sets),
 * which a module load makes for every policy.
 */
static void compile_policy(const struct gupnuma_policy_ops *ops, struct gupnuma_compiled *c)
{
	const unsigned int read = ops->reads_flags | GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_PIN;
	struct gupnuma_query in;
	struct gupnuma_verdict v;
	unsigned int i, flags;
	bool pinned = false;
	u8 b, prev = 0;

	lockdep_assert_held(&gupnuma_policies_lock);	/* writers: one at a time */

	for (i = 0; i < GUPNUMA_NR_QUERIES; i++) {
		gupnuma_query_of_index(i, &in);
		b = GUPNUMA_VERDICT_INVALID;
		flags = in.flags;
		if (flags & ~read) {
			in.flags &= read;
			b = READ_ONCE(c->verdict[gupnuma_query_index(&in)]);
			in.flags = flags;
		} else if (!gupnuma_check_query(&in)) {
			v = checked_verdict(ops, &in);
			b = v.decision | v.reason << 2;
		}
		/* odd indexes are the maybe_dma_pinned twins of the even ones */
		if (in.maybe_dma_pinned && b != GUPNUMA_VERDICT_INVALID &&
		    (b & 3) != (prev & 3))
			pinned = true;
		prev = b;
		WRITE_ONCE(c->verdict[i], b);
	}
	WRITE_ONCE(c->reads_pinned, pinned);
}

/**
 * gupnuma_policy_recompile() - compile a registered policy again, after a
 * change of what its decide() returns (the custom matrix).
 * @ops: the policy; a no-op if it is not registered.
 *
 * A lookup racing with it gets, for each entry, the old or the new verdict.
 * May sleep.
 */
void gupnuma_policy_recompile(const struct gupnuma_policy_ops *ops)
{
	int id;

	mutex_lock(&gupnuma_policies_lock);
	for (id = 0; id < GUPNUMA_MAX_POLICIES; id++)
		if (ops && gupnuma_policies[id] == ops)
			compile_policy(ops, &gupnuma_compiled_policies[id]);
	mutex_unlock(&gupnuma_policies_lock);
}

static bool name_is(const char *name, const char *s, size_t len)
{
	return name && strlen(name) == len && !strncmp(name, s, len);
}

/* Index of the policy named (or aliased) @s, or -EINVAL.  Any context. */
static int find_policy(const char *s, size_t len)
{
	const struct gupnuma_policy_ops *ops;
	int id;

	for (id = 0; id < GUPNUMA_MAX_POLICIES; id++) {
		ops = READ_ONCE(gupnuma_policies[id]);
		if (ops && (name_is(ops->name, s, len) || name_is(ops->alias, s, len)))
			return id;
	}
	return -EINVAL;
}

/**
 * gupnuma_register_policy() - add a policy to the registry.
 * @ops: the policy; must stay valid until gupnuma_unregister_policy().
 *
 * Module init only (not exported): the registry is the module's own list.
 * The policy is compiled (its verdict for every query, see
 * &struct gupnuma_compiled) before it is visible.  The policy named
 * %GUPNUMA_DEFAULT_POLICY becomes active when it registers.  May sleep.
 *
 * Return: its index (>= 0), -EINVAL for an @ops without name or decide,
 * -EBUSY if its name or alias is taken, -ENOSPC if the registry is full.
 */
int gupnuma_register_policy(const struct gupnuma_policy_ops *ops)
{
	int id, free = -ENOSPC;

	if (!ops || !ops->decide || !ops->name || !*ops->name)
		return -EINVAL;
	mutex_lock(&gupnuma_policies_lock);
	if (find_policy(ops->name, strlen(ops->name)) >= 0 ||
	    (ops->alias && find_policy(ops->alias, strlen(ops->alias)) >= 0)) {
		free = -EBUSY;
		goto out;
	}
	for (id = 0; id < GUPNUMA_MAX_POLICIES; id++) {
		if (!gupnuma_policies[id]) {
			free = id;
			break;
		}
	}
	if (free < 0)
		goto out;
	compile_policy(ops, &gupnuma_compiled_policies[free]);
	/* the table before the entry: gupnuma_policy() acquires */
	smp_store_release(&gupnuma_policies[free], ops);
	if (active_policy < 0 && !strcmp(ops->name, GUPNUMA_DEFAULT_POLICY))
		WRITE_ONCE(active_policy, free);
out:
	mutex_unlock(&gupnuma_policies_lock);
	return free;
}

/**
 * gupnuma_unregister_policy() - remove a policy from the registry.
 * @ops: a policy given to gupnuma_register_policy(); a no-op for one that is
 *	not registered.
 *
 * If it was active, no policy is active until another registers as the
 * default.  May sleep.
 */
void gupnuma_unregister_policy(const struct gupnuma_policy_ops *ops)
{
	int id;

	mutex_lock(&gupnuma_policies_lock);
	for (id = 0; id < GUPNUMA_MAX_POLICIES; id++) {
		if (!ops || gupnuma_policies[id] != ops)
			continue;
		WRITE_ONCE(gupnuma_policies[id], NULL);
		if (active_policy == id)
			WRITE_ONCE(active_policy, -1);
	}
	mutex_unlock(&gupnuma_policies_lock);
}

/**
 * gupnuma_policy() - the policy registered at index @id.
 * @id: an index, checked for range.
 *
 * Any context.
 *
 * Return: its ops, or NULL if none is registered there.
 */
const struct gupnuma_policy_ops *gupnuma_policy(int id)
{
	if (id < 0 || id >= GUPNUMA_MAX_POLICIES)
		return NULL;
	/* pairs with gupnuma_register_policy(): the compiled table is there */
	return smp_load_acquire(&gupnuma_policies[id]);
}
EXPORT_SYMBOL_GPL(gupnuma_policy);

/**
 * gupnuma_next_policy() - the next registered policy after index @id.
 * @id: an index, or -1 for the first policy.
 *
 * Any context; for gupnuma_for_each_policy().
 *
 * Return: its index, or -1 after the last.
 */
int gupnuma_next_policy(int id)
{
	for (id = id < 0 ? 0 : id + 1; id < GUPNUMA_MAX_POLICIES; id++)
		if (READ_ONCE(gupnuma_policies[id]))
			return id;
	return -1;
}
EXPORT_SYMBOL_GPL(gupnuma_next_policy);

/**
 * gupnuma_policy_name() - name of the policy at index @id.
 * @id: an index, checked for range.
 *
 * Return: its name, or "?" if none is registered there.
 */
const char *gupnuma_policy_name(int id)
{
	const struct gupnuma_policy_ops *ops = gupnuma_policy(id);

	return ops ? ops->name : "?";
}
EXPORT_SYMBOL_GPL(gupnuma_policy_name);

/**
 * gupnuma_policy_parse() - index of the policy with a name.
 * @s: its name or alias, not necessarily NUL-terminated; trailing newlines
 *	and spaces are ignored.
 * @len: length of @s.
 *
 * Any context.
 *
 * Return: the index, or -EINVAL if no registered policy has that name.
 */
int gupnuma_policy_parse(const char *s, size_t len)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	if (!len || memchr(s, '\0', len))
		return -EINVAL;
	return find_policy(s, len);
}
EXPORT_SYMBOL_GPL(gupnuma_policy_parse);

/**
 * gupnuma_active_policy() - the policy lookups use unless told otherwise.
 *
 * Return: its index; -1 only while no policy is registered as the default.
 */
int gupnuma_active_policy(void)
{
	return READ_ONCE(active_policy);
}
EXPORT_SYMBOL_GPL(gupnuma_active_policy);

/**
 * gupnuma_set_active_policy() - switch the active policy.
 * @id: a registered policy's index.
 *
 * May sleep.
 *
 * Return: 0, -EINVAL for an index out of range, -ENOENT if none is
 * registered there.
 */
int gupnuma_set_active_policy(int id)
{
	int err = 0;

	if (id < 0 || id >= GUPNUMA_MAX_POLICIES)
		return -EINVAL;
	mutex_lock(&gupnuma_policies_lock);
	if (gupnuma_policies[id])
		WRITE_ONCE(active_policy, id);
	else
		err = -ENOENT;
	mutex_unlock(&gupnuma_policies_lock);
	return err;
}
EXPORT_SYMBOL_GPL(gupnuma_set_active_policy);

/**
 * gupnuma_check_query() - validate a query.
 * @in: the query.
 *
 * Return: 0, or -EINVAL for an out-of-range caller or level, unknown flags,
 * GET together with PIN, or an RWP marker outside an RWP VMA.
 */
int gupnuma_check_query(const struct gupnuma_query *in)
{
	if (!in || (unsigned int)in->caller >= GUPNUMA_NR_CALLERS ||
	    (unsigned int)in->level >= GUPNUMA_NR_LEVELS ||
	    (in->flags & ~GUPNUMA_LOOKUP_ALL))
		return -EINVAL;
	if ((in->flags & GUPNUMA_LOOKUP_GET) && (in->flags & GUPNUMA_LOOKUP_PIN))
		return -EINVAL;
	if (in->rwp_marker && !in->uffd_rwp)
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_GPL(gupnuma_check_query);

/**
 * gupnuma_rwp_must_fault() - whether a query is an RWP marker that must fault.
 * @in: a valid query.
 *
 * A userfaultfd RWP marker (7.3) in an accessible VMA, met by a lookup that
 * faults when it finds no page (GUP's callers, hmm_range_fault()): the fault
 * is the access the tracker must see, so no policy may follow the marker.
 * In an inaccessible VMA the access is denied anyway.  GUP-fast falls back
 * and slow GUP decides; inspection (folio_walk, smaps) never faults.
 *
 * Return: true if only FAULT keeps the invariant.
 */
bool gupnuma_rwp_must_fault(const struct gupnuma_query *in)
{
	const struct gupnuma_caller_class *c = &gupnuma_caller_classes[in->caller];

	return in->rwp_marker && in->vma_accessible && (c->via_gup || c->faults);
}
EXPORT_SYMBOL_GPL(gupnuma_rwp_must_fault);

/**
 * gupnuma_decision_allowed() - the invariants every policy keeps.
 * @in: a valid query.
 * @decision: what a policy wants to do for it.
 * @why: if not NULL, set to a sentence naming the broken invariant.
 *
 * Never FAULT in an inaccessible (PROT_NONE) VMA: handle_mm_fault() refuses
 * hinting faults there, so a FOLL_FORCE lookup would never make progress.
 * GUP-fast only falls back: it cannot fault, and it cannot follow either,
 * since pte_access_permitted() refuses every protnone entry (no present
 * bit), whatever the VMA and the flags; and only GUP-fast falls back.
 * A userfaultfd RWP marker that must fault (gupnuma_rwp_must_fault()) is
 * never followed.
 *
 * Return: true if @decision keeps every invariant.
 */
bool gupnuma_decision_allowed(const struct gupnuma_query *in,
			      enum gupnuma_decision decision, const char **why)
{
	const char *broken = NULL;

	if ((unsigned int)decision >= GUPNUMA_NR_DECISIONS)
		broken = "not a decision";
	else if (decision == GUPNUMA_FAULT && !in->vma_accessible)
		broken = "a PROT_NONE VMA cannot take a NUMA hinting fault (FOLL_FORCE would never make progress)";
	else if (decision != GUPNUMA_FALLBACK && gupnuma_caller_classes[in->caller].lockless)
		broken = "GUP-fast can only fall back: it cannot fault, and pte_access_permitted() refuses a protnone entry";
	else if (decision == GUPNUMA_FALLBACK &&
		 !gupnuma_caller_classes[in->caller].lockless)
		broken = "only GUP-fast can fall back to slow GUP";
	else if (decision != GUPNUMA_FAULT && gupnuma_rwp_must_fault(in))
		broken = "a userfaultfd RWP marker in an accessible VMA must fault: following it would hide the access from the tracker";
	if (why)
		*why = broken;
	return !broken;
}
EXPORT_SYMBOL_GPL(gupnuma_decision_allowed);

/**
 * gupnuma_decide() - the protnone decision of policy @id for query @in.
 * @id: the policy.
 * @in: the query; validated here.
 * @out: the verdict.
 *
 * Does not sleep: an index into the policy's compiled table.  A verdict that
 * would break an invariant is never returned: the core replaced it when it
 * compiled the policy (FALLBACK for GUP-fast, FOLLOW otherwise) and says so
 * with %GUPNUMA_REASON_INVARIANT; built-in policies are tested never to need
 * it.
 *
 * Return: 0, -EINVAL for a bad query or id, -ENOENT if @id is not registered.
 */
int gupnuma_decide(int id, const struct gupnuma_query *in,
		   struct gupnuma_verdict *out)
{
	if (gupnuma_check_query(in) || id < 0 || id >= GUPNUMA_MAX_POLICIES)
		return -EINVAL;
	if (!gupnuma_policy(id))
		return -ENOENT;
	return gupnuma_compiled_verdict(id, in, out) ? 0 : -EINVAL;
}
EXPORT_SYMBOL_GPL(gupnuma_decide);
