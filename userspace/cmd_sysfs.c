// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma policy | stats | shadow | hook: the module's sysfs tree from the shell.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gupnuma/names.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"

void cmd_policy_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma policy list|show [--json]  the policies, the active one marked\n"
		"       gupnuma policy set NAME       make NAME the active policy (root)\n"
		"       gupnuma policy custom [ROWS]  show, or set rows \"CALLER ACC INACC; ...\"\n");
}

void cmd_stats_usage(FILE *out)
{
	fprintf(out, "usage: gupnuma stats [--reset|--json]  decisions, pages per node, divergences\n");
}

void cmd_shadow_usage(FILE *out)
{
	fprintf(out, "usage: gupnuma shadow on|off|show\n");
}

void cmd_hook_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma hook show            whether the policy decides for the kernel's own\n"
		"                                    lookups (protnone hook), and at which sites\n"
		"       gupnuma hook observe on|off  decide at every site, so that stats count every\n"
		"                                    kernel decision (root; costs smaps time)\n");
}

static int need_module(void)
{
	if (access(GUPNUMA_SYSFS_DIR, F_OK))
		return cli_usage_error(NULL, "the gupnuma module is not loaded (no %s)",
				       GUPNUMA_SYSFS_DIR);
	return 0;
}

static int show(const char *file)
{
	static char buf[32768];
	int err = gn_sysfs_read(file, buf, sizeof(buf));

	if (err)
		return cli_error("cannot read %s/%s: %s", GUPNUMA_SYSFS_DIR, file, strerror(-err));
	fputs(buf, stdout);
	return 0;
}

static int set(const char *file, const char *value, const char *what)
{
	int err = gn_sysfs_write(file, value);

	if (err == -EACCES || err == -EPERM)
		return cli_error("setting %s needs root", what);
	if (err)
		return cli_error("%s refused '%s': %s", what, value, strerror(-err));
	return 0;
}

/* policy list --json: {"active": "v6.6", "policies": ["v3.8", ...]} */
static int policy_json(void)
{
	char names[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	int i, active, n = gn_policies(names, GN_MAX_POLICIES, &active);

	if (n < 0)
		return cli_error("cannot read %s/policy: %s", GUPNUMA_SYSFS_DIR, strerror(-n));
	printf("{\"policies\": [");
	for (i = 0; i < n; i++)
		printf("%s{\"name\": \"%s\", \"active\": %s}", i ? ", " : "", names[i],
		       i == active ? "true" : "false");
	printf("]}\n");
	return 0;
}

/* A stats table (debugfs), as it is. */
static int show_stats(const char *table)
{
	static char buf[65536];
	int err = gn_stats_read(table, buf, sizeof(buf));

	if (err)
		return cli_error("cannot read %s/%s: %s%s", GUPNUMA_STATS_DIR, table, strerror(-err),
				 err == -ENOENT ? " (debugfs mounted? root?)" : "");
	fputs(buf, stdout);
	return 0;
}

/* A stats table as JSON: a list of objects keyed by the header's names. */
static int table_json(const char *table, bool last)
{
	static char buf[65536];
	char *save, *line, *cols[40];
	int ncols = 0, i, first = 1, err = gn_stats_read(table, buf, sizeof(buf));

	if (err)
		return cli_error("cannot read %s/%s: %s", GUPNUMA_STATS_DIR, table, strerror(-err));
	line = strtok_r(buf, "\n", &save);
	for (char *c = strtok(line, " "); c && ncols < 40; c = strtok(NULL, " "))
		cols[ncols++] = c;
	printf("\"%s\": [", table);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *v = strtok(line, " ");

		printf("%s\n {", first ? "" : ",");
		for (i = 0; i < ncols && v; i++, v = strtok(NULL, " ")) {
			bool num = v[0] >= '0' && v[0] <= '9' && !strchr(v, '.');

			printf("%s\"%s\": %s%s%s", i ? ", " : "", cols[i], num ? "" : "\"", v,
			       num ? "" : "\"");
		}
		printf("}");
		first = 0;
	}
	printf("\n]%s\n", last ? "" : ",");
	return 0;
}

