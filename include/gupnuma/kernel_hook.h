/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma's registrant of the kernel's protnone hook (mm/kernel_hook.c),
 * as the KUnit suite gupnuma_kernel_hook sees it.
 */
#ifndef GUPNUMA_KERNEL_HOOK_H
#define GUPNUMA_KERNEL_HOOK_H

#include <linux/protnone_hook.h>

#include <gupnuma/policy.h>

const struct protnone_hook_ops *gupnuma_kernel_hook_registrant(void);
struct gupnuma_query gupnuma_kernel_query(const struct protnone_query *q, bool accessible,
					  bool pinned);

#endif /* GUPNUMA_KERNEL_HOOK_H */
