// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal KVM guest on the plain /dev/kvm API (see kvm_vm.h).  Only ioctls
 * that exist since Linux 5.10 are used, so the same static binary runs on
 * every kernel the test bed boots.  This file is the architecture-neutral
 * part; the guest's code, its vCPU's registers and its end-of-pass exit are
 * the architecture's (kvm_vm_arch.h: kvm_vm_x86.c, kvm_vm_arm64.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvm_vm.h"
#include "kvm_vm_arch.h"

#define GN_VM_KICK_SIGNAL	(SIGRTMIN + 3)
#define GN_VM_DEBUGFS		"/sys/kernel/debug/kvm"

/*
 * KVM_CREATE_VM on /dev/kvm @kvm, again while it fails with EINTR: its
 * mmu_notifier_register() -> mm_take_all_locks() gives up on a pending
 * signal, and pending io_uring task work (the pinned workload's ring) sets
 * TIF_NOTIFY_SIGNAL, which signal_pending() counts: the likely cause of the
 * one EINTR seen, in a stock 6.12 run of the matrix.
 * Return: the VM's fd, or -1 with errno set.
 */
static int gn_kvm_create_vm(int kvm)
{
	int fd, tries = 0;

	do
		fd = ioctl(kvm, KVM_CREATE_VM, 0);
	while (fd < 0 && errno == EINTR && ++tries < 100);
	return fd;
}

static void vm_reset(struct gn_vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	vm->created = true;
	vm->kvm_fd = vm->vm_fd = vm->vcpu_fd = -1;
	vm->exit_reason = -1;
}

/* Undo what gn_vm_create() did; the thread (if any) is already joined. */
static void vm_release(struct gn_vm *vm)
{
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	if (vm->code)
		munmap(vm->code, GN_VM_CODE_SIZE);
	vm_reset(vm);
}

/* vm_open_kvm() - /dev/kvm, its API version and the vCPU's kvm_run size */
static int vm_open_kvm(struct gn_vm *vm)
{
	int r;

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return errno == ENOENT || errno == ENXIO ? -ENODEV : -errno;
	r = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (r != KVM_API_VERSION)
		return r < 0 ? -errno : -ENOTSUP;
	r = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (r < (int)sizeof(struct kvm_run))
		return r < 0 ? -errno : -EPROTO;
	vm->run_size = r;
	return 0;
}

/* vm_set_slot() - memslot @slot: @size bytes at @hva, mapped at @gpa */
static int vm_set_slot(struct gn_vm *vm, uint32_t slot, uint64_t gpa,
		       void *hva, size_t size)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) ? -errno : 0;
}

/*
 * vm_add_slots() - slot 0: the code page at GPA 0, with the architecture's
 * guest code in it; slot 1: the caller's range at GN_VM_DATA_GPA
 */
static int vm_add_slots(struct gn_vm *vm)
{
	int r;

	vm->code = mmap(NULL, GN_VM_CODE_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->code == MAP_FAILED) {
		vm->code = NULL;
		return -errno;
	}
	r = gn_vm_arch_load_code(vm, vm->code);
	if (r)
		return r;
	r = vm_set_slot(vm, 0, 0, vm->code, GN_VM_CODE_SIZE);
	if (r)
		return r;
	return vm_set_slot(vm, 1, GN_VM_DATA_GPA, vm->hva, vm->size);
}

/* vm_add_vcpu() - vCPU 0, its kvm_run mapped, set up by the architecture */
static int vm_add_vcpu(struct gn_vm *vm)
{
	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0)
		return -errno;
	vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		vm->run = NULL;
		return -errno;
	}
	return gn_vm_arch_setup_vcpu(vm);
}

int gn_vm_create(struct gn_vm *vm, void *hva, size_t size, bool write)
{
	long page = sysconf(_SC_PAGESIZE);
	int r;

	vm_reset(vm);
	/* the memslot: whole host pages; the guest touches each 4 KiB of it */
	if (!hva || page <= 0 || (uintptr_t)hva % page || !size || size % page ||
	    size > GN_VM_MAX_SIZE)
		return -EINVAL;
	vm->hva = hva;
	vm->size = size;
	vm->write = write;

	r = vm_open_kvm(vm);
	if (r)
		goto fail;
	vm->vm_fd = gn_kvm_create_vm(vm->kvm_fd);
	if (vm->vm_fd < 0) {
		r = -errno;
		goto fail;
	}
	/*
	 * kvm_create_vm_debugfs() names the directory "%d-%d" after
	 * task_pid_nr(current), the creating thread's id, and the VM's fd.
	 */
	snprintf(vm->debugfs, sizeof(vm->debugfs), GN_VM_DEBUGFS "/%ld-%d",
		 (long)syscall(SYS_gettid), vm->vm_fd);
	r = vm_add_slots(vm);
	if (!r)
		r = vm_add_vcpu(vm);
	if (!r)
		return 0;
fail:
	vm_release(vm);
	return r;
}

