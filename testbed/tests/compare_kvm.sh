#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# gupnuma compare with a KVM guest as the accessor (the kvm-read workload: a
# vCPU on node 1 reading memory that starts on node 0).
# With the protnone hook the policy decides for KVM's own GUP: v6.6 migrates
# the memory to the vCPU's node, never leaves it all on node 0.  Without the
# hook KVM's GUP honors hinting as stock 6.12 does whatever the policy: the
# memory moves under never too, and the command says why.
. /lib/gupnuma/lib.sh
G=/tests/gupnuma
tap_plan 3
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko
col() { awk -v p="$1" -v c="$2" '$1 == p { print $c }' /tmp/kvm_table.txt; }
at_least() { awk -v f="$1" -v m="$2" 'BEGIN { exit !(f >= m) }'; }
hook=$(cat /sys/kernel/mm/gupnuma/kernel_hook)
policies=never
[ "$hook" = 1 ] && policies=v6.6,never
$G compare --accessor kvm --policies $policies --size 8 --duration 5 \
	>/tmp/kvm_table.txt 2>/tmp/kvm_err.txt
rc=$?
sed 's/^/# /' /tmp/kvm_table.txt /tmp/kvm_err.txt
tap_check "compare --accessor kvm --policies $policies ran (exit $rc)" [ $rc = 0 ]
if [ "$hook" = 1 ]; then
	tap_check "v6.6: the guest's reads migrate the memory to its node ($(col v6.6 8))" \
		at_least "$(col v6.6 8)" 0.9
	tap_check "never: the memory stays on node 0 ($(col never 8))" [ "$(col never 8)" = 0.000 ]
else
	tap_check "no hook: KVM honors hinting under never too ($(col never 8))" \
		at_least "$(col never 8)" 0.9
	tap_check "no hook: the command says the policy does not govern KVM" \
		grep -q 'no protnone hook' /tmp/kvm_err.txt
fi
tap_exit
