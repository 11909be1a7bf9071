// SPDX-License-Identifier: GPL-2.0
/*
 * userfaultfd RWP workloads (Linux 7.3): a working-set tracker, the RWP
 * series' own use case (a VMM that evicts the pages its tracker calls cold),
 * over memory that NUMA balancing scans meanwhile, so that the range holds
 * RWP markers and NUMA hints side by side.  Async mode
 * (UFFD_FEATURE_RWP_ASYNC): a round arms the range (UFFDIO_RWPROTECT), a
 * reader reads it, and PAGEMAP_SCAN must report accessed every page the
 * reader read.  Headline: pages the tracker missed plus pages read with wrong
 * bytes, 0 where the kernel is right.
 * - rwp-tracker: one round per interval, the readers in turn
 *   (lib/rwp_reader.c): another process's process_vm_readv(), /proc/PID/mem
 *   and PTRACE_PEEKDATA, our own O_DIRECT write, each of every other page
 *   (the other half the next time), and with gupnuma loaded its mirror (a
 *   secondary MMU faulting through GUP), every page; done after two rounds
 *   of each reader;
 * - rwp-kvm: a KVM guest (lib/kvm_vm.c) reads every page of the range as its
 *   memslot (stage-2 faults through hva_to_pfn -> GUP); a round ends when
 *   the vCPU has made two passes since the range was armed; done after
 *   KVM_ROUNDS.
 * Sync mode (a handler resolves each access; /proc/PID/mem and ptrace get
 * EIO) is rwp_tracker_test's: on a kernel with CONFIG_DEBUG_VM each such EIO
 * dumps a stack.  A kernel without RWP gets "-" with the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"
#include "lib/kvm_vm.h"
#include "lib/rwp_reader.h"
#include "lib/uffd_rwp.h"
#include "workload.h"

#define READ_MIRROR	GN_NR_RWP_READERS	/* the reader after lib/rwp_reader.c's */
#define KVM_ROUNDS	3	/* rwp-kvm's rounds; rwp-tracker: each reader, each half */

struct rwp_state {
	struct gn_rwp t;
	struct gn_reader reader;
	struct gn_vm vm;
	struct gn_vm_stats st0;		/* rwp-kvm: KVM's counters at the start */
	bool *accessed;
	size_t psz;
	int nreaders;			/* rwp-tracker: lib/rwp_reader.c's it can use; rwp-kvm: 0 */
	unsigned long rounds, passes0;	/* rwp-kvm: the vCPU's passes at the last arm */
	long read, missed, wrong, extra;
	long missed_by[READ_MIRROR + 1];
};

/* The range on node A, scanned, stamped, registered; @fork_reader first. */
static int rwp_start(struct wl_run *r, bool fork_reader)
{
	struct rwp_state *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return cli_error("out of memory");
	s->t.uffd = s->t.pagemap = -1;
	s->reader.pid = s->reader.cmd = s->reader.reply = -1;
	r->priv = s;
	r->error_unit = "pages";
	r->errors = -1;		/* n/a until a round is counted */
	r->until_done = true;	/* its rounds, however long a slow host takes */
	s->psz = (size_t)sysconf(_SC_PAGESIZE);
	/* the reader exists before the memory: fork() copies no armed entry */
	if (fork_reader && (err = gn_reader_spawn(&s->reader)))
		return cli_error("cannot fork the reader process: %s", strerror(-err));
	err = wl_map_placed(r, NULL);
	if (err)
		return err;
	r->npages = r->p->size / s->psz;
	gn_rwp_fill(r->area, r->npages, s->psz);
	s->accessed = calloc(r->npages, sizeof(*s->accessed));
	if (!s->accessed)
		return cli_error("out of memory");
	err = gn_rwp_register(&s->t, r->area, r->p->size, true);
	if (err)
		return cli_error("UFFDIO_REGISTER_MODE_RWP: %s", strerror(-err));
	err = gn_rwp_arm(&s->t);
	return err ? cli_error("UFFDIO_RWPROTECT: %s", strerror(-err)) : 0;
}

