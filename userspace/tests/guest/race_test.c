// SPDX-License-Identifier: GPL-2.0
/*
 * Everything at once, for a while: the module's settings changing under its
 * users, its users' memory changing under them, and the module going away.
 *
 *   race_test [-d SECONDS] [-k /path/to/gupnuma.ko]
 *
 * Threads, for SECONDS (default 300):
 * - settings, two of them: the active policy, the custom matrix (valid
 *   rows), observe mode, shadow mode and the engine, at random;
 * - lookups: every engine and caller class over a shared range, from any CPU;
 * - mirror: a mirror of the range, accessed, its stats read, destroyed and
 *   created again;
 * - memory: mmap/munmap, mprotect(PROT_NONE) and back, MADV_DONTNEED,
 *   MADV_HUGEPAGE and MADV_COLLAPSE over the same range;
 * - readers: /proc/self/smaps and /proc/self/mem (FOLL_FORCE) of the range;
 * - NUMA balancing scans at its fastest (the memory starts on node 0, the
 *   threads run anywhere);
 * - unload: every few seconds a child process opens /dev/gupnuma and creates
 *   a live mirror, the module must refuse to unload (EBUSY), the child exits,
 *   the threads close their files, and the module is unloaded and loaded
 *   again while the settings thread keeps writing to sysfs.
 * Twice a second the settings threads pause, and the kernel's sites the module
 * has taken must be those its settings ask for: writing observe mode again,
 * unchanged, must not change them.  Two switches that raced and left the
 * sites of the earlier one (an update lost for want of a lock) fail here.
 * The test bed fails the run on any kernel report; this test fails if an
 * operation failed in a way it should not have, one never ran, or the sites
 * were stale.  It prints how often each operation ran.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/gupnuma_dev.h"
#include "../../lib/tied_child.h"
#include "../../lib/numa_mem.h"

#define RANGE_PAGES	2048		/* 8 MiB: four THPs */
#define RANGE_SIZE	(RANGE_PAGES * 4096UL)
#define MADV_COLLAPSE_	25

enum op {
	OP_POLICY, OP_CUSTOM, OP_OBSERVE, OP_SHADOW, OP_ENGINE, OP_LOOKUP, OP_LOOKUP_CPU,
	OP_MIRROR_ACCESS, OP_MIRROR_CYCLE, OP_REMAP, OP_PROT_NONE, OP_DONTNEED, OP_HUGEPAGE,
	OP_COLLAPSE, OP_SMAPS, OP_PROC_MEM, OP_UNLOAD_REFUSED, OP_UNLOAD, OP_SYSFS_GONE,
	OP_SITES_CHECK, NR_OPS
};
static const char * const op_name[NR_OPS] = {
	"policy switches", "custom matrix writes", "observe toggles", "shadow toggles",
	"engine switches", "lookups", "lookups on a chosen CPU", "mirror accesses",
	"mirror destroy+create", "munmap+mmap", "mprotect PROT_NONE and back", "MADV_DONTNEED",
	"MADV_HUGEPAGE", "MADV_COLLAPSE", "smaps reads", "/proc/self/mem reads",
	"unloads refused (open, live mirror)", "unload+load cycles",
	"sysfs writes while unloaded", "kernel sites checked (settings paused)",
};
static atomic_ulong ops[NR_OPS], failures;
static atomic_bool stop;
static char *range;
static const char *ko = "/lib/gupnuma/gupnuma.ko";
static int npolicies;
static char policies[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];

/*
 * The threads' files are closed while the module is unloaded: they hold this
 * for reading, a session at a time; the unloader, preferred, for writing.
 */
static pthread_rwlock_t module_lock;
/* The settings threads hold this for reading, a write at a time; the check
 * of the kernel's sites, preferred, for writing. */
static pthread_rwlock_t settings_lock;
static atomic_ulong stale_sites;

static void fail(const char *what, int err)
{
	if (atomic_fetch_add(&failures, 1) < 20)
		printf("# FAIL: %s: %s\n", what, strerror(err));
}

static unsigned int rnd(unsigned int *seed, unsigned int n)
{
	return rand_r(seed) % n;
}

static bool sysfs_ok(int err)
{
	/* the module is away (ENOENT) or going away during the write (ENODEV) */
	return !err || err == -ENOENT || err == -ENODEV;
}

