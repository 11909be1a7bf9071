#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# numa_hinting_test under each built-in policy, in a kernel where gupnuma
# decides for KVM's own GUP (the protnone hook).  Policies that honor hinting
# for secondary MMUs get hinting faults and migration toward the vCPU; under
# `never` a guest that only reads gets neither, while a guest that writes
# still does: KVM's write faults pass FOLL_WRITE, and a protnone entry is not
# writable, so GUP faults whatever the protnone decision.
. /lib/gupnuma/lib.sh
D=/sys/kernel/mm/gupnuma
RUNS="v6.6: v6.6:-r v6.5: v3.8: skip-pinned: never:-r,-x never:"
tap_plan $(echo $RUNS | wc -w)
if [ "$(cat $D/kernel_hook 2>/dev/null)" != 1 ]; then
	echo "# no protnone hook in this kernel (kernel-patches/): nothing to compare"
	exit 1
fi
for run in $RUNS; do
	p=${run%%:*}
	args=$(echo "${run#*:}" | tr , ' ')
	echo $p > $D/policy
	# shellcheck disable=SC2086
	/tests/numa_hinting_test -d 20 $args >/tmp/kvm.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/kvm.out | tail -3
	tap_check_rc() { [ $rc = 0 ]; }
	tap_check "numa_hinting_test under $p ${args:-(guest writes)}" tap_check_rc
done
echo v6.6 > $D/policy
tap_exit
