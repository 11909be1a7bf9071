// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 guest of kvm_vm.h: 32-bit protected mode without paging, flat
 * segments; a pass ends with `out GN_VM_PORT, eax` (KVM_EXIT_IO).
 */
#if defined(__x86_64__)
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm_vm_arch.h"

#define GN_VM_PORT		0x10		/* the guest's end-of-pass `out` */

#define X86_CR0_PE		(1ULL << 0)
#define X86_CR0_ET		(1ULL << 4)

/*
 * The guest, 32-bit code at GPA 0 (CS.D = 1, no paging, flat segments).
 * EBX is the pass number (1, 2, ...), ESI walks the data slot a page at a
 * time, ECX counts the pages left.  The two imm32 fields and the access
 * instruction at GUEST_ACCESS are filled in by gn_vm_create().
 */
#define GUEST_DATA_IMM		0x04	/* imm32 of mov esi */
#define GUEST_NPAGES_IMM	0x09	/* imm32 of mov ecx */
#define GUEST_ACCESS		0x0d	/* 2 bytes: the read or the write */
static const unsigned char guest_code[] = {
	/* 00 */ 0x31, 0xdb,			/* xor  ebx, ebx	; pass = 0 */
	/* 02 */ 0x43,				/* pass: inc ebx	; pass++ */
	/* 03 */ 0xbe, 0, 0, 0, 0,		/* mov  esi, GN_VM_DATA_GPA */
	/* 08 */ 0xb9, 0, 0, 0, 0,		/* mov  ecx, npages */
	/* 0d */ 0x8b, 0x06,			/* page: mov eax, [esi] (read) */
						/*   or mov [esi], ebx (write: 89 1e) */
	/* 0f */ 0x81, 0xc6, 0x00, 0x10, 0x00, 0x00,	/* add esi, GN_VM_GUEST_STRIDE */
	/* 15 */ 0x49,				/* dec  ecx */
	/* 16 */ 0x75, 0xf5,			/* jnz  page (0x0d = 0x18 - 11) */
	/* 18 */ 0x89, 0xd8,			/* mov  eax, ebx */
	/* 1a */ 0xe7, GN_VM_PORT,		/* out  GN_VM_PORT, eax ; KVM_EXIT_IO */
	/* 1c */ 0xeb, 0xe4,			/* jmp  pass (0x02 = 0x1e - 28) */
};
static const unsigned char guest_read[2] = { 0x8b, 0x06 };	/* mov eax, [esi] */
static const unsigned char guest_write[2] = { 0x89, 0x1e };	/* mov [esi], ebx */

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

int gn_vm_arch_load_code(struct gn_vm *vm, unsigned char *code)
{
	memcpy(code, guest_code, sizeof(guest_code));
	put_le32(code + GUEST_DATA_IMM, (uint32_t)GN_VM_DATA_GPA);
	put_le32(code + GUEST_NPAGES_IMM, (uint32_t)(vm->size / GN_VM_GUEST_STRIDE));
	memcpy(code + GUEST_ACCESS, vm->write ? guest_write : guest_read, 2);
	return 0;
}

static void flat_segment(struct kvm_segment *s, uint16_t selector, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;	/* byte granular in KVM's ABI, with g = 1 */
	s->selector = selector;
	s->type = type;
	s->present = 1;
	s->dpl = 0;
	s->db = 1;
	s->s = 1;
	s->l = 0;
	s->g = 1;
}

int gn_vm_arch_setup_vcpu(struct gn_vm *vm)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs))
		return -errno;
	flat_segment(&sregs.cs, 0x08, 11);	/* execute/read, accessed */
	flat_segment(&sregs.ds, 0x10, 3);	/* read/write, accessed */
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.cr0 = X86_CR0_PE | X86_CR0_ET;	/* protected mode, no paging */
	sregs.cr3 = 0;
	sregs.cr4 = 0;
	sregs.efer = 0;
	if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sregs))
		return -errno;

	memset(&regs, 0, sizeof(regs));
	regs.rip = 0;
	regs.rflags = 0x2;	/* bit 1 is always set; IF = 0 */
	if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &regs))
		return -errno;
	return 0;
}

int gn_vm_arch_pass_exit(struct gn_vm *vm, struct kvm_run *run, uint32_t *pass)
{
	if (run->exit_reason != KVM_EXIT_IO)
		return 0;
	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.port != GN_VM_PORT ||
	    run->io.size != 4 || run->io.count != 1) {
		gn_vm_fail(vm, -EPROTO, KVM_EXIT_IO, run->io.port,
			   "unexpected KVM_EXIT_IO: %s port %#x size %u count %u",
			   run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
			   run->io.port, run->io.size, run->io.count);
		return -EPROTO;
	}
	memcpy(pass, (char *)run + run->io.data_offset, sizeof(*pass));
	return 1;
}
#endif /* __x86_64__ */
