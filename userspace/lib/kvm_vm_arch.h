/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The architecture's part of the minimal KVM guest (kvm_vm.h), as the KVM
 * selftests keep lib/x86 and lib/arm64 behind one API: kvm_vm.c calls these,
 * kvm_vm_x86.c and kvm_vm_arm64.c implement them (each compiles to nothing on
 * the other architecture).
 *
 * The guest, on every architecture: code in one page at GPA 0 (slot 0) that,
 * pass after pass, reads (or writes) one word of every 4 KiB of the data slot
 * at GN_VM_DATA_GPA, then reports the pass number (1, 2, ...) with an exit
 * to userspace and starts the next pass.
 */
#ifndef GUPNUMA_KVM_VM_ARCH_H
#define GUPNUMA_KVM_VM_ARCH_H

#include <stdint.h>

#include <linux/kvm.h>

#include "kvm_vm.h"

#define GN_VM_GUEST_STRIDE	4096UL	/* the guest touches one word per 4 KiB */
#define GN_VM_CODE_SIZE		65536UL	/* slot 0 at GPA 0: a page on any host */

/*
 * gn_vm_arch_load_code() - write the guest's code for vm->size bytes of data
 * (read, or write if vm->write) into @code, GN_VM_CODE_SIZE bytes.
 * Return: 0 or -errno.
 */
int gn_vm_arch_load_code(struct gn_vm *vm, unsigned char *code);
/*
 * gn_vm_arch_setup_vcpu() - make vm->vcpu_fd start at GPA 0 in the mode the
 * code is written for.  Return: 0 or -errno.
 */
int gn_vm_arch_setup_vcpu(struct gn_vm *vm);
/*
 * gn_vm_arch_pass_exit() - is @run's exit the guest's end-of-pass report?
 * Return: 1 with the pass number in @pass; 0 if it is another exit (kvm_vm.c
 * names it); -EPROTO for a malformed report, recorded with gn_vm_fail().
 */
int gn_vm_arch_pass_exit(struct gn_vm *vm, struct kvm_run *run, uint32_t *pass);

/* Record the vCPU thread's first error, its exit and why (kvm_vm.c). */
void gn_vm_fail(struct gn_vm *vm, int err, int exit_reason, unsigned long long detail,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
