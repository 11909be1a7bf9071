#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What the bed needs from any kernel it boots, checked on whichever runs (the
# reference kernels ref-6.1 and ref-5.10 above all): two NUMA nodes with a CPU
# each, NUMA balancing on with scan knobs the tests can speed up, /dev/kvm
# with the hardware's help (nested SVM, arm64's EL2), and /dev/ram0 (brd) for
# O_DIRECT workloads.
. /lib/gupnuma/lib.sh
tap_plan 6
tap_diag "uname -r: $(uname -r)"

# has_boot_module NAME: run.sh put NAME.ko in the initramfs for this kernel.
has_boot_module() {
	case " $GUPNUMA_BOOT_MODULES " in *" $1.ko "*) return 0 ;; esac
	return 1
}

ok=1
for n in 0 1; do
	cpus=$(cat /sys/devices/system/node/node$n/cpulist 2>/dev/null)
	tap_diag "node$n: cpus ${cpus:-none}"
	[ -n "$cpus" ] || ok=0
done
tap_check "nodes 0 and 1 online (online: $(cat /sys/devices/system/node/online)), a CPU each" [ $ok = 1 ]

nb=$(cat /proc/sys/kernel/numa_balancing)
tap_check "kernel.numa_balancing is 1 (got $nb)" [ "$nb" = 1 ]

if numa_knobs_fast 2>/tmp/knobs.err; then
	for k in /sys/kernel/debug/sched/numa_balancing/scan_*_ms \
		 /proc/sys/kernel/numa_balancing_scan_*_ms; do
		[ -f "$k" ] && tap_diag "$k = $(cat "$k")"
	done
	tap_ok "numa_knobs_fast sets the NUMA-balancing scan knobs"
else
	sed 's/^/# /' /tmp/knobs.err
	tap_not_ok "numa_knobs_fast sets the NUMA-balancing scan knobs"
fi

# kvm_amd is a boot module of Debian's x86 kernels; KVM is built into
# Debian's arm64 ones and into the test kernel.
dmesg | grep -iE 'kvm|svm|ccp' | tail -n 8 | sed 's/^/# /'
tap_diag "ls /sys/kernel/debug/kvm: $(ls /sys/kernel/debug/kvm 2>&1 | tr '\n' ' ')"
tap_check "/dev/kvm exists" [ -c /dev/kvm ]
kvm_accel
tap_check "KVM with the hardware's help ($KVM_ACCEL)" [ $? = 0 ]

if [ -b /dev/ram0 ]; then
	tap_ok "/dev/ram0 exists (brd)"
elif has_boot_module brd || [ -d /sys/module/brd ]; then
	tap_not_ok "/dev/ram0 exists (brd)"
else
	tap_skip "/dev/ram0 exists (brd)" "kernel $GUPNUMA_KERNEL has no brd (no boot module, not built in)"
fi
tap_exit
