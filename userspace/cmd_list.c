// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma list workloads: the workloads compiled into this CLI, with what
 * their headline measures (kind), what the running kernel must have (needs)
 * and whether the matrix measures them at the PMD level too (thp).  The
 * test bed's matrix and fidelity verdict read it (--json) instead of keeping
 * their own lists.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "workload.h"

void cmd_list_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma list workloads [--json]\n"
		"  one line per workload: name, kind (migrates, correctness, cost), needs\n"
		"  (module, kvm, cma, brd, ksm, uring, rwp; - for none), thp (yes: the matrix\n"
		"  runs it with --thp too), what it stands for\n");
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' }, {},
	};
	bool json = false;
	char needs[96];
	unsigned int i;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': json = true; break;
		case 'h': cmd_list_usage(stdout); return 0;
		default: return cli_usage_error(cmd_list_usage, NULL);
		}
	}
	if (optind != argc - 1 || strcmp(argv[optind], "workloads"))
		return cli_usage_error(cmd_list_usage, optind < argc ?
				       "nothing to list as '%s' (gupnuma list workloads)" :
				       "list what? (gupnuma list workloads)", argv[optind]);
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
	if (json)
		printf("]\n");
	return 0;
}
