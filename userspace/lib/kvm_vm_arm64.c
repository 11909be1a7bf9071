// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 guest of kvm_vm.h: AArch64 at EL1 with the MMU off, as
 * KVM_ARM_VCPU_INIT leaves a vCPU; a pass ends with a 32-bit store of the
 * pass number to GN_VM_REPORT_GPA, outside every memslot (KVM_EXIT_MMIO).
 * The next KVM_RUN completes that store and steps over it.
 */
#if defined(__aarch64__)
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm_vm_arch.h"

#define GN_VM_REPORT_GPA	0x10000000ULL	/* between slot 0 and the data slot */

/*
 * The guest (assembled with aarch64-linux-gnu-as): w1 is the pass number,
 * x2 walks the data slot, x3 counts the pages left; the three literals at
 * GUEST_LITERALS (data GPA, pages, report GPA) are filled in by
 * gn_vm_arch_load_code(), and so is the access at GUEST_ACCESS.
 */
#define GUEST_ACCESS		(0x14 / 4)
#define GUEST_LITERALS		0x30
static const uint32_t guest_code[] = {
	/* 00 */ 0x52800001,	/* mov  w1, #0			pass = 0 */
	/* 04 */ 0x11000421,	/* add  w1, w1, #1		pass: pass++ */
	/* 08 */ 0x58000142,	/* ldr  x2, 0x30		data GPA */
	/* 0c */ 0x58000163,	/* ldr  x3, 0x38		pages */
	/* 10 */ 0x58000185,	/* ldr  x5, 0x40		report GPA */
	/* 14 */ 0xb9400044,	/* ldr  w4, [x2]		page: the read */
	/* 18 */ 0x91400442,	/* add  x2, x2, #1, lsl #12	next 4 KiB */
	/* 1c */ 0xf1000463,	/* subs x3, x3, #1 */
	/* 20 */ 0x54ffffa1,	/* b.ne 0x14			page */
	/* 24 */ 0xb90000a1,	/* str  w1, [x5]		KVM_EXIT_MMIO */
	/* 28 */ 0x17fffff7,	/* b    0x04			pass */
	/* 2c */ 0xd503201f,	/* nop */
};
#define GUEST_READ		0xb9400044	/* ldr w4, [x2] */
#define GUEST_WRITE		0xb9000041	/* str w1, [x2] */

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = v >> (8 * i);
}

int gn_vm_arch_load_code(struct gn_vm *vm, unsigned char *code)
{
	for (size_t i = 0; i < sizeof(guest_code) / sizeof(guest_code[0]); i++)
		put_le(code + 4 * i, guest_code[i], 4);
	put_le(code + 4 * GUEST_ACCESS, vm->write ? GUEST_WRITE : GUEST_READ, 4);
	put_le(code + GUEST_LITERALS, GN_VM_DATA_GPA, 8);
	put_le(code + GUEST_LITERALS + 8, vm->size / GN_VM_GUEST_STRIDE, 8);
	put_le(code + GUEST_LITERALS + 16, GN_VM_REPORT_GPA, 8);
	return 0;
}

int gn_vm_arch_setup_vcpu(struct gn_vm *vm)
{
	struct kvm_vcpu_init init;
	struct kvm_one_reg reg;
	uint64_t pc = 0;

	memset(&init, 0, sizeof(init));
	if (ioctl(vm->vm_fd, KVM_ARM_PREFERRED_TARGET, &init))
		return -errno;
	if (ioctl(vm->vcpu_fd, KVM_ARM_VCPU_INIT, &init))
		return -errno;
	reg.id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
		 KVM_REG_ARM_CORE_REG(regs.pc);
	reg.addr = (uintptr_t)&pc;
	if (ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, &reg))
		return -errno;
	return 0;
}

int gn_vm_arch_pass_exit(struct gn_vm *vm, struct kvm_run *run, uint32_t *pass)
{
	if (run->exit_reason != KVM_EXIT_MMIO || run->mmio.phys_addr != GN_VM_REPORT_GPA)
		return 0;
	if (!run->mmio.is_write || run->mmio.len != 4) {
		gn_vm_fail(vm, -EPROTO, KVM_EXIT_MMIO, run->mmio.phys_addr,
			   "unexpected report: a %u-byte %s at GPA %#llx", run->mmio.len,
			   run->mmio.is_write ? "write" : "read",
			   (unsigned long long)run->mmio.phys_addr);
		return -EPROTO;
	}
	memcpy(pass, run->mmio.data, sizeof(*pass));
	return 1;
}
#endif /* __aarch64__ */