static void *settings(void *arg)
{
	static const char * const rows[] = {
		"gup follow follow", "gup fault follow", "gup fault nopage",
		"secondary-mmu fault follow", "secondary-mmu follow follow", "inspect follow follow",
		"dump follow follow", "populate fault follow", "gup-fast fallback fallback",
		"hmm fault nopage",
	};
	static const char * const engines[] = { "walk", "gup", "hmm" };
	unsigned int seed = (uintptr_t)arg;
	int err;

	while (!atomic_load(&stop)) {
		pthread_rwlock_rdlock(&settings_lock);
		switch (rnd(&seed, 5)) {
		case 0:
			err = gn_set_policy(policies[rnd(&seed, npolicies)]);
			atomic_fetch_add(&ops[err == -ENOENT || err == -ENODEV ? OP_SYSFS_GONE : OP_POLICY], 1);
			if (!sysfs_ok(err))
				fail("policy", -err);
			break;
		case 1:
			err = gn_sysfs_write("custom", rows[rnd(&seed, sizeof(rows) / sizeof(rows[0]))]);
			atomic_fetch_add(&ops[err == -ENOENT || err == -ENODEV ? OP_SYSFS_GONE : OP_CUSTOM], 1);
			if (!sysfs_ok(err))
				fail("custom", -err);
			break;
		case 2:
			err = gn_sysfs_write("kernel_hook_observe", rnd(&seed, 2) ? "1" : "0");
			atomic_fetch_add(&ops[err == -ENOENT || err == -ENODEV ? OP_SYSFS_GONE : OP_OBSERVE], 1);
			if (!sysfs_ok(err) && err != -EOPNOTSUPP)
				fail("kernel_hook_observe", -err);
			break;
		case 3:
			err = gn_sysfs_write("shadow", rnd(&seed, 2) ? "1" : "0");
			atomic_fetch_add(&ops[err == -ENOENT || err == -ENODEV ? OP_SYSFS_GONE : OP_SHADOW], 1);
			if (!sysfs_ok(err))
				fail("shadow", -err);
			break;
		default:
			err = gn_sysfs_write("engine", engines[rnd(&seed, 3)]);
			atomic_fetch_add(&ops[err == -ENOENT || err == -ENODEV ? OP_SYSFS_GONE : OP_ENGINE], 1);
			/* an engine this kernel lacks is refused */
			if (!sysfs_ok(err) && err != -EINVAL)
				fail("engine", -err);
			break;
		}
		pthread_rwlock_unlock(&settings_lock);
		usleep(1000);
	}
	return NULL;
}

/*
 * With the settings threads paused: the sites taken must be those the
 * settings ask for, as the module computes them again when observe mode is
 * written unchanged.  Without the kernel's hook, nothing to check.
 */
static void check_sites(void)
{
	char hook[8] = "", observe[8] = "", before[64] = "", after[64] = "";
	int err;

	if (gn_sysfs_read_line("kernel_hook", hook, sizeof(hook)) || strcmp(hook, "1"))
		return;
	pthread_rwlock_wrlock(&settings_lock);
	err = gn_sysfs_read_line("kernel_hook_sites", before, sizeof(before));
	if (!err)
		err = gn_sysfs_read_line("kernel_hook_observe", observe, sizeof(observe));
	if (!err)
		err = gn_sysfs_write("kernel_hook_observe", observe);
	if (!err)
		err = gn_sysfs_read_line("kernel_hook_sites", after, sizeof(after));
	pthread_rwlock_unlock(&settings_lock);
	if (err) {
		fail("reading the kernel's sites", -err);
	} else if (strcmp(before, after)) {
		if (atomic_fetch_add(&stale_sites, 1) < 5)
			printf("# FAIL: the kernel's sites taken were '%s', the settings ask for '%s'\n",
			       before, after);
	}
	atomic_fetch_add(&ops[OP_SITES_CHECK], 1);
}

/* Open the device for a session of @n operations; -1 while the module is away. */
static int session_open(void)
{
	int fd;

	pthread_rwlock_rdlock(&module_lock);
	fd = gn_open();
	if (fd < 0)
		pthread_rwlock_unlock(&module_lock);
	return fd;
}

static void session_close(int fd)
{
	close(fd);
	pthread_rwlock_unlock(&module_lock);
}

