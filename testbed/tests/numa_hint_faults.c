// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA balancing works in the test bed: with the debugfs scan knobs turned
 * down, a task that keeps touching its memory raises numa_pte_updates and
 * numa_hint_faults in /proc/vmstat.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define KNOBS "/sys/kernel/debug/sched/numa_balancing/"
#define AREA_SIZE (64UL << 20)
#define MAX_SECONDS 30

static long vmstat(const char *name)
{
	char key[64];
	long val;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &val) == 2) {
		if (!strcmp(key, name)) {
			fclose(f);
			return val;
		}
	}
	fclose(f);
	return -1;
}

static int write_knob(const char *knob, const char *val)
{
	char path[256];
	int fd, ok;

	snprintf(path, sizeof(path), KNOBS "%s", knob);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(touching_memory_raises_numa_hint_faults)
{
	long pte0, hint0, pte1 = 0, hint1 = 0;
	double start;
	char *area;

	if (access(KNOBS "scan_delay_ms", W_OK))
		SKIP(return, "no " KNOBS " (needs SCHED_DEBUG, debugfs mounted)");
	ASSERT_EQ(0, write_knob("scan_delay_ms", "0"));
	ASSERT_EQ(0, write_knob("scan_period_min_ms", "100"));
	ASSERT_EQ(0, write_knob("scan_period_max_ms", "200"));

	area = mmap(NULL, AREA_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	memset(area, 1, AREA_SIZE);

	pte0 = vmstat("numa_pte_updates");
	hint0 = vmstat("numa_hint_faults");
	ASSERT_GE(pte0, 0);
	ASSERT_GE(hint0, 0);
	start = now();
	while (now() - start < MAX_SECONDS) {
		for (size_t i = 0; i < AREA_SIZE; i += 4096)
			area[i]++;
		pte1 = vmstat("numa_pte_updates");
		hint1 = vmstat("numa_hint_faults");
		if (hint1 - hint0 >= 10 && pte1 - pte0 > 0)
			break;
	}
	TH_LOG("%.1f s: numa_pte_updates +%ld, numa_hint_faults +%ld",
	       now() - start, pte1 - pte0, hint1 - hint0);
	EXPECT_GT(pte1 - pte0, 0);
	EXPECT_GE(hint1 - hint0, 10);
	munmap(area, AREA_SIZE);
}

TEST_HARNESS_MAIN
