// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gupnuma_policy: every built-in policy against the expectation
 * table written from the commits, the invariants over every input, flags
 * that must not matter, the custom matrix's default and refusals, and bad
 * input.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <gupnuma/compat.h>
#include <gupnuma/names.h>
#include <gupnuma/policy.h>
#include <gupnuma/scenarios.h>

#include "policy_expectations.h"

/* Parameters: a pointer into policy_slots is a registry index. */
static const char policy_slots[GUPNUMA_MAX_POLICIES];

static int param_policy(struct kunit *test)
{
	return (const char *)test->param_value - policy_slots;
}

static const void *next_policy(const void *prev, char *desc, bool builtin_only)
{
	const char *p = prev ? (const char *)prev + 1 : policy_slots;

	for (; p < policy_slots + GUPNUMA_MAX_POLICIES; p++) {
		const struct gupnuma_policy_ops *ops = gupnuma_policy(p - policy_slots);

		if (!ops || (builtin_only && !ops->builtin))
			continue;
		strscpy(desc, ops->name, KUNIT_PARAM_DESC_SIZE);
		return p;
	}
	return NULL;
}

/* Every registered policy. */
GUPNUMA_KUNIT_GEN_PARAMS(all_policies_gen_params)
{
	return next_policy(prev, desc, false);
}

/* The built-ins: those with an expectations column. */
GUPNUMA_KUNIT_GEN_PARAMS(builtin_policies_gen_params)
{
	return next_policy(prev, desc, true);
}

static void policy_matches_expectations(struct kunit *test)
{
	int id = param_policy(test);
	const char *name = gupnuma_policy_name(id);
	int col = gupnuma_expectation_column(name);
	size_t i;

	KUNIT_ASSERT_GE_MSG(test, col, 0, "built-in policy %s has no column in kunit/policy_expectations.h",
			    name);
	for (i = 0; i < GUPNUMA_NR_EXPECTATIONS; i++) {
		const struct gupnuma_expectation *e = &gupnuma_expectations[i];
		const struct gupnuma_scenario *s = gupnuma_find_scenario(e->query);
		int expected = gupnuma_expected(e, col);
		struct gupnuma_verdict v;

		KUNIT_ASSERT_NOT_NULL_MSG(test, s, "no query named %s", e->query);
		KUNIT_ASSERT_GE_MSG(test, expected, 0, "row %s has no value for %s", e->query, name);
		KUNIT_ASSERT_EQ(test, 0, gupnuma_decide(id, &s->in, &v));
		KUNIT_EXPECT_EQ_MSG(test, (int)v.decision, expected,
				    "%s / %s: got %s, expected %s (%s)", name, e->query,
				    gupnuma_decision_name(v.decision),
				    gupnuma_decision_name(expected),
				    gupnuma_reason_doc(v.reason));
	}
}

static void every_column_is_a_builtin_policy(struct kunit *test)
{
	size_t i;

	for (i = 0; i < GUPNUMA_NR_EXPECTATION_POLICIES; i++) {
		const char *name = gupnuma_expectation_policies[i];
		const struct gupnuma_policy_ops *ops;

		ops = gupnuma_policy(gupnuma_policy_parse(name, strlen(name)));
		KUNIT_EXPECT_TRUE_MSG(test, ops && ops->builtin && !strcmp(ops->name, name),
				      "column %s is not a built-in policy's name", name);
	}
}

static void every_query_has_an_expectation(struct kunit *test)
{
	size_t i, j;

	KUNIT_EXPECT_EQ(test, GUPNUMA_NR_EXPECTATIONS, GUPNUMA_NR_SCENARIOS);
	for (i = 0; i < GUPNUMA_NR_SCENARIOS; i++) {
		bool found = false;

		for (j = 0; j < GUPNUMA_NR_EXPECTATIONS; j++)
			found |= !strcmp(gupnuma_expectations[j].query, gupnuma_scenarios[i].name);
		KUNIT_EXPECT_TRUE_MSG(test, found, "query %s has no expectation",
				      gupnuma_scenarios[i].name);
	}
}

