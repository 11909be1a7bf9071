// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma: the NUMA-hinting decision of GUP and folio_walk as an explicit,
 * pluggable policy.  Module entry and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "gupnuma_internal.h"

static int __init gupnuma_init(void)
{
	int err;

	err = gupnuma_sysfs_init();
	if (err)
		goto err_out;

	pr_info("version %s loaded\n", GUPNUMA_VERSION);
	return 0;

err_out:
	pr_err("init failed: %d\n", err);
	return err;
}

static void __exit gupnuma_exit(void)
{
	gupnuma_sysfs_exit();
	pr_info("unloaded\n");
}

module_init(gupnuma_init);
module_exit(gupnuma_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("NUMA-hinting policies for GUP and folio_walk");
MODULE_VERSION(GUPNUMA_VERSION);
