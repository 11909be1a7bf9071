// SPDX-License-Identifier: GPL-2.0
/*
 * The custom policy: a decision per caller class x VMA accessibility, set by
 * the user (sysfs `custom`).  A matrix that breaks an invariant is refused as
 * a whole, with a message naming the first broken cell.  The matrix decides
 * NUMA hints and PROT_NONE VMAs: at a userfaultfd RWP marker that must fault
 * (gupnuma_rwp_must_fault()) the custom policy faults whatever its cell says.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>

#include "policy_internal.h"

static struct gupnuma_custom_matrix gupnuma_custom;
static DEFINE_MUTEX(gupnuma_custom_lock);
static const struct gupnuma_policy_ops gupnuma_custom_ops;

/**
 * gupnuma_custom_default() - the matrix the custom policy starts with: what
 * 6.12 (policy v6.6) does for each caller class with its usual flags.
 * @m: filled in.
 */
void gupnuma_custom_default(struct gupnuma_custom_matrix *m)
{
	int c;

	for (c = 0; c < GUPNUMA_NR_CALLERS; c++) {
		m->cell[c][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_FOLLOW;
		m->cell[c][GUPNUMA_VMA_INACCESSIBLE] = GUPNUMA_FOLLOW;
	}
	m->cell[GUPNUMA_CALLER_GUP_FAST][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_FALLBACK;
	m->cell[GUPNUMA_CALLER_GUP_FAST][GUPNUMA_VMA_INACCESSIBLE] = GUPNUMA_FALLBACK;
	m->cell[GUPNUMA_CALLER_SECONDARY_MMU][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_FAULT;
	m->cell[GUPNUMA_CALLER_HMM][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_FAULT;
	m->cell[GUPNUMA_CALLER_HMM][GUPNUMA_VMA_INACCESSIBLE] = GUPNUMA_NOPAGE;
}
EXPORT_SYMBOL_GPL(gupnuma_custom_default);

/**
 * gupnuma_custom_check() - check a matrix against the invariants.
 * @m: the matrix.
 * @err: if not NULL, receives a message naming the first broken cell.
 * @errlen: size of @err.
 *
 * Return: 0 or -EINVAL.
 */
int gupnuma_custom_check(const struct gupnuma_custom_matrix *m,
			 char *err, size_t errlen)
{
	struct gupnuma_query in = { .level = GUPNUMA_LEVEL_PTE };
	const char *why;
	int c, col;

	for (c = 0; c < GUPNUMA_NR_CALLERS; c++) {
		for (col = 0; col < 2; col++) {
			in.caller = c;
			in.vma_accessible = col == GUPNUMA_VMA_ACCESSIBLE;
			if (gupnuma_decision_allowed(&in, m->cell[c][col], &why))
				continue;
			if (err)
				snprintf(err, errlen, "cell %s/%s = %s: %s",
					 gupnuma_caller_name(c),
					 in.vma_accessible ? "accessible" : "inaccessible",
					 gupnuma_decision_name(m->cell[c][col]), why);
			return -EINVAL;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(gupnuma_custom_check);

/* Write @m's cells and compile the policy again.  Context: the matrix's lock held. */
static void cells_write(const struct gupnuma_custom_matrix *m)
{
	int c, col;

	lockdep_assert_held(&gupnuma_custom_lock);
	for (c = 0; c < GUPNUMA_NR_CALLERS; c++)
		for (col = 0; col < 2; col++)
			WRITE_ONCE(gupnuma_custom.cell[c][col], m->cell[c][col]);
	/* lookups decide from the compiled table */
	gupnuma_policy_recompile(&gupnuma_custom_ops);
}

/* Copy the matrix into @m.  Context: the matrix's lock held. */
static void cells_read(struct gupnuma_custom_matrix *m)
{
	int c, col;

	lockdep_assert_held(&gupnuma_custom_lock);
	for (c = 0; c < GUPNUMA_NR_CALLERS; c++)
		for (col = 0; col < 2; col++)
			m->cell[c][col] = READ_ONCE(gupnuma_custom.cell[c][col]);
}

/**
 * gupnuma_custom_set() - replace the custom matrix after checking it.
 * @m: the new matrix.
 * @err: if not NULL, receives why @m was refused.
 * @errlen: size of @err.
 *
 * Every cell of the old and the new matrix keeps the invariants, so a lookup
 * racing with the update sees a valid decision whichever it reads.  The
 * policy is compiled again (gupnuma_policy_recompile()).  May sleep.
 *
 * Return: 0, or -EINVAL (and nothing changed).
 */
int gupnuma_custom_set(const struct gupnuma_custom_matrix *m,
		       char *err, size_t errlen)
{
	int ret;

	ret = gupnuma_custom_check(m, err, errlen);
	if (ret)
		return ret;
	mutex_lock(&gupnuma_custom_lock);
	cells_write(m);
	mutex_unlock(&gupnuma_custom_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(gupnuma_custom_set);

/**
 * gupnuma_custom_update() - change the rows of the custom matrix a text names.
 * @text: rows "CALLER ACCESSIBLE INACCESSIBLE", NUL-terminated
 *	(gupnuma_custom_parse()).
 * @err: if not NULL, receives why @text was refused.
 * @errlen: size of @err.
 *
 * Reads the matrix, applies the rows, checks the result and writes it, as one
 * step under the matrix's lock: of two writers naming different rows, both
 * rows stay.  (With gupnuma_custom_get() then gupnuma_custom_set(), the
 * later writer would put back the row the other one had just changed.)
 * May sleep.
 *
 * Return: 0, or -EINVAL (and nothing changed).
 */
int gupnuma_custom_update(const char *text, char *err, size_t errlen)
{
	struct gupnuma_custom_matrix m;
	int ret;

	mutex_lock(&gupnuma_custom_lock);
	cells_read(&m);
	ret = gupnuma_custom_parse(text, &m, err, errlen);
	if (!ret)
		ret = gupnuma_custom_check(&m, err, errlen);
	if (!ret)
		cells_write(&m);
	mutex_unlock(&gupnuma_custom_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gupnuma_custom_update);

/**
 * gupnuma_custom_get() - read the custom matrix.
 * @m: filled in.
 */
void gupnuma_custom_get(struct gupnuma_custom_matrix *m)
{
	mutex_lock(&gupnuma_custom_lock);
	cells_read(m);
	mutex_unlock(&gupnuma_custom_lock);
}
EXPORT_SYMBOL_GPL(gupnuma_custom_get);

static struct gupnuma_verdict custom_decide(const struct gupnuma_query *in)
{
	int col = in->vma_accessible ? GUPNUMA_VMA_ACCESSIBLE : GUPNUMA_VMA_INACCESSIBLE;

	if (gupnuma_rwp_must_fault(in))
		return (struct gupnuma_verdict){
			.decision = GUPNUMA_FAULT, .reason = GUPNUMA_REASON_UFFD_RWP,
		};
	return (struct gupnuma_verdict){
		.decision = READ_ONCE(gupnuma_custom.cell[in->caller][col]),
		.reason = GUPNUMA_REASON_CUSTOM,
	};
}

static const struct gupnuma_policy_ops gupnuma_custom_ops = {
	.name = "custom",
	.doc = "a decision per caller x VMA accessibility, written to sysfs custom",
	.kernels = "",
	.source = "the user",
	.decide = custom_decide,
};

int gupnuma_custom_policy_init(void)
{
	struct gupnuma_custom_matrix m;

	gupnuma_custom_default(&m);
	gupnuma_custom = m;
	return gupnuma_register_policy(&gupnuma_custom_ops);
}

void gupnuma_custom_policy_exit(void)
{
	gupnuma_unregister_policy(&gupnuma_custom_ops);
}
