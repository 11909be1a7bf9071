// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma compare / experiment migrate: memory placed on node A, accessed
 * from node B's CPUs by a secondary MMU (the mirror), the gup engine, the CPU
 * itself or a KVM guest, while NUMA balancing scans; sampled every interval:
 * the fraction of pages on node B (move_pages status), the accessor's hinting
 * faults, numa_pages_migrated (system-wide: vm_migrated), mirror
 * invalidations.  compare runs it under several policies
 * and prints one table; CSV, JSON and a gnuplot script (and PNG where gnuplot
 * is installed) go to --out.
 *
 * The memory is placed with mbind(), as numactl --membind would, and then
 * rebound to nodes A and B with MPOL_F_NUMA_BALANCING: NUMA balancing skips
 * VMAs whose policy lacks it.  The VMA policy overrides whatever task policy
 * the command inherited, so runs under numactl --membind/--cpunodebind place
 * and access the memory just the same.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gupnuma/names.h>

#include "cli.h"
#include "kvm_accessor.h"
#include "lib/gupnuma_dev.h"

#define MAX_SAMPLES 4096

enum accessor { ACC_MIRROR, ACC_GUP, ACC_CPU, ACC_KVM, NR_ACCESSORS };
static const char * const accessor_names[] = { "mirror", "gup", "cpu", "kvm" };

struct params {
	size_t size;
	bool thp;
	int from, to;
	double duration, interval;
	enum accessor accessor;
	const char *out;
	bool json;
	int policies[GUPNUMA_NR_POLICIES];
	int npolicies;
	char kvm_path[PATH_MAX];
};

struct sample {
	double t, local;
	unsigned long long hint_faults, migrated, invalidations;
};

struct result {
	int policy;
	struct sample *samples;
	int nsamples;
	double t90;
	unsigned long long hint_faults, migrated, invalidations, divergences;
};

void cmd_compare_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma compare [OPTIONS]            the experiment under several policies\n"
		"       gupnuma experiment migrate [OPTIONS] the experiment under the active policy\n"
		"options:\n"
		"  --accessor mirror|gup|cpu|kvm\n"
		"                             who accesses the memory from node B (default mirror:\n"
		"                             a secondary MMU faulting like KVM; kvm: a KVM guest\n"
		"                             that reads it, which the policy governs only in a\n"
		"                             kernel with the protnone hook)\n"
		"  --kvm-accessor PATH        the KVM accessor program (default: $GUPNUMA_KVM_ACCESSOR,\n"
		"                             " KVM_ACCESSOR_PROG " beside gupnuma, or in $PATH)\n"
		"  --size MiB                 memory size (default 16)\n"
		"  --thp                      back it with THP (default 4K pages)\n"
		"  --from A --to B            memory starts on node A, accesses come from node B\n"
		"                             (default 0 and 1)\n"
		"  --duration S --interval MS experiment length and sampling (default 6 s, 200 ms)\n"
		"  --policies P1,P2,...       compare only: default every built-in policy\n"
		"  --out DIR                  write compare.csv, compare.json, compare.gp (and .png)\n"
		"  --json                     print the summary as JSON instead of a table\n");
}

/* The fraction of @pid's pages in [area, area + npages pages) on @node. */
static double local_fraction(pid_t pid, char *area, size_t npages, int node, void **addrs,
			     int *status)
{
	size_t i, on = 0;

	for (i = 0; i < npages; i++)
		addrs[i] = area + i * 4096;
	if (move_pages(pid, npages, addrs, NULL, status, 0))
		return -1;
	for (i = 0; i < npages; i++)
		on += status[i] == node;
	return (double)on / npages;
}

static unsigned long long divergences_of(int policy)
{
	static char buf[16384];
	unsigned long long sum = 0, n;
	char a[32], b[32], *line;

	if (gn_sysfs_read("stats/divergences", buf, sizeof(buf)))
		return 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "%31s %31s %llu", a, b, &n) == 3 &&
		    !strcmp(a, gupnuma_policy_name(policy)))
			sum += n;
	return sum;
}

