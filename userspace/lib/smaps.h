/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/self/smaps, as a monitoring tool reads it. */
#ifndef GUPNUMA_SMAPS_H
#define GUPNUMA_SMAPS_H

/* Rss (kB) of the VMA that contains @addr, or -1. */
long gn_smaps_rss_kb(void *addr);

/*
 * The start addresses of up to @max VMAs whose VmFlags line has the
 * two-letter @flag ("pf": VM_PFNMAP), in @starts; how many there are (may
 * be more than @max), or -1 if smaps cannot be read.
 */
int gn_smaps_vmas_flagged(const char *flag, unsigned long *starts, int max);

#endif
