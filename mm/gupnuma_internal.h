/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of the gupnuma module; not an API.
 */
#ifndef _GUPNUMA_INTERNAL_H
#define _GUPNUMA_INTERNAL_H

#include <linux/errno.h>
#include <linux/types.h>
#include <uapi/linux/gupnuma.h>

int gupnuma_sysfs_init(void);
void gupnuma_sysfs_exit(void);
void gupnuma_debugfs_init(void);
void gupnuma_debugfs_exit(void);
int gupnuma_device_init(void);
void gupnuma_device_exit(void);
/* Run @fn(@arg) on @cpu, killably (mm/run_on.c). */
long gupnuma_run_on(u32 cpu, long (*fn)(void *), void *arg, bool *stop);
/* numa_hint_faults of /proc/vmstat (mm/stats.c). */
unsigned long gupnuma_vm_numa_hint_faults(void);

#ifdef CONFIG_PROTNONE_HOOK
int gupnuma_kernel_hook_init(void);
void gupnuma_kernel_hook_exit(void);
int gupnuma_kernel_hook_update(void);
unsigned int gupnuma_kernel_hook_sites(void);
bool gupnuma_kernel_hook_observing(void);
int gupnuma_kernel_hook_observe(bool on);
#else
static inline int gupnuma_kernel_hook_init(void)
{
	return 0;
}

static inline void gupnuma_kernel_hook_exit(void)
{
}

static inline int gupnuma_kernel_hook_update(void)
{
	return 0;
}

static inline unsigned int gupnuma_kernel_hook_sites(void)
{
	return 0;
}

static inline bool gupnuma_kernel_hook_observing(void)
{
	return false;
}

static inline int gupnuma_kernel_hook_observe(bool on)
{
	return -EOPNOTSUPP;
}
#endif

#endif /* _GUPNUMA_INTERNAL_H */