#define NR_QUERIES GUPNUMA_NR_QUERIES

/*
 * Lookup number @i of every combination of caller x flags x accessibility x
 * level x RWP VMA x RWP marker x pinned (the compiled tables' order); false if
 * not a valid query.
 */
static bool query_from_index(unsigned int i, struct gupnuma_query *in)
{
	gupnuma_query_of_index(i, in);
	return !gupnuma_check_query(in);
}

static void check_invariants(struct kunit *test, const struct gupnuma_query *in, int id)
{
	struct gupnuma_verdict v;
	const char *why = NULL;

	KUNIT_ASSERT_EQ(test, 0, gupnuma_decide(id, in, &v));
	KUNIT_EXPECT_TRUE_MSG(test, gupnuma_decision_allowed(in, v.decision, &why),
			      "%s: caller %s flags %#x %s: %s", gupnuma_policy_name(id),
			      gupnuma_caller_name(in->caller), in->flags,
			      in->vma_accessible ? "accessible" : "PROT_NONE", why);
	KUNIT_EXPECT_NE_MSG(test, (int)v.reason, (int)GUPNUMA_REASON_INVARIANT,
			    "%s: the core had to override caller %s flags %#x",
			    gupnuma_policy_name(id), gupnuma_caller_name(in->caller), in->flags);
}

static void policy_keeps_invariants(struct kunit *test)
{
	struct gupnuma_query in;
	unsigned int i;

	for (i = 0; i < NR_QUERIES; i++)
		if (query_from_index(i, &in))
			check_invariants(test, &in, param_policy(test));
}

/*
 * For every valid query, gupnuma_decision_allowed() refuses FAULT in a
 * PROT_NONE VMA, FALLBACK but for GUP-fast, FOLLOW for GUP-fast and at an
 * RWP marker that must fault; and the core's stand-in for a verdict that
 * breaks an invariant keeps every invariant itself: FALLBACK for GUP-fast,
 * FAULT at such a marker, FOLLOW otherwise, with reason INVARIANT.  No
 * registered policy needs the stand-in (policy_keeps_invariants): asked
 * directly.
 */
static void invariants_and_their_stand_in(struct kunit *test)
{
	bool lockless, fault, fallback, follow;
	struct gupnuma_verdict v;
	struct gupnuma_query in;
	enum gupnuma_decision want;
	unsigned int i, bad = 0;

	for (i = 0; i < NR_QUERIES; i++) {
		if (!query_from_index(i, &in))
			continue;
		lockless = gupnuma_caller_classes[in.caller].lockless;
		/* each invariant refuses what it must, and nothing else */
		fault = gupnuma_decision_allowed(&in, GUPNUMA_FAULT, NULL);
		fallback = gupnuma_decision_allowed(&in, GUPNUMA_FALLBACK, NULL);
		follow = gupnuma_decision_allowed(&in, GUPNUMA_FOLLOW, NULL);
		v = gupnuma_invariant_verdict(&in);
		want = lockless ? GUPNUMA_FALLBACK :
		       gupnuma_rwp_must_fault(&in) ? GUPNUMA_FAULT : GUPNUMA_FOLLOW;
		if ((fault == (in.vma_accessible && !lockless) && fallback == lockless &&
		     follow == (!lockless && !gupnuma_rwp_must_fault(&in)) &&
		     v.decision == want && v.reason == GUPNUMA_REASON_INVARIANT &&
		     gupnuma_decision_allowed(&in, v.decision, NULL)) || bad++)
			continue;
		KUNIT_FAIL(test, "query %u (caller %s): allowed fault %d fallback %d follow %d; stand-in %s (%s)",
			   i, gupnuma_caller_name(in.caller), fault, fallback, follow,
			   gupnuma_decision_name(v.decision), gupnuma_reason_name(v.reason));
	}
	KUNIT_EXPECT_EQ(test, 0, bad);
}

/*
 * No flag outside the policy's reads_flags changes its decide()'s verdict,
 * decision or reason: the policy's own function, not its compiled table,
 * which copies such verdicts (compile_policy() relies on this).  GET and PIN
 * stay, since GET with PIN is no valid query.
 */
