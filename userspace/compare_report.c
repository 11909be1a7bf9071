// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma compare's reports: the one-workload table (as before workloads
 * existed), the matrix (a row per policy, a column per workload, each cell the
 * workload's headline figure), JSON and CSV with every figure; the plots of
 * samples.csv are cmd_plot.c's (a line per policy).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "compare.h"

static double local_end(const struct wl_run *r)
{
	return r->nsamples ? r->samples[r->nsamples - 1].local : 0;
}

static unsigned long long wasted(const struct wl_run *r)
{
	return r->hint_faults > r->migrated ? r->hint_faults - r->migrated : 0;
}

/*
 * mmtests' "AutoNUMA cost" (lib/MMTests/ExtractMmtestsvmstat.pm, the
 * "AutoNUMA cost model"): Cpte x numa_pte_updates + Cnumahint x
 * numa_hint_faults + Ci x numa_pages_migrated, over 10^6, with Ca = 56/8,
 * Cpte = Ca, Cnumahint = 5000, Ci = Ca + 12 (x86-64 values).  mmtests' own
 * line adding Cpagerw x numa_pages_migrated ends after a ';' and so never
 * counts; we follow what it computes.
 */
double cmp_autonuma_cost(const struct wl_run *r)
{
	const double ca = 56.0 / 8, cpte = ca, cnumahint = 5000, ci = ca + 12;

	return (cpte * r->pte_updates + cnumahint * r->hint_faults + ci * r->migrated) / 1e6;
}

const char *cmp_headline(const struct wl_run *r, char *buf, size_t len)
{
	if (r->skipped)
		snprintf(buf, len, "-");
	else if (r->failed)
		snprintf(buf, len, "failed");
	else if (r->w->kind == WL_MIGRATES && r->t_scanned < 0)
		snprintf(buf, len, "?");	/* no scan, no answer: the note says so */
	else if (r->w->kind == WL_MIGRATES)
		snprintf(buf, len, "%.2f", local_end(r));
	else if (r->w->kind == WL_COST)
		snprintf(buf, len, "%llu", wasted(r));
	else if (r->errors < 0)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%lld", r->errors);
	return buf;
}

const char *cmp_outcome(const struct wl_run *r)
{
	if (r->skipped)
		return "n/a";
	if (r->failed)
		return "failed";
	switch (r->w->kind) {
	case WL_MIGRATES:
		/* no scan, no answer: run_one() put the reason in the note */
		if (r->t_scanned < 0)
			return "n/a";
		/* a tenth of the memory migrated is no accident (noise: a few pages) */
		return local_end(r) >= 0.5 || r->migrated >= r->npages / 10 ? "moves" : "stays";
	case WL_COST:
		/* a hinting fault per eight pages: more than the runner's own noise */
		return wasted(r) > r->npages / 8 ? "wasted" : "none";
	case WL_CORRECTNESS:
		return r->errors < 0 ? "n/a" : r->errors ? "broken" : "correct";
	}
	return "n/a";
}

static void t90_str(const struct wl_run *r, char *buf, size_t len)
{
	if (r->t90 < 0)
		snprintf(buf, len, "never");
	else
		snprintf(buf, len, "%.1f", r->t90);
}

void cmp_print_table(const struct compare *c)
{
	int i;

	printf("%-12s %-11s %12s %12s %12s %14s %12s %10s\n", "policy", "workload", "hint_faults",
	       "vm_migrated", "t90_local_s", "invalidations", "pte_updates", "local_end");
	for (i = 0; i < c->npolicies; i++) {
		const struct wl_run *r = &c->runs[i][0];
		char t90[16];

		t90_str(r, t90, sizeof(t90));
		printf("%-12s %-11s %12llu %12llu %12s %14lld %12llu %10.3f\n",
		       cmp_policy_name(r->policy), r->w->name, r->hint_faults, r->migrated, t90,
		       r->mirror_invalidations < 0 ? 0 : r->mirror_invalidations, r->pte_updates,
		       local_end(r));
	}
}

static void print_row(FILE *f, const struct compare *c, const char *title,
		      void (*cell)(const struct wl_run *r, char *buf, size_t len))
{
	int i, j;

	fprintf(f, "\n%s\n%-12s", title, "policy");
	for (j = 0; j < c->nworkloads; j++)
		fprintf(f, " %11s", c->workloads[j]->name);
	fputc('\n', f);
	for (i = 0; i < c->npolicies; i++) {
		fprintf(f, "%-12s", cmp_policy_name(c->policies[i]));
		for (j = 0; j < c->nworkloads; j++) {
			char buf[32];

			if (c->runs[i][j].skipped)
				snprintf(buf, sizeof(buf), "-");
			else if (c->runs[i][j].failed)
				snprintf(buf, sizeof(buf), "failed");
			else
				cell(&c->runs[i][j], buf, sizeof(buf));
			fprintf(f, " %11s", buf);
		}
		fputc('\n', f);
	}
}

static void cell_headline(const struct wl_run *r, char *buf, size_t len)
{
	cmp_headline(r, buf, len);
}

static void cell_hints(const struct wl_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "%llu/%llu", r->hint_faults, r->migrated);
}

