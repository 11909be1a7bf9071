// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma compare / experiment migrate: every workload (workload.h) under
 * every policy, one run each.  A run places memory on node A, lets its
 * accessor work from node B while NUMA balancing scans, and samples every
 * interval: the fraction of the memory on node B (from pagemap, never through
 * GUP), the system's numa_hint_faults, numa_pages_migrated and
 * numa_pte_updates.  Without the gupnuma module the only "policy" is the
 * running kernel's own (`kernel`), which is how Debian's 5.10, 6.1 and 6.12
 * give the reference rows.
 */
#include <errno.h>
#include <getopt.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <gupnuma/names.h>

#include "cli.h"
#include "compare.h"
#include "lib/gupnuma_dev.h"
#include "lib/kvm_vm.h"
#include "lib/numa_mem.h"

void cmd_compare_usage(FILE *out)
{
	unsigned int i;

	fprintf(out,
		"usage: gupnuma compare [OPTIONS]            workloads under several policies\n"
		"       gupnuma experiment migrate [OPTIONS] one workload under the active policy\n"
		"options:\n"
		"  --workloads W1,W2,...      compare: default every workload (the matrix)\n"
		"  --policies P1,P2,...       compare: default every built-in policy, or `kernel`\n"
		"                             (the running kernel's own decisions, no module)\n"
		"  --accessor mirror|gup|cpu|kvm\n"
		"                             one workload, the table of earlier versions\n"
		"                             (kvm is kvm-read; default mirror)\n"
		"  --size MiB                 memory size (default 16)\n"
		"  --thp                      back it with THP (default 4K pages)\n"
		"  --from A --to B            memory starts on node A, accesses come from node B\n"
		"                             (default 0 and 1)\n"
		"  --duration S --interval MS each run's length and sampling (default 6 s, 200 ms)\n"
		"  --out DIR                  write matrix.csv, samples.csv, compare.json, gnuplot\n"
		"                             scripts and (with gnuplot) PNG plots\n"
		"  --json                     print the results as JSON instead of a table\n"
		"workloads:\n");
	for (i = 0; i < nr_workloads; i++)
		fprintf(out, "  %-12s %s\n", workloads[i]->name, workloads[i]->doc);
}

const char *cmp_policy_name(int policy)
{
	return policy == WL_KERNEL ? "kernel" : gupnuma_policy_name(policy);
}

static bool module_loaded(void)
{
	return !access(GUPNUMA_DEV_PATH, F_OK);
}

/* Spin (our ticks drive NUMA balancing's scan of our mm) or sleep until @t. */
static void wait_until(double t, bool sleeps)
{
	volatile unsigned long spin = 0;

	while (gn_now() < t) {
		if (sleeps)
			usleep(10000);
		else
			spin++;
	}
}

static void sample(struct wl_run *r, double t, long hint0, long mig0, long pte0)
{
	struct wl_sample *s = &r->samples[r->nsamples];

	s->t = t;
	s->local = r->area ? gn_node_fraction(r->pid, r->area, r->npages, r->p->to) : 0;
	s->hint_faults = r->own_hint_count ? r->hint_faults :
			 (unsigned long long)(gn_vmstat("numa_hint_faults") - hint0);
	s->migrated = gn_vmstat("numa_pages_migrated") - mig0;
	s->pte_updates = gn_vmstat("numa_pte_updates") - pte0;
	if (s->local < 0)
		s->local = 0;
	if (r->t90 < 0 && s->local >= 0.9)
		r->t90 = t;
	if (r->t_scanned < 0 && wl_scanned(r, (long)s->pte_updates))
		r->t_scanned = t;
	r->nsamples++;
}

/*
 * Whether a run goes on at @t seconds: for its duration, and longer, up to
 * WL_SCAN_WAIT_S, while it waits for NUMA balancing's scan or its rounds.
 * A correctness workload that awaits the scan or counts rounds ends when
 * done; a migrating workload's answer is what follows a scan of its memory,
 * so it runs until half the duration after the scan.  Once, on the test kernel, a 2 s run of
 * direct-io had no PTE updated at all, and read as "stays".
 */
