// SPDX-License-Identifier: GPL-2.0
/*
 * numa_guest_accessor: the KVM accessor of `gupnuma experiment migrate` and
 * `gupnuma compare --accessor kvm`.
 *
 * One VM with one vCPU and one memslot of anonymous memory (4K pages, or THP
 * with -t).  The memslot is bound to node A and populated there, then its
 * policy becomes "bind to A and B, optimized by NUMA balancing"
 * (MPOL_F_NUMA_BALANCING) so NUMA balancing scans it and may move it to B
 * whatever memory policy this process inherited (numactl --membind).  The
 * vCPU runs on a CPU of node B and reads (or, with -w, increments) every page
 * of the memslot, pass after pass, until the process is killed.
 *
 * Protocol: once the memory is in place, one line on stdout,
 *   "ready hva=0x... size=BYTES pid=PID"
 * and then nothing; the caller samples the placement of [hva, hva + size)
 * with move_pages(pid, ...) and kills this process when done.  Any error
 * exits non-zero before the line (4: a missing prerequisite).
 */
#include <linux/mempolicy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <signal.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "numa_test_util.h"

#define ACCESSOR_SLOT	10
#define ACCESSOR_GPA	0x40000000UL

static void guest_code(uint64_t gva, uint64_t size, uint64_t write)
{
	uint64_t i, pass = 0, sum = 0;

	for (;;) {
		for (i = 0; i < size; i += PAGE_SIZE) {
			if (write)
				WRITE_ONCE(*(uint64_t *)(gva + i),
					   READ_ONCE(*(uint64_t *)(gva + i)) + 1);
			else
				sum += READ_ONCE(*(uint64_t *)(gva + i));
		}
		GUEST_SYNC2(++pass, sum);
	}
}

static long bind_range(void *addr, size_t size, unsigned long nodes, int mode, int flags)
{
	return syscall(__NR_mbind, addr, size, mode, &nodes, sizeof(nodes) * 8, flags);
}

static void help(const char *name)
{
	printf("usage: %s [-s MiB] [-t] [-a NODE] [-b NODE] [-w]\n"
	       " -s: memslot size in MiB (default 16)    -t: back it with THP\n"
	       " -a: the node the memory starts on (default 0)\n"
	       " -b: the node whose CPU runs the vCPU (default 1)\n"
	       " -w: the guest writes (default: it only reads; KVM's write faults\n"
	       "     pass FOLL_WRITE and fault at protnone entries whatever the policy)\n",
	       name);
}

int main(int argc, char *argv[])
{
	int node_a = 0, node_b = 1, opt, cpu_a, cpu_b;
	size_t size = 16 << 20, npages;
	bool thp = false, write = false;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	void *hva;

	while ((opt = getopt(argc, argv, "hs:ta:b:w")) != -1) {
		switch (opt) {
		case 's':
			size = strtoul(optarg, NULL, 10) << 20;
			break;
		case 't':
			thp = true;
			break;
		case 'a':
			node_a = atoi(optarg);
			break;
		case 'b':
			node_b = atoi(optarg);
			break;
		case 'w':
			write = true;
			break;
		default:
			help(argv[0]);
			exit(opt == 'h' ? 0 : 1);
		}
	}
	TEST_ASSERT(size && node_a >= 0 && node_a < 64 && node_b >= 0 && node_b < 64 &&
		    node_a != node_b, "bad size or nodes");
	cpu_a = first_cpu_of(node_a);
	cpu_b = first_cpu_of(node_b);
	__TEST_REQUIRE(cpu_a >= 0 && cpu_b >= 0, "needs CPUs on nodes %d and %d", node_a, node_b);
	/* The caller going away ends the experiment. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	numa_knobs_fast();

	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	npages = size / PAGE_SIZE;
	vm_userspace_mem_region_add(vm, thp ? VM_MEM_SRC_ANONYMOUS_THP : VM_MEM_SRC_ANONYMOUS,
				    ACCESSOR_GPA, ACCESSOR_SLOT, npages, 0);
	virt_map(vm, ACCESSOR_GPA, ACCESSOR_GPA, npages);
	vcpu_args_set(vcpu, 3, ACCESSOR_GPA, size, write);
	hva = addr_gpa2hva(vm, ACCESSOR_GPA);

	TEST_ASSERT(!bind_range(hva, size, 1UL << node_a, MPOL_BIND, MPOL_MF_MOVE),
		    "mbind to node %d: %s", node_a, strerror(errno));
	run_on_cpu(cpu_a);
	memset(hva, 1, size);
	TEST_ASSERT(pages_on_node(hva, size, node_a) == (long)npages,
		    "the memslot is not on node %d after binding it there", node_a);
	TEST_ASSERT(!bind_range(hva, size, (1UL << node_a) | (1UL << node_b),
				MPOL_BIND | MPOL_F_NUMA_BALANCING, 0),
		    "mbind MPOL_F_NUMA_BALANCING: %s", strerror(errno));
	run_on_cpu(cpu_b);
	printf("ready hva=%p size=%zu pid=%d\n", hva, size, getpid());
	fflush(stdout);

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("unexpected exit %s", exit_reason_str(vcpu->run->exit_reason));
		}
	}
}
