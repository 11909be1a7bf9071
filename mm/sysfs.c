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

#ifdef CONFIG_PROTNONE_HOOK
#include <linux/protnone_hook.h>
#endif

#include <gupnuma/compat.h>
#include <gupnuma/engine.h>
#include <gupnuma/names.h>
#include <gupnuma/policy.h>
#include <gupnuma/stats.h>

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

/*
 * kernel_honor_numa_fault: 1 if the kernel has FOLL_HONOR_NUMA_FAULT (6.5+);
 * 0 on older ones (Debian's 6.1), where GUP honors hinting unless FOLL_FORCE
 * and the gup engine is not available.
 */
static ssize_t kernel_honor_numa_fault_show(struct kobject *kobj, struct kobj_attribute *attr,
					    char *buf)
{
	return sysfs_emit(buf, "%d\n", gupnuma_compat_honor_flag);
}

static struct kobj_attribute kernel_honor_numa_fault_attr = __ATTR_RO(kernel_honor_numa_fault);

/*
 * emit_choice() - one name of a list in the sysfs convention of
 * transparent_hugepage/enabled: separated by spaces, the active one in
 * brackets.  Return: the bytes written at @at.
 */
static int emit_choice(char *buf, int at, const char *name, bool active)
{
	return sysfs_emit_at(buf, at, active ? "%s[%s]" : "%s%s", at ? " " : "", name);
}

/* policy: every registered policy, the active one in brackets; write a name. */
static ssize_t policy_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int active = gupnuma_active_policy();
	int id, n = 0;

	gupnuma_for_each_policy(id)
		n += emit_choice(buf, n, gupnuma_policy_name(id), id == active);
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
	if (!err)
		err = gupnuma_kernel_hook_update();
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
	char err[160];
	int ret;

	/* the rows are text: a NUL inside the write would hide what follows it */
	if (!count || memchr(buf, '\0', count)) {
		pr_notice_ratelimited("custom: refused: a NUL byte or an empty write\n");
		return -EINVAL;
	}
	if (gupnuma_custom_update(buf, err, sizeof(err))) {
		/* err quotes the user's word: escape what is not printable */
		pr_notice_ratelimited("custom: refused: %*pE\n", (int)strnlen(err, sizeof(err)), err);
		return -EINVAL;
	}
	ret = gupnuma_kernel_hook_update();
	return ret ? ret : count;
}
static struct kobj_attribute custom_attr = __ATTR_RW(custom);

/* engine: the engines available, the active one in brackets; write a name. */
static ssize_t engine_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	enum gupnuma_engine_id active = gupnuma_active_engine();
	int id, n = 0;

	for (id = 0; id < GUPNUMA_NR_ENGINES; id++)
		if (gupnuma_engine_available(id))
			n += emit_choice(buf, n, gupnuma_engine_name(id), id == active);
	n += sysfs_emit_at(buf, n, "\n");
	return n;
}

static ssize_t engine_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	int id = gupnuma_engine_parse(buf, count);
	int err;

	if (id < 0)
		return -EINVAL;
	err = gupnuma_set_active_engine(id);
	return err ? err : count;
}
static struct kobj_attribute engine_attr = __ATTR_RW(engine);

/* shadow: 1 to evaluate every decision under every policy, 0 to stop. */
static ssize_t shadow_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", gupnuma_shadow_enabled());
}

static ssize_t shadow_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	bool on;

	if (kstrtobool(buf, &on))
		return -EINVAL;
	gupnuma_set_shadow(on);
	return count;
}
static struct kobj_attribute shadow_attr = __ATTR_RW(shadow);

/*
 * kernel_hook: 1 when the policy also decides for the kernel's own lookups:
 * built for a kernel with the protnone hook (where registering it fails, the
 * module does not load: gupnuma_init()).
 */
static ssize_t kernel_hook_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", IS_ENABLED(CONFIG_PROTNONE_HOOK));
}

static struct kobj_attribute kernel_hook_attr = __ATTR_RO(kernel_hook);