/*
 * Map @size bytes, bound to node @from and populated there, then rebound to
 * @from and @to with MPOL_F_NUMA_BALANCING so NUMA balancing scans them and
 * may move them to @to.  Returns the area (*raw is what to munmap) or NULL.
 */
static char *place_memory(const struct params *p, char **raw)
{
	unsigned long nodes = 1UL << p->from;
	unsigned long maxnode = sizeof(nodes) * 8;
	char *area;

	area = gn_map_aligned(p->size, p->thp, raw);
	if (!area) {
		cli_error("cannot map %zu MiB: %s", p->size >> 20, strerror(errno));
		return NULL;
	}
	if (mbind(area, p->size, MPOL_BIND, &nodes, maxnode, 0)) {
		cli_error("mbind to node %d: %s", p->from, strerror(errno));
		return NULL;
	}
	memset(area, 1, p->size);
	nodes |= 1UL << p->to;
	if (mbind(area, p->size, MPOL_BIND | MPOL_F_NUMA_BALANCING, &nodes, maxnode, 0)) {
		cli_error("mbind with MPOL_F_NUMA_BALANCING: %s", strerror(errno));
		return NULL;
	}
	return area;
}

/* One experiment under @policy; 0 or an exit status. */
static int run_one(const struct params *p, int policy, struct result *r)
{
	size_t npages = p->size / 4096;
	void **addrs = calloc(npages, sizeof(*addrs));
	int *status = calloc(npages, sizeof(*status));
	struct gupnuma_mirror_args m = {};
	struct kvm_accessor kvm = { .pid = -1, .out_fd = -1 };
	long mig0 = gn_vmstat("numa_pages_migrated"), hint0;
	int fd = gn_open(), cpu = gn_first_cpu(p->to), ret = 0;
	char *raw = NULL, *area;
	pid_t pid = 0;
	double t0, next;

	r->policy = policy;
	r->t90 = -1;
	r->samples = calloc(MAX_SAMPLES, sizeof(*r->samples));
	if (fd < 0 || !addrs || !status || !r->samples)
		return cli_error("cannot open %s: %s", GUPNUMA_DEV_PATH, strerror(errno));
	if (gn_set_policy(gupnuma_policy_name(policy)) || gn_sysfs_write("stats/reset", "1") ||
	    gn_sysfs_write("shadow", "1") || gn_numa_knobs_fast())
		return cli_error("cannot set up the policy and NUMA-balancing knobs (root?)");
	if (p->accessor == ACC_KVM) {
		ret = kvm_accessor_start(&kvm, p->kvm_path, p->size, p->thp, p->from, p->to);
		if (ret)
			goto out;
		pid = kvm.pid;
		area = kvm.hva;
	} else {
		area = place_memory(p, &raw);
		if (!area) {
			ret = EXIT_SYSTEM;
			goto out;
		}
		numa_run_on_node(p->to);
	}
	if (local_fraction(pid, area, npages, p->from, addrs, status) < 0.9) {
		ret = cli_error("the memory did not land on node %d", p->from);
		goto out;
	}
	if (p->accessor == ACC_MIRROR) {
		m.addr = (unsigned long)area;
		m.npages = npages;
		m.engine = GUPNUMA_ENGINE_WALK;
		m.cpu = GUPNUMA_CPU_ANY;
		if (ioctl(fd, GUPNUMA_IOC_MIRROR_CREATE, &m)) {
			ret = cli_error("mirror create: %s", strerror(errno));
			goto out;
		}
	}
	hint0 = gn_vmstat("numa_hint_faults");
	t0 = gn_now();
	next = t0;
	while (gn_now() - t0 < p->duration && r->nsamples < MAX_SAMPLES) {
		struct sample *s = &r->samples[r->nsamples];
		struct gupnuma_mirror_stats st = {};
		struct gupnuma_lookup_args a;
		volatile unsigned long spin = 0;
		size_t i;

		if (p->accessor == ACC_MIRROR) {
			struct gupnuma_mirror_args acc = { .npages = npages, .cpu = cpu };

			if (ioctl(fd, GUPNUMA_IOC_MIRROR_ACCESS, &acc)) {
				ret = cli_error("mirror access: %s", strerror(errno));
				break;
			}
			r->hint_faults += acc.hint_faults;
			ioctl(fd, GUPNUMA_IOC_MIRROR_STATS, &st);
			r->invalidations = st.invalidations[GUPNUMA_MMU_PROTECTION_VMA];
		} else if (p->accessor == ACC_GUP) {
			if (gn_lookup(fd, &a, area, npages, GUPNUMA_CALLER_SECONDARY_MMU,
				      GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_HONOR_NUMA_FAULT,
				      GUPNUMA_ENGINE_GUP, GUPNUMA_ACTIVE, NULL) == 0)
				r->hint_faults += a.hint_faults;
		} else if (p->accessor == ACC_CPU) {
			for (i = 0; i < p->size; i += 4096)
				spin += ((volatile char *)area)[i];
		}
		next += p->interval;
		if (p->accessor == ACC_KVM) {
			while (gn_now() < next)
				usleep(10000);
		}
		while (gn_now() < next)	/* this task's NUMA scan runs from its ticks */
			spin++;
		/* the CPU's or the guest's own faults: the system-wide count */
		if (p->accessor == ACC_CPU || p->accessor == ACC_KVM)
			r->hint_faults = gn_vmstat("numa_hint_faults") - hint0;
		s->t = gn_now() - t0;
		s->local = local_fraction(pid, area, npages, p->to, addrs, status);
		s->hint_faults = r->hint_faults;
		s->migrated = gn_vmstat("numa_pages_migrated") - mig0;
		s->invalidations = r->invalidations;
		if (s->local < 0) {
			ret = cli_error("move_pages of the accessor's memory: %s", strerror(errno));
			break;
		}
		if (r->t90 < 0 && s->local >= 0.9)
			r->t90 = s->t;
		r->nsamples++;
	}
	r->migrated = r->nsamples ? r->samples[r->nsamples - 1].migrated : 0;
	r->divergences = divergences_of(policy);
	if (p->accessor == ACC_MIRROR)
		ioctl(fd, GUPNUMA_IOC_MIRROR_DESTROY);
out:
	gn_sysfs_write("shadow", "0");
	kvm_accessor_stop(&kvm);
	numa_run_on_node(-1);
	if (raw)
		munmap(raw, p->size + GN_THP_SIZE);
	close(fd);
	free(addrs);
	free(status);
	return ret;
}