static bool run_goes_on(const struct wl_run *r, double t)
{
	if (r->nsamples >= WL_MAX_SAMPLES)
		return false;
	if (t < r->p->duration)
		return true;
	if (t >= WL_SCAN_WAIT_S)
		return false;
	if (r->awaits_scan || r->until_done)
		return true;
	return r->w->kind == WL_MIGRATES &&
	       (r->t_scanned < 0 || t < r->t_scanned + r->p->duration / 2);
}

/* One workload under one policy; 0 or an exit status. */
static int run_one(const struct compare *c, const struct workload *w, int policy,
		   struct wl_run *r)
{
	const struct wl_params *p = &c->wl;
	long hint0, mig0, pte0;
	double t0, next;
	int ret;

	*r = (struct wl_run){ .w = w, .p = p, .policy = policy, .fd = -1, .t90 = -1, .t_scanned = -1,
			      .errors = -1, .kvm_tlb_flushes = -1, .kvm_tlb_flush_requests = -1,
			      .kvm_zapped = -1, .mirror_invalidations = -1 };
	cli_last_error[0] = '\0';
	if (workload_supported(w, r->note, sizeof(r->note))) {
		r->skipped = true;
		return 0;
	}
	r->samples = calloc(WL_MAX_SAMPLES, sizeof(*r->samples));
	if (!r->samples)
		return cli_error("out of memory");
	if (policy != WL_KERNEL &&
	    (gn_set_policy(gupnuma_policy_name(policy)) || gn_sysfs_write("stats/reset", "1")))
		return cli_error("cannot set policy %s (root?)", gupnuma_policy_name(policy));
	if (gn_numa_knobs_fast())
		return cli_error("cannot set the NUMA-balancing scan knobs (root? debugfs?)");
	numa_run_on_node(p->to);
	hint0 = gn_vmstat("numa_hint_faults");
	mig0 = gn_vmstat("numa_pages_migrated");
	pte0 = gn_vmstat("numa_pte_updates");
	ret = w->prepare(r);
	if (ret)
		goto failed;
	if (w->kind != WL_CORRECTNESS && r->area && !r->landed &&
	    gn_node_fraction(r->pid, r->area, r->npages, p->from) < 0.9) {
		ret = cli_error("%s: the memory did not land on node %d", w->name, p->from);
		goto failed;
	}
	t0 = gn_now();
	next = t0;
	while (run_goes_on(r, gn_now() - t0)) {
		ret = w->access(r);
		if (ret)
			goto failed;
		if (r->done)
			break;
		next += p->interval;
		wait_until(next, w->sleeps);
		sample(r, gn_now() - t0, hint0, mig0, pte0);
	}
	if (w->check && (ret = w->check(r)))
		goto failed;
	if (!r->own_hint_count)
		r->hint_faults = gn_vmstat("numa_hint_faults") - hint0;
	r->migrated = gn_vmstat("numa_pages_migrated") - mig0;
	r->pte_updates = gn_vmstat("numa_pte_updates") - pte0;
	if (w->kind == WL_MIGRATES && r->t_scanned < 0)
		snprintf(r->note, sizeof(r->note), "NUMA balancing did not scan the memory in %.0f s",
			 p->duration > WL_SCAN_WAIT_S ? p->duration : WL_SCAN_WAIT_S);
	goto out;
failed:
	/*
	 * The workload failed on this kernel (a refused write, an errno): in
	 * the matrix a cell with its reason, and the matrix goes on; one
	 * workload's run (experiment, --accessor) fails as a whole.
	 */
	if (c->matrix) {
		r->failed = true;
		snprintf(r->note, sizeof(r->note), "failed: %.150s",
			 cli_last_error[0] ? cli_last_error : "an error without a message");
		ret = 0;
	}
out:
	w->teardown(r);
	numa_run_on_node(-1);
	return ret;
}

static int parse_list(char *list, const char *what, int (*one)(struct compare *, const char *),
		      struct compare *c)
{
	char *tok;
	int err;

	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		err = one(c, tok);
		if (err)
			return err;
	}
	(void)what;
	return 0;
}

