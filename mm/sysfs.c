// SPDX-License-Identifier: GPL-2.0
/*
 * The /sys/kernel/mm/gupnuma/ tree.  Strings live here only: the files map
 * names to the enums the core works with.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernfs.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/sysfs.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>

#include "gupnuma_internal.h"

static struct kobject *gupnuma_kobj;

/*
 * mm_kobj (/sys/kernel/mm) is not exported to modules.  Every sysfs directory
 * is a kernfs node whose priv is its kobject, and /sys/kernel/mm is created at
 * boot and never released, so look it up under kernel_kobj instead.
 */
static struct kobject *gupnuma_find_mm_kobj(void)
{
	struct kobject *kobj = NULL;
	struct kernfs_node *kn;

	kn = kernfs_find_and_get(kernel_kobj->sd, "mm");
	if (!kn)
		return NULL;
	if (kernfs_type(kn) == KERNFS_DIR)
		kobj = kn->priv;
	kernfs_put(kn);
	return kobj;
}

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", GUPNUMA_VERSION);
}

static struct kobj_attribute version_attr = __ATTR_RO(version);

/* policy: every registered policy, the active one in brackets; write a name. */
static ssize_t policy_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	enum gupnuma_policy_id active = gupnuma_active_policy();
	int id, n = 0;

	for (id = 0; id < GUPNUMA_NR_POLICIES; id++) {
		if (!gupnuma_policy_registered(id))
			continue;
		n += sysfs_emit_at(buf, n, id == active ? "%s[%s]" : "%s%s",
				   n ? " " : "", gupnuma_policy_name(id));
	}
	n += sysfs_emit_at(buf, n, "\n");
	return n;
}

static ssize_t policy_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	int id = gupnuma_policy_parse(buf, count);
	int err;

	if (id < 0)
		return -EINVAL;
	err = gupnuma_set_active_policy(id);
	return err ? err : count;
}
static struct kobj_attribute policy_attr = __ATTR_RW(policy);

/*
 * custom: the custom policy's matrix, rows "CALLER ACCESSIBLE INACCESSIBLE".
 * A write changes the rows it names; a matrix that breaks an invariant is
 * refused with -EINVAL and a kernel-log line naming the cell.
 */
static ssize_t custom_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct gupnuma_custom_matrix m;

	gupnuma_custom_get(&m);
	return gupnuma_custom_format(&m, buf, PAGE_SIZE);
}

static ssize_t custom_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	struct gupnuma_custom_matrix m;
	char err[160];

	gupnuma_custom_get(&m);
	if (gupnuma_custom_parse(buf, &m, err, sizeof(err)) ||
	    gupnuma_custom_set(&m, err, sizeof(err))) {
		pr_notice_ratelimited("custom: refused: %s\n", err);
		return -EINVAL;
	}
	return count;
}
static struct kobj_attribute custom_attr = __ATTR_RW(custom);

static struct attribute *gupnuma_attrs[] = {
	&version_attr.attr,
	&policy_attr.attr,
	&custom_attr.attr,
	NULL,
};

static const struct attribute_group gupnuma_group = {
	.attrs = gupnuma_attrs,
};

int gupnuma_sysfs_init(void)
{
	struct kobject *parent = gupnuma_find_mm_kobj();
	int err;

	if (!parent) {
		pr_err("/sys/kernel/mm not found\n");
		return -ENOENT;
	}
	gupnuma_kobj = kobject_create_and_add("gupnuma", parent);
	if (!gupnuma_kobj)
		return -ENOMEM;

	err = sysfs_create_group(gupnuma_kobj, &gupnuma_group);
	if (err)
		goto err_put;
	return 0;

err_put:
	kobject_put(gupnuma_kobj);
	gupnuma_kobj = NULL;
	return err;
}

void gupnuma_sysfs_exit(void)
{
	sysfs_remove_group(gupnuma_kobj, &gupnuma_group);
	kobject_put(gupnuma_kobj);
}
