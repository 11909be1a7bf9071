// SPDX-License-Identifier: GPL-2.0
/*
 * numa_hinting_test: KVM secondary-MMU faults must trigger NUMA hinting.
 *
 * A guest's accesses reach host memory through NPT/EPT; their faults go
 * hva_to_pfn() -> GUP(FOLL_HONOR_NUMA_FAULT) -> do_numa_page().  If GUP stops
 * honoring hinting (policy `never`), NUMA balancing goes blind for VMs.
 *
 * The test memory is one memslot of anonymous memory (4K pages, or THP with
 * -t), first touched by the host from a CPU of node A so it lands there; the
 * vCPU then runs on a CPU of node B and touches the memory in a loop while
 * NUMA balancing scans (debugfs knobs turned down).  Measured from the VM
 * process's own numbers: numa_hint_faults (/proc/vmstat delta), this task's
 * NUMA faults (/proc/self/sched numa_faults), and move_pages(2) status of the
 * memslot's host addresses, as the fraction local to node B over time.
 * Asserted: hinting faults were taken and pages migrated toward node B.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "numa_test_util.h"

#define TEST_SLOT	10
#define TEST_GPA	0x40000000UL

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

static void guest_code(uint64_t gva, uint64_t size, uint64_t read_only)
{
	uint64_t i, iter = 0, sum = 0;

	for (;;) {
		for (i = 0; i < size; i += PAGE_SIZE) {
			if (read_only)
				sum += READ_ONCE(*(uint64_t *)(gva + i));
			else
				WRITE_ONCE(*(uint64_t *)(gva + i),
					   READ_ONCE(*(uint64_t *)(gva + i)) + 1);
		}
		GUEST_SYNC2(++iter, sum);
	}
}

struct vcpu_worker {
	struct kvm_vcpu *vcpu;
	pthread_t thread;
	int cpu;
	unsigned long max_iters;
	unsigned long iters;
};

static bool stop_vcpus;

/* A vCPU thread on a CPU of node B: run the guest pass after pass. */
static void *vcpu_worker(void *arg)
{
	struct vcpu_worker *w = arg;
	struct ucall uc;

	run_on_cpu(w->cpu);
	while (!READ_ONCE(stop_vcpus) && (!w->max_iters || w->iters < w->max_iters)) {
		vcpu_run(w->vcpu);
		switch (get_ucall(w->vcpu, &uc)) {
		case UCALL_SYNC:
			w->iters++;
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("unexpected exit %s", exit_reason_str(w->vcpu->run->exit_reason));
		}
	}
	return NULL;
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
	       "     honors hinting whatever the policy: a protnone entry is not writable)\n",
	       name);
}

int main(int argc, char *argv[])
{
	struct test_params p = { .size = 16 << 20, .nr_vcpus = 1, .seconds = 60, .node_a = 0,
				 .node_b = 1, .want_local = 0.5 };
	struct kvm_vcpu *vcpus[MAX_VCPUS];
	struct vcpu_worker workers[MAX_VCPUS] = {};
	unsigned long iters;
	size_t slice;
	long hint0, hint1, local = 0, npages;
	struct kvm_vm *vm;
	double start, next_report;
	void *hva;
	int opt, cpu_a, cpu_b, i;

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
	cpu_a = first_cpu_of(p.node_a);
	cpu_b = first_cpu_of(p.node_b);
	__TEST_REQUIRE(cpu_a >= 0 && cpu_b >= 0, "needs CPUs on NUMA nodes 0 and 1");
	numa_knobs_fast();

	vm = vm_create_with_vcpus(p.nr_vcpus, guest_code, vcpus);
	npages = p.size / PAGE_SIZE;
	TEST_ASSERT(npages >= p.nr_vcpus, "the memslot is smaller than a page per vCPU");
	vm_userspace_mem_region_add(vm, p.thp ? VM_MEM_SRC_ANONYMOUS_THP : VM_MEM_SRC_ANONYMOUS,
				    TEST_GPA, TEST_SLOT, npages, 0);
	virt_map(vm, TEST_GPA, TEST_GPA, npages);
	slice = (npages / p.nr_vcpus) * PAGE_SIZE;
	for (i = 0; i < p.nr_vcpus; i++)
		vcpu_args_set(vcpus[i], 3, TEST_GPA + i * slice, slice, p.read_only);
	hva = addr_gpa2hva(vm, TEST_GPA);

	/* First touch from node A: the memory starts there. */
	run_on_cpu(cpu_a);
	memset(hva, 1, p.size);
	TEST_ASSERT(pages_on_node(hva, p.size, p.node_a) > npages * 9 / 10,
		    "memslot not on node %d after first touch", p.node_a);
	/* The vCPUs, and this thread, run on node B. */
	run_on_cpu(cpu_b);
	hint0 = gn_vmstat("numa_hint_faults");
	start = now_s();
	next_report = start;
	for (i = 0; i < p.nr_vcpus; i++) {
		workers[i] = (struct vcpu_worker){ .vcpu = vcpus[i], .cpu = cpu_b,
						   .max_iters = p.max_iters };
		TEST_ASSERT(!pthread_create(&workers[i].thread, NULL, vcpu_worker, &workers[i]),
			    "vCPU thread");
	}
	while (now_s() - start < p.seconds) {
		bool running = false;

		usleep(100000);
		for (i = 0, iters = 0; i < p.nr_vcpus; i++) {
			iters += READ_ONCE(workers[i].iters);
			running |= !p.max_iters || READ_ONCE(workers[i].iters) < p.max_iters;
		}
		if (now_s() >= next_report || !running) {
			next_report += 2;
			local = pages_on_node(hva, p.size, p.node_b);
			printf("t=%.1fs guest_passes=%lu numa_hint_faults=+%ld local_to_vcpu=%.3f\n",
			       now_s() - start, iters, gn_vmstat("numa_hint_faults") - hint0,
			       (double)local / npages);
			if ((double)local / npages >= p.want_local)
				break;
		}
		if (!running)
			break;
	}
	WRITE_ONCE(stop_vcpus, true);
	for (i = 0; i < p.nr_vcpus; i++)
		pthread_join(workers[i].thread, NULL);
	hint1 = gn_vmstat("numa_hint_faults");
	local = pages_on_node(hva, p.size, p.node_b);
	printf("%s, %d vCPU(s): %.1f s, numa_hint_faults +%ld, numa_pages_migrated %ld, %ld of %ld pages local to the vCPUs\n",
	       p.thp ? "THP" : "4K", p.nr_vcpus, now_s() - start, hint1 - hint0,
	       gn_vmstat("numa_pages_migrated"), local, npages);
	if (p.expect_none) {
		/*
		 * numa_hint_faults is system-wide and counts the guest's writes to
		 * its stack and ucall pages (another memslot) too: what belongs
		 * to the test memslot alone is its placement, which only hinting
		 * faults change.
		 */
		TEST_ASSERT(local <= npages / 100,
			    "%ld pages of the test memslot migrated to node %d", local, p.node_b);
	} else {
		TEST_ASSERT(hint1 > hint0, "no NUMA hinting fault from the guest's accesses");
		TEST_ASSERT(local > 0, "no page migrated toward the vCPU's node %d", p.node_b);
	}
	kvm_vm_free(vm);
	return 0;
}
