/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim. */
#ifndef _GUPNUMA_SHIM_LINUX_KERNEL_H
#define _GUPNUMA_SHIM_LINUX_KERNEL_H
#include <stdio.h>
#include <linux/types.h>
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#endif
