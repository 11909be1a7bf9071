/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/self/smaps, as a monitoring tool reads it. */
#ifndef GUPNUMA_SMAPS_H
#define GUPNUMA_SMAPS_H

/* Rss (kB) of the VMA that contains @addr, or -1. */
long gn_smaps_rss_kb(void *addr);

#endif
