/* SPDX-License-Identifier: GPL-2.0 */
/* gupnuma compare: the runner (cmd_compare.c) and its reports (compare_report.c). */
#ifndef GUPNUMA_COMPARE_H
#define GUPNUMA_COMPARE_H

#include <gupnuma/policy.h>

#include "workload.h"

#define CMP_MAX_POLICIES	(GUPNUMA_MAX_POLICIES + 1)	/* + the running kernel */
#define CMP_MAX_WORKLOADS	32

struct compare {
	struct wl_params wl;
	const struct workload *workloads[CMP_MAX_WORKLOADS];
	int nworkloads;
	int policies[CMP_MAX_POLICIES];		/* policy ids, or WL_KERNEL */
	int npolicies;
	const char *out;
	bool json;
	bool matrix;		/* several workloads (or --workloads): the matrix report */
	char kernel[128];	/* uname -r */
	bool hook;		/* the kernel has the protnone hook: policies govern its lookups */
	/* results[policy index][workload index] */
	struct wl_run runs[CMP_MAX_POLICIES][CMP_MAX_WORKLOADS];
};

const char *cmp_policy_name(int policy);
/* The headline figure of a run, as the matrix prints it (into @buf). */
const char *cmp_headline(const struct wl_run *r, char *buf, size_t len);
/* Qualitative outcome: "moves", "stays", "correct", "broken", "wasted", "none", "n/a". */
const char *cmp_outcome(const struct wl_run *r);
double cmp_autonuma_cost(const struct wl_run *r);

void cmp_print_table(const struct compare *c);		/* one workload: a row per policy */
void cmp_print_matrix(FILE *f, const struct compare *c);	/* a row per policy, a column per workload */
void cmp_print_json(FILE *f, const struct compare *c);
int cmp_write_outputs(const struct compare *c);		/* --out: CSV, JSON, gnuplot, PNG */
/* DIR/samples.csv's plots: gnuplot scripts, PNGs with gnuplot (cmd_plot.c);
 * without samples, an error only if @need_samples */
int cmp_plot(const char *dir, const char *title, bool need_samples);

#endif
