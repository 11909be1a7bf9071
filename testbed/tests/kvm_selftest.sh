#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run KVM selftests (built from linux-source-6.12) in the guest, one TAP result
# each.  Usage: kvm_selftest.sh TEST [ARGS] [-- TEST [ARGS]]...
. /lib/gupnuma/lib.sh
tap_plan 3
tap_check "/dev/kvm exists" [ -c /dev/kvm ]
nested=$(cat /sys/module/kvm_amd/parameters/nested 2>/dev/null)
npt=$(cat /sys/module/kvm_amd/parameters/npt 2>/dev/null)
tap_check "kvm_amd with nested=$nested npt=$npt" [ "$nested" = 1 -a "$npt" = Y ]

t=$1
shift
/tests/$t "$@" >/tmp/kvm.out 2>&1
rc=$?
sed 's/^/# /' /tmp/kvm.out | tail -20
case $rc in
0) tap_ok "$t $*" ;;
4) tap_skip "$t $*" "KSFT_SKIP: $(tail -1 /tmp/kvm.out)" ;;
*) tap_not_ok "$t $* (exit $rc)" ;;
esac
tap_exit
