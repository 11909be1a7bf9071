// SPDX-License-Identifier: GPL-2.0
/* /proc/self/smaps; see smaps.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "smaps.h"

/* Rss (kB) that /proc/self/smaps reports for the VMA containing @addr. */
long gn_smaps_rss_kb(void *addr)
{
	unsigned long start, end, a = (unsigned long)addr;
	char line[256];
	long rss = -1;
	bool in = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, " kB") && sscanf(line, "%lx-%lx ", &start, &end) == 2)
			in = start <= a && a < end;
		if (in && sscanf(line, "Rss: %ld kB", &rss) == 1)
			break;
	}
	fclose(f);
	return rss;
}
