// SPDX-License-Identifier: GPL-2.0
/*
 * KVM workloads: a guest (lib/kvm_vm.c, the plain KVM API, so it runs on
 * 5.10 .. 6.12) whose vCPU runs on node B and reads or writes every page of a
 * memslot whose memory starts on node A.  KVM's stage-2 faults reach the page
 * through hva_to_pfn() -> GUP, with FOLL_HONOR_NUMA_FAULT since 6.6.
 * - kvm-read: the guest reads;
 * - kvm-write: the guest writes (FOLL_WRITE faults honor hinting under every
 *   policy: a protnone entry is never writable);
 * - pinned: the memslot is shared memory that io_uring has long-term pinned
 *   first (as VFIO pins a device-assigned VM's memory): NUMA balancing still
 *   makes it protnone (shared mappings are not skipped as pinned COW pages
 *   are), the guest's reads take hinting faults, and migration refuses pinned
 *   pages, so every such fault is wasted.
 * The cells also report KVM's own counters: remote TLB flushes and zapped
 * stage-2 pages (debugfs), the cost of NUMA balancing's invalidations.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"
#include "lib/kvm_vm.h"
#include "lib/uring_pin.h"
#include "workload.h"

struct kvm_state {
	struct gn_vm vm;
	struct gn_vm_stats st0;
	int pin_fd;
};

static int kvm_start(struct wl_run *r, bool write, bool pinned)
{
	struct kvm_state *k = calloc(1, sizeof(*k));
	int err;

	if (!k)
		return cli_error("out of memory");
	k->pin_fd = -1;
	r->priv = k;
	err = wl_map_placed(r, pinned ? &k->pin_fd : NULL);
	if (err)
		return err;
	err = gn_vm_create(&k->vm, r->area, r->p->size, write);
	if (err)
		return cli_error("cannot create the VM: %s", strerror(-err));
	r->accessor_cpu = gn_first_cpu(r->p->to);
	err = gn_vm_start(&k->vm, r->accessor_cpu);
	if (err)
		return cli_error("cannot start the vCPU: %s", strerror(-err));
	gn_vm_stats(&k->vm, &k->st0);
	return 0;
}

static int kvm_read_prepare(struct wl_run *r)
{
	return kvm_start(r, false, false);
}

static int kvm_write_prepare(struct wl_run *r)
{
	return kvm_start(r, true, false);
}

static int pinned_prepare(struct wl_run *r)
{
	return kvm_start(r, false, true);
}

/* The vCPU runs on its own; the runner only sleeps between samples. */
static int kvm_access(struct wl_run *r)
{
	struct kvm_state *k = r->priv;

	r->accesses = k->vm.passes;
	if (k->vm.error)
		return cli_error("the vCPU stopped: %s", strerror(-k->vm.error));
	return 0;
}

static int kvm_check(struct wl_run *r)
{
	struct kvm_state *k = r->priv;

	wl_kvm_counters(r, &k->vm, &k->st0);
	r->accesses = k->vm.passes;
	if (!k->vm.passes)
		snprintf(r->note, sizeof(r->note), "the guest completed no pass");
	return 0;
}

static void kvm_teardown(struct wl_run *r)
{
	struct kvm_state *k = r->priv;

	if (k) {
		gn_vm_destroy(&k->vm);
		gn_uring_unpin(k->pin_fd);
		free(k);
	}
	r->priv = NULL;
	wl_unmap(r);
}

const struct workload wl_kvm_read = {
	.name = "kvm-read",
	.doc = "a KVM guest reading its memory (stage-2 faults through hva_to_pfn -> GUP)",
	.kind = WL_MIGRATES,
	.thp = true,
	.needs = WL_NEEDS_KVM,
	.sleeps = true,
	.prepare = kvm_read_prepare,
	.access = kvm_access,
	.check = kvm_check,
	.teardown = kvm_teardown,
};

const struct workload wl_kvm_write = {
	.name = "kvm-write",
	.doc = "a KVM guest writing its memory (FOLL_WRITE: a protnone entry is never writable)",
	.kind = WL_MIGRATES,
	.needs = WL_NEEDS_KVM,
	.sleeps = true,
	.prepare = kvm_write_prepare,
	.access = kvm_access,
	.check = kvm_check,
	.teardown = kvm_teardown,
};

const struct workload wl_pinned = {
	.name = "pinned",
	.doc = "a KVM guest reading shared memory long-term pinned by io_uring (as VFIO pins a device-assigned VM)",
	.kind = WL_COST,
	.needs = WL_NEEDS_KVM | WL_NEEDS_URING,
	.sleeps = true,
	.prepare = pinned_prepare,
	.access = kvm_access,
	.check = kvm_check,
	.teardown = kvm_teardown,
};