static int add_policy(struct compare *c, const char *name)
{
	int id = WL_KERNEL;

	if (strcmp(name, "kernel")) {
		id = cli_parse_policy(name);
		if (id < 0)
			return EXIT_USAGE;
	}
	if (c->npolicies == CMP_MAX_POLICIES)
		return cli_usage_error(NULL, "too many policies");
	c->policies[c->npolicies++] = id;
	return 0;
}

static int add_workload(struct compare *c, const char *name)
{
	const struct workload *w = workload_find(name);
	char names[512] = "";
	unsigned int i;

	if (!w) {
		for (i = 0; i < nr_workloads; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", workloads[i]->name);
		return cli_usage_error(NULL, "unknown workload '%s' (%s)", name, names);
	}
	if (c->nworkloads == CMP_MAX_WORKLOADS)
		return cli_usage_error(NULL, "too many workloads");
	c->workloads[c->nworkloads++] = w;
	return 0;
}

/* The legacy --accessor names, each now a workload. */
static const char *accessor_workload(const char *accessor)
{
	static const char * const map[][2] = {
		{ "mirror", "mirror" }, { "gup", "gup" }, { "cpu", "cpu" }, { "kvm", "kvm-read" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(accessor, map[i][0]))
			return map[i][1];
	return NULL;
}

static int check_nodes(const struct compare *c)
{
	const struct wl_params *p = &c->wl;
	long long node_free;
	int i;

	if (numa_available() < 0 || numa_max_node() < 1)
		return cli_usage_error(NULL, "needs a NUMA system with 2 nodes or more");
	for (i = 0; i < 2; i++) {
		int n = i ? p->to : p->from;

		if (n < 0 || n > numa_max_node() || !numa_bitmask_isbitset(numa_all_nodes_ptr, n))
			return cli_usage_error(NULL, "unknown node '%d' (nodes 0..%d)", n, numa_max_node());
	}
	if (p->from == p->to)
		return cli_usage_error(NULL, "--from and --to must be different nodes");
	if (gn_first_cpu(p->to) < 0)
		return cli_usage_error(NULL, "node %d has no CPUs to access from", p->to);
	if (gn_first_cpu(p->from) < 0) {
		for (i = 0; i < c->nworkloads; i++)
			if (c->workloads[i]->needs & WL_NEEDS_CMA ||
			    !strcmp(c->workloads[i]->name, "debugger"))
				return cli_usage_error(NULL, "%s needs a CPU on node %d for its target process",
						       c->workloads[i]->name, p->from);
	}
	if (numa_node_size64(p->from, &node_free) <= 0 || (long long)p->size * 2 >= node_free)
		return cli_usage_error(NULL, "%zu MiB does not fit in node %d's %lld MiB free",
				       p->size >> 20, p->from, node_free >> 20);
	return 0;
}

/* What the options name, before it is checked. */
struct args {
	const char *accessor;	/* a workload's name */
	char *plist, *wlist;	/* --policies, --workloads */
};

/* The options into @c's parameters and @o; 0, -1 (--help) or an exit status. */
static int parse_options(int argc, char **argv, struct compare *c, struct args *o)
{
	static const struct option opts[] = {
		{ "accessor", required_argument, NULL, 'a' }, { "size", required_argument, NULL, 's' },
		{ "thp", no_argument, NULL, 't' }, { "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'T' }, { "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "policies", required_argument, NULL, 'p' }, { "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' },
		{ "kvm-accessor", required_argument, NULL, 'k' },
		{ "workloads", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct wl_params *p = &c->wl;
	bool kvm_given = false;
	char *end;
	int opt;

	p->size = 16 << 20;
	p->from = 0;
	p->to = 1;
	p->duration = 6;
	p->interval = 0.2;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			o->accessor = accessor_workload(optarg);
			if (!o->accessor)
				return cli_usage_error(NULL, "unknown accessor '%s' (mirror, gup, cpu, kvm)",
						       optarg);
			break;
		case 's':
			p->size = strtoull(optarg, &end, 10) << 20;
			if (*end || !p->size || p->size >> 20 != strtoull(optarg, NULL, 10))
				return cli_usage_error(NULL, "--size wants a number of MiB > 0, not '%s'", optarg);
			break;
		case 't': p->thp = true; break;
		case 'f': p->from = strtol(optarg, &end, 10); if (*end) p->from = -1; break;
		case 'T': p->to = strtol(optarg, &end, 10); if (*end) p->to = -1; break;
		case 'd': p->duration = atof(optarg); break;
		case 'i': p->interval = atof(optarg) / 1000; break;
		case 'p': o->plist = optarg; break;
		case 'w': o->wlist = optarg; break;
		case 'o': c->out = optarg; break;
		case 'j': c->json = true; break;
		case 'k': kvm_given = true; break;
		case 'h': cmd_compare_usage(stdout); return -1;
		default: return cli_usage_error(cmd_compare_usage, "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd_compare_usage, "unexpected argument '%s'", argv[optind]);
	if (p->duration <= 0 || p->duration > 3600 || p->interval < 0.01 || p->interval > p->duration)
		return cli_usage_error(NULL, "--duration must be 0..3600 s and --interval 10 ms..duration");
	if (o->accessor && o->wlist)
		return cli_usage_error(NULL, "--accessor and --workloads: give one of them");
	if (kvm_given)
		fprintf(stderr, "gupnuma: note: --kvm-accessor is ignored: the kvm workloads run "
			"their own guest (plain KVM API)\n");
	return 0;
}

/*
 * A note on stderr when the loaded module's policies are not the ones
 * compiled into this CLI (another version of one of them): the CLI runs its
 * own, by name, and a policy the module lacks fails when it is set.
 */
static void note_policy_lists(void)
{
	char mod[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	int n = gn_policies(mod, GN_MAX_POLICIES, NULL), i, ours = 0;
	bool differ = false;

	if (n < 0)
		return;
	gupnuma_for_each_policy(i) {
		if (ours >= n || strcmp(mod[ours], gupnuma_policy_name(i)))
			differ = true;
		ours++;
	}
	if (!differ && ours == n)
		return;
	fprintf(stderr, "gupnuma: note: the loaded module's policies (");
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? " " : "", mod[i]);
	fprintf(stderr, ") are not this CLI's (");
	ours = 0;
	gupnuma_for_each_policy(i)
		fprintf(stderr, "%s%s", ours++ ? " " : "", gupnuma_policy_name(i));
	fprintf(stderr, "): a CLI and a module of different versions\n");
}

/* The workloads to run (every one for compare without a choice); 0 or an exit status. */
static int choose_workloads(struct compare *c, const struct args *o, bool compare)
{
	int i, err;

	if (o->wlist) {
		err = parse_list(o->wlist, "workload", add_workload, c);
		if (err)
			return err;
		c->matrix = true;
	} else if (o->accessor) {
		add_workload(c, o->accessor);
	} else if (compare) {
		for (i = 0; i < (int)nr_workloads; i++)
			add_workload(c, workloads[i]->name);
		c->matrix = true;
	} else {
		add_workload(c, "mirror");
	}
	err = check_nodes(c);
	if (err)
		return err;
	/* a workload asked for by name must be one this kernel can run */
	if (o->wlist || o->accessor || !compare) {
		for (i = 0; i < c->nworkloads; i++) {
			char why[160];

			if (workload_supported(c->workloads[i], why, sizeof(why)))
				return cli_usage_error(NULL, "%s: %s%s", c->workloads[i]->name, why,
						       c->workloads[i]->needs & WL_NEEDS_MODULE ?
						       " (not loaded: no " GUPNUMA_DEV_PATH ")" : "");
		}
	}
	return 0;
}

/*
 * The policies to run: experiment's active one; compare's --policies, else
 * every built-in; without the module, the kernel alone.  The CLI runs the
 * policies compiled into it, by name: it says so when the loaded module's
 * list differs.  0 or an exit status.
 */
static int choose_policies(struct compare *c, const struct args *o, bool compare)
{
	char active[64];
	int i, err;

	if (!compare) {
		if (o->plist)
			return cli_usage_error(NULL, "--policies is for compare");
		if (!module_loaded()) {
			c->policies[c->npolicies++] = WL_KERNEL;
			return 0;
		}
		if (gn_active_policy(active, sizeof(active)) || cli_parse_policy(active) < 0)
			return cli_usage_error(NULL, "cannot read the active policy");
		c->policies[c->npolicies++] = cli_parse_policy(active);
		return 0;
	}
	if (o->plist) {
		err = parse_list(o->plist, "policy", add_policy, c);
		if (err)
			return err;
	} else if (module_loaded()) {
		gupnuma_for_each_policy(i)
			if (gupnuma_policy(i)->builtin)
				c->policies[c->npolicies++] = i;
	} else {
		c->policies[c->npolicies++] = WL_KERNEL;
	}
	for (i = 0; i < c->npolicies; i++)
		if (c->policies[i] != WL_KERNEL && !module_loaded())
			return cli_usage_error(NULL, "policy %s: the gupnuma module is not loaded "
					       "(no %s); only --policies kernel",
					       cmp_policy_name(c->policies[i]), GUPNUMA_DEV_PATH);
	if (module_loaded())
		note_policy_lists();
	return 0;
}

static int parse(int argc, char **argv, struct compare *c, bool compare)
{
	struct args o = {};
	int err;

	err = parse_options(argc, argv, c, &o);
	if (!err)
		err = choose_workloads(c, &o, compare);
	if (!err)
		err = choose_policies(c, &o, compare);
	return err;
}

static int run(int argc, char **argv, bool compare)
{
	static struct compare c;
	struct utsname u;
	char active[64] = "", hook[8] = "";
	int i, j, err = 0, kvm_hold = -1;

	memset(&c, 0, sizeof(c));
	cli_init_policies();
	err = parse(argc, argv, &c, compare);
	if (err)
		return err < 0 ? 0 : err;
	if (!uname(&u))
		snprintf(c.kernel, sizeof(c.kernel), "%s", u.release);
	c.hook = !gn_sysfs_read("kernel_hook", hook, sizeof(hook)) && hook[0] == '1';
	if (module_loaded()) {
		gn_active_policy(active, sizeof(active));
		if (!c.hook)
			fprintf(stderr, "gupnuma: note: this kernel has no protnone hook: the kernel's own "
				"lookups (KVM, process_vm_readv, /proc/PID/mem, O_DIRECT, smaps, KSM, "
				"move_pages) decide as the running kernel does, whatever the policy\n");
	}
	for (j = 0; j < c.nworkloads && kvm_hold < 0; j++)
		if ((c.workloads[j]->needs & WL_NEEDS_KVM) && !access("/dev/kvm", R_OK | W_OK))
			kvm_hold = gn_kvm_hold();
	for (i = 0; i < c.npolicies && !err; i++) {
		for (j = 0; j < c.nworkloads && !err; j++) {
			fprintf(stderr, "gupnuma: %s: %s, %zu MiB %s, %.0f s\n",
				cmp_policy_name(c.policies[i]), c.workloads[j]->name,
				c.wl.size >> 20, c.wl.thp ? "THP" : "4K", c.wl.duration);
			err = run_one(&c, c.workloads[j], c.policies[i], &c.runs[i][j]);
		}
	}
	if (kvm_hold >= 0)
		close(kvm_hold);
	/* leave the active policy as it was */
	if (active[0])
		gn_set_policy(active);
	if (err)
		return err;
	if (c.json)
		cmp_print_json(stdout, &c);
	else if (c.matrix)
		cmp_print_matrix(stdout, &c);
	else
		cmp_print_table(&c);
	if (c.out)
		err = cmp_write_outputs(&c);
	for (i = 0; i < c.npolicies; i++)
		for (j = 0; j < c.nworkloads; j++)
			free(c.runs[i][j].samples);
	return err;
}

int cmd_compare(int argc, char **argv)
{
	return run(argc, argv, true);
}

void cmd_experiment_usage(FILE *out)
{
	cmd_compare_usage(out);
}

int cmd_experiment(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "migrate"))
		return cli_usage_error(cmd_experiment_usage, "experiment wants 'migrate'");
	return run(argc - 1, argv + 1, false);
}
