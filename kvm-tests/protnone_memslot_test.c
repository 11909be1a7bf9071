// SPDX-License-Identifier: GPL-2.0
/*
 * protnone_memslot_test: guest accesses to a memslot whose host memory is
 * mprotect(PROT_NONE) end cleanly and take no NUMA hinting fault.
 *
 * A PROT_NONE VMA's entries are protnone too (x86), but handle_mm_fault()
 * never takes a hinting fault in an inaccessible VMA.  KVM's GUP has no
 * FOLL_FORCE, so it must fail (-EFAULT from KVM_RUN, or a
 * KVM_EXIT_MEMORY_FAULT exit), every time, in bounded time; a policy that
 * faulted there would livelock.  Placement tells whether a hinting fault
 * migrated anything: the memory is on node 0, the vCPU on node 1.
 */
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <linux/mempolicy.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "numa_test_util.h"

#define TEST_SLOT	10
#define TEST_GPA	0x40000000UL

/* What the guest does while the alarm is set. */
static const char *guest_doing;

static void on_alarm(int sig)
{
	TEST_FAIL("KVM_RUN still running 60 s on: the guest hangs in %s", guest_doing);
}

int main(int argc, char *argv[])
{
	size_t size = 4 << 20;
	long npages = size / getpagesize(), hint0, moved;
	unsigned long all_nodes = 3;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int cpu_a, cpu_b, i, r;
	void *hva;

	if (argc > 1 && !strcmp(argv[1], "-h")) {
		printf("usage: %s\n", argv[0]);
		return 0;
	}
	cpu_a = gn_first_cpu(0);
	cpu_b = gn_first_cpu(1);
	__TEST_REQUIRE(cpu_a >= 0 && cpu_b >= 0, "needs CPUs on NUMA nodes 0 and 1");
	numa_knobs_fast();

	vm = vm_create_with_one_vcpu(&vcpu, guest_read_all);
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, TEST_GPA, TEST_SLOT, npages, 0);
	virt_map(vm, TEST_GPA, TEST_GPA, npages);
	vcpu_args_set(vcpu, 2, TEST_GPA, size);
	hva = addr_gpa2hva(vm, TEST_GPA);
	run_on_cpu(cpu_a);
	memset(hva, 1, size);
	run_on_cpu(cpu_b);
	TEST_ASSERT(!mprotect(hva, size, PROT_NONE), "mprotect(PROT_NONE)");

	signal(SIGALRM, on_alarm);
	guest_doing = "its accesses to the PROT_NONE memslot";
	alarm(60);
	hint0 = gn_vmstat("numa_hint_faults");
	for (i = 0; i < 3; i++) {
		r = _vcpu_run(vcpu);
		TEST_ASSERT((r == -1 && errno == EFAULT) ||
			    (r == 0 && vcpu->run->exit_reason == KVM_EXIT_MEMORY_FAULT),
			    "access %d to the PROT_NONE memslot: KVM_RUN returned %d (errno %d), exit %s",
			    i, r, errno, exit_reason_str(vcpu->run->exit_reason));
	}
	alarm(0);
	moved = pages_on_node(hva, size, 1);
	printf("3 accesses ended in %s; numa_hint_faults +%ld (system-wide), %ld of %ld pages moved\n",
	       r ? "-EFAULT" : "KVM_EXIT_MEMORY_FAULT", gn_vmstat("numa_hint_faults") - hint0,
	       moved, npages);
	TEST_ASSERT(moved == 0, "%ld pages of the PROT_NONE memslot migrated", moved);

	/*
	 * The same memory, accessible again: the guest reads it fine.  A VMA
	 * policy without MPOL_F_MOF keeps the NUMA scanner out of it from here
	 * on (task_numa_work() skips it), and mprotect() rewrites every entry:
	 * the read meets no hint, which under `never` would livelock an arm64
	 * guest in a PMD-mappable memslot (docs/arm64.md).
	 */
	TEST_ASSERT(!syscall(__NR_mbind, hva, size, MPOL_BIND, &all_nodes,
			     sizeof(all_nodes) * 8, 0), "mbind(MPOL_BIND, nodes 0 and 1)");
	TEST_ASSERT(!mprotect(hva, size, PROT_READ | PROT_WRITE), "mprotect(RW)");
	guest_doing = "a read of the memslot made accessible again";
	alarm(60);
	vcpu_run(vcpu);
	alarm(0);
	TEST_ASSERT(get_ucall(vcpu, NULL) == UCALL_SYNC, "the guest ran through after mprotect(RW)");
	kvm_vm_free(vm);
	return 0;
}
