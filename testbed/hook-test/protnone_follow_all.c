// SPDX-License-Identifier: GPL-2.0
/*
 * A protnone hook registrant that says "follow" at every entry of every site
 * (kernel-patches/, CONFIG_PROTNONE_HOOK): the worst policy a module could
 * install.  The test bed loads it instead of gupnuma to check the series'
 * own rule, below any module: GUP and hmm_range_fault() still fault at a
 * userfaultfd RWP marker in an accessible VMA, so an RWP tracker still sees
 * every access (testbed/tests/hook_rwp.sh).  It counts what it was asked,
 * in the module parameters asked and asked_rwp_marker.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/protnone_hook.h>

static atomic_long_t asked, asked_rwp_marker;

static bool follow_all(const struct protnone_query *q, bool dflt)
{
	atomic_long_inc(&asked);
	if (q->rwp_marker)
		atomic_long_inc(&asked_rwp_marker);
	return true;
}

static const struct protnone_hook_ops follow_all_ops = {
	.follow = follow_all,
};

static int param_get_count(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops count_ops = {
	.get = param_get_count,
};

module_param_cb(asked, &count_ops, &asked, 0444);
MODULE_PARM_DESC(asked, "protnone entries the hook was asked about");
module_param_cb(asked_rwp_marker, &count_ops, &asked_rwp_marker, 0444);
MODULE_PARM_DESC(asked_rwp_marker, "... of which userfaultfd RWP markers");

static int __init follow_all_init(void)
{
	int err = protnone_hook_register(&follow_all_ops, PROTNONE_SITES_ALL);

	if (err)
		pr_err("cannot register as the protnone hook: %d\n", err);
	return err;
}

static void __exit follow_all_exit(void)
{
	protnone_hook_unregister(&follow_all_ops);
}

module_init(follow_all_init);
module_exit(follow_all_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gupnuma test bed: a protnone hook that follows everything");
