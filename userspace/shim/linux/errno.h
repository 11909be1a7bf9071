/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: this file shadows the uapi <linux/errno.h>, so take the
 * numbers from where that one does.
 */
#ifndef _GUPNUMA_SHIM_LINUX_ERRNO_H
#define _GUPNUMA_SHIM_LINUX_ERRNO_H
#include <asm/errno.h>
#endif
