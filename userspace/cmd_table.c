// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma table: every policy's decision for the canonical queries (a lookup's
 * question at one protnone entry),
 * evaluated by the module's own policy code (compiled here through
 * userspace/shim/), and the differences between two policies with the
 * property each difference breaks.  --markdown writes docs/decision-tables.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>
#include <gupnuma/scenarios.h>

#include "cli.h"

void cmd_table_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma table [POLICY]       decisions of one policy (default: all, side by side)\n"
		"       gupnuma table --diff A B     only the queries where policies A and B differ,\n"
		"                                    with the property each difference breaks\n"
		"       gupnuma table --markdown     docs/decision-tables.md\n"
		"       gupnuma table --json [POLICY]\n");
}

static struct gupnuma_verdict decide(int policy, const struct gupnuma_query *in)
{
	struct gupnuma_verdict v = { GUPNUMA_NR_DECISIONS, GUPNUMA_NR_REASONS };

	if (gupnuma_decide(policy, in, &v))
		v.decision = GUPNUMA_NR_DECISIONS;
	return v;
}

static const char *flags_text(unsigned int flags, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32; bit++)
		if (flags & (1U << bit))
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "+" : "", gupnuma_flag_name(bit));
	if (!n)
		snprintf(buf, len, "-");
	return buf;
}

static const char *vma_text(const struct gupnuma_query *in)
{
	if (in->rwp_marker)
		return in->vma_accessible ? "RWP marker" : "PROT_NONE, RWP marker";
	if (in->uffd_rwp)
		return in->vma_accessible ? "RWP VMA" : "PROT_NONE, RWP VMA";
	return in->vma_accessible ? "accessible" : "PROT_NONE";
}

/* What a difference between policies a and b for query s means. */
static const char *diff_property(const struct gupnuma_scenario *s,
				 enum gupnuma_decision da, enum gupnuma_decision db,
				 const char *a, const char *b, char *buf, size_t len)
{
	const struct gupnuma_query *in = &s->in;
	const char *faulter = da == GUPNUMA_FAULT ? a : b;
	const char *other = da == GUPNUMA_FAULT ? b : a;
	bool one_faults = (da == GUPNUMA_FAULT) != (db == GUPNUMA_FAULT);

	if (in->uffd_rwp && in->vma_accessible && one_faults) {
		snprintf(buf, len, "%s in a userfaultfd RWP VMA: %s faults, %s follows",
			 in->rwp_marker ? "an RWP marker" : "a NUMA hint", faulter, other);
	} else if (in->maybe_dma_pinned && one_faults) {
		snprintf(buf, len, "pinned folio cannot migrate: %s takes a wasted hinting fault, %s does not",
			 faulter, other);
	} else if ((in->caller == GUPNUMA_CALLER_SECONDARY_MMU ||
		    in->caller == GUPNUMA_CALLER_HMM) && one_faults) {
		snprintf(buf, len, "secondary-MMU faults trigger NUMA hinting: broken by %s", other);
	} else if ((in->caller == GUPNUMA_CALLER_INSPECT || in->caller == GUPNUMA_CALLER_SMAPS) &&
		   (da == GUPNUMA_NOPAGE || db == GUPNUMA_NOPAGE)) {
		snprintf(buf, len, "inspection sees protnone pages: broken by %s",
			 da == GUPNUMA_NOPAGE ? a : b);
	} else if ((in->flags & GUPNUMA_LOOKUP_WRITE) && one_faults) {
		snprintf(buf, len, "not observable: a FOLL_WRITE lookup that follows still faults "
			 "(a protnone entry is not writable), so both take the hinting fault");
	} else if ((in->flags & GUPNUMA_LOOKUP_FORCE) && one_faults) {
		snprintf(buf, len, "FOLL_FORCE causes no hinting: broken by %s", faulter);
	} else if (!in->vma_accessible && !(in->flags & GUPNUMA_LOOKUP_FORCE)) {
		snprintf(buf, len, "not observable: check_vma_flags() refuses a PROT_NONE VMA without FOLL_FORCE first");
	} else if (one_faults) {
		snprintf(buf, len, "GUP takes NUMA hinting faults by default under %s, not under %s",
			 faulter, other);
	} else {
		snprintf(buf, len, "%s vs %s", gupnuma_decision_name(da), gupnuma_decision_name(db));
	}
	return buf;
}