static void check_irrelevant_flags(struct kunit *test, const struct gupnuma_query *in, int id)
{
	const struct gupnuma_policy_ops *ops = gupnuma_policy(id);
	const unsigned int irrelevant = GUPNUMA_LOOKUP_ALL & ~ops->reads_flags &
					~(GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_PIN);
	struct gupnuma_query base = *in;
	struct gupnuma_verdict v, vb;

	if (!(in->flags & irrelevant))
		return;
	base.flags &= ~irrelevant;
	v = ops->decide(in);
	vb = ops->decide(&base);
	KUNIT_EXPECT_TRUE_MSG(test, v.decision == vb.decision && v.reason == vb.reason,
			      "%s: caller %s: flags %#x decide %s (%s), without them %s (%s)",
			      gupnuma_policy_name(id), gupnuma_caller_name(in->caller), in->flags,
			      gupnuma_decision_name(v.decision), gupnuma_reason_name(v.reason),
			      gupnuma_decision_name(vb.decision), gupnuma_reason_name(vb.reason));
}

static void policy_ignores_irrelevant_flags(struct kunit *test)
{
	struct gupnuma_query in;
	unsigned int i;

	for (i = 0; i < NR_QUERIES; i++)
		if (query_from_index(i, &in))
			check_irrelevant_flags(test, &in, param_policy(test));
}

/*
 * The compiled table holds, for every valid query, the policy's decide()
 * verdict, or the core's stand-in where that verdict breaks an invariant:
 * copied or asked, every byte.
 */
static void policy_table_is_its_decide(struct kunit *test)
{
	const int id = param_policy(test);
	const struct gupnuma_policy_ops *ops = gupnuma_policy(id);
	struct gupnuma_verdict v, want;
	struct gupnuma_query in;
	unsigned int i, wrong = 0;

	for (i = 0; i < NR_QUERIES; i++) {
		if (!query_from_index(i, &in))
			continue;
		want = ops->decide(&in);
		if (!gupnuma_decision_allowed(&in, want.decision, NULL))
			want = gupnuma_invariant_verdict(&in);
		KUNIT_ASSERT_EQ(test, 0, gupnuma_decide(id, &in, &v));
		if ((v.decision != want.decision || v.reason != want.reason) && !wrong++)
			KUNIT_FAIL(test, "%s: query %u (caller %s, flags %#x): table %s (%s), decide %s (%s)",
				   gupnuma_policy_name(id), i, gupnuma_caller_name(in.caller), in.flags,
				   gupnuma_decision_name(v.decision), gupnuma_reason_name(v.reason),
				   gupnuma_decision_name(want.decision),
				   gupnuma_reason_name(want.reason));
	}
	KUNIT_EXPECT_EQ(test, 0, wrong);
}

struct bad_cell {
	const char *desc;
	enum gupnuma_caller caller;
	int column;
	u8 decision;
	const char *message;
};