/*
 * kernel_policy: the policy that decides as the running kernel does (the
 * default policy); the kernel's sites are taken where the active one differs.
 */
static ssize_t kernel_policy_show(struct kobject *kobj, struct kobj_attribute *attr,
				  char *buf)
{
	return sysfs_emit(buf, "%s\n", GUPNUMA_DEFAULT_POLICY);
}

static struct kobj_attribute kernel_policy_attr = __ATTR_RO(kernel_policy);

#ifdef CONFIG_PROTNONE_HOOK
static const char * const kernel_site_names[PROTNONE_NR_SITES] = {
	[PROTNONE_SITE_GUP] = "gup",
	[PROTNONE_SITE_FOLIO_WALK] = "folio_walk",
	[PROTNONE_SITE_SMAPS] = "smaps",
	[PROTNONE_SITE_HMM] = "hmm",
};
#endif

/*
 * kernel_hook_sites: the kernel's lookup sites the policy decides at now,
 * "none" if it decides at none (the kernel decides as it would alone).
 */
static ssize_t kernel_hook_sites_show(struct kobject *kobj, struct kobj_attribute *attr,
				      char *buf)
{
	unsigned int sites = gupnuma_kernel_hook_sites();
	int n = 0;
#ifdef CONFIG_PROTNONE_HOOK
	int site;

	for (site = 0; site < PROTNONE_NR_SITES; site++)
		if (sites & BIT(site))
			n += sysfs_emit_at(buf, n, "%s%s", n ? " " : "", kernel_site_names[site]);
#endif
	if (!sites)
		n += sysfs_emit_at(buf, n, "none");
	return n + sysfs_emit_at(buf, n, "\n");
}
static struct kobj_attribute kernel_hook_sites_attr = __ATTR_RO(kernel_hook_sites);

/*
 * kernel_hook_observe: 1 to decide at every site, so that stats/ count every
 * protnone entry the kernel's lookups meet; 0 (default) to decide only where
 * the policy differs from the kernel.  -EOPNOTSUPP without the hook.
 */
static ssize_t kernel_hook_observe_show(struct kobject *kobj, struct kobj_attribute *attr,
					char *buf)
{
	return sysfs_emit(buf, "%d\n", gupnuma_kernel_hook_observing());
}

static ssize_t kernel_hook_observe_store(struct kobject *kobj, struct kobj_attribute *attr,
					 const char *buf, size_t count)
{
	bool on;
	int err;

	if (kstrtobool(buf, &on))
		return -EINVAL;
	err = gupnuma_kernel_hook_observe(on);
	return err ? err : count;
}
static struct kobj_attribute kernel_hook_observe_attr = __ATTR_RW(kernel_hook_observe);

static struct attribute *gupnuma_attrs[] = {
	&version_attr.attr,
	&kernel_honor_numa_fault_attr.attr,
	&kernel_hook_attr.attr,
	&kernel_policy_attr.attr,
	&kernel_hook_sites_attr.attr,
	&kernel_hook_observe_attr.attr,
	&policy_attr.attr,
	&custom_attr.attr,
	&engine_attr.attr,
	&shadow_attr.attr,
	NULL,
};

static const struct attribute_group gupnuma_group = {
	.attrs = gupnuma_attrs,
};

/* stats/reset: write 1 to zero every counter. */
static ssize_t reset_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	bool yes;

	if (kstrtobool(buf, &yes) || !yes)
		return -EINVAL;
	gupnuma_stats_reset();
	return count;
}
static struct kobj_attribute reset_attr = __ATTR_WO(reset);

/* The tables are in debugfs (mm/debugfs.c): one value per sysfs file. */
static struct attribute *gupnuma_stats_attrs[] = {
	&reset_attr.attr,
	NULL,
};

static const struct attribute_group gupnuma_stats_group = {
	.name = "stats",
	.attrs = gupnuma_stats_attrs,
};

/*
 * policies/NAME/: one directory per registered policy, one value per file,
 * from its ops entry: index (what the ioctls take), builtin, kernels,
 * source, doc, alias.
 */
