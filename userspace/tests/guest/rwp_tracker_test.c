// SPDX-License-Identifier: GPL-2.0
/*
 * A userfaultfd RWP working-set tracker (Linux 7.3) must see every access
 * that reaches its memory through GUP, under every gupnuma policy: the
 * series' own use case, a VMM that evicts the pages its tracker calls cold.
 *
 * The test process owns the memory: it arms RWP over it, lets a reader touch
 * every other page, and asks PAGEMAP_SCAN which pages were accessed.  The
 * readers are those of gupnuma's workloads that go through GUP: another
 * process's process_vm_readv() (FOLL_PIN, remote), its read of
 * /proc/PID/mem, its PTRACE_PEEKDATA (FOLL_FORCE, remote), and the owner's
 * own O_DIRECT write to a RAM disk (pin_user_pages_fast(), which falls back
 * to GUP at protnone entries).  Each page carries its index, so wrong bytes
 * are seen too.  Figures per policy: pages read, missed (read, not reported
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
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"
#include "../../lib/uffd_rwp.h"

#define MAGIC 0x5257505452414b00ULL	/* "RWPTRAK\0" */
#define RAM_DISK "/dev/ram0"

enum reader {
	READ_PROCESS_VM_READV,
	READ_PROC_MEM,
	READ_PTRACE,
	READ_O_DIRECT,
};

FIXTURE(rwp) {
	size_t psz, npages;
	char *area;
	struct gn_rwp t;
	pid_t child;
	int cmd[2], reply[2];
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
	enum reader reader;
	bool async;
	size_t size;
	int sync_errno;		/* what the reader gets in sync mode, or 0 */
};

FIXTURE_VARIANT_ADD(rwp, process_vm_readv_async) { READ_PROCESS_VM_READV, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, proc_mem_async) { READ_PROC_MEM, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, ptrace_async) { READ_PTRACE, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, o_direct_async) { READ_O_DIRECT, true, 8 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, process_vm_readv_sync) { READ_PROCESS_VM_READV, false, 2 << 20, 0 };
FIXTURE_VARIANT_ADD(rwp, proc_mem_sync) { READ_PROC_MEM, false, 2 << 20, EIO };
FIXTURE_VARIANT_ADD(rwp, ptrace_sync) { READ_PTRACE, false, 2 << 20, EIO };
FIXTURE_VARIANT_ADD(rwp, o_direct_sync) { READ_O_DIRECT, false, 2 << 20, 0 };

/* What the reader is told: read pages [first, first + count) with a stride. */
struct read_cmd {
	uint64_t addr;
	uint64_t first, count, stride;
	uint64_t psz;
	int reader;
};

struct read_reply {
	long pages;	/* pages read */
	long wrong;	/* pages whose bytes were not what the owner wrote */
	int err;	/* first errno, 0 if none */
};

static uint64_t stamp(uint64_t i)
{
	return MAGIC ^ i;
}

/* One page of @pid at @addr into @buf, by @reader; 0 or -errno. */
static int read_remote_page(pid_t pid, int reader, int memfd, uint64_t addr, char *buf,
			    size_t psz)
{
	struct iovec local = { buf, psz }, remote = { (void *)(uintptr_t)addr, psz };
	long word;

	switch (reader) {
	case READ_PROCESS_VM_READV:
		return process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)psz ? 0 : -errno;
	case READ_PROC_MEM:
		return pread(memfd, buf, psz, (off_t)addr) == (ssize_t)psz ? 0 : -errno;
	case READ_PTRACE:
		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, pid, (void *)(uintptr_t)addr, NULL);
		if (errno)
			return -errno;
		memcpy(buf, &word, sizeof(word));
		return 0;
	}
	return -EINVAL;
}

