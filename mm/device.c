// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/gupnuma: look ranges up through an engine and a policy, and drive a
 * per-file mirror.  Every input is checked before anything is done; bad input
 * gets an errno, never a WARN.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <gupnuma/engine.h>
#include <gupnuma/mirror.h>

#include "gupnuma_internal.h"

struct gupnuma_file {
	struct mutex lock;		/* serializes mirror commands */
	struct gupnuma_mirror *mirror;
};

/* A user range of @npages pages at @addr that is sane to look at. */
static int check_range(u64 addr, u64 npages)
{
	if (!npages || npages > GUPNUMA_MAX_PAGES)
		return -EINVAL;
	if (!PAGE_ALIGNED(addr))
		return -EINVAL;
	if (!access_ok(u64_to_user_ptr(addr), npages << PAGE_SHIFT))
		return -EFAULT;
	return 0;
}

static int check_cpu(u32 cpu)
{
	if (cpu == GUPNUMA_CPU_ANY)
		return 0;
	return cpu < nr_cpu_ids && cpu_online(cpu) ? 0 : -EINVAL;
}

static int check_engine(u32 *engine)
{
	if (*engine == GUPNUMA_ACTIVE)
		*engine = gupnuma_active_engine();
	if (*engine >= GUPNUMA_NR_ENGINES)
		return -EINVAL;
	return gupnuma_engine_available(*engine) ? 0 : -EOPNOTSUPP;
}

/* The mm of @pid (0: the caller's); another process's needs CAP_SYS_PTRACE. */
static struct mm_struct *target_mm(u32 pid)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *p;

	if (!pid || pid == task_tgid_vnr(current)) {
		mm = get_task_mm(current);
		return mm ? mm : ERR_PTR(-ESRCH);
	}
	if (!capable(CAP_SYS_PTRACE))
		return ERR_PTR(-EPERM);
	p = find_get_pid(pid);
	task = p ? get_pid_task(p, PIDTYPE_PID) : NULL;
	put_pid(p);
	if (!task)
		return ERR_PTR(-ESRCH);
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm ? mm : ERR_PTR(-ESRCH);
}

struct lookup_call {
	struct gupnuma_req req;
	enum gupnuma_engine_id engine;
};

static long lookup_fn(void *arg)
{
	struct lookup_call *c = arg;

	return gupnuma_engine_lookup(c->engine, &c->req);
}

static long gupnuma_ioctl_lookup(void __user *uarg)
{
	struct gupnuma_lookup_args a;
	struct gupnuma_query q = {};
	struct lookup_call c = {};
	struct gupnuma_page __user *upages;
	bool stop = false;
	u64 t0, vm0;
	int err, i;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	/* the caller and flags as a query checks them (policy.c) */
	q.caller = a.caller;
	q.flags = a.flags;
	if (a.reserved || gupnuma_check_query(&q))
		return -EINVAL;
	err = check_range(a.addr, a.npages);
	if (!err)
		err = check_cpu(a.cpu);
	if (!err)
		err = check_engine(&a.engine);
	if (err)
		return err;
	if (a.policy == GUPNUMA_ACTIVE)
		a.policy = gupnuma_active_policy();
	if (!gupnuma_policy(a.policy))
		return -EINVAL;
	upages = u64_to_user_ptr(a.pages);
	/* the results are copied out at the end: a bad buffer fails now, not after the walk */
	if (a.pages && clear_user(upages, a.npages * sizeof(*upages)))
		return -EFAULT;

	c.engine = a.engine;
	c.req.start = a.addr;
	c.req.npages = a.npages;
	c.req.caller = a.caller;
	c.req.flags = a.flags;
	c.req.policy = a.policy;
	c.req.stop = &stop;
	if (a.pages) {
		c.req.pages = kvcalloc(a.npages, sizeof(*c.req.pages), GFP_KERNEL);
		if (!c.req.pages)
			return -ENOMEM;
	}
	c.req.mm = target_mm(a.pid);
	if (IS_ERR(c.req.mm)) {
		err = PTR_ERR(c.req.mm);
		goto out_free;
	}
	vm0 = gupnuma_vm_numa_hint_faults();
	t0 = ktime_get_ns();
	err = gupnuma_run_on(a.cpu, lookup_fn, &c, &stop);
	a.elapsed_ns = ktime_get_ns() - t0;
	a.vm_hint_faults = gupnuma_vm_numa_hint_faults() - vm0;
	mmput(c.req.mm);
	if (err)
		goto out_free;

	a.done = a.npages;
	a.found = c.req.found;
	a.protnone = c.req.protnone;
	a.errors = c.req.errors;
	for (i = 0; i < GUPNUMA_NR_DECISIONS; i++)
		a.decisions[i] = c.req.decisions[i];
	a.hint_faults = c.req.hint_faults;
	if (a.pages && copy_to_user(upages, c.req.pages, a.npages * sizeof(*upages)))
		err = -EFAULT;
	else if (copy_to_user(uarg, &a, sizeof(a)))
		err = -EFAULT;
out_free:
	kvfree(c.req.pages);
	return err;
}

