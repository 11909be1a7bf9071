// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma plot DIR [--title TEXT]: gnuplot scripts, and with gnuplot the PNGs,
 * of the fraction of memory on the accessor's node over time, from
 * DIR/samples.csv (rows "SERIES,WORKLOAD,t_s,local_fraction,...": what
 * compare --out writes, a series per policy; testbed/fidelity.py writes the
 * matrix's, a series per policy and per real kernel).  One script per
 * workload that is not a correctness check (WORKLOAD.gp) and one page of
 * them all (overview.gp, titled --title).  A series named real-* (a real kernel's row) is drawn
 * dashed.  The one writer of gupnuma's plots.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "workload.h"

#define PLOT_MAX	64	/* series, and workloads */
#define PLOT_NAME	64

struct plot {
	const char *dir, *title;
	char series[PLOT_MAX][PLOT_NAME];
	int nseries;
	char workloads[PLOT_MAX][PLOT_NAME];
	int nworkloads;
};

/* One colour per series: gnuplot's default eight repeat too soon. */
static const char *const colours[] = {
	"#9400d3", "#009e73", "#56b4e9", "#e69f00", "#c0a000", "#0072b2", "#e51e10",
	"#000000", "#7f7f7f", "#d55e00",
};

void cmd_plot_usage(FILE *out)
{
	fprintf(out,
		"usage: gupnuma plot DIR [--title TEXT]\n"
		"  DIR/samples.csv (compare --out's) -> DIR/WORKLOAD.gp, DIR/overview.gp (TEXT\n"
		"  its title) and, with gnuplot, their PNGs; a series named real-* is dashed\n");
}

/* Index of @name in @names (added if new); -1 when full or too long. */
static int name_index(char (*names)[PLOT_NAME], int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(names[i], name))
			return i;
	/* a name goes into gnuplot's quotes: no quote, no backslash */
	if (*n == PLOT_MAX || strlen(name) >= PLOT_NAME || !*name || strpbrk(name, "'\\\n"))
		return -1;
	strcpy(names[*n], name);
	return (*n)++;
}

/* The series and workloads of DIR/samples.csv, in order of appearance. */
static int read_samples(struct plot *p)
{
	char path[512], line[512], *series, *wl, *save;
	unsigned int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/samples.csv", p->dir);
	f = fopen(path, "r");
	if (!f)
		return cli_error("cannot read %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (!n++) {
			if (strncmp(line, "policy,workload,t_s,local_fraction", 34)) {
				fclose(f);
				return cli_error("%s: not compare --out's samples.csv (its header)", path);
			}
			continue;
		}
		series = strtok_r(line, ",", &save);
		wl = strtok_r(NULL, ",", &save);
		if (!series || !wl || name_index(p->series, &p->nseries, series) < 0 ||
		    name_index(p->workloads, &p->nworkloads, wl) < 0) {
			fclose(f);
			return cli_error("%s:%u: not SERIES,WORKLOAD,... (names without ' or \\, "
					 "at most %d of either)", path, n, PLOT_MAX);
		}
	}
	fclose(f);
	return 0;
}

/* A workload to plot: one that migrates (those the CLI does not know too). */
static bool plotted(const char *name)
{
	const struct workload *w = workload_find(name);

	return !w || w->kind != WL_CORRECTNESS;
}

static void panel(FILE *f, const struct plot *p, const char *wl)
{
	int i;

	fprintf(f, "set title '%s'\nset xlabel 'time (s)'\n"
		"set ylabel 'fraction on the accessor''s node'\nset yrange [-0.02:1.05]\nplot ", wl);
	for (i = 0; i < p->nseries; i++) {
		bool real = !strncmp(p->series[i], "real-", 5);

		fprintf(f, "%s'samples.csv' using 3:(strcol(1) eq '%s' && strcol(2) eq '%s' ? $4 : 1/0)"
			" with lines lw %d dt %d lc rgb '%s' title '%s'", i ? ", \\\n     " : "",
			p->series[i], wl, real ? 3 : 2, real ? 2 : 1,
			colours[i % (sizeof(colours) / sizeof(colours[0]))], p->series[i]);
	}
	fprintf(f, "\n");
}

static const char plot_head[] = "set datafile separator ','\nset grid\nset key outside right font ',9'\n";

static FILE *open_script(const struct plot *p, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.gp", p->dir, name);
	f = fopen(path, "w");
	if (!f)
		cli_error("cannot write %s: %s", path, strerror(errno));
	return f;
}

static int write_scripts(const struct plot *p)
{
	int j, panels = 0;
	FILE *f;

	for (j = 0; j < p->nworkloads; j++) {
		if (!plotted(p->workloads[j]))
			continue;
		panels++;
		f = open_script(p, p->workloads[j]);
		if (!f)
			return 1;
		fprintf(f, "set terminal pngcairo size 900,540 noenhanced\nset output '%s.png'\n%s",
			p->workloads[j], plot_head);
		panel(f, p, p->workloads[j]);
		if (fclose(f))
			return cli_error("cannot write %s/%s.gp", p->dir, p->workloads[j]);
	}
	f = open_script(p, "overview");
	if (!f)
		return 1;
	fprintf(f, "set terminal pngcairo size 1800,%d noenhanced\nset output 'overview.png'\n%s"
		"set multiplot layout %d,3 title 'gupnuma: %s'\n", 330 * ((panels + 2) / 3), plot_head,
		(panels + 2) / 3, p->title ? p->title : "fraction on the accessor''s node");
	for (j = 0; j < p->nworkloads; j++)
		if (plotted(p->workloads[j]))
			panel(f, p, p->workloads[j]);
	fprintf(f, "unset multiplot\n");
	return fclose(f) ? cli_error("cannot write %s/overview.gp", p->dir) : 0;
}

int cmp_plot(const char *dir, const char *title, bool need_samples)
{
	struct plot *p = calloc(1, sizeof(*p));
	char cmd[768];
	int err;

	if (!p)
		return cli_error("out of memory");
	p->dir = dir;
	p->title = title;
	err = read_samples(p);
	if (!err && !p->nseries) {
		/* compare --out of correctness workloads only: nothing to draw */
		free(p);
		return need_samples ? cli_error("%s/samples.csv: no samples", dir) : 0;
	}
	if (!err)
		err = write_scripts(p);
	free(p);
	if (err || system("command -v gnuplot >/dev/null 2>&1"))
		return err;
	snprintf(cmd, sizeof(cmd), "cd '%s' && for g in *.gp; do gnuplot \"$g\" || exit 1; done", dir);
	return system(cmd) ? cli_error("gnuplot failed; the scripts are in %s", dir) : 0;
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' }, {},
	};
	const char *title = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 't': title = optarg; break;
		case 'h': cmd_plot_usage(stdout); return 0;
		default: return cli_usage_error(cmd_plot_usage, NULL);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(cmd_plot_usage, "plot what? (a directory of compare --out)");
	if (title && strchr(title, '\''))
		return cli_usage_error(cmd_plot_usage, "--title: no ' in the title");
	return cmp_plot(argv[optind], title, true);
}
