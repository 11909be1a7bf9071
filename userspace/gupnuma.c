// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma: inspect, switch and compare the protnone policies of the gupnuma
 * kernel module.  This file dispatches subcommands.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"

static const struct cli_command commands[] = {
	{ "table", "print a policy's decision table, or where two policies differ",
	  cmd_table, cmd_table_usage },
	{ "policy", "list, show or set the active policy; the custom matrix",
	  cmd_policy, cmd_policy_usage },
	{ "stats", "decisions per policy and caller, pages per node, divergences",
	  cmd_stats, cmd_stats_usage },
	{ "shadow", "evaluate every decision under every policy (on|off|show)",
	  cmd_shadow, cmd_shadow_usage },
	{ "hook", "where the policy decides for the kernel's own lookups (show|observe)",
	  cmd_hook, cmd_hook_usage },
	{ "lookup", "look a range of a process up through an engine, per page",
	  cmd_lookup, cmd_lookup_usage },
	{ "experiment", "migrate: NUMA migration under the active policy",
	  cmd_experiment, cmd_experiment_usage },
	{ "compare", "the migration experiment under several policies, one table",
	  cmd_compare, cmd_compare_usage },
	{ "list", "workloads (kind, needs, THP), policies, callers, engines, flags (--json)",
	  cmd_list, cmd_list_usage },
	{ "plot", "gnuplot scripts and PNGs of a compare --out directory's samples",
	  cmd_plot, cmd_plot_usage },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

char cli_last_error[160];

/* The message on stderr, whole; cli_last_error keeps its start. */
static void say(const char *fmt, va_list ap)
{
	va_list copy;

	va_copy(copy, ap);
	vsnprintf(cli_last_error, sizeof(cli_last_error), fmt, copy);
	va_end(copy);
	fputs("gupnuma: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_json_str(FILE *f, const char *key, const char *s)
{
	fprintf(f, ", \"%s\": \"", key);
	for (; *s; s++)
		fprintf(f, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
	fputc('"', f);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	return EXIT_SYSTEM;
}

int cli_usage_error(void (*usage)(FILE *out), const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	if (usage) {
		fputc('\n', stderr);
		usage(stderr);
	}
	return EXIT_USAGE;
}

/* The CLI evaluates policies with the same core code as the module. */
void cli_init_policies(void)
{
	static bool done;

	if (!done && gupnuma_builtin_policies_init() == 0)
		done = true;
}

int cli_parse_policy(const char *name)
{
	int id;

	cli_init_policies();
	id = gupnuma_policy_parse(name, strlen(name));

	if (id < 0) {
		fprintf(stderr, "gupnuma: unknown policy '%s'; policies:", name);
		gupnuma_for_each_policy(id)
			fprintf(stderr, " %s", gupnuma_policy_name(id));
		fputc('\n', stderr);
		return -1;
	}
	return id;
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: gupnuma COMMAND [ARGS]   (gupnuma COMMAND --help; gupnuma --version)\n\ncommands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
}

/*
 * --version: the CLI's version and the loaded module's (sysfs `version`); a
 * warning when they differ, since the policy names and the ioctls are theirs.
 */
static int version(void)
{
	char mod[32];

	printf("gupnuma %s\n", GUPNUMA_VERSION);
	if (gn_sysfs_read_line("version", mod, sizeof(mod))) {
		printf("module: not loaded\n");
		return 0;
	}
	printf("module: %s\n", mod);
	if (strcmp(mod, GUPNUMA_VERSION))
		fprintf(stderr, "gupnuma: warning: the loaded module is version %s, this command %s\n",
			mod, GUPNUMA_VERSION);
	if (!gn_sysfs_read_line("kernel_honor_numa_fault", mod, sizeof(mod)) && !strcmp(mod, "0"))
		fprintf(stderr, "gupnuma: note: this kernel has no FOLL_HONOR_NUMA_FAULT (Linux < 6.5): "
			"GUP honors NUMA hinting unless FOLL_FORCE, and the module has no gup engine\n");
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return cli_usage_error(usage, "no command given");
	if (!strcmp(argv[1], "--version"))
		return version();
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	/* the policy registry, as the module fills it at load */
	cli_init_policies();
	for (i = 0; i < NR_COMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
			commands[i].usage(stdout);
			return 0;
		}
		return commands[i].run(argc - 1, argv + 1);
	}
	return cli_usage_error(usage, "unknown command '%s'", argv[1]);
}
