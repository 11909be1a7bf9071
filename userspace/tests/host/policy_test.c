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

FIXTURE_VARIANT(policy) {
	enum gupnuma_policy_id id;
};

FIXTURE_VARIANT_ADD(policy, v3_8) { .id = GUPNUMA_POLICY_V3_8 };
FIXTURE_VARIANT_ADD(policy, v6_1) { .id = GUPNUMA_POLICY_V6_1 };
FIXTURE_VARIANT_ADD(policy, v6_5) { .id = GUPNUMA_POLICY_V6_5 };
FIXTURE_VARIANT_ADD(policy, v6_6) { .id = GUPNUMA_POLICY_V6_6 };
FIXTURE_VARIANT_ADD(policy, never) { .id = GUPNUMA_POLICY_NEVER };
FIXTURE_VARIANT_ADD(policy, skip_pinned) { .id = GUPNUMA_POLICY_SKIP_PINNED };

FIXTURE_SETUP(policy)
{
	ASSERT_EQ(0, gupnuma_builtin_policies_init());
}

FIXTURE_TEARDOWN(policy)
{
	gupnuma_builtin_policies_exit();
}

TEST_F(policy, matches_expectations)
{
	size_t i;

	for (i = 0; i < GUPNUMA_NR_EXPECTATIONS; i++) {
		const struct gupnuma_expectation *e = &gupnuma_expectations[i];
		const struct gupnuma_scenario *s = gupnuma_find_scenario(e->lookup);
		struct gupnuma_verdict v;

		ASSERT_NE(NULL, s) TH_LOG("no lookup named %s", e->lookup);
		ASSERT_EQ(0, gupnuma_decide(variant->id, &s->in, &v));
		EXPECT_EQ(e->expect[variant->id], v.decision)
			TH_LOG("%s / %s: got %s, expected %s", gupnuma_policy_name(variant->id),
			       e->lookup, gupnuma_decision_name(v.decision),
			       gupnuma_decision_name(e->expect[variant->id]));
	}
}

TEST_F(policy, keeps_invariants)
{
	struct gupnuma_lookup in;
	unsigned int caller, flags, acc, level, pinned;

	for (caller = 0; caller < GUPNUMA_NR_CALLERS; caller++)
	for (flags = 0; flags <= GUPNUMA_LOOKUP_ALL; flags++)
	for (acc = 0; acc < 2; acc++)
	for (level = 0; level < GUPNUMA_NR_LEVELS; level++)
	for (pinned = 0; pinned < 2; pinned++) {
		struct gupnuma_verdict v;
		const char *why = NULL;

		in = (struct gupnuma_lookup){ caller, flags, acc, level, pinned };
		if (gupnuma_check_lookup(&in))
			continue;
		ASSERT_EQ(0, gupnuma_decide(variant->id, &in, &v));
		EXPECT_TRUE(gupnuma_decision_allowed(&in, v.decision, &why))
			TH_LOG("caller %s flags %#x: %s", gupnuma_caller_name(caller), flags, why);
		EXPECT_NE(GUPNUMA_REASON_INVARIANT, v.reason);
	}
}

TEST(every_lookup_has_an_expectation)
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
