// SPDX-License-Identifier: GPL-2.0
/*
 * lib/kvm_vm.c, the minimal KVM guest on the plain /dev/kvm API: its vCPU
 * reads (or writes) one word of every page of a host range pass after pass,
 * its stage-2 faults going through KVM's memslot; bad input; and
 * gn_vm_destroy() stopping a vCPU in the middle of a long pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"
#include "../../lib/kvm_vm.h"

#define PAGE 4096UL
#define MIB (1UL << 20)

FIXTURE(kvm_vm) {
	struct gn_vm vm;
	char *area;
	size_t size;
};

FIXTURE_SETUP(kvm_vm)
{
	memset(&self->vm, 0, sizeof(self->vm));
	self->area = NULL;
	if (access("/dev/kvm", R_OK | W_OK))
		SKIP(return, "no /dev/kvm (kvm_amd/kvm_intel not loaded or no virtualization)");
}

FIXTURE_TEARDOWN(kvm_vm)
{
	gn_vm_destroy(&self->vm);
	if (self->area)
		munmap(self->area, self->size);
}

static char *map_area(size_t size)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void log_stats(struct __test_metadata *_metadata, const char *when,
		      const struct gn_vm_stats *st)
{
	TH_LOG("%s: exits %lld remote_tlb_flush %lld remote_tlb_flush_requests %lld "
	       "mmu_shadow_zapped %lld pages_4k %lld pages_2m %lld", when, st->exits,
	       st->remote_tlb_flush, st->remote_tlb_flush_requests, st->mmu_shadow_zapped,
	       st->pages_4k, st->pages_2m);
}

/* Passes per second over @secs seconds once the range is faulted in. */
static double pass_rate(struct gn_vm *vm, double secs)
{
	unsigned long p0 = vm->passes, p1;
	double t0 = gn_now(), t1;

	usleep(secs * 1e6);
	p1 = vm->passes;
	t1 = gn_now();
	return (p1 - p0) / (t1 - t0);
}

TEST_F_TIMEOUT(kvm_vm, read_passes_over_4m, 180)
{
	struct gn_vm_stats st0, st1;
	double t0, rate;
	int r;

	self->size = 4 * MIB;
	self->area = map_area(self->size);
	ASSERT_NE(NULL, self->area);
	memset(self->area, 0x5a, self->size);

	ASSERT_EQ(0, gn_vm_create(&self->vm, self->area, self->size, false));
	TH_LOG("debugfs directory %s", self->vm.debugfs);
	gn_vm_stats(&self->vm, &st0);
	log_stats(_metadata, "before", &st0);
	t0 = gn_now();
	ASSERT_EQ(0, gn_vm_start(&self->vm, 0));
	r = gn_vm_wait_passes(&self->vm, 3, 120);
	if (r)
		TH_LOG("vCPU: error %d exit %d (%s)", self->vm.error, self->vm.exit_reason,
		       self->vm.reason);
	ASSERT_EQ(0, r);
	TH_LOG("3 passes over %zu pages in %.2f s (the first one faults them in)",
	       self->size / PAGE, gn_now() - t0);
	rate = pass_rate(&self->vm, 3);
	TH_LOG("read: %.1f passes/s over 4 MiB (%.0f guest page reads/s)", rate,
	       rate * (self->size / PAGE));
	ASSERT_EQ(0, self->vm.error);
	gn_vm_stats(&self->vm, &st1);
	log_stats(_metadata, "after", &st1);
	if (st1.exits != -1) {
		EXPECT_GE(st1.exits - (st0.exits > 0 ? st0.exits : 0), 3);
	} else {
		TH_LOG("no debugfs exits counter (debugfs not mounted?)");
	}
	if (st1.pages_4k != -1) {
		EXPECT_GE(st1.pages_4k + 512 * (st1.pages_2m > 0 ? st1.pages_2m : 0),
			  (long long)(self->size / PAGE));
	}
	/* The guest only read: the data is untouched. */
	EXPECT_EQ(0x5a5a5a5a, *(volatile uint32_t *)self->area);
}

