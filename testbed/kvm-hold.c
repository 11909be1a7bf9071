// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-hold: keep one empty VM for the whole guest session, started by the
 * test bed's /init when the kernel has /dev/kvm.  KVM's first VM enables the
 * preempt-notifier static key and the last VM's end disables it; each switch
 * patches __schedule() with text_poke (int3) while every CPU runs it, and
 * under QEMU's TCG on a loaded host such a patch was seen to trap (an int3
 * Oops in __schedule, twice, as KVM tests created and destroyed VMs).  With
 * this VM held, the key is switched once at boot and never again.
 * Writes its pid to /tmp/kvm-hold.pid, so that tests counting VMs can leave
 * it out (its debugfs directory is /sys/kernel/debug/kvm/PID-FD).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kvm.h>

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm;
	FILE *f;

	if (kvm < 0) {
		perror("kvm-hold: /dev/kvm");
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		perror("kvm-hold: KVM_CREATE_VM");
		return 1;
	}
	f = fopen("/tmp/kvm-hold.pid", "w");
	if (f) {
		fprintf(f, "%d\n", getpid());
		fclose(f);
	}
	for (;;)
		pause();
}
