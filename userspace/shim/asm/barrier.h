/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: smp_load_acquire()/smp_store_release() are in compiler.h. */
#ifndef _GUPNUMA_SHIM_ASM_BARRIER_H
#define _GUPNUMA_SHIM_ASM_BARRIER_H
#include <linux/compiler.h>
#endif
