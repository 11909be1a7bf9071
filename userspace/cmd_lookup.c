// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma lookup: look a range of a process up through an engine under a
 * policy (/dev/gupnuma GUPNUMA_IOC_LOOKUP) and print what each page was.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gupnuma/enum_names.h>
#include <gupnuma/names.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"

void cmd_lookup_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma lookup --pid PID --addr ADDR [--pages N] [--caller CALLER]\n"
		"                      [--flags F1,F2] [--engine walk|gup|hmm] [--policy NAME] [--json]\n"
		"  callers: gup gup-fast secondary-mmu inspect smaps dump populate hmm (default inspect)\n"
		"  flags: write force honor get pin longterm remote\n"
		"  another process's memory needs CAP_SYS_PTRACE\n");
}

static int parse_flags(char *list, unsigned int *flags)
{
	char *tok;
	unsigned int bit;

	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		for (bit = 0; bit < 7 && strcmp(tok, gupnuma_flag_name(bit)); bit++)
			;
		if (bit == 7)
			return cli_usage_error(NULL, "unknown flag '%s'", tok);
		*flags |= 1U << bit;
	}
	return 0;
}

/* The state bits of a page by name (include/gupnuma/enum_names.h), "-" for none. */
static const char *state_text(unsigned int st, char *buf, size_t len)
{
#define EM(a, b) { a, b },
#define EMe(a, b) { a, b }
	static const struct {
		unsigned int bit;
		const char *name;
	} names[] = { GUPNUMA_PAGE_STATE_NAMES };
#undef EM
#undef EMe
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (st & names[i].bit)
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "," : "", names[i].name);
	return n ? buf : "-";
}

/* The options into @a, @policy (a name of the loaded module's) and @json; 0 or an exit status. */
static int parse_args(int argc, char **argv, struct gupnuma_lookup_args *a, const char **policy,
		      bool *json)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' }, { "addr", required_argument, NULL, 'a' },
		{ "pages", required_argument, NULL, 'n' }, { "caller", required_argument, NULL, 'c' },
		{ "flags", required_argument, NULL, 'f' }, { "engine", required_argument, NULL, 'e' },
		{ "policy", required_argument, NULL, 'P' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	bool have_addr = false;
	char *end;
	int c, id;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			a->pid = strtoul(optarg, &end, 10);
			if (*end)
				return cli_usage_error(NULL, "--pid wants a number, not '%s'", optarg);
			break;
		case 'a':
			a->addr = strtoull(optarg, &end, 16);
			if (*end)
				return cli_usage_error(NULL, "--addr wants a hex address, not '%s'", optarg);
			have_addr = true;
			break;
		case 'n':
			a->npages = strtoull(optarg, &end, 10);
			if (*end || !a->npages || a->npages > GUPNUMA_MAX_PAGES)
				return cli_usage_error(NULL, "--pages wants 1..%u", GUPNUMA_MAX_PAGES);
			break;
		case 'c':
			id = gupnuma_caller_parse(optarg, strlen(optarg));
			if (id < 0)
				return cli_usage_error(NULL, "unknown caller '%s'", optarg);
			a->caller = id;
			break;
		case 'f':
			if (parse_flags(optarg, &a->flags))
				return EXIT_USAGE;
			break;
		case 'e':
			id = gupnuma_engine_parse(optarg, strlen(optarg));
			if (id < 0)
				return cli_usage_error(NULL, "unknown engine '%s' (walk, gup, hmm)", optarg);
			a->engine = id;
			break;
		case 'P':
			*policy = optarg;
			break;
		case 'j':
			*json = true;
			break;
		case 'h':
			cmd_lookup_usage(stdout);
			return -1;
		default:
			return cli_usage_error(NULL, "bad option (gupnuma lookup --help)");
		}
	}
	if (!have_addr || !a->pid)
		return cli_usage_error(NULL, "lookup wants --pid and --addr");
	return 0;
}

/* The looked-up pages, a line each or as JSON. */
static void print_pages(const struct gupnuma_lookup_args *a, const struct gupnuma_page *pages,
			bool json)
{
	char st[96];
	size_t i;

	if (json)
		printf("{\"found\": %llu, \"protnone\": %llu, \"hint_faults\": %llu, \"errors\": %llu, \"pages\": [",
		       a->found, a->protnone, a->hint_faults, a->errors);
	else
		printf("%-18s %-12s %-5s %-9s %-36s %s\n", "address", "pfn", "node", "decision",
		       "state", "error");
	for (i = 0; i < a->npages; i++) {
		const struct gupnuma_page *p = &pages[i];
		const char *d = (p->state & GUPNUMA_PAGE_ASKED) ? gupnuma_decision_name(p->decision) : "-";

		if (json)
			printf("%s\n {\"addr\": \"%#llx\", \"pfn\": %llu, \"node\": %d, \"decision\": \"%s\", \"state\": \"%s\", \"error\": %d}",
			       i ? "," : "", a->addr + i * 4096ULL, (unsigned long long)p->pfn, p->node,
			       d, state_text(p->state, st, sizeof(st)), p->error);
		else
			printf("%#-18llx %#-12llx %-5d %-9s %-36s %d\n", a->addr + i * 4096ULL,
			       (unsigned long long)p->pfn, p->node, d,
			       state_text(p->state, st, sizeof(st)), p->error);
	}
	if (json)
		printf("\n]}\n");
}

int cmd_lookup(int argc, char **argv)
{
	struct gupnuma_lookup_args a = { .engine = GUPNUMA_ACTIVE, .policy = GUPNUMA_ACTIVE,
					 .cpu = GUPNUMA_CPU_ANY, .npages = 1,
					 .caller = GUPNUMA_CALLER_INSPECT };
	struct gupnuma_page *pages;
	const char *policy = NULL;
	bool json = false;
	int fd, id, err;

	cli_init_policies();
	err = parse_args(argc, argv, &a, &policy, &json);
	if (err)
		return err < 0 ? 0 : err;
	fd = gn_open();
	if (fd < 0)
		return errno == ENOENT ? cli_usage_error(NULL, "the gupnuma module is not loaded") :
					 cli_error("cannot open %s: %s", GUPNUMA_DEV_PATH, strerror(errno));
	if (policy) {
		/* a name of the loaded module's, to its index there */
		id = gn_policy_index(policy);
		if (id < 0) {
			close(fd);
			if (id == -ENOENT || id == -EINVAL)
				return cli_usage_error(NULL, "the loaded module has no policy '%s' (gupnuma policy list)",
						       policy);
			return cli_error("the policies of the loaded module: %s", strerror(-id));
		}
		a.policy = id;
	}
	pages = calloc(a.npages, sizeof(*pages));
	if (!pages) {
		close(fd);
		return cli_error("out of memory");
	}
	a.pages = (unsigned long)pages;
	err = ioctl(fd, GUPNUMA_IOC_LOOKUP, &a) ? errno : 0;
	close(fd);
	if (!err)
		print_pages(&a, pages, json);
	free(pages);
	return err ? cli_error("lookup refused: %s", strerror(err)) : 0;
}
