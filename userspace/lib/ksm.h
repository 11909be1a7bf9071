/* SPDX-License-Identifier: GPL-2.0 */
/* KSM from userspace: its knobs (/sys/kernel/mm/ksm/), its scans, what it merged. */
#ifndef GUPNUMA_KSM_H
#define GUPNUMA_KSM_H

/* Write @value to /sys/kernel/mm/ksm/@file; 0 or -errno. */
int gn_ksm_write(const char *file, const char *value);
/* ksmd's full scans so far, or -1. */
long gn_ksm_full_scans(void);
/* Pages of [@map, @map + @npages pages) that share a pfn with another (64 at most). */
int gn_shared_pages(char *map, int npages);

#endif
