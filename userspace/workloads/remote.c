// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-process workloads: a target process keeps its memory on node A and
 * spins on node A's CPU (its ticks drive NUMA balancing's scan of its mm);
 * we read that memory from node B.
 * - remote-read: process_vm_readv(), what monitoring agents, profilers and
 *   checkpoint tools do: GUP with FOLL_REMOTE, no FOLL_FORCE.  Where GUP
 *   honors hinting (5.10's FOLL_NUMA, 6.1's "not FOLL_FORCE") the reader's
 *   faults pull the target's pages to the reader's node.
 * - debugger: /proc/PID/mem reads and ptrace(PTRACE_PEEKDATA), both
 *   FOLL_FORCE: honored only by v6.5 (d74943a2f3cd set
 *   FOLL_HONOR_NUMA_FAULT for every external GUP call).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "workload.h"

#define PEEKS_PER_PASS	64	/* PTRACE_PEEKDATA: one word of every Nth page */

/*
 * The reader's buffer: mapped after the target is forked and populated
 * before the run, so that the reader's copies into it take no fault.  Heap
 * memory would not do: freed by an earlier run and still mapped, it is
 * copy-on-write shared with the target forked just now, and every pass would
 * then copy its pages (on arm64 a 4 KiB copy in a THP unfolds a contiguous-PTE
 * block, a TLB flush that QEMU's TCG makes synchronous on every vCPU: one
 * process_vm_readv() of 8 MiB took 7 s there).
 */
static int remote_prepare(struct wl_run *r)
{
	int err = wl_spawn_target(r);
	void *buf;

	if (err)
		return err;
	buf = mmap(NULL, r->p->size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		return cli_error("mmap of the reader's buffer: %s", strerror(errno));
	r->priv = buf;
	return 0;
}

static int remote_read_access(struct wl_run *r)
{
	struct iovec local = { r->priv, r->p->size }, remote = { r->area, r->p->size };
	ssize_t n = process_vm_readv(r->pid, &local, 1, &remote, 1, 0);

	if (n != (ssize_t)r->p->size)
		return cli_error("process_vm_readv: %s", n < 0 ? strerror(errno) : "short read");
	r->accesses++;
	return 0;
}

static void remote_teardown(struct wl_run *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	wl_kill_target(r);
	if (r->priv)
		munmap(r->priv, r->p->size);
	r->priv = NULL;
}

static int debugger_prepare(struct wl_run *r)
{
	char path[64];
	int err = remote_prepare(r);

	if (err)
		return err;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)r->pid);
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return cli_error("open %s: %s", path, strerror(errno));
	if (ptrace(PTRACE_SEIZE, r->pid, NULL, NULL))
		return cli_error("PTRACE_SEIZE: %s", strerror(errno));
	return 0;
}

/* Stop the target, peek one word of every Nth page, let it run again. */
static int peek(struct wl_run *r)
{
	size_t stride = r->npages / PEEKS_PER_PASS ? r->npages / PEEKS_PER_PASS : 1, i;
	int status;

	if (ptrace(PTRACE_INTERRUPT, r->pid, NULL, NULL) ||
	    waitpid(r->pid, &status, __WALL) != r->pid)
		return cli_error("PTRACE_INTERRUPT: %s", strerror(errno));
	for (i = 0; i < r->npages; i += stride) {
		errno = 0;
		ptrace(PTRACE_PEEKDATA, r->pid, r->area + i * 4096, NULL);
		if (errno)
			return cli_error("PTRACE_PEEKDATA: %s", strerror(errno));
	}
	if (ptrace(PTRACE_CONT, r->pid, NULL, NULL))
		return cli_error("PTRACE_CONT: %s", strerror(errno));
	return 0;
}

static int debugger_access(struct wl_run *r)
{
	ssize_t n = pread(r->fd, r->priv, r->p->size, (off_t)(unsigned long)r->area);

	if (n != (ssize_t)r->p->size)
		return cli_error("read /proc/PID/mem: %s", n < 0 ? strerror(errno) : "short read");
	r->accesses++;
	return peek(r);
}

const struct workload wl_remote_read = {
	.name = "remote-read",
	.doc = "another process reads the memory with process_vm_readv (monitoring, profiling, checkpointing)",
	.kind = WL_MIGRATES,
	.thp = true,
	.needs = WL_NEEDS_CMA,
	.sleeps = true,
	.prepare = remote_prepare,
	.access = remote_read_access,
	.teardown = remote_teardown,
};

const struct workload wl_debugger = {
	.name = "debugger",
	.doc = "a debugger reads the memory through /proc/PID/mem and PTRACE_PEEKDATA (FOLL_FORCE)",
	.kind = WL_MIGRATES,
	.sleeps = true,
	.prepare = debugger_prepare,
	.access = debugger_access,
	.teardown = remote_teardown,
};
