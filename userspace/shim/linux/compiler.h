/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: the CLI is single-threaded. */
#ifndef _GUPNUMA_SHIM_LINUX_COMPILER_H
#define _GUPNUMA_SHIM_LINUX_COMPILER_H
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#endif
