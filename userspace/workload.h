/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workloads of `gupnuma compare`: real activities whose page lookups meet
 * protnone entries, with the memory on node A and the accessor on node B.
 * Each is one ops entry (struct workload) in the table of workload.c; the
 * runner (cmd_compare.c) calls prepare, then access once per interval, then
 * check and teardown, and samples the figures every workload shares.
 */
#ifndef GUPNUMA_WORKLOAD_H
#define GUPNUMA_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define WL_MAX_SAMPLES	4096
#define WL_KERNEL	(-1)	/* "policy" of a run without gupnuma: the running kernel's */

/* What a workload needs from the running kernel (struct workload.needs). */
#define WL_NEEDS_MODULE	(1U << 0)	/* /dev/gupnuma */
#define WL_NEEDS_KVM	(1U << 1)	/* /dev/kvm */
#define WL_NEEDS_CMA	(1U << 2)	/* process_vm_readv (CONFIG_CROSS_MEMORY_ATTACH) */
#define WL_NEEDS_BRD	(1U << 3)	/* /dev/ram0 (CONFIG_BLK_DEV_RAM) */
#define WL_NEEDS_KSM	(1U << 4)	/* /sys/kernel/mm/ksm */
#define WL_NEEDS_URING	(1U << 5)	/* io_uring (fixed buffers pin the memory) */
#define WL_NEEDS_RWP	(1U << 6)	/* userfaultfd RWP (Linux 7.3, CONFIG_USERFAULTFD_RWP) */

/* How a workload's headline figure reads. */
enum wl_kind {
	WL_MIGRATES,	/* headline: fraction of the memory on the accessor's node at the end */
	WL_CORRECTNESS,	/* headline: errors (kB or pages) an inspection made; 0 is right */
	WL_COST,	/* headline: hinting faults that could not migrate anything */
};

struct wl_params {
	size_t size;		/* bytes */
	bool thp;
	int from, to;		/* memory starts on node A (from), accessor on node B (to) */
	double duration, interval;	/* seconds */
};

struct wl_sample {
	double t, local;
	unsigned long long hint_faults, migrated, pte_updates;
};

/* One workload under one policy: its state and everything it measured. */
struct wl_run {
	const struct workload *w;
	const struct wl_params *p;
	int policy;		/* the CLI's registry index, or WL_KERNEL */
	/* set by prepare: the measured memory, and whose it is (0: ours) */
	char *area;
	char *raw;		/* what wl_map_placed() mapped around area */
	size_t npages;
	bool landed;		/* wl_map_placed() saw it land on node A */
	pid_t pid;
	void *priv;		/* the workload's own state */
	int fd;			/* the workload's device or file, -1: none */
	int accessor_cpu;
	/* figures */
	struct wl_sample *samples;
	int nsamples;
	double t90;				/* first time >= 90 % local, -1: never */
	double t_scanned;			/* first time wl_scanned(), -1: never */
	/*
	 * numa_hint_faults, system-wide (the runner's own stack and heap add a
	 * few); a workload that counts the hinting faults of its own accesses
	 * (the module's engines report them) sets own_hint_count and keeps it here.
	 */
	unsigned long long hint_faults;
	bool own_hint_count;
	unsigned long long migrated;		/* numa_pages_migrated (system-wide) */
	unsigned long long pte_updates;		/* numa_pte_updates: entries made protnone */
	unsigned long long accesses;		/* passes/calls the accessor made */
	long long errors;			/* correctness errors (WL_CORRECTNESS), -1: n/a */
	const char *error_unit;			/* "kB", "pages" */
	long long kvm_tlb_flushes, kvm_tlb_flush_requests, kvm_zapped;	/* -1: n/a */
	long long mirror_invalidations;		/* -1: n/a */
	char note[160];				/* why a cell has no figure, or a caveat */
	/*
	 * Set by access: the workload measured what it measures (a correctness
	 * check done); the runner ends the run before the duration.
	 */
	bool done;
	/*
	 * Set by prepare: the measurement needs NUMA balancing's scan first
	 * (move-pages).  The runner then waits for done up to WL_SCAN_WAIT_S
	 * when the duration is shorter: a scan late on a loaded host is not
	 * the kernel's answer.  A WL_MIGRATES run waits for the scan alone
	 * (see run_goes_on() in cmd_compare.c).
	 */
	bool awaits_scan;
	/*
	 * Set by prepare: the measurement is a number of rounds, not a span of
	 * time (the rwp workloads).  The runner goes on past the duration
	 * until done, up to WL_SCAN_WAIT_S, so that a slow host gives the
	 * same rounds later instead of a failed cell.
	 */
	bool until_done;
	bool skipped;				/* the kernel cannot run it: note says why */
	bool failed;				/* it failed on this kernel: note says how */
};

struct workload {
	const char *name;
	const char *doc;		/* what it stands for in real life, one line */
	enum wl_kind kind;
	unsigned int needs;		/* WL_NEEDS_* */
	/*
	 * The accessor runs on its own (a vCPU thread) or the scanned memory is
	 * another process's: the runner sleeps between accesses.  Otherwise it
	 * spins on node B, so that its own ticks drive NUMA balancing's scan.
	 */
	bool sleeps;
	/* measured at the PMD level too: the matrix's --thp run has it */
	bool thp;
	/* 0, or an exit status (EXIT_*) with the reason printed */
	int (*prepare)(struct wl_run *r);
	/* one interval's accesses; 0 or an exit status */
	int (*access)(struct wl_run *r);
	/* end of the run: correctness figures, KVM counters; optional */
	int (*check)(struct wl_run *r);
	/* undo everything prepare did; safe after a failed prepare */
	void (*teardown)(struct wl_run *r);
};

extern const struct workload *const workloads[];
extern const unsigned int nr_workloads;
const struct workload *workload_find(const char *name);
/* 0 if the running kernel can run @w, else a note (why not) in @why. */
int workload_supported(const struct workload *w, char *why, size_t len);
/* The names of a kind, and of a WL_NEEDS_* bit ("module", "kvm", ...; NULL past the last). */
const char *wl_kind_name(enum wl_kind kind);
const char *wl_need_name(unsigned int bit);
/* @needs as "kvm+rwp" ("-" for none), or with @json as ["kvm", "rwp"]; in @buf */
const char *wl_needs_text(unsigned int needs, bool json, char *buf, size_t len);

/* Helpers the workloads share (workload.c). */
/*
 * r->area on node A (checked there, before any accessor of the workload
 * starts: r->landed), then scanned; with @pin_fd, shared memory that
 * io_uring long-term pinned before NUMA balancing could scan it (an fd, or
 * -1).
 */
int wl_map_placed(struct wl_run *r, int *pin_fd);
void wl_unmap(struct wl_run *r);
/* fork a child that spins on node A's CPU, its memory placed there: r->pid */
int wl_spawn_target(struct wl_run *r);
void wl_kill_target(struct wl_run *r);
/* NUMA balancing made 90 % of r->npages entries protnone: @pte_updates of them since the start */
bool wl_scanned(const struct wl_run *r, long pte_updates);
/* KVM's counters since @st0 into @r (every workload that needs KVM reports them) */
struct gn_vm;
struct gn_vm_stats;
void wl_kvm_counters(struct wl_run *r, struct gn_vm *vm, const struct gn_vm_stats *st0);
/* how long a run that awaits the scan waits for it, in seconds */
#define WL_SCAN_WAIT_S 30.0

#endif
