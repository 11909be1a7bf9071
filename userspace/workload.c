// SPDX-License-Identifier: GPL-2.0
/*
 * The table of workloads and what they share: memory placed on node A and
 * scanned by NUMA balancing, a target process for the cross-process
 * workloads, and the wait for NUMA balancing's scan.
 */
#include <errno.h>
#include <fcntl.h>
#include <numa.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"
#include "lib/kvm_vm.h"
#include "lib/numa_mem.h"
#include "lib/uffd_rwp.h"
#include "lib/uring_pin.h"
#include "workload.h"

/* The workloads, one file each under workloads/, in the order of the matrix's columns. */
extern const struct workload wl_mirror, wl_gup, wl_cpu, wl_kvm_read, wl_kvm_write,
	wl_pinned, wl_remote_read, wl_debugger, wl_direct_io, wl_smaps, wl_ksm,
	wl_move_pages, wl_pinned_hmm, wl_rwp_tracker, wl_rwp_kvm;
const struct workload *const workloads[] = {
	&wl_mirror, &wl_gup, &wl_cpu, &wl_kvm_read, &wl_kvm_write, &wl_pinned, &wl_pinned_hmm,
	&wl_remote_read, &wl_debugger, &wl_direct_io, &wl_smaps, &wl_ksm, &wl_move_pages,
	&wl_rwp_tracker, &wl_rwp_kvm,
};
const unsigned int nr_workloads = sizeof(workloads) / sizeof(workloads[0]);

const struct workload *workload_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_workloads; i++)
		if (!strcmp(workloads[i]->name, name))
			return workloads[i];
	return NULL;
}

