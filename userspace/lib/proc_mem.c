// SPDX-License-Identifier: GPL-2.0
/*
 * FOLL_FORCE reads and writes of one's own memory.  Linux 6.12 added
 * CONFIG_PROC_MEM_FORCE_PTRACE ("proc: add config & param to block forcing
 * mem writes"): /proc/PID/mem then sets FOLL_FORCE only for a process that
 * ptraces PID, and a write into a PROT_NONE range fails with EIO.  Debian's
 * 7.3 and our 7.3 test kernel are built with it, Debian's 6.1 and 6.12 force
 * always.  Where /proc/self/mem does not force, a child ptrace-attaches to
 * this process and goes through its /proc/PID/mem, over a shared buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
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

/* All @len bytes through the mem file @path at @addr; 0 or an errno. */
static int rw_mem(const char *path, bool write, const void *addr, void *buf, size_t len)
{
	int fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC), err = 0;
	ssize_t n;

	if (fd < 0)
		return errno;
	n = write ? pwrite(fd, buf, len, (off_t)(uintptr_t)addr) :
		    pread(fd, buf, len, (off_t)(uintptr_t)addr);
	if (n != (ssize_t)len)
		err = n < 0 ? errno : EIO;
	close(fd);
	return err;
}

/*
 * The same by a child that ptrace-attaches to this process (its exit
 * detaches); @shared is mapped by both.  0 or an errno.
 */
static int rw_as_ptracer(bool write, const void *addr, char *shared, size_t len)
{
	pid_t parent = getpid(), child;
	char path[64];
	int status;

	/* Yama (ptrace_scope 1) lets a child trace its parent only if asked. */
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	child = fork();
	if (child < 0)
		return errno;
	if (!child) {
		if (ptrace(PTRACE_SEIZE, parent, NULL, NULL))
			_exit(errno);
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)parent);
		_exit(rw_mem(path, write, addr, shared, len));
	}
	if (waitpid(child, &status, 0) != child)
		return errno;
	prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
}

int gn_proc_mem_forces(void)
{
	static int forces = -1;
	long psz = sysconf(_SC_PAGESIZE);
	char *page, c = 1;

	if (forces >= 0)
		return forces;
	page = mmap(NULL, psz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 0;
	forces = !rw_mem("/proc/self/mem", true, page, &c, 1);
	munmap(page, psz);
	return forces;
}

/* @len bytes at @addr from or into @buf, with FOLL_FORCE; 0 or -1 with errno. */
static int force_rw(bool write, const void *addr, void *buf, size_t len, enum gn_force_how *how)
{
	char *shared;
	int err;

	if (gn_proc_mem_forces()) {
		*how = GN_FORCE_PROC_SELF_MEM;
		err = rw_mem("/proc/self/mem", write, addr, buf, len);
	} else {
		*how = GN_FORCE_PTRACER;
		shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (shared == MAP_FAILED)
			return -1;
		if (write)
			memcpy(shared, buf, len);
		err = rw_as_ptracer(write, addr, shared, len);
		if (!err && !write)
			memcpy(buf, shared, len);
		munmap(shared, len);
	}
	errno = err;
	return err ? -1 : 0;
}

int gn_force_read(const void *addr, void *buf, size_t len, enum gn_force_how *how)
{
	return force_rw(false, addr, buf, len, how);
}

int gn_force_pwrite(void *addr, const void *buf, size_t len, enum gn_force_how *how)
{
	return force_rw(true, addr, (void *)buf, len, how);
}

int gn_force_write(char *addr, size_t stride, int n, enum gn_force_how *how)
{
	int i;

	for (i = 0; i < n; i++) {
		char c = (char)i;

		if (gn_force_pwrite(addr + i * stride, &c, 1, how))
			return -1;
	}
	return 0;
}

const char *gn_force_how_name(enum gn_force_how how)
{
	return how == GN_FORCE_PTRACER ? "a ptracer's /proc/PID/mem" : "/proc/self/mem";
}
