// SPDX-License-Identifier: GPL-2.0
/*
 * Who may do what: nobody but root writes a gupnuma sysfs file, opens
 * /dev/gupnuma or reads the stats tables; a /dev/gupnuma fd handed to an
 * unprivileged process reaches its own mm only (another process's needs
 * CAP_SYS_PTRACE in the initial user namespace); and the root of an
 * unprivileged user namespace is nobody to gupnuma.  Each case runs in a
 * child that drops to uid/gid 65534 (nobody) and reports with its exit code.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"

#define NOBODY 65534

static const char * const writable[] = {
	"policy", "custom", "engine", "shadow", "kernel_hook_observe", "stats/reset",
};

/* Drop to nobody; dumpable again, so that /proc/self is ours (uid_map). */
static int drop_to_nobody(void)
{
	return setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	       setresuid(NOBODY, NOBODY, NOBODY) || prctl(PR_SET_DUMPABLE, 1) ? -1 : 0;
}

/* Become root of a new user namespace (uid 0 inside is nobody outside). */
static int become_userns_root(void)
{
	char map[32];
	int fd;

	if (unshare(CLONE_NEWUSER))
		return -1;
	snprintf(map, sizeof(map), "0 %d 1", NOBODY);
	fd = open("/proc/self/uid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, strlen(map)) != (ssize_t)strlen(map))
		return -1;
	close(fd);
	return 0;
}

/*
 * Exit codes of the child: 0 all refused as they must be, 10 + i: writable[i]
 * was written, 20: /dev/gupnuma opened, 21: a stats table read, 22: another
 * process's mm was looked up (or not refused with EPERM), 23: its own was not.
 */
static int unprivileged_checks(int inherited_fd, pid_t other)
{
	struct gupnuma_lookup_args a;
	char buf[64];
	size_t i;
	char *page;
	int fd, err;

	for (i = 0; i < sizeof(writable) / sizeof(writable[0]); i++) {
		err = gn_sysfs_write(writable[i], "1");
		if (err != -EACCES && err != -EPERM)
			return 10 + i;
	}
	fd = gn_open();
	if (fd >= 0 || errno != EACCES)
		return 20;
	if (gn_stats_read("decisions", buf, sizeof(buf)) != -EACCES)
		return 21;
	/* a root-opened fd: another process's mm needs CAP_SYS_PTRACE */
	memset(&a, 0, sizeof(a));
	a.pid = other;
	a.addr = 0x400000;
	a.npages = 1;
	a.engine = GUPNUMA_ACTIVE;
	a.policy = GUPNUMA_ACTIVE;
	a.cpu = GUPNUMA_CPU_ANY;
	a.caller = GUPNUMA_CALLER_INSPECT;
	if (ioctl(inherited_fd, GUPNUMA_IOC_LOOKUP, &a) == 0 || errno != EPERM)
		return 22;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 23;
	page[0] = 1;
	err = gn_lookup(inherited_fd, &a, page, 1, GUPNUMA_CALLER_INSPECT, 0,
			GUPNUMA_ACTIVE, GUPNUMA_ACTIVE, NULL);
	return err || a.found != 1 ? 23 : 0;
}

static int run_child(bool userns)
{
	int fd = gn_open(), status;
	pid_t child, other = getppid();

	if (fd < 0)
		return -1;
	child = fork();
	if (child == 0) {
		if (drop_to_nobody())
			_exit(2);
		if (userns && become_userns_root())
			_exit(3);
		_exit(unprivileged_checks(fd, other));
	}
	close(fd);
	if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(nobody_reaches_nothing_but_its_own_mm)
{
	int rc;

	if (access(GUPNUMA_DEV_PATH, F_OK))
		SKIP(return, "no " GUPNUMA_DEV_PATH " (load gupnuma.ko)");
	rc = run_child(false);
	EXPECT_EQ(0, rc) TH_LOG("child exit %d (10+i: writable[i] written; 20: device opened; "
				"21: stats read; 22: other mm; 23: own mm refused)", rc);
}

TEST(user_namespace_root_is_nobody)
{
	int rc;

	if (access(GUPNUMA_DEV_PATH, F_OK))
		SKIP(return, "no " GUPNUMA_DEV_PATH " (load gupnuma.ko)");
	if (access("/proc/self/ns/user", F_OK))
		SKIP(return, "kernel without user namespaces (CONFIG_USER_NS)");
	rc = run_child(true);
	EXPECT_EQ(0, rc) TH_LOG("child exit %d (3: no unprivileged user namespace; 10+i: "
				"writable[i] written; 20: device opened; 21: stats read; "
				"22: other mm; 23: own mm refused)", rc);
}

TEST_HARNESS_MAIN