TEST_F_TIMEOUT(kvm_vm, write_passes_over_2m_reach_the_host, 180)
{
	unsigned long i, passes, bad = 0, first_bad = 0;
	uint32_t first, last;
	double t0, rate;
	int r;

	self->size = 2 * MIB;
	self->area = map_area(self->size);
	ASSERT_NE(NULL, self->area);
	memset(self->area, 0, self->size);

	ASSERT_EQ(0, gn_vm_create(&self->vm, self->area, self->size, true));
	t0 = gn_now();
	ASSERT_EQ(0, gn_vm_start(&self->vm, -1));
	r = gn_vm_wait_passes(&self->vm, 2, 120);
	if (r)
		TH_LOG("vCPU: error %d exit %d (%s)", self->vm.error, self->vm.exit_reason,
		       self->vm.reason);
	ASSERT_EQ(0, r);
	TH_LOG("2 passes over %zu pages in %.2f s", self->size / PAGE, gn_now() - t0);
	rate = pass_rate(&self->vm, 3);
	TH_LOG("write: %.1f passes/s over 2 MiB (%.0f guest page writes/s)", rate,
	       rate * (self->size / PAGE));

	passes = self->vm.passes;
	gn_vm_destroy(&self->vm);
	/*
	 * The guest stopped in pass k + 1 >= passes + 1: the pages before its
	 * cursor hold k + 1, the others k (k = passes at least).
	 */
	first = *(volatile uint32_t *)self->area;
	last = *(volatile uint32_t *)(self->area + self->size - PAGE);
	for (i = 0; i < self->size / PAGE; i++) {
		uint32_t w = *(volatile uint32_t *)(self->area + i * PAGE);

		if (w < 1 || w > first || w < last) {
			if (!bad++)
				first_bad = i;
		}
	}
	TH_LOG("first page holds pass %u, last page pass %u, %lu passes counted",
	       first, last, passes);
	if (bad)
		TH_LOG("%lu pages out of order or not written, the first is page %lu",
		       bad, first_bad);
	EXPECT_EQ(0, bad);
	EXPECT_GE(last, 1);
	EXPECT_GE(first, passes);
	EXPECT_LE(first - last, 1);
	/* The rest of each page is untouched. */
	EXPECT_EQ(0, *(volatile uint32_t *)(self->area + 4));
}

TEST_F(kvm_vm, bad_input)
{
	struct gn_vm zero;
	int fd0, fd1;

	self->size = 4 * PAGE;
	self->area = map_area(self->size);
	ASSERT_NE(NULL, self->area);
	fd0 = open("/dev/null", O_RDONLY);
	ASSERT_GE(fd0, 0);
	close(fd0);

	/* A zeroed struct: nothing to destroy, in particular not fd 0. */
	memset(&zero, 0, sizeof(zero));
	gn_vm_destroy(&zero);
	EXPECT_EQ(0, fcntl(0, F_GETFD) < 0 ? errno : 0);
	gn_vm_stats(&zero, &(struct gn_vm_stats){});
	EXPECT_EQ(-EINVAL, gn_vm_start(&zero, -1));
	EXPECT_EQ(-EINVAL, gn_vm_wait_passes(&zero, 1, 0.1));

	EXPECT_EQ(-EINVAL, gn_vm_create(&self->vm, self->area, 0, false));
	gn_vm_destroy(&self->vm);
	EXPECT_EQ(-EINVAL, gn_vm_create(&self->vm, self->area + 1, PAGE, false));
	gn_vm_destroy(&self->vm);
	EXPECT_EQ(-EINVAL, gn_vm_create(&self->vm, NULL, PAGE, false));
	EXPECT_EQ(-EINVAL, gn_vm_create(&self->vm, self->area, PAGE + 8, true));
	EXPECT_EQ(-EINVAL, gn_vm_create(&self->vm, self->area, GN_VM_MAX_SIZE + PAGE, false));
	EXPECT_EQ(-EINVAL, gn_vm_start(&self->vm, -1));
	EXPECT_EQ(-EINVAL, gn_vm_wait_passes(&self->vm, 1, 0.1));
	gn_vm_destroy(&self->vm);
	gn_vm_destroy(&self->vm);

	/* A good VM never started, a bad CPU, destroyed twice. */
	ASSERT_EQ(0, gn_vm_create(&self->vm, self->area, self->size, false));
	EXPECT_EQ(-EINVAL, gn_vm_start(&self->vm, -2));
	EXPECT_EQ(-EINVAL, gn_vm_start(&self->vm, 1 << 20));
	gn_vm_destroy(&self->vm);
	gn_vm_destroy(&self->vm);

	/* No fd leaked by any of it. */
	fd1 = open("/dev/null", O_RDONLY);
	ASSERT_GE(fd1, 0);
	close(fd1);
	EXPECT_EQ(fd0, fd1);
}

