// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of the protnone hook, one measurement of the current state
 * (testbed/tests/hook_bench.sh alternates module unloaded / loaded with v6.6
 * in one boot under QEMU -icount, and runs it on the kernel built without the
 * patches; testbed/bench-compare.sh compares the medians):
 * - gup_fast_us: gup_test GUP_FAST_BENCHMARK over 64 MiB (GUP-fast, not hooked);
 * - pin_longterm_us: gup_test PIN_LONGTERM_BENCHMARK over 64 MiB (slow GUP:
 *   the hooked follow_page_pte(), on entries that are not protnone);
 * - smaps_plain_us: reading /proc/self/smaps of a 256 MiB range (nothing
 *   protnone: the hook is never called, but with a registrant every entry
 *   is tested for protnone);
 * - smaps_protnone_us: the same range mprotect(PROT_NONE), every entry
 *   protnone: in observe mode, a decision in gupnuma for each page table's
 *   first protnone entry and an increment for each other (a kernel batch).
 * Prints one machine-readable line.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "gup_test.h"

#define GUP_SIZE (64UL << 20)
#define SMAPS_SIZE (256UL << 20)
#define REPEAT 5

static unsigned long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static unsigned long long gup_bench(int fd, unsigned long cmd, char *area)
{
	struct gup_test g = {
		.addr = (unsigned long)area,
		.size = GUP_SIZE,
		.nr_pages_per_call = 512,
	};
	unsigned long long total = 0;
	int i;

	for (i = 0; i < REPEAT; i++) {
		if (ioctl(fd, cmd, &g)) {
			perror("gup_test ioctl");
			exit(1);
		}
		total += g.get_delta_usec;
	}
	return total;
}

static unsigned long long smaps_bench(void)
{
	static char buf[1 << 16];
	unsigned long long t0 = now_us();
	int i, fd;

	for (i = 0; i < REPEAT; i++) {
		fd = open("/proc/self/smaps", O_RDONLY);
		if (fd < 0) {
			perror("smaps");
			exit(1);
		}
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	return now_us() - t0;
}

int main(void)
{
	int fd = open("/sys/kernel/debug/gup_test", O_RDWR);
	char *area, *prot_none;

	if (fd < 0) {
		printf("# no /sys/kernel/debug/gup_test (CONFIG_GUP_TEST, debugfs)\n");
		return 4;
	}
	area = mmap(NULL, GUP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	prot_none = mmap(NULL, SMAPS_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED || prot_none == MAP_FAILED)
		return 1;
	madvise(area, GUP_SIZE, MADV_NOHUGEPAGE);
	madvise(prot_none, SMAPS_SIZE, MADV_NOHUGEPAGE);
	memset(area, 1, GUP_SIZE);
	memset(prot_none, 1, SMAPS_SIZE);
	printf("hook_bench: gup_fast_us=%llu pin_longterm_us=%llu smaps_plain_us=%llu",
	       gup_bench(fd, GUP_FAST_BENCHMARK, area),
	       gup_bench(fd, PIN_LONGTERM_BENCHMARK, area), smaps_bench());
	if (mprotect(prot_none, SMAPS_SIZE, PROT_NONE))
		return 1;
	printf(" smaps_protnone_us=%llu\n", smaps_bench());
	return 0;
}
