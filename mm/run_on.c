// SPDX-License-Identifier: GPL-2.0
/*
 * A request of /dev/gupnuma run on the CPU its caller names (the accessor's
 * node), killably.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/workqueue.h>

#include "gupnuma_internal.h"

struct on_cpu_call {
	struct work_struct work;
	struct completion done;
	long (*fn)(void *arg);
	void *arg;
	long ret;
};

static void on_cpu_fn(struct work_struct *work)
{
	struct on_cpu_call *c = container_of(work, struct on_cpu_call, work);

	c->ret = c->fn(c->arg);
	complete(&c->done);
}

/*
 * gupnuma_run_on() - run @fn(@arg) on @cpu (its node is the accessor's), or
 * right here (%GUPNUMA_CPU_ANY).  On a
 * CPU, @fn runs in a work item (as work_on_cpu()) while the caller waits
 * killably: a fatal signal sets *@stop, which the engines check between
 * batches (gupnuma_req_interrupted()), and the caller waits for the item to
 * return.  Return: @fn's, or -EINVAL if @cpu is offline.
 */
long gupnuma_run_on(u32 cpu, long (*fn)(void *), void *arg, bool *stop)
{
	struct on_cpu_call c = { .fn = fn, .arg = arg };

	if (cpu == GUPNUMA_CPU_ANY)
		return fn(arg);
	cpus_read_lock();
	if (!cpu_online(cpu)) {
		cpus_read_unlock();
		return -EINVAL;
	}
	INIT_WORK_ONSTACK(&c.work, on_cpu_fn);
	init_completion(&c.done);
	queue_work_on(cpu, system_long_wq, &c.work);
	if (wait_for_completion_killable(&c.done))
		WRITE_ONCE(*stop, true);
	flush_work(&c.work);
	destroy_work_on_stack(&c.work);
	cpus_read_unlock();
	return c.ret;
}
