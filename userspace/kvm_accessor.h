/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KVM accessor of the experiments: a child process running
 * kvm-tests/numa_guest_accessor (a VM whose vCPU reads the memory).
 */
#ifndef GUPNUMA_KVM_ACCESSOR_H
#define GUPNUMA_KVM_ACCESSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define KVM_ACCESSOR_PROG "numa_guest_accessor"

struct kvm_accessor {
	pid_t pid;
	int out_fd;
	char *hva;		/* in the child's address space */
	size_t size;
};

/* Where the accessor program is: @given, $GUPNUMA_KVM_ACCESSOR, beside this program, $PATH. */
int kvm_accessor_find(const char *given, char *path, size_t len);
/* Start it; 0 once its memory is on @from and its vCPU runs on @to, or an exit status. */
int kvm_accessor_start(struct kvm_accessor *k, const char *path, size_t size, bool thp,
		       int from, int to);
void kvm_accessor_stop(struct kvm_accessor *k);

#endif