static const struct bad_cell bad_cells[] = {
	{ "fault in a PROT_NONE VMA", GUPNUMA_CALLER_GUP, GUPNUMA_VMA_INACCESSIBLE,
	  GUPNUMA_FAULT, "cell gup/inaccessible = fault" },
	{ "KVM fault in a PROT_NONE VMA", GUPNUMA_CALLER_SECONDARY_MMU,
	  GUPNUMA_VMA_INACCESSIBLE, GUPNUMA_FAULT, "cell secondary-mmu/inaccessible" },
	{ "GUP-fast fault", GUPNUMA_CALLER_GUP_FAST, GUPNUMA_VMA_ACCESSIBLE, GUPNUMA_FAULT,
	  "GUP-fast can only fall back" },
	{ "GUP-fast follow", GUPNUMA_CALLER_GUP_FAST, GUPNUMA_VMA_ACCESSIBLE, GUPNUMA_FOLLOW,
	  "cell gup-fast/accessible = follow: GUP-fast can only fall back" },
	{ "GUP-fast follow in a PROT_NONE VMA", GUPNUMA_CALLER_GUP_FAST,
	  GUPNUMA_VMA_INACCESSIBLE, GUPNUMA_FOLLOW, "cell gup-fast/inaccessible = follow" },
	{ "GUP-fast nopage", GUPNUMA_CALLER_GUP_FAST, GUPNUMA_VMA_ACCESSIBLE, GUPNUMA_NOPAGE,
	  "GUP-fast can only fall back" },
	{ "fallback outside GUP-fast", GUPNUMA_CALLER_INSPECT, GUPNUMA_VMA_ACCESSIBLE,
	  GUPNUMA_FALLBACK, "only GUP-fast can fall back" },
	{ "out-of-range decision", GUPNUMA_CALLER_HMM, GUPNUMA_VMA_ACCESSIBLE, 42,
	  "not a decision" },
	{ "the first value past the decisions", GUPNUMA_CALLER_HMM, GUPNUMA_VMA_ACCESSIBLE,
	  GUPNUMA_NR_DECISIONS, "not a decision" },
};
KUNIT_ARRAY_PARAM_DESC(bad_cells, bad_cells, desc);

static void restore_custom(void *data)
{
	gupnuma_custom_set(data, NULL, 0);
}

static void custom_refuses_bad_matrix(struct kunit *test)
{
	const struct bad_cell *b = test->param_value;
	struct gupnuma_custom_matrix *before, m, after;
	char err[160] = "";

	before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	gupnuma_custom_get(before);
	m = *before;
	m.cell[b->caller][b->column] = b->decision;
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_custom_set(&m, err, sizeof(err)));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, b->message), "message was '%s'", err);
	gupnuma_custom_get(&after);
	KUNIT_EXPECT_MEMEQ(test, &after, before, sizeof(after));
}

/*
 * gupnuma_custom_update() changes the rows its text names and no other, and a
 * refused text changes nothing.
 */
static void custom_update_changes_only_named_rows(struct kunit *test)
{
	struct gupnuma_custom_matrix *before, want, after;
	char err[160] = "";

	before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	gupnuma_custom_get(before);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, restore_custom, before));
	want = *before;
	want.cell[GUPNUMA_CALLER_GUP][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_FAULT;
	want.cell[GUPNUMA_CALLER_DUMP][GUPNUMA_VMA_INACCESSIBLE] = GUPNUMA_NOPAGE;
	KUNIT_ASSERT_EQ(test, 0, gupnuma_custom_update("gup fault follow", NULL, 0));
	KUNIT_ASSERT_EQ(test, 0, gupnuma_custom_update("dump follow nopage", NULL, 0));
	gupnuma_custom_get(&after);
	KUNIT_EXPECT_MEMEQ(test, &after, &want, sizeof(after));
	/* GUP-fast can only fall back: refused whole */
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_custom_update("gup follow follow\ngup-fast fault fault",
							       err, sizeof(err)));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, "gup-fast"), "message was '%s'", err);
	gupnuma_custom_get(&after);
	KUNIT_EXPECT_MEMEQ(test, &after, &want, sizeof(after));
}

static void custom_applies_valid_matrix(struct kunit *test)
{
	struct gupnuma_query in = { .caller = GUPNUMA_CALLER_GUP, .vma_accessible = true };
	int custom = gupnuma_policy_parse("custom", 6);
	struct gupnuma_custom_matrix *before, m;
	struct gupnuma_verdict v;

	KUNIT_ASSERT_GE(test, custom, 0);
	before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	gupnuma_custom_get(before);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, restore_custom, before));
	m = *before;
	KUNIT_ASSERT_EQ(test, 0, gupnuma_custom_parse("gup fault follow", &m, NULL, 0));
	KUNIT_ASSERT_EQ(test, 0, gupnuma_custom_set(&m, NULL, 0));
	KUNIT_ASSERT_EQ(test, 0, gupnuma_decide(custom, &in, &v));
	KUNIT_EXPECT_EQ(test, (int)v.decision, (int)GUPNUMA_FAULT);
	KUNIT_EXPECT_EQ(test, (int)v.reason, (int)GUPNUMA_REASON_CUSTOM);
	in.vma_accessible = false;
	KUNIT_ASSERT_EQ(test, 0, gupnuma_decide(custom, &in, &v));
	KUNIT_EXPECT_EQ(test, (int)v.decision, (int)GUPNUMA_FOLLOW);
}

