// SPDX-License-Identifier: GPL-2.0
/*
 * smaps_memslot_test: while NUMA balancing keeps guest memory protnone, the
 * VMM's /proc/self/smaps still counts all of it, and reading smaps takes no
 * NUMA hinting fault.  The v6.1 regression (474098edac26) undercounted
 * exactly this for THPs (smaps_rollup Rss 14,419,432 kB vs VmRSS 20,973,024 kB).
 *
 * The memslot (4K, or THP with -t) is populated from a CPU of node 0 and
 * read once by the guest; then the VMM, on node 1, lets NUMA balancing scan
 * it (numa_pte_updates) and reads smaps.
 */
#include <sys/mman.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "numa_test_util.h"

#define TEST_SLOT	10
#define TEST_GPA	0x40000000UL

/* Rss and AnonHugePages (kB) of the VMA containing @addr. */
static void smaps_of(void *addr, long *rss, long *anon_huge)
{
	unsigned long start, end, a = (unsigned long)addr;
	char line[256];
	bool in = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	TEST_ASSERT(f, "cannot open /proc/self/smaps");
	*rss = *anon_huge = -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, " kB") && sscanf(line, "%lx-%lx ", &start, &end) == 2)
			in = start <= a && a < end;
		if (in)
			sscanf(line, "Rss: %ld kB", rss);
		if (in && sscanf(line, "AnonHugePages: %ld kB", anon_huge) == 1)
			break;
	}
	fclose(f);
}

/*
 * Read every page of [hva, hva + size): a page the scan left protnone takes
 * its hinting fault and is mapped again, so that the updates counted after
 * this are of PTEs made protnone from then on.
 */
static void touch_all(void *hva, size_t size)
{
	size_t off;

	for (off = 0; off < size; off += getpagesize())
		(void)READ_ONCE(((char *)hva)[off]);
}

int main(int argc, char *argv[])
{
	size_t size = 16 << 20;
	long npages = size / getpagesize(), upd0, upd, hint0, hint, rss, huge;
	bool thp = argc > 1 && !strcmp(argv[1], "-t");
	const char *updates = thp ? "numa_huge_pte_updates" : "numa_pte_updates";
	/*
	 * every PMD, or a quarter of the PTEs: after its first two passes the
	 * scan leaves VMAs nobody accesses alone, and here nobody does
	 */
	long want_updates = thp ? (long)(size >> 21) : npages / 4;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	double end, retry, touch;
	int attempts = 0;
	long pte0;
	void *hva;

	__TEST_REQUIRE(gn_first_cpu(0) >= 0 && gn_first_cpu(1) >= 0,
		       "needs CPUs on NUMA nodes 0 and 1");
	numa_knobs_fast();
	vm = vm_create_with_one_vcpu(&vcpu, guest_read_all);
	vm_userspace_mem_region_add(vm, thp ? VM_MEM_SRC_ANONYMOUS_THP : VM_MEM_SRC_ANONYMOUS,
				    TEST_GPA, TEST_SLOT, npages, 0);
	virt_map(vm, TEST_GPA, TEST_GPA, npages);
	vcpu_args_set(vcpu, 2, TEST_GPA, size);
	hva = addr_gpa2hva(vm, TEST_GPA);

	run_on_cpu(gn_first_cpu(0));
	memset(hva, 1, size);
	vcpu_run(vcpu);
	TEST_ASSERT(get_ucall(vcpu, NULL) == UCALL_SYNC, "the guest read the memslot");
	run_on_cpu(gn_first_cpu(1));
	end = gn_now() + 90;
	/*
	 * This task's NUMA scan runs from its ticks: stay on the CPU.  Since 6.4
	 * the scan skips a VMA in which the scanning task took no hinting fault
	 * lately (vma_is_accessed()), and the vCPU thread took those: read the
	 * first page every 20 ms, so that this task takes one per scan pass.
	 * A scan that marked the memslot before the count began leaves its PTEs
	 * nothing to update, and later scans add none (waits of 14 to 55 s in
	 * 3 of 17 runs on the test kernel, 65 s in make check's debug run):
	 * each attempt first maps every page again, and gives the scan 3 s (a
	 * scan while it maps them leaves too few: once in 6 debug runs).
	 */
	do {
		attempts++;
		touch_all(hva, size);
		upd0 = gn_vmstat(updates);
		pte0 = gn_vmstat("numa_pte_updates");
		retry = gn_now() + 3;
		touch = 0;
		while ((upd = gn_vmstat(updates) - upd0) < want_updates && gn_now() < retry) {
			if (gn_now() >= touch) {
				(void)READ_ONCE(*(char *)hva);
				touch = gn_now() + 0.02;
			}
		}
	} while (upd < want_updates && gn_now() < end);
	__TEST_REQUIRE(upd >= want_updates,
		       "NUMA balancing did not scan the memslot (%s +%ld, numa_pte_updates +%ld)",
		       updates, upd, thp ? gn_vmstat("numa_pte_updates") - pte0 : upd);

	hint0 = gn_vmstat("numa_hint_faults");
	smaps_of(hva, &rss, &huge);
	hint = gn_vmstat("numa_hint_faults") - hint0;
	printf("%s: %s +%ld (attempt %d); smaps Rss %ld kB, AnonHugePages %ld kB of %zu kB; numa_hint_faults +%ld while reading\n",
	       thp ? "THP" : "4K", updates, upd, attempts, rss, huge, size >> 10, hint);
	TEST_ASSERT(rss >= (long)(size >> 10), "smaps Rss %ld kB undercounts the %zu kB memslot",
		    rss, size >> 10);
	if (thp)
		TEST_ASSERT(huge >= (long)(size >> 10), "AnonHugePages %ld kB undercounts", huge);
	TEST_ASSERT(hint <= 2, "reading smaps took %ld hinting faults", hint);
	kvm_vm_free(vm);
	return 0;
}