TEST_F_TIMEOUT(kvm_vm, destroy_stops_a_running_vcpu, 120)
{
	double t0, t1;
	unsigned long passes;
	int fd0, fd1;

	/*
	 * 256 MiB never touched and without THP: the first pass takes 65536
	 * 4 KiB stage-2 faults (of the zero page), seconds under TCG, so
	 * destroy has to interrupt KVM_RUN rather than wait for the `out`.
	 */
	self->size = 256 * MIB;
	self->area = map_area(self->size);
	ASSERT_NE(NULL, self->area);
	ASSERT_EQ(0, madvise(self->area, self->size, MADV_NOHUGEPAGE));
	fd0 = open("/dev/null", O_RDONLY);
	ASSERT_GE(fd0, 0);
	close(fd0);

	ASSERT_EQ(0, gn_vm_create(&self->vm, self->area, self->size, false));
	ASSERT_EQ(0, gn_vm_start(&self->vm, 0));
	usleep(1500 * 1000);
	ASSERT_EQ(0, self->vm.error);
	passes = self->vm.passes;
	t0 = gn_now();
	gn_vm_destroy(&self->vm);
	t1 = gn_now();
	TH_LOG("destroy took %.3f s with %lu passes done (a pass is 65536 pages)%s",
	       t1 - t0, passes, passes ? "" : ": KVM_RUN interrupted in the first pass");
	EXPECT_LT(t1 - t0, 5.0);
	EXPECT_FALSE(self->vm.started);

	fd1 = open("/dev/null", O_RDONLY);
	ASSERT_GE(fd1, 0);
	close(fd1);
	EXPECT_EQ(fd0, fd1);
}

/* Passes per second over 4 MiB: read and write, 4 KiB and 2 MiB stage-2 mappings. */
TEST_F_TIMEOUT(kvm_vm, pass_rates_over_4m, 240)
{
	static const struct { bool write, thp; } modes[] = {
		{ false, false }, { true, false }, { false, true }, { true, true },
	};
	struct gn_vm_stats st;
	unsigned int m;
	char *raw;

	self->size = 4 * MIB + GN_THP_SIZE;
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		size_t size = 4 * MIB;
		char *p = gn_map_aligned(size, modes[m].thp, &raw);
		double t0, first;
		int r;

		ASSERT_NE(NULL, p);
		self->area = raw;
		memset(p, 1, size);
		ASSERT_EQ(0, gn_vm_create(&self->vm, p, size, modes[m].write));
		t0 = gn_now();
		ASSERT_EQ(0, gn_vm_start(&self->vm, -1));
		r = gn_vm_wait_passes(&self->vm, 1, 120);
		if (r)
			TH_LOG("vCPU: error %d exit %d (%s)", self->vm.error,
			       self->vm.exit_reason, self->vm.reason);
		ASSERT_EQ(0, r);
		first = gn_now() - t0;
		gn_vm_stats(&self->vm, &st);
		TH_LOG("%s, %s: first pass %.3f s, then %.1f passes/s (pages_4k %lld pages_2m %lld)",
		       modes[m].write ? "write" : "read ", modes[m].thp ? "THP" : "4K ",
		       first, pass_rate(&self->vm, 2), st.pages_4k, st.pages_2m);
		EXPECT_EQ(0, self->vm.error);
		gn_vm_destroy(&self->vm);
		munmap(raw, self->size);
		self->area = NULL;
	}
}

TEST_HARNESS_MAIN