struct bad_text {
	const char *desc;
	const char *text;
	const char *message;
};

static const struct bad_text bad_texts[] = {
	{ "unknown caller", "kvm fault follow", "unknown caller 'kvm'" },
	{ "unknown decision", "gup sometimes follow", "unknown decision 'sometimes'" },
	{ "two words", "gup follow", "row 1: want" },
	{ "four words", "gup follow nopage fault", "row 1: want" },
	{ "second row bad", "gup fault nopage; hmm fault", "row 2: want" },
};
KUNIT_ARRAY_PARAM_DESC(bad_texts, bad_texts, desc);

static void custom_parse_rejects_malformed(struct kunit *test)
{
	const struct bad_text *b = test->param_value;
	struct gupnuma_custom_matrix m;
	char err[160] = "";

	gupnuma_custom_default(&m);
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_custom_parse(b->text, &m, err, sizeof(err)));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, b->message), "message was '%s'", err);
}

/* A row of 40 words: more than the parser keeps (4) are refused, not stored. */
static void custom_parse_rejects_a_long_row(struct kunit *test)
{
	struct gupnuma_custom_matrix m;
	char text[320] = "gup", err[160] = "";
	int i, n = strlen(text);

	for (i = 1; i < 40; i++)
		n += scnprintf(text + n, sizeof(text) - n, " follow");
	gupnuma_custom_default(&m);
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_custom_parse(text, &m, err, sizeof(err)));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, "row 1: want"), "message was '%s'", err);
}

/*
 * Blank rows and rows starting with '#' (after blanks) are skipped; a comment
 * runs to the end of its line, past any ';' in it.
 */