static void print_table(const struct params *p, struct result *res, int n)
{
	int i;

	printf("%-12s %-8s %12s %12s %12s %14s %12s %10s\n", "policy", "accessor", "hint_faults",
	       "vm_migrated", "t90_local_s", "invalidations", "divergences", "local_end");
	for (i = 0; i < n; i++) {
		char t90[16];

		if (res[i].t90 < 0)
			snprintf(t90, sizeof(t90), "never");
		else
			snprintf(t90, sizeof(t90), "%.1f", res[i].t90);
		printf("%-12s %-8s %12llu %12llu %12s %14llu %12llu %10.3f\n",
		       gupnuma_policy_name(res[i].policy), accessor_names[p->accessor],
		       res[i].hint_faults, res[i].migrated, t90, res[i].invalidations,
		       res[i].divergences,
		       res[i].nsamples ? res[i].samples[res[i].nsamples - 1].local : 0);
	}
}

static void print_json(FILE *f, const struct params *p, struct result *res, int n)
{
	int i;

	fprintf(f, "{\"size_mib\": %zu, \"thp\": %s, \"from\": %d, \"to\": %d, \"accessor\": \"%s\", \"results\": [",
		p->size >> 20, p->thp ? "true" : "false", p->from, p->to,
		accessor_names[p->accessor]);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n {\"policy\": \"%s\", \"hint_faults\": %llu, \"pages_migrated\": %llu, "
			"\"t90_local_s\": %s%.2f, \"invalidations\": %llu, \"divergences\": %llu, "
			"\"local_end\": %.3f}", i ? "," : "", gupnuma_policy_name(res[i].policy),
			res[i].hint_faults, res[i].migrated, res[i].t90 < 0 ? "null, \"_\": " : "",
			res[i].t90, res[i].invalidations, res[i].divergences,
			res[i].nsamples ? res[i].samples[res[i].nsamples - 1].local : 0);
	fprintf(f, "\n]}\n");
}

