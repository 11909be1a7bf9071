// SPDX-License-Identifier: GPL-2.0
/*
 * numa_hinting_test: KVM secondary-MMU faults must trigger NUMA hinting.
 *
 * A guest's accesses reach host memory through NPT/EPT; their faults go
 * hva_to_pfn() -> GUP(FOLL_HONOR_NUMA_FAULT) -> do_numa_page().  If GUP stops
 * honoring hinting (policy `never`), NUMA balancing goes blind for VMs.
 *
 * Shaped as the kernel's memstress tests (dirty_log_perf_test,
 * demand_paging_test), on its memstress library: main() parses, run_test()
 * runs.  The test memory is memstress's memslot of anonymous memory (4K
 * pages, or THP with -t), first touched by the host from a CPU of node A so
 * it lands there; the vCPUs, pinned to a CPU of node B, run memstress's guest
 * (every page of their slice once per pass, written, or read with -r) while
 * NUMA balancing scans (debugfs knobs turned down).  Measured from the VM
 * process's own numbers: numa_hint_faults (/proc/vmstat delta), this task's
 * NUMA faults (/proc/self/sched numa_faults), and move_pages(2) status of the
 * memslot's host addresses, as the fraction local to node B over time.
 * Asserted: hinting faults were taken and pages migrated toward node B.
 * A vCPU that does not return from KVM_RUN once told to stop (a stage-2
 * fault KVM replays forever: arm64 with THP under a policy that lets KVM's
 * GUP follow protnone, docs/arm64.md) ends the test with EXIT_LIVELOCK.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm_util.h"
#include "memstress.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "numa_test_util.h"

#define MAX_VCPUS 8

struct test_params {
	size_t size;
	int nr_vcpus;
	unsigned long max_iters;
	bool thp;
	bool expect_none;
	bool read_only;
	int seconds;
	int node_a, node_b;
	double want_local;
};

static unsigned long max_iters;
static unsigned long vcpu_iters[MAX_VCPUS];

/*
 * The vCPUs get STOP_GRACE_S to leave KVM_RUN once told to stop: the rest of
 * a pass over the memslot, milliseconds on hardware, at most a second or two
 * under TCG.
 */
#define STOP_GRACE_S	10
#define EXIT_LIVELOCK	3
static bool vcpus_joined;

static void *stop_watchdog(void *arg)
{
	double deadline = gn_now() + STOP_GRACE_S;

	while (!READ_ONCE(vcpus_joined)) {
		if (gn_now() > deadline) {
			printf("livelock: %lu guest passes, and no vCPU left KVM_RUN %d s after the stop\n",
			       (unsigned long)(uintptr_t)arg, STOP_GRACE_S);
			fflush(stdout);
			_exit(EXIT_LIVELOCK);
		}
		usleep(100000);
	}
	return NULL;
}

/*
 * A vCPU thread (memstress pins it to a CPU of node B): run the memstress
 * guest, which touches every page of its slice once per pass, pass after pass.
 */
static void vcpu_worker(struct memstress_vcpu_args *vcpu_args)
{
	struct kvm_vcpu *vcpu = vcpu_args->vcpu;
	int i = vcpu_args->vcpu_idx;
	struct ucall uc;

	while (!READ_ONCE(memstress_args.stop_vcpus) &&
	       (!max_iters || READ_ONCE(vcpu_iters[i]) < max_iters)) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			WRITE_ONCE(vcpu_iters[i], vcpu_iters[i] + 1);
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("unexpected exit %s", exit_reason_str(vcpu->run->exit_reason));
		}
	}
}

/* Run the vCPUs until the memslot is local enough, the passes are done, or time is up. */
static long run_vcpus(const struct test_params *p, void *hva, long npages, long hint0)
{
	double start = gn_now(), next_report = start;
	pthread_t watchdog;
	unsigned long iters;
	long local = 0;
	bool running;
	int i;

	memstress_start_vcpu_threads(p->nr_vcpus, vcpu_worker);
	while (gn_now() - start < p->seconds) {
		usleep(100000);
		running = false;
		for (i = 0, iters = 0; i < p->nr_vcpus; i++) {
			iters += READ_ONCE(vcpu_iters[i]);
			running |= !p->max_iters || READ_ONCE(vcpu_iters[i]) < p->max_iters;
		}
		if (gn_now() >= next_report || !running) {
			next_report += 2;
			local = pages_on_node(hva, p->size, p->node_b);
			printf("t=%.1fs guest_passes=%lu numa_hint_faults=+%ld local_to_vcpu=%.3f\n",
			       gn_now() - start, iters, gn_vmstat("numa_hint_faults") - hint0,
			       (double)local / npages);
			if ((double)local / npages >= p->want_local)
				break;
		}
		if (!running)
			break;
	}
	WRITE_ONCE(memstress_args.stop_vcpus, true);
	for (i = 0, iters = 0; i < p->nr_vcpus; i++)
		iters += READ_ONCE(vcpu_iters[i]);
	TEST_ASSERT(!pthread_create(&watchdog, NULL, stop_watchdog, (void *)(uintptr_t)iters),
		    "pthread_create");
	memstress_join_vcpu_threads(p->nr_vcpus);
	WRITE_ONCE(vcpus_joined, true);
	pthread_join(watchdog, NULL);
	printf("%s, %d vCPU(s): %.1f s\n", p->thp ? "THP" : "4K", p->nr_vcpus, gn_now() - start);
	return pages_on_node(hva, p->size, p->node_b);
}