static void custom_parse_skips_blank_and_comment_rows(struct kunit *test)
{
	static const char text[] = "dump follow nopage\n# a comment; dump fault nopage\n\n  \t\n"
				   "gup fault follow;;\t# an indented comment\n";
	struct gupnuma_custom_matrix m, want;
	char err[160] = "";

	gupnuma_custom_default(&m);
	want = m;
	want.cell[GUPNUMA_CALLER_GUP][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_FAULT;
	want.cell[GUPNUMA_CALLER_GUP][GUPNUMA_VMA_INACCESSIBLE] = GUPNUMA_FOLLOW;
	want.cell[GUPNUMA_CALLER_DUMP][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_FOLLOW;
	want.cell[GUPNUMA_CALLER_DUMP][GUPNUMA_VMA_INACCESSIBLE] = GUPNUMA_NOPAGE;
	KUNIT_EXPECT_EQ_MSG(test, 0, gupnuma_custom_parse(text, &m, err, sizeof(err)),
			    "message was '%s'", err);
	KUNIT_EXPECT_MEMEQ(test, &m, &want, sizeof(m));
}

static void custom_format_parses_back(struct kunit *test)
{
	struct gupnuma_custom_matrix m, back;
	char buf[512];

	gupnuma_custom_default(&m);
	m.cell[GUPNUMA_CALLER_INSPECT][GUPNUMA_VMA_ACCESSIBLE] = GUPNUMA_NOPAGE;
	KUNIT_ASSERT_GT(test, gupnuma_custom_format(&m, buf, sizeof(buf)), 0);
	memset(&back, 0, sizeof(back));
	KUNIT_ASSERT_EQ(test, 0, gupnuma_custom_parse(buf, &back, NULL, 0));
	KUNIT_EXPECT_MEMEQ(test, &back, &m, sizeof(m));
}

/* A cell past the last decision, in either column, is no text: -EINVAL. */
static void custom_format_refuses_bad_cells(struct kunit *test)
{
	struct gupnuma_custom_matrix m;
	char buf[512];
	int col;

	for (col = 0; col < 2; col++) {
		gupnuma_custom_default(&m);
		m.cell[GUPNUMA_CALLER_HMM][col] = GUPNUMA_NR_DECISIONS;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL, gupnuma_custom_format(&m, buf, sizeof(buf)),
				    "column %d", col);
	}
}

/* Parameters: a pointer into caller_slots is a caller class. */
static const char caller_slots[GUPNUMA_NR_CALLERS];

GUPNUMA_KUNIT_GEN_PARAMS(callers_gen_params)
{
	const char *p = prev ? (const char *)prev + 1 : caller_slots;

	if (p >= caller_slots + GUPNUMA_NR_CALLERS)
		return NULL;
	strscpy(desc, gupnuma_caller_name(p - caller_slots), KUNIT_PARAM_DESC_SIZE);
	return p;
}

/* The caller's usual query in a VMA column: its first scenario outside RWP VMAs. */
static const struct gupnuma_scenario *usual_query(int caller, int col)
{
	size_t i;

	for (i = 0; i < GUPNUMA_NR_SCENARIOS; i++) {
		const struct gupnuma_query *in = &gupnuma_scenarios[i].in;

		if (in->caller == caller && !in->uffd_rwp &&
		    in->vma_accessible == (col == GUPNUMA_VMA_ACCESSIBLE))
			return &gupnuma_scenarios[i];
	}
	return NULL;
}

/*
 * The custom policy starts as what 6.12 (policy v6.6) does for each caller
 * class with its usual flags (gupnuma_custom_default()), in each VMA column
 * the scenarios have a query for.
 */
static void custom_default_is_v6_6(struct kunit *test)
{
	int caller = (const char *)test->param_value - caller_slots;
	int v66 = gupnuma_policy_parse("v6.6", 4), col, compared = 0;
	const struct gupnuma_scenario *s;
	struct gupnuma_custom_matrix m;
	struct gupnuma_verdict v;

	KUNIT_ASSERT_GE(test, v66, 0);
	gupnuma_custom_default(&m);
	for (col = 0; col < 2; col++) {
		s = usual_query(caller, col);
		if (!s)
			continue;
		KUNIT_ASSERT_EQ(test, 0, gupnuma_decide(v66, &s->in, &v));
		KUNIT_EXPECT_EQ_MSG(test, m.cell[caller][col], v.decision,
				    "scenario %s: the default says %s, v6.6 %s", s->name,
				    gupnuma_decision_name(m.cell[caller][col]),
				    gupnuma_decision_name(v.decision));
		compared++;
	}
	KUNIT_EXPECT_GT_MSG(test, compared, 0, "no scenario of caller %s",
			    gupnuma_caller_name(caller));
}

struct bad_query {
	const char *desc;
	int policy;
	struct gupnuma_query in;
};

/* policy 0: the first registered policy, whichever it is. */
static const struct bad_query bad_queries[] = {
	{ "caller out of range", 0, { .caller = GUPNUMA_NR_CALLERS } },
	{ "level out of range", 0, { .level = 7 } },
	{ "unknown flag", 0, { .flags = 1U << 20 } },
	{ "GET with PIN", 0, { .flags = GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_PIN } },
	{ "RWP marker outside an RWP VMA", 0, { .vma_accessible = true, .rwp_marker = true } },
	{ "policy out of range", GUPNUMA_MAX_POLICIES, { .caller = GUPNUMA_CALLER_GUP } },
	{ "negative policy", -1, { .caller = GUPNUMA_CALLER_GUP } },
};
KUNIT_ARRAY_PARAM_DESC(bad_queries, bad_queries, desc);

static void decide_rejects_bad_input(struct kunit *test)
{
	const struct bad_query *b = test->param_value;
	struct gupnuma_verdict v;

	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_decide(b->policy, &b->in, &v));
}