static int write_outputs(const struct params *p, struct result *res, int n)
{
	char path[512];
	FILE *f;
	int i, j;

	if (mkdir(p->out, 0755) && errno != EEXIST)
		return cli_error("cannot create %s: %s", p->out, strerror(errno));
	snprintf(path, sizeof(path), "%s/compare.csv", p->out);
	f = fopen(path, "w");
	if (!f)
		return cli_error("cannot write %s", path);
	fprintf(f, "policy,t_s,local_fraction,hint_faults,pages_migrated,invalidations\n");
	for (i = 0; i < n; i++)
		for (j = 0; j < res[i].nsamples; j++)
			fprintf(f, "%s,%.3f,%.4f,%llu,%llu,%llu\n", gupnuma_policy_name(res[i].policy),
				res[i].samples[j].t, res[i].samples[j].local,
				res[i].samples[j].hint_faults, res[i].samples[j].migrated,
				res[i].samples[j].invalidations);
	fclose(f);
	snprintf(path, sizeof(path), "%s/compare.json", p->out);
	f = fopen(path, "w");
	if (!f)
		return cli_error("cannot write %s", path);
	print_json(f, p, res, n);
	fclose(f);
	snprintf(path, sizeof(path), "%s/compare.gp", p->out);
	f = fopen(path, "w");
	if (!f)
		return cli_error("cannot write %s", path);
	fprintf(f, "set terminal pngcairo size 900,540 noenhanced\nset output 'compare.png'\n"
		"set datafile separator ','\nset key outside right\nset grid\n"
		"set title '%zu MiB %s, node %d -> accessed by %s from node %d'\n"
		"set xlabel 'time (s)'\nset ylabel 'fraction of pages on node %d'\nset yrange [0:1.05]\n"
		"plot ", p->size >> 20, p->thp ? "THP" : "4K", p->from, accessor_names[p->accessor],
		p->to, p->to);
	for (i = 0; i < n; i++)
		fprintf(f, "%s'compare.csv' using 2:(strcol(1) eq '%s' ? $3 : 1/0) with linespoints title '%s'",
			i ? ", \\\n     " : "", gupnuma_policy_name(res[i].policy),
			gupnuma_policy_name(res[i].policy));
	fprintf(f, "\n");
	fclose(f);
	if (!system("command -v gnuplot >/dev/null 2>&1")) {
		snprintf(path, sizeof(path), "cd '%s' && gnuplot compare.gp", p->out);
		if (system(path))
			fprintf(stderr, "gupnuma: gnuplot failed; compare.gp is in %s\n", p->out);
	}
	return 0;
}