/*
 * Count one round of @reader (-1: no per-reader figure): pages [first,
 * npages) every @stride-th were read (@read of them, in order); the tracker
 * must report exactly those.
 */
static int count_round(struct wl_run *r, int reader, size_t first, size_t stride, long read)
{
	struct rwp_state *s = r->priv;
	long n = gn_rwp_accessed(&s->t, s->accessed);
	size_t i;

	if (n < 0)
		return cli_error("PAGEMAP_SCAN: %s", strerror((int)-n));
	for (i = 0; i < r->npages; i++) {
		bool was_read = i >= first && (i - first) % stride == 0 &&
				(long)((i - first) / stride) < read;

		if (was_read && !s->accessed[i]) {
			s->missed++;
			if (reader >= 0)
				s->missed_by[reader]++;
		}
		s->extra += !was_read && s->accessed[i];
	}
	s->read += read;
	s->rounds++;
	r->errors = s->missed + s->wrong;
	r->done = s->rounds >= (s->nreaders ? 2 * (unsigned long)(s->nreaders + (r->fd >= 0)) :
				KVM_ROUNDS);
	return 0;
}

static int tracker_prepare(struct wl_run *r)
{
	struct rwp_state *s;
	int err = rwp_start(r, true), fd;

	if (err)
		return err;
	s = r->priv;
	s->nreaders = GN_NR_RWP_READERS;
	if (access(GN_RAM_DISK, W_OK))
		s->nreaders = GN_READ_O_DIRECT;	/* the reader list ends with O_DIRECT */
	/*
	 * With gupnuma: its mirror, a secondary MMU, faulting through GUP as
	 * KVM does.  Not through hmm_range_fault(): it faults without
	 * FAULT_FLAG_ALLOW_RETRY, so it cannot wait for a sync handler, and a
	 * module cannot tell async from sync (userfaultfd_rwp_async() is not
	 * exported): gupnuma's hmm engine refuses userfaultfd VMAs (EOPNOTSUPP).
	 */
	fd = gn_open();
	if (fd >= 0) {
		int err;

		r->fd = fd;
		err = gn_mirror_create(fd, r->area, r->npages, GUPNUMA_ENGINE_GUP);
		if (err)
			return cli_error("mirror create: %s", strerror(-err));
	}
	return 0;
}

/* One round by the mirror: every page; what it mirrors now is what it read. */
static int mirror_round(struct wl_run *r)
{
	struct gupnuma_mirror_args acc;
	struct gupnuma_mirror_stats st = {};
	int err = gn_mirror_access(r->fd, &acc, r->npages, gn_first_cpu(r->p->to), 0);

	if (err)
		return cli_error("mirror access: %s", strerror(-err));
	if (ioctl(r->fd, GUPNUMA_IOC_MIRROR_STATS, &st))
		return cli_error("mirror stats: %s", strerror(errno));
	if (st.valid < r->npages)
		return cli_error("the mirror got %llu of %zu pages", (unsigned long long)st.valid,
				 r->npages);
	return count_round(r, READ_MIRROR, 0, 1, (long)r->npages);
}

static int tracker_access(struct wl_run *r)
{
	struct rwp_state *s = r->priv;
	int nreaders = s->nreaders + (r->fd >= 0), reader = (int)(s->rounds % nreaders), err;
	struct gn_read_cmd c = {
		.addr = (uintptr_t)r->area, .first = (s->rounds / nreaders) % 2,
		.count = r->npages, .stride = 2, .psz = s->psz,
	};
	struct gn_read_reply rep;

	r->accesses++;
	err = gn_rwp_arm(&s->t);
	if (err)
		return cli_error("UFFDIO_RWPROTECT: %s", strerror(-err));
	if (reader == s->nreaders)
		return mirror_round(r);
	c.reader = reader;
	c.count = r->npages - c.first;
	err = gn_reader_read(&s->reader, &c, &rep);
	if (err)
		return cli_error("the reader process: %s", strerror(-err));
	if (rep.err)
		return cli_error("%s: %s", gn_rwp_reader_name(reader), strerror(rep.err));
	s->wrong += rep.wrong;
	return count_round(r, reader, c.first, 2, rep.pages);
}