static struct kobject *gupnuma_policies_kobj;
static struct kobject *gupnuma_policy_kobjs[GUPNUMA_MAX_POLICIES];

static const struct gupnuma_policy_ops *policy_of(struct kobject *kobj, int *id)
{
	*id = gupnuma_policy_parse(kobject_name(kobj), strlen(kobject_name(kobj)));
	return gupnuma_policy(*id);
}

#define GUPNUMA_POLICY_ATTR(_field, _fmt, _value)				\
static ssize_t _field##_show(struct kobject *kobj, struct kobj_attribute *attr,	\
			     char *buf)						\
{										\
	int id;									\
	const struct gupnuma_policy_ops *ops = policy_of(kobj, &id);		\
										\
	if (!ops)								\
		return -ENODEV;							\
	return sysfs_emit(buf, _fmt "\n", _value);				\
}										\
static struct kobj_attribute policy_##_field##_attr = __ATTR_RO(_field)

GUPNUMA_POLICY_ATTR(index, "%d", id);
GUPNUMA_POLICY_ATTR(builtin, "%d", ops->builtin);
GUPNUMA_POLICY_ATTR(kernels, "%s", ops->kernels ?: "");
GUPNUMA_POLICY_ATTR(source, "%s", ops->source ?: "");
GUPNUMA_POLICY_ATTR(doc, "%s", ops->doc ?: "");
GUPNUMA_POLICY_ATTR(alias, "%s", ops->alias ?: "");

static struct attribute *gupnuma_policy_attrs[] = {
	&policy_index_attr.attr,
	&policy_builtin_attr.attr,
	&policy_kernels_attr.attr,
	&policy_source_attr.attr,
	&policy_doc_attr.attr,
	&policy_alias_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(gupnuma_policy);

static void gupnuma_policies_dirs_exit(void)
{
	int id;

	for (id = 0; id < GUPNUMA_MAX_POLICIES; id++) {
		if (!gupnuma_policy_kobjs[id])
			continue;
		sysfs_remove_groups(gupnuma_policy_kobjs[id], gupnuma_policy_groups);
		kobject_put(gupnuma_policy_kobjs[id]);
		gupnuma_policy_kobjs[id] = NULL;
	}
	kobject_put(gupnuma_policies_kobj);
	gupnuma_policies_kobj = NULL;
}

/* The registry is complete when sysfs comes up (module init, in order). */
static int gupnuma_policies_dirs_init(void)
{
	struct kobject *kobj;
	int id, err;

	gupnuma_policies_kobj = kobject_create_and_add("policies", gupnuma_kobj);
	if (!gupnuma_policies_kobj)
		return -ENOMEM;
	gupnuma_for_each_policy(id) {
		kobj = kobject_create_and_add(gupnuma_policy_name(id), gupnuma_policies_kobj);
		if (!kobj) {
			err = -ENOMEM;
			goto err_dirs;
		}
		gupnuma_policy_kobjs[id] = kobj;
		err = sysfs_create_groups(kobj, gupnuma_policy_groups);
		if (err)
			goto err_dirs;
	}
	return 0;

err_dirs:
	gupnuma_policies_dirs_exit();
	return err;
}

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
	err = sysfs_create_group(gupnuma_kobj, &gupnuma_stats_group);
	if (err)
		goto err_group;
	err = gupnuma_policies_dirs_init();
	if (err)
		goto err_stats;
	return 0;

err_stats:
	sysfs_remove_group(gupnuma_kobj, &gupnuma_stats_group);
err_group:
	sysfs_remove_group(gupnuma_kobj, &gupnuma_group);
err_put:
	kobject_put(gupnuma_kobj);
	gupnuma_kobj = NULL;
	return err;
}

void gupnuma_sysfs_exit(void)
{
	gupnuma_policies_dirs_exit();
	sysfs_remove_group(gupnuma_kobj, &gupnuma_stats_group);
	sysfs_remove_group(gupnuma_kobj, &gupnuma_group);
	kobject_put(gupnuma_kobj);
}
