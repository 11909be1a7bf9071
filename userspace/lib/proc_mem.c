// SPDX-License-Identifier: GPL-2.0
/*
 * FOLL_FORCE writes into one's own memory.  Linux 6.12 added
 * CONFIG_PROC_MEM_FORCE_PTRACE ("proc: add config & param to block forcing
 * mem writes"): /proc/PID/mem then sets FOLL_FORCE only for a
 * process that ptraces PID, and a write into a PROT_NONE range fails with
 * EIO.  Debian's 7.3 is built with it, its 6.1 and 6.12 force always.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_mem.h"

static int write_pages(const char *path, char *addr, size_t stride, int n)
{
	int fd = open(path, O_RDWR | O_CLOEXEC), i, err = 0;

	if (fd < 0)
		return -1;
	for (i = 0; i < n && !err; i++) {
		char c = (char)i;

		if (pwrite(fd, &c, 1, (off_t)(uintptr_t)(addr + i * stride)) != 1)
			err = errno ? errno : EIO;
	}
	close(fd);
	errno = err;
	return err ? -1 : 0;
}

/*
 * The child: attach to @parent, then read or write through its /proc/PID/mem,
 * exit (which detaches).  A read lands in @shared, which both map.
 */
static int ptracer_child(pid_t parent, char *addr, size_t stride, int n, const void *raddr,
			 char *shared, size_t len)
{
	char path[64];
	int fd, err = 0;

	if (ptrace(PTRACE_SEIZE, parent, NULL, NULL))
		return errno;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)parent);
	if (!raddr)
		return write_pages(path, addr, stride, n) ? errno : 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (pread(fd, shared, len, (off_t)(uintptr_t)raddr) != (ssize_t)len)
		err = errno ? errno : EIO;
	close(fd);
	return err;
}

/* Fork the ptracer, let it do its part, wait for it; 0 or -1 with errno. */
static int as_ptracer(char *addr, size_t stride, int n, const void *raddr, char *shared,
		      size_t len)
{
	int status;
	pid_t child;

	/* Yama (ptrace_scope 1) lets a child trace its parent only if asked. */
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	child = fork();
	if (child < 0)
		return -1;
	if (!child)
		_exit(ptracer_child(getppid(), addr, stride, n, raddr, shared, len));
	if (waitpid(child, &status, 0) != child)
		return -1;
	prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	if (!WIFEXITED(status)) {
		errno = ECHILD;
		return -1;
	}
	errno = WEXITSTATUS(status);
	return errno ? -1 : 0;
}

int gn_proc_mem_forces(void)
{
	static int forces = -1;
	long psz = sysconf(_SC_PAGESIZE);
	char *page;

	if (forces >= 0)
		return forces;
	page = mmap(NULL, psz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 0;
	forces = !write_pages("/proc/self/mem", page, psz, 1);
	munmap(page, psz);
	return forces;
}

int gn_force_read(const void *addr, void *buf, size_t len, enum gn_force_how *how)
{
	char *shared;
	int fd, err;

	if (gn_proc_mem_forces()) {
		*how = GN_FORCE_PROC_SELF_MEM;
		fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		err = pread(fd, buf, len, (off_t)(uintptr_t)addr) == (ssize_t)len ? 0 : (errno ? errno : EIO);
		close(fd);
		errno = err;
		return err ? -1 : 0;
	}
	*how = GN_FORCE_PTRACER;
	shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return -1;
	err = as_ptracer(NULL, 0, 0, addr, shared, len) ? errno : 0;
	if (!err)
		memcpy(buf, shared, len);
	munmap(shared, len);
	errno = err;
	return err ? -1 : 0;
}

int gn_force_write(char *addr, size_t stride, int n, enum gn_force_how *how)
{
	if (!write_pages("/proc/self/mem", addr, stride, n)) {
		*how = GN_FORCE_PROC_SELF_MEM;
		return 0;
	}
	if (errno != EIO)
		return -1;
	*how = GN_FORCE_PTRACER;
	return as_ptracer(addr, stride, n, NULL, NULL, 0);
}

const char *gn_force_how_name(enum gn_force_how how)
{
	return how == GN_FORCE_PTRACER ? "a ptracer's /proc/PID/mem" : "/proc/self/mem";
}
