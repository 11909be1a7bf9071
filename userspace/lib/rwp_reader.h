/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The readers of a userfaultfd RWP tracked range that go through GUP: another
 * process's process_vm_readv() (FOLL_PIN, remote), its read of /proc/PID/mem,
 * its PTRACE_PEEKDATA (FOLL_FORCE, remote), and the owner's own O_DIRECT
 * write to a RAM disk (pin_user_pages_fast(), which falls back to GUP at
 * protnone entries).  The remote readers live in a reader process forked
 * before the range is mapped (fork() copies no armed entry); the owner sends
 * it read commands.  Each page carries gn_rwp_stamp() of its index, so wrong
 * bytes are seen too.  Used by rwp_tracker_test and the rwp-tracker workload.
 */
#ifndef GUPNUMA_RWP_READER_H
#define GUPNUMA_RWP_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define GN_RAM_DISK "/dev/ram0"

enum gn_rwp_reader {
	GN_READ_PROCESS_VM_READV,
	GN_READ_PROC_MEM,
	GN_READ_PTRACE,
	GN_READ_O_DIRECT,
	GN_NR_RWP_READERS
};

/* Read pages [first, first + count) of @addr's range, every @stride-th. */
struct gn_read_cmd {
	uint64_t addr;
	uint64_t first, count, stride;
	uint64_t psz;
	int reader;		/* enum gn_rwp_reader */
};

struct gn_read_reply {
	long pages;	/* pages read */
	long wrong;	/* pages whose bytes were not gn_rwp_stamp() of their index */
	int err;	/* first errno, 0 if none */
};

/* The reader process and the pipes to it. */
struct gn_reader {
	pid_t pid;	/* -1: none */
	int cmd, reply;
};

/* What page @i of a range holds in its first 8 bytes. */
uint64_t gn_rwp_stamp(uint64_t i);
/* Fill @npages pages of @psz bytes at @area: each its index and stamp. */
void gn_rwp_fill(char *area, size_t npages, size_t psz);
/* "process_vm_readv", "/proc/PID/mem", "ptrace", "O_DIRECT". */
const char *gn_rwp_reader_name(int reader);
/*
 * gn_reader_spawn() - fork the reader process (before the range is mapped),
 * allowed to ptrace its parent under Yama.  Return: 0 or -errno.
 */
int gn_reader_spawn(struct gn_reader *rd);
/*
 * gn_reader_read() - carry out @c: by the reader process, or, for
 * %GN_READ_O_DIRECT, here (the range is the caller's).  Waits for the
 * reply.  Return: 0 (what happened is in @r), or -errno if the reader
 * process could not be asked.
 */
int gn_reader_read(struct gn_reader *rd, const struct gn_read_cmd *c, struct gn_read_reply *r);
/* gn_reader_stop() - end the reader process and close the pipes; safe twice. */
void gn_reader_stop(struct gn_reader *rd);

#endif