static void kick_handler(int sig)
{
	(void)sig;	/* only there to make KVM_RUN return -EINTR */
}

void gn_vm_fail(struct gn_vm *vm, int err, int exit_reason, unsigned long long detail,
		const char *fmt, ...)
{
	va_list ap;

	vm->exit_reason = exit_reason;
	vm->exit_detail = detail;
	va_start(ap, fmt);
	vsnprintf(vm->reason, sizeof(vm->reason), fmt, ap);
	va_end(ap);
	__atomic_store_n(&vm->error, err, __ATOMIC_RELEASE);
}

static const char *exit_name(uint32_t reason)
{
	switch (reason) {
	case KVM_EXIT_UNKNOWN: return "KVM_EXIT_UNKNOWN";
	case KVM_EXIT_EXCEPTION: return "KVM_EXIT_EXCEPTION";
	case KVM_EXIT_HLT: return "KVM_EXIT_HLT";
	case KVM_EXIT_MMIO: return "KVM_EXIT_MMIO";
	case KVM_EXIT_SHUTDOWN: return "KVM_EXIT_SHUTDOWN";
	case KVM_EXIT_FAIL_ENTRY: return "KVM_EXIT_FAIL_ENTRY";
	case KVM_EXIT_INTR: return "KVM_EXIT_INTR";
	case KVM_EXIT_INTERNAL_ERROR: return "KVM_EXIT_INTERNAL_ERROR";
	default: return "KVM_EXIT_?";
	}
}

/* One exit of KVM_RUN; false when the thread must end. */
static bool handle_exit(struct gn_vm *vm)
{
	struct kvm_run *run = vm->run;
	uint32_t val, want;
	int r;

	r = gn_vm_arch_pass_exit(vm, run, &val);
	if (r < 0)
		return false;
	if (r > 0) {
		want = (uint32_t)(vm->passes + 1);
		if (val != want) {
			gn_vm_fail(vm, -EPROTO, run->exit_reason, val,
				   "guest reported pass %u, expected %u", val, want);
			return false;
		}
		__atomic_store_n(&vm->passes, vm->passes + 1, __ATOMIC_RELEASE);
		return true;
	}
	switch (run->exit_reason) {
	case KVM_EXIT_FAIL_ENTRY:
		gn_vm_fail(vm, -EIO, KVM_EXIT_FAIL_ENTRY,
			  run->fail_entry.hardware_entry_failure_reason,
			  "KVM_EXIT_FAIL_ENTRY: hardware entry failure reason %#llx",
			  (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		return false;
	case KVM_EXIT_INTERNAL_ERROR:
		gn_vm_fail(vm, -EIO, KVM_EXIT_INTERNAL_ERROR, run->internal.suberror,
			  "KVM_EXIT_INTERNAL_ERROR: suberror %u", run->internal.suberror);
		return false;
	case KVM_EXIT_MMIO:
		gn_vm_fail(vm, -EIO, KVM_EXIT_MMIO, run->mmio.phys_addr,
			  "KVM_EXIT_MMIO: guest %s GPA %#llx outside its memslots",
			  run->mmio.is_write ? "wrote" : "read",
			  (unsigned long long)run->mmio.phys_addr);
		return false;
	default:
		gn_vm_fail(vm, -EIO, run->exit_reason, 0, "unexpected exit %s (%u)",
			  exit_name(run->exit_reason), run->exit_reason);
		return false;
	}
}

static void *vcpu_thread(void *arg)
{
	struct gn_vm *vm = arg;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, GN_VM_KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);

	while (!__atomic_load_n(&vm->stop, __ATOMIC_ACQUIRE)) {
		if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)	/* kicked (or a stray signal): check stop */
				continue;
			gn_vm_fail(vm, -errno, -1, 0, "KVM_RUN: %s", strerror(errno));
			break;
		}
		if (!handle_exit(vm))
			break;
	}
	__atomic_store_n(&vm->done, true, __ATOMIC_RELEASE);
	return NULL;
}