static void *lookups(void *arg)
{
	unsigned int seed = (uintptr_t)arg;
	struct gupnuma_page *pages = calloc(RANGE_PAGES, sizeof(*pages));
	int i, fd;

	while (!atomic_load(&stop) && pages) {
		fd = session_open();
		if (fd < 0) {
			usleep(10000);
			continue;
		}
		for (i = 0; i < 50 && !atomic_load(&stop); i++) {
			struct gupnuma_lookup_args a = {};
			unsigned int off = rnd(&seed, RANGE_PAGES), n = 1 + rnd(&seed, 64);
			bool on_cpu = rnd(&seed, 4) == 0;

			if (off + n > RANGE_PAGES)
				n = RANGE_PAGES - off;
			a.addr = (uintptr_t)range + off * 4096UL;
			a.npages = n;
			a.pages = rnd(&seed, 2) ? (uintptr_t)pages : 0;
			a.caller = rnd(&seed, GUPNUMA_NR_CALLERS);
			a.flags = rnd(&seed, 2) ? GUPNUMA_LOOKUP_GET : GUPNUMA_LOOKUP_PIN;
			a.flags |= rnd(&seed, 4) ? 0 : GUPNUMA_LOOKUP_WRITE;
			a.flags |= rnd(&seed, 4) ? 0 : GUPNUMA_LOOKUP_FORCE;
			a.engine = rnd(&seed, GUPNUMA_NR_ENGINES + 1);
			if (a.engine == GUPNUMA_NR_ENGINES)
				a.engine = GUPNUMA_ACTIVE;
			a.policy = GUPNUMA_ACTIVE;
			a.cpu = on_cpu ? rnd(&seed, 2) : GUPNUMA_CPU_ANY;
			if (ioctl(fd, GUPNUMA_IOC_LOOKUP, &a)) {
				/* PIN through the walk engine; an engine this kernel lacks */
				if (errno != EOPNOTSUPP)
					fail("lookup", errno);
			} else if (a.done != a.npages) {
				fail("lookup: done != npages", EINVAL);
			}
			atomic_fetch_add(&ops[on_cpu ? OP_LOOKUP_CPU : OP_LOOKUP], 1);
		}
		session_close(fd);
	}
	free(pages);
	return NULL;
}

static void *mirror(void *arg)
{
	unsigned int seed = (uintptr_t)arg;
	struct gupnuma_mirror_args m;
	struct gupnuma_mirror_stats st;
	int i, fd, err;

	while (!atomic_load(&stop)) {
		fd = session_open();
		if (fd < 0) {
			usleep(10000);
			continue;
		}
		err = gn_mirror_create(fd, range, RANGE_PAGES, GUPNUMA_ACTIVE);
		if (err) {
			fail("mirror create", -err);
			session_close(fd);
			continue;
		}
		for (i = 0; i < 50 && !atomic_load(&stop); i++) {
			unsigned int off = rnd(&seed, RANGE_PAGES), n = 1 + rnd(&seed, 128);

			if (off + n > RANGE_PAGES)
				n = RANGE_PAGES - off;
			m = (struct gupnuma_mirror_args){ .offset = off, .npages = n,
							  .flags = rnd(&seed, 2),
							  .cpu = rnd(&seed, 3) ? GUPNUMA_CPU_ANY :
								 rnd(&seed, 2) };
			/* EBUSY: 64 faults in a row lost to invalidations -- documented */
			if (ioctl(fd, GUPNUMA_IOC_MIRROR_ACCESS, &m) && errno != EBUSY)
				fail("mirror access", errno);
			if (ioctl(fd, GUPNUMA_IOC_MIRROR_STATS, &st))
				fail("mirror stats", errno);
			atomic_fetch_add(&ops[OP_MIRROR_ACCESS], 1);
		}
		if (ioctl(fd, GUPNUMA_IOC_MIRROR_DESTROY))
			fail("mirror destroy", errno);
		atomic_fetch_add(&ops[OP_MIRROR_CYCLE], 1);
		session_close(fd);
	}
	return NULL;
}