/* The reader process: serves read commands for its parent until told to stop. */
static void reader_main(int cmd_fd, int reply_fd)
{
	pid_t owner = getppid();
	char path[64], *buf = malloc(1 << 16);
	struct read_cmd c;
	int memfd = -1, status;

	while (read(cmd_fd, &c, sizeof(c)) == sizeof(c) && c.count) {
		struct read_reply r = { 0 };
		uint64_t i;

		if (c.reader == READ_PROC_MEM && memfd < 0) {
			snprintf(path, sizeof(path), "/proc/%d/mem", owner);
			memfd = open(path, O_RDONLY);
		}
		if (c.reader == READ_PTRACE &&
		    (ptrace(PTRACE_SEIZE, owner, NULL, NULL) ||
		     ptrace(PTRACE_INTERRUPT, owner, NULL, NULL) ||
		     waitpid(owner, &status, __WALL) != owner))
			r.err = errno;
		for (i = c.first; !r.err && i < c.first + c.count; i += c.stride) {
			int err = read_remote_page(owner, c.reader, memfd, c.addr + i * c.psz,
						   buf, c.psz);

			if (err) {
				r.err = -err;
				break;
			}
			r.pages++;
			if (*(uint64_t *)buf != stamp(i))
				r.wrong++;
		}
		if (c.reader == READ_PTRACE)
			ptrace(PTRACE_DETACH, owner, NULL, NULL);
		if (write(reply_fd, &r, sizeof(r)) != sizeof(r))
			break;
	}
	_exit(0);
}

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
	size_t i;
	int err;

	self->t.uffd = self->t.pagemap = -1;
	self->child = -1;
	self->psz = (size_t)sysconf(_SC_PAGESIZE);
	self->npages = variant->size / self->psz;
	ASSERT_EQ(0, pipe(self->cmd));
	ASSERT_EQ(0, pipe(self->reply));
	/* the reader exists before the memory: fork() copies no armed entry */
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child) {
		close(self->cmd[1]);
		close(self->reply[0]);
		reader_main(self->cmd[0], self->reply[1]);
	}
	self->area = mmap(NULL, variant->size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->area);
	ASSERT_EQ(0, madvise(self->area, variant->size, MADV_NOHUGEPAGE));
	for (i = 0; i < self->npages; i++) {
		memset(self->area + i * self->psz, (int)(i & 0xff), self->psz);
		*(uint64_t *)(self->area + i * self->psz) = stamp(i);
	}
	err = gn_rwp_register(&self->t, self->area, variant->size, variant->async);
	if (err == -EOPNOTSUPP)
		SKIP(return, "the kernel has no userfaultfd RWP (Linux 7.3, CONFIG_USERFAULTFD_RWP)");
	ASSERT_EQ(0, err);
	if (variant->reader == READ_O_DIRECT && access(RAM_DISK, W_OK))
		SKIP(return, "no %s for O_DIRECT (brd)", RAM_DISK);
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
	struct read_cmd stop = { 0 };

	if (self->child > 0) {
		if (write(self->cmd[1], &stop, sizeof(stop)) != sizeof(stop))
			kill(self->child, SIGKILL);
		waitpid(self->child, NULL, 0);
	}
	if (!variant->async && self->accessed) {
		atomic_store(&self->stop, true);
		pthread_join(self->handler, NULL);
	}
	if (self->npolicies)
		gn_set_policy(self->saved_policy);
	gn_rwp_close(&self->t);
	free(self->accessed);
}

/* The owner's own O_DIRECT writes of every @stride-th page, from page @first. */
static struct read_reply write_o_direct(struct _test_data_rwp *self, size_t first,
					size_t count, size_t stride)
{
	struct read_reply r = { 0 };
	int fd = open(RAM_DISK, O_WRONLY | O_DIRECT);
	size_t i;

	if (fd < 0) {
		r.err = errno;
		return r;
	}
	for (i = first; i < first + count; i += stride) {
		if (pwrite(fd, self->area + i * self->psz, self->psz, 0) != (ssize_t)self->psz) {
			r.err = errno;
			break;
		}
		r.pages++;
	}
	close(fd);
	return r;
}

/* Arm, read every other page, and count what the tracker saw. */
static void one_round(struct __test_metadata *_metadata, struct _test_data_rwp *self,
		      const struct _fixture_variant_rwp *variant, const char *policy)
{
	struct read_cmd c = {
		.addr = (uintptr_t)self->area, .first = 0, .count = self->npages,
		.stride = 2, .psz = self->psz, .reader = variant->reader,
	};
	struct read_reply r = { 0 };
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
	if (variant->reader == READ_O_DIRECT) {
		r = write_o_direct(self, 0, self->npages, 2);
	} else {
		ASSERT_EQ((ssize_t)sizeof(c), write(self->cmd[1], &c, sizeof(c)));
		while (read(self->reply[0], &r, sizeof(r)) < 0)
			ASSERT_EQ(EINTR, errno);
	}
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

TEST_F(rwp_lookup, gup_engine_lookup_is_an_access_the_tracker_sees)
{
	ASSERT_EQ(0, gn_lookup(self->fd, &self->a, self->area, self->npages, GUPNUMA_CALLER_GUP,
			       GUPNUMA_LOOKUP_GET, GUPNUMA_ENGINE_GUP, GUPNUMA_ACTIVE, self->pages));
	EXPECT_EQ(self->npages, self->a.found);
	EXPECT_EQ(0, self->a.errors);
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
