// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma policy core: registration by id, input validation, invariants.
 *
 * Mechanism only: this file never names a policy.  It also compiles in
 * userspace through userspace/shim/ (the `gupnuma table` command).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mutex.h>

#include <gupnuma/policy.h>

static const struct gupnuma_policy_ops *gupnuma_policies[GUPNUMA_NR_POLICIES];
static DEFINE_MUTEX(gupnuma_policies_lock);
static enum gupnuma_policy_id gupnuma_active = GUPNUMA_DEFAULT_POLICY;

/**
 * gupnuma_register_policy() - make a policy available under its id.
 * @ops: the policy; must stay valid until gupnuma_unregister_policy().
 *
 * Return: 0, -EINVAL for a bad @ops or id, -EBUSY if the id is taken.
 */
int gupnuma_register_policy(const struct gupnuma_policy_ops *ops)
{
	int err = 0;

	if (!ops || !ops->decide || (unsigned int)ops->id >= GUPNUMA_NR_POLICIES)
		return -EINVAL;
	mutex_lock(&gupnuma_policies_lock);
	if (gupnuma_policies[ops->id])
		err = -EBUSY;
	else
		WRITE_ONCE(gupnuma_policies[ops->id], ops);
	mutex_unlock(&gupnuma_policies_lock);
	return err;
}
EXPORT_SYMBOL_GPL(gupnuma_register_policy);

/**
 * gupnuma_unregister_policy() - remove a policy registered with
 * gupnuma_register_policy(); a no-op if another policy holds the id.
 * @ops: the policy.
 */
void gupnuma_unregister_policy(const struct gupnuma_policy_ops *ops)
{
	if (!ops || (unsigned int)ops->id >= GUPNUMA_NR_POLICIES)
		return;
	mutex_lock(&gupnuma_policies_lock);
	if (gupnuma_policies[ops->id] == ops)
		WRITE_ONCE(gupnuma_policies[ops->id], NULL);
	mutex_unlock(&gupnuma_policies_lock);
}
EXPORT_SYMBOL_GPL(gupnuma_unregister_policy);

/**
 * gupnuma_policy_registered() - whether a policy is registered under @id.
 * @id: policy id, checked for range.
 *
 * Return: true if gupnuma_decide() can use @id.
 */
bool gupnuma_policy_registered(enum gupnuma_policy_id id)
{
	return (unsigned int)id < GUPNUMA_NR_POLICIES && READ_ONCE(gupnuma_policies[id]);
}
EXPORT_SYMBOL_GPL(gupnuma_policy_registered);

/**
 * gupnuma_active_policy() - the policy lookups use unless told otherwise.
 *
 * Return: its id; %GUPNUMA_DEFAULT_POLICY until gupnuma_set_active_policy().
 */
enum gupnuma_policy_id gupnuma_active_policy(void)
{
	return READ_ONCE(gupnuma_active);
}
EXPORT_SYMBOL_GPL(gupnuma_active_policy);

/**
 * gupnuma_set_active_policy() - switch the active policy.
 * @id: a registered policy.
 *
 * Return: 0, -EINVAL for an id out of range, -ENOENT if it is not registered.
 */
int gupnuma_set_active_policy(enum gupnuma_policy_id id)
{
	int err = 0;

	if ((unsigned int)id >= GUPNUMA_NR_POLICIES)
		return -EINVAL;
	mutex_lock(&gupnuma_policies_lock);
	if (gupnuma_policies[id])
		WRITE_ONCE(gupnuma_active, id);
	else
		err = -ENOENT;
	mutex_unlock(&gupnuma_policies_lock);
	return err;
}
EXPORT_SYMBOL_GPL(gupnuma_set_active_policy);

/**
 * gupnuma_check_lookup() - validate a lookup description.
 * @in: the lookup.
 *
 * Return: 0, or -EINVAL for an out-of-range caller or level, unknown flags,
 * or GET together with PIN.
 */
int gupnuma_check_lookup(const struct gupnuma_lookup *in)
{
	if (!in || (unsigned int)in->caller >= GUPNUMA_NR_CALLERS ||
	    (unsigned int)in->level >= GUPNUMA_NR_LEVELS ||
	    (in->flags & ~GUPNUMA_LOOKUP_ALL))
		return -EINVAL;
	if ((in->flags & GUPNUMA_LOOKUP_GET) && (in->flags & GUPNUMA_LOOKUP_PIN))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_GPL(gupnuma_check_lookup);

/**
 * gupnuma_decision_allowed() - the invariants every policy keeps.
 * @in: a valid lookup.
 * @decision: what a policy wants to do for it.
 * @why: if not NULL, set to a sentence naming the broken invariant.
 *
 * Never FAULT in an inaccessible (PROT_NONE) VMA: handle_mm_fault() refuses
 * hinting faults there, so a FOLL_FORCE lookup would never make progress.
 * Never FAULT in GUP-fast, which cannot fault; only GUP-fast falls back.
 *
 * Return: true if @decision keeps every invariant.
 */
bool gupnuma_decision_allowed(const struct gupnuma_lookup *in,
			      enum gupnuma_decision decision, const char **why)
{
	const char *broken = NULL;

	if ((unsigned int)decision >= GUPNUMA_NR_DECISIONS)
		broken = "not a decision";
	else if (decision == GUPNUMA_FAULT && !in->vma_accessible)
		broken = "a PROT_NONE VMA cannot take a NUMA hinting fault (FOLL_FORCE would never make progress)";
	else if (decision == GUPNUMA_FAULT && in->caller == GUPNUMA_CALLER_GUP_FAST)
		broken = "GUP-fast cannot fault";
	else if (decision == GUPNUMA_FALLBACK && in->caller != GUPNUMA_CALLER_GUP_FAST)
		broken = "only GUP-fast can fall back to slow GUP";
	if (why)
		*why = broken;
	return !broken;
}
EXPORT_SYMBOL_GPL(gupnuma_decision_allowed);

/**
 * gupnuma_decide() - the protnone decision of policy @id for lookup @in.
 * @id: the policy.
 * @in: the lookup; validated here.
 * @out: the verdict.
 *
 * Does not sleep.  A verdict that would break an invariant is never returned:
 * the core replaces it (FALLBACK for GUP-fast, FOLLOW otherwise) and says so
 * with %GUPNUMA_REASON_INVARIANT; built-in policies are tested never to need it.
 *
 * Return: 0, -EINVAL for a bad lookup or id, -ENOENT if @id is not registered.
 */
int gupnuma_decide(enum gupnuma_policy_id id, const struct gupnuma_lookup *in,
		   struct gupnuma_verdict *out)
{
	const struct gupnuma_policy_ops *ops;
	struct gupnuma_verdict v;

	if (gupnuma_check_lookup(in) || (unsigned int)id >= GUPNUMA_NR_POLICIES)
		return -EINVAL;
	ops = READ_ONCE(gupnuma_policies[id]);
	if (!ops)
		return -ENOENT;
	v = ops->decide(in);
	if (!gupnuma_decision_allowed(in, v.decision, NULL)) {
		v.decision = in->caller == GUPNUMA_CALLER_GUP_FAST ?
			     GUPNUMA_FALLBACK : GUPNUMA_FOLLOW;
		v.reason = GUPNUMA_REASON_INVARIANT;
	}
	*out = v;
	return 0;
}
EXPORT_SYMBOL_GPL(gupnuma_decide);
