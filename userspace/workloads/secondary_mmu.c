// SPDX-License-Identifier: GPL-2.0
/*
 * Workloads through gupnuma's own secondary MMUs (the module's engines):
 * - mirror: the software secondary MMU (an mmu_interval_notifier mirror, like
 *   a GPU or an RDMA NIC with ODP) faulting the memory through the walk engine
 *   as a secondary-mmu caller;
 * - gup: get_user_pages_remote() by a caller that passes FOLL_HONOR_NUMA_FAULT
 *   (as KVM's hva_to_pfn_slow() does since 6.6), through the gup engine;
 * - pinned-hmm: the mirror faulting through hmm_range_fault() (a GPU's shared
 *   virtual memory) over shared memory that io_uring long-term pinned first:
 *   HMM always faults protnone entries, migration refuses the pinned pages,
 *   so every hinting fault is wasted unless the policy follows pinned folios.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"
#include "lib/uring_pin.h"
#include "workload.h"

/*
 * r->area placed and scanned (wl_map_placed(), @pin_fd as there), and
 * /dev/gupnuma open in r->fd.  0 or an exit status.
 */
static int map_and_open(struct wl_run *r, int *pin_fd)
{
	int err = wl_map_placed(r, pin_fd);

	if (err)
		return err;
	r->fd = gn_open();
	if (r->fd < 0)
		return cli_error("cannot open %s: %s", GUPNUMA_DEV_PATH, strerror(errno));
	r->accessor_cpu = gn_first_cpu(r->p->to);
	return 0;
}

/* The mirror over r->area through @engine; @pinned: shared memory io_uring pins. */
static int mirror_start(struct wl_run *r, unsigned int engine, bool pinned)
{
	int err, pin_fd = -1;

	err = map_and_open(r, pinned ? &pin_fd : NULL);
	r->priv = (void *)(long)pin_fd;	/* the io_uring fd, if pinned */
	if (err)
		return err;
	err = gn_mirror_create(r->fd, r->area, r->npages, engine);
	if (err)
		return cli_error("mirror create: %s", strerror(-err));
	r->mirror_invalidations = 0;
	/* the walk engine sees the hinting faults it takes; hmm_range_fault() does not say */
	r->own_hint_count = engine == GUPNUMA_ENGINE_WALK;
	return 0;
}

static int mirror_prepare(struct wl_run *r)
{
	return mirror_start(r, GUPNUMA_ENGINE_WALK, false);
}

static int pinned_hmm_prepare(struct wl_run *r)
{
	return mirror_start(r, GUPNUMA_ENGINE_HMM, true);
}

static int mirror_access(struct wl_run *r)
{
	struct gupnuma_mirror_args acc;
	struct gupnuma_mirror_stats st = {};
	int err = gn_mirror_access(r->fd, &acc, r->npages, r->accessor_cpu, 0);

	if (err)
		return cli_error("mirror access: %s", strerror(-err));
	r->accesses++;
	r->hint_faults += acc.hint_faults;
	if (!ioctl(r->fd, GUPNUMA_IOC_MIRROR_STATS, &st))
		r->mirror_invalidations = st.invalidations[GUPNUMA_MMU_PROTECTION_VMA];
	return 0;
}

static void engine_teardown(struct wl_run *r)
{
	if (r->fd >= 0) {
		ioctl(r->fd, GUPNUMA_IOC_MIRROR_DESTROY);
		close(r->fd);
	}
	r->fd = -1;
	if (r->priv)
		gn_uring_unpin((int)(long)r->priv);
	r->priv = NULL;
	wl_unmap(r);
}

const struct workload wl_mirror = {
	.name = "mirror",
	.doc = "a software secondary MMU (GPU/NIC-style mmu_interval_notifier mirror) faulting the memory in",
	.kind = WL_MIGRATES,
	.thp = true,
	.needs = WL_NEEDS_MODULE,
	.prepare = mirror_prepare,
	.access = mirror_access,
	.teardown = engine_teardown,
};

const struct workload wl_pinned_hmm = {
	.name = "pinned-hmm",
	.doc = "an HMM mirror (a GPU's shared virtual memory) over memory long-term pinned by io_uring",
	.kind = WL_COST,
	.needs = WL_NEEDS_MODULE | WL_NEEDS_URING,
	.prepare = pinned_hmm_prepare,
	.access = mirror_access,
	.teardown = engine_teardown,
};

static int gup_prepare(struct wl_run *r)
{
	return map_and_open(r, NULL);
}

static int gup_access(struct wl_run *r)
{
	struct gupnuma_lookup_args a;

	if (gn_lookup(r->fd, &a, r->area, r->npages, GUPNUMA_CALLER_GUP,
		      GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_HONOR_NUMA_FAULT, GUPNUMA_ENGINE_GUP,
		      GUPNUMA_ACTIVE, NULL))
		return cli_error("gup lookup: %s", strerror(errno));
	r->accesses++;
	return 0;
}

const struct workload wl_gup = {
	.name = "gup",
	.doc = "get_user_pages_remote(FOLL_HONOR_NUMA_FAULT), as KVM's hva_to_pfn_slow() calls it",
	.kind = WL_MIGRATES,
	.needs = WL_NEEDS_MODULE,
	.prepare = gup_prepare,
	.access = gup_access,
	.teardown = engine_teardown,
};