static int rwp_check(struct wl_run *r)
{
	struct rwp_state *s = r->priv;
	int i, n;

	if (!r->done)	/* a reader that never ran proves nothing: the cell fails */
		return cli_error("incomplete: %lu rounds in %.0f s", s->rounds,
				 r->p->duration > WL_SCAN_WAIT_S ? r->p->duration : WL_SCAN_WAIT_S);
	n = snprintf(r->note, sizeof(r->note), "%lu rounds, %ld pages read: missed %ld, wrong %ld, extra %ld",
		     s->rounds, s->read, s->missed, s->wrong, s->extra);
	for (i = 0; i <= READ_MIRROR && n < (int)sizeof(r->note); i++)
		if (s->missed_by[i])
			n += snprintf(r->note + n, sizeof(r->note) - n, "; %s missed %ld",
				      i == READ_MIRROR ? "mirror" : gn_rwp_reader_name(i),
				      s->missed_by[i]);
	return 0;
}

static void rwp_teardown(struct wl_run *r)
{
	struct rwp_state *s = r->priv;

	if (r->fd >= 0) {
		ioctl(r->fd, GUPNUMA_IOC_MIRROR_DESTROY);
		close(r->fd);
		r->fd = -1;
	}
	if (s) {
		gn_vm_destroy(&s->vm);
		gn_reader_stop(&s->reader);
		gn_rwp_close(&s->t);
		free(s->accessed);
		free(s);
	}
	r->priv = NULL;
	wl_unmap(r);
}

static int kvm_prepare(struct wl_run *r)
{
	struct rwp_state *s;
	int err = rwp_start(r, false);

	if (err)
		return err;
	s = r->priv;
	err = gn_vm_create(&s->vm, r->area, r->p->size, false);
	if (err)
		return cli_error("cannot create the VM: %s", strerror(-err));
	r->accessor_cpu = gn_first_cpu(r->p->to);
	err = gn_vm_start(&s->vm, r->accessor_cpu);
	s->passes0 = 1;		/* the first pass may straddle the start */
	gn_vm_stats(&s->vm, &s->st0);
	return err ? cli_error("cannot start the vCPU: %s", strerror(-err)) : 0;
}

static int kvm_check(struct wl_run *r)
{
	struct rwp_state *s = r->priv;

	wl_kvm_counters(r, &s->vm, &s->st0);
	return rwp_check(r);
}

/* A round ends when the vCPU made two passes since the arm: count, re-arm. */
static int kvm_access(struct wl_run *r)
{
	struct rwp_state *s = r->priv;
	int err;

	r->accesses = s->vm.passes;
	if (s->vm.error)
		return cli_error("the vCPU stopped: %s", s->vm.reason);
	if (s->vm.passes < s->passes0 + 2)
		return 0;
	err = count_round(r, -1, 0, 1, (long)r->npages);
	if (err)
		return err;
	err = gn_rwp_arm(&s->t);
	/* after the arm: a pass under way then may have read pages before it */
	s->passes0 = s->vm.passes + 1;
	return err ? cli_error("UFFDIO_RWPROTECT: %s", strerror(-err)) : 0;
}

const struct workload wl_rwp_tracker = {
	.name = "rwp-tracker",
	.doc = "a userfaultfd RWP working-set tracker whose memory GUP readers read (pages it missed)",
	.kind = WL_CORRECTNESS,
	.needs = WL_NEEDS_RWP | WL_NEEDS_CMA,
	.prepare = tracker_prepare,
	.access = tracker_access,
	.check = rwp_check,
	.teardown = rwp_teardown,
};

const struct workload wl_rwp_kvm = {
	.name = "rwp-kvm",
	.doc = "a userfaultfd RWP working-set tracker over a KVM guest's memslot (pages it missed)",
	.kind = WL_CORRECTNESS,
	.needs = WL_NEEDS_RWP | WL_NEEDS_KVM,
	.sleeps = true,
	.prepare = kvm_prepare,
	.access = kvm_access,
	.check = kvm_check,
	.teardown = rwp_teardown,
};