static void run_test(const struct test_params *p)
{
	int cpu_a = gn_first_cpu(p->node_a), cpu_b = gn_first_cpu(p->node_b), i;
	long hint0, hint1, local, npages = p->size / getpagesize();
	struct kvm_vm *vm;
	void *hva;

	__TEST_REQUIRE(cpu_a >= 0 && cpu_b >= 0, "needs CPUs on NUMA nodes 0 and 1");
	TEST_ASSERT(npages >= p->nr_vcpus, "the memslot is smaller than a page per vCPU");
	numa_knobs_fast();

	vm = memstress_create_vm(VM_MODE_DEFAULT, p->nr_vcpus, p->size / p->nr_vcpus, 1,
				 p->thp ? VM_MEM_SRC_ANONYMOUS_THP : VM_MEM_SRC_ANONYMOUS, true);
	memstress_set_write_percent(vm, p->read_only ? 0 : 100);
	memstress_args.pin_vcpus = true;
	for (i = 0; i < p->nr_vcpus; i++)
		memstress_args.vcpu_to_pcpu[i] = cpu_b;
	max_iters = p->max_iters;
	hva = addr_gpa2hva(vm, memstress_args.gpa);

	/* First touch from node A: the memory starts there. */
	run_on_cpu(cpu_a);
	memset(hva, 1, p->size);
	TEST_ASSERT(pages_on_node(hva, p->size, p->node_a) > npages * 9 / 10,
		    "memslot not on node %d after first touch", p->node_a);
	/* The vCPUs, and this thread, run on node B. */
	run_on_cpu(cpu_b);
	hint0 = gn_vmstat("numa_hint_faults");
	local = run_vcpus(p, hva, npages, hint0);
	hint1 = gn_vmstat("numa_hint_faults");
	printf("numa_hint_faults +%ld, numa_pages_migrated %ld, %ld of %ld pages local to the vCPUs\n",
	       hint1 - hint0, gn_vmstat("numa_pages_migrated"), local, npages);
	if (p->expect_none) {
		/*
		 * numa_hint_faults is system-wide and counts the guest's writes to
		 * its stack and ucall pages (another memslot) too: what belongs
		 * to the test memslot alone is its placement, which only hinting
		 * faults change.
		 */
		TEST_ASSERT(local <= npages / 100,
			    "%ld pages of the test memslot migrated to node %d", local, p->node_b);
	} else {
		TEST_ASSERT(hint1 > hint0, "no NUMA hinting fault from the guest's accesses");
		TEST_ASSERT(local > 0, "no page migrated toward the vCPU's node %d", p->node_b);
	}
	memstress_destroy_vm(vm);
}

static void help(const char *name)
{
	printf("usage: %s [-s MiB | -b SIZE] [-v vCPUs] [-i passes] [-t] [-d seconds] [-l fraction] [-r] [-x]\n"
	       " -s: memslot size in MiB (default 16); -b: the same with a suffix (32M, 1G)\n"
	       " -v: vCPUs, each touching its slice of the memslot (default 1, at most 8)\n"
	       " -i: stop after this many guest passes per vCPU (default: no limit)\n"
	       " -t: back the memslot with THP\n"
	       " -d: give up after this long (default 60 s)\n"
	       " -l: stop once this fraction is local to the vCPU's node (default 0.5)\n"
	       " -x: expect no hinting and no migration (policy never): run the whole -d\n"
	       " -r: the guest only reads (KVM's write faults pass FOLL_WRITE, which\n"
	       "     honors hinting whatever the policy: a protnone entry is not writable)\n"
	       "exit status %d: a vCPU did not leave KVM_RUN %d s after the stop (livelock)\n",
	       name, EXIT_LIVELOCK, STOP_GRACE_S);
}

int main(int argc, char *argv[])
{
	struct test_params p = { .size = 16 << 20, .nr_vcpus = 1, .seconds = 60, .node_a = 0,
				 .node_b = 1, .want_local = 0.5 };
	int opt;

	while ((opt = getopt(argc, argv, "hs:b:v:i:td:l:xr")) != -1) {
		switch (opt) {
		case 's':
			p.size = atol(optarg) << 20;
			break;
		case 'b':
			p.size = parse_size(optarg);
			break;
		case 'v':
			p.nr_vcpus = atoi(optarg);
			TEST_ASSERT(p.nr_vcpus >= 1 && p.nr_vcpus <= MAX_VCPUS, "-v wants 1..%d", MAX_VCPUS);
			break;
		case 'i':
			p.max_iters = strtoul(optarg, NULL, 0);
			break;
		case 't':
			p.thp = true;
			break;
		case 'd':
			p.seconds = atoi(optarg);
			break;
		case 'l':
			p.want_local = atof(optarg);
			break;
		case 'r':
			p.read_only = true;
			break;
		case 'x':
			p.expect_none = true;
			p.want_local = 2;	/* never reached: run the whole time */
			break;
		default:
			help(argv[0]);
			exit(opt == 'h' ? 0 : 1);
		}
	}
	run_test(&p);
	return 0;
}
