// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma list KIND: the names this CLI knows, one source for the scripts,
 * the bash completion and install-test.sh's checks of the man page.
 *   workloads  the workloads compiled in, with what their headline measures
 *              (kind), what the running kernel must have (needs) and whether
 *              the matrix measures them at the PMD level too (thp);
 *   policies   the built-in policies and custom, as compiled into this CLI
 *              (the loaded module's: /sys/kernel/mm/gupnuma/policy);
 *   callers, engines, flags
 *              the caller classes, engines and lookup flags of the uapi
 *              (include/gupnuma/enum_names.h, mm/names.c).
 * The test bed's matrix and fidelity verdict read the workloads (--json)
 * instead of keeping their own lists.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>

#include "cli.h"
#include "workload.h"

void cmd_list_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma list workloads|policies|callers|engines|flags [--json]\n"
		"  workloads: one line per workload: name, kind (migrates, correctness, cost),\n"
		"  needs (module, kvm, cma, brd, ksm, uring, rwp; - for none), thp (yes: the\n"
		"  matrix runs it with --thp too), what it stands for\n"
		"  policies, callers: name and what it stands for; engines, flags: names\n");
}

/* One name and its doc, as a line or a JSON object (@i: its position). */
static void list_name(bool json, unsigned int i, const char *name, const char *doc)
{
	if (json) {
		printf("%s{\"name\": \"%s\"", i ? ",\n " : "[", name);
		if (doc)
			cli_json_str(stdout, "doc", doc);
		putchar('}');
	} else if (doc) {
		printf("%-14s %s\n", name, doc);
	} else {
		printf("%s\n", name);
	}
}

static unsigned int list_workloads(bool json)
{
	char needs[96];
	unsigned int i;

	for (i = 0; i < nr_workloads; i++) {
		const struct workload *w = workloads[i];

		if (json) {
			printf("%s{\"name\": \"%s\", \"kind\": \"%s\", \"needs\": %s, \"thp\": %s",
			       i ? ",\n " : "[", w->name, wl_kind_name(w->kind),
			       wl_needs_text(w->needs, true, needs, sizeof(needs)), w->thp ? "true" : "false");
			cli_json_str(stdout, "doc", w->doc);
			putchar('}');
		} else
			printf("%-12s %-12s %-12s %-4s %s\n", w->name, wl_kind_name(w->kind),
			       wl_needs_text(w->needs, false, needs, sizeof(needs)),
			       w->thp ? "yes" : "no", w->doc);
	}
	return i;
}

static unsigned int list_policies(bool json)
{
	unsigned int n = 0;
	int p;

	gupnuma_for_each_policy(p)
		list_name(json, n++, gupnuma_policy_name(p), gupnuma_policy(p)->doc);
	return n;
}

static unsigned int list_callers(bool json)
{
	unsigned int c;

	for (c = 0; c < GUPNUMA_NR_CALLERS; c++)
		list_name(json, c, gupnuma_caller_name(c), gupnuma_caller_doc(c));
	return c;
}

static unsigned int list_engines(bool json)
{
	unsigned int e;

	for (e = 0; e < GUPNUMA_NR_ENGINES; e++)
		list_name(json, e, gupnuma_engine_name(e), NULL);
	return e;
}

static unsigned int list_flags(bool json)
{
	unsigned int b;

	for (b = 0; strcmp(gupnuma_flag_name(b), "?"); b++)
		list_name(json, b, gupnuma_flag_name(b), NULL);
	return b;
}

static const struct {
	const char *kind;
	unsigned int (*list)(bool json);	/* prints; returns how many */
} kinds[] = {
	{ "workloads", list_workloads }, { "policies", list_policies },
	{ "callers", list_callers }, { "engines", list_engines }, { "flags", list_flags },
};

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' }, {},
	};
	bool json = false;
	unsigned int k;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': json = true; break;
		case 'h': cmd_list_usage(stdout); return 0;
		default: return cli_usage_error(cmd_list_usage, NULL);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(cmd_list_usage, optind < argc ? "one kind at a time" :
				       "list what? (gupnuma list workloads|policies|callers|engines|flags)");
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (strcmp(argv[optind], kinds[k].kind))
			continue;
		if (!kinds[k].list(json) && json)
			putchar('[');
		if (json)
			printf("]\n");
		return 0;
	}
	return cli_usage_error(cmd_list_usage,
			       "nothing to list as '%s' (workloads, policies, callers, engines, flags)",
			       argv[optind]);
}
