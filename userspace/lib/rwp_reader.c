// SPDX-License-Identifier: GPL-2.0
/* The GUP readers of an RWP tracked range (see rwp_reader.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rwp_reader.h"

#define MAGIC 0x5257505452414b00ULL	/* "RWPTRAK\0" */

uint64_t gn_rwp_stamp(uint64_t i)
{
	return MAGIC ^ i;
}

void gn_rwp_fill(char *area, size_t npages, size_t psz)
{
	size_t i;

	for (i = 0; i < npages; i++) {
		memset(area + i * psz, (int)(i & 0xff), psz);
		*(uint64_t *)(area + i * psz) = gn_rwp_stamp(i);
	}
}

const char *gn_rwp_reader_name(int reader)
{
	static const char *const names[] = {
		[GN_READ_PROCESS_VM_READV] = "process_vm_readv",
		[GN_READ_PROC_MEM] = "/proc/PID/mem",
		[GN_READ_PTRACE] = "ptrace",
		[GN_READ_O_DIRECT] = "O_DIRECT",
	};

	return reader >= 0 && reader < GN_NR_RWP_READERS ? names[reader] : "?";
}

/* One page of @pid at @addr into @buf, by @reader; 0 or -errno. */
static int read_remote_page(pid_t pid, int reader, int memfd, uint64_t addr, char *buf,
			    size_t psz)
{
	struct iovec local = { buf, psz }, remote = { (void *)(uintptr_t)addr, psz };
	long word;
	ssize_t n;

	switch (reader) {
	case GN_READ_PROCESS_VM_READV:
		n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
		return n == (ssize_t)psz ? 0 : n < 0 ? -errno : -EIO;
	case GN_READ_PROC_MEM:
		n = pread(memfd, buf, psz, (off_t)addr);
		return n == (ssize_t)psz ? 0 : n < 0 ? -errno : -EIO;
	case GN_READ_PTRACE:
		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, pid, (void *)(uintptr_t)addr, NULL);
		if (errno)
			return -errno;
		memcpy(buf, &word, sizeof(word));
		return 0;
	}
	return -EINVAL;
}

/* The reader process's answer to one command. */
static struct gn_read_reply serve(pid_t owner, const struct gn_read_cmd *c, int *memfd, char *buf)
{
	struct gn_read_reply r = { 0 };
	char path[64];
	int status;
	uint64_t i;

	if (c->reader == GN_READ_PROC_MEM && *memfd < 0) {
		snprintf(path, sizeof(path), "/proc/%d/mem", owner);
		*memfd = open(path, O_RDONLY);
	}
	if (c->reader == GN_READ_PTRACE &&
	    (ptrace(PTRACE_SEIZE, owner, NULL, NULL) ||
	     ptrace(PTRACE_INTERRUPT, owner, NULL, NULL) ||
	     waitpid(owner, &status, __WALL) != owner))
		r.err = errno;
	for (i = c->first; !r.err && i < c->first + c->count; i += c->stride) {
		int err = read_remote_page(owner, c->reader, *memfd, c->addr + i * c->psz, buf,
					   c->psz);

		if (err) {
			r.err = -err;
			break;
		}
		r.pages++;
		if (*(uint64_t *)buf != gn_rwp_stamp(i))
			r.wrong++;
	}
	if (c->reader == GN_READ_PTRACE)
		ptrace(PTRACE_DETACH, owner, NULL, NULL);
	return r;
}

static void reader_main(int cmd_fd, int reply_fd)
{
	pid_t owner = getppid();
	char *buf = malloc(1 << 16);
	struct gn_read_cmd c;
	int memfd = -1;

	while (buf && read(cmd_fd, &c, sizeof(c)) == sizeof(c) && c.count && c.stride &&
	       c.psz <= 1 << 16) {
		struct gn_read_reply r = serve(owner, &c, &memfd, buf);

		if (write(reply_fd, &r, sizeof(r)) != sizeof(r))
			break;
		/* a failed attach may leave the owner traced: exiting detaches */
		if (c.reader == GN_READ_PTRACE && r.err)
			break;
	}
	_exit(0);
}

int gn_reader_spawn(struct gn_reader *rd)
{
	int cmd[2], reply[2];

	rd->pid = -1;
	rd->cmd = rd->reply = -1;
	if (pipe(cmd))
		return -errno;
	if (pipe(reply)) {
		close(cmd[0]);
		close(cmd[1]);
		return -errno;
	}
	rd->pid = fork();
	if (!rd->pid) {
		close(cmd[1]);
		close(reply[0]);
		reader_main(cmd[0], reply[1]);
	}
	close(cmd[0]);
	close(reply[1]);
	rd->cmd = cmd[1];
	rd->reply = reply[0];
	if (rd->pid < 0) {
		gn_reader_stop(rd);
		return -EAGAIN;
	}
	/* Yama (ptrace_scope 1) lets a child trace its parent only if asked */
	prctl(PR_SET_PTRACER, rd->pid, 0, 0, 0);
	return 0;
}

/* The owner's own O_DIRECT writes of the pages @c names. */
static struct gn_read_reply write_o_direct(const struct gn_read_cmd *c)
{
	struct gn_read_reply r = { 0 };
	int fd = open(GN_RAM_DISK, O_WRONLY | O_DIRECT | O_CLOEXEC);
	uint64_t i;

	if (fd < 0) {
		r.err = errno;
		return r;
	}
	for (i = c->first; i < c->first + c->count; i += c->stride) {
		ssize_t n = pwrite(fd, (char *)(uintptr_t)(c->addr + i * c->psz), c->psz, 0);

		if (n != (ssize_t)c->psz) {
			r.err = n < 0 ? errno : EIO;
			break;
		}
		r.pages++;
	}
	close(fd);
	return r;
}

/*
 * Write @c to the reader process; -1 if it is gone.  SIGPIPE is ignored
 * meanwhile, so that a reader that died is an error, not the caller's end.
 */
static int send_cmd(struct gn_reader *rd, const struct gn_read_cmd *c)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	ssize_t n;

	sigaction(SIGPIPE, &ign, &old);
	n = write(rd->cmd, c, sizeof(*c));
	sigaction(SIGPIPE, &old, NULL);
	return n == sizeof(*c) ? 0 : -1;
}

int gn_reader_read(struct gn_reader *rd, const struct gn_read_cmd *c, struct gn_read_reply *r)
{
	if (c->reader == GN_READ_O_DIRECT) {
		*r = write_o_direct(c);
		return 0;
	}
	if (rd->pid < 0)
		return -ESRCH;
	if (send_cmd(rd, c))
		return -EPIPE;
	for (;;) {
		ssize_t n = read(rd->reply, r, sizeof(*r));

		if (n == sizeof(*r))
			return 0;
		if (n >= 0)
			return -EPIPE;	/* the reader process is gone */
		if (errno != EINTR)
			return -errno;
	}
}

void gn_reader_stop(struct gn_reader *rd)
{
	static const struct gn_read_cmd stop;

	if (rd->pid > 0) {
		if (send_cmd(rd, &stop))
			kill(rd->pid, SIGKILL);
		waitpid(rd->pid, NULL, 0);
	}
	if (rd->cmd >= 0)
		close(rd->cmd);
	if (rd->reply >= 0)
		close(rd->reply);
	rd->pid = rd->cmd = rd->reply = -1;
}