static void *memory(void *arg)
{
	unsigned int seed = (uintptr_t)arg;

	while (!atomic_load(&stop)) {
		unsigned int off = rnd(&seed, RANGE_PAGES), n = 1 + rnd(&seed, 512);
		char *p;

		if (off + n > RANGE_PAGES)
			n = RANGE_PAGES - off;
		p = range + off * 4096UL;
		switch (rnd(&seed, 6)) {
		case 0:
			if (munmap(p, n * 4096UL) ||
			    mmap(p, n * 4096UL, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != p)
				fail("munmap+mmap", errno);
			memset(p, 1, n * 4096UL);
			atomic_fetch_add(&ops[OP_REMAP], 1);
			break;
		case 1:
			if (mprotect(p, n * 4096UL, PROT_NONE))
				fail("mprotect PROT_NONE", errno);
			usleep(500);
			if (mprotect(p, n * 4096UL, PROT_READ | PROT_WRITE))
				fail("mprotect back", errno);
			atomic_fetch_add(&ops[OP_PROT_NONE], 1);
			break;
		case 2:
			if (madvise(p, n * 4096UL, MADV_DONTNEED))
				fail("MADV_DONTNEED", errno);
			atomic_fetch_add(&ops[OP_DONTNEED], 1);
			break;
		case 3:
			if (madvise(range, RANGE_SIZE, MADV_HUGEPAGE))
				fail("MADV_HUGEPAGE", errno);
			memset(p, 2, n * 4096UL);
			atomic_fetch_add(&ops[OP_HUGEPAGE], 1);
			break;
		case 4:
			/* EAGAIN/EINVAL: nothing to collapse now; ENOMEM: no huge page free */
			if (madvise(range, RANGE_SIZE, MADV_COLLAPSE_) && errno != EAGAIN &&
			    errno != EINVAL && errno != ENOMEM)
				fail("MADV_COLLAPSE", errno);
			atomic_fetch_add(&ops[OP_COLLAPSE], 1);
			break;
		default:
			memset(p, 3, n * 4096UL);
			break;
		}
		usleep(2000);
	}
	return NULL;
}

static void *readers(void *arg)
{
	unsigned int seed = (uintptr_t)arg;
	char buf[65536];
	int mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);

	while (!atomic_load(&stop)) {
		if (rnd(&seed, 2)) {
			int fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);

			while (fd >= 0 && read(fd, buf, sizeof(buf)) > 0)
				;
			if (fd >= 0)
				close(fd);
			atomic_fetch_add(&ops[OP_SMAPS], 1);
		} else {
			off_t off = rnd(&seed, RANGE_PAGES) * 4096UL;

			/* EIO: a page under PROT_NONE right now */
			if (pread(mem, buf, sizeof(buf) < RANGE_SIZE - off ? sizeof(buf) :
				  RANGE_SIZE - off, (off_t)(uintptr_t)range + off) < 0 && errno != EIO)
				fail("/proc/self/mem", errno);
			atomic_fetch_add(&ops[OP_PROC_MEM], 1);
		}
		usleep(3000);
	}
	close(mem);
	return NULL;
}

/* A child with /dev/gupnuma open and a live mirror: the module cannot go. */
static int unload_refused(void)
{
	int p[2], status, ret = -1;
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = gn_fork_tied();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (!pid) {
		char *mem = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		int fd = gn_open();

		c = fd >= 0 && mem != MAP_FAILED && !gn_mirror_create(fd, mem, 16, GUPNUMA_ACTIVE);
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	if (read(p[0], &c, 1) == 1 && c) {
		errno = 0;
		if (syscall(SYS_delete_module, "gupnuma", O_NONBLOCK) == 0)
			printf("# FAIL: the module unloaded while a mirror was live\n");
		else if (errno == EWOULDBLOCK || errno == EBUSY)
			ret = 0;
		else
			fail("delete_module with a user", errno);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(p[0]);
	close(p[1]);
	return ret;
}

static int load(void)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0))
		err = errno;
	if (fd >= 0)
		close(fd);
	return err;
}