static void unregistered_index_is_enoent(struct kunit *test)
{
	struct gupnuma_query in = { .caller = GUPNUMA_CALLER_GUP, .vma_accessible = true };
	struct gupnuma_verdict v;
	int id, empty = 0;

	for (id = 0; id < GUPNUMA_MAX_POLICIES; id++) {
		if (gupnuma_policy(id))
			continue;
		empty++;
		KUNIT_EXPECT_EQ(test, -ENOENT, gupnuma_decide(id, &in, &v));
		KUNIT_EXPECT_EQ(test, -ENOENT, gupnuma_set_active_policy(id));
	}
	KUNIT_EXPECT_GT_MSG(test, empty, 0, "the registry is full: nothing tested");
	/* past the registry's last slot: out of range, not a free slot */
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_set_active_policy(GUPNUMA_MAX_POLICIES));
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_decide(GUPNUMA_MAX_POLICIES, &in, &v));
}

static void names_parse_back(struct kunit *test)
{
	const struct gupnuma_policy_ops *ops;
	int id;

	gupnuma_for_each_policy(id) {
		ops = gupnuma_policy(id);
		KUNIT_EXPECT_EQ(test, id, gupnuma_policy_parse(ops->name, strlen(ops->name)));
		if (ops->alias)
			KUNIT_EXPECT_EQ(test, id, gupnuma_policy_parse(ops->alias,
								       strlen(ops->alias)));
		KUNIT_EXPECT_NOT_NULL(test, ops->doc);
		KUNIT_EXPECT_NOT_NULL(test, ops->kernels);
		KUNIT_EXPECT_NOT_NULL(test, ops->source);
	}
	id = gupnuma_policy_parse("v6.6\n", 5);
	KUNIT_EXPECT_STREQ(test, gupnuma_policy_name(id), "v6.6");
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_policy_parse("v6.", 3));
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_policy_parse("v6.66", 5));
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_policy_parse("v6.6\0x", 6));
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_policy_parse("\n", 1));
	KUNIT_EXPECT_STREQ(test, gupnuma_policy_name(99), "?");
	KUNIT_EXPECT_STREQ(test, gupnuma_policy_name(-1), "?");
	/* one past the registry's last slot */
	KUNIT_EXPECT_NULL(test, gupnuma_policy(GUPNUMA_MAX_POLICIES));
	KUNIT_EXPECT_STREQ(test, gupnuma_policy_name(GUPNUMA_MAX_POLICIES), "?");
}

static struct kunit_case gupnuma_policy_cases[] = {
	KUNIT_CASE_PARAM(policy_matches_expectations, builtin_policies_gen_params),
	KUNIT_CASE(every_column_is_a_builtin_policy),
	KUNIT_CASE(every_query_has_an_expectation),
	KUNIT_CASE_PARAM(policy_keeps_invariants, all_policies_gen_params),
	KUNIT_CASE(invariants_and_their_stand_in),
	KUNIT_CASE_PARAM(policy_ignores_irrelevant_flags, all_policies_gen_params),
	KUNIT_CASE_PARAM(policy_table_is_its_decide, all_policies_gen_params),
	KUNIT_CASE_PARAM(custom_refuses_bad_matrix, bad_cells_gen_params),
	KUNIT_CASE(custom_applies_valid_matrix),
	KUNIT_CASE(custom_update_changes_only_named_rows),
	KUNIT_CASE_PARAM(custom_parse_rejects_malformed, bad_texts_gen_params),
	KUNIT_CASE(custom_parse_rejects_a_long_row),
	KUNIT_CASE(custom_parse_skips_blank_and_comment_rows),
	KUNIT_CASE(custom_format_parses_back),
	KUNIT_CASE(custom_format_refuses_bad_cells),
	KUNIT_CASE_PARAM(custom_default_is_v6_6, callers_gen_params),
	KUNIT_CASE_PARAM(decide_rejects_bad_input, bad_queries_gen_params),
	KUNIT_CASE(unregistered_index_is_enoent),
	KUNIT_CASE(names_parse_back),
	{}
};

static struct kunit_suite gupnuma_policy_suite = {
	.name = "gupnuma_policy",
	.test_cases = gupnuma_policy_cases,
};
kunit_test_suite(gupnuma_policy_suite);
