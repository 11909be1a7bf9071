/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * gupnuma userspace ABI.
 *
 * Fixed-width fields only; the flags here are gupnuma's own and are
 * translated to kernel FOLL_* values inside the module.
 */
#ifndef _UAPI_LINUX_GUPNUMA_H
#define _UAPI_LINUX_GUPNUMA_H

#include <linux/types.h>

#define GUPNUMA_VERSION		"0.1.0"
#define GUPNUMA_SYSFS_DIR	"/sys/kernel/mm/gupnuma"

#endif /* _UAPI_LINUX_GUPNUMA_H */