int gn_vm_start(struct gn_vm *vm, int cpu)
{
	struct sigaction sa;
	pthread_attr_t attr;
	cpu_set_t cpus;
	int r;

	if (!vm->created || vm->vcpu_fd < 0 || vm->started || cpu < -1 || cpu >= CPU_SETSIZE)
		return -EINVAL;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler;	/* no SA_RESTART: KVM_RUN returns -EINTR */
	sigemptyset(&sa.sa_mask);
	if (sigaction(GN_VM_KICK_SIGNAL, &sa, NULL))
		return -errno;

	r = pthread_attr_init(&attr);
	if (r)
		return -r;
	if (cpu >= 0) {
		/* glibc applies it before the thread runs (pthread_setaffinity_np's effect). */
		CPU_ZERO(&cpus);
		CPU_SET(cpu, &cpus);
		r = pthread_attr_setaffinity_np(&attr, sizeof(cpus), &cpus);
		if (r) {
			pthread_attr_destroy(&attr);
			return -r;
		}
	}
	vm->stop = false;
	vm->done = false;
	r = pthread_create(&vm->thread, &attr, vcpu_thread, vm);
	pthread_attr_destroy(&attr);
	if (r)
		return -r;
	vm->started = true;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int gn_vm_wait_passes(struct gn_vm *vm, unsigned long n, double timeout_s)
{
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };	/* 1 ms */
	double end = now() + timeout_s;
	int err;

	if (!vm->created || !vm->started)
		return -EINVAL;
	for (;;) {
		if (__atomic_load_n(&vm->passes, __ATOMIC_ACQUIRE) >= n)
			return 0;
		err = __atomic_load_n(&vm->error, __ATOMIC_ACQUIRE);
		if (err)
			return err;
		if (__atomic_load_n(&vm->done, __ATOMIC_ACQUIRE))
			return -ESRCH;	/* stopped without an error: gn_vm_destroy() raced */
		if (now() >= end)
			return -ETIMEDOUT;
		nanosleep(&tick, NULL);
	}
}

/* A decimal counter from @dir/@name; -1 if it cannot be read. */
static long long read_stat(const char *dir, const char *name)
{
	char path[192], buf[32];
	long long v;
	ssize_t n;
	char *end;
	int fd;

	if (!dir[0])
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf)
		return -1;
	return v;
}

void gn_vm_stats(struct gn_vm *vm, struct gn_vm_stats *st)
{
	const char *dir = vm->created ? vm->debugfs : "";

	st->remote_tlb_flush = read_stat(dir, "remote_tlb_flush");
	st->remote_tlb_flush_requests = read_stat(dir, "remote_tlb_flush_requests");
	st->mmu_shadow_zapped = read_stat(dir, "mmu_shadow_zapped");
	st->pages_4k = read_stat(dir, "pages_4k");
	st->pages_2m = read_stat(dir, "pages_2m");
	st->exits = read_stat(dir, "exits");
}

static void timespec_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_nsec += ms * 1000000L;
	ts->tv_sec += ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

void gn_vm_destroy(struct gn_vm *vm)
{
	struct timespec ts;

	if (!vm->created)
		return;
	if (vm->started) {
		__atomic_store_n(&vm->stop, true, __ATOMIC_SEQ_CST);
		/* A KVM_RUN entered from now on returns -EINTR at once ... */
		if (vm->run)
			__atomic_store_n(&((struct kvm_run *)vm->run)->immediate_exit, 1,
					 __ATOMIC_SEQ_CST);
		/* ... and one in progress is kicked out by the signal (again, if need be). */
		for (;;) {
			pthread_kill(vm->thread, GN_VM_KICK_SIGNAL);
			timespec_in(&ts, 20);
			if (pthread_timedjoin_np(vm->thread, NULL, &ts) != ETIMEDOUT)
				break;
		}
		vm->started = false;
	}
	vm_release(vm);
	vm->created = false;
}

int gn_kvm_hold(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm;

	if (kvm < 0)
		return -errno;
	vm = gn_kvm_create_vm(kvm);
	if (vm < 0)
		vm = -errno;
	close(kvm);
	return vm;
}