static long gupnuma_ioctl_mirror_create(struct gupnuma_file *f, void __user *uarg)
{
	struct gupnuma_mirror_args a;
	struct gupnuma_mirror *m;
	int err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.offset || a.flags || a.cpu != GUPNUMA_CPU_ANY || a.reserved)
		return -EINVAL;
	err = check_range(a.addr, a.npages);
	if (!err)
		err = check_engine(&a.engine);
	if (err)
		return err;
	if (!current->mm)
		return -EINVAL;
	mutex_lock(&f->lock);
	if (f->mirror) {
		err = -EBUSY;
	} else {
		m = gupnuma_mirror_create(current->mm, a.addr, a.npages, a.engine);
		if (IS_ERR(m))
			err = PTR_ERR(m);
		else
			f->mirror = m;
	}
	mutex_unlock(&f->lock);
	return err;
}

struct access_call {
	struct gupnuma_mirror *mirror;
	struct gupnuma_mirror_args *args;
	bool stop;
};

static long access_fn(void *arg)
{
	struct access_call *c = arg;

	return gupnuma_mirror_access(c->mirror, c->args, &c->stop);
}

static long gupnuma_ioctl_mirror_access(struct gupnuma_file *f, void __user *uarg)
{
	struct gupnuma_mirror_args a;
	struct access_call c = { .args = &a };
	int err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.addr || a.engine || a.reserved || (a.flags & ~GUPNUMA_LOOKUP_WRITE))
		return -EINVAL;
	err = check_cpu(a.cpu);
	if (err)
		return err;
	a.hits = a.faults = a.hint_faults = a.retries = a.elapsed_ns = 0;
	mutex_lock(&f->lock);
	c.mirror = f->mirror;
	if (!c.mirror) {
		err = -ENOENT;
		goto out_unlock;
	}
	if (!a.npages || a.offset >= gupnuma_mirror_npages(c.mirror) ||
	    a.npages > gupnuma_mirror_npages(c.mirror) - a.offset) {
		err = -EINVAL;
		goto out_unlock;
	}
	err = gupnuma_run_on(a.cpu, access_fn, &c, &c.stop);
	if (!err && copy_to_user(uarg, &a, sizeof(a)))
		err = -EFAULT;
out_unlock:
	mutex_unlock(&f->lock);
	return err;
}

static long gupnuma_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct gupnuma_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct gupnuma_mirror_stats st;
	long err = 0;

	switch (cmd) {
	case GUPNUMA_IOC_LOOKUP:
		return gupnuma_ioctl_lookup(uarg);
	case GUPNUMA_IOC_MIRROR_CREATE:
		return gupnuma_ioctl_mirror_create(f, uarg);
	case GUPNUMA_IOC_MIRROR_ACCESS:
		return gupnuma_ioctl_mirror_access(f, uarg);
	case GUPNUMA_IOC_MIRROR_DESTROY:
		mutex_lock(&f->lock);
		if (f->mirror)
			gupnuma_mirror_destroy(f->mirror);
		else
			err = -ENOENT;
		f->mirror = NULL;
		mutex_unlock(&f->lock);
		return err;
	case GUPNUMA_IOC_MIRROR_STATS:
		mutex_lock(&f->lock);
		if (f->mirror)
			gupnuma_mirror_stats(f->mirror, &st);
		else
			err = -ENOENT;
		mutex_unlock(&f->lock);
		if (!err && copy_to_user(uarg, &st, sizeof(st)))
			err = -EFAULT;
		return err;
	default:
		return -ENOTTY;
	}
}

static int gupnuma_open(struct inode *inode, struct file *file)
{
	struct gupnuma_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	file->private_data = f;
	return 0;
}

static int gupnuma_release(struct inode *inode, struct file *file)
{
	struct gupnuma_file *f = file->private_data;

	gupnuma_mirror_destroy(f->mirror);
	kfree(f);
	return 0;
}

static const struct file_operations gupnuma_fops = {
	.owner = THIS_MODULE,
	.open = gupnuma_open,
	.release = gupnuma_release,
	.unlocked_ioctl = gupnuma_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice gupnuma_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "gupnuma",
	.fops = &gupnuma_fops,
	.mode = 0600,
};

int gupnuma_device_init(void)
{
	return misc_register(&gupnuma_miscdev);
}

void gupnuma_device_exit(void)
{
	misc_deregister(&gupnuma_miscdev);
}
