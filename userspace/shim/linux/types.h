/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the kernel types the gupnuma policy core uses.  Shadows the
 * uapi <linux/types.h>, so take the __u* types from where that one does.
 */
#ifndef _GUPNUMA_SHIM_LINUX_TYPES_H
#define _GUPNUMA_SHIM_LINUX_TYPES_H
#include <asm/types.h>
#include <stdbool.h>
#include <stddef.h>
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;
#endif