int cmd_policy(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(cmd_policy_usage, "policy wants list, show, set or custom");
	if (need_module())
		return EXIT_USAGE;
	if (!strcmp(argv[1], "list") || !strcmp(argv[1], "show")) {
		if (argc == 3 && !strcmp(argv[2], "--json"))
			return policy_json();
		return argc == 2 ? show("policy") : cli_usage_error(NULL, "policy %s takes only --json",
								     argv[1]);
	}
	if (!strcmp(argv[1], "set")) {
		if (argc != 3)
			return cli_usage_error(cmd_policy_usage, "policy set wants one name");
		if (cli_parse_policy(argv[2]) < 0)
			return EXIT_USAGE;
		return set("policy", argv[2], "policy");
	}
	if (!strcmp(argv[1], "custom")) {
		struct gupnuma_custom_matrix m;
		char err[160];

		if (argc == 2)
			return show("custom");
		/* check here first, with the module's own code, for a clear message */
		cli_init_policies();
		gupnuma_custom_get(&m);
		if (gupnuma_custom_parse(argv[2], &m, err, sizeof(err)) ||
		    gupnuma_custom_check(&m, err, sizeof(err)))
			return cli_usage_error(NULL, "custom matrix refused: %s", err);
		return set("custom", argv[2], "custom matrix");
	}
	return cli_usage_error(cmd_policy_usage, "unknown policy command '%s'", argv[1]);
}

int cmd_stats(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--reset") && strcmp(argv[1], "--json")))
		return cli_usage_error(NULL, "stats takes only --reset or --json");
	if (need_module())
		return EXIT_USAGE;
	if (argc == 2 && !strcmp(argv[1], "--reset"))
		return set("stats/reset", "1", "stats reset");
	if (argc == 2) {
		printf("{");
		if (table_json("decisions", false) || table_json("nodes", false) ||
		    table_json("divergences", true))
			return EXIT_SYSTEM;
		printf("}\n");
		return 0;
	}
	printf("== decisions\n");
	if (show_stats("decisions"))
		return EXIT_SYSTEM;
	printf("== pages per node\n");
	if (show_stats("nodes"))
		return EXIT_SYSTEM;
	printf("== shadow-mode divergences\n");
	return show_stats("divergences");
}

int cmd_shadow(int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(cmd_shadow_usage, "shadow wants on, off or show");
	if (need_module())
		return EXIT_USAGE;
	if (!strcmp(argv[1], "show"))
		return show("shadow");
	if (!strcmp(argv[1], "on") || !strcmp(argv[1], "off"))
		return set("shadow", argv[1][1] == 'n' ? "1" : "0", "shadow");
	return cli_usage_error(cmd_shadow_usage, "unknown shadow command '%s'", argv[1]);
}

int cmd_hook(int argc, char **argv)
{
	char hooked[8], sites[64], observe[8];
	bool on;

	if (argc < 2)
		return cli_usage_error(cmd_hook_usage, "hook wants show or observe");
	if (need_module())
		return EXIT_USAGE;
	if (gn_sysfs_read_line("kernel_hook", hooked, sizeof(hooked)))
		return cli_error("cannot read %s/kernel_hook", GUPNUMA_SYSFS_DIR);
	if (!strcmp(argv[1], "show")) {
		if (argc != 2)
			return cli_usage_error(NULL, "hook show takes no argument");
		if (strcmp(hooked, "1")) {
			printf("kernel hook: no (this kernel has no protnone hook: its own lookups "
			       "decide as it does, whatever the policy)\n");
			return 0;
		}
		if (gn_sysfs_read_line("kernel_hook_sites", sites, sizeof(sites)) ||
		    gn_sysfs_read_line("kernel_hook_observe", observe, sizeof(observe)))
			return cli_error("cannot read %s/kernel_hook_*", GUPNUMA_SYSFS_DIR);
		printf("kernel hook: yes\nsites: %s\nobserve: %s\n", sites,
		       strcmp(observe, "1") ? "off" : "on");
		return 0;
	}
	if (!strcmp(argv[1], "observe")) {
		if (argc != 3 || (strcmp(argv[2], "on") && strcmp(argv[2], "off")))
			return cli_usage_error(cmd_hook_usage, "hook observe wants on or off");
		if (strcmp(hooked, "1"))
			return cli_usage_error(NULL, "this kernel has no protnone hook (kernel-patches/): "
					       "nothing to observe");
		on = !strcmp(argv[2], "on");
		return set("kernel_hook_observe", on ? "1" : "0", "observe mode");
	}
	return cli_usage_error(NULL, "unknown hook command '%s' (show or observe)", argv[1]);
}
