// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-hold: keep one empty VM for the whole guest session, started by the
 * test bed's /init when the kernel has /dev/kvm.  KVM's first VM enables the
 * preempt-notifier static key and the last VM's end disables it; each switch
 * patches __schedule() with text_poke (int3) while every CPU runs it, and
 * under QEMU's TCG on a loaded host such a patch was seen to trap (an int3
 * Oops in __schedule, twice, as KVM tests created and destroyed VMs).  With
 * this VM held (gn_kvm_hold() of userspace/lib/kvm_vm.c, as compare holds
 * one), the key is switched once at boot and never again.  Since QEMU runs in
 * one TCG thread (run.sh) the flip is safe anyway; fewer flips cost less.
 * Writes its pid to /tmp/kvm-hold.pid, so that tests counting VMs can leave
 * it out (its debugfs directory is /sys/kernel/debug/kvm/PID-FD).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kvm_vm.h"

int main(void)
{
	int vm = gn_kvm_hold();
	FILE *f;

	if (vm < 0) {
		fprintf(stderr, "kvm-hold: %s\n", strerror(-vm));
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