const char *wl_kind_name(enum wl_kind kind)
{
	static const char *const names[] = {
		[WL_MIGRATES] = "migrates", [WL_CORRECTNESS] = "correctness", [WL_COST] = "cost",
	};

	return (unsigned int)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

/* process_vm_readv of one byte of our own memory: ENOSYS without CMA. */
static bool have_cross_memory_attach(void)
{
	char src = 1, dst = 0;
	struct iovec l = { &dst, 1 }, r = { &src, 1 };

	return process_vm_readv(getpid(), &l, 1, &r, 1, 0) == 1;
}

static bool have_module(void) { return !access(GUPNUMA_DEV_PATH, F_OK); }
static bool have_kvm(void) { return !access("/dev/kvm", F_OK); }
static bool have_brd(void) { return !access("/dev/ram0", F_OK); }
static bool have_ksm(void) { return !access("/sys/kernel/mm/ksm/run", F_OK); }
static bool have_uring(void) { return !gn_uring_available(); }
static bool have_rwp(void) { return gn_rwp_available(); }

/* The WL_NEEDS_* bits, by bit: name, what a run without it says, the check. */
static const struct {
	const char *name, *missing;
	bool (*have)(void);
} needs[] = {
	{ "module", "needs the gupnuma module", have_module },
	{ "kvm", "needs /dev/kvm", have_kvm },
	{ "cma", "needs process_vm_readv (CONFIG_CROSS_MEMORY_ATTACH)", have_cross_memory_attach },
	{ "brd", "needs /dev/ram0 (brd)", have_brd },
	{ "ksm", "needs KSM", have_ksm },
	{ "uring", "needs io_uring", have_uring },
	{ "rwp", "needs userfaultfd RWP (Linux 7.3, CONFIG_USERFAULTFD_RWP)", have_rwp },
};
_Static_assert(WL_NEEDS_RWP == 1U << (sizeof(needs) / sizeof(needs[0]) - 1),
	       "each WL_NEEDS_* bit has its row, the last is WL_NEEDS_RWP");

const char *wl_need_name(unsigned int bit)
{
	return bit < sizeof(needs) / sizeof(needs[0]) ? needs[bit].name : NULL;
}

const char *wl_needs_text(unsigned int needs, bool json, char *buf, size_t len)
{
	const char *name;
	size_t n = 0;
	unsigned int bit;

	n += snprintf(buf, len, "%s", json ? "[" : "");
	for (bit = 0; (name = wl_need_name(bit)); bit++)
		if (needs & (1U << bit))
			n += snprintf(buf + n, n < len ? len - n : 0, json ? "%s\"%s\"" : "%s%s",
				      n > (json ? 1 : 0) ? (json ? ", " : "+") : "", name);
	if (json)
		snprintf(buf + n, n < len ? len - n : 0, "]");
	else if (!n)
		snprintf(buf, len, "-");
	return buf;
}

static long long delta(long long now, long long then)
{
	return now < 0 || then < 0 ? -1 : now - then;
}

void wl_kvm_counters(struct wl_run *r, struct gn_vm *vm, const struct gn_vm_stats *st0)
{
	struct gn_vm_stats st;

	gn_vm_stats(vm, &st);
	r->kvm_tlb_flushes = delta(st.remote_tlb_flush, st0->remote_tlb_flush);
	r->kvm_tlb_flush_requests = delta(st.remote_tlb_flush_requests,
					  st0->remote_tlb_flush_requests);
	r->kvm_zapped = delta(st.mmu_shadow_zapped, st0->mmu_shadow_zapped);
}

int workload_supported(const struct workload *w, char *why, size_t len)
{
	unsigned int bit;

	for (bit = 0; bit < sizeof(needs) / sizeof(needs[0]); bit++)
		if ((w->needs & (1U << bit)) && !needs[bit].have()) {
			snprintf(why, len, "%s", needs[bit].missing);
			return -1;
		}
	return 0;
}

int wl_map_placed(struct wl_run *r, int *pin_fd)
{
	const struct wl_params *p = r->p;
	int err;

	r->npages = p->size / 4096;
	if (pin_fd) {
		*pin_fd = -1;
		r->area = mmap(NULL, p->size, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (r->area == MAP_FAILED)
			r->area = NULL;
	} else {
		r->area = gn_map_aligned(p->size, p->thp, &r->raw);
	}
	if (!r->area)
		return cli_error("cannot map %zu MiB: %s", p->size >> 20, strerror(errno));
	err = gn_populate(r->area, p->size, p->from);
	if (err)
		return cli_error("placing the memory on node %d: %s", p->from, strerror(-err));
	/*
	 * Here, not after prepare: a KVM workload's vCPU starts reading from
	 * node B in prepare, and a THP it moved meanwhile is a quarter of 8 MiB
	 */
	if (gn_node_fraction(0, r->area, r->npages, p->from) < 0.9)
		return cli_error("%s: the memory did not land on node %d", r->w->name, p->from);
	r->landed = true;
	/*
	 * Pin before NUMA balancing may scan the range: a pin through a
	 * protnone entry under a policy that honors hinting would take the
	 * fault here, on node B, and move the memory before the run begins.
	 */
	if (pin_fd) {
		*pin_fd = gn_uring_pin(r->area, p->size);
		if (*pin_fd < 0)
			return cli_error("io_uring cannot pin %zu MiB: %s", p->size >> 20,
					 strerror(-*pin_fd));
	}
	err = gn_let_balance(r->area, p->size, p->from, p->to);
	if (err)
		return cli_error("letting NUMA balancing move the memory: %s", strerror(-err));
	return 0;
}

void wl_unmap(struct wl_run *r)
{
	if (r->raw)
		munmap(r->raw, r->p->size + GN_THP_SIZE);
	else if (r->area)
		munmap(r->area, r->p->size);
	r->area = NULL;
	r->raw = NULL;
}

/* The target's second thread: it only makes the target multi-threaded. */
static void *idle_thread(void *arg)
{
	for (;;)
		pause();
	return arg;
}

/*
 * The target of the cross-process workloads: a child that places its memory
 * on node A, reports the address through a pipe and then spins on node A's
 * CPU, so its own ticks drive NUMA balancing's scan of its mm.  Two things
 * keep that scan making its memory protnone, as it does for a real
 * application's:
 * - a second, idle thread: change_pte_range() leaves alone the pages of a
 *   single-threaded process that are on the node it runs on (mm_users == 1);
 * - every 20 ms it reads the first page: since 6.4 (fc137c0ddab2) the scanner
 *   skips VMAs in which the scanning task took no hinting fault lately.  Its
 *   faults on that page are local (node A) and move nothing; the other pages
 *   stay protnone for the reader to meet.
 * It dies with us (PR_SET_PDEATHSIG).
 */
int wl_spawn_target(struct wl_run *r)
{
	const struct wl_params *p = r->p;
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return cli_error("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return cli_error("fork: %s", strerror(errno));
	}
	if (pid == 0) {
		char *addr = NULL;
		volatile unsigned long spin = 0;

		pthread_t idle;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(fds[0]);
		numa_run_on_node(p->from);
		if (pthread_create(&idle, NULL, idle_thread, NULL))
			_exit(1);
		if (wl_map_placed(r, NULL))
			addr = NULL;
		else
			addr = r->area;
		if (write(fds[1], &addr, sizeof(addr)) != sizeof(addr) || !addr)
			_exit(1);
		for (;;) {
			double next = gn_now() + 0.02;

			spin += *(volatile char *)addr;
			while (gn_now() < next)
				spin++;
		}
	}
	close(fds[1]);
	r->pid = pid;
	r->npages = p->size / 4096;
	if (read(fds[0], &r->area, sizeof(r->area)) != sizeof(r->area) || !r->area) {
		close(fds[0]);
		return cli_error("the target process could not place its memory");
	}
	close(fds[0]);
	return 0;
}

void wl_kill_target(struct wl_run *r)
{
	if (r->pid > 0) {
		kill(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
	}
	r->pid = 0;
	r->area = NULL;
}

bool wl_scanned(const struct wl_run *r, long pte_updates)
{
	return pte_updates >= (long)(r->npages * 9 / 10);
}
