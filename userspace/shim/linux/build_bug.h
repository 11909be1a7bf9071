/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim. */
#ifndef _GUPNUMA_SHIM_LINUX_BUILD_BUG_H
#define _GUPNUMA_SHIM_LINUX_BUILD_BUG_H
#include <assert.h>
#endif
