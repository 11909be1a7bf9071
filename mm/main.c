// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma: the NUMA-hinting decision of GUP and folio_walk as an explicit,
 * pluggable policy.  Module entry and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include <gupnuma/compat.h>
#include <gupnuma/engine.h>
#include <gupnuma/names.h>
#include <gupnuma/policy.h>
#include <gupnuma/stats.h>

#include "gupnuma_internal.h"

static int __init gupnuma_init(void)
{
	int err;

	err = gupnuma_builtin_policies_init();
	if (err)
		goto err_out;
	err = gupnuma_stats_init();
	if (err)
		goto err_policies;
	err = gupnuma_device_init();
	if (err)
		goto err_stats;
	err = gupnuma_kernel_hook_init();
	if (err)
		goto err_device;
	err = gupnuma_sysfs_init();
	if (err)
		goto err_hook;
	gupnuma_debugfs_init();

	pr_info("version %s loaded, policy %s\n", GUPNUMA_VERSION,
		gupnuma_policy_name(gupnuma_active_policy()));
	if (!gupnuma_compat_honor_flag)
		pr_notice("this kernel has no FOLL_HONOR_NUMA_FAULT (Linux < 6.5): no gup engine\n");
	return 0;

err_hook:
	gupnuma_kernel_hook_exit();
err_device:
	gupnuma_device_exit();
err_stats:
	gupnuma_stats_exit();
err_policies:
	gupnuma_builtin_policies_exit();
err_out:
	pr_err("init failed: %d\n", err);
	return err;
}

static void __exit gupnuma_exit(void)
{
	gupnuma_debugfs_exit();
	gupnuma_sysfs_exit();
	gupnuma_kernel_hook_exit();
	gupnuma_device_exit();
	gupnuma_stats_exit();
	gupnuma_builtin_policies_exit();
	pr_info("unloaded\n");
}

module_init(gupnuma_init);
module_exit(gupnuma_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("NUMA-hinting (protnone) policies for GUP, folio_walk, smaps and HMM lookups");
MODULE_VERSION(GUPNUMA_VERSION);
