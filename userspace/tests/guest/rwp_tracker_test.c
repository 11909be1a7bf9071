// SPDX-License-Identifier: GPL-2.0
/*
 * A userfaultfd RWP working-set tracker (Linux 7.3) must see every access
 * that reaches its memory through GUP, under every gupnuma policy: the
 * series' own use case, a VMM that evicts the pages its tracker calls cold.
 *
 * The test process owns the memory: it arms RWP over it, lets a reader touch
 * every other page, and asks PAGEMAP_SCAN which pages were accessed.  The
 * readers (lib/rwp_reader.c) are those of gupnuma's workloads that go through
 * GUP: another process's process_vm_readv(), /proc/PID/mem and
 * PTRACE_PEEKDATA, and the owner's own O_DIRECT write.  Each page carries its
 * index, so wrong bytes are seen too.  Figures per policy: pages read, missed (read, not reported
 * accessed: the tracker would evict a hot page), extra (reported, not read),
 * wrong bytes.  Async mode: the kernel resolves each access.  Sync mode: a
 * handler thread resolves each access message; a reader either waits for it
 * and gets the right bytes (process_vm_readv(), O_DIRECT), or gets EIO at its
 * first page and reads nothing (/proc/PID/mem and ptrace: access_remote_vm()
 * cannot drop mmap_lock to wait for userfaultfd, so the fault is SIGBUS, as
 * seen on Debian's 7.3.4), and nothing may hang.
 *
 * NUMA balancing runs with its scan knobs down meanwhile, so the RWP VMA also
 * holds NUMA hints (protnone without the uffd bit) beside the markers.
 * Without RWP (kernels before 7.3) every case is a SKIP with the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"
#include "../../lib/rwp_reader.h"
#include "../../lib/uffd_rwp.h"

FIXTURE(rwp) {
	size_t psz, npages;
	char *area;
	struct gn_rwp t;
	struct gn_reader reader;
	int npolicies;
	char policies[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	char saved_policy[GN_POLICY_NAME_LEN];
	bool *accessed;
	pthread_t handler;
	atomic_bool stop;
	atomic_long resolved;
	atomic_long handler_err;
};

FIXTURE_VARIANT(rwp) {
	enum gn_rwp_reader reader;
	bool async;
	size_t size;
	int sync_errno;		/* what the reader gets in sync mode, or 0 */
};

FIXTURE_VARIANT_ADD(rwp, process_vm_readv_async) { GN_READ_PROCESS_VM_READV, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, proc_mem_async) { GN_READ_PROC_MEM, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, ptrace_async) { GN_READ_PTRACE, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, o_direct_async) { GN_READ_O_DIRECT, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, process_vm_readv_sync) { GN_READ_PROCESS_VM_READV, false, 2 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, proc_mem_sync) { GN_READ_PROC_MEM, false, 2 << 20, EIO };
FIXTURE_VARIANT_ADD(rwp, ptrace_sync) { GN_READ_PTRACE, false, 2 << 20, EIO };
FIXTURE_VARIANT_ADD(rwp, o_direct_sync) { GN_READ_O_DIRECT, false, 2 << 20, 0 };

/*
 * Sync mode: resolve every access message until told to stop.  A handler
 * that fails unregisters the range, so that no accessor waits for it.
 */
static void *handler_main(void *arg)
{
	struct _test_data_rwp *self = arg;
	int n;

	while (!atomic_load(&self->stop)) {
		n = gn_rwp_handle_one(&self->t, 50);
		if (n < 0) {
			atomic_store(&self->handler_err, n);
			gn_rwp_unregister(&self->t);
			break;
		}
		atomic_fetch_add(&self->resolved, n);
	}
	return NULL;
}

FIXTURE_SETUP(rwp)
{
	int err;

	self->t.uffd = self->t.pagemap = -1;
	self->reader.pid = -1;
	self->psz = (size_t)sysconf(_SC_PAGESIZE);
	self->npages = variant->size / self->psz;
	/* the reader exists before the memory: fork() copies no armed entry */
	ASSERT_EQ(0, gn_reader_spawn(&self->reader));
	self->area = mmap(NULL, variant->size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->area);
	ASSERT_EQ(0, madvise(self->area, variant->size, MADV_NOHUGEPAGE));
	gn_rwp_fill(self->area, self->npages, self->psz);
	err = gn_rwp_register(&self->t, self->area, variant->size, variant->async);
	if (err == -EOPNOTSUPP)
		SKIP(return, "the kernel has no userfaultfd RWP (Linux 7.3, CONFIG_USERFAULTFD_RWP)");
	ASSERT_EQ(0, err);
	if (variant->reader == GN_READ_O_DIRECT && access(GN_RAM_DISK, W_OK))
		SKIP(return, "no %s for O_DIRECT (brd)", GN_RAM_DISK);
	self->accessed = calloc(self->npages, sizeof(*self->accessed));
	ASSERT_NE(NULL, self->accessed);
	/* NUMA balancing at its fastest (where the knobs exist) */
	gn_numa_knobs_fast();
	/* gupnuma's policies if it is loaded; else the kernel's own decision */
	self->npolicies = access(GUPNUMA_SYSFS_DIR, F_OK) ? 0 :
			  gn_policies(self->policies, GN_MAX_POLICIES, NULL);
	ASSERT_LE(0, self->npolicies);
	if (self->npolicies)
		ASSERT_EQ(0, gn_active_policy(self->saved_policy, sizeof(self->saved_policy)));
	if (!variant->async)
		ASSERT_EQ(0, pthread_create(&self->handler, NULL, handler_main, self));
}

