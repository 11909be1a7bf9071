#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Experiments launched under numactl: the experiment binds its memory to
# node 0 itself (mbind, then MPOL_F_NUMA_BALANCING over nodes 0 and 1) and
# runs its accessor on node 1, so an inherited --membind/--cpunodebind
# changes neither where the memory starts nor whether it may move.
. /lib/gupnuma/lib.sh
G=/tests/gupnuma
tap_plan 6
grep -q '^gupnuma ' /proc/modules || insmod /lib/gupnuma/gupnuma.ko
at_least() { awk -v f="$1" -v m="$2" 'BEGIN { exit !(f >= m) }'; }
# run POLICY ACCESSOR NUMACTL-OPTIONS: experiment migrate 0 -> 1; sets $rc, $end
run() {
	p=$1 acc=$2
	shift 2
	$G policy set $p
	numactl "$@" $G experiment migrate --accessor $acc --size 8 --duration 4 \
		>/tmp/exp.txt 2>/tmp/exp_err.txt
	rc=$?
	end=$(awk -v p=$p '$1 == p { print $8 }' /tmp/exp.txt)
	sed 's/^/# /' /tmp/exp.txt /tmp/exp_err.txt
}
for opts in "--membind=0 --cpunodebind=0" "--membind=1 --cpunodebind=0"; do
	for acc in mirror cpu; do
		run v6.6 $acc $opts
		tap_check "numactl $opts: $acc accessor, v6.6: starts on 0, ends on 1 ($end)" \
			sh -c "[ $rc = 0 ] && awk -v f='$end' 'BEGIN { exit !(f >= 0.9) }'"
	done
done
run never mirror --membind=1 --cpunodebind=1
tap_check "numactl --membind=1: mirror accessor, never: stays on node 0 ($end)" \
	sh -c "[ $rc = 0 ] && [ '$end' = 0.000 ]"
run v6.6 kvm --membind=0 --cpunodebind=0
tap_check "numactl --membind=0: kvm accessor, v6.6: ends on node 1 ($end)" \
	sh -c "[ $rc = 0 ] && awk -v f='$end' 'BEGIN { exit !(f >= 0.9) }'"
$G policy set v6.6
tap_exit
