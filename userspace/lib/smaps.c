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

#define VMFLAGS "VmFlags:"

/* Whether the VmFlags line @line holds the mnemonic @flag. */
static bool vmflags_has(char *line, const char *flag)
{
	char *save, *tok = strtok_r(line + strlen(VMFLAGS), " \n", &save);

	for (; tok; tok = strtok_r(NULL, " \n", &save)) {
		if (!strcmp(tok, flag))
			return true;
	}
	return false;
}

/*
 * VMAs of /proc/self/smaps whose VmFlags has @flag.  A VMA's first line,
 * "start-end perms ...", is the only one that reads as two hex numbers and
 * a dash; its VmFlags line comes last.
 */
int gn_smaps_vmas_flagged(const char *flag, unsigned long *starts, int max)
{
	unsigned long start = 0, s, e;
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		/* s, not start: "FilePmdMapped:" scans as 0xf before it fails */
		if (sscanf(line, "%lx-%lx ", &s, &e) == 2) {
			start = s;
			continue;
		}
		if (strncmp(line, VMFLAGS, strlen(VMFLAGS)) || !vmflags_has(line, flag))
			continue;
		if (n < max)
			starts[n] = start;
		n++;
	}
	fclose(f);
	return n;
}
