#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run KVM selftests (built from the test kernel's linux-source, and gupnuma's
# own from kvm-tests/) in the guest, one TAP result each, after checking that
# KVM runs with the hardware's help: on x86, kvm_amd with nested SVM and NPT;
# on arm64, KVM at EL2 (QEMU's virtualization=on).
# Usage: kvm_selftest.sh TEST [ARGS] [-- TEST [ARGS]]...
. /lib/gupnuma/lib.sh
ntests=$(( $(echo " $* " | grep -o ' -- ' | wc -l) + 1 ))
tap_plan $((ntests + 2))
tap_check "/dev/kvm exists" [ -c /dev/kvm ]
kvm_accel
tap_check "KVM with the hardware's help ($KVM_ACCEL)" [ $? = 0 ]

run_one() {
	t=$1
	shift
	t0=$(cut -d' ' -f1 /proc/uptime)
	/tests/$t "$@" >/tmp/kvm.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/kvm.out | tail -20
	# its seconds: a run of this test was once seen to take a minute, not 6 s
	tap_diag "$t $*: $(awk -v a="$t0" '{ printf "%.1f", $1 - a }' /proc/uptime) s"
	case $rc in
	0) tap_ok "$t $*" ;;
	4) tap_skip "$t $*" "KSFT_SKIP: $(tail -1 /tmp/kvm.out)" ;;
	*) tap_not_ok "$t $* (exit $rc)" ;;
	esac
}

cmd=""
for a in "$@" --; do
	if [ "$a" = "--" ]; then
		# shellcheck disable=SC2086
		[ -z "$cmd" ] || run_one $cmd
		cmd=""
	else
		cmd="$cmd $a"
	fi
done
tap_exit