static int parse(int argc, char **argv, struct params *p, bool compare)
{
	static const struct option opts[] = {
		{ "accessor", required_argument, NULL, 'a' }, { "size", required_argument, NULL, 's' },
		{ "thp", no_argument, NULL, 't' }, { "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'T' }, { "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "policies", required_argument, NULL, 'p' }, { "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' },
		{ "kvm-accessor", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	char *end, *tok, *list = NULL, hook[8] = "";
	const char *kvm_given = NULL;
	long long node_free;
	int c, i;

	*p = (struct params){ .size = 16 << 20, .from = 0, .to = 1, .duration = 6,
			      .interval = 0.2, .accessor = ACC_MIRROR };
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			for (i = 0; i < NR_ACCESSORS && strcmp(optarg, accessor_names[i]); i++)
				;
			if (i == NR_ACCESSORS)
				return cli_usage_error(NULL, "unknown accessor '%s' (mirror, gup, cpu, kvm)",
						       optarg);
			p->accessor = i;
			break;
		case 's':
			p->size = strtoull(optarg, &end, 10) << 20;
			if (*end || !p->size)
				return cli_usage_error(NULL, "--size wants a number of MiB > 0, not '%s'", optarg);
			break;
		case 't': p->thp = true; break;
		case 'f': p->from = strtol(optarg, &end, 10); if (*end) p->from = -1; break;
		case 'T': p->to = strtol(optarg, &end, 10); if (*end) p->to = -1; break;
		case 'd': p->duration = atof(optarg); break;
		case 'i': p->interval = atof(optarg) / 1000; break;
		case 'p': list = optarg; break;
		case 'o': p->out = optarg; break;
		case 'j': p->json = true; break;
		case 'k': kvm_given = optarg; break;
		case 'h': cmd_compare_usage(stdout); return -1;
		default: return cli_usage_error(cmd_compare_usage, "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd_compare_usage, "unexpected argument '%s'", argv[optind]);
	if (p->duration <= 0 || p->duration > 3600 || p->interval < 0.01 || p->interval > p->duration)
		return cli_usage_error(NULL, "--duration must be 0..3600 s and --interval 10 ms..duration");
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
	if (numa_node_size64(p->from, &node_free) <= 0 || (long long)p->size >= node_free)
		return cli_usage_error(NULL, "%zu MiB does not fit in node %d's %lld MiB free",
				       p->size >> 20, p->from, node_free >> 20);
	if (access(GUPNUMA_DEV_PATH, F_OK))
		return cli_usage_error(NULL, "the gupnuma module is not loaded (no %s)", GUPNUMA_DEV_PATH);
	if (p->accessor == ACC_KVM) {
		if (access("/dev/kvm", R_OK | W_OK))
			return cli_usage_error(NULL, "the kvm accessor needs /dev/kvm: %s", strerror(errno));
		if (kvm_accessor_find(kvm_given, p->kvm_path, sizeof(p->kvm_path)))
			return cli_usage_error(NULL, "no KVM accessor program '%s' (--kvm-accessor)",
					       p->kvm_path);
		if (gn_sysfs_read("kernel_hook", hook, sizeof(hook)) || hook[0] != '1')
			fprintf(stderr, "gupnuma: note: this kernel has no protnone hook: KVM's GUP "
				"decides as the running kernel does, whatever the policy\n");
	} else if (kvm_given) {
		return cli_usage_error(NULL, "--kvm-accessor is for --accessor kvm");
	}
	if (!compare) {
		char buf[256], *open_b, *close_b;

		if (list)
			return cli_usage_error(NULL, "--policies is for compare");
		if (gn_sysfs_read("policy", buf, sizeof(buf)) || !(open_b = strchr(buf, '[')) ||
		    !(close_b = strchr(open_b, ']')))
			return cli_usage_error(NULL, "cannot read the active policy");
		*close_b = '\0';
		p->policies[p->npolicies++] = cli_parse_policy(open_b + 1);
		return 0;
	}
	if (!list) {
		for (i = 0; i < GUPNUMA_POLICY_CUSTOM; i++)
			p->policies[p->npolicies++] = i;
		return 0;
	}
	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		int id = cli_parse_policy(tok);

		if (id < 0)
			return EXIT_USAGE;
		if (p->npolicies == GUPNUMA_NR_POLICIES)
			return cli_usage_error(NULL, "too many policies");
		p->policies[p->npolicies++] = id;
	}
	return 0;
}

static int run(int argc, char **argv, bool compare)
{
	struct result res[GUPNUMA_NR_POLICIES] = {};
	struct params p;
	char active[256] = "";
	int i, err;

	cli_init_policies();
	err = parse(argc, argv, &p, compare);
	if (err)
		return err < 0 ? 0 : err;
	gn_sysfs_read("policy", active, sizeof(active));
	for (i = 0; i < p.npolicies; i++) {
		fprintf(stderr, "gupnuma: %s: %s accessor, %zu MiB %s, %.0f s\n",
			gupnuma_policy_name(p.policies[i]), accessor_names[p.accessor],
			p.size >> 20, p.thp ? "THP" : "4K", p.duration);
		err = run_one(&p, p.policies[i], &res[i]);
		if (err)
			break;
	}
	/* leave the active policy as it was */
	if (strchr(active, '[')) {
		*strchr(active, ']') = '\0';
		gn_set_policy(strchr(active, '[') + 1);
	}
	if (err)
		return err;
	if (p.json)
		print_json(stdout, &p, res, p.npolicies);
	else
		print_table(&p, res, p.npolicies);
	if (p.out)
		err = write_outputs(&p, res, p.npolicies);
	for (i = 0; i < p.npolicies; i++)
		free(res[i].samples);
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