FIXTURE_TEARDOWN(rwp)
{
	gn_reader_stop(&self->reader);
	if (!variant->async && self->accessed) {
		atomic_store(&self->stop, true);
		pthread_join(self->handler, NULL);
	}
	if (self->npolicies)
		gn_set_policy(self->saved_policy);
	gn_rwp_close(&self->t);
	free(self->accessed);
}

/* Arm, read every other page, and count what the tracker saw. */
static void one_round(struct __test_metadata *_metadata, struct _test_data_rwp *self,
		      const struct _fixture_variant_rwp *variant, const char *policy)
{
	struct gn_read_cmd c = {
		.addr = (uintptr_t)self->area, .first = 0, .count = self->npages,
		.stride = 2, .psz = self->psz, .reader = variant->reader,
	};
	struct gn_read_reply r = { 0 };
	long before, after, missed = 0, extra = 0, resolved0, hints0 = gn_vmstat("numa_hint_faults");
	double t0 = gn_now();
	size_t i;

	ASSERT_EQ(0, gn_rwp_arm(&self->t));
	before = gn_rwp_accessed(&self->t, NULL);
	ASSERT_EQ(0, before) TH_LOG("%ld pages accessed right after arming", before);
	/* let the NUMA scanner run over this task meanwhile */
	while (gn_now() - t0 < 0.3)
		;
	resolved0 = atomic_load(&self->resolved);
	ASSERT_EQ(0, gn_reader_read(&self->reader, &c, &r));
	/* sync: the handler counts a page after it woke its reader: up to 2 s */
	for (i = 0; !variant->async && i < 200 &&
	     atomic_load(&self->resolved) - resolved0 < r.pages; i++)
		usleep(10000);
	after = gn_rwp_accessed(&self->t, self->accessed);
	ASSERT_LE(0, after);
	/* the reader read pages 0, 2, ... up to its first error */
	for (i = 0; i < self->npages; i++) {
		bool read = i % 2 == 0 && i / 2 < (size_t)r.pages;

		if (read && !self->accessed[i])
			missed++;
		if (!read && self->accessed[i])
			extra++;
	}
	TH_LOG("%s: %ld pages read (errno %d), %ld accessed, missed %ld, extra %ld, wrong %ld, numa_hint_faults +%ld",
	       policy, r.pages, r.err, after, missed, extra, r.wrong,
	       gn_vmstat("numa_hint_faults") - hints0);
	if (!variant->async)
		TH_LOG("%s: resolved by the handler %ld", policy,
		       atomic_load(&self->resolved) - resolved0);
	EXPECT_EQ(variant->sync_errno, r.err);
	EXPECT_EQ(variant->sync_errno ? 0 : (long)self->npages / 2, r.pages);
	EXPECT_EQ(0, missed);
	EXPECT_EQ(0, extra);
	EXPECT_EQ(0, r.wrong);
	if (!variant->async) {
		EXPECT_EQ(0, atomic_load(&self->handler_err));
		EXPECT_EQ(r.pages, atomic_load(&self->resolved) - resolved0);
	}
}

TEST_F_TIMEOUT(rwp, tracker_sees_every_gup_access, 600)
{
	int p;

	if (!self->npolicies) {
		one_round(_metadata, self, variant, "kernel");
		return;
	}
	for (p = 0; p < self->npolicies; p++) {
		ASSERT_EQ(0, gn_set_policy(self->policies[p]));
		one_round(_metadata, self, variant, self->policies[p]);
	}
}

/*
 * gupnuma's own lookups of an armed range (the module loaded): the walk
 * engine refuses a marker its policy must fault (it cannot wait for
 * userfaultfd), the gup engine's lookup is an access the tracker sees, and an
 * inspection lookup follows the markers without touching them.
 */
