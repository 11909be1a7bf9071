// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA balancing from userspace: /proc/vmstat counters and the scan knobs.
 * No libnuma and no gupnuma: shared by the CLI, the guest tests, the
 * benchmarks and the KVM selftests (kvm-tests/, built on the kernel's
 * selftests/kvm library, which has no libnuma).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "numa_balancing.h"
#include "sysfile.h"

long gn_vmstat(const char *name)
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

/*
 * Scan early and often: every 100-200 ms, starting at once.  The knobs are in
 * debugfs since 5.13; older kernels (5.10) have them as sysctls.
 */
int gn_numa_knobs_fast(void)
{
	static const char *const knob[] = { "scan_delay_ms", "scan_period_min_ms",
					    "scan_period_max_ms" };
	static const char *const val[] = { "0", "100", "200" };
	const char *dir = NUMA_KNOBS;
	char path[128];
	int i, err = 0;

	if (access(NUMA_KNOBS "scan_delay_ms", F_OK))
		dir = NUMA_KNOBS_SYSCTL;
	for (i = 0; i < 3 && !err; i++) {
		snprintf(path, sizeof(path), "%s%s", dir, knob[i]);
		err = gn_write_file(path, val[i]);
	}
	return err;
}
