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

/*
 * One FOLL_FORCE operation on our memory: @len bytes at @addr from or into
 * @buf, or (@stride) one byte into each of @len pages @stride bytes apart,
 * the byte i for page i.
 */
struct force_op {
	bool write;
	char *addr;
	void *buf;
	size_t len, stride;
};

/* @op through the mem file @path; 0 or an errno. */
static int do_op(const char *path, const struct force_op *op)
{
	int fd = open(path, (op->write ? O_WRONLY : O_RDONLY) | O_CLOEXEC), err = 0;
	size_t i, n = op->stride ? op->len : 1;
	ssize_t done;

	if (fd < 0)
		return errno;
	for (i = 0; i < n && !err; i++) {
		char c = (char)i, *at = op->addr + i * op->stride;
		void *buf = op->stride ? &c : op->buf;
		size_t len = op->stride ? 1 : op->len;

		done = op->write ? pwrite(fd, buf, len, (off_t)(uintptr_t)at) :
				   pread(fd, buf, len, (off_t)(uintptr_t)at);
		if (done != (ssize_t)len)
			err = done < 0 ? errno : EIO;
	}
	close(fd);
	return err;
}

/*
 * @op by a child that ptrace-attaches to this process (its exit detaches);
 * @op->buf, if any, is mapped by both.  0 or an errno.
 */
static int op_as_ptracer(const struct force_op *op)
{
	pid_t parent = getpid(), child, w;
	char path[64];
	int status, err;

	/* Yama (ptrace_scope 1) lets a child trace its parent only if asked. */
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	child = fork();
	if (!child) {
		if (ptrace(PTRACE_SEIZE, parent, NULL, NULL))
			_exit(errno);
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)parent);
		_exit(do_op(path, op));
	}
	err = child < 0 ? errno : 0;
	while (child > 0 && (w = waitpid(child, &status, 0)) < 0 && errno == EINTR)
		;
	if (child > 0 && w != child)
		err = errno;
	prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	if (err)
		return err;
	return WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
}

int gn_proc_mem_forces(void)
{
	static int forces = -1;
	long psz = sysconf(_SC_PAGESIZE);
	struct force_op op = { .write = true, .len = 1, .stride = 1 };

	if (forces >= 0)
		return forces;
	op.addr = mmap(NULL, psz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (op.addr == MAP_FAILED)
		return 0;
	forces = !do_op("/proc/self/mem", &op);
	munmap(op.addr, psz);
	return forces;
}

/* @op with FOLL_FORCE, the way the kernel allows; 0 or -1 with errno. */
static int force(struct force_op *op, enum gn_force_how *how)
{
	void *user = op->buf;
	size_t len = op->len;
	int err;

	if (gn_proc_mem_forces()) {
		*how = GN_FORCE_PROC_SELF_MEM;
		err = do_op("/proc/self/mem", op);
	} else {
		*how = GN_FORCE_PTRACER;
		if (!op->stride) {	/* the data goes through a buffer both map */
			op->buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				       -1, 0);
			if (op->buf == MAP_FAILED)
				return -1;
			if (op->write)
				memcpy(op->buf, user, len);
		}
		err = op_as_ptracer(op);
		if (!op->stride) {
			if (!err && !op->write)
				memcpy(user, op->buf, len);
			munmap(op->buf, len);
		}
	}
	errno = err;
	return err ? -1 : 0;
}

int gn_force_read(const void *addr, void *buf, size_t len, enum gn_force_how *how)
{
	struct force_op op = { .write = false, .addr = (char *)addr, .buf = buf, .len = len };

	return force(&op, how);
}

int gn_force_pwrite(void *addr, const void *buf, size_t len, enum gn_force_how *how)
{
	struct force_op op = { .write = true, .addr = addr, .buf = (void *)buf, .len = len };

	return force(&op, how);
}

int gn_force_write(char *addr, size_t stride, int n, enum gn_force_how *how)
{
	struct force_op op = { .write = true, .addr = addr, .len = (size_t)n, .stride = stride };

	return force(&op, how);
}

const char *gn_force_how_name(enum gn_force_how how)
{
	return how == GN_FORCE_PTRACER ? "a ptracer's /proc/PID/mem" : "/proc/self/mem";
}
