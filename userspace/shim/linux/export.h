/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: symbol exports mean nothing here. */
#ifndef _GUPNUMA_SHIM_LINUX_EXPORT_H
#define _GUPNUMA_SHIM_LINUX_EXPORT_H
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#endif
