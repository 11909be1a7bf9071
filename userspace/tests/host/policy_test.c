// SPDX-License-Identifier: GPL-2.0
/*
 * The gupnuma_policy expectations, run in userspace against the module's own
 * policy code (compiled through userspace/shim/): a fast check on the host,
 * the same table the KUnit suite checks in the test kernel.
 */
#include <string.h>

#include "kselftest_harness.h"

#include <gupnuma/names.h>
#include <gupnuma/policy.h>
#include <gupnuma/scenarios.h>

#include "../../../kunit/policy_expectations.h"

FIXTURE(policy) {
	int unused;
};

FIXTURE_SETUP(policy)
{
	ASSERT_EQ(0, gupnuma_builtin_policies_init());
}

FIXTURE_TEARDOWN(policy)
{
	gupnuma_builtin_policies_exit();
}

/* Every built-in policy of the registry against its expectations column. */
TEST_F(policy, builtins_match_expectations)
{
	int id, checked = 0;
	size_t i;

	gupnuma_for_each_policy(id) {
		const struct gupnuma_policy_ops *ops = gupnuma_policy(id);
		int col = gupnuma_expectation_column(ops->name);

		if (!ops->builtin)
			continue;
		checked++;
		ASSERT_LE(0, col) TH_LOG("built-in policy %s has no expectations column", ops->name);
		for (i = 0; i < GUPNUMA_NR_EXPECTATIONS; i++) {
			const struct gupnuma_expectation *e = &gupnuma_expectations[i];
			const struct gupnuma_scenario *s = gupnuma_find_scenario(e->query);
			int expected = gupnuma_expected(e, col);
			struct gupnuma_verdict v;

			ASSERT_NE(NULL, s) TH_LOG("no query named %s", e->query);
			ASSERT_LE(0, expected) TH_LOG("row %s has no value for %s", e->query, ops->name);
			ASSERT_EQ(0, gupnuma_decide(id, &s->in, &v));
			EXPECT_EQ(expected, (int)v.decision)
				TH_LOG("%s / %s: got %s, expected %s", ops->name, e->query,
				       gupnuma_decision_name(v.decision),
				       gupnuma_decision_name(expected));
		}
	}
	EXPECT_EQ((int)GUPNUMA_NR_EXPECTATION_POLICIES, checked);
}

TEST_F(policy, every_column_is_a_builtin_policy)
{
	size_t i;

	for (i = 0; i < GUPNUMA_NR_EXPECTATION_POLICIES; i++) {
		const char *name = gupnuma_expectation_policies[i];
		const struct gupnuma_policy_ops *ops;

		ops = gupnuma_policy(gupnuma_policy_parse(name, strlen(name)));
		EXPECT_TRUE(ops && ops->builtin && !strcmp(ops->name, name))
			TH_LOG("column %s is not a built-in policy's name", name);
	}
}

TEST_F(policy, every_policy_keeps_invariants)
{
	struct gupnuma_query in;
	unsigned int caller, flags, acc, level, rwp, marker, pinned;
	int id;

	gupnuma_for_each_policy(id)
	for (caller = 0; caller < GUPNUMA_NR_CALLERS; caller++)
	for (flags = 0; flags <= GUPNUMA_LOOKUP_ALL; flags++)
	for (acc = 0; acc < 2; acc++)
	for (level = 0; level < GUPNUMA_NR_LEVELS; level++)
	for (rwp = 0; rwp < 2; rwp++)
	for (marker = 0; marker < 2; marker++)
	for (pinned = 0; pinned < 2; pinned++) {
		struct gupnuma_verdict v, raw;
		const char *why = NULL;

		in = (struct gupnuma_query){ caller, flags, acc, level, rwp, marker, pinned };
		if (gupnuma_check_query(&in))
			continue;
		ASSERT_EQ(0, gupnuma_decide(id, &in, &v));
		/* the compiled table holds what decide() says, at the right index */
		raw = gupnuma_policy(id)->decide(&in);
		if (gupnuma_decision_allowed(&in, raw.decision, NULL))
			EXPECT_TRUE(raw.decision == v.decision && raw.reason == v.reason)
				TH_LOG("%s: caller %s flags %#x acc %u level %u rwp %u/%u pinned %u: compiled %d/%d, decide() %d/%d",
				       gupnuma_policy_name(id), gupnuma_caller_name(caller), flags, acc,
				       level, rwp, marker, pinned, v.decision, v.reason, raw.decision,
				       raw.reason);
		EXPECT_TRUE(gupnuma_decision_allowed(&in, v.decision, &why))
			TH_LOG("%s: caller %s flags %#x: %s", gupnuma_policy_name(id),
			       gupnuma_caller_name(caller), flags, why);
		EXPECT_NE(GUPNUMA_REASON_INVARIANT, v.reason);
	}
}

/*
 * userfaultfd RWP (7.3): under every policy, custom in any matrix included, a
 * lookup that faults faults at a marker in an accessible VMA, whatever its
 * flags, level and pinning; GUP-fast falls back.  The callers are named here,
 * not taken from the caller classes, so that a wrong class fails too.
 */