static int print_all(bool markdown)
{
	size_t i;
	int p;

	if (markdown) {
		printf("| query | caller | flags | VMA | level |");
		gupnuma_for_each_policy(p)
			printf(" %s |", gupnuma_policy_name(p));
		printf("\n|---|---|---|---|---|");
		gupnuma_for_each_policy(p)
			printf("---|");
		printf("\n");
	} else {
		printf("%-24s", "query");
		gupnuma_for_each_policy(p)
			printf(" %-11s", gupnuma_policy_name(p));
		printf("\n");
	}
	for (i = 0; i < GUPNUMA_NR_SCENARIOS; i++) {
		const struct gupnuma_scenario *s = &gupnuma_scenarios[i];
		char flags[96];

		if (markdown)
			printf("| %s | %s | %s | %s | %s%s |", s->name, gupnuma_caller_name(s->in.caller),
			       flags_text(s->in.flags, flags, sizeof(flags)), vma_text(&s->in),
			       gupnuma_level_name(s->in.level), s->in.maybe_dma_pinned ? ", pinned" : "");
		else
			printf("%-24s", s->name);
		gupnuma_for_each_policy(p) {
			struct gupnuma_verdict v = decide(p, &s->in);

			if (markdown)
				printf(" %s |", gupnuma_decision_name(v.decision));
			else
				printf(" %-11s", gupnuma_decision_name(v.decision));
		}
		printf("\n");
	}
	return 0;
}

static int print_policy(int policy, bool markdown)
{
	size_t i;

	if (markdown)
		printf("| query | what | caller | flags | VMA | level | pinned | decision | reason |\n"
		       "|---|---|---|---|---|---|---|---|---|\n");
	else
		printf("%-24s %-14s %-22s %-10s %-5s %-6s %-9s %s\n", "query", "caller", "flags",
		       "vma", "level", "pinned", "decision", "reason");
	for (i = 0; i < GUPNUMA_NR_SCENARIOS; i++) {
		const struct gupnuma_scenario *s = &gupnuma_scenarios[i];
		struct gupnuma_verdict v = decide(policy, &s->in);
		char flags[96];

		flags_text(s->in.flags, flags, sizeof(flags));
		if (markdown)
			printf("| %s | %s | %s | %s | %s | %s | %s | **%s** | %s |\n", s->name, s->doc,
			       gupnuma_caller_name(s->in.caller), flags, vma_text(&s->in),
			       gupnuma_level_name(s->in.level), s->in.maybe_dma_pinned ? "yes" : "no",
			       gupnuma_decision_name(v.decision), gupnuma_reason_doc(v.reason));
		else
			printf("%-24s %-14s %-22s %-10s %-5s %-6s %-9s %s\n", s->name,
			       gupnuma_caller_name(s->in.caller), flags, vma_text(&s->in),
			       gupnuma_level_name(s->in.level), s->in.maybe_dma_pinned ? "yes" : "no",
			       gupnuma_decision_name(v.decision), gupnuma_reason_doc(v.reason));
	}
	return 0;
}

static int print_json(int only)
{
	size_t i;
	int p, first = 1;

	printf("[");
	for (i = 0; i < GUPNUMA_NR_SCENARIOS; i++) {
		const struct gupnuma_scenario *s = &gupnuma_scenarios[i];

		gupnuma_for_each_policy(p) {
			struct gupnuma_verdict v;

			if (only >= 0 && p != only)
				continue;
			v = decide(p, &s->in);
			printf("%s\n {\"query\": \"%s\", \"caller\": \"%s\", \"flags\": %u, \"vma_accessible\": %s, "
			       "\"level\": \"%s\", \"pinned\": %s, \"policy\": \"%s\", \"decision\": \"%s\", "
			       "\"reason\": \"%s\", \"observed_by\": %s%s%s}", first ? "" : ",", s->name,
			       gupnuma_caller_name(s->in.caller), s->in.flags,
			       s->in.vma_accessible ? "true" : "false", gupnuma_level_name(s->in.level),
			       s->in.maybe_dma_pinned ? "true" : "false", gupnuma_policy_name(p),
			       gupnuma_decision_name(v.decision), gupnuma_reason_doc(v.reason),
			       s->observed_by ? "\"" : "", s->observed_by ? s->observed_by : "null",
			       s->observed_by ? "\"" : "");
			first = 0;
		}
	}
	printf("\n]\n");
	return 0;
}

static int print_diff(int a, int b, bool markdown)
{
	const char *an = gupnuma_policy_name(a), *bn = gupnuma_policy_name(b);
	size_t i;
	int rows = 0;

	if (markdown)
		printf("| query | %s | %s | what it means | observed by |\n|---|---|---|---|---|\n",
		       an, bn);
	else
		printf("%-24s %-9s %-9s %s\n", "query", an, bn, "property [workloads that observe it]");
	for (i = 0; i < GUPNUMA_NR_SCENARIOS; i++) {
		const struct gupnuma_scenario *s = &gupnuma_scenarios[i];
		struct gupnuma_verdict va = decide(a, &s->in), vb = decide(b, &s->in);
		char prop[200];

		if (va.decision == vb.decision)
			continue;
		rows++;
		diff_property(s, va.decision, vb.decision, an, bn, prop, sizeof(prop));
		if (markdown)
			printf("| %s | %s | %s | %s | %s |\n", s->name,
			       gupnuma_decision_name(va.decision), gupnuma_decision_name(vb.decision),
			       prop, s->observed_by ? s->observed_by : "-");
		else
			printf("%-24s %-9s %-9s %s%s%s%s\n", s->name, gupnuma_decision_name(va.decision),
			       gupnuma_decision_name(vb.decision), prop, s->observed_by ? " [" : "",
			       s->observed_by ? s->observed_by : "", s->observed_by ? "]" : "");
	}
	if (!rows)
		printf(markdown ? "| (none) | | | | |\n" : "(%s and %s decide alike for every query)\n", an, bn);
	return 0;
}