FIXTURE(rwp_lookup) {
	int fd;
	size_t psz, npages;
	char *area;
	struct gn_rwp t;
	struct gupnuma_page *pages;
	struct gupnuma_lookup_args a;
};

FIXTURE_SETUP(rwp_lookup)
{
	int err;

	self->t.uffd = self->t.pagemap = -1;
	self->psz = (size_t)sysconf(_SC_PAGESIZE);
	self->npages = (2 << 20) / self->psz;
	self->fd = gn_open();
	if (self->fd < 0)
		SKIP(return, "no /dev/gupnuma (gupnuma.ko not loaded)");
	self->area = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	ASSERT_NE(MAP_FAILED, self->area);
	ASSERT_EQ(0, madvise(self->area, 2 << 20, MADV_NOHUGEPAGE));
	memset(self->area, 1, 2 << 20);
	err = gn_rwp_register(&self->t, self->area, 2 << 20, true);
	if (err == -EOPNOTSUPP)
		SKIP(return, "the kernel has no userfaultfd RWP (Linux 7.3, CONFIG_USERFAULTFD_RWP)");
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, gn_rwp_arm(&self->t));
	self->pages = calloc(self->npages, sizeof(*self->pages));
	ASSERT_NE(NULL, self->pages);
}

FIXTURE_TEARDOWN(rwp_lookup)
{
	gn_rwp_close(&self->t);
	free(self->pages);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(rwp_lookup, walk_engine_refuses_a_marker_it_must_fault)
{
	size_t i;

	ASSERT_EQ(0, gn_lookup(self->fd, &self->a, self->area, self->npages, GUPNUMA_CALLER_GUP,
			       GUPNUMA_LOOKUP_GET, GUPNUMA_ENGINE_WALK, GUPNUMA_ACTIVE, self->pages));
	EXPECT_EQ(self->npages, self->a.errors);
	EXPECT_EQ(0, self->a.found);
	EXPECT_EQ(self->npages, self->a.decisions[GUPNUMA_FAULT]);
	for (i = 0; i < self->npages; i++) {
		EXPECT_EQ(-EOPNOTSUPP, self->pages[i].error);
		EXPECT_TRUE(self->pages[i].state & GUPNUMA_PAGE_RWP_MARKER);
		EXPECT_EQ(GUPNUMA_REASON_UFFD_RWP, self->pages[i].reason);
	}
	EXPECT_EQ(0, gn_rwp_accessed(&self->t, NULL));
}

/*
 * GUP faults at every marker, and the gup engine says so: each page a marker
 * GUP faulted (reason uffd_rwp, no hinting fault), inferred from its peek.
 */
TEST_F(rwp_lookup, gup_engine_lookup_is_an_access_the_tracker_sees)
{
	size_t i;

	ASSERT_EQ(0, gn_lookup(self->fd, &self->a, self->area, self->npages, GUPNUMA_CALLER_GUP,
			       GUPNUMA_LOOKUP_GET, GUPNUMA_ENGINE_GUP, GUPNUMA_ACTIVE, self->pages));
	EXPECT_EQ(self->npages, self->a.found);
	EXPECT_EQ(0, self->a.errors);
	EXPECT_EQ(self->npages, self->a.decisions[GUPNUMA_FAULT]);
	for (i = 0; i < self->npages; i++) {
		EXPECT_TRUE(self->pages[i].state & GUPNUMA_PAGE_RWP_MARKER);
		EXPECT_TRUE(self->pages[i].state & GUPNUMA_PAGE_FAULTED);
		EXPECT_FALSE(self->pages[i].state & GUPNUMA_PAGE_HINT_FAULT);
		EXPECT_EQ(GUPNUMA_REASON_UFFD_RWP, self->pages[i].reason);
	}
	EXPECT_EQ((long)self->npages, gn_rwp_accessed(&self->t, NULL));
}

TEST_F(rwp_lookup, inspection_follows_markers_without_an_access)
{
	size_t i;

	ASSERT_EQ(0, gn_lookup(self->fd, &self->a, self->area, self->npages,
			       GUPNUMA_CALLER_INSPECT, 0, GUPNUMA_ENGINE_WALK, GUPNUMA_ACTIVE,
			       self->pages));
	EXPECT_EQ(self->npages, self->a.found);
	EXPECT_EQ(self->npages, self->a.protnone);
	for (i = 0; i < self->npages; i++)
		EXPECT_TRUE(self->pages[i].state & GUPNUMA_PAGE_RWP_MARKER);
	EXPECT_EQ(0, gn_rwp_accessed(&self->t, NULL));
}

TEST_HARNESS_MAIN