TEST_F(policy, no_policy_follows_an_rwp_marker)
{
	static const enum gupnuma_caller faulting[] = {
		GUPNUMA_CALLER_GUP, GUPNUMA_CALLER_SECONDARY_MMU, GUPNUMA_CALLER_DUMP,
		GUPNUMA_CALLER_POPULATE, GUPNUMA_CALLER_HMM,
	};
	struct gupnuma_custom_matrix all_follow;
	unsigned int c, i, flags, level, pinned;
	int id, matrix;

	/* every cell FOLLOW that the invariants allow, GUP-fast FALLBACK */
	for (c = 0; c < GUPNUMA_NR_CALLERS; c++)
		for (i = 0; i < 2; i++)
			all_follow.cell[c][i] = c == GUPNUMA_CALLER_GUP_FAST ? GUPNUMA_FALLBACK :
						GUPNUMA_FOLLOW;
	ASSERT_EQ(0, gupnuma_custom_set(&all_follow, NULL, 0));
	for (matrix = 0; matrix < 2; matrix++) {
		gupnuma_for_each_policy(id)
		for (i = 0; i < ARRAY_SIZE(faulting); i++)
		for (flags = 0; flags <= GUPNUMA_LOOKUP_ALL; flags++)
		for (level = 0; level < GUPNUMA_NR_LEVELS; level++)
		for (pinned = 0; pinned < 2; pinned++) {
			struct gupnuma_query in = {
				.caller = faulting[i], .flags = flags, .vma_accessible = true,
				.level = level, .uffd_rwp = true, .rwp_marker = true,
				.maybe_dma_pinned = pinned,
			};
			struct gupnuma_verdict v;

			if (gupnuma_check_query(&in))
				continue;
			ASSERT_EQ(0, gupnuma_decide(id, &in, &v));
			EXPECT_EQ(GUPNUMA_FAULT, v.decision)
				TH_LOG("%s follows an RWP marker for %s, flags %#x",
				       gupnuma_policy_name(id), gupnuma_caller_name(in.caller), flags);
		}
		gupnuma_custom_default(&all_follow);
		ASSERT_EQ(0, gupnuma_custom_set(&all_follow, NULL, 0));
	}
	for (c = 0; c < 2; c++) {
		struct gupnuma_query in = {
			.caller = GUPNUMA_CALLER_GUP_FAST, .flags = GUPNUMA_LOOKUP_GET,
			.vma_accessible = true, .uffd_rwp = true, .rwp_marker = c,
		};
		struct gupnuma_verdict v;

		gupnuma_for_each_policy(id) {
			ASSERT_EQ(0, gupnuma_decide(id, &in, &v));
			EXPECT_EQ(GUPNUMA_FALLBACK, v.decision);
		}
	}
}

/* Registration: names are unique, the registry is bounded, the default is active. */
TEST_F(policy, registry_refuses_duplicates)
{
	struct gupnuma_policy_ops dup = *gupnuma_policy(0);
	int id, n = 0;

	EXPECT_EQ(-EBUSY, gupnuma_register_policy(&dup));
	dup.name = "x";
	dup.alias = gupnuma_policy(0)->name;
	EXPECT_EQ(-EBUSY, gupnuma_register_policy(&dup));
	dup.alias = NULL;
	dup.decide = NULL;
	EXPECT_EQ(-EINVAL, gupnuma_register_policy(&dup));
	gupnuma_for_each_policy(id)
		n++;
	EXPECT_LT(n, GUPNUMA_MAX_POLICIES);
	EXPECT_STREQ(GUPNUMA_DEFAULT_POLICY, gupnuma_policy_name(gupnuma_active_policy()));
}

/*
 * The registry is bounded: copies of a policy under new names fill it, the
 * next is refused with -ENOSPC, and every slot is used.  (The host tests run
 * under UBSan and ASan: a slot written past either end of the registry
 * aborts them.)
 */
TEST_F(policy, registry_fills_then_refuses_with_enospc)
{
	static struct gupnuma_policy_ops extra[GUPNUMA_MAX_POLICIES];
	static char names[GUPNUMA_MAX_POLICIES][16];
	int i, n = 0, ret = 0, id;

	for (i = 0; i < GUPNUMA_MAX_POLICIES && ret >= 0; i++) {
		extra[i] = *gupnuma_policy(0);
		snprintf(names[i], sizeof(names[i]), "extra%d", i);
		extra[i].name = names[i];
		extra[i].alias = NULL;
		ret = gupnuma_register_policy(&extra[i]);
		n += ret >= 0;
	}
	EXPECT_EQ(-ENOSPC, ret);
	i = 0;
	gupnuma_for_each_policy(id)
		i++;
	EXPECT_EQ(GUPNUMA_MAX_POLICIES, i);
	for (i = 0; i < n; i++)
		gupnuma_unregister_policy(&extra[i]);
	EXPECT_STREQ(GUPNUMA_DEFAULT_POLICY, gupnuma_policy_name(gupnuma_active_policy()));
}

TEST(every_query_has_an_expectation)
{
	EXPECT_EQ(GUPNUMA_NR_SCENARIOS, GUPNUMA_NR_EXPECTATIONS);
}

TEST(custom_refuses_fault_in_prot_none_vma)
{
	struct gupnuma_custom_matrix m;
	char err[160] = "";

	ASSERT_EQ(0, gupnuma_builtin_policies_init());
	gupnuma_custom_get(&m);
	ASSERT_EQ(0, gupnuma_custom_parse("secondary-mmu fault fault", &m, err, sizeof(err)));
	EXPECT_EQ(-EINVAL, gupnuma_custom_set(&m, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "cell secondary-mmu/inaccessible = fault")) TH_LOG("%s", err);
	gupnuma_builtin_policies_exit();
}

TEST_HARNESS_MAIN