static void cell_per_page(const struct wl_run *r, char *buf, size_t len)
{
	if (r->migrated)
		snprintf(buf, len, "%.2f", (double)r->hint_faults / r->migrated);
	else
		snprintf(buf, len, "%s", r->hint_faults ? "inf" : "0");
}

static void cell_kvm(const struct wl_run *r, char *buf, size_t len)
{
	if (r->kvm_tlb_flushes < 0 && r->kvm_zapped < 0)
		snprintf(buf, len, ".");
	else
		snprintf(buf, len, "%lld/%lld", r->kvm_tlb_flushes, r->kvm_zapped);
}

static void cell_cost(const struct wl_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f", cmp_autonuma_cost(r));
}

void cmp_print_matrix(FILE *f, const struct compare *c)
{
	int i, j;

	fprintf(f, "gupnuma compare: kernel %s%s, %zu MiB %s on node %d, accessors on node %d, "
		"%.0f s per run\n", c->kernel, c->hook ? " (protnone hook: policies decide for the "
		"kernel's lookups)" : "", c->wl.size >> 20, c->wl.thp ? "THP" : "4K", c->wl.from,
		c->wl.to, c->wl.duration);
	print_row(f, c, "headline: fraction on the accessor's node at the end (migrating "
		  "workloads), kB missing (smaps), pages wrong (ksm, move-pages), accesses missed "
		  "+ pages wrong (rwp-*), wasted hinting faults (pinned); ?: no answer, see the notes",
		  cell_headline);
	print_row(f, c, "hinting faults / pages migrated (numa_hint_faults, numa_pages_migrated)",
		  cell_hints);
	print_row(f, c, "hinting faults per migrated page", cell_per_page);
	print_row(f, c, "KVM: remote TLB flushes / zapped stage-2 pages (debugfs; . = not KVM)",
		  cell_kvm);
	print_row(f, c, "AutoNUMA cost (mmtests' model)", cell_cost);
	fprintf(f, "\nnotes:\n");
	for (j = 0; j < c->nworkloads; j++) {
		for (i = 0; i < c->npolicies; i++) {
			const struct wl_run *r = &c->runs[i][j];

			if (r->note[0])
				fprintf(f, "  %s under %s: %s\n", r->w->name,
					cmp_policy_name(r->policy), r->note);
		}
	}
}

static void json_num(FILE *f, const char *key, long long v)
{
	if (v < 0)
		fprintf(f, ", \"%s\": null", key);
	else
		fprintf(f, ", \"%s\": %lld", key, v);
}

/* seconds, -1: never (null) */
static void json_seconds(FILE *f, const char *key, double v)
{
	if (v < 0)
		fprintf(f, ", \"%s\": null", key);
	else
		fprintf(f, ", \"%s\": %.2f", key, v);
}

/* @s in JSON string quotes (notes are ours: no control characters but '"'). */
void cmp_print_json(FILE *f, const struct compare *c)
{
	int i, j, first = 1;

	fprintf(f, "{\"kernel\": \"%s\", \"hook\": %s, \"size_mib\": %zu, \"thp\": %s, "
		"\"from\": %d, \"to\": %d, \"duration_s\": %.1f, \"interval_s\": %.3f, \"results\": [",
		c->kernel, c->hook ? "true" : "false", c->wl.size >> 20, c->wl.thp ? "true" : "false",
		c->wl.from, c->wl.to, c->wl.duration, c->wl.interval);
	for (i = 0; i < c->npolicies; i++) {
		for (j = 0; j < c->nworkloads; j++) {
			const struct wl_run *r = &c->runs[i][j];
			char head[32], needs[96];

			fprintf(f, "%s\n {\"policy\": \"%s\", \"workload\": \"%s\"", first ? "" : ",",
				cmp_policy_name(r->policy), r->w->name);
			cli_json_str(f, "kind", wl_kind_name(r->w->kind));
			fprintf(f, ", \"needs\": %s", wl_needs_text(r->w->needs, true, needs, sizeof(needs)));
			first = 0;
			cli_json_str(f, "headline", cmp_headline(r, head, sizeof(head)));
			cli_json_str(f, "outcome", cmp_outcome(r));
			fprintf(f, ", \"skipped\": %s, \"failed\": %s", r->skipped ? "true" : "false",
				r->failed ? "true" : "false");
			if (!r->skipped && !r->failed) {
				fprintf(f, ", \"local_end\": %.3f", local_end(r));
				json_seconds(f, "t90_local_s", r->t90);
				json_seconds(f, "t_scanned_s", r->t_scanned);
				fprintf(f, ", \"hint_faults\": %llu, \"pages_migrated\": %llu, "
					"\"wasted_hints\": %llu, \"pte_updates\": %llu, "
					"\"autonuma_cost\": %.3f, \"accesses\": %llu, \"npages\": %zu",
					r->hint_faults, r->migrated, wasted(r), r->pte_updates,
					cmp_autonuma_cost(r), r->accesses, r->npages);
				json_num(f, "errors", r->errors);
				cli_json_str(f, "error_unit", r->error_unit ? r->error_unit : "");
				json_num(f, "kvm_remote_tlb_flush", r->kvm_tlb_flushes);
				json_num(f, "kvm_remote_tlb_flush_requests", r->kvm_tlb_flush_requests);
				json_num(f, "kvm_mmu_shadow_zapped", r->kvm_zapped);
				json_num(f, "mirror_invalidations", r->mirror_invalidations);
			}
			cli_json_str(f, "note", r->note);
			fputc('}', f);
		}
	}
	fprintf(f, "\n]}\n");
}

