// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberately broken module for the test bed's own self-test: it WARNs on
 * load, so a run that loads it must fail on the kernel-log check.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/module.h>

static int __init warn_on_load_init(void)
{
	WARN(1, "deliberate warning from the test bed self-test\n");
	return 0;
}

static void __exit warn_on_load_exit(void)
{
}

module_init(warn_on_load_init);
module_exit(warn_on_load_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gupnuma test bed self-test: WARN on load");
