// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma: the NUMA-hinting decision of GUP and folio_walk as an explicit,
 * pluggable policy.  Module entry and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>

#include "gupnuma_internal.h"

static int __init gupnuma_init(void)
{
	int err;

	err = gupnuma_builtin_policies_init();
	if (err)
		goto err_out;
	err = gupnuma_sysfs_init();
	if (err)
		goto err_policies;

	pr_info("version %s loaded, policy %s\n", GUPNUMA_VERSION,
		gupnuma_policy_name(gupnuma_active_policy()));
	return 0;

err_policies:
	gupnuma_builtin_policies_exit();
err_out:
	pr_err("init failed: %d\n", err);
	return err;
}

static void __exit gupnuma_exit(void)
{
	gupnuma_sysfs_exit();
	gupnuma_builtin_policies_exit();
	pr_info("unloaded\n");
}

module_init(gupnuma_init);
module_exit(gupnuma_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("NUMA-hinting policies for GUP and folio_walk");
MODULE_VERSION(GUPNUMA_VERSION);
