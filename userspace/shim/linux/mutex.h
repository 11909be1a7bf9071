/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the CLI is single-threaded, a mutex is a no-op.  As the
 * kernel's, it brings lockdep's assertions.
 */
#ifndef _GUPNUMA_SHIM_LINUX_MUTEX_H
#define _GUPNUMA_SHIM_LINUX_MUTEX_H
#include <linux/lockdep.h>
struct mutex { int unused; };
#define DEFINE_MUTEX(m) struct mutex m = { 0 }
static inline void mutex_lock(struct mutex *m) { (void)m; }
static inline void mutex_unlock(struct mutex *m) { (void)m; }
#endif
