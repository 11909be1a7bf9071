/* SPDX-License-Identifier: GPL-2.0 */
/* The gupnuma command: what its subcommand files share. */
#ifndef GUPNUMA_CLI_H
#define GUPNUMA_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *out);
};

/* Exit statuses: 0 ok, 1 a check failed / difference found, 2 bad usage, 3 system error. */
#define EXIT_USAGE	2
#define EXIT_SYSTEM	3

int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The message of the last cli_error() or cli_usage_error(), cut at 159 bytes. */
extern char cli_last_error[160];
int cli_usage_error(void (*usage)(FILE *out), const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_init_policies(void);
/* , "KEY": "S" with S's quotes and backslashes escaped */
void cli_json_str(FILE *f, const char *key, const char *s);
int cli_parse_policy(const char *name);

int cmd_table(int argc, char **argv);
void cmd_table_usage(FILE *out);
int cmd_policy(int argc, char **argv);
void cmd_policy_usage(FILE *out);
int cmd_stats(int argc, char **argv);
void cmd_stats_usage(FILE *out);
int cmd_shadow(int argc, char **argv);
void cmd_shadow_usage(FILE *out);
int cmd_hook(int argc, char **argv);
void cmd_hook_usage(FILE *out);
int cmd_lookup(int argc, char **argv);
void cmd_lookup_usage(FILE *out);
int cmd_compare(int argc, char **argv);
void cmd_compare_usage(FILE *out);
int cmd_list(int argc, char **argv);
void cmd_list_usage(FILE *out);
int cmd_plot(int argc, char **argv);
void cmd_plot_usage(FILE *out);
int cmd_experiment(int argc, char **argv);
void cmd_experiment_usage(FILE *out);

#endif
