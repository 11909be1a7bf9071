// SPDX-License-Identifier: GPL-2.0
/* gupnuma_kunit.ko: gupnuma's KUnit suites; they run when it is loaded. */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites of gupnuma (gupnuma_policy, gupnuma_walk, gupnuma_kernel_hook)");
