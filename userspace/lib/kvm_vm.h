/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal KVM guest on the plain /dev/kvm API (no selftests library), so the
 * same binary runs on every kernel the test bed boots (Debian 5.10, 6.1,
 * 6.12, 7.3 and our test kernel): one VM, one memslot over a host range the
 * caller owns, one vCPU that reads (or writes) one word of every 4 KiB of the
 * memslot, pass after pass.  The vCPU's mode and code are the architecture's
 * (kvm_vm_arch.h): on x86, 32-bit protected mode without paging; on arm64,
 * EL1 with the MMU off.
 *
 * KVM's stage-2 faults on that memslot go through hva_to_pfn() -> GUP, which
 * is what the protnone policy decides for a secondary MMU.
 */
#ifndef GUPNUMA_KVM_VM_H
#define GUPNUMA_KVM_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest physical address of the memslot that maps the caller's range. */
#define GN_VM_DATA_GPA		0x40000000ULL
#define GN_VM_MAX_SIZE		(2ULL << 30)	/* 2 GiB: below 4 GiB, no paging */

/*
 * The vCPU thread is stopped by GN_VM_KICK_SIGNAL (SIGRTMIN + 3, an empty
 * handler installed without SA_RESTART by gn_vm_start(); KVM_RUN returns
 * -EINTR) together with kvm_run->immediate_exit.  A caller must not use that
 * signal for anything else.
 */
struct gn_vm {
	bool created;			/* gn_vm_create() initialised this struct */
	int kvm_fd, vm_fd, vcpu_fd;	/* -1 when not open */
	void *run;			/* the vCPU's mmap'ed struct kvm_run */
	size_t run_size;
	void *code;			/* the guest's code page (slot 0) */
	void *hva;			/* the caller's range (slot 1) */
	size_t size;
	bool write;
	pthread_t thread;
	bool started;
	volatile bool stop;
	volatile bool done;		/* the vCPU thread has ended */
	volatile unsigned long passes;	/* completed passes over the range */
	volatile int error;		/* first error of the vCPU thread (-errno) */
	/* Why the thread ended with an error: KVM_EXIT_* (or -1), its detail, in words. */
	int exit_reason;
	unsigned long long exit_detail;	/* fail_entry / internal.suberror / port ... */
	char reason[128];
	char debugfs[128];		/* /sys/kernel/debug/kvm/<tid>-<vm_fd> */
};

/*
 * KVM's own counters for the VM, read from debugfs (present on 5.10 .. 6.12);
 * a counter the running kernel does not have is -1.
 */
struct gn_vm_stats {
	long long remote_tlb_flush;		/* kvm_flush_remote_tlbs() that flushed */
	long long remote_tlb_flush_requests;	/* ... asked for (5.17+) */
	long long mmu_shadow_zapped;		/* shadow/TDP pages zapped */
	long long pages_4k, pages_2m;		/* stage-2 mappings now (5.11+) */
	long long exits;			/* vCPU exits (guest -> host) */
};

/*
 * gn_vm_create() - a VM whose memslot maps [@hva, @hva + @size).
 * @hva: page-aligned, at most %GN_VM_MAX_SIZE bytes, mapped by the caller
 *	(it stays the caller's: gn_vm_destroy() does not unmap it).
 * @write: the guest writes (FOLL_WRITE faults) instead of reading.
 * Return: 0, or -errno (-ENODEV without /dev/kvm, -EINVAL for a bad range,
 * checked before anything is opened).  @vm is overwritten: destroy a live VM
 * before creating another in the same struct.  On failure nothing stays open.
 * vm->debugfs is named after the calling thread's id (task_pid_nr()) and the
 * VM's fd, as kvm_create_vm_debugfs() does on 5.10 .. 6.12.
 * May sleep.
 */
int gn_vm_create(struct gn_vm *vm, void *hva, size_t size, bool write);
/*
 * gn_vm_start() - run the vCPU in a thread pinned to @cpu (-1: anywhere).
 * The thread is pinned before it first enters KVM_RUN.
 * Return: 0 or -errno (-EINVAL for a bad @cpu or a VM already started).
 */
int gn_vm_start(struct gn_vm *vm, int cpu);
/*
 * gn_vm_wait_passes() - wait until @n passes are done.
 * Return: 0, -ETIMEDOUT, -EINVAL if not started, or the vCPU's error (then
 * vm->reason says why).
 */
int gn_vm_wait_passes(struct gn_vm *vm, unsigned long n, double timeout_s);
/* gn_vm_stats() - KVM's counters for this VM (see struct gn_vm_stats). */
void gn_vm_stats(struct gn_vm *vm, struct gn_vm_stats *st);
/*
 * gn_vm_destroy() - stop the vCPU thread (interrupting KVM_RUN), join it,
 * close every fd and unmap the code and kvm_run pages.  Safe on a zeroed
 * struct, after a failed create and twice.
 */
void gn_vm_destroy(struct gn_vm *vm);
/*
 * gn_kvm_hold() - an empty VM, held while other VMs come and go.  KVM's first
 * VM enables the preempt-notifier static key and the last one's end disables
 * it, and each switch patches __schedule() while every CPU runs it (text_poke
 * with int3): under QEMU's TCG on a loaded host such a patch was seen to trap
 * (an int3 Oops in __schedule).  With one VM held, a series of VMs patches
 * nothing.
 * Return: the VM's fd (close() releases it), or -errno.  May sleep.
 */
int gn_kvm_hold(void);

#endif