int main(int argc, char **argv)
{
	pthread_t t[7];
	double seconds = 300, t0, next_unload, next_check;
	int opt, i, err;
	bool all_ran = true;

	while ((opt = getopt(argc, argv, "d:k:")) != -1) {
		if (opt == 'd')
			seconds = atof(optarg);
		else if (opt == 'k')
			ko = optarg;
		else
			return fprintf(stderr, "usage: %s [-d SECONDS] [-k gupnuma.ko]\n", argv[0]), 2;
	}
	pthread_rwlockattr_t attr;

	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&module_lock, &attr);
	pthread_rwlock_init(&settings_lock, &attr);
	printf("TAP version 13\n");
	npolicies = gn_policies(policies, GN_MAX_POLICIES, NULL);
	if (npolicies < 1 || access(ko, R_OK)) {
		printf("1..0 # SKIP needs gupnuma loaded and %s\n", ko);
		return 4;
	}
	printf("1..4\n");
	if (gn_numa_knobs_fast())
		printf("# NUMA balancing's scan knobs are not writable: scanning at its default pace\n");
	range = gn_map_aligned(RANGE_SIZE, true, NULL);
	if (!range || gn_place(range, RANGE_SIZE, 0, 1)) {
		printf("not ok 1 cannot place %lu MiB on node 0\n", RANGE_SIZE >> 20);
		return 1;
	}
	pthread_create(&t[0], NULL, settings, (void *)1);
	pthread_create(&t[1], NULL, lookups, (void *)2);
	pthread_create(&t[2], NULL, lookups, (void *)3);
	pthread_create(&t[3], NULL, mirror, (void *)4);
	pthread_create(&t[4], NULL, memory, (void *)5);
	pthread_create(&t[5], NULL, readers, (void *)6);
	pthread_create(&t[6], NULL, settings, (void *)7);

	t0 = gn_now();
	next_unload = t0 + 3;
	next_check = t0 + 0.5;
	while (gn_now() - t0 < seconds && atomic_load(&failures) < 20) {
		usleep(100000);
		if (gn_now() >= next_check) {
			check_sites();
			next_check = gn_now() + 0.5;
		}
		if (gn_now() < next_unload)
			continue;
		if (!unload_refused())
			atomic_fetch_add(&ops[OP_UNLOAD_REFUSED], 1);
		else
			fail("the module did not refuse to unload with a live mirror", EINVAL);
		pthread_rwlock_wrlock(&module_lock);
		if (syscall(SYS_delete_module, "gupnuma", O_NONBLOCK))
			fail("delete_module", errno);
		usleep(50000);		/* sysfs writes meet the module away */
		err = load();
		pthread_rwlock_unlock(&module_lock);
		if (err) {
			fail("finit_module", err);
			break;
		}
		atomic_fetch_add(&ops[OP_UNLOAD], 1);
		next_unload = gn_now() + 3;
	}
	atomic_store(&stop, true);
	for (i = 0; i < 7; i++)
		pthread_join(t[i], NULL);

	printf("# %.0f s of races:\n", gn_now() - t0);
	for (i = 0; i < NR_OPS; i++) {
		printf("#   %-40s %lu\n", op_name[i], atomic_load(&ops[i]));
		/* the module is away for a moment: a write may or may not meet it */
		if (!atomic_load(&ops[i]) && i != OP_SYSFS_GONE && i != OP_COLLAPSE &&
		    i != OP_SITES_CHECK)
			all_ran = false;
	}
	printf("%s 1 no operation failed unexpectedly (%lu failures)\n",
	       atomic_load(&failures) ? "not ok" : "ok", atomic_load(&failures));
	printf("%s 2 every kind of operation ran\n", all_ran ? "ok" : "not ok");
	err = gn_set_policy("v6.6");
	if (!err) {
		err = gn_sysfs_write("kernel_hook_observe", "0");
		if (err == -EOPNOTSUPP)	/* a kernel without the hook, as in the race */
			err = 0;
	}
	if (!err)
		err = gn_sysfs_write("shadow", "0");
	if (!err)	/* the load's engine: the tests after this one expect it */
		err = gn_sysfs_write("engine", "walk");
	printf("%s 3 the module is loaded and takes settings afterwards (%s)\n",
	       err ? "not ok" : "ok",
	       err ? strerror(-err) : "v6.6, observe 0, shadow 0, engine walk");
	printf("%s 4 the kernel's sites taken were those of the settings at each pause (%lu of %lu stale)\n",
	       atomic_load(&stale_sites) ? "not ok" : "ok", atomic_load(&stale_sites),
	       atomic_load(&ops[OP_SITES_CHECK]));
	return atomic_load(&failures) || !all_ran || err || atomic_load(&stale_sites) ? 1 : 0;
}