/* A policy some Linux version decided as. */
static bool historical(int p)
{
	const struct gupnuma_policy_ops *ops = gupnuma_policy(p);

	return ops && ops->kernels && *ops->kernels;
}

static void print_step(int a, int b)
{
	printf("\n### %s -> %s\n\n", gupnuma_policy_name(a), gupnuma_policy_name(b));
	print_diff(a, b, true);
}

/*
 * The differences worth reading, from the registry: each kernel's policy to
 * the next one's, each older kernel's to the default's (an upgrade to 6.12),
 * and the default's to every built-in that no kernel has (a proposal).
 */
static void print_steps(void)
{
	int dflt = gupnuma_policy_parse(GUPNUMA_DEFAULT_POLICY, strlen(GUPNUMA_DEFAULT_POLICY));
	int p, q, prev = -1;

	gupnuma_for_each_policy(p) {
		if (!historical(p))
			continue;
		if (prev >= 0)
			print_step(prev, p);
		prev = p;
	}
	gupnuma_for_each_policy(p) {
		/* the older kernels' steps to the default (registry order is history) */
		if (!historical(p) || p >= dflt)
			continue;
		/* already shown if p is the default's predecessor */
		gupnuma_for_each_policy(q)
			if (q > p && historical(q))
				break;
		if (q != dflt)
			print_step(p, dflt);
	}
	gupnuma_for_each_policy(p)
		if (!historical(p) && gupnuma_policy(p)->builtin)
			print_step(dflt, p);
}

static int print_markdown_doc(void)
{
	const struct gupnuma_policy_ops *ops;
	int p;

	printf("<!-- SPDX-License-Identifier: GPL-2.0 -->\n"
	       "<!-- Generated by `make docs` (gupnuma table --markdown) from mm/policy_builtin.c.\n"
	       "     Do not edit: make check fails when this file is stale. -->\n"
	       "# Decision tables\n\n"
	       "What each gupnuma policy decides when a lookup meets a protnone entry, for the\n"
	       "canonical queries of include/gupnuma/scenarios.h. Decisions: **follow** (return the\n"
	       "page, no hinting), **fault** (no page; the caller runs handle_mm_fault(), which takes\n"
	       "the NUMA hinting fault), **nopage** (no page, no fault: the lookup fails or skips),\n"
	       "**fallback** (GUP-fast leaves it to slow GUP). `custom` shows its default matrix.\n"
	       "See docs/design.md for the commits behind each column and the corrections made to\n"
	       "the starting table.\n\n"
	       "## Policies\n\n"
	       "| policy | Linux | source | flags it reads | what it decides |\n"
	       "|---|---|---|---|---|\n");
	gupnuma_for_each_policy(p) {
		char flags[96];

		ops = gupnuma_policy(p);
		printf("| %s%s%s%s | %s | %s | %s | %s |\n", ops->name, ops->alias ? " (alias " : "",
		       ops->alias ? ops->alias : "", ops->alias ? ")" : "",
		       *ops->kernels ? ops->kernels : ops->builtin ? "never merged" : "-",
		       ops->source, flags_text(ops->reads_flags, flags, sizeof(flags)), ops->doc);
	}
	printf("\n## All policies\n\n");
	print_all(true);
	gupnuma_for_each_policy(p) {
		printf("\n## %s\n\n", gupnuma_policy_name(p));
		print_policy(p, true);
	}
	printf("\n## Differences\n");
	print_steps();
	return 0;
}

int cmd_table(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "diff", no_argument, NULL, 'd' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool diff = false, markdown = false, json = false;
	int c, a, b;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': diff = true; break;
		case 'm': markdown = true; break;
		case 'j': json = true; break;
		case 'h': cmd_table_usage(stdout); return 0;
		default: return cli_usage_error(cmd_table_usage, "bad option");
		}
	}
	cli_init_policies();
	argc -= optind;
	argv += optind;
	if (diff) {
		if (argc != 2)
			return cli_usage_error(cmd_table_usage, "--diff wants two policies");
		a = cli_parse_policy(argv[0]);
		b = cli_parse_policy(argv[1]);
		if (a < 0 || b < 0)
			return EXIT_USAGE;
		return print_diff(a, b, markdown);
	}
	if (argc > 1)
		return cli_usage_error(cmd_table_usage, "one policy at most");
	a = -1;
	if (argc == 1) {
		a = cli_parse_policy(argv[0]);
		if (a < 0)
			return EXIT_USAGE;
	}
	if (json)
		return print_json(a);
	if (markdown)
		return a < 0 ? print_markdown_doc() : print_policy(a, true);
	return a < 0 ? print_all(false) : print_policy(a, false);
}