/* The writers of --out's files: each writes one file for the whole comparison. */
static void write_matrix_csv(FILE *f, const struct compare *c, int unused)
{
	int i, j;

	fprintf(f, "policy,workload,headline,outcome,local_end,t90_local_s,hint_faults,"
		"pages_migrated,wasted_hints,pte_updates,autonuma_cost,errors,kvm_remote_tlb_flush,"
		"kvm_mmu_shadow_zapped,mirror_invalidations\n");
	for (i = 0; i < c->npolicies; i++)
		for (j = 0; j < c->nworkloads; j++) {
			const struct wl_run *r = &c->runs[i][j];
			char head[32];

			fprintf(f, "%s,%s,%s,%s,%.3f,%.2f,%llu,%llu,%llu,%llu,%.3f,%lld,%lld,%lld,%lld\n",
				cmp_policy_name(r->policy), r->w->name,
				cmp_headline(r, head, sizeof(head)), cmp_outcome(r), local_end(r),
				r->t90, r->hint_faults, r->migrated, wasted(r), r->pte_updates,
				cmp_autonuma_cost(r), r->errors, r->kvm_tlb_flushes, r->kvm_zapped,
				r->mirror_invalidations);
		}
	(void)unused;
}

static void write_samples_csv(FILE *f, const struct compare *c, int unused)
{
	int i, j, k;

	fprintf(f, "policy,workload,t_s,local_fraction,hint_faults,pages_migrated,pte_updates\n");
	for (i = 0; i < c->npolicies; i++)
		for (j = 0; j < c->nworkloads; j++)
			for (k = 0; k < c->runs[i][j].nsamples; k++) {
				const struct wl_sample *s = &c->runs[i][j].samples[k];

				fprintf(f, "%s,%s,%.3f,%.4f,%llu,%llu,%llu\n",
					cmp_policy_name(c->policies[i]), c->workloads[j]->name, s->t,
					s->local, s->hint_faults, s->migrated, s->pte_updates);
			}
	(void)unused;
}

static void write_json(FILE *f, const struct compare *c, int unused)
{
	cmp_print_json(f, c);
	(void)unused;
}

static void write_matrix_txt(FILE *f, const struct compare *c, int unused)
{
	cmp_print_matrix(f, c);
	(void)unused;
}

/* @write(f, c, arg) into --out/@name; 0 or an exit status. */
static int write_file(const struct compare *c, const char *name,
		      void (*write)(FILE *f, const struct compare *c, int arg), int arg)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", c->out, name);
	f = fopen(path, "w");
	if (!f)
		return cli_error("cannot write %s: %s", path, strerror(errno));
	write(f, c, arg);
	if (fclose(f))
		return cli_error("cannot write %s: %s", path, strerror(errno));
	return 0;
}

int cmp_write_outputs(const struct compare *c)
{
	static const struct {
		const char *name;
		void (*write)(FILE *f, const struct compare *c, int arg);
	} files[] = {
		{ "compare.json", write_json }, { "matrix.txt", write_matrix_txt },
		{ "matrix.csv", write_matrix_csv }, { "samples.csv", write_samples_csv },
	};
	char title[256];
	int i, err = 0;

	if (mkdir(c->out, 0755) && errno != EEXIST)
		return cli_error("cannot create %s: %s", c->out, strerror(errno));
	for (i = 0; i < (int)(sizeof(files) / sizeof(files[0])) && !err; i++)
		err = write_file(c, files[i].name, files[i].write, 0);
	if (err)
		return err;
	snprintf(title, sizeof(title), "%zu MiB %s, node %d -> node %d, kernel %s", c->wl.size >> 20,
		 c->wl.thp ? "THP" : "4K", c->wl.from, c->wl.to, c->kernel);
	return cmp_plot(c->out, title, false);
}
